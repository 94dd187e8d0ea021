/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Questions cut off by the respondent and resumed by the caller:
 *
 *   Q:  And is the department going to --
 *   A:  Yeah.
 *   Q:  -- publish the report before the election?
 *
 * Transcripts mark the cut and the resumption with a dash or an ellipsis.
 * The interjection acknowledges; it does not reply, and the fragment is
 * not a question of its own. */
#ifndef TS_QA_RESUME_H
#define TS_QA_RESUME_H

#include <stddef.h>

#include "analyse/qa.h"
#include "talkstat.h"

/* The cut-off mark text[0..n) ends with (before blanks): an ellipsis
 * ("...", U+2026, so also "……") or a dash ("--", U+2013, U+2014, U+2015,
 * U+2E3A, U+2E3B); a single '-' or '.' is none. */
typedef enum ts_cut { TS_CUT_NONE = 0, TS_CUT_ELLIPSIS, TS_CUT_DASH } ts_cut;
ts_cut ts_cut_at_end(const char *text, size_t n);

/* Whether text[0..n) starts (after blanks) with one of those marks. */
int ts_cut_at_start(const char *text, size_t n);

/* The caller turn that resumes the question q of qa, or 0 when there is
 * none: q is the last sentence of its turn and cut off, the turns after it
 * until the caller speaks again are all backchannels of respondents, and
 * that caller turn (the same speaker's) starts with a cut-off mark. */
size_t ts_qa_resumed_in(const ts_call *call, const ts_qa *qa, size_t q);

/* Questions resumed in a turn that holds a question of its own are one
 * question: the fragment is dropped (its counts with it) and the first
 * question of the resuming turn, when nothing but blanks and cut-off marks
 * comes before it, takes the fragment's type (the question word or the
 * inversion was in the fragment).  resume[i] (nquestions entries on return, calloc'd; NULL when
 * no question resumes) is then the turn that resumes question i, which
 * has no question of its own there: its reply follows that turn.
 * 0, or TS_ENOMEM. */
int ts_qa_join_resumed(const ts_call *call, ts_qa *qa, size_t **resume);

#endif
