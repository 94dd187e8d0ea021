#include "config.h"

#include "output/summary.h"

#include <stdlib.h>
#include <string.h>

#include "model/call.h"
#include "base/diag.h"
#include "analyse/deflect.h"
#include "base/json_out.h"
#include "analyse/qa.h"
#include "analyse/turns.h"

/* Sections write straight into the output through a ts_jw: a summary is
 * written for every call, so no tree is built (see bench/RESULTS.md).  What
 * the sections report is computed first, once per call: the question-answer
 * section uses the deflections too. */
typedef struct analysis {
	ts_call_stats st;
	int have_defl;
	ts_deflections defl;
	int have_qa;
	ts_qa qa;
} analysis;

static const char *role_name(ts_role r)
{
	return r == TS_ROLE_CALLER ? "caller" : "respondent";
}

static void section_speakers(ts_jw *w, const ts_resources *res, const ts_call *call,
                             const analysis *an)
{
	(void)res;
	ts_jw_array(w, "speakers");
	for (size_t i = 0; i < call->nspeakers; i++) {
		const ts_speaker_stats *s = &an->st.speakers[i];
		ts_jw_object(w, NULL);
		ts_jw_str(w, "speaker", call->speakers[i].id);
		ts_jw_str(w, "label", call->speakers[i].label);
		ts_jw_str(w, "role", role_name(call->speakers[i].role));
		ts_jw_num(w, "turns", (double)s->turns);
		ts_jw_num(w, "length", (double)s->length);
		ts_jw_num(w, "chars", (double)s->chars);
		ts_jw_num(w, "words", (double)s->words);
		if (s->share_of_speech < 0)
			ts_jw_null(w, "share_of_speech");
		else
			ts_jw_num(w, "share_of_speech", s->share_of_speech);
		ts_jw_num(w, "seconds", s->seconds);
		ts_jw_bool(w, "seconds_estimated", 1);
		ts_jw_num(w, "mean_turn_length", s->mean_turn_length);
		ts_jw_num(w, "longest_turn", (double)s->longest_turn);
		ts_jw_num(w, "longest_monologue", (double)s->longest_monologue);
		ts_jw_num(w, "longest_monologue_seconds", s->longest_monologue_seconds);
		ts_jw_num(w, "backchannels", (double)s->backchannels);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
}

static void section_turns(ts_jw *w, const ts_resources *res, const ts_call *call,
                          const analysis *an)
{
	(void)res;
	(void)call;
	ts_jw_object(w, "turns");
	ts_jw_num(w, "total", (double)an->st.turns);
	ts_jw_num(w, "switches", (double)an->st.switches);
	ts_jw_end(w, 1);
}

static void section_events(ts_jw *w, const ts_resources *res, const ts_call *call,
                           const analysis *an)
{
	(void)res;
	(void)an;
	ts_jw_array(w, "events");
	for (size_t i = 0; i < call->nevents; i++) {
		const ts_event *e = &call->events[i];
		ts_jw_object(w, NULL);
		ts_jw_str(w, "kind", ts_event_kind_name(e->kind));
		ts_jw_num(w, "line", (double)e->line);
		ts_jw_num(w, "col", (double)e->col);
		ts_jw_str(w, "text", e->text);
		ts_jw_num(w, "after_turn", (double)e->after_turn);
		if (e->turn)
			ts_jw_num(w, "turn", (double)e->turn);
		else
			ts_jw_null(w, "turn");
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	ts_jw_array(w, "narration");
	for (size_t i = 0; i < call->nnarration; i++) {
		ts_jw_object(w, NULL);
		ts_jw_num(w, "line", (double)call->narration[i].line);
		ts_jw_str(w, "text", call->narration[i].text);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
}

static void section_turn_list(ts_jw *w, const ts_resources *res, const ts_call *call,
                              const analysis *an)
{
	(void)res;
	(void)an;
	ts_jw_array(w, "utterances");
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		const ts_speaker *s = &call->speakers[t->speaker];
		ts_jw_object(w, NULL);
		ts_jw_num(w, "turn", (double)t->number);
		ts_jw_str(w, "speaker", s->id);
		ts_jw_str(w, "role", role_name(s->role));
		ts_jw_num(w, "line", (double)t->line);
		ts_jw_num(w, "col", (double)t->col);
		ts_jw_num(w, "length", (double)(call->unit == TS_UNIT_CHARS ? t->chars : t->words));
		ts_jw_num(w, "chars", (double)t->chars);
		ts_jw_num(w, "words", (double)t->words);
		ts_jw_bool(w, "backchannel", t->backchannel);
		ts_jw_str(w, "text", t->text);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
}

static void by_category(ts_jw *w, const char *key, const size_t *counts)
{
	ts_jw_object(w, key);
	for (int c = 0; c < TS_CAT_COUNT; c++)
		ts_jw_num(w, ts_category_name(c), (double)counts[c]);
	ts_jw_end(w, 1);
}

static void section_deflections(ts_jw *w, const ts_resources *res, const ts_call *call,
                                const analysis *an)
{
	const ts_deflections *d = &an->defl;
	ts_jw_object(w, "deflections");
	ts_jw_num(w, "total", (double)d->total);
	ts_jw_num(w, "hangups", (double)d->hangups);
	by_category(w, "by_category", d->by_category);
	ts_jw_object(w, "by_speaker");
	for (size_t i = 0; i < call->nspeakers; i++) {
		if (call->speakers[i].role != TS_ROLE_RESPONDENT)
			continue;
		const ts_defl_speaker *s = &d->speakers[i];
		ts_jw_object(w, call->speakers[i].id);
		ts_jw_num(w, "total", (double)s->total);
		by_category(w, "by_category", s->by_category);
		if (s->length)
			ts_jw_num(w, "per_1000", 1000.0 * (double)s->total / (double)s->length);
		else
			ts_jw_null(w, "per_1000");
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 1);
	ts_jw_object(w, "targets");
	for (size_t i = 0; i < d->ntargets; i++)
		ts_jw_num(w, d->targets[i].text, (double)d->targets[i].count);
	ts_jw_end(w, 1);
	ts_jw_array(w, "matches");
	for (size_t i = 0; i < d->nmatches; i++) {
		const ts_defl_match *m = &d->matches[i];
		ts_jw_object(w, NULL);
		ts_jw_str(w, "speaker", call->speakers[m->speaker].id);
		ts_jw_num(w, "turn", (double)m->turn->number);
		ts_jw_num(w, "line", (double)m->line);
		ts_jw_num(w, "col", (double)m->col);
		ts_jw_str(w, "category", ts_category_name(m->category));
		ts_jw_str(w, "entry", res->lexicon->entries[m->entry].phrase);
		ts_jw_strn(w, "text", m->turn->text + m->start, m->end - m->start);
		if (m->has_target)
			ts_jw_strn(w, "target", m->turn->text + m->tstart, m->tend - m->tstart);
		else
			ts_jw_null(w, "target");
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	ts_jw_end(w, 1);
}

static void ratio(ts_jw *w, const char *key, size_t num, size_t den)
{
	if (den)
		ts_jw_num(w, key, (double)num / (double)den);
	else
		ts_jw_null(w, key);  /* undefined without questions */
}

static void section_qa(ts_jw *w, const ts_resources *res, const ts_call *call,
                       const analysis *an)
{
	(void)res;
	const ts_qa *qa = &an->qa;
	ts_jw_object(w, "qa");
	ts_jw_object(w, "questions");
	ts_jw_num(w, "total", (double)qa->nquestions);
	ts_jw_num(w, "marked", (double)qa->marked);
	ts_jw_object(w, "by_speaker");
	for (size_t i = 0; i < call->nspeakers; i++)
		ts_jw_num(w, call->speakers[i].id, (double)qa->by_speaker[i]);
	ts_jw_end(w, 1);
	ts_jw_object(w, "by_type");
	for (int t = 0; t < TS_Q_TYPE_COUNT; t++)
		ts_jw_num(w, ts_qtype_name((ts_qtype)t), (double)qa->by_type[t]);
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
	ts_jw_array(w, "pairs");
	ts_poscursor pos = {0};
	for (size_t i = 0; i < qa->npairs; i++) {
		const ts_qa_pair *p = &qa->pairs[i];
		const ts_qa_question *q = &qa->questions[p->question];
		const ts_turn *t = &call->turns[q->turn];
		long line, col;
		if (pos.turn != t)
			ts_poscursor_init(&pos, t);
		ts_poscursor_at(&pos, q->start, &line, &col);
		ts_jw_object(w, NULL);
		ts_jw_num(w, "turn", (double)t->number);
		ts_jw_num(w, "line", (double)line);
		ts_jw_num(w, "col", (double)col);
		ts_jw_str(w, "speaker", call->speakers[t->speaker].id);
		ts_jw_strn(w, "text", t->text + q->start, q->end - q->start);
		ts_jw_str(w, "type", ts_qtype_name(q->type));
		ts_jw_bool(w, "marked", qa->marked);
		if (p->reply_turn >= 0)
			ts_jw_num(w, "reply_turn", (double)(p->reply_turn + 1));
		else
			ts_jw_null(w, "reply_turn");
		ts_jw_str(w, "reply", ts_reply_name(p->reply));
		ts_jw_str(w, "clarity", ts_clarity_name(ts_reply_clarity(p->reply)));
		ts_jw_str(w, "why", p->why);
		if (p->reask_of >= 0)
			ts_jw_num(w, "reask_of", (double)(p->reask_of + 1));
		else
			ts_jw_null(w, "reask_of");
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 0);
	ts_jw_object(w, "by_reply");
	for (int r = 0; r < TS_R_COUNT; r++)
		ts_jw_num(w, ts_reply_name((ts_reply)r), (double)qa->by_reply[r]);
	ts_jw_end(w, 1);
	ts_jw_object(w, "by_clarity");
	for (int c = 0; c < TS_C_COUNT; c++)
		ts_jw_num(w, ts_clarity_name((ts_clarity)c), (double)qa->by_clarity[c]);
	ts_jw_end(w, 1);
	size_t deflected = 0;
	for (int c = 0; c < TS_CAT_COUNT; c++)
		deflected += qa->by_reply[ts_category_reply((ts_category)c)];
	ratio(w, "responsiveness", qa->by_clarity[TS_C_CLEAR_REPLY], qa->npairs);
	ratio(w, "deflected_share", deflected, qa->npairs);
	ts_jw_num(w, "reasks", (double)qa->reasks);
	ts_jw_object(w, "by_respondent");
	for (size_t i = 0; i < call->nspeakers; i++) {
		if (call->speakers[i].role != TS_ROLE_RESPONDENT)
			continue;
		const ts_qa_side *sd = &qa->sides[i];
		ts_jw_object(w, call->speakers[i].id);
		ts_jw_num(w, "questions", (double)sd->questions);
		ts_jw_num(w, "clear_replies", (double)sd->clear);
		ts_jw_num(w, "deflected", (double)sd->deflected);
		ratio(w, "responsiveness", sd->clear, sd->questions);
		ratio(w, "deflected_share", sd->deflected, sd->questions);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
}

/* Sections in output order: a new section is one row and one function. */
static const struct {
	unsigned bit;
	void (*fn)(ts_jw *, const ts_resources *, const ts_call *, const analysis *);
} sections_table[] = {
	{TS_SECTION_SPEAKERS, section_speakers},
	{TS_SECTION_TURNS, section_turns},
	{TS_SECTION_EVENTS, section_events},
	{TS_SECTION_DEFLECTIONS, section_deflections},
	{TS_SECTION_QA, section_qa},
	{TS_SECTION_TURN_LIST, section_turn_list},
};

static void analysis_free(analysis *an)
{
	ts_call_stats_free(&an->st);
	if (an->have_defl)
		ts_deflections_free(&an->defl);
	if (an->have_qa)
		ts_qa_free(&an->qa);
}

/* Compute what the sections need.  Deflections feed the reply classes of
 * the question-answer section; without a lexicon (a context built for other
 * sections) replies are classed without them. */
static int analyse(const ts_resources *res, ts_scratch *scratch, double rate, const ts_call *call,
                   unsigned sections, analysis *an, ts_error *err)
{
	int rc = ts_stats_compute(rate, call, &an->st);
	if (rc)
		return ts_nomem(err);
	if ((sections & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA)) && res->matcher) {
		an->have_defl = 1;
		if ((rc = ts_deflect_call(res, scratch, call, &an->defl, err)))
			return rc;
	}
	if (sections & TS_SECTION_QA) {
		ts_qa_defl *qd = NULL;
		size_t nq = an->have_defl ? an->defl.nmatches : 0;
		if (nq && !(qd = malloc(nq * sizeof *qd)))
			return ts_nomem(err);
		for (size_t i = 0; i < nq; i++) {
			const ts_defl_match *m = &an->defl.matches[i];
			qd[i] = (ts_qa_defl){(size_t)(m->turn - call->turns), m->start, m->end,
			                     m->category};
		}
		an->have_qa = 1;
		rc = ts_qa_call(res, call, qd, nq, &an->qa, err);
		free(qd);
	}
	return rc;
}

int ts_summary_json(const ts_resources *res, ts_scratch *scratch, const ts_options *opt,
                    const ts_call *call, unsigned sections, const char *source, unsigned flags,
                    int indent, char **json, ts_error *err)
{
	*json = NULL;
	analysis an;
	memset(&an, 0, sizeof an);
	int rc = analyse(res, scratch, ts_rate_for(opt, call->language, call->unit), call, sections,
	                 &an, err);
	if (rc) {
		analysis_free(&an);
		return rc;
	}
	ts_buf out = {0};
	ts_jw w;
	ts_jw_init(&w, &out, (flags & TS_JSON_PRETTY) != 0, indent);
	ts_jw_object(&w, NULL);
	if (flags & TS_JSON_RECORD)
		ts_jw_num(&w, "schema_version", TS_SCHEMA_VERSION);
	if (flags & (TS_JSON_RECORD | TS_JSON_SOURCE))
		ts_jw_str(&w, "source", source);
	ts_jw_num(&w, "call", (double)call->number);
	ts_jw_str(&w, "title", call->title);
	ts_jw_num(&w, "line", (double)call->line);
	ts_jw_object(&w, "meta");
	for (size_t i = 0; i < call->nmeta; i++)
		ts_jw_str(&w, call->meta[i].key, call->meta[i].value);
	ts_jw_end(&w, 1);
	ts_jw_str(&w, "language", call->language);
	ts_jw_str(&w, "unit", call->unit == TS_UNIT_CHARS ? "chars" : "words");
	ts_jw_num(&w, "rate", an.st.rate);
	ts_jw_bool(&w, "timed", call->timed);
	for (size_t i = 0; i < sizeof sections_table / sizeof *sections_table; i++)
		if (sections & sections_table[i].bit)
			sections_table[i].fn(&w, res, call, &an);
	ts_jw_end(&w, 1);
	analysis_free(&an);
	if (w.oom || ts_buf_reserve(&out, 0)) {
		ts_buf_free(&out);
		return ts_nomem(err);
	}
	*json = out.ptr;
	return 0;
}
