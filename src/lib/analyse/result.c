/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/result.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/deflect.h"
#include "analyse/qa.h"
#include "analyse/timing.h"
#include "analyse/turns.h"
#include "base/buf.h"
#include "base/diag.h"
#include "model/call.h"

void ts_result_free(ts_result *r)
{
	free(r->speakers);
	for (size_t i = 0; i < r->ntargets; i++)
		free(r->targets[i].text);
	free(r->targets);
	free(r->matches);
	free(r->questions);
	free(r->pairs);
	memset(r, 0, sizeof *r);
}

static double ratio(size_t num, size_t den)
{
	return den ? (double)num / (double)den : NAN;  /* undefined without questions */
}

/* Take over what pairing found: the arrays as they are, the counts, and
 * what each pair and question needs besides (clarity, position). */
static void take_qa(ts_result *r, ts_qa *qa)
{
	const ts_call *call = r->call;
	r->questions = qa->questions;
	r->nquestions = qa->nquestions;
	r->pairs = qa->pairs;
	r->npairs = qa->npairs;
	qa->questions = NULL;
	qa->pairs = NULL;
	r->marked = qa->marked;
	r->reasks = qa->reasks;
	memcpy(r->by_type, qa->by_type, sizeof r->by_type);
	memcpy(r->by_reply, qa->by_reply, sizeof r->by_reply);
	memcpy(r->by_clarity, qa->by_clarity, sizeof r->by_clarity);
	ts_poscursor pos = {0};
	for (size_t i = 0; i < r->nquestions; i++) {
		ts_question *q = &r->questions[i];
		const ts_turn *t = &call->turns[q->turn];
		if (pos.turn != t)
			ts_poscursor_init(&pos, t);
		ts_poscursor_at(&pos, q->start, &q->line, &q->col);
	}
	for (int c = 0; c < TS_CAT_COUNT; c++)
		r->deflected += r->by_reply[ts_category_reply((ts_category)c)];
	r->responsiveness = ratio(r->by_clarity[TS_C_CLEAR_REPLY], r->npairs);
	r->deflected_share = ratio(r->deflected, r->npairs);
	for (size_t i = 0; i < r->nspeakers; i++) {
		ts_speaker_stats *s = &r->speakers[i];
		s->questions = qa->by_speaker[i];
		s->replied = qa->sides[i].questions;
		s->clear_replies = qa->sides[i].clear;
		s->deflected = qa->sides[i].deflected;
		s->responsiveness = ratio(s->clear_replies, s->replied);
		s->deflected_share = ratio(s->deflected, s->replied);
	}
}

/* Response latency of a timed call: for each of the caller's questions
 * with a reply, the reply's turn's start minus the end of the question's
 * turn (the question's own time is not known, only its turn's). */
static int latencies(const ts_call *call, ts_result *r)
{
	double *x = malloc((r->npairs ? r->npairs : 1) * sizeof *x);
	if (!x)
		return TS_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < r->npairs; i++) {
		const ts_pair *p = &r->pairs[i];
		if (p->reply_turn < 0)
			continue;
		const ts_turn *q = &call->turns[r->questions[p->question].turn];
		const ts_turn *a = &call->turns[p->reply_turn];
		if (q->nspans && a->nspans)
			x[n++] = a->start - q->end;
	}
	ts_quartiles(x, n, &r->latency_count, &r->latency_q1, &r->latency_median, &r->latency_q3);
	free(x);
	return 0;
}

static int find_qa(const ts_resources *res, ts_scratch *scratch, const ts_call *call, ts_result *r,
                   ts_error *err)
{
	ts_qa_work *w = &scratch->qa;
	if (TS_GROW(w->defl, w->defl_cap, r->nmatches))
		return ts_nomem(err);
	ts_qa_defl *qd = w->defl;
	for (size_t i = 0; i < r->nmatches; i++) {
		const ts_deflection *m = &r->matches[i];
		qd[i] = (ts_qa_defl){m->turn, m->start, m->end, m->category, m->declines};
	}
	ts_qa qa;
	int rc = ts_qa_call(res, w, call, qd, r->nmatches, &qa, err);
	w->questions_cap = qa.questions_cap;  /* (of the arrays r takes over) */
	w->pairs_cap = qa.pairs_cap;
	if (!rc)
		take_qa(r, &qa);
	/* (read by take_qa: given back, unless a call of very many speakers
	 * made it large) */
	if (!w->by_speaker &&
	    w->by_speaker_cap * (sizeof *qa.by_speaker + sizeof *qa.sides) <= TS_QA_WORK_KEEP) {
		w->by_speaker = qa.by_speaker;
		qa.by_speaker = NULL;
	}
	ts_qa_free(&qa);
	return rc;
}

/* A result's array into *kept for the next call, unless it has grown past
 * TS_QA_WORK_KEEP bytes (a thread is not to hold a huge call's). */
static void keep(void **kept, void **arr, size_t cap, size_t item)
{
	if (*arr && !*kept && cap * item <= TS_QA_WORK_KEEP) {
		*kept = *arr;
		*arr = NULL;
	}
}

void ts_result_keep(ts_scratch *scratch, ts_result *r)
{
	for (size_t i = 0; i < r->ntargets; i++)
		free(r->targets[i].text);
	r->ntargets = 0;
	keep((void **)&scratch->targets, (void **)&r->targets, scratch->targets_cap,
	     sizeof *r->targets);
	keep((void **)&scratch->speakers, (void **)&r->speakers, scratch->speakers_cap,
	     sizeof *r->speakers);
	keep((void **)&scratch->matches, (void **)&r->matches, scratch->matches_cap,
	     sizeof *r->matches);
	keep((void **)&scratch->qa.questions, (void **)&r->questions, scratch->qa.questions_cap,
	     sizeof *r->questions);
	keep((void **)&scratch->qa.pairs, (void **)&r->pairs, scratch->qa.pairs_cap, sizeof *r->pairs);
	ts_result_free(r);
}

int ts_result_compute(const ts_resources *res, ts_scratch *scratch, const ts_options *opt,
                      const ts_call *call, unsigned sections, ts_result *r, ts_error *err)
{
	memset(r, 0, sizeof *r);
	r->call = call;
	r->sections = sections;
	r->responsiveness = r->deflected_share = NAN;
	r->latency_count = r->latency_median = r->latency_q1 = r->latency_q3 = NAN;
	/* the speakers of the thread's last result when they have room, else
	 * a new array, kept in their place */
	size_t ns = call->nspeakers ? call->nspeakers : 1;
	if (scratch->speakers && scratch->speakers_cap >= ns) {
		r->speakers = scratch->speakers;
		scratch->speakers = NULL;
	} else {
		free(scratch->speakers);
		scratch->speakers = NULL;
		scratch->speakers_cap = ns;
	}
	if (ts_turns_compute(ts_rate_for(opt, call->language, call->unit), call, r))
		return ts_nomem(err);
	for (size_t i = 0; i < r->nspeakers; i++)
		r->speakers[i].per_1000 = r->speakers[i].responsiveness =
			r->speakers[i].deflected_share = NAN;
	int rc = 0;
	if (call->no_text)  /* their figures are undefined (analyse/figures.h) */
		sections &= ~(unsigned)(TS_SECTION_DEFLECTIONS | TS_SECTION_QA);
	if ((sections & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA)) &&
	    (rc = ts_deflect_call(res, scratch, call, r, err)))
		return rc;
	if (sections & TS_SECTION_QA)
		rc = find_qa(res, scratch, call, r, err);
	if (!rc && (sections & TS_SECTION_QA) && call->timed && latencies(call, r))
		rc = ts_nomem(err);
	return rc;
}
