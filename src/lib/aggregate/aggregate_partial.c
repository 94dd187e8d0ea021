/* Partial aggregates: the sufficient statistics of an aggregate as JSON
 * Lines, so that shards aggregated apart merge into exactly the result of
 * one run.
 *
 *   {"talkstat_partial":1,"schema_version":1,"by":["Org"],"calls":120}
 *   {"group":["ACME"],"calls":40,"observations":40,"rates":{"qa.responsiveness":[12,30,38]}}
 *   {"metric":"turns.total","values":[3,5,8],"counts":[1,2,1]}
 *
 * A group line is followed by the metric lines of that group.  Rates are
 * [numerator, denominator, observations]; every metric lists its distinct
 * values in ascending order with their counts ("counts" left out when all
 * are 1), at most TS_PARTIAL_CHUNK values a line (a metric may take several
 * lines).  Numbers are written so that they read back as the same double.
 * Everything the statistics need is there: counts and sums add, and the
 * value lists give exact quantiles and the same bootstrap. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/json_out.h"

#define TS_PARTIAL_CHUNK 65536

/* One line, written out as soon as it is complete. */
typedef struct lines {
	ts_buf o;
	ts_jw w;
	ts_write_fn fn;
	void *arg;
	int io;
} lines;

static void line_start(lines *l)
{
	ts_jw_init(&l->w, &l->o, 0, 0);
	ts_jw_object(&l->w, NULL);
}

static int line_end(lines *l)
{
	ts_jw_end(&l->w, 1);
	if (l->w.oom || ts_buf_append(&l->o, "\n", 1))
		return -1;
	int rc = l->fn(l->arg, l->o.ptr, l->o.len);
	l->o.len = 0;
	if (rc)
		l->io = 1;
	return rc ? -1 : 0;
}

/* A metric's distinct values and counts, at most TS_PARTIAL_CHUNK a line;
 * "counts" is left out when every count is 1. */
typedef struct chunk {
	lines *l;
	const char *metric;
	double *val;
	uint64_t *cnt;
	size_t n;
} chunk;

static int end_chunk(chunk *c)
{
	if (!c->n)
		return 0;
	int all_one = 1;
	for (size_t i = 0; i < c->n; i++)
		all_one &= c->cnt[i] == 1;
	line_start(c->l);
	ts_jw_str(&c->l->w, "metric", c->metric);
	ts_jw_array(&c->l->w, "values");
	for (size_t i = 0; i < c->n; i++)
		ts_jw_num_mode(&c->l->w, NULL, c->val[i], TS_NUM_EXACT);
	ts_jw_end(&c->l->w, 0);
	if (!all_one) {
		ts_jw_array(&c->l->w, "counts");
		for (size_t i = 0; i < c->n; i++)
			ts_jw_count(&c->l->w, NULL, c->cnt[i]);
		ts_jw_end(&c->l->w, 0);
	}
	c->n = 0;
	return line_end(c->l);
}

static int add_run(void *arg, double v, uint64_t count)
{
	chunk *c = arg;
	c->val[c->n] = v;
	c->cnt[c->n++] = count;
	return c->n == TS_PARTIAL_CHUNK ? end_chunk(c) : 0;
}

/* The --by list that reads back as these keys: a metadata key named like
 * a reserved one is written "@name". */
static void put_by(ts_jw *w, const ts_agg *agg)
{
	ts_jw_array(w, "by");
	for (size_t i = 0; i < agg->nkeys; i++) {
		const agg_key *k = &agg->keys[i];
		int at = k->kind == KEY_META && ts_agg_key_kind(k->name, strlen(k->name)) != KEY_META;
		char buf[600];
		snprintf(buf, sizeof buf, "%s%s", at ? "@" : "", k->name);
		ts_jw_str(w, NULL, buf);
	}
	ts_jw_end(w, 0);
}

int ts_agg_write_partial(ts_agg *agg, ts_write_fn fn, void *arg, ts_error *err)
{
	lines l = {.fn = fn, .arg = arg};
	chunk c = {.l = &l, .val = malloc(TS_PARTIAL_CHUNK * sizeof *c.val),
	           .cnt = malloc(TS_PARTIAL_CHUNK * sizeof *c.cnt)};
	int rc = -1;
	if (!c.val || !c.cnt)
		goto done;
	line_start(&l);
	ts_jw_count(&l.w, "talkstat_partial", 1);
	ts_jw_count(&l.w, "schema_version", TS_SCHEMA_VERSION);
	put_by(&l.w, agg);
	ts_jw_count(&l.w, "calls", agg->calls);
	if (line_end(&l))
		goto done;
	for (size_t gi = 0; gi < agg->ngroups; gi++) {
		agg_group *g = agg->groups[gi];
		line_start(&l);
		ts_jw_array(&l.w, "group");
		for (size_t i = 0; i < agg->nkeys; i++)
			ts_jw_str_lossy(&l.w, NULL, g->key[i]);
		ts_jw_end(&l.w, 0);
		ts_jw_count(&l.w, "calls", g->calls);
		ts_jw_count(&l.w, "observations", g->observations);
		ts_jw_object(&l.w, "rates");
		for (size_t r = 0; r < R_COUNT; r++) {
			const agg_rate *x = &g->rates[r];
			if (!x->n)
				continue;
			ts_jw_array(&l.w, ts_agg_rates[r].name);
			ts_jw_num_mode(&l.w, NULL, x->num, TS_NUM_EXACT);
			ts_jw_num_mode(&l.w, NULL, x->den, TS_NUM_EXACT);
			ts_jw_count(&l.w, NULL, x->n);
			ts_jw_end(&l.w, 0);
		}
		ts_jw_end(&l.w, 1);
		if (line_end(&l))
			goto done;
		for (size_t i = 0; i < agg->nmetrics; i++) {
			ts_multiset *ms = &g->ms[i];
			if (!ms->n)
				continue;
			if (ts_ms_finish(ms))
				goto done;
			c.metric = agg->metrics[i].name;
			if (ts_ms_runs(ms, add_run, &c) || end_chunk(&c))
				goto done;
		}
	}
	rc = 0;
done:
	if (rc)
		rc = l.io ? ts_fail(err, TS_EIO, NULL, 0, 0, "write error") : ts_nomem(err);
	ts_buf_free(&l.o);
	free(c.val);
	free(c.cnt);
	return rc;
}

/* ---- reading ---- */

static int bad(ts_error *err, const char *file, long line, const char *what)
{
	return ts_fail(err, TS_EINPUT, file, line, 0, "partial aggregate: %s", what);
}

static int count_of(const cJSON *v, uint64_t *out)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 9007199254740992.0 ||
	    v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

static int header(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *file, long line,
                  ts_error *err)
{
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(v, "talkstat_partial");
	const cJSON *by = cJSON_GetObjectItemCaseSensitive(v, "by");
	uint64_t calls;
	if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
		return bad(err, file, line, "unsupported version (talkstat_partial is not 1)");
	if (!cJSON_IsArray(by) || count_of(cJSON_GetObjectItemCaseSensitive(v, "calls"), &calls))
		return bad(err, file, line, "header without 'by' or 'calls'");
	const char *names[TS_AGG_MAX_KEYS + 1];
	size_t n = 0;
	int rc = 0;
	for (const cJSON *k = by->child; k && !rc; k = k->next) {
		if (!cJSON_IsString(k) || strchr(k->valuestring, ','))
			rc = bad(err, file, line, "'by' is not a list of key names");
		else if (n <= TS_AGG_MAX_KEYS)
			names[n++] = k->valuestring;  /* one too many is an invalid 'by' */
	}
	if (!rc && !agg->ngroups && !agg->calls && !agg->nkeys) {
		rc = ts_agg_set_keys(agg, names, n, err);  /* the first partial sets the keys */
		if (rc == TS_EUSAGE)
			rc = bad(err, file, line, "invalid 'by'");
	} else if (!rc) {
		/* the same keys as the aggregate it merges into */
		ts_agg probe = {0};
		if (ts_agg_set_keys(&probe, names, n, NULL) == 0) {
			int same = probe.nkeys == agg->nkeys;
			for (size_t i = 0; same && i < agg->nkeys; i++)
				same = probe.keys[i].kind == agg->keys[i].kind &&
				       !strcmp(probe.keys[i].name, agg->keys[i].name);
			if (!same)
				rc = ts_fail(err, TS_EINPUT, file, line, 0,
				             "partial aggregate grouped by '%s', not by '%s'",
				             probe.by ? probe.by : "", agg->by ? agg->by : "");
		} else {
			rc = bad(err, file, line, "invalid 'by'");
		}
		for (size_t i = 0; i < probe.nkeys; i++)
			free(probe.keys[i].name);
		for (size_t i = 0; i < probe.nmetrics; i++)
			free(probe.metrics[i].name);
		free(probe.metrics);
		free(probe.by);
	}
	if (!rc) {
		agg->calls += calls;
		st->header = 1;
	}
	return rc;
}

static int group_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *file,
                      long line, ts_error *err)
{
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(v, "group");
	const cJSON *rates = cJSON_GetObjectItemCaseSensitive(v, "rates");
	uint64_t calls, obs;
	if (cJSON_GetArraySize(key) != (int)agg->nkeys || !cJSON_IsObject(rates) ||
	    count_of(cJSON_GetObjectItemCaseSensitive(v, "calls"), &calls) ||
	    count_of(cJSON_GetObjectItemCaseSensitive(v, "observations"), &obs))
		return bad(err, file, line, "invalid group line");
	char *kv[TS_AGG_MAX_KEYS];
	size_t i = 0;
	for (const cJSON *k = key->child; k; k = k->next, i++) {
		if (!cJSON_IsString(k) && !cJSON_IsNull(k))
			return bad(err, file, line, "a key value is not a string or null");
		kv[i] = cJSON_IsString(k) ? k->valuestring : NULL;
	}
	agg_group *g = ts_agg_group(agg, kv);
	if (!g)
		return ts_nomem(err);
	g->calls += calls;
	g->observations += obs;
	for (const cJSON *r = rates->child; r; r = r->next) {
		size_t ri = 0;
		while (ri < R_COUNT && strcmp(ts_agg_rates[ri].name, r->string))
			ri++;
		uint64_t n;
		if (ri == R_COUNT || !agg->rate_used[ri])
			return ts_fail(err, TS_EINPUT, file, line, 0,
			               "partial aggregate: unknown rate '%s'", r->string);
		const cJSON *a = cJSON_GetArrayItem(r, 0), *b = cJSON_GetArrayItem(r, 1);
		if (cJSON_GetArraySize(r) != 3 || !cJSON_IsNumber(a) || !cJSON_IsNumber(b) ||
		    count_of(cJSON_GetArrayItem(r, 2), &n))
			return bad(err, file, line, "a rate is not [numerator, denominator, n]");
		g->rates[ri].num += a->valuedouble;
		g->rates[ri].den += b->valuedouble;
		g->rates[ri].n += n;
	}
	st->group = g;
	return 0;
}

static int metric_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *file,
                       long line, ts_error *err)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(v, "metric");
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(v, "values");
	const cJSON *cnts = cJSON_GetObjectItemCaseSensitive(v, "counts");
	if (!st->group)
		return bad(err, file, line, "a metric line before any group line");
	if (!cJSON_IsString(name) || !cJSON_IsArray(vals) ||
	    (cnts && (!cJSON_IsArray(cnts) || cJSON_GetArraySize(cnts) != cJSON_GetArraySize(vals))))
		return bad(err, file, line, "invalid metric line");
	size_t mi = 0;
	while (mi < agg->nmetrics && strcmp(agg->metrics[mi].name, name->valuestring))
		mi++;
	if (mi == agg->nmetrics)
		return ts_fail(err, TS_EINPUT, file, line, 0, "partial aggregate: unknown metric '%s'",
		               name->valuestring);
	const cJSON *c = cnts ? cnts->child : NULL;
	for (const cJSON *x = vals->child; x; x = x->next) {
		uint64_t n = 1;
		if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || (c && (count_of(c, &n) || !n)))
			return bad(err, file, line, "a value is not a number with a positive count");
		if (ts_ms_add_n(&st->group->ms[mi], x->valuedouble, n))
			return ts_nomem(err);
		if (c)
			c = c->next;
	}
	return 0;
}

int ts_agg_partial_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *file,
                        long line, ts_error *err)
{
	if (!cJSON_IsObject(v))
		return bad(err, file, line, "a line is not a JSON object");
	if (cJSON_GetObjectItemCaseSensitive(v, "talkstat_partial"))
		return header(agg, st, v, file, line, err);
	if (!st->header)
		return ts_fail(err, TS_EINPUT, file, line, 0,
		               "not a partial aggregate (write one with --partial)");
	if (cJSON_GetObjectItemCaseSensitive(v, "group"))
		return group_line(agg, st, v, file, line, err);
	if (cJSON_GetObjectItemCaseSensitive(v, "metric"))
		return metric_line(agg, st, v, file, line, err);
	return bad(err, file, line, "a line is neither a group nor a metric");
}
