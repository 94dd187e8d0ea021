/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "aggregate/multiset.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "base/buf.h"

typedef struct pairs {
	double *val;
	uint64_t *cnt;
	size_t k;
} pairs;

/* Append (v, c) to an ascending list, adding to the last run when equal. */
static void push(pairs *p, double v, uint64_t c)
{
	if (p->k && p->val[p->k - 1] == v) {
		p->cnt[p->k - 1] += c;
	} else {
		p->val[p->k] = v;
		p->cnt[p->k++] = c;
	}
}

/* Merge two ascending lists into out (room for a.k + b.k). */
static void merge(const pairs *a, const pairs *b, pairs *out)
{
	size_t i = 0, j = 0;
	out->k = 0;
	while (i < a->k || j < b->k) {
		if (j >= b->k || (i < a->k && a->val[i] <= b->val[j])) {
			push(out, a->val[i], a->cnt[i]);
			i++;
		} else {
			push(out, b->val[j], b->cnt[j]);
			j++;
		}
	}
}

static int alloc_pairs(pairs *p, size_t n)
{
	p->k = 0;
	p->val = malloc((n ? n : 1) * sizeof *p->val);
	p->cnt = malloc((n ? n : 1) * sizeof *p->cnt);
	if (p->val && p->cnt)
		return 0;
	free(p->val);
	free(p->cnt);
	return -1;
}

static int cmp_index(const void *a, const void *b, void *val)
{
	const double *v = val;
	double x = v[*(const size_t *)a], y = v[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* v[0..n) in ascending order, as gsl_sort leaves it but in linear time:
 * the values come from ts_ms_add, so -0.0 is not among them and equal
 * values are equal bits, and the order is the only one.  A radix sort of
 * the bits made to order as the numbers do, a byte at a time from the
 * lowest, passing over a byte every value has alike (the low bytes of
 * whole numbers and short decimals).  Few values (or more than 32-bit
 * counts hold), and a NaN, which has no place, go to gsl_sort.  0, or -1
 * when out of memory. */
static int sort_values(double *v, size_t n)
{
	if (n < 64 || n > UINT32_MAX) {
		gsl_sort(v, 1, n);
		return 0;
	}
	uint64_t *buf = malloc(2 * n * sizeof *buf);
	if (!buf)
		return -1;
	uint64_t *k = buf, *t = buf + n, differ = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] != v[i]) {
			free(buf);
			gsl_sort(v, 1, n);
			return 0;
		}
		uint64_t b;
		memcpy(&b, &v[i], sizeof b);
		k[i] = b >> 63 ? ~b : b | (uint64_t)1 << 63;
		differ |= k[i] ^ k[0];
	}
	for (int p = 0; p < 8; p++) {
		int sh = 8 * p;
		if (!(differ >> sh & 255))
			continue;
		uint32_t c[256] = {0};
		for (size_t i = 0; i < n; i++)
			c[k[i] >> sh & 255]++;
		for (uint32_t d = 0, at = 0; d < 256; d++) {
			uint32_t here = c[d];
			c[d] = at;
			at += here;
		}
		for (size_t i = 0; i < n; i++)
			t[c[k[i] >> sh & 255]++] = k[i];
		uint64_t *x = k;
		k = t;
		t = x;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t b = k[i] >> 63 ? k[i] & ~((uint64_t)1 << 63) : ~k[i];
		memcpy(&v[i], &b, sizeof b);
	}
	free(buf);
	return 0;
}

/* The pending runs in ascending order, equal values joined. */
static int sorted_pending(ts_multiset *ms, pairs *out)
{
	size_t *ix = malloc((ms->np ? ms->np : 1) * sizeof *ix);
	if (!ix || alloc_pairs(out, ms->np)) {
		free(ix);
		return -1;
	}
	for (size_t i = 0; i < ms->np; i++)
		ix[i] = i;
	qsort_r(ix, ms->np, sizeof *ix, cmp_index, ms->pval);
	for (size_t i = 0; i < ms->np; i++)
		push(out, ms->pval[ix[i]], ms->pcnt[ix[i]]);
	free(ix);
	return 0;
}

/* Sort raw and the pending runs and merge them into val/cnt.  Then, if
 * more than a quarter of all values are distinct, write every value out
 * into raw for good (dense). */
static int fold(ts_multiset *ms)
{
	if (!ms->nraw && !ms->np)
		return 0;
	if (sort_values(ms->raw, ms->nraw))
		return -1;
	pairs have = {ms->val, ms->cnt, ms->k}, a = {0}, b = {0}, pend = {0}, out = {0};
	int rc = -1;
	if (alloc_pairs(&a, ms->nraw))
		return -1;
	for (size_t i = 0; i < ms->nraw; i++)
		push(&a, ms->raw[i], 1);
	if (sorted_pending(ms, &pend) || alloc_pairs(&b, have.k + a.k))
		goto done;
	merge(&have, &a, &b);
	if (alloc_pairs(&out, b.k + pend.k))
		goto done;
	merge(&b, &pend, &out);
	free(ms->val);
	free(ms->cnt);
	ms->val = out.val;
	ms->cnt = out.cnt;
	ms->k = ms->capk = out.k;
	out.val = NULL;
	out.cnt = NULL;
	ms->nraw = ms->np = 0;
	rc = 0;
	if (ms->n >= TS_MS_FOLD && (uint64_t)ms->k * 4 > ms->n) {
		if (TS_GROW(ms->raw, ms->capraw, (size_t)ms->n)) {
			rc = -1;
			goto done;
		}
		size_t at = 0;
		for (size_t j = 0; j < ms->k; j++)
			for (uint64_t c = 0; c < ms->cnt[j]; c++)
				ms->raw[at++] = ms->val[j];
		ms->nraw = at;
		free(ms->val);
		free(ms->cnt);
		free(ms->pval);
		free(ms->pcnt);
		ms->val = ms->pval = NULL;
		ms->cnt = ms->pcnt = NULL;
		ms->k = ms->capk = ms->capp = 0;
		ms->dense = 1;
	}
done:
	free(a.val);
	free(a.cnt);
	free(b.val);
	free(b.cnt);
	free(pend.val);
	free(pend.cnt);
	free(out.val);
	free(out.cnt);
	return rc;
}

/* A dense multiset about to double: back to counts if they pay now. */
static int refold(ts_multiset *ms)
{
	if (sort_values(ms->raw, ms->nraw))
		return -1;
	size_t k = 1;
	for (size_t i = 1; i < ms->nraw; i++)
		k += ms->raw[i] != ms->raw[i - 1];
	if ((uint64_t)k * 4 > ms->n)
		return 0;
	pairs p;
	if (alloc_pairs(&p, k))
		return -1;
	for (size_t i = 0; i < ms->nraw; i++)
		push(&p, ms->raw[i], 1);
	free(ms->val);
	free(ms->cnt);
	ms->val = p.val;
	ms->cnt = p.cnt;
	ms->k = ms->capk = p.k;
	free(ms->raw);
	ms->raw = NULL;
	ms->nraw = ms->capraw = 0;
	ms->dense = 0;
	return 0;
}

int ts_ms_add(ts_multiset *ms, double v)
{
	v += 0.0;  /* -0.0 becomes 0.0: one value, one spelling */
	if (ms->nraw == ms->capraw) {
		if (ms->dense) {
			if (refold(ms))
				return -1;
		} else if (ms->nraw >= TS_MS_FOLD && ms->nraw >= 2 * ms->k) {
			if (fold(ms))
				return -1;
		}
		if (TS_GROW(ms->raw, ms->capraw, ms->nraw + 1))
			return -1;
	}
	ms->raw[ms->nraw++] = v;
	ms->n++;
	return 0;
}

int ts_ms_add_n(ts_multiset *ms, double v, uint64_t count)
{
	if (!count)
		return 0;
	if (count == 1 || ms->dense) {
		for (uint64_t c = 0; c < count; c++)
			if (ts_ms_add(ms, v))
				return -1;
		return 0;
	}
	if (ms->np == ms->capp) {
		if (ms->np >= TS_MS_FOLD && ms->np >= 2 * ms->k) {
			if (fold(ms))
				return -1;
			if (ms->dense)
				return ts_ms_add_n(ms, v, count);
		}
		size_t cap = ms->capp;
		if (TS_GROW(ms->pval, cap, ms->np + 1))
			return -1;
		cap = ms->capp;
		if (TS_GROW(ms->pcnt, cap, ms->np + 1))
			return -1;
		ms->capp = cap;
	}
	ms->pval[ms->np] = v + 0.0;
	ms->pcnt[ms->np++] = count;
	ms->n += count;
	return 0;
}

int ts_ms_finish(ts_multiset *ms)
{
	if (ms->dense)
		return sort_values(ms->raw, ms->nraw);
	return fold(ms);
}

int ts_ms_sorted(const ts_multiset *ms, double **out, int *owned)
{
	*owned = 0;
	if (ms->dense) {
		*out = ms->raw;
		return 0;
	}
	*out = malloc((ms->n ? ms->n : 1) * sizeof **out);
	if (!*out)
		return -1;
	*owned = 1;
	size_t at = 0;
	for (size_t j = 0; j < ms->k; j++)
		for (uint64_t c = 0; c < ms->cnt[j]; c++)
			(*out)[at++] = ms->val[j];
	return 0;
}

int ts_ms_runs(const ts_multiset *ms, int (*fn)(void *arg, double v, uint64_t count), void *arg)
{
	if (!ms->dense) {
		for (size_t j = 0; j < ms->k; j++) {
			int rc = fn(arg, ms->val[j], ms->cnt[j]);
			if (rc)
				return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < ms->nraw;) {
		size_t e = i + 1;
		while (e < ms->nraw && ms->raw[e] == ms->raw[i])
			e++;
		int rc = fn(arg, ms->raw[i], (uint64_t)(e - i));
		if (rc)
			return rc;
		i = e;
	}
	return 0;
}

void ts_ms_free(ts_multiset *ms)
{
	free(ms->raw);
	free(ms->val);
	free(ms->cnt);
	free(ms->pval);
	free(ms->pcnt);
	memset(ms, 0, sizeof *ms);
}
