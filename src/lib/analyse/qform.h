/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The mechanisms that read a sentence as a question by its form
 * (docs/languages.md, "questions"); a language names one in its file and
 * gives the words it looks for.  Each gets the sentence's body as written
 * (s) and folded without case (f; the same text when the language's
 * question lists have no letters with case), whether it ends with a
 * question mark, and says whether it is a question and of which type. */
#ifndef TS_QFORM_H
#define TS_QFORM_H

#include <stddef.h>

#include "base/lang.h"
#include "talkstat.h"

typedef int (*ts_qform_fn)(const ts_lang *lang, const char *s, size_t n, const char *f,
                           size_t fn, int marked, ts_qtype *type);

/* Final particles (吗, 呢, 吧), tags, A-not-A forms (有没有, 了解不了解),
 * question words with the phrases that excuse them: Chinese. */
int ts_qform_particles(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn,
                       int marked, ts_qtype *type);

/* For tests: the offset + 1 of the first A-not-A form of s[0..n) (0:
 * none; embedded forms passed over when check_embedding), as the particle
 * rules find it, or (slow) read one character at a time as each is
 * decoded, as they read a sentence that is not UTF-8. */
size_t ts_qform_a_not_a(const ts_lang *lang, const char *s, size_t n, int check_embedding,
                        int slow);

/* The order of the first words: an auxiliary before its subject, a
 * question word before an auxiliary; tags, indirect questions: English. */
int ts_qform_inversion(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn,
                       int marked, ts_qtype *type);

/* Whether a sentence that ts_qform_inversion reads as no question (not
 * marked) is none still with x[0..n) after its body: x holds only full
 * stops, exclamation marks, blanks, line breaks and closing '"' or ')'
 * ("... now.\n": a turn's last sentence, and the line feed after it),
 * none of them the last byte of a tag or of an indirect question.  (Such
 * bytes make no word and end none differently, and those two lists are
 * all that inversion reads of a sentence's text as a whole before it is
 * a question: whether it ends with a tag, or holds an indirect one.) */
int ts_qform_inversion_none_after(const ts_lang *lang, const char *x, size_t n);

/* For tests: ts_qform_inversion, or (slow) with every rule tried in
 * the order it was written, none passed over for a result that another
 * decides already. */
int ts_qform_inversion_as(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn,
                          int marked, ts_qtype *type, int slow);

#define TS_QLIST(lang, id) (&(lang)->list[TS_L_##id])

#endif
