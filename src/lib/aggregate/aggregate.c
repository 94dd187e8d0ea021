/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Aggregation across calls: group keys, groups, observations.
 *
 * An observation is what one call contributes to one group.  Without a
 * speaker or role key it is the call (per-side metrics are reported per
 * role: caller.turns, respondent.share_of_speech ...).  With a role key it
 * is one side of a call (all speakers of that role together); with a
 * speaker key one speaker in a call.  Call-level quantities that describe
 * one side (responsiveness: the respondent; re-asks: the caller) go with
 * that side; quantities of the whole call (turns.total) are reported only
 * per call. */
#include "config.h"

#include "aggregate/aggregate.h"
#include "aggregate/json_where.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/jsondoc.h"
#include "analyse/rmodel.h"
#include "run/context.h"

void ts_agg_options_init(ts_agg_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->bootstrap = TS_AGG_BOOTSTRAP;
	opt->seed = TS_AGG_SEED;
}

static const struct {
	const char *name;
	int kind;
} reserved_keys[] = {
	{"year", KEY_YEAR}, {"month", KEY_MONTH}, {"source", KEY_SOURCE},
	{"speaker", KEY_SPEAKER}, {"role", KEY_ROLE}, {"language", KEY_LANGUAGE},
	{"unit", KEY_UNIT},
};

int ts_agg_key_kind(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof reserved_keys / sizeof *reserved_keys; i++)
		if (strlen(reserved_keys[i].name) == n && !memcmp(reserved_keys[i].name, name, n))
			return reserved_keys[i].kind;
	return KEY_META;
}

static int parse_keys(ts_agg *agg, const char *const *by, size_t n, ts_error *err)
{
	if (n > TS_AGG_MAX_KEYS)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "more than %d group keys", TS_AGG_MAX_KEYS);
	ts_buf shown = {0};  /* "Org,year", for messages */
	for (size_t i = 0; i < n; i++) {
		const char *name = by[i];
		agg_key *k = &agg->keys[agg->nkeys];
		k->kind = KEY_META;
		if (name[0] == '@')
			name++;
		else
			k->kind = ts_agg_key_kind(name, strlen(name));
		if (!*name) {
			ts_buf_free(&shown);
			return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "a group key is empty");
		}
		if (!(k->name = strdup(name)) || (i && ts_buf_append(&shown, ",", 1)) ||
		    ts_buf_append(&shown, by[i], strlen(by[i]))) {
			ts_buf_free(&shown);
			return ts_nomem(err);
		}
		agg->nkeys++;
		for (size_t j = 0; j + 1 < agg->nkeys; j++)
			if (!strcmp(agg->keys[j].name, k->name)) {
				ts_buf_free(&shown);
				return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "group key '%s' named twice", k->name);
			}
	}
	agg->by = shown.ptr;
	return 0;
}

static int add_metric(ts_agg *agg, const char *prefix, const char *name, int side, int index,
                      int role)
{
	agg_metric *m = &agg->metrics[agg->nmetrics];
	size_t len = strlen(prefix) + strlen(name) + 1;
	m->name = malloc(len);
	if (!m->name)
		return -1;
	snprintf(m->name, len, "%s%s", prefix, name);
	m->side = side;
	m->index = index;
	m->role = role;
	agg->nmetrics++;
	return 0;
}

/* The speaker figures of a side that aggregation reports
 * (analyse/figures.h), with a prefix: "caller.", "respondent." or "". */
static int add_side_metrics(ts_agg *agg, const char *prefix, int role)
{
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		if (x->name && x->combine != TS_FC_NONE && add_metric(agg, prefix, x->name, 1, f, role))
			return -1;
	}
	return 0;
}

/* The metrics reported in this mode, in output order. */
static int build_metrics(ts_agg *agg, ts_error *err)
{
	agg->metrics = calloc(C_COUNT + 2 * TS_SF_COUNT, sizeof *agg->metrics);
	if (!agg->metrics)
		return ts_nomem(err);
	if (agg->mode == MODE_CALL) {
		for (int i = 0; i < C_COUNT; i++)
			if (add_metric(agg, "", ts_agg_call_metrics[i].name, 0, i, -1))
				return ts_nomem(err);
		if (add_side_metrics(agg, "caller.", TS_ROLE_CALLER) ||
		    add_side_metrics(agg, "respondent.", TS_ROLE_RESPONDENT))
			return ts_nomem(err);
		for (int i = 0; i < R_COUNT; i++)
			agg->rate_used[i] = 1;
		return 0;
	}
	if (add_side_metrics(agg, "", -1))
		return ts_nomem(err);
	for (int i = 0; i < C_COUNT; i++)
		if (ts_agg_call_metrics[i].subject != SUBJ_CALL &&
		    add_metric(agg, "", ts_agg_call_metrics[i].name, 0, i, -1))
			return ts_nomem(err);
	for (int i = 0; i < R_COUNT; i++)
		agg->rate_used[i] = ts_agg_rates[i].subject != SUBJ_CALL;
	return 0;
}

static void free_keys(ts_agg *agg)
{
	for (size_t i = 0; i < agg->nkeys; i++)
		free(agg->keys[i].name);
	agg->nkeys = 0;
	for (size_t i = 0; i < agg->nmetrics; i++)
		free(agg->metrics[i].name);
	free(agg->metrics);
	agg->metrics = NULL;
	agg->nmetrics = 0;
	free(agg->by);
	agg->by = NULL;
	agg->opt.by = NULL;
	agg->opt.nby = 0;
}

int ts_agg_set_keys(ts_agg *agg, const char *const *by, size_t n, ts_error *err)
{
	free_keys(agg);
	int rc = parse_keys(agg, by, n, err);
	/* lengths and rates per 1,000 units are in characters for some
	 * languages and in words for others: without a key that tells them
	 * apart, the unit is a key of its own, shown when groups differ in it */
	agg->implicit_unit = 0;
	int apart = 0;
	for (size_t i = 0; i < agg->nkeys; i++)
		apart |= agg->keys[i].kind == KEY_UNIT || agg->keys[i].kind == KEY_LANGUAGE;
	if (!rc && !apart) {
		agg_key *k = &agg->keys[agg->nkeys];
		k->kind = KEY_UNIT;
		if (!(k->name = strdup("unit")))
			rc = ts_nomem(err);
		else
			agg->nkeys++, agg->implicit_unit = 1;
	}
	agg->nshown = agg->nkeys;
	if (!rc) {
		agg->mode = MODE_CALL;
		for (size_t i = 0; i < agg->nkeys; i++) {
			if (agg->keys[i].kind == KEY_SPEAKER)
				agg->mode = MODE_SPEAKER;
			else if (agg->keys[i].kind == KEY_ROLE && agg->mode == MODE_CALL)
				agg->mode = MODE_ROLE;
		}
		rc = build_metrics(agg, err);
	}
	agg->opt.by = NULL;  /* the keys are agg->keys now */
	agg->opt.nby = 0;
	return rc;
}

int ts_agg_new(ts_agg **out, const ts_agg_options *opt, ts_error *err)
{
	*out = NULL;
	ts_agg *agg = calloc(1, sizeof *agg);
	if (!agg)
		return ts_nomem(err);
	if (opt)
		agg->opt = *opt;
	else
		ts_agg_options_init(&agg->opt);
	int rc = ts_agg_set_keys(agg, opt ? opt->by : NULL, opt ? opt->nby : 0, err);
	if (rc) {
		ts_agg_free(agg);
		return rc;
	}
	*out = agg;
	return 0;
}

static void group_free(ts_agg *agg, agg_group *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < agg->nkeys; i++)
		free(g->key[i]);
	free(g->key);
	free(g->ckey);
	if (g->ms)
		for (size_t i = 0; i < agg->nmetrics; i++)
			ts_ms_free(&g->ms[i]);
	free(g->ms);
	free(g->rates);
	free(g);
}

void ts_agg_free(ts_agg *agg)
{
	if (!agg)
		return;
	for (size_t i = 0; i < agg->ngroups; i++)
		group_free(agg, agg->groups[i]);
	free(agg->groups);
	ts_hindex_free(&agg->index);
	free_keys(agg);
	ts_agg_rec_free(&agg->rec);
	free(agg->model);
	free(agg);
}

int ts_agg_use_model(ts_agg *agg, const ts_context *ctx, const char *name, ts_error *err)
{
	const ts_rmodel *m = ctx ? ctx->res.rmodel : NULL;
	if (!m)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no reply model to correct responsiveness with");
	if (!m->confusion)
		return ts_fail(err, TS_EINPUT, name, 0, 0, "a reply model without a cross-validated "
		               "confusion matrix (cv-confusion): responsiveness cannot be corrected");
	char *copy = strdup(name);
	if (!copy)
		return ts_nomem(err);
	free(agg->model);
	agg->model = copy;
	agg->mrows = m->nlabels;
	for (size_t i = 0; i < m->nlabels; i++) {
		agg->mpos[i] = agg->mtot[i] = 0;
		agg->mgold[i] = ts_rmodel_label_clarity(m, i) == TS_C_CLEAR_REPLY;
		for (size_t j = 0; j < m->nlabels; j++) {
			double c = (double)m->confusion[i * m->nlabels + j];
			agg->mtot[i] += c;
			if (ts_rmodel_label_clarity(m, j) == TS_C_CLEAR_REPLY)
				agg->mpos[i] += c;
		}
	}
	return 0;
}

/* ---- groups ---- */

/* Key values encoded without ambiguity: 0x00 for a missing value, else
 * 0x01, the bytes, 0x00. */
static int encode_key(const ts_agg *agg, char *const *key, ts_buf *out, size_t *given)
{
	out->len = 0;
	*given = 0;
	for (size_t i = 0; i < agg->nkeys; i++) {
		if (i == ts_agg_given_keys(agg))
			*given = out->len;
		if (!key[i]) {
			if (ts_buf_append(out, "", 1))
				return -1;
		} else if (ts_buf_append(out, "\x01", 1) ||
		           ts_buf_append(out, key[i], strlen(key[i]) + 1)) {
			return -1;
		}
	}
	if (ts_agg_given_keys(agg) == agg->nkeys)
		*given = out->len;
	return 0;
}

size_t ts_agg_given_keys(const ts_agg *agg)
{
	return agg->nkeys - (agg->implicit_unit != 0);
}

static uint64_t group_hash(const void *arg, size_t i)
{
	const agg_group *g = ((const ts_agg *)arg)->groups[i];
	return ts_fnv1a(TS_FNV_INIT, g->ckey, g->ckeylen);
}

agg_group *ts_agg_group(ts_agg *agg, char *const *key)
{
	ts_buf enc = {0};
	size_t given = 0;
	if (encode_key(agg, key, &enc, &given))
		return NULL;
	if (!enc.ptr && ts_buf_append(&enc, "", 0)) /* no keys: an empty encoding */
		return NULL;
	uint64_t h = ts_fnv1a(TS_FNV_INIT, enc.ptr, enc.len);
	size_t gi;
	for (size_t at = ts_hindex_start(&agg->index, h); ts_hindex_taken(&agg->index, at, &gi);
	     at = ts_hindex_next(&agg->index, at)) {
		agg_group *g = agg->groups[gi];
		if (g->ckeylen == enc.len && !memcmp(g->ckey, enc.ptr, enc.len)) {
			ts_buf_free(&enc);
			return g;
		}
	}
	agg_group *g = calloc(1, sizeof *g);
	if (!g)
		goto oom;
	g->ckey = enc.ptr;
	g->ckeylen = enc.len;
	g->seedlen = given;
	enc.ptr = NULL;
	g->key = calloc(agg->nkeys ? agg->nkeys : 1, sizeof *g->key);
	g->ms = calloc(agg->nmetrics, sizeof *g->ms);
	g->rates = calloc(R_COUNT, sizeof *g->rates);
	if (!g->key || !g->ms || !g->rates)
		goto oom;
	for (size_t i = 0; i < agg->nkeys; i++)
		if (key[i] && !(g->key[i] = strdup(key[i])))
			goto oom;
	if (TS_GROW(agg->groups, agg->capgroups, agg->ngroups + 1) ||
	    ts_hindex_reserve(&agg->index, agg->ngroups + 1, group_hash, agg))
		goto oom;
	agg->groups[agg->ngroups] = g;
	ts_hindex_put(&agg->index, h, agg->ngroups++);
	return g;
oom:
	ts_buf_free(&enc);
	group_free(agg, g);
	return NULL;
}

int ts_agg_cmp_keys(const ts_agg *agg, char *const *a, char *const *b)
{
	for (size_t i = 0; i < agg->nkeys; i++) {
		const char *x = a[i], *y = b[i];
		if (!x || !y) {
			if (x != y)
				return x ? 1 : -1;
			continue;
		}
		int c = strcmp(x, y);
		if (c)
			return c;
	}
	return 0;
}

static int cmp_groups(const void *a, const void *b, void *agg)
{
	return ts_agg_cmp_keys(agg, (*(agg_group *const *)a)->key, (*(agg_group *const *)b)->key);
}

void ts_agg_sort_groups(ts_agg *agg)
{
	if (agg->ngroups > 1)
		qsort_r(agg->groups, agg->ngroups, sizeof *agg->groups, cmp_groups, agg);
	ts_hindex_clear(&agg->index);
	for (size_t i = 0; i < agg->ngroups; i++)
		ts_hindex_put(&agg->index, group_hash(agg, i), i);
	agg->nshown = agg->nkeys;
	if (agg->implicit_unit) {
		size_t u = agg->nkeys - 1, g = 1;
		const char *first = agg->ngroups ? agg->groups[0]->key[u] : NULL;
		while (g < agg->ngroups && (agg->groups[g]->key[u] == first ||
		       (first && agg->groups[g]->key[u] && !strcmp(agg->groups[g]->key[u], first))))
			g++;
		if (g >= agg->ngroups)
			agg->nshown--;
	}
}

/* ---- keys of a call ---- */

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Year "2024" and month "2024-03" of a date that starts with a year:
 * 2024-03-05, 2024/3/5, 2024.03, 20240305, 2024年3月5日, 2024. */
static void date_parts(const char *d, char year[5], char month[8], int *has_year, int *has_month)
{
	*has_year = *has_month = 0;
	if (!d)
		return;
	while (*d == ' ' || *d == '\t')
		d++;
	if (!digits(d, 4))
		return;
	memcpy(year, d, 4);
	year[4] = '\0';
	const char *p = d + 4;
	int mon = -1;
	if (digits(p, 4) && (p[4] < '0' || p[4] > '9')) {
		mon = (p[0] - '0') * 10 + (p[1] - '0');  /* 20240305 */
	} else if (*p >= '0' && *p <= '9') {
		return;  /* five digits or more: not a year */
	} else {
		if (*p == '-' || *p == '/' || *p == '.')
			p++;
		else if (!strncmp(p, "年", strlen("年")))
			p += strlen("年");
		if (digits(p, 1)) {
			mon = p[0] - '0';
			if (digits(p + 1, 1))
				mon = mon * 10 + (p[1] - '0');
		}
	}
	*has_year = 1;
	if (mon >= 1 && mon <= 12) {
		snprintf(month, 8, "%s-%02d", year, mon);
		*has_month = 1;
	}
}

typedef struct call_keys {
	const char *v[TS_AGG_MAX_KEYS + 1];
	char year[5], month[8];
} call_keys;

static int call_key_values(const ts_agg *agg, const agg_rec *rec, call_keys *ck,
                           const char *file, long line, ts_error *err)
{
	const char *date = ts_agg_meta(rec, "Date");
	int hy, hm;
	date_parts(date, ck->year, ck->month, &hy, &hm);
	for (size_t i = 0; i < agg->nkeys; i++) {
		const agg_key *k = &agg->keys[i];
		const char *v = NULL;
		switch (k->kind) {
		case KEY_META: v = ts_agg_meta(rec, k->name); break;
		case KEY_YEAR: v = hy ? ck->year : NULL; break;
		case KEY_MONTH: v = hm ? ck->month : NULL; break;
		case KEY_SOURCE: v = rec->source; break;
		case KEY_LANGUAGE: v = rec->language; break;
		case KEY_UNIT: v = rec->unit; break;
		default: break;  /* per side */
		}
		size_t bad;
		if (v && ts_utf8_check(v, strlen(v), &bad))
			return ts_fail(err, TS_EINPUT, file, line, 0,
			               "call record: the value of key '%s' is not valid UTF-8", k->name);
		ck->v[i] = v;
	}
	return 0;
}

/* ---- adding calls ---- */

typedef struct obs {
	double call[C_COUNT];
	double side[TS_SF_COUNT];
	double roleside[2][TS_SF_COUNT];  /* call mode: per role */
	double num[R_COUNT], den[R_COUNT];
	int present[R_COUNT];
} obs;

/* Does a quantity of this subject go to an observation of role `role`
 * (-1: the whole call)? */
static int attributed(int subject, int role)
{
	if (role < 0)
		return 1;
	if (subject == SUBJ_RESPONDENT)
		return role == TS_ROLE_RESPONDENT;
	if (subject == SUBJ_CALLER)
		return role == TS_ROLE_CALLER;
	return 0;
}

static int add_obs(ts_agg *agg, const call_keys *ck, const char *speaker, int role,
                   const obs *o, ts_error *err)
{
	const char *kv[TS_AGG_MAX_KEYS + 1];
	for (size_t i = 0; i < agg->nkeys; i++) {
		switch (agg->keys[i].kind) {
		case KEY_SPEAKER: kv[i] = speaker; break;
		case KEY_ROLE: kv[i] = role == TS_ROLE_CALLER ? "caller" : "respondent"; break;
		default: kv[i] = ck->v[i];
		}
	}
	agg_group *g = ts_agg_group(agg, (char *const *)kv);
	if (!g)
		return ts_nomem(err);
	g->observations++;
	if (g->last_call != agg->calls) {
		g->last_call = agg->calls;
		g->calls++;
	}
	for (size_t i = 0; i < agg->nmetrics; i++) {
		const agg_metric *m = &agg->metrics[i];
		double v;
		if (m->side)
			v = agg->mode == MODE_CALL ? o->roleside[m->role][m->index] : o->side[m->index];
		else if (attributed(ts_agg_call_metrics[m->index].subject,
		                    agg->mode == MODE_CALL ? -1 : role))
			v = o->call[m->index];
		else
			continue;
		if (isfinite(v) && ts_ms_add(&g->ms[i], v))
			return ts_nomem(err);
	}
	for (size_t r = 0; r < R_COUNT; r++) {
		if (!agg->rate_used[r] || !o->present[r] ||
		    !attributed(ts_agg_rates[r].subject, agg->mode == MODE_CALL ? -1 : role))
			continue;
		ts_agg_rate_add(&g->rates[r], o->num[r], o->den[r]);
	}
	return 0;
}

void ts_agg_rate_add(agg_rate *r, double num, double den)
{
	r->num += num;
	r->den += den;
	r->n++;
	if (den > 0) {
		r->m++;
		r->yy += num * num;
		r->xx += den * den;
		r->xy += num * den;
	}
}

static int cmp_speaker(const void *a, const void *b, void *arg)
{
	const agg_rec *rec = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(rec->sp[i].id, rec->sp[j].id);
	return c ? c : (i > j) - (i < j);
}

static int cmp_run(const void *a, const void *b, void *arg)
{
	const size_t *idx = arg;
	size_t i = idx[*(const size_t *)a], j = idx[*(const size_t *)b];
	return (i > j) - (i < j);
}

/* One observation per person of the call, in the order they first appear:
 * a person listed twice is one speaker.  The list sorted by name puts a
 * person's entries together, so the call takes O(n log n) whatever its
 * number of speakers (each looking for the others made 40,000 take
 * half a minute: bench/RESULTS-aggregate-shapes.md). */
static int add_speakers(ts_agg *agg, const agg_rec *rec, const call_keys *ck, obs *o,
                        const char *source, long line, ts_error *err)
{
	size_t n = rec->nsp, *idx = malloc((n ? n : 1) * sizeof *idx);
	size_t *first = malloc((n ? n : 1) * sizeof *first);  /* run starts, by first entry */
	int rc = 0;
	if (!idx || !first) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof *idx, cmp_speaker, (void *)rec);
	size_t runs = 0;
	for (size_t k = 0; k < n; k++)
		if (!k || strcmp(rec->sp[idx[k - 1]].id, rec->sp[idx[k]].id))
			first[runs++] = k;
	/* a run's first entry is its person's first appearance: runs in the
	 * order of those */
	qsort_r(first, runs, sizeof *first, cmp_run, idx);
	double all = ts_agg_call_length(rec);
	for (size_t r = 0; r < runs && !rc; r++) {
		size_t k = first[r], end = k + 1;
		while (end < n && !strcmp(rec->sp[idx[end]].id, rec->sp[idx[k]].id))
			end++;
		const agg_speaker *sp = &rec->sp[idx[k]];
		size_t bad;
		if (ts_utf8_check(sp->id, strlen(sp->id), &bad)) {
			rc = ts_fail(err, TS_EINPUT, source, line, 0,
			             "call record: a speaker name is not valid UTF-8");
			break;
		}
		ts_agg_speaker_values(rec, idx + k, end - k, all, o->side);
		rc = add_obs(agg, ck, sp->id, sp->role, o, err);
	}
done:
	free(idx);
	free(first);
	return rc;
}

int ts_agg_add_rec(ts_agg *agg, const agg_rec *rec, const char *source, long line, ts_error *err)
{
	int rc = 0;
	obs *o = malloc(sizeof *o);
	if (!o)
		return ts_nomem(err);
	ts_agg_call_values(rec, o->call);
	ts_agg_rate_values(rec, o->num, o->den, o->present);
	for (size_t r = 0; r < R_COUNT; r++)
		if (isfinite(o->num[r]) && isfinite(o->den[r]) && o->num[r] > o->den[r]) {
			rc = ts_fail(err, TS_EINPUT, source, line, 0,
			             "call record: %s: %g of %g questions", ts_agg_rates[r].name,
			             o->num[r], o->den[r]);
			goto done;
		}
	call_keys ck;
	if ((rc = call_key_values(agg, rec, &ck, source, line, err)))
		goto done;
	agg->calls++;
	if (agg->mode == MODE_CALL) {
		ts_agg_side_values(rec, TS_ROLE_CALLER, o->roleside[TS_ROLE_CALLER]);
		ts_agg_side_values(rec, TS_ROLE_RESPONDENT, o->roleside[TS_ROLE_RESPONDENT]);
		rc = add_obs(agg, &ck, NULL, -1, o, err);
	} else if (agg->mode == MODE_ROLE) {
		for (int role = TS_ROLE_CALLER; role <= TS_ROLE_RESPONDENT && !rc; role++) {
			int any = 0;
			for (size_t i = 0; i < rec->nsp; i++)
				any |= rec->sp[i].role == role;
			if (!any)
				continue;
			ts_agg_side_values(rec, role, o->side);
			rc = add_obs(agg, &ck, NULL, role, o, err);
		}
	} else {
		rc = add_speakers(agg, rec, &ck, o, source, line, err);
	}
done:
	free(o);
	return rc;
}

size_t ts_agg_threads(const ts_agg *agg)
{
	return ts_threads_asked(agg->opt.threads, 256);
}

int ts_agg_add_call(ts_agg *agg, const cJSON *call, const char *text, size_t len,
                    const char *source, long line, const char *dflt, ts_error *err)
{
	int rc = ts_agg_rec_read(&agg->rec, call, text, len, source, line, dflt, err);
	return rc ? rc : ts_agg_add_rec(agg, &agg->rec, source, line, err);
}

int ts_agg_add_result(ts_agg *agg, const ts_result *res, const char *source, ts_error *err)
{
	if (ts_agg_rec_result(&agg->rec, res, source))
		return ts_nomem(err);
	return ts_agg_add_rec(agg, &agg->rec, source, 0, err);
}

int ts_agg_add_record(ts_agg *agg, const char *json, size_t len, const char *source, long line,
                      ts_error *err)
{
	cJSON *v = ts_json_parse(json, len, NULL);
	if (!v)
		return ts_fail(err, TS_EINPUT, source, line, 0, "invalid JSON");
	int rc = ts_json_check(json, len, source, line, err);
	if (!rc)
		rc = ts_agg_add_call(agg, v, json, len, source, line, NULL, err);
	cJSON_Delete(v);
	return rc;
}
