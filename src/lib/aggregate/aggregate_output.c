/* The statistics of an aggregate and its JSON and CSV forms
 * (docs/aggregate.md, docs/aggregate.schema.json). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	uint64_t h = 1469598103934665603ULL;
	for (int i = 0; i < 8; i++) {
		h ^= (seed >> (8 * i)) & 0xff;
		h *= 1099511628211ULL;
	}
	for (size_t i = 0; i < g->ckeylen; i++) {
		h ^= (unsigned char)g->ckey[i];
		h *= 1099511628211ULL;
	}
	h ^= 0xff;
	h *= 1099511628211ULL;
	for (const char *p = metric; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
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

static int metric_stats(const ts_agg *agg, agg_group *g, size_t mi, mstats *out)
{
	ts_multiset *ms = &g->ms[mi];
	if (ts_ms_finish(ms))
		return -1;
	double *x = NULL;
	int owned = 0;
	if (ts_ms_sorted(ms, &x, &owned))
		return -1;
	ts_describe_sorted(x, (size_t)ms->n, &out->d);
	out->lower = out->upper = NAN;
	int rc = 0;
	if (ms->n >= 2 && agg->opt.bootstrap) {
		unsigned long seed = seed_for(agg->opt.seed, g, agg->metrics[mi].name);
		/* Distinct values and their counts, when few: a multinomial draw
		 * per replicate then costs O(distinct) binomial draws, not n
		 * uniform ones; a binomial draw costs about as much as 16 of
		 * those.  The choice depends on the values only, not on how they
		 * were stored. */
		size_t k = 1;
		for (uint64_t i = 1; i < ms->n; i++)
			k += x[i] != x[i - 1];
		if ((uint64_t)k * 16 <= ms->n) {
			runs r = {malloc(k * sizeof *r.val), malloc(k * sizeof *r.cnt), 0};
			if (!r.val || !r.cnt || ts_ms_runs(ms, collect_run, &r) ||
			    ts_bootstrap_mean(r.val, r.cnt, r.k, agg->opt.bootstrap, seed, LEVEL,
			                      &out->lower, &out->upper))
				rc = -1;
			free(r.val);
			free(r.cnt);
		} else if (ts_bootstrap_mean(x, NULL, (size_t)ms->n, agg->opt.bootstrap, seed, LEVEL,
		                             &out->lower, &out->upper)) {
			rc = -1;
		}
	}
	if (owned)
		free(x);
	return rc;
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

typedef struct jb {
	int oom;
} jb;

static cJSON *chk(jb *b, cJSON *v)
{
	if (!v)
		b->oom = 1;
	return v;
}

static void add(jb *b, cJSON *obj, const char *key, cJSON *v)
{
	if (!v || !obj) {
		b->oom = 1;
		cJSON_Delete(v);
		return;
	}
	cJSON_bool ok = cJSON_IsArray(obj) ? cJSON_AddItemToArray(obj, v)
	                                   : cJSON_AddItemToObject(obj, key, v);
	if (!ok) {
		b->oom = 1;
		cJSON_Delete(v);
	}
}

/* A number, or null when undefined. */
static void num(jb *b, cJSON *o, const char *k, double v)
{
	add(b, o, k, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

/* Six significant digits, exponent form when small: a p-value of 3e-12
 * is not 0.  "%g" honours LC_NUMERIC, so a decimal comma is put right. */
static void sig(jb *b, cJSON *o, const char *k, double v)
{
	if (!isfinite(v)) {
		add(b, o, k, cJSON_CreateNull());
		return;
	}
	char s[64];
	snprintf(s, sizeof s, "%.6g", v);
	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	add(b, o, k, cJSON_CreateRaw(s));
}

static cJSON *key_object(jb *b, const ts_agg *agg, const agg_group *g)
{
	cJSON *k = chk(b, cJSON_CreateObject());
	for (size_t i = 0; i < agg->nkeys && k; i++)
		add(b, k, agg->keys[i].name,
		    g->key[i] ? cJSON_CreateString(g->key[i]) : cJSON_CreateNull());
	return k;
}

static cJSON *rate_object(jb *b, const agg_rate *r)
{
	cJSON *o = chk(b, cJSON_CreateObject());
	double lo, hi;
	ts_wilson(r->num, r->den, LEVEL, &lo, &hi);
	num(b, o, "n", (double)r->n);
	num(b, o, "numerator", r->num);
	num(b, o, "denominator", r->den);
	num(b, o, "rate", r->den > 0 ? r->num / r->den : NAN);
	num(b, o, "lower", lo);
	num(b, o, "upper", hi);
	return o;
}

static int group_json(jb *b, ts_agg *agg, agg_group *g, const int *mp, const int *rp, cJSON *arr)
{
	cJSON *o = chk(b, cJSON_CreateObject());
	add(b, o, "key", key_object(b, agg, g));
	num(b, o, "calls", (double)g->calls);
	num(b, o, "observations", (double)g->observations);
	cJSON *metrics = chk(b, cJSON_CreateObject());
	for (size_t i = 0; i < agg->nmetrics && !b->oom; i++) {
		if (!mp[i])
			continue;
		mstats s;
		if (metric_stats(agg, g, i, &s))
			return -1;
		cJSON *m = chk(b, cJSON_CreateObject());
		num(b, m, "n", (double)s.d.n);
		num(b, m, "mean", s.d.mean);
		num(b, m, "sd", s.d.sd);
		num(b, m, "min", s.d.min);
		num(b, m, "q1", s.d.q1);
		num(b, m, "median", s.d.median);
		num(b, m, "q3", s.d.q3);
		num(b, m, "max", s.d.max);
		cJSON *ci = chk(b, cJSON_CreateObject());
		num(b, ci, "lower", s.lower);
		num(b, ci, "upper", s.upper);
		add(b, m, "mean_ci", ci);
		add(b, metrics, agg->metrics[i].name, m);
	}
	add(b, o, "metrics", metrics);
	cJSON *rates = chk(b, cJSON_CreateObject());
	for (size_t r = 0; r < R_COUNT; r++)
		if (rp[r])
			add(b, rates, ts_agg_rates[r].name, rate_object(b, &g->rates[r]));
	add(b, o, "rates", rates);
	add(b, arr, NULL, o);
	return 0;
}

/* Pearson's test of reply classes (columns first..first+ncols-1 of the
 * rates) by group. */
static int chisq_json(jb *b, const ts_agg *agg, int first, int ncols, cJSON *out, const char *name)
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
	cJSON *o = chk(b, cJSON_CreateObject());
	num(b, o, "statistic", x.statistic);
	num(b, o, "df", (double)x.df);
	sig(b, o, "p_value", x.p_value);
	num(b, o, "n", x.n);
	num(b, o, "groups", (double)x.rows);
	num(b, o, "classes", (double)x.cols);
	num(b, o, "low_expected", (double)x.low_expected);
	char w[200];
	if (!x.df)
		snprintf(w, sizeof w, "no test: it needs two groups and two classes with replies");
	else if (x.low_expected)
		snprintf(w, sizeof w, "%zu of %zu expected counts are below 5: the chi-square "
		         "approximation may be poor", x.low_expected, x.rows * x.cols);
	add(b, o, "warning", x.df && !x.low_expected ? cJSON_CreateNull() : cJSON_CreateString(w));
	add(b, out, name, o);
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

static int ranking_json(jb *b, const ts_agg *agg, cJSON *arr)
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
	for (size_t i = 0; i < n; i++) {
		const agg_group *g = agg->groups[r[i].g];
		const agg_rate *x = &g->rates[R_RESPONSIVENESS];
		double lo, hi;
		ts_wilson(x->num, x->den, LEVEL, &lo, &hi);
		cJSON *o = chk(b, cJSON_CreateObject());
		num(b, o, "rank", (double)(i + 1));
		add(b, o, "key", key_object(b, agg, g));
		num(b, o, "responsiveness", r[i].rate);
		num(b, o, "lower", lo);
		num(b, o, "upper", hi);
		num(b, o, "questions", x->den);
		add(b, arr, NULL, o);
	}
	free(r);
	return 0;
}

static const char *const mode_name[] = {"call", "role", "speaker"};

static cJSON *document(ts_agg *agg, int *failed)
{
	jb b = {0};
	int *mp = calloc(agg->nmetrics + 1, sizeof *mp);
	int rp[R_COUNT];
	cJSON *o = chk(&b, cJSON_CreateObject());
	if (!mp) {
		cJSON_Delete(o);
		*failed = 1;
		return NULL;
	}
	present(agg, mp, rp);
	num(&b, o, "schema_version", TS_SCHEMA_VERSION);
	cJSON *by = chk(&b, cJSON_CreateArray());
	for (size_t i = 0; i < agg->nkeys; i++)
		add(&b, by, NULL, cJSON_CreateString(agg->keys[i].name));
	add(&b, o, "by", by);
	add(&b, o, "observation", cJSON_CreateString(mode_name[agg->mode]));
	num(&b, o, "calls", (double)agg->calls);
	cJSON *set = chk(&b, cJSON_CreateObject());
	num(&b, set, "level", LEVEL);
	add(&b, set, "quantiles", cJSON_CreateString("gsl_stats_quantile_from_sorted_data"));
	cJSON *bs = chk(&b, cJSON_CreateObject());
	num(&b, bs, "replicates", (double)agg->opt.bootstrap);
	num(&b, bs, "seed", (double)agg->opt.seed);
	add(&b, bs, "method", cJSON_CreateString("percentile"));
	add(&b, bs, "generator", cJSON_CreateString("mt19937"));
	add(&b, set, "bootstrap", bs);
	add(&b, o, "settings", set);
	cJSON *groups = chk(&b, cJSON_CreateArray());
	for (size_t g = 0; g < agg->ngroups && !b.oom; g++)
		if (group_json(&b, agg, agg->groups[g], mp, rp, groups))
			b.oom = 1;
	add(&b, o, "groups", groups);
	if (rp[R_RESPONSIVENESS] && !b.oom) {
		cJSON *cs = chk(&b, cJSON_CreateObject());
		if (chisq_json(&b, agg, R_REPLY, TS_R_COUNT, cs, "reply_class") ||
		    chisq_json(&b, agg, R_CLARITY, TS_C_COUNT, cs, "clarity"))
			b.oom = 1;
		add(&b, o, "chi_square", cs);
	} else {
		add(&b, o, "chi_square", cJSON_CreateNull());
	}
	cJSON *rank = chk(&b, cJSON_CreateArray());
	if (!b.oom && ranking_json(&b, agg, rank))
		b.oom = 1;
	add(&b, o, "ranking", rank);
	free(mp);
	if (b.oom) {
		cJSON_Delete(o);
		*failed = 1;
		return NULL;
	}
	return o;
}

/* ---- CSV (RFC 4180: CRLF, fields with , " CR LF quoted, quotes doubled) ---- */

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
	return isfinite(v) ? ts_json_number(o, v) : 0;
}

static const char *const csv_columns[] = {
	"kind", "metric", "n", "mean", "sd", "min", "q1", "median", "q3", "max", "mean_lower",
	"mean_upper", "numerator", "denominator", "rate", "rate_lower", "rate_upper",
};

static int csv_row_start(ts_buf *o, const ts_agg *agg, const agg_group *g, const char *kind,
                         const char *name)
{
	for (size_t i = 0; i < agg->nkeys; i++)
		if (csv_field(o, g->key[i], i == 0))
			return -1;
	return csv_field(o, kind, agg->nkeys == 0) || csv_field(o, name, 0);
}

static int csv(ts_agg *agg, ts_buf *o)
{
	int *mp = calloc(agg->nmetrics + 1, sizeof *mp);
	int rp[R_COUNT];
	if (!mp)
		return -1;
	present(agg, mp, rp);
	int rc = 0;
	for (size_t i = 0; i < agg->nkeys && !rc; i++)
		rc = csv_field(o, agg->keys[i].name, i == 0);
	for (size_t i = 0; i < sizeof csv_columns / sizeof *csv_columns && !rc; i++)
		rc = csv_field(o, csv_columns[i], i == 0 && agg->nkeys == 0);
	rc = rc || ts_buf_append(o, "\r\n", 2);
	for (size_t gi = 0; gi < agg->ngroups && !rc; gi++) {
		agg_group *g = agg->groups[gi];
		for (size_t i = 0; i < agg->nmetrics && !rc; i++) {
			if (!mp[i])
				continue;
			mstats s;
			rc = metric_stats(agg, g, i, &s) || csv_row_start(o, agg, g, "metric", agg->metrics[i].name);
			double v[] = {(double)s.d.n, s.d.mean, s.d.sd, s.d.min, s.d.q1, s.d.median, s.d.q3,
			              s.d.max, s.lower, s.upper, NAN, NAN, NAN, NAN, NAN};
			for (size_t j = 0; j < sizeof v / sizeof *v && !rc; j++)
				rc = csv_num(o, v[j]);
			rc = rc || ts_buf_append(o, "\r\n", 2);
		}
		for (size_t r = 0; r < R_COUNT && !rc; r++) {
			if (!rp[r])
				continue;
			const agg_rate *x = &g->rates[r];
			double lo, hi;
			ts_wilson(x->num, x->den, LEVEL, &lo, &hi);
			rc = csv_row_start(o, agg, g, "rate", ts_agg_rates[r].name);
			double v[] = {(double)x->n, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN,
			              x->num, x->den, x->den > 0 ? x->num / x->den : NAN, lo, hi};
			for (size_t j = 0; j < sizeof v / sizeof *v && !rc; j++)
				rc = csv_num(o, v[j]);
			rc = rc || ts_buf_append(o, "\r\n", 2);
		}
	}
	free(mp);
	return rc ? -1 : 0;
}

int ts_agg_write(ts_agg *agg, int format, unsigned flags, ts_write_fn fn, void *arg,
                 ts_error *err)
{
	ts_agg_sort_groups(agg);
	if (format == TS_AGG_PARTIAL)
		return ts_agg_write_partial(agg, fn, arg, err);
	ts_buf out = {0};
	int rc = 0;
	if (format == TS_AGG_CSV) {
		if (csv(agg, &out))
			rc = ts_nomem(err);
	} else {
		int failed = 0;
		cJSON *doc = document(agg, &failed);
		if (!doc || ts_json_write(&out, doc, (flags & TS_JSON_PRETTY) != 0, 0) ||
		    ts_buf_append(&out, "\n", 1))
			rc = ts_nomem(err);
		cJSON_Delete(doc);
	}
	if (!rc && out.len && fn(arg, out.ptr, out.len))
		rc = ts_fail(err, TS_EIO, NULL, 0, 0, "write error");
	ts_buf_free(&out);
	return rc;
}
