/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* RTTM, the diarisation format of NIST's Rich Transcription evaluations
 * and of every diarisation system (pyannote, VoxConverse, DIHARD), as in
 * VoxConverse's dev/afjiv.rttm:
 *
 *     SPEAKER afjiv 1 41.120000 39.360000 <NA> <NA> spk00 <NA> <NA>
 *
 * type file channel onset duration ortho stype name conf [slat]: a SPEAKER
 * row is a segment of one speaker, without words.  Other rows (SPKR-INFO,
 * SEGMENT, LEXEME, NON-SPEECH, NON-LEX, NOSCORE ...) say nothing of who
 * speaks when that SPEAKER rows do not, and are not read.  A file is a
 * call, the channel is not read, and rows need not be in time order
 * (VoxConverse's are by speaker). */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/diag.h"
#include "read/reader.h"
#include "read/segments.h"

/* p[0..7) is "SPEAKER": two loads, where a call to memcmp for seven
 * bytes was a tenth of a row's reading. */
static int is_speaker(const char *p)
{
	uint32_t a, b, x, y;
	memcpy(&a, p, 4);
	memcpy(&b, p + 3, 4);
	memcpy(&x, "SPEA", 4);
	memcpy(&y, "AKER", 4);
	return a == x && b == y;
}

static int rttm_parse(const char *name, const char *line, size_t n, long lineno, ts_segline *sl,
                      ts_error *err)
{
	size_t at = 0, off[8], len[8];
	if (n >= 2 && line[0] == ';' && line[1] == ';')
		return 0;
	/* the first field is the row's type: most rows are SPEAKER rows */
	int k = ts_seg_fields(line, n, &at, off, len, 8);
	if (!k || len[0] != 7 || !is_speaker(line + off[0]))
		return 0;
	if (k < 8)
		return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, at),
		               "a SPEAKER row needs file, channel, onset, duration, two fields and the "
		               "speaker's name");
	double t[2];
	int rc = ts_seg_times(name, line, lineno, off + 3, len + 3, t, err);
	if (rc)
		return rc;
	double end = t[0] + t[1];
	if (!isfinite(end))
		return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, off[4]),
		               "the segment ends too late");
	*sl = (ts_segline){line + off[1], len[1], line + off[7], len[7], t[0], end, NULL, 0};
	return 1;
}

/* The first row that is no comment: an RTTM row type and at least eight
 * fields, a SPEAKER row with its onset and duration; sure, as STM's rows
 * have times in the same places but never start with one of these
 * words. */
static int rttm_sniff(const char *head, size_t n)
{
	static const char *const types[] = {"SPEAKER", "SPKR-INFO", "SEGMENT", "LEXEME",
	                                    "NON-SPEECH", "NON-LEX", "NOSCORE", "NO_RT_METADATA", NULL};
	size_t off[8], len[8];
	double t;
	if (ts_seg_head_row(head, n, off, len, 8) < 8)
		return TS_SNIFF_NO;
	if (len[0] == 7 && !memcmp(head + off[0], "SPEAKER", 7))
		return ts_seg_time(head + off[3], len[3], &t) || ts_seg_time(head + off[4], len[4], &t)
		       ? TS_SNIFF_NO : TS_SNIFF_SURE;
	for (size_t i = 1; types[i]; i++)
		if (strlen(types[i]) == len[0] && !memcmp(head + off[0], types[i], len[0]))
			return TS_SNIFF_SURE;
	return TS_SNIFF_NO;
}

static const ts_seg_format rttm_format = {rttm_parse, NULL, "SPEAKER rows"};

TS_SEGS_OPEN(rttm_open, rttm_format)

static const char *const rttm_extensions[] = {"rttm", NULL};

const ts_format_reader ts_reader_rttm = {
	"rttm", rttm_extensions, rttm_sniff, rttm_open, ts_segs_next, ts_segs_close, NULL,
};
