/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The statistics of an aggregate and its JSON and CSV forms
 * (docs/aggregate.md, docs/aggregate.schema.json). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aggregate/aggregate.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/json_out.h"
#include "aggregate/stats.h"

#define LEVEL 0.95

/* ---- statistics ---- */

typedef struct mstats {
	ts_describe d;
	double lower, upper;      /* bootstrap interval of the mean */
} mstats;

/* The generator's seed for one group and metric: the run's seed mixed
 * with both names, so an interval depends on neither the other groups nor
 * the order of the input (shards merge to the same bytes). */
static unsigned long seed_for(unsigned long seed, const agg_group *g, const char *metric)
{
	unsigned char le[8], sep = 0xff;  /* the seed's bytes, least significant first */
	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)((uint64_t)seed >> (8 * i));
	uint64_t h = ts_fnv1a(TS_FNV_INIT, le, sizeof le);
	h = ts_fnv1a(h, g->ckey, g->seedlen);
	h = ts_fnv1a(h, &sep, 1);
	h = ts_fnv1a(h, metric, strlen(metric));
	return (unsigned long)((h ^ (h >> 32)) & 0xffffffffUL);
}

typedef struct runs {
	double *val;
	uint64_t *cnt;
	size_t k;
} runs;

static int collect_run(void *arg, double v, uint64_t c)
{
	runs *r = arg;
	r->val[r->k] = v;
	r->cnt[r->k++] = c;
	return 0;
}

/* A metric whose bootstrap draws indices into its sorted values: those of
 * one group with the same number of values share the draws. */
typedef struct shared {
	size_t mi;
	double *x;
	int owned;
	uint64_t n;
} shared;

static int cmp_shared(const void *a, const void *b)
{
	const shared *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->mi < y->mi ? -1 : x->mi > y->mi;
}

/* Bootstrap the metrics sh[0..ns) together, a run of equal n at a time;
 * frees what they own. */
static int flush_shared(const ts_agg *agg, const agg_group *g, shared *sh, size_t ns, mstats *out)
{
	int rc = 0;
	qsort(sh, ns, sizeof *sh, cmp_shared);
	for (size_t i = 0; i < ns && !rc;) {
		size_t j = i;
		while (j < ns && sh[j].n == sh[i].n)
			j++;
		const double **v = malloc((j - i) * sizeof *v);
		double *lo = malloc((j - i) * sizeof *lo), *hi = malloc((j - i) * sizeof *hi);
		/* the seed: the group's and the sample size, never the metrics
		 * beside it, so an interval depends on its own values only */
		char name[40];
		snprintf(name, sizeof name, "#n=%" PRIu64, sh[i].n);
		if (!v || !lo || !hi)
			rc = -1;
		for (size_t k = i; !rc && k < j; k++)
			v[k - i] = sh[k].x;
		if (!rc && ts_bootstrap_means(v, j - i, (size_t)sh[i].n, agg->opt.bootstrap,
		                              seed_for(agg->opt.seed, g, name), LEVEL, lo, hi))
			rc = -1;
		for (size_t k = i; !rc && k < j; k++) {
			out[sh[k].mi].lower = lo[k - i];
			out[sh[k].mi].upper = hi[k - i];
		}
		free(v);
		free(lo);
		free(hi);
		i = j;
	}
	for (size_t i = 0; i < ns; i++)
		if (sh[i].owned)
			free(sh[i].x);
	return rc;
}

/* Values kept at once for shared draws, beyond the dense ones already in
 * memory: a bound, so that a group of millions of calls does not hold
 * every metric expanded. */
#define SHARED_BYTES ((uint64_t)32 << 20)

/* Every reported metric of group g into out[metric]. */
static int group_stats(const ts_agg *agg, agg_group *g, const int *mp, mstats *out)
{
	shared *sh = malloc((agg->nmetrics + 1) * sizeof *sh);
	size_t ns = 0;
	uint64_t bytes = 0;
	int rc = sh ? 0 : -1;
	for (size_t mi = 0; mi < agg->nmetrics && !rc; mi++) {
		if (!mp[mi])
			continue;
		ts_multiset *ms = &g->ms[mi];
		double *x = NULL;
		int owned = 0;
		if (ts_ms_finish(ms) || ts_ms_sorted(ms, &x, &owned)) {
			rc = -1;
			break;
		}
		ts_describe_sorted(x, (size_t)ms->n, &out[mi].d);
		out[mi].lower = out[mi].upper = NAN;
		size_t k = 1;
		for (uint64_t i = 1; i < ms->n; i++)
			k += x[i] != x[i - 1];
		if (ms->n < 2 || !agg->opt.bootstrap) {
			/* no interval */
		} else if ((uint64_t)k * 32 <= ms->n) {
			/* few distinct values: a multinomial draw per replicate costs
			 * O(distinct) binomial draws (about 30 times a value added in
			 * the shared draws below each), not n */
			unsigned long seed = seed_for(agg->opt.seed, g, agg->metrics[mi].name);
			runs r = {malloc(k * sizeof *r.val), malloc(k * sizeof *r.cnt), 0};
			if (!r.val || !r.cnt || ts_ms_runs(ms, collect_run, &r) ||
			    ts_bootstrap_mean(r.val, r.cnt, r.k, agg->opt.bootstrap, seed, LEVEL,
			                      &out[mi].lower, &out[mi].upper))
				rc = -1;
			free(r.val);
			free(r.cnt);
		} else {
			if (owned && bytes + ms->n * sizeof *x > SHARED_BYTES && ns) {
				rc = flush_shared(agg, g, sh, ns, out);
				ns = 0;
				bytes = 0;
			}
			sh[ns++] = (shared){mi, x, owned, ms->n};
			bytes += owned ? ms->n * sizeof *x : 0;
			continue;  /* x is freed with the others */
		}
		if (owned)
			free(x);
	}
	if (!rc)
		rc = flush_shared(agg, g, sh, ns, out);
	else
		for (size_t i = 0; i < ns; i++)
			if (sh[i].owned)
				free(sh[i].x);
	free(sh);
	return rc;
}

/* The statistics of a run of groups, computed ahead of their output on
 * agg->opt.threads threads.  A job is one group: jobs touch nothing in
 * common, and each group's bootstraps have their own seeds, so the result
 * is the same on any number of threads. */
#define BATCH_GROUPS 64

typedef struct stats_batch {
	const ts_agg *agg;
	const int *mp;            /* the metrics reported */
	size_t first, count;      /* groups first..first+count-1 */
	mstats *s;                /* [(group - first) * nmetrics + metric] */
	size_t next;              /* the next job, under mu */
	pthread_mutex_t mu;
	int failed;
} stats_batch;

static void *batch_main(void *arg)
{
	stats_batch *b = arg;
	size_t nm = b->agg->nmetrics;
	for (;;) {
		pthread_mutex_lock(&b->mu);
		size_t j = b->next++;
		int stop = b->failed || j >= b->count;
		pthread_mutex_unlock(&b->mu);
		if (stop)
			break;
		if (group_stats(b->agg, b->agg->groups[b->first + j], b->mp, &b->s[j * nm])) {
			pthread_mutex_lock(&b->mu);
			b->failed = 1;
			pthread_mutex_unlock(&b->mu);
		}
	}
	return NULL;
}

/* Make the batch hold group g's statistics.  0, or -1 out of memory. */
static int batch_for(stats_batch *b, size_t g)
{
	if (b->s && g >= b->first && g < b->first + b->count)
		return 0;
	size_t nm = b->agg->nmetrics;
	b->first = g;
	b->count = b->agg->ngroups - g < BATCH_GROUPS ? b->agg->ngroups - g : BATCH_GROUPS;
	free(b->s);
	if (!(b->s = malloc((b->count * nm + 1) * sizeof *b->s)))
		return -1;
	b->next = 0;
	b->failed = 0;
	size_t nt = ts_agg_threads(b->agg), started = 0;
	pthread_t tid[256];
	if (nt > b->count)
		nt = b->count > 0 ? b->count : 1;
	for (; started + 1 < nt; started++)
		if (pthread_create(&tid[started], NULL, batch_main, b))
			break;  /* fewer threads: the work is done all the same */
	batch_main(b);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	return b->failed ? -1 : 0;
}

static void batch_init(stats_batch *b, const ts_agg *agg, const int *mp)
{
	memset(b, 0, sizeof *b);
	b->agg = agg;
	b->mp = mp;
	pthread_mutex_init(&b->mu, NULL);
}

static void batch_free(stats_batch *b)
{
	free(b->s);
	pthread_mutex_destroy(&b->mu);
}

/* Metrics and rates with data in some group: the ones reported. */
static void present(const ts_agg *agg, int *metric, int *rate)
{
	for (size_t i = 0; i < agg->nmetrics; i++) {
		metric[i] = 0;
		for (size_t g = 0; g < agg->ngroups && !metric[i]; g++)
			metric[i] = agg->groups[g]->ms[i].n > 0;
	}
	for (size_t r = 0; r < R_COUNT; r++) {
		rate[r] = 0;
		for (size_t g = 0; g < agg->ngroups && agg->rate_used[r] && !rate[r]; g++)
			rate[r] = agg->groups[g]->rates[r].n > 0;
	}
}

/* ---- JSON ---- */

static void key_object(ts_jw *w, const char *name, const ts_agg *agg, const agg_group *g)
{
	ts_jw_object(w, name);
	for (size_t i = 0; i < agg->nshown; i++)
		ts_jw_str_lossy(w, agg->keys[i].name, g->key[i]);
	ts_jw_end(w, 1);
}

/* A rate's interval with calls as clusters (stats.h). */
static void rate_ci(const agg_rate *r, ts_cluster_ci *ci)
{
	ts_cluster_sums s = {r->num, r->den, r->yy, r->xx, r->xy, r->m};
	ts_cluster_share(&s, LEVEL, ci);
}

static void rate_object(ts_jw *w, const char *name, const agg_rate *r)
{
	double lo, hi;
	ts_cluster_ci ci;
	rate_ci(r, &ci);
	ts_wilson(r->num, r->den, LEVEL, &lo, &hi);
	ts_jw_object(w, name);
	ts_jw_count(w, "n", r->n);
	ts_jw_num(w, "numerator", r->num);
	ts_jw_num(w, "denominator", r->den);
	ts_jw_num(w, "rate", ci.rate);
	ts_jw_num(w, "lower", ci.lower);
	ts_jw_num(w, "upper", ci.upper);
	ts_jw_count(w, "clusters", r->m);
	ts_jw_num(w, "design_effect", ci.design_effect);
	ts_jw_object(w, "wilson");
	ts_jw_num(w, "lower", lo);
	ts_jw_num(w, "upper", hi);
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
}

/* Responsiveness corrected for the reply model's error (ts_agg_use_model). */
static int adjusted_json(ts_jw *w, const ts_agg *agg, const agg_group *g)
{
	const agg_rate *r = &g->rates[R_RESPONSIVENESS];
	if (!agg->model || !agg->rate_used[R_RESPONSIVENESS] || !(r->den > 0))
		return 0;
	ts_cluster_ci ci;
	rate_ci(r, &ci);
	ts_adjusted a;
	if (ts_adjusted_share(&ci, agg->mpos, agg->mtot, agg->mrows, agg->mgold, agg->opt.bootstrap,
	                      seed_for(agg->opt.seed, g, "qa.responsiveness.adjusted"), LEVEL, &a))
		return -1;
	ts_jw_object(w, "adjusted");
	ts_jw_object(w, "qa.responsiveness");
	ts_jw_num(w, "rate", a.rate);
	ts_jw_num(w, "lower", a.lower);
	ts_jw_num(w, "upper", a.upper);
	ts_jw_count(w, "undefined_replicates", a.undefined);
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
	return 0;
}

static int group_json(ts_jw *w, ts_agg *agg, agg_group *g, const int *mp, const int *rp,
                      const mstats *st)
{
	ts_jw_object(w, NULL);
	key_object(w, "key", agg, g);
	ts_jw_count(w, "calls", g->calls);
	ts_jw_count(w, "observations", g->observations);
	ts_jw_object(w, "metrics");
	for (size_t i = 0; i < agg->nmetrics; i++) {
		if (!mp[i])
			continue;
		const mstats s = st[i];
		ts_jw_object(w, agg->metrics[i].name);
		ts_jw_count(w, "n", s.d.n);
		ts_jw_num(w, "mean", s.d.mean);
		ts_jw_num(w, "sd", s.d.sd);
		ts_jw_num(w, "min", s.d.min);
		ts_jw_num(w, "q1", s.d.q1);
		ts_jw_num(w, "median", s.d.median);
		ts_jw_num(w, "q3", s.d.q3);
		ts_jw_num(w, "max", s.d.max);
		ts_jw_object(w, "mean_ci");
		ts_jw_num(w, "lower", s.lower);
		ts_jw_num(w, "upper", s.upper);
		ts_jw_end(w, 1);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 1);
	ts_jw_object(w, "rates");
	for (size_t r = 0; r < R_COUNT; r++)
		if (rp[r])
			rate_object(w, ts_agg_rates[r].name, &g->rates[r]);
	ts_jw_end(w, 1);
	if (adjusted_json(w, agg, g))
		return -1;
	ts_jw_end(w, 1);
	return 0;
}

/* Pearson's test of reply classes (columns first..first+ncols-1 of the
 * rates) by group. */
static int chisq_json(ts_jw *w, const ts_agg *agg, int first, int ncols, const char *name)
{
	double *t = calloc(agg->ngroups * (size_t)ncols + 1, sizeof *t);
	if (!t)
		return -1;
	for (size_t g = 0; g < agg->ngroups; g++)
		for (int c = 0; c < ncols; c++)
			t[g * (size_t)ncols + (size_t)c] = agg->groups[g]->rates[first + c].num;
	ts_chisq x;
	int rc = ts_chisq_test(t, agg->ngroups, (size_t)ncols, &x);
	free(t);
	if (rc)
		return -1;
	ts_jw_object(w, name);
	ts_jw_num(w, "statistic", x.statistic);
	ts_jw_count(w, "df", x.df);
	ts_jw_num_mode(w, "p_value", x.p_value, TS_NUM_SIG);
	ts_jw_num(w, "n", x.n);
	ts_jw_count(w, "groups", x.rows);
	ts_jw_count(w, "classes", x.cols);
	ts_jw_count(w, "low_expected", x.low_expected);
	char warn[200];
	if (!x.df)
		snprintf(warn, sizeof warn, "no test: it needs two groups and two classes with replies");
	else if (x.low_expected)
		snprintf(warn, sizeof warn, "%zu of %zu expected counts are below 5: the chi-square "
		         "approximation may be poor", x.low_expected, x.rows * x.cols);
	ts_jw_str(w, "warning", x.df && !x.low_expected ? NULL : warn);
	ts_jw_end(w, 1);
	return 0;
}

typedef struct ranked {
	size_t g;
	double rate;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->rate != y->rate)
		return x->rate > y->rate ? -1 : 1;
	return x->g < y->g ? -1 : x->g > y->g;
}

static int ranking_json(ts_jw *w, const ts_agg *agg)
{
	ranked *r = malloc((agg->ngroups + 1) * sizeof *r);
	if (!r)
		return -1;
	size_t n = 0;
	for (size_t g = 0; g < agg->ngroups; g++) {
		const agg_rate *x = &agg->groups[g]->rates[R_RESPONSIVENESS];
		if (x->den > 0)
			r[n++] = (ranked){g, x->num / x->den};
	}
	qsort(r, n, sizeof *r, cmp_ranked);
	ts_jw_array(w, "ranking");
	for (size_t i = 0; i < n; i++) {
		const agg_group *g = agg->groups[r[i].g];
		const agg_rate *x = &g->rates[R_RESPONSIVENESS];
		ts_cluster_ci ci;
		rate_ci(x, &ci);
		ts_jw_object(w, NULL);
		ts_jw_count(w, "rank", i + 1);
		key_object(w, "key", agg, g);
		ts_jw_num(w, "responsiveness", r[i].rate);
		ts_jw_num(w, "lower", ci.lower);
		ts_jw_num(w, "upper", ci.upper);
		ts_jw_num(w, "questions", x->den);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	free(r);
	return 0;
}

static const char *const mode_name[] = {"call", "role", "speaker"};

/* Where the output goes as it is made: a group at a time, so that memory
 * holds one group's text, not the whole output (40,000 speakers' groups
 * are hundreds of megabytes of JSON). */
typedef struct out_sink {
	ts_buf *buf;
	ts_write_fn fn;
	void *arg;
	int failed;               /* fn failed: a write error */
} out_sink;

/* Hand the buffer on once it holds enough (all of it when `all`). */
static int drain(out_sink *o, int all)
{
	if (o->failed || (!all && o->buf->len < ((size_t)1 << 16)) || !o->buf->len)
		return o->failed ? -1 : 0;
	if (o->fn(o->arg, o->buf->ptr, o->buf->len)) {
		o->failed = 1;
		return -1;
	}
	o->buf->len = 0;
	return 0;
}

static int document(ts_jw *w, ts_agg *agg, out_sink *o)
{
	int *mp = calloc(agg->nmetrics + 1, sizeof *mp);
	int rp[R_COUNT];
	if (!mp)
		return -1;
	present(agg, mp, rp);
	ts_jw_object(w, NULL);
	ts_jw_count(w, "schema_version", TS_AGG_SCHEMA_VERSION);
	ts_jw_array(w, "by");
	for (size_t i = 0; i < agg->nshown; i++)
		ts_jw_str_lossy(w, NULL, agg->keys[i].name);
	ts_jw_end(w, 0);
	if (ts_agg_note(agg))
		ts_jw_str(w, "note", ts_agg_note(agg));
	ts_jw_str(w, "observation", mode_name[agg->mode]);
	ts_jw_count(w, "calls", agg->calls);
	ts_jw_object(w, "settings");
	ts_jw_num(w, "level", LEVEL);
	ts_jw_str(w, "quantiles", "gsl_stats_quantile_from_sorted_data");
	ts_jw_object(w, "bootstrap");
	ts_jw_count(w, "replicates", agg->opt.bootstrap);
	ts_jw_count(w, "seed", agg->opt.seed);
	ts_jw_str(w, "method", "percentile");
	ts_jw_str(w, "generator", "xoshiro256**");
	ts_jw_end(w, 1);
	ts_jw_str(w, "rate_interval", "cluster");
	if (agg->model) {
		ts_jw_object(w, "adjustment");
		ts_jw_str(w, "model", agg->model);
		ts_jw_str(w, "method", "rogan-gladen");
		double tp = 0, np = 0, fp = 0, nn = 0;
		for (size_t i = 0; i < agg->mrows; i++) {
			*(agg->mgold[i] ? &tp : &fp) += agg->mpos[i];
			*(agg->mgold[i] ? &np : &nn) += agg->mtot[i];
		}
		ts_jw_num(w, "sensitivity", np > 0 ? tp / np : NAN);
		ts_jw_num(w, "specificity", nn > 0 ? 1 - fp / nn : NAN);
		ts_jw_num(w, "pairs", np + nn);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 1);
	int rc = 0;
	stats_batch b;
	batch_init(&b, agg, mp);
	ts_jw_array(w, "groups");
	for (size_t g = 0; g < agg->ngroups && !rc; g++)
		rc = batch_for(&b, g) ||
		     group_json(w, agg, agg->groups[g], mp, rp, &b.s[(g - b.first) * agg->nmetrics]) ||
		     drain(o, 0);
	ts_jw_end(w, 0);
	batch_free(&b);
	if (rc) {
		/* the statistics ran out of memory */
	} else if (rp[R_RESPONSIVENESS]) {
		ts_jw_object(w, "chi_square");
		rc = chisq_json(w, agg, R_REPLY, TS_R_COUNT, "reply_class") ||
		     chisq_json(w, agg, R_CLARITY, TS_C_COUNT, "clarity");
		ts_jw_end(w, 1);
	} else {
		ts_jw_null(w, "chi_square");
	}
	rc = rc || ranking_json(w, agg);
	ts_jw_end(w, 1);
	free(mp);
	return rc || w->oom ? -1 : 0;
}

/* ---- CSV (RFC 4180: CRLF, fields with , " CR LF quoted, quotes doubled) ----
 *
 * Two tidy tables, each fully filled: the metrics (--csv) and the rates
 * (--csv=rates), one row per group and metric or rate that the group has
 * data for.  Each key is followed by KEY_missing, true when the group is
 * the calls without that key: a missing key and an empty string would
 * both read as an empty cell. */

static int csv_field(ts_buf *o, const char *s, int first)
{
	if (!first && ts_buf_append(o, ",", 1))
		return -1;
	if (!s)
		return 0;
	if (!strpbrk(s, ",\"\r\n"))
		return ts_buf_append(o, s, strlen(s));
	if (ts_buf_append(o, "\"", 1))
		return -1;
	for (; *s; s++)
		if ((*s == '"' && ts_buf_append(o, "\"", 1)) || ts_buf_append(o, s, 1))
			return -1;
	return ts_buf_append(o, "\"", 1);
}

static int csv_num(ts_buf *o, double v)
{
	if (ts_buf_append(o, ",", 1))
		return -1;
	return isfinite(v) ? ts_json_number(o, v, TS_NUM_FIXED) : 0;
}

static const char *const csv_metric_columns[] = {
	"side", "metric", "n", "mean", "sd", "min", "q1", "median", "q3", "max", "mean_lower",
	"mean_upper",
};

static const char *const csv_rate_columns[] = {
	"rate", "n", "numerator", "denominator", "proportion", "lower", "upper", "clusters",
	"design_effect", "wilson_lower", "wilson_upper",
};

static int csv_header(ts_buf *o, const ts_agg *agg, const char *const *cols, size_t ncols)
{
	int rc = 0;
	for (size_t i = 0; i < agg->nshown && !rc; i++) {
		char name[600];
		snprintf(name, sizeof name, "%s_missing", agg->keys[i].name);
		rc = csv_field(o, agg->keys[i].name, i == 0) || csv_field(o, name, 0);
	}
	for (size_t i = 0; i < ncols && !rc; i++)
		rc = csv_field(o, cols[i], i == 0 && agg->nshown == 0);
	return rc || ts_buf_append(o, "\r\n", 2);
}

static int csv_keys(ts_buf *o, const ts_agg *agg, const agg_group *g)
{
	for (size_t i = 0; i < agg->nshown; i++)
		if (csv_field(o, g->key[i], i == 0) || csv_field(o, g->key[i] ? "false" : "true", 0))
			return -1;
	return 0;
}

/* The side a metric describes, and its name without it: in call mode
 * "respondent.turns" is the respondent's turns, "turns.total" the call's;
 * with a role or speaker key every metric is the observation's. */
static const char *metric_side(const ts_agg *agg, const agg_metric *m, const char **name)
{
	*name = m->name;
	if (agg->mode != MODE_CALL)
		return "observation";
	if (!m->side)
		return "call";
	*name = strchr(m->name, '.') + 1;
	return m->role == TS_ROLE_CALLER ? "caller" : "respondent";
}

static int csv_metrics(ts_agg *agg, ts_buf *o, out_sink *sink)
{
	int *mp = calloc(agg->nmetrics + 1, sizeof *mp);
	int rp[R_COUNT];
	if (!mp)
		return -1;
	present(agg, mp, rp);
	stats_batch b;
	batch_init(&b, agg, mp);
	int rc = csv_header(o, agg, csv_metric_columns,
	                    sizeof csv_metric_columns / sizeof *csv_metric_columns);
	for (size_t gi = 0; gi < agg->ngroups && !rc; gi++) {
		agg_group *g = agg->groups[gi];
		if ((rc = drain(sink, 0)) || (rc = batch_for(&b, gi)))
			break;
		for (size_t i = 0; i < agg->nmetrics && !rc; i++) {
			if (!g->ms[i].n)
				continue;  /* no call of the group has it: no row */
			const mstats s = b.s[(gi - b.first) * agg->nmetrics + i];
			const char *name, *side = metric_side(agg, &agg->metrics[i], &name);
			rc = csv_keys(o, agg, g) ||
			     csv_field(o, side, agg->nshown == 0) || csv_field(o, name, 0);
			double v[] = {(double)s.d.n, s.d.mean, s.d.sd, s.d.min, s.d.q1, s.d.median, s.d.q3,
			              s.d.max, s.lower, s.upper};
			for (size_t j = 0; j < sizeof v / sizeof *v && !rc; j++)
				rc = csv_num(o, v[j]);
			rc = rc || ts_buf_append(o, "\r\n", 2);
		}
	}
	batch_free(&b);
	free(mp);
	return rc ? -1 : 0;
}

static int csv_rates(ts_agg *agg, ts_buf *o, out_sink *sink)
{
	int rc = csv_header(o, agg, csv_rate_columns,
	                    sizeof csv_rate_columns / sizeof *csv_rate_columns);
	for (size_t gi = 0; gi < agg->ngroups && !rc; gi++) {
		agg_group *g = agg->groups[gi];
		if ((rc = drain(sink, 0)))
			break;
		for (size_t r = 0; r < R_COUNT && !rc; r++) {
			const agg_rate *x = &g->rates[r];
			if (!agg->rate_used[r] || !x->n || !(x->den > 0))
				continue;  /* nothing to pool (no questions): no row */
			double lo, hi;
			ts_cluster_ci ci;
			rate_ci(x, &ci);
			ts_wilson(x->num, x->den, LEVEL, &lo, &hi);
			rc = csv_keys(o, agg, g) || csv_field(o, ts_agg_rates[r].name, agg->nshown == 0);
			double v[] = {(double)x->n, x->num, x->den, ci.rate, ci.lower, ci.upper,
			              (double)x->m, ci.design_effect, lo, hi};
			for (size_t j = 0; j < sizeof v / sizeof *v && !rc; j++)
				rc = csv_num(o, v[j]);
			rc = rc || ts_buf_append(o, "\r\n", 2);
		}
	}
	return rc ? -1 : 0;
}

const char *ts_agg_note(const ts_agg *agg)
{
	if (!agg->implicit_unit || agg->nshown < agg->nkeys)
		return NULL;
	return "the calls are counted in different units (characters, words): groups are split "
	       "by unit, so that lengths and rates per 1,000 units are never pooled (--by language "
	       "or --by unit to choose)";
}

/* A metadata key that no call has is a typo (--by Orgg): its one null group would
 * pass for a result.  A shard may lack a key its merge has, so partial
 * output is not checked. */
static int keys_found(const ts_agg *agg, ts_error *err)
{
	for (size_t i = 0; i < agg->nkeys && agg->calls; i++) {
		if (agg->keys[i].kind != KEY_META)
			continue;  /* year and month: a call without a Date has none */
		size_t g = 0;
		while (g < agg->ngroups && !agg->groups[g]->key[i])
			g++;
		if (g == agg->ngroups)
			return ts_fail(err, TS_EINPUT, NULL, 0, 0, "no call has the key '%s' (--by)",
			               agg->keys[i].name);
	}
	return 0;
}

int ts_agg_write(ts_agg *agg, int format, unsigned flags, ts_write_fn fn, void *arg,
                 ts_error *err)
{
	ts_agg_sort_groups(agg);
	if (format == TS_AGG_PARTIAL)
		return ts_agg_write_partial(agg, fn, arg, err);
	int krc = keys_found(agg, err);
	if (krc)
		return krc;
	ts_buf out = {0};
	out_sink sink = {&out, fn, arg, 0};
	int rc = 0;
	if (format == TS_AGG_CSV) {
		rc = csv_metrics(agg, &out, &sink);
	} else if (format == TS_AGG_CSV_RATES) {
		rc = csv_rates(agg, &out, &sink);
	} else {
		ts_jw w;
		ts_jw_init(&w, &out, (flags & TS_JSON_PRETTY) != 0, 0);
		rc = document(&w, agg, &sink) || ts_buf_append(&out, "\n", 1);
	}
	rc = rc || drain(&sink, 1);
	if (rc)
		rc = sink.failed ? ts_fail(err, TS_EIO, NULL, 0, 0, "write error") : ts_nomem(err);
	ts_buf_free(&out);
	return rc;
}
