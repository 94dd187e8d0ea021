/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/reply_cues.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"

long ts_cue_starts(const ts_words *list, const char *s, size_t n)
{
	size_t len;
	return ts_words_prefix_ci(list, s, n, &len);
}

int ts_cue_holds(const ts_words *list, const char *s, size_t n, char *what, size_t cap)
{
	size_t at, len;
	long k = ts_words_find_ci(list, s, n, &at, &len);
	if (k >= 0)
		snprintf(what, cap, "%s", list->v[k].raw);
	return k >= 0;
}

/* Clause marks: CJK and Latin punctuation that ends a clause. */
static size_t clause_mark(const char *s, size_t n)
{
	static const char *const marks[] = {"，", "。", "？", "！", "、", "；", "：", "…", "——",
	                                    ",", ".", "?", "!", ";", ":", NULL};
	/* every mark starts with one of these bytes: most text leaves here */
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (c != 0xEF && c != 0xE3 && c != 0xE2 && c != ',' && c != '.' && c != '?' && c != '!' &&
	    c != ';' && c != ':')
		return 0;
	for (size_t k = 0; marks[k]; k++) {
		size_t m = strlen(marks[k]);
		if (n >= m && !memcmp(s, marks[k], m))
			return m;
	}
	return 0;
}

static size_t skip_space_marks(const char *s, size_t n, size_t i)
{
	for (;;) {
		size_t k = ts_skip_blanks(s + i, n - i);
		i += k;
		size_t m = i < n ? clause_mark(s + i, n - i) : 0;
		if (!k && !m)
			return i;
		i += m;
	}
}

size_t ts_cue_after_fillers(const ts_lang *lang, const char *s, size_t n)
{
	const ts_words *f = TS_CUES(lang, FILLERS);
	size_t i = skip_space_marks(s, n, 0);
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; k < f->n; k++) {
			size_t m = ts_word_prefix_ci(&f->v[k], s + i, n - i);
			if (m) {
				size_t j = i + m;
				/* a Latin filler must end a word */
				if (j < n && ts_ascii_letter(s[j]))
					continue;
				i = skip_space_marks(s, n, j);
				again = 1;
				break;
			}
		}
	}
	return i;
}

/* The clause starting at s[i]: its end (exclusive). */
static size_t clause_end(const char *s, size_t n, size_t i)
{
	while (i < n && !clause_mark(s + i, n - i))
		i++;
	return i;
}

/* Whether clause s[0..n) is one of list, or one of them said again. */
static int clause_is(const ts_words *list, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' '))
		n--;
	for (size_t k = 0; k < list->n; k++) {
		size_t i = 0, m;
		while (i < n && (m = ts_word_prefix_ci(&list->v[k], s + i, n - i)))
			i += m;
		if (i == n)
			return 1;
	}
	return 0;
}

int ts_cue_first_clauses(const ts_lang *lang, const char *s, size_t n, int count,
                         const ts_words *list, const ts_words *inside, char *what, size_t cap)
{
	size_t i = ts_cue_after_fillers(lang, s, n);
	for (int k = 0; k < count && i < n; k++) {
		size_t e = clause_end(s, n, i);
		if (list && k == 0 && clause_is(list, s + i, e - i)) {
			snprintf(what, cap, "%.*s", (int)(e - i), s + i);
			return 1;
		}
		if (inside && ts_cue_holds(inside, s + i, e - i, what, cap))
			return 1;
		i = skip_space_marks(s, n, e);
	}
	return 0;
}

size_t ts_cue_content(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n)
{
	const ts_words *h = TS_CUES(lang, HESITATION);
	int words = lang->unit == TS_UNIT_WORDS;
	char buf[512];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < sizeof buf;) {
		size_t skip = 0;
		for (size_t k = 0; k < h->n && !skip; k++) {
			size_t m = ts_word_prefix_ci(&h->v[k], s + i, n - i);
			if (!m)
				continue;
			int word_start = !words || i == 0 || !ts_ascii_letter(s[i - 1]);
			int word_end = !words || i + m >= n || !(ts_ascii_letter(s[i + m]) || s[i + m] == '\'');
			if (word_start && word_end)
				skip = m;
		}
		if (skip) {
			buf[o++] = ' ';
			i += skip;
		} else {
			buf[o++] = s[i++];
		}
	}
	ts_counts cnt;
	ts_count(tc, buf, o, &cnt);
	return words ? cnt.words : cnt.chars;
}
