/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The class lists of talkstat.h as arrays of names, for code that loops
 * over a list (summary counts, aggregation rows, data files naming a
 * category). */
#ifndef TS_CLASSES_H
#define TS_CLASSES_H

#include <stdint.h>

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

/* ts_reply_clarity and ts_reply_category for the library's own use,
 * inline: a public function called inside the library goes through its
 * PLT (about 250K calls a run of zh20, from the pairs and the re-asks).
 * A reply class's CLARITY class is two bits of a constant, at twice the
 * class. */
#define TS_X_CLARITY_BITS(id, name, clarity) | (uint32_t)TS_C_##clarity << (2 * TS_R_##id)
#define TS_REPLY_CLARITY_BITS (0 TS_REPLY_LIST(TS_X_CLARITY_BITS))
_Static_assert(TS_C_COUNT <= 4 && TS_R_COUNT <= 16, "a reply's clarity in two bits of 32");

static inline ts_clarity ts_reply_clarity_in(ts_reply r)
{
	return (unsigned)r < TS_R_COUNT ? (ts_clarity)(TS_REPLY_CLARITY_BITS >> (2 * (unsigned)r) & 3)
	                                : TS_C_CLEAR_NON_REPLY;
}

static inline ts_category ts_reply_category_in(ts_reply r)
{
	unsigned k = (unsigned)r - (unsigned)TS_R_DEFLECTION;
	return k < TS_CAT_COUNT ? (ts_category)k : TS_CAT_NONE;
}

#endif
