#include "config.h"

#include "analyse/deflect.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/call.h"
#include "base/diag.h"
#include "analyse/match.h"

void ts_deflections_free(ts_deflections *d)
{
	free(d->speakers);
	for (size_t i = 0; i < d->ntargets; i++)
		free(d->targets[i].text);
	free(d->targets);
	free(d->matches);
	memset(d, 0, sizeof *d);
}

static int count_target(ts_deflections *d, const char *s, size_t n)
{
	for (size_t i = 0; i < d->ntargets; i++)
		if (strlen(d->targets[i].text) == n && !memcmp(d->targets[i].text, s, n)) {
			d->targets[i].count++;
			return 0;
		}
	if (TS_GROW(d->targets, d->targets_cap, d->ntargets + 1))
		return TS_ENOMEM;
	char *copy = strndup(s, n);
	if (!copy)
		return TS_ENOMEM;
	d->targets[d->ntargets++] = (ts_defl_target){copy, 1};
	return 0;
}

int ts_deflect_call(const ts_resources *res, ts_scratch *scratch, const ts_call *call,
                    ts_deflections *d, ts_error *err)
{
	memset(d, 0, sizeof *d);
	if (!res->matcher)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no deflection lexicon loaded");
	d->speakers = calloc(call->nspeakers ? call->nspeakers : 1, sizeof *d->speakers);
	if (!d->speakers)
		return ts_nomem(err);
	for (size_t i = 0; i < call->nevents; i++)
		if (call->events[i].kind == TS_EVENT_HANGUP)
			d->hangups++;
	d->total = d->hangups;
	d->by_category[TS_CAT_REFUSAL] = d->hangups;
	for (size_t t = 0; t < call->nturns; t++) {
		const ts_turn *turn = &call->turns[t];
		ts_defl_speaker *sp = &d->speakers[turn->speaker];
		sp->length += call->unit == TS_UNIT_CHARS ? turn->chars : turn->words;
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
		ts_poscursor pos;
		ts_poscursor_init(&pos, turn);
		for (size_t k = 0; k < nm; k++) {
			const ts_match *x = &ms[k];
			ts_category cat = res->lexicon->entries[x->entry].category;
			/* the match still runs from its phrase; only the target's
			 * text loses "the" or "我们" */
			size_t ts = x->has_target ? ts_lexicon_trim_target(res->lexicon, lang, turn->text,
			                                                   x->tstart, x->tend)
			                          : x->tstart;
			if (TS_GROW(d->matches, d->matches_cap, d->nmatches + 1) ||
			    (x->has_target && count_target(d, turn->text + ts, x->tend - ts)))
				return ts_nomem(err);
			ts_defl_match *dm = &d->matches[d->nmatches++];
			*dm = (ts_defl_match){turn->speaker, turn, 0, 0, x->entry, cat, x->start, x->end,
			                      x->has_target, ts, x->tend};
			ts_poscursor_at(&pos, x->start, &dm->line, &dm->col);
			d->total++;
			d->by_category[cat]++;
			sp->total++;
			sp->by_category[cat]++;
		}
	}
	return 0;
}
