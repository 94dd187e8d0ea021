/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Questions in a turn (DESIGN.md, "qa"): sentences, whether each is a
 * question (marked with ？/? or interrogative by form), and its type. */
#ifndef TS_QUESTIONS_H
#define TS_QUESTIONS_H

#include <stddef.h>

#include "base/buf.h"
#include "base/lang.h"
#include "base/text.h"
#include "talkstat.h"

typedef struct ts_sentence {
	size_t start, end;   /* bytes of the text; end after the terminal mark */
	size_t body_end;     /* end without the terminal marks and closing quotes */
	int marked;          /* ends with ？ or ? */
	int broken_off;      /* ends with …… or ... (an utterance left unfinished) */
} ts_sentence;

/* Split text into sentences at 。？！?! and ellipses (and '.' before a blank
 * in a language with full stops, except after an abbreviation).  Fills
 * out[0..max) and returns how many there are (possibly more than max). */
size_t ts_sentences(const ts_lang *lang, const char *text, size_t len, ts_sentence *out,
                    size_t max);

/* ts_sentences of text whose first `from` bytes start no terminal mark
 * (a turn's unmarked): looked for from there, as most of a line of
 * Chinese holds none but at its end. */
size_t ts_sentences_from(const ts_lang *lang, const char *text, size_t len, size_t from,
                         ts_sentence *out, size_t max);

/* For tests: the place from i (at most the first place where a terminal
 * mark starts) where ts_sentences goes on looking byte by byte; with
 * ascii_first, as it looks in the turns of a language of words. */
size_t ts_sentences_next_mark(const unsigned char *u, size_t i, size_t n, int ascii_first);

/* Whether a sentence is a question, by the rules of lang: 1 with its
 * type, 0, or TS_ENOMEM.  fold is working memory, kept by the caller. */
int ts_sentence_question(const ts_lang *lang, const char *text, const ts_sentence *s, ts_buf *fold,
                ts_qtype *type);

/* Whether sentence s of text is no question as ts_sentence_question reads
 * it, told from the end of its body alone: a sentence of the same start
 * and body up to text[at] is no question, neither is marked, and
 * text[at .. s->body_end) is, as the language reads questions, nothing
 * that makes one (qform.h).  0: not told (read it). */
int ts_sentence_question_none_after(const ts_lang *lang, const char *text, const ts_sentence *s,
                                    size_t at);

#endif
