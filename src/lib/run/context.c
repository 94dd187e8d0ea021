/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "run/context.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse/match.h"
#include "base/buf.h"
#include "base/builtin.h"
#include "base/diag.h"
#include "base/jsondoc.h"
#include "read/reader.h"

#ifndef TS_PKGDATADIR
#define TS_PKGDATADIR "/usr/local/share/talkstat"
#endif

void ts_options_init(ts_options *opt)
{
	memset(opt, 0, sizeof *opt);
}

static int dup_or_null(const char *s, char **out)
{
	*out = s ? strdup(s) : NULL;
	return s && !*out ? TS_ENOMEM : 0;
}

/* Copy the declared labels and the rates, checking them. */
static int copy_lists(ts_context *ctx, const ts_options *opt, ts_error *err)
{
	if (!(ctx->speakers = calloc(opt->nspeakers + 1, sizeof *ctx->speakers)))
		return ts_nomem(err);
	for (size_t i = 0; i < opt->nspeakers; i++) {
		const char *s = opt->speakers[i];
		size_t n = strlen(s);
		if (ts_skip_blanks(s, n) == n)
			return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "a declared speaker label is empty");
		if (!(ctx->speakers[i] = strdup(s)))
			return ts_nomem(err);
	}
	ctx->opt.speakers = (const char *const *)ctx->speakers;
	if (opt->nrates && (!(ctx->rates = calloc(opt->nrates, sizeof *ctx->rates)) ||
	                    !(ctx->rate_langs = calloc(opt->nrates + 1, sizeof *ctx->rate_langs))))
		return ts_nomem(err);
	for (size_t i = 0; i < opt->nrates; i++) {
		const ts_rate *r = &opt->rates[i];
		if (!isfinite(r->per_second) || r->per_second <= 0 || r->per_second > 1000)
			return ts_fail(err, TS_EUSAGE, NULL, 0, 0,
			               "a speaking rate is a number above 0 and at most 1000: %g",
			               r->per_second);
		if (r->language && ts_langs_find(&ctx->langs, r->language) < 0) {
			char names[200];
			ts_langs_names(&ctx->langs, names, sizeof names);
			return ts_fail(err, TS_EUSAGE, NULL, 0, 0,
			               "speaking rate of an unknown language: '%s' (%s)", r->language,
			               names);
		}
		if (dup_or_null(r->language, &ctx->rate_langs[i]))
			return ts_nomem(err);
		ctx->rates[i] = (ts_rate){ctx->rate_langs[i], r->per_second};
	}
	ctx->opt.rates = ctx->rates;
	return 0;
}

/* ---- the built-in lexicons read ahead ---- */

/* The built-in lexicons read and parsed on a thread of their own while
 * the calling thread loads the languages (a start's two largest parts
 * after the automaton, about as long as each other): their names from
 * languages.txt, read here too, in its order, up to the first file that
 * fails.  load_lexicons takes a file from here only when its language is
 * the one loaded in its place, and in that order, so every file and
 * every error is the one reading them in turn gives; it reads any other
 * itself.  What goes wrong here (the list unreadable, no memory) only
 * leaves files to it. */
typedef struct ahead {
	const ts_context *ctx;
	size_t n;                        /* files read, in order */
	char name[TS_LANG_MAX][16];
	char *path[TS_LANG_MAX];         /* each file's name in its messages */
	ts_jsondoc d[TS_LANG_MAX];
	int rc[TS_LANG_MAX];
	ts_error err[TS_LANG_MAX];
	pthread_t tid;
	int started;
} ahead;

/* The names languages.txt lists, as ts_langs_load reads them, into
 * a->name; how many, at most TS_LANG_MAX, stopping at one that is not a
 * name (ts_langs_load stops there too, with its error). */
static size_t ahead_names(ahead *a, const char *s, size_t len)
{
	size_t k = 0, at = 0, lineno = 0, line, b, e;
	while (k < TS_LANG_MAX && ts_langs_list_next(s, len, &at, &lineno, &line, &b, &e)) {
		if (!ts_lang_name_ok(s + b, e - b))
			break;
		_Static_assert(sizeof a->name[0] == sizeof ((ts_lang *)0)->name,
		               "a name ts_lang_name_ok takes fits");
		memcpy(a->name[k], s + b, e - b);
		a->name[k++][e - b] = '\0';
	}
	return k;
}

static void *ahead_main(void *arg)
{
	ahead *a = arg;
	ts_buf list = {0};
	ts_error err = {0};
	char *lpath = ts_data_path(a->ctx, "lang/languages.txt");
	size_t names = 0;
	if (lpath && !ts_jsondoc_read(lpath, TS_LANG_LIST_MAX, "language list", &list, &err))
		names = ahead_names(a, list.ptr ? list.ptr : "", list.len);
	free(lpath);
	ts_buf_free(&list);
	for (size_t i = 0; i < names; i++) {
		char name[64];
		snprintf(name, sizeof name, "lexicons/%s.json", a->name[i]);
		if (!(a->path[i] = ts_data_path(a->ctx, name)))
			break;
		a->rc[i] = ts_lexicon_read(a->path[i], &a->d[i], &a->err[i]);
		a->n = i + 1;
		if (a->rc[i])
			break;
	}
	return NULL;
}

unsigned ts_threads_asked(size_t asked, unsigned max)
{
	if (asked)
		return asked > max ? max : (unsigned)asked;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > (long)max ? max : (unsigned)n;
}

/* The thread started, or *out NULL (then the files are read in turn). */
static void ahead_start(ahead **out, const ts_context *ctx)
{
	ahead *a = calloc(1, sizeof *a);
	if (a) {
		a->ctx = ctx;
		a->started = !pthread_create(&a->tid, NULL, ahead_main, a);
	}
	if (a && !a->started) {
		free(a);
		a = NULL;
	}
	*out = a;
}

static void ahead_join(ahead *a)
{
	if (a && a->started) {
		pthread_join(a->tid, NULL);
		a->started = 0;
	}
}

static void ahead_free(ahead *a)
{
	if (!a)
		return;
	ahead_join(a);
	for (size_t i = 0; i < a->n; i++)
		ts_jsondoc_free(&a->d[i]);
	for (size_t i = 0; i < TS_LANG_MAX; i++)
		free(a->path[i]);
	free(a);
}

/* The lexicon of language i at path: read ahead when a has it, else now. */
static int lexicon_file(ts_context *ctx, ahead *a, size_t i, const char *path, ts_error *err)
{
	ahead_join(a);
	if (!a || i >= a->n || strcmp(a->name[i], ctx->langs.lang[i]->name))
		return ts_lexicon_load(&ctx->lexicon, path, err);
	int rc = ts_lexicon_add(&ctx->lexicon, path, &a->d[i], a->rc[i], &a->err[i]);
	a->d[i] = (ts_jsondoc){0};
	if (rc)
		*err = a->err[i];
	return rc;
}

/* The built-in lexicons, lexicons/NAME.json of each language in the order
 * of languages.txt (unless lexicon_only), then the user's files in the
 * order given, into one automaton. */
static int load_lexicons(ts_context *ctx, const ts_options *opt, ahead *a, ts_error *err)
{
	int rc = 0;
	ctx->fold = ts_fold_new(ctx->tc);
	if (!ctx->fold)
		return ts_nomem(err);
	for (size_t i = 0; !opt->lexicon_only && i < ctx->langs.n; i++) {
		char name[64];
		snprintf(name, sizeof name, "lexicons/%s.json", ctx->langs.lang[i]->name);
		char *path = ts_data_path(ctx, name);
		if (!path)
			return ts_nomem(err);
		rc = lexicon_file(ctx, a, i, path, err);
		free(path);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < opt->nlexicons; i++)
		if ((rc = ts_lexicon_load(&ctx->lexicon, opt->lexicons[i], err)))
			return rc;
	if (!ctx->lexicon.n)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0,
		               "no deflection lexicon: the built-in ones are left out and no file is given");
	return ts_matcher_new(&ctx->matcher, &ctx->lexicon, ctx->fold, err);
}

/* The reply model of --model: a file, or "default", the built-in one
 * (data/models/en.model). */
static int load_model(ts_context *ctx, const char *name, ts_error *err)
{
	char *path = !strcmp(name, "default") ? ts_data_path(ctx, "models/en.model") : strdup(name);
	if (!path)
		return ts_nomem(err);
	int rc = ts_rmodel_load(&ctx->rmodel, path, err);
	int lang = rc ? -1 : ts_langs_find(&ctx->langs, ctx->rmodel.language);
	if (!rc && lang < 0)
		rc = ts_fail(err, TS_EINPUT, path, 2, 10, "the model's language is not loaded: '%s'",
		             ctx->rmodel.language);
	if (!rc && !ctx->matcher)
		rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "a reply model needs the deflection lexicons");
	free(path);
	if (rc)
		return rc;
	ctx->res.rmodel = &ctx->rmodel;
	ctx->res.rmodel_lang = lang;
	return 0;
}

int ts_context_new(ts_context **out, const ts_options *opt, ts_error *err)
{
	*out = NULL;
	ts_context *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return ts_nomem(err);
	int rc = 0;
	/* the reply classes of the question-answer section use deflections too */
	int lexicons = !opt->sections || (opt->sections & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA));
	ahead *a = NULL;
	ctx->opt = *opt;
	ctx->opt.lexicons = NULL;
	ctx->opt.nlexicons = 0;
	ctx->opt.model = NULL;
	ts_langs_init(&ctx->langs);
	ts_lexicon_init(&ctx->lexicon, &ctx->langs);
	/* the files built into the library, unless a folder is named */
	const char *dd = opt->datadir ? opt->datadir : getenv("TALKSTAT_DATADIR");
	if (dup_or_null(dd && *dd ? dd : TS_BUILTIN_DIR, &ctx->datadir) ||
	    dup_or_null(opt->format, &ctx->format) || dup_or_null(opt->encoding, &ctx->encoding)) {
		rc = ts_nomem(err);
		goto fail;
	}
	if ((rc = ts_format_check(ctx->format, err)))
		goto fail;
	ctx->opt.format = ctx->format;
	ctx->opt.encoding = ctx->encoding;
	ctx->opt.datadir = ctx->datadir;
	if (lexicons && !opt->lexicon_only && ts_threads_asked(opt->threads, 2) == 2)
		ahead_start(&a, ctx);
	/* the languages first: the speaking rates name them */
	char *path = ts_data_path(ctx, "lang");
	if (!path) {
		rc = ts_nomem(err);
		goto fail;
	}
	rc = ts_langs_load(&ctx->langs, path, err);
	free(path);
	if (rc)
		goto fail;
	if ((rc = copy_lists(ctx, opt, err)))
		goto fail;
	if (opt->caller) {
		ctx->caller = ts_nfkc(opt->caller, strlen(opt->caller));
		if (!ctx->caller) {
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "the caller's label is not valid UTF-8");
			goto fail;
		}
	}
	ctx->opt.caller = ctx->caller;
	ctx->tc = ts_textclass_new();
	if (!ctx->tc) {
		rc = ts_nomem(err);
		goto fail;
	}
	path = ts_data_path(ctx, "backchannels.txt");
	if (!path) {
		rc = ts_nomem(err);
		goto fail;
	}
	rc = ts_backchannels_load(&ctx->bc, ctx->tc, path, err);
	free(path);
	if (rc)
		goto fail;
	if (lexicons && (rc = load_lexicons(ctx, opt, a, err)))
		goto fail;
	ahead_free(a);
	a = NULL;
	ctx->res = (ts_resources){ctx->tc, &ctx->langs, ctx->fold, ctx->bc,
	                          ctx->matcher ? &ctx->lexicon : NULL, ctx->matcher, NULL, -1, NULL};
	if (ts_budget_init(&ctx->budget, TS_CALLS_BUDGET)) {
		rc = ts_nomem(err);
		goto fail;
	}
	ctx->res.budget = &ctx->budget;
	if (opt->model && (!opt->sections || (opt->sections & TS_SECTION_QA)) &&
	    (rc = load_model(ctx, opt->model, err)))
		goto fail;
	*out = ctx;
	return 0;
fail:
	ahead_free(a);
	ts_context_free(ctx);
	return rc;
}

void ts_context_set_progress(ts_context *ctx, ts_progress_fn fn, void *arg)
{
	ctx->progress = fn;
	ctx->progress_arg = arg;
}

void ts_context_free(ts_context *ctx)
{
	if (!ctx)
		return;
	ts_list_free(ctx->speakers);
	for (size_t i = 0; ctx->rate_langs && i < ctx->opt.nrates; i++)
		free(ctx->rate_langs[i]);
	free(ctx->rate_langs);
	free(ctx->rates);
	free(ctx->caller);
	free(ctx->datadir);
	free(ctx->format);
	free(ctx->encoding);
	ts_textclass_free(ctx->tc);
	ts_backchannels_free(ctx->bc);
	ts_matcher_free(ctx->matcher);
	ts_scratch_free(&ctx->scratch);
	ts_lexicon_free(&ctx->lexicon);
	ts_rmodel_free(&ctx->rmodel);
	ts_langs_free(&ctx->langs);
	ts_fold_free(ctx->fold);
	if (ctx->res.budget)
		ts_budget_destroy(ctx->res.budget);
	free(ctx);
}

char *ts_data_path(const ts_context *ctx, const char *name)
{
	size_t n = strlen(ctx->datadir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", ctx->datadir, name);
	return p;
}

const char *ts_version(void)
{
	return PACKAGE_VERSION;
}
