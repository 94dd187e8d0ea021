/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/figures.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>

#define SPK(field) offsetof(ts_speaker_stats, field)
#define RES(field) offsetof(ts_result, field)
#define NO_FIELD ((size_t)-1)

#define SPEAKERS(key, type, field, name, combine)                                              \
	{key, NULL, name, TS_FG_SPEAKERS, TS_SECTION_SPEAKERS, type, SPK(field), combine, 0, 0, 0, 0, 0, 0}
#define RATIO(num, den, scale) TS_FC_RATIO, num, den, scale
/* a figure of the text (null without text), of time (timed calls only) */
#define TEXT(key, type, field, name, combine)                                                  \
	{key, NULL, name, TS_FG_SPEAKERS, TS_SECTION_SPEAKERS, type, SPK(field), combine, 0, 0, 0, 0, \
	 0, 1}
#define TIMED(key, field, name, combine)                                                       \
	{key, NULL, name, TS_FG_SPEAKERS, TS_SECTION_SPEAKERS, TS_FT_REAL, SPK(field), combine, 0, 0, \
	 0, 0, 1, 0}

#define DEFL_CAT(id, name, clarity)                                                            \
	[TS_SF_DEFL_CAT + TS_CAT_##id] = {name, "by_category", "deflections." name,                \
	                                  TS_FG_DEFL_SPEAKER, TS_SECTION_DEFLECTIONS, TS_FT_COUNT,  \
	                                  SPK(deflections_by[TS_CAT_##id]), TS_FC_SUM, 0, 0, 0, 1, 0, 0},
#define PER1000_CAT(id, name, clarity)                                                         \
	[TS_SF_PER1000_CAT + TS_CAT_##id] = {NULL, NULL, "deflections.per_1000." name, TS_FG_NONE,  \
	                                     TS_SECTION_DEFLECTIONS, TS_FT_REAL, NO_FIELD,          \
	                                     RATIO(TS_SF_DEFL_CAT + TS_CAT_##id, TS_SF_LENGTH,       \
	                                           1000), 0, 0, 0},
#define RESPONDENT(key, type, field)                                                           \
	{key, NULL, NULL, TS_FG_RESPONDENT, TS_SECTION_QA, type, SPK(field), TS_FC_NONE, 0, 0, 0, 0, 0, 0}

const ts_figure ts_speaker_figures[TS_SF_COUNT] = {
	[TS_SF_TURNS] = SPEAKERS("turns", TS_FT_COUNT, turns, "turns", TS_FC_SUM),
	[TS_SF_LENGTH] = TEXT("length", TS_FT_COUNT, length, "length", TS_FC_SUM),
	[TS_SF_CHARS] = TEXT("chars", TS_FT_COUNT, chars, NULL, TS_FC_NONE),
	[TS_SF_WORDS] = TEXT("words", TS_FT_COUNT, words, NULL, TS_FC_NONE),
	/* the share of a side is its length over the call's, not a sum of shares */
	[TS_SF_SHARE] = {"share_of_speech", NULL, "share_of_speech", TS_FG_SPEAKERS,
	                 TS_SECTION_SPEAKERS, TS_FT_REAL, SPK(share_of_speech),
	                 RATIO(TS_SF_LENGTH, -1, 1), 0, 0, 1},
	[TS_SF_SECONDS] = SPEAKERS("seconds", TS_FT_REAL, seconds, "seconds", TS_FC_SUM),
	[TS_SF_SECONDS_ESTIMATED] = SPEAKERS("seconds_estimated", TS_FT_BOOL, seconds_estimated,
	                                     NULL, TS_FC_NONE),
	/* the speakers of a side share one call: their shares of it add up */
	[TS_SF_SHARE_OF_CALL] = TIMED("share_of_call", share_of_call, "share_of_call", TS_FC_SUM),
	[TS_SF_OVERLAP_SECONDS] = TIMED("overlap_seconds", overlap_seconds, "overlap_seconds",
	                                TS_FC_SUM),
	[TS_SF_OVERLAPS] = TIMED("overlaps", overlaps, "overlaps", TS_FC_SUM),
	/* a side's rate would be its length over its seconds, which untimed calls
	 * have too (estimated): not aggregated, so that they give no rate */
	[TS_SF_SPEAKING_RATE] = {"speaking_rate", NULL, NULL, TS_FG_SPEAKERS, TS_SECTION_SPEAKERS,
	                         TS_FT_REAL, SPK(speaking_rate), TS_FC_NONE, 0, 0, 0, 0, 1, 1},
	[TS_SF_MEAN_TURN] = {"mean_turn_length", NULL, "mean_turn_length", TS_FG_SPEAKERS,
	                     TS_SECTION_SPEAKERS, TS_FT_REAL, SPK(mean_turn_length),
	                     RATIO(TS_SF_LENGTH, TS_SF_TURNS, 1), 0, 0, 1},
	[TS_SF_LONGEST_TURN] = TEXT("longest_turn", TS_FT_COUNT, longest_turn, "longest_turn",
	                            TS_FC_MAX),
	[TS_SF_LONGEST_MONO] = TEXT("longest_monologue", TS_FT_COUNT, longest_monologue,
	                            "longest_monologue", TS_FC_MAX),
	[TS_SF_LONGEST_MONO_SECONDS] = SPEAKERS("longest_monologue_seconds", TS_FT_REAL,
	                                        longest_monologue_seconds, NULL, TS_FC_NONE),
	[TS_SF_BACKCHANNELS] = TEXT("backchannels", TS_FT_COUNT, backchannels, "backchannels",
	                            TS_FC_SUM),
	[TS_SF_DEFL] = {"total", NULL, "deflections.total", TS_FG_DEFL_SPEAKER,
	                TS_SECTION_DEFLECTIONS, TS_FT_COUNT, SPK(deflections), TS_FC_SUM, 0, 0, 0, 0, 0, 0},
	TS_CATEGORY_LIST(DEFL_CAT)
	[TS_SF_PER1000] = {"per_1000", NULL, "deflections.per_1000", TS_FG_DEFL_SPEAKER,
	                   TS_SECTION_DEFLECTIONS, TS_FT_REAL, SPK(per_1000),
	                   RATIO(TS_SF_DEFL, TS_SF_LENGTH, 1000), 0, 0, 0},
	TS_CATEGORY_LIST(PER1000_CAT)
	[TS_SF_QUESTIONS] = {"questions", NULL, "qa.questions", TS_FG_QUESTIONS, TS_SECTION_QA,
	                     TS_FT_COUNT, SPK(questions), TS_FC_SUM, 0, 0, 0, 1, 0, 0},
	[TS_SF_REPLIED] = RESPONDENT("questions", TS_FT_COUNT, replied),
	[TS_SF_CLEAR] = RESPONDENT("clear_replies", TS_FT_COUNT, clear_replies),
	[TS_SF_DEFLECTED] = RESPONDENT("deflected", TS_FT_COUNT, deflected),
	[TS_SF_RESPONSIVENESS] = RESPONDENT("responsiveness", TS_FT_REAL, responsiveness),
	[TS_SF_DEFLECTED_SHARE] = RESPONDENT("deflected_share", TS_FT_REAL, deflected_share),
};

const ts_figure_group ts_figure_groups[TS_FG_NONE] = {
	[TS_FG_SPEAKERS] = {TS_SECTION_SPEAKERS, NULL, NULL, "speakers", 0, 0},
	[TS_FG_DEFL_SPEAKER] = {TS_SECTION_DEFLECTIONS, "deflections", NULL, "by_speaker", 0, 1},
	[TS_FG_QUESTIONS] = {TS_SECTION_QA, "qa", "questions", "by_speaker", 1, 0},
	[TS_FG_RESPONDENT] = {TS_SECTION_QA, "qa", NULL, "by_respondent", 0, 1},
};

const char *const ts_figure_objects[TS_FO_COUNT] = {
	[TS_FO_TURNS] = "turns",
	[TS_FO_EVENTS] = "events",
	[TS_FO_DEFLECTIONS] = "deflections",
	[TS_FO_DEFL_CATEGORY] = "deflections.by_category",
	[TS_FO_QUESTIONS] = "qa.questions",
	[TS_FO_QTYPE] = "qa.questions.by_type",
	[TS_FO_REPLY] = "qa.by_reply",
	[TS_FO_CLARITY] = "qa.by_clarity",
	[TS_FO_QA] = "qa",
};

#define CALL(object, key, section, type, field) {object, key, section, type, RES(field), 0, 1, 0}
/* not aggregated: aggregation's call metrics are its own rows
 * (aggregate/aggregate_metrics.c) */
#define TIMED_CALL(key, field) {TS_FO_TURNS, key, TS_SECTION_TURNS, TS_FT_REAL, RES(field), 0, 0, 1}
#define TIMED_QA(key, field) {TS_FO_QA, key, TS_SECTION_QA, TS_FT_REAL, RES(field), 0, 0, 1}
#define CLASS(object, key, section, field) {object, key, section, TS_FT_COUNT, RES(field), 1, 1, 0}
#define CF_CAT(id, name, clarity)                                                              \
	[TS_CF_DEFL_CAT + TS_CAT_##id] = CLASS(TS_FO_DEFL_CATEGORY, name,                    \
	                                       TS_SECTION_DEFLECTIONS, by_category[TS_CAT_##id]),
#define CF_TYPE(id, name)                                                                      \
	[TS_CF_TYPE + TS_Q_##id] = {TS_FO_QTYPE, name, TS_SECTION_QA, TS_FT_COUNT,                  \
	                            RES(by_type[TS_Q_##id]), 1, 0, 0},
#define CF_REPLY(id, name, clarity)                                                            \
	[TS_CF_REPLY + TS_R_##id] = CLASS(TS_FO_REPLY, name, TS_SECTION_QA, by_reply[TS_R_##id]),
#define CF_CLARITY(id, name)                                                                   \
	[TS_CF_CLARITY + TS_C_##id] = CLASS(TS_FO_CLARITY, name, TS_SECTION_QA,                 \
	                                    by_clarity[TS_C_##id]),

const ts_call_figure ts_call_figures[TS_CF_COUNT] = {
	[TS_CF_TURNS] = CALL(TS_FO_TURNS, "total", TS_SECTION_TURNS, TS_FT_COUNT, turns),
	[TS_CF_SWITCHES] = CALL(TS_FO_TURNS, "switches", TS_SECTION_TURNS, TS_FT_COUNT, switches),
	[TS_CF_DURATION] = TIMED_CALL("duration", duration),
	[TS_CF_SPEECH] = TIMED_CALL("speech_seconds", speech_seconds),
	[TS_CF_SILENCE] = TIMED_CALL("silence_seconds", silence_seconds),
	[TS_CF_OVERLAP_SECONDS] = TIMED_CALL("overlap_seconds", overlap_seconds),
	[TS_CF_OVERLAPS] = TIMED_CALL("overlaps", overlaps),
	[TS_CF_SWITCHES_PER_MINUTE] = TIMED_CALL("switches_per_minute", switches_per_minute),
	[TS_CF_FTO_COUNT] = TIMED_CALL("floor_transfers", fto_count),
	[TS_CF_FTO_MEDIAN] = TIMED_CALL("fto_median", fto_median),
	[TS_CF_FTO_Q1] = TIMED_CALL("fto_q1", fto_q1),
	[TS_CF_FTO_Q3] = TIMED_CALL("fto_q3", fto_q3),
	[TS_CF_HANGUP_EVENTS] = {TS_FO_EVENTS, NULL, TS_SECTION_EVENTS, TS_FT_COUNT, NO_FIELD, 0, 1, 0},
	[TS_CF_DEFL] = CALL(TS_FO_DEFLECTIONS, "total", TS_SECTION_DEFLECTIONS, TS_FT_COUNT, deflections),
	[TS_CF_DEFL_HANGUPS] = CALL(TS_FO_DEFLECTIONS, "hangups", TS_SECTION_DEFLECTIONS, TS_FT_COUNT,
	                            hangups),
	TS_CATEGORY_LIST(CF_CAT)
	[TS_CF_QUESTIONS] = CALL(TS_FO_QUESTIONS, "total", TS_SECTION_QA, TS_FT_COUNT, nquestions),
	[TS_CF_MARKED] = CALL(TS_FO_QUESTIONS, "marked", TS_SECTION_QA, TS_FT_COUNT, marked),
	TS_QTYPE_LIST(CF_TYPE)
	TS_REPLY_LIST(CF_REPLY)
	TS_CLARITY_LIST(CF_CLARITY)
	/* the shares of the pairs, which aggregation pools itself */
	[TS_CF_RESPONSIVENESS] = {TS_FO_QA, "responsiveness", TS_SECTION_QA, TS_FT_REAL,
	                          RES(responsiveness), 0, 0, 0},
	[TS_CF_DEFLECTED_SHARE] = {TS_FO_QA, "deflected_share", TS_SECTION_QA, TS_FT_REAL,
	                           RES(deflected_share), 0, 0, 0},
	[TS_CF_REASKS] = CALL(TS_FO_QA, "reasks", TS_SECTION_QA, TS_FT_COUNT, reasks),
	[TS_CF_LATENCY_COUNT] = TIMED_QA("latencies", latency_count),
	[TS_CF_LATENCY_MEDIAN] = TIMED_QA("latency_median", latency_median),
	[TS_CF_LATENCY_Q1] = TIMED_QA("latency_q1", latency_q1),
	[TS_CF_LATENCY_Q3] = TIMED_QA("latency_q3", latency_q3),
};

static double value_at(const void *base, size_t offset, int type)
{
	const char *p = (const char *)base + offset;
	switch (type) {
	case TS_FT_COUNT: return (double)*(const size_t *)p;
	case TS_FT_REAL: return *(const double *)p;
	default: return *(const int *)p;
	}
}

/* Figures of deflections and questions are of the text. */
static int of_text(int text, unsigned section)
{
	return text || (section & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA));
}

double ts_figure_value(const ts_figure *f, const ts_speaker_stats *s)
{
	if (f->offset == NO_FIELD || (f->timed && !s->timed) || (s->no_text && of_text(f->text, f->section)))
		return NAN;
	return value_at(s, f->offset, f->type);
}

int ts_figure_written(const ts_figure *f, const ts_call *call)
{
	return !f->timed || call->timed;
}

int ts_call_figure_written(const ts_call_figure *f, const ts_call *call)
{
	return !f->timed || call->timed;
}

double ts_call_figure_value(const ts_result *r, int i)
{
	const ts_call_figure *f = &ts_call_figures[i];
	if (!(r->sections & f->section) || !ts_call_figure_written(f, r->call) ||
	    (r->call->no_text && of_text(0, f->section)))
		return NAN;
	if (f->offset != NO_FIELD)
		return value_at(r, f->offset, f->type);
	size_t n = 0;
	if (i == TS_CF_HANGUP_EVENTS)
		for (size_t e = 0; e < r->call->nevents; e++)
			n += r->call->events[e].kind == TS_EVENT_HANGUP;
	return (double)n;
}

static ts_figure_index index_;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void make_index(void)
{
	for (int f = 0; f < TS_SF_COUNT; f++) {
		int g = ts_speaker_figures[f].group;
		index_.group[g][index_.ngroup[g]++] = f;
	}
	for (int i = 0; i < TS_CF_COUNT; i++) {
		const ts_call_figure *f = &ts_call_figures[i];
		if (f->key)
			index_.object[f->object][index_.nobject[f->object]++] = i;
	}
}

const ts_figure_index *ts_figures_index(void)
{
	pthread_once(&index_once, make_index);
	return &index_;
}
