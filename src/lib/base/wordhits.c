/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/wordhits.h"

#include <stdlib.h>
#include <string.h>

#include "base/swar.h"
#include "base/text.h"

void ts_hitindex_free(ts_hitindex *x)
{
	free(x->key);
	free(x->lo);
	free(x->ent);
	memset(x, 0, sizeof *x);
}

/* The bytes of w's first character when they are the UTF-8 of w->cp, which
 * encodes one way only: a text where ts_utf8_decode reads w->cp has the
 * same bytes there.  0 otherwise. */
static size_t head_len(const ts_word *w)
{
	uint32_t cp;
	size_t k = ts_utf8_decode((const unsigned char *)w->w, w->len, &cp);
	return k && cp == w->cp ? k : 0;
}

/* The entry of w, word k of list i. */
static ts_hitent entry(const ts_word *w, size_t k, int i)
{
	ts_hitent e = {0, 0, (uint32_t)w->len, (uint16_t)k, (uint8_t)i, (uint8_t)head_len(w)};
	size_t rest = w->len - e.head;
	if (rest <= 8) {
		memcpy(&e.rest, w->w + e.head, rest);
		memset(&e.mask, 0xFF, rest);
	}
	return e;
}

/* Whether the text s[0..len) has entry e's word at p, its first
 * character there already: the rest in one load of eight bytes where
 * they lie in the text, else byte by byte; a word of more than eight
 * bytes after its first character through its list. */
static inline int same_rest(const ts_hitindex *x, const ts_hitent *e, const char *s, size_t len,
                            size_t p)
{
	size_t from = p + e->head, rest = e->len - e->head;
	if (rest > 8)
		return ts_swar_same(s + from, x->list[e->list]->v[e->word].w + e->head, rest);
	if (len - from >= 8) {
		uint64_t t;
		memcpy(&t, s + from, 8);  /* in memory order, as rest */
		return !((t ^ e->rest) & e->mask);
	}
	return ts_swar_same(s + from, (const char *)&e->rest, rest);
}

/* cp's bit in ts_hitindex.first, one and second */
static inline uint32_t first_bit(uint32_t cp)
{
	return cp & 8191;
}

static inline void set_bit(uint64_t *bits, uint32_t cp)
{
	bits[first_bit(cp) >> 6] |= (uint64_t)1 << (first_bit(cp) & 63);
}

static inline int has_bit(const uint64_t *bits, uint32_t cp)
{
	return bits[first_bit(cp) >> 6] >> (first_bit(cp) & 63) & 1;
}

/* The bits of w's first character and of its second (in one when w has
 * one character, or its first two are not known as UTF-8). */
static void set_bits(ts_hitindex *x, const ts_word *w)
{
	set_bit(x->first, w->cp);
	size_t h = head_len(w);
	uint32_t cp2;
	if (h && h < w->len && ts_utf8_decode((const unsigned char *)w->w + h, w->len - h, &cp2))
		set_bit(x->second, cp2);
	else
		set_bit(x->one, w->cp);
}

int ts_hitindex_build(ts_hitindex *x, const ts_words *const *lists, int n)
{
	memset(x, 0, sizeof *x);
	if (n < 0 || n > TS_HIT_LISTS)
		return 0;
	size_t words = 0;
	for (int i = 0; i < n; i++) {
		if (lists[i]->n > 65536)
			return 0;
		x->list[i] = lists[i];
		words += lists[i]->n;
	}
	x->lists = n;
	/* at most half full: every probe ends at an empty slot */
	size_t cap = 16;
	while (cap < 2 * words + 2)
		cap *= 2;
	x->mask = cap - 1;
	size_t *count = calloc(cap, sizeof *count);
	x->key = calloc(cap, sizeof *x->key);
	x->lo = calloc(cap + 1, sizeof *x->lo);
	x->ent = malloc((words ? words : 1) * sizeof *x->ent);
	if (!count || !x->key || !x->lo || !x->ent) {
		free(count);
		ts_hitindex_free(x);
		return -1;
	}
	/* slots first, then each slot's share of ent, then the words in list
	 * order into their slots */
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < lists[i]->n; k++) {
			uint32_t cp = lists[i]->v[k].cp;
			size_t at = ts_cp_slot(cp, x->mask);
			while (x->key[at] && x->key[at] != cp + 1)
				at = (at + 1) & x->mask;
			x->key[at] = cp + 1;
			count[at]++;
			set_bits(x, &lists[i]->v[k]);
		}
	uint32_t sum = 0;
	for (size_t at = 0; at < cap; at++) {
		x->lo[at] = sum;
		sum += (uint32_t)count[at];
		count[at] = 0;
	}
	x->lo[cap] = sum;
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < lists[i]->n; k++) {
			uint32_t cp = lists[i]->v[k].cp;
			size_t at = ts_cp_slot(cp, x->mask);
			while (x->key[at] != cp + 1)
				at = (at + 1) & x->mask;
			x->ent[x->lo[at] + count[at]++] = entry(&lists[i]->v[k], k, i);
		}
	free(count);
	return 0;
}

void ts_hits_find(const ts_hitindex *x, const char *s, size_t len, const uint32_t *cp,
                  const uint32_t *at, size_t n, ts_hits *h)
{
	h->n = 0;
	h->present = 0;
	h->ok = x->key != NULL;
	if (!h->ok)
		return;
	for (size_t j = 0; j < n; j++) {
		/* two at a time while neither starts a word by its bit (five
		 * characters in six of a question): a test and a branch for two,
		 * where each was one */
		while (j + 1 < n && !(has_bit(x->first, cp[j]) | has_bit(x->first, cp[j + 1])))
			j += 2;
		if (j == n)
			break;
		if (!has_bit(x->first, cp[j]) ||
		    !(has_bit(x->one, cp[j]) || (j + 1 < n && has_bit(x->second, cp[j + 1]))))
			continue;
		size_t sl = ts_cp_slot(cp[j], x->mask);
		while (x->key[sl] && x->key[sl] != cp[j] + 1)
			sl = (sl + 1) & x->mask;
		if (!x->key[sl])
			continue;
		size_t p = at[j];
		for (uint32_t e = x->lo[sl]; e < x->lo[sl + 1]; e++) {
			const ts_hitent *en = &x->ent[e];
			if (en->len > len - p || !same_rest(x, en, s, len, p))
				continue;
			if (h->n == TS_HITS_MAX) {
				h->ok = 0;
				h->n = 0;
				return;
			}
			h->v[h->n++] = (ts_hit){(uint32_t)p, en->len, en->word, en->list};
			h->present |= (uint32_t)1 << en->list;
		}
	}
}

long ts_hits_first(const ts_hits *h, int i, size_t a, size_t b, size_t *at)
{
	long best = -1;
	if (!(h->present >> i & 1))
		return -1;
	/* places come in order, so a word's first place in the range is the
	 * first met */
	for (size_t k = 0; k < h->n; k++) {
		const ts_hit *t = &h->v[k];
		if (t->list != i || t->pos < a || t->pos + (size_t)t->len > b)
			continue;
		if (best < 0 || t->word < best) {
			best = t->word;
			*at = t->pos - a;
		}
	}
	return best;
}
