/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* WebVTT (W3C, "WebVTT: The Web Video Text Tracks Format"), as Zoom,
 * Teams, podcast hosts and Whisper write it:
 *
 *     WEBVTT
 *
 *     1
 *     00:00:01.000 --> 00:00:04.000 align:start
 *     <v Roger Bingham>We are in New York City
 *
 * A block whose first line (or second, after a cue identifier) holds
 * "-->" is a cue; NOTE, STYLE and REGION blocks are skipped; any other
 * block is kept as narration.  Cue text goes through read/cues.h. */
#include "config.h"

#include <string.h>

#include "base/diag.h"
#include "base/text.h"
#include "read/cues.h"
#include "read/reader.h"

/* Whether s[0..n) is keyword kw alone or followed by a blank. */
static int keyword(const char *s, size_t n, const char *kw)
{
	size_t m = strlen(kw);
	return ts_starts(s, n, kw) && (n == m || s[m] == ' ' || s[m] == '\t');
}

/* The signature line: "WEBVTT", then nothing or a blank and a title
 * ("WEBVTT - Press briefing"). */
static int signature(ts_cues *q, const char *s, size_t n, ts_error *err)
{
	if (!keyword(s, n, "WEBVTT"))
		return ts_fail(err, TS_EINPUT, q->name, 1, 1,
		               "not a WebVTT file: the first line must be 'WEBVTT'");
	size_t a = 6 + ts_skip_blanks(s + 6, n - 6);
	if (a < n && s[a] == '-')
		a += 1 + ts_skip_blanks(s + a + 1, n - a - 1);
	size_t len = ts_trim_end(s + a, n - a);
	if (len && ts_callbuf_title(&q->cb, s + a, len))
		return ts_nomem(err);
	return 0;
}

/* A header line "Key: value" ("Language: en", as YouTube writes) is the
 * call's metadata; other header lines (X-TIMESTAMP-MAP=...) say nothing
 * about the talk. */
static int header_meta(ts_cues *q, const char *s, size_t n, ts_error *err)
{
	size_t k = 0;
	while (k < n && (ts_ascii_alnum(s[k]) || s[k] == '-' || s[k] == '_'))
		k++;
	if (!k || k >= n || s[k] != ':')
		return 0;
	size_t v = k + 1 + ts_skip_blanks(s + k + 1, n - k - 1);
	if (ts_callbuf_meta(&q->cb, s, k, s + v, ts_trim_end(s + v, n - v)))
		return ts_nomem(err);
	return 0;
}

static int vtt_line(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	if (lineno == 1)
		return signature(q, s, n, err);
	int rc;
	if (ts_cues_blank(s, n)) {
		if (q->state == TS_CUE_ID &&
		    (rc = ts_cues_stray(q, q->held.ptr, q->held.len, q->held_line, err)))
			return rc;
		q->state = TS_CUE_BETWEEN;
		return 0;
	}
	/* A line with "-->" starts a cue in any block, as in the standard's
	 * parser: a cue's text, a note, cannot hold one. */
	if (ts_cues_arrow(s, n))
		return ts_cues_start(q, s, n, lineno, err);
	switch (q->state) {
	case TS_CUE_HEADER:
		return header_meta(q, s, n, err);
	case TS_CUE_BETWEEN:
		if (keyword(s, n, "NOTE") || keyword(s, n, "STYLE") || keyword(s, n, "REGION")) {
			q->state = TS_CUE_SKIP;
			return 0;
		}
		q->state = TS_CUE_ID;  /* a cue identifier, if a timing line follows */
		return ts_cues_hold(q, s, n, lineno, err);
	case TS_CUE_ID:
		q->state = TS_CUE_STRAY;
		if ((rc = ts_cues_stray(q, q->held.ptr, q->held.len, q->held_line, err)))
			return rc;
		return ts_cues_stray(q, s, n, lineno, err);
	case TS_CUE_TEXT:
		return ts_cues_text(q, s, n, lineno, err);
	case TS_CUE_STRAY:
		return ts_cues_stray(q, s, n, lineno, err);
	default:  /* TS_CUE_SKIP */
		return 0;
	}
}

static int vtt_end(ts_cues *q, ts_error *err)
{
	if (q->state == TS_CUE_ID)
		return ts_cues_stray(q, q->held.ptr, q->held.len, q->held_line, err);
	return 0;
}

static const ts_cuefmt vtt_fmt = {0, vtt_line, vtt_end};

static int vtt_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                    ts_error *err)
{
	return ts_cues_open(state, res, opt, in, &vtt_fmt, err);
}

/* The signature is this format's alone. */
static int vtt_sniff(const char *head, size_t n)
{
	if (!ts_starts(head, n, "WEBVTT"))
		return TS_SNIFF_NO;
	if (n == 6 || head[6] == ' ' || head[6] == '\t' || head[6] == '\n' || head[6] == '\r')
		return TS_SNIFF_SURE;
	return TS_SNIFF_NO;
}

static const char *const vtt_extensions[] = {"vtt", NULL};

const ts_format_reader ts_reader_vtt = {
	"vtt", vtt_extensions, vtt_sniff, vtt_open, ts_cues_next, ts_cues_close, NULL,
};
