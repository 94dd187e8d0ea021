#include "config.h"

#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "deflect.h"
#include "diag.h"
#include "json_out.h"

/* cJSON returns NULL when out of memory; a builder records that once
 * instead of checking every call. */
typedef struct jb {
	int oom;
	int rc;        /* a section's own failure, reported in err */
	ts_error *err;
} jb;

static cJSON *chk(jb *b, cJSON *v)
{
	if (!v)
		b->oom = 1;
	return v;
}

static void add(jb *b, cJSON *obj, const char *key, cJSON *v)
{
	if (!v || !obj) {
		b->oom = 1;
		cJSON_Delete(v);
		return;
	}
	if (cJSON_IsArray(obj)) {
		if (!cJSON_AddItemToArray(obj, v)) {
			b->oom = 1;
			cJSON_Delete(v);
		}
	} else if (!cJSON_AddItemToObject(obj, key, v)) {
		b->oom = 1;
		cJSON_Delete(v);
	}
}

static void num(jb *b, cJSON *o, const char *k, double v)
{
	add(b, o, k, cJSON_CreateNumber(ts_round6(v)));
}

static void str(jb *b, cJSON *o, const char *k, const char *v)
{
	add(b, o, k, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

static void boolean(jb *b, cJSON *o, const char *k, int v)
{
	add(b, o, k, cJSON_CreateBool(v));
}

static const char *role_name(ts_role r)
{
	return r == TS_ROLE_CALLER ? "caller" : "respondent";
}

static void section_speakers(jb *b, cJSON *o, const ts_context *ctx, const ts_call *call,
                              const ts_call_stats *st)
{
	(void)ctx;
	cJSON *arr = chk(b, cJSON_CreateArray());
	for (size_t i = 0; i < call->nspeakers && arr; i++) {
		const ts_speaker_stats *s = &st->speakers[i];
		cJSON *sp = chk(b, cJSON_CreateObject());
		str(b, sp, "speaker", call->speakers[i].id);
		str(b, sp, "label", call->speakers[i].label);
		str(b, sp, "role", role_name(call->speakers[i].role));
		num(b, sp, "turns", (double)s->turns);
		num(b, sp, "length", (double)s->length);
		num(b, sp, "chars", (double)s->chars);
		num(b, sp, "words", (double)s->words);
		if (s->share_of_speech < 0)
			add(b, sp, "share_of_speech", cJSON_CreateNull());
		else
			num(b, sp, "share_of_speech", s->share_of_speech);
		num(b, sp, "seconds", s->seconds);
		boolean(b, sp, "seconds_estimated", 1);
		num(b, sp, "mean_turn_length", s->mean_turn_length);
		num(b, sp, "longest_turn", (double)s->longest_turn);
		num(b, sp, "longest_monologue", (double)s->longest_monologue);
		num(b, sp, "longest_monologue_seconds", s->longest_monologue_seconds);
		num(b, sp, "backchannels", (double)s->backchannels);
		add(b, arr, NULL, sp);
	}
	add(b, o, "speakers", arr);
}

static void section_turns(jb *b, cJSON *o, const ts_context *ctx, const ts_call *call,
                           const ts_call_stats *st)
{
	(void)ctx;
	(void)call;
	cJSON *t = chk(b, cJSON_CreateObject());
	num(b, t, "total", (double)st->turns);
	num(b, t, "switches", (double)st->switches);
	add(b, o, "turns", t);
}

static void section_events(jb *b, cJSON *o, const ts_context *ctx, const ts_call *call,
                            const ts_call_stats *st)
{
	(void)ctx;
	(void)st;
	cJSON *arr = chk(b, cJSON_CreateArray());
	for (size_t i = 0; i < call->nevents && arr; i++) {
		const ts_event *e = &call->events[i];
		cJSON *ev = chk(b, cJSON_CreateObject());
		str(b, ev, "kind", ts_event_kind_name(e->kind));
		num(b, ev, "line", (double)e->line);
		num(b, ev, "col", (double)e->col);
		str(b, ev, "text", e->text);
		num(b, ev, "after_turn", (double)e->after_turn);
		if (e->turn)
			num(b, ev, "turn", (double)e->turn);
		else
			add(b, ev, "turn", cJSON_CreateNull());
		add(b, arr, NULL, ev);
	}
	add(b, o, "events", arr);
	cJSON *narr = chk(b, cJSON_CreateArray());
	for (size_t i = 0; i < call->nnarration && narr; i++) {
		cJSON *n = chk(b, cJSON_CreateObject());
		num(b, n, "line", (double)call->narration[i].line);
		str(b, n, "text", call->narration[i].text);
		add(b, narr, NULL, n);
	}
	add(b, o, "narration", narr);
}

static void section_turn_list(jb *b, cJSON *o, const ts_context *ctx, const ts_call *call,
                               const ts_call_stats *st)
{
	(void)ctx;
	(void)st;
	cJSON *arr = chk(b, cJSON_CreateArray());
	for (size_t i = 0; i < call->nturns && arr; i++) {
		const ts_turn *t = &call->turns[i];
		const ts_speaker *s = &call->speakers[t->speaker];
		cJSON *u = chk(b, cJSON_CreateObject());
		num(b, u, "turn", (double)t->number);
		str(b, u, "speaker", s->id);
		str(b, u, "role", role_name(s->role));
		num(b, u, "line", (double)t->line);
		num(b, u, "col", (double)t->col);
		num(b, u, "length", (double)(call->unit == TS_UNIT_CHARS ? t->chars : t->words));
		num(b, u, "chars", (double)t->chars);
		num(b, u, "words", (double)t->words);
		boolean(b, u, "backchannel", t->backchannel);
		str(b, u, "text", t->text);
		add(b, arr, NULL, u);
	}
	add(b, o, "utterances", arr);
}

static cJSON *by_category(jb *b, const size_t *counts)
{
	cJSON *o = chk(b, cJSON_CreateObject());
	for (int c = 0; c < TS_CAT_COUNT && o; c++)
		num(b, o, ts_category_name(c), (double)counts[c]);
	return o;
}

/* A piece of a turn's text as a JSON string (the text is not
 * NUL-terminated there). */
static cJSON *substring(jb *b, const char *s, size_t n)
{
	char *copy = strndup(s, n);
	if (!copy) {
		b->oom = 1;
		return NULL;
	}
	cJSON *v = chk(b, cJSON_CreateString(copy));
	free(copy);
	return v;
}

static void section_deflections(jb *b, cJSON *o, const ts_context *ctx, const ts_call *call,
                                const ts_call_stats *st)
{
	(void)st;
	ts_deflections d;
	if ((b->rc = ts_deflect_call(ctx, call, &d, b->err))) {
		ts_deflections_free(&d);
		return;
	}
	cJSON *sec = chk(b, cJSON_CreateObject());
	num(b, sec, "total", (double)d.total);
	num(b, sec, "hangups", (double)d.hangups);
	add(b, sec, "by_category", by_category(b, d.by_category));
	cJSON *spk = chk(b, cJSON_CreateObject());
	for (size_t i = 0; i < call->nspeakers && spk; i++) {
		if (call->speakers[i].role != TS_ROLE_RESPONDENT)
			continue;
		const ts_defl_speaker *s = &d.speakers[i];
		cJSON *so = chk(b, cJSON_CreateObject());
		num(b, so, "total", (double)s->total);
		add(b, so, "by_category", by_category(b, s->by_category));
		if (s->length)
			num(b, so, "per_1000", 1000.0 * (double)s->total / (double)s->length);
		else
			add(b, so, "per_1000", cJSON_CreateNull());
		add(b, spk, call->speakers[i].id, so);
	}
	add(b, sec, "by_speaker", spk);
	cJSON *tg = chk(b, cJSON_CreateObject());
	for (size_t i = 0; i < d.ntargets && tg; i++)
		num(b, tg, d.targets[i].text, (double)d.targets[i].count);
	add(b, sec, "targets", tg);
	cJSON *arr = chk(b, cJSON_CreateArray());
	for (size_t i = 0; i < d.nmatches && arr; i++) {
		const ts_defl_match *m = &d.matches[i];
		cJSON *mo = chk(b, cJSON_CreateObject());
		str(b, mo, "speaker", call->speakers[m->speaker].id);
		num(b, mo, "turn", (double)m->turn->number);
		num(b, mo, "line", (double)m->line);
		num(b, mo, "col", (double)m->col);
		str(b, mo, "category", ts_category_name(m->category));
		str(b, mo, "entry", ctx->lexicon.entries[m->entry].phrase);
		add(b, mo, "text", substring(b, m->turn->text + m->start, m->end - m->start));
		if (m->has_target)
			add(b, mo, "target", substring(b, m->turn->text + m->tstart, m->tend - m->tstart));
		else
			add(b, mo, "target", cJSON_CreateNull());
		add(b, arr, NULL, mo);
	}
	add(b, sec, "matches", arr);
	add(b, o, "deflections", sec);
	ts_deflections_free(&d);
}

/* Sections in output order. */
static const struct {
	unsigned bit;
	void (*fn)(jb *, cJSON *, const ts_context *, const ts_call *, const ts_call_stats *);
} sections_table[] = {
	{TS_SECTION_SPEAKERS, section_speakers},
	{TS_SECTION_TURNS, section_turns},
	{TS_SECTION_EVENTS, section_events},
	{TS_SECTION_DEFLECTIONS, section_deflections},
	{TS_SECTION_TURN_LIST, section_turn_list},
};

cJSON *ts_summary_call(const ts_context *ctx, const ts_call *call, unsigned sections,
                       const char *source, unsigned flags, ts_error *err)
{
	ts_call_stats st;
	if (ts_call_stats_compute(ctx, call, &st, err))
		return NULL;
	jb b = {0, 0, err};
	cJSON *o = chk(&b, cJSON_CreateObject());
	if (flags & TS_JSON_RECORD)
		num(&b, o, "schema_version", TS_SCHEMA_VERSION);
	if (flags & (TS_JSON_RECORD | TS_JSON_SOURCE))
		str(&b, o, "source", source);
	num(&b, o, "call", (double)call->number);
	str(&b, o, "title", call->title);
	num(&b, o, "line", (double)call->line);
	cJSON *meta = chk(&b, cJSON_CreateObject());
	for (size_t i = 0; i < call->nmeta && meta; i++)
		str(&b, meta, call->meta[i].key, call->meta[i].value);
	add(&b, o, "meta", meta);
	str(&b, o, "language", call->language);
	str(&b, o, "unit", call->unit == TS_UNIT_CHARS ? "chars" : "words");
	num(&b, o, "rate", st.rate);
	boolean(&b, o, "timed", 0);
	for (size_t i = 0; i < sizeof sections_table / sizeof *sections_table && !b.rc; i++)
		if (sections & sections_table[i].bit)
			sections_table[i].fn(&b, o, ctx, call, &st);
	ts_call_stats_free(&st);
	if (b.rc) {
		cJSON_Delete(o);
		return NULL;
	}
	if (b.oom) {
		cJSON_Delete(o);
		ts_nomem(err);
		return NULL;
	}
	return o;
}

int ts_summary_call_json(const ts_context *ctx, const ts_call *call, unsigned sections,
                         const char *source, unsigned flags, int indent, char **json,
                         ts_error *err)
{
	*json = NULL;
	cJSON *o = ts_summary_call(ctx, call, sections, source, flags, err);
	if (!o)
		return err ? err->code : TS_ENOMEM;
	ts_buf out = {0};
	int rc = ts_json_write(&out, o, (flags & TS_JSON_PRETTY) != 0, indent);
	cJSON_Delete(o);
	if (rc) {
		ts_buf_free(&out);
		return ts_nomem(err);
	}
	*json = out.ptr;
	return 0;
}
