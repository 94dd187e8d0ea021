/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/lineclass.h"

#include <string.h>

#include "base/caseless.h"
#include "base/text.h"
#include "read/stagedir.h"


/* "第一通电话 河南省安阳市总工会", "第2通电话", "第十二次通话".  Every
 * numeral is one character of three bytes and every noun three of them,
 * compared at those sizes, inline: with each string's length looked up
 * (strlen and memcmp called 14 times a header), a header line cost some
 * 800 instructions, not 160 (zh20 has 5,300). */
#define ZH_NUMERAL 3
#define ZH_NOUN 9
static int header_zh(const char *s, size_t n)
{
	static const char numerals[][ZH_NUMERAL + 1] = {"一", "二", "三", "四", "五", "六", "七", "八",
	                                                "九", "十", "百", "千", "零", "〇", "两"};
	static const char nouns[][ZH_NOUN + 1] = {"通电话", "次通话", "次电话", "个电话", "次来电",
	                                          "通来电"};
	if (!ts_starts(s, n, "第"))
		return 0;
	size_t i = strlen("第"), digits = 0;
	for (;;) {
		if (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits++;
			continue;
		}
		if (i + 3 <= n && !memcmp(s + i, "\xEF\xBC", 2) && (unsigned char)s[i + 2] >= 0x90 &&
		    (unsigned char)s[i + 2] <= 0x99) {  /* ０-９ */
			i += 3;
			digits++;
			continue;
		}
		if (n - i < ZH_NUMERAL)
			break;
		size_t k = 0;
		for (; k < sizeof numerals / sizeof *numerals; k++)
			if (!memcmp(s + i, numerals[k], ZH_NUMERAL))
				break;
		if (k == sizeof numerals / sizeof *numerals)
			break;
		i += ZH_NUMERAL;
		digits++;
	}
	if (!digits || n - i < ZH_NOUN)
		return 0;
	for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++)
		if (!memcmp(s + i, nouns[k], ZH_NOUN))
			return 1;
	return 0;
}

/* "Call 12 - Riverton Labour Bureau", "Call 3:", "Call 7" */
static int header_en(const char *s, size_t n)
{
	if (!ts_starts(s, n, "Call ") && !ts_starts(s, n, "CALL "))
		return 0;
	size_t i = 5;
	while (i < n && s[i] == ' ')
		i++;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i == n || s[i] == '-' || s[i] == ':' || ts_starts(s + i, n - i, "–") ||
	       ts_starts(s + i, n - i, "—");
}

/* "@Key: value"; returns 1 with the key and value spans. */
int ts_line_meta(const char *s, size_t n, size_t *kn, size_t *v)
{
	if (n < 2 || s[0] != '@')
		return 0;
	size_t i = 1;
	while (i < n && (ts_ascii_alnum(s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	if (i == 1)
		return 0;
	*kn = i - 1;
	if (i < n && s[i] == ':')
		i++;
	else if (ts_starts(s + i, n - i, "："))
		i += strlen("：");
	else if (i != n)
		return 0;  /* "@Begin" has no value; "@foo bar" is not metadata */
	*v = i + ts_skip_blanks(s + i, n - i);
	return 1;
}

ts_line_kind ts_line_marked(const char *s, size_t len, ts_line_info *li)
{
	if (ts_page_artefact(s, len))
		return TS_LINE_ARTEFACT;
	li->title = 0;
	li->tlen = len;
	if (header_zh(s, len) || header_en(s, len))
		return TS_LINE_HEADER;
	if (!ts_line_meta(s, len, &li->kn, &li->v))
		return TS_LINE_OTHER;
	if (ts_ci_equal(s + 1, li->kn, "Call", 4)) {
		li->title = li->v;  /* "@Call: title" */
		li->tlen = len - li->v;
		return TS_LINE_HEADER;
	}
	return TS_LINE_META;
}


void ts_frontmatter_init(ts_frontmatter *fm, int at_start)
{
	fm->state = at_start ? TS_FM_FIRST : TS_FM_OUT;
}

int ts_frontmatter_open(const ts_frontmatter *fm)
{
	return fm->state == TS_FM_IN;
}

static int is_line(const char *line, size_t n, const char *what)
{
	size_t e = ts_trim_end(line, n);
	return e == strlen(what) && !memcmp(line, what, e);
}

int ts_frontmatter_line_slow(ts_frontmatter *fm, const char *line, size_t n, ts_line_info *li)
{
	if (fm->state == TS_FM_OUT)
		return -1;
	if (fm->state == TS_FM_FIRST) {
		fm->state = is_line(line, n, "---") ? TS_FM_IN : TS_FM_OUT;
		if (fm->state == TS_FM_OUT)
			return -1;
		*li = (ts_line_info){0, 3, 0, 0, 0, 0, 0};
		return TS_LINE_ARTEFACT;
	}
	size_t e = ts_trim_end(line, n);
	*li = (ts_line_info){0, e, 0, 0, 0, 0, 0};
	if (is_line(line, n, "---") || is_line(line, n, "...")) {
		fm->state = TS_FM_OUT;
		return TS_LINE_ARTEFACT;
	}
	/* "key: value" at the line's start; a nested value's key (no value)
	 * and anything indented, listed or commented are not metadata */
	size_t i = 0;
	while (i < e && (ts_ascii_alnum(line[i]) || line[i] == '_' || line[i] == '-'))
		i++;
	if (!i || i >= e || line[i] != ':' || (i + 1 < e && line[i + 1] != ' ' && line[i + 1] != '\t'))
		return TS_LINE_ARTEFACT;
	size_t v = i + 1 + ts_skip_blanks(line + i + 1, e - i - 1);
	if (v >= e)
		return TS_LINE_ARTEFACT;
	if (e - v >= 2 && (line[v] == '"' || line[v] == '\'') && line[e - 1] == line[v]) {
		v++;  /* a quoted value without its quotes */
		e--;
	}
	*li = (ts_line_info){0, e, 0, 0, 0, i, v};
	return TS_LINE_META;
}
