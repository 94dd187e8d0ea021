/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Timed segments (STM, RTTM): rows of fields, one segment of one speaker
 * each, a recording's id on every row.  A recording is a call; its rows
 * are collected (they must come together: a recording whose rows resume
 * after another's is an error, as its call has gone), sorted by start, and
 * consecutive segments of one speaker make one turn, each segment a span
 * of it (ts_callbuf_times).  Rows without text (RTTM) that come in time
 * order, as diarisation systems write them, go straight into the call
 * instead, and are collected only from the first row out of order on.
 * Memory grows with the largest recording. */
#ifndef TS_SEGMENTS_H
#define TS_SEGMENTS_H

#include <stddef.h>

#include "base/resources.h"
#include "model/call.h"
#include "read/input.h"
#include "talkstat.h"

/* One row's segment, its strings in the row (their columns are worked
 * out from where they are in it). */
typedef struct ts_segline {
	const char *file; size_t fn;      /* the recording */
	const char *spk; size_t sn;       /* the speaker, as written */
	double start, end;                /* seconds, finite, 0 <= start <= end */
	const char *text; size_t tn;      /* the words, or none */
} ts_segline;

typedef struct ts_seg_format {
	/* A row (valid UTF-8, checked) of input `name`: 1 and *sl, 0 for a row
	 * that is no segment (a comment, another kind of row), or an error. */
	int (*parse)(const char *name, const char *line, size_t n, long lineno, ts_segline *sl,
	             ts_error *err);
	/* Append a segment's text to the open turn of cb; NULL: the format has
	 * no text (the call is ts_callbuf_no_text).  0 or TS_ENOMEM. */
	int (*text)(ts_callbuf *cb, const char *s, size_t n, long line, long col);
	const char *what;                 /* "segments", "SPEAKER rows": for "no ..." */
} ts_seg_format;

int ts_segs_open(void **state, const ts_seg_format *f, const ts_resources *res, ts_input *in,
                 ts_error *err);

/* A reader row's open (ts_format_reader) over format f. */
#define TS_SEGS_OPEN(fn, f)                                                                     \
	static int fn(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,    \
	              ts_error *err)                                                                \
	{                                                                                           \
		(void)opt;                                                                              \
		return ts_segs_open(state, &(f), res, in, err);                                         \
	}
int ts_segs_next(void *state, ts_callbuf **call, ts_error *err);
void ts_segs_close(void *state);

/* Blank-separated fields: the next one of s[0..n) from *at (moved past
 * it): its offset and length, or 0 when there is none.  Inline: a row is
 * ten of them. */
static inline int ts_seg_field(const char *s, size_t n, size_t *at, size_t *off, size_t *len)
{
	size_t i = *at;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n) {
		*at = n;
		return 0;
	}
	size_t b = i;
	/* a byte above ' ' is no blank: one test for most bytes */
	while (i < n && ((unsigned char)s[i] > ' ' || (s[i] != ' ' && s[i] != '\t')))
		i++;
	*off = b;
	*len = i - b;
	*at = i;
	return 1;
}

/* The first max fields of s[0..n) from *at, as ts_seg_field would give
 * them one by one: how many (at most max), and *at past the last one (n
 * when there are fewer).  Eight bytes at a time: a row is a dozen short
 * fields, and splitting them was a fifth of reading RTTM. */
int ts_seg_fields(const char *s, size_t n, size_t *at, size_t *off, size_t *len, int max);

/* A time in seconds as STM and RTTM write it: digits with an optional
 * fraction and exponent ("12.5", "1e3"); no sign.  Locale-proof.  0, or -1
 * when s[0..n) is no such number or too large. */
int ts_seg_time(const char *s, size_t n, double *v);

/* The two fields at off[0..2) of a row as times into t[0..2), or the
 * error at the first that is none. */
int ts_seg_times(const char *name, const char *line, long lineno, const size_t *off,
                 const size_t *len, double t[2], ts_error *err);

/* For sniffers: the fields of the first row of head[0..n) that is
 * neither blank nor a ";;" comment, at most max of them; how many (0: no
 * such row). */
int ts_seg_head_row(const char *head, size_t n, size_t *off, size_t *len, int max);

/* The column (from 1, in characters) of byte off of line. */
long ts_seg_col(const char *line, size_t off);

/* The bytes of s[0..n) before its first '\n' or '\r' (n for none): a
 * row's text may hold lines of its own (ConvoKit's "\n"). */
size_t ts_seg_line_end(const char *s, size_t n);

#endif
