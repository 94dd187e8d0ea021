/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Turn-taking and talk-share metrics of one call. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/turns.h"

static size_t unit_len(const ts_call *call, const ts_turn *t)
{
	return call->unit == TS_UNIT_CHARS ? t->chars : t->words;
}

/* Longest monologue of every speaker: consecutive turns of a speaker that
 * the others interrupt only with backchannels (the listener's "嗯", "明白明白"
 * do not take the floor), in the call's unit.  One pass for all speakers:
 * a speaker's run goes on when no other speaker took the floor since that
 * speaker's last turn. */
static int longest_monologues(const ts_call *call, ts_result *st)
{
	size_t n = call->nspeakers ? call->nspeakers : 1;
	size_t *run = calloc(n, sizeof *run), *last = calloc(n, sizeof *last);
	if (!run || !last) {
		free(run);
		free(last);
		return TS_ENOMEM;
	}
	size_t floor_taken = 0;  /* 1 + index of the last turn that was not a backchannel */
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		size_t s = t->speaker;
		run[s] = unit_len(call, t) + (last[s] && floor_taken <= last[s] ? run[s] : 0);
		last[s] = i + 1;
		if (!t->backchannel)
			floor_taken = i + 1;
		if (run[s] > st->speakers[s].longest_monologue)
			st->speakers[s].longest_monologue = run[s];
	}
	free(run);
	free(last);
	return 0;
}

double ts_rate_for(const ts_options *opt, const char *language, ts_unit unit)
{
	double all = 0, lang = 0;
	for (size_t i = 0; i < opt->nrates; i++) {
		const ts_rate *r = &opt->rates[i];
		if (!r->language)
			all = r->per_second;
		else if (language && !strcmp(language, r->language))
			lang = r->per_second;
	}
	if (all > 0)
		return all;
	if (lang > 0)
		return lang;
	return unit == TS_UNIT_CHARS ? TS_RATE_ZH : TS_RATE_EN;
}

int ts_turns_compute(double rate, const ts_call *call, ts_result *r)
{
	r->nspeakers = call->nspeakers;
	r->speakers = calloc(call->nspeakers ? call->nspeakers : 1, sizeof *r->speakers);
	if (!r->speakers)
		return TS_ENOMEM;
	r->rate = rate;
	r->turns = call->nturns;
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		ts_speaker_stats *s = &r->speakers[t->speaker];
		size_t len = unit_len(call, t);
		s->turns++;
		s->chars += t->chars;
		s->words += t->words;
		s->length += len;
		if (len > s->longest_turn)
			s->longest_turn = len;
		s->backchannels += t->backchannel != 0;
		r->length += len;
		if (i && t->speaker != call->turns[i - 1].speaker)
			r->switches++;
	}
	if (longest_monologues(call, r))
		return TS_ENOMEM;
	for (size_t i = 0; i < call->nspeakers; i++) {
		ts_speaker_stats *s = &r->speakers[i];
		s->share_of_speech = r->length ? (double)s->length / (double)r->length : NAN;
		s->seconds = (double)s->length / r->rate;
		s->seconds_estimated = 1;
		s->mean_turn_length = s->turns ? (double)s->length / (double)s->turns : 0;
		s->longest_monologue_seconds = (double)s->longest_monologue / r->rate;
	}
	return 0;
}
