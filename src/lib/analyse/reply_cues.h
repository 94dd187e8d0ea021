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
