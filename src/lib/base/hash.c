/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

int ts_hindex_reserve(ts_hindex *x, size_t items, uint64_t (*hash)(const void *arg, size_t item),
                      const void *arg)
{
	if (items * 2 <= x->cap)
		return 0;
	if (items > UINT32_MAX)
		return -1;
	size_t cap = x->cap ? x->cap : 16;
	while (cap < items * 2)
		cap *= 2;
	ts_hslot *slot = calloc(cap, sizeof *slot);
	if (!slot)
		return -1;
	size_t n = x->n;
	free(x->slot);
	x->slot = slot;
	x->cap = cap;
	x->gen = 1;
	x->n = 0;
	for (size_t i = 0; i < n; i++)
		ts_hindex_put(x, hash(arg, i), i);
	return 0;
}

void ts_hindex_put(ts_hindex *x, uint64_t h, size_t item)
{
	size_t at = ts_hindex_start(x, h), dummy;
	while (ts_hindex_taken(x, at, &dummy))
		at = ts_hindex_next(x, at);
	x->slot[at] = (ts_hslot){x->gen, (uint32_t)item};
	x->n++;
}

void ts_hindex_clear(ts_hindex *x)
{
	x->n = 0;
	if (++x->gen == 0) {  /* the stamps wrapped: forget them all */
		if (x->slot)
			memset(x->slot, 0, x->cap * sizeof *x->slot);
		x->gen = 1;
	}
}

void ts_hindex_free(ts_hindex *x)
{
	free(x->slot);
	memset(x, 0, sizeof *x);
}
