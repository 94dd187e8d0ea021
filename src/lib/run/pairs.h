/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Pairs given already paired (talkstat qa --pairs, and the training file
 * of talkstat train): the features of a question and its reply with the
 * context's lexicons. */
#ifndef TS_PAIRS_H
#define TS_PAIRS_H

#include "analyse/rfeat.h"
#include "base/jsondoc.h"
#include "run/context.h"

/* Receives a record of a pairs file: its document, the values of the keys
 * asked for, its line.  An error made with ts_jsondoc_fail (TS_EDATA) is
 * moved to the record's line of the file and becomes TS_EINPUT. */
typedef int (*ts_pair_fn)(void *arg, const ts_jsondoc *d, const char *const *val, long line,
                          ts_error *err);

/* Each record of the JSON Lines file at path (blank lines skipped): an
 * object with a string for each of keys (NULL-terminated, at most 8),
 * handed to each in order.  Errors name the file, line and column. */
int ts_pairs_read(const char *path, const char *const *keys, ts_pair_fn each, void *arg,
                  ts_error *err);

/* The features of question q and reply r (NUL-terminated, valid UTF-8) in
 * language lang, the reply's deflections found with the context's
 * matcher, hashed into 2^bits.  0 or a TS_E* code. */
int ts_pair_features(ts_context *ctx, int lang, int bits, const char *q, const char *r,
                     ts_rfvec *v);

#endif
