/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Turn-taking and talk-share metrics of one call. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/turns.h"

#include "analyse/timing.h"
#include "base/buf.h"

static size_t unit_len(const ts_call *call, const ts_turn *t)
{
	return call->unit == TS_UNIT_CHARS ? t->chars : t->words;
}

static int span_cmp(const void *a, const void *b)
{
	const ts_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The time a turn speaks (a timed call's): the union of its spans, which
 * may overlap (cues of one speaker at once) and come out of order; those
 * are sorted in *tmp (grown as needed).  -1 when out of memory. */
static double turn_seconds(const ts_turn *t, ts_span **tmp, size_t *cap)
{
	const ts_span *sp = t->spans;
	size_t n = t->nspans;
	for (size_t k = 1; k < n; k++)
		if (sp[k].start < sp[k - 1].start) {
			if (TS_GROW(*tmp, *cap, n))
				return -1;
			memcpy(*tmp, sp, n * sizeof *sp);
			qsort(*tmp, n, sizeof **tmp, span_cmp);
			sp = *tmp;
			break;
		}
	double s = 0, from = 0, to = 0;
	for (size_t k = 0; k < n; k++) {
		if (!k || sp[k].start > to) {
			s += to - from;
			from = sp[k].start;
			to = sp[k].end;
		} else if (sp[k].end > to) {
			to = sp[k].end;
		}
	}
	return s + (to - from);
}

/* Longest monologue of every speaker: consecutive turns of a speaker that
 * the others interrupt only with backchannels (the listener's "嗯", "明白明白"
 * do not take the floor), in the call's unit, and in a timed call the
 * longest in seconds (the sum of its turns' talk times).  Found in the
 * one pass over the turns (monologue_add): a speaker's run goes on when no
 * other speaker took the floor since that speaker's last turn. */
typedef struct monologue {
	size_t run;    /* the speaker's run so far, in the unit */
	size_t last;   /* 1 + index of the speaker's last turn, 0 before it */
	double secs;   /* the run's seconds (a timed call's) */
} monologue;

typedef struct monologues {
	monologue small[8], *m;  /* m: small, or allocated for more speakers */
	size_t floor_taken;      /* 1 + index of the last turn that was not a backchannel */
	ts_span *tmp;            /* turn_seconds' sorting room */
	size_t tmp_cap;
} monologues;

static int monologues_init(monologues *ms, size_t nspeakers)
{
	memset(ms, 0, sizeof *ms);
	ms->m = nspeakers <= sizeof ms->small / sizeof *ms->small ? ms->small
	                                                          : calloc(nspeakers, sizeof *ms->m);
	return ms->m ? 0 : TS_ENOMEM;
}

static void monologues_free(monologues *ms)
{
	if (ms->m != ms->small)
		free(ms->m);
	free(ms->tmp);
}

/* Turn i (t, of len in the unit) into its speaker's run and figures s. */
static int monologue_add(monologues *ms, const ts_call *call, size_t i, const ts_turn *t,
                         size_t len, ts_speaker_stats *s)
{
	monologue *x = &ms->m[t->speaker];
	int goes_on = x->last && ms->floor_taken <= x->last;
	x->run = len + (goes_on ? x->run : 0);
	if (call->timed) {
		double sec = turn_seconds(t, &ms->tmp, &ms->tmp_cap);
		if (sec < 0)
			return TS_ENOMEM;
		x->secs = sec + (goes_on ? x->secs : 0);
		if (x->secs > s->longest_monologue_seconds)
			s->longest_monologue_seconds = x->secs;
	}
	x->last = i + 1;
	/* stores whatever the values, as conditional moves: a branch on
	 * them went either way (a backchannel among other turns, a run
	 * longer than the last) */
	ms->floor_taken = t->backchannel ? ms->floor_taken : i + 1;
	s->longest_monologue = x->run > s->longest_monologue ? x->run : s->longest_monologue;
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
	size_t ns = call->nspeakers ? call->nspeakers : 1;
	if (r->speakers)
		memset(r->speakers, 0, ns * sizeof *r->speakers);
	else if (!(r->speakers = calloc(ns, sizeof *r->speakers)))
		return TS_ENOMEM;
	r->rate = rate;
	r->turns = call->nturns;
	monologues ms;
	if (monologues_init(&ms, call->nspeakers))
		return TS_ENOMEM;
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		ts_speaker_stats *s = &r->speakers[t->speaker];
		size_t len = unit_len(call, t);
		s->turns++;
		s->chars += t->chars;
		s->words += t->words;
		s->length += len;
		s->longest_turn = len > s->longest_turn ? len : s->longest_turn;
		s->backchannels += t->backchannel != 0;
		r->length += len;
		r->switches += i && t->speaker != call->turns[i - 1].speaker;
		if (monologue_add(&ms, call, i, t, len, s)) {
			monologues_free(&ms);
			return TS_ENOMEM;
		}
	}
	monologues_free(&ms);
	for (size_t i = 0; i < call->nspeakers; i++) {
		ts_speaker_stats *s = &r->speakers[i];
		s->share_of_speech = r->length ? (double)s->length / (double)r->length : NAN;
		s->mean_turn_length = s->turns ? (double)s->length / (double)s->turns : 0;
		s->timed = call->timed;
		s->no_text = call->no_text;
		s->share_of_call = s->overlap_seconds = s->overlaps = s->speaking_rate = NAN;
		if (call->timed)
			continue;
		s->seconds = (double)s->length / r->rate;
		s->seconds_estimated = 1;
		s->longest_monologue_seconds = (double)s->longest_monologue / r->rate;
	}
	r->duration = r->speech_seconds = r->silence_seconds = r->overlap_seconds = r->overlaps =
		r->switches_per_minute = r->fto_count = r->fto_median = r->fto_q1 = r->fto_q3 = NAN;
	return call->timed ? ts_timing_compute(call, r) : 0;
}
