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
	/* ascii[] of each byte lowered, ACT_BAIL for NUL and the bytes of
	 * other characters: read by lowered_is */
	unsigned char byte[0x100];
	/* The tokens of the entries that are ASCII, by first byte: bit
	 * min(length, 31) of tok_len[c] is set when one of that length starts
	 * with c, of first_len[c] when an entry's first token does.  A text
	 * with a token in neither is no backchannel, known as soon as that
	 * token ends (token_may). */
	uint32_t tok_len[0x80], first_len[0x80];
	/* The entries of one character of three bytes ("嗯", "对"), by code
	 * point: most lookups of a Chinese text, answered without hashing */
	uint8_t single[0x10000 / 8];
	/* The blocks of the text classes (tc; TS_CC_SHIFT) whose every code
	 * point is a letter that NFKC keeps: a character there is refused
	 * unless allowed, known without classifying it (the first character
	 * of most Chinese turns, refused_early) */
	uint8_t letter_block[(0x10000 >> TS_CC_SHIFT) / 8];
	/* ... and the characters of those blocks not allowed: refused at
	 * once as a text's first */
	uint8_t refused_first[0x10000 / 8];
	/* The ideographs of single that NFKC keeps, by tc: a text of these
	 * and of characters that separate tokens ("嗯嗯。", "啊？") is a
	 * backchannel when it has one, known without tokens (singles_is) */
	uint8_t single_alone[0x10000 / 8];
};

/* Bit cp of a bitmap of the BMP. */
static void set_bit(uint8_t *map, uint32_t cp)
{
	if (cp < 0x10000)
		map[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

static int bit(const uint8_t *map, uint32_t cp)
{
	return cp < 0x10000 && (map[cp >> 3] >> (cp & 7)) & 1;
}

static void allow(ts_backchannels *bc, uint32_t cp)
{
	set_bit(bc->allowed, cp);
}

static int allowed(const ts_backchannels *bc, uint32_t cp)
{
	return bit(bc->allowed, cp);
}

/* What a character of class cc does to a text being a backchannel
 * (ts_backchannel_is): its kind (ts_cclass.kind), and for a letter
 * whether no entry has it (the text is none) or normalisation would
 * change it (the text is not plain). */
enum { ACT_KIND = 7, ACT_REJECT = 8, ACT_UNPLAIN = 16, ACT_BAIL = 32 };

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

static uint32_t len_bit(size_t n)
{
	return (uint32_t)1 << (n < 31 ? n : 31);
}

/* The entry's ASCII tokens t[0..nt) into the tables of token lengths. */
static void note_tokens(ts_backchannels *bc, const tok *t, size_t nt)
{
	for (size_t i = 0; i < nt; i++) {
		unsigned char c = (unsigned char)t[i].p[0];
		if (c >= 0x80)
			continue;
		bc->tok_len[c] |= len_bit(t[i].n);
		if (i == 0)
			bc->first_len[c] |= len_bit(t[i].n);
	}
}

/* Whether the ASCII token low[from, to), the nth of its text, can be a
 * token of an entry, by its first byte and length. */
static int token_may(const ts_backchannels *bc, const char *low, size_t from, size_t to,
                     size_t nth)
{
	unsigned char c = (unsigned char)low[from];
	const uint32_t *lens = nth ? bc->tok_len : bc->first_len;
	return (lens[c & 0x7F] & len_bit(to - from)) != 0;
}

/* Whether every class of the block e is a letter NFKC keeps
 * (char_action rejects it unless allowed). */
static int all_letters(const ts_cclass *e)
{
	for (unsigned k = 0; k <= TS_CC_MASK; k++)
		if ((e[k].kind != TS_CK_ALNUM && e[k].kind != TS_CK_CJK) || !(e[k].flags & TS_CF_SELF))
			return 0;
	return 1;
}

/* bc->letter_block for tc.  Blocks of one table are shared (all of the
 * ideographs'), so a run of one table is looked at once. */
static void note_letter_blocks(ts_backchannels *bc, const ts_textclass *tc)
{
	long last = -1;
	int yes = 0;
	for (uint32_t b = 0; b < 0x10000 >> TS_CC_SHIFT; b++) {
		if (tc->block[b] != last) {
			last = tc->block[b];
			yes = all_letters(tc->entry[last]);
		}
		if (yes) {
			set_bit(bc->letter_block, b);
			/* (a block is two bytes of the bitmaps) */
			bc->refused_first[2 * b] = (uint8_t)~bc->allowed[2 * b];
			bc->refused_first[2 * b + 1] = (uint8_t)~bc->allowed[2 * b + 1];
		}
	}
}

/* Whether a character of kind `kind` (ts_cclass.kind) only separates
 * tokens (char_action gives it nothing but its kind). */
static int separator(unsigned kind)
{
	return kind != TS_CK_ALNUM && kind != TS_CK_CJK && kind != TS_CK_MARK;
}

/* bc->single_alone for tc, from the entries of bc->single. */
static void note_single_alone(ts_backchannels *bc, const ts_textclass *tc)
{
	for (size_t i = 0; i < bc->n; i++) {
		const unsigned char *u = (const unsigned char *)bc->entries[i];
		if (bc->len[i] != 3 || !ts_utf8_three(u))
			continue;
		uint32_t cp = ts_utf8_three_cp(u);
		if (bit(bc->single, cp) && char_action(bc, cp, ts_classify(tc, cp)) == TS_CK_CJK)
			set_bit(bc->single_alone, cp);
	}
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
		note_tokens(bc, t.t, nt);
		if (nt == 1 && t.t[0].n == 3 && ts_utf8_three((const unsigned char *)t.t[0].p))
			set_bit(bc->single, ts_utf8_three_cp((const unsigned char *)t.t[0].p));
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
	for (uint32_t c = 0; !rc && c < 0x100; c++)
		bc->byte[c] = c && c < 0x80 ? bc->ascii[ts_ascii_lower((int)c)] : ACT_BAIL;
	if (bc) {
		bc->tc = tc;
		note_letter_blocks(bc, tc);
		note_single_alone(bc, tc);
	}
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

/* Whether entry e (of length n) is the tokens t[from..to) joined by SEP. */
static int entry_is(const char *e, size_t n, const tok *t, size_t from, size_t to)
{
	size_t o = 0;
	for (size_t i = from; i < to; i++) {
		if (i > from && (o >= n || e[o++] != SEP))
			return 0;
		if (t[i].n > n - o || memcmp(e + o, t[i].p, t[i].n))
			return 0;
		o += t[i].n;
	}
	return o == n;
}

/* Whether the tokens t[from..to), joined by SEP, are an entry: hashed as
 * they lie, without joining them. */
static int has(const ts_backchannels *bc, const tok *t, size_t from, size_t to)
{
	static const char sep = SEP;
	const unsigned char *u = (const unsigned char *)t[from].p;
	/* (an entry of these three bytes is the one character they encode) */
	if (to == from + 1 && t[from].n == 3 && ts_utf8_three(u))
		return bit(bc->single, ts_utf8_three_cp(u));
	uint64_t h = TS_FNV_INIT;
	size_t o = 0;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			h = ts_fnv1a(h, &sep, 1);
		h = ts_fnv1a(h, t[i].p, t[i].n);
		o += t[i].n + (i > from);
	}
	size_t item;
	for (size_t at = ts_hindex_start(&bc->idx, h); ts_hindex_taken(&bc->idx, at, &item);
	     at = ts_hindex_next(&bc->idx, at))
		if (bc->len[item] == o && entry_is(bc->entries[item], o, t, from, to))
			return 1;
	return 0;
}

/* has, plainly: the tokens joined, then looked up (the reference for
 * ts_backchannel_is_slowly). */
static int has_joined(const ts_backchannels *bc, const tok *t, size_t from, size_t to)
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
 * MAX_TOKENS: no), looked up by has, or by has_joined when slow. */
static int split_into_entries(const ts_backchannels *bc, const tokens *t, size_t nt, int slow)
{
	if (!nt || nt > MAX_TOKENS)
		return 0;
	/* ok[i]: tokens [0, i) split into entries */
	unsigned char ok[MAX_TOKENS + 1] = {1};
	for (size_t i = 1; i <= nt; i++)
		for (size_t k = 1; k <= bc->max_tokens && k <= i && !ok[i]; k++)
			ok[i] = ok[i - k] &&
			        (slow ? has_joined(bc, t->t, i - k, i) : has(bc, t->t, i - k, i));
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
	enum { STOP = ACT_BAIL | ACT_REJECT | ACT_UNPLAIN };
	const unsigned char *u = (const unsigned char *)text;
	tokens t;
	tokens_init(&t);
	for (size_t i = 0; i < len;) {
		unsigned char a = bc->byte[u[i]];
		if (a & STOP)
			return a & ACT_REJECT ? 0 : -1;
		if ((a & ACT_KIND) != TS_CK_ALNUM) {  /* a separator (a mark with no letter) */
			tokens_add(&t, low, i++, 1, a & ACT_KIND);
			continue;
		}
		/* a token: letters and digits, and the marks after them */
		size_t from = i;
		do {
			low[i] = (char)ts_ascii_lower(u[i]);
			if (++i == len)
				break;
			a = bc->byte[u[i]];
			if (a & STOP)
				return a & ACT_REJECT ? 0 : -1;
		} while ((a & ACT_KIND) == TS_CK_ALNUM || (a & ACT_KIND) == TS_CK_MARK);
		/* A token ended by an ASCII character is a token of the
		 * normalised text whatever comes after (no character composes
		 * with one before a separator), so one that is in no entry
		 * settles it here, for the slower readings too. */
		if (i < len && !token_may(bc, low, from, i, t.n))
			return 0;
		tokens_push(&t, low + from, i - from);
	}
	return split_into_entries(bc, &t, t.n, 0);
}

/* Whether bc has entries and text may be one: a short text of some
 * bytes (a turn of RTTM, which has no words, is no backchannel). */
static int short_enough(size_t len)
{
	return len && len <= MAX_BC_BYTES;
}

static int may_be(const ts_backchannels *bc, size_t len)
{
	return bc && bc->n && short_enough(len);
}

/* ts_backchannel_is read a character at a time (ASCII by the table ascii
 * when not NULL), and looked up by has_joined when slow. */
static int read_chars(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                      size_t len, const unsigned char *ascii, int slow)
{
	const unsigned char *u = (const unsigned char *)text;
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
	int yes = split_into_entries(bc, t, nt, slow);
	free(norm);
	return yes;
}

/* ts_backchannel_is of a text that begins with an ASCII character, with
 * the ASCII table: by lowered_is, else character by character.  (Apart,
 * so that the refusals before it need no room on the stack.) */
static int ascii_is(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                    size_t len)
{
	char low[MAX_BC_BYTES];
	int r = lowered_is(bc, text, len, low);
	return r >= 0 ? r : read_chars(bc, tc, text, len, bc->ascii, 0);
}

/* Whether a text of may_be is surely none by its first letter, of no
 * entry (most Chinese turns that are not backchannels: "我们…", "喂，…");
 * table: tc is the text classes bc was loaded with. */
static inline __attribute__((always_inline)) int
first_refused(const ts_backchannels *bc, const ts_textclass *tc, int table, const char *text,
              size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	if (len >= 3 && ts_utf8_three(u)) {
		uint32_t cp = ts_utf8_three_cp(u);
		if (table && bit(bc->refused_first, cp))
			return 1;
		if (table && bit(bc->letter_block, cp >> TS_CC_SHIFT))
			return 0;
		return (char_action(bc, cp, ts_classify(tc, cp)) & ACT_REJECT) != 0;
	}
	return 0;
}

/* Whether the text is surely none, known before anything is set up: no
 * list, empty or too long, or a first letter of no entry. */
static inline __attribute__((always_inline)) int
refused_early(const ts_backchannels *bc, const ts_textclass *tc, const char *text, size_t len)
{
	return !may_be(bc, len) || first_refused(bc, tc, tc == bc->tc, text, len);
}

/* Whether a text read by the tables of bc->tc is a backchannel, when it
 * is made of ideographs of single_alone and of characters that separate:
 * then its tokens are those ideographs, each one an entry (read_chars
 * would split them so).  1 or 0; -1 when the text is not such. */
static int singles_is(const ts_backchannels *bc, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	int any = 0;
	for (size_t i = 0; i < len;) {
		if (u[i] < 0x80) {
			if (!separator(bc->ascii[u[i]] & ACT_KIND))
				return -1;
			i++;
			continue;
		}
		if (len - i < 3 || !ts_utf8_three(u + i))
			return -1;
		uint32_t cp = ts_utf8_three_cp(u + i);
		if (bit(bc->single_alone, cp))
			any = 1;
		else if (!separator(ts_classify_bmp(bc->tc, cp).kind))
			return -1;
		i += 3;
	}
	return any;
}

/* ts_backchannel_is of a text that begins with a character of more than
 * a byte, with the tables of bc->tc: by singles_is, else character by
 * character.  (Apart, so that read_text of English takes no larger
 * frame.) */
__attribute__((noinline)) static int tabled_is(const ts_backchannels *bc,
                                               const ts_textclass *tc, const char *text,
                                               size_t len)
{
	int r = singles_is(bc, text, len);
	return r >= 0 ? r : read_chars(bc, tc, text, len, bc->ascii, 0);
}

/* ts_backchannel_is past refused_early. */
static int read_text(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                     size_t len)
{
	const unsigned char *ascii = tc == bc->tc ? bc->ascii : NULL;
	if (ascii && (unsigned char)text[0] < 0x80)  /* (else lowered_is gives up at once) */
		return ascii_is(bc, tc, text, len);
	if (ascii)
		return tabled_is(bc, tc, text, len);
	return read_chars(bc, tc, text, len, NULL, 0);
}

int ts_backchannel_is(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                      size_t len)
{
	return refused_early(bc, tc, text, len) ? 0 : read_text(bc, tc, text, len);
}

/* The memo's slot for a text of len bytes (1 or more), by a few of them. */
static size_t memo_slot(const unsigned char *u, size_t len)
{
	size_t h = len * 31u + u[0];
	h = h * 31u + u[len - 1];
	h = h * 31u + u[len / 2];
	h = h * 31u + u[(len - 1) / 3];
	return (h ^ h >> 5) % TS_BC_MEMO_SLOTS;
}

/* Whether a[0..len) is b[0..len), 1 <= len <= TS_BC_MEMO_BYTES, as memcmp
 * says, by two loads of each that overlap: a call of memcmp and its tests
 * of length cost more than the comparison of a short turn ("嗯嗯。", 9
 * bytes), and the memo answers most of them. */
static inline int memo_same(const char *a, const char *b, size_t len)
{
	if (len >= 8) {
		uint64_t x, y, z, w;
		if (len > 16 && memcmp(a + 8, b + 8, 8))  /* the middle eight of up to 24 */
			return 0;
		if (len > 24 && memcmp(a + 16, b + 16, 8))
			return 0;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&z, a + len - 8, 8);
		memcpy(&w, b + len - 8, 8);
		return ((x ^ y) | (z ^ w)) == 0;
	}
	if (len >= 4) {
		uint32_t x, y, z, w;
		memcpy(&x, a, 4);
		memcpy(&y, b, 4);
		memcpy(&z, a + len - 4, 4);
		memcpy(&w, b + len - 4, 4);
		return ((x ^ y) | (z ^ w)) == 0;
	}
	/* (1 to 3 bytes: each is one of these three) */
	return a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1];
}

_Static_assert(TS_BC_MEMO_BYTES <= 32, "memo_same compares up to 32 bytes");

/* ts_backchannel_mark's reading of a text the memo does not hold, and of
 * one too long to be kept (apart: most turns are refused or found in the
 * memo, with no frame). */
__attribute__((noinline)) static int
memo_read(ts_bc_memo *m, const ts_backchannels *bc, const ts_textclass *tc, const char *text,
          size_t len, size_t at)
{
	int yes = read_text(bc, tc, text, len);
	if (len > TS_BC_MEMO_BYTES)
		return yes;
	/* keyed by the lists' addresses: a memo lives in a call buffer,
	 * which never outlives the context that holds the lists */
	if (m->bc != bc || m->tc != tc) {
		memset(m, 0, sizeof *m);
		m->bc = bc;
		m->tc = tc;
	}
	m->slot[at].len = (unsigned char)len;
	m->slot[at].yes = (unsigned char)yes;
	memcpy(m->slot[at].text, text, len);
	return yes;
}

/* The verdict of a text that passed the refusals: the memo's, when it
 * holds the text for these lists, else read. */
static inline __attribute__((always_inline)) int
memo_verdict(ts_bc_memo *m, const ts_backchannels *bc, const ts_textclass *tc, const char *text,
             size_t len)
{
	if (len > TS_BC_MEMO_BYTES)
		return memo_read(m, bc, tc, text, len, 0);
	size_t at = memo_slot((const unsigned char *)text, len);
	if (m->slot[at].len == len && m->bc == bc && m->tc == tc &&
	    memo_same(m->slot[at].text, text, len))
		return m->slot[at].yes;
	return memo_read(m, bc, tc, text, len, at);
}

/* ts_backchannel_mark of a list with entries; table: tc is the text
 * classes bc was loaded with (a loop for each, so that the test is not
 * made at each turn). */
static inline __attribute__((always_inline)) void
mark_turns(ts_bc_memo *m, const ts_backchannels *bc, const ts_textclass *tc, ts_turn *turns,
           size_t n, int table)
{
	for (size_t i = 0; i < n; i++) {
		const char *text = turns[i].text;
		size_t len = turns[i].len;
		turns[i].backchannel = short_enough(len) && !first_refused(bc, tc, table, text, len) &&
		                       memo_verdict(m, bc, tc, text, len);
	}
}

void ts_backchannel_mark(ts_bc_memo *m, const ts_backchannels *bc, const ts_textclass *tc,
                         ts_turn *turns, size_t n)
{
	if (!bc || !bc->n) {
		for (size_t i = 0; i < n; i++)
			turns[i].backchannel = 0;
	} else if (tc == bc->tc) {
		mark_turns(m, bc, tc, turns, n, 1);
	} else {
		mark_turns(m, bc, tc, turns, n, 0);
	}
}

int ts_backchannel_is_slowly(const ts_backchannels *bc, const ts_textclass *tc,
                             const char *text, size_t len)
{
	return may_be(bc, len) ? read_chars(bc, tc, text, len, NULL, 1) : 0;
}
