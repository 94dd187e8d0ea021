/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Eight bytes at a time: the tests the scanners use to skip the plain
 * bytes of a line or a string, one word (loaded with memcpy) at a time.
 * Each is nonzero exactly when some byte of w is one it looks for; which
 * bits are set beyond that is not to be read (a borrow may mark a byte
 * above a found one). */
#ifndef TS_SWAR_H
#define TS_SWAR_H

#include <stdint.h>

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

/* Some byte of w is one a JSON string cannot hold as it is: '"', '\\' or
 * a control character (below 0x20). */
static inline uint64_t ts_swar_json_special(uint64_t w)
{
	return ts_swar_eq(w, '"') | ts_swar_eq(w, '\\') | ts_swar_below(w, 0x20);
}

#endif
