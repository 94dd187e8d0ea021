#include "config.h"

#include "read/reader.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

/* One row per input format. */
static const ts_format_reader *const formats[] = {
	&ts_reader_text,
};

const ts_format_reader *ts_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (!strcmp(formats[i]->name, name))
			return formats[i];
	return NULL;
}

int ts_format_of(const ts_context *ctx, const ts_format_reader **fmt, ts_error *err)
{
	*fmt = formats[0];
	if (ctx->format && !(*fmt = ts_format_find(ctx->format)))
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "unknown format: '%s'", ctx->format);
	return 0;
}

struct ts_reader {
	const ts_format_reader *fmt;
	void *state;
};

int ts_reader_open(ts_reader **out, ts_context *ctx, const char *path, ts_error *err)
{
	*out = NULL;
	const ts_format_reader *fmt;
	int rc = ts_format_of(ctx, &fmt, err);
	if (rc)
		return rc;
	ts_reader *r = calloc(1, sizeof *r);
	if (!r)
		return ts_nomem(err);
	r->fmt = fmt;
	rc = fmt->open(&r->state, ctx, path, err);
	if (rc) {
		free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int ts_reader_next(ts_reader *r, const ts_call **call, ts_error *err)
{
	return r->fmt->next(r->state, call, err);
}

void ts_reader_close(ts_reader *r)
{
	if (!r)
		return;
	r->fmt->close(r->state);
	free(r);
}
