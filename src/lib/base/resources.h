/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The read-only data of a run: loaded once (run/context.c) and then shared
 * by every thread without locks.  Each stage uses the members it knows;
 * the types are declared here only by name, so that this header depends on
 * nothing above base/.  What a thread writes to is its scratch
 * (analyse/scratch.h), passed to each function on its own. */
#ifndef TS_RESOURCES_H
#define TS_RESOURCES_H

#include "base/lang.h"
#include "base/text.h"

struct ts_fold;
struct ts_backchannels;
struct ts_lexicon;
struct ts_matcher;
struct ts_rmodel;

typedef struct ts_resources {
	const ts_textclass *tc;               /* character classes (base/text.h) */
	const ts_langs *langs;                /* the languages and their rules (base/lang.h) */
	const struct ts_fold *fold;           /* folding for matching (base/fold.h) */
	const struct ts_backchannels *bc;     /* backchannel tokens (model/backchannel.h) */
	const struct ts_lexicon *lexicon;     /* deflection phrases (analyse/lexicon.h), */
	const struct ts_matcher *matcher;     /* ... and their automaton; NULL when no
	                                       * section of the run needs them */
	const struct ts_rmodel *rmodel;       /* the reply model (analyse/rmodel.h), NULL:
	                                       * the rules alone */
	int rmodel_lang;                      /* ... the language of its pairs */
	struct ts_budget *budget;             /* what large calls hold (base/budget.h),
	                                       * shared by the run's threads; NULL: none */
} ts_resources;

#endif
