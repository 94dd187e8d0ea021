#include "config.h"

#include "summary.h"

#include <stdlib.h>

#include "diag.h"
#include "json_out.h"
#include "qa.h"

/* Sections write straight into the output through a ts_jw: a summary is
 * written for every call, so no tree is built (see bench/RESULTS.md). */

static const char *role_name(ts_role r)
{
	return r == TS_ROLE_CALLER ? "caller" : "respondent";
}

static void section_speakers(ts_jw *w, const ts_context *ctx, const ts_call *call,
                             const ts_call_stats *st)
{
	(void)ctx;
	ts_jw_array(w, "speakers");
	for (size_t i = 0; i < call->nspeakers; i++) {
		const ts_speaker_stats *s = &st->speakers[i];
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

static void section_turns(ts_jw *w, const ts_context *ctx, const ts_call *call,
                          const ts_call_stats *st)
{
	(void)ctx;
	(void)call;
	ts_jw_object(w, "turns");
	ts_jw_num(w, "total", (double)st->turns);
	ts_jw_num(w, "switches", (double)st->switches);
	ts_jw_end(w, 1);
}

static void section_events(ts_jw *w, const ts_context *ctx, const ts_call *call,
                           const ts_call_stats *st)
{
	(void)ctx;
	(void)st;
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

static void section_turn_list(ts_jw *w, const ts_context *ctx, const ts_call *call,
                              const ts_call_stats *st)
{
	(void)ctx;
	(void)st;
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

static void ratio(ts_jw *w, const char *key, size_t num, size_t den)
{
	if (den)
		ts_jw_num(w, key, (double)num / (double)den);
	else
		ts_jw_null(w, key);  /* undefined without questions */
}

static void section_qa(ts_jw *w, const ts_context *ctx, const ts_call *call,
                       const ts_call_stats *st)
{
	(void)st;
	ts_qa qa;
	ts_error err;
	if (ts_qa_call(ctx, call, NULL, 0, &qa, &err)) {
		ts_qa_free(&qa);
		w->oom = 1;
		return;
	}
	ts_jw_object(w, "qa");
	ts_jw_object(w, "questions");
	ts_jw_num(w, "total", (double)qa.nquestions);
	ts_jw_num(w, "marked", (double)qa.marked);
	ts_jw_object(w, "by_speaker");
	for (size_t i = 0; i < call->nspeakers; i++)
		ts_jw_num(w, call->speakers[i].id, (double)qa.by_speaker[i]);
	ts_jw_end(w, 1);
	ts_jw_object(w, "by_type");
	for (int t = 0; t < TS_Q_TYPE_COUNT; t++)
		ts_jw_num(w, ts_qtype_name((ts_qtype)t), (double)qa.by_type[t]);
	ts_jw_end(w, 1);
	ts_jw_end(w, 1);
	ts_jw_array(w, "pairs");
	for (size_t i = 0; i < qa.npairs; i++) {
		const ts_qa_pair *p = &qa.pairs[i];
		const ts_qa_question *q = &qa.questions[p->question];
		const ts_turn *t = &call->turns[q->turn];
		long line, col;
		ts_turn_position(t, q->start, &line, &col);
		ts_jw_object(w, NULL);
		ts_jw_num(w, "turn", (double)t->number);
		ts_jw_num(w, "line", (double)line);
		ts_jw_num(w, "col", (double)col);
		ts_jw_str(w, "speaker", call->speakers[t->speaker].id);
		ts_jw_strn(w, "text", t->text + q->start, q->end - q->start);
		ts_jw_str(w, "type", ts_qtype_name(q->type));
		ts_jw_bool(w, "marked", q->marked);
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
		ts_jw_num(w, ts_reply_name((ts_reply)r), (double)qa.by_reply[r]);
	ts_jw_end(w, 1);
	ts_jw_object(w, "by_clarity");
	for (int c = 0; c < TS_C_COUNT; c++)
		ts_jw_num(w, ts_clarity_name((ts_clarity)c), (double)qa.by_clarity[c]);
	ts_jw_end(w, 1);
	size_t deflected = 0;
	for (int r = TS_R_REFERRAL; r <= TS_R_REFUSAL; r++)
		deflected += qa.by_reply[r];
	ratio(w, "responsiveness", qa.by_clarity[TS_C_CLEAR_REPLY], qa.npairs);
	ratio(w, "deflected_share", deflected, qa.npairs);
	ts_jw_num(w, "reasks", (double)qa.reasks);
	ts_jw_object(w, "by_respondent");
	for (size_t i = 0; i < call->nspeakers; i++) {
		if (call->speakers[i].role != TS_ROLE_RESPONDENT)
			continue;
		const ts_qa_side *sd = &qa.sides[i];
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
	ts_qa_free(&qa);
}

/* Sections in output order: a new section is one row and one function. */
static const struct {
	unsigned bit;
	void (*fn)(ts_jw *, const ts_context *, const ts_call *, const ts_call_stats *);
} sections_table[] = {
	{TS_SECTION_SPEAKERS, section_speakers},
	{TS_SECTION_TURNS, section_turns},
	{TS_SECTION_EVENTS, section_events},
	{TS_SECTION_QA, section_qa},
	{TS_SECTION_TURN_LIST, section_turn_list},
};

int ts_summary_call_json(const ts_context *ctx, const ts_call *call, unsigned sections,
                         const char *source, unsigned flags, int indent, char **json,
                         ts_error *err)
{
	*json = NULL;
	ts_call_stats st;
	int rc = ts_call_stats_compute(ctx, call, &st, err);
	if (rc)
		return rc;
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
	ts_jw_num(&w, "rate", st.rate);
	ts_jw_bool(&w, "timed", 0);
	for (size_t i = 0; i < sizeof sections_table / sizeof *sections_table; i++)
		if (sections & sections_table[i].bit)
			sections_table[i].fn(&w, ctx, call, &st);
	ts_jw_end(&w, 1);
	ts_call_stats_free(&st);
	if (w.oom || ts_buf_reserve(&out, 0)) {
		ts_buf_free(&out);
		return ts_nomem(err);
	}
	*json = out.ptr;
	return 0;
}

cJSON *ts_summary_call(const ts_context *ctx, const ts_call *call, unsigned sections,
                       const char *source, unsigned flags, ts_error *err)
{
	char *json = NULL;
	if (ts_summary_call_json(ctx, call, sections, source, flags & ~TS_JSON_PRETTY, 0, &json,
	                         err))
		return NULL;
	cJSON *o = cJSON_Parse(json);
	free(json);
	if (!o)
		ts_nomem(err);
	return o;
}
