/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Tidy tables of a call's result (docs/tables.md).
 *
 * Each table is one function that visits the columns of one entity (a
 * call, a speaker ...) in order: writing the header visits them with a
 * stand-in entity and writes the names, writing a row writes the values,
 * so a column's name and value sit on one line and cannot drift apart.
 * The speaker and call columns follow the figure tables of
 * analyse/figures.c: a new figure is a new column without a line here.
 *
 * Types stay the same from run to run, whatever the data: a count is an
 * integer, a real always has a decimal point ("30.0", never "30", which
 * pandas would read as an integer in one run and a float in another), a
 * flag is true or false, and a value that is undefined or does not apply
 * is an empty cell. */
#include "config.h"

#include "output/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyse/figures.h"
#include "base/json_out.h"

typedef struct tab {
	ts_buf *b;
	unsigned flags;
	int header;  /* write the names, not the values */
	int n;       /* cells written in this line */
	int oom;
} tab;

static void put(tab *t, const char *s, size_t n)
{
	if (!t->oom && ts_buf_append(t->b, s, n))
		t->oom = 1;
}

/* A field, quoted when it holds the separator, a quote, CR or LF (RFC
 * 4180; pandas and R read the same quoting in TSV). */
static void field(tab *t, const char *s)
{
	char sep = (t->flags & TS_TABLE_TSV) ? '\t' : ',';
	if (t->n++)
		put(t, &sep, 1);
	if (!s)
		return;
	char special[] = {sep, '"', '\r', '\n', '\0'};
	if (!strpbrk(s, special)) {
		put(t, s, strlen(s));
		return;
	}
	put(t, "\"", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			put(t, "\"", 1);
		put(t, p, 1);
	}
	put(t, "\"", 1);
}

static void end_line(tab *t)
{
	if (t->flags & TS_TABLE_TSV)
		put(t, "\n", 1);
	else
		put(t, "\r\n", 2);
	t->n = 0;
}

/* The name of a column made of parts: "deflections" "_" "referral". */
static void name2(tab *t, const char *a, const char *b)
{
	char buf[160];
	snprintf(buf, sizeof buf, "%s%s", a, b);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = '_';
	field(t, buf);
}

static void col_str(tab *t, const char *name, const char *v)
{
	field(t, t->header ? name : v);
}

static void col_count(tab *t, const char *name, size_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%zu", v);
	field(t, t->header ? name : buf);
}

/* A count that may not apply (an index of -1, a pair a question lacks). */
static void col_index(tab *t, const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	field(t, t->header ? name : v < 0 ? NULL : buf);
}

static void col_bool(tab *t, const char *name, int v)
{
	field(t, t->header ? name : v ? "true" : "false");
}

/* A real with six decimals at most and always a point; NaN is empty. */
static void real_value(tab *t, double v)
{
	if (!isfinite(v)) {
		field(t, NULL);
		return;
	}
	ts_buf num = {0};
	if (ts_json_number(&num, v, TS_NUM_FIXED) ||
	    (!strpbrk(num.ptr, ".eE") && ts_buf_append(&num, ".0", 2)))
		t->oom = 1;
	else
		field(t, num.ptr);
	ts_buf_free(&num);
}

static void col_real(tab *t, const char *name, double v)
{
	if (t->header)
		field(t, name);
	else
		real_value(t, v);
}

/* A figure of the tables: count, real or flag by its type; NaN (not
 * computed, not applicable) is an empty cell. */
static void figure_value(tab *t, int type, double v)
{
	if (!isfinite(v))
		field(t, NULL);
	else if (type == TS_FT_REAL)
		real_value(t, v);
	else if (type == TS_FT_BOOL)
		field(t, v != 0 ? "true" : "false");
	else
		col_count(t, NULL, (size_t)v);
}

static const char *const role_names[] = {"caller", "respondent"};

static const char *speaker_id(const ts_call *c, size_t i)
{
	return i < c->nspeakers ? c->speakers[i].id : NULL;
}

/* source and call: the first columns of every table. */
static void ident(tab *t, const ts_result *r, const char *source)
{
	col_str(t, "source", source);
	col_count(t, "call", r->call->number);
}

/* ---- calls ---- */

/* Column prefixes of the call figures, by the object they are in. */
static const char *const object_prefix[TS_FO_COUNT] = {
	[TS_FO_TURNS] = "turns_",          [TS_FO_EVENTS] = "events_",
	[TS_FO_DEFLECTIONS] = "deflections_", [TS_FO_DEFL_CATEGORY] = "deflections_",
	[TS_FO_QUESTIONS] = "questions_",  [TS_FO_QTYPE] = "questions_",
	[TS_FO_REPLY] = "reply_",          [TS_FO_CLARITY] = "clarity_",
	[TS_FO_QA] = "",
};

static void call_row(tab *t, const ts_result *r, const char *source)
{
	const ts_call *c = r->call;
	ident(t, r, source);
	col_str(t, "title", c->title);
	col_count(t, "line", (size_t)c->line);
	col_str(t, "format", c->format);
	col_str(t, "language", c->language);
	col_str(t, "unit", c->unit == TS_UNIT_WORDS ? "words" : "chars");
	col_bool(t, "timed", c->timed);
	col_real(t, "rate", r->rate);
	col_count(t, "speakers", c->nspeakers);
	col_count(t, "length", r->length);
	double seconds = 0;
	for (size_t i = 0; i < r->nspeakers; i++)
		seconds += r->speakers[i].seconds;
	col_real(t, "seconds", seconds);
	for (int i = 0; i < TS_CF_COUNT; i++) {
		const ts_call_figure *f = &ts_call_figures[i];
		if (t->header)
			name2(t, object_prefix[f->object], f->key ? f->key : "hangup");
		else
			figure_value(t, f->type, ts_call_figure_value(r, i));
	}
	size_t pairs = 0;
	for (int i = 0; i < TS_R_COUNT; i++)
		pairs += r->by_reply[i];
	if (t->header || (r->sections & TS_SECTION_QA))
		col_count(t, "pairs", pairs);
	else
		field(t, NULL);
	end_line(t);
}

/* ---- speakers ---- */

/* Column prefixes of the speaker figures, by the group they are in. */
static const char *const group_prefix[TS_FG_NONE] = {
	[TS_FG_SPEAKERS] = "", [TS_FG_DEFL_SPEAKER] = "deflections_",
	[TS_FG_QUESTIONS] = "", [TS_FG_RESPONDENT] = "respondent_",
};

static void speaker_row(tab *t, const ts_result *r, const char *source, size_t i)
{
	const ts_call *c = r->call;
	const ts_speaker *sp = &c->speakers[i];
	const ts_speaker_stats *s = &r->speakers[i];
	ident(t, r, source);
	col_str(t, "speaker", sp->id);
	col_str(t, "label", sp->label);
	col_str(t, "role", role_names[sp->role == TS_ROLE_RESPONDENT]);
	col_str(t, "unit", c->unit == TS_UNIT_WORDS ? "words" : "chars");
	for (int k = 0; k < TS_SF_COUNT; k++) {
		const ts_figure *f = &ts_speaker_figures[k];
		if (f->offset == (size_t)-1 || f->group == TS_FG_NONE)
			continue;
		if (t->header) {
			name2(t, group_prefix[f->group], f->key);
			continue;
		}
		const ts_figure_group *g = &ts_figure_groups[f->group];
		/* a figure of a respondents' group does not apply to a caller */
		int applies = (r->sections & f->section) &&
		              !(g->respondents && sp->role != TS_ROLE_RESPONDENT);
		figure_value(t, f->type, applies ? ts_figure_value(f, s) : NAN);
	}
	end_line(t);
}

/* ---- turns ---- */

static void turn_row(tab *t, const ts_result *r, const char *source, size_t i)
{
	const ts_call *c = r->call;
	const ts_turn *u = &c->turns[i];
	ident(t, r, source);
	col_count(t, "turn", u->number);
	col_str(t, "speaker", speaker_id(c, u->speaker));
	col_str(t, "role", u->speaker < c->nspeakers ?
	                   role_names[c->speakers[u->speaker].role == TS_ROLE_RESPONDENT] : NULL);
	col_count(t, "line", (size_t)u->line);
	col_count(t, "col", (size_t)u->col);
	col_real(t, "start", u->start);
	col_real(t, "end", u->end);
	col_count(t, "length", c->unit == TS_UNIT_WORDS ? u->words : u->chars);
	col_count(t, "chars", u->chars);
	col_count(t, "words", u->words);
	col_bool(t, "backchannel", u->backchannel);
	col_str(t, "text", u->text);
	end_line(t);
}

/* ---- questions ---- */

/* A copy of s[start..end) as a C string, or NULL (out of memory). */
static char *slice(tab *t, const char *s, size_t start, size_t end)
{
	char *p = malloc(end - start + 1);
	if (!p) {
		t->oom = 1;
		return NULL;
	}
	memcpy(p, s + start, end - start);
	p[end - start] = '\0';
	return p;
}

static void col_slice(tab *t, const char *name, const char *s, size_t start, size_t end)
{
	if (t->header) {
		field(t, name);
		return;
	}
	char *p = slice(t, s, start, end);
	field(t, p);
	free(p);
}

static void question_row(tab *t, const ts_result *r, const char *source, size_t i, long pi)
{
	const ts_call *c = r->call;
	const ts_question *q = &r->questions[i];
	const ts_turn *u = &c->turns[q->turn];
	const ts_pair *p = pi >= 0 ? &r->pairs[pi] : NULL;
	ident(t, r, source);
	col_count(t, "question", i + 1);
	col_count(t, "turn", u->number);
	col_str(t, "speaker", speaker_id(c, u->speaker));
	col_count(t, "line", (size_t)q->line);
	col_count(t, "col", (size_t)q->col);
	col_str(t, "type", ts_qtype_name(q->type));
	col_bool(t, "marked", q->marked);
	col_slice(t, "text", u->text, q->start, q->end);
	col_index(t, "pair", p ? pi + 1 : -1);
	col_index(t, "reply_turn", p && p->reply_turn >= 0 ?
	                           (long)c->turns[p->reply_turn].number : -1);
	col_str(t, "reply", p ? ts_reply_name(p->reply) : NULL);
	col_str(t, "clarity", p ? ts_clarity_name(p->clarity) : NULL);
	col_str(t, "why", p ? p->why : NULL);
	col_index(t, "reask_of", p && p->reask_of >= 0 ? p->reask_of + 1 : -1);
	end_line(t);
}

/* ---- deflections ---- */

static void deflection_row(tab *t, const ts_result *r, const char *source, size_t i)
{
	const ts_call *c = r->call;
	const ts_deflection *d = &r->matches[i];
	const ts_turn *u = &c->turns[d->turn];
	ident(t, r, source);
	col_count(t, "match", i + 1);
	col_count(t, "turn", u->number);
	col_str(t, "speaker", speaker_id(c, d->speaker));
	col_count(t, "line", (size_t)d->line);
	col_count(t, "col", (size_t)d->col);
	col_str(t, "category", ts_category_name(d->category));
	col_str(t, "entry", d->entry);
	col_slice(t, "text", u->text, d->start, d->end);
	if (t->header || d->has_target)
		col_slice(t, "target", u->text, d->target_start, d->target_end);
	else
		field(t, NULL);
	end_line(t);
}

/* ---- metadata ---- */

static void meta_row(tab *t, const ts_result *r, const char *source, size_t i)
{
	ident(t, r, source);
	col_str(t, "key", r->call->meta[i].key);
	col_str(t, "value", r->call->meta[i].value);
	end_line(t);
}

/* ---- the tables ---- */

static const char *const table_names[TS_TABLE_COUNT] = {
	[TS_TABLE_CALLS] = "calls",         [TS_TABLE_SPEAKERS] = "speakers",
	[TS_TABLE_TURNS] = "turns",         [TS_TABLE_QUESTIONS] = "questions",
	[TS_TABLE_DEFLECTIONS] = "deflections", [TS_TABLE_META] = "meta",
};

const char *ts_table_name(size_t i)
{
	return i < TS_TABLE_COUNT ? table_names[i] : NULL;
}

static int rows(tab *t, const ts_result *r, int which, const char *source)
{
	switch (which) {
	case TS_TABLE_CALLS:
		call_row(t, r, source);
		break;
	case TS_TABLE_SPEAKERS:
		for (size_t i = 0; i < r->nspeakers && i < r->call->nspeakers; i++)
			speaker_row(t, r, source, i);
		break;
	case TS_TABLE_TURNS:
		for (size_t i = 0; i < r->call->nturns; i++)
			turn_row(t, r, source, i);
		break;
	case TS_TABLE_QUESTIONS: {
		/* a question's pair, when it is the caller's */
		long *pair = malloc((r->nquestions ? r->nquestions : 1) * sizeof *pair);
		if (!pair)
			return TS_ENOMEM;
		for (size_t i = 0; i < r->nquestions; i++)
			pair[i] = -1;
		for (size_t i = 0; i < r->npairs; i++)
			if (r->pairs[i].question < r->nquestions)
				pair[r->pairs[i].question] = (long)i;
		for (size_t i = 0; i < r->nquestions; i++)
			question_row(t, r, source, i, pair[i]);
		free(pair);
		break;
	}
	case TS_TABLE_DEFLECTIONS:
		for (size_t i = 0; i < r->nmatches; i++)
			deflection_row(t, r, source, i);
		break;
	case TS_TABLE_META:
		for (size_t i = 0; i < r->call->nmeta; i++)
			meta_row(t, r, source, i);
		break;
	default:
		break;
	}
	return t->oom ? TS_ENOMEM : 0;
}

int ts_table_rows(const ts_result *r, int which, const char *source, unsigned flags, ts_buf *out)
{
	tab t = {out, flags, 0, 0, 0};
	return rows(&t, r, which, source);
}

int ts_table_header_buf(int which, unsigned flags, ts_buf *out)
{
	/* a stand-in call with one of everything: its values are not written */
	static const ts_speaker sp = {"", "", TS_ROLE_CALLER};
	static const ts_meta meta = {"", ""};
	ts_turn turn = {.text = ""};
	ts_call call = {.speakers = &sp, .nspeakers = 1, .turns = &turn, .nturns = 1,
	                .meta = &meta, .nmeta = 1};
	ts_speaker_stats stats = {0};
	ts_question q = {0};
	ts_pair pair = {.reply_turn = -1, .reask_of = -1};
	ts_deflection d = {0};
	ts_result r = {.call = &call, .speakers = &stats, .nspeakers = 1, .questions = &q,
	               .nquestions = 1, .pairs = &pair, .npairs = 1, .matches = &d, .nmatches = 1};
	tab t = {out, flags, 1, 0, 0};
	return rows(&t, &r, which, "");
}
