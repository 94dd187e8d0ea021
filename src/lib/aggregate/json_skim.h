/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* One JSON value checked whole and cut down to what aggregation reads.
 *
 * A summary record of a long call is mostly lists aggregation never
 * looks at (question-reply pairs, deflection matches): a tree of the whole
 * record took 503 MiB for a 61 MB line (bench/RESULTS-aggregate-shapes.md).
 * The skim walks the text once, checks it is one JSON value (what cJSON
 * would refuse, and what it would take silently: a key given twice in an
 * object, a NUL in a string), and copies out only the members a reader of
 * records keeps (`keep`), so that cJSON parses a small copy. */
#ifndef TS_JSON_SKIM_H
#define TS_JSON_SKIM_H

#include <stddef.h>

#include "base/buf.h"

enum {
	TS_SKIM_OK,
	TS_SKIM_SYNTAX,   /* not JSON from `at` on (at == len: it ends too soon) */
	TS_SKIM_DEEP,     /* arrays and objects nested deeper than cJSON takes */
	TS_SKIM_DUP,      /* the key at `at` (its quote) is given twice; key_len bytes */
	TS_SKIM_NUL,      /* a NUL character (raw or \u0000) at `at` */
	TS_SKIM_NOMEM
};

/* Where a member sits, for `keep`. */
enum {
	TS_SKIM_RECORD,       /* a member of a record or document */
	TS_SKIM_DEFLECTIONS,  /* of a record's "deflections" object */
	TS_SKIM_QA            /* of a record's "qa" object */
};

/* Whether a reader reads the member key[0..n) of an object at `where`
 * (TS_SKIM_*): kept members are copied whole (a "calls" list: each
 * element as a record). */
typedef int (*ts_skim_keep)(int where, const char *key, size_t n);

typedef struct ts_skim_result {
	int status;       /* TS_SKIM_* */
	size_t at;        /* the offset of the fault */
	size_t key_len;   /* TS_SKIM_DUP */
	size_t end;       /* TS_SKIM_OK: the offset after the value */
} ts_skim_result;

/* Skim text[0..len), which must hold one value and blanks around it: the
 * members kept written to out (appended, compact), the rest checked and
 * left out.  The first fault in the text is reported; a syntax error
 * before any other. */
void ts_json_skim(const char *text, size_t len, ts_skim_keep keep, ts_buf *out,
                  ts_skim_result *res);

#endif
