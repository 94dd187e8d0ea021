/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "model/backchannel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/jsondoc.h"

/* Turns longer than this (bytes) are never backchannels: keeps the check
 * cheap and bounded. */
#define MAX_BC_BYTES 96
#define MAX_TOKENS 32
#define MAX_FILE ((size_t)1 << 20)  /* bytes of the list: a few hundred entries */
#define SEP '\x1f'

struct ts_backchannels {
	char **entries;  /* normalised tokens joined by SEP */
	size_t *len;     /* their lengths */
	size_t n, cap, lcap;
	ts_hindex idx;   /* entries by hash: every short turn is looked up */
	size_t max_tokens;
	/* BMP code points that occur in an entry (with the upper-case and
	 * full-width forms of ASCII letters and digits): a turn with another
	 * letter that NFKC keeps as it is cannot be a backchannel, and is
	 * rejected before the costly normalisation. */
	uint8_t allowed[0x10000 / 8];
	/* char_action of each ASCII character, by the text classes loaded
	 * with (tc): most of an English turn is read by this table */
	const ts_textclass *tc;
	unsigned char ascii[0x80];
};

static void allow(ts_backchannels *bc, uint32_t cp)
{
	if (cp < 0x10000)
		bc->allowed[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static int allowed(const ts_backchannels *bc, uint32_t cp)
{
	return cp < 0x10000 && (bc->allowed[cp >> 3] >> (cp & 7)) & 1;
}

/* What a character of class cc does to a text being a backchannel
 * (ts_backchannel_is): its kind (ts_cclass.kind), and for a letter
 * whether no entry has it (the text is none) or normalisation would
 * change it (the text is not plain). */
enum { ACT_KIND = 7, ACT_REJECT = 8, ACT_UNPLAIN = 16 };

static unsigned char char_action(const ts_backchannels *bc, uint32_t cp, ts_cclass cc)
{
	unsigned char a = (unsigned char)(cc.kind & ACT_KIND);
	if (cc.kind != TS_CK_ALNUM && cc.kind != TS_CK_CJK)
		return a;
	if ((cc.flags & TS_CF_SELF) && !allowed(bc, cp))
		return a | ACT_REJECT;
	if (!(cc.flags & TS_CF_SELF) ||
	    (cc.kind == TS_CK_ALNUM && !(cp >= 'a' && cp <= 'z') && !(cp >= '0' && cp <= '9')))
		a |= ACT_UNPLAIN;
	return a;
}

static void allow_entry(ts_backchannels *bc, const char *e)
{
	const unsigned char *u = (const unsigned char *)e;
	size_t n = strlen(e), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k)
			break;
		i += k;
		allow(bc, cp);
		if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
			uint32_t up = cp >= 'a' ? cp - 32 : cp;
			allow(bc, up);
			allow(bc, cp + 0xFEE0);  /* full-width forms */
			allow(bc, up + 0xFEE0);
		}
	}
}

typedef struct tok {
	const char *p;
	size_t n;
} tok;

/* The tokens of a text, found as it is read a character at a time
 * (tokens_add, then tokens_end): runs of letters/digits, and single CJK
 * characters; everything else separates.  n is MAX_TOKENS + 1 once there
 * are more. */
typedef struct tokens {
	tok t[MAX_TOKENS + 1];
	size_t n;
	long run;            /* where the run of letters being read starts, or -1 */
} tokens;

static void tokens_init(tokens *o)
{
	o->n = 0;
	o->run = -1;
}

static void tokens_push(tokens *o, const char *p, size_t k)
{
	if (o->n < MAX_TOKENS)
		o->t[o->n++] = (tok){p, k};
	else
		o->n = MAX_TOKENS + 1;
}

/* The character s[i..i + k) of kind `kind` (ts_cclass.kind). */
static void tokens_add(tokens *o, const char *s, size_t i, size_t k, int kind)
{
	if (kind == TS_CK_ALNUM || (kind == TS_CK_MARK && o->run >= 0)) {
		if (o->run < 0)
			o->run = (long)i;
		return;
	}
	if (o->run >= 0) {
		tokens_push(o, s + o->run, i - (size_t)o->run);
		o->run = -1;
	}
	if (kind == TS_CK_CJK)
		tokens_push(o, s + i, k);
}

/* The count of tokens of the text s[0..n) read: MAX_TOKENS + 1 when more. */
static size_t tokens_end(tokens *o, const char *s, size_t n)
{
	if (o->run >= 0)
		tokens_push(o, s + o->run, n - (size_t)o->run);
	o->run = -1;
	return o->n;
}

/* The tokens of normalised text (MAX_TOKENS + 1 when it is not UTF-8). */
static size_t tokenize(const ts_textclass *tc, const char *s, size_t n, tokens *out)
{
	const unsigned char *u = (const unsigned char *)s;
	tokens_init(out);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k)
			return out->n = MAX_TOKENS + 1;
		tokens_add(out, s, i, k, ts_classify(tc, cp).kind);
		i += k;
	}
	return tokens_end(out, s, n);
}

static char *join(const tok *t, size_t from, size_t to)
{
	size_t len = 0;
	for (size_t i = from; i < to; i++)
		len += t[i].n + 1;
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	size_t o = 0;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			s[o++] = SEP;
		memcpy(s + o, t[i].p, t[i].n);
		o += t[i].n;
	}
	s[o] = '\0';
	return s;
}

static uint64_t entry_hash(const void *arg, size_t item)
{
	const ts_backchannels *bc = arg;
	return ts_fnv1a(TS_FNV_INIT, bc->entries[item], bc->len[item]);
}

int ts_backchannels_load(ts_backchannels **out, const ts_textclass *tc, const char *path,
                         ts_error *err)
{
	*out = NULL;
	ts_buf file = {0};
	int rc = ts_jsondoc_read(path, MAX_FILE, "backchannel list", &file, err);
	ts_backchannels *bc = rc ? NULL : calloc(1, sizeof *bc);
	if (!rc && !bc)
		rc = ts_nomem(err);
	long lineno = 0;
	for (size_t i = 0; !rc && i < file.len;) {
		const char *line = file.ptr + i;
		const char *nl = memchr(line, '\n', file.len - i);
		size_t n = nl ? (size_t)(nl - line) : file.len - i;
		i += n + 1;
		lineno++;
		char *hash = memchr(line, '#', n);
		if (hash)
			n = (size_t)(hash - line);
		while (n && line[n - 1] == '\r')
			n--;
		size_t bad;
		if (ts_utf8_check(line, n, &bad)) {
			rc = ts_fail(err, TS_EDATA, path, lineno, (long)ts_utf8_len(line, bad) + 1,
			             line[bad] ? "invalid UTF-8 byte 0x%02X" : "NUL byte in text",
			             (unsigned char)line[bad]);
			break;
		}
		size_t a = ts_skip_blanks(line, n);
		n = ts_trim_end(line, n);
		if (a >= n)
			continue;
		char *norm = ts_nfkc_casefold(line + a, n - a);
		if (!norm) {
			rc = ts_nomem(err);
			break;
		}
		tokens t;
		size_t nt = tokenize(tc, norm, strlen(norm), &t);
		if (nt == 0 || nt > MAX_TOKENS) {
			free(norm);
			rc = ts_fail(err, TS_EDATA, path, lineno, (long)ts_utf8_len(line, a) + 1,
			             nt ? "entry has too many tokens" : "entry has no letters");
			break;
		}
		char *e = join(t.t, 0, nt);
		free(norm);
		if (!e || TS_GROW(bc->entries, bc->cap, bc->n + 1) ||
		    TS_GROW(bc->len, bc->lcap, bc->n + 1)) {
			free(e);
			rc = ts_nomem(err);
			break;
		}
		bc->len[bc->n] = strlen(e);
		bc->entries[bc->n++] = e;
		allow_entry(bc, e);
		if (nt > bc->max_tokens)
			bc->max_tokens = nt;
	}
	if (!rc && ts_hindex_reserve(&bc->idx, bc->n, entry_hash, bc))
		rc = ts_nomem(err);
	for (uint32_t c = 0; !rc && c < 0x80; c++)
		bc->ascii[c] = char_action(bc, c, ts_classify(tc, c));
	if (bc)
		bc->tc = tc;
	for (size_t i = 0; !rc && i < bc->n; i++)
		ts_hindex_put(&bc->idx, entry_hash(bc, i), i);
	ts_buf_free(&file);
	if (rc) {
		ts_backchannels_free(bc);
		return rc;
	}
	*out = bc;
	return 0;
}

void ts_backchannels_free(ts_backchannels *bc)
{
	if (!bc)
		return;
	for (size_t i = 0; i < bc->n; i++)
		free(bc->entries[i]);
	free(bc->entries);
	free(bc->len);
	ts_hindex_free(&bc->idx);
	free(bc);
}

static int has(const ts_backchannels *bc, const tok *t, size_t from, size_t to)
{
	char key[MAX_BC_BYTES * 2 + MAX_TOKENS];
	size_t o = 0;
	for (size_t i = from; i < to; i++) {
		if (o + t[i].n + 1 >= sizeof key)
			return 0;
		if (i > from)
			key[o++] = SEP;
		memcpy(key + o, t[i].p, t[i].n);
		o += t[i].n;
	}
	uint64_t h = ts_fnv1a(TS_FNV_INIT, key, o);
	size_t item;
	for (size_t at = ts_hindex_start(&bc->idx, h); ts_hindex_taken(&bc->idx, at, &item);
	     at = ts_hindex_next(&bc->idx, at))
		if (bc->len[item] == o && !memcmp(bc->entries[item], key, o))
			return 1;
	return 0;
}

/* Whether tokens t[0..nt) split into entries (nt 0 or more than
 * MAX_TOKENS: no). */
static int split_into_entries(const ts_backchannels *bc, const tokens *t, size_t nt)
{
	if (!nt || nt > MAX_TOKENS)
		return 0;
	/* ok[i]: tokens [0, i) split into entries */
	unsigned char ok[MAX_TOKENS + 1] = {1};
	for (size_t i = 1; i <= nt; i++)
		for (size_t k = 1; k <= bc->max_tokens && k <= i && !ok[i]; k++)
			ok[i] = ok[i - k] && has(bc, t->t, i - k, i);
	return ok[nt];
}

/* Whether a text of ASCII but NUL ("Okay.", most English backchannels)
 * is a backchannel, lowered into low and read by the table (bc->ascii):
 * ts_nfkc_casefold would lower it and change nothing else, and the
 * tokens of the lowered text are the normalised text's.  An upper-case
 * letter is rejected when its lower case is: allow_entry allows both.
 * 1 or 0; -1 when the text is not such. */
static int lowered_is(const ts_backchannels *bc, const char *text, size_t len, char *low)
{
	const unsigned char *u = (const unsigned char *)text;
	tokens t;
	tokens_init(&t);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		if (!c || c >= 0x80)
			return -1;
		c = (unsigned char)ts_ascii_lower(c);
		unsigned char a = bc->ascii[c];
		if (a & ACT_REJECT)
			return 0;
		if (a & ACT_UNPLAIN)
			return -1;
		low[i] = (char)c;
		tokens_add(&t, low, i, 1, a & ACT_KIND);
	}
	return split_into_entries(bc, &t, tokens_end(&t, low, len));
}

int ts_backchannel_is(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                      size_t len)
{
	/* no words (a turn of RTTM, which has none) are no backchannel */
	if (!bc || !bc->n || !len || len > MAX_BC_BYTES)
		return 0;
	const unsigned char *u = (const unsigned char *)text;
	const unsigned char *ascii = tc == bc->tc ? bc->ascii : NULL;
	if (ascii) {
		char low[MAX_BC_BYTES];
		int r = lowered_is(bc, text, len, low);
		if (r >= 0)
			return r;
	}
	tokens raw;
	int plain = 1;  /* NFKC and case folding would change no letter */
	/* The tokens of the text as it is, taken while it is plain as its
	 * characters are read for the letters allowed: then they are the
	 * tokens of the normalised text. */
	tokens_init(&raw);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = 1;
		unsigned char a;
		if (u[i] < 0x80 && ascii) {
			a = ascii[u[i]];
		} else {
			if (len - i >= 3 && ts_utf8_three(u + i))  /* most of a Chinese turn */
				cp = ts_utf8_three_cp(u + i), k = 3;
			else if (!(k = ts_utf8_decode(u + i, len - i, &cp)))
				return 0;
			a = char_action(bc, cp, ts_classify(tc, cp));
		}
		if (a & ACT_REJECT)
			return 0;
		if (a & ACT_UNPLAIN)
			plain = 0;
		if (plain)
			tokens_add(&raw, text, i, k, a & ACT_KIND);
		i += k;
	}
	/* Punctuation only separates tokens, so text whose letters are
	 * ideographs and lower-case ASCII tokenizes the same unnormalised. */
	/* ("Okay.", most English backchannels, is ASCII: ts_nfkc_casefold
	 * lowers it without utf8proc's mapping) */
	char *norm = NULL;
	tokens normal;
	const tokens *t = &raw;
	size_t nt = tokens_end(&raw, text, len);
	if (!plain) {
		if (!(norm = ts_nfkc_casefold(text, len)))
			return 0;
		nt = tokenize(tc, norm, strlen(norm), &normal);
		t = &normal;
	}
	int yes = split_into_entries(bc, t, nt);
	free(norm);
	return yes;
}
