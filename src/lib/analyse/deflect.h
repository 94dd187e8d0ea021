/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Deflections of a call (docs/metrics.md, "Deflections"): the lexicon
 * matches in respondents' turns, each turn with the lexicon of its
 * language, counted by category and speaker, with referral targets; and
 * hang-ups, each one refusal of the call. */
#ifndef TS_DEFLECT_H
#define TS_DEFLECT_H

#include "analyse/scratch.h"
#include "base/resources.h"
#include "talkstat.h"

/* Find the deflections of call into r, whose speakers the turn figures
 * have filled (analyse/turns.h): its deflection fields and each speaker's.
 * TS_EUSAGE when the resources have no lexicon (loaded without
 * TS_SECTION_DEFLECTIONS). */
int ts_deflect_call(const ts_resources *res, ts_scratch *scratch, const ts_call *call,
                    ts_result *r, ts_error *err);

#endif
