/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What aggregation measures: a call record, read from a summary or taken
 * from a result, and the per-call, per-side and pooled quantities computed
 * from it.  The figures of a record are those of analyse/figures.h; a
 * call-level metric or a rate is one row of the tables below. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate/aggregate.h"
#include "aggregate/json_skim.h"
#include "aggregate/json_where.h"
#include "base/buf.h"
#include "base/caseless.h"
#include "base/diag.h"
#include "base/json_out.h"

/* ---- the tables ---- */

#define FIG(i) {V_FIGURE, (i)}
#define NOV {V_NONE, 0}
#define PAIRS {V_PAIRS, 0}

#define C_CAT(id, name, clarity) \
	[C_DEFL_CAT + TS_CAT_##id] = {"deflections." name, SUBJ_CALL, FIG(TS_CF_DEFL_CAT + TS_CAT_##id), NOV},

const agg_quantity ts_agg_call_metrics[C_COUNT] = {
	[C_SPEAKERS] = {"speakers", SUBJ_CALL, {V_SPEAKERS, 0}, NOV},
	[C_TURNS] = {"turns.total", SUBJ_CALL, FIG(TS_CF_TURNS), NOV},
	[C_SWITCHES] = {"turns.switches", SUBJ_CALL, FIG(TS_CF_SWITCHES), NOV},
	[C_LENGTH] = {"length", SUBJ_CALL, {V_SPEAKER_SUM, TS_SF_LENGTH}, NOV},
	[C_SECONDS] = {"seconds", SUBJ_CALL, {V_SPEAKER_SUM, TS_SF_SECONDS}, NOV},
	[C_HANGUP_EVENTS] = {"events.hangup", SUBJ_CALL, FIG(TS_CF_HANGUP_EVENTS), NOV},
	[C_DEFL] = {"deflections.total", SUBJ_CALL, FIG(TS_CF_DEFL), NOV},
	TS_CATEGORY_LIST(C_CAT)
	[C_QUESTIONS] = {"qa.questions", SUBJ_CALL, FIG(TS_CF_QUESTIONS), NOV},
	[C_MARKED] = {"qa.marked", SUBJ_CALL, FIG(TS_CF_MARKED), NOV},
	/* a hang-up is the respondent's refusal; re-asks are the caller's */
	[C_HANGUPS] = {"deflections.hangups", SUBJ_RESPONDENT, FIG(TS_CF_DEFL_HANGUPS), NOV},
	[C_PAIRS] = {"qa.pairs", SUBJ_RESPONDENT, PAIRS, NOV},
	[C_RESPONSIVENESS] = {"qa.responsiveness", SUBJ_RESPONDENT,
	                      FIG(TS_CF_CLARITY + TS_C_CLEAR_REPLY), PAIRS},
	[C_DEFLECTED] = {"qa.deflected_share", SUBJ_RESPONDENT, {V_DEFLECTED, 0}, PAIRS},
	[C_REASKS] = {"qa.reasks", SUBJ_CALLER, FIG(TS_CF_REASKS), NOV},
};

#define R_REPLY_ROW(id, name, clarity) \
	[R_REPLY + TS_R_##id] = {"qa.reply." name, SUBJ_RESPONDENT, FIG(TS_CF_REPLY + TS_R_##id), PAIRS},
#define R_CLARITY_ROW(id, name) \
	[R_CLARITY + TS_C_##id] = {"qa.clarity." name, SUBJ_RESPONDENT, FIG(TS_CF_CLARITY + TS_C_##id), PAIRS},

const agg_quantity ts_agg_rates[R_COUNT] = {
	[R_RESPONSIVENESS] = {"qa.responsiveness", SUBJ_RESPONDENT,
	                      FIG(TS_CF_CLARITY + TS_C_CLEAR_REPLY), PAIRS},
	[R_DEFLECTED] = {"qa.deflected_share", SUBJ_RESPONDENT, {V_DEFLECTED, 0}, PAIRS},
	TS_REPLY_LIST(R_REPLY_ROW)
	TS_CLARITY_LIST(R_CLARITY_ROW)
	[R_REASKS] = {"qa.reasks", SUBJ_CALLER, FIG(TS_CF_REASKS), PAIRS},
	[R_MARKED] = {"qa.marked", SUBJ_CALL, FIG(TS_CF_MARKED), FIG(TS_CF_QUESTIONS)},
};

/* ---- reading a summary ---- */

typedef struct rd {
	const char *file;
	long line;
	const char *text;    /* the record's JSON text, for columns; NULL: none */
	size_t len;
	ts_error *err;
	ts_hindex ix;        /* members of a map by speaker id (read_groups) */
	const cJSON **mv;    /* ... that the index numbers */
	size_t mn, mcap;
	const cJSON *last_obj, *after;  /* get(): where the last member found was */
} rd;

static uint64_t member_hash(const void *arg, size_t i)
{
	const char *k = ((const rd *)arg)->mv[i]->string;
	return ts_fnv1a(TS_FNV_INIT, k, strlen(k));
}

/* Index the members of map once: cJSON finds a member by walking the
 * whole list, so looking up each of a call's speakers by name took time
 * in the square of the speakers (40,000: 13 s).  0 or TS_ENOMEM. */
static int index_members(rd *r, const cJSON *map)
{
	r->mn = 0;
	ts_hindex_clear(&r->ix);
	for (const cJSON *c = map->child; c; c = c->next) {
		if (TS_GROW(r->mv, r->mcap, r->mn + 1))
			return ts_nomem(r->err);
		r->mv[r->mn++] = c;
	}
	if (ts_hindex_reserve(&r->ix, r->mn, member_hash, r))
		return ts_nomem(r->err);
	for (size_t i = 0; i < r->mn; i++)
		ts_hindex_put(&r->ix, member_hash(r, i), i);
	return 0;
}

/* The member of the indexed map named key, or NULL. */
static const cJSON *member(const rd *r, const char *key)
{
	size_t i;
	uint64_t h = ts_fnv1a(TS_FNV_INIT, key, strlen(key));
	for (size_t at = ts_hindex_start(&r->ix, h); ts_hindex_taken(&r->ix, at, &i);
	     at = ts_hindex_next(&r->ix, at))
		if (!strcmp(r->mv[i]->string, key))
			return r->mv[i];
	return NULL;
}

/* Where a field sits, formatted only for an error message (records are
 * read by the million, errors once): a[idx].b.c.d.e.key
 * ("speakers[0].turns", "deflections.by_speaker.X.total"); a NULL part is
 * left out. */
typedef struct where {
	const char *a;
	long idx;            /* -1: none */
	const char *b[4];
} where;

static const where TOP = {"", -1, {NULL}};

/* The column of the field w.key in the record's text (0: unknown). */
static long where_col(const rd *r, const where *w, const char *key)
{
	if (!r->text)
		return 0;
	ts_jstep path[16];
	char a[128];
	size_t n = 0;
	snprintf(a, sizeof a, "%s", w->a);
	for (char *p = a, *dot; *p && n < 8; p = dot + 1) {
		dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		path[n++] = (ts_jstep){p, 0};
		if (!dot)
			break;
	}
	if (w->idx >= 0)
		path[n++] = (ts_jstep){NULL, w->idx};
	for (int i = 0; i < 4 && w->b[i]; i++)
		path[n++] = (ts_jstep){w->b[i], 0};
	if (key)
		path[n++] = (ts_jstep){key, 0};
	return ts_json_col(r->text, ts_json_locate(r->text, r->len, path, n, 0));
}

static int bad(rd *r, const where *w, const char *key, const char *what)
{
	char idx[32] = "", b[256] = "";
	if (w->idx >= 0)
		snprintf(idx, sizeof idx, "[%ld]", w->idx);
	size_t n = 0;
	for (int i = 0; i < 4 && n < sizeof b; i++)
		if (w->b[i])
			n += (size_t)snprintf(b + n, sizeof b - n, ".%s", w->b[i]);
	return ts_fail(r->err, TS_EINPUT, r->file, r->line, where_col(r, w, key),
	               "call record: '%.100s%s%.200s%s%.100s' %s",
	               w->a, idx, b, *w->a && key ? "." : "", key ? key : "", what);
}

/* A count or measure of type TS_FT_*: absent or null -> NaN; a finite
 * number, not negative, whole for a count; else error. */
static int num_of(rd *r, const cJSON *v, const char *key, const where *w, int type, double *out)
{
	*out = NAN;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return bad(r, w, key, "is not a number");
	if (v->valuedouble < 0)
		return bad(r, w, key, "is negative");
	if (type == TS_FT_COUNT && v->valuedouble != floor(v->valuedouble))
		return bad(r, w, key, "is not a whole number");
	*out = v->valuedouble;
	return 0;
}

/* cJSON_GetObjectItemCaseSensitive(obj, key), looked for from the member
 * after the one found last in obj, round to it: a record lists its
 * members in the order they are read, so the first comparison mostly
 * finds it, where cJSON's walk from the first member made reading an
 * object of k figures cost k^2/2 comparisons.  The member is the same:
 * a record's keys are unique (json_skim.c and ts_json_check refuse a key
 * given twice).  obj may be NULL; the place found is the record's own
 * (rd is made per record, and trees are used again). */
static const cJSON *get(rd *r, const cJSON *obj, const char *key)
{
	if (!obj || !obj->child)
		return NULL;
	const cJSON *start = r->last_obj == obj && r->after ? r->after : obj->child, *c = start;
	do {
		if (!c->string)
			return NULL;  /* an array's elements: cJSON finds nothing there */
		if (!strcmp(c->string, key)) {
			r->last_obj = obj;
			r->after = c->next;
			return c;
		}
		c = c->next ? c->next : obj->child;
	} while (c != start);
	return NULL;
}

static int num(rd *r, const cJSON *obj, const char *key, const where *w, int type, double *out)
{
	return num_of(r, get(r, obj, key), key, w, type, out);
}

/* An object member that must be an object when present. */
static int object(rd *r, const cJSON *obj, const char *key, const where *w, const cJSON **out)
{
	*out = NULL;
	const cJSON *v = get(r, obj, key);
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsObject(v))
		return bad(r, w, key, "is not an object");
	*out = v;
	return 0;
}

/* Whether aggregation reads a speaker figure back: the ones that combine
 * by sum or maximum (shares and means it computes again from them). */
static int read_back(const ts_figure *x)
{
	return x->key && (x->combine == TS_FC_SUM || x->combine == TS_FC_MAX);
}

/* What reading a record looks up, in the order of the tables, listed once
 * so that a record (read by the million) walks only its own figures. */
enum { PLAN_TURNS, PLAN_DEFLECTIONS, PLAN_QA, PLAN_SECTIONS };
static struct {
	int call[PLAN_SECTIONS][TS_CF_COUNT];  /* call figures of a section */
	int ncall[PLAN_SECTIONS];
	int group[TS_FG_NONE + 1][TS_SF_COUNT];  /* speaker figures read back, by group */
	int ngroup[TS_FG_NONE + 1];
	int sum[TS_SF_COUNT], max[TS_SF_COUNT];   /* speaker figures that add up, that take the maximum */
	int nsum, nmax;
} plan;
static pthread_once_t plan_once = PTHREAD_ONCE_INIT;

static int plan_section(unsigned section)
{
	return section == TS_SECTION_TURNS ? PLAN_TURNS :
	       section == TS_SECTION_DEFLECTIONS ? PLAN_DEFLECTIONS : PLAN_QA;
}

static void make_plan(void)
{
	static const unsigned sections[PLAN_SECTIONS] = {TS_SECTION_TURNS, TS_SECTION_DEFLECTIONS,
	                                                 TS_SECTION_QA};
	for (int p = 0; p < PLAN_SECTIONS; p++)
		for (int i = 0; i < TS_CF_COUNT; i++) {
			const ts_call_figure *f = &ts_call_figures[i];
			if (f->section == sections[p] && f->key && f->aggregated)
				plan.call[p][plan.ncall[p]++] = i;
		}
	const ts_figure_index *ix = ts_figures_index();
	for (int g = 0; g <= TS_FG_NONE; g++)
		for (int k = 0; k < ix->ngroup[g]; k++)
			if (read_back(&ts_speaker_figures[ix->group[g][k]]))
				plan.group[g][plan.ngroup[g]++] = ix->group[g][k];
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		if (x->combine == TS_FC_MAX)
			plan.max[plan.nmax++] = f;
		else
			plan.sum[plan.nsum++] = f;
	}
}

static int read_speakers(rd *r, agg_rec *rec, const cJSON *arr)
{
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (TS_GROW(rec->sp, rec->capsp, n ? n : 1))
		return ts_nomem(r->err);
	size_t i = 0;
	for (const cJSON *s = arr->child; s; s = s->next, i++) {
		agg_speaker *sp = &rec->sp[i];
		for (int f = 0; f < TS_SF_COUNT; f++)
			sp->v[f] = NAN;
		where w = {"speakers", (long)i, {NULL}};
		if (!cJSON_IsObject(s))
			return bad(r, &w, NULL, "is not an object");
		const cJSON *id = get(r, s, "speaker");
		const cJSON *role = get(r, s, "role");
		if (!cJSON_IsString(id))
			return bad(r, &w, "speaker", "is not a string");
		sp->id = id->valuestring;
		if (!cJSON_IsString(role) ||
		    (strcmp(role->valuestring, "caller") && strcmp(role->valuestring, "respondent")))
			return bad(r, &w, "role", "is not 'caller' or 'respondent'");
		sp->role = strcmp(role->valuestring, "caller") ? TS_ROLE_RESPONDENT : TS_ROLE_CALLER;
		/* the figures that combine: shares and means are computed again
		 * from them, over whichever speakers a metric takes */
		for (int k = 0; k < plan.ngroup[TS_FG_SPEAKERS]; k++) {
			int f = plan.group[TS_FG_SPEAKERS][k];
			if (num(r, s, ts_speaker_figures[f].key, &w, ts_speaker_figures[f].type, &sp->v[f]))
				return TS_EINPUT;
		}
	}
	rec->nsp = i;
	return 0;
}

/* The call figures of a section (TS_SECTION_*) whose object in the summary
 * is sec (named name), each from its object there (a member object is
 * checked when first met). */
static int read_call_figures(rd *r, agg_rec *rec, const cJSON *sec, unsigned section,
                             const char *name)
{
	size_t nl = strlen(name);
	int sub = -1;  /* the object of obj */
	const cJSON *obj = sec;
	int p = plan_section(section);
	for (int k = 0; k < plan.ncall[p]; k++) {
		int i = plan.call[p][k];
		const ts_call_figure *f = &ts_call_figures[i];
		const char *path = ts_figure_objects[f->object];
		const char *rest = path[nl] ? path + nl + 1 : NULL;
		if (!rest) {
			obj = sec;
			sub = -1;
		} else if (sub != f->object) {
			/* one level of member objects ("questions", "by_category"); a
			 * deeper one ("questions.by_type") is a member of that */
			const char *dot = strchr(rest, '.');
			const cJSON *parent = sec;
			where wp = {name, -1, {NULL}};
			char first[64];
			if (dot) {
				size_t fl = (size_t)(dot - rest) < sizeof first ? (size_t)(dot - rest) : sizeof first - 1;
				memcpy(first, rest, fl);
				first[fl] = '\0';
				if (object(r, sec, first, &wp, &parent))
					return TS_EINPUT;
				wp.b[0] = first;
			}
			if (object(r, parent, dot ? dot + 1 : rest, &wp, &obj))
				return TS_EINPUT;
			sub = f->object;
		}
		where w = {path, -1, {NULL}};
		if (num(r, obj, f->key, &w, f->type, &rec->c[i]))
			return TS_EINPUT;
		if (isnan(rec->c[i]) && f->absent_zero)
			rec->c[i] = 0;  /* every class is listed, zero included, but a
			                 * missing one is no reason to fail */
	}
	return 0;
}

/* The speaker figures of the groups of a section that are maps by speaker
 * id (analyse/figures.h, ts_figure_groups), from its object sec. */
static int read_groups(rd *r, agg_rec *rec, const cJSON *sec, unsigned section)
{
	for (int g = 0; g < TS_FG_NONE; g++) {
		const ts_figure_group *fg = &ts_figure_groups[g];
		if (fg->section != section || !fg->object)
			continue;
		const cJSON *parent = sec, *map;
		where w = {fg->object, -1, {NULL}};
		if (fg->parent) {
			if (object(r, sec, fg->parent, &w, &parent))
				return TS_EINPUT;
			w.b[0] = fg->parent;
		}
		if (object(r, parent, fg->map, &w, &map))
			return TS_EINPUT;
		if (map && index_members(r, map))
			return TS_ENOMEM;
		/* "qa.questions.by_speaker" */
		const where wn = {fg->object, -1, {fg->parent ? fg->parent : fg->map,
		                                   fg->parent ? fg->map : NULL}};
		for (size_t i = 0; i < rec->nsp; i++) {
			agg_speaker *sp = &rec->sp[i];
			const cJSON *one = map ? member(r, sp->id) : NULL;
			where ws = wn;
			ws.b[fg->parent ? 2 : 1] = sp->id;
			const char *sub = NULL;  /* the member object sub_obj is */
			const cJSON *sub_obj = NULL;
			if (one && !fg->numbers && !cJSON_IsObject(one))
				return bad(r, &ws, NULL, "is not an object");
			for (int k = 0; k < plan.ngroup[g]; k++) {
				int f = plan.group[g][k];
				const ts_figure *x = &ts_speaker_figures[f];
				double *v = &sp->v[f];
				*v = 0;  /* a speaker not listed: none */
				if (fg->numbers) {
					if (num_of(r, one, sp->id, &wn, x->type, v))
						return TS_EINPUT;
				} else if (one) {
					where wf = ws;
					if (x->sub) {
						/* the figures of one member object are listed together */
						if (x->sub != sub && object(r, one, x->sub, &ws, &sub_obj))
							return TS_EINPUT;
						sub = x->sub;
						wf.b[fg->parent ? 3 : 2] = x->sub;
					}
					if (num(r, x->sub ? sub_obj : one, x->key, &wf, x->type, v))
						return TS_EINPUT;
				}
				if (isnan(*v) && (x->absent_zero || fg->numbers))
					*v = 0;
			}
		}
	}
	return 0;
}

/* A record may give only CLARITY's three classes (the pairs are then their
 * sum); without them they are the reply classes' sums. */
static int qa_classes(rd *r, agg_rec *rec, const cJSON *qa)
{
	const cJSON *reply, *clar;
	const where w = {"qa", -1, {NULL}};
	if (object(r, qa, "by_reply", &w, &reply) || object(r, qa, "by_clarity", &w, &clar))
		return TS_EINPUT;
	if (clar && !reply) {
		for (int i = 0; i < TS_R_COUNT; i++)
			rec->c[TS_CF_REPLY + i] = NAN;
	} else if (!clar) {
		for (int i = 0; i < TS_C_COUNT; i++)
			rec->c[TS_CF_CLARITY + i] = 0;
		for (int i = 0; i < TS_R_COUNT; i++)
			rec->c[TS_CF_CLARITY + ts_reply_clarity((ts_reply)i)] += rec->c[TS_CF_REPLY + i];
	}
	return 0;
}

static void rec_reset(agg_rec *rec, const char *source)
{
	rec->source = source;
	rec->language = rec->unit = NULL;
	rec->nmeta = rec->nsp = 0;
	rec->has_speakers = 0;
	for (int i = 0; i < TS_CF_COUNT; i++)
		rec->c[i] = NAN;
}

static int add_meta(agg_rec *rec, const char *key, const char *value)
{
	if (TS_GROW(rec->meta, rec->capmeta, rec->nmeta + 1))
		return TS_ENOMEM;
	rec->meta[rec->nmeta++] = (agg_meta){key, value};
	return 0;
}

static int rec_read(rd *r, agg_rec *rec, const cJSON *call, const char *dflt)
{
	const char *file = r->file;
	long line = r->line;
	ts_error *err = r->err;
	rec_reset(rec, dflt ? dflt : file);
	if (!cJSON_IsObject(call))
		return ts_fail(err, TS_EINPUT, file, line, 0, "not a call record (a JSON object)");
	const cJSON *src = get(r, call, "source");
	if (cJSON_IsString(src))
		rec->source = src->valuestring;
	static const char *const unit_keys[] = {"language", "unit"};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *u = get(r, call, unit_keys[i]);
		if (u && !cJSON_IsString(u) && !cJSON_IsNull(u))
			return bad(r, &TOP, unit_keys[i], "is not a string");
		*(i ? &rec->unit : &rec->language) = cJSON_IsString(u) ? u->valuestring : NULL;
	}
	const cJSON *meta, *turns, *defl, *qa;
	if (object(r, call, "meta", &TOP, &meta) || object(r, call, "turns", &TOP, &turns) ||
	    read_call_figures(r, rec, turns, TS_SECTION_TURNS, "turns") ||
	    object(r, call, "deflections", &TOP, &defl) || object(r, call, "qa", &TOP, &qa))
		return TS_EINPUT;
	const where wm = {"meta", -1, {NULL}};
	for (const cJSON *m = meta ? meta->child : NULL; m; m = m->next) {
		/* a value of another type would be a missing key: a wrong group */
		if (!cJSON_IsString(m) && !cJSON_IsNull(m))
			return bad(r, &wm, m->string, "is not a string");
		if (add_meta(rec, m->string, cJSON_IsString(m) ? m->valuestring : NULL))
			return ts_nomem(err);
	}
	const cJSON *sp = get(r, call, "speakers");
	if (sp && !cJSON_IsNull(sp)) {
		if (!cJSON_IsArray(sp))
			return bad(r, &TOP, "speakers", "is not an array");
		if (read_speakers(r, rec, sp))
			return err ? err->code : TS_EINPUT;
		rec->has_speakers = 1;
	}
	const cJSON *ev = get(r, call, "events");
	if (cJSON_IsArray(ev)) {
		rec->c[TS_CF_HANGUP_EVENTS] = 0;
		for (const cJSON *e = ev->child; e; e = e->next) {
			const cJSON *k = get(r, e, "kind");
			rec->c[TS_CF_HANGUP_EVENTS] += cJSON_IsString(k) &&
			                               !strcmp(k->valuestring, ts_event_kind_name(TS_EVENT_HANGUP));
		}
	} else if (ev && !cJSON_IsNull(ev)) {
		return bad(r, &TOP, "events", "is not an array");
	}
	if (defl && (read_call_figures(r, rec, defl, TS_SECTION_DEFLECTIONS, "deflections") ||
	             read_groups(r, rec, defl, TS_SECTION_DEFLECTIONS)))
		return err ? err->code : TS_EINPUT;
	if (qa && (read_call_figures(r, rec, qa, TS_SECTION_QA, "qa") || qa_classes(r, rec, qa) ||
	           read_groups(r, rec, qa, TS_SECTION_QA)))
		return err ? err->code : TS_EINPUT;
	return 0;
}

/* The member names of one place that records are read for, found once:
 * the skimmer asks about every member of every record, and finding them
 * in the figure tables each time cost more than reading the member. */
#define READS_MAX 128
typedef struct names {
	const char *name[READS_MAX];
	size_t len[READS_MAX];
	int n;
} names;
static names reads[3];  /* by ts_skim_at: a record, deflections, qa */
static pthread_once_t reads_once = PTHREAD_ONCE_INIT;

static void add_name(names *l, const char *s, size_t n)
{
	for (int i = 0; i < l->n; i++)
		if (l->len[i] == n && !memcmp(l->name[i], s, n))
			return;
	/* READS_MAX is far above the tables' names (13, 4 and 5 now): were
	 * they to grow past it, members would go unread and the golden
	 * aggregate tests would differ */
	if (l->n < READS_MAX) {
		l->name[l->n] = s;
		l->len[l->n++] = n;
	}
}

/* The members a record's object `section` ("qa") is read for: the objects
 * and numbers of its call figures, its maps by speaker (figure tables). */
static void section_names(const char *section, names *l)
{
	int p = !strcmp(section, "qa") ? PLAN_QA : PLAN_DEFLECTIONS;
	size_t sl = strlen(section);
	for (int k = 0; k < plan.ncall[p]; k++) {
		const ts_call_figure *f = &ts_call_figures[plan.call[p][k]];
		const char *path = ts_figure_objects[f->object];
		if (strncmp(path, section, sl) || (path[sl] && path[sl] != '.'))
			continue;
		const char *rest = path + sl + (path[sl] == '.');
		/* a member object's first name ("questions" of "qa.questions.by_type") */
		if (!path[sl])
			add_name(l, f->key, strlen(f->key));
		else
			add_name(l, rest, strcspn(rest, "."));
	}
	for (int g = 0; g < TS_FG_NONE; g++) {
		const ts_figure_group *fg = &ts_figure_groups[g];
		const char *name = fg->parent ? fg->parent : fg->map;
		if (fg->object && !strcmp(fg->object, section))
			add_name(l, name, strlen(name));
	}
	if (p == PLAN_QA) {  /* qa_classes */
		add_name(l, "by_reply", strlen("by_reply"));
		add_name(l, "by_clarity", strlen("by_clarity"));
	}
}

static void make_reads(void)
{
	/* what add_value (aggregate_input.c) and rec_read look up in a record
	 * or a document */
	static const char *const record[] = {"schema_version", "source", "call", "speakers",
	                                     "meta", "events", "turns", "deflections", "qa",
	                                     "calls", "talkstat_partial", "language", "unit"};
	pthread_once(&plan_once, make_plan);
	for (size_t i = 0; i < sizeof record / sizeof *record; i++)
		add_name(&reads[TS_SKIM_RECORD], record[i], strlen(record[i]));
	section_names("deflections", &reads[TS_SKIM_DEFLECTIONS]);
	section_names("qa", &reads[TS_SKIM_QA]);
}

int ts_agg_reads_member(int at, const char *key, size_t n)
{
	pthread_once(&reads_once, make_reads);
	const names *l = &reads[at == TS_SKIM_RECORD || at == TS_SKIM_DEFLECTIONS ? at : TS_SKIM_QA];
	for (int i = 0; i < l->n; i++)
		if (l->len[i] == n && !memcmp(l->name[i], key, n))
			return 1;
	return 0;
}

int ts_agg_rec_read(agg_rec *rec, const cJSON *call, const char *text, size_t len,
                    const char *file, long line, const char *dflt, ts_error *err)
{
	rd r = {.file = file, .line = line, .text = text, .len = len, .err = err};
	pthread_once(&plan_once, make_plan);
	int rc = rec_read(&r, rec, call, dflt);
	ts_hindex_free(&r.ix);
	free(r.mv);
	return rc;
}

/* ---- taking a result ---- */

/* A real figure as a summary would give it back: rounded to the six
 * decimals the JSON writer keeps, so that a transcript aggregates to the
 * same numbers as its summary. */
static double as_written(double v, int type)
{
	return type == TS_FT_REAL ? ts_round6(v) : v;
}

int ts_agg_rec_result(agg_rec *rec, const ts_result *r, const char *source)
{
	const ts_call *call = r->call;
	rec_reset(rec, source);
	rec->language = call->language;
	rec->unit = call->unit == TS_UNIT_WORDS ? "words" : "chars";
	for (size_t i = 0; i < call->nmeta; i++)
		if (add_meta(rec, call->meta[i].key, call->meta[i].value))
			return TS_ENOMEM;
	if (r->sections & TS_SECTION_SPEAKERS) {
		if (TS_GROW(rec->sp, rec->capsp, call->nspeakers ? call->nspeakers : 1))
			return TS_ENOMEM;
		for (size_t i = 0; i < call->nspeakers; i++) {
			agg_speaker *sp = &rec->sp[i];
			sp->id = call->speakers[i].id;
			sp->role = call->speakers[i].role;
			for (int f = 0; f < TS_SF_COUNT; f++) {
				const ts_figure *x = &ts_speaker_figures[f];
				sp->v[f] = r->sections & x->section ?
				           as_written(ts_figure_value(x, &r->speakers[i]), x->type) : NAN;
			}
		}
		rec->nsp = call->nspeakers;
		rec->has_speakers = 1;
	}
	for (int i = 0; i < TS_CF_COUNT; i++)
		rec->c[i] = as_written(ts_call_figure_value(r, i), ts_call_figures[i].type);
	return 0;
}

/* Packed: the counts, the call figures, each speaker (role, figures, id
 * and its NUL), each metadata pair (key and NUL, a flag, value and NUL),
 * the language and the unit (each a flag, the string and NUL). */
typedef struct packed_head {
	size_t nsp, nmeta;
	int has_speakers;
	double c[TS_CF_COUNT];
} packed_head;

static int put_str(ts_buf *out, const char *s)
{
	return ts_buf_append(out, s, strlen(s) + 1);
}

int ts_agg_rec_pack(const agg_rec *rec, ts_buf *out)
{
	packed_head h = {rec->nsp, rec->nmeta, rec->has_speakers, {0}};
	memcpy(h.c, rec->c, sizeof h.c);
	if (ts_buf_append(out, &h, sizeof h))
		return TS_ENOMEM;
	for (size_t i = 0; i < rec->nsp; i++) {
		const agg_speaker *sp = &rec->sp[i];
		if (ts_buf_append(out, &sp->role, sizeof sp->role) ||
		    ts_buf_append(out, sp->v, sizeof sp->v) || put_str(out, sp->id))
			return TS_ENOMEM;
	}
	for (size_t i = 0; i < rec->nmeta; i++) {
		char has = rec->meta[i].value != NULL;
		if (put_str(out, rec->meta[i].key) || ts_buf_append(out, &has, 1) ||
		    put_str(out, has ? rec->meta[i].value : ""))
			return TS_ENOMEM;
	}
	const char *lu[] = {rec->language, rec->unit};
	for (size_t i = 0; i < 2; i++) {
		char has = lu[i] != NULL;
		if (ts_buf_append(out, &has, 1) || put_str(out, has ? lu[i] : ""))
			return TS_ENOMEM;
	}
	return 0;
}

/* The next string of packed bytes. */
static const char *take_str(const char **p)
{
	const char *s = *p;
	*p += strlen(s) + 1;
	return s;
}

int ts_agg_rec_unpack(agg_rec *rec, const char *p, size_t n, const char *source)
{
	packed_head h;
	(void)n;  /* the bytes are pack's own, whole */
	memcpy(&h, p, sizeof h);
	p += sizeof h;
	rec_reset(rec, source);
	memcpy(rec->c, h.c, sizeof rec->c);
	rec->has_speakers = h.has_speakers;
	if (TS_GROW(rec->sp, rec->capsp, h.nsp ? h.nsp : 1) ||
	    TS_GROW(rec->meta, rec->capmeta, h.nmeta ? h.nmeta : 1))
		return TS_ENOMEM;
	for (size_t i = 0; i < h.nsp; i++) {
		agg_speaker *sp = &rec->sp[i];
		memcpy(&sp->role, p, sizeof sp->role);
		p += sizeof sp->role;
		memcpy(sp->v, p, sizeof sp->v);
		p += sizeof sp->v;
		sp->id = take_str(&p);
	}
	rec->nsp = h.nsp;
	for (size_t i = 0; i < h.nmeta; i++) {
		const char *key = take_str(&p);
		char has = *p++;
		const char *value = take_str(&p);
		rec->meta[i] = (agg_meta){key, has ? value : NULL};
	}
	rec->nmeta = h.nmeta;
	for (size_t i = 0; i < 2; i++) {
		char has = *p++;
		const char *s = take_str(&p);
		*(i ? &rec->unit : &rec->language) = has ? s : NULL;
	}
	return 0;
}

void ts_agg_rec_free(agg_rec *rec)
{
	free(rec->sp);
	free(rec->meta);
	memset(rec, 0, sizeof *rec);
}

const char *ts_agg_meta(const agg_rec *rec, const char *key)
{
	for (size_t i = 0; i < rec->nmeta; i++)
		if (!strcmp(rec->meta[i].key, key))
			return rec->meta[i].value;
	size_t kn = strlen(key);
	for (size_t i = 0; i < rec->nmeta; i++)
		if (ts_ci_equal(rec->meta[i].key, strlen(rec->meta[i].key), key, kn))
			return rec->meta[i].value;
	return NULL;
}

/* ---- values ---- */

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

static double value(const agg_rec *rec, agg_value v)
{
	double n = 0;
	switch (v.kind) {
	case V_FIGURE:
		return rec->c[v.arg];
	case V_SPEAKERS:
		return rec->has_speakers ? (double)rec->nsp : NAN;
	case V_SPEAKER_SUM:
		if (!rec->has_speakers)
			return NAN;
		for (size_t i = 0; i < rec->nsp; i++)
			n += rec->sp[i].v[v.arg];  /* NaN stays NaN */
		return n;
	case V_PAIRS:
		/* the reply classes, else (a record with only the three CLARITY
		 * classes) those */
		if (!isnan(rec->c[TS_CF_REPLY])) {
			for (int i = 0; i < TS_R_COUNT; i++)
				n += rec->c[TS_CF_REPLY + i];
		} else {
			for (int i = 0; i < TS_C_COUNT; i++)
				n += rec->c[TS_CF_CLARITY + i];
		}
		return n;
	case V_DEFLECTED:
		for (int c = 0; c < TS_CAT_COUNT; c++)
			n += rec->c[TS_CF_REPLY + ts_category_reply((ts_category)c)];
		return n;  /* NaN when only the CLARITY classes are known */
	default:
		return NAN;
	}
}

static double quantity(const agg_rec *rec, const agg_quantity *q)
{
	double n = value(rec, q->num);
	return q->den.kind == V_NONE ? n : ratio(n, value(rec, q->den));
}

void ts_agg_call_values(const agg_rec *rec, double v[C_COUNT])
{
	for (size_t i = 0; i < C_COUNT; i++)
		v[i] = quantity(rec, &ts_agg_call_metrics[i]);
}

/* Speaker figures summed (maxima for TS_FC_MAX) over some speakers, then
 * combined as the figure table says. */
typedef struct side_acc {
	double sum[TS_SF_COUNT];
	int found;
} side_acc;

static void side_begin(side_acc *a)
{
	pthread_once(&plan_once, make_plan);
	for (int f = 0; f < TS_SF_COUNT; f++)
		a->sum[f] = 0;
	a->found = 0;
}

static void side_add(side_acc *a, const agg_speaker *sp)
{
	for (int k = 0; k < plan.nsum; k++)
		a->sum[plan.sum[k]] += sp->v[plan.sum[k]];
	for (int k = 0; k < plan.nmax; k++) {
		int f = plan.max[k];
		double x = sp->v[f];
		if (!isnan(a->sum[f]) && (isnan(x) || x > a->sum[f]))
			a->sum[f] = x;  /* a NaN operand makes the maximum NaN: missing stays missing */
	}
	a->found = 1;
}

/* all: the length of every speaker, the call's. */
static void side_end(const side_acc *a, double all, double v[TS_SF_COUNT])
{
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		v[f] = NAN;
		if (!a->found)
			continue;
		switch (x->combine) {
		case TS_FC_SUM:
		case TS_FC_MAX:
			v[f] = a->sum[f];
			break;
		case TS_FC_RATIO:
			v[f] = ratio(x->scale * a->sum[x->num], x->den < 0 ? all : a->sum[x->den]);
			break;
		default:
			break;
		}
	}
}

double ts_agg_call_length(const agg_rec *rec)
{
	double all = 0;
	for (size_t i = 0; i < rec->nsp; i++)
		all += rec->sp[i].v[TS_SF_LENGTH];
	return all;
}

void ts_agg_side_values(const agg_rec *rec, int role, double v[TS_SF_COUNT])
{
	side_acc a;
	side_begin(&a);
	for (size_t i = 0; rec->has_speakers && i < rec->nsp; i++)
		if (role < 0 || rec->sp[i].role == role)
			side_add(&a, &rec->sp[i]);
	side_end(&a, ts_agg_call_length(rec), v);
}

void ts_agg_speaker_values(const agg_rec *rec, const size_t *idx, size_t n, double all,
                           double v[TS_SF_COUNT])
{
	side_acc a;
	side_begin(&a);
	for (size_t i = 0; i < n; i++)
		side_add(&a, &rec->sp[idx[i]]);
	side_end(&a, all, v);
}

void ts_agg_rate_values(const agg_rec *rec, double num[R_COUNT], double den[R_COUNT],
                        int present[R_COUNT])
{
	for (size_t i = 0; i < R_COUNT; i++) {
		num[i] = value(rec, ts_agg_rates[i].num);
		den[i] = value(rec, ts_agg_rates[i].den);
		present[i] = isfinite(num[i]) && isfinite(den[i]) && num[i] >= 0 && num[i] <= den[i];
	}
}
