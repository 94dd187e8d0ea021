/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A set of strings kept in one buffer, each with its number in the order
 * added, found by hash: the speakers of the row readers (read/speakers.c)
 * and their recordings and conversations. */
#ifndef TS_STRSET_H
#define TS_STRSET_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/swar.h"
#include "talkstat.h"

typedef struct ts_strset {
	ts_buf strs;
	size_t *off; size_t n, cap;  /* item i is strs.ptr + off[i], NUL-terminated */
	ts_hindex ix;
} ts_strset;

static inline uint64_t ts_strset_hash(const char *s, size_t n)
{
	return ts_fnv1a(TS_FNV_INIT, s, n);
}

/* The length of item i: items lie one after another, each with its NUL. */
static inline size_t ts_strset_len(const ts_strset *x, size_t i)
{
	return (i + 1 < x->n ? x->off[i + 1] : x->strs.len) - x->off[i] - 1;
}

static inline uint64_t ts_strset_item_hash(const void *arg, size_t i)
{
	const ts_strset *x = arg;
	return ts_strset_hash(x->strs.ptr + x->off[i], ts_strset_len(x, i));
}

/* Whether item i is s[0..n). */
static inline int ts_strset_is(const ts_strset *x, size_t i, const char *s, size_t n)
{
	return ts_strset_len(x, i) == n && ts_swar_same(x->strs.ptr + x->off[i], s, n);
}

/* Sets of at most this many items are searched one by one: cheaper than
 * hashing, as a recording has a handful of speakers in turn. */
#define TS_STRSET_FEW 8

/* The item of s[0..n) in x, or -1. */
static inline long ts_strset_find(const ts_strset *x, const char *s, size_t n)
{
	if (x->n <= TS_STRSET_FEW) {
		for (size_t i = 0; i < x->n; i++)
			if (ts_strset_is(x, i, s, n))
				return (long)i;
		return -1;
	}
	size_t i;
	for (size_t at = ts_hindex_start(&x->ix, ts_strset_hash(s, n)); ts_hindex_taken(&x->ix, at, &i);
	     at = ts_hindex_next(&x->ix, at))
		if (ts_strset_is(x, i, s, n))
			return (long)i;
	return -1;
}

/* Add s[0..n) (not in x) as item x->n; 0 or TS_ENOMEM. */
static inline int ts_strset_add(ts_strset *x, const char *s, size_t n)
{
	if (TS_GROW(x->off, x->cap, x->n + 1) ||
	    ts_hindex_reserve(&x->ix, x->n + 1, ts_strset_item_hash, x))
		return TS_ENOMEM;
	x->off[x->n] = x->strs.len;
	if (ts_buf_append(&x->strs, s, n) || ts_buf_append(&x->strs, "", 1))
		return TS_ENOMEM;
	ts_hindex_put(&x->ix, ts_strset_hash(s, n), x->n++);
	return 0;
}

static inline void ts_strset_clear(ts_strset *x)
{
	x->strs.len = 0;
	x->n = 0;
	ts_hindex_clear(&x->ix);
}

static inline void ts_strset_free(ts_strset *x)
{
	ts_buf_free(&x->strs);
	free(x->off);
	ts_hindex_free(&x->ix);
}

#endif
