/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/qa_resume.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"

static int is_cut_mark(uint32_t cp)
{
	return cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2E3A || cp == 0x2E3B ||
	       cp == 0x2026;
}

/* The length of the cut-off mark that text[i..n) starts with, 0 if none:
 * one dash or ellipsis character, or "--" or "..." (a single '-' or '.'
 * ends or joins words). */
static size_t mark_at(const char *text, size_t i, size_t n)
{
	uint32_t cp = 0;
	size_t k = ts_utf8_decode((const unsigned char *)text + i, n - i, &cp);
	if (k && is_cut_mark(cp))
		return k;
	if (n - i >= 2 && !memcmp(text + i, "--", 2))
		return 2;
	if (n - i >= 3 && !memcmp(text + i, "...", 3))
		return 3;
	return 0;
}

/* Past the blanks and cut-off marks that text[i..n) starts with; *marks
 * counts the marks. */
static size_t skip_lead(const char *text, size_t i, size_t n, size_t *marks)
{
	while (i < n) {
		uint32_t cp = 0;
		size_t k = ts_utf8_decode((const unsigned char *)text + i, n - i, &cp);
		if (k && ts_is_blank(cp)) {
			i += k;
			continue;
		}
		size_t m = mark_at(text, i, n);
		if (!m)
			break;
		++*marks;
		i += m;
	}
	return i;
}

int ts_cut_at_start(const char *text, size_t n)
{
	size_t marks = 0;
	skip_lead(text, 0, n, &marks);
	return marks > 0;
}

int ts_cut_at_end(const char *text, size_t n)
{
	/* back over blanks (ASCII and the wide and no-break spaces of
	 * transcripts) to the last character */
	while (n) {
		size_t i = n - 1;
		while (i && ((unsigned char)text[i] & 0xC0) == 0x80)
			i--;
		uint32_t cp = 0;
		size_t k = ts_utf8_decode((const unsigned char *)text + i, n - i, &cp);
		if (!k || !ts_is_blank(cp))
			break;
		n = i;
	}
	if (n >= 2 && !memcmp(text + n - 2, "--", 2))
		return 1;
	if (n >= 3 && !memcmp(text + n - 3, "...", 3))
		return 1;
	size_t i = n;
	while (i && ((unsigned char)text[i - 1] & 0xC0) == 0x80)
		i--;
	if (!i)
		return 0;
	uint32_t cp = 0;
	size_t k = ts_utf8_decode((const unsigned char *)text + i - 1, n - i + 1, &cp);
	return k == n - i + 1 && is_cut_mark(cp);
}

static int blank_only(const char *text, size_t from, size_t to)
{
	while (from < to) {
		uint32_t cp = 0;
		size_t k = ts_utf8_decode((const unsigned char *)text + from, to - from, &cp);
		if (!k || !ts_is_blank(cp))
			return 0;
		from += k;
	}
	return 1;
}

size_t ts_qa_resumed_in(const ts_call *call, const ts_qa *qa, size_t q)
{
	const ts_qa_question *qq = &qa->questions[q];
	const ts_turn *t = &call->turns[qq->turn];
	if (call->speakers[t->speaker].role != TS_ROLE_CALLER ||
	    !blank_only(t->text, qq->end, t->len) ||
	    !ts_cut_at_end(t->text + qq->start, qq->end - qq->start))
		return 0;
	size_t u = qq->turn + 1;
	while (u < call->nturns && call->speakers[call->turns[u].speaker].role != TS_ROLE_CALLER) {
		if (!call->turns[u].backchannel)
			return 0;
		u++;
	}
	/* an interjection there must be: a caller's next turn is not a resumption */
	if (u == qq->turn + 1 || u == call->nturns || call->turns[u].speaker != t->speaker ||
	    !ts_cut_at_start(call->turns[u].text, call->turns[u].len))
		return 0;
	return u;
}

int ts_qa_join_resumed(const ts_call *call, ts_qa *qa, size_t **resume)
{
	*resume = NULL;
	size_t w = 0;
	for (size_t i = 0; i < qa->nquestions; i++) {
		size_t u = ts_qa_resumed_in(call, qa, i);
		size_t j = i + 1;  /* questions are in text order: u's follow */
		while (u && j < qa->nquestions && qa->questions[j].turn < u)
			j++;
		if (u && j < qa->nquestions && qa->questions[j].turn == u) {
			ts_qa_question *next = &qa->questions[j];
			const ts_turn *ut = &call->turns[u];
			size_t marks = 0;
			if (skip_lead(ut->text, 0, ut->len, &marks) >= next->start) {
				qa->by_type[next->type]--;
				next->type = qa->questions[i].type;
				qa->by_type[next->type]++;
			}
			const ts_qa_question *gone = &qa->questions[i];
			qa->marked -= gone->marked != 0;
			qa->by_type[gone->type]--;
			qa->by_speaker[call->turns[gone->turn].speaker]--;
			continue;
		}
		if (u && !*resume && !(*resume = calloc(qa->nquestions, sizeof **resume)))
			return TS_ENOMEM;
		if (*resume)
			(*resume)[w] = u;
		qa->questions[w++] = qa->questions[i];
	}
	qa->nquestions = w;
	return 0;
}
