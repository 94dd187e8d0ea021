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

#include "base/tables.h"
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

/* The folding table, here rather than in fold.c so that a loop can fold
 * a character at a time as it reads them and keep none of them
 * (ts_fold_entry_of: the matcher's prefilter of Chinese text,
 * match_pre.c), where ts_fold_text writes three arrays. */
struct ts_fold {
	const ts_textclass *tc;
	/* the entry of code point c is entry[block[c >> TS_FOLD_SHIFT]][c % TS_FOLD_BLOCK] */
	const uint16_t *block;
	const uint32_t (*entry)[TS_FOLD_BLOCK];
	const uint32_t *pool;
	const uint8_t *pool_cls;
	/* the entries of ASCII, looked up for every byte of English text */
	uint32_t ascii[0x80];
	/* the class of each ASCII byte that folds to one character, no blank
	 * and not wide: itself, a letter in lower case; 0 for the others */
	uint8_t ascii_one[0x80];
	/* whether ascii8 may write the letters, digits and spaces of ASCII
	 * without their entries: each letter and digit is ascii_one and of
	 * class TS_FC_WORD, and a space is a blank */
	int ascii8_ok;
};

/* What a BMP code point folds to, in 32 bits: the class of the character
 * it folds to in the top byte, then either TS_FOLD_POOL | length << 18 |
 * index of a sequence in pool[] (code points that fold to several, like
 * "㍿" to 株式会社, or to none, like a soft hyphen), or the folded code
 * point's distance from the code point (23 bits, signed). */
#define TS_FOLD_POOL 0x00800000u
#define TS_FOLD_CLS(m) ((uint8_t)((m) >> 24))
/* Whether entry m is one character that is no blank (most characters):
 * ts_fold_entry_cp and TS_FOLD_CLS tell it. */
#define TS_FOLD_PLAIN(m) (!((m) & (TS_FOLD_POOL | (uint32_t)TS_FC_SPACE << 24)))

static inline uint32_t ts_fold_entry_of(const ts_fold *f, uint32_t c)
{
	return f->entry[f->block[c >> TS_FOLD_SHIFT]][c & (TS_FOLD_BLOCK - 1)];
}

/* The folded code point of code point c, by its entry m (not TS_FOLD_POOL). */
static inline uint32_t ts_fold_entry_cp(uint32_t m, uint32_t c)
{
	int32_t d = (int32_t)((m & 0x7FFFFFu) << 9) >> 9;  /* the distance, sign extended */
	return (uint32_t)((int32_t)c + d);
}

/* Whether a run of blanks folds to one space (else to nothing): not at
 * the start (nothing folded before it, prev 0), nor after a space, nor
 * between two wide characters ("我 不太清楚" from a PDF is 我不太清楚);
 * prev and next are the classes of the folded characters either side. A
 * run at the end folds to nothing. */
static inline int ts_fold_blank_kept(uint8_t prev, uint8_t next)
{
	return prev && !(prev & TS_FC_SPACE) && !((prev & TS_FC_WIDE) && (next & TS_FC_WIDE));
}

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
