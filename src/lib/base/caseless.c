/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/caseless.h"

#include <string.h>
#include <utf8proc.h>

#include "base/hash.h"
#include "base/text.h"
#include "base/swar.h"

uint32_t ts_ci_fold(uint32_t cp)
{
	if (cp < 0x80)
		return (uint32_t)ts_ascii_lower((int)cp);
	if (cp == 0x2019)
		return '\'';
	/* CJK radicals to Yi, Han and kana among them: nothing there has case
	 * (checked against utf8proc), and Chinese text is mostly there */
	if (cp >= 0x2E80 && cp < 0xA640)
		return cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

int ts_ci_caseless_char(uint32_t cp)
{
	if (cp < 0x80)
		return cp != '\'' && !ts_ascii_letter((int)cp);
	if (cp == 0x2019 || ts_ci_fold(cp) != cp)
		return 0;
	/* what utf8proc lowers letters into: lower-case letters, letter
	 * numbers (Ⅻ ⅻ) and other symbols (Ⓐ ⓐ) */
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c != UTF8PROC_CATEGORY_LL && c != UTF8PROC_CATEGORY_LT && c != UTF8PROC_CATEGORY_NL &&
	       c != UTF8PROC_CATEGORY_SO;
}

/* 8 bytes of ASCII (no high bit set) with A to Z lowered at once: a
 * byte's high bit after adding 0x3F says >= 'A', after adding 0x25 > 'Z'
 * (no carry crosses a byte below 0x80); 0x20 is that bit shifted by 2. */
static inline uint64_t lower8(uint64_t w)
{
	uint64_t upper = (w + 0x3F3F3F3F3F3F3F3Full) & ~(w + 0x2525252525252525ull) & TS_HIGHS8;
	return w | upper >> 2;
}

/* The ASCII run at s[0..n) lowered into o, 8 bytes at a time while
 * they are ASCII; how many bytes it did (the rest starts with a byte of
 * 0x80 or above, or is shorter than 8). */
static inline size_t lower_ascii8(const char *s, size_t n, char *o)
{
	size_t j = 0;
	for (; n - j >= 8; j += 8) {
		uint64_t w;
		memcpy(&w, s + j, 8);
		if (w & TS_HIGHS8)
			break;
		w = lower8(w);
		memcpy(o + j, &w, 8);
	}
	return j;
}

#if defined(__SSE2__)
/* Sixteen bytes of ASCII with A to Z lowered. */
static inline __m128i lower16(__m128i v)
{
	return _mm_or_si128(v, _mm_and_si128(ts_sse_in(v, 'A', 'Z'), _mm_set1_epi8(0x20)));
}
#endif

/* lower_ascii8 sixteen bytes at a time where SSE2 is (every x86-64):
 * the last bytes of a run of sixteen or more, all ASCII, by the sixteen
 * that end them, lowered again the same, not by the eight and a byte
 * loop (a sentence is folded for its questions, some fifty bytes); the
 * blocks before them in a loop of their own, which tests no end. */
static inline size_t lower_ascii(const char *s, size_t n, char *o)
{
#if defined(__SSE2__)
	size_t j = 0;
	if (n >= 16) {
		/* the blocks before the last sixteen bytes, then those */
		for (; n - j > 16; j += 16) {
			__m128i v = _mm_loadu_si128((const void *)(s + j));
			if (_mm_movemask_epi8(v))
				return j + lower_ascii8(s + j, n - j, o + j);
			_mm_storeu_si128((void *)(o + j), lower16(v));
		}
		__m128i v = _mm_loadu_si128((const void *)(s + n - 16));
		if (!_mm_movemask_epi8(v)) {
			_mm_storeu_si128((void *)(o + n - 16), lower16(v));
			return n;
		}
	}
	return j + lower_ascii8(s + j, n - j, o + j);
#else
	return lower_ascii8(s, n, o);
#endif
}

/* The n bytes (n <= 8) that w holds, ASCII, lowered into o. */
static inline void lower_word(uint64_t w, char *o, size_t n)
{
	w = lower8(w);
	memcpy(o, &w, n);
}

/* The whole of s[0..n) lowered into o when it is all ASCII, the bytes
 * past the last whole block by a load that overlaps it, not a loop: a
 * sentence is folded for its questions, a fifth of them a word or two
 * ("Mm", "Sure") and the rest a few blocks, where lower_ascii's tail,
 * the byte loop after it and the tests between them cost more than the
 * blocks.  0 when some byte is 0x80 or up (o then holds a part, for the
 * general way to write again). */
static inline int lower_all_ascii(const char *s, size_t n, char *o)
{
#if defined(__SSE2__)
	if (n >= 16) {
		__m128i any = _mm_setzero_si128();
		for (size_t j = 0; n - j > 16; j += 16) {
			__m128i v = _mm_loadu_si128((const void *)(s + j));
			any = _mm_or_si128(any, v);
			_mm_storeu_si128((void *)(o + j), lower16(v));
		}
		__m128i v = _mm_loadu_si128((const void *)(s + n - 16));
		any = _mm_or_si128(any, v);
		_mm_storeu_si128((void *)(o + n - 16), lower16(v));
		return !_mm_movemask_epi8(any);
	}
#endif
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		uint64_t any = 0;
		for (size_t j = 0; n - j > 8; j += 8) {
			memcpy(&a, s + j, 8);
			any |= a;
			lower_word(a, o + j, 8);
		}
		memcpy(&b, s + n - 8, 8);
		if ((any | b) & TS_HIGHS8)
			return 0;
		lower_word(b, o + n - 8, 8);
		return 1;
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		if ((a | b) & TS_HIGHS8)
			return 0;
		lower_word(a, o, 4);
		lower_word(b, o + n - 4, 4);
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		a = a << 8 | (unsigned char)s[i];
	if (a & TS_HIGHS8)
		return 0;
	for (size_t i = 0; i < n; i++)
		o[i] = (char)ts_ascii_lower((unsigned char)s[i]);
	return 1;
}

int ts_ci_fold_text(const char *s, size_t n, ts_buf *out)
{
	/* all ASCII, as most texts are: in one go */
	if (ts_buf_reserve(out, n + 4))
		return -1;
	if (lower_all_ascii(s, n, out->ptr + out->len)) {
		out->len += n;
		out->ptr[out->len] = '\0';
		return 0;
	}
	for (size_t i = 0; i < n;) {
		/* room for the rest as it is: only a few characters (İ) grow */
		if (ts_buf_reserve(out, n - i + 4))
			return -1;
		char *o = out->ptr + out->len;
		size_t j = i + lower_ascii(s + i, n - i, o);
		o += j - i;
		for (; j < n && (unsigned char)s[j] < 0x80; j++) {
			unsigned char c = (unsigned char)s[j];
			*o++ = (char)ts_ascii_lower(c);
		}
		out->len += j - i;
		i = j;
		if (i == n)
			break;
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k) {
			out->ptr[out->len++] = s[i++];
			continue;
		}
		utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)ts_ci_fold(cp),
		                                          (utf8proc_uint8_t *)out->ptr + out->len);
		out->len += (size_t)m;
		i += k;
	}
	if (ts_buf_reserve(out, 1))
		return -1;
	out->ptr[out->len] = '\0';
	return 0;
}

int ts_ci_fold_aligned(const char *s, size_t n, char *out)
{
	if (lower_all_ascii(s, n, out))
		return 1;
	for (size_t i = 0; i < n;) {
		i += lower_ascii(s + i, n - i, out + i);
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			out[i++] = (char)ts_ascii_lower(c);
			continue;
		}
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k)
			return 0;
		utf8proc_uint8_t u[4];
		if ((size_t)utf8proc_encode_char((utf8proc_int32_t)ts_ci_fold(cp), u) != k)
			return 0;
		memcpy(out + i, u, k);
		i += k;
	}
	return 1;
}

/* The code point at s[0..n), folded unless `as_is`, and its length; an
 * invalid byte is itself, 1 byte long, offset past U+10FFFF so it equals
 * no character. */
static inline size_t next_cp(const char *s, size_t n, uint32_t *cp, int as_is)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*cp = as_is ? c : (uint32_t)ts_ascii_lower(c);
		return 1;
	}
	size_t k = ts_utf8_decode((const unsigned char *)s, n, cp);
	if (!k) {
		*cp = 0x110000u + c;
		return 1;
	}
	if (!as_is)
		*cp = ts_ci_fold(*cp);
	return k;
}

static inline size_t next(const char *s, size_t n, uint32_t *cp)
{
	return next_cp(s, n, cp, 0);
}

static inline size_t prefix(const char *s, size_t n, const char *p, size_t m, int p_folded)
{
	size_t i = 0, j = 0;
	while (j < m) {
		if (i >= n)
			return 0;
		unsigned char a0 = (unsigned char)s[i], b0 = (unsigned char)p[j];
		if (a0 < 0x80 && b0 < 0x80) {
			/* ASCII on both sides, most of the time */
			if (ts_ascii_lower(a0) != (p_folded ? b0 : ts_ascii_lower(b0)))
				return 0;
			i++;
			j++;
			continue;
		}
		uint32_t a, b;
		i += next(s + i, n - i, &a);
		j += next_cp(p + j, m - j, &b, p_folded);
		if (a != b)
			return 0;
	}
	return i;
}

/* Whether the first bytes of two texts show that they start with
 * different characters without case: both are ASCII or lead bytes of
 * U+3000..U+9FFF (kana, CJK: each folds to itself and nothing else folds
 * to it), and they differ when ASCII is folded.  Most calls end here. */
static inline int differ_at_once(unsigned char a, unsigned char b)
{
	int simple_a = a < 0x80 || (a >= 0xE3 && a <= 0xE9);
	int simple_b = b < 0x80 || (b >= 0xE3 && b <= 0xE9);
	return simple_a && simple_b && ts_ascii_lower(a) != ts_ascii_lower(b);
}

/* differ_at_once over the whole first character when it is one of
 * U+3000..U+9FFF in both (three bytes each): Chinese phrases mostly share
 * their first byte. */
static inline int first_differs(const char *s, size_t n, const char *p, size_t m)
{
	const unsigned char *a = (const unsigned char *)s, *b = (const unsigned char *)p;
	if (differ_at_once(a[0], b[0]))
		return 1;
	return a[0] >= 0xE3 && a[0] <= 0xE9 && n >= 3 && m >= 3 && (a[1] != b[1] || a[2] != b[2]);
}

size_t ts_ci_prefix(const char *s, size_t n, const char *p)
{
	/* p's length only once its first character is the text's: callers
	 * try words in turn (ts_lexicon_trim_target's leads) and most end
	 * at the first character.  first_differs asks only whether p has
	 * 3 bytes or more. */
	if (!n || !*p || first_differs(s, n, p, p[1] && p[2] ? 3 : 1))
		return 0;
	return prefix(s, n, p, strlen(p), 0);
}

uint32_t ts_ci_first(const char *s, size_t n)
{
	uint32_t cp;
	next(s, n, &cp);
	return cp;
}

size_t ts_ci_prefix_folded(const char *s, size_t n, const char *p, size_t m)
{
	if (!n || !m || first_differs(s, n, p, m))
		return 0;
	return prefix(s, n, p, m, 1);
}

size_t ts_ci_find(const char *s, size_t n, const char *p, size_t *len)
{
	/* Most places are ruled out by their first byte (differ_at_once), or
	 * are a byte inside a character, which is no character unless p
	 * starts with such a byte. */
	size_t m = strlen(p);
	uint32_t first;
	int valid = m && ts_utf8_decode((const unsigned char *)p, m, &first) != 0;
	unsigned char p0 = (unsigned char)p[0];
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (differ_at_once(c, p0) || (valid && c >= 0x80 && c < 0xC0))
			continue;
		size_t k = prefix(s + i, n - i, p, m, 0);
		if (k) {
			*len = k;
			return i;
		}
	}
	*len = 0;
	return n;
}

int ts_ci_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		uint32_t x, y;
		i += next(a + i, an - i, &x);
		j += next(b + j, bn - j, &y);
		if (x != y)
			return 0;
	}
	return i == an && j == bn;
}

uint64_t ts_ci_hash(const char *s, size_t n)
{
	uint64_t h = TS_FNV_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += next(s + i, n - i, &cp);
		h = ts_fnv1a(h, &cp, sizeof cp);
	}
	return h;
}
