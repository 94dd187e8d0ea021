/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The features of a question and its reply that the reply model reads
 * (docs/qa.md, "The reply model"): named ones a reviewer can read (the
 * lexicon's deflections by category and place in the reply, the question's
 * type, the content the reply shares with the question, yes/no and other
 * reply cues, the reply's length and shape, questions back) and hashed
 * word and character n-grams.  One function computes them for training
 * and for prediction alike, so the two cannot drift apart. */
#ifndef TS_RFEAT_H
#define TS_RFEAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/resources.h"
#include "talkstat.h"

/* The named features: X(ID, name).  Their names are the model file's
 * (rmodel.h) and the pair's `why`; a row added at the end keeps every
 * model file valid (features a model does not name weigh nothing). */
#define TS_RF_DEFL(X, id, name) \
	X(id##_REFERRAL, name "referral") X(id##_IGNORANCE, name "ignorance") \
	X(id##_DEFERRAL, name "deferral") X(id##_NONCOMMITTAL, name "noncommittal") \
	X(id##_PROCEDURAL, name "procedural") X(id##_REFUSAL, name "refusal")
#define TS_RF_NAMED_LIST(X) \
	X(BIAS, "bias") \
	X(Q_WH, "question:wh") X(Q_YESNO, "question:yesno") X(Q_TAG, "question:tag") \
	X(Q_ALTERNATIVE, "question:alternative") X(Q_REQUEST, "question:request") \
	X(Q_RHETORICAL, "question:rhetorical") X(Q_NONE, "question:none") \
	X(Q_SEVERAL, "question:several") \
	TS_RF_DEFL(X, D, "deflects:") \
	TS_RF_DEFL(X, DO, "deflects_first:") \
	TS_RF_DEFL(X, DL, "deflects_last:") \
	X(D_SHARE, "deflecting_sentences") \
	X(YES_NO, "opens_yes_no") X(AGREE, "opens_agreeing") X(GRANT, "opens_granting") \
	X(NOTE, "takes_note") X(STALL, "stalls") X(RESTATES, "restates") \
	X(R_ASKS, "reply_asks") X(R_OPENS_ASKING, "reply_opens_asking") \
	X(R_ONLY_ASKS, "reply_only_asks") \
	X(OVERLAP, "overlap") X(OVERLAP_NONE, "overlap:none") X(OVERLAP_HALF, "overlap:half") \
	X(OVERLAP_FIRST, "overlap_first") \
	X(LEN_1, "length:1-4") X(LEN_2, "length:5-14") X(LEN_3, "length:15-39") \
	X(LEN_4, "length:40-99") X(LEN_5, "length:100-249") X(LEN_6, "length:250+") \
	X(SENT_1, "sentences:1") X(SENT_2, "sentences:2-4") X(SENT_3, "sentences:5+") \
	X(OVERLAP_BEST, "overlap_best_sentence") \
	X(OVERLAP_AT_1, "overlap_at:first") X(OVERLAP_AT_2, "overlap_at:2-3") X(OVERLAP_AT_4, "overlap_at:4+") \
	X(NUMBERS_1, "numbers:1-2") X(NUMBERS_3, "numbers:3+") \
	X(YESNO_OPENS, "yesno:opens_yes_no") X(YESNO_NOT, "yesno:not_opening_yes_no") \
	X(WH_NO_OVERLAP, "wh:overlap_none")

#define TS_X_RF_ENUM(id, name) TS_RF_##id,
enum { TS_RF_NAMED_LIST(TS_X_RF_ENUM) TS_RF_NAMED };

extern const char *const ts_rf_names[TS_RF_NAMED];

/* The index of a named feature by name, or -1. */
int ts_rf_find(const char *name, size_t n);

/* Hashed features follow the named ones: index TS_RF_NAMED + h, h below
 * 2^bits. */
#define TS_RF_MIN_BITS 8
#define TS_RF_MAX_BITS 22

/* What a hashed feature is, for `why`. */
enum {
	TS_RFK_NAMED = 0, TS_RFK_WORD, TS_RFK_BIGRAM, TS_RFK_START, TS_RFK_QWORD, TS_RFK_CHARS,
	TS_RFK_QBIGRAM, TS_RFK_QSTART
};

typedef struct ts_rfent {
	uint32_t index;
	float value;
	uint32_t off, len;   /* a hashed feature's text in the vector's `text` */
	uint8_t kind;        /* TS_RFK_* */
} ts_rfent;

/* Counts below this damp from a table. */
#define TS_RF_LOG_TABLE 64

/* A feature vector, each index once: the bias first, the other named
 * features, then the hashed ones in the order they were first seen (every
 * index below TS_RF_NAMED + 2^bits; training sorts its copy for
 * liblinear); its buffers are reused from pair to pair.  Zero-initialise;
 * free with ts_rfvec_free. */
typedef struct ts_rfvec {
	ts_rfent *v;
	size_t n, cap;
	ts_buf text;         /* the folded words of the reply, then of the question */
	struct ts_rftok *tok;
	size_t ntok, tok_cap;
	struct ts_sentence *sent;
	size_t sent_cap;
	ts_buf fold;
	int32_t *slot;       /* hashed index -> 1 + its place in v; 0 between pairs */
	int slot_bits;
	double damped[TS_RF_LOG_TABLE];   /* 1 + log(count), filled with slot */
	/* The reply's own part, kept for the next pair: the questions of one
	 * turn share their reply.  Valid while `reply` holds its text. */
	int r_valid, r_lang;
	const void *r_res;
	ts_buf reply;
	size_t r_tok, r_bytes;            /* its words: the start of tok and text */
	struct ts_sentence *rsent;        /* its sentences */
	size_t nrsent, rsent_cap;
	int r_asks, r_opens, r_only;      /* questions back */
	int r_cue[6];                     /* YES_NO AGREE GRANT NOTE STALL RESTATES */
} ts_rfvec;

/* Inline: a summary without a model frees an unused vector for every call,
 * and should not page in the model's code to do it. */
static inline void ts_rfvec_free(ts_rfvec *v)
{
	free(v->v);
	free(v->tok);
	free(v->sent);
	free(v->slot);
	free(v->rsent);
	ts_buf_free(&v->reply);
	ts_buf_free(&v->text);
	ts_buf_free(&v->fold);
	memset(v, 0, sizeof *v);
}

/* Free v (as ts_rfvec_free) if one of its buffers has grown past `keep`
 * bytes: a vector kept from call to call should not hold a huge reply's
 * buffers for the rest of the run. */
void ts_rfvec_trim(ts_rfvec *v, size_t keep);

/* A deflection in the reply: its category and where it starts (a byte of
 * the reply text). */
typedef struct ts_rf_defl {
	size_t start;
	ts_category category;
} ts_rf_defl;

/* The features of question q[0..qn) and reply r[0..rn) (valid UTF-8) in
 * language `lang` (an index among res->langs), with the reply's
 * deflections (in text order), hashed into 2^bits.  0 or TS_ENOMEM. */
int ts_rfeat(const ts_resources *res, int lang, const char *q, size_t qn, const char *r, size_t rn,
             const ts_rf_defl *defl, size_t ndefl, int bits, ts_rfvec *out);

/* Sentences read for questions already (the rules' of a call's turns,
 * qa.c): of a text whose bytes [from, from + n) are those of the
 * question's or the reply's text at [at, at + n), split in language lang
 * into s[0..ns) (in text order), of which the questions are q[0..nq) (in
 * text order; a sentence is the question of its start, with its type as
 * read).  ts_sentence_question reads a sentence's body and mark only, in
 * its language: a sentence of the features with the body and mark of one
 * of these, in the same language, is that one's; one whose body is that
 * of one that is none, with no more after it than
 * ts_sentence_question_none_after passes, is none (questions.h). */
typedef struct ts_rf_typed {
	const ts_lang *lang;
	size_t at, from, n;
	const struct ts_sentence *s;
	size_t ns;
	const ts_question *q;
	size_t nq;
} ts_rf_typed;

/* ts_rfeat with sentences of the question typed already in tq[0..ntq)
 * and of the reply in tr[0..ntr) (each in order of at): the same
 * features, with less work where the sentences are the same.  The caller
 * sees to it that the bytes are. */
int ts_rfeat_typed(const ts_resources *res, int lang, const char *q, size_t qn, const char *r,
                   size_t rn, const ts_rf_defl *defl, size_t ndefl, int bits,
                   const ts_rf_typed *tq, size_t ntq, const ts_rf_typed *tr, size_t ntr,
                   ts_rfvec *out);

#endif
