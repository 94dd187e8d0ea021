/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/buf.h"
#include "base/hant.h"
#include "base/swar.h"
#include "base/tables.h"
#include "base/text.h"
#include "talkstat.h"

/* What a BMP code point folds to, in 32 bits: the class of the character
 * it folds to in the top byte, then either POOL | length << 18 | index of
 * a sequence in pool[] (code points that fold to several, like "㍿" to
 * 株式会社, or to none, like a soft hyphen), or the folded code point's
 * distance from the code point (23 bits, signed).  Distances make the
 * entries of a block of 256 alike wherever folding changes nothing or
 * shifts a whole range (case, full width), so the table is blocks of
 * TS_FOLD_BLOCK (tables.h) shared by an index: 64 KB rather than the
 * 256 KB of a flat table (blocks of 256 took 144 KB, all of it resident
 * in a Chinese run, as traditional characters fold apart). */
#define POOL 0x00800000u
#define POOL_LEN(m) (((m) >> 18) & 0x1Fu)
#define POOL_IDX(m) ((m) & 0x3FFFFu)
#define ENTRY_CLS(m) ((uint8_t)((m) >> 24))
#define MAX_FOLD TS_FOLD_MAX
#define BLOCKS (0x10000 >> TS_FOLD_SHIFT)

struct ts_fold {
	const ts_textclass *tc;
	/* the entry of code point c is entry[block[c >> TS_FOLD_SHIFT]][c % TS_FOLD_BLOCK] */
	const uint16_t *block;
	const uint32_t (*entry)[TS_FOLD_BLOCK];
	const uint32_t *pool;
	const uint8_t *pool_cls;
	/* the entries of ASCII, looked up for every byte of English text */
	uint32_t ascii[0x80];
	/* the class of each ASCII byte that folds to one character, no blank
	 * and not wide: itself, a letter in lower case; 0 for the others */
	uint8_t ascii_one[0x80];
	/* whether ascii8 may write the letters, digits and spaces of ASCII
	 * without their entries: each letter and digit is ascii_one and of
	 * class TS_FC_WORD, and a space is a blank */
	int ascii8_ok;
};

static uint8_t fold_class(const ts_textclass *tc, uint32_t cp)
{
	if (cp == '\'' || cp == '-' || cp == 0x2010)
		return TS_FC_PUNCT | TS_FC_JOIN;
	/* ！？； fold to these; 。 stays */
	if (cp == 0x3002 || cp == '!' || cp == '?' || cp == ';')
		return TS_FC_PUNCT | TS_FC_STOP | (cp == 0x3002 ? TS_FC_WIDE : 0);
	ts_cclass c = ts_classify(tc, cp);
	uint8_t wide = (c.flags & TS_CF_WIDE) ? TS_FC_WIDE : 0;
	switch (c.kind) {
	case TS_CK_ALNUM:
	case TS_CK_MARK:
		return TS_FC_WORD | wide;
	case TS_CK_CJK:
		return TS_FC_CJK | wide;
	case TS_CK_SPACE:
		return TS_FC_SPACE | wide;
	default:
		return TS_FC_PUNCT | wide;
	}
}

/* NFKC and case folding of one code point into out[MAX_FOLD]; returns the
 * count (0 for a default-ignorable character). */
static size_t fold_cp(uint32_t cp, uint32_t *out)
{
	/* Typographers' apostrophes are the ASCII one to whoever types a phrase:
	 * "I’m" in a transcript is "I'm" in a lexicon. */
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC || cp == 0xFF07) {
		out[0] = '\'';
		return 1;
	}
	/* A simplified lexicon finds traditional text (正在調查): NFKC keeps
	 * the two scripts apart. */
	uint32_t hans = ts_hant_fold(cp);
	if (hans != cp) {
		out[0] = hans;
		return 1;
	}
	if (ts_is_blank(cp) || cp == '\n') {
		out[0] = ' ';
		return 1;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF) {
		out[0] = 0xFFFD;
		return 1;
	}
	/* Most code points map to themselves: no compatibility or canonical
	 * decomposition, no case folding, not ignorable (a Hangul syllable
	 * decomposes and composes back).  Asking utf8proc's tables for that
	 * first spares the full normalisation of 65,536 code points per
	 * process, most of the cost of building the table. */
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if ((p->decomp_seqindex == UINT16_MAX || (cp >= 0xAC00 && cp <= 0xD7A3)) &&
	    p->casefold_seqindex == UINT16_MAX && !p->ignorable) {
		out[0] = cp;
		return 1;
	}
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);
	utf8proc_int32_t buf[MAX_FOLD];
	utf8proc_ssize_t n = utf8proc_decompose(u, k, buf, MAX_FOLD,
	                                        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	                                        UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
	                                        UTF8PROC_STABLE);
	if (n < 0 || n > MAX_FOLD) {
		out[0] = cp;
		return 1;
	}
	n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n < 0) {
		out[0] = cp;
		return 1;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++)
		out[i] = (uint32_t)buf[i];
	return (size_t)n;
}

/* The folded code point of an entry that is not POOL. */
static inline uint32_t entry_cp(uint32_t m, uint32_t c)
{
	int32_t d = (int32_t)((m & 0x7FFFFFu) << 9) >> 9;  /* the distance, sign extended */
	return (uint32_t)((int32_t)c + d);
}

static inline uint32_t entry_of(const ts_fold *f, uint32_t c)
{
	return f->entry[f->block[c >> TS_FOLD_SHIFT]][c & (TS_FOLD_BLOCK - 1)];
}

#ifdef TS_GEN_TABLES
/* Building the table (gen_tables.c, when talkstat is built). */

/* One block's entries in e[0..TS_FOLD_BLOCK): shared with an equal block already
 * there, else added. 0, or -1 when out of memory. */
static int add_block(ts_fold_table *t, size_t b, const uint32_t *e)
{
	for (size_t k = 0; k < t->nentry; k++)
		if (!memcmp(t->entry[k], e, sizeof t->entry[k])) {
			t->block[b] = (uint16_t)k;
			return 0;
		}
	void *p = realloc(t->entry, (t->nentry + 1) * sizeof *t->entry);
	if (!p)
		return -1;
	t->entry = p;
	memcpy(t->entry[t->nentry], e, sizeof t->entry[t->nentry]);
	t->block[b] = (uint16_t)t->nentry++;
	return 0;
}

int ts_fold_table_build(ts_fold_table *t, const ts_textclass *tc)
{
	size_t pool_cap = 0, pool_cls_cap = 0;
	memset(t, 0, sizeof *t);
	for (size_t b = 0; b < BLOCKS; b++) {
		uint32_t e[TS_FOLD_BLOCK];
		for (uint32_t i = 0; i < TS_FOLD_BLOCK; i++) {
			uint32_t cp = (uint32_t)b << TS_FOLD_SHIFT | i, out[MAX_FOLD];
			size_t n = fold_cp(cp, out);
			if (n == 1) {
				e[i] = (uint32_t)fold_class(tc, out[0]) << 24 |
				       (((uint32_t)((int32_t)out[0] - (int32_t)cp)) & 0x7FFFFFu);
				continue;
			}
			if (t->npool + n > POOL_IDX(~0u) ||
			    TS_GROW(t->pool, pool_cap, t->npool + n + 1) ||
			    TS_GROW(t->pool_cls, pool_cls_cap, t->npool + n + 1))
				return -1;
			e[i] = POOL | (uint32_t)n << 18 | (uint32_t)t->npool;
			for (size_t j = 0; j < n; j++) {
				t->pool[t->npool] = out[j];
				t->pool_cls[t->npool++] = fold_class(tc, out[j]);
			}
		}
		if (add_block(t, b, e))
			return -1;
	}
	return 0;
}
#else
/* The entries of ASCII, and what ascii8 (below) takes from them. */
static void ascii_entries(ts_fold *f)
{
	f->ascii8_ok = 1;
	for (uint32_t c = 0; c < 0x80; c++) {
		uint32_t m = f->ascii[c] = entry_of(f, c);
		uint8_t cls = ENTRY_CLS(m);
		uint32_t lower = ts_ascii_letter((int)c) ? c | 0x20 : c;
		int one = !(m & POOL) && !(cls & (TS_FC_SPACE | TS_FC_WIDE)) && entry_cp(m, c) == lower;
		f->ascii_one[c] = one ? cls : 0;
		if (ts_ascii_alnum((int)c) && f->ascii_one[c] != TS_FC_WORD)
			f->ascii8_ok = 0;
		if (c == ' ' && ((m & POOL) || !(cls & TS_FC_SPACE)))
			f->ascii8_ok = 0;
	}
}

/* The table is computed once, when talkstat is built (gen_tables.c): at
 * every start it cost some 11 million instructions. */
ts_fold *ts_fold_new(const ts_textclass *tc)
{
	ts_fold *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	*f = (ts_fold){tc, ts_fold_block, ts_fold_entry, ts_fold_pool, ts_fold_pool_cls, {0}, {0}, 0};
	ascii_entries(f);
	return f;
}

void ts_fold_free(ts_fold *f)
{
	free(f);
}
#endif

size_t ts_fold_char(const ts_fold *f, uint32_t c, uint32_t *out, uint8_t *cls)
{
	if (c < 0x10000) {
		uint32_t m = entry_of(f, c);
		if (!(m & POOL)) {
			out[0] = entry_cp(m, c);
			cls[0] = ENTRY_CLS(m);
			return 1;
		}
		size_t n = POOL_LEN(m);
		memcpy(out, f->pool + POOL_IDX(m), n * sizeof *out);
		memcpy(cls, f->pool_cls + POOL_IDX(m), n);
		return n;
	}
	size_t n = fold_cp(c, out);
	for (size_t j = 0; j < n; j++)
		cls[j] = fold_class(f->tc, out[j]);
	return n;
}

void ts_folded_free(ts_folded *t)
{
	free(t->cp);
	free(t->cls);
	free(t->off);
	memset(t, 0, sizeof *t);
}

static int reserve(ts_folded *t, size_t need)
{
	if (need <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 8)
			return TS_ENOMEM;
		cap *= 2;
	}
	uint32_t *cp = realloc(t->cp, cap * sizeof *cp);
	if (!cp)
		return TS_ENOMEM;
	t->cp = cp;
	uint8_t *cls = realloc(t->cls, cap);
	if (!cls)
		return TS_ENOMEM;
	t->cls = cls;
	uint32_t *off = realloc(t->off, cap * sizeof *off);
	if (!off)
		return TS_ENOMEM;
	t->off = off;
	t->cap = cap;
	return 0;
}

/* Three bytes at s[i] that encode a character of U+1000..U+FFFF, neither
 * overlong nor a surrogate: all of CJK. */
static inline int three_bytes(const unsigned char *s, size_t i, size_t len)
{
	return i + 2 < len && ts_utf8_three(s + i);
}

/* The folding of text in progress: a run of blanks is held back until the
 * next character shows whether it is one space (between words) or nothing
 * (at either end, or between two wide characters: "我 不太清楚" from a PDF
 * is 我不太清楚). */
typedef struct folding {
	uint32_t *cp, *off;
	uint8_t *cls;
	size_t n;
	int blank;
	uint32_t blank_off;
} folding;

/* Whether entry m is one character that is no blank: appended as it is
 * while no blank is held back (put_one), without fold_one's tests. */
#define PLAIN(m) (!((m) & (POOL | (uint32_t)TS_FC_SPACE << 24)))

/* The character of entry m (PLAIN), from the byte at `here`, as the nth
 * folded one; n + 1. */
static inline size_t put_one(folding *g, size_t n, uint32_t m, uint32_t c, uint32_t here)
{
	g->cp[n] = entry_cp(m, c);
	g->cls[n] = ENTRY_CLS(m);
	g->off[n] = here;
	return n + 1;
}

/* Append what the byte at `here` folds to when its entry m is one
 * character (not POOL): most characters.  Each source byte gives at most
 * one folded character (a held-back blank had bytes of its own), so there
 * is room. */
static inline void fold_one(folding *g, uint32_t m, uint32_t c, uint32_t here)
{
	uint8_t cc = ENTRY_CLS(m);
	if (cc & TS_FC_SPACE) {  /* a blank: as ts_fold_char gives it */
		if (!g->blank) {
			g->blank = 1;
			g->blank_off = here;
		}
		return;
	}
	size_t n = g->n;
	if (g->blank) {
		g->blank = 0;
		if (n && !(g->cls[n - 1] & TS_FC_SPACE) &&
		    !((g->cls[n - 1] & TS_FC_WIDE) && (cc & TS_FC_WIDE))) {
			g->cp[n] = ' ';
			g->cls[n] = TS_FC_SPACE;
			g->off[n++] = g->blank_off;
		}
	}
	g->n = put_one(g, n, m, c, here);
}

/* The classes of the bytes of w flagged in other (bit 7 of each), neither
 * letters, digits nor spaces, put into cls in their places; 0 when one of
 * them does not fold to one character (ascii_one). */
static inline int other_classes(const ts_fold *f, uint64_t w, uint64_t other, uint64_t *cls)
{
	for (; other; other &= other - 1) {
		unsigned at = (unsigned)__builtin_ctzll(other) - 7;  /* the byte's lowest bit */
		uint8_t c = f->ascii_one[w >> at & 0x7F];
		if (!c)
			return 0;
		*cls ^= (uint64_t)(c ^ TS_FC_WORD) << at;
	}
	return 1;
}

/* The eight bytes of w (the first in its lowest byte) as code points into
 * cp[0..8), and their offsets from `at` into off[0..8): in registers of
 * SSE2, where the compiler's code for the two loops cost from 10.6M to
 * 13.0M instructions of the en5 summary as code elsewhere in ts_fold_text
 * changed. */
static inline void widen8(uint32_t *cp, uint32_t *off, uint64_t w, uint32_t at)
{
#ifdef __SSE2__
	__m128i z = _mm_setzero_si128();
	__m128i b16 = _mm_unpacklo_epi8(_mm_cvtsi64_si128((long long)w), z);
	_mm_storeu_si128((__m128i *)cp, _mm_unpacklo_epi16(b16, z));
	_mm_storeu_si128((__m128i *)(cp + 4), _mm_unpackhi_epi16(b16, z));
	__m128i o = _mm_add_epi32(_mm_set1_epi32((int)at), _mm_setr_epi32(0, 1, 2, 3));
	_mm_storeu_si128((__m128i *)off, o);
	_mm_storeu_si128((__m128i *)(off + 4), _mm_add_epi32(o, _mm_set1_epi32(4)));
#else
	unsigned char b[8];
	memcpy(b, &w, 8);
	for (unsigned j = 0; j < 8; j++)
		cp[j] = b[j];
	for (unsigned j = 0; j < 8; j++)
		off[j] = at + j;
#endif
}

/* Whole blocks of eight bytes from s[i] that are ASCII folding to one
 * character each (ascii_one) with single spaces between them: most of
 * English text, one block at a time, where the letters, digits and spaces
 * are written without their entries (f->ascii8_ok) and the few other bytes
 * with their classes alone.  Called where no blank is held back and the
 * last character folded is none, so a space that starts a block is kept;
 * one that ends it is left to the next block, where the byte after it
 * shows whether it is.  Returns where the blocks end. */
static inline size_t ascii8(const ts_fold *f, folding *g, const unsigned char *s, size_t i,
                            size_t len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint32_t *cp = g->cp, *off = g->off;
	size_t n = g->n;
	while (i + 8 <= len) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & TS_HIGHS8)
			break;
		uint64_t space = ts_swar_eq_bytes(w, ' ');
		uint64_t letter = ts_swar_range(w | TS_ONES8 * 0x20, 'a', 'z');
		uint64_t other = ~(letter | space | ts_swar_range(w, '0', '9')) & TS_HIGHS8;
		/* a byte's class in its place: TS_FC_WORD, a space's, others' */
		uint64_t cls = TS_ONES8 * TS_FC_WORD ^ (space >> 7) * (TS_FC_WORD ^ TS_FC_SPACE);
		if ((space & space << 8) || !other_classes(f, w, other, &cls))
			break;
		/* all eight written though seven may be taken: each byte folds
		 * to one character at most (fold_one), so there is room */
		memcpy(g->cls + n, &cls, 8);
		/* a letter in lower case has bit 5 set */
		uint64_t lw = w | letter >> 2;
		widen8(cp + n, off + n, lw, (uint32_t)i);
		size_t k = 8 - (size_t)(space >> 63);
		n += k;
		i += k;
	}
	g->n = n;
#else
	(void)f, (void)g, (void)s, (void)len;
#endif
	return i;
}

/* Pairs of PLAIN characters of three bytes from s[i], appended while no
 * blank is held back: most of Chinese text, two characters read and tested
 * in one eight-byte word (ts_utf8_three_two) where a character at a time
 * took its own tests of bytes and of the end.  A pair stops at the first
 * character that is not PLAIN (or not three bytes), which the loop of one
 * character at a time then takes.  Returns where the pairs end. */
static inline size_t three_pairs(const ts_fold *f, folding *g, const unsigned char *s, size_t i,
                                 size_t len)
{
	size_t n = g->n;
	uint32_t a, b;
	while (len - i >= 8 && ts_utf8_three_two(ts_swar_load(s + i), &a, &b)) {
		uint32_t ma = entry_of(f, a), mb = entry_of(f, b);
		if (!PLAIN(ma | mb))
			break;
		n = put_one(g, n, ma, a, (uint32_t)i);
		n = put_one(g, n, mb, b, (uint32_t)i + 3);
		i += 6;
	}
	g->n = n;
	return i;
}

#ifdef __SSE2__
/* As three_pairs, four characters (twelve bytes) at a time: their bytes
 * tested in one register, then moved to a lane each (the character k from
 * byte 3k to byte 4k) and decoded there, and what their entries give
 * written four at once.  The loop of pairs takes what is left (fewer than
 * sixteen bytes, the four with a character that is not PLAIN). */
static inline size_t three_quads(const ts_fold *f, folding *g, const unsigned char *s, size_t i,
                                 size_t len)
{
	const uint16_t *block = f->block;
	const uint32_t(*entry)[TS_FOLD_BLOCK] = f->entry;
	const __m128i plain = _mm_set1_epi32((int)(POOL | (uint32_t)TS_FC_SPACE << 24));
	__m128i offs = _mm_add_epi32(_mm_set1_epi32((int)i), _mm_setr_epi32(0, 3, 6, 9));
	uint32_t *cp = g->cp, *off = g->off;
	uint8_t *cls = g->cls;
	size_t n = g->n;
	while (len - i >= 16) {
		__m128i c;
		if (!ts_sse_three_four(_mm_loadu_si128((const __m128i *)(s + i)), &c))
			break;
		uint32_t cs[4], ms[4];
		_mm_storeu_si128((__m128i *)cs, c);
		for (unsigned j = 0; j < 4; j++)
			ms[j] = entry[block[cs[j] >> TS_FOLD_SHIFT]][cs[j] & (TS_FOLD_BLOCK - 1)];
		__m128i m = _mm_loadu_si128((const __m128i *)ms);
		__m128i other = _mm_and_si128(m, plain);
		if (_mm_movemask_epi8(_mm_cmpeq_epi32(other, _mm_setzero_si128())) != 0xFFFF)
			break;
		/* entry_cp and ENTRY_CLS of each; a class is below 128 */
		__m128i d = _mm_srai_epi32(_mm_slli_epi32(m, 9), 9);
		_mm_storeu_si128((__m128i *)(cp + n), _mm_add_epi32(c, d));
		__m128i k = _mm_srli_epi32(m, 24);
		k = _mm_packs_epi32(k, k);
		uint32_t k4 = (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(k, k));
		memcpy(cls + n, &k4, 4);
		_mm_storeu_si128((__m128i *)(off + n), offs);
		offs = _mm_add_epi32(offs, _mm_set1_epi32(12));
		n += 4;
		i += 12;
	}
	g->n = n;
	return i;
}
#else
static inline size_t three_quads(const ts_fold *f, folding *g, const unsigned char *s, size_t i,
                                 size_t len)
{
	(void)f, (void)g, (void)s, (void)len;
	return i;
}
#endif

int ts_fold_text(const ts_fold *f, const char *str, size_t len, ts_folded *t)
{
	const unsigned char *s = (const unsigned char *)str;
	t->n = 0;
	t->src_len = len;
	if (len >= UINT32_MAX)
		return TS_ELIMIT;
	/* One folded character per source byte at most, but for expansions,
	 * which grow the arrays when they come. */
	if (reserve(t, len + 1))
		return TS_ENOMEM;
	folding g = {t->cp, t->off, t->cls, 0, 0, 0};
	size_t i = 0;
	const uint32_t *ascii = f->ascii;
	while (i < len) {
		uint32_t c, m;
		size_t k;
		unsigned b0 = s[i];
		if (b0 < 0x80) {
			/* a run of ASCII, most of text written with spaces */
			for (; i < len && (b0 = s[i]) < 0x80 && !((m = ascii[b0]) & POOL); i++) {
				fold_one(&g, m, b0, (uint32_t)i);
				if (g.blank)
					continue;
				if (f->ascii8_ok)
					i = ascii8(f, &g, s, i + 1, len) - 1;
				/* the rest of a word: no blank is held back, so each
				 * character is fold_one's plain append, in a loop of
				 * its own (English text is mostly such runs) */
				size_t n = g.n;
				uint32_t m2;
				unsigned b;
				while (i + 1 < len && (b = s[i + 1]) < 0x80 && PLAIN(m2 = ascii[b])) {
					i++;
					n = put_one(&g, n, m2, b, (uint32_t)i);
				}
				g.n = n;
			}
			if (i == len || b0 >= 0x80)
				continue;
			c = b0;  /* an ASCII character that folds to none or several */
			k = 1;
		} else if (three_bytes(s, i, len)) {
			/* a run of them, most of text in CJK */
			do {
				c = ts_utf8_three_cp(s + i);
				if ((m = entry_of(f, c)) & POOL)
					break;
				fold_one(&g, m, c, (uint32_t)i);
				if (!g.blank) {
					/* as for ASCII above: the characters that follow
					 * and are PLAIN, appended */
					i = three_quads(f, &g, s, i + 3, len);
					i = three_pairs(f, &g, s, i, len) - 3;
					size_t n = g.n;
					while (i + 3 < len && three_bytes(s, i + 3, len)) {
						uint32_t c2 = ts_utf8_three_cp(s + i + 3), m2 = entry_of(f, c2);
						if (!PLAIN(m2))
							break;
						i += 3;
						n = put_one(&g, n, m2, c2, (uint32_t)i);
					}
					g.n = n;
				}
				i += 3;
			} while (i < len && three_bytes(s, i, len));
			if (!(m & POOL))
				continue;
			k = 3;
		} else if (!(k = ts_utf8_decode(s + i, len - i, &c))) {
			c = 0xFFFD;
			k = 1;
		}
		uint32_t here = (uint32_t)i;
		i += k;
		m = c < 0x80 ? ascii[c] : c < 0x10000 ? entry_of(f, c) : POOL;
		if (!(m & POOL)) {
			fold_one(&g, m, c, here);
			continue;
		}
		uint32_t outs[MAX_FOLD];
		uint8_t out_cls[MAX_FOLD];
		size_t nout = ts_fold_char(f, c, outs, out_cls);
		if (nout == 1 && (out_cls[0] & TS_FC_SPACE)) {
			if (!g.blank) {
				g.blank = 1;
				g.blank_off = here;
			}
			continue;
		}
		if (!nout)
			continue;
		size_t n = g.n;
		if (n + nout + 1 + (len - i) > t->cap) {
			if (reserve(t, n + nout + 1 + (len - i)))
				return TS_ENOMEM;
			g.cp = t->cp;
			g.off = t->off;
			g.cls = t->cls;
		}
		if (g.blank) {
			g.blank = 0;
			if (n && !(g.cls[n - 1] & TS_FC_SPACE) &&
			    !((g.cls[n - 1] & TS_FC_WIDE) && (out_cls[0] & TS_FC_WIDE))) {
				g.cp[n] = ' ';
				g.cls[n] = TS_FC_SPACE;
				g.off[n++] = g.blank_off;
			}
		}
		for (size_t j = 0; j < nout; j++) {
			if (out_cls[j] & TS_FC_SPACE) {
				/* a space inside an expansion (U+FDFA is four words) */
				if (n && !(g.cls[n - 1] & TS_FC_SPACE)) {
					g.cp[n] = ' ';
					g.cls[n] = TS_FC_SPACE;
					g.off[n++] = here;
				}
				continue;
			}
			g.cp[n] = outs[j];
			g.cls[n] = out_cls[j];
			g.off[n++] = here;
		}
		g.n = n;
	}
	t->n = g.n;
	return 0;
}

int ts_fold_phrase(const ts_fold *f, const char *s, size_t len, ts_folded *t)
{
	int rc = ts_fold_text(f, s, len, t);
	while (!rc && t->n && (t->cls[t->n - 1] & TS_FC_SPACE))
		t->n--;
	return rc;
}

void ts_folded_span(const ts_folded *t, const char *src, size_t a, size_t b, size_t *start,
                    size_t *end)
{
	*start = t->off[a];
	size_t last = t->off[b - 1];
	uint32_t c;
	size_t k = ts_utf8_decode((const unsigned char *)src + last, t->src_len - last, &c);
	*end = last + (k ? k : 1);
}
