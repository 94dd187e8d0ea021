/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The line pass: what only the bytes of a line show (a lone CR, mojibake,
 * how a metadata key is spelt), and which line starts look like labels,
 * for the label checks once the calls are read. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/words.h"
#include "check/check.h"
#include "read/labels.h"
#include "read/lineclass.h"
#include "read/stagedir.h"

void ts_cands_free(ts_cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].label);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* A prefix too long to be a label that has the shape of one: capitals,
 * blanks and dots before a colon, as a press transcript names an official
 * ("SECRETARY OF STATE BLINKEN:"), which the reader takes for speech. */
static int long_label(const char *s, size_t n, size_t *len)
{
	size_t i = 0, chars = 0, upper = 0;
	while (i < n && chars <= 2 * TS_LABEL_MAX_CAPS_CHARS) {
		unsigned char c = (unsigned char)s[i];
		if (c == ':' || ts_starts(s + i, n - i, "：")) {
			size_t l = ts_trim_end(s, i);
			*len = l;
			return upper && ts_utf8_len(s, l) > TS_LABEL_MAX_CAPS_CHARS;
		}
		if (ts_ascii_upper(c))
			upper++;
		else if (c != ' ' && c != '.' && c != '-' && c != '\'')
			return 0;
		chars++;
		i++;
	}
	return 0;
}

static int add_cand(ts_cands *cs, const char *label, size_t len, long line, long col, int shape)
{
	char *id = ts_nfkc(label, len);
	if (!id || TS_GROW(cs->v, cs->cap, cs->n + 1)) {
		free(id);
		return TS_ENOMEM;
	}
	cs->v[cs->n++] = (ts_cand_rec){id, line, col, shape};
	return 0;
}

static int add_meta(ts_checker *ck, const char *key, size_t kn, long line, long col)
{
	char *copy = malloc(kn + 1);
	if (!copy || TS_GROW(ck->meta, ck->meta_cap, ck->nmeta + 1)) {
		free(copy);
		return TS_ENOMEM;
	}
	memcpy(copy, key, kn);
	copy[kn] = '\0';
	ck->meta[ck->nmeta++] = (ts_meta_use){ck->nfiles - 1, line, col, copy};
	return 0;
}

/* The bytes of the first `chars` characters of valid UTF-8 s[0..n). */
static size_t excerpt(const char *s, size_t n, size_t chars)
{
	size_t i = 0;
	uint32_t cp;
	for (size_t k; chars-- && i < n && (k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp));)
		i += k;
	return i;
}

/* The label-like start of a line of speech, if any. */
static int line_start(ts_checker *ck, const char *s, size_t n, long lineno, ts_cands *cands)
{
	ts_label_cand c;
	if (ts_label_candidate(ck->res->tc, ck->res->langs, s, n, &c))
		return add_cand(cands, s + c.start, c.len, lineno, (long)ts_utf8_len(s, c.start) + 1, 0);
	size_t a = ts_skip_blanks(s, n), len;
	if (long_label(s + a, n - a, &len))
		return add_cand(cands, s + a, len, lineno, (long)ts_utf8_len(s, a) + 1, 1);
	return 0;
}

static int one_line(ts_checker *ck, ts_frontmatter *fm, const char *s, size_t n, long lineno,
                    int labels, ts_cands *cands)
{
	int rc = 0;
	size_t bad, at;
	if (ts_utf8_check(s, n, &bad))
		return rc;  /* an invalid line is the reader's to report */
	if (ts_mojibake_find(s, n, &at) &&
	    (rc = ts_ck_emit(ck, TS_CK_MOJIBAKE, lineno, (long)ts_utf8_len(s, at) + 1,
	                     "text looks like UTF-8 decoded in another encoding and encoded "
	                     "again: '%.*s'", (int)excerpt(s + at, n - at, 8), s + at)))
		return rc;
	ts_line_info li;
	int fk = ts_frontmatter_line(fm, s, n, &li);
	ts_line_kind kind = fk >= 0 ? (ts_line_kind)fk : ts_line_classify(s, n, &li);
	if (kind == TS_LINE_META)
		return add_meta(ck, s + li.a + li.k, li.kn, lineno, (long)ts_utf8_len(s, li.a) + 1);
	size_t in, inlen;
	if (kind != TS_LINE_OTHER || !labels || ts_stage_whole_line(s + li.a, li.e - li.a, &in, &inlen))
		return 0;
	return line_start(ck, s, li.e, lineno, cands);
}

int ts_ck_lines(ts_checker *ck, ts_input *in, int labels, ts_cands *cands, ts_error *err)
{
	const char *s;
	size_t n;
	long lineno;
	int rc = ts_input_rewind(in, err);
	/* Lines ended by a CR alone are read as lines, but a tool that splits
	 * at LF only sees fewer: one finding per file, at the first. */
	long cr_line = 0, cr_col = 0;
	size_t crs = 0;
	ts_frontmatter fm;
	ts_frontmatter_init(&fm, 1);
	while (!rc && (rc = ts_input_line(in, &s, &n, &lineno, err)) == 1) {
		if (ts_input_line_lone_cr(in) && !crs++) {
			cr_line = lineno;
			cr_col = (long)ts_utf8_len(s, n) + 1;
		}
		if ((rc = one_line(ck, &fm, s, n, lineno, labels, cands)))
			rc = ts_nomem(err);
	}
	if (!rc && crs &&
	    ts_ck_emit(ck, TS_CK_LONE_CR, cr_line, cr_col,
	               crs > 1 ? "a carriage return alone ends this line and %zu more: read as "
	                         "line ends, but tools that split lines at LF only join them"
	                       : "a carriage return alone ends this line: read as a line end, "
	                         "but tools that split lines at LF only join it with the next",
	               crs - 1))
		rc = ts_nomem(err);
	if (!rc)
		rc = ts_input_rewind(in, err);
	return rc;
}

static int cand_cmp(const void *pa, const void *pb)
{
	const ts_cand_rec *a = pa, *b = pb;
	int c = strcmp(a->label, b->label);
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

/* A group of candidates with one label, none of which started a turn: too
 * long, a metadata word ("Note:", "时间："), seen once, or (speakers being
 * declared) not among them. */
static int untaken(ts_checker *ck, const ts_cand_rec *g, size_t k)
{
	if (g->shape_only)
		return ts_ck_emit(ck, TS_CK_LABEL_LIKE, g->line, g->col,
		                  "'%s' looks like a speaker label but is longer than %d characters: "
		                  "the line is read as part of the turn before", g->label,
		                  TS_LABEL_MAX_CAPS_CHARS);
	if (ts_words_has(&ck->res->langs->not_speakers, g->label, strlen(g->label)) >= 0)
		return ts_ck_emit(ck, TS_CK_LABEL_LIKE, g->line, g->col,
		                  "'%s' starts %zu line%s like a speaker label but is a metadata word, "
		                  "never taken as a speaker (declare it with --speakers if it is one)",
		                  g->label, k, k == 1 ? "" : "s");
	if (k == 1)
		return ts_ck_emit(ck, TS_CK_LABEL_ONCE, g->line, g->col,
		                  "'%s' labels only this line, so it is not taken as a speaker: the "
		                  "line is read as part of the turn before (declare it with --speakers)",
		                  g->label);
	return ts_ck_emit(ck, TS_CK_LABEL_LIKE, g->line, g->col,
	                  "'%s' starts %zu lines like a speaker label but is not taken as a "
	                  "speaker (with --speakers or @Participants, only those are)", g->label, k);
}

int ts_ck_labels(ts_checker *ck, ts_cands *cs, const long *turn_lines, size_t nturn_lines)
{
	if (cs->n > 1)
		qsort(cs->v, cs->n, sizeof *cs->v, cand_cmp);
	for (size_t i = 0, j; i < cs->n; i = j) {
		int taken = 0;
		for (j = i; j < cs->n && !strcmp(cs->v[j].label, cs->v[i].label); j++)
			taken |= nturn_lines && bsearch(&cs->v[j].line, turn_lines, nturn_lines,
			                                sizeof *turn_lines, long_cmp);
		int rc = taken ? 0 : untaken(ck, &cs->v[i], j - i);
		if (rc)
			return rc;
	}
	return 0;
}
