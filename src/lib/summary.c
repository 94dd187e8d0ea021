#include "config.h"

#include "summary.h"

#include <stdlib.h>

#include "diag.h"
#include "json_out.h"

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

/* Sections in output order: a new section is one row and one function. */
static const struct {
	unsigned bit;
	void (*fn)(ts_jw *, const ts_context *, const ts_call *, const ts_call_stats *);
} sections_table[] = {
	{TS_SECTION_SPEAKERS, section_speakers},
	{TS_SECTION_TURNS, section_turns},
	{TS_SECTION_EVENTS, section_events},
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
