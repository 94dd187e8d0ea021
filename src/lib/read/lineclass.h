/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What a line of labelled text is, before speaker labels are looked at:
 * blank, a page-number artefact, a call header, a metadata line, or
 * anything else (speech, narration, a stage direction).  The reader and
 * the planner of parallel runs must agree on it to the byte. */
#ifndef TS_LINECLASS_H
#define TS_LINECLASS_H

#include <stddef.h>

#include "base/text.h"

typedef enum ts_line_kind {
	TS_LINE_BLANK = 0,
	TS_LINE_ARTEFACT,  /* "- 3 -", "第 3 页"; dropped */
	TS_LINE_HEADER,    /* "第一通电话 …", "Call 3 - …", "@Call: title": starts a call */
	TS_LINE_META,      /* "@Key: value" */
	TS_LINE_OTHER
} ts_line_kind;

typedef struct ts_line_info {
	size_t a, e;         /* the line without leading and trailing blanks: [a, e) */
	size_t title, tlen;  /* HEADER: the title, from a */
	size_t k, kn, v;     /* META: the key's offset (1: after '@'; 0 in front
	                      * matter) and length, the value's offset, from a;
	                      * the value ends at e */
} ts_line_info;

/* The kind of a line s[0..len) (its blanks trimmed) that may be marked
 * (ts_line_may_be_marked).  Not inline: the registers it saves cost more
 * than the tests most lines leave at. */
ts_line_kind ts_line_marked(const char *s, size_t len, ts_line_info *li);

/* Whether s[0..n) (not blank) may be an artefact, a header or metadata:
 * those start with -, —, 第, Page, Call or @, and most lines are speech,
 * told apart here.  A new kind of line must add its start. */
static inline int ts_line_may_be_marked(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c == '-' || c == 'P' || c == 'C' || c == '@')
		return 1;
	/* — (E2 80 94) and 第 (E7 AC AC): lead bytes of many a word */
	return n >= 3 && ((c == 0xE2 && s[1] == 0x80 && s[2] == 0x94) ||
	                  (c == 0xE7 && s[1] == 0xAC && s[2] == 0xAC));
}

/* Classify a line (raw bytes; every test stops at a byte that is not
 * UTF-8, so invalid input is classified too, and validated later).
 * Inline: every line is asked, and most are speech, told in a few
 * tests. */
static inline ts_line_kind ts_line_classify(const char *line, size_t n, ts_line_info *li)
{
	if (!n) {  /* every other line of most transcripts */
		*li = (ts_line_info){0, 0, 0, 0, 1, 0, 0};
		return TS_LINE_BLANK;
	}
	size_t a = ts_skip_blanks(line, n), e = ts_trim_end(line, n);
	*li = (ts_line_info){a, e, 0, 0, 1, 0, 0};
	if (a >= e)
		return TS_LINE_BLANK;
	if (!ts_line_may_be_marked((const unsigned char *)line + a, e - a))
		return TS_LINE_OTHER;
	return ts_line_marked(line + a, e - a, li);
}

/* "@Key: value"; 1 with the key length and the value's offset. */
int ts_line_meta(const char *s, size_t n, size_t *kn, size_t *v);

/* YAML front matter, as Markdown files of briefing archives begin: "---"
 * alone on the input's first line, then "key: value" lines, then "---" or
 * "...".  Its keys are metadata like "@Key: value" lines; its other lines
 * (lists, comments, keys of nested values) are left out. */
typedef struct ts_frontmatter {
	int state;   /* what the next line can be: TS_FM_* */
} ts_frontmatter;

/* The first line, a line inside front matter, any line after it. */
enum { TS_FM_FIRST, TS_FM_IN, TS_FM_OUT };

/* at_start: the lines read next start the input (a part of a parallel run
 * after the first has none). */
void ts_frontmatter_init(ts_frontmatter *fm, int at_start);

/* A line read in order: its kind when it belongs to front matter (META,
 * filling li, or ARTEFACT), else -1: classify it as usual. */
int ts_frontmatter_line_slow(ts_frontmatter *fm, const char *line, size_t n, ts_line_info *li);

/* Inline: every line after the front matter (nearly all) is -1 here, and
 * every line is asked, twice for a transcript. */
static inline int ts_frontmatter_line(ts_frontmatter *fm, const char *line, size_t n,
                                      ts_line_info *li)
{
	return fm->state == TS_FM_OUT ? -1 : ts_frontmatter_line_slow(fm, line, n, li);
}

/* Whether front matter was opened and the input ended inside it. */
int ts_frontmatter_open(const ts_frontmatter *fm);

#endif
