/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call as the report shows it, from an analysed call or a summary
 * record. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "report/rcall.h"

static char *dupn(const char *s, size_t n, int *oom)
{
	char *p = malloc(n + 1);
	if (!p) {
		*oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *dup0(const char *s, int *oom)
{
	return s ? dupn(s, strlen(s), oom) : NULL;
}

static size_t turn_length(const ts_turn *t, ts_unit unit)
{
	return unit == TS_UNIT_WORDS ? t->words : t->chars;
}

void rcall_free(rcall *c)
{
	free(c->source);
	free(c->title);
	free(c->language);
	for (size_t i = 0; i < c->nspeakers; i++)
		free(c->speakers[i].name);
	free(c->speakers);
	for (size_t i = 0; i < c->nturns; i++)
		free(c->turns[i].text);
	free(c->turns);
	for (size_t i = 0; i < c->nevents; i++)
		free(c->events[i].text);
	free(c->events);
	for (size_t i = 0; i < c->npairs; i++) {
		rc_pair *p = &c->pairs[i];
		free(p->question);
		free(p->reply_text);
		free(p->why);
		for (size_t j = 0; j < p->nmarks; j++)
			free(p->marks[j].phrase);
		free(p->marks);
	}
	free(c->pairs);
	memset(c, 0, sizeof *c);
}

/* Times of the turns of an untimed call, estimated as the report's
 * timeline draws them: each turn's length at the call's rate (the rate the
 * summary's estimated seconds use), one after another. */
static void estimate_times(rcall *c, const size_t *lengths, double rate)
{
	double t = 0;
	if (!(rate > 0))
		rate = 1;
	for (size_t i = 0; i < c->nturns; i++) {
		c->turns[i].start = t;
		t += (double)lengths[i] / rate;
		c->turns[i].end = t;
	}
}

int rcall_from_result(rcall *c, const ts_result *r, const char *source)
{
	const ts_call *call = r->call;
	int oom = 0;
	memset(c, 0, sizeof *c);
	c->source = dup0(source, &oom);
	c->number = call->number;
	c->title = dup0(call->title, &oom);
	c->line = call->line;
	c->language = dup0(call->language, &oom);
	c->unit = call->unit;
	c->timed = call->timed;
	c->no_text = call->no_text;
	c->have_turns = 1;
	c->turn_count = call->nturns;
	c->speakers = calloc(call->nspeakers + 1, sizeof *c->speakers);
	c->turns = calloc(call->nturns + 1, sizeof *c->turns);
	c->events = calloc(call->nevents + 1, sizeof *c->events);
	c->pairs = calloc(r->npairs + 1, sizeof *c->pairs);
	size_t *lengths = calloc(call->nturns + 1, sizeof *lengths);
	if (oom || !c->speakers || !c->turns || !c->events || !c->pairs || !lengths)
		goto nomem;
	for (size_t i = 0; i < call->nspeakers; i++, c->nspeakers++) {
		rc_speaker *s = &c->speakers[i];
		s->name = dup0(call->speakers[i].id, &oom);
		s->respondent = call->speakers[i].role == TS_ROLE_RESPONDENT;
		s->share = i < r->nspeakers ? r->speakers[i].share_of_speech : NAN;
		s->length = i < r->nspeakers ? r->speakers[i].length : 0;
	}
	for (size_t i = 0; i < call->nturns; i++, c->nturns++) {
		const ts_turn *t = &call->turns[i];
		rc_turn *o = &c->turns[i];
		o->speaker = t->speaker;
		o->line = t->line;
		o->start = t->start;
		o->end = t->end;
		o->text = call->no_text ? NULL : dupn(t->text, t->len, &oom);
		lengths[i] = turn_length(t, call->unit);
	}
	if (!c->timed)
		estimate_times(c, lengths, r->rate);
	for (size_t i = 0; i < call->nevents; i++, c->nevents++) {
		const ts_event *e = &call->events[i];
		c->events[i] = (rc_event){e->kind, e->after_turn, e->line, dup0(e->text, &oom)};
	}
	c->deflections = r->deflections;
	c->hangups = r->hangups;
	memcpy(c->by_category, r->by_category, sizeof c->by_category);
	for (size_t i = 0; i < r->npairs; i++, c->npairs++) {
		const ts_pair *p = &r->pairs[i];
		const ts_question *q = &r->questions[p->question];
		const ts_turn *qt = &call->turns[q->turn];
		rc_pair *o = &c->pairs[i];
		o->line = q->line;
		o->turn_line = qt->line;
		o->question = dupn(qt->text + q->start, q->end - q->start, &oom);
		o->reply = p->reply;
		o->clarity = p->clarity;
		o->evasion = p->evasion;
		o->why = dup0(p->why, &oom);
		if (p->reply_turn < 0)
			continue;
		const ts_turn *rt = &call->turns[p->reply_turn];
		o->reply_line = rt->line;
		o->reply_text = dupn(rt->text, rt->len, &oom);
		for (size_t j = 0; j < r->nmatches; j++)
			if (r->matches[j].turn == (size_t)p->reply_turn)
				o->nmarks++;
		if (!o->nmarks)
			continue;
		if (!(o->marks = calloc(o->nmarks, sizeof *o->marks)))
			goto nomem;
		size_t k = 0;
		for (size_t j = 0; j < r->nmatches; j++) {
			const ts_deflection *d = &r->matches[j];
			if (d->turn != (size_t)p->reply_turn)
				continue;
			o->marks[k++] = (rc_mark){d->start, d->end, d->category,
			                          dupn(rt->text + d->start, d->end - d->start, &oom)};
		}
	}
	c->clear_replies = r->by_clarity[TS_C_CLEAR_REPLY];
	c->deflected = r->deflected;
	c->responsiveness = r->responsiveness;
	c->deflected_share = r->deflected_share;
	free(lengths);
	if (oom)
		goto nomem_free;
	return 0;
nomem:
	free(lengths);
nomem_free:
	rcall_free(c);
	return TS_ENOMEM;
}

/* ---- summary records ---- */

typedef struct jctx {
	const char *name;
	long line;
	ts_error *err;
	int oom;
} jctx;

static int bad(jctx *j, const char *what, const char *value)
{
	return ts_fail(j->err, TS_EINPUT, j->name, j->line, 0, "%s: '%s'", what, value);
}

static double jnum(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static size_t jcount(const cJSON *o, const char *key)
{
	double v = jnum(o, key);
	return v >= 0 && v < 1e15 ? (size_t)v : 0;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *jarr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsArray(v) ? v : NULL;
}

/* The member of a class list (ts_*_name) a name names, or -1. */
static int class_of(const char *(*name_of)(int), int count, const char *s)
{
	for (int i = 0; s && i < count; i++)
		if (!strcmp(name_of(i), s))
			return i;
	return -1;
}

static const char *reply_name(int i) { return ts_reply_name((ts_reply)i); }
static const char *clarity_name(int i) { return ts_clarity_name((ts_clarity)i); }
static const char *category_name(int i) { return ts_category_name((ts_category)i); }
static const char *event_name(int i) { return ts_event_kind_name((ts_event_kind)i); }
static const char *evasion_name(int i) { return ts_evasion_name((ts_evasion)i); }

static int speakers_from_json(rcall *c, const cJSON *rec, jctx *j)
{
	const cJSON *sp = jarr(rec, "speakers");
	size_t n = sp ? (size_t)cJSON_GetArraySize(sp) : 0;
	if (!(c->speakers = calloc(n + 1, sizeof *c->speakers)))
		return TS_ENOMEM;
	const cJSON *s;
	cJSON_ArrayForEach(s, sp) {
		rc_speaker *o = &c->speakers[c->nspeakers++];
		/* the id ("CLB" for "ＣＬＢ"), by which the record's lists name speakers */
		const char *name = jstr(s, "speaker");
		if (!name)
			return bad(j, "a speaker without a label", cJSON_IsObject(s) ? "{...}" : "?");
		o->name = dup0(name, &j->oom);
		const char *role = jstr(s, "role");
		o->respondent = role && !strcmp(role, "respondent");
		o->share = jnum(s, "share_of_speech");
		o->length = jcount(s, "length");
	}
	return j->oom ? TS_ENOMEM : 0;
}

static size_t speaker_index(const rcall *c, const char *name)
{
	for (size_t i = 0; name && i < c->nspeakers; i++)
		if (!strcmp(c->speakers[i].name, name))
			return i;
	return 0;
}

/* The utterances (talkstat-turns, --sections utterances) make the turns. */
static int turns_from_json(rcall *c, const cJSON *rec, jctx *j, double rate)
{
	const cJSON *ut = jarr(rec, "utterances");
	if (!ut)
		return 0;
	size_t n = (size_t)cJSON_GetArraySize(ut);
	size_t *lengths = calloc(n + 1, sizeof *lengths);
	if (!lengths || !(c->turns = calloc(n + 1, sizeof *c->turns))) {
		free(lengths);
		return TS_ENOMEM;
	}
	const cJSON *u;
	cJSON_ArrayForEach(u, ut) {
		rc_turn *o = &c->turns[c->nturns];
		o->speaker = speaker_index(c, jstr(u, "speaker"));
		o->line = (long)jcount(u, "line");
		o->start = jnum(u, "start");
		o->end = jnum(u, "end");
		o->text = dup0(jstr(u, "text"), &j->oom);
		lengths[c->nturns++] = jcount(u, "length");
	}
	c->have_turns = 1;
	if (!c->timed)
		estimate_times(c, lengths, rate);
	free(lengths);
	return j->oom ? TS_ENOMEM : 0;
}

static void deflections_from_json(rcall *c, const cJSON *rec)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(rec, "deflections");
	if (!cJSON_IsObject(d))
		return;
	c->deflections = jcount(d, "total");
	c->hangups = jcount(d, "hangups");
	const cJSON *by = cJSON_GetObjectItemCaseSensitive(d, "by_category");
	for (int i = 0; i < TS_CAT_COUNT; i++)
		c->by_category[i] = jcount(by, ts_category_name((ts_category)i));
}

/* The phrases found in a turn (1-based), placed in its text when the
 * record gives it, one after another as the matches list them. */
static int marks_from_json(rc_pair *p, const cJSON *matches, long turn, jctx *j)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, matches)
		if ((long)jcount(m, "turn") == turn)
			p->nmarks++;
	if (!p->nmarks)
		return 0;
	if (!(p->marks = calloc(p->nmarks, sizeof *p->marks)))
		return TS_ENOMEM;
	size_t k = 0, from = 0;
	cJSON_ArrayForEach(m, matches) {
		if ((long)jcount(m, "turn") != turn)
			continue;
		rc_mark *o = &p->marks[k++];
		const char *text = jstr(m, "text");
		int cat = class_of(category_name, TS_CAT_COUNT, jstr(m, "category"));
		if (!text || cat < 0)
			return bad(j, "a match without text or with an unknown category",
			           jstr(m, "category") ? jstr(m, "category") : "?");
		o->category = (ts_category)cat;
		o->phrase = dup0(text, &j->oom);
		const char *at = p->reply_text ? strstr(p->reply_text + from, text) : NULL;
		if (at) {
			o->start = (size_t)(at - p->reply_text);
			o->end = o->start + strlen(text);
			from = o->end;
		} else {
			o->start = o->end = (size_t)-1;  /* not placed: shown beside */
		}
	}
	return j->oom ? TS_ENOMEM : 0;
}

static int pairs_from_json(rcall *c, const cJSON *rec, jctx *j)
{
	const cJSON *qa = cJSON_GetObjectItemCaseSensitive(rec, "qa");
	const cJSON *pairs = jarr(qa, "pairs");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(rec, "deflections");
	const cJSON *matches = jarr(d, "matches");
	c->responsiveness = jnum(qa, "responsiveness");
	c->deflected_share = jnum(qa, "deflected_share");
	size_t n = pairs ? (size_t)cJSON_GetArraySize(pairs) : 0;
	if (!(c->pairs = calloc(n + 1, sizeof *c->pairs)))
		return TS_ENOMEM;
	const cJSON *p;
	cJSON_ArrayForEach(p, pairs) {
		rc_pair *o = &c->pairs[c->npairs++];
		int reply = class_of(reply_name, TS_R_COUNT, jstr(p, "reply"));
		int clarity = class_of(clarity_name, TS_C_COUNT, jstr(p, "clarity"));
		if (reply < 0)
			return bad(j, "unknown reply class", jstr(p, "reply") ? jstr(p, "reply") : "?");
		if (clarity < 0)
			return bad(j, "unknown clarity class",
			           jstr(p, "clarity") ? jstr(p, "clarity") : "?");
		o->reply = (ts_reply)reply;
		o->clarity = (ts_clarity)clarity;
		const char *ev = jstr(p, "evasion");
		int evasion = ev ? class_of(evasion_name, TS_EV_COUNT, ev) : TS_EV_NONE;
		if (ev && evasion < 0)
			return bad(j, "unknown evasion label", ev);
		o->evasion = (ts_evasion)evasion;
		o->line = (long)jcount(p, "line");
		o->question = dup0(jstr(p, "text"), &j->oom);
		o->why = dup0(jstr(p, "why"), &j->oom);
		c->clear_replies += o->clarity == TS_C_CLEAR_REPLY;
		c->deflected += ts_reply_category(o->reply) != TS_CAT_NONE;
		long qt = (long)jcount(p, "turn");
		if (c->have_turns && qt >= 1 && (size_t)qt <= c->nturns)
			o->turn_line = c->turns[qt - 1].line;
		long rt = (long)jcount(p, "reply_turn");
		if (rt < 1)
			continue;
		if (c->have_turns && (size_t)rt <= c->nturns) {
			o->reply_line = c->turns[rt - 1].line;
			o->reply_text = dup0(c->turns[rt - 1].text, &j->oom);
		} else {
			o->reply_line = -1;  /* a reply whose line the record does not give */
		}
		int rc = marks_from_json(o, matches, rt, j);
		if (rc)
			return rc;
	}
	return j->oom ? TS_ENOMEM : 0;
}

int rcall_from_json(rcall *c, const cJSON *rec, const char *name, long line, ts_error *err)
{
	jctx j = {name, line, err, 0};
	memset(c, 0, sizeof *c);
	c->responsiveness = c->deflected_share = NAN;
	int rc = 0;
	if (!cJSON_IsObject(rec) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(rec, "call")))
		rc = ts_fail(err, TS_EINPUT, name, line, 0, "not a talkstat summary record (no \"call\")");
	if (!rc) {
		c->source = dup0(jstr(rec, "source") ? jstr(rec, "source") : name, &j.oom);
		c->number = jcount(rec, "call");
		c->title = dup0(jstr(rec, "title"), &j.oom);
		c->line = (long)jcount(rec, "line");
		c->language = dup0(jstr(rec, "language") ? jstr(rec, "language") : "und", &j.oom);
		const char *unit = jstr(rec, "unit");
		c->unit = unit && !strcmp(unit, "words") ? TS_UNIT_WORDS : TS_UNIT_CHARS;
		c->timed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "timed"));
		/* a call without text has its text sections null (docs/output.md) */
		c->no_text = cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rec, "deflections"));
		c->turn_count = jcount(cJSON_GetObjectItemCaseSensitive(rec, "turns"), "total");
		rc = speakers_from_json(c, rec, &j);
	}
	if (!rc)
		rc = turns_from_json(c, rec, &j, jnum(rec, "rate"));
	if (!rc && !(c->events = calloc(1 + (size_t)cJSON_GetArraySize(jarr(rec, "events")),
	                                sizeof *c->events)))
		rc = TS_ENOMEM;
	const cJSON *e;
	const cJSON *events = rc ? NULL : jarr(rec, "events");
	cJSON_ArrayForEach(e, events) {
		int kind = class_of(event_name, TS_EVENT_KIND_COUNT, jstr(e, "kind"));
		if (kind < 0) {
			rc = bad(&j, "unknown event kind", jstr(e, "kind") ? jstr(e, "kind") : "?");
			break;
		}
		c->events[c->nevents++] = (rc_event){(ts_event_kind)kind, jcount(e, "after_turn"),
		                                     (long)jcount(e, "line"),
		                                     dup0(jstr(e, "text"), &j.oom)};
	}
	if (!rc)
		deflections_from_json(c, rec);
	if (!rc)
		rc = pairs_from_json(c, rec, &j);
	if (!rc && j.oom)
		rc = TS_ENOMEM;
	if (rc == TS_ENOMEM)
		ts_fail(err, TS_ENOMEM, name, line, 0, "out of memory");
	if (rc)
		rcall_free(c);
	return rc;
}
