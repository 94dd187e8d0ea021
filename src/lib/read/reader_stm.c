/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* NIST STM, the reference transcripts of sclite (SCTK's infmts.htm), as
 * in SCTK's src/sclite/testdata/lvc_ref.stm:
 *
 *     ;; LABEL "O" "Overall" "Overall Scores"
 *     2347 a 2347-a 1.06 3.47 <O,WA> i've { um / uh } as far as i'm concerned
 *
 * file channel speaker start end [<label>] text: a timed segment of one
 * speaker with its words.  A file is a call; the channel is not read (a
 * two-channel telephone call is one conversation, its speakers tell the
 * sides).  Alternations "{ um / uh }" keep their first alternative ("@" is
 * no word), as a transcript would have one; the label is not read. */
#include "config.h"

#include <string.h>

#include "base/caseless.h"
#include "base/diag.h"
#include "read/reader.h"
#include "read/segments.h"

/* word is ASCII: a text of fewer bytes has fewer characters, and no
 * caseless match (most speakers and texts end here). */
static int ci(const char *s, size_t n, const char *word)
{
	size_t m = strlen(word);
	return n >= m && ts_ci_equal(s, n, word, m);
}

static int stm_parse(const char *name, const char *line, size_t n, long lineno, ts_segline *sl,
                     ts_error *err)
{
	size_t at = 0, off[5], len[5];
	if (n >= 2 && line[0] == ';' && line[1] == ';')
		return 0;  /* a comment, or the CATEGORY and LABEL declarations */
	int k = ts_seg_fields(line, n, &at, off, len, 5);
	if (!k)
		return 0;
	if (k < 5)
		return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, at),
		               "an STM segment needs file, channel, speaker, start and end");
	double t[2];
	int rc = ts_seg_times(name, line, lineno, off + 3, len + 3, t, err);
	if (rc)
		return rc;
	if (t[1] < t[0])
		return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, off[4]),
		               "the segment ends before it starts");
	/* the label, "<O,F0,male>", may hold blanks */
	size_t a = at + ts_skip_blanks(line + at, n - at);
	if (a < n && line[a] == '<') {
		const char *gt = memchr(line + a, '>', n - a);
		if (!gt)
			return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, a),
			               "the label has no closing '>'");
		a = (size_t)(gt - line) + 1;
		a += ts_skip_blanks(line + a, n - a);
	}
	size_t e = n;
	while (e > a && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	const char *spk = line + off[2];
	/* Not speech: the gaps between scored segments, the regions sclite
	 * leaves out, and a segment without words (sclite: nothing said). */
	if (e == a || ci(spk, len[2], "inter_segment_gap") ||
	    ci(spk, len[2], "ignore_time_segment_in_scoring") ||
	    ci(line + a, e - a, "ignore_time_segment_in_scoring"))
		return 0;
	*sl = (ts_segline){line + off[0], len[0], spk, len[2], t[0], t[1], line + a, e - a};
	return 1;
}

static int append(ts_callbuf *cb, const char *s, size_t a, size_t b, long line, long col)
{
	return b > a ? ts_callbuf_append(cb, s + a, b - a, line, col + (long)ts_utf8_len(s, a), 1, NULL)
	             : 0;
}

/* The words of a segment: runs of kept words, each a piece of the turn at
 * its column ("{", "/", "}" and the other alternatives are not kept). */
static int stm_text(ts_callbuf *cb, const char *s, size_t n, long line, long col)
{
	if (!memchr(s, '{', n))  /* most segments: no alternation, one run */
		return append(cb, s, 0, n, line, col);
	enum { OUT, FIRST, REST } state = OUT;
	size_t at = 0, off, len, run = 0, end = 0;
	int open = 0;  /* a run has started at `run`, up to `end` */
	while (ts_seg_field(s, n, &at, &off, &len)) {
		int keep = 0;
		if (len == 1 && s[off] == '{') {
			state = FIRST;
		} else if (len == 1 && s[off] == '/' && state != OUT) {
			state = REST;
		} else if (len == 1 && s[off] == '}' && state != OUT) {
			state = OUT;
		} else {
			keep = state == OUT || (state == FIRST && !(len == 1 && s[off] == '@'));
		}
		if (keep) {
			if (!open)
				run = off;
			open = 1;
			end = off + len;
		} else if (open) {
			if (append(cb, s, run, end, line, col))
				return TS_ENOMEM;
			open = 0;
		}
	}
	return open ? append(cb, s, run, end, line, col) : 0;
}

/* The first row that is no comment: five fields, the fourth and fifth
 * times (the first four bytes of a transcript in other formats seldom
 * are). */
static int stm_sniff(const char *head, size_t n)
{
	size_t off[5], len[5];
	double t;
	return ts_seg_head_row(head, n, off, len, 5) == 5 && !ts_seg_time(head + off[3], len[3], &t) &&
	       !ts_seg_time(head + off[4], len[4], &t) ? TS_SNIFF_LIKELY : TS_SNIFF_NO;
}

static const ts_seg_format stm_format = {stm_parse, stm_text, "segments"};

TS_SEGS_OPEN(stm_open, stm_format)

static const char *const stm_extensions[] = {"stm", NULL};

const ts_format_reader ts_reader_stm = {
	"stm", stm_extensions, stm_sniff, stm_open, ts_segs_next, ts_segs_close, NULL,
};
