/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Cues in a reply (docs/qa.md, "Reply classes"): the words of the
 * language's replies section (data/lang) found at the start of a reply,
 * in its first clauses or anywhere in it, without case. */
#ifndef TS_REPLY_CUES_H
#define TS_REPLY_CUES_H

#include <stddef.h>

#include "base/lang.h"
#include "base/text.h"

#define TS_CUES(lang, id) (&(lang)->list[TS_L_R_##id])

/* Longest text folded for the cues (as ts_words_find_ci folds one). */
#define TS_CUE_FOLD_MAX 1024

/* A reply's text as the cue lists read it: folded once (ts_ci_fold_aligned,
 * place for place), when a list that compares without case first asks, and
 * then read by every list of the reply, where each folded it again (the
 * stall and note lists the whole turn, the lists inside its clauses) and
 * the prefix compares of fillers, yes/no and grant words lowered its first
 * bytes again for every candidate.  A list of words that compare by their
 * bytes (Chinese) reads the text as it is, and no fold is made. */
typedef struct ts_cue_text {
	const char *s;      /* as it is */
	size_t n;
	const char *f;      /* folded, s's places; NULL: not folded (a list folds its part) */
	int tried;          /* the fold was tried (or is not wanted) */
	char buf[TS_CUE_FOLD_MAX];
} ts_cue_text;

/* A text s[0..n) to fold once when first asked (fold) or never. */
static inline void ts_cue_text_set(ts_cue_text *t, const char *s, size_t n, int fold)
{
	t->s = s;
	t->n = n;
	t->f = NULL;
	t->tried = !fold;
}

/* As ts_cue_after_fillers, ts_cue_first_clauses_from, ts_cue_holds (on
 * [i, e) of the text) and ts_cue_starts (from i), on a text folded once. */
size_t ts_cue_text_after_fillers(const ts_lang *lang, ts_cue_text *t);
int ts_cue_text_first_clauses(ts_cue_text *t, size_t i, int count, const ts_words *list,
                              const ts_words *inside, char *what, size_t cap);
int ts_cue_text_holds(const ts_words *list, ts_cue_text *t, size_t i, size_t e, char *what,
                      size_t cap);
long ts_cue_text_starts(const ts_words *list, ts_cue_text *t, size_t i);

/* What ts_cue_text_first_clauses is asked: count, list, inside. */
typedef struct ts_cue_ask {
	int count;
	const ts_words *list, *inside;
} ts_cue_ask;

/* Whether ts_cue_text_first_clauses(t, i, ...) holds for each of ask[0..n)
 * (without the words: the reply model reads whether, not which), into
 * holds[0..n): the clauses found once for all, where each list found them
 * again. */
void ts_cue_text_first_clauses_all(ts_cue_text *t, size_t i, const ts_cue_ask *ask, size_t n,
                                   int *holds);

/* Where s[0..n) starts after blanks, clause marks and fillers ("嗯，",
 * "Well, "). */
size_t ts_cue_after_fillers(const ts_lang *lang, const char *s, size_t n);

/* Whether the first clause after the fillers is one of list, or one of
 * them said again ("对对对", "没有没有"), or one of the first `count`
 * clauses holds one of `inside` (may be NULL); the clause, or the word
 * inside, is copied into what.  Only the first clause can be a bare token:
 * "是这样" opening a reply agrees, "因为，是这样，…" introduces an
 * explanation. */
int ts_cue_first_clauses(const ts_lang *lang, const char *s, size_t n, int count,
                         const ts_words *list, const ts_words *inside, char *what, size_t cap);

/* ts_cue_first_clauses with the fillers passed over already: from s[i],
 * i as ts_cue_after_fillers found it (a reply's rules ask several lists
 * of its first clauses, and the fillers before them are found once). */
int ts_cue_first_clauses_from(const char *s, size_t n, size_t i, int count,
                              const ts_words *list, const ts_words *inside, char *what,
                              size_t cap);

/* For tests: the end of the clause that starts at s[i] (the first place
 * from i where a clause mark starts, or n). */
size_t ts_cue_clause_end(const char *s, size_t n, size_t i);

/* Whether s[0..n) holds one of list (the first of them in list order is
 * copied into what). */
int ts_cue_holds(const ts_words *list, const char *s, size_t n, char *what, size_t cap);

/* The first of list that s[0..n) starts with: its index, or -1. */
long ts_cue_starts(const ts_words *list, const char *s, size_t n);

/* Content left in s[0..n) without the language's hesitation words, in its
 * unit: characters, or words (hesitation words then only whole ones). */
size_t ts_cue_content(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n);

#endif
