/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The part of a shared reply that bears on each question (docs/qa.md,
 * "Several questions in one turn"): a reporter asks three questions in one
 * turn and the press secretary answers them together, one paragraph
 * answering, the next referring, so each question is classed by the
 * sentences about it, not by the whole reply. */
#ifndef TS_REPLY_PART_H
#define TS_REPLY_PART_H

#include <stddef.h>

#include "base/text.h"
#include "analyse/qa.h"

/* Owners of a sentence besides a question's index. */
enum { TS_RP_NONE = -1, TS_RP_TIE = -2 };

typedef struct ts_rsent {
	size_t turn;         /* 0-based */
	size_t start, end;   /* bytes of the turn's text */
	int owner;           /* index into the turn's questions, or TS_RP_* */
} ts_rsent;

typedef struct ts_rpart {
	ts_rsent *s;         /* the reply's sentences, in text order */
	size_t n, cap;
} ts_rpart;

/* Give each sentence of the reply turns [from, to) to the question of
 * qs[0..nq) that shares the largest share of its content keys with it
 * (TS_RP_NONE when it shares none with any, TS_RP_TIE when two share as
 * much).  With one question every owner is TS_RP_NONE.  The sentences of
 * turn t are sents[lo[t] .. lo[t + 1]) (ts_sentences), found once for the
 * call by the caller, which has read them for questions.  p keeps its
 * buffer between calls; free it with ts_rpart_free.  0 or TS_ENOMEM. */
int ts_rpart_build(const ts_resources *res, const ts_call *call, size_t from, size_t to,
                   const ts_sentence *sents, const size_t *lo, const ts_qa_question *qs,
                   size_t nq, ts_rpart *p);
void ts_rpart_free(ts_rpart *p);

/* Whether question `me` owns a sentence of its own in p: only then does it
 * get a part of the reply (otherwise the whole reply is its reply). */
int ts_rpart_owns(const ts_rpart *p, int me);

/* Whether sentence k belongs to the part of question me (-1: the whole
 * reply): its own sentences and those no other question claims. */
int ts_rpart_in(const ts_rpart *p, size_t k, int me);

/* The sentence of p that holds byte `at` of turn `turn`, or p->n. */
size_t ts_rpart_find(const ts_rpart *p, size_t turn, size_t at);

#endif
