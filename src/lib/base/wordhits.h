/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Several word lists found in one pass over a text: their words indexed
 * together by first character, so that rules asking a sentence a dozen
 * times whether it holds a word of this list or that one (ts_words_find,
 * each a pass of its own) read it once, and then read the places found. */
#ifndef TS_WORDHITS_H
#define TS_WORDHITS_H

#include <stddef.h>
#include <stdint.h>

#include "base/words.h"

/* At most this many lists in one index (a bit each). */
#define TS_HIT_LISTS 32
/* At most this many places of words in one text; a text with more is
 * read list by list instead (ts_hits.ok 0). */
#define TS_HITS_MAX 128

typedef struct ts_hitent {
	/* the word's bytes after its first character, up to eight, as they
	 * lie in memory, and a mask of those bytes: compared with a text in
	 * one load, without the word read through its list */
	uint64_t rest, mask;
	uint32_t len;        /* the word's bytes */
	uint16_t word;       /* its index in the list */
	uint8_t list;        /* the list's number in the index */
	uint8_t head;        /* the bytes of its first character (0: not UTF-8),
	                      * which a text has alike where it has that character */
} ts_hitent;

typedef struct ts_hitindex {
	const ts_words *list[TS_HIT_LISTS];
	int lists;
	/* open-addressed by first character: key[slot] is the code point + 1
	 * (0: empty); its words are ent[lo[slot] .. lo[slot + 1]) in the
	 * order of the lists, then of each list */
	uint32_t *key;
	uint32_t *lo;
	ts_hitent *ent;
	size_t mask;
	/* a bit for the low 13 bits of each first character's code point:
	 * most characters of a text start no word, and are passed over by
	 * their bit, without a probe of the slots */
	uint64_t first[8192 / 64];
	/* ... of the first characters of words of one character (or whose
	 * second is not known: not UTF-8), and of the second characters of
	 * the others: a character whose bit is in first but not in one, and
	 * whose next character's is not in second, starts no word either
	 * (你 and 有 start 你觉得, 你认为 and 有何, and come in most questions
	 * before 们, 是, 没: the probes of the slots at them found nothing in
	 * three of five) */
	uint64_t one[8192 / 64];
	uint64_t second[8192 / 64];
} ts_hitindex;

/* A place of a word in a text, in the order of places, then of lists. */
typedef struct ts_hit {
	uint32_t pos, len;
	uint16_t word;
	uint8_t list;
} ts_hit;

typedef struct ts_hits {
	ts_hit v[TS_HITS_MAX];
	size_t n;
	uint32_t present;    /* a bit for each list with a place */
	int ok;              /* 0: none kept (more places than TS_HITS_MAX, or
	                      * the index is not built) */
} ts_hits;

/* Index lists[0..n) (each ts_words_finish'ed); the lists must outlive
 * the index.  0, or -1 when out of memory.  Past a limit (more than
 * TS_HIT_LISTS lists, a list of more than 65,536 words) the index is left
 * empty, and ts_hits_find finds nothing usable (ok 0). */
int ts_hitindex_build(ts_hitindex *x, const ts_words *const *lists, int n);
void ts_hitindex_free(ts_hitindex *x);

/* Every place of every word of the index's lists in s[0..len), found as
 * memmem finds them (on the bytes of the words' w: fold s first for lists
 * that compare without case); cp[0..n) and at[0..n) are the text's
 * characters and their byte offsets, as the caller decoded them with
 * ts_utf8_decode (or as it would). */
void ts_hits_find(const ts_hitindex *x, const char *s, size_t len, const uint32_t *cp,
                  const uint32_t *at, size_t n, ts_hits *h);

/* Whether a word of list i lies wholly in s[a..b). */
static inline int ts_hits_within(const ts_hits *h, int i, size_t a, size_t b)
{
	if (!(h->present >> i & 1))
		return 0;
	for (size_t k = 0; k < h->n; k++)
		if (h->v[k].list == i && h->v[k].pos >= a && h->v[k].pos + (size_t)h->v[k].len <= b)
			return 1;
	return 0;
}

/* As ts_words_find over s[a..b): the first word in list order that lies
 * there, with its first place (offset from a) in *at; -1 when none. */
long ts_hits_first(const ts_hits *h, int i, size_t a, size_t b, size_t *at);

#endif
