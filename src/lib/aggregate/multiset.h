/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A multiset of doubles: the values of one metric in one group, kept so
 * that quantiles and the bootstrap are exact and partial aggregates merge.
 *
 * Values are appended to a raw array.  When it fills, it is sorted and
 * folded into a sorted list of distinct values with counts; metrics with
 * few distinct values (counts of turns, questions, deflections) then cost
 * almost nothing per call.  When folding does not pay (more than a quarter
 * of the values distinct: shares, seconds, rates), the multiset turns
 * "dense" and keeps every value, 8 bytes each; each time a dense multiset
 * doubles, it checks again and folds when that pays by then (a count
 * metric seen first over few calls).  ts_ms_finish puts either
 * form in ascending order; the result depends only on the values, never on
 * the order they came in. */
#ifndef TS_MULTISET_H
#define TS_MULTISET_H

#include <stddef.h>
#include <stdint.h>

typedef struct ts_multiset {
	double *raw;            /* appended values (sorted after ts_ms_finish when dense) */
	size_t nraw, capraw;
	double *val;            /* distinct values, ascending (sparse form) */
	uint64_t *cnt;          /* their counts */
	size_t k, capk;
	double *pval;           /* runs added with ts_ms_add_n, not yet folded */
	uint64_t *pcnt;
	size_t np, capp;
	uint64_t n;             /* values in all */
	int dense;              /* every value kept in raw; val/cnt unused */
} ts_multiset;

/* Add one value, or `count` copies of it.  0, or -1 when out of memory. */
int ts_ms_add(ts_multiset *ms, double v);
int ts_ms_add_n(ts_multiset *ms, double v, uint64_t count);

/* Put the values in canonical ascending form: dense -> raw sorted;
 * sparse -> val/cnt with raw empty.  Adding afterwards is allowed. */
int ts_ms_finish(ts_multiset *ms);

/* After ts_ms_finish: the sorted values written out one by one into *out
 * (malloc'd, owned by the caller; *out may be ms->raw when dense, then
 * *owned is 0).  0, or -1 when out of memory. */
int ts_ms_sorted(const ts_multiset *ms, double **out, int *owned);

/* After ts_ms_finish: call fn(value, count) for each distinct value in
 * ascending order; stops at the first nonzero return and returns it. */
int ts_ms_runs(const ts_multiset *ms, int (*fn)(void *arg, double v, uint64_t count), void *arg);

void ts_ms_free(ts_multiset *ms);

/* Values folded at least this many at a time. */
#define TS_MS_FOLD 256

#endif
