/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/qkeys.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/swar.h"
#include "base/text.h"

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void keyset_add(ts_keyset *s, uint64_t key)
{
	if (s->n < TS_KEYS_MAX)
		s->k[s->n++] = key;
}

/* *a, *b in order: by conditional moves, not a branch */
static inline void order(uint64_t *a, uint64_t *b)
{
	uint64_t x = *a, y = *b;
	*a = x < y ? x : y;
	*b = x < y ? y : x;
}

/* k[0..8) sorted into out by a network of 19 comparisons (Knuth, TAOCP
 * 5.3.4, fig. 49): the same comparisons whatever the keys, so no branch
 * on them to mispredict, where the loop of an insertion ends where the
 * keys say (a branch that follows no pattern). */
static void sort8(const uint64_t *k, uint64_t *out)
{
	uint64_t a = k[0], b = k[1], c = k[2], d = k[3], e = k[4], f = k[5], g = k[6], h = k[7];
	order(&a, &c);
	order(&b, &d);
	order(&e, &g);
	order(&f, &h);
	order(&a, &e);
	order(&b, &f);
	order(&c, &g);
	order(&d, &h);
	order(&a, &b);
	order(&c, &d);
	order(&e, &f);
	order(&g, &h);
	order(&c, &e);
	order(&d, &f);
	order(&b, &e);
	order(&d, &g);
	order(&b, &c);
	order(&d, &e);
	order(&f, &g);
	out[0] = a;
	out[1] = b;
	out[2] = c;
	out[3] = d;
	out[4] = e;
	out[5] = f;
	out[6] = g;
	out[7] = h;
}

/* The keys of s, sixteen at most, sorted without repeats: in two runs of
 * eight by sort8, the slots past the keys filled with the greatest key
 * (which sorts after them, and is not taken), merged and a repeat dropped
 * by the comparisons' results, not by branches on them.  Most questions
 * have a dozen keys or fewer. */
static void finish_small(ts_keyset *s)
{
	uint64_t *k = s->k;
	size_t n = s->n;
	/* (sixteen stores from n, not a loop to the sixteenth: k has room) */
	for (size_t i = 0; i < 16; i++)
		k[n + i] = UINT64_MAX;
	size_t o = 0;
	if (n <= 8) {
		/* one run: its repeats dropped */
		uint64_t r[8];
		sort8(k, r);
		uint64_t last = ~r[0];
		for (size_t t = 0; t < n; t++) {
			k[o] = r[t];
			o += r[t] != last;
			last = r[t];
		}
		s->n = o;
		return;
	}
	/* each run with the greatest key after it as often as a merge may
	 * take it on a tie with the other's: neither is read past them */
	uint64_t r[2][17];
	sort8(k, r[0]);
	sort8(k + 8, r[1]);
	for (size_t i = 8; i < 17; i++)
		r[0][i] = r[1][i] = UINT64_MAX;
	size_t i = 0, j = 0;
	/* (not the first key taken, the least) */
	uint64_t last = ~(r[0][0] < r[1][0] ? r[0][0] : r[1][0]);
	for (size_t t = 0; t < n; t++) {
		uint64_t x = r[0][i], y = r[1][j];
		size_t first = x <= y;
		uint64_t v = first ? x : y;
		i += first;
		j += first ^ 1;
		k[o] = v;
		o += v != last;
		last = v;
	}
	s->n = o;
}

static void keyset_finish(ts_keyset *s)
{
	if (s->n <= 16) {
		finish_small(s);
		return;
	}
	/* a question has a few dozen keys: inserting them costs less than
	 * qsort's calls of the comparison, and a repeat is dropped where it
	 * would go (the keys it moved moved back), not in a pass after */
	if (s->n <= 48) {
		size_t o = 0;  /* s->k[0..o): sorted, without repeats */
		for (size_t i = 0; i < s->n; i++) {
			uint64_t x = s->k[i];
			size_t j = o;
			for (; j && s->k[j - 1] > x; j--)
				s->k[j] = s->k[j - 1];
			if (j && s->k[j - 1] == x) {
				for (; j < o; j++)
					s->k[j] = s->k[j + 1];
				continue;
			}
			s->k[j] = x;
			o++;
		}
		s->n = o;
		return;
	}
	qsort(s->k, s->n, sizeof *s->k, cmp_key);
	size_t o = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!o || s->k[o - 1] != s->k[i])
			s->k[o++] = s->k[i];
	s->n = o;
}

/* Whether cp is a content character: CJK, and not one of the language's
 * function characters (particles, pronouns, copula, negation:
 * keys.function_characters), which carry no content for the overlap of
 * two questions.  Among the unified ideographs that is one bit
 * (ts_lang.key_function: set for a function character, and for one the
 * class table does not class CJK); elsewhere the list's table is probed
 * after the class, which rules out the punctuation.  in_bmp: cp is below
 * U+10000. */
static inline int content_char(const ts_textclass *tc, const ts_lang *lang, const ts_words *fc,
                               uint32_t cp, int in_bmp)
{
	uint32_t o = cp - TS_KEY_FUNCTION_FROM;
	if (o < TS_KEY_FUNCTION_SPAN)
		return !(lang->key_function[o / 64] >> (o % 64) & 1);
	ts_cclass c = in_bmp ? ts_classify_bmp(tc, cp) : ts_classify(tc, cp);
	return c.kind == TS_CK_CJK && !ts_words_is_char_inline(fc, cp);
}

/* Character cp after prev (0: none, or no content character) in a
 * stretch, a key with it in k[0..*nk) when both are content characters;
 * cp, or 0 when it is none, for the next.  The pair is stored at k[*nk]
 * whatever it is, and counted only when it is a key (and, when capped,
 * there is room): whether a character is one of content follows no
 * pattern a branch could predict, and its test missed in one character
 * of four. */
static inline __attribute__((always_inline)) uint32_t
pair_key(const ts_textclass *tc, const ts_lang *lang, const ts_words *fc, uint32_t prev, uint32_t cp,
         int in_bmp, uint64_t *k, size_t *nk, int capped)
{
	uint32_t content = (uint32_t)content_char(tc, lang, fc, cp, in_bmp);
	k[*nk] = (uint64_t)prev << 32 | cp;
	*nk += content & (prev != 0) & (!capped || *nk < TS_KEYS_MAX);
	return cp & -content;
}

/* Pairs of adjacent content characters: the CJK ones but the language's
 * function characters.  Characters of three bytes, nearly all of a
 * Chinese question, are read apart from the others, four a register of
 * sixteen bytes where SSE2 is (the four taken in turn, not by a loop:
 * gcc kept it one, a count and a branch a character), two a word of
 * eight bytes, while there are.  capped: the keys may pass TS_KEYS_MAX,
 * and each is counted only while there is room. */
static inline __attribute__((always_inline)) void
pair_keys_of(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n, ts_keyset *out,
             int capped)
{
	const unsigned char *u = (const unsigned char *)s;
	const ts_words *fc = &lang->list[TS_L_K_FUNCTION_CHARACTERS];
	uint32_t prev = 0;
	/* the count in a local: a store to k could alias out->n */
	uint64_t *k = out->k;
	size_t nk = out->n;
	for (size_t i = 0; i < n;) {
		uint32_t cp, b;
#if defined(__SSE2__)
		for (__m128i quad; n - i >= 16 && ts_sse_three_four(_mm_loadu_si128((const void *)(u + i)), &quad);
		     i += 12) {
			uint32_t c[4];
			_mm_storeu_si128((void *)c, quad);
			prev = pair_key(tc, lang, fc, prev, c[0], 1, k, &nk, capped);
			prev = pair_key(tc, lang, fc, prev, c[1], 1, k, &nk, capped);
			prev = pair_key(tc, lang, fc, prev, c[2], 1, k, &nk, capped);
			prev = pair_key(tc, lang, fc, prev, c[3], 1, k, &nk, capped);
		}
#endif
		for (; n - i >= 8 && ts_utf8_three_two(ts_swar_load(u + i), &cp, &b); i += 6) {
			prev = pair_key(tc, lang, fc, prev, cp, 1, k, &nk, capped);
			prev = pair_key(tc, lang, fc, prev, b, 1, k, &nk, capped);
		}
		if (i == n)
			break;
		size_t w = 3;
		if (n - i >= 3 && ts_utf8_three(u + i))
			cp = ts_utf8_three_cp(u + i);
		else if (!(w = ts_utf8_decode(u + i, n - i, &cp)))
			break;
		i += w;
		prev = pair_key(tc, lang, fc, prev, cp, w == 3, k, &nk, capped);
	}
	out->n = nk;
}

/* A text of TS_KEYS_MAX bytes or fewer (nearly every question) has fewer
 * characters, and fewer pairs: its keys are counted without a test of
 * room at each. */
static void pair_keys(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n,
                      ts_keyset *out)
{
	if (n <= TS_KEYS_MAX)
		pair_keys_of(tc, lang, s, n, out, 0);
	else
		pair_keys_of(tc, lang, s, n, out, 1);
}

/* Words of letters a to z, digits and apostrophes (ts_word_byte),
 * folded, hashed as they are read; the stop words (keys.stop_words) and words shorter than
 * keys.min_length left out.  A word's hash is the one the stop words are
 * looked up by: of its first 31 bytes, those kept. */
static void word_keys(const ts_lang *lang, const char *s, size_t n, ts_keyset *out)
{
	const ts_words *stop = &lang->list[TS_L_K_STOP_WORDS];
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		/* a word starts at a letter or digit; ’ (E2, 1 in the table)
		 * is none of its bytes, as it is in the first words */
		while (i < n && ts_word_byte[u[i]] < '0')
			i++;
		if (i == n)
			break;
		char w[32];
		size_t m = 0;
		uint64_t h = TS_FNV_INIT;
		for (unsigned char c; i < n && (c = ts_word_byte[u[i]]) > 1; i++)
			if (m + 1 < sizeof w) {
				w[m++] = (char)c;
				h = ts_fnv1a(h, &c, 1);
			}
		if (m >= (size_t)lang->min_word_length && ts_words_has_hashed(stop, w, m, h) < 0)
			keyset_add(out, h);
	}
}

/* Keys of a question (keys.by of its language): pairs of adjacent content
 * characters, or content words, hashed. */
void ts_keys(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n, ts_keyset *out)
{
	out->n = 0;
	if (lang->keys_by == TS_KEYS_PAIRS)
		pair_keys(tc, lang, s, n, out);
	else
		word_keys(lang, s, n, out);
	keyset_finish(out);
}

static size_t common(const uint64_t *a, size_t an, const uint64_t *b, size_t bn)
{
	size_t i = 0, j = 0, both = 0;
	/* each step by the comparison's results, not by branches on them:
	 * which list goes on follows no pattern, and a branch on it missed at
	 * every other step */
	while (i < an && j < bn) {
		uint64_t x = a[i], y = b[j];
		both += x == y;
		i += x <= y;
		j += y <= x;
	}
	return both;
}

static double overlap(const uint64_t *a, size_t an, const uint64_t *b, size_t bn)
{
	size_t small = an < bn ? an : bn;
	if (small < 2)
		return 0;
	return (double)common(a, an, b, bn) / (double)small;
}

size_t ts_keys_common(const ts_keyset *a, const ts_keyset *b)
{
	return common(a->k, a->n, b->k, b->n);
}

double ts_keys_overlap(const ts_keyset *a, const ts_keyset *b)
{
	return overlap(a->k, a->n, b->k, b->n);
}

/* A key's bit among 64, from both halves (a pair's two characters). */
static uint64_t key_bit(uint64_t k)
{
	return (uint64_t)1 << ((k ^ k >> 32) & 63);
}

int ts_keylist_set(ts_keylist *l, const ts_keyset *set)
{
	if (TS_GROW(l->k, l->cap, set->n ? set->n : 1))
		return -1;
	/* copied and the bits found in one pass, the bits in a local (a
	 * store to l->bits could alias the keys, and was made at each): a
	 * question has half a dozen keys, fewer than a call of memcpy is
	 * worth */
	uint64_t *k = l->k, bits = 0;
	size_t n = set->n;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = set->k[i];
		k[i] = x;
		bits |= key_bit(x);
	}
	l->n = n;
	l->bits = bits;
	return 0;
}

double ts_keylist_overlap(const ts_keylist *a, const ts_keylist *b)
{
	return overlap(a->k, a->n, b->k, b->n);
}
