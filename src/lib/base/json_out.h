/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The one JSON writer: a value written member by member straight into a
 * buffer, two-space indentation or compact, one string escaper, and named
 * number modes, independent of the locale. */
#ifndef TS_JSON_OUT_H
#define TS_JSON_OUT_H

#include "base/buf.h"

/* How numbers are written: */
enum {
	TS_NUM_FIXED = 0,  /* integers as integers, other values with at most six
	                    * decimals: every figure and statistic */
	TS_NUM_SIG,        /* six significant digits, exponent form when small (a
	                    * p-value of 3e-12 is not 0) */
	TS_NUM_EXACT       /* the shortest text that reads back as the same double
	                    * (partial aggregates, which must merge exactly) */
};

/* Append a number in a mode ("null" when not finite).  0 or -1. */
int ts_json_number(ts_buf *out, double v, int mode);

/* A number rounded to six decimals (output is stable across platforms). */
double ts_round6(double x);

/* The writer: objects and arrays are opened and closed in order and their
 * members written straight into the buffer.  `key` is the member name
 * inside an object and NULL inside an array.  Out of memory is recorded in
 * `oom` and makes the rest no-ops.  The buffer may be emptied between
 * members (written out as it fills): the writer keeps its state apart. */
#define TS_JW_MAX_DEPTH 32

typedef struct ts_jw {
	ts_buf *out;
	int pretty;
	int base;                              /* levels of indentation before the root */
	int depth;                             /* levels open */
	int started;                           /* the root value has begun */
	int oom;
	unsigned char count[TS_JW_MAX_DEPTH];  /* whether a level has members yet */
} ts_jw;

void ts_jw_init(ts_jw *w, ts_buf *out, int pretty, int indent);
void ts_jw_object(ts_jw *w, const char *key);
void ts_jw_array(ts_jw *w, const char *key);
void ts_jw_end(ts_jw *w, int object);
void ts_jw_num(ts_jw *w, const char *key, double v);           /* TS_NUM_FIXED */
void ts_jw_num_mode(ts_jw *w, const char *key, double v, int mode);
void ts_jw_count(ts_jw *w, const char *key, unsigned long long v);
/* A value already written as JSON text (a call's summary in a document). */
void ts_jw_raw(ts_jw *w, const char *key, const char *json, size_t len);
void ts_jw_str(ts_jw *w, const char *key, const char *s);  /* NULL writes null */
void ts_jw_strn(ts_jw *w, const char *key, const char *s, size_t n);
/* A string from outside the readers' validation (a file name, an
 * argument, a group key): bytes that are not UTF-8 become U+FFFD, so the
 * output stays JSON.  The others take UTF-8, as the readers ensure. */
void ts_jw_str_lossy(ts_jw *w, const char *key, const char *s);
void ts_jw_bool(ts_jw *w, const char *key, int v);
void ts_jw_null(ts_jw *w, const char *key);

#endif
