/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The reply model (docs/qa.md, "The reply model"): a linear model over
 * the features of rfeat.h, one weight vector per label, read from and
 * written to a versioned text file that carries what it was trained on
 * and its cross-validated confusion matrix.  Prediction needs no library
 * beyond this file; training (run/train.c) uses liblinear. */
#ifndef TS_RMODEL_H
#define TS_RMODEL_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/rfeat.h"
#include "base/buf.h"
#include "talkstat.h"

#define TS_RMODEL_MAGIC "talkstat-reply-model"
#define TS_RMODEL_VERSION 1
/* Largest model file read. */
#define TS_RMODEL_MAX_FILE ((size_t)64 << 20)

/* What a model's labels are: CLARITY's nine evasion labels, or its three
 * classes. */
enum { TS_RM_EVASION = 0, TS_RM_CLARITY = 1 };

typedef struct ts_rmodel {
	char language[16];       /* the language of the pairs it was trained on */
	int bits;                /* hashed features: 2^bits */
	int kind;                /* TS_RM_* */
	size_t nlabels;
	int label[TS_EV_COUNT];  /* a ts_evasion or ts_clarity each */
	double temperature;      /* calibration: probabilities are softmax(score / T) */
	ts_buf about;            /* the training data's description, lines joined by '\n' */
	size_t cv_folds, cv_pairs, cv_groups;
	size_t *confusion;       /* cross-validated: [gold * nlabels + predicted]; NULL
	                          * when the file has none */
	float *w;                /* [feature * nlabels + label], TS_RF_NAMED + 2^bits features */
	/* The weights as prediction reads them, made by ts_rmodel_parse (NULL
	 * in a model being trained): rows of `stride` doubles, nlabels rounded
	 * up to even and the rest 0, so that a row's labels go in pairs of
	 * SSE2 lanes and no float is converted per pair. */
	double *wd;
	size_t stride;
} ts_rmodel;

size_t ts_rmodel_features(const ts_rmodel *m);

/* Read a model from path (or TS_BUILTIN_DIR "/models/NAME.model"): every
 * error TS_EDATA at its file:line:col.  Free m with ts_rmodel_free, also
 * after a failure. */
int ts_rmodel_load(ts_rmodel *m, const char *path, ts_error *err);
int ts_rmodel_parse(ts_rmodel *m, const char *name, const char *text, size_t len, ts_error *err);
/* Inline, as ts_rfvec_free: every context frees its (often empty) model. */
static inline void ts_rmodel_free(ts_rmodel *m)
{
	ts_buf_free(&m->about);
	free(m->confusion);
	free(m->w);
	free(m->wd);
	memset(m, 0, sizeof *m);
}

/* The model as text (appended to out); 0 or TS_ENOMEM. */
int ts_rmodel_write(const ts_rmodel *m, ts_buf *out);

/* The name of label i ("dodging", "ambivalent") and its CLARITY class. */
const char *ts_rmodel_label_name(const ts_rmodel *m, size_t i);
ts_clarity ts_rmodel_label_clarity(const ts_rmodel *m, size_t i);

typedef struct ts_rpred {
	double p[TS_EV_COUNT];   /* calibrated probability of each label */
	double score[TS_EV_COUNT];
	size_t label;            /* the label predicted */
	ts_clarity clarity;      /* the CLARITY class of most probability */
	double confidence;       /* ... its probability */
} ts_rpred;

/* Score the features v: the CLARITY class whose labels have most
 * probability together, and the most probable label within it.  This and
 * ts_rmodel_why need a model read by ts_rmodel_parse (its wd), and a v
 * whose features without a row in the model, if any, are its last: every
 * v that ts_rfeat makes with the model's bits (it has none). */
void ts_rmodel_predict(const ts_rmodel *m, const ts_rfvec *v, ts_rpred *out);

/* The same from the scores in out->score (the rest of out is filled). */
void ts_rmodel_decide(const ts_rmodel *m, ts_rpred *out);

/* The features that decided (at most `most`, as text into why): those that
 * raise the label predicted above the best label of another CLARITY
 * class the most. */
void ts_rmodel_why(const ts_rmodel *m, const ts_rfvec *v, const ts_rpred *p, int most, char *why,
                   size_t cap);

#endif
