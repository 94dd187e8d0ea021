/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_statistics_double.h>

#include "aggregate/stats.h"

/* Worked by hand: x = 2 4 4 4 5 5 7 9 (n = 8).
 *   mean = 40 / 8 = 5
 *   squared deviations 9 1 1 1 0 0 4 16, sum 32; sd = sqrt(32 / 7) = 2.1380899...
 *   quantiles at (n - 1) f: q1 at 1.75 -> x[1] + .75 (x[2] - x[1]) = 4
 *                           median at 3.5 -> (x[3] + x[4]) / 2 = 4.5
 *                           q3 at 5.25 -> x[5] + .25 (x[6] - x[5]) = 5.5 */
static void describe_by_hand(void **state)
{
	(void)state;
	const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
	ts_describe d;
	ts_describe_sorted(x, 8, &d);
	assert_int_equal(d.n, 8);
	assert_float_equal(d.mean, 5, 1e-12);
	assert_float_equal(d.sd, sqrt(32.0 / 7), 1e-12);
	assert_float_equal(d.min, 2, 0);
	assert_float_equal(d.q1, 4, 1e-12);
	assert_float_equal(d.median, 4.5, 1e-12);
	assert_float_equal(d.q3, 5.5, 1e-12);
	assert_float_equal(d.max, 9, 0);
}

/* n = 0: nothing is defined; n = 1: all but the sd. */
static void describe_small(void **state)
{
	(void)state;
	ts_describe d;
	ts_describe_sorted(NULL, 0, &d);
	assert_true(isnan(d.mean) && isnan(d.sd) && isnan(d.min) && isnan(d.median));
	const double one[] = {3.5};
	ts_describe_sorted(one, 1, &d);
	assert_float_equal(d.mean, 3.5, 0);
	assert_true(isnan(d.sd));
	assert_float_equal(d.q1, 3.5, 0);
	assert_float_equal(d.q3, 3.5, 0);
}

/* 8 of 10 at 95%, by hand: z = 1.959964, z^2/n = 0.384146,
 * centre = (0.8 + 0.192073) / 1.384146 = 0.716740,
 * half = 1.959964 / 1.384146 * sqrt(0.8 * 0.2 / 10 + 0.384146 / 40)
 *      = 1.415999 * sqrt(0.025604) = 0.226578:
 * [0.490162, 0.943318] (Newcombe 1998, table I, gives 0.4902-0.9433). */
static void wilson_by_hand(void **state)
{
	(void)state;
	double lo, hi;
	ts_wilson(8, 10, 0.95, &lo, &hi);
	assert_float_equal(lo, 0.490162, 2e-6);
	assert_float_equal(hi, 0.943318, 2e-6);
	/* 0 of 10: the lower bound is 0, the upper z^2/n / (1 + z^2/n) = 0.384146 / 1.384146 = 0.277533 */
	ts_wilson(0, 10, 0.95, &lo, &hi);
	assert_float_equal(lo, 0, 1e-12);
	assert_float_equal(hi, 0.277533, 2e-6);
	ts_wilson(0, 0, 0.95, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

/* [[10 20] [30 40]]: row sums 30 70, column sums 40 60, N 100; expected
 * 12 18 28 42; X^2 = 4/12 + 4/18 + 4/28 + 4/42 = 0.793651, df 1;
 * p = 2 (1 - Phi(sqrt(0.793651) = 0.890871)) = 0.372999. */
static void chisq_by_hand(void **state)
{
	(void)state;
	const double t[] = {10, 20, 30, 40};
	ts_chisq x;
	assert_int_equal(ts_chisq_test(t, 2, 2, &x), 0);
	assert_float_equal(x.statistic, 0.793651, 1e-6);
	assert_int_equal(x.df, 1);
	assert_float_equal(x.p_value, 0.372999, 1e-5);
	assert_int_equal(x.low_expected, 0);
	assert_float_equal(x.n, 100, 0);
}

/* Empty rows and columns are left out; a table of one row has no test. */
static void chisq_empty_and_degenerate(void **state)
{
	(void)state;
	const double t[] = {0, 0, 0, 5, 0, 5, 1, 0, 9};
	ts_chisq x;
	assert_int_equal(ts_chisq_test(t, 3, 3, &x), 0);
	assert_int_equal(x.rows, 2);
	assert_int_equal(x.cols, 2);
	assert_int_equal(x.df, 1);
	/* [[5 5] [1 9]]: expected 3 7 3 7 -> X^2 = 4/3 + 4/7 + 4/3 + 4/7 = 3.809524; two below 5 */
	assert_float_equal(x.statistic, 3.809524, 1e-6);
	assert_int_equal(x.low_expected, 2);
	const double one[] = {3, 4, 5};
	assert_int_equal(ts_chisq_test(one, 1, 3, &x), 0);
	assert_int_equal(x.df, 0);
	assert_true(isnan(x.statistic) && isnan(x.p_value));
}

static void bootstrap_reproducible(void **state)
{
	(void)state;
	double v[200];
	for (int i = 0; i < 200; i++)
		v[i] = i * 0.5;
	double a, b, c, d, e, f;
	assert_int_equal(ts_bootstrap_mean(v, NULL, 200, 500, 7, 0.95, &a, &b), 0);
	assert_int_equal(ts_bootstrap_mean(v, NULL, 200, 500, 7, 0.95, &c, &d), 0);
	assert_true(a == c && b == d);
	assert_int_equal(ts_bootstrap_mean(v, NULL, 200, 500, 8, 0.95, &e, &f), 0);
	assert_true(a != e || b != f);
	/* around the mean 49.75; sd 28.94 / sqrt(200) = 2.05, so about +-4 */
	assert_true(a < 49.75 && 49.75 < b);
	assert_true(a > 44 && b < 56);
}

/* The multinomial path (values with counts) and the direct path give the
 * same distribution: 0 x 60 and 1 x 40, mean 0.4, standard error
 * sqrt(.24 / 100) = 0.049: both intervals near 0.4 +- 0.096. */
static void bootstrap_counts_match_values(void **state)
{
	(void)state;
	double x[100];
	for (int i = 0; i < 100; i++)
		x[i] = i < 60 ? 0 : 1;
	const double val[] = {0, 1};
	const uint64_t cnt[] = {60, 40};
	double a, b, c, d;
	assert_int_equal(ts_bootstrap_mean(x, NULL, 100, 4000, 1, 0.95, &a, &b), 0);
	assert_int_equal(ts_bootstrap_mean(val, cnt, 2, 4000, 1, 0.95, &c, &d), 0);
	assert_float_equal(a, 0.304, 0.02);
	assert_float_equal(b, 0.496, 0.02);
	assert_float_equal(c, 0.304, 0.02);
	assert_float_equal(d, 0.496, 0.02);
}

/* The row form of the shared draws gives every metric's interval to the
 * bit, for any number of metrics (lanes left over included). */
static void bootstrap_rows_as_metrics(void **state)
{
	(void)state;
	unsigned long r = 99;
	for (size_t nm = 1; nm <= 11; nm++) {
		size_t n = 2 + (nm * 37) % 300;
		double **v = malloc(nm * sizeof *v);
		for (size_t m = 0; m < nm; m++) {
			v[m] = malloc(n * sizeof **v);
			for (size_t i = 0; i < n; i++) {
				r = r * 6364136223846793005UL + 1442695040888963407UL;
				v[m][i] = (double)(r >> 40) / 977.0 - (m % 3 ? 0 : 5000.0);
			}
		}
		double lo1[11], hi1[11], lo2[11], hi2[11];
		assert_int_equal(ts_bootstrap_means_rows((const double *const *)v, nm, n, 300, nm, 0.95,
		                                         0, lo1, hi1), 0);
		assert_int_equal(ts_bootstrap_means_rows((const double *const *)v, nm, n, 300, nm, 0.95,
		                                         (size_t)-1, lo2, hi2), 0);
		for (size_t m = 0; m < nm; m++) {
			assert_memory_equal(&lo1[m], &lo2[m], sizeof lo1[m]);
			assert_memory_equal(&hi1[m], &hi2[m], sizeof hi1[m]);
			assert_true(lo1[m] < hi1[m]);
			free(v[m]);
		}
		free(v);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The percentile bounds are GSL's quantiles of the sorted values, ties
 * (few distinct values) and every size from one value on included. */
static void percentile_as_sorted(void **state)
{
	(void)state;
	unsigned long r = 5;
	double rep[1200], sorted[1200];
	for (size_t b = 1; b <= 1200; b += b < 40 ? 1 : 97) {
		for (int distinct = 2; distinct <= 2000; distinct *= 10) {
			for (size_t i = 0; i < b; i++) {
				r = r * 6364136223846793005UL + 1442695040888963407UL;
				rep[i] = sorted[i] = (double)((r >> 33) % (unsigned)distinct) / 8;
			}
			qsort(sorted, b, sizeof *sorted, cmp_double);
			double lo, hi;
			ts_percentile(rep, b, 0.9, &lo, &hi);
			assert_true(lo == gsl_stats_quantile_from_sorted_data(sorted, 1, b, (1 - 0.9) / 2));
			assert_true(hi == gsl_stats_quantile_from_sorted_data(sorted, 1, b, (1 + 0.9) / 2));
		}
	}
}

static void bootstrap_undefined(void **state)
{
	(void)state;
	const double one[] = {4};
	double a, b;
	assert_int_equal(ts_bootstrap_mean(one, NULL, 1, 100, 1, 0.95, &a, &b), 0);
	assert_true(isnan(a) && isnan(b));
	const double two[] = {1, 2};
	assert_int_equal(ts_bootstrap_mean(two, NULL, 2, 0, 1, 0.95, &a, &b), 0);
	assert_true(isnan(a) && isnan(b));
	const double same[] = {3, 3, 3};
	assert_int_equal(ts_bootstrap_mean(same, NULL, 3, 100, 1, 0.95, &a, &b), 0);
	assert_true(a == 3 && b == 3);
}

/* Calls as clusters, by hand (tests/golden/aggregate-hand.expected.json,
 * group A): calls 2 of 4, 1 of 2, 4 of 4.  R = .7; residuals -.8 -.4 1.2,
 * squares 2.24; v = 3/2 * 2.24 / 100 = .0336; binomial .021, design
 * effect 1.6; n_eff 6.25 * (1.959964 / 4.302653)^2 = 1.2968914; Wilson
 * there [.126977, .973981]. */
static void cluster_by_hand(void **state)
{
	(void)state;
	ts_cluster_sums s = {7, 10, 4 + 1 + 16, 16 + 4 + 16, 8 + 2 + 16, 3};
	ts_cluster_ci ci;
	ts_cluster_share(&s, 0.95, &ci);
	assert_float_equal(ci.rate, 0.7, 1e-12);
	assert_float_equal(ci.variance, 0.0336, 1e-12);
	assert_float_equal(ci.design_effect, 1.6, 1e-9);
	assert_float_equal(ci.effective_n, 1.2968914, 1e-6);
	assert_float_equal(ci.lower, 0.126977, 1e-6);
	assert_float_equal(ci.upper, 0.973981, 1e-6);
	/* the same shares in every call: no between-call variance beyond the
	 * binomial's is seen, and the design effect below 1 is not trusted:
	 * n_eff stays the questions' 10, scaled for 2 degrees of freedom */
	ts_cluster_sums even = {5, 10, 1 + 4 + 4, 4 + 16 + 16, 2 + 8 + 8, 3};
	ts_cluster_share(&even, 0.95, &ci);
	assert_float_equal(ci.design_effect, 0, 1e-12);
	assert_float_equal(ci.effective_n, 10 * 0.2075026, 1e-6);
	/* one call: no between-call variance, no interval */
	ts_cluster_sums one = {1, 2, 1, 4, 2, 1};
	ts_cluster_share(&one, 0.95, &ci);
	assert_float_equal(ci.rate, 0.5, 0);
	assert_true(isnan(ci.lower) && isnan(ci.upper));
}

/* Rogan-Gladen by hand: sensitivity 80 / 100, specificity 1 - 10 / 100;
 * an observed .4 is (.4 + .9 - 1) / (.8 + .9 - 1) = .3 / .7. */
static void adjusted_by_hand(void **state)
{
	(void)state;
	const double pos[] = {80, 10}, tot[] = {100, 100};
	const int gold[] = {1, 0};
	ts_cluster_ci obs = {0.4, NAN, NAN, 0.0004, NAN, NAN};
	ts_adjusted a, b;
	assert_int_equal(ts_adjusted_share(&obs, pos, tot, 2, gold, 0, 1, 0.95, &a), 0);
	assert_float_equal(a.rate, 0.3 / 0.7, 1e-12);
	assert_float_equal(a.sensitivity, 0.8, 1e-12);
	assert_float_equal(a.specificity, 0.9, 1e-12);
	assert_true(isnan(a.lower));
	assert_int_equal(ts_adjusted_share(&obs, pos, tot, 2, gold, 2000, 7, 0.95, &a), 0);
	assert_true(a.lower < a.rate && a.rate < a.upper);
	/* the classifier's error widens it: ten times the labelled pairs, a
	 * narrower interval */
	const double pos10[] = {800, 100}, tot10[] = {1000, 1000};
	assert_int_equal(ts_adjusted_share(&obs, pos10, tot10, 2, gold, 2000, 7, 0.95, &b), 0);
	assert_true(b.upper - b.lower < a.upper - a.lower);
	/* the same seed, the same interval */
	assert_int_equal(ts_adjusted_share(&obs, pos10, tot10, 2, gold, 2000, 7, 0.95, &a), 0);
	assert_float_equal(a.lower, b.lower, 0);
	/* a classifier no better than chance says nothing */
	const double chance[] = {50, 50};
	assert_int_equal(ts_adjusted_share(&obs, chance, tot, 2, gold, 100, 7, 0.95, &a), 0);
	assert_true(isnan(a.rate));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(describe_by_hand),
		cmocka_unit_test(describe_small),
		cmocka_unit_test(wilson_by_hand),
		cmocka_unit_test(chisq_by_hand),
		cmocka_unit_test(chisq_empty_and_degenerate),
		cmocka_unit_test(bootstrap_reproducible),
		cmocka_unit_test(bootstrap_counts_match_values),
		cmocka_unit_test(bootstrap_undefined),
		cmocka_unit_test(bootstrap_rows_as_metrics),
		cmocka_unit_test(percentile_as_sorted),
		cmocka_unit_test(cluster_by_hand),
		cmocka_unit_test(adjusted_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
