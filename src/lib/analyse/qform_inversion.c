/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Questions by the order of their first words (Quirk et al. 1985, A
 * Comprehensive Grammar of the English Language, ch. 11): an auxiliary
 * before its subject, a question word before an auxiliary; tags and
 * indirect questions anywhere.  Every word looked for is a list of the
 * language's file; what is code here is how the lists combine. */
#include "config.h"

#include "analyse/qform.h"

#include <string.h>

#include "base/hash.h"
#include "base/swar.h"
#include "base/text.h"

#define L(id) TS_QLIST(lang, id)

/* The first words of a sentence, folded without case, apostrophes kept
 * (’ as '): letters a to z and digits, as the lists' words are (the
 * loader holds them to it, at most 30 bytes: a longer word, cut here,
 * equals none). */
#define WORDS 24
typedef struct words {
	char w[WORDS][32];
	/* Word i folded into w[i] as its bounds are found: in the one pass
	 * over its bytes, not a pass to find it and one to fold it.  Hashed
	 * for the lists' hash indexes when first looked up in one that may
	 * hold it (bit i of hashed), once, not per list: most words are
	 * ruled out by their first byte and length in every list they are
	 * asked of ("the" in the openers and the auxiliaries), and the hash,
	 * a multiplication after each byte waiting on the one before, was a
	 * third of taking a word. */
	size_t len[WORDS];
	uint64_t hash[WORDS];
	uint32_t hashed;
	size_t begin[WORDS], end[WORDS];  /* in s */
	size_t n;
	/* found in s[0..sn) as the rules ask for them, up to pos: most
	 * sentences are ruled out by their first two or three words */
	const char *s;
	size_t sn, pos;
} words;

static void first_words(const char *s, size_t n, words *out)
{
	out->n = 0;
	out->hashed = 0;
	out->s = s;
	out->sn = n;
	out->pos = 0;
}

/* The words of w up to word i (all when i >= WORDS); how many there are.
 * The places in locals: a store could alias out's members, and would
 * have them read again at every byte. */
static size_t upto_more(words *out, size_t i)
{
	const unsigned char *u = (const unsigned char *)out->s;
	size_t n = out->sn, p = out->pos, nw = out->n;
	while (nw <= i && nw < WORDS) {
		/* a word starts at a letter or digit (ts_word_byte from '0' up) */
		while (p < n && ts_word_byte[u[p]] < '0')
			p++;
		if (p == n)
			break;
		out->begin[nw] = p;
		char *w = out->w[nw];
		size_t k = 0;
		for (; p < n; p++) {
			unsigned char c = ts_word_byte[u[p]];
			if (c <= 1) {
				/* ’ is ' (E2 80 99), as a list's words have it */
				if (!c || n - p < 3 || u[p + 1] != 0x80 || u[p + 2] != 0x99)
					break;
				c = '\'';
				p += 2;
			}
			/* (a word longer than 30 bytes, cut here, equals none) */
			if (k + 1 < sizeof out->w[0])
				w[k++] = (char)c;
		}
		w[k] = '\0';
		out->end[nw] = p;
		out->len[nw] = k;
		nw++;
	}
	out->pos = p;
	out->n = nw;
	return nw;
}

/* upto without a call when word i is taken already, as it mostly is */
static inline size_t upto(words *out, size_t i)
{
	return i < out->n ? out->n : upto_more(out, i);
}

/* Word i (taken) is capitalised and followed by a comma: "Josh," */
static int vocative(const words *w, size_t i)
{
	return ts_ascii_upper(w->s[w->begin[i]]) && w->end[i] < w->sn && w->s[w->end[i]] == ',';
}

/* The hash of word i (taken), made the first time it is asked for. */
static inline uint64_t hash_of(words *w, size_t i)
{
	if (!(w->hashed >> i & 1)) {
		w->hash[i] = ts_fnv1a(TS_FNV_INIT, w->w[i], w->len[i]);
		w->hashed |= (uint32_t)1 << i;
	}
	return w->hash[i];
}

/* Word i of w is in list l ("" past the last word is in none). */
static inline __attribute__((always_inline)) int is(const ts_words *l, words *w, size_t i)
{
	if (i >= upto(w, i) || !ts_words_may_be(l, (unsigned char)w->w[i][0], w->len[i]))
		return 0;
	return ts_words_has_hashed(l, w->w[i], w->len[i], hash_of(w, i)) >= 0;
}

/* The words of the first opener of several words ("i mean") at word i,
 * or 0. */
static size_t phrase_at(const ts_words *l, words *w, size_t i)
{
	if (i >= upto(w, i))
		return 0;
	/* the words that start with the word's first byte (folded, so the
	 * index without case names exactly those), in list order */
	size_t c;
	const uint32_t *by = ts_words_ci_at(l, (unsigned char)w->w[i][0], &c);
	if (!by)
		c = l->n;
	for (size_t x = 0; x < c; x++) {
		const ts_word *e = &l->v[by ? by[x] : x];
		/* an opener of several words whose first is word i: a blank
		 * right after word i's bytes (which hold none) */
		size_t first = w->len[i];
		if (e->len <= first || e->w[first] != ' ' || memcmp(e->w, w->w[i], first))
			continue;
		const char *p = e->w + first + 1, *end = e->w + e->len;
		size_t j = i + 1;
		for (;;) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			size_t len = (size_t)((sp ? sp : end) - p);
			if (j >= upto(w, j))
				break;
			if (w->len[j] != len || memcmp(w->w[j], p, len))
				break;
			j++;
			if (!sp)
				return j - i;
			p = sp + 1;
		}
	}
	return 0;
}

/* Whether phrase_at may find a phrase of l at word i: the word is there
 * and some phrase starts with its first byte, folded ("i" of "i mean"),
 * as phrase_at compares it first.  Most sentences start with none, and
 * are not searched for one. */
static inline int may_phrase(const ts_words *l, words *w, size_t i)
{
	return i < upto(w, i) && ts_words_may_phrase(l, ts_word_byte[(unsigned char)w->s[w->begin[i]]]);
}

/* Whether f[0..fn) ends with a tag (ts_words_ends), most texts ruled
 * out by their last two bytes first (slow: not). */
static inline int tagged(const ts_lang *lang, const char *f, size_t fn, int slow)
{
	const ts_words *tags = L(Q_TAGS);
	if (!slow && fn >= 2 &&
	    !ts_words_may_end2(tags, (unsigned char)f[fn - 2], (unsigned char)f[fn - 1]))
		return 0;
	return ts_words_ends(tags, f, fn) >= 0;
}

static int holds(const ts_words *l, const char *f, size_t fn)
{
	size_t at;
	return ts_words_find(l, f, fn, ~(ts_cpmask)0, &at) >= 0;
}

/* A question word right after the first comma followed by one: "Given
 * the attack, what's the response", "Josh, how many more". */
static int wh_after_comma(const ts_lang *lang, const char *f, size_t fn, int slow)
{
	const ts_words *wh = L(I_WH);
	/* the commas before the last byte: by memchr (slow: byte by byte) */
	for (size_t i = 0; i + 1 < fn; i++) {
		if (slow) {
			if (f[i] != ',')
				continue;
		} else {
			const char *c = memchr(f + i, ',', fn - 1 - i);
			if (!c)
				break;
			i = (size_t)(c - f);
		}
		size_t j = i + 1;
		while (j < fn && f[j] == ' ')
			j++;
		for (size_t k = 0; k < wh->n; k++) {
			size_t m = wh->v[k].len;
			if (j + m <= fn &&
			    (slow ? !memcmp(f + j, wh->v[k].w, m) : ts_swar_same(f + j, wh->v[k].w, m)) &&
			    (j + m == fn || f[j + m] == ' ' || f[j + m] == '\''))
				return 1;
		}
	}
	return 0;
}

static ts_qtype type_of(const ts_lang *lang, const char *f, size_t fn, words *w,
                        size_t first, int slow)
{
	while (fn && f[fn - 1] == ' ')
		fn--;
	size_t w0 = first, w1 = first + 1, w2 = first + 2, w3 = first + 3, w4 = first + 4;
	int modal = is(L(I_MODALS), w, w0);
	/* "Can you tell us whether…": an indirect question, typed by what it
	 * asks; "Can you spell it out?": a request. */
	if (modal && is(L(I_ADDRESSEES), w, w1) && is(L(I_EMBED_VERBS), w, w2)) {
		size_t q = is(L(I_EMBED_OBJECTS), w, w3) ? w4 : w3;
		if (is(L(I_WH), w, q))
			return TS_Q_WH;
		if (is(L(I_COMPLEMENTIZERS), w, q))
			return TS_Q_YESNO;
	}
	/* "Can I ask…", "Can we follow up…": asking leave to ask */
	if ((modal && is(L(I_ADDRESSEES), w, w1) && is(L(I_REQUEST_VERBS), w, w2)) ||
	    (modal && is(L(I_FIRST_PERSON), w, w1) && is(L(I_PERMISSION_VERBS), w, w2)) ||
	    is(L(I_REQUEST_OPENERS), w, w0))
		return TS_Q_REQUEST;
	if (tagged(lang, f, fn, slow))
		return TS_Q_TAG;
	/* "Or do you know whether…" is the second half of an alternative (its
	 * very first word, before openers) */
	if (is(L(I_OR_OPENERS), w, 0) ||
	    (is(L(I_AUXILIARIES), w, w0) && holds(L(I_OR_MARKS), f, fn) && !holds(L(I_OR_NOT), f, fn)))
		return TS_Q_ALTERNATIVE;
	if (holds(L(Q_RHETORICAL), f, fn))
		return TS_Q_RHETORICAL;
	/* A question word first makes it a wh-question whatever the words
	 * after it are: they are not read for lead-ins (slow: as they were,
	 * the lead-ins first). */
	int wh_first = is(L(I_WH), w, w0);
	if (wh_first && !slow)
		return TS_Q_WH;
	/* "…curious about what they're talking about": the word after the
	 * lead-in says what is asked.  A word is folded as f is (letters
	 * lowered, ’ as '), so a sentence whose f holds no lead-in has none
	 * among its words, and they are not taken and looked up one by one
	 * (slow: they are; and when f is the sentence as written). */
	if (slow || lang->qplain || holds(L(I_LEAD_INS), f, fn)) {
		upto(w, WORDS);
		for (size_t k = first; k + 1 < w->n; k++) {
			if (!is(L(I_LEAD_INS), w, k))
				continue;
			if (is(L(I_WH), w, k + 1))
				return TS_Q_WH;
			if (is(L(I_COMPLEMENTIZERS), w, k + 1))
				break;
		}
	}
	if (wh_first || (!is(L(I_AUXILIARIES), w, w0) && wh_after_comma(lang, f, fn, slow)))
		return TS_Q_WH;
	return TS_Q_YESNO;
}

static inline __attribute__((always_inline)) int
inversion(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn, int marked,
          ts_qtype *type, int slow)
{
	words w;
	first_words(s, n, &w);
	const ts_words *open = L(I_OPENERS);
	size_t first = 0;
	for (int more = 1; more;) {
		more = 0;
		while (first < upto(&w, first) && (is(open, &w, first) || (first < 2 && vocative(&w, first)))) {
			first++;
			more = 1;
		}
		/* "I mean, isn't that…" (slow: every word read for one) */
		size_t k = slow || may_phrase(open, &w, first) ? phrase_at(open, &w, first) : 0;
		if (k) {
			first += k;
			more = 1;
		}
	}
	int q = marked;
	if (!q && first < upto(&w, first)) {
		const ts_words *aux = L(I_AUXILIARIES);
		q = (is(aux, &w, first) && is(L(I_SUBJECTS), &w, first + 1)) ||
		    (is(L(I_WH), &w, first) && is(aux, &w, first + 1)) ||
		    tagged(lang, f, fn, slow) || holds(L(I_INDIRECT), f, fn);
	}
	if (!q)
		return 0;
	*type = type_of(lang, f, fn, &w, first, slow);
	return 1;
}

int ts_qform_inversion(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn,
                       int marked, ts_qtype *type)
{
	return inversion(lang, s, n, f, fn, marked, type, 0);
}

int ts_qform_inversion_none_after(const ts_lang *lang, const char *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)x[i];
		if (!strchr(". !\t\n\r\")", c) || !c || ts_words_may_end(L(Q_TAGS), c) ||
		    ts_words_may_end(L(I_INDIRECT), c))
			return 0;
	}
	return 1;
}

int ts_qform_inversion_as(const ts_lang *lang, const char *s, size_t n, const char *f, size_t fn,
                          int marked, ts_qtype *type, int slow)
{
	return inversion(lang, s, n, f, fn, marked, type, slow);
}
