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

/* Split normalised text into tokens: runs of letters/digits, and single
 * CJK characters; everything else separates.  Returns the count, or
 * MAX_TOKENS + 1 when there are more. */
static size_t tokenize(const ts_textclass *tc, const char *s, size_t n, tok *out)
{
	size_t nt = 0, i = 0;
	const unsigned char *u = (const unsigned char *)s;
	long run = -1;
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k)
			return MAX_TOKENS + 1;
		ts_cclass cc = ts_classify(tc, cp);
		if (cc.kind == TS_CK_ALNUM || (cc.kind == TS_CK_MARK && run >= 0)) {
			if (run < 0)
				run = (long)i;
		} else {
			if (run >= 0) {
				if (nt == MAX_TOKENS)
					return MAX_TOKENS + 1;
				out[nt++] = (tok){s + run, i - (size_t)run};
				run = -1;
			}
			if (cc.kind == TS_CK_CJK) {
				if (nt == MAX_TOKENS)
					return MAX_TOKENS + 1;
				out[nt++] = (tok){s + i, k};
			}
		}
		i += k;
	}
	if (run >= 0) {
		if (nt == MAX_TOKENS)
			return MAX_TOKENS + 1;
		out[nt++] = (tok){s + run, n - (size_t)run};
	}
	return nt;
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
		tok t[MAX_TOKENS + 1];
		size_t nt = tokenize(tc, norm, strlen(norm), t);
		if (nt == 0 || nt > MAX_TOKENS) {
			free(norm);
			rc = ts_fail(err, TS_EDATA, path, lineno, (long)ts_utf8_len(line, a) + 1,
			             nt ? "entry has too many tokens" : "entry has no letters");
			break;
		}
		char *e = join(t, 0, nt);
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

int ts_backchannel_is(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                      size_t len)
{
	/* no words (a turn of RTTM, which has none) are no backchannel */
	if (!bc || !bc->n || !len || len > MAX_BC_BYTES)
		return 0;
	const unsigned char *u = (const unsigned char *)text;
	int plain = 1;  /* NFKC and case folding would change no letter */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, len - i, &cp);
		if (!k)
			return 0;
		i += k;
		ts_cclass cc = ts_classify(tc, cp);
		if (cc.kind != TS_CK_ALNUM && cc.kind != TS_CK_CJK)
			continue;
		if ((cc.flags & TS_CF_SELF) && !allowed(bc, cp))
			return 0;
		if (!(cc.flags & TS_CF_SELF) || (cc.kind == TS_CK_ALNUM && !(cp >= 'a' && cp <= 'z') &&
		                                 !(cp >= '0' && cp <= '9')))
			plain = 0;
	}
	/* Punctuation only separates tokens, so text whose letters are
	 * ideographs and lower-case ASCII tokenizes the same unnormalised. */
	/* ("Okay.", most English backchannels, is ASCII: ts_nfkc_casefold
	 * lowers it without utf8proc's mapping) */
	char *norm = plain ? NULL : ts_nfkc_casefold(text, len);
	if (!plain && !norm)
		return 0;
	const char *src = plain ? text : norm;
	size_t srclen = plain ? len : strlen(norm);
	tok t[MAX_TOKENS + 1];
	size_t nt = tokenize(tc, src, srclen, t);
	int yes = 0;
	if (nt && nt <= MAX_TOKENS) {
		/* ok[i]: tokens [0, i) split into entries */
		unsigned char ok[MAX_TOKENS + 1] = {1};
		for (size_t i = 1; i <= nt; i++)
			for (size_t k = 1; k <= bc->max_tokens && k <= i && !ok[i]; k++)
				ok[i] = ok[i - k] && has(bc, t, i - k, i);
		yes = ok[nt];
	}
	free(norm);
	return yes;
}
