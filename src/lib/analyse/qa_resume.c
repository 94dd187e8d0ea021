/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/qa_resume.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* The cut-off marks (qa_resume.h); "--" and "...", as a single '-' or '.'
 * ends or joins words. */
static const char *const dashes[] = {"--", "–", "—", "―", "⸺", "⸻"};
static const char *const ellipses[] = {"...", "…"};

/* The length of the mark text[0..n) starts with, 0 if none. */
static size_t mark_at(const char *text, size_t n)
{
	for (size_t k = 0; k < sizeof dashes / sizeof *dashes; k++)
		if (ts_starts(text, n, dashes[k]))
			return strlen(dashes[k]);
	for (size_t k = 0; k < sizeof ellipses / sizeof *ellipses; k++)
		if (ts_starts(text, n, ellipses[k]))
			return strlen(ellipses[k]);
	return 0;
}

/* Past the blanks and cut-off marks text[0..n) starts with; *marks counts
 * the marks. */
static size_t skip_lead(const char *text, size_t n, size_t *marks)
{
	size_t i = ts_skip_blanks(text, n), m;
	while ((m = mark_at(text + i, n - i))) {
		++*marks;
		i += m;
		i += ts_skip_blanks(text + i, n - i);
	}
	return i;
}

int ts_cut_at_start(const char *text, size_t n)
{
	size_t marks = 0;
	skip_lead(text, n, &marks);
	return marks > 0;
}

/* The last bytes of the marks: '.' of "...", A6 of "…", '-' of "--",
 * 93 94 95 of "–" "—" "―", BA BB of "⸺" "⸻".  A text that ends with
 * none of them (most: a question ends with "？" or "?") ends with no
 * mark, told without the eight compares; asked of every question of a
 * caller and of every reply of one turn. */
static const unsigned char mark_last[256] = {
	['.'] = 1, [0xA6] = 1, ['-'] = 1, [0x93] = 1, [0x94] = 1, [0x95] = 1, [0xBA] = 1, [0xBB] = 1,
};

ts_cut ts_cut_at_end(const char *text, size_t n)
{
	n = ts_trim_end(text, n);
	if (!n || !mark_last[(unsigned char)text[n - 1]])
		return TS_CUT_NONE;
	for (size_t k = 0; k < sizeof ellipses / sizeof *ellipses; k++)
		if (ts_ends(text, n, ellipses[k]))
			return TS_CUT_ELLIPSIS;
	for (size_t k = 0; k < sizeof dashes / sizeof *dashes; k++)
		if (ts_ends(text, n, dashes[k]))
			return TS_CUT_DASH;
	return TS_CUT_NONE;
}

size_t ts_qa_resumed_in(const ts_call *call, const ts_qa *qa, size_t q)
{
	const ts_qa_question *qq = &qa->questions[q];
	const ts_turn *t = &call->turns[qq->turn];
	if (call->speakers[t->speaker].role != TS_ROLE_CALLER ||
	    ts_skip_blanks(t->text + qq->end, t->len - qq->end) != t->len - qq->end ||
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
			if (skip_lead(ut->text, ut->len, &marks) >= next->start) {
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
