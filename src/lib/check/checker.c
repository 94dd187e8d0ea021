/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The checker: the table of checks, the diagnostics found, and one file
 * read twice: its lines as they are, then its calls as the reader makes
 * them. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "read/reader.h"
#include "run/context.h"

static const struct {
	const char *name, *about;
	ts_severity sev;
} checks[] = {
#define TS_X_CHECK_ROW(id, name, sev, about) {name, about, sev},
	TS_CHECK_LIST(TS_X_CHECK_ROW)
};

const char *ts_check_name(size_t i)
{
	return i < TS_CK_COUNT ? checks[i].name : NULL;
}

const char *ts_check_about(size_t i)
{
	return i < TS_CK_COUNT ? checks[i].about : NULL;
}

ts_severity ts_check_severity(size_t i)
{
	return i < TS_CK_COUNT ? checks[i].sev : (ts_severity)0;
}

long ts_check_find(const char *name)
{
	for (size_t i = 0; i < TS_CK_COUNT; i++)
		if (!strcmp(checks[i].name, name))
			return (long)i;
	return -1;
}

ts_severity ts_ck_severity(const ts_checker *ck, ts_check_id id)
{
	return ck->strict ? TS_SEV_ERROR : checks[id].sev;
}

int ts_checker_new(ts_checker **out, ts_context *ctx, ts_error *err)
{
	ts_checker *ck = calloc(1, sizeof *ck);
	if (!(*out = ck))
		return ts_nomem(err);
	ck->ctx = ctx;
	ck->res = &ctx->res;
	ck->opt = &ctx->opt;
	memset(ck->enabled, 1, sizeof ck->enabled);
	return 0;
}

void ts_checker_free(ts_checker *ck)
{
	if (!ck)
		return;
	for (size_t i = 0; i < ck->nfiles; i++)
		free(ck->files[i]);
	for (size_t i = 0; i < ck->nrecs; i++)
		free(ck->recs[i].message);
	for (size_t i = 0; i < ck->nmeta; i++)
		free(ck->meta[i].key);
	ts_ck_titles_reset(ck);
	free(ck->titles);
	free(ck->title_lines);
	free(ck->files);
	free(ck->recs);
	free(ck->meta);
	free(ck->view);
	free(ck);
}

int ts_checker_disable(ts_checker *ck, const char *name, ts_error *err)
{
	long i = ts_check_find(name);
	if (i < 0)
		return ts_fail(err, TS_EUSAGE, "", 0, 0, "unknown check: '%s'", name);
	ck->enabled[i] = 0;
	return 0;
}

void ts_checker_strict(ts_checker *ck, int strict)
{
	ck->strict = strict;
	ck->sorted = 0;  /* the view holds the severities */
}

TS_PRINTF(6, 0)
static int emit_v(ts_checker *ck, size_t file, ts_check_id id, long line, long col,
                  const char *fmt, va_list ap)
{
	if (!ck->enabled[id])
		return 0;
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *msg = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!msg || TS_GROW(ck->recs, ck->recs_cap, ck->nrecs + 1)) {
		va_end(again);
		free(msg);
		return TS_ENOMEM;
	}
	vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	ck->recs[ck->nrecs] = (ts_diag_rec){file, line, col, id, ck->nrecs, msg};
	ck->nrecs++;
	ck->sorted = 0;
	return 0;
}

int ts_ck_emit(ts_checker *ck, ts_check_id id, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = emit_v(ck, ck->nfiles - 1, id, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

int ts_ck_emit_in(ts_checker *ck, size_t file, ts_check_id id, long line, long col,
                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = emit_v(ck, file, id, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/* The reader's rejection of a file, where it says. */
static int emit_read(ts_checker *ck, const ts_error *e)
{
	return ts_ck_emit(ck, TS_CK_READ, e->line, e->line ? e->col : 0, "%s", e->msg);
}

/* The declared speakers and the caller that no call of the file has. */
static int missing_speakers(ts_checker *ck, char **seen, size_t nseen)
{
	const ts_options *o = ck->opt;
	for (size_t i = 0; i <= o->nspeakers; i++) {
		const char *want = i < o->nspeakers ? o->speakers[i] : o->caller;
		if (!want)
			continue;
		char *id = ts_nfkc(want, strlen(want));
		if (!id)
			return TS_ENOMEM;
		size_t k = 0;
		while (k < nseen && strcmp(seen[k], id))
			k++;
		int rc = 0;
		if (k == nseen)
			rc = ts_ck_emit(ck, TS_CK_SPEAKER_MISSING, 0, 0, "%s '%s' never speaks",
			                i < o->nspeakers ? "declared speaker" : "caller", want);
		free(id);
		if (rc)
			return rc;
	}
	return 0;
}

/* Speaker ids seen in the file, once each (a file has a handful). */
static int add_seen(char ***seen, size_t *n, size_t *cap, const char *id)
{
	for (size_t k = 0; k < *n; k++)
		if (!strcmp((*seen)[k], id))
			return 0;
	char *copy = strdup(id);
	if (!copy || TS_GROW(*seen, *cap, *n + 1)) {
		free(copy);
		return TS_ENOMEM;
	}
	(*seen)[(*n)++] = copy;
	return 0;
}

/* The calls of an input: per-call checks, the lines that start turns, and
 * the speakers seen.  An input error is a "read" diagnostic (1). */
static int read_calls(ts_checker *ck, const ts_format_reader *fmt, ts_input *in, long **lines,
                      size_t *nlines, char ***seen, size_t *nseen, ts_error *err)
{
	void *state = NULL;
	size_t lcap = 0, scap = 0;
	ts_error e = {0};
	int rc = fmt->open(&state, ck->res, ck->opt, in, &e);
	const ts_call *call;
	while (!rc && (rc = ts_format_next(fmt, state, ck->res, ck->opt, ts_input_name(in),
	                                           TS_NEXT_ANY_CALLER, &call, &e)) == 1) {
		rc = ts_ck_call(ck, call);
		for (size_t t = 0; !rc && t < call->nturns; t++) {
			if (TS_GROW(*lines, lcap, *nlines + 1))
				rc = TS_ENOMEM;
			else
				(*lines)[(*nlines)++] = call->turns[t].line;
		}
		for (size_t s = 0; !rc && s < call->nspeakers; s++)
			rc = add_seen(seen, nseen, &scap, call->speakers[s].id);
	}
	if (state)
		fmt->close(state);
	if (rc == TS_EINPUT || rc == TS_ELIMIT)
		return emit_read(ck, &e) ? ts_nomem(err) : 1;
	if (rc < 0)
		*err = e;
	return rc;
}

int ts_checker_file(ts_checker *ck, const char *path, const char *name, ts_error *err)
{
	char *copy = strdup(name);
	if (!copy || TS_GROW(ck->files, ck->files_cap, ck->nfiles + 1)) {
		free(copy);
		return ts_nomem(err);
	}
	ck->files[ck->nfiles++] = copy;
	ts_ck_titles_reset(ck);
	ts_input *in = NULL;
	const ts_format_reader *fmt;
	int rc = ts_format_open_input(ck->opt, path, &in, &fmt, err);
	if (rc)
		return rc;
	ts_cands cands = {0};
	long *lines = NULL;
	size_t nlines = 0, nseen = 0;
	char **seen = NULL;
	int labels = !strcmp(fmt->name, "text");
	rc = ts_ck_lines(ck, in, labels, &cands, err);
	if (rc) {
		ts_input_close(in);
		goto done;
	}
	rc = read_calls(ck, fmt, in, &lines, &nlines, &seen, &nseen, err);  /* closes in */
	if (!rc && labels)
		rc = ts_ck_labels(ck, &cands, lines, nlines);
	if (!rc)
		rc = ts_ck_running_headers(ck);
	if (!rc)
		rc = missing_speakers(ck, seen, nseen);
	if (rc == 1)
		rc = 0;  /* the file was rejected: what depends on its calls is unknown */
	if (rc == TS_ENOMEM)
		ts_nomem(err);
done:
	ts_cands_free(&cands);
	free(lines);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

int ts_checker_finish(ts_checker *ck, ts_error *err)
{
	return ts_ck_meta_keys(ck) ? ts_nomem(err) : 0;
}

static int rec_cmp(const void *pa, const void *pb)
{
	const ts_diag_rec *a = pa, *b = pb;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->check != b->check)
		return a->check < b->check ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

const ts_diagnostic *ts_checker_diagnostics(ts_checker *ck, size_t *n)
{
	*n = 0;
	if (!ck->sorted) {
		if (ck->nrecs > 1)  /* qsort wants an array, even of nothing */
			qsort(ck->recs, ck->nrecs, sizeof *ck->recs, rec_cmp);
		free(ck->view);
		ck->view = ck->nrecs ? malloc(ck->nrecs * sizeof *ck->view) : NULL;
		if (ck->nrecs && !ck->view)
			return NULL;
		for (size_t i = 0; i < ck->nrecs; i++) {
			const ts_diag_rec *r = &ck->recs[i];
			ck->view[i] = (ts_diagnostic){ck->files[r->file], r->line, r->col,
			                              ts_ck_severity(ck, r->check), checks[r->check].name,
			                              r->message};
		}
		ck->sorted = 1;
	}
	*n = ck->nrecs;
	return ck->view;
}

size_t ts_checker_count(const ts_checker *ck, ts_severity sev)
{
	size_t k = 0;
	for (size_t i = 0; i < ck->nrecs; i++)
		k += ts_ck_severity(ck, ck->recs[i].check) == sev;
	return k;
}
