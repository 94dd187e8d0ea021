/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/stagedir.h"

#include "base/text.h"

#include <string.h>

ts_event_kind ts_stage_kind(const ts_langs *ls, const char *s, size_t n)
{
	for (int k = 0; k < TS_EVENT_NOTE; k++) {
		size_t at, len;
		if (ts_words_find_ci(&ls->stage[k], s, n, &at, &len) >= 0)
			return (ts_event_kind)k;
	}
	return TS_EVENT_NOTE;
}

int ts_stage_ends_turn(ts_event_kind kind)
{
	return kind == TS_EVENT_HANGUP || kind == TS_EVENT_NOTE;
}

/* Directions are short (bytes). */
#define INLINE_MAX 120

static const struct {
	const char *open, *close;
} pairs[] = {
	{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"},
};

static size_t run_of(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p), i = 0;
	while (i + m <= n && !memcmp(s + i, p, m))
		i += m;
	return i;
}

static size_t run_back(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p), i = 0;
	while (i + m <= n && !memcmp(s + n - i - m, p, m))
		i += m;
	return i;
}

/* Out of line: the registers it saves would cost every line that leaves
 * at the test of ts_stage_whole_line (stagedir.h). */
int ts_stage_whole_line_slow(const char *s, size_t n, size_t *inner, size_t *inner_len)
{
	/* ——电话被挂断——  or  --- call ended --- */
	static const char *const dashes[] = {"——", "—", "--"};
	for (size_t d = 0; d < 3; d++) {
		size_t a = run_of(s, n, dashes[d]);
		if (!a || a >= n)
			continue;
		size_t b = run_back(s + a, n - a, dashes[d]);
		if (!b || a + b >= n)
			continue;
		*inner = a;
		*inner_len = n - a - b;
		while (*inner_len && s[*inner] == ' ') {
			(*inner)++;
			(*inner_len)--;
		}
		while (*inner_len && s[*inner + *inner_len - 1] == ' ')
			(*inner_len)--;
		/* A wrapped sentence can begin and end with dashes by chance; a
		 * direction is short and has no full stop inside. */
		if (!*inner_len || *inner_len > INLINE_MAX ||
		    memmem(s + *inner, *inner_len, "。", strlen("。")))
			return 0;
		return 1;
	}
	for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
		size_t lo = strlen(pairs[p].open), lc = strlen(pairs[p].close);
		if (!ts_starts(s, n, pairs[p].open) || !ts_ends(s, n, pairs[p].close) || n <= lo + lc)
			continue;
		/* "(a) and (b)" is not one direction: the first close must be last */
		const char *first_close = NULL;
		for (size_t i = lo; i + lc <= n; i++)
			if (!memcmp(s + i, pairs[p].close, lc)) {
				first_close = s + i;
				break;
			}
		if (first_close != s + n - lc)
			continue;
		*inner = lo;
		*inner_len = n - lo - lc;
		return 1;
	}
	return 0;
}



int ts_stage_inline(const ts_langs *ls, const char *s, size_t n, size_t from, size_t *start,
                    size_t *end, size_t *inner, size_t *inner_len, ts_event_kind *kind)
{
	for (size_t i = from; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != '(' && c != '[' && c != 0xEF && c != 0xE3)
			continue;
		for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
			if (!ts_starts(s + i, n - i, pairs[p].open))
				continue;
			size_t lo = strlen(pairs[p].open), lc = strlen(pairs[p].close);
			size_t lim = n - i < INLINE_MAX ? n - i : INLINE_MAX;
			for (size_t j = i + lo; j + lc <= i + lim; j++) {
				if (memcmp(s + j, pairs[p].close, lc))
					continue;
				ts_event_kind k = ts_stage_kind(ls, s + i + lo, j - i - lo);
				if (k != TS_EVENT_NOTE) {
					*start = i;
					*end = j + lc;
					*inner = i + lo;
					*inner_len = j - i - lo;
					*kind = k;
					return 1;
				}
				break;
			}
		}
	}
	return 0;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static size_t digits(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && ts_ascii_digit(s[j]))
		j++;
	return j - i;
}

int ts_page_artefact(const char *s, size_t n)
{
	size_t i = 0, d;
	/* "- 3 -", "— 3 —" */
	if (ts_starts(s, n, "-") || ts_starts(s, n, "—")) {
		i = skip_sp(s, n, s[0] == '-' ? 1 : strlen("—"));
		if (!(d = digits(s, n, i)))
			return 0;
		i = skip_sp(s, n, i + d);
		if ((ts_starts(s + i, n - i, "-") && i + 1 == n) ||
		    (ts_starts(s + i, n - i, "—") && i + strlen("—") == n))
			return 1;
		return 0;
	}
	/* "第 3 页" and "第3页 共9页" */
	if (ts_starts(s, n, "第")) {
		i = skip_sp(s, n, strlen("第"));
		if (!(d = digits(s, n, i)))
			return 0;
		i = skip_sp(s, n, i + d);
		if (!ts_starts(s + i, n - i, "页"))
			return 0;
		i = skip_sp(s, n, i + strlen("页"));
		if (i == n)
			return 1;
		if (!ts_starts(s + i, n - i, "共"))
			return 0;
		i = skip_sp(s, n, i + strlen("共"));
		if (!(d = digits(s, n, i)))
			return 0;
		i = skip_sp(s, n, i + d);
		return ts_starts(s + i, n - i, "页") && i + strlen("页") == n;
	}
	/* "Page 3", "Page 3 of 9" */
	if (n > 5 && (ts_starts(s, n, "Page ") || ts_starts(s, n, "PAGE "))) {
		i = skip_sp(s, n, 5);
		if (!(d = digits(s, n, i)))
			return 0;
		i = skip_sp(s, n, i + d);
		if (i == n)
			return 1;
		if (n - i > 3 && (ts_starts(s + i, n - i, "of ") || ts_starts(s + i, n - i, "OF "))) {
			i = skip_sp(s, n, i + 3);
			d = digits(s, n, i);
			return d && i + d == n;
		}
	}
	return 0;
}
