/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/textscan.h"

#include <string.h>

#include "base/buf.h"
#include "base/caseless.h"
#include "base/diag.h"
#include "read/lineclass.h"

int ts_textscan_init(ts_textscan *sc, const ts_langs *ls, const ts_options *opt,
                     long long mark_every, long long start, ts_error *err)
{
	memset(sc, 0, sizeof *sc);
	sc->mark_every = mark_every;
	sc->last_mark = start;
	ts_frontmatter_init(&sc->fm, start == 0);
	if (!(sc->labels = ts_labels_new(ls)))
		return ts_nomem(err);
	for (size_t i = 0; i < opt->nspeakers; i++)
		if (ts_labels_declare(sc->labels, opt->speakers[i], strlen(opt->speakers[i])))
			return ts_nomem(err);
	return 0;
}

void ts_textscan_free(ts_textscan *sc)
{
	ts_labels_free(sc->labels);
	free(sc->marks);
	free(sc->notes);
	memset(sc, 0, sizeof *sc);
}

/* "@Participants: A, B、C，D" */
static int declare_list(ts_labels *l, const char *s, size_t n)
{
	char **names;
	size_t count;
	if (ts_list_split(s, n, &names, &count))
		return TS_ENOMEM;
	int rc = 0;
	for (size_t i = 0; i < count && !rc; i++)
		rc = ts_labels_declare(l, names[i], strlen(names[i])) ? TS_ENOMEM : 0;
	ts_list_free(names);
	return rc;
}

/* Where calls start, as the reader will see them: a header starts a new
 * call when any header or other line that opens a call came before it. */
static int note_line(ts_textscan *sc, ts_line_kind k, long long off)
{
	if (k == TS_LINE_HEADER) {
		if (!sc->opened)
			sc->first_is_header = 1;
		if (off - sc->last_mark >= sc->mark_every) {
			if (TS_GROW(sc->marks, sc->markcap, sc->nmarks + 1))
				return TS_ENOMEM;
			sc->marks[sc->nmarks++] = (ts_textmark){off, sc->nlines - 1, sc->nheaders};
			sc->last_mark = off;
		}
		sc->nheaders++;
	}
	if (k == TS_LINE_HEADER || k == TS_LINE_OTHER)
		sc->opened = 1;
	return 0;
}

/* Notes for lines up to `lines`, those not noted yet TS_LABEL_UNNOTED
 * (blank lines, metadata: most of them are never asked for). */
static int note_to(ts_textscan *sc, size_t lines)
{
	if (lines > sc->notecap) {
		size_t cap = sc->notecap;
		if (TS_GROW(sc->notes, sc->notecap, lines))
			return TS_ENOMEM;
		/* every byte 0xFF: 0xFFFF, TS_LABEL_UNNOTED (ts_labels_note16) */
		memset(sc->notes + cap, 0xFF, (sc->notecap - cap) * sizeof *sc->notes);
	}
	sc->nnotes = lines;
	return 0;
}

_Static_assert(TS_LABEL_UNNOTED == -1, "note_to fills notes with bytes 0xFF");

int ts_textscan_run(ts_textscan *sc, const ts_textclass *tc, ts_input *in, ts_error *err)
{
	const char *s;
	size_t n;
	long lineno, at = ts_input_line_index(in);
	int rc;
	while ((rc = ts_input_line(in, &s, &n, &lineno, err)) == 1) {
		/* lines an input kept may skip (empty ones) count too */
		sc->nlines += ts_input_line_index(in) - at;
		at = ts_input_line_index(in);
		size_t a;
		ts_line_info fl;
		int fk = ts_frontmatter_line(&sc->fm, s, n, &fl);
		if (fk >= 0) {
			sc->content = 1;  /* metadata, as an "@Key:" line is */
			continue;
		}
		if (sc->mark_every) {
			ts_line_info li;
			if (note_line(sc, ts_line_classify(s, n, &li), ts_input_line_offset(in)))
				return ts_nomem(err);
			a = li.a;
		} else {
			a = ts_skip_blanks(s, n);
		}
		if (a == n)
			continue;
		sc->content = 1;
		size_t kn, v;
		if (s[a] == '@') {
			if (ts_line_meta(s + a, n - a, &kn, &v) &&
			    ts_ci_equal(s + a + 1, kn, "Participants", strlen("Participants")) &&
			    declare_list(sc->labels, s + a + v, ts_trim_end(s + a + v, n - a - v)))
				return ts_nomem(err);
			continue;
		}
		int32_t note;
		int got = ts_labels_count_line(sc->labels, tc, s, n, a, &note);
		if (got == -1)
			return ts_nomem(err);
		if ((size_t)sc->nlines <= sc->note) {
			if (note_to(sc, (size_t)sc->nlines))
				return ts_nomem(err);
			sc->notes[sc->nlines - 1] = ts_labels_note16(note);
		}
		if (got == -2 && !sc->full_line) {
			sc->full_line = lineno;
			sc->full_col = (long)ts_utf8_len(s, a) + 1;
		}
	}
	return rc;
}

int ts_textscan_plan(void *const *scans, size_t nscans, ts_part **parts, size_t *nparts)
{
	size_t nmarks = 0, headers = 0, n = 0;
	long lines = 0;
	/* Header 0 of the input starts the first call itself when no other
	 * line opened it: no call comes before it, and no part starts there
	 * (the first part does). */
	int excluded = 0, opened = 0;
	for (size_t k = 0; k < nscans; k++) {
		const ts_textscan *sc = scans[k];
		nmarks += sc->nmarks;
		if (!opened && sc->opened) {
			opened = 1;
			excluded = sc->first_is_header;
		}
	}
	ts_part *p = calloc(nmarks + 1, sizeof *p);
	if (!p)
		return TS_ENOMEM;
	p[n++] = (ts_part){.start = 0, .line0 = 0, .calls = 0};
	for (size_t k = 0; k < nscans; k++) {
		const ts_textscan *sc = scans[k];
		for (size_t m = 0; m < sc->nmarks; m++) {
			size_t g = headers + sc->marks[m].header;
			if (excluded && g == 0)  /* (also the only mark a range 0 could start at) */
				continue;
			p[n++] = (ts_part){.start = sc->marks[m].off, .line0 = lines + sc->marks[m].line,
			                   .calls = g + 1 - (size_t)excluded};
		}
		headers += sc->nheaders;
		lines += sc->nlines;
	}
	*parts = p;
	*nparts = n;
	return 0;
}
