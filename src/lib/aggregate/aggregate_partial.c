/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Partial aggregates: the sufficient statistics of an aggregate as JSON
 * Lines, so that shards aggregated apart merge into exactly the result of
 * one run.
 *
 *   {"talkstat_partial":3,"schema_version":1,"by":["Org"],"calls":120,"groups":3}
 *   {"group":["ACME"],"calls":40,"observations":40,"rates":{"qa.responsiveness":[12,30,38,36,20,94,42]}}
 *   {"metric":"turns.total","values":[3,5,8],"counts":[1,2,1]}
 *   {"end":2,"fnv1a":"8c0d4e1f9a2b3c4d"}
 *
 * A group line is followed by the metric lines of that group and an end
 * line: how many lines the group had and their FNV-1a 64 (each line with
 * its LF), so that an edited, cut or repeated block is found; groups come
 * once each, in ascending order of their keys.  Rates are
 * [numerator, denominator, observations]; every metric lists its distinct
 * values in ascending order with their counts ("counts" left out when all
 * are 1), at most TS_PARTIAL_CHUNK values a line (a metric may take several
 * lines).  Numbers are written so that they read back as the same double.
 * Everything the statistics need is there: counts and sums add, and the
 * value lists give exact quantiles and the same bootstrap. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate.h"
#include "aggregate/json_where.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/json_out.h"

#define TS_PARTIAL_CHUNK 65536

/* Version 2 added the groups' count, end lines and checksums; a version 1
 * file cannot be checked, so it is refused. */
#define TS_PARTIAL_VERSION 3

/* FNV-1a 64's own offset basis (base/hash.h's TS_FNV_INIT differs in its
 * last digit), so that any FNV-1a implementation checks a file. */
#define TS_PARTIAL_FNV_BASIS 14695981039346656037ULL

/* One line, written out as soon as it is complete. */
typedef struct lines {
	ts_buf o;
	ts_jw w;
	ts_write_fn fn;
	void *arg;
	int io;
	uint64_t h;          /* the FNV-1a of the group's lines so far */
	size_t n;            /* and how many */
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
	l->h = ts_fnv1a(l->h, l->o.ptr, l->o.len);
	l->n++;
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
	for (size_t i = 0; i < ts_agg_given_keys(agg); i++) {
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
	ts_jw_count(&l.w, "talkstat_partial", TS_PARTIAL_VERSION);
	ts_jw_count(&l.w, "schema_version", TS_SCHEMA_VERSION);
	put_by(&l.w, agg);
	ts_jw_count(&l.w, "calls", agg->calls);
	ts_jw_count(&l.w, "groups", agg->ngroups);
	if (line_end(&l))
		goto done;
	for (size_t gi = 0; gi < agg->ngroups; gi++) {
		agg_group *g = agg->groups[gi];
		l.h = TS_PARTIAL_FNV_BASIS;
		l.n = 0;
		line_start(&l);
		ts_jw_array(&l.w, "group");
		for (size_t i = 0; i < ts_agg_given_keys(agg); i++)
			ts_jw_str_lossy(&l.w, NULL, g->key[i]);
		ts_jw_end(&l.w, 0);
		/* the unit the groups are split by when no key given tells units
		 * apart (aggregate.c); left out when the calls have none */
		if (agg->implicit_unit && g->key[agg->nkeys - 1])
			ts_jw_str_lossy(&l.w, "unit", g->key[agg->nkeys - 1]);
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
			ts_jw_count(&l.w, NULL, x->m);
			ts_jw_num_mode(&l.w, NULL, x->yy, TS_NUM_EXACT);
			ts_jw_num_mode(&l.w, NULL, x->xx, TS_NUM_EXACT);
			ts_jw_num_mode(&l.w, NULL, x->xy, TS_NUM_EXACT);
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
		char hex[17];
		snprintf(hex, sizeof hex, "%016" PRIx64, l.h);
		line_start(&l);
		ts_jw_count(&l.w, "end", l.n);
		ts_jw_str(&l.w, "fnv1a", hex);
		if (line_end(&l))
			goto done;
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

/* An error at the member `key` of this line (column 0 when not found). */
static int bad_at(ts_error *err, const char *file, long line, const char *text, size_t len,
                  const char *key, const char *fmt, ...) TS_PRINTF(7, 8);

static int bad_at(ts_error *err, const char *file, long line, const char *text, size_t len,
                  const char *key, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const ts_jstep at = {key, 0};
	long col = text && key ? ts_json_col(text, ts_json_locate(text, len, &at, 1, 0)) : 0;
	return ts_fail(err, TS_EINPUT, file, line, col, "partial aggregate: %s", msg);
}

/* The line being read, for bad_at. */
typedef struct pline {
	const cJSON *v;
	const char *text;
	size_t len;
	const char *file;
	long line;
	ts_error *err;
} pline;

#define BAD(pl, key, ...) bad_at((pl)->err, (pl)->file, (pl)->line, (pl)->text, (pl)->len, key, __VA_ARGS__)

static int count_of(const cJSON *v, uint64_t *out)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 9007199254740992.0 ||
	    v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

static const cJSON *get(const pline *pl, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(pl->v, key);
}

/* The column of a member of this line, kept for an error at the end. */
static long col_of(const pline *pl, const char *key)
{
	const ts_jstep at = {key, 0};
	return ts_json_col(pl->text, ts_json_locate(pl->text, pl->len, &at, 1, 0));
}

static int header(ts_agg *agg, agg_partial_state *st, const pline *pl)
{
	const cJSON *ver = get(pl, "talkstat_partial");
	const cJSON *by = get(pl, "by");
	uint64_t calls, groups;
	if (st->header)
		return BAD(pl, "talkstat_partial", "a second header in one file");
	if (cJSON_IsNumber(ver) && ver->valuedouble == 1)
		return BAD(pl, "talkstat_partial", "format version 1 cannot be verified (this talkstat "
		           "reads version %d): write it again with --partial", TS_PARTIAL_VERSION);
	if (cJSON_IsNumber(ver) && ver->valuedouble == 2)
		return BAD(pl, "talkstat_partial", "format version 2 lacks the per-call sums of the "
		           "rates' intervals (this talkstat reads version %d): write it again with "
		           "--partial", TS_PARTIAL_VERSION);
	if (!cJSON_IsNumber(ver) || ver->valuedouble != TS_PARTIAL_VERSION)
		return BAD(pl, "talkstat_partial", "unsupported format version (this talkstat reads "
		           "version %d)", TS_PARTIAL_VERSION);
	if (!cJSON_IsArray(by) || count_of(get(pl, "calls"), &calls) ||
	    count_of(get(pl, "groups"), &groups))
		return BAD(pl, "talkstat_partial", "header without 'by', 'calls' or 'groups'");
	const char *names[TS_AGG_MAX_KEYS + 1];
	size_t n = 0;
	for (const cJSON *k = by->child; k; k = k->next) {
		if (!cJSON_IsString(k) || strchr(k->valuestring, ','))
			return BAD(pl, "by", "'by' is not a list of key names");
		if (n <= TS_AGG_MAX_KEYS)
			names[n++] = k->valuestring;  /* one too many is an invalid 'by' */
	}
	int rc = 0;
	if (!agg->ngroups && !agg->calls && !ts_agg_given_keys(agg)) {
		rc = ts_agg_set_keys(agg, names, n, pl->err);  /* the first partial sets the keys */
		if (rc == TS_EUSAGE)
			rc = BAD(pl, "by", "invalid 'by'");
	} else {
		/* the same keys as the aggregate it merges into */
		ts_agg probe = {0};
		if (ts_agg_set_keys(&probe, names, n, NULL) == 0) {
			int same = probe.nkeys == agg->nkeys;
			for (size_t i = 0; same && i < agg->nkeys; i++)
				same = probe.keys[i].kind == agg->keys[i].kind &&
				       !strcmp(probe.keys[i].name, agg->keys[i].name);
			if (!same)
				rc = ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col_of(pl, "by"),
				             "partial aggregate grouped by '%s', not by '%s'",
				             probe.by ? probe.by : "", agg->by ? agg->by : "");
		} else {
			rc = BAD(pl, "by", "invalid 'by'");
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
		st->calls = calls;
		st->groups = groups;
		st->header_line = pl->line;
		st->calls_col = col_of(pl, "calls");
		st->groups_col = col_of(pl, "groups");
	}
	return rc;
}

/* The rates of a group line, added to g: each known, a share (0 <= num
 * <= den) of at most the group's observations. */
static int group_rates(ts_agg *agg, agg_group *g, const cJSON *rates, uint64_t obs,
                       const pline *pl)
{
	for (const cJSON *r = rates->child; r; r = r->next) {
		size_t ri = 0;
		while (ri < R_COUNT && strcmp(ts_agg_rates[ri].name, r->string))
			ri++;
		const ts_jstep at[2] = {{"rates", 0}, {r->string, 0}};
		long col = ts_json_col(pl->text, ts_json_locate(pl->text, pl->len, at, 2, 0));
		if (ri == R_COUNT || !agg->rate_used[ri])
			return ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col,
			               "partial aggregate: unknown rate '%s'", r->string);
		double v[7];
		uint64_t n, m;
		int ok = cJSON_GetArraySize(r) == 7 && !count_of(cJSON_GetArrayItem(r, 2), &n) && n &&
		         !count_of(cJSON_GetArrayItem(r, 3), &m);
		for (int i = 0; ok && i < 7; i++) {
			const cJSON *e = cJSON_GetArrayItem(r, i);
			ok = cJSON_IsNumber(e) && isfinite(e->valuedouble);
			v[i] = ok ? e->valuedouble : 0;
		}
		if (!ok)
			return ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col,
			               "partial aggregate: rate '%s' is not [numerator, denominator, n, "
			               "clusters, sum num^2, sum den^2, sum num*den]", r->string);
		if (!(v[0] >= 0) || v[0] > v[1])
			return ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col,
			               "partial aggregate: rate '%s': numerator %g above its denominator %g",
			               r->string, v[0], v[1]);
		if (n > obs)
			return ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col,
			               "partial aggregate: rate '%s' of %" PRIu64 " observations, more "
			               "than the group's %" PRIu64, r->string, n, obs);
		/* per call 0 <= num <= den, so num^2 <= num*den <= den^2 summed */
		if (m > n || !(v[4] >= 0) || v[4] > v[6] || v[6] > v[5] || (m == 0) != (v[1] == 0))
			return ts_fail(pl->err, TS_EINPUT, pl->file, pl->line, col,
			               "partial aggregate: rate '%s': its clusters and sums do not agree",
			               r->string);
		agg_rate *x = &g->rates[ri];
		x->num += v[0];
		x->den += v[1];
		x->n += n;
		x->m += m;
		x->yy += v[4];
		x->xx += v[5];
		x->xy += v[6];
	}
	return 0;
}

static void hash_line(agg_partial_state *st, const pline *pl)
{
	st->h = ts_fnv1a(st->h, pl->text, pl->len);
	st->h = ts_fnv1a(st->h, "\n", 1);
	st->nlines++;
}

static int group_line(ts_agg *agg, agg_partial_state *st, const pline *pl)
{
	const cJSON *key = get(pl, "group");
	const cJSON *rates = get(pl, "rates");
	uint64_t calls, obs;
	if (st->group)
		return ts_fail(pl->err, TS_EINPUT, pl->file, st->group_line, st->group_col,
		               "partial aggregate: the group has no end line");
	const cJSON *unit = get(pl, "unit");
	if (cJSON_GetArraySize(key) != (int)ts_agg_given_keys(agg) || !cJSON_IsObject(rates) ||
	    (unit && (!agg->implicit_unit || !cJSON_IsString(unit))) ||
	    count_of(get(pl, "calls"), &calls) || count_of(get(pl, "observations"), &obs))
		return BAD(pl, "group", "invalid group line");
	if (!calls || obs < calls)
		return BAD(pl, "calls", "a group of %" PRIu64 " calls and %" PRIu64 " observations",
		           calls, obs);
	char *kv[TS_AGG_MAX_KEYS + 1];
	size_t i = 0;
	if (agg->implicit_unit)
		kv[agg->nkeys - 1] = unit ? unit->valuestring : NULL;
	for (const cJSON *k = key->child; k; k = k->next, i++) {
		if (!cJSON_IsString(k) && !cJSON_IsNull(k))
			return BAD(pl, "group", "a key value is not a string or null");
		kv[i] = cJSON_IsString(k) ? k->valuestring : NULL;
	}
	/* written in ascending order, each once: a block given twice is found */
	if (st->prev && ts_agg_cmp_keys(agg, st->prev, kv) >= 0)
		return BAD(pl, "group", "a group repeated or out of order (groups are written once, "
		           "in ascending order)");
	if (++st->seen > st->groups)
		return BAD(pl, "group", "more groups than the header counts (%" PRIu64 ")", st->groups);
	if (agg->mode == MODE_CALL)
		st->group_calls += calls;  /* a call is in one group: they add up */
	else if (calls > st->calls)
		return BAD(pl, "calls", "the group has more calls than the header counts");
	agg_group *g = ts_agg_group(agg, kv);
	if (!g)
		return ts_nomem(pl->err);
	int rc = group_rates(agg, g, rates, obs, pl);
	if (rc)
		return rc;
	g->calls += calls;
	g->observations += obs;
	st->group = g;
	st->prev = g->key;
	st->obs = obs;
	st->metric = -1;
	st->group_line = pl->line;
	st->group_col = col_of(pl, "group");
	st->h = TS_PARTIAL_FNV_BASIS;
	st->nlines = 0;
	hash_line(st, pl);
	return 0;
}

static int metric_line(ts_agg *agg, agg_partial_state *st, const pline *pl)
{
	const cJSON *name = get(pl, "metric");
	const cJSON *vals = get(pl, "values");
	const cJSON *cnts = get(pl, "counts");
	if (!st->group)
		return BAD(pl, "metric", "a metric line outside a group");
	if (!cJSON_IsString(name) || !cJSON_IsArray(vals) || (cnts && !cJSON_IsArray(cnts)))
		return BAD(pl, "metric", "invalid metric line");
	if (cnts && cJSON_GetArraySize(cnts) != cJSON_GetArraySize(vals))
		return BAD(pl, "counts", "'counts' has %d entries, 'values' %d",
		           cJSON_GetArraySize(cnts), cJSON_GetArraySize(vals));
	size_t mi = 0;
	while (mi < agg->nmetrics && strcmp(agg->metrics[mi].name, name->valuestring))
		mi++;
	if (mi == agg->nmetrics)
		return BAD(pl, "metric", "unknown metric '%s'", name->valuestring);
	/* metrics in the order of the aggregate, one run of lines each */
	if ((long)mi < st->metric)
		return BAD(pl, "metric", "metric '%s' repeated or out of order", name->valuestring);
	if ((long)mi != st->metric) {
		st->metric = (long)mi;
		st->values = 0;
		st->last = -INFINITY;
	}
	const cJSON *c = cnts ? cnts->child : NULL;
	for (const cJSON *x = vals->child; x; x = x->next) {
		uint64_t n = 1;
		if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || (c && (count_of(c, &n) || !n)))
			return BAD(pl, "values", "a value is not a number with a positive count");
		if (!(x->valuedouble > st->last))
			return BAD(pl, "values", "the values of '%s' are not in ascending order",
			           name->valuestring);
		st->last = x->valuedouble;
		st->values += n;
		if (st->values > st->obs)
			return BAD(pl, "values", "'%s' has %" PRIu64 " values, more than the group's %"
			           PRIu64 " observations", name->valuestring, st->values, st->obs);
		if (ts_ms_add_n(&st->group->ms[mi], x->valuedouble, n))
			return ts_nomem(pl->err);
		if (c)
			c = c->next;
	}
	hash_line(st, pl);
	return 0;
}

static int end_line(agg_partial_state *st, const pline *pl)
{
	const cJSON *sum = get(pl, "fnv1a");
	uint64_t n;
	if (!st->group)
		return BAD(pl, "end", "an end line outside a group");
	if (count_of(get(pl, "end"), &n) || !cJSON_IsString(sum))
		return BAD(pl, "end", "invalid end line");
	if (n != st->nlines)
		return BAD(pl, "end", "the group has %zu lines, its end line says %" PRIu64,
		           st->nlines, n);
	char hex[17];
	snprintf(hex, sizeof hex, "%016" PRIx64, st->h);
	if (strcmp(hex, sum->valuestring))
		return BAD(pl, "fnv1a", "the group's lines do not match its checksum (edited or damaged)");
	st->group = NULL;
	return 0;
}

int ts_agg_partial_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *text,
                        size_t len, const char *file, long line, ts_error *err)
{
	const pline pl = {v, text, len, file, line, err};
	if (!cJSON_IsObject(v))
		return BAD(&pl, NULL, "a line is not a JSON object");
	if (get(&pl, "talkstat_partial"))
		return header(agg, st, &pl);
	if (!st->header)
		return ts_fail(err, TS_EINPUT, file, line, 0,
		               "not a partial aggregate (write one with --partial)");
	if (get(&pl, "group"))
		return group_line(agg, st, &pl);
	if (get(&pl, "metric"))
		return metric_line(agg, st, &pl);
	if (get(&pl, "end"))
		return end_line(st, &pl);
	return BAD(&pl, NULL, "a line is neither a group, a metric nor an end line");
}

int ts_agg_partial_end(const ts_agg *agg, const agg_partial_state *st, const char *file,
                       ts_error *err)
{
	if (!st->header)
		return 0;
	if (st->group)
		return ts_fail(err, TS_EINPUT, file, st->group_line, st->group_col,
		               "partial aggregate: the group has no end line (the file is cut short)");
	if (st->seen != st->groups)
		return ts_fail(err, TS_EINPUT, file, st->header_line, st->groups_col,
		               "partial aggregate: the header counts %" PRIu64 " groups, the file holds %"
		               PRIu64, st->groups, st->seen);
	if (agg->mode == MODE_CALL && st->group_calls != st->calls)
		return ts_fail(err, TS_EINPUT, file, st->header_line, st->calls_col,
		               "partial aggregate: the header counts %" PRIu64 " calls, the groups hold %"
		               PRIu64, st->calls, st->group_calls);
	return 0;
}
