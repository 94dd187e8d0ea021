/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The public functions that take a ts_context: the library's front door
 * to the stages, which never see the context itself. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyse/result.h"
#include "base/diag.h"
#include "output/summary.h"
#include "read/input.h"
#include "read/reader.h"
#include "run/context.h"

struct ts_reader {
	const ts_format_reader *fmt;
	void *state;
	const ts_context *ctx;
	char *name;  /* the input's, for errors */
};

int ts_reader_open(ts_reader **out, ts_context *ctx, const char *path, ts_error *err)
{
	*out = NULL;
	ts_input *in;
	const ts_format_reader *fmt;
	int rc = ts_format_open_input(&ctx->opt, path, &in, &fmt, err);
	if (rc)
		return rc;
	ts_reader *r = calloc(1, sizeof *r);
	char *name = strdup(ts_input_name(in));
	if (!r || !name) {
		free(r);
		free(name);
		ts_input_close(in);
		return ts_nomem(err);
	}
	*r = (ts_reader){fmt, NULL, ctx, name};
	if ((rc = fmt->open(&r->state, &ctx->res, &ctx->opt, in, err))) {
		free(r->name);
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

const char *ts_reader_format(const ts_reader *r)
{
	return r->fmt->name;
}

int ts_reader_next(ts_reader *r, const ts_call **call, ts_error *err)
{
	return ts_format_next(r->fmt, r->state, &r->ctx->res, &r->ctx->opt, r->name, 0, call, err);
}

void ts_reader_close(ts_reader *r)
{
	if (!r)
		return;
	r->fmt->close(r->state);
	free(r->name);
	free(r);
}

const char *ts_format_name(size_t i)
{
	return ts_format_name_at(i);
}

int ts_analyse(ts_context *ctx, const ts_call *call, unsigned sections, ts_result *res,
               ts_error *err)
{
	return ts_result_compute(&ctx->res, &ctx->scratch, &ctx->opt, call, sections, res, err);
}

int ts_summary_call_json(ts_context *ctx, const ts_call *call, unsigned sections,
                         const char *source, unsigned flags, int indent, char **json,
                         ts_error *err)
{
	*json = NULL;
	ts_result r;
	int rc = ts_analyse(ctx, call, sections, &r, err);
	if (!rc)
		rc = ts_result_json(&r, source, flags, indent, json, err);
	ts_result_keep(&ctx->scratch, &r);
	return rc;
}
