/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Tidy tables of the calls of a transcript: the pipeline's sink, which
 * writes each call's rows in the thread that analysed it. */
#include "config.h"

#include <stdlib.h>

#include "base/diag.h"
#include "output/table.h"
#include "run/pipeline.h"

typedef struct table_maker {
	int table;
	const char *source;
	unsigned flags;
} table_maker;

static int make_rows(void *arg, const ts_result *r, ts_buf *out)
{
	const table_maker *m = arg;
	return ts_table_rows(r, m->table, m->source, m->flags, out);
}

typedef struct table_taker {
	ts_write_fn fn;
	void *arg;
} table_taker;

static int take_rows(void *arg, const char *rows, size_t len)
{
	const table_taker *t = arg;
	return len ? t->fn(t->arg, rows, len) : 0;
}

int ts_table_file(ts_context *ctx, int table, const char *path, const char *source,
                  unsigned flags, ts_write_fn fn, void *arg, ts_error *err)
{
	return ts_table_files(ctx, table, 1, &path, &source, flags, fn, arg, NULL, NULL, err);
}

int ts_table_files(ts_context *ctx, int table, size_t n, const char *const *paths,
                   const char *const *sources, unsigned flags, ts_write_fn fn, void *arg,
                   ts_file_fn begin, void *begin_arg, ts_error *err)
{
	if (table < 0 || table >= TS_TABLE_COUNT)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no such table: %d", table);
	table_taker t = {fn, arg};
	table_maker *m = calloc(n ? n : 1, sizeof *m);
	ts_sink *sinks = calloc(n ? n : 1, sizeof *sinks);
	int rc = m && sinks ? 0 : ts_nomem(err);
	for (size_t i = 0; !rc && i < n; i++) {
		m[i] = (table_maker){table, sources[i], flags};
		sinks[i] = (ts_sink){make_rows, &m[i], take_rows, &t, NULL};
	}
	if (!rc)
		rc = ts_pipeline_files(ctx, n, paths, sinks, TS_SECTION_ALL, begin, begin_arg, err);
	free(sinks);
	free(m);
	return rc;
}

int ts_table_header(int table, unsigned flags, ts_write_fn fn, void *arg)
{
	ts_buf b = {0};
	int rc = table < 0 || table >= TS_TABLE_COUNT ? TS_EUSAGE :
	         ts_table_header_buf(table, flags, &b);
	if (!rc)
		rc = fn(arg, b.ptr, b.len);
	ts_buf_free(&b);
	return rc;
}

int ts_result_table(const ts_result *res, int table, const char *source, unsigned flags,
                    char **text, size_t *len)
{
	ts_buf b = {0};
	*text = NULL;
	*len = 0;
	if (table < 0 || table >= TS_TABLE_COUNT)
		return TS_EUSAGE;
	if (ts_table_rows(res, table, source, flags, &b) || ts_buf_reserve(&b, 0)) {
		ts_buf_free(&b);
		return TS_ENOMEM;
	}
	*text = b.ptr;
	*len = b.len;
	return 0;
}
