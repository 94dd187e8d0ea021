/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A timed call as RTTM SPEAKER rows, one per span of speech, as pyannote
 * writes them:
 *
 *     SPEAKER anyang_1 1 12.500 3.250 <NA> <NA> CLB <NA> <NA>
 *
 * Each stretch of the union of a turn's spans is a row (cues or segments
 * of one speaker may overlap: 30-31.5, 30.5-32), so a speaker's talk time,
 * the union of their spans, reads back the same.  Names take no blanks in RTTM: each
 * blank byte of a name is written '_'. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "output/convert.h"

long long ts_conv_millis(double seconds)
{
	return llround(seconds * 1000);
}

int ts_conv_call_id(const ts_conv_call *cc, ts_buf *out)
{
	size_t from = out->len;
	if (ts_buf_printf(out, "%s_%zu", cc->stem, cc->call->number))
		return TS_ENOMEM;
	for (size_t i = from; i < out->len; i++) {
		char c = out->ptr[i];
		if (!ts_ascii_alnum((unsigned char)c) && c != '-' && c != '.' && c != '_')
			out->ptr[i] = '_';
	}
	return 0;
}

static int put_millis(ts_buf *out, long long ms)
{
	return ts_buf_printf(out, "%s%lld.%03lld", ms < 0 ? "-" : "", llabs(ms) / 1000, llabs(ms) % 1000);
}

static int by_start(const void *a, const void *b)
{
	const ts_span *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

static int row(const ts_conv_call *cc, const char *name, long long a, long long b, ts_buf *out)
{
	int rc = ts_buf_append(out, "SPEAKER ", 8) || ts_conv_call_id(cc, out) ||
	         ts_buf_append(out, " 1 ", 3) || put_millis(out, a) || ts_buf_append(out, " ", 1) ||
	         put_millis(out, b - a) || ts_buf_append(out, " <NA> <NA> ", 11);
	for (const char *p = name; !rc && *p; p++)
		rc = ts_buf_append(out, (*p == ' ' || *p == '\t') ? "_" : p, 1);
	return rc || ts_buf_append(out, " <NA> <NA>\n", 11);
}

int ts_write_rttm(const ts_conv_call *cc, ts_buf *out, ts_error *err)
{
	const ts_call *c = cc->call;
	if (!c->timed)
		return ts_fail(err, TS_EINPUT, cc->source, c->line, 1,
		               "RTTM needs times, and this %s input gives none (timed inputs: "
		               "rttm, stm, vtt, srt, chat with media bullets)", c->format);
	for (size_t t = 0; t < c->nturns; t++) {
		const ts_turn *turn = &c->turns[t];
		if (!turn->nspans)
			return ts_fail(err, TS_EINPUT, cc->source, turn->line, turn->col,
			               "turn %zu has no times: RTTM cannot hold it", turn->number);
		const char *name = c->speakers[turn->speaker].id;
		ts_span *sp = malloc(turn->nspans * sizeof *sp);
		if (!sp)
			return ts_nomem(err);
		memcpy(sp, turn->spans, turn->nspans * sizeof *sp);
		qsort(sp, turn->nspans, sizeof *sp, by_start);
		int rc = 0;
		double a = sp[0].start, b = sp[0].end;
		for (size_t s = 1; !rc && s <= turn->nspans; s++) {
			if (s < turn->nspans && sp[s].start <= b) {
				if (sp[s].end > b)
					b = sp[s].end;
				continue;
			}
			rc = row(cc, name, ts_conv_millis(a), ts_conv_millis(b), out);
			if (s < turn->nspans)
				a = sp[s].start, b = sp[s].end;
		}
		free(sp);
		if (rc)
			return ts_nomem(err);
	}
	return 0;
}
