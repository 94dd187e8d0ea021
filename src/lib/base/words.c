/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/caseless.h"
#include "base/swar.h"
#include "base/text.h"

#define DIGITS(c) [c] = c, [c + 1] = c + 1, [c + 2] = c + 2, [c + 3] = c + 3, [c + 4] = c + 4
#define LETTERS(c, to) \
	[c] = to, [c + 1] = to + 1, [c + 2] = to + 2, [c + 3] = to + 3, [c + 4] = to + 4, \
	[c + 5] = to + 5, [c + 6] = to + 6, [c + 7] = to + 7, [c + 8] = to + 8, [c + 9] = to + 9, \
	[c + 10] = to + 10, [c + 11] = to + 11, [c + 12] = to + 12
const unsigned char ts_word_byte[256] = {
	DIGITS('0'), DIGITS('5'), LETTERS('a', 'a'), LETTERS('n', 'n'), LETTERS('A', 'a'),
	LETTERS('N', 'n'), ['\''] = '\'', [0xE2] = 1,
};
#undef DIGITS
#undef LETTERS

ts_cpmask ts_cpmask_of(const char *s, size_t n)
{
	ts_cpmask m = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		m |= ts_cpmask_bit(cp);
		i += k;
	}
	return m;
}

void ts_words_init(ts_words *l, int caseless)
{
	memset(l, 0, sizeof *l);
	l->caseless = caseless;
	l->plain = 1;
}

/* Whether p is a word's own allocation, not in the packed block. */
static int own(const ts_words *l, const char *p)
{
	uintptr_t a = (uintptr_t)p, t = (uintptr_t)l->text;
	return !l->text || a < t || a >= t + l->text_len;
}

static void free_word(const ts_words *l, ts_word *e)
{
	if (e->w != e->raw && own(l, e->w))
		free(e->w);
	if (own(l, e->raw))
		free(e->raw);
}

void ts_words_free(ts_words *l)
{
	for (size_t i = 0; i < l->n; i++)
		free_word(l, &l->v[i]);
	free(l->text);
	free(l->v);
	free(l->sorted);
	free(l->by_pair_lo);
	free(l->by_pair);
	free(l->skip);
	free(l->anchor_v);
	free(l->ci_lo);
	free(l->ci_by);
	free(l->end_lo);
	free(l->end_by);
	free(l->chars);
	ts_hindex_free(&l->index);
	ts_words_init(l, l->caseless);
}

/* Whether ts_ci_fold_text changes s[0..n): a byte A to Z, or a character
 * that ts_ci_fold moves (bytes that are not UTF-8 are copied as they
 * are).  Nearly every word of the lists folds to itself (Chinese, English
 * written small), and folding each into a buffer of its own, allocated
 * and freed, was a twelfth of a start. */
static int folds(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = u[i] < 0x80 ? 0 : ts_utf8_decode(u + i, n - i, &cp);
		if (!k) {
			if (u[i] >= 'A' && u[i] <= 'Z')
				return 1;
			i++;
			continue;
		}
		if (ts_ci_fold(cp) != cp)
			return 1;
		i += k;
	}
	return 0;
}

int ts_words_add(ts_words *l, const char *word)
{
	if (TS_GROW(l->v, l->cap, l->n + 1))
		return -1;
	size_t n = strlen(word);
	ts_word *e = &l->v[l->n];
	if (!(e->raw = malloc(n + 1)))
		return -1;
	memcpy(e->raw, word, n + 1);
	e->w = e->raw;
	if (l->caseless && folds(word, n)) {
		ts_buf f = {0};
		if (ts_ci_fold_text(word, n, &f)) {
			free(e->raw);
			ts_buf_free(&f);
			return -1;
		}
		n = f.len;
		if (n == strlen(word) && !memcmp(f.ptr, word, n)) {
			ts_buf_free(&f);  /* folding changed nothing: one copy */
		} else {
			/* a buffer has room to grow; a word keeps only its bytes */
			char *w = realloc(f.ptr, n + 1);
			e->w = w ? w : f.ptr;
		}
	}
	e->len = (uint32_t)n;
	if (e->len > l->longest)
		l->longest = e->len;
	e->first = 0;
	e->plain = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)e->w + i, n - i, &cp);
		if (!k) {
			cp = (unsigned char)e->w[i];
			k = 1;
		}
		if (l->caseless && !ts_ci_caseless_char(cp))
			e->plain = l->plain = 0;
		if (!i) {
			e->cp = cp;
			e->first = ts_cpmask_bit(cp);
		}
		i += k;
	}
	e->ascii_ci = !e->plain;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)e->w[i] >= 0x80)
			e->ascii_ci = 0;
	if (n < 2)
		l->end_short = 1;
	if (n) {
		unsigned char last = (unsigned char)e->w[n - 1], c = (unsigned char)e->w[0];
		l->last[last >> 6] |= (uint64_t)1 << (last & 63);
		if (n >= 2) {
			unsigned k = ts_words_end_pair((unsigned char)e->w[n - 2], last);
			l->last2[k >> 6] |= (uint64_t)1 << (k & 63);
		}
		if (memchr(e->w, ' ', n))
			l->phrase_first[c >> 6] |= (uint64_t)1 << (c & 63);
		l->first_len |= ts_words_length_bit(c, n);
	}
	l->all |= e->first;
	l->n++;
	return 0;
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

/* By bytes, then by place in the list (the words are one array). */
static int cmp_word(const void *a, const void *b)
{
	const ts_word *x = *(const ts_word *const *)a, *y = *(const ts_word *const *)b;
	int c = cmp_bytes(x->w, x->len, y->w, y->len);
	return c ? c : (x > y) - (x < y);
}

/* Sorted by cmp_word, which orders any two words (by place when their
 * bytes are the same), so that every sort gives the one order: most
 * lists are a few words, where qsort's setting up cost more than the
 * sort (a tenth of a start's lists). */
#define INSERTION_MAX 16

static void sort_words(const ts_word **v, size_t n)
{
	if (n > INSERTION_MAX) {
		qsort(v, n, sizeof *v, cmp_word);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const ts_word *x = v[i];
		size_t j = i;
		for (; j > 0 && cmp_word(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The words' bytes moved into one block: a thousand words of a language
 * were a thousand allocations, each with its own overhead, kept for the
 * whole run. */
static void pack(ts_words *l)
{
	size_t total = 0;
	for (size_t i = 0; i < l->n; i++)
		total += strlen(l->v[i].raw) + 1 + (l->v[i].w != l->v[i].raw ? l->v[i].len + 1 : 0);
	char *text = l->n ? malloc(total) : NULL;
	if (!text)
		return;  /* as they are: still right */
	char *p = text;
	for (size_t i = 0; i < l->n; i++) {
		ts_word *e = &l->v[i];
		size_t rn = strlen(e->raw) + 1;
		char *raw = p, *w = p;
		memcpy(raw, e->raw, rn);
		p += rn;
		if (e->w != e->raw) {
			w = p;
			memcpy(w, e->w, e->len);
			w[e->len] = '\0';
			p += e->len + 1;
		}
		free_word(l, e);
		e->raw = raw;
		e->w = w;
	}
	free(l->text);  /* words added after an earlier finish: packed again */
	l->text = text;
	l->text_len = total;
}

/* The index of ts_words_find by first two bytes (a counting sort,
 * stable: list order within a bucket).  Without it (out of memory, or a
 * word of one byte) ts_words_find searches word by word, as right and
 * slower. */
static void index_pairs(ts_words *l)
{
	free(l->by_pair_lo);
	free(l->by_pair);
	l->by_pair = NULL;
	memset(l->lead, 0, sizeof l->lead);
	/* room for the start cost to stay small: a list of 20 words has
	 * 128 buckets, not a thousand */
	size_t pairs = 16;
	while (pairs < 4 * l->n && pairs < 4096)
		pairs *= 2;
	l->pair_mask = (uint32_t)pairs - 1;
	l->by_pair_lo = calloc(pairs + 1, sizeof *l->by_pair_lo);
	if (!l->by_pair_lo || !(l->by_pair = malloc((l->n ? l->n : 1) * sizeof *l->by_pair)))
		goto fail;
	for (size_t i = 0; i < l->n; i++) {
		const unsigned char *w = (const unsigned char *)l->v[i].w;
		if (l->v[i].len < 2)
			goto fail;
		l->by_pair_lo[ts_words_pair(l, w[0], w[1])]++;
		l->lead[w[0]] = 1;
	}
	/* the distinct first pairs, while they are few and ASCII (the
	 * first two bytes of an ideograph start a sixty-fourth of them,
	 * and are in Chinese text at every few places) */
	l->nfew = 0;
	for (size_t i = 0; i < l->n && l->nfew <= TS_WORDS_FEW_PAIRS; i++) {
		const unsigned char *w = (const unsigned char *)l->v[i].w;
		if (w[0] >= 0x80 || w[1] >= 0x80) {
			l->nfew = TS_WORDS_FEW_PAIRS + 1;
			break;
		}
		unsigned k = 0;
		while (k < l->nfew && (l->few[k][0] != w[0] || l->few[k][1] != w[1]))
			k++;
		if (k == l->nfew && l->nfew++ < TS_WORDS_FEW_PAIRS) {
			l->few[k][0] = w[0];
			l->few[k][1] = w[1];
		}
	}
	if (l->nfew > TS_WORDS_FEW_PAIRS)
		l->nfew = 0;
	/* by_pair_lo[c]: the end of bucket c, then (filled from each
	 * bucket's end, the list backwards: list order) its start */
	for (size_t c = 1; c < pairs; c++)
		l->by_pair_lo[c] += l->by_pair_lo[c - 1];
	l->by_pair_lo[pairs] = (uint32_t)l->n;
	for (size_t i = l->n; i-- > 0;) {
		const unsigned char *w = (const unsigned char *)l->v[i].w;
		l->by_pair[--l->by_pair_lo[ts_words_pair(l, w[0], w[1])]] = (uint32_t)i;
	}
	return;
fail:
	free(l->by_pair_lo);
	free(l->by_pair);
	l->by_pair_lo = NULL;
	l->by_pair = NULL;
	l->nfew = 0;
}

/* The shortest words that ts_words_find skips along a text: a window of
 * three bytes moves by two at most, no faster than the test of lead (the
 * English corpus ran 0.03% slower with three, 0.5% with six: " or "). */
#define SKIP_SPAN 4

/* The skips of ts_words_find (see ts_words.skip): about sixteen slots a
 * pair of the words, few enough of them taken that a pair of a text
 * seldom shares a slot with theirs, and at most 4096. */
static void index_skip(ts_words *l)
{
	free(l->skip);
	l->skip = NULL;
	l->span = 0;
	if (!l->by_pair || !l->n)
		return;
	size_t span = 255;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].len < span)
			span = l->v[i].len;
	if (span < SKIP_SPAN)
		return;
	size_t slots = 256;
	uint32_t shift = 24;
	while (slots < 16 * l->n * (span - 1) && slots < 4096) {
		slots *= 2;
		shift--;
	}
	if (!(l->skip = malloc(slots)))
		return;
	l->skip_shift = shift;
	l->span = (uint32_t)span;
	memset(l->skip, (int)span - 1, slots);
	for (size_t i = 0; i < l->n; i++) {
		const unsigned char *w = (const unsigned char *)l->v[i].w;
		for (size_t j = 0; j + 1 < span; j++) {
			unsigned char *d = &l->skip[ts_words_skip_slot(l, w + j)];
			if (*d > span - 2 - j)
				*d = (unsigned char)(span - 2 - j);
		}
	}
}

/* Whether w[0..n) holds g[0..len): by its first byte, then the rest (a
 * word of a few bytes, where memmem's setting up was most of a start's
 * cost of the anchors). */
static int holds_gram(const char *w, size_t n, const char *g, size_t len)
{
	for (size_t j = 0; j + len <= n; j++)
		if (w[j] == g[0] && w[j + 1] == g[1] && w[j + 2] == g[2] && (len == 3 || w[j + 3] == g[3]))
			return 1;
	return 0;
}

/* What the gram of len bytes at w + j is as an anchor: 2 the first bytes
 * of a word of the phrase, 1 other bytes without a blank, 0 with one. */
static int gram_kind(const char *w, size_t j, size_t len)
{
	if (memchr(w + j, ' ', len))
		return 0;
	return j == 0 || w[j - 1] == ' ' ? 2 : 1;
}

/* Whether byte c starts a character (is no continuation byte of UTF-8):
 * a gram taken there from a word's first bytes. */
static int char_start(char c)
{
	return ((unsigned char)c & 0xC0) != 0x80;
}

/* How many words not covered[i] already hold g[0..len). */
static size_t holding(const ts_words *l, const unsigned char *covered, const char *g, size_t len)
{
	size_t c = 0;
	for (size_t i = 0; i < l->n; i++)
		c += !covered[i] && holds_gram(l->v[i].w, l->v[i].len, g, len);
	return c;
}

/* The anchors of ts_words_find (ts_words.anchor_v), chosen greedily: the
 * first word not yet covered is covered by the one of its grams that the
 * most such words hold, among the first bytes of its words when it has
 * such grams ("curi" of "i'm curious", "anyo" of "how could anyone"),
 * else among those without a blank when it has one (blanks are a sixth
 * of English text's bytes, the grams around them its common words: " to "
 * is in 7 of the indirect questions, and in most sentences): a few grams
 * a word tried, not every one, as each is counted in every word.  Lists
 * of more than 64 words are passed over: they are seldom held by a few
 * grams, and were words tried against words for every list that a run
 * loads.  In a list of Chinese words the grams are characters, its first
 * mostly: the skips of the stall cues ("看一下", "稍等"), asked of the
 * first turn of nearly every reply, stopped every few characters, each
 * stop waiting on the load of the one before (1.6% of zh20's time), and
 * most replies hold none of 看 查 稍 等. */
static void index_anchors(ts_words *l)
{
	free(l->anchor_v);
	l->anchor_v = NULL;
	l->nanchor = 0;
	if (!l->n || l->n > 64)
		return;
	size_t g = 4;  /* bytes of an anchor */
	int wide = 0;  /* a word has a character of two bytes or more */
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].len < 3)
			return;
		if (l->v[i].len < g)
			g = l->v[i].len;
		for (size_t j = 0; j < l->v[i].len; j++)
			wide |= (unsigned char)l->v[i].w[j] >= 0x80;
	}
	/* A Chinese word's grams are its characters, each three bytes: a
	 * gram of four that ends in the lead byte of the next ("我" and E7
	 * of "我看看") is held at many places of Chinese text, "看" at few. */
	if (wide)
		g = 3;
	unsigned char covered[64] = {0};
	char anchor[TS_WORDS_ANCHORS][4];
	size_t na = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (covered[i])
			continue;
		if (na == TS_WORDS_ANCHORS)
			return;
		const char *w = l->v[i].w;
		size_t len = l->v[i].len, best = 0, most = 0;
		int kind = 0;  /* of the grams tried: the best the word has */
		for (size_t j = 0; j + g <= len; j++) {
			if (!char_start(w[j]))
				continue;
			int k = gram_kind(w, j, g);
			kind = k > kind ? k : kind;
		}
		for (size_t j = 0; j + g <= len; j++) {
			if (!char_start(w[j]) || gram_kind(w, j, g) != kind)
				continue;
			size_t c = holding(l, covered, w + j, g);
			if (c > most) {
				best = j;
				most = c;
			}
		}
		memcpy(anchor[na], w + best, g);
		for (size_t k = i; k < l->n; k++)
			if (!covered[k] && holds_gram(l->v[k].w, l->v[k].len, anchor[na], g))
				covered[k] = 1;
		na++;
	}
	if (!(l->anchor_v = malloc(na * sizeof *l->anchor_v)))
		return;  /* searched without them: as right */
	for (size_t k = 0; k < na; k++)
		for (size_t j = 0; j < 4; j++)
			memset(l->anchor_v[k][j], j < g ? anchor[k][j] : 0, 16);
	l->nanchor = (unsigned)na;
	l->anchor_len = (unsigned)g;
}

/* lo[1..top] summed in place (lo[c] += lo[c - 1]) where lo[lo_b..hi_b]
 * alone may hold counts: the sums below lo_b stay 0 and those past hi_b
 * are all lo[hi_b].  The bytes the words start or end with are a few of
 * the 256 (a to z, or the bytes of Chinese characters), and a sum over
 * every byte of each of a start's hundred lists cost more than the rest
 * of their indexes. */
static void sum_counts(uint32_t *lo, unsigned top, unsigned lo_b, unsigned hi_b)
{
	if (lo_b > hi_b)
		return;  /* no counts: every sum is 0 */
	unsigned c = lo_b > 1 ? lo_b : 1;
	for (; c <= hi_b && c <= top; c++)
		lo[c] += lo[c - 1];
	for (; c <= top; c++)
		lo[c] = lo[hi_b];
}

/* A bucket index: lo (nlo counts, zeroed) and by (nby entries); 0, or -1
 * with both NULL when memory ran out (the lookups then scan every word). */
static int index_alloc(uint32_t **lo, size_t nlo, uint32_t **by, size_t nby)
{
	*lo = calloc(nlo, sizeof **lo);
	*by = malloc(nby * sizeof **by);
	if (*lo && *by)
		return 0;
	free(*lo);
	free(*by);
	*lo = *by = NULL;
	return -1;
}

/* The bytes below top that a text may start with and start word e
 * without case (ts_word_prefix_ci), into b; how many (at most 2).  From
 * 0x80 up, with ci_any, every word is a candidate, kept once apart. */
static size_t ci_starts(const ts_word *e, unsigned top, unsigned b[2])
{
	unsigned w0 = (unsigned char)e->w[0];
	size_t k = 0;
	if (e->plain) {
		/* bytes compare */
		if (w0 < top)
			b[k++] = w0;
	} else if (w0 < 0x80 && !ts_ascii_upper((int)w0)) {
		/* ts_ci_prefix_folded: an ASCII byte folds to ASCII only */
		b[k++] = w0;
		if (w0 >= 'a' && w0 <= 'z')
			b[k++] = w0 - 32;
	}
	return k;
}

/* The index of ts_words_prefix_ci by a text's first byte (a counting
 * sort by byte, stable); bytes of 0x80 and above all share one list of
 * every word when some word has case (ci_any). */
static void index_ci(ts_words *l)
{
	free(l->ci_lo);
	free(l->ci_by);
	l->ci_lo = l->ci_by = NULL;
	l->ci_any = 0;
	for (size_t i = 0; i < l->n; i++)
		l->ci_any |= !l->v[i].plain;
	unsigned top = l->ci_any ? 0x80 : 0x100, b[2];
	if (index_alloc(&l->ci_lo, 258, &l->ci_by, 3 * l->n + 1))
		return;
	/* ci_lo[c + 1]: bucket c's size, then (summed) its start; filled in
	 * list order from the starts, which end up one bucket on: shifted
	 * back */
	unsigned lo_b = 0x101, hi_b = 0;
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = ci_starts(&l->v[i], top, b); k-- > 0;) {
			l->ci_lo[b[k] + 1]++;
			lo_b = b[k] + 1 < lo_b ? b[k] + 1 : lo_b;
			hi_b = b[k] + 1 > hi_b ? b[k] + 1 : hi_b;
		}
	sum_counts(l->ci_lo, top, lo_b, hi_b);
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = ci_starts(&l->v[i], top, b); k-- > 0;)
			l->ci_by[l->ci_lo[b[k]]++] = (uint32_t)i;
	for (unsigned c = top; c > 0; c--)
		l->ci_lo[c] = l->ci_lo[c - 1];
	l->ci_lo[0] = 0;
	/* with ci_any, slot 0x80 holds where every word starts; 0x81 its end */
	if (l->ci_any) {
		uint32_t o = l->ci_lo[0x80];
		for (size_t i = 0; i < l->n; i++)
			l->ci_by[o + i] = (uint32_t)i;
		l->ci_lo[0x81] = o + (uint32_t)l->n;
	}
}

/* The index of ts_words_ends by last byte (a counting sort, stable). */
static void index_ends(ts_words *l)
{
	free(l->end_lo);
	free(l->end_by);
	l->end_lo = l->end_by = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].len)
			return;  /* an empty word ends every text: the scan of every word */
	if (index_alloc(&l->end_lo, 257, &l->end_by, l->n + 1))
		return;
	unsigned lo_b = 0x101, hi_b = 0;
	for (size_t i = 0; i < l->n; i++) {
		unsigned b = (unsigned char)l->v[i].w[l->v[i].len - 1] + 1u;
		l->end_lo[b]++;
		lo_b = b < lo_b ? b : lo_b;
		hi_b = b > hi_b ? b : hi_b;
	}
	sum_counts(l->end_lo, 256, lo_b, hi_b);
	/* end_lo[b] is now where bucket b starts; fill, then shift back */
	for (size_t i = 0; i < l->n; i++)
		l->end_by[l->end_lo[(unsigned char)l->v[i].w[l->v[i].len - 1]]++] = (uint32_t)i;
	for (size_t b = 256; b > 0; b--)
		l->end_lo[b] = l->end_lo[b - 1];
	l->end_lo[0] = 0;
}

/* The one-character words by code point: an open-addressed table (each
 * slot cp + 1, 0 when empty) at most half full, so that a lookup mostly
 * reads one slot. */
static void index_chars(ts_words *l)
{
	free(l->chars);
	l->chars = NULL;
	l->chars_mask = 0;
	l->chars_ok = 0;
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		uint32_t cp = 0;
		n += ts_utf8_decode((const unsigned char *)l->v[i].w, l->v[i].len, &cp) == l->v[i].len;
	}
	size_t slots = 8;
	while (slots < 2 * n)
		slots *= 2;
	if (!(l->chars = calloc(slots, sizeof *l->chars)))
		return;
	l->chars_mask = slots - 1;
	for (size_t i = 0; i < l->n; i++) {
		uint32_t cp = 0;
		if (ts_utf8_decode((const unsigned char *)l->v[i].w, l->v[i].len, &cp) != l->v[i].len)
			continue;
		size_t at = ts_cp_slot(cp, l->chars_mask);
		while (l->chars[at] && l->chars[at] != cp + 1)
			at = (at + 1) & l->chars_mask;
		l->chars[at] = cp + 1;
	}
	l->chars_ok = 1;
}

int ts_words_is_char(const ts_words *l, uint32_t cp)
{
	if (!(l->all & ts_cpmask_bit(cp)))
		return 0;
	if (!l->chars_ok) {
		/* not indexed (out of memory, or before ts_words_finish); the
		 * compare in line reads only k bytes, after checking a word's
		 * length, but GCC warns (-Warray-bounds) of eight with four */
		unsigned char u[8];
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, u);
		return k > 0 && ts_words_has(l, (const char *)u, (size_t)k) >= 0;
	}
	return ts_words_char_probe(l, cp);
}

static uint64_t word_hash(const void *arg, size_t item)
{
	const ts_word *e = &((const ts_words *)arg)->v[item];
	return ts_fnv1a(TS_FNV_INIT, e->w, e->len);
}

long ts_words_finish(ts_words *l)
{
	/* no more words: give back the room to grow */
	ts_word *v = l->n ? realloc(l->v, l->n * sizeof *l->v) : NULL;
	if (v) {
		l->v = v;
		l->cap = l->n;
	}
	pack(l);
	index_pairs(l);
	index_skip(l);
	index_anchors(l);
	index_ci(l);
	index_ends(l);
	index_chars(l);
	free(l->sorted);
	l->sorted = malloc((l->n ? l->n : 1) * sizeof *l->sorted);
	if (!l->sorted)
		return -2;
	for (size_t i = 0; i < l->n; i++)
		l->sorted[i] = &l->v[i];
	sort_words(l->sorted, l->n);
	for (size_t i = 1; i < l->n; i++) {
		const ts_word *a = l->sorted[i - 1], *b = l->sorted[i];
		if (!cmp_bytes(a->w, a->len, b->w, b->len))
			return b - l->v;  /* the later of the two */
	}
	ts_hindex_free(&l->index);
	/* room for four times the words: at most an eighth of the slots
	 * taken, so that a word of none (most words looked up: a sentence's
	 * first words in the lists of the question rules, a key's in the
	 * stop words) mostly ends its probe at its first slot, where a half
	 * full table probed two or three; the lists' few thousand words take
	 * some 100 KiB more */
	if (ts_hindex_reserve(&l->index, 4 * l->n, word_hash, l))
		ts_hindex_free(&l->index);
	else
		for (size_t i = 0; i < l->n; i++)
			ts_hindex_put(&l->index, word_hash(l, i), i);
	return -1;
}

long ts_words_has(const ts_words *l, const char *s, size_t n)
{
	return ts_words_has_hashed(l, s, n, l->index.cap ? ts_fnv1a(TS_FNV_INIT, s, n) : 0);
}

/* Without the hash index: a binary search of sorted (not inlined, so
 * that the search by hash saves no registers for it). */
__attribute__((noinline)) long ts_words_has_sorted(const ts_words *l, const char *s, size_t n)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ts_word *e = l->sorted[mid];
		int c = cmp_bytes(e->w, e->len, s, n);
		if (!c)
			return e - l->v;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long ts_words_ends(const ts_words *l, const char *s, size_t n)
{
	if (!n)
		return -1;
	unsigned char last = (unsigned char)s[n - 1];
	if (!ts_words_may_end(l, last))
		return -1;
	if (l->end_lo) {
		/* the bytes compared in line: a bucket holds a few short words
		 * (", right", ", isn't it"), each a call of memcmp */
		for (uint32_t j = l->end_lo[last]; j < l->end_lo[last + 1]; j++) {
			const ts_word *e = &l->v[l->end_by[j]];
			if (n >= e->len && ts_swar_same(s + n - e->len, e->w, e->len))
				return (long)l->end_by[j];
		}
		return -1;
	}
	for (size_t k = 0; k < l->n; k++) {
		const ts_word *e = &l->v[k];
		if (n >= e->len && e->w[e->len - 1] == s[n - 1] &&
		    !memcmp(s + n - e->len, e->w, e->len))
			return (long)k;
	}
	return -1;
}

long ts_words_starts(const ts_words *l, const char *s, size_t n)
{
	for (size_t k = 0; k < l->n; k++) {
		const ts_word *e = &l->v[k];
		if (n >= e->len && !memcmp(s, e->w, e->len))
			return (long)k;
	}
	return -1;
}

/* The words of by_pair's bucket of s[i], s[i + 1] (i + 1 < n) tried at
 * s[i]: once word *best is found only the words before it in the list,
 * whose first place may come later.  swar: the bytes compared in line, a
 * word of ASCII of a few bytes (find_few's: in line in the others, the
 * compare made the frame of the search of the Chinese lists larger). */
static inline void find_at(const ts_words *l, const char *s, size_t n, size_t i, ts_cpmask m,
                           long *best, size_t *at, int swar)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t b = ts_words_pair(l, u[i], u[i + 1]);
	for (uint32_t j = l->by_pair_lo[b], hi = l->by_pair_lo[b + 1]; j < hi; j++) {
		uint32_t k = l->by_pair[j];
		if (*best >= 0 && (long)k >= *best)
			break;
		const ts_word *e = &l->v[k];
		if ((m & e->first) && e->len <= n - i &&
		    (swar ? ts_swar_same(s + i, e->w, e->len) : !memcmp(s + i, e->w, e->len))) {
			*best = (long)k;
			*at = i;
			break;
		}
	}
}

/* ts_words_find by the skips (ts_words.skip): p at the last two bytes of
 * the window s[i..i + span), which may start a word only when their skip
 * is 0. */
static long find_skipping(const ts_words *l, const char *s, size_t n, ts_cpmask m, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t span = l->span;
	long best = -1;
	if (n < span)
		return -1;
	const unsigned char *p = u + span - 2, *end = u + n - 2;
	for (;;) {
		unsigned d;
		/* four skips a test of the end while all land by it (a skip is
		 * span - 1 at most): the test was a third of a step */
		while (end - p >= (ptrdiff_t)(4 * (span - 1)) &&
		       (d = l->skip[ts_words_skip_slot(l, p)]) &&
		       (p += d, d = l->skip[ts_words_skip_slot(l, p)]) &&
		       (p += d, d = l->skip[ts_words_skip_slot(l, p)]) &&
		       (p += d, d = l->skip[ts_words_skip_slot(l, p)]))
			p += d;
		while (p <= end && (d = l->skip[ts_words_skip_slot(l, p)]))
			p += d;
		if (p > end)
			return best;
		find_at(l, s, n, (size_t)(p - (u + span - 2)), m, &best, at, 0);
		if (best == 0)
			return best;
		p++;
	}
}

#if defined(__SSE2__)
/* ts_words_find by the few first pairs (ts_words.few), n >= 17: the
 * places of sixteen at a time whose two bytes are one of them, each
 * tried in order (find_at), the last sixteen ending at the text's end
 * (those before i already read are dropped).  Not inlined: its vectors
 * made ts_words_find's frame larger for every list. */
__attribute__((noinline)) static long find_few(const ts_words *l, const char *s, size_t n,
                                               ts_cpmask m, size_t *at)
{
	const unsigned char *u = (const unsigned char *)s;
	__m128i first[TS_WORDS_FEW_PAIRS], second[TS_WORDS_FEW_PAIRS];
	unsigned nf = l->nfew;
	for (unsigned k = 0; k < nf; k++) {
		first[k] = _mm_set1_epi8((char)l->few[k][0]);
		second[k] = _mm_set1_epi8((char)l->few[k][1]);
	}
	long best = -1;
	for (size_t i = 0;;) {
		/* places base .. base + 15, whose pairs end by base + 16 < n */
		size_t base = i + 17 <= n ? i : n - 17;
		__m128i a = _mm_loadu_si128((const void *)(u + base));
		__m128i b = _mm_loadu_si128((const void *)(u + base + 1));
		__m128i hit = _mm_setzero_si128();
		for (unsigned k = 0; k < nf; k++)
			hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpeq_epi8(a, first[k]),
			                                      _mm_cmpeq_epi8(b, second[k])));
		unsigned bits = (unsigned)_mm_movemask_epi8(hit) & (0xFFFFu << (i - base));
		for (; bits; bits &= bits - 1) {
			find_at(l, s, n, base + (unsigned)__builtin_ctz(bits), m, &best, at, 1);
			if (best == 0)
				return best;
		}
		if (base + 17 >= n)
			return best;
		i = base + 16;
	}
}
#endif

#if defined(__SSE2__)
/* Whether s[0..n), n >= 15 + g, may hold a word: it holds one of the na
 * anchors of g bytes (ts_words.anchor_v).  The places of sixteen at a
 * time whose first and last bytes are an anchor's are compared whole;
 * the last sixteen end at the text's end, some read again.  na and g
 * constants of each call (anchored), so that the anchors' loop is
 * unrolled and their bytes stay in registers: a loop over them went
 * wrong at its end. */
static inline __attribute__((always_inline)) int anchored_by(const ts_words *l, const char *s,
                                                             size_t n, unsigned na, size_t g)
{
	const unsigned char *u = (const unsigned char *)s;
	__m128i first[TS_WORDS_ANCHORS], last[TS_WORDS_ANCHORS];
	for (unsigned k = 0; k < na; k++) {
		first[k] = _mm_loadu_si128((const void *)l->anchor_v[k][0]);
		last[k] = _mm_loadu_si128((const void *)l->anchor_v[k][g - 1]);
	}
	for (size_t i = 0;;) {
		/* places base .. base + 15, whose anchors end by base + 14 + g < n */
		size_t base = i + 15 + g <= n ? i : n - 15 - g;
		__m128i a = _mm_loadu_si128((const void *)(u + base));
		__m128i d = _mm_loadu_si128((const void *)(u + base + g - 1));
		__m128i ends = _mm_setzero_si128();
		for (unsigned k = 0; k < na; k++)
			ends = _mm_or_si128(ends, _mm_and_si128(_mm_cmpeq_epi8(a, first[k]),
			                                        _mm_cmpeq_epi8(d, last[k])));
		if (_mm_movemask_epi8(ends)) {
			/* the bytes between: one of three, two of four */
			__m128i b = _mm_loadu_si128((const void *)(u + base + 1));
			__m128i c = g == 4 ? _mm_loadu_si128((const void *)(u + base + 2)) : b;
			__m128i whole = _mm_setzero_si128();
			for (unsigned k = 0; k < na; k++) {
				__m128i x = _mm_and_si128(
				    _mm_and_si128(_mm_cmpeq_epi8(a, first[k]),
				                  _mm_cmpeq_epi8(b, _mm_loadu_si128((const void *)l->anchor_v[k][1]))),
				    _mm_and_si128(_mm_cmpeq_epi8(c, _mm_loadu_si128(
				                                        (const void *)l->anchor_v[k][g == 4 ? 2 : 1])),
				                  _mm_cmpeq_epi8(d, last[k])));
				whole = _mm_or_si128(whole, x);
			}
			if (_mm_movemask_epi8(whole))
				return 1;
		}
		if (base + 15 + g >= n)
			return 0;
		i = base + 16;
	}
}

/* anchored_by for the list's number of anchors and their bytes. */
int ts_words_anchored(const ts_words *l, const char *s, size_t n)
{
#define ANCHORED(na) \
	case na: \
		return l->anchor_len == 3 ? anchored_by(l, s, n, na, 3) : anchored_by(l, s, n, na, 4)
	switch (l->nanchor) {
	ANCHORED(1);
	ANCHORED(2);
	ANCHORED(3);
	ANCHORED(4);
	ANCHORED(5);
	default:
		return l->anchor_len == 3 ? anchored_by(l, s, n, TS_WORDS_ANCHORS, 3)
		                          : anchored_by(l, s, n, TS_WORDS_ANCHORS, 4);
	}
#undef ANCHORED
}
#endif

long ts_words_find_all(const ts_words *l, const char *s, size_t n, ts_cpmask m, size_t *at)
{
	if (l->skip)
		return find_skipping(l, s, n, m, at);
#if defined(__SSE2__)
	if (l->nfew && n >= 17)
		return find_few(l, s, n, m, at);
#endif
	if (l->by_pair) {
		/* Left to right, so a word's first match is its first place. */
		const unsigned char *u = (const unsigned char *)s;
		long best = -1;
		for (size_t i = 0; i + 1 < n && best != 0; i++) {
			while (i + 5 < n && !l->lead[u[i]] && !l->lead[u[i + 1]] && !l->lead[u[i + 2]] &&
			       !l->lead[u[i + 3]])
				i += 4;
			while (!l->lead[u[i]] && i + 2 < n)
				i++;
			if (!l->lead[u[i]])
				break;
			find_at(l, s, n, i, m, &best, at, 0);
		}
		return best;
	}
	for (size_t k = 0; k < l->n; k++) {
		const ts_word *e = &l->v[k];
		if (!(m & e->first) || e->len > n)
			continue;
		const char *p = memmem(s, n, e->w, e->len);
		if (p) {
			*at = (size_t)(p - s);
			return (long)k;
		}
	}
	return -1;
}

/* A word of ASCII (ascii_ci) and a text: a byte below 0x80 folds to one
 * byte, itself lowered, and no other, so up to the text's first byte of
 * 0x80 or up (where a character may fold to ASCII: ’ to ', K to k) the
 * two compare byte by byte; from there the whole prefix is read again
 * by code points.  The fillers and cues at the start of every English
 * reply are compared so. */
static size_t ascii_prefix(const ts_word *e, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t k = 0; k < e->len; k++) {
		unsigned char c = u[k];
		if (c >= 0x80)
			return ts_ci_prefix_folded(s, n, e->w, e->len);
		if ((unsigned char)ts_ascii_lower(c) != (unsigned char)e->w[k])
			return 0;
	}
	return e->len;
}

size_t ts_word_prefix_ci(const ts_word *e, const char *s, size_t n)
{
	/* (bytes compared in line: a filler or cue of a few bytes, most
	 * calls differing in the first character or two) */
	if (e->plain)
		return n >= e->len && ts_swar_same(s, e->w, e->len) ? e->len : 0;
	if (e->ascii_ci && n >= e->len)
		return ascii_prefix(e, s, n);
	return ts_ci_prefix_folded(s, n, e->w, e->len);
}

long ts_words_prefix_ci(const ts_words *l, const char *s, size_t n, size_t *len)
{
	if (!n)
		return -1;
	size_t c;
	const uint32_t *by = ts_words_ci_at(l, (unsigned char)s[0], &c);
	if (by) {
		for (size_t j = 0; j < c; j++) {
			size_t m = ts_word_prefix_ci(&l->v[by[j]], s, n);
			if (m) {
				*len = m;
				return (long)by[j];
			}
		}
		return -1;
	}
	for (size_t k = 0; k < l->n; k++) {
		size_t m = ts_word_prefix_ci(&l->v[k], s, n);
		if (m) {
			*len = m;
			return (long)k;
		}
	}
	return -1;
}

long ts_words_find_ci(const ts_words *l, const char *s, size_t n, size_t *at, size_t *len)
{
	/* Bytes compare when the list needs no folding; else a text folded
	 * once whose places are its own (nearly every text) is searched as
	 * folded text; another, word by word without case. */
	char folded[1024];
	const char *t = l->plain || !l->caseless ? s
	                : n <= sizeof folded && ts_ci_fold_aligned(s, n, folded) ? folded
	                : NULL;
	if (t) {
		long k = ts_words_find(l, t, n, ~(ts_cpmask)0, at);
		if (k >= 0)
			*len = l->v[k].len;
		return k;
	}
	for (size_t k = 0; k < l->n; k++) {
		const ts_word *e = &l->v[k];
		const char *p = e->plain && e->len <= n ? memmem(s, n, e->w, e->len) : NULL;
		if (p) {
			*at = (size_t)(p - s);
			*len = e->len;
			return (long)k;
		}
		if (!e->plain && (*at = ts_ci_find(s, n, e->w, len)) < n)
			return (long)k;
	}
	return -1;
}
