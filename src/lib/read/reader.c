/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/reader.h"

#include <stdio.h>
#include <string.h>

#include "base/caseless.h"
#include "base/diag.h"
#include "model/annotate.h"

/* One row per input format; the first is the fallback. */
static const ts_format_reader *const formats[] = {
	&ts_reader_text,
	&ts_reader_chat,
	&ts_reader_stm,
	&ts_reader_rttm,
	&ts_reader_vtt,
	&ts_reader_srt,
	&ts_reader_convokit,
	&ts_reader_html,
};

#define NFORMATS (sizeof formats / sizeof *formats)

const char *ts_format_name_at(size_t i)
{
	return i < NFORMATS ? formats[i]->name : NULL;
}

/* Whether the file name of path ends in "." and one of exts. */
static int has_extension(const char *path, const char *const *exts)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	for (size_t i = 0; exts && exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e + 1 && base[n - e - 1] == '.' && ts_ci_equal(base + n - e, e, exts[i], e))
			return 1;
	}
	return 0;
}

static int named(const ts_format_reader *const *rows, size_t nrows, const char *name,
                 const ts_format_reader **fmt, ts_error *err)
{
	for (size_t i = 0; i < nrows; i++)
		if (!strcmp(rows[i]->name, name)) {
			*fmt = rows[i];
			return 0;
		}
	return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "unknown format: '%s'", name);
}

int ts_format_check(const char *name, ts_error *err)
{
	const ts_format_reader *fmt;
	return name ? named(formats, NFORMATS, name, &fmt, err) : 0;
}

int ts_format_choose(const ts_format_reader *const *rows, size_t nrows, const char *name,
                     const char *path, const char *head, size_t n, const ts_format_reader **fmt,
                     ts_error *err)
{
	*fmt = rows[0];
	if (name)
		return named(rows, nrows, name, fmt, err);
	for (size_t i = 0; i < nrows; i++)
		if (has_extension(path, rows[i]->extensions)) {
			*fmt = rows[i];
			return 0;
		}
	int best = TS_SNIFF_NO;
	for (size_t i = 0; i < nrows; i++) {
		int s = rows[i]->sniff(head, n);
		if (s > best) {
			best = s;
			*fmt = rows[i];
		}
	}
	return 0;
}

int ts_format_is_transcript(const char *format, const char *head, size_t n)
{
	if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) {
		head += 3;  /* the sniffers see the input without it */
		n -= 3;
	}
	size_t i = 0;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
		i++;
	if (i == n)
		return 0;
	if (head[i] != '{' && head[i] != '[')
		return 1;
	if (n > TS_SNIFF_BYTES)
		n = TS_SNIFF_BYTES;
	/* the format named need only find its marks (a ConvoKit line longer
	 * than a sniffer sees is only likely); one that finds none (--from vtt
	 * beside summaries) leaves the summaries to be read as summaries */
	for (size_t k = 0; k < NFORMATS; k++) {
		int named = format && !strcmp(formats[k]->name, format);
		if (formats[k]->sniff(head, n) >= (named ? TS_SNIFF_LIKELY : TS_SNIFF_SURE))
			return 1;
	}
	return 0;
}

int ts_format_open_input(const ts_options *opt, const char *path, ts_input **in,
                         const ts_format_reader **fmt, ts_error *err)
{
	char head[TS_SNIFF_BYTES];
	long n = 0;
	int rc = ts_input_open(in, path, opt->encoding, err);
	if (!rc && !opt->format && (n = ts_input_head(*in, head, sizeof head, err)) < 0)
		rc = (int)n;
	if (!rc)
		rc = ts_format_choose(formats, NFORMATS, opt->format, ts_input_name(*in), head,
		                      (size_t)n, fmt, err);
	if (rc && *in) {
		ts_input_close(*in);
		*in = NULL;
	}
	return rc;
}

/* A declared caller who does not speak: the call's speakers in the message,
 * so that a misspelt name shows. */
static int caller_absent(const ts_callbuf *cb, const ts_options *opt, const char *name,
                         ts_error *err)
{
	const ts_call *c = &cb->call;
	char list[256] = "";
	for (size_t i = 0, o = 0; i < c->nspeakers && o < sizeof list - 1; i++) {
		int k = snprintf(list + o, sizeof list - o, "%s%s", i ? ", " : "", c->speakers[i].id);
		o = k < 0 ? sizeof list : o + (size_t)k;
	}
	const char *who = opt->caller ? opt->caller : ts_callbuf_meta_value(cb, "Caller");
	return ts_fail(err, TS_EINPUT, name, c->line, 0,
	               "the caller '%.100s' is none of the call's speakers (%s)", who, list);
}

int ts_format_next(const ts_format_reader *fmt, void *state, const ts_resources *res,
                   const ts_options *opt, const char *name, unsigned flags, const ts_call **call,
                   ts_error *err)
{
	ts_callbuf *cb;
	*call = NULL;
	int rc = fmt->next(state, &cb, err);
	if (rc != 1)
		return rc;
	if ((rc = ts_annotate(cb, res, opt->caller)) && !(rc == 1 && (flags & TS_NEXT_ANY_CALLER)))
		return rc == 1 ? caller_absent(cb, opt, name, err) : ts_nomem(err);
	cb->call.format = fmt->name;
	*call = &cb->call;
	return 1;
}
