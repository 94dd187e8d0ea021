/* Deflections of a call (docs/metrics.md, "Deflections"): the lexicon
 * matches in respondents' turns, each turn with the lexicon of its
 * language, counted by category and speaker, with referral targets; and
 * hang-ups, each one refusal of the call. */
#ifndef TS_DEFLECT_H
#define TS_DEFLECT_H

#include <stddef.h>

#include "analyse/lexicon.h"
#include "analyse/scratch.h"
#include "base/resources.h"

typedef struct ts_defl_match {
	size_t speaker;         /* index into ts_call.speakers */
	const ts_turn *turn;    /* borrowed from the call */
	long line, col;         /* of the match's first character */
	size_t entry;           /* index into the lexicon's entries */
	ts_category category;
	size_t start, end;      /* bytes of turn->text */
	int has_target;
	size_t tstart, tend;    /* bytes of turn->text */
} ts_defl_match;

typedef struct ts_defl_speaker {
	size_t total;
	size_t by_category[TS_CAT_COUNT];
	size_t length;          /* speech of the speaker in the call's unit */
} ts_defl_speaker;

typedef struct ts_defl_target {
	char *text;             /* as written in the first match */
	size_t count;
} ts_defl_target;

typedef struct ts_deflections {
	size_t total;                      /* phrase matches and hang-ups */
	size_t hangups;
	size_t by_category[TS_CAT_COUNT];  /* hang-ups under refusal */
	ts_defl_speaker *speakers;         /* one per ts_call.speakers */
	ts_defl_target *targets;           /* in order of first appearance */
	size_t ntargets, targets_cap;
	ts_defl_match *matches;            /* in turn and text order */
	size_t nmatches, matches_cap;
} ts_deflections;

/* Find the deflections of call.  d is filled and owned by the caller (free
 * with ts_deflections_free, also after a failure).  TS_EUSAGE when the
 * resources have no lexicon (loaded without TS_SECTION_DEFLECTIONS). */
int ts_deflect_call(const ts_resources *res, ts_scratch *scratch, const ts_call *call,
                    ts_deflections *d, ts_error *err);
void ts_deflections_free(ts_deflections *d);

#endif
