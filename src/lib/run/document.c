/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Summary documents: the envelope, written by the one JSON writer around
 * each call's summary as the pipeline hands it over. */
#include "config.h"

#include <stdlib.h>

#include "base/diag.h"
#include "base/json_out.h"
#include "run/context.h"
#include "run/pipeline.h"

struct ts_doc {
	ts_buf out;
	ts_jw w;
	unsigned flags;
	int many;
	ts_write_fn fn;
	void *arg;
};

/* Hand what was written to fn; 0 or fn's value. */
static int flush(ts_doc *d)
{
	int rc = d->out.len ? d->fn(d->arg, d->out.ptr, d->out.len) : 0;
	d->out.len = 0;
	return rc;
}

int ts_doc_new(ts_doc **out, unsigned flags, const char *source, ts_write_fn fn, void *arg,
               ts_error *err)
{
	ts_doc *d = calloc(1, sizeof *d);
	*out = NULL;
	if (!d)
		return ts_nomem(err);
	d->flags = flags;
	d->many = !source;
	d->fn = fn;
	d->arg = arg;
	if (!(flags & TS_DOC_LINES)) {
		ts_jw_init(&d->w, &d->out, (flags & TS_JSON_PRETTY) != 0, 0);
		ts_jw_object(&d->w, NULL);
		ts_jw_count(&d->w, "schema_version", TS_SCHEMA_VERSION);
		ts_jw_str_lossy(&d->w, "source", source);
		ts_jw_array(&d->w, "calls");
	}
	*out = d;
	return 0;
}

/* One call's summary: a line of its own, or the next item of "calls"
 * (the writer puts what goes before it; the summary itself goes straight
 * to fn, not through the buffer). */
static int add_call(void *arg, const char *json, size_t len)
{
	ts_doc *d = arg;
	int rc;
	if (d->flags & TS_DOC_LINES)
		return (rc = d->fn(d->arg, json, len)) ? rc : d->fn(d->arg, "\n", 1);
	ts_jw_raw(&d->w, NULL, "", 0);
	if (d->w.oom)
		return TS_ENOMEM;
	return (rc = flush(d)) ? rc : d->fn(d->arg, json, len);
}

/* Many calls' lines at once (TS_DOC_LINES): the bytes add_call writes
 * for each, given together. */
static int add_lines(void *arg, const char *lines, size_t len)
{
	ts_doc *d = arg;
	return d->fn(d->arg, lines, len);
}

/* The flags of each call's summary in d. */
static unsigned call_flags(const ts_doc *d)
{
	return (d->flags & TS_DOC_LINES) ? TS_JSON_RECORD :
	       (d->flags & TS_JSON_PRETTY) | (d->many ? TS_JSON_SOURCE : 0);
}

int ts_doc_file(ts_doc *d, ts_context *ctx, const char *path, const char *source,
                unsigned sections, ts_error *err)
{
	return ts_doc_files(d, ctx, 1, &path, &source, sections, NULL, NULL, err);
}

int ts_doc_files(ts_doc *d, ts_context *ctx, size_t n, const char *const *paths,
                 const char *const *sources, unsigned sections, ts_file_fn begin, void *arg,
                 ts_error *err)
{
	int rc = ts_summary_files_json(ctx, n, paths, sources, sections, call_flags(d), 2, add_call,
	                               (d->flags & TS_DOC_LINES) ? add_lines : NULL, d, begin, arg,
	                               err);
	return rc == TS_ENOMEM ? ts_nomem(err) : rc;
}

void ts_doc_free(ts_doc *d)
{
	if (!d)
		return;
	ts_buf_free(&d->out);
	free(d);
}

int ts_doc_end(ts_doc *d)
{
	int rc = 0;
	if (!(d->flags & TS_DOC_LINES)) {
		ts_jw_end(&d->w, 0);
		ts_jw_end(&d->w, 1);
		if (!d->w.oom && !ts_buf_append(&d->out, "\n", 1))
			rc = flush(d);
		else
			rc = TS_ENOMEM;
	}
	ts_doc_free(d);
	return rc;
}
