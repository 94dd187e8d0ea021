/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Eight bytes at a time: the tests the scanners use to skip the plain
 * bytes of a line or a string, one word (loaded with memcpy) at a time.
 * Each is nonzero exactly when some byte of w is one it looks for; which
 * bits are set beyond that is not to be read (a borrow may mark a byte
 * above a found one). */
#ifndef TS_SWAR_H
#define TS_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TS_ONES8 0x0101010101010101ull
#define TS_HIGHS8 0x8080808080808080ull

/* Some byte of w is 0. */
static inline uint64_t ts_swar_zero(uint64_t w)
{
	return (w - TS_ONES8) & ~w & TS_HIGHS8;
}

/* Some byte of w is c. */
static inline uint64_t ts_swar_eq(uint64_t w, unsigned char c)
{
	return ts_swar_zero(w ^ (TS_ONES8 * c));
}

/* Some byte of w is below c (c at most 0x80). */
static inline uint64_t ts_swar_below(uint64_t w, unsigned char c)
{
	return (w - TS_ONES8 * c) & ~w & TS_HIGHS8;
}

/* Bit 7 of each byte of w that is c, and of no other: no borrow crosses a
 * byte, so the bits may be counted and found (the lowest is the first
 * byte on a little-endian machine). */
static inline uint64_t ts_swar_eq_bytes(uint64_t w, unsigned char c)
{
	const uint64_t low7 = TS_ONES8 * 0x7F;
	uint64_t x = w ^ (TS_ONES8 * c);
	return ~(((x & low7) + low7) | x) & TS_HIGHS8;
}

/* How many bytes of m have bit 7 set, m having no other bits (as the
 * tests above give): one multiplication, where a popcount instruction may
 * not be there (x86-64's baseline has none). */
static inline size_t ts_swar_count(uint64_t m)
{
	return (size_t)(((m >> 7) * TS_ONES8) >> 56);
}

/* The bits set in x, by adding neighbouring counts: x86-64's baseline has
 * no popcount instruction, and __builtin_popcountll calls a library
 * function that costs more than these dozen instructions. */
static inline unsigned ts_swar_popcount(uint64_t x)
{
	x -= x >> 1 & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* Bit 7 of each byte of w from lo to hi (both below 0x80), and of no
 * other: exact, so the bits may be counted.  The low seven bits of each
 * byte are added to, which cannot carry out of the byte; a byte of 0x80
 * and above is never in the range. */
static inline uint64_t ts_swar_range(uint64_t w, unsigned char lo, unsigned char hi)
{
	const uint64_t low7 = TS_ONES8 * 0x7F;
	uint64_t x = w & low7;
	uint64_t ge = x + TS_ONES8 * (unsigned char)(0x80 - lo);  /* bit 7: x >= lo */
	uint64_t gt = x + TS_ONES8 * (unsigned char)(0x7F - hi);  /* bit 7: x > hi */
	return ge & ~gt & ~w & TS_HIGHS8;
}

/* Eight bytes from p as a word whose lowest byte is p[0], on a machine of
 * either byte order: the tests that find a byte's place (the lowest bit
 * set is the first byte) and ts_swar_digits read words loaded so. */
static inline uint64_t ts_swar_load(const void *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* The value of the k decimal digits (1 to 8) that start w (ts_swar_load:
 * the first in its lowest byte): the digits moved to the top bytes (the
 * bytes below them read as leading zeros), then the pairs, fours and eights
 * of digits joined by three multiplications. */
static inline uint64_t ts_swar_digits(uint64_t w, unsigned k)
{
	uint64_t d = (w - TS_ONES8 * '0') << (8 * (8 - k));
	d = ((d & 0x0F0F0F0F0F0F0F0Full) * 2561) >> 8;
	d = ((d & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
	return ((d & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32;
}

/* a[0..n) and b[0..n) are the same bytes: for the short strings of a row
 * (a recording's id, a speaker's name), compared on every row, where a
 * call to memcmp costs more than the comparison. */
static inline int ts_swar_same(const char *a, const char *b, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return 0;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Some byte of w is one a JSON string cannot hold as it is: '"', '\\' or
 * a control character (below 0x20). */
static inline uint64_t ts_swar_json_special(uint64_t w)
{
	return ts_swar_eq(w, '"') | ts_swar_eq(w, '\\') | ts_swar_below(w, 0x20);
}

/* The first byte of s[i..n) (i <= n) that is '"', '\\' or a control
 * character, looked for eight bytes at a time: the lowest byte flagged in
 * a word is one (a borrow only runs upward, from a byte that matches).
 * When the whole words hold none, where the last bytes start (fewer than
 * eight), for the caller to look at one by one. */
static inline size_t ts_swar_json_stop(const char *s, size_t n, size_t i)
{
	for (; i + 8 <= n; i += 8) {
		uint64_t m = ts_swar_json_special(ts_swar_load(s + i));
		if (m)
			return i + ((size_t)__builtin_ctzll(m) >> 3);
	}
	return i;
}

#if defined(__SSE2__)
#include <emmintrin.h>

/* The same sixteen bytes at a time, where every x86-64 can (SSE2 is part
 * of its baseline): a byte of the result is all ones where the test holds
 * for the byte of v, 0 elsewhere (_mm_movemask_epi8 gathers them as a
 * 16-bit mask, bit k for byte k).  The bytes of v equal to c: */
static inline __m128i ts_sse_eq(__m128i v, unsigned char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
}

/* The bytes of v from lo to hi: x - lo is at most hi - lo, compared
 * unsigned. */
static inline __m128i ts_sse_in(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i x = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
	return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)(hi - lo))), x);
}

/* Whether the first twelve of the sixteen bytes of v are four characters
 * of three bytes as ts_utf8_three takes them (base/text.h: leads 1110xxxx
 * but E0, overlong there, and ED, surrogates; continuations 10xxxxxx),
 * tested at once; their code points then in the four lanes of *cp, each
 * character moved to a lane of its own (character k from byte 3k to byte
 * 4k) and decoded there: a run of ideographs four at a time. */
static inline int ts_sse_three_four(__m128i v, __m128i *cp)
{
	const __m128i form_mask = _mm_setr_epi32((int)0xF0C0C0F0, (int)0xC0F0C0C0, (int)0xC0C0F0C0, 0);
	const __m128i form = _mm_setr_epi32((int)0xE08080E0, (int)0x80E08080, (int)0x8080E080, 0);
	/* the lead's four bits and the continuations' six of the character
	 * in each lane */
	const __m128i l0 = _mm_setr_epi32(0x3F3F0F, 0, 0, 0);
	const __m128i l1 = _mm_setr_epi32(0, 0x3F3F0F, 0, 0);
	const __m128i l2 = _mm_setr_epi32(0, 0, 0x3F3F0F, 0);
	const __m128i l3 = _mm_setr_epi32(0, 0, 0, 0x3F3F0F);
	/* no continuation byte is E0 or ED */
	__m128i bad = _mm_or_si128(ts_sse_eq(v, 0xE0), ts_sse_eq(v, 0xED));
	__m128i formed = _mm_cmpeq_epi8(_mm_and_si128(v, form_mask), form);
	if ((_mm_movemask_epi8(_mm_andnot_si128(bad, formed)) & 0xFFF) != 0xFFF)
		return 0;
	__m128i r = _mm_or_si128(
	        _mm_or_si128(_mm_and_si128(v, l0), _mm_and_si128(_mm_slli_si128(v, 1), l1)),
	        _mm_or_si128(_mm_and_si128(_mm_slli_si128(v, 2), l2),
	                     _mm_and_si128(_mm_slli_si128(v, 3), l3)));
	*cp = _mm_or_si128(_mm_or_si128(_mm_and_si128(_mm_slli_epi32(r, 12), _mm_set1_epi32(0xF000)),
	                                _mm_and_si128(_mm_srli_epi32(r, 2), _mm_set1_epi32(0xFC0))),
	                   _mm_srli_epi32(r, 16));
	return 1;
}
#endif

#endif
