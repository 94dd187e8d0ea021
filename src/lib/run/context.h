/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The run context: the options as given (copied) and the resources they
 * call for, loaded once.  It is the public ts_context; inside the library
 * only run/ sees it: the stages get the resources (base/resources.h), the
 * options they need, and a scratch (analyse/scratch.h) of their thread. */
#ifndef TS_CONTEXT_H
#define TS_CONTEXT_H

#include "analyse/lexicon.h"
#include "analyse/rmodel.h"
#include "analyse/scratch.h"
#include "base/budget.h"
#include "base/fold.h"
#include "base/resources.h"
#include "base/text.h"
#include "model/backchannel.h"
#include "talkstat.h"

struct ts_context {
	ts_options opt;          /* the strings and arrays are the context's copies
	                          * (below); caller is in NFKC */
	char *datadir, *format, *encoding, *caller;
	char **speakers;         /* NULL-terminated */
	ts_rate *rates;
	char **rate_langs;
	ts_resources res;        /* what was loaded, read-only from here on */
	ts_textclass *tc;
	ts_langs langs;
	ts_backchannels *bc;
	ts_fold *fold;
	ts_lexicon lexicon;
	struct ts_matcher *matcher;
	ts_rmodel rmodel;        /* --model; its weights NULL without one */
	ts_scratch scratch;      /* the calling thread's (ts_summary_call_json) */
	ts_budget budget;        /* res.budget, once made */
	const char *file_format; /* the reader of ts_summary_file_json's file */
	ts_progress_fn progress; /* ts_context_set_progress */
	void *progress_arg;
};

/* Path of a data file: datadir "/" name, malloc'd. */
char *ts_data_path(const ts_context *ctx, const char *name);

/* The threads a run asks for (ts_options.threads or
 * ts_agg_options.threads, 0: one per processor), from 1 to max. */
unsigned ts_threads_asked(size_t asked, unsigned max);

#endif
