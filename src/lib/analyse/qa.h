/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Question-answer pairing (DESIGN.md, "qa"): every question of the caller
 * is paired with the respondents' reply (their turns after it, until the
 * caller speaks again), the reply is classed by rule, and each class maps
 * to CLARITY's three.  Every pair says which rule decided it. */
#ifndef TS_QA_H
#define TS_QA_H

#include <stddef.h>
#include <stdint.h>

#include "base/resources.h"
#include "analyse/rfeat.h"
#include "analyse/questions.h"
#include "base/classes.h"

/* A deflection found in a turn: the input the reply classes use. */
typedef struct ts_qa_defl {
	size_t turn;         /* 0-based index into call->turns */
	size_t start, end;   /* bytes of the turn's text */
	ts_category category;
	int declines;        /* the lexicon entry's "declines" */
} ts_qa_defl;

/* The public question and pair (talkstat.h), so that a result takes the
 * arrays over as they are; the positions of questions and the CLARITY
 * classes of pairs are the result's to fill (analyse/result.c). */
typedef ts_question ts_qa_question;
typedef ts_pair ts_qa_pair;

typedef struct ts_qa_side {
	size_t questions;    /* caller questions this respondent replied to */
	size_t clear;        /* ... with a clear reply */
	size_t deflected;    /* ... with a reply in a deflection class */
} ts_qa_side;

typedef struct ts_qa {
	ts_qa_question *questions;   /* of every speaker, in text order */
	size_t nquestions, questions_cap;
	size_t marked;
	size_t by_type[TS_Q_TYPE_COUNT];
	size_t *by_speaker;          /* questions per speaker of the call */
	ts_qa_pair *pairs;           /* one per caller question */
	size_t npairs, pairs_cap;
	size_t by_reply[TS_R_COUNT];
	size_t by_clarity[TS_C_COUNT];
	size_t reasks;
	ts_qa_side *sides;           /* per speaker; used for respondents (in
	                              * by_speaker's allocation) */
} ts_qa;

/* A thread's working arrays of ts_qa_call, kept from call to call: a
 * summary of 5,300 calls of 56 turns made and freed them for each (the
 * re-asks' window, 11 KB, took 340 instructions a malloc).  Zero
 * it to start; ts_qa_call frees each that has grown past
 * TS_QA_WORK_KEEP bytes when it is done, so that a thread does not hold
 * a huge call's arrays for the rest of the run; free it with
 * ts_qa_work_free. */
typedef struct ts_qa_work {
	unsigned char *turns;        /* per turn: language, sentences, shape, hang-up */
	size_t turns_cap;
	ts_sentence *all;            /* the call's sentences */
	size_t all_cap;
	uint64_t *keys;              /* the re-asks' window */
	size_t keys_cap;
	struct ts_rsent *part;       /* a reply's part (analyse/reply_part.h) */
	size_t part_cap;
	unsigned char *hits;         /* per sentence of part, holds a deflection */
	size_t hits_cap;
	ts_qa_defl *defl;            /* the caller's: the deflections it hands in */
	size_t defl_cap;
	/* A result's questions and pairs given back (ts_result_keep), which
	 * the next call's ts_qa takes to grow; each cap is that of the array
	 * last taken, wherever it is now, and counts only while the array is
	 * here (not NULL). */
	ts_qa_question *questions;
	size_t questions_cap;
	ts_qa_pair *pairs;
	size_t pairs_cap;
	/* by_speaker's block (and sides') given back by the caller once it
	 * has read them, for as many speakers as by_speaker_cap */
	size_t *by_speaker;
	size_t by_speaker_cap;
	/* the reply model's features: their 2^bits slot table (16 KiB for
	 * the default model) was allocated and cleared, and the vector's
	 * buffers grown again, for every call */
	ts_rfvec features;
} ts_qa_work;

#define TS_QA_WORK_KEEP ((size_t)64 * 1024)

void ts_qa_work_free(ts_qa_work *w);

/* Find the questions of call and pair the caller's with their replies,
 * with the working arrays of w (NULL: the call's own, freed before it
 * returns).  defl lists the deflections of the respondents' turns (sorted
 * by turn and start).  qa is owned by the caller: free it with
 * ts_qa_free, also after a failure. */
int ts_qa_call(const ts_resources *res, ts_qa_work *w, const ts_call *call, const ts_qa_defl *defl,
               size_t ndefl, ts_qa *qa, ts_error *err);
void ts_qa_free(ts_qa *qa);

/* Content overlap of two questions, 0..1 (docs/qa.md, "Re-asks"). */
double ts_qa_similarity(const ts_textclass *tc, const ts_lang *lang, const char *a, size_t an,
                        const char *b, size_t bn);

/* For tests: a rule's reason fmt as a pair's why is written ({what} the
 * cue, {name} the reply class of category d, -1 none, {count}, {total},
 * {dsent}, {nsent}, {tie}, {part} when part), into why[0..cap). */
void ts_qa_reason(const char *fmt, const char *what, int d, size_t count, size_t total,
                  size_t dsent, size_t nsent, int part, char *why, size_t cap);

/* For tests: rule r's reason (in the order they are tried) written as
 * ts_qa_reason writes its fmt, which it returns; NULL past the last. */
const char *ts_qa_rule_reason(size_t r, const char *what, int d, size_t count, size_t total,
                              size_t dsent, size_t nsent, int part, char *why, size_t cap);

/* The threshold of ts_qa_similarity above which a question asks an earlier
 * one again. */
#define TS_QA_REASK_THRESHOLD 0.5
/* A re-ask is looked for among this many questions before it. */
#define TS_QA_REASK_WINDOW 256
/* A turn of more questions shares its reply whole (no parts per question). */
#define TS_QA_PART_MAX_QUESTIONS 64

#endif
