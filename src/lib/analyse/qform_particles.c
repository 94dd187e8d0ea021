/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Questions by final particles and A-not-A forms (Li & Thompson 1981,
 * Mandarin Chinese: A Functional Reference Grammar, ch. 18).  Every word
 * looked for is a list of the language's file; what is code here is how
 * the lists combine. */
#include "config.h"

#include "analyse/qform.h"

#include <string.h>

#include "base/swar.h"
#include "base/text.h"

#define L(id) TS_QLIST(lang, id)

/* A sentence's characters decoded once, with their places, for the
 * several reads of the rules (the places of the lists' words, A-not-A
 * forms); ok is 0 when the sentence has more than CHARS characters or
 * bytes that are not UTF-8, and then each read decodes as it goes. */
#define CHARS 256
typedef struct chars {
	uint32_t cp[CHARS];
	uint32_t at[CHARS];
	size_t n;
	int ok;
} chars;

static void decode_chars(const char *s, size_t n, chars *c)
{
	const unsigned char *u = (const unsigned char *)s;
	/* the count in a local: stores to the arrays could alias the text's
	 * bytes and c's members, and would reload them */
	uint32_t *cpv = c->cp, *atv = c->at;
	size_t nc = 0, t = 0;
	c->ok = 0;
	c->n = 0;
	while (t < n) {
		/* a run of ideographs, most of a Chinese sentence: four of them
		 * a register of sixteen bytes where SSE2 is, two a word of eight
		 * bytes, then one at a time */
#if defined(__SSE2__)
		for (__m128i quad; n - t >= 16 && nc + 4 <= CHARS &&
		                   ts_sse_three_four(_mm_loadu_si128((const void *)(u + t)), &quad);
		     t += 12, nc += 4) {
			_mm_storeu_si128((void *)(cpv + nc), quad);
			_mm_storeu_si128((void *)(atv + nc),
			                 _mm_add_epi32(_mm_set1_epi32((int)t), _mm_setr_epi32(0, 3, 6, 9)));
		}
#endif
		for (; n - t >= 8 && nc + 2 <= CHARS &&
		       ts_utf8_three_two(ts_swar_load(u + t), cpv + nc, cpv + nc + 1);
		     t += 6, nc += 2) {
			atv[nc] = (uint32_t)t;
			atv[nc + 1] = (uint32_t)t + 3;
		}
		for (; n - t >= 3 && nc < CHARS && ts_utf8_three(u + t); t += 3) {
			cpv[nc] = ts_utf8_three_cp(u + t);
			atv[nc++] = (uint32_t)t;
		}
		if (t == n)
			break;
		uint32_t cp;
		size_t k = ts_utf8_decode(u + t, n - t, &cp);
		if (!k || nc == CHARS)
			return;
		cpv[nc] = cp;
		atv[nc++] = (uint32_t)t;
		t += k;
	}
	c->n = nc;
	c->ok = 1;
}

/* A sentence as the rules read it; its characters are decoded, its mask
 * found and the places of the words of the lists of TS_QHIT_LISTS in it
 * found on first use, in one pass over its characters (hits_of), where
 * each rule would search it again.  Most sentences are no question: only
 * an A-not-A form is looked for in them, and it is first narrowed down
 * by the characters' places alone (a_not_a). */
typedef struct qsent {
	const ts_lang *lang;
	const char *s;
	size_t n;
	chars *ch;
	int decoded;         /* ch is filled */
	int masked;          /* cm is found */
	ts_cpmask cm;        /* ts_cpmask_of s */
	int found;           /* hits looked for */
	ts_hits hits;
} qsent;

static const chars *chars_of(qsent *q)
{
	if (!q->decoded) {
		q->decoded = 1;
		decode_chars(q->s, q->n, q->ch);
	}
	return q->ch;
}

/* Read only where the rules search list by list, and at an A-not-A form:
 * the places found answer the rest. */
static ts_cpmask mask_of(qsent *q)
{
	if (!q->masked) {
		q->masked = 1;
		q->cm = ts_cpmask_of(q->s, q->n);
	}
	return q->cm;
}

/* The places found, or NULL when the rules must search list by list: the
 * characters are not decoded (a long sentence, bytes that are not UTF-8),
 * the language has no index, or the sentence holds too many places. */
static const ts_hits *hits_of(qsent *q)
{
	if (!q->found) {
		q->found = 1;
		const chars *ch = chars_of(q);
		if (ch->ok)
			ts_hits_find(&q->lang->qhits, q->s, q->n, ch->cp, ch->at, ch->n, &q->hits);
		else
			q->hits.ok = 0;
	}
	return q->hits.ok ? &q->hits : NULL;
}

/* The first place of word w in s[0..n), or NULL. */
static const char *find_word(const char *s, size_t n, const ts_word *w)
{
	return w->len <= n ? memmem(s, n, w->w, w->len) : NULL;
}

static int holds(const ts_words *l, const char *s, size_t n, ts_cpmask m)
{
	size_t at;
	return ts_words_find(l, s, n, m, &at) >= 0;
}

/* (the test of the last byte before the call: few sentences end with a
 * word of the list, and the rules ask several lists) */
static int ends(const ts_words *l, const char *s, size_t n)
{
	return n && ts_words_may_end(l, (unsigned char)s[n - 1]) && ts_words_ends(l, s, n) >= 0;
}

/* The lists of TS_QEND_LISTS that s[0..n) may end by its last two bytes
 * (all where it has fewer): ends is asked only of these. */
static inline unsigned end_lists(const ts_lang *lang, const char *s, size_t n)
{
	if (n < 2)
		return 0xFF;
	return lang->qend[ts_words_end_pair((unsigned char)s[n - 2], (unsigned char)s[n - 1])];
}

/* ends of list id, one of TS_QEND_LISTS, for a sentence that may end the
 * lists e (end_lists) */
#define ENDS(e, id, s, m) (((e) & TS_QE(id)) && ends(L(id), s, m))

/* Whether a word of list id (number qh among TS_QHIT_LISTS) lies wholly in
 * the sentence's s[a..b); a search list by list passes over the words
 * whose first character is not in the sentence when by_mask. */
static inline int holds_at(qsent *q, int id, int qh, size_t a, size_t b, int by_mask)
{
	const ts_hits *h = hits_of(q);
	if (h)
		return ts_hits_within(h, qh, a, b);
	return holds(&q->lang->list[id], q->s + a, b - a, by_mask ? mask_of(q) : ~(ts_cpmask)0);
}

#define HOLDS(q, id, a, b, by_mask) holds_at(q, TS_L_##id, TS_QH_##id, a, b, by_mask)

/* Soft particles dropped from the end, as often as they come, in list
 * order (呀啊: 啊 first, then 呀); one character always stays. */
static size_t strip_particles(const ts_lang *lang, const char *s, size_t n)
{
	const ts_words *p = L(P_SOFT_PARTICLES);
	/* (by the last two bytes where there are two: a continuation byte
	 * alone ends a particle in one place of ten) */
	for (int again = 1; again && n && ts_words_may_end(p, (unsigned char)s[n - 1]) &&
	                    (n < 2 || ts_words_may_end2(p, (unsigned char)s[n - 2],
	                                                (unsigned char)s[n - 1]));) {
		again = 0;
		for (size_t k = 0; k < p->n; k++) {
			const ts_word *w = &p->v[k];
			if (n > w->len && ts_swar_same(s + n - w->len, w->w, w->len)) {
				n -= w->len;
				again = 1;
			}
		}
	}
	return n;
}

/* Start of the clause that holds s[pos]: just after the last clause mark
 * that ends at or before pos, found scanning back. */
static size_t clause_start(const ts_lang *lang, const char *s, size_t pos)
{
	const ts_words *marks = L(P_CLAUSE_MARKS);
	for (size_t e = pos; e > 0; e--)
		if (ts_words_may_end(marks, (unsigned char)s[e - 1]) && ts_words_ends(marks, s, e) >= 0)
			return e;
	return 0;
}

/* Whether an A-not-A form (是不是, 有没有, 了解不了解) starting at s[i] is
 * embedded under a predicate ("我不知道我这个理解是不是对"): in its own
 * clause before it, or in the clause before when it opens its clause
 * after no more than openers (那, 就是); or whether its clause is the
 * subject of the next one, taken up again by a resumptive word
 * ("这个是不是有工会参与，这是另外一回事"). */
static int embedded(qsent *q, size_t i)
{
	const ts_lang *lang = q->lang;
	const char *s = q->s;
	size_t n = q->n;
	const ts_words *marks = L(P_CLAUSE_MARKS), *open = L(P_EMBEDDING_OPENERS);
	size_t c = clause_start(lang, s, i);
	if (HOLDS(q, P_EMBEDDING, c, i, 0))
		return 1;
	for (size_t k = 0; k < marks->n; k++) {
		const char *e = find_word(s + i, n - i, &marks->v[k]);
		if (e) {
			const char *next = e + marks->v[k].len;
			if (ts_words_starts(L(P_RESUMPTIVE), next, n - (size_t)(next - s)) >= 0)
				return 1;
		}
	}
	/* each opener once a pass, in list order, until none is left */
	size_t k = c;
	for (int again = 1; again;) {
		again = 0;
		for (size_t o = 0; o < open->n; o++)
			if (i - k >= open->v[o].len && !memcmp(s + k, open->v[o].w, open->v[o].len)) {
				k += open->v[o].len;
				again = 1;
			}
	}
	if (k != i || c == 0)
		return 0;
	size_t pc = clause_start(lang, s, c - 1);
	return HOLDS(q, P_EMBEDDING, pc, c, 0);
}

/* Whether a may be the X of an A-not-A form. */
static int doubled(const ts_lang *lang, uint32_t a)
{
	return a >= 0x4E00 && a <= 0x9FFF && !ts_words_has_char(L(P_NEGATORS), a) &&
	       !ts_words_has_char(L(P_NOT_DOUBLED), a);
}

/* Whether the sentence's mask has a bit of a negator, as it has when c,
 * one of its characters, is one (the test a_not_a_decoding makes first). */
static int negators_in(qsent *q, uint32_t c)
{
	ts_cpmask all = q->lang->list[TS_L_P_NEGATORS].all;
	return (all & ts_cpmask_bit(c)) || (mask_of(q) & all);
}

/* a_not_a of a sentence whose characters are not decoded: one decoding a
 * character; at each negator the two characters before it are X (X不X)
 * or XY (XY不XY), found in the order of X's place, X不X before XY at the
 * same place.  The characters after are decoded only at a negator. */
static size_t a_not_a_decoding(qsent *q, int check_embedding)
{
	const ts_lang *lang = q->lang;
	const unsigned char *u = (const unsigned char *)q->s;
	size_t n = q->n;
	const ts_words *neg = L(P_NEGATORS), *neg2 = L(P_NEGATORS_TWO);
	if (!(mask_of(q) & neg->all))
		return 0;
	uint32_t x1 = 0, x2 = 0;  /* the characters one and two before */
	size_t at1 = 0, at2 = 0, seen = 0;
	for (size_t t = 0; t < n;) {
		uint32_t c, b, b2;
		size_t k = ts_utf8_decode(u + t, n - t, &c), kb;
		if (!k)
			return 0;
		size_t r = t + k;
		if (seen >= 2 && ts_words_has_char(neg2, c) && !ts_words_has_char(neg, x1) &&
		    doubled(lang, x2) && (kb = ts_utf8_decode(u + r, n - r, &b)) && b == x2 &&
		    ts_utf8_decode(u + r + kb, n - r - kb, &b2) && b2 == x1 &&
		    (!check_embedding || !embedded(q, at2)))
			return at2 + 1;
		if (seen >= 1 && ts_words_has_char(neg, c) && doubled(lang, x1) &&
		    ts_utf8_decode(u + r, n - r, &b) && b == x1 &&
		    (!check_embedding || !embedded(q, at1)))
			return at1 + 1;
		x2 = x1;
		at2 = at1;
		x1 = c;
		at1 = t;
		seen++;
		t = r;
	}
	return 0;
}

/* Whether u[0..3) and v[0..3) are the same bytes. */
static inline int same3(const unsigned char *u, const unsigned char *v)
{
	return u[0] == v[0] && u[1] == v[1] && u[2] == v[2];
}

/* Whether an A-not-A form, embedded or not, may have its negator at u[o]
 * in s[0..n), where the bytes of a negator's first character are:
 * X不X or XY不XY as a_not_a reads them, X and Y taken as characters of
 * three bytes there (ts_utf8_three_cp reads them as ts_utf8_decode does
 * where they are UTF-8; X, an ideograph, has three), and then XY不XY with
 * a Y of one, two or four bytes by its bytes alone (rare: a form that
 * may be is read by a_not_a_read). */
static int form_at(const ts_lang *lang, const unsigned char *u, size_t n, size_t o)
{
	const ts_words *neg = L(P_NEGATORS), *neg2 = L(P_NEGATORS_TWO);
	uint32_t c = ts_utf8_three_cp(u + o);
	if (o >= 3 && n - o >= 6 && same3(u + o - 3, u + o + 3) && ts_words_has_char(neg, c) &&
	    doubled(lang, ts_utf8_three_cp(u + o - 3)))
		return 1;
	if (o >= 6 && n - o >= 9 && same3(u + o - 6, u + o + 3) && same3(u + o - 3, u + o + 6) &&
	    ts_words_has_char(neg2, c) && !ts_words_has_char(neg, ts_utf8_three_cp(u + o - 3)) &&
	    doubled(lang, ts_utf8_three_cp(u + o - 6)))
		return 1;
	for (size_t l = 1; l <= 4; l++)
		if (l != 3 && o >= l + 3 && n - o >= l + 6 && same3(u + o - l - 3, u + o + 3) &&
		    !memcmp(u + o - l, u + o + 6, l))
			return 1;
	return 0;
}

/* The first place j from j on (j at least 1, j + 1 below nc) where the
 * character after, cp[j + 1], is the one before, cp[j - 1], or two
 * before, cp[j - 2] (j at least 2): where an A-not-A form may have its
 * negator; nc when none.  Four places at a time where SSE2 is: most
 * characters are none. */
static size_t next_again(const uint32_t *cp, size_t nc, size_t j)
{
	if (j == 1) {
		if (nc > 2 && cp[2] == cp[0])
			return 1;
		j = 2;
	}
#if defined(__SSE2__)
	for (; j + 5 <= nc; j += 4) {
		__m128i next = _mm_loadu_si128((const void *)(cp + j + 1));
		__m128i one = _mm_cmpeq_epi32(next, _mm_loadu_si128((const void *)(cp + j - 1)));
		__m128i two = _mm_cmpeq_epi32(next, _mm_loadu_si128((const void *)(cp + j - 2)));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(one, two));
		if (m)
			return j + (size_t)__builtin_ctz(m) / 4;
	}
#endif
	for (; j + 1 < nc; j++)
		if (cp[j + 1] == cp[j - 1] || cp[j + 1] == cp[j - 2])
			return j;
	return nc;
}

#if defined(__SSE2__)
/* A bit for each of the sixteen places from v where one of the
 * characters of the rows of lanes (ts_lang.neg_lanes) starts (v[0..18)
 * are read). */
static inline __attribute__((always_inline)) unsigned
heads_in16(const unsigned char *v, const unsigned char (*lanes)[6][16], int rows)
{
	__m128i a = _mm_loadu_si128((const void *)v);
	__m128i b = _mm_loadu_si128((const void *)(v + 1));
	__m128i c = _mm_loadu_si128((const void *)(v + 2));
	__m128i any = _mm_setzero_si128();
	for (int k = 0; k < rows; k++) {
		const __m128i *r = (const __m128i *)lanes[k];
		__m128i x = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, r[0]), _mm_cmpeq_epi8(b, r[1])),
		                          _mm_cmpeq_epi8(c, r[2]));
		__m128i y = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, r[3]), _mm_cmpeq_epi8(b, r[4])),
		                          _mm_cmpeq_epi8(c, r[5]));
		any = _mm_or_si128(any, _mm_or_si128(x, y));
	}
	return (unsigned)_mm_movemask_epi8(any);
}
#endif

#if defined(__SSE2__)
/* Whether none of the places i + b, for the bits b of m, is one where
 * form_at finds a form may have its negator. */
static int no_form_at(const ts_lang *lang, const unsigned char *u, size_t n, size_t i, unsigned m)
{
	for (; m; m &= m - 1)
		if (form_at(lang, u, n, i + (unsigned)__builtin_ctz(m)))
			return 0;
	return 1;
}

/* no_form_bytes' look with rows of lanes, inlined for each count it is
 * called with: with one (the languages have no more) the lanes are
 * loaded once, not at each window. */
static inline __attribute__((always_inline)) int
no_form_rows(const ts_lang *lang, const unsigned char *u, size_t n, int rows)
{
	if (n < 18) {
		/* a copy with zeros after it, which start no character, made of
		 * its first nine bytes and its last eight (n is nine or more:
		 * no_form_bytes), where a copy of n bytes was a call */
		unsigned char pad[32] = {0};
		memcpy(pad, u, 8);
		pad[8] = u[8];
		memcpy(pad + n - 8, u + n - 8, 8);
		return no_form_at(lang, u, n, 0, heads_in16(pad, lang->neg_lanes, rows));
	}
	/* the last sixteen places read are those before the end: a window
	 * that would pass it is moved back */
	for (size_t i = 0;; i += 16) {
		if (i + 18 > n)
			i = n - 18;
		unsigned m = heads_in16(u + i, lang->neg_lanes, rows);
		if (m && !no_form_at(lang, u, n, i, m))
			return 0;
		if (i + 18 == n)
			return 1;
	}
}
#endif

/* Whether s[0..n) has no A-not-A form by its bytes alone, as most
 * sentences are found: its middle character is a negator, whose first
 * character's bytes (ts_lang.neg_heads) are looked for sixteen places at
 * a time (four Chinese sentences in five have no 不 or 没), and at each
 * place found the bytes around are compared (form_at).  Both readings
 * decode a character from its own bytes only (UTF-8 has one encoding of
 * each), and neither need decode the sentence, which costs most
 * sentences more than this look.  0 when it may have one.  (A leaf of
 * its own: in a_not_a_read, which most sentences do not reach, its
 * saving of registers cost every one.) */
static int no_form_bytes(const ts_lang *lang, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (lang->nneg_heads < 0)
		return 0;
	/* a form is three characters of three bytes at least, X不X (X an
	 * ideograph, the negators' first characters of three bytes): a short
	 * sentence, a backchannel ("嗯", "没有", a fifth of those read here
	 * in zh20), has none */
	if (n < 9)
		return 1;
#if defined(__SSE2__)
	int nh = lang->nneg_heads, rows = (nh + 1) / 2;
	if (!nh)
		return 1;
	return rows == 1 ? no_form_rows(lang, u, n, 1) : no_form_rows(lang, u, n, rows);
#else
	for (size_t i = 0; i + 3 <= n; i++)
		for (int k = 0; k < lang->nneg_heads; k++)
			if (same3(u + i, lang->neg_heads[k]) && form_at(lang, u, n, i))
				return 0;
	return 1;
#endif
}

/* The first A-not-A form in s[0..n) that is not embedded: X不X, X没X and
 * XY不XY, X an ideograph that is no negator and not one of not_doubled
 * (一不一 is no question), in sentence q.  Its offset + 1, or 0.  As
 * a_not_a_decoding finds it, over the decoded characters: at character
 * j, X不X has X at j - 1 and again at j + 1, XY不XY has XY at j - 2 and
 * again at j + 1, so the character after j is compared with those two
 * first, and the lists are read only where it is one of them (rarely).
 * The test of the mask, which a_not_a_decoding makes first, is made at a
 * form found: it is the same for all. */
static size_t a_not_a_read(qsent *q, int check_embedding)
{
	const ts_lang *lang = q->lang;
	const chars *ch = chars_of(q);
	if (!ch->ok)
		return a_not_a_decoding(q, check_embedding);
	const ts_words *neg = L(P_NEGATORS), *neg2 = L(P_NEGATORS_TWO);
	const uint32_t *cp = ch->cp;
	size_t nc = ch->n;
	for (size_t j = 1; (j = next_again(cp, nc, j)) < nc; j++) {
		uint32_t next = cp[j + 1];
		if (j >= 2 && j + 2 < nc && next == cp[j - 2] && cp[j + 2] == cp[j - 1] &&
		    ts_words_has_char(neg2, cp[j]) && !ts_words_has_char(neg, cp[j - 1]) &&
		    doubled(lang, cp[j - 2]) && negators_in(q, cp[j]) &&
		    (!check_embedding || !embedded(q, ch->at[j - 2])))
			return ch->at[j - 2] + 1;
		if (next == cp[j - 1] && ts_words_has_char(neg, cp[j]) && doubled(lang, cp[j - 1]) &&
		    negators_in(q, cp[j]) && (!check_embedding || !embedded(q, ch->at[j - 1])))
			return ch->at[j - 1] + 1;
	}
	return 0;
}

static inline size_t a_not_a(qsent *q, int check_embedding)
{
	if (!q->decoded && no_form_bytes(q->lang, q->s, q->n))
		return 0;
	return a_not_a_read(q, check_embedding);
}

/* Whether a question word asks something: some occurrence is not inside
 * an excusing phrase (哪怕, 怎么说呢, 什么的 ...). */
static int has_wh(qsent *q)
{
	const ts_hits *h = hits_of(q);
	if (h) {
		if (!(h->present >> TS_QH_P_WH & 1))
			return 0;
		for (size_t k = 0; k < h->n; k++) {
			const ts_hit *f = &h->v[k];
			if (f->list != TS_QH_P_WH)
				continue;
			int excused = 0;
			for (size_t x = 0; x < h->n && !excused; x++) {
				const ts_hit *p = &h->v[x];
				excused = p->list == TS_QH_P_WH_EXCUSED && p->pos <= f->pos &&
				          f->pos + f->len <= p->pos + p->len;
			}
			if (!excused)
				return 1;
		}
		return 0;
	}
	const ts_lang *lang = q->lang;
	const char *s = q->s;
	size_t n = q->n;
	ts_cpmask m = mask_of(q);
	const ts_words *wh = L(P_WH), *ex = L(P_WH_EXCUSED);
	for (size_t k = 0; k < wh->n; k++) {
		const ts_word *w = &wh->v[k];
		if (!(m & w->first))
			continue;
		for (const char *f = find_word(s, n, w); f; f = find_word(f + 1, n - (size_t)(f + 1 - s), w)) {
			int excused = 0;
			for (size_t x = 0; x < ex->n && !excused; x++) {
				const ts_word *e = &ex->v[x];
				if (!(m & e->first))
					continue;
				for (const char *p = find_word(s, n, e); p && !excused;
				     p = find_word(p + 1, n - (size_t)(p + 1 - s), e))
					excused = p <= f && f + w->len <= p + e->len;
			}
			if (!excused)
				return 1;
		}
	}
	return 0;
}

/* A request word asks something of the listener, but not where it starts
 * one of not_requests ("may I ask"). */
static int request(qsent *q)
{
	const ts_lang *lang = q->lang;
	const char *s = q->s;
	size_t n = q->n;
	const ts_hits *h = hits_of(q);
	if (h) {
		if (!(h->present >> TS_QH_P_REQUESTS & 1))
			return 0;
		for (size_t k = 0; k < h->n; k++)
			if (h->v[k].list == TS_QH_P_REQUESTS &&
			    ts_words_starts(L(P_NOT_REQUESTS), s + h->v[k].pos, n - h->v[k].pos) < 0)
				return 1;
		return 0;
	}
	ts_cpmask cm = mask_of(q);
	const ts_words *rq = L(P_REQUESTS);
	for (size_t k = 0; k < rq->n; k++) {
		if (!(cm & rq->v[k].first))
			continue;
		const char *f = s;
		size_t rest = n;
		const char *p;
		while ((p = find_word(f, rest, &rq->v[k]))) {
			if (ts_words_starts(L(P_NOT_REQUESTS), p, rest - (size_t)(p - f)) < 0)
				return 1;
			rest -= (size_t)(p - f) + 1;
			f = p + 1;
		}
	}
	return 0;
}

/* Whether a word of list qh (among TS_QHIT_LISTS) starts at s[o], as
 * ts_words_starts finds it there: o is a character's place. */
static int starts_at(const ts_hits *h, int qh, size_t o)
{
	for (size_t k = 0; k < h->n && h->v[k].pos <= o; k++)
		if (h->v[k].list == qh && h->v[k].pos == o)
			return 1;
	return 0;
}

/* ts_words_starts, not asked where s[0..n) opens with a character of
 * three bytes whose bit is not among those of the words' first
 * characters (most sentences): a word there would start with its bytes,
 * and so with it (the words are UTF-8, and none is empty). */
static long opens(const ts_words *l, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 3 && ts_utf8_three(u) && !(l->all & ts_cpmask_bit(ts_utf8_three_cp(u))))
		return -1;
	return ts_words_starts(l, s, n);
}

/* a_not_a without the embedding check, found once for the rules of
 * type_of that ask for it */
static int plain_a_not_a(qsent *q, int *memo)
{
	if (*memo < 0)
		*memo = a_not_a(q, 0) != 0;
	return *memo;
}

static ts_qtype type_of(qsent *q, size_t m, unsigned e, int marked)
{
	const ts_lang *lang = q->lang;
	const char *s = q->s;
	size_t n = q->n;
	size_t at = 0;
	int anota = -1;
	if (request(q))
		return TS_Q_REQUEST;
	if (ENDS(e, Q_TAGS, s, m) || ENDS(e, P_OPINION_TAGS, s, m) ||
	    (HOLDS(q, P_OPINION, 0, n, 1) && plain_a_not_a(q, &anota)))
		return TS_Q_TAG;
	/* (the clause found only for a sentence that ends so: it is a scan) */
	if (marked && ENDS(e, P_MARKED_TAGS, s, m) && clause_start(lang, s, m) > 0)
		return TS_Q_TAG;
	/* 吧 at the end asks for confirmation: "…了吧？", "也应该有吧？" */
	if (marked && ENDS(e, P_CONFIRM_PARTICLES, s, m))
		return TS_Q_TAG;
	/* 还是 opening the sentence (after 那, 或者), or asking "or" in a
	 * marked one that is no A-not-A or 吗 question and where it does not
	 * mean "still" */
	const ts_words *orw = L(P_OR_WORDS);
	size_t o = 0;
	long k;
	while ((k = opens(L(P_OR_PREFIXES), s + o, n - o)) >= 0)
		o += L(P_OR_PREFIXES)->v[k].len;
	const ts_hits *h = hits_of(q);
	int hs = (h ? ts_hits_first(h, TS_QH_P_OR_WORDS, 0, n, &at)
	            : ts_words_find(orw, s, n, mask_of(q), &at)) >= 0;
	/* (the A-not-A form, a read of the sentence's characters, asked
	 * last of the terms of a rule, which hold or not whatever the order:
	 * most questions end with 吗 and are decided by a place found) */
	if ((h ? hs && starts_at(h, TS_QH_P_OR_WORDS, o) : ts_words_starts(orw, s + o, n - o) >= 0) ||
	    (hs && marked && !HOLDS(q, P_YES_NO_PARTICLES, 0, n, 0) &&
	     !HOLDS(q, P_OR_ADVERBS, at, n, 0) && !plain_a_not_a(q, &anota)))
		return TS_Q_ALTERNATIVE;
	if (HOLDS(q, Q_RHETORICAL, 0, n, 1) ||
	    (ENDS(e, P_WH_PARTICLES, s, m) && HOLDS(q, P_CONDITIONAL, 0, n, 1) && has_wh(q)))
		return TS_Q_RHETORICAL;
	if (!HOLDS(q, P_YES_NO_PARTICLES, 0, n, 1) && !HOLDS(q, P_NOT_WH_PARTICLES, 0, n, 1) &&
	    (has_wh(q) || ENDS(e, P_WH_FINALS, s, m)) && !plain_a_not_a(q, &anota))
		return TS_Q_WH;
	return TS_Q_YESNO;
}

int ts_qform_particles(const ts_lang *lang, const char *s0, size_t n0, const char *s, size_t n,
                       int marked, ts_qtype *type)
{
	(void)s0;
	(void)n0;
	/* (the soft particles stripped, if any, the lists ended asked again
	 * at the new end) */
	unsigned e = end_lists(lang, s, n);
	size_t m = n;
	if (e & TS_QE(P_SOFT_PARTICLES)) {
		m = strip_particles(lang, s, n);
		if (m != n)
			e = end_lists(lang, s, m);
	}
	int isq = marked;
	chars ch;
	qsent q;
	q.lang = lang;
	q.s = s;
	q.n = n;
	q.ch = &ch;
	q.decoded = q.masked = q.found = 0;
	if (!isq) {
		/* interrogative by form, without a mark */
		isq = ENDS(e, P_YES_NO_PARTICLES, s, m) || ENDS(e, Q_TAGS, s, m) ||
		      ENDS(e, P_OPINION_TAGS, s, m) || a_not_a(&q, 1) != 0 ||
		      (ENDS(e, P_WH_PARTICLES, s, m) && has_wh(&q) &&
		       !HOLDS(&q, P_HEDGES, 0, n, 0));
	}
	if (!isq)
		return 0;
	*type = type_of(&q, m, e, marked);
	return 1;
}

size_t ts_qform_a_not_a(const ts_lang *lang, const char *s, size_t n, int check_embedding,
                        int slow)
{
	chars ch;
	qsent q = {.lang = lang, .s = s, .n = n, .ch = &ch};
	return slow ? a_not_a_decoding(&q, check_embedding) : a_not_a(&q, check_embedding);
}
