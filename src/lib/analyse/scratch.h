/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What an analysing thread writes to: buffers reused from call to call, so
 * that they grow with the longest turn rather than being allocated for
 * each.  One per thread (run/pipeline.c), passed explicitly; zero it to
 * start, free it with ts_scratch_free. */
#ifndef TS_SCRATCH_H
#define TS_SCRATCH_H

#include <stdlib.h>

#include "analyse/match.h"
#include "analyse/qa.h"

typedef struct ts_scratch {
	ts_matchbuf match;   /* deflection matching */
	ts_qa_work qa;       /* question-answer pairing */
	/* a result's matches and targets given back (ts_result_keep), taken
	 * by the next to grow; the cap of the array last taken, as
	 * ts_qa_work's; its speakers, taken when there is room */
	ts_deflection *matches;
	size_t matches_cap;
	ts_target *targets;
	size_t targets_cap;
	ts_speaker_stats *speakers;
	size_t speakers_cap;
} ts_scratch;

static inline void ts_scratch_free(ts_scratch *s)
{
	ts_matchbuf_free(&s->match);
	ts_qa_work_free(&s->qa);
	free(s->matches);
	free(s->targets);
	free(s->speakers);
	s->matches = NULL;
	s->targets = NULL;
	s->speakers = NULL;
}

#endif
