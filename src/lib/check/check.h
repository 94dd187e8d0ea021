/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What the files of check/ share: the table of checks, the checker's
 * state, and the passes over a file that feed it. */
#ifndef TS_CHECK_H
#define TS_CHECK_H

#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/resources.h"
#include "read/input.h"
#include "talkstat.h"

/* The checks: X(ID, name, severity, about).  Their order is the order of
 * output on one place and of the rules in SARIF. */
#define TS_CHECK_LIST(X) \
	X(READ, "read", TS_SEV_ERROR, "the reader rejects the file (invalid UTF-8, no speaker labels ...)") \
	X(LABEL_ONCE, "label-once", TS_SEV_WARNING, "a label that starts only one line is not taken as a speaker") \
	X(SPEAKER_MISSING, "speaker-missing", TS_SEV_ERROR, "a speaker of --speakers or the --caller never speaks") \
	X(LABEL_LIKE, "label-like", TS_SEV_WARNING, "a line starts like a label that is not taken as a speaker") \
	X(LONG_NARRATION, "long-narration", TS_SEV_WARNING, "long unlabelled text, read as narration, not speech") \
	X(STAGE_IN_SPEECH, "stage-in-speech", TS_SEV_WARNING, "a bracketed stage direction left inside speech") \
	X(TIMECODE, "timecode", TS_SEV_WARNING, "a timecode left inside speech") \
	X(LONE_CR, "lone-cr", TS_SEV_WARNING, "a line ended by a carriage return alone") \
	X(MOJIBAKE, "mojibake", TS_SEV_WARNING, "UTF-8 text decoded as Latin-1 or GBK and encoded again") \
	X(PAGE_ARTEFACT, "page-artefact", TS_SEV_WARNING, "a page number or running header left in speech") \
	X(ONE_SPEAKER, "one-speaker", TS_SEV_WARNING, "a call with fewer than two speakers") \
	X(MIXED_LANGUAGE, "mixed-language", TS_SEV_WARNING, "a call with many turns in each of two languages") \
	X(DUPLICATE_HEADER, "duplicate-header", TS_SEV_WARNING, "a call header repeated in the file") \
	X(META_KEYS, "meta-keys", TS_SEV_WARNING, "a metadata key missing from some files, or spelt in another case")

#define TS_X_CHECK_ENUM(id, name, sev, about) TS_CK_##id,
typedef enum ts_check_id { TS_CHECK_LIST(TS_X_CHECK_ENUM) TS_CK_COUNT } ts_check_id;

/* Narration longer than this (characters) is reported: the longest
 * narration of the bundled transcripts is a sentence after a hang-up
 * ("随后再次拨打，不再接听电话。", 14 characters). */
#define TS_CHECK_NARRATION_MAX 200

/* A diagnostic as kept: the message is owned, the file an index. */
typedef struct ts_diag_rec {
	size_t file;
	long line, col;
	ts_check_id check;
	size_t seq;          /* order of finding, the last key of the sort */
	char *message;
} ts_diag_rec;

/* A line start that looks like a label, seen by the line pass (the calls
 * tell afterwards whether its line started a turn); or a line of speech
 * that may be a running header. */
typedef struct ts_cand_rec {
	char *label;     /* NFKC; or the line's text */
	long line, col;
	int shape_only;  /* longer than a label may be: never a speaker */
} ts_cand_rec;

typedef struct ts_cands {
	ts_cand_rec *v;
	size_t n, cap;
} ts_cands;

void ts_cands_free(ts_cands *c);

/* A metadata key as written in a file ("@org" at line 3). */
typedef struct ts_meta_use {
	size_t file;
	long line, col;
	char *key;
} ts_meta_use;

struct ts_checker {
	ts_context *ctx;
	const ts_resources *res;
	const ts_options *opt;
	unsigned char enabled[TS_CK_COUNT];
	int strict;
	char **files;           /* names, in the order checked */
	size_t nfiles, files_cap;
	ts_diag_rec *recs;
	size_t nrecs, recs_cap;
	int sorted;
	ts_diagnostic *view;    /* what ts_checker_diagnostics hands out */
	ts_meta_use *meta;
	size_t nmeta, meta_cap;
	/* of the file being checked: the call headers so far, and the lines
	 * that continue a turn (running headers) */
	ts_cands speech_lines;
	char **titles;
	long *title_lines;
	size_t ntitles, titles_cap, title_lines_cap;
};

/* Forget the headers and lines of speech of the file before. */
void ts_ck_titles_reset(ts_checker *ck);

/* Record a finding of check `id` in the current file (the last added),
 * unless the check is off.  0 or TS_ENOMEM. */
int ts_ck_emit(ts_checker *ck, ts_check_id id, long line, long col, const char *fmt, ...)
	TS_PRINTF(5, 6);
/* The same in file number `file` (0: the first checked). */
int ts_ck_emit_in(ts_checker *ck, size_t file, ts_check_id id, long line, long col,
                  const char *fmt, ...) TS_PRINTF(6, 7);

/* The severity a diagnostic of check id gets (with --strict). */
ts_severity ts_ck_severity(const ts_checker *ck, ts_check_id id);


/* The line pass over an open input (rewound first and after): lone CRs,
 * mojibake, metadata keys and, when `labels` is set (labelled text), the
 * label candidates into *cands. */
int ts_ck_lines(ts_checker *ck, ts_input *in, int labels, ts_cands *cands, ts_error *err);

/* Of the candidates, those whose line did not start a turn (turn_lines:
 * the lines that did, ascending): label-once and label-like. */
int ts_ck_labels(ts_checker *ck, ts_cands *cands, const long *turn_lines, size_t nturn_lines);

/* The checks of one call (its speakers, turns and narration). */
int ts_ck_call(ts_checker *ck, const ts_call *call);

/* After the calls of a file: the lines of speech that recur (running
 * headers), from ck->speech_lines. */
int ts_ck_running_headers(ts_checker *ck);

/* Where the text of a line has mojibake: 1 and the byte offset of its
 * start, else 0. */
int ts_mojibake_find(const char *s, size_t n, size_t *at);

/* Where a text has a timecode ("00:12:03", "[12:03]"): 1 and its span. */
int ts_timecode_find(const char *s, size_t n, size_t from, size_t *start, size_t *end);

/* The checks across files: metadata keys. */
int ts_ck_meta_keys(ts_checker *ck);

#endif
