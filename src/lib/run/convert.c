/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Transcripts written in another format (talkstat turns --to): each call
 * read, in order, goes to its writer (output/convert.h).  Nothing is
 * analysed: the writers need the call as read, its speakers and roles. */
#include "config.h"

#include <string.h>

#include "base/diag.h"
#include "output/convert.h"
#include "run/context.h"

static const char *const out_formats[] = {"chat", "convokit", "rttm"};

const char *ts_out_format_name(size_t i)
{
	return i < sizeof out_formats / sizeof *out_formats ? out_formats[i] : NULL;
}

/* The file name of path without its folders and its last extension
 * ("fixtures/anyang-calls.txt": anyang-calls; standard input: stdin). */
static int stem_of(const char *path, ts_buf *out)
{
	if (!strcmp(path, "-"))
		path = "stdin";
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	out->len = 0;
	return ts_buf_append(out, base, n);
}

static int convert_file(ts_context *ctx, int format, const char *path, const char *source,
                        size_t *calls, ts_buf *stem, ts_buf *b, ts_write_fn fn, void *arg,
                        ts_error *err)
{
	ts_reader *r;
	int rc = ts_reader_open(&r, ctx, path, err);
	if (rc)
		return rc;
	if (stem_of(path, stem)) {
		ts_reader_close(r);
		return ts_nomem(err);
	}
	const ts_call *call;
	while ((rc = ts_reader_next(r, &call, err)) == 1) {
		ts_conv_call cc = {call, source, stem->ptr};
		/* CHAT has one transcript a file (text after @End is not CHAT) */
		if (format == TS_OUT_CHAT && (*calls)++) {
			rc = ts_fail(err, TS_EINPUT, source, call->line, 1,
			             "CHAT holds one call a file, and this is a second one (convert "
			             "each call on its own, or use --to convokit)");
			break;
		}
		b->len = 0;
		int wr = format == TS_OUT_CHAT ? ts_write_chat(ctx->res.tc, &cc, b, err) :
		         format == TS_OUT_CONVOKIT ? ts_write_convokit(&cc, b, err) :
		         ts_write_rttm(&cc, b, err);
		if (!wr && b->len)
			wr = fn(arg, b->ptr, b->len);  /* nonzero: a write error, handed back */
		if (wr) {
			rc = wr;
			break;
		}
	}
	ts_reader_close(r);
	return rc;
}

int ts_convert_files(ts_context *ctx, int format, size_t n, const char *const *paths,
                     const char *const *sources, ts_write_fn fn, void *arg, ts_error *err)
{
	if (format < 0 || format >= TS_OUT_COUNT)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "no such output format: %d", format);
	ts_buf stem = {0}, b = {0};
	size_t calls = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = convert_file(ctx, format, paths[i], sources[i], &calls, &stem, &b, fn, arg, err);
	ts_buf_free(&stem);
	ts_buf_free(&b);
	return rc;
}
