/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The table of far steps (match_int.h): made once a run's scans have
 * walked enough far steps to pay for it, by one thread, for all. */
#include "config.h"

#include "analyse/match_int.h"

#include <stdlib.h>
#include <string.h>

/* The far steps of node q that are not the root's, their symbols into
 * sy[] and steps into st[]: q's children by far symbols, then those of the
 * nodes of its failure chain with far children (far_fail) by the symbols
 * not yet taken, as ts_match_walk finds them.  mark[s] == q + 1 for a
 * symbol taken.  Their number. */
static size_t far_row(const ts_matcher *m, uint32_t q, uint32_t *mark, uint32_t *sy, uint32_t *st)
{
	size_t k = 0;
	for (uint32_t u = q; u; u = m->far_fail[u]) {
		const node *un = &m->nodes[u];
		for (uint32_t c = 0; c < un->nchild; c++) {
			uint32_t s = m->csym[un->child + c];
			if (s < NEAR || mark[s] == q + 1)
				continue;
			mark[s] = q + 1;
			sy[k] = s;
			st[k++] = ts_match_step_to(m, un->child + c + 1);
		}
	}
	return k;
}

/* Room for slots [0, need) of f->tab, new ones empty, and for their bits
 * in occ (taken slots) and used (bases given), with a word past them for
 * bits_at. */
static int far_room(ts_far *f, uint64_t **occ, uint64_t **used, size_t need, size_t *cap)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 1024;
	while (c < need)
		c *= 2;
	ts_far_slot *t = realloc(f->tab, c * sizeof *t);
	if (t)
		f->tab = t;
	uint64_t *o = realloc(*occ, (c / 64 + 1) * sizeof *o);
	if (o)
		*occ = o;
	uint64_t *u = realloc(*used, (c / 64 + 1) * sizeof *u);
	if (u)
		*used = u;
	if (!t || !o || !u)
		return -1;
	for (size_t i = *cap; i < c; i++)
		t[i] = (ts_far_slot){NONE, 0};
	memset(o + *cap / 64, 0, (c / 64 + 1 - *cap / 64) * sizeof *o);
	memset(u + *cap / 64, 0, (c / 64 + 1 - *cap / 64) * sizeof *u);
	*cap = c;
	return 0;
}

/* The 64 bits of bitmap w from bit i on. */
static inline uint64_t bits_at(const uint64_t *w, size_t i)
{
	unsigned sh = (unsigned)(i & 63);
	uint64_t lo = w[i >> 6] >> sh;
	return sh ? lo | w[(i >> 6) + 1] << (64 - sh) : lo;
}

/* Each row at the first base where its slots are free, looked for 64
 * bases at a time in occ, the bitmap of slots taken, from the first free
 * slot on, but no further back than FAR_BACK bases before the row placed
 * last.  Rows in node order fill the table from the start much as first
 * fit would (placed longest first, the alike rows of a failure chain
 * collided more).  Trying one slot at a time, first fit took the built-in
 * lexicons' rows 54,000 tries, 3M instructions, and windows from the first
 * free slot on as much; this some 1M, for 6,566 slots where first fit took
 * 5,939.  A node without far steps of its own has its far_fail's row. */
#define FAR_BACK 128

static int build_far(const ts_matcher *m, ts_far *f)
{
	size_t cap = 0, top = m->nsym + 1, lo = 0, span = m->nsym + 129, last = 0;
	uint32_t *mark = calloc(m->nsym + 1, sizeof *mark);
	uint32_t *sy = malloc((m->nsym + 1) * sizeof *sy);
	uint32_t *st = malloc((m->nsym + 1) * sizeof *st);
	uint64_t *occ = NULL, *used = NULL;
	f->base = malloc(m->nnodes * sizeof *f->base);
	int rc = 0;
	if (!mark || !sy || !st || !f->base || far_room(f, &occ, &used, span, &cap)) {
		rc = -1;
		goto done;
	}
	f->base[0] = 0;
	used[0] = 1;
	for (uint32_t q = 1; q < m->nnodes; q++) {
		/* far_fail[q] is shallower: done */
		if (!ts_match_far_children(m, q)) {
			f->base[q] = f->base[m->far_fail[q]];
			continue;
		}
		size_t k = far_row(m, q, mark, sy, st);
		/* no base below the first free slot less a symbol's */
		while (occ[lo] == UINT64_MAX)
			lo++;
		size_t b = lo * 64 > sy[0] ? lo * 64 - sy[0] : 0;
		if (b + FAR_BACK < last)
			b = last - FAR_BACK;
		for (;;) {
			/* the words read lie below b + nsym + 128 */
			if (b + span > cap && far_room(f, &occ, &used, b + span, &cap)) {
				rc = -1;
				goto done;
			}
			/* most windows are blocked by a symbol or two */
			uint64_t taken = bits_at(used, b);
			for (size_t j = 0; j < k && ~taken; j++)
				taken |= bits_at(occ, b + sy[j]);
			if (~taken) {
				b += (size_t)__builtin_ctzll(~taken);
				break;
			}
			b += 64;
		}
		f->base[q] = (uint32_t)b;
		used[b >> 6] |= (uint64_t)1 << (b & 63);
		last = b;
		for (size_t j = 0; j < k; j++) {
			size_t i = b + sy[j];
			f->tab[i] = (ts_far_slot){(uint32_t)b, st[j]};
			occ[i >> 6] |= (uint64_t)1 << (i & 63);
		}
		if (b + m->nsym + 1 > top)
			top = b + m->nsym + 1;
	}
	f->n = top;
done:
	free(mark);
	free(sy);
	free(st);
	free(occ);
	free(used);
	return rc;
}

const ts_far *ts_match_far_make(const ts_matcher *m)
{
	far_lazy *z = m->far;
	const ts_far *far = ts_match_far_ready(m);
	if (far)
		return far;
	pthread_mutex_lock(&z->lock);
	far = atomic_load_explicit(&z->far, memory_order_relaxed);
	if (!far && !z->failed) {
		if (build_far(m, &z->made)) {
			free(z->made.base);
			free(z->made.tab);
			z->made = (ts_far){0};
			z->failed = 1;
		} else {
			far = &z->made;
			atomic_store_explicit(&z->far, far, memory_order_release);
		}
	}
	pthread_mutex_unlock(&z->lock);
	return far;
}
