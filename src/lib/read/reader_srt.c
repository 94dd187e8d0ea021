/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* SubRip (.srt), as subtitle editors, Whisper and WhisperX write it:
 *
 *     1
 *     00:00:01,000 --> 00:00:04,000
 *     [SPEAKER_00]: We are in New York City
 *
 * A cue is a number line, a timing line and text lines up to a blank
 * line; a timing line without its number starts a cue too, and so does a
 * number and a timing line right after a cue's text, where a writer left
 * out the blank line.  Blocks of other text are kept as narration.  Cue
 * text goes through read/cues.h. */
#include "config.h"

#include <string.h>

#include "base/diag.h"
#include "base/text.h"
#include "read/cues.h"
#include "read/reader.h"

/* A cue number: digits alone. */
static int number(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && ts_ascii_digit(s[i]))
		i++;
	return i && ts_cues_blank(s + i, n - i);
}

static int held_text(ts_cues *q, ts_error *err)
{
	return ts_cues_text(q, q->held.ptr, q->held.len, q->held_line, err);
}

static int no_timing(ts_cues *q, long lineno, ts_error *err)
{
	return ts_fail(err, TS_EINPUT, q->name, lineno, 1,
	               "cue number '%.*s' is not followed by a timing line", (int)q->held.len,
	               q->held.ptr);
}

static int srt_line(ts_cues *q, const char *s, size_t n, long lineno, ts_error *err)
{
	int rc, blank = ts_cues_blank(s, n);
	switch (q->state) {
	case TS_CUE_ID:
		if (blank)
			return no_timing(q, lineno, err);
		return ts_cues_start(q, s, n, lineno, err);  /* where a broken one goes wrong */
	case TS_CUE_HELD:
		if (ts_cues_arrow(s, n))  /* the held number was the next cue's */
			return ts_cues_start(q, s, n, lineno, err);
		if ((rc = held_text(q, err)))
			return rc;
		q->state = TS_CUE_TEXT;
		break;
	default:
		break;
	}
	if (blank) {
		q->state = TS_CUE_BETWEEN;
		return 0;
	}
	if (ts_cues_arrow(s, n))
		return ts_cues_start(q, s, n, lineno, err);
	switch (q->state) {
	case TS_CUE_BETWEEN:
		if (number(s, n)) {
			q->state = TS_CUE_ID;
			return ts_cues_hold(q, s, n, lineno, err);
		}
		q->state = TS_CUE_STRAY;
		return ts_cues_stray(q, s, n, lineno, err);
	case TS_CUE_TEXT:
		if (number(s, n)) {  /* a number in the text, or the next cue's */
			q->state = TS_CUE_HELD;
			return ts_cues_hold(q, s, n, lineno, err);
		}
		return ts_cues_text(q, s, n, lineno, err);
	default:  /* TS_CUE_STRAY */
		return ts_cues_stray(q, s, n, lineno, err);
	}
}

static int srt_end(ts_cues *q, ts_error *err)
{
	if (q->state == TS_CUE_ID)
		return no_timing(q, q->held_line, err);
	if (q->state == TS_CUE_HELD)
		return held_text(q, err);
	return 0;
}

static const ts_cuefmt srt_fmt = {1, srt_line, srt_end};

static int srt_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                    ts_error *err)
{
	return ts_cues_open(state, res, opt, in, &srt_fmt, err);
}

/* The first line of s[*at..n) without its end, blank lines skipped; 0 at
 * the end of the bytes. */
static int head_line(const char *s, size_t n, size_t *at, const char **line, size_t *len)
{
	for (;;) {
		if (*at >= n)
			return 0;
		const char *nl = memchr(s + *at, '\n', n - *at);
		size_t e = nl ? (size_t)(nl - s) : n;
		*line = s + *at;
		*len = e - *at;
		if (*len && (*line)[*len - 1] == '\r')
			(*len)--;
		*at = e + 1;
		if (!ts_cues_blank(*line, *len))
			return 1;
	}
}

/* A cue number line followed by a SubRip timing line: likely this format
 * (labelled text could start so, but hardly). */
static int srt_sniff(const char *head, size_t n)
{
	size_t at = 0, a, b;
	const char *l1, *l2;
	if (!head_line(head, n, &at, &l1, &a) || !number(l1, a) || a > 9 ||
	    !head_line(head, n, &at, &l2, &b))
		return TS_SNIFF_NO;
	return ts_cues_timing_shape(l2, b, 1) ? TS_SNIFF_LIKELY : TS_SNIFF_NO;
}

static const char *const srt_extensions[] = {"srt", NULL};

const ts_format_reader ts_reader_srt = {
	"srt", srt_extensions, srt_sniff, srt_open, ts_cues_next, ts_cues_close, NULL,
};
