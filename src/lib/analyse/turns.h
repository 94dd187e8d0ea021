/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Turn-taking and talk-share metrics of one call (DESIGN.md, "Metrics"). */
#ifndef TS_TURNS_H
#define TS_TURNS_H

#include "talkstat.h"

/* Default speaking rates, in units per second (docs/metrics.md):
 * Mandarin 5.18 syllables/s, one character being one syllable (Pellegrino,
 * Coupé & Marsico 2011, "A cross-language perspective on speech information
 * rate", Language 87(3)); English 150 words/min (US National Center for
 * Voice and Speech, conversational American English). */
#define TS_RATE_ZH 5.18
#define TS_RATE_EN 2.5

/* The speaking rate for a call's language and unit: a rate of every
 * language in opt, else the last one of the call's language, else the
 * default of the unit. */
double ts_rate_for(const ts_options *opt, const char *language, ts_unit unit);

/* The turn and talk-share figures of a call into r (r->speakers is
 * allocated here, unless it is set, with room for the call's speakers:
 * zeroed then), seconds estimated at `rate` units per second.  0 or
 * TS_ENOMEM. */
int ts_turns_compute(double rate, const ts_call *call, ts_result *r);

#endif
