/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Unicode text: UTF-8 decoding and validation, character classes after
 * NFKC, length units (chars, words), normal forms for labels. */
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Character kinds, after compatibility decomposition. */
enum {
	TS_CK_OTHER = 0, /* controls, unassigned */
	TS_CK_SPACE,     /* blanks: Zs, tab, U+3000, U+00A0 ... */
	TS_CK_PUNCT,     /* punctuation and symbols */
	TS_CK_ALNUM,     /* letters and digits of scripts written with spaces */
	TS_CK_CJK,       /* Han ideographs, kana, bopomofo */
	TS_CK_MARK       /* combining marks */
};

/* Flags beside the kind. */
enum {
	TS_CF_WIDE = 1,    /* East Asian wide: joining a wrapped line adds no space */
	TS_CF_JOINER = 2,  /* ' ’ - . , inside a word keep it one word */
	TS_CF_SELF = 4,    /* NFKC leaves it as it is */
	TS_CF_OPEN = 8     /* ( [ （ 【 〔: may open an inline stage direction */
};

typedef struct ts_cclass {
	uint8_t kind;
	uint8_t flags;
	uint8_t count;    /* letters and digits in its NFKC form */
} ts_cclass;

/* A lookup table for the Basic Multilingual Plane; other planes are
 * classified on demand.  Two stages: the classes of code points c are
 * entry[block[c >> TS_CC_SHIFT]][c & TS_CC_MASK], equal blocks of 16
 * shared, so that the table is 29 KiB rather than a flat 192 KiB, all of
 * which was resident in every run (bench/RESULTS-manyfiles.md, peak RSS). */
#define TS_CC_SHIFT 4
#define TS_CC_MASK ((1u << TS_CC_SHIFT) - 1)
typedef struct ts_textclass {
	const uint16_t *block;                    /* 0x10000 >> TS_CC_SHIFT */
	const ts_cclass (*entry)[TS_CC_MASK + 1];
} ts_textclass;

ts_textclass *ts_textclass_new(void);
void ts_textclass_free(ts_textclass *tc);
ts_cclass ts_classify_astral(uint32_t cp);

static inline ts_cclass ts_classify_bmp(const ts_textclass *tc, uint32_t cp)
{
	return tc->entry[tc->block[cp >> TS_CC_SHIFT]][cp & TS_CC_MASK];
}

static inline ts_cclass ts_classify(const ts_textclass *tc, uint32_t cp)
{
	return cp < 0x10000 ? ts_classify_bmp(tc, cp) : ts_classify_astral(cp);
}

/* Decode one UTF-8 sequence of s[0..n).  Returns its length (1-4) and sets
 * *cp, or 0 when the bytes are not valid UTF-8 (overlong forms, surrogates
 * and values above U+10FFFF included).  Inline: it is the inner loop of
 * every pass over the text. */
static inline size_t ts_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (!n)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		*cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
			return 0;  /* overlong, surrogate */
		*cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
			return 0;  /* overlong, above U+10FFFF */
		*cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
		      (s[3] & 0x3Fu);
		return 4;
	}
	return 0;
}

/* Whether u[0..3) is a character of U+1000..U+FFFF but the surrogates
 * (E1..EF but ED, then two continuation bytes: no overlong form there),
 * which ts_utf8_decode reads as ts_utf8_three_cp does: nearly all of
 * CJK, for the loops that take its runs apart from other text. */
static inline int ts_utf8_three(const unsigned char *u)
{
	unsigned b = u[0];
	return b - 0xE1u < 0x0Fu && b != 0xED && ((u[1] ^ 0x80u) | (u[2] ^ 0x80u)) < 0x40u;
}

static inline uint32_t ts_utf8_three_cp(const unsigned char *u)
{
	return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
}

/* Whether the first six of eight bytes w (the first in its lowest byte, as
 * ts_swar_load loads them) are two ts_utf8_three characters, with their
 * code points then in *a and *b: a run of ideographs two at a time. */
static inline int ts_utf8_three_two(uint64_t w, uint32_t *a, uint32_t *b)
{
	/* the leads 1110xxxx and continuations 10xxxxxx in one test, then
	 * leads of neither E0 (overlong there) nor ED (surrogates) */
	if ((w & 0xC0C0F0C0C0F0ull) != 0x8080E08080E0ull)
		return 0;
	unsigned l0 = (unsigned)w & 0x0Fu, l3 = (unsigned)(w >> 24) & 0x0Fu;
	if (!((0xDFFEu >> l0) & (0xDFFEu >> l3) & 1u))
		return 0;
	*a = l0 << 12 | ((uint32_t)(w >> 2) & 0xFC0u) | ((uint32_t)(w >> 16) & 0x3Fu);
	*b = l3 << 12 | ((uint32_t)(w >> 26) & 0xFC0u) | ((uint32_t)(w >> 40) & 0x3Fu);
	return 1;
}

/* 0 when s[0..n) is valid UTF-8 without NUL bytes, else -1 and *bad is the
 * offset of the first offending byte. */
int ts_utf8_check(const char *s, size_t n, size_t *bad);

/* Number of characters (code points) in valid UTF-8 s[0..n); in other
 * bytes, every byte that does not continue a sequence. */
size_t ts_utf8_len(const char *s, size_t n);

/* The line and column (characters, 1-based) of byte `at` of a text whose
 * first byte is on line `first_line`: how a data file's error is placed. */
void ts_text_position(const char *text, size_t at, long first_line, long *line, long *col);

/* Move a line and column on over text[0..n), as when a text arrives in
 * pieces: ts_text_position of a whole text is this from line first_line,
 * column 1. */
void ts_text_advance(const char *text, size_t n, long *line, long *col);

/* The columns of byte offsets in one text, counted on from the last
 * offset asked for, so that many places in a long line (inline stage
 * directions, lexicon matches in a turn) cost one pass over it. */
typedef struct ts_colcursor {
	size_t off;  /* the last offset */
	long col;    /* its column */
} ts_colcursor;

/* The column of byte off of s (valid UTF-8), at or after c->off. */
static inline long ts_colcursor_at(ts_colcursor *c, const char *s, size_t off)
{
	c->col += (long)ts_utf8_len(s + c->off, off - c->off);
	c->off = off;
	return c->col;
}

/* Counts of a text in the length units. */
typedef struct ts_counts {
	size_t chars;     /* letters, ideographs and digits */
	size_t words;     /* runs of letters/digits outside CJK scripts */
	size_t cjk;       /* CJK characters among chars */
	size_t questions; /* runs of '?' / '？' */
	int brackets;     /* an opening bracket was seen */
	unsigned unmarked; /* its first bytes, known to start no terminal mark
	                    * (? ! . and ？ ！ 。 …): a line of Chinese read to its
	                    * first one, where ts_sentences starts looking;
	                    * 0 when not known */
} ts_counts;

/* Count valid UTF-8 s[0..n) (zeroes c first). */
void ts_count(const ts_textclass *tc, const char *s, size_t n, ts_counts *c);

/* Validate and count s[0..n) in one pass: 0, or -1 with *bad the offset
 * of the first byte that is not valid UTF-8 (or is NUL). */
int ts_scan(const ts_textclass *tc, const char *s, size_t n, ts_counts *c, size_t *bad);

/* ts_scan of s, copied to dst on the way: s may be read sixteen bytes
 * past s[n] (as a line of a ts_linebuf, base/linebuf.h), and dst has
 * room for n + 16 bytes (those past n left undefined; when s is not
 * valid, all of them).  A line's text to its turn's, each window of it
 * read once and whole, the last one too. */
int ts_scan_copy(const ts_textclass *tc, const char *s, size_t n, char *dst, ts_counts *c,
                 size_t *bad);

/* Blank code points that may precede a label or pad a line: the space
 * separators (Unicode category Zs, a fixed set), tab, form feed (a page
 * break), vertical tab, CR, and the zero-width space and stray BOM that PDF
 * extraction leaves. */
static inline int ts_is_blank(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == '\r';
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

size_t ts_skip_blanks_slow(const char *s, size_t n);

/* Length of the blanks at the start of s[0..n) in bytes. */
static inline size_t ts_skip_blanks(const char *s, size_t n)
{
	/* most lines start with a letter, an ideograph or a label */
	unsigned c = n ? (unsigned char)s[0] : 0;
	if (!n || (c > ' ' && c < 0x80) || (c >= 0xE4 && c <= 0xE9))
		return 0;
	/* CJK punctuation and full-width forms, but U+3000 and U+FEFF */
	if (n >= 2 && ((c == 0xE3 && (unsigned char)s[1] != 0x80) ||
	               (c == 0xEF && (unsigned char)s[1] != 0xBB)))
		return 0;
	/* the one space after a label's colon, before a word */
	if (c == ' ' && n >= 2 && (unsigned char)s[1] > ' ' && (unsigned char)s[1] < 0x80)
		return 1;
	return ts_skip_blanks_slow(s, n);
}

size_t ts_trim_end_slow(const char *s, size_t n);

/* Length of s[0..n) without trailing blanks, in bytes. */
static inline size_t ts_trim_end(const char *s, size_t n)
{
	/* most lines end in an ASCII letter or mark, or an ideograph (no
	 * blank has a lead byte E4..E9) */
	const unsigned char *u = (const unsigned char *)s;
	if (n && u[n - 1] < 0x80 && u[n - 1] > ' ')
		return n;
	if (n >= 3 && u[n - 3] >= 0xE4 && u[n - 3] <= 0xE9)
		return n;
	/* CJK punctuation ("。", E3 80 82) and full-width forms ("？", EF BC
	 * 9F), which end most lines of Chinese: all but U+3000 (E3 80 80) and
	 * U+FEFF (EF BB BF) */
	if (n >= 3 && ((u[n - 3] == 0xE3 && (u[n - 2] != 0x80 || u[n - 1] != 0x80)) ||
	               (u[n - 3] == 0xEF && u[n - 2] != 0xBB)))
		return n;
	return ts_trim_end_slow(s, n);
}

/* Whether s[0..n) starts (ends) with the literal p. */
static inline int ts_starts(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	return n >= m && !memcmp(s, p, m);
}

static inline int ts_ends(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	return n >= m && !memcmp(s + n - m, p, m);
}

/* ASCII letters and digits whatever the locale (<ctype.h> follows it);
 * a byte of a UTF-8 sequence is none of them. */
static inline int ts_ascii_letter(int c)
{
	return (unsigned)((c | 32) - 'a') < 26u;
}

static inline int ts_ascii_upper(int c)
{
	return (unsigned)(c - 'A') < 26u;
}

/* c with an ASCII capital made small; any other byte as it is. */
static inline int ts_ascii_lower(int c)
{
	return ts_ascii_upper(c) ? c + 32 : c;
}

static inline int ts_ascii_digit(int c)
{
	return (unsigned)(c - '0') < 10u;
}

static inline int ts_ascii_alnum(int c)
{
	return ts_ascii_letter(c) || ts_ascii_digit(c);
}

/* NFKC of s[0..n) as a malloc'd NUL-terminated string, or NULL. */
char *ts_nfkc(const char *s, size_t n);

/* NFKC and case folding, as a malloc'd string, or NULL. */
char *ts_nfkc_casefold(const char *s, size_t n);

#endif
