/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Hashing and the one open-addressing index of the library: a table of
 * item numbers over items kept elsewhere (an array); the caller hashes and
 * compares, the index probes.  At most half full, so every probe ends at
 * an empty slot.  Slots carry a generation stamp, so that forgetting every
 * item (a call's metadata keys, call after call) costs nothing. */
#ifndef TS_HASH_H
#define TS_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The start of a hash: FNV-1a's offset basis short of its last digit
 * (1469598103934665603, not 14695981039346656037), as the project has
 * always had it; the bootstrap's seeds come from it, so it stays. */
#define TS_FNV_INIT 1469598103934665603ULL

/* FNV-1a's step (64 bits) over n bytes, continuing from h (TS_FNV_INIT to
 * start). */
static inline uint64_t ts_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

typedef struct ts_hslot {
	uint32_t gen;   /* the slot is taken when it is the index's */
	uint32_t item;
} ts_hslot;

typedef struct ts_hindex {
	ts_hslot *slot;
	size_t cap;     /* a power of two, or 0 */
	size_t n;       /* items put since the last clear */
	uint32_t gen;
} ts_hindex;

/* Probing for hash h: the first slot, then ts_hindex_next while the slot
 * is taken:
 *     for (at = ts_hindex_start(x, h); ts_hindex_taken(x, at, &item);
 *          at = ts_hindex_next(x, at))
 *             if (same(item)) return item;                                */
static inline size_t ts_hindex_start(const ts_hindex *x, uint64_t h)
{
	return x->cap ? (size_t)h & (x->cap - 1) : 0;
}

static inline size_t ts_hindex_next(const ts_hindex *x, size_t at)
{
	return (at + 1) & (x->cap - 1);
}

static inline int ts_hindex_taken(const ts_hindex *x, size_t at, size_t *item)
{
	if (!x->cap || x->slot[at].gen != x->gen)
		return 0;
	*item = x->slot[at].item;
	return 1;
}

/* Another item for the taken slot at (one that stands for the same key
 * now); the item must be below 2^32, as every item reserved is. */
static inline void ts_hindex_set(ts_hindex *x, size_t at, size_t item)
{
	x->slot[at].item = (uint32_t)item;
}

/* Room for `items` items in all: when the table would be more than half
 * full, one twice as large (at least), every item 0..n-1 put again by
 * hash(arg, item).  0, or -1 when out of memory or past 2^32 items. */
int ts_hindex_reserve(ts_hindex *x, size_t items, uint64_t (*hash)(const void *arg, size_t item),
                      const void *arg);

/* Put item with hash h in the first free slot of its probe (room
 * reserved). */
void ts_hindex_put(ts_hindex *x, uint64_t h, size_t item);

/* Forget every item; the slots stay allocated. */
void ts_hindex_clear(ts_hindex *x);

void ts_hindex_free(ts_hindex *x);

#endif
