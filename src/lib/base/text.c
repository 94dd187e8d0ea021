/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/text.h"
#include "base/tables.h"
#include "base/swar.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


/* Scripts whose length unit is the character: ideographs, kana, bopomofo.
 * Hangul is written with spaces, so it counts in words. */
static int is_cjk_script(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* radicals */
	       (cp >= 0x3005 && cp <= 0x3007) ||   /* 々 〆 〇 */
	       (cp >= 0x3021 && cp <= 0x3029) ||   /* Hangzhou numerals */
	       (cp >= 0x3038 && cp <= 0x303B) ||
	       (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
	       (cp >= 0x3100 && cp <= 0x312F) ||   /* bopomofo */
	       (cp >= 0x31A0 && cp <= 0x31FF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
	       (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* unified ideographs */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
	       (cp >= 0x20000 && cp <= 0x3FFFF);   /* extensions B and later */
}

/* East Asian wide and fullwidth ranges (UAX #11, coarsely): a line wrap
 * next to one of these joins without a space. */
static int is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	       (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFD);
}


/* Letters and numbers.  Not a switch: -Wswitch-enum would want every
 * other category of utf8proc listed. */
static int is_counted_category(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
	       c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_ND ||
	       c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

static ts_cclass classify_slow(uint32_t cp)
{
	/* The unified ideographs, a third of the BMP: wide letters of their
	 * own (the table is built at every start) */
	if (cp >= 0x4E00 && cp <= 0x9FFF) {
		const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
		if (p->category == UTF8PROC_CATEGORY_LO && p->decomp_seqindex == UINT16_MAX)
			return (ts_cclass){TS_CK_CJK, TS_CF_WIDE | TS_CF_SELF, 1};
	}
	ts_cclass c = {TS_CK_OTHER, 0, 0};
	if (is_wide(cp))
		c.flags |= TS_CF_WIDE;
	if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == '.' || cp == ',' || cp == 0x2010)
		c.flags |= TS_CF_JOINER;
	if (cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0x3010 || cp == 0x3014)
		c.flags |= TS_CF_OPEN;
	if (ts_is_blank(cp)) {
		c.kind = TS_CK_SPACE;
		return c;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return c;
	if (cp >= 0xAC00 && cp <= 0xD7A3) {
		/* A Hangul syllable is one letter after NFKC, though it decomposes
		 * into two or three jamo. */
		c.kind = TS_CK_ALNUM;
		c.count = 1;
		return c;
	}
	/* The compatibility decomposition decides what the character counts as
	 * after NFKC: "ＣＬＢ" is three letters, "㍿" four ideographs. */
	utf8proc_int32_t dec[32];
	int last = 0;
	/* Without a decomposition (most code points) the character is itself:
	 * the full call is spared for 65,536 code points per process. */
	utf8proc_ssize_t n = 1;
	dec[0] = (utf8proc_int32_t)cp;
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->decomp_seqindex != UINT16_MAX)
		n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 32,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
	if (n <= 0 || n > 32) {
		dec[0] = (utf8proc_int32_t)cp;
		n = 1;
	}
	if (n == 1 && (uint32_t)dec[0] == cp)
		c.flags |= TS_CF_SELF;
	unsigned count = 0;
	int cjk = 0, first_kind = -1;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		utf8proc_category_t cat = (uint32_t)dec[i] == cp ? (utf8proc_category_t)p->category
		                                                 : utf8proc_category(dec[i]);
		if (is_counted_category(cat)) {
			count++;
			if (is_cjk_script((uint32_t)dec[i]))
				cjk = 1;
			if (first_kind < 0)
				first_kind = TS_CK_ALNUM;
		} else if (first_kind < 0) {
			if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
			    cat == UTF8PROC_CATEGORY_ME)
				first_kind = TS_CK_MARK;
			else if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO)
				first_kind = TS_CK_PUNCT;
			else if (cat == UTF8PROC_CATEGORY_ZS)
				first_kind = TS_CK_SPACE;
		}
	}
	if (count > 255)
		count = 255;
	c.count = (uint8_t)count;
	if (count)
		c.kind = cjk ? TS_CK_CJK : TS_CK_ALNUM;
	else if (first_kind >= 0)
		c.kind = (uint8_t)first_kind;
	return c;
}

/* The table is computed once, when talkstat is built (gen_tables.c): at
 * every start it cost some 10 million instructions, a fifth of the time
 * a one-call file took. */
ts_textclass *ts_textclass_new(void)
{
	ts_textclass *tc = malloc(sizeof *tc);
	if (!tc)
		return NULL;
#ifdef TS_GEN_TABLES
	/* flat: block b is entry b (gen_tables.c shares equal blocks) */
	uint16_t *block = malloc((0x10000 >> TS_CC_SHIFT) * sizeof *block);
	ts_cclass (*entry)[TS_CC_MASK + 1] = malloc(0x10000 * sizeof(ts_cclass));
	if (!block || !entry) {
		free(block);
		free(entry);
		free(tc);
		return NULL;
	}
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		entry[cp >> TS_CC_SHIFT][cp & TS_CC_MASK] = classify_slow(cp);
	for (uint32_t b = 0; b < 0x10000 >> TS_CC_SHIFT; b++)
		block[b] = (uint16_t)b;
	tc->block = block;
	tc->entry = (const ts_cclass(*)[TS_CC_MASK + 1])entry;
#else
	tc->block = ts_textclass_block;
	tc->entry = ts_textclass_entry;
#endif
	return tc;
}

void ts_textclass_free(ts_textclass *tc)
{
#ifdef TS_GEN_TABLES
	if (tc) {
		free((void *)tc->block);
		free((void *)tc->entry);
	}
#endif
	free(tc);
}

ts_cclass ts_classify_astral(uint32_t cp)
{
	return classify_slow(cp);
}

int ts_utf8_check(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* ASCII runs are the common case in both scripts' markup. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			/* no high bit and no zero byte */
			if ((w & TS_HIGHS8) || ts_swar_zero(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (i + 8 > n && n >= 8) {
			/* the last bytes, as the word that ends the string: most
			 * lines end in plain ASCII */
			uint64_t w;
			memcpy(&w, s + n - 8, 8);
			if (!(w & TS_HIGHS8) && !ts_swar_zero(w))
				break;
		}
		if (s[i] && s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = s[i] ? ts_utf8_decode(s + i, n - i, &cp) : 0;
		if (!k) {
			*bad = i;
			return -1;
		}
		i += k;
	}
	return 0;
}

void ts_text_advance(const char *text, size_t n, long *line, long *col)
{
	size_t bol = 0;
	for (const char *p = text; (p = memchr(p, '\n', n - (size_t)(p - text))); p++) {
		(*line)++;
		*col = 1;
		bol = (size_t)(p - text) + 1;
	}
	*col += (long)ts_utf8_len(text + bol, n - bol);
}

void ts_text_position(const char *text, size_t at, long first_line, long *line, long *col)
{
	*line = first_line;
	*col = 1;
	ts_text_advance(text, at, line, col);
}

size_t ts_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t cont = 0, i = 0;
	/* eight bytes at a time: the continuation bytes (10xxxxxx) are those
	 * with bit 7 set and bit 6 clear, bit 6 shifted onto bit 7 */
	for (; i + 8 <= n; i += 8) {
		uint64_t w = ts_swar_load(s + i);
		cont += ts_swar_count(w & ~(w << 1) & TS_HIGHS8);
	}
	if (i < n && n >= 8) {
		/* the rest as the word that ends at n, less its lowest bytes,
		 * counted already */
		uint64_t w = ts_swar_load(s + n - 8);
		cont += ts_swar_count((w & ~(w << 1) & TS_HIGHS8) >> (8 * (i + 8 - n)));
		return n - cont;
	}
	for (; i < n; i++)
		cont += (s[i] & 0xC0) == 0x80;
	return n - cont;
}

#define ONES TS_ONES8
#define HIGHS TS_HIGHS8

/* Counts a run of ASCII letters, digits and spaces eight bytes at a time
 * from *i, as count_loop() would one by one (a letter or digit is a char
 * and starts a word when state is 0; a space ends one); stops at a word
 * of other bytes.  Returns where the bytes are to be looked at one by one
 * up to: the end of that word, or n.  Little-endian only (the previous
 * byte is the lower one); elsewhere everything is one by one. */
static inline size_t ascii_words8(const unsigned char *s, size_t *i, size_t n, size_t *chars,
                                  size_t *words, int *state)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; *i + 8 <= n; *i += 8) {
		uint64_t w;
		memcpy(&w, s + *i, 8);
		if (w & HIGHS)
			return *i + 8;
		/* bit 7 of each byte: whether it is a digit, a letter, a
		 * space; the bytes are below 0x80, so no subtraction borrows
		 * from the next byte */
		uint64_t hw = w | HIGHS, lw = hw | ONES * 0x20, v = w ^ ONES * ' ';
		uint64_t alnum = (((hw - ONES * '0') & ~(hw - ONES * ('9' + 1))) |
		                  ((lw - ONES * 'a') & ~(lw - ONES * ('z' + 1)))) & HIGHS;
		uint64_t space = ~(((v & ~HIGHS) + ~HIGHS) | v) & HIGHS;
		if ((alnum | space) != HIGHS)
			return *i + 8;
		uint64_t starts = alnum & ~(alnum << 8 | (*state ? 0x80u : 0));
		*chars += ts_swar_count(alnum);
		*words += ts_swar_count(starts);
		*state = (int)(alnum >> 63);
	}
#else
	(void)s, (void)i, (void)chars, (void)words, (void)state;
#endif
	return n;
}

/* The counting loop, shared by ts_count and ts_scan.  Word state: 0
 * outside a word, 1 in a word, 2 after a joiner inside a word. */
static inline int count_loop(const ts_textclass *tc, const unsigned char *s, size_t n,
                             ts_counts *c, size_t *bad, int validate)
{
	size_t chars = 0, words = 0, cjk = 0, questions = 0;
	int state = 0, in_q = 0, brackets = 0;
	size_t i = 0;
	size_t end3 = n >= 2 ? n - 2 : 0;  /* a three-byte sequence fits before it */
	while (i < n) {
		uint32_t cp;
		size_t k;
		/* Runs of U+4000..U+9FFF (lead bytes E4..E9) but the hexagrams
		 * U+4DC0..U+4DFF (E4 B7 xx): all CJK ideographs, one letter each,
		 * and most of a Chinese transcript, so no table lookup. */
		size_t run = 0;
		while (i < end3) {
			unsigned a = s[i], b = s[i + 1], d = s[i + 2];
			/* both b and d 10xxxxxx: bit 7 set in both, bit 6 in neither */
			if (a - 0xE4u > 5u || (((b & d) & 0x80) | ((b | d) & 0x40)) != 0x80 ||
			    (a == 0xE4 && b == 0xB7))
				break;
			run++;
			i += 3;
		}
		if (run) {
			chars += run;
			cjk += run;
			state = 0;
			in_q = 0;
			continue;
		}
		unsigned b0 = s[i];
		if (b0 < 0x80) {
			/* Runs of ASCII letters, digits and spaces, most of a
			 * transcript written with spaces: the table classes each
			 * letter and digit a letter of a word (one, opening
			 * nothing) and a space a blank, which ends a word; none is
			 * a question mark. */
			if (ts_ascii_alnum((int)b0) || b0 == ' ') {
				for (;;) {
					size_t stop = ascii_words8(s, &i, n, &chars, &words, &state);
					for (; i < stop; i++) {
						unsigned a = s[i];
						if (ts_ascii_alnum((int)a)) {
							chars++;
							words += state == 0;
							state = 1;
						} else if (a == ' ')
							state = 0;
						else
							break;
					}
					if (i >= n || i < stop)
						break;
				}
				in_q = 0;
				continue;
			}
			if (!b0 && validate) {
				*bad = i;
				return -1;
			}
			cp = b0;
			k = 1;
		} else if (b0 > 0xE0 && b0 < 0xF0 && b0 != 0xED && i + 2 < n &&
		           (!validate || ((s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80))) {
			/* Most CJK text: three-byte sequences whose lead byte has no
			 * overlong or surrogate forms to rule out. */
			cp = ((b0 & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
			k = 3;
		} else {
			k = ts_utf8_decode(s + i, n - i, &cp);
			if (!k) {
				if (validate) {
					*bad = i;
					return -1;
				}
				i++;
				state = 0;
				continue;
			}
		}
		i += k;
		ts_cclass cc = cp < 0x10000 ? ts_classify_bmp(tc, cp) : classify_slow(cp);
		int q = cp == '?' || cp == 0xFF1F;
		questions += q && !in_q;
		in_q = q;
		brackets |= cc.flags & TS_CF_OPEN;
		switch (cc.kind) {
		case TS_CK_ALNUM:
			chars += cc.count;
			words += state == 0;
			state = 1;
			break;
		case TS_CK_CJK:
			chars += cc.count;
			cjk += cc.count;
			state = 0;
			break;
		case TS_CK_MARK:
			break;
		default:
			state = (state == 1 && (cc.flags & TS_CF_JOINER)) ? 2 : 0;
			break;
		}
	}
	c->chars = chars;
	c->words = words;
	c->cjk = cjk;
	c->questions = questions;
	c->brackets = brackets != 0;
	return 0;
}

void ts_count(const ts_textclass *tc, const char *s, size_t n, ts_counts *c)
{
	count_loop(tc, (const unsigned char *)s, n, c, NULL, 0);
}

int ts_scan(const ts_textclass *tc, const char *s, size_t n, ts_counts *c, size_t *bad)
{
	return count_loop(tc, (const unsigned char *)s, n, c, bad, 1);
}

void ts_counts_add(ts_counts *a, const ts_counts *b)
{
	a->chars += b->chars;
	a->words += b->words;
	a->cjk += b->cjk;
	a->questions += b->questions;
	a->brackets |= b->brackets;
}

size_t ts_skip_blanks_slow(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode(s + i, n - i, &cp);
		if (!k || !ts_is_blank(cp))
			break;
		i += k;
	}
	return i;
}

size_t ts_trim_end(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	/* the common endings: an ASCII letter or mark, an ideograph (no blank
	 * has a lead byte E4..E9) */
	if (n && s[n - 1] < 0x80 && s[n - 1] > ' ')
		return n;
	if (n >= 3 && s[n - 3] >= 0xE4 && s[n - 3] <= 0xE9)
		return n;
	/* CJK punctuation, but U+3000 (E3 80 80) */
	if (n >= 3 && s[n - 3] == 0xE3 && !(s[n - 2] == 0x80 && s[n - 1] == 0x80))
		return n;
	/* full-width forms, but U+FEFF (EF BB BF) */
	if (n >= 3 && s[n - 3] == 0xEF && s[n - 2] != 0xBB)
		return n;
	while (n) {
		size_t start = n - 1;
		while (start > 0 && (s[start] & 0xC0) == 0x80 && n - start < 4)
			start--;
		uint32_t cp;
		size_t k = ts_utf8_decode(s + start, n - start, &cp);
		if (k != n - start || !ts_is_blank(cp))
			break;
		n = start;
	}
	return n;
}

static char *map(const char *s, size_t n, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
	                                  opts);
	if (r < 0)
		return NULL;
	return (char *)out;
}

char *ts_nfkc(const char *s, size_t n)
{
	return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
}

char *ts_nfkc_casefold(const char *s, size_t n)
{
	/* ASCII is its own NFKC and folds by case alone (A-Z to a-z, as
	 * utf8proc's table has it): most English text never needs the full
	 * mapping, which cost some 3,000 instructions a turn. */
	size_t i = 0;
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	if (i < n)
		return map(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = (char)ts_ascii_lower((unsigned char)s[i]);
	out[n] = '\0';
	return out;
}
