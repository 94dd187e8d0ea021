/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "aggregate/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
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

/* The bootstrap's generator: xoshiro256** (Blackman & Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47(4), 2021), its four
 * words filled from the seed by SplitMix64 as its authors advise.  It
 * passes TestU01's BigCrush (its authors' tests) and costs about a
 * nanosecond a 64-bit draw where GSL's mt19937 behind a function pointer
 * cost several for 32 bits: with millions of draws per group, the
 * generator was most of the bootstrap's time.  Wrapped as a gsl_rng_type
 * so that GSL's binomial, multinomial and Gaussian draws use it too. */
typedef struct xoshiro {
	uint64_t s[4];
} xoshiro;

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t xoshiro_next(xoshiro *x)
{
	uint64_t *s = x->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

static void xoshiro_set(void *state, unsigned long seed)
{
	xoshiro *x = state;
	uint64_t z = (uint64_t)seed;
	for (int i = 0; i < 4; i++) {
		/* SplitMix64 */
		uint64_t v = (z += 0x9e3779b97f4a7c15ULL);
		v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ULL;
		v = (v ^ (v >> 27)) * 0x94d049bb133111ebULL;
		x->s[i] = v ^ (v >> 31);
	}
}

static unsigned long xoshiro_get(void *state)
{
	return (unsigned long)(xoshiro_next(state) >> 32);
}

static double xoshiro_get_double(void *state)
{
	return (double)(xoshiro_next(state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
	"xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro), xoshiro_set, xoshiro_get,
	xoshiro_get_double,
};

/* A uniform integer in [0, n) from 32 random bits, without a division on
 * the common path and without bias (Lemire 2019, "Fast random integer
 * generation in an interval", ACM TOMACS 29(1)): each 64-bit draw gives
 * two such 32-bit inputs. */
typedef struct bits32 {
	xoshiro *x;
	uint64_t spare;
	int have;
} bits32;

static inline uint32_t next32(bits32 *b)
{
	if (b->have) {
		b->have = 0;
		return (uint32_t)b->spare;
	}
	b->spare = xoshiro_next(b->x);
	b->have = 1;
	return (uint32_t)(b->spare >> 32);
}

static inline uint32_t uniform_below(bits32 *b, uint32_t n)
{
	uint64_t m = (uint64_t)next32(b) * n;
	uint32_t low = (uint32_t)m;
	if (low < n) {
		uint32_t floor = (uint32_t)(-n) % n;
		while (low < floor) {
			m = (uint64_t)next32(b) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* The order statistic after lo, the lhs-th (from 0) of rep[0..b), by one
 * scan where a second selection would partition again: lo itself while
 * more than lhs + 1 values are at most lo, else the least value above it.
 * A NaN, which has no order, is left to the selection. */
static double next_order(double *rep, size_t b, size_t lhs, double lo)
{
	/* lhs + 1 < b: when at most lhs + 1 values are at most lo, one is
	 * above it, and the least is at most INFINITY */
	size_t at_most = 0;
	double above = INFINITY;
	for (size_t i = 0; i < b; i++) {
		double x = rep[i];
		if (x <= lo)
			at_most++;
		else if (x > lo)
			above = x < above ? x : above;
		else
			return gsl_stats_select(rep, 1, b, lhs + 1);
	}
	return at_most > lhs + 1 ? lo : above;
}

/* gsl_stats_quantile_from_sorted_data's value at fraction f without
 * sorting: the order statistic at floor((b-1)f) by selection (rep is
 * reordered) and the next by a scan, interpolated as GSL does.  O(b)
 * where the sort cost O(b log b). */
static double quantile_unsorted(double *rep, size_t b, double f)
{
	double index = f * (double)(b - 1);
	size_t lhs = (size_t)index;
	double delta = index - (double)lhs;
	double lo = gsl_stats_select(rep, 1, b, lhs);
	if (lhs == b - 1)
		return lo;
	return (1 - delta) * lo + delta * next_order(rep, b, lhs, lo);
}

void ts_percentile(double *rep, size_t b, double level, double *lower, double *upper)
{
	*lower = quantile_unsorted(rep, b, (1 - level) / 2);
	*upper = quantile_unsorted(rep, b, (1 + level) / 2);
}

/* The sums of one batch of draws, metric by metric: four running sums
 * (the draws taken in turn), then (s0 + s1) + (s2 + s3).  The order of
 * these additions is the interval's last digits: the row form below keeps
 * it lane by lane. */
static void batch_by_metric(const double *const *val, size_t nm, const uint32_t *idx, size_t c,
                            double *sum)
{
	for (size_t m = 0; m < nm; m++) {
		const double *v = val[m];
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		size_t j = 0;
		for (; j + 4 <= c; j += 4) {
			s0 += v[idx[j]];
			s1 += v[idx[j + 1]];
			s2 += v[idx[j + 2]];
			s3 += v[idx[j + 3]];
		}
		for (; j < c; j++)
			s0 += v[idx[j]];
		sum[m] += (s0 + s1) + (s2 + s3);
	}
}

/* The same over rows: LANES metrics' i-th values side by side, so that a
 * draw reads one cache line, and two lanes added by one instruction (GCC's
 * vectors, which clang has too, as the library's builtins; neither
 * vectorises the loop over lanes by itself).  Lane by lane the additions
 * are the ones above, in the same order. */
enum { LANES = 4 };

typedef double lane_pair __attribute__((vector_size(2 * sizeof(double))));

static inline lane_pair pair_at(const double *p)
{
	lane_pair v;
	memcpy(&v, p, sizeof v);
	return v;
}

static void batch_by_rows(const double *rows, size_t nb, size_t n, const uint32_t *idx, size_t c,
                          double *sum)
{
	for (size_t blk = 0; blk < nb; blk++) {
		const double *r = rows + blk * n * LANES;
		/* sK: lanes 0 and 1 of the K-th running sum, tK: lanes 2 and 3 */
		lane_pair s0 = {0, 0}, s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
		size_t j = 0;
		for (; j + 4 <= c; j += 4) {
			const double *r0 = r + (size_t)idx[j] * LANES, *r1 = r + (size_t)idx[j + 1] * LANES;
			const double *r2 = r + (size_t)idx[j + 2] * LANES, *r3 = r + (size_t)idx[j + 3] * LANES;
			s0 += pair_at(r0);
			t0 += pair_at(r0 + 2);
			s1 += pair_at(r1);
			t1 += pair_at(r1 + 2);
			s2 += pair_at(r2);
			t2 += pair_at(r2 + 2);
			s3 += pair_at(r3);
			t3 += pair_at(r3 + 2);
		}
		for (; j < c; j++) {
			const double *r0 = r + (size_t)idx[j] * LANES;
			s0 += pair_at(r0);
			t0 += pair_at(r0 + 2);
		}
		lane_pair lo = (s0 + s1) + (s2 + s3), hi = (t0 + t1) + (t2 + t3);
		double *out = sum + blk * LANES;
		out[0] += lo[0];
		out[1] += lo[1];
		out[2] += hi[0];
		out[3] += hi[1];
	}
}

int ts_bootstrap_means_rows(const double *const *val, size_t nm, size_t n, size_t replicates,
                            unsigned long seed, double level, size_t max_row_bytes,
                            double *lower, double *upper)
{
	for (size_t m = 0; m < nm; m++)
		lower[m] = upper[m] = NAN;
	if (n < 2 || !replicates || !nm)
		return 0;
	if ((uint64_t)n > UINT32_MAX)
		return -1;  /* beyond the 32-bit draws */
	size_t nb = (nm + LANES - 1) / LANES;
	/* rows when they fit the bound; the copy is the metrics' values again */
	int by_rows = nm > 1 && n <= max_row_bytes / sizeof(double) / LANES / nb;
	double *means = malloc(replicates * nm * sizeof *means);
	double *sum = malloc(nb * LANES * sizeof *sum);
	double *rows = by_rows ? malloc(nb * n * LANES * sizeof *rows) : NULL;
	xoshiro x;
	int rc = -1;
	if (!means || !sum || (by_rows && !rows))
		goto done;
	if (by_rows)
		for (size_t blk = 0; blk < nb; blk++)
			for (size_t i = 0; i < n; i++)
				for (size_t l = 0; l < LANES; l++) {
					size_t m = blk * LANES + l;
					rows[(blk * n + i) * LANES + l] = m < nm ? val[m][i] : 0;
				}
	xoshiro_set(&x, seed);
	bits32 bits = {&x, 0, 0};
	for (size_t b = 0; b < replicates; b++) {
		for (size_t m = 0; m < nb * LANES; m++)
			sum[m] = 0;
		/* a batch of indices, then every metric summed over it: the
		 * draws, most of the cost, are shared */
		uint32_t idx[256];
		for (size_t i = 0; i < n;) {
			size_t c = n - i < 256 ? n - i : 256;
			for (size_t j = 0; j < c; j++)
				idx[j] = uniform_below(&bits, (uint32_t)n);
			if (by_rows)
				batch_by_rows(rows, nb, n, idx, c, sum);
			else
				batch_by_metric(val, nm, idx, c, sum);
			i += c;
		}
		for (size_t m = 0; m < nm; m++)
			means[m * replicates + b] = sum[m] / (double)n;
	}
	for (size_t m = 0; m < nm; m++)
		ts_percentile(means + m * replicates, replicates, level, &lower[m], &upper[m]);
	rc = 0;
done:
	free(means);
	free(sum);
	free(rows);
	return rc;
}

int ts_bootstrap_means(const double *const *val, size_t nm, size_t n, size_t replicates,
                       unsigned long seed, double level, double *lower, double *upper)
{
	return ts_bootstrap_means_rows(val, nm, n, replicates, seed, level, TS_BOOT_ROW_BYTES, lower,
	                               upper);
}

int ts_bootstrap_mean(const double *val, const uint64_t *cnt, size_t k, size_t replicates,
                      unsigned long seed, double level, double *lower, double *upper)
{
	if (!cnt)
		return ts_bootstrap_means(&val, 1, k, replicates, seed, level, lower, upper);
	*lower = *upper = NAN;
	uint64_t n = 0;
	for (size_t j = 0; j < k; j++)
		n += cnt[j];
	if (n < 2 || !replicates)
		return 0;
	if (n > UINT32_MAX)
		return -1;  /* beyond gsl_ran_multinomial's unsigned */
	double *means = malloc(replicates * sizeof *means);
	double *p = malloc(k * sizeof *p);
	unsigned *draw = malloc(k * sizeof *draw);
	gsl_rng *r = gsl_rng_alloc(&xoshiro_type);
	int rc = -1;
	if (!means || !p || !draw || !r)
		goto done;
	gsl_rng_set(r, seed);
	for (size_t j = 0; j < k; j++)
		p[j] = (double)cnt[j];
	for (size_t b = 0; b < replicates; b++) {
		double sum = 0;
		gsl_ran_multinomial(r, k, (unsigned)n, p, draw);
		for (size_t j = 0; j < k; j++)
			sum += draw[j] * val[j];
		means[b] = sum / (double)n;
	}
	ts_percentile(means, replicates, level, lower, upper);
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
	/* two streams: the calls' share drawn the same way whatever the
	 * matrix, so that two models compare on common random numbers */
	gsl_rng *g = gsl_rng_alloc(&xoshiro_type), *gq = gsl_rng_alloc(&xoshiro_type);
	int rc = -1;
	if (!rep || !g || !gq)
		goto done;
	gsl_rng_set(g, seed);
	gsl_rng_set(gq, seed ^ 0x5bd1e995UL);
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
		double q = fmin(1.0, fmax(0.0, obs->rate + sd * gsl_ran_ugaussian(gq)));
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
		ts_percentile(rep, replicates, level, &out->lower, &out->upper);
	}
	rc = 0;
done:
	gsl_rng_free(g);
	gsl_rng_free(gq);
	free(rep);
	return rc;
}
