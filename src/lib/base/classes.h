/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The class lists of talkstat.h as arrays of names, for code that loops
 * over a list (summary counts, aggregation rows, data files naming a
 * category). */
#ifndef TS_CLASSES_H
#define TS_CLASSES_H

#include "talkstat.h"

extern const char *const ts_event_kind_names[TS_EVENT_KIND_COUNT];
extern const char *const ts_clarity_names[TS_C_COUNT];
/* the categories, then "none" (TS_CAT_NONE): lexicon entries may name it */
extern const char *const ts_category_names[TS_CAT_NONE + 1];
extern const char *const ts_reply_names[TS_R_COUNT];
extern const char *const ts_qtype_names[TS_Q_TYPE_COUNT];
extern const char *const ts_evasion_names[TS_EV_COUNT];
/* the names a training file may give instead (QEvasion's, folded) */
extern const char *const ts_evasion_aliases[TS_EV_COUNT];

#endif
