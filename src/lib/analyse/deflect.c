/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/deflect.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/lexicon.h"
#include "analyse/match.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/lang.h"
#include "model/call.h"

static int count_target(ts_result *r, size_t *cap, const char *s, size_t n)
{
	for (size_t i = 0; i < r->ntargets; i++)
		if (strlen(r->targets[i].text) == n && !memcmp(r->targets[i].text, s, n)) {
			r->targets[i].count++;
			return 0;
		}
	if (TS_GROW(r->targets, *cap, r->ntargets + 1))
		return TS_ENOMEM;
	char *copy = strndup(s, n);
	if (!copy)
		return TS_ENOMEM;
	r->targets[r->ntargets++] = (ts_target){copy, 1};
	return 0;
}

int ts_deflect_call(const ts_resources *res, ts_scratch *scratch, const ts_call *call,
                    ts_result *r, ts_error *err)
{
	if (!res->matcher)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no deflection lexicon loaded");
	/* matches and targets grow in what the thread's last result gave
	 * back, if any */
	if (scratch->matches) {
		r->matches = scratch->matches;
		scratch->matches = NULL;
	} else {
		scratch->matches_cap = 0;
	}
	if (scratch->targets) {
		r->targets = scratch->targets;
		scratch->targets = NULL;
	} else {
		scratch->targets_cap = 0;
	}
	for (size_t i = 0; i < call->nevents; i++)
		if (call->events[i].kind == TS_EVENT_HANGUP)
			r->hangups++;
	r->deflections = r->hangups;
	r->by_category[TS_CAT_REFUSAL] = r->hangups;
	for (size_t t = 0; t < call->nturns; t++) {
		const ts_turn *turn = &call->turns[t];
		ts_speaker_stats *sp = &r->speakers[turn->speaker];
		/* A caller's "I don't know if ..." is not an official's deflection. */
		if (call->speakers[turn->speaker].role != TS_ROLE_RESPONDENT)
			continue;
		const ts_match *ms;
		size_t nm;
		int lang = ts_turn_language(res->langs, call, turn);
		int rc = ts_matcher_run(res->matcher, &scratch->match, turn->text, turn->len, lang, &ms,
		                        &nm);
		if (rc == TS_ELIMIT)
			return ts_fail(err, rc, NULL, turn->line, turn->col, "turn too long to match");
		if (rc)
			return ts_nomem(err);
		if (!nm)
			continue;  /* most turns: no cursor made for them */
		ts_poscursor pos;
		ts_poscursor_init(&pos, turn);
		for (size_t k = 0; k < nm; k++) {
			const ts_match *x = &ms[k];
			const ts_lexentry *e = &res->lexicon->entries[x->entry];
			/* the match still runs from its phrase; only the target's
			 * text loses "the" or "我们" */
			size_t ts = x->has_target ? ts_lexicon_trim_target(res->lexicon, lang, turn->text,
			                                                   x->tstart, x->tend)
			                          : x->tstart;
			if (TS_GROW(r->matches, scratch->matches_cap, r->nmatches + 1) ||
			    (x->has_target && count_target(r, &scratch->targets_cap, turn->text + ts, x->tend - ts)))
				return ts_nomem(err);
			/* every member given: with line and col left to zero
			 * and set after, the whole was zeroed first by rep stos,
			 * whose start cost a tenth of this function (perf, zh20) */
			long line, col;
			ts_poscursor_at(&pos, x->start, &line, &col);
			r->matches[r->nmatches++] = (ts_deflection){
				.turn = t, .speaker = turn->speaker, .line = line, .col = col,
				.category = e->category, .entry = e->phrase, .start = x->start,
				.end = x->end, .has_target = x->has_target, .target_start = ts,
				.target_end = x->tend, .declines = e->declines};
			r->deflections++;
			r->by_category[e->category]++;
			sp->deflections++;
			sp->deflections_by[e->category]++;
		}
	}
	for (size_t i = 0; i < r->nspeakers; i++) {
		ts_speaker_stats *sp = &r->speakers[i];
		sp->per_1000 = sp->length ? 1000.0 * (double)sp->deflections / (double)sp->length : NAN;
	}
	return 0;
}
