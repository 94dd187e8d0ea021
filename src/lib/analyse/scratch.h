/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What an analysing thread writes to: buffers reused from call to call, so
 * that they grow with the longest turn rather than being allocated for
 * each.  One per thread (run/pipeline.c), passed explicitly; zero it to
 * start, free it with ts_scratch_free. */
#ifndef TS_SCRATCH_H
#define TS_SCRATCH_H

#include "analyse/match.h"

typedef struct ts_scratch {
	ts_matchbuf match;   /* deflection matching */
} ts_scratch;

static inline void ts_scratch_free(ts_scratch *s)
{
	ts_matchbuf_free(&s->match);
}

#endif
