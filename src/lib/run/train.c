/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Training a reply model (talkstat train): labelled pairs read from JSON
 * Lines, their features (analyse/rfeat.h), k-fold cross-validation with
 * whole groups (interviews, calls) in a fold, since the sub-questions of
 * one answer share its text, and a linear model fitted by liblinear
 * (logistic regression, one weight vector per label, classes weighted
 * inversely to their frequency so that the rare ones count: the figure
 * that matters is macro-F1). */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/match.h"
#include "analyse/rfeat.h"
#include "analyse/rmodel.h"
#include "base/classes.h"
#include "base/diag.h"
#include "base/jsondoc.h"
#include "run/context.h"
#include "run/liblinear.h"
#include "run/pairs.h"

typedef struct pair {
	struct feature_node *x;   /* liblinear's: 1-based indices, -1 ends */
	double y;                 /* the label's index in the model */
	size_t group;
} pair;

struct ts_train {
	ts_rmodel m;
	pair *p;
	size_t n, cap;
	char **groups;
	size_t ngroups, groups_cap;
	size_t folds;
	int *pred;                /* cross-validated label of each pair, -1 without */
	ts_liblinear ll;          /* loaded while training only */
};

void ts_train_options_init(ts_train_options *opt)
{
	memset(opt, 0, sizeof *opt);
}

void ts_train_free(ts_train *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i].x);
	free(t->p);
	for (size_t i = 0; i < t->ngroups; i++)
		free(t->groups[i]);
	free(t->groups);
	free(t->pred);
	ts_rmodel_free(&t->m);
	free(t);
}

/* "Partial/half-answer" -> "partial_half_answer": lowercase ASCII, other
 * runs of bytes one '_'. */
static void fold_label(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (; *s && o + 1 < cap; s++) {
		int c = (unsigned char)*s;
		if (ts_ascii_alnum(c))
			out[o++] = (char)ts_ascii_lower(c);
		else if (o && out[o - 1] != '_')
			out[o++] = '_';
	}
	while (o && out[o - 1] == '_')
		o--;
	out[o] = '\0';
}

/* A label's kind and value: an evasion label, a CLARITY class, or -1. */
static int label_of(const char *s, int *kind)
{
	char f[64];
	fold_label(s, f, sizeof f);
	for (int i = 0; i < TS_EV_COUNT; i++)
		if (!strcmp(f, ts_evasion_names[i]) || !strcmp(f, ts_evasion_aliases[i])) {
			*kind = TS_RM_EVASION;
			return i;
		}
	for (int i = 0; i < TS_C_COUNT; i++)
		if (!strcmp(f, ts_clarity_names[i])) {
			*kind = TS_RM_CLARITY;
			return i;
		}
	return -1;
}

static long group_of(ts_train *t, const char *g)
{
	for (size_t i = t->ngroups; i-- > 0;)  /* a file's pairs come by group: the last first */
		if (!strcmp(t->groups[i], g))
			return (long)i;
	if (TS_GROW(t->groups, t->groups_cap, t->ngroups + 1) || !(t->groups[t->ngroups] = strdup(g)))
		return -1;
	return (long)t->ngroups++;
}

/* The features of a pair as liblinear's sparse row, sorted by index. */
static int by_index(const void *a, const void *b)
{
	const ts_rfent *x = a, *y = b;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int features(ts_context *ctx, int lang, int bits, const char *q, const char *r,
                    ts_rfvec *v, struct feature_node **out)
{
	int rc = ts_pair_features(ctx, lang, bits, q, r, v);
	if (rc)
		return rc;
	qsort(v->v, v->n, sizeof *v->v, by_index);
	if (!(*out = malloc((v->n + 1) * sizeof **out)))
		return TS_ENOMEM;
	for (size_t i = 0; i < v->n; i++)
		(*out)[i] = (struct feature_node){(int)v->v[i].index + 1, v->v[i].value};
	(*out)[v->n].index = -1;
	return 0;
}

/* What reading the training file keeps from record to record. */
typedef struct reading {
	ts_context *ctx;
	ts_train *t;
	int lang, bits;
	ts_rfvec v;
} reading;

static int one_pair(void *arg, const ts_jsondoc *d, const char *const *val, long line, ts_error *err)
{
	(void)line;
	reading *rd = arg;
	ts_train *t = rd->t;
	int kind = 0, y = label_of(val[2], &kind);
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(d->root, "label");
	if (y < 0)
		return ts_jsondoc_fail(d, err, label, 0,
		                       "unknown label (CLARITY's nine evasion labels or its three classes): '%s'",
		                       val[2]);
	if (t->n && kind != t->m.kind)
		return ts_jsondoc_fail(d, err, label, 0,
		                       "evasion labels and CLARITY classes mixed in one file: '%s'", val[2]);
	t->m.kind = kind;
	long g = group_of(t, val[3]);
	if (g < 0 || TS_GROW(t->p, t->cap, t->n + 1))
		return ts_nomem(err);
	pair *p = &t->p[t->n];
	if (features(rd->ctx, rd->lang, rd->bits, val[0], val[1], &rd->v, &p->x))
		return ts_nomem(err);
	p->y = y;
	p->group = (size_t)g;
	t->n++;
	return 0;
}

static int read_pairs(ts_context *ctx, ts_train *t, const char *path, int lang, int bits,
                      ts_error *err)
{
	static const char *const keys[] = {"question", "reply", "label", "group", NULL};
	reading rd = {.ctx = ctx, .t = t, .lang = lang, .bits = bits};
	int rc = ts_pairs_read(path, keys, one_pair, &rd, err);
	if (!rc && t->n < 2)
		rc = ts_fail(err, TS_EINPUT, path, 0, 0, "fewer than two labelled pairs");
	ts_rfvec_free(&rd.v);
	return rc;
}

/* The labels the pairs use, in the order of the list (evasion labels or
 * CLARITY classes); each pair's y becomes its index among them. */
static int labels_used(ts_train *t, ts_error *err, const char *path)
{
	int used[TS_EV_COUNT] = {0}, index[TS_EV_COUNT];
	for (size_t i = 0; i < t->n; i++)
		used[(int)t->p[i].y] = 1;
	int all = t->m.kind == TS_RM_EVASION ? TS_EV_COUNT : TS_C_COUNT;
	for (int i = 0; i < all; i++)
		if (used[i]) {
			index[i] = (int)t->m.nlabels;
			t->m.label[t->m.nlabels++] = i;
		}
	if (t->m.nlabels < 2)
		return ts_fail(err, TS_EINPUT, path, 0, 0, "the pairs have one label only");
	for (size_t i = 0; i < t->n; i++)
		t->p[i].y = index[(int)t->p[i].y];
	return 0;
}

/* Folds of whole groups: the largest group first, each into the fold
 * with fewest pairs so far (the first on a tie), so that folds are alike
 * in size and the same for the same file. */
static int assign_folds(const ts_train *t, size_t k, size_t *fold_of)
{
	size_t *size = calloc(t->ngroups, sizeof *size), *order = malloc(t->ngroups * sizeof *order),
	       *load = calloc(k, sizeof *load);
	if (!size || !order || !load) {
		free(size), free(order), free(load);
		return TS_ENOMEM;
	}
	for (size_t i = 0; i < t->n; i++)
		size[t->p[i].group]++;
	for (size_t g = 0; g < t->ngroups; g++)
		order[g] = g;
	/* insertion sort by size, larger first, then by first appearance */
	for (size_t i = 1; i < t->ngroups; i++) {
		size_t x = order[i], j = i;
		while (j && size[order[j - 1]] < size[x]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	for (size_t i = 0; i < t->ngroups; i++) {
		size_t best = 0;
		for (size_t f = 1; f < k; f++)
			if (load[f] < load[best])
				best = f;
		fold_of[order[i]] = best;
		load[best] += size[order[i]];
	}
	free(size), free(order), free(load);
	return 0;
}

static void quiet(const char *s)
{
	(void)s;
}

/* Fit the rows `use` (indices of t->p) into weights w ([feature * k +
 * label]). */
static int fit(const ts_train *t, const size_t *use, size_t nuse, double cost, float *w)
{
	size_t k = t->m.nlabels, nf = ts_rmodel_features(&t->m);
	struct feature_node **x = malloc(nuse * sizeof *x);
	double *y = malloc(nuse * sizeof *y);
	size_t count[TS_EV_COUNT] = {0};
	if (!x || !y) {
		free(x), free(y);
		return TS_ENOMEM;
	}
	for (size_t i = 0; i < nuse; i++) {
		x[i] = t->p[use[i]].x;
		y[i] = t->p[use[i]].y;
		count[(int)y[i]]++;
	}
	/* Labels weighted by n / (C n_c), n_c the pairs of the label's
	 * CLARITY class and C the classes present: each CLARITY class counts as
	 * much in all (macro-F1 is over them), and the labels of one class in
	 * proportion to their pairs, so that summing a class's probabilities
	 * (ts_rmodel_predict) does not favour the class of most labels. */
	size_t by_clarity[TS_C_COUNT] = {0};
	int classes = 0;
	for (size_t c = 0; c < k; c++)
		by_clarity[ts_rmodel_label_clarity(&t->m, c)] += count[c];
	for (int c = 0; c < TS_C_COUNT; c++)
		classes += by_clarity[c] > 0;
	int wl[TS_EV_COUNT];
	double wv[TS_EV_COUNT];
	int nw = 0;
	for (size_t c = 0; c < k; c++)
		if (count[c]) {
			wl[nw] = (int)c;
			wv[nw++] = (double)nuse /
			           ((double)classes * (double)by_clarity[ts_rmodel_label_clarity(&t->m, c)]);
		}
	struct problem prob = {.l = (int)nuse, .n = (int)nf, .y = y, .x = x, .bias = -1};
	struct parameter par = {.solver_type = L2R_LR, .eps = 0.01, .C = cost, .nr_weight = nw,
	                        .weight_label = wl, .weight = wv, .p = 0.1};
	t->ll.set_print_string_function(quiet);
	const char *bad = t->ll.check_parameter(&prob, &par);
	struct model *lm = bad ? NULL : t->ll.train(&prob, &par);
	free(x), free(y);
	if (!lm)
		return TS_ENOMEM;
	memset(w, 0, nf * k * sizeof *w);
	for (int j = 0; j < lm->nr_class; j++) {
		int c = lm->label[j];
		for (size_t f = 0; f < nf; f++)
			w[f * k + (size_t)c] = (float)t->ll.get_decfun_coef(lm, (int)f + 1, j);
	}
	/* a label missing from these rows never wins */
	for (size_t c = 0; c < k; c++)
		if (!count[c])
			w[TS_RF_BIAS * k + c] = -1e3f;
	t->ll.free_and_destroy_model(&lm);
	return 0;
}

/* Scores of a row under weights w. */
static void scores(const ts_train *t, const float *w, const struct feature_node *x, double *s)
{
	size_t k = t->m.nlabels;
	for (size_t j = 0; j < k; j++)
		s[j] = 0;
	for (; x->index > 0; x++)
		for (size_t j = 0; j < k; j++)
			s[j] += (double)w[(size_t)(x->index - 1) * k + j] * x->value;
}

/* Calibration: the temperature of softmax(score / T) that makes the
 * cross-validated scores likeliest (a search over a grid of ratio 1.05
 * from 0.05 to 20). */
static double temperature(const ts_train *t, const double *s)
{
	size_t k = t->m.nlabels;
	double best = 1, best_nll = INFINITY;
	for (double T = 0.05; T <= 20; T *= 1.05) {
		double nll = 0;
		for (size_t i = 0; i < t->n; i++) {
			const double *si = s + i * k;
			double top = -INFINITY, sum = 0;
			for (size_t j = 0; j < k; j++)
				top = fmax(top, si[j] / T);
			for (size_t j = 0; j < k; j++)
				sum += exp(si[j] / T - top);
			nll -= si[(int)t->p[i].y] / T - top - log(sum);
		}
		if (nll < best_nll)
			best_nll = nll, best = T;
	}
	return best;
}

static int cross_validate(ts_train *t, size_t k, double cost)
{
	size_t nl = t->m.nlabels, nf = ts_rmodel_features(&t->m);
	size_t *fold_of = malloc(t->ngroups * sizeof *fold_of), *use = malloc(t->n * sizeof *use);
	float *w = malloc(nf * nl * sizeof *w);
	double *s = malloc(t->n * nl * sizeof *s);
	int rc = !fold_of || !use || !w || !s ? TS_ENOMEM : assign_folds(t, k, fold_of);
	for (size_t f = 0; !rc && f < k; f++) {
		size_t nuse = 0;
		for (size_t i = 0; i < t->n; i++)
			if (fold_of[t->p[i].group] != f)
				use[nuse++] = i;
		if (nuse == t->n)
			continue;  /* more folds than groups */
		if ((rc = fit(t, use, nuse, cost, w)))
			break;
		for (size_t i = 0; i < t->n; i++)
			if (fold_of[t->p[i].group] == f)
				scores(t, w, t->p[i].x, s + i * nl);
	}
	if (!rc) {
		t->m.temperature = temperature(t, s);
		t->m.confusion = calloc(nl * nl, sizeof *t->m.confusion);
		t->pred = malloc(t->n * sizeof *t->pred);
		rc = !t->m.confusion || !t->pred ? TS_ENOMEM : 0;
	}
	/* each pair's label as ts_rmodel_predict would choose it */
	for (size_t i = 0; !rc && i < t->n; i++) {
		ts_rpred p;
		memcpy(p.score, s + i * nl, nl * sizeof *p.score);
		ts_rmodel_decide(&t->m, &p);
		size_t best = p.label;
		t->pred[i] = (int)best;
		t->m.confusion[(size_t)t->p[i].y * nl + best]++;
	}
	t->m.cv_folds = k;
	free(fold_of), free(use), free(w), free(s);
	return rc;
}

int ts_train_file(ts_context *ctx, const ts_train_options *opt, const char *path, ts_train **out,
                  ts_error *err)
{
	*out = NULL;
	const char *language = opt->language ? opt->language : "en";
	int lang = ts_langs_find(&ctx->langs, language);
	if (lang < 0)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no language '%s'", language);
	if (!ctx->matcher)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "training needs the deflection lexicons");
	int bits = opt->bits ? opt->bits : TS_TRAIN_BITS;
	if (bits < TS_RF_MIN_BITS || bits > TS_RF_MAX_BITS)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "hash bits from %d to %d: %d", TS_RF_MIN_BITS,
		               TS_RF_MAX_BITS, bits);
	double cost = opt->cost > 0 ? opt->cost : TS_TRAIN_COST;
	ts_train *t = calloc(1, sizeof *t);
	if (!t)
		return ts_nomem(err);
	snprintf(t->m.language, sizeof t->m.language, "%s", language);
	t->m.bits = bits;
	t->m.temperature = 1;
	int rc = ts_liblinear_open(&t->ll, err);
	if (!rc)
		rc = read_pairs(ctx, t, path, lang, bits, err);
	if (!rc)
		rc = labels_used(t, err, path);
	if (!rc && opt->about && ts_buf_append(&t->m.about, opt->about, strlen(opt->about)))
		rc = ts_nomem(err);
	t->m.cv_pairs = t->n;
	t->m.cv_groups = t->ngroups;
	if (!rc && opt->folds > 1) {
		if (opt->folds > t->ngroups)
			rc = ts_fail(err, TS_EUSAGE, path, 0, 0, "%zu folds but only %zu groups", opt->folds,
			             t->ngroups);
		else if ((rc = cross_validate(t, opt->folds, cost)))
			rc = ts_nomem(err);
	}
	if (!rc) {
		size_t *all = malloc(t->n * sizeof *all);
		t->m.w = malloc(ts_rmodel_features(&t->m) * t->m.nlabels * sizeof *t->m.w);
		for (size_t i = 0; all && i < t->n; i++)
			all[i] = i;
		if (!all || !t->m.w || fit(t, all, t->n, cost, t->m.w))
			rc = ts_nomem(err);
		free(all);
	}
	ts_liblinear_close(&t->ll);
	if (rc)
		ts_train_free(t);
	else
		*out = t;
	return rc;
}

int ts_train_model(const ts_train *t, char **text, size_t *len, ts_error *err)
{
	ts_buf b = {0};
	if (ts_rmodel_write(&t->m, &b)) {
		ts_buf_free(&b);
		return ts_nomem(err);
	}
	*text = b.ptr;
	*len = b.len;
	return 0;
}

/* ---- the report ---- */

/* The report is written into a buffer, then handed out whole. */
typedef struct out {
	ts_buf b;
	int failed;
} out;

#define say(o, ...) ((o)->failed |= ts_buf_printf(&(o)->b, __VA_ARGS__) != 0)

/* Precision, recall, F1 per class of a k x k confusion matrix; accuracy
 * and macro-F1 (the mean F1 of the classes with gold pairs). */
static void table(out *o, const char *const *names, const size_t *cm, size_t k)
{
	size_t total = 0, right = 0;
	double f1sum = 0;
	size_t classes = 0;
	say(o, "%-20s %9s %9s %9s %9s\n", "class", "precision", "recall", "f1", "support");
	for (size_t c = 0; c < k; c++) {
		size_t tp = cm[c * k + c], gold = 0, said = 0;
		for (size_t j = 0; j < k; j++) {
			gold += cm[c * k + j];
			said += cm[j * k + c];
		}
		total += gold;
		right += tp;
		double p = said ? (double)tp / (double)said : 0, r = gold ? (double)tp / (double)gold : 0;
		double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
		if (gold)
			f1sum += f, classes++;
		say(o, "%-20s %9.3f %9.3f %9.3f %9zu\n", names[c], p, r, f, gold);
	}
	say(o, "accuracy %.3f, macro-F1 %.3f (%zu pairs)\n", total ? (double)right / (double)total : 0,
	    classes ? f1sum / (double)classes : 0, total);
	say(o, "confusion (rows gold, columns predicted):\n%-20s", "");
	for (size_t j = 0; j < k; j++)
		say(o, " %8.8s", names[j]);
	say(o, "\n");
	for (size_t c = 0; c < k; c++) {
		say(o, "%-20s", names[c]);
		for (size_t j = 0; j < k; j++)
			say(o, " %8zu", cm[c * k + j]);
		say(o, "\n");
	}
}

int ts_train_report(const ts_train *t, ts_write_fn fn, void *arg, ts_error *err)
{
	out o = {{0}, 0};
	const ts_rmodel *m = &t->m;
	size_t k = m->nlabels;
	say(&o, "%zu pairs, %zu groups, %zu labels; hash bits %d\n", t->n, t->ngroups, k, m->bits);
	if (!m->confusion) {
		say(&o, "no cross-validation (--folds 0)\n");
	} else {
		const char *names[TS_EV_COUNT];
		for (size_t i = 0; i < k; i++)
			names[i] = ts_rmodel_label_name(m, i);
		say(&o, "\n%zu-fold cross-validation, folds of whole groups; calibration temperature %.3f\n",
		    m->cv_folds, m->temperature);
		if (m->kind == TS_RM_EVASION) {
			say(&o, "\nlabels:\n");
			table(&o, names, m->confusion, k);
		}
		size_t cm[TS_C_COUNT * TS_C_COUNT] = {0};
		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j < k; j++)
				cm[ts_rmodel_label_clarity(m, i) * TS_C_COUNT + ts_rmodel_label_clarity(m, j)] +=
					m->confusion[i * k + j];
		say(&o, "\nCLARITY:\n");
		table(&o, ts_clarity_names, cm, TS_C_COUNT);
	}
	int rc = o.failed ? ts_nomem(err)
	         : fn(arg, o.b.ptr, o.b.len) ? ts_fail(err, TS_EIO, NULL, 0, 0, "write error") : 0;
	ts_buf_free(&o.b);
	return rc;
}
