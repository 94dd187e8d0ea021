/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Folding text for phrase matching: NFKC and case folding one code point at
 * a time through a table built once, curly apostrophes made straight, runs
 * of blanks made one space.  The folded text is an array of code points,
 * each with its class and the byte offset in the source of the character it
 * came from, so a match found in folded text reports the original text and
 * its line:col. */
#ifndef TS_FOLD_H
#define TS_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "base/text.h"

/* Classes of a folded code point (bit flags). */
enum {
	TS_FC_WORD = 1,   /* letter, digit or mark of a script written with spaces */
	TS_FC_CJK = 2,    /* Han, kana, bopomofo: no word boundaries */
	TS_FC_SPACE = 4,  /* one space standing for a run of blanks */
	TS_FC_PUNCT = 8,  /* punctuation, symbols */
	TS_FC_JOIN = 16,  /* ' and -: inside a word between two word characters */
	TS_FC_WIDE = 32,  /* East Asian wide */
	TS_FC_STOP = 64   /* ends a sentence: 。 ! ? ; (also full-width, folded) */
};

typedef struct ts_fold ts_fold;

/* Most characters one code point folds to (the longest NFKC expansion,
 * U+FDFA, is 18). */
#define TS_FOLD_MAX 32

/* Build the table (about 30 KB, some milliseconds).  NULL when out of
 * memory.  tc is borrowed and must outlive the table. */
ts_fold *ts_fold_new(const ts_textclass *tc);
void ts_fold_free(ts_fold *f);

/* What one code point folds to: up to TS_FOLD_MAX characters into out,
 * their classes into cls; a blank is one ' ' of class TS_FC_SPACE.  Returns
 * the count, 0 for a default-ignorable character.  ts_fold_text is this,
 * character by character, with runs of blanks collapsed. */
size_t ts_fold_char(const ts_fold *f, uint32_t c, uint32_t *out, uint8_t *cls);

/* Folded text, reused from text to text: (ptr, len, cap) arrays. */
typedef struct ts_folded {
	uint32_t *cp;     /* folded code points */
	uint8_t *cls;     /* TS_FC_* of each */
	uint32_t *off;    /* source byte offset of the character each came from */
	size_t n, cap;
	size_t src_len;   /* length of the source text */
} ts_folded;

void ts_folded_free(ts_folded *t);

/* Fold valid UTF-8 s[0..len) into t (replacing its content).  Bytes that
 * are not valid UTF-8 fold to U+FFFD.  Returns 0, TS_ENOMEM, or TS_ELIMIT
 * when len does not fit the 32-bit offsets. */
int ts_fold_text(const ts_fold *f, const char *s, size_t len, ts_folded *t);

/* Fold a phrase: as ts_fold_text, then without leading and trailing
 * spaces. */
int ts_fold_phrase(const ts_fold *f, const char *s, size_t len, ts_folded *t);

/* The source byte range [*start, *end) of folded characters [a, b), a < b:
 * from the first byte of the character folded[a] came from to the end of
 * the character folded[b - 1] came from. */
void ts_folded_span(const ts_folded *t, const char *src, size_t a, size_t b, size_t *start,
                    size_t *end);

#endif
