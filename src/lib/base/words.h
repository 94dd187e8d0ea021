/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Word lists of the language files (data/lang), compiled once when they
 * are loaded for the ways the rules look them up: a word of a sentence in
 * a list (binary search), a list's words inside, at the start or at the
 * end of a text (in list order: the first that matches is the one
 * reported), with or without case (base/caseless.h). */
#ifndef TS_WORDS_H
#define TS_WORDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/hash.h"
#include "base/swar.h"

/* Which characters a text holds, hashed into 64 bits: a word whose first
 * character's bit is clear cannot occur in it, and is not searched for. */
typedef uint64_t ts_cpmask;

static inline ts_cpmask ts_cpmask_bit(uint32_t cp)
{
	return (ts_cpmask)1 << ((cp * 0x9E3779B97F4A7C15ull) >> 58);
}

/* The mask of the code points of s[0..n) (bytes that are not UTF-8 are
 * skipped). */
ts_cpmask ts_cpmask_of(const char *s, size_t n);

/* A code point's first slot in an open-addressed table of mask + 1 slots
 * keyed by code point (the one-character words here, the words by first
 * character of base/wordhits.h). */
static inline size_t ts_cp_slot(uint32_t cp, size_t mask)
{
	return (size_t)((cp * 0x9E3779B1u) >> 7) & mask;
}

typedef struct ts_word {
	char *raw;           /* as written */
	char *w;             /* folded (ts_ci_fold), or raw when case counts */
	uint32_t len;        /* bytes of w */
	uint32_t cp;         /* its first character */
	ts_cpmask first;     /* ... and that character's bit */
	int plain;           /* no character with case or that folds: bytes compare */
	/* w has no byte of 0x80 or up and compares without case (the English
	 * lists): a text's ASCII bytes are compared with it lowered, one by one
	 * (ts_word_prefix_ci) */
	int ascii_ci;
} ts_word;

/* At most this many first pairs make a list's pairs few (ts_words.few). */
#define TS_WORDS_FEW_PAIRS 6
/* At most this many anchors (ts_words.anchor) rule texts out. */
#define TS_WORDS_ANCHORS 6

typedef struct ts_words {
	ts_word *v;          /* in the list's order */
	size_t n, cap;
	char *text;          /* after ts_words_finish: every word's bytes, in one block */
	size_t text_len;
	const ts_word **sorted;  /* by the bytes of w */
	/* ts_words_has: the words by a hash of w (base/hash.h), one probe
	 * where a binary search compared a word a level; empty (cap 0) when a
	 * word is there twice or memory ran out: then the binary search. */
	ts_hindex index;
	/* The words by their first two bytes (hashed into pair_mask + 1
	 * buckets, four a word or more), each bucket in list order, for ts_words_find: one pass
	 * over a text tries at each place only the words that start with its
	 * two bytes, where a search per word read the text once per word.
	 * Two bytes, not one: every Chinese character starts with one of six.
	 * Bucket b is by_pair[by_pair_lo[b] .. by_pair_lo[b + 1]); NULL before
	 * ts_words_finish and for a list with a word of one byte. */
	uint32_t *by_pair_lo;
	uint32_t *by_pair;
	uint32_t pair_mask;
	unsigned char lead[256];  /* the first bytes of the words, as a set: a byte's test is one load */
	/* The first two bytes of the words when they are a few pairs
	 * (TS_WORDS_FEW_PAIRS at most; nfew of them, 0: more, or no
	 * by_pair): ts_words_find then looks for the pairs at sixteen places
	 * at once (SSE2), where the skips of a short word (the lead-ins'
	 * "ask", or_marks' " or ") move two or three bytes at a time and the
	 * lead bytes (a, c, w) stop at every few. */
	unsigned char few[TS_WORDS_FEW_PAIRS][2];
	unsigned nfew;
	/* Where no word can start, passed over by a window of span bytes (the
	 * shortest word's, at most 255) that moves along a text by the skip
	 * of its last two bytes (Wu and Manber 1994, "A fast algorithm for
	 * multi-pattern searching"): how near the end of a word's first span
	 * bytes those two lie at their last place there, span - 1 for a pair
	 * in no word.  A window that no skip moves may start a word: its
	 * bucket of by_pair is tried, and it moves on by one.  The pairs are
	 * hashed into a power of two of slots (a slot keeps its pairs' least
	 * skip, so a collision costs speed, not a match).  English words
	 * start with common letters (i, w, c, a blank), where lead stopped
	 * every few bytes; a window moves by up to span - 1 bytes, seven for
	 * "i wonder".  NULL without by_pair, for a word shorter than
	 * SKIP_SPAN (words.c), or when memory ran out. */
	unsigned char *skip;
	uint32_t skip_shift;  /* 32 - log2 of the slots */
	uint32_t span;
	/* Four bytes of every word, or three when a word has three or a
	 * character of several bytes (a Chinese word's anchors are its
	 * characters), as a few anchors (nanchor of them, anchor_len bytes
	 * each; 0: more than TS_WORDS_ANCHORS, or a word shorter than three
	 * bytes): a text that holds none of them holds no word, and
	 * ts_words_find tests this at sixteen places at once (SSE2) before it
	 * searches.  The windows moved by the skips stop a
	 * few times on every sentence whatever it holds (each stop waiting
	 * for the load of the one before): "i'm curious", "i wonder" and the
	 * other 22 indirect questions, asked of nearly every sentence that
	 * is not a question, are all held by "curi", "wond", "like", "want"
	 * and "have", which most sentences lack.  anchor_v[k][j]: byte j of
	 * anchor k sixteen times, as the compare takes it (an allocation of
	 * its own: in line, the lists of a language were spread over more
	 * lines of cache). */
	unsigned char (*anchor_v)[4][16];
	unsigned nanchor, anchor_len;
	int caseless;
	/* No word holds a character that has case or folds (letters, ’ and '):
	 * comparing bytes is then comparing without case, and faster. */
	int plain;
	ts_cpmask all;       /* the bits of every first character */
	uint64_t last[4];    /* the last bytes of the words, as a set */
	/* their last two bytes, hashed into a set of 512 (ts_words_end_pair),
	 * when every word has two (end_short: some word has fewer): most
	 * texts end with a byte that ends some word ("t" of ", right"), and
	 * with a pair that ends none ("at" of "company"), which rules them out
	 * before the words that end with the byte are compared */
	uint64_t last2[8];
	int end_short;
	/* the first bytes of the words that hold a blank ("i mean"), as a
	 * set: a word of a sentence that starts with none of them starts no
	 * phrase of the list */
	uint64_t phrase_first[4];
	/* The first bytes and lengths of the words (w), hashed into 64 bits
	 * (ts_words_length_bit): a text whose bit is clear is none of them,
	 * told without its hash.  The first words of a sentence are looked
	 * up in the short lists of the question rules (the auxiliaries, the
	 * subjects, the openers), where most share a first byte with some
	 * word ("the" with "then") and a length with none. */
	uint64_t first_len;
	/* The words a text's first byte b may start without case
	 * (ts_words_prefix_ci), in list order: ci_by[ci_lo[b] .. ci_lo[b + 1]).
	 * A word of one byte compared exactly (plain) is under its first byte,
	 * another under its first byte folded and its upper case; under a byte
	 * of 0x80 and above, when some word has case, every word (ci_any: a
	 * character there may fold to an ASCII letter, K to k).  NULL before
	 * ts_words_finish or when memory ran out: then every word is tried. */
	uint32_t *ci_lo, *ci_by;
	int ci_any;
	uint32_t longest;    /* bytes of the longest w */
	/* The words by their last byte, in list order, for ts_words_ends:
	 * end_by[end_lo[b] .. end_lo[b + 1]); NULL when memory ran out. */
	uint32_t *end_lo, *end_by;
	/* The words of one character by code point (ts_words_is_char): a
	 * hash table of chars_mask + 1 slots. */
	uint32_t *chars;
	size_t chars_mask;
	int chars_ok;        /* chars is built (not so when memory ran out) */
} ts_words;

static inline uint32_t ts_words_pair(const struct ts_words *l, unsigned char a, unsigned char b)
{
	return ((uint32_t)a * 67u + b) & l->pair_mask;
}

/* The slot of skip of the pair of bytes at p: the top bits of a
 * multiplicative hash (Knuth's), which every bit of the pair moves. */
static inline uint32_t ts_words_skip_slot(const struct ts_words *l, const unsigned char *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return (uint32_t)(v * 0x9E3779B1u) >> l->skip_shift;
}

/* A byte of a word as the English lists have it (letters a to z and
 * digits, and ' inside a word): a letter small (as ts_ci_fold lowers
 * it), a digit and ' as they are, so that a word starts at a byte from
 * '0' up; 1 for E2, which may start ’ (E2 80 99, folded to '); 0 for a
 * byte that ends a word.  A table, as the words of every sentence are
 * read byte by byte (the first words of a question, the keys of one). */
extern const unsigned char ts_word_byte[256];

/* An empty list that compares without case (caseless) or exactly. */
void ts_words_init(ts_words *l, int caseless);
void ts_words_free(ts_words *l);

/* Append a word (valid UTF-8, not empty); 0, or -1 when out of memory.
 * Call ts_words_finish after the last. */
int ts_words_add(ts_words *l, const char *word);
/* Sort for ts_words_has; the index of a word that is there twice (folded,
 * when caseless), else -1; -2 when out of memory. */
long ts_words_finish(ts_words *l);

/* Whether the last byte of a text may end one of the words: most places
 * of a text are ruled out by this test alone. */
static inline int ts_words_may_end(const ts_words *l, unsigned char c)
{
	return (l->last[c >> 6] >> (c & 63)) & 1;
}


/* The slot of the pair of bytes a, b in last2. */
static inline unsigned ts_words_end_pair(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 67u + b) & 511u;
}

/* Whether a text that ends with bytes a, b may end one of the words:
 * most English texts that end with a byte that ends a tag (", right")
 * are ruled out by this, before ts_words_ends compares the tags that end
 * with it (not in ts_words_ends: the particles that end a Chinese
 * question are mostly there when their last byte is, and this would be
 * a test more). */
static inline int ts_words_may_end2(const ts_words *l, unsigned char a, unsigned char b)
{
	unsigned k = ts_words_end_pair(a, b);
	return l->end_short || ((l->last2[k >> 6] >> (k & 63)) & 1);
}

/* Whether some word of several (holding a blank) starts with byte c. */
static inline int ts_words_may_phrase(const ts_words *l, unsigned char c)
{
	return (l->phrase_first[c >> 6] >> (c & 63)) & 1;
}

/* The bit of first_len of a text of n bytes that starts with byte c:
 * the letters' bits seven apart, a length's next to the one shorter. */
static inline uint64_t ts_words_length_bit(unsigned char c, size_t n)
{
	return (uint64_t)1 << ((c * 7u + (unsigned)n) & 63);
}

/* Whether s[0..n), starting with byte c, may be one of the words
 * (ts_words_has): most words of a sentence are ruled out by this test,
 * before they are hashed. */
static inline int ts_words_may_be(const ts_words *l, unsigned char c, size_t n)
{
	return (l->first_len & ts_words_length_bit(c, n)) != 0;
}

/* Whether code point cp is one of the words (for lists of single
 * characters, which are few: a scan, after the mask of first characters
 * has ruled out most code points at once). */
static inline int ts_words_has_char(const ts_words *l, uint32_t cp)
{
	if (!(l->all & ts_cpmask_bit(cp)))
		return 0;
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].cp == cp)
			return 1;
	return 0;
}

/* Whether s[0..n) is one of the words (exactly: fold s first when the list
 * is caseless).  Its index, or -1. */
long ts_words_has(const ts_words *l, const char *s, size_t n);
/* ts_words_has by binary search, without the hash index. */
long ts_words_has_sorted(const ts_words *l, const char *s, size_t n);

/* The same with h, ts_fnv1a(TS_FNV_INIT, s, n), hashed once by a caller
 * that looks the same word up in several lists.  Inline: the rules look
 * words up by the hundred thousand (a sentence's first words, the words
 * of a question for its keys), mostly one probe, where the call cost as
 * much; the bytes compared in line, not by memcmp. */
static inline long ts_words_has_hashed(const ts_words *l, const char *s, size_t n, uint64_t h)
{
	if (!l->index.cap)
		return ts_words_has_sorted(l, s, n);
	size_t item;
	for (size_t at = ts_hindex_start(&l->index, h); ts_hindex_taken(&l->index, at, &item);
	     at = ts_hindex_next(&l->index, at))
		if (l->v[item].len == n && ts_swar_same(l->v[item].w, s, n))
			return (long)item;
	return -1;
}

/* Whether the character cp alone is one of the words (by a hash table of
 * their code points). */
int ts_words_is_char(const ts_words *l, uint32_t cp);

/* The probe of the table of characters (chars_ok): ts_words_is_char and
 * ts_words_is_char_inline share it. */
static inline int ts_words_char_probe(const ts_words *l, uint32_t cp)
{
	for (size_t at = ts_cp_slot(cp, l->chars_mask); l->chars[at]; at = (at + 1) & l->chars_mask)
		if (l->chars[at] == cp + 1)
			return 1;
	return 0;
}

/* ts_words_is_char, the table probed inline, for a loop that asks it of
 * every character of a text (the content keys of a question).  A
 * character whose bit is not in the mask, which ts_words_is_char tests
 * first, is not in the table either. */
static inline int ts_words_is_char_inline(const ts_words *l, uint32_t cp)
{
	return l->chars_ok ? ts_words_char_probe(l, cp) : ts_words_is_char(l, cp);
}

/* The words that a text starting with byte b may start without case
 * (ts_word_prefix_ci), in list order: their indexes, *count of them.
 * The others cannot match there. */
static inline const uint32_t *ts_words_ci_at(const ts_words *l, unsigned char b, size_t *count)
{
	/* inline: a sentence's first words and a reply's first bytes are
	 * looked up by it, a few loads where a call saved registers */
	if (!l->ci_lo) {
		*count = 0;
		return NULL;
	}
	unsigned k = l->ci_any && b >= 0x80 ? 0x80 : b;
	*count = l->ci_lo[k + 1] - l->ci_lo[k];
	return l->ci_by + l->ci_lo[k];
}

/* On text that is folded (ts_ci_fold), or on any text when the list is
 * plain: the first word, in list order, that s[0..n) ends with, starts
 * with, or holds (the first place of it in *at).  m: the mask of s, or
 * ~0.  The index, or -1. */
long ts_words_ends(const ts_words *l, const char *s, size_t n);
long ts_words_starts(const ts_words *l, const char *s, size_t n);
/* ts_words_find (below) past its tests of m and the anchors. */
long ts_words_find_all(const ts_words *l, const char *s, size_t n, ts_cpmask m, size_t *at);
/* Whether s[0..n) holds one of the anchors (ts_words.anchor_v; n >= 15 +
 * anchor_len), sixteen places at a time. */
int ts_words_anchored(const ts_words *l, const char *s, size_t n);

/* ts_words_find, inline up to the anchors' test, which rules out most
 * texts (the questions' lists asked of every sentence, some 480,000
 * times on en20), each in a call that saved and restored the six
 * registers and the frame of the search. */
static inline long ts_words_find(const ts_words *l, const char *s, size_t n, ts_cpmask m, size_t *at)
{
	if (!(m & l->all))
		return -1;
#if defined(__SSE2__)
	if (l->nanchor && n >= 15 + l->anchor_len && !ts_words_anchored(l, s, n))
		return -1;
#endif
	return ts_words_find_all(l, s, n, m, at);
}

/* On text as it is, without case (exactly when the list is not caseless):
 * the first word that s[0..n) starts with
 * (its length in s in *len) or holds (its place in *at and length in
 * *len). */
long ts_words_prefix_ci(const ts_words *l, const char *s, size_t n, size_t *len);
/* The bytes of s that word e starts, in the same way: 0 when it does not. */
size_t ts_word_prefix_ci(const ts_word *e, const char *s, size_t n);
long ts_words_find_ci(const ts_words *l, const char *s, size_t n, size_t *at, size_t *len);

#endif
