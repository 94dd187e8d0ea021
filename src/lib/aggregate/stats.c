/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "aggregate/stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void ts_describe_sorted(const double *x, size_t n, ts_describe *d)
{
	d->n = n;
	d->mean = d->sd = d->min = d->q1 = d->median = d->q3 = d->max = NAN;
	if (!n)
		return;
	d->mean = gsl_stats_mean(x, 1, n);
	if (n >= 2)
		d->sd = gsl_stats_sd_m(x, 1, n, d->mean);
	d->min = x[0];
	d->max = x[n - 1];
	d->q1 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.25);
	d->median = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.5);
	d->q3 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.75);
}

/* Wilson (1927): the p whose normal test against the observed share is
 * just significant, (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). */
void ts_wilson(double successes, double trials, double level, double *lower, double *upper)
{
	*lower = *upper = NAN;
	if (!(trials > 0))
		return;
	double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
	double p = successes / trials, z2n = z * z / trials;
	double centre = (p + z2n / 2) / (1 + z2n);
	double half = z / (1 + z2n) * sqrt(p * (1 - p) / trials + z2n / (4 * trials));
	*lower = fmax(0.0, centre - half);
	*upper = fmin(1.0, centre + half);
}

int ts_chisq_test(const double *table, size_t rows, size_t cols, ts_chisq *out)
{
	out->statistic = out->p_value = NAN;
	out->df = out->rows = out->cols = out->low_expected = 0;
	out->n = 0;
	double *rsum = calloc(rows ? rows : 1, sizeof *rsum);
	double *csum = calloc(cols ? cols : 1, sizeof *csum);
	if (!rsum || !csum) {
		free(rsum);
		free(csum);
		return -1;
	}
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			rsum[i] += table[i * cols + j];
			csum[j] += table[i * cols + j];
			out->n += table[i * cols + j];
		}
	for (size_t i = 0; i < rows; i++)
		out->rows += rsum[i] > 0;
	for (size_t j = 0; j < cols; j++)
		out->cols += csum[j] > 0;
	if (out->rows >= 2 && out->cols >= 2) {
		double x2 = 0;
		for (size_t i = 0; i < rows; i++) {
			if (!(rsum[i] > 0))
				continue;
			for (size_t j = 0; j < cols; j++) {
				if (!(csum[j] > 0))
					continue;
				double e = rsum[i] * csum[j] / out->n, o = table[i * cols + j];
				x2 += (o - e) * (o - e) / e;
				out->low_expected += e < 5;
			}
		}
		out->df = (out->rows - 1) * (out->cols - 1);
		out->statistic = x2;
		out->p_value = gsl_cdf_chisq_Q(x2, (double)out->df);
	}
	free(rsum);
	free(csum);
	return 0;
}

/* A uniform integer in [0, n) from mt19937's 32-bit output, without a
 * division on the common path and without bias (Lemire 2019, "Fast random
 * integer generation in an interval", ACM TOMACS 29(1)). */
static uint32_t uniform_below(gsl_rng *r, uint32_t n)
{
	uint64_t m = (uint64_t)(uint32_t)gsl_rng_get(r) * n;
	uint32_t low = (uint32_t)m;
	if (low < n) {
		uint32_t floor = (uint32_t)(-n) % n;
		while (low < floor) {
			m = (uint64_t)(uint32_t)gsl_rng_get(r) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

int ts_bootstrap_mean(const double *val, const uint64_t *cnt, size_t k, size_t replicates,
                      unsigned long seed, double level, double *lower, double *upper)
{
	*lower = *upper = NAN;
	uint64_t n = 0;
	for (size_t j = 0; j < k; j++)
		n += cnt ? cnt[j] : 1;
	if (n < 2 || !replicates)
		return 0;
	if (n > UINT32_MAX)
		return -1;  /* beyond mt19937's 32-bit draws and gsl_ran_multinomial's unsigned */
	double *means = malloc(replicates * sizeof *means);
	double *p = cnt ? malloc(k * sizeof *p) : NULL;
	unsigned *draw = cnt ? malloc(k * sizeof *draw) : NULL;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	int rc = -1;
	if (!means || (cnt && (!p || !draw)) || !r)
		goto done;
	gsl_rng_set(r, seed);
	if (cnt)
		for (size_t j = 0; j < k; j++)
			p[j] = (double)cnt[j];
	for (size_t b = 0; b < replicates; b++) {
		double sum = 0;
		if (cnt) {
			gsl_ran_multinomial(r, k, (unsigned)n, p, draw);
			for (size_t j = 0; j < k; j++)
				sum += draw[j] * val[j];
		} else {
			/* indices in batches, summed with four accumulators: the
			 * additions no longer wait for each other or for the draws */
			uint32_t idx[256];
			double s[4] = {0, 0, 0, 0};
			for (uint64_t i = 0; i < n;) {
				size_t m = n - i < 256 ? (size_t)(n - i) : 256;
				for (size_t j = 0; j < m; j++)
					idx[j] = uniform_below(r, (uint32_t)n);
				size_t j = 0;
				for (; j + 4 <= m; j += 4) {
					s[0] += val[idx[j]];
					s[1] += val[idx[j + 1]];
					s[2] += val[idx[j + 2]];
					s[3] += val[idx[j + 3]];
				}
				for (; j < m; j++)
					s[0] += val[idx[j]];
				i += m;
			}
			sum = (s[0] + s[1]) + (s[2] + s[3]);
		}
		means[b] = sum / (double)n;
	}
	gsl_sort(means, 1, replicates);
	*lower = gsl_stats_quantile_from_sorted_data(means, 1, replicates, (1 - level) / 2);
	*upper = gsl_stats_quantile_from_sorted_data(means, 1, replicates, (1 + level) / 2);
	rc = 0;
done:
	gsl_rng_free(r);
	free(means);
	free(p);
	free(draw);
	return rc;
}

/* The ratio estimator's linearised variance over clusters (Cochran 1977,
 * Sampling Techniques, 3rd ed., section 6.4, with-replacement form):
 * v = m/(m-1) sum (y_i - R x_i)^2 / X^2; then, after Korn & Graubard
 * (1998, Survey Methodology 24(2):193-201), the effective sample size
 * n* = R(1-R)/v, at most X (a design effect below 1 is not trusted from
 * few clusters), scaled by (z / t_{m-1})^2 so that few clusters widen the
 * interval, and Wilson's interval at n*. */
void ts_cluster_share(const ts_cluster_sums *s, double level, ts_cluster_ci *out)
{
	out->rate = out->lower = out->upper = out->design_effect = out->variance = NAN;
	out->effective_n = NAN;
	if (!(s->x > 0))
		return;
	double r = s->y / s->x;
	out->rate = r;
	if (s->m < 2)
		return;
	double m = (double)s->m;
	double ss = fmax(0.0, s->yy - 2 * r * s->xy + r * r * s->xx);
	double v = m / (m - 1) * ss / (s->x * s->x);
	double binom = r * (1 - r) / s->x;
	double deff = binom > 0 ? v / binom : 1.0;
	double neff = deff > 1 ? s->x / deff : s->x;
	out->variance = v;
	out->design_effect = deff;
	double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
	double t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, m - 1);
	neff *= (z / t) * (z / t);
	out->effective_n = neff;
	ts_wilson(r * neff, neff, level, &out->lower, &out->upper);
}

/* Rogan & Gladen (1978, Am J Epidemiol 107(1):71-76): an observed share q
 * of a test with sensitivity se and specificity sp estimates the true
 * share (q + sp - 1) / (se + sp - 1), cut to [0, 1].  NaN when the test
 * is no better than chance (se + sp <= 1). */
static double rogan_gladen(double q, double se, double sp)
{
	double j = se + sp - 1;
	if (!(j > 0))
		return NAN;
	return fmin(1.0, fmax(0.0, (q + sp - 1) / j));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int ts_adjusted_share(const ts_cluster_ci *obs, const double *pos, const double *tot, size_t rows,
                      const int *gold_pos, size_t replicates, unsigned long seed, double level,
                      ts_adjusted *out)
{
	out->rate = out->lower = out->upper = NAN;
	out->sensitivity = out->specificity = NAN;
	out->undefined = 0;
	double tp = 0, np = 0, fp = 0, nn = 0;
	for (size_t i = 0; i < rows; i++) {
		if (gold_pos[i]) {
			tp += pos[i];
			np += tot[i];
		} else {
			fp += pos[i];
			nn += tot[i];
		}
	}
	if (!(np > 0) || !(nn > 0) || !isfinite(obs->rate))
		return 0;
	out->sensitivity = tp / np;
	out->specificity = 1 - fp / nn;
	out->rate = rogan_gladen(obs->rate, out->sensitivity, out->specificity);
	if (!replicates || !isfinite(obs->variance) || !isfinite(out->rate))
		return 0;
	double *rep = malloc(replicates * sizeof *rep);
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	int rc = -1;
	if (!rep || !g)
		goto done;
	gsl_rng_set(g, seed);
	double sd = sqrt(obs->variance);
	for (size_t b = 0; b < replicates; b++) {
		/* the labelled pairs again: each gold row's predictions drawn
		 * from a multinomial, of which only "positive or not" matters */
		double btp = 0, bfp = 0;
		for (size_t i = 0; i < rows; i++) {
			double k = tot[i] > 0 ? (double)gsl_ran_binomial(g, pos[i] / tot[i],
			                                                (unsigned)tot[i]) : 0;
			if (gold_pos[i])
				btp += k;
			else
				bfp += k;
		}
		/* the observed share from its between-call sampling distribution */
		double q = fmin(1.0, fmax(0.0, obs->rate + sd * gsl_ran_ugaussian(g)));
		rep[b] = rogan_gladen(q, btp / np, 1 - bfp / nn);
		if (!isfinite(rep[b]))
			out->undefined++;
	}
	if (out->undefined) {
		/* some draws of the classifier are no better than chance: the
		 * data then say nothing about the true share */
		out->lower = 0;
		out->upper = 1;
	} else {
		qsort(rep, replicates, sizeof *rep, cmp_double);
		out->lower = gsl_stats_quantile_from_sorted_data(rep, 1, replicates, (1 - level) / 2);
		out->upper = gsl_stats_quantile_from_sorted_data(rep, 1, replicates, (1 + level) / 2);
	}
	rc = 0;
done:
	gsl_rng_free(g);
	free(rep);
	return rc;
}
