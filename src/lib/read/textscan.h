/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The first pass over labelled text: count speaker-label candidates, and
 * note the call headers where a run may be cut between threads. */
#ifndef TS_TEXTSCAN_H
#define TS_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "talkstat.h"
#include "read/input.h"
#include "read/labels.h"
#include "read/lineclass.h"
#include "read/reader.h"

/* A call header: where a part of a parallel run may start. */
typedef struct ts_textmark {
	long long off;   /* byte offset of the line */
	long line;       /* lines before it in the scanned range */
	size_t header;   /* header lines before it in the scanned range */
} ts_textmark;

typedef struct ts_textscan {
	ts_labels *labels;
	int content;           /* a line that is not blank */
	int opened;            /* a line that opens a call: a header, speech, narration */
	int first_is_header;   /* ... and the first of them is a header */
	size_t nheaders;
	long nlines;
	long long mark_every;  /* 0: no marks; else at least this many bytes apart */
	long long last_mark;
	ts_textmark *marks;
	size_t nmarks, markcap;
	long full_line, full_col;  /* where the label table filled up, else 0 */
	ts_frontmatter fm;         /* (its lines are neither labels nor call starts) */
	size_t note;               /* note up to this many lines for a second pass: */
	uint16_t *notes;           /* line k + 1's note (labels.h ts_labels_note16) */
	size_t nnotes, notecap;
} ts_textscan;

/* Start a scan of a range that starts at byte `start`, with the label
 * conventions of the languages ls (which must outlive it); declared
 * speakers (opt) are declared. */
int ts_textscan_init(ts_textscan *sc, const ts_langs *ls, const ts_options *opt,
                     long long mark_every, long long start, ts_error *err);
void ts_textscan_free(ts_textscan *sc);

/* Scan every line of in.  A label table that fills up (labels.h) stops
 * nothing here: full_line says where, for the caller to report (a part of
 * a parallel run is counted again in one pass, which says where). */
int ts_textscan_run(ts_textscan *sc, const ts_textclass *tc, ts_input *in, ts_error *err);

/* The parts of a parallel run (read/reader.h; ends left to the caller)
 * from the scans (each a ts_textscan) of consecutive ranges of the input,
 * the first at its start: the input's start, then every marked header
 * that starts a new call, with the lines and calls before it.  0 or
 * TS_ENOMEM. */
int ts_textscan_plan(void *const *scans, size_t nscans, ts_part **parts, size_t *nparts);

#endif
