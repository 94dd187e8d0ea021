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

#include "aggregate/multiset.h"

typedef struct collected {
	double v[20000];
	uint64_t c[20000];
	size_t k;
} collected;

static int collect(void *arg, double v, uint64_t c)
{
	collected *x = arg;
	x->v[x->k] = v;
	x->c[x->k++] = c;
	return 0;
}

static collected *runs_of(ts_multiset *ms)
{
	collected *x = calloc(1, sizeof *x);
	assert_non_null(x);
	assert_int_equal(ts_ms_finish(ms), 0);
	assert_int_equal(ts_ms_runs(ms, collect, x), 0);
	return x;
}

/* Few distinct values among many: folded into counts, stays sparse. */
static void counts_fold(void **state)
{
	(void)state;
	ts_multiset ms = {0};
	for (int i = 0; i < 50000; i++)
		assert_int_equal(ts_ms_add(&ms, (double)(i % 7)), 0);
	assert_false(ms.dense);
	assert_true(ms.capraw <= 2 * TS_MS_FOLD + 16);  /* the raw buffer did not grow with n */
	collected *x = runs_of(&ms);
	assert_int_equal(x->k, 7);
	for (int j = 0; j < 7; j++) {
		assert_float_equal(x->v[j], j, 0);
		assert_int_equal(x->c[j], j < 50000 % 7 ? 50000 / 7 + 1 : 50000 / 7);
	}
	assert_int_equal(ms.n, 50000);
	free(x);
	ts_ms_free(&ms);
}

/* Mostly distinct values: dense, every value kept, sorted at the end. */
static void distinct_go_dense(void **state)
{
	(void)state;
	ts_multiset ms = {0};
	for (int i = 10000; i > 0; i--)
		assert_int_equal(ts_ms_add(&ms, i / 3.0), 0);
	assert_int_equal(ts_ms_finish(&ms), 0);
	assert_true(ms.dense);
	double *x;
	int owned;
	assert_int_equal(ts_ms_sorted(&ms, &x, &owned), 0);
	assert_false(owned);
	for (int i = 1; i < 10000; i++)
		assert_true(x[i - 1] < x[i]);
	ts_ms_free(&ms);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Values of every kind (negative, infinite, subnormal, whole, repeated,
 * with -0.0 among the zeros) sorted as qsort sorts them, dense or folded,
 * for sizes around the one where the sort changes hands. */
static void sorted_as_qsort(void **state)
{
	(void)state;
	static const double pool[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e300, -1e300, 4.9e-324, -4.9e-324,
	                              2.5, 3.0, 1.0 / 3, -2.0 / 7, 1e-5, 123456.789};
	unsigned long r = 17;
	for (size_t n = 1; n <= 5000; n = n < 80 ? n + 1 : n * 3) {
		for (int kind = 0; kind < 2; kind++) {
			ts_multiset ms = {0};
			double *want = malloc(n * sizeof *want);
			assert_non_null(want);
			for (size_t i = 0; i < n; i++) {
				r = r * 6364136223846793005UL + 1442695040888963407UL;
				double v = kind ? pool[(r >> 33) % (sizeof pool / sizeof *pool)]
				                : ((double)(r >> 20) - 4e12) / 3e3;
				if (!(r >> 60))
					v = (r >> 59) & 1 ? INFINITY : -INFINITY;
				want[i] = v + 0.0;
				assert_int_equal(ts_ms_add(&ms, v), 0);
			}
			qsort(want, n, sizeof *want, cmp_double);
			assert_int_equal(ts_ms_finish(&ms), 0);
			double *x;
			int owned;
			assert_int_equal(ts_ms_sorted(&ms, &x, &owned), 0);
			for (size_t i = 0; i < n; i++)
				if (memcmp(&x[i], &want[i], sizeof *x))
					fail_msg("n %zu kind %d: value %zu is %g, qsort %g", n, kind, i, x[i], want[i]);
			if (owned)
				free(x);
			free(want);
			ts_ms_free(&ms);
		}
	}
}

/* The same values in another order, or as runs with counts, give the
 * same canonical form. */
static void order_does_not_matter(void **state)
{
	(void)state;
	ts_multiset a = {0}, b = {0}, c = {0};
	for (int i = 0; i < 9000; i++)
		assert_int_equal(ts_ms_add(&a, (double)((i * 37) % 101)), 0);
	for (int i = 8999; i >= 0; i--)
		assert_int_equal(ts_ms_add(&b, (double)((i * 37) % 101)), 0);
	/* c: the runs of a added with counts, in reverse */
	collected *ra = runs_of(&a);
	for (size_t j = ra->k; j-- > 0;)
		assert_int_equal(ts_ms_add_n(&c, ra->v[j], ra->c[j]), 0);
	collected *rb = runs_of(&b), *rc = runs_of(&c);
	assert_int_equal(ra->k, 101);
	assert_int_equal(rb->k, ra->k);
	assert_int_equal(rc->k, ra->k);
	assert_memory_equal(ra->v, rb->v, ra->k * sizeof *ra->v);
	assert_memory_equal(ra->c, rb->c, ra->k * sizeof *ra->c);
	assert_memory_equal(ra->v, rc->v, ra->k * sizeof *ra->v);
	assert_memory_equal(ra->c, rc->c, ra->k * sizeof *ra->c);
	free(ra);
	free(rb);
	free(rc);
	ts_ms_free(&a);
	ts_ms_free(&b);
	ts_ms_free(&c);
}

static void negative_zero_is_zero(void **state)
{
	(void)state;
	ts_multiset ms = {0};
	assert_int_equal(ts_ms_add(&ms, -0.0), 0);
	assert_int_equal(ts_ms_add(&ms, 0.0), 0);
	assert_int_equal(ts_ms_add_n(&ms, -0.0, 3), 0);
	collected *x = runs_of(&ms);
	assert_int_equal(x->k, 1);
	assert_int_equal(x->c[0], 5);
	assert_false(signbit(x->v[0]));
	free(x);
	ts_ms_free(&ms);
}

static void sorted_expands_counts(void **state)
{
	(void)state;
	ts_multiset ms = {0};
	assert_int_equal(ts_ms_add_n(&ms, 2, 3), 0);
	assert_int_equal(ts_ms_add(&ms, 1), 0);
	assert_int_equal(ts_ms_finish(&ms), 0);
	double *x;
	int owned;
	assert_int_equal(ts_ms_sorted(&ms, &x, &owned), 0);
	assert_true(owned);
	const double want[] = {1, 2, 2, 2};
	assert_memory_equal(x, want, sizeof want);
	free(x);
	ts_ms_free(&ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_fold),
		cmocka_unit_test(distinct_go_dense),
		cmocka_unit_test(order_does_not_matter),
		cmocka_unit_test(sorted_as_qsort),
		cmocka_unit_test(negative_zero_is_zero),
		cmocka_unit_test(sorted_expands_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
