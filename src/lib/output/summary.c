/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "output/summary.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/figures.h"
#include "analyse/result.h"
#include "analyse/turns.h"
#include "base/diag.h"
#include "base/json_out.h"

/* Sections write straight into the output through a ts_jw: a summary is
 * written for every call, so no tree is built (the writer's cost per
 * corpus: bench/RESULTS-speed-io-instructions.md).  The
 * numbers come from the result through the figure tables
 * (analyse/figures.h): the sections below say where the tables' figures
 * go among the lists and texts. */

static const char *role_name(ts_role r)
{
	return r == TS_ROLE_CALLER ? "caller" : "respondent";
}

/* A figure's key as compact output writes it, `"key":`, made once: the
 * figures are most members of a summary, and their keys are of tables,
 * lengths the compiler does not know.  Copied KEY_TEXT_MAX bytes at a
 * time, n of them kept. */
#define KEY_TEXT_MAX 32

typedef struct key_text {
	char s[KEY_TEXT_MAX];
	size_t n;
	size_t klen;  /* the key's, made or not: for indented output */
} key_text;

static key_text call_keys[TS_CF_COUNT], speaker_keys[TS_SF_COUNT];
/* every key of an object (TS_FO_*), of a group (TS_FG_*) was made: none
 * too long for s, none to escape (the schema has none) */
static int object_keys[TS_FO_COUNT], group_keys[TS_FG_NONE + 1];
/* the lengths of the groups' map keys (by_speaker), tables' strings */
static size_t map_klen[TS_FG_NONE];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static const ts_figure_index *fig_ix;  /* ts_figures_index, taken with the keys */

/* 1 when made */
static int key_text_of(key_text *k, const char *key)
{
	size_t n = k->klen = strlen(key);
	if (n + 3 > sizeof k->s)
		return 0;
	/* checked for bytes to escape once, for a text written many times */
	if (ts_jw_copy_plain(k->s + 1, key, n))
		return 0;
	k->s[0] = '"';
	memcpy(k->s + 1 + n, "\":", 2);
	k->n = n + 3;
	return 1;
}

/* The call figures an object writes in compact output, worked out once
 * for calls timed and untimed (a figure of timed calls only is not in
 * the second): each figure's key made, and the offset of its count when
 * ts_call_figure_value would read that count, (size_t)-1 when it works
 * the value out.  A call of the corpora writes some forty of them, which
 * were each tested for all of that.  Taken when the call has text and
 * the result the sections of all the counts (else call_figures_run's
 * test of each figure). */
#define PLAN_MAX 32

enum { OP_FIGURE, OP_OPEN, OP_CLOSE };  /* OP_OPEN: a figure's sub-object, its key in own */

typedef struct plan_op {
	const key_text *key;
	size_t offset;
	int figure, type, kind;
	key_text own;
} plan_op;

typedef struct plan {
	plan_op op[PLAN_MAX];
	int n, made;        /* made: every key made, at most PLAN_MAX figures */
	unsigned sections;  /* of the counts read in place */
} plan;

static plan call_plans[TS_FO_COUNT][2];
/* ... and the figures of a group for a speaker timed and untimed, with
 * the sub-objects they go into; taken for a speaker with text */
static plan speaker_plans[TS_FG_NONE + 1][2];

/* The plan's next step, NULL when it has PLAN_MAX (made then 0). */
static plan_op *plan_step(plan *p, int kind)
{
	if (p->n == PLAN_MAX) {
		p->made = 0;
		return NULL;
	}
	plan_op *op = &p->op[p->n++];
	*op = (plan_op){.offset = (size_t)-1, .kind = kind};
	return op;
}

/* A figure of a count read in place (at offset) when it is one. */
static void plan_figure(plan *p, const key_text *key, int figure, int type, size_t offset)
{
	plan_op *op = plan_step(p, OP_FIGURE);
	if (!op)
		return;
	op->key = key;
	op->figure = figure;
	op->type = type;
	if (type == TS_FT_COUNT)
		op->offset = offset;
}

static void make_speaker_plan(plan *p, int group, int timed)
{
	const char *sub = NULL;
	p->made = group_keys[group];
	for (int k = 0; p->made && k < fig_ix->ngroup[group]; k++) {
		int f = fig_ix->group[group][k];
		const ts_figure *x = &ts_speaker_figures[f];
		if (!x->key || (x->timed && !timed))  /* ts_figure_written */
			continue;
		if (sub != x->sub && !(sub && x->sub && !strcmp(sub, x->sub))) {  /* as speaker_figures */
			if (sub && !plan_step(p, OP_CLOSE))
				return;
			plan_op *op = (sub = x->sub) ? plan_step(p, OP_OPEN) : NULL;
			if (sub && !(op && key_text_of(&op->own, sub))) {
				p->made = 0;
				return;
			}
			if (op)
				op->key = &op->own;
		}
		plan_figure(p, &speaker_keys[f], f, x->type, x->offset);
	}
	if (sub)
		plan_step(p, OP_CLOSE);
}

static void make_plan(plan *p, int object, int timed)
{
	p->made = object_keys[object] && fig_ix->nobject[object] <= PLAN_MAX;
	for (int k = 0; p->made && k < fig_ix->nobject[object]; k++) {
		int i = fig_ix->object[object][k];
		const ts_call_figure *f = &ts_call_figures[i];
		if (f->timed && !timed)  /* ts_call_figure_written */
			continue;
		plan_figure(p, &call_keys[i], i, f->type, f->offset);
		if (f->type == TS_FT_COUNT && f->offset != (size_t)-1)
			p->sections |= f->section;
	}
}

static void make_pair_texts(void);

static void make_keys(void)
{
	const ts_figure_index *ix = fig_ix = ts_figures_index();
	make_pair_texts();
	for (int o = 0; o < TS_FO_COUNT; o++) {
		object_keys[o] = 1;
		for (int k = 0; k < ix->nobject[o]; k++) {
			int i = ix->object[o][k];
			object_keys[o] &= key_text_of(&call_keys[i], ts_call_figures[i].key);
		}
		make_plan(&call_plans[o][0], o, 0);
		make_plan(&call_plans[o][1], o, 1);
	}
	for (int g = 0; g < TS_FG_NONE; g++)
		map_klen[g] = ts_jw_klen(ts_figure_groups[g].map);
	for (int g = 0; g <= TS_FG_NONE; g++) {
		group_keys[g] = 1;
		for (int k = 0; k < ix->ngroup[g]; k++) {
			int f = ix->group[g][k];
			if (ts_speaker_figures[f].key)
				group_keys[g] &= key_text_of(&speaker_keys[f], ts_speaker_figures[f].key);
		}
		make_speaker_plan(&speaker_plans[g][0], g, 0);
		make_speaker_plan(&speaker_plans[g][1], g, 1);
	}
}

static char *value_at(char *d, double v, int type);

/* A figure as a member of the object `run` writes, the writer's way
 * (indented output, a key not made), the key's length known (k). */
static void put_value(ts_jw_run *run, const char *key, const key_text *k, double v, int type)
{
	char *d = ts_jw_run_key_k(run, key, k->klen, 0);
	if (d)
		ts_jw_run_moved(run, value_at(d, v, type));
}

/* Room from run->d for n figures in compact output, with keys all made:
 * where they go; NULL: the writer's way (indented output, a key not made,
 * out of memory).  The figures are then written at the place returned,
 * without the run (figures_done). */
static char *figures_room(ts_jw_run *run, int made, int n)
{
	size_t room = (size_t)n * (KEY_TEXT_MAX + TS_JW_RUN_ROOM);
	char *d = run->d;
	if (run->pad || !made || (run->left < room && !(d = ts_jw_run_grow(run, room))))
		return NULL;
	return d;
}

static void figures_done(ts_jw_run *run, char *d, int count)
{
	if (d) {
		run->count = count;
		ts_jw_run_moved(run, d);
	}
}

/* The separator (count: the object has members) and k at d: where the
 * value goes. */
static char *key_at(char *d, const key_text *k, int *count)
{
	*d = ',';
	d += *count;
	*count = 1;
	memcpy(d, k->s, KEY_TEXT_MAX);
	return d + k->n;
}

/* A figure's value at d: a number (NaN, an undefined figure, is null)
 * or true or false. */
static char *value_at(char *d, double v, int type)
{
	if (type != TS_FT_BOOL)
		return ts_jw_num_at(d, v);
	memcpy(d, v != 0 ? "true" : "false", 5);
	return d + 5 - (v != 0);
}

/* The count at base + offset, a figure's field. */
static size_t count_field(const void *base, size_t offset)
{
	size_t u;
	memcpy(&u, (const char *)base + offset, sizeof u);
	return u;
}

/* Speaker figure x of s at d: a count read in place, when it is defined
 * (ts_figure_value is then this count; the timed flag tested before). */
static char *speaker_value_at(char *d, const ts_figure *x, const ts_speaker_stats *s)
{
	if (x->type == TS_FT_COUNT && x->offset != (size_t)-1 && !s->no_text)
		return ts_jw_whole_at(d, count_field(s, x->offset));
	return value_at(d, ts_figure_value(x, s), x->type);
}

/* The figures of a plan for speaker s (speaker_plans) at d, count as
 * key_at takes it: where they end. */
static char *speaker_plan_at(char *d, const plan *p, const ts_speaker_stats *s, int *count)
{
	for (int k = 0; k < p->n; k++) {
		const plan_op *op = &p->op[k];
		if (op->kind == OP_CLOSE) {
			*d++ = '}';
			*count = 1;
			continue;
		}
		d = key_at(d, op->key, count);
		if (op->kind == OP_OPEN) {
			*d++ = '{';
			*count = 0;
		} else if (op->offset != (size_t)-1) {
			d = ts_jw_whole_at(d, count_field(s, op->offset));
		} else {
			const ts_figure *x = &ts_speaker_figures[op->figure];
			d = value_at(d, ts_figure_value(x, s), op->type);
		}
	}
	return d;
}

/* The figures of a group for one speaker, as members of the object `run`
 * writes; a run of figures with a `sub` goes into that object, opened and
 * closed in the run. */
static void speaker_figures(ts_jw_run *run, int group, const ts_speaker_stats *s)
{
	const ts_figure_index *ix = fig_ix;  /* (ts_summary_write made the keys) */
	const char *sub = NULL;
	int n = ix->ngroup[group], count = run->count;
	const plan *p = &speaker_plans[group][s->timed != 0];
	char *d = s->no_text ? NULL : figures_room(run, p->made, p->n);
	if (d) {
		figures_done(run, speaker_plan_at(d, p, s, &count), count);
		return;
	}
	d = figures_room(run, group_keys[group], n);
	for (int k = 0; k < n; k++) {
		int f = ix->group[group][k];
		const ts_figure *x = &ts_speaker_figures[f];
		if (!x->key || (x->timed && !s->timed))  /* ts_figure_written */
			continue;
		if (sub != x->sub && !(sub && x->sub && !strcmp(sub, x->sub))) {
			figures_done(run, d, count);
			if (sub)
				ts_jw_run_close(run, 1);
			if ((sub = x->sub))
				ts_jw_run_open(run, sub, 1);
			count = run->count;
			d = figures_room(run, group_keys[group], n - k);
		}
		if (d)
			d = speaker_value_at(key_at(d, &speaker_keys[f], &count), x, s);
		else
			put_value(run, x->key, &speaker_keys[f], ts_figure_value(x, s), x->type);
	}
	figures_done(run, d, count);
	if (sub)
		ts_jw_run_close(run, 1);
}

/* s[0..n) as a JSON string's content at *d when nothing in it needs an
 * escape: 0, *d moved past it; else -1. */
static int plain_at(char **d, const char *s, size_t n)
{
	if (ts_jw_copy_plain(*d, s, n))
		return -1;
	*d += n;
	return 0;
}

/* The speakers' ids of a call, measured and checked once for the
 * sections that name them (speakers, deflections, qa), and the lists of
 * those that name a speaker in every item (the first ID_CACHE speakers; a
 * call of the corpora has two or three). */
#define ID_CACHE 8

typedef struct id_cache {
	size_t n[ID_CACHE];
	int plain[ID_CACHE];  /* 0: NULL, or a byte to escape */
	size_t count;
} id_cache;

static void id_cache_init(id_cache *c, const ts_call *call)
{
	char scratch[128];  /* checked as copied there; a longer id is checked where written */
	c->count = call->nspeakers < ID_CACHE ? call->nspeakers : ID_CACHE;
	for (size_t i = 0; i < c->count; i++) {
		const char *id = call->speakers[i].id;
		c->n[i] = id ? strlen(id) : 0;
		c->plain[i] = id && c->n[i] <= sizeof scratch && !ts_jw_copy_plain(scratch, id, c->n[i]);
	}
}

/* Speaker sp's id: its length in *n; NULL when it is NULL. */
static const char *id_of(const id_cache *c, const ts_call *call, size_t sp, size_t *n)
{
	const char *id = call->speakers[sp].id;
	*n = sp < c->count ? c->n[sp] : id ? strlen(id) : 0;
	return id;
}

/* ... its n bytes at *d as plain_at writes them, unchecked when known
 * plain. */
static int id_at(char **d, const id_cache *c, size_t sp, const char *id, size_t n)
{
	if (sp < c->count && c->plain[sp]) {
		ts_jw_copy(*d, id, n);
		*d += n;
		return 0;
	}
	return plain_at(d, id, n);
}

/* Speaker sp's id as the member "speaker", the writer's way (indented
 * output), its length known. */
static void id_member(ts_jw_run *run, const id_cache *c, const ts_call *call, size_t sp)
{
	size_t n;
	const char *id = id_of(c, call, sp, &n);
	if (id)
		ts_jw_run_strn(run, "speaker", id, n);
	else
		ts_jw_run_null(run, "speaker");
}

/* A member keyed by a string that may need escapes (an id, a target):
 * where the value goes, or NULL. */
static char *key_any(ts_jw_run *run, const char *key, size_t room)
{
	return ts_jw_run_key_any(run, key, key ? strlen(key) : 0, room);
}

/* Speaker sp's id as a key, as key_any writes it: in compact output
 * copied without a test when known plain (ids), as the pairs write it. */
static char *id_key(ts_jw_run *run, const id_cache *ids, const ts_call *call, size_t sp)
{
	size_t n;
	const char *id = id_of(ids, call, sp, &n);
	if (run->pad || !(sp < ids->count && ids->plain[sp]))
		return ts_jw_run_key_any(run, id, n, 0);
	char *d = ts_jw_run_sep(run, n);
	if (!d)
		return NULL;
	*d++ = '"';
	ts_jw_copy(d, id, n);
	memcpy(d + n, "\": ", 3);
	return d + n + 2 + run->pretty;
}

/* A group's map {id: {figures}}, or {id: figure} (ts_figure_groups). */
static void by_speaker(ts_jw_run *run, const ts_result *r, const id_cache *ids, int group)
{
	const ts_call *call = r->call;
	const ts_figure_group *fg = &ts_figure_groups[group];
	ts_jw_run_open_k(run, fg->map, map_klen[group], 1);
	for (size_t i = 0; i < call->nspeakers; i++) {
		if (fg->respondents && call->speakers[i].role != TS_ROLE_RESPONDENT)
			continue;
		char *d = id_key(run, ids, call, i);
		if (!d)
			return;
		if (fg->numbers) {  /* one figure (tests/unit/test_figures.c) */
			double v = ts_figure_value(&ts_speaker_figures[fig_ix->group[group][0]],
			                           &r->speakers[i]);
			ts_jw_run_moved(run, ts_jw_num_at(d, v));
			continue;
		}
		*d = '{';
		ts_jw_run_moved(run, d + 1);
		ts_jw_run_opened(run);
		speaker_figures(run, group, &r->speakers[i]);
		ts_jw_run_close(run, 1);
	}
	ts_jw_run_close(run, 1);
}

/* The call figures of one object of the summary (TS_FO_*), as members of
 * the object `run` writes. */
static void call_figures_run(ts_jw_run *run, const ts_result *r, int object)
{
	const ts_figure_index *ix = fig_ix;  /* (ts_summary_write made the keys) */
	const ts_call *call = r->call;
	int n = ix->nobject[object], count = run->count;
	char *d = figures_room(run, object_keys[object], n);
	const plan *p = &call_plans[object][call->timed != 0];
	if (d && p->made && !call->no_text && (r->sections & p->sections) == p->sections) {
		for (int k = 0; k < p->n; k++) {
			const plan_op *op = &p->op[k];
			d = key_at(d, op->key, &count);
			if (op->offset != (size_t)-1)
				d = ts_jw_whole_at(d, count_field(r, op->offset));
			else
				d = value_at(d, ts_call_figure_value(r, op->figure), op->type);
		}
		figures_done(run, d, count);
		return;
	}
	for (int k = 0; k < n; k++) {
		int i = ix->object[object][k];
		const ts_call_figure *f = &ts_call_figures[i];
		if (f->timed && !call->timed)  /* ts_call_figure_written */
			continue;
		if (!d)
			put_value(run, f->key, &call_keys[i], ts_call_figure_value(r, i), f->type);
		else if (f->type == TS_FT_COUNT && f->offset != (size_t)-1 && (r->sections & f->section) &&
		         !call->no_text)  /* defined: ts_call_figure_value is this count */
			d = ts_jw_whole_at(key_at(d, &call_keys[i], &count), count_field(r, f->offset));
		else
			d = value_at(key_at(d, &call_keys[i], &count), ts_call_figure_value(r, i), f->type);
	}
	figures_done(run, d, count);
}

static void call_object(ts_jw_run *run, const ts_result *r, const char *key, int object)
{
	ts_jw_run_open(run, key, 1);
	call_figures_run(run, r, object);
	ts_jw_run_close(run, 1);
}

static void section_speakers(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	const ts_call *call = r->call;
	ts_jw_run_open(run, "speakers", 0);
	for (size_t i = 0; i < call->nspeakers; i++) {
		ts_jw_run_open(run, NULL, 1);
		id_member(run, ids, call, i);
		ts_jw_run_str(run, "label", call->speakers[i].label);
		ts_jw_run_str(run, "role", role_name(call->speakers[i].role));
		speaker_figures(run, TS_FG_SPEAKERS, &r->speakers[i]);
		ts_jw_run_close(run, 1);
	}
	ts_jw_run_close(run, 0);
}

static void section_turns(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	(void)ids;
	call_object(run, r, "turns", TS_FO_TURNS);
}

/* The events and the turns, lists of few calls or none, the writer's way:
 * the run left and taken again around them. */
static void events_writer(ts_jw *w, const ts_result *r)
{
	const ts_call *call = r->call;
	ts_jw_run run;
	ts_jw_array(w, "events");
	for (size_t i = 0; i < call->nevents; i++) {
		const ts_event *e = &call->events[i];
		ts_jw_run_begin(&run, w, NULL);
		ts_jw_run_str(&run, "kind", ts_event_kind_name(e->kind));
		ts_jw_run_num(&run, "line", (double)e->line);
		ts_jw_run_num(&run, "col", (double)e->col);
		ts_jw_run_str(&run, "text", e->text);
		ts_jw_run_num(&run, "after_turn", (double)e->after_turn);
		if (e->turn)
			ts_jw_run_num(&run, "turn", (double)e->turn);
		else
			ts_jw_run_null(&run, "turn");
		ts_jw_run_end(&run);
	}
	ts_jw_end(w, 0);
}

static void narration_writer(ts_jw *w, const ts_result *r)
{
	const ts_call *call = r->call;
	ts_jw_run run;
	ts_jw_array(w, "narration");
	for (size_t i = 0; i < call->nnarration; i++) {
		ts_jw_run_begin(&run, w, NULL);
		ts_jw_run_num(&run, "line", (double)call->narration[i].line);
		ts_jw_run_str(&run, "text", call->narration[i].text);
		ts_jw_run_end(&run);
	}
	ts_jw_end(w, 0);
}

static void turn_list_writer(ts_jw *w, const ts_result *r)
{
	const ts_call *call = r->call;
	ts_jw_run run;
	ts_jw_array(w, "utterances");
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		const ts_speaker *s = &call->speakers[t->speaker];
		ts_jw_run_begin(&run, w, NULL);
		ts_jw_run_num(&run, "turn", (double)t->number);
		ts_jw_run_str(&run, "speaker", s->id);
		ts_jw_run_str(&run, "role", role_name(s->role));
		ts_jw_run_num(&run, "line", (double)t->line);
		ts_jw_run_num(&run, "col", (double)t->col);
		if (call->timed) {  /* NaN, a turn without times, is null */
			ts_jw_run_num(&run, "start", t->start);
			ts_jw_run_num(&run, "end", t->end);
		}
		if (call->no_text) {
			ts_jw_run_null(&run, "length");
			ts_jw_run_null(&run, "chars");
			ts_jw_run_null(&run, "words");
			ts_jw_run_null(&run, "backchannel");
			ts_jw_run_null(&run, "text");
			ts_jw_run_end(&run);
			continue;
		}
		ts_jw_run_num(&run, "length", (double)(call->unit == TS_UNIT_CHARS ? t->chars : t->words));
		ts_jw_run_num(&run, "chars", (double)t->chars);
		ts_jw_run_num(&run, "words", (double)t->words);
		ts_jw_run_bool(&run, "backchannel", t->backchannel);
		ts_jw_run_str(&run, "text", t->text);
		ts_jw_run_end(&run);
	}
	ts_jw_end(w, 0);
}

/* The names of the classes with their lengths, for the compact lists:
 * copied CLASS_NAME_MAX bytes at a time (a longer name fails the build:
 * CLASS_NAME's assertion), n of them kept. */
#define CLASS_NAME_MAX 32

typedef struct class_name {
	char s[CLASS_NAME_MAX];
	size_t n;
} class_name;

#define CLASS_NAME(name) \
	{name, sizeof name - 1 + 0 * sizeof(struct { \
		_Static_assert(sizeof name <= CLASS_NAME_MAX, "a class name too long"); int x; })},
#define CLASS_NAME2(id, name) CLASS_NAME(name)
#define CLASS_NAME3(id, name, clarity) CLASS_NAME(name)
#define CLASS_NAME5(id, name, alias, clarity, reply) CLASS_NAME(name)
static const class_name category_names[] = {TS_CATEGORY_LIST(CLASS_NAME3){"none", 4}};
static const class_name qtype_names[] = {TS_QTYPE_LIST(CLASS_NAME2)};
static const class_name reply_names[] = {TS_REPLY_LIST(CLASS_NAME3)};
static const class_name clarity_names[] = {TS_CLARITY_LIST(CLASS_NAME2)};
static const class_name evasion_names[] = {TS_EVASION_LIST(CLASS_NAME5)};

/* Name i of a table of n at d, "?" out of range (as ts_qtype_name and
 * the others): where it ends. */
static const class_name *class_of(const class_name *names, size_t n, unsigned i)
{
	static const class_name unknown = {"?", 1};
	return i < n ? &names[i] : &unknown;
}

static char *class_at(char *d, const class_name *names, size_t n, unsigned i)
{
	const class_name *c = class_of(names, n, i);
	memcpy(d, c->s, CLASS_NAME_MAX);
	return d + c->n;
}

#define CLASS_AT(d, names, i) class_at(d, names, sizeof names / sizeof *names, (unsigned)(i))
#define COUNT_OF(names) (sizeof names / sizeof *names)

/* ... as a member named by the literal key, the writer's way (indented
 * output), its length known */
#define CLASS_MEMBER(run, key, names, i) \
	do { \
		const class_name *c_ = class_of(names, COUNT_OF(names), (unsigned)(i)); \
		ts_jw_run_strn(run, key, c_->s, c_->n); \
	} while (0)

/* The members between a pair's text and its reason that are of its
 * classes, two texts made once for every class (make_pair_texts): the
 * type and whether marked, `","type":"T","marked":B`, and the reply and
 * clarity, `,"reply":"R","clarity":"C`.  Copied PAIR_TEXT_MAX bytes at a
 * time, n of them kept, where each was two literals and two names. */
#define PAIR_TEXT_MAX 64

typedef struct pair_text {
	char s[PAIR_TEXT_MAX];
	size_t n;
} pair_text;

static pair_text type_texts[COUNT_OF(qtype_names)][2];
static pair_text reply_texts[COUNT_OF(reply_names)][COUNT_OF(clarity_names)];
static int pair_texts_made;  /* every one fits */

/* 1 when it fits */
static int pair_text_of(pair_text *p, const char *a, const char *x, const char *b, const char *y)
{
	int n = snprintf(p->s, sizeof p->s, "%s%s%s%s", a, x, b, y);
	p->n = n > 0 ? (size_t)n : 0;
	return n > 0 && (size_t)n < sizeof p->s;
}

static void make_pair_texts(void)
{
	pair_texts_made = 1;
	for (size_t t = 0; t < COUNT_OF(qtype_names); t++)
		for (int m = 0; m < 2; m++)
			pair_texts_made &= pair_text_of(&type_texts[t][m], "\",\"type\":\"",
			                                qtype_names[t].s, "\",\"marked\":",
			                                m ? "true" : "false");
	for (size_t r = 0; r < COUNT_OF(reply_names); r++)
		for (size_t c = 0; c < COUNT_OF(clarity_names); c++)
			pair_texts_made &= pair_text_of(&reply_texts[r][c], ",\"reply\":\"",
			                                reply_names[r].s, "\",\"clarity\":\"",
			                                clarity_names[c].s);
}

static char *pair_text_at(char *d, const pair_text *p)
{
	memcpy(d, p->s, PAIR_TEXT_MAX);
	return d + p->n;
}

/* The type and marked of a pair's question at d, from type_texts when
 * of the table: where they end. */
static char *type_at(char *d, unsigned type, int marked)
{
	if (pair_texts_made && type < COUNT_OF(qtype_names))
		return pair_text_at(d, &type_texts[type][marked != 0]);
	d = TS_JW_LIT(d, "\",\"type\":\"");
	d = CLASS_AT(d, qtype_names, type);
	if (marked)
		return TS_JW_LIT(d, "\",\"marked\":true");
	return TS_JW_LIT(d, "\",\"marked\":false");
}

/* ... and the reply and clarity of a pair */
static char *reply_at(char *d, unsigned reply, unsigned clarity)
{
	if (pair_texts_made && reply < COUNT_OF(reply_names) && clarity < COUNT_OF(clarity_names))
		return pair_text_at(d, &reply_texts[reply][clarity]);
	d = TS_JW_LIT(d, ",\"reply\":\"");
	d = CLASS_AT(d, reply_names, reply);
	d = TS_JW_LIT(d, "\",\"clarity\":\"");
	return CLASS_AT(d, clarity_names, clarity);
}

/* The separator of a list's next object in compact output, with room for
 * it: `strings` bytes of strings and 1024 for the literals, class names,
 * whole numbers and one double (TS_JW_RUN_ROOM).  Where the object goes,
 * or NULL out of memory. */
static char *item_at(ts_jw_run *run, size_t strings)
{
	size_t need = strings + 1024;
	char *d = run->d;
	if (run->left < need && !(d = ts_jw_run_grow(run, need)))
		return NULL;
	*d = ',';
	return d + run->count;
}

/* The object written ends at d. */
static void item_done(ts_jw_run *run, char *d)
{
	ts_jw_run_moved(run, d);
	run->count = 1;
}

/* "turn":N,"line":N,"col":N at d, where a match or a question is. */
static inline char *place_at(char *d, size_t turn, long line, long col)
{
	d = TS_JW_LIT(d, "\"turn\":");
	d = ts_jw_whole_at(d, turn);
	d = TS_JW_LIT(d, ",\"line\":");
	d = ts_jw_long_at(d, line);
	d = TS_JW_LIT(d, ",\"col\":");
	return ts_jw_long_at(d, col);
}

/* A match's members the writer's way: indented output, and a match with
 * a string to escape. */
static void match_members(ts_jw_run *run, const ts_result *r, const id_cache *ids,
                          const ts_deflection *m)
{
	const ts_call *call = r->call;
	const ts_turn *t = &call->turns[m->turn];
	ts_jw_run_open(run, NULL, 1);
	id_member(run, ids, call, m->speaker);
	ts_jw_run_num(run, "turn", (double)t->number);
	ts_jw_run_num(run, "line", (double)m->line);
	ts_jw_run_num(run, "col", (double)m->col);
	CLASS_MEMBER(run, "category", category_names, m->category);
	ts_jw_run_str(run, "entry", m->entry);
	ts_jw_run_strn(run, "text", t->text + m->start, m->end - m->start);
	if (m->has_target)
		ts_jw_run_strn(run, "target", t->text + m->target_start, m->target_end - m->target_start);
	else
		ts_jw_run_null(run, "target");
	ts_jw_run_close(run, 1);
}

/* A match in compact output, the text match_members writes, as
 * pair_compact writes a pair.  -1 when a string needs an escape or is
 * NULL (nothing is kept then). */
static int match_compact(ts_jw_run *run, const ts_result *r, const id_cache *ids,
                         const ts_deflection *m)
{
	const ts_call *call = r->call;
	const ts_turn *t = &call->turns[m->turn];
	size_t nid;
	const char *id = id_of(ids, call, m->speaker, &nid);
	if (!id || !m->entry)
		return -1;
	size_t nentry = strlen(m->entry), ntext = m->end - m->start;
	size_t ntarget = m->has_target ? m->target_end - m->target_start : 0;
	char *d = item_at(run, nid + nentry + ntext + ntarget);
	if (!d)
		return 0;
	d = TS_JW_LIT(d, "{\"speaker\":\"");
	if (id_at(&d, ids, m->speaker, id, nid))
		return -1;
	d = TS_JW_LIT(d, "\",");
	d = place_at(d, t->number, m->line, m->col);
	d = TS_JW_LIT(d, ",\"category\":\"");
	d = CLASS_AT(d, category_names, m->category);
	d = TS_JW_LIT(d, "\",\"entry\":\"");
	if (plain_at(&d, m->entry, nentry))
		return -1;
	d = TS_JW_LIT(d, "\",\"text\":\"");
	if (plain_at(&d, t->text + m->start, ntext))
		return -1;
	if (m->has_target) {
		d = TS_JW_LIT(d, "\",\"target\":\"");
		if (plain_at(&d, t->text + m->target_start, ntarget))
			return -1;
		d = TS_JW_LIT(d, "\"}");
	} else {
		d = TS_JW_LIT(d, "\",\"target\":null}");
	}
	item_done(run, d);
	return 0;
}

static void section_deflections(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	ts_jw_run_open(run, "deflections", 1);
	call_figures_run(run, r, TS_FO_DEFLECTIONS);
	call_object(run, r, "by_category", TS_FO_DEFL_CATEGORY);
	by_speaker(run, r, ids, TS_FG_DEFL_SPEAKER);
	ts_jw_run_open(run, "targets", 1);
	for (size_t i = 0; i < r->ntargets; i++) {
		char *d = key_any(run, r->targets[i].text, 0);
		if (!d)
			return;
		ts_jw_run_moved(run, ts_jw_num_at(d, (double)r->targets[i].count));
	}
	ts_jw_run_close(run, 1);
	ts_jw_run_open(run, "matches", 0);
	for (size_t i = 0; i < r->nmatches; i++)
		if (run->pad || match_compact(run, r, ids, &r->matches[i]))
			match_members(run, r, ids, &r->matches[i]);
	ts_jw_run_close(run, 0);
	ts_jw_run_close(run, 1);
}

/* A pair's reason (a text of the array why, NUL-terminated) at *d as
 * plain_at writes it: looked for its NUL, checked and copied sixteen
 * bytes at a time within the array, in one pass (strnlen first, a call,
 * was 0.8% of zh20's --jsonl time, most of it in a pair's reason).  No
 * branch depends on the bytes after the NUL, which a pair leaves unset
 * (analyse/qa.c sets why as a string, not the array zeroed): the NUL's
 * place is the count of trailing zeros of the block's zero bytes with a
 * bit past them set (memcheck takes it as defined when the bits up to
 * the first set one are), and the bytes to escape are kept only before
 * it (an and with a mask of bits below it, each defined). */
static int why_at(char **d, const char *why, size_t size)
{
#ifdef __SSE2__
	for (size_t i = 0; i < size; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(why + i));
		unsigned zero = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
		unsigned bad = (unsigned)_mm_movemask_epi8(ts_jw_sse_special(v));
		unsigned k = (unsigned)__builtin_ctz(zero | 1u << 16);
		_mm_storeu_si128((__m128i *)(void *)(*d + i), v);
		if (bad & ((1u << k) - 1))
			return -1;
		if (k < 16) {
			*d += i + k;
			return 0;
		}
	}
	return -1;  /* (no NUL: as the writer) */
#else
	size_t n = strnlen(why, size);
	if (n == size)
		return -1;  /* (no NUL: as the writer) */
	return plain_at(d, why, n);
#endif
}

/* ... as the member "why", the writer's way (indented output), its end
 * found as why_at finds it, not by strlen. */
static void why_member(ts_jw_run *run, const char *why, size_t size)
{
	char *d = ts_jw_run_key(run, "why", size + 2), *e;
	if (!d)
		return;
	e = d + 1;
	if (why_at(&e, why, size)) {
		ts_jw_run_strn_at(run, d, why, strlen(why));
		return;
	}
	*d = '"';
	*e = '"';
	ts_jw_run_moved(run, e + 1);
}

/* A pair's members the writer's way: indented output, and a pair with a
 * string to escape. */
static void pair_members(ts_jw_run *run, const ts_result *r, const id_cache *ids,
                         const ts_pair *p)
{
	const ts_call *call = r->call;
	const ts_question *q = &r->questions[p->question];
	const ts_turn *t = &call->turns[q->turn];
	ts_jw_run_open(run, NULL, 1);
	ts_jw_run_num(run, "turn", (double)t->number);
	ts_jw_run_num(run, "line", (double)q->line);
	ts_jw_run_num(run, "col", (double)q->col);
	id_member(run, ids, call, t->speaker);
	ts_jw_run_strn(run, "text", t->text + q->start, q->end - q->start);
	CLASS_MEMBER(run, "type", qtype_names, q->type);
	ts_jw_run_bool(run, "marked", q->marked);
	if (p->reply_turn >= 0)
		ts_jw_run_num(run, "reply_turn", (double)(p->reply_turn + 1));
	else
		ts_jw_run_null(run, "reply_turn");
	CLASS_MEMBER(run, "reply", reply_names, p->reply);
	CLASS_MEMBER(run, "clarity", clarity_names, p->clarity);
	if (p->evasion != TS_EV_NONE)
		CLASS_MEMBER(run, "evasion", evasion_names, p->evasion);
	if (!isnan(p->confidence))
		ts_jw_run_num(run, "confidence", p->confidence);
	why_member(run, p->why, sizeof p->why);
	if (p->reask_of >= 0)
		ts_jw_run_num(run, "reask_of", (double)(p->reask_of + 1));
	else
		ts_jw_run_null(run, "reask_of");
	ts_jw_run_close(run, 1);
}

/* A pair in compact output, the text pair_members writes, with one test
 * of the room and the keys and punctuation between the values copied as
 * literals: a call of the corpora writes some fifteen pairs, each twice
 * the text of its question.  -1 when a string needs an escape or is NULL
 * (nothing is kept then: the run is where it was). */
static int pair_compact(ts_jw_run *run, const ts_result *r, const id_cache *ids,
                        const ts_pair *p)
{
	const ts_call *call = r->call;
	const ts_question *q = &r->questions[p->question];
	const ts_turn *t = &call->turns[q->turn];
	size_t nid;
	const char *id = id_of(ids, call, t->speaker, &nid);
	if (!id)
		return -1;
	_Static_assert(sizeof p->why % 16 == 0, "why_at reads the reason in blocks of 16");
	size_t ntext = q->end - q->start;
	char *d = item_at(run, nid + ntext + sizeof p->why);
	if (!d)
		return 0;
	*d++ = '{';
	d = place_at(d, t->number, q->line, q->col);
	d = TS_JW_LIT(d, ",\"speaker\":\"");
	if (id_at(&d, ids, t->speaker, id, nid))
		return -1;
	d = TS_JW_LIT(d, "\",\"text\":\"");
	if (plain_at(&d, t->text + q->start, ntext))
		return -1;
	d = type_at(d, (unsigned)q->type, q->marked);
	if (p->reply_turn >= 0) {
		d = TS_JW_LIT(d, ",\"reply_turn\":");
		d = ts_jw_long_at(d, p->reply_turn + 1);
	} else {
		d = TS_JW_LIT(d, ",\"reply_turn\":null");
	}
	d = reply_at(d, (unsigned)p->reply, (unsigned)p->clarity);
	if (p->evasion != TS_EV_NONE) {
		d = TS_JW_LIT(d, "\",\"evasion\":\"");
		d = CLASS_AT(d, evasion_names, p->evasion);
	}
	*d++ = '"';
	if (!isnan(p->confidence)) {
		d = TS_JW_LIT(d, ",\"confidence\":");
		d = ts_jw_num_at(d, p->confidence);
	}
	d = TS_JW_LIT(d, ",\"why\":\"");
	if (why_at(&d, p->why, sizeof p->why))
		return -1;
	if (p->reask_of >= 0) {
		d = TS_JW_LIT(d, "\",\"reask_of\":");
		d = ts_jw_long_at(d, p->reask_of + 1);
	} else {
		d = TS_JW_LIT(d, "\",\"reask_of\":null");
	}
	*d++ = '}';
	item_done(run, d);
	return 0;
}

static void section_qa(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	ts_jw_run_open(run, "qa", 1);
	ts_jw_run_open(run, "questions", 1);
	call_figures_run(run, r, TS_FO_QUESTIONS);
	by_speaker(run, r, ids, TS_FG_QUESTIONS);
	call_object(run, r, "by_type", TS_FO_QTYPE);
	ts_jw_run_close(run, 1);
	ts_jw_run_open(run, "pairs", 0);
	for (size_t i = 0; i < r->npairs; i++)
		if (run->pad || pair_compact(run, r, ids, &r->pairs[i]))
			pair_members(run, r, ids, &r->pairs[i]);
	ts_jw_run_close(run, 0);
	call_object(run, r, "by_reply", TS_FO_REPLY);
	call_object(run, r, "by_clarity", TS_FO_CLARITY);
	call_figures_run(run, r, TS_FO_QA);
	by_speaker(run, r, ids, TS_FG_RESPONDENT);
	ts_jw_run_close(run, 1);
}

/* A list of the writer's inside the run, or (most calls: no events, no
 * narration) [] in the run, as the writer writes it. */
static void writer_list(ts_jw_run *run, const ts_result *r, const char *key, size_t n,
                        void (*list)(ts_jw *, const ts_result *))
{
	if (!n) {
		ts_jw_run_open(run, key, 0);
		ts_jw_run_close(run, 0);
		return;
	}
	ts_jw *w = run->w;
	ts_jw_run_detach(run);
	list(w, r);
	ts_jw_run_attach(run, w);
}

static void section_events(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	(void)ids;
	writer_list(run, r, "events", r->call->nevents, events_writer);
	writer_list(run, r, "narration", r->call->nnarration, narration_writer);
}

static void section_turn_list(ts_jw_run *run, const ts_result *r, const id_cache *ids)
{
	(void)ids;
	writer_list(run, r, "utterances", r->call->nturns, turn_list_writer);
}

/* Sections in output order: a new section is one row and one function.
 * A section of the text is null in a call without text (RTTM): nothing was
 * said that could deflect or ask. */
static const struct {
	unsigned bit;
	void (*fn)(ts_jw_run *, const ts_result *, const id_cache *);
	const char *text_key;
} sections_table[] = {
	{TS_SECTION_SPEAKERS, section_speakers, NULL},
	{TS_SECTION_TURNS, section_turns, NULL},
	{TS_SECTION_EVENTS, section_events, NULL},
	{TS_SECTION_DEFLECTIONS, section_deflections, "deflections"},
	{TS_SECTION_QA, section_qa, "qa"},
	{TS_SECTION_TURN_LIST, section_turn_list, NULL},
};

/* The members before the sections. */
static void head_members(ts_jw_run *run, const ts_result *r, const char *source, unsigned flags)
{
	const ts_call *call = r->call;
	if (flags & TS_JSON_RECORD)
		ts_jw_run_num(run, "schema_version", TS_SCHEMA_VERSION);
	if (flags & (TS_JSON_RECORD | TS_JSON_SOURCE))
		ts_jw_run_str_lossy(run, "source", source);
	ts_jw_run_num(run, "call", (double)call->number);
	ts_jw_run_str(run, "title", call->title);
	ts_jw_run_num(run, "line", (double)call->line);
	ts_jw_run_open(run, "meta", 1);
	for (size_t i = 0; i < call->nmeta; i++) {
		const char *v = call->meta[i].value;
		char *d = key_any(run, call->meta[i].key, v ? strlen(v) : 0);
		if (!d)
			return;
		if (v) {
			ts_jw_run_strn_at(run, d, v, strlen(v));
		} else {
			memcpy(d, "null", 4);
			ts_jw_run_moved(run, d + 4);
		}
	}
	ts_jw_run_close(run, 1);
	ts_jw_run_str(run, "language", call->language);
	ts_jw_run_str(run, "unit", call->unit == TS_UNIT_CHARS ? "chars" : "words");
	ts_jw_run_num(run, "rate", r->rate);
	ts_jw_run_bool(run, "timed", call->timed);
	ts_jw_run_str(run, "format", call->format);
}

void ts_summary_write(ts_jw *w, const ts_result *r, const char *source, unsigned flags)
{
	const ts_call *call = r->call;
	ts_jw_run run;
	id_cache ids;
	pthread_once(&keys_once, make_keys);
	id_cache_init(&ids, call);
	ts_jw_object(w, NULL);
	ts_jw_run_attach(&run, w);
	head_members(&run, r, source, flags);
	for (size_t i = 0; i < sizeof sections_table / sizeof *sections_table; i++) {
		if (!(r->sections & sections_table[i].bit))
			continue;
		if (call->no_text && sections_table[i].text_key)
			ts_jw_run_null(&run, sections_table[i].text_key);
		else
			sections_table[i].fn(&run, r, &ids);
	}
	ts_jw_run_detach(&run);
	ts_jw_end(w, 1);
}

int ts_result_json(const ts_result *r, const char *source, unsigned flags, int indent,
                   char **json, ts_error *err)
{
	*json = NULL;
	ts_buf out = {0};
	ts_jw w;
	ts_jw_init(&w, &out, (flags & TS_JSON_PRETTY) != 0, indent);
	ts_summary_write(&w, r, source, flags);
	if (w.oom || ts_buf_reserve(&out, 0)) {
		ts_buf_free(&out);
		return ts_nomem(err);
	}
	*json = out.ptr;
	return 0;
}
