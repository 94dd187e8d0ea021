/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Real time of a timed call (docs/metrics.md, "Real time"): talk time as
 * the union of each speaker's spans, overlap, silence, floor-transfer
 * offsets and rates. */
#ifndef TS_TIMING_H
#define TS_TIMING_H

#include "talkstat.h"

/* The time figures of a timed call into r, whose turn figures
 * (ts_turns_compute) are there: each speaker's seconds (no longer
 * estimated), share of the call, overlap, speaking rate and longest
 * monologue in seconds; the call's duration, speech, silence, overlap,
 * switches per minute and floor-transfer offsets.  0 or TS_ENOMEM. */
int ts_timing_compute(const ts_call *call, ts_result *r);

/* The quantile p of sorted x[0..n) as GSL computes it (interpolated at
 * (n - 1) p); NaN when n is 0. */
double ts_quantile_sorted(const double *x, size_t n, double p);

/* Set *count (n), the quartiles and the median of x[0..n), as GSL
 * computes them (NaN when n is 0); x is reordered (not sorted). */
void ts_quartiles(double *x, size_t n, double *count, double *q1, double *median, double *q3);

#endif
