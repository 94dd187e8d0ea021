/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Scanning with the matcher: a text folded, run through the automaton once,
 * pieces checked for word boundaries, chained into gapped patterns,
 * extended by targets, overlaps resolved. */
#include "config.h"

#include "analyse/match_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/swar.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

void ts_matchbuf_free(ts_matchbuf *mb)
{
	free(mb->sym);
	ts_folded_free(&mb->f);
	free(mb->hits);
	free(mb->sorted);
	free(mb->count);
	free(mb->touched);
	free(mb->ranges);
	free(mb->cands);
	free(mb->kept);
	free(mb->taken);
	free(mb->out);
	memset(mb, 0, sizeof *mb);
}

/* ---- disfluency in words written with spaces ---- */

/* The end of the word starting at i: letters and digits, with an
 * apostrophe or hyphen between two of them (I'm, re-examine). */
static size_t word_end(const ts_folded *f, size_t i)
{
	size_t j = i;
	while (j < f->n && ((f->cls[j] & TS_FC_WORD) ||
	                    ((f->cls[j] & TS_FC_JOIN) && j > i && j + 1 < f->n &&
	                     (f->cls[j + 1] & TS_FC_WORD))))
		j++;
	return j;
}

static int same(const ts_folded *f, size_t a, size_t b, size_t len)
{
	return !memcmp(f->cp + a, f->cp + b, len * sizeof *f->cp);
}

/* Spoken English breaks a phrase ("I'm not going to -- going to
 * comment", "no comm- comment"): what a speaker repeats or cuts off at
 * the word starting at s.  Returns where the kept text resumes: the cut-
 * off word's completion, or the repetition's second copy; s when neither.
 * A repetition is a word said again after a dash or an ellipsis, the marks
 * of a transcribed break ("not -- not", "not... not"); without one a word
 * said twice may be meant ("that that", "no, no").  Runs of two to four
 * words said again were tried: on the QEvasion training split they moved
 * the model's cross-validated macro-F1 down (0.555 to 0.554), so one. */
#define DISFL_WORDS 1

static size_t disfluency(const ts_folded *f, size_t s)
{
	size_t n = f->n, e = word_end(f, s), t = e;
	/* a cut-off word: a fragment, a dash at once, the word it begins */
	if (t < n && ts_match_is_dash(f->cp[t])) {
		while (t < n && ts_match_is_dash(f->cp[t]))
			t++;
		while (t < n && (f->cls[t] & TS_FC_SPACE))
			t++;
		if (t < n && (f->cls[t] & TS_FC_WORD) && word_end(f, t) - t > e - s && same(f, s, t, e - s))
			return t;
	}
	/* a repetition: the longest run of words said again */
	size_t ends[DISFL_WORDS], k = 0;
	for (size_t end = e;; end = word_end(f, end + 1)) {
		ends[k++] = end;
		if (k == DISFL_WORDS || end + 1 >= n || !(f->cls[end] & TS_FC_SPACE) ||
		    !(f->cls[end + 1] & TS_FC_WORD))
			break;
	}
	for (size_t words = k; words > 0; words--) {
		size_t len = ends[words - 1] - s, u = ends[words - 1];
		int broken = 0;
		while (u < n && ((f->cls[u] & TS_FC_SPACE) || ts_match_is_break(f->cp[u]))) {
			broken |= !(f->cls[u] & TS_FC_SPACE);
			u++;
		}
		if (!broken || u + len > n || !(f->cls[u] & TS_FC_WORD) || !same(f, s, u, len))
			continue;
		/* the copy must end where the first did: whole words */
		if (u + len < n && (f->cls[u + len] & TS_FC_WORD))
			continue;
		return u;
	}
	return s;
}

/* The first punctuation at or after i, or n: most characters are letters
 * and spaces, so the classes are looked at eight at a time first. */
static size_t next_punct(const ts_folded *f, size_t i)
{
	const uint64_t punct = TS_ONES8 * TS_FC_PUNCT;
	for (; i + 8 <= f->n; i += 8) {
		uint64_t w = ts_swar_load(f->cls + i) & punct;
		if (w)
			return i + ((size_t)__builtin_ctzll(w) >> 3);
	}
	while (i < f->n && !(f->cls[i] & TS_FC_PUNCT))
		i++;
	return i;
}

/* The first break at or after i, or n: a break is punctuation. */
static size_t next_break(const ts_folded *f, size_t i)
{
	for (;; i++) {
		i = next_punct(f, i);
		if (i >= f->n || ts_match_is_break(f->cp[i]))
			return i;
	}
}

/* Whether a folded character is a letter or digit (TS_FC_WORD), eight
 * classes at a time, the last few in the eight before the end.  Texts of
 * at most 64 characters (most turns) read their classes at once, those
 * past n masked out (ts_fold_text's arrays hold 256 at least; the values
 * past n, unset or of an earlier text, do not count). */
static inline int has_word(const ts_folded *f)
{
	const uint64_t word = TS_ONES8 * TS_FC_WORD;
	size_t i = 0, n = f->n;
#ifdef __SSE2__
	/* Most texts (zh5: all but 13 of 33,610) have at most 64 characters: their
	 * classes read as 64 bytes at once, those past n masked out, with no
	 * loop, whose exit, at a place that varies with the length, missed
	 * about once a text (35.7K of 27.5K, callgrind's branch simulation). */
	/* English text has a word in its first eight characters: asked first,
	 * as before, which Chinese text always fails */
	if (n >= 8 && (ts_swar_load(f->cls) & word))
		return 1;
	if (n <= 64 && f->cap >= 64) {
		__m128i any = _mm_setzero_si128(), nv = _mm_set1_epi8((char)n);
		for (int j = 0; j < 64; j += 16) {
			__m128i at = _mm_add_epi8(_mm_set1_epi8((char)j),
			                          _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
			                                        13, 14, 15));
			__m128i c = _mm_loadu_si128((const __m128i *)(f->cls + j));
			any = _mm_or_si128(any, _mm_and_si128(c, _mm_cmpgt_epi8(nv, at)));
		}
		any = _mm_and_si128(any, _mm_set1_epi8((char)TS_FC_WORD));
		return _mm_movemask_epi8(_mm_cmpeq_epi8(any, _mm_setzero_si128())) != 0xFFFF;
	}
#endif
	for (; i + 8 <= n; i += 8)
		if (ts_swar_load(f->cls + i) & word)
			return 1;
	if (i < n && n >= 8)
		return (ts_swar_load(f->cls + n - 8) & word) != 0;
	for (; i < n; i++)
		if (f->cls[i] & TS_FC_WORD)
			return 1;
	return 0;
}

/* Move the kept characters [a, b) to o, in place; o + b - a. */
static size_t keep(ts_folded *f, size_t o, size_t a, size_t b)
{
	if (o != a) {
		memmove(f->cp + o, f->cp + a, (b - a) * sizeof *f->cp);
		memmove(f->cls + o, f->cls + a, (b - a) * sizeof *f->cls);
		memmove(f->off + o, f->off + a, (b - a) * sizeof *f->off);
	}
	return o + (b - a);
}

/* Leave out what disfluency() finds, in place: the offsets of the kept
 * characters still point into the source, so a match across a repair
 * reports the text as said.  A repair needs a break (ts_match_is_break)
 * after its first word, with only blanks between: so each stretch up to
 * the next break is copied whole, and only the word before that break is
 * tried (most text holds one break a sentence, where trying every word start
 * cost a quarter of the English matcher).  No other word starts between
 * it and the break, and a repair it starts reaches past the break (the
 * word's end or the dashes and stops after it), where the kept text
 * resumes. */
__attribute__((noinline)) static void drop_repairs(ts_folded *f)
{
	size_t o = 0, i = 0, n = f->n;
	while (i < n) {
		size_t p = next_break(f, i);
		if (p == n) {
			o = keep(f, o, i, n);
			break;
		}
		/* Where a repair would resume: past the blanks, dashes and full
		 * stops after the break.  disfluency() resumes only at a word
		 * that begins as the word before the break: the break is the
		 * first after i, so only blanks and joiners, which end every
		 * repair, lie between that word and the break, unless the break
		 * is a hyphen inside a word ("re-examine- re-examined"), which
		 * the word goes on past.  Most breaks end a sentence before
		 * another word. */
		size_t r = p;
		while (r < n && ((f->cls[r] & TS_FC_SPACE) || ts_match_is_break(f->cp[r])))
			r++;
		int inside = (f->cls[p] & TS_FC_JOIN) && p + 1 < n && (f->cls[p + 1] & TS_FC_WORD);
		if (!inside && (r == n || !(f->cls[r] & TS_FC_WORD))) {
			o = keep(f, o, i, p + 1);
			i = p + 1;
			continue;
		}
		/* back over the blanks and the word before the break */
		size_t from = p;
		while (from > i && (f->cls[from - 1] & TS_FC_SPACE))
			from--;
		while (from > i && (f->cls[from - 1] & (TS_FC_WORD | TS_FC_JOIN)))
			from--;
		o = keep(f, o, i, from);
		int starts = (f->cls[from] & TS_FC_WORD) && (inside || f->cp[from] == f->cp[r]) &&
		             (!o || (f->cls[o - 1] & TS_FC_SPACE) ||
		              ((f->cls[o - 1] & TS_FC_PUNCT) && !(f->cls[o - 1] & TS_FC_JOIN)));
		size_t k = starts ? disfluency(f, from) : from;
		if (k > from) {
			i = k;
			continue;
		}
		o = keep(f, o, from, p + 1);
		i = p + 1;
	}
	f->n = o;
}

/* Every repair has a word either side of its break: Chinese text, of CJK
 * characters and marks, has none (and its breaks, the marks looked at one
 * by one, cost zh5 3.9M).  The test is inlined where the scan folds a
 * text, before a call (zh5: 1,458 of 33,610 texts have a word), whose
 * saving and restoring of registers cost as much as the test. */
void ts_match_drop_repairs(ts_folded *f)
{
	if (has_word(f))
		drop_repairs(f);
}

/* Fold text with ts_fold_text (fold.c holds the folding rules, once) and
 * leave out disfluencies; classes and offsets are the folded text's own.
 * The scan finds the symbols as it steps, and needs no array of them. */
static int fold_only(const ts_matcher *m, ts_matchbuf *mb, const char *str, size_t len)
{
	mb->n = 0;
	int rc = ts_fold_text(m->fold, str, len, &mb->f);
	if (rc)
		return rc;
	ts_match_drop_repairs(&mb->f);
	mb->cls = mb->f.cls;
	mb->off = mb->f.off;
	mb->n = mb->f.n;
	return 0;
}

int ts_matcher_fold(const ts_matcher *m, ts_matchbuf *mb, const char *str, size_t len)
{
	int rc = fold_only(m, mb, str, len);
	if (rc)
		return rc;
	if (TS_GROW(mb->sym, mb->sym_cap, mb->n + 1))
		return TS_ENOMEM;
	for (size_t i = 0; i < mb->n; i++)
		mb->sym[i] = (uint16_t)ts_match_symbol(m, mb->f.cp[i]);
	return 0;
}

/* Room for one more candidate or hit, out of line: inline, ts_grow's
 * loop and realloc made found() a third longer (233 lines of objdump
 * where 171 now) for a way taken a few times a run. */
__attribute__((noinline)) static int grow_cands(ts_matchbuf *mb)
{
	return TS_GROW(mb->cands, mb->cands_cap, mb->ncands + 1) ? TS_ENOMEM : 0;
}

__attribute__((noinline)) static int grow_hits(ts_matchbuf *mb)
{
	return TS_GROW(mb->hits, mb->hits_cap, mb->nhits + 1) ? TS_ENOMEM : 0;
}

static int add_cand(ts_matchbuf *mb, uint32_t entry, uint32_t start, uint32_t end,
                    uint32_t tstart, uint32_t tend)
{
	if (mb->ncands >= mb->cands_cap && grow_cands(mb))
		return TS_ENOMEM;
	mb->cands[mb->ncands++] = (struct ts_mcand){entry, start, end, tstart, tend};
	return 0;
}

/* The target after a fixed part ending at pos: the text up to the next
 * punctuation or TARGET_SPAN characters, cut back to end at the last
 * organisation word in it.  0 when there is no such word.  The words are
 * looked for from the window's end back, to stop where none can end
 * further on (the reference of the tests, by_fail_links, looks at every
 * place): an organisation ends most targets ("问一下组织部"). */
static int capture(const ts_matcher *m, const ts_matchbuf *mb, size_t pos, int lang,
                   uint32_t *ts, uint32_t *te)
{
	const uint8_t *cls = mb->cls;
	const uint32_t *cp = mb->f.cp;
	size_t n = mb->n, a = pos;
	/* blanks and dashes after the fixed part: "refer you to -- the FBI" */
	while (a < n && ((cls[a] & TS_FC_SPACE) || cp[a] == '-' || cp[a] == 0x2013 || cp[a] == 0x2014))
		a++;
	size_t lim = a;
	while (lim < n && lim - a < m->target_window[lang]) {
		/* an apostrophe or hyphen inside a word is not punctuation:
		 * Secretary-General, Clinton's team */
		if ((cls[lim] & TS_FC_PUNCT) &&
		    !((cls[lim] & TS_FC_JOIN) && lim > a && (cls[lim - 1] & TS_FC_WORD) &&
		      lim + 1 < n && (cls[lim + 1] & TS_FC_WORD)))
			break;
		lim++;
	}
	size_t best = 0;
	const orgword *ow = m->org[lang];
	const uint32_t *at = m->org_at[lang];
	const uint8_t *all_left = m->org_left[lang];
	const size_t longest = m->org_longest[lang];
	for (size_t k = lim; at && k-- > a && (k + longest > best || m->by_fail_links);) {
		uint32_t s = ts_match_symbol(m, cp[k]);
		/* none of the words can start inside a word: their left
		 * boundary check below fails for each */
		if (at[s] == at[s + 1] || (all_left[s] && !m->by_fail_links && !left_ok(cls, k)))
			continue;
		for (uint32_t w = at[s]; w < at[s + 1]; w++) {
			const orgword *o = &ow[w];
			size_t j = k + o->len;
			if (o->len > lim - k || j <= best)
				continue;
			/* the first code point is the symbol's */
			const uint32_t *oc = m->ocp + o->cp;
			size_t d = 1;
			while (d < o->len && cp[k + d] == oc[d])
				d++;
			if (d < o->len)
				continue;
			/* "the State Department's statement": a possessive ends the
			 * word for a target. */
			int possessive = j + 1 < n && cp[j] == '\'' && cp[j + 1] == 's' &&
			                 right_ok(cls, j + 2, n);
			if ((o->left && !left_ok(cls, k)) ||
			    (o->right && !right_ok(cls, j, n) && !possessive))
				continue;
			best = j;
		}
	}
	if (!best)
		return 0;
	*ts = (uint32_t)a;
	*te = (uint32_t)best;
	return 1;
}

/* The hits of pattern pat, or NULL: while chain() runs, count[pat] is
 * the number of its range plus one, 0 for a pattern without hits (for
 * tests, by_fail_links: the range looked for one by one, the reference). */
static const struct ts_mrange *find_range(const ts_matcher *m, const ts_matchbuf *mb,
                                          uint32_t pat)
{
	if (m->by_fail_links) {
		for (size_t r = 0; r < mb->nranges; r++)
			if (mb->ranges[r].pat == pat)
				return &mb->ranges[r];
		return NULL;
	}
	uint32_t r = mb->count[pat];
	return r ? &mb->ranges[r - 1] : NULL;
}

/* Hits grouped by pattern, a range for each pattern seen, in the order
 * the patterns were first seen (chain() finds a pattern's range by
 * count[], and the order of the candidates it makes is not the order of
 * the matches: resolve() sorts them).  A pattern's hits come in text order
 * already (all have its length), so a counting sort over the patterns
 * seen keeps them sorted by start. */
static int group_hits(ts_matchbuf *mb)
{
	if (TS_GROW(mb->sorted, mb->sorted_cap, mb->nhits) ||
	    TS_GROW(mb->ranges, mb->ranges_cap, mb->ntouched))
		return TS_ENOMEM;
	uint32_t at = 0;
	for (size_t t = 0; t < mb->ntouched; t++) {
		uint32_t p = mb->touched[t];
		mb->ranges[t] = (struct ts_mrange){p, at, at};
		at += mb->count[p];
		mb->count[p] = (uint32_t)t + 1;  /* from here on: find_range */
	}
	mb->nranges = mb->ntouched;
	for (size_t h = 0; h < mb->nhits; h++) {
		struct ts_mrange *r = &mb->ranges[mb->count[mb->hits[h].pat] - 1];
		mb->sorted[r->hi++] = mb->hits[h];
	}
	return 0;
}

/* Whether a gap holds sentence-ending punctuation (at most 40 characters). */
static int stop_between(const uint8_t *cls, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (cls[i] & TS_FC_STOP)
			return 1;
	return 0;
}

/* Gapped and target entries from the pieces found: each occurrence of an
 * entry's first piece is chained to the nearest occurrence of the next
 * piece that starts at most max_gap characters after it, with no sentence
 * end between, and so on (a nearer one that fails makes a farther one fail
 * too). */
static int chain_ranges(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	const struct ts_mhit *hits = mb->sorted;
	const ts_lexentry *entries = m->lx->entries;
	for (size_t r = 0, nranges = mb->nranges; r < nranges; r++) {
		const struct ts_mrange rg = mb->ranges[r];
		for (uint32_t k = m->first_lo[rg.pat], kend = m->first_lo[rg.pat + 1]; k < kend; k++) {
			struct ts_mfirst f = m->first_of[k];
			if (f.language != (uint32_t)language)
				continue;
			/* most first pieces start entries whose next piece the
			 * text does not have: none of their hits can go on */
			if (f.next != NONE && !find_range(m, mb, f.next))
				continue;
			uint32_t e = m->first[k];
			const ts_lexentry *x = &entries[e];
			const uint32_t *pp = m->epieces + m->epieces_lo[e];
			for (uint32_t h = rg.lo; h < rg.hi; h++) {
				uint32_t pos = hits[h].end;
				size_t piece;
				for (piece = 1; piece < x->npieces; piece++) {
					const struct ts_mrange *nr = find_range(m, mb, pp[piece]);
					if (!nr)
						break;
					uint32_t lo = nr->lo, hi = nr->hi;
					while (lo < hi) {
						uint32_t mid = (lo + hi) / 2;
						if (hits[mid].start < pos)
							lo = mid + 1;
						else
							hi = mid;
					}
					if (lo == nr->hi || hits[lo].start - pos > (uint32_t)x->max_gap ||
					    stop_between(mb->cls, pos, hits[lo].start))
						break;
					pos = hits[lo].end;
				}
				if (piece < x->npieces)
					continue;
				uint32_t ts = NONE, te = NONE, end = pos;
				if (x->target) {
					if (!capture(m, mb, pos, language, &ts, &te))
						continue;
					end = te;
				}
				if (add_cand(mb, e, hits[h].start, end, ts, te))
					return TS_ENOMEM;
			}
		}
	}
	return 0;
}

/* The first CLEARED of touched[] are always there (ts_matcher_run), of
 * this text or an earlier one, whose count is 0 already. */
#define CLEARED 8

/* count[] zero again for the next text: the first CLEARED patterns touched
 * cleared whether they were touched by this text or not, with no loop
 * (zh5: 3.1 touched a text with hits; the loop's exit, at a place that
 * varied, missed 24K times of 22K calls in callgrind's branch simulation),
 * the others one by one. */
static void clear_counts(ts_matchbuf *mb)
{
	for (size_t t = 0; t < CLEARED; t++)
		mb->count[mb->touched[t]] = 0;
	for (size_t t = CLEARED; t < mb->ntouched; t++)
		mb->count[mb->touched[t]] = 0;
}

/* Whether an entry of the language may be completed from the hits: one
 * whose first piece has hits and every later piece too (count[], before
 * group_hits), as chain_ranges asks of every entry, one with a target
 * included.  Most texts with hits of a later piece (说, "in") have none of
 * the pieces before it. */
static int may_complete(const ts_matcher *m, const ts_matchbuf *mb, int language)
{
	const ts_lexentry *entries = m->lx->entries;
	for (size_t t = 0; t < mb->ntouched; t++) {
		uint32_t p = mb->touched[t];
		if (!(m->next_bits[p] & mb->later))
			continue;
		for (uint32_t k = m->first_lo[p], kend = m->first_lo[p + 1]; k < kend; k++) {
			struct ts_mfirst f = m->first_of[k];
			if (f.language != (uint32_t)language)
				continue;
			/* a target entry of one piece is complete */
			if (f.next == NONE)
				return 1;
			if (!mb->count[f.next])
				continue;
			uint32_t e = m->first[k];
			const ts_lexentry *x = &entries[e];
			const uint32_t *pp = m->epieces + m->epieces_lo[e];
			size_t piece = 2;
			while (piece < x->npieces && mb->count[pp[piece]])
				piece++;
			if (piece == x->npieces)
				return 1;
		}
	}
	return 0;
}

/* Group the hits and chain them, leaving count[] zero for the next scan
 * whatever happens. */
__attribute__((noinline)) static int chain(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	int rc = 0;
	if (may_complete(m, mb, language) || m->by_fail_links) {
		rc = group_hits(mb);
		if (!rc)
			rc = chain_ranges(m, mb, language);
	}
	clear_counts(mb);
	return rc;
}

/* Longest first, then earliest; on the same span a none entry, then the
 * entry that comes first in the files. */
static int cand_before(const ts_matcher *m, const struct ts_mcand *a, const struct ts_mcand *b)
{
	uint32_t la = a->end - a->start, lb = b->end - b->start;
	if (la != lb)
		return la > lb;
	if (a->start != b->start)
		return a->start < b->start;
	int na = m->lx->entries[a->entry].category == TS_CAT_NONE;
	int nb = m->lx->entries[b->entry].category == TS_CAT_NONE;
	if (na != nb)
		return na;
	if (a->entry != b->entry)
		return a->entry < b->entry;
	/* a total order, so that which candidate is kept depends neither on
	 * the order chain() found them in nor on how qsort_r orders equals */
	if (a->tstart != b->tstart)
		return a->tstart < b->tstart;
	return a->tend < b->tend;
}

static int cmp_cand(const void *x, const void *y, void *m)
{
	const struct ts_mcand *a = x, *b = y;
	return cand_before(m, a, b) ? -1 : cand_before(m, b, a);
}

static int cmp_start(const void *x, const void *y)
{
	const struct ts_mcand *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

/* Longest first, then earliest: a candidate overlapping one kept is
 * dropped.  Which folded characters are taken is marked, so a check costs
 * the candidate's length, however many are kept (a turn may hold
 * thousands); the kept ones are put in text order at the end. */
static int resolve(const ts_matcher *m, ts_matchbuf *mb)
{
	struct ts_mcand *c = mb->cands;
	size_t nc = mb->ncands;
	if (nc <= 16) {
		/* most turns have a handful: no call per comparison */
		for (size_t i = 1; i < nc; i++) {
			struct ts_mcand x = c[i];
			size_t j = i;
			for (; j > 0 && cand_before(m, &x, &c[j - 1]); j--)
				c[j] = c[j - 1];
			c[j] = x;
		}
	} else {
		qsort_r(c, nc, sizeof *c, cmp_cand, (void *)m);
	}
	mb->nkept = 0;
	if (!nc)
		return 0;
	if (TS_GROW(mb->taken, mb->taken_cap, mb->n + 1))
		return TS_ENOMEM;
	memset(mb->taken, 0, mb->n + 1);
	for (size_t i = 0; i < nc; i++) {
		uint32_t a = c[i].start, b = c[i].end < mb->n ? c[i].end : (uint32_t)mb->n;
		uint32_t k = a;
		while (k < b && !mb->taken[k])
			k++;
		if (k < b)
			continue;
		if (TS_GROW(mb->kept, mb->kept_cap, mb->nkept + 1))
			return TS_ENOMEM;
		memset(mb->taken + a, 1, b - a);
		mb->kept[mb->nkept++] = c[i];
	}
	if (mb->nkept > 16) {
		qsort(mb->kept, mb->nkept, sizeof *mb->kept, cmp_start);
	} else {
		/* kept candidates do not overlap: their starts differ, and this
		 * gives qsort's order without a call per comparison */
		struct ts_mcand *k = mb->kept;
		for (size_t i = 1; i < mb->nkept; i++) {
			struct ts_mcand x = k[i];
			size_t j = i;
			for (; j > 0 && k[j - 1].start > x.start; j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
	}
	return 0;
}

/* The pieces that end at node q, the end of folded character i: kept as
 * literal candidates or as hits for chain(). */
static int found(const ts_matcher *m, ts_matchbuf *mb, uint32_t q, size_t i, int language)
{
	const uint8_t *cls = mb->cls;
	size_t n = mb->n;
	for (uint32_t pid = m->first_out[q], nx; pid != NONE; pid = nx) {
		const uint32_t *r = m->rec + (size_t)pid * m->rec_words;
		uint32_t fl = r[REC_FLAGS];
		nx = r[REC_NEXT];
		uint32_t end = (uint32_t)i + 1, start = end - (fl & REC_LEN);
		if (((fl & REC_LEFT) && !left_ok(cls, start)) ||
		    ((fl & REC_RIGHT) && !right_ok(cls, end, n)))
			continue;
		uint32_t lit = r[REC_LIT + language];
		if (lit != NONE && add_cand(mb, lit, start, end, NONE, NONE))
			return TS_ENOMEM;
		if (fl & REC_COMPLEX) {
			if (mb->nhits >= mb->hits_cap && grow_hits(mb))
				return TS_ENOMEM;
			if (!mb->count[pid]++) {
				mb->touched[mb->ntouched++] = pid;
				mb->later |= (uint64_t)(fl >> REC_COMPLETES_SHIFT & 1) << (pid & 63);
				mb->seconds |= m->next_bits[pid];
			}
			mb->hits[mb->nhits++] = (struct ts_mhit){pid, start, end};
		}
	}
	return 0;
}

/* The scan as it was before the table of steps: failure links followed
 * at each character (by_fail_links, for tests). */
static int scan_by_fail_links(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	uint32_t q = 0;
	for (size_t i = 0; i < mb->n; i++) {
		uint32_t s = ts_match_symbol(m, mb->f.cp[i]);
		if (!s) {
			q = 0;
			continue;
		}
		for (;;) {
			if (!q) {
				q = m->root[s];
				break;
			}
			uint32_t nq = ts_match_child(m, q, s);
			if (nq != NONE) {
				q = nq;
				break;
			}
			q = m->nodes[q].fail;
		}
		if (q && m->nodes[q].out && found(m, mb, q, i, language))
			return TS_ENOMEM;
	}
	return 0;
}

/* Steps from character i by the near symbols of code points below
 * m->near_below, in a table whose every node has a row, up to the first
 * other character or the first step to a node with outputs: a look-up a
 * character, in a leaf function whose values all stay in registers (in
 * scan_rows, the code of the failure walk took them, and the loop of
 * English text cost 18 instructions a character, here 12).  Returns where
 * it stopped; *qp is the node reached, with STEP_OUT when the step to it,
 * by the character before, has outputs. */
__attribute__((noinline)) static size_t near_steps(const uint32_t *cp, size_t i, size_t n,
                                                   uint32_t below, const uint16_t *sym,
                                                   const uint32_t *near, uint32_t *qp)
{
	uint32_t q = *qp;
	for (; i < n && cp[i] < below; i++) {
		q = near[(size_t)q * NEAR + sym[cp[i]]];
		if (q & STEP_OUT) {
			i++;
			break;
		}
	}
	*qp = q;
	return i;
}

/* Each folded character's symbol, and a step of the automaton by it: one
 * look-up in the table of steps for the near symbols of English words,
 * and near_steps for their runs when every node has a row. */
static inline __attribute__((always_inline)) int
scan_rows(const ts_matcher *m, ts_matchbuf *mb, int language, int all_rows, const ts_far *far)
{
	const uint32_t *cp = mb->f.cp;
	size_t n = mb->n, walks = 0;
	uint32_t q = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cp[i];
		uint32_t s = c < 0x10000 ? m->sym[c] : ts_match_symbol(m, c);
		uint32_t v;
		/* In the loop with the table of far steps, that of Chinese text,
		 * a character in no piece (a fifth of it) steps by the table too,
		 * to the root (ts_match_far by 0): so one test, which most
		 * characters pass, parts them from the near ones, where a branch
		 * on s == 0 first went either way in no order (English text, of
		 * near symbols, has its own loop) */
		if (far && s - 1 >= NEAR - 1) {
			v = ts_match_far(far, m->root_step, q, s);
		} else {
			/* a run of three or more: in Chinese text a comma or a
			 * number between characters is not worth a call */
			if (all_rows && s < NEAR && c < m->near_below && i + 2 < n &&
			    cp[i + 1] < m->near_below && cp[i + 2] < m->near_below) {
				v = q;
				i = near_steps(cp, i, n, m->near_below, m->sym, m->near_step, &v) - 1;
				q = v & ~STEP_OUT;
				if ((v & STEP_OUT) && found(m, mb, q, i, language))
					return TS_ENOMEM;
				continue;
			}
			walks += s >= NEAR && q;
			v = ts_match_step(m, q, s, all_rows);
		}
		q = v & ~STEP_OUT;
		if ((v & STEP_OUT) && found(m, mb, q, i, language)) {
			mb->far_walks += walks;
			return TS_ENOMEM;
		}
	}
	mb->far_walks += walks;
	return 0;
}

static int scan(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	const ts_far *far = ts_match_far_ready(m);
	int rc;
	/* the loop of the steps by the table, and that of walks, which
	 * counts them */
	if (m->nrows < m->nnodes)
		rc = scan_rows(m, mb, language, 0, far);
	else if (far)
		rc = scan_rows(m, mb, language, 1, far);
	else
		rc = scan_rows(m, mb, language, 1, NULL);
	/* enough Chinese text to pay for the table: made for the texts after
	 * this one */
	if (!far && mb->far_walks >= FAR_AFTER) {
		mb->far_walks = 0;
		ts_match_far_make(m);
	}
	return rc;
}

int ts_matcher_run(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len,
                   int language, const ts_match **matches, size_t *nmatches)
{
	*matches = NULL;
	*nmatches = 0;
	/* the reference of the tests folds and scans every text; most
	 * Chinese turns start with a CJK character, and are not looked at */
	if (!m->by_fail_links && !(len && TS_MATCH_CJK_LEAD((unsigned char)text[0])) &&
	    !ts_matcher_may_match(m, text, len, language))
		return 0;
	int rc = fold_only(m, mb, text, len);
	if (rc)
		return rc;
	if (mb->count_cap < m->npat) {
		/* a pattern is touched once a scan: room for all, so that
		 * found() need not grow touched[] */
		free(mb->count);
		mb->count = calloc(m->npat + 1, sizeof *mb->count);
		if (!mb->count || TS_GROW(mb->touched, mb->touched_cap, m->npat + CLEARED)) {
			mb->count_cap = 0;
			return TS_ENOMEM;
		}
		/* pattern 0 for the CLEARED that clear_counts clears always */
		memset(mb->touched, 0, mb->touched_cap * sizeof *mb->touched);
		mb->count_cap = m->npat;
	}
	mb->nhits = mb->ntouched = mb->ncands = mb->nout = 0;
	mb->later = mb->seconds = 0;
	rc = m->by_fail_links ? scan_by_fail_links(m, mb, language) : scan(m, mb, language);
	if (rc) {
		/* count[] must be zero for the next text with this buffer, as
		 * chain() leaves it: a stale count would index a range that
		 * the next text does not have */
		clear_counts(mb);
		return rc;
	}
	if (mb->nhits) {
		/* most texts have hits of first pieces only, from which no
		 * entry is completed: no call */
		if ((mb->later & mb->seconds) || m->by_fail_links) {
			if ((rc = chain(m, mb, language)))
				return rc;
		} else {
			clear_counts(mb);
		}
	}
	if ((rc = resolve(m, mb)))
		return rc;
	for (size_t i = 0; i < mb->nkept; i++) {
		const struct ts_mcand *c = &mb->kept[i];
		if (m->lx->entries[c->entry].category == TS_CAT_NONE)
			continue;
		if (TS_GROW(mb->out, mb->out_cap, mb->nout + 1))
			return TS_ENOMEM;
		ts_match *o = &mb->out[mb->nout++];
		o->entry = c->entry;
		ts_folded_span(&mb->f, text, c->start, c->end, &o->start, &o->end);
		o->has_target = c->tstart != NONE;
		o->tstart = o->tend = 0;
		if (o->has_target)
			ts_folded_span(&mb->f, text, c->tstart, c->tend, &o->tstart, &o->tend);
	}
	*matches = mb->out;
	*nmatches = mb->nout;
	return 0;
}
