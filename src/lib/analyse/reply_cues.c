/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/reply_cues.h"

#include <stdio.h>
#include <string.h>

#include "base/caseless.h"
#include "base/swar.h"
#include "base/text.h"

/* A text of no fold: each list folds what it reads, as ts_words_find_ci
 * and ts_word_prefix_ci do (the functions on a bare text). */
static void bare(ts_cue_text *t, const char *s, size_t n)
{
	ts_cue_text_set(t, s, n, 0);
}

/* Fold t for list when its words compare without case (and t is not
 * folded yet). */
static void fold_for(const ts_words *list, ts_cue_text *t)
{
	if (list->plain || t->tried)
		return;
	t->tried = 1;
	if (t->n <= sizeof t->buf && ts_ci_fold_aligned(t->s, t->n, t->buf))
		t->f = t->buf;
}

/* The bytes of t from i (up to e) that word w starts, without case; 0 when
 * it does not.  On folded text a word's folded bytes compare as they are
 * (a place of the fold is the same place of the text), as a plain word's
 * do on the text. */
static inline size_t word_at(const ts_word *w, const ts_cue_text *t, size_t i, size_t e)
{
	if (w->plain || t->f)
		return e - i >= w->len && ts_swar_same((w->plain ? t->s : t->f) + i, w->w, w->len)
		       ? w->len : 0;
	return ts_word_prefix_ci(w, t->s + i, e - i);
}

int ts_cue_text_holds(const ts_words *list, ts_cue_text *t, size_t i, size_t e, char *what,
                      size_t cap)
{
	size_t at, len;
	fold_for(list, t);
	long k = !list->plain && t->f ? ts_words_find(list, t->f + i, e - i, ~(ts_cpmask)0, &at)
	                              : ts_words_find_ci(list, t->s + i, e - i, &at, &len);
	if (k >= 0)
		snprintf(what, cap, "%s", list->v[k].raw);
	return k >= 0;
}

int ts_cue_holds(const ts_words *list, const char *s, size_t n, char *what, size_t cap)
{
	ts_cue_text t;
	bare(&t, s, n);
	return ts_cue_text_holds(list, &t, 0, n, what, cap);
}

/* Clause marks: CJK and Latin punctuation that ends a clause (，。？！、；：
 * … —— and , . ? ! ; :), by their bytes: this runs at every byte of a
 * clause. */
static size_t clause_mark(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	switch (n ? u[0] : 0) {
	case ',': case '.': case '?': case '!': case ';': case ':':
		return 1;
	case 0xEF:  /* ，？！；： (EF BC ..) */
		return n >= 3 && u[1] == 0xBC &&
		               (u[2] == 0x8C || u[2] == 0x9F || u[2] == 0x81 || u[2] == 0x9B || u[2] == 0x9A)
		       ? 3 : 0;
	case 0xE3:  /* 。、 (E3 80 ..) */
		return n >= 3 && u[1] == 0x80 && (u[2] == 0x82 || u[2] == 0x81) ? 3 : 0;
	case 0xE2:  /* … (E2 80 A6), —— (E2 80 94 twice) */
		if (n < 3 || u[1] != 0x80)
			return 0;
		if (u[2] == 0xA6)
			return 3;
		return u[2] == 0x94 && n >= 6 && u[3] == 0xE2 && u[4] == 0x80 && u[5] == 0x94 ? 6 : 0;
	default:
		return 0;
	}
}

/* The first word of list, from its candidate *x on, that t starts at i
 * (up to e): its index, with its bytes in *m and *x past it; -1 when
 * none.  The candidates: where the text's first two bytes as the words
 * compare are known (as they are, for a plain list; folded, for another
 * on folded text), the words of their bucket of by_pair, mostly none or
 * one; else those of the byte at i (ts_words_ci_at), all the characters
 * a Chinese byte starts (对 是 有 没 ... of the yes/no cues), a word that
 * compares by its bytes (plain) not compared when its second byte is not
 * the text's (not where the byte at i is below 0x80: English, whose words
 * compare without case). */
static inline long next_at(const ts_words *list, const ts_cue_text *t, size_t i, size_t e,
                           size_t *x, size_t *m)
{
	const char *s = t->s, *p = list->plain ? s : t->f;
	size_t c;
	const uint32_t *by;
	int high = 0;
	if (p && list->by_pair && e - i >= 2) {
		/* (most places start no word of the list: its bucket then holds
		 * none that compares) */
		if (!list->lead[(unsigned char)p[i]])
			return -1;
		uint32_t b = ts_words_pair(list, (unsigned char)p[i], (unsigned char)p[i + 1]);
		by = list->by_pair + list->by_pair_lo[b];
		c = list->by_pair_lo[b + 1] - list->by_pair_lo[b];
	} else {
		by = ts_words_ci_at(list, (unsigned char)s[i], &c);
		if (!by)
			c = list->n;
		high = (unsigned char)s[i] >= 0x80;
	}
	for (size_t j = *x; j < c; j++) {
		size_t k = by ? by[j] : j;
		const ts_word *w = &list->v[k];
		if (high && w->plain && w->len >= 2 && (e - i < 2 || w->w[1] != s[i + 1]))
			continue;
		size_t got = word_at(w, t, i, e);
		if (got) {
			*m = got;
			*x = j + 1;
			return (long)k;
		}
	}
	return -1;
}

long ts_cue_text_starts(const ts_words *list, ts_cue_text *t, size_t i)
{
	size_t x = 0, m;
	if (i >= t->n)
		return -1;
	fold_for(list, t);
	return next_at(list, t, i, t->n, &x, &m);
}

long ts_cue_starts(const ts_words *list, const char *s, size_t n)
{
	ts_cue_text t;
	bare(&t, s, n);
	return ts_cue_text_starts(list, &t, 0);
}

static size_t skip_space_marks(const char *s, size_t n, size_t i)
{
	for (;;) {
		size_t k = ts_skip_blanks(s + i, n - i);
		i += k;
		size_t m = i < n ? clause_mark(s + i, n - i) : 0;
		if (!k && !m)
			return i;
		i += m;
	}
}

size_t ts_cue_text_after_fillers(const ts_lang *lang, ts_cue_text *t)
{
	const ts_words *f = TS_CUES(lang, FILLERS);
	const char *s = t->s;
	size_t n = t->n, i = skip_space_marks(s, n, 0);
	fold_for(f, t);
	for (int again = 1; again && i < n;) {
		again = 0;
		size_t x = 0, m;
		while (next_at(f, t, i, n, &x, &m) >= 0) {
			size_t j = i + m;
			/* a Latin filler must end a word */
			if (j < n && ts_ascii_letter(s[j]))
				continue;
			i = skip_space_marks(s, n, j);
			again = 1;
			break;
		}
	}
	return i;
}

size_t ts_cue_after_fillers(const ts_lang *lang, const char *s, size_t n)
{
	ts_cue_text t;
	bare(&t, s, n);
	return ts_cue_text_after_fillers(lang, &t);
}

/* What a byte may start, for clause_end: 0 no mark, 1 a mark (clause_mark
 * says), 2 no mark, and with two continuation bytes an ideograph whose
 * bytes start none either. */
static const unsigned char starts[256] = {
	[','] = 1, ['.'] = 1, ['?'] = 1, ['!'] = 1, [';'] = 1, [':'] = 1,
	[0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
	[0xE4] = 2, [0xE5] = 2, [0xE6] = 2, [0xE7] = 2, [0xE8] = 2, [0xE9] = 2,
	[0xEA] = 2, [0xEB] = 2, [0xEC] = 2, [0xED] = 2, [0xEE] = 2,
};

/* The first place from i whose byte starts something (starts[] not 0),
 * sixteen bytes at a time while sixteen are left (then where they stop):
 * a clause of English is mostly letters before its mark. */
static size_t ascii_to_start(const unsigned char *u, size_t i, size_t n)
{
#if defined(__SSE2__)
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(u + i));
		__m128i m = _mm_or_si128(_mm_or_si128(ts_sse_eq(v, ','), ts_sse_eq(v, '.')),
		                         _mm_or_si128(ts_sse_eq(v, '?'), ts_sse_eq(v, '!')));
		m = _mm_or_si128(m, _mm_or_si128(ts_sse_in(v, ':', ';'), ts_sse_in(v, 0xE2, 0xEF)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return i + (unsigned)__builtin_ctz(bits);
	}
#else
	(void)u, (void)n;
#endif
	return i;
}

/* The clause starting at s[i]: its end (exclusive).  An ideograph is
 * passed over whole, and bytes that start no mark after one that starts
 * none four at a time (the letters of English), then sixteen
 * (ascii_to_start: the same places passed over; Chinese seldom has four
 * in a row, and is not read so). */
static size_t clause_end(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	while (i < n) {
		unsigned k = starts[u[i]];
		if (k == 2 && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if (k == 1 && clause_mark(s + i, n - i))
			break;
		i++;
		while (n - i >= 4 && !starts[u[i]] && !starts[u[i + 1]] && !starts[u[i + 2]] &&
		       !starts[u[i + 3]]) {
			i += 4;
			/* four such in a row: English, or a number in Chinese */
			if (n - i >= 16) {
				i = ascii_to_start(u, i, n);
				break;
			}
		}
	}
	return i;
}

size_t ts_cue_clause_end(const char *s, size_t n, size_t i)
{
	return clause_end(s, n, i);
}

/* No byte of s[0..n) is 0x80 or above: eight at a time. */
static int ascii_only(const char *s, size_t n)
{
	uint64_t any = 0;
	size_t i = 0;
	for (; n - i >= 8; i += 8)
		any |= ts_swar_load(s + i);
	for (; i < n; i++)
		any |= (unsigned char)s[i];
	return !(any & TS_HIGHS8);
}

/* Whether clause [i, e) of t is word w said once or more. */
static inline int fills(const ts_word *w, const ts_cue_text *t, size_t i, size_t e)
{
	size_t m;
	while (i < e && (m = word_at(w, t, i, e)))
		i += m;
	return i == e;
}

/* The end of clause [i, e) of t without its blanks at the end. */
static size_t clause_trim(const ts_cue_text *t, size_t i, size_t e)
{
	while (e > i && (t->s[e - 1] == ' '))
		e--;
	return e;
}

/* Whether clause [i, e) of t (not empty, no blank at its end) has a byte
 * past ASCII (a Chinese clause is not read for ASCII: its first byte
 * says). */
static int clause_wide(const ts_cue_text *t, size_t i, size_t e)
{
	return (unsigned char)t->s[i] >= 0x80 || !ascii_only(t->s + i, e - i);
}

/* Whether clause [i, e) of t, as clause_trim and clause_wide found it, is
 * one of list, or one of them said again. */
static int clause_is_in(const ts_words *list, const ts_cue_text *t, size_t i, size_t e, int wide)
{
	const char *s = t->s + i;
	size_t n = e - i;
	if (!n)
		return list->n > 0;
	/* only a word that starts the clause can fill it */
	size_t c;
	const uint32_t *by = ts_words_ci_at(list, (unsigned char)s[0], &c);
	if (!by)
		c = list->n;
	if (wide) {
		for (size_t j = 0; j < c; j++)
			if (fills(&list->v[by ? by[j] : j], t, i, e))
				return 1;
		return 0;
	}
	/* In ASCII a word matches as many bytes as it has (a byte below 0x80
	 * folds to one, and a folded word's other characters equal none of
	 * them): only a word whose length divides the clause's can fill it,
	 * and most of those that start it are ruled out so ("i see" by "i
	 * do", "indeed"). */
	for (size_t j = 0; j < c; j++) {
		const ts_word *w = &list->v[by ? by[j] : j];
		if (w->len && !(n % w->len) && fills(w, t, i, e))
			return 1;
	}
	return 0;
}

/* Whether clause [i, e) of t is one of list, or one of them said again. */
static int clause_is(const ts_words *list, const ts_cue_text *t, size_t i, size_t e)
{
	e = clause_trim(t, i, e);
	return clause_is_in(list, t, i, e, e > i && clause_wide(t, i, e));
}

int ts_cue_first_clauses(const ts_lang *lang, const char *s, size_t n, int count,
                         const ts_words *list, const ts_words *inside, char *what, size_t cap)
{
	return ts_cue_first_clauses_from(s, n, ts_cue_after_fillers(lang, s, n), count, list, inside,
	                                 what, cap);
}

int ts_cue_first_clauses_from(const char *s, size_t n, size_t i, int count,
                              const ts_words *list, const ts_words *inside, char *what,
                              size_t cap)
{
	ts_cue_text t;
	bare(&t, s, n);
	return ts_cue_text_first_clauses(&t, i, count, list, inside, what, cap);
}

int ts_cue_text_first_clauses(ts_cue_text *t, size_t i, int count, const ts_words *list,
                              const ts_words *inside, char *what, size_t cap)
{
	const char *s = t->s;
	size_t n = t->n, x = 0, m;
	if (list)
		fold_for(list, t);
	/* One clause and no words inside it (a yes or no): most replies open
	 * with no word of the list (none of the candidates by the first byte,
	 * as clause_is takes them, is a prefix there), and then their first
	 * clause is not read for its end.  (It is empty, and any list's,
	 * where a mark starts at i, or blanks do up to one: clause_is drops
	 * them from its end.) */
	if (count == 1 && !inside && list && i < n && s[i] != ' ' && !clause_mark(s + i, n - i) &&
	    next_at(list, t, i, n, &x, &m) < 0)
		return 0;
	for (int k = 0; k < count && i < n; k++) {
		size_t e = clause_end(s, n, i);
		if (list && k == 0 && clause_is(list, t, i, e)) {
			/* as snprintf(what, cap, "%.*s", ...) copies it, without
			 * its parse of the format */
			size_t len = strnlen(s + i, e - i);
			if (cap) {
				len = len < cap - 1 ? len : cap - 1;
				memcpy(what, s + i, len);
				what[len] = '\0';
			}
			return 1;
		}
		if (inside && ts_cue_text_holds(inside, t, i, e, what, cap))
			return 1;
		i = skip_space_marks(s, n, e);
	}
	return 0;
}

/* Clauses that ts_cue_text_first_clauses_all finds at most (the model's
 * lists ask three); more are asked of each list alone. */
#define ALL_CLAUSES 4

/* The longest text from the first clause on that a list inside the
 * clauses is looked for in whole before the clauses are found: in more,
 * the search would cost more than finding them. */
#define ALL_BEFORE_CLAUSES 256

void ts_cue_text_first_clauses_all(ts_cue_text *t, size_t i, const ts_cue_ask *ask, size_t n,
                                   int *holds)
{
	const char *s = t->s;
	size_t len = t->n, from[ALL_CLAUSES], to[ALL_CLAUSES];
	int most = 0, nc = 0;
	char what[96];
	for (size_t a = 0; a < n; a++)
		most = ask[a].count > most ? ask[a].count : most;
	if (most > ALL_CLAUSES) {
		for (size_t a = 0; a < n; a++)
			holds[a] = ts_cue_text_first_clauses(t, i, ask[a].count, ask[a].list, ask[a].inside,
			                                     what, sizeof what);
		return;
	}
	for (size_t a = 0; a < n; a++)
		if (ask[a].list)
			fold_for(ask[a].list, t);
	/* What may hold, told before the clauses are found (mostly nothing):
	 * holds[a] bit 1, ask a's list may be the first clause (where none of
	 * its words starts it, it is not, as ts_cue_text_first_clauses tells
	 * for one clause); bit 2, its list inside may be in a clause.  A word
	 * inside one of the clauses is in the text from the first on: where
	 * that holds none, no clause does.  So when each is searched as
	 * bytes, folded or as they are (not when a list without case reads
	 * the text as it is: ts_words_find_ci folds each part it is given, or
	 * fails to). */
	int none = 1, open = i < len && s[i] != ' ' && !clause_mark(s + i, len - i);
	for (size_t a = 0; a < n; a++) {
		const ts_words *in = ask[a].inside;
		size_t x = 0, m;
		holds[a] = 0;
		if (i >= len || ask[a].count < 1)
			continue;
		if (ask[a].list && !(open && next_at(ask[a].list, t, i, len, &x, &m) < 0))
			holds[a] |= 1;
		if (in) {
			fold_for(in, t);
			if (!((in->plain || t->f) && len - i <= ALL_BEFORE_CLAUSES &&
			      !ts_cue_text_holds(in, t, i, len, what, sizeof what)))
				holds[a] |= 2;
		}
		none &= !holds[a];
	}
	if (none)
		return;
	for (; nc < most && i < len; nc++) {
		from[nc] = i;
		to[nc] = clause_end(s, len, i);
		i = skip_space_marks(s, len, to[nc]);
	}
	/* the first clause's length and bytes, once for every list */
	size_t trim = nc ? clause_trim(t, from[0], to[0]) : 0;
	int wide = nc && trim > from[0] && clause_wide(t, from[0], trim);
	for (size_t a = 0; a < n; a++) {
		const ts_words *in = ask[a].inside;
		int m = ask[a].count < nc ? ask[a].count : nc, may = holds[a];
		holds[a] = (may & 1) && clause_is_in(ask[a].list, t, from[0], trim, wide);
		if (holds[a] || !(may & 2))
			continue;
		/* (the text from the first clause to the last, first, as above) */
		if ((in->plain || t->f) && !ts_cue_text_holds(in, t, from[0], to[m - 1], what, sizeof what))
			continue;
		for (int k = 0; k < m && !holds[a]; k++)
			holds[a] = ts_cue_text_holds(in, t, from[k], to[k], what, sizeof what);
	}
}

size_t ts_cue_content(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n)
{
	const ts_words *h = TS_CUES(lang, HESITATION);
	int words = lang->unit == TS_UNIT_WORDS;
	char buf[512];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < sizeof buf;) {
		size_t skip = 0, c;
		const uint32_t *by = ts_words_ci_at(h, (unsigned char)s[i], &c);
		if (!by)
			c = h->n;
		for (size_t j = 0; j < c && !skip; j++) {
			size_t m = ts_word_prefix_ci(&h->v[by ? by[j] : j], s + i, n - i);
			if (!m)
				continue;
			int word_start = !words || i == 0 || !ts_ascii_letter(s[i - 1]);
			int word_end = !words || i + m >= n || !(ts_ascii_letter(s[i + m]) || s[i + m] == '\'');
			if (word_start && word_end)
				skip = m;
		}
		if (skip) {
			buf[o++] = ' ';
			i += skip;
		} else {
			buf[o++] = s[i++];
		}
	}
	ts_counts cnt;
	ts_count(tc, buf, o, &cnt);
	return words ? cnt.words : cnt.chars;
}
