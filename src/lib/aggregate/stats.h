/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Statistics over GSL: descriptive statistics of sorted data, Wilson
 * intervals, Pearson's chi-square test of independence and the percentile
 * bootstrap of a mean.  An undefined value (the sd of one value, the
 * interval of an empty sample) is NaN here; output code writes it as null. */
#ifndef TS_STATS_H
#define TS_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Descriptive statistics.  Quantiles are GSL's
 * gsl_stats_quantile_from_sorted_data: for the fraction f the value at
 * position (n-1)f of the sorted data, interpolated linearly between the
 * two order statistics around it (Hyndman & Fan type 7, R's default,
 * Python's statistics.quantiles(method="inclusive")). */
typedef struct ts_describe {
	size_t n;
	double mean;     /* NaN when n = 0 */
	double sd;       /* sample sd, n - 1 in the denominator; NaN when n < 2 */
	double min, q1, median, q3, max;  /* NaN when n = 0 */
} ts_describe;

/* x: n values in ascending order. */
void ts_describe_sorted(const double *x, size_t n, ts_describe *d);

/* Wilson score interval for `successes` out of `trials` at the two-sided
 * confidence `level` (0.95): lower and upper bounds, NaN when trials = 0. */
void ts_wilson(double successes, double trials, double level, double *lower, double *upper);

typedef struct ts_chisq {
	double statistic;   /* Pearson's X^2; NaN when df = 0 */
	size_t df;          /* (rows - 1)(cols - 1) over non-empty rows and columns */
	double p_value;     /* gsl_cdf_chisq_Q(statistic, df); NaN when df = 0 */
	double n;           /* total count */
	size_t rows, cols;  /* non-empty rows (groups) and columns (classes) used */
	size_t low_expected;/* cells whose expected count is below 5 */
} ts_chisq;

/* Test of independence of a rows x cols table of counts (row-major).
 * Rows and columns that are all zero are left out.  0, or -1 when out of
 * memory. */
int ts_chisq_test(const double *table, size_t rows, size_t cols, ts_chisq *out);

/* Percentile bootstrap interval of the mean of a sample given as k values
 * in ascending order, each with its count (cnt NULL: each value once).
 * With counts, each replicate draws the counts of the distinct values
 * from a multinomial (gsl_ran_multinomial), which is resampling with
 * replacement without touching every observation; without, it draws n
 * indices, each uniform without bias from the generator's 32-bit output
 * (Lemire's multiply-and-reject).  The generator is xoshiro256** seeded
 * with `seed` (through SplitMix64).  Replicate means are sorted and cut at (1 - level) / 2 and
 * (1 + level) / 2 with the GSL quantile above.  NaN bounds when n < 2 or
 * replicates = 0.  0, or -1 when out of memory or n > 2^32 - 1. */
int ts_bootstrap_mean(const double *val, const uint64_t *cnt, size_t k, size_t replicates,
                      unsigned long seed, double level, double *lower, double *upper);

/* The same for nm samples of n values each, val[m] in ascending order,
 * with one set of index draws per replicate shared by all of them: each
 * interval is the bootstrap of its own sample, at the cost of the draws
 * of one.  lower[m], upper[m]; as ts_bootstrap_mean with cnt NULL when
 * nm = 1. */
int ts_bootstrap_means(const double *const *val, size_t nm, size_t n, size_t replicates,
                       unsigned long seed, double level, double *lower, double *upper);

/* The bounds of a percentile interval of rep[0..b) (b >= 1; reordered):
 * GSL's quantiles of the sorted values at (1 - level) / 2 and
 * (1 + level) / 2, found without sorting. */
void ts_percentile(double *rep, size_t b, double level, double *lower, double *upper);

/* The same, with the metrics' values copied side by side in rows when
 * that copy takes at most max_row_bytes (the draws then read one cache
 * line for several metrics); the results are the same to the bit either
 * way.  ts_bootstrap_means bounds the copy at TS_BOOT_ROW_BYTES. */
int ts_bootstrap_means_rows(const double *const *val, size_t nm, size_t n, size_t replicates,
                            unsigned long seed, double level, size_t max_row_bytes,
                            double *lower, double *upper);

#define TS_BOOT_ROW_BYTES ((size_t)8 << 20)

/* A share pooled over clusters (calls): per cluster i a count y_i of
 * x_i.  Sums kept exactly (whole numbers below 2^53), so that merged
 * partial aggregates give the same bytes. */
typedef struct ts_cluster_sums {
	double y, x;             /* sum y_i, sum x_i */
	double yy, xx, xy;       /* sum y_i^2, x_i^2, x_i y_i */
	uint64_t m;              /* clusters with x_i > 0 */
} ts_cluster_sums;

typedef struct ts_cluster_ci {
	double rate;             /* y / x; NaN when x = 0 */
	double lower, upper;     /* the interval; NaN when fewer than 2 clusters */
	double variance;         /* linearised variance of the rate over clusters */
	double design_effect;    /* variance / the binomial one */
	double effective_n;      /* the trials Wilson's interval is taken at */
} ts_cluster_ci;

/* A cluster-robust interval of a pooled share: the ratio estimator's
 * variance over clusters, turned into an effective number of trials
 * (Korn & Graubard 1998, with their degrees-of-freedom correction) for
 * Wilson's interval, which stays inside [0, 1].  docs/aggregate.md. */
void ts_cluster_share(const ts_cluster_sums *s, double level, ts_cluster_ci *out);

typedef struct ts_adjusted {
	double rate;             /* Rogan-Gladen corrected share, in [0, 1] */
	double lower, upper;     /* percentile interval of the replicates */
	double sensitivity, specificity;  /* of the classifier, from the matrix */
	size_t undefined;        /* replicates whose classifier was no better than chance */
} ts_adjusted;

/* A share measured by an imperfect classifier, corrected with its
 * confusion matrix (Rogan & Gladen 1978), with an interval that carries
 * both the calls' sampling error and the classifier's: each replicate
 * draws the observed share from a normal with obs->variance (the
 * between-call variance) and each of the `rows` gold rows of the matrix
 * again (pos[i] of tot[i] predicted positive; gold_pos[i]: the row is a
 * positive class).  NaN rate when the matrix has no positive or no
 * negative gold row or the classifier is no better than chance; NaN
 * bounds without replicates or variance.  0, or -1 out of memory. */
int ts_adjusted_share(const ts_cluster_ci *obs, const double *pos, const double *tot, size_t rows,
                      const int *gold_pos, size_t replicates, unsigned long seed, double level,
                      ts_adjusted *out);

#endif
