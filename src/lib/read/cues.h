/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What the timed-cue formats share (WebVTT, reader_vtt.c; SubRip,
 * reader_srt.c): a file is one call read line by line; each format says
 * where a cue starts and which lines are its text, and this builder turns
 * cue text into turns:
 *
 *     00:00:01.000 --> 00:00:04.000
 *     <v Roger Bingham>We are in New York City</v>
 *
 * Tags (<b>, <c.x>, <00:00:02.000>) come out, character references
 * (&amp;, &#233;) are decoded, a speaker is named by a <v> voice span, a
 * "Name:" or "[SPEAKER_00]:" prefix, or else carried on from the cue
 * before; consecutive cues of one speaker make one turn, from the first
 * cue's start to the latest end among them, each cue a span of it (the
 * time the speaker talks). */
#ifndef TS_CUES_H
#define TS_CUES_H

#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/resources.h"
#include "model/call.h"
#include "read/input.h"
#include "read/labels.h"
#include "talkstat.h"

/* The speaker of text that no cue so far has named (docs/formats.md). */
#define TS_CUE_UNNAMED "unnamed"

typedef struct ts_cueseg {
	size_t off;  /* in the cleaned line */
	long col;    /* the column of its first character in the source line */
} ts_cueseg;

typedef struct ts_cuevoice {
	size_t off;        /* where the voice starts in the cleaned line */
	size_t name, len;  /* its name in the source line */
	long col;
} ts_cuevoice;

typedef struct ts_cuespk {
	size_t label, id;  /* in names: as first written, and its NFKC */
} ts_cuespk;

/* Where a cue format is in its input: the readers' states. */
enum {
	TS_CUE_HEADER,   /* WebVTT: the header block */
	TS_CUE_BETWEEN,  /* after a blank line */
	TS_CUE_ID,       /* a line that may name the next cue is held */
	TS_CUE_TEXT,     /* in a cue's text */
	TS_CUE_HELD,     /* SubRip: in a cue's text, a number line held */
	TS_CUE_SKIP,     /* WebVTT: in a NOTE, STYLE or REGION block */
	TS_CUE_STRAY     /* in a block that is no cue: narration */
};

typedef struct ts_cues ts_cues;

/* A format: its handling of each line (valid UTF-8, blank or not) and of
 * the input's end. */
typedef struct ts_cuefmt {
	int srt;  /* SubRip: "HH:MM:SS,mmm", {\an8} overrides */
	int (*line)(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err);
	int (*end)(ts_cues *q, ts_error *err);
} ts_cuefmt;

struct ts_cues {
	const ts_resources *res;
	const ts_options *opt;
	const ts_cuefmt *fmt;
	ts_input *in;
	const char *name;     /* the input's, for errors */
	ts_callbuf cb;
	int state;            /* TS_CUE_* */
	int done;
	size_t ncues;
	ts_buf held;          /* the held line (TS_CUE_ID, TS_CUE_HELD) */
	long held_line;
	/* the current cue */
	double start, end;
	int in_rt;            /* inside <rt>: a ruby reading, not said */
	/* the open turn */
	long cur;             /* its speaker, -1: none */
	size_t turn_cue;      /* the last cue whose times it holds */
	long carry;           /* the speaker of the last text, -1: none yet */
	/* one cleaned line */
	ts_buf clean;
	ts_cueseg *segs; size_t nsegs, segs_cap;
	ts_cuevoice *voices; size_t nvoices, voices_cap;
	/* the last names taken from a "Name:" prefix (and shaped as names) */
	ts_label_recent recent;
	/* the speakers of the file */
	ts_buf names;
	ts_cuespk *spk; size_t nspk, spk_cap;
	ts_hindex idx;
};

/* The reader functions of a cue format (read/reader.h). */
int ts_cues_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                 const ts_cuefmt *fmt, ts_error *err);
int ts_cues_next(void *state, ts_callbuf **call, ts_error *err);
void ts_cues_close(void *state);

/* A timing line "START --> END [settings]" in s[0..n): 0 and the times,
 * or the located error (end before start included). */
int ts_cues_timing(ts_cues *q, const char *s, size_t n, long lineno, double *start,
                   double *end, ts_error *err);

/* Whether s[0..n) holds "-->": a timing line, or a broken one. */
int ts_cues_arrow(const char *s, size_t n);

/* Start a cue at its timing line s[0..n) (checked: a located error);
 * its text follows (TS_CUE_TEXT). */
int ts_cues_start(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err);

/* A line of the current cue's text. */
int ts_cues_text(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err);

/* A line of text outside any cue: narration, kept but not speech. */
int ts_cues_stray(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err);

/* Hold a line (and its number) until the next says what it is. */
int ts_cues_hold(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err);

/* Whether the first line of head[0..n) (a sniffer's bytes, blank lines
 * skipped) is followed by a timing line of the format: the SubRip
 * sniffer's test, given where its second line starts. */
int ts_cues_timing_shape(const char *s, size_t n, int srt);

/* Blank: nothing but spaces and tabs. */
int ts_cues_blank(const char *s, size_t n);

#endif
