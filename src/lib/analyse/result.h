/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call's result (talkstat.h, ts_result): every analyser in turn. */
#ifndef TS_RESULT_H
#define TS_RESULT_H

#include "analyse/scratch.h"
#include "base/resources.h"
#include "talkstat.h"

/* Analyse call into r for `sections`, estimating seconds at the speaking
 * rate opt gives the call's language (ts_rate_for).  r is zeroed first; free it with ts_result_free, also after
 * a failure.  Deflections are found for the question-answer section too
 * (its reply classes use them): both need a lexicon in the resources. */
int ts_result_compute(const ts_resources *res, ts_scratch *scratch, const ts_options *opt,
                      const ts_call *call, unsigned sections, ts_result *r, ts_error *err);

/* ts_result_free, r's speakers, matches, targets (their texts freed),
 * questions and pairs given back to the thread's scratch, which r was
 * computed with, for its next result to grow in (not a huge call's): a
 * summary made and freed them for each of thousands of calls. */
void ts_result_keep(ts_scratch *scratch, ts_result *r);

#endif
