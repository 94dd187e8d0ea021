/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Places in the text of one JSON value.  cJSON keeps no positions and
 * lets the first of two equal keys win, and its strings end at a NUL, so
 * the raw text is walked again: to reject what cJSON would silently take,
 * and to give an error's column. */
#ifndef TS_JSON_WHERE_H
#define TS_JSON_WHERE_H

#include <stddef.h>

#include "talkstat.h"

/* A step of a path: a member (key) or an array element (key NULL, idx). */
typedef struct ts_jstep {
	const char *key;
	long idx;
} ts_jstep;

/* Reject what cJSON would take silently in text[0..len), one JSON value
 * that cJSON parsed: a key given twice in one object, a NUL character
 * (raw or \u0000) in a string.  0, TS_EINPUT at file:line:col (text starts
 * on line `line`, column 1), or TS_ENOMEM. */
int ts_json_check(const char *text, size_t len, const char *file, long line, ts_error *err);

/* TS_EINPUT at byte `at` of text (which starts on line `line`): the key
 * key[0..klen) given twice, else (key NULL) a NUL character. */
int ts_json_fault(const char *text, size_t at, const char *file, long line, ts_error *err,
                  const char *key, size_t klen);

/* The offset of the member or element at path[0..n) in text (its key, for
 * a member), the `nth` (from 0) of that name for the last step; (size_t)-1
 * when it is not there or keys are spelt with escapes. */
size_t ts_json_locate(const char *text, size_t len, const ts_jstep *path, size_t n, size_t nth);

/* The 1-based column of offset `at` in text (a line), 0 for (size_t)-1. */
long ts_json_col(const char *text, size_t at);

#endif
