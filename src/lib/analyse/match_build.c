/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Building the matcher: every piece of every lexicon entry folded and put
 * into one Aho-Corasick automaton over code points, once per run. */
#include "config.h"

#include "analyse/match_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"

typedef struct pref {
	uint64_t key;         /* sort_key: most comparisons end here */
	uint32_t cp, len;     /* in the raw pool */
	uint32_t slot;        /* index into epieces */
	uint8_t left, right;
	uint8_t nkey;         /* code points wholly in key */
} pref;

/* The first code points of a piece as bits that order as the code points
 * do, each in a code of its own length that starts with its range: below
 * 0x80 in 8 bits (0 and the 7), the rest of the BMP in 18 (10 and the 16),
 * beyond it in 23 (11 and the 21).  Eight ASCII characters or three Chinese
 * ones fit, where whole code points held two: English pieces share their
 * first words ("I'm not going to").  The zero bits after the last code
 * point sort a prefix first. */
static uint64_t sort_key(const uint32_t *cp, size_t n, uint8_t *nkey)
{
	uint64_t key = 0;
	unsigned used = 0;
	size_t i = 0;
	for (; i < n; i++) {
		uint32_t c = cp[i];
		unsigned bits = c < 0x80 ? 8 : c < 0x10000 ? 18 : 23;
		uint64_t code = c < 0x80 ? c : c < 0x10000 ? (2u << 16 | c) : (3u << 21 | c);
		if (used + bits > 64) {
			key |= code >> (used + bits - 64);  /* the code's first bits */
			break;
		}
		used += bits;
		key |= code << (64 - used);
	}
	*nkey = (uint8_t)i;
	return key;
}

static int cmp_seq(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	uint32_t n = na < nb ? na : nb;
	for (uint32_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

static int cmp_pref(const pref *a, const pref *b, const uint32_t *pool)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	/* the same bits: the same code points as far as either has them whole */
	uint32_t k = a->nkey < b->nkey ? a->nkey : b->nkey;
	return cmp_seq(pool + a->cp + k, a->len - k, pool + b->cp + k, b->len - k);
}

/* Sort pr[0..n) by cmp_pref, stably: short runs by insertion, then merged
 * in pairs back and forth with tmp.  The array that holds the result. */
static pref *merge_prefs(pref *pr, pref *tmp, size_t n, const uint32_t *pool)
{
	enum { RUN = 8 };
	for (size_t lo = 0; lo < n; lo += RUN) {
		size_t hi = lo + RUN < n ? lo + RUN : n;
		for (size_t i = lo + 1; i < hi; i++) {
			pref x = pr[i];
			size_t j = i;
			for (; j > lo && cmp_pref(&x, &pr[j - 1], pool) < 0; j--)
				pr[j] = pr[j - 1];
			pr[j] = x;
		}
	}
	for (size_t w = RUN; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				tmp[o++] = cmp_pref(&pr[j], &pr[i], pool) < 0 ? pr[j++] : pr[i++];
			while (i < mid)
				tmp[o++] = pr[i++];
			while (j < hi)
				tmp[o++] = pr[j++];
		}
		pref *t = pr;
		pr = tmp;
		tmp = t;
	}
	return pr;
}

/* Sort pr[0..n) by cmp_pref, pieces of one text in the order they came (the
 * first gives its pattern the word-boundary flags); the array that holds
 * the result, pr or tmp.  By the keys' bytes, last first, each a stable
 * pass of counts (a byte that all keys share skipped), then the runs of
 * one key (pieces whose first eight ASCII characters or three Chinese ones
 * agree) by merge_prefs.  qsort_r took 8% of a start, and the merges of
 * all, comparing keys in no order a predictor learns, 0.6M instructions
 * (callgrind, a one-call run) and as many mispredicted branches as
 * comparisons. */
static pref *sort_prefs(pref *pr, pref *tmp, size_t n, const uint32_t *pool)
{
	uint32_t count[8][256] = {{0}};  /* 8 KiB */
	if (!n)
		return pr;
	for (size_t i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			count[b][(pr[i].key >> (8 * b)) & 0xFF]++;
	for (unsigned b = 0; b < 8; b++) {
		uint32_t *c = count[b], at = 0;
		if (c[pr[0].key >> (8 * b) & 0xFF] == n)
			continue;
		for (unsigned d = 0; d < 256; d++) {
			uint32_t k = c[d];
			c[d] = at;
			at += k;
		}
		for (size_t i = 0; i < n; i++)
			tmp[c[(pr[i].key >> (8 * b)) & 0xFF]++] = pr[i];
		pref *t = pr;
		pr = tmp;
		tmp = t;
	}
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && pr[hi].key == pr[lo].key; hi++)
			;
		if (hi - lo > 1) {
			const pref *s = merge_prefs(pr + lo, tmp + lo, hi - lo, pool);
			if (s != pr + lo)
				memcpy(pr + lo, s, (hi - lo) * sizeof *pr);
		}
	}
	return pr;
}


static int entry_fail(const ts_lexicon *lx, size_t e, ts_error *err, const char *what)
{
	const ts_lexentry *x = &lx->entries[e];
	return ts_fail(err, TS_EDATA, lx->files[x->file], 0, 0, "entry %zu: %s: '%s'", x->number,
	               what, x->phrase);
}

/* Fold every piece into one pool, sort, and give each distinct text a
 * pattern number. */
static int build_patterns(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	ts_folded t = {0};
	uint32_t *raw = NULL;
	size_t nraw = 0, raw_cap = 0;
	pref *pr = NULL;
	size_t npr = 0;
	int rc = 0;
	size_t total = 0;
	for (size_t e = 0; e < lx->n; e++)
		total += lx->entries[e].npieces;
	if (total >= NONE / 2)
		return ts_fail(err, TS_EDATA, NULL, 0, 0, "too many lexicon entries");
	m->epieces_lo = malloc((lx->n + 1) * sizeof *m->epieces_lo);
	m->epieces = malloc((total ? total : 1) * sizeof *m->epieces);
	pr = malloc((total ? total : 1) * 2 * sizeof *pr);
	if (!m->epieces_lo || !m->epieces || !pr) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t e = 0; e < lx->n; e++) {
		const ts_lexentry *x = &lx->entries[e];
		m->epieces_lo[e] = (uint32_t)npr;
		const char *piece = x->pieces;
		for (size_t k = 0; k < x->npieces; k++, piece += strlen(piece) + 1) {
			if ((rc = ts_fold_phrase(m->fold, piece, strlen(piece), &t))) {
				rc = ts_nomem(err);
				goto done;
			}
			if (!t.n) {
				rc = entry_fail(lx, e, err, "no text after normalisation in phrase");
				goto done;
			}
			if (TS_GROW(raw, raw_cap, nraw + t.n)) {
				rc = ts_nomem(err);
				goto done;
			}
			memcpy(raw + nraw, t.cp, t.n * sizeof *raw);
			pref *pc = &pr[npr];
			*pc = (pref){0, (uint32_t)nraw, (uint32_t)t.n, (uint32_t)npr,
			             (t.cls[0] & TS_FC_WORD) != 0, (t.cls[t.n - 1] & TS_FC_WORD) != 0, 0};
			pc->key = sort_key(t.cp, t.n, &pc->nkey);
			npr++;
			nraw += t.n;
		}
	}
	m->epieces_lo[lx->n] = (uint32_t)npr;
	const pref *sorted = sort_prefs(pr, pr + npr, npr, raw);
	m->pat = malloc((npr ? npr : 1) * sizeof *m->pat);
	m->pcp = malloc((nraw ? nraw : 1) * sizeof *m->pcp);
	if (!m->pat || !m->pcp) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t i = 0; i < npr; i++) {
		const pref *x = &sorted[i];
		if (!i || cmp_pref(x, x - 1, raw)) {
			pattern *p = &m->pat[m->npat++];
			p->cp = (uint32_t)m->npcp;
			p->len = x->len;
			p->left = x->left;
			p->right = x->right;
			p->complex = 0;
			p->completes = 0;
			p->next = NONE;
			memcpy(m->pcp + m->npcp, raw + x->cp, x->len * sizeof *raw);
			m->npcp += x->len;
		}
		m->epieces[x->slot] = (uint32_t)(m->npat - 1);
	}
done:
	ts_folded_free(&t);
	free(raw);
	free(pr);
	return rc;
}

static int same_phrase(const ts_matcher *m, uint32_t a, uint32_t b)
{
	const ts_lexentry *ea = &m->lx->entries[a], *eb = &m->lx->entries[b];
	return ea->language == eb->language && ea->target == eb->target &&
	       !cmp_seq(m->epieces + m->epieces_lo[a], (uint32_t)ea->npieces,
	                m->epieces + m->epieces_lo[b], (uint32_t)eb->npieces);
}

static uint64_t phrase_hash(const ts_matcher *m, uint32_t e)
{
	const ts_lexentry *x = &m->lx->entries[e];
	uint32_t form = (uint32_t)(x->language * 2 + x->target);
	uint64_t h = ts_fnv1a(TS_FNV_INIT, &form, sizeof form);
	return ts_fnv1a(h, m->epieces + m->epieces_lo[e], x->npieces * sizeof *m->epieces);
}

/* The same phrase twice in one file is a mistake; in a later file it
 * replaces the earlier entry.  Entries are hashed by language, target form
 * and pattern numbers, in file order, so the entry kept is the last. */
static uint64_t entry_hash(const void *m, size_t e)
{
	return phrase_hash(m, (uint32_t)e);
}

/* Each entry's hash is kept, and compared before the entries: a probe
 * past another phrase (the index is at most half full) read both entries,
 * out of the first cache (perf: 7% of the matcher's start). */
static int dedup(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	ts_hindex seen = {0};
	uint64_t *hash = malloc((lx->n ? lx->n : 1) * sizeof *hash);
	if (!hash || ts_hindex_reserve(&seen, lx->n, entry_hash, m)) {
		free(hash);
		return ts_nomem(err);
	}
	int rc = 0;
	for (uint32_t e = 0; e < lx->n && !rc; e++) {
		m->active[e] = 1;
		uint64_t h = hash[e] = phrase_hash(m, e);
		size_t at = ts_hindex_start(&seen, h), was;
		while (ts_hindex_taken(&seen, at, &was) &&
		       (hash[was] != h || !same_phrase(m, (uint32_t)was, e)))
			at = ts_hindex_next(&seen, at);
		if (!ts_hindex_taken(&seen, at, &was)) {
			ts_hindex_put(&seen, h, e);
			continue;
		}
		const ts_lexentry *ea = &lx->entries[was], *eb = &lx->entries[e];
		if (ea->file == eb->file)
			rc = ts_fail(err, TS_EDATA, lx->files[eb->file], 0, 0,
			             "entry %zu: same phrase as entry %zu: '%s'", eb->number, ea->number,
			             eb->phrase);
		m->active[was] = 0;
		ts_hindex_set(&seen, at, e);  /* the later entry stands for the phrase now */
	}
	ts_hindex_free(&seen);
	free(hash);
	return rc;
}

/* Which patterns report what: a plain literal entry per language, and the
 * entries each pattern starts. */
static int link_entries(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	m->nlang = lx->langs->n ? lx->langs->n : 1;
	m->rec_words = REC_LIT + m->nlang;
	m->first_lo = calloc(m->npat + 1, sizeof *m->first_lo);
	m->rec = malloc((m->npat ? m->npat : 1) * m->rec_words * sizeof *m->rec);
	if (!m->first_lo || !m->rec)
		return ts_nomem(err);
	for (size_t i = 0; i < m->npat * m->rec_words; i++)
		m->rec[i] = NONE;
	size_t nfirst = 0;
	for (size_t e = 0; e < lx->n; e++) {
		const ts_lexentry *x = &lx->entries[e];
		if (!m->active[e])
			continue;
		const uint32_t *pp = m->epieces + m->epieces_lo[e];
		if (x->npieces == 1 && !x->target) {
			m->rec[pp[0] * m->rec_words + REC_LIT + (size_t)x->language] = (uint32_t)e;
			continue;
		}
		for (size_t k = 0; k < x->npieces; k++) {
			m->pat[pp[k]].complex = 1;
			m->pat[pp[k]].completes |= k > 0 || x->npieces == 1;
		}
		m->first_lo[pp[0] + 1]++;
		nfirst++;
	}
	for (size_t p = 0; p < m->npat; p++)
		m->first_lo[p + 1] += m->first_lo[p];
	m->first = malloc((nfirst ? nfirst : 1) * sizeof *m->first);
	m->first_of = malloc((nfirst ? nfirst : 1) * sizeof *m->first_of);
	m->next_bits = calloc(m->npat + 1, sizeof *m->next_bits);
	uint32_t *fill = calloc(m->npat + 1, sizeof *fill);
	if (!m->first || !m->first_of || !m->next_bits || !fill) {
		free(fill);
		return ts_nomem(err);
	}
	for (size_t e = 0; e < lx->n; e++) {
		const ts_lexentry *x = &lx->entries[e];
		if (!m->active[e] || (x->npieces == 1 && !x->target))
			continue;
		const uint32_t *pp = m->epieces + m->epieces_lo[e];
		uint32_t k = m->first_lo[pp[0]] + fill[pp[0]]++;
		m->first[k] = (uint32_t)e;
		m->first_of[k] = (struct ts_mfirst){x->npieces > 1 ? pp[1] : NONE, (uint32_t)x->language};
		m->next_bits[pp[0]] |= x->npieces > 1 ? (uint64_t)1 << (pp[1] & 63) : UINT64_MAX;
	}
	free(fill);
	return 0;
}

/* Mark the code points of cp[0..n) below 0x10000 in bmp; the number of
 * the others. */
static size_t mark_bmp(uint64_t *bmp, const uint32_t *cp, size_t n)
{
	size_t astral = 0;
	for (size_t i = 0; i < n; i++) {
		if (cp[i] < 0x10000)
			bmp[cp[i] >> 6] |= (uint64_t)1 << (cp[i] & 63);
		else
			astral++;
	}
	return astral;
}

/* Symbols ascend with code points, so patterns sorted by code points are
 * sorted by symbols too.  The BMP is marked in a bitmap and numbered in one
 * sweep of it (sorting every code point of 10,000 entries took half the
 * build; sweeping the symbol table, 65,536 entries for a thousand code
 * points, a tenth); the few code points beyond it are sorted. */
static int build_alphabet(ts_matcher *m, const ts_lexicon *lx, ts_error *err)
{
	/* a target capture looks organisation words up by their first
	 * symbol */
	uint64_t bmp[0x10000 / 64] = {0};
	size_t nastral = mark_bmp(bmp, m->pcp, m->npcp) + mark_bmp(bmp, m->ocp, m->nocp);
	m->astral_cp = malloc((nastral ? nastral : 1) * sizeof *m->astral_cp);
	m->astral_sym = malloc((nastral ? nastral : 1) * sizeof *m->astral_sym);
	if (!m->astral_cp || !m->astral_sym)
		return ts_nomem(err);
	for (size_t i = 0; i < m->npcp && m->nastral < nastral; i++)
		if (m->pcp[i] >= 0x10000)
			m->astral_cp[m->nastral++] = m->pcp[i];
	for (size_t i = 0; i < m->nocp && m->nastral < nastral; i++)
		if (m->ocp[i] >= 0x10000)
			m->astral_cp[m->nastral++] = m->ocp[i];
	qsort(m->astral_cp, m->nastral, sizeof *m->astral_cp, ts_match_cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < m->nastral; i++)
		if (!n || m->astral_cp[i] != m->astral_cp[n - 1])
			m->astral_cp[n++] = m->astral_cp[i];
	m->nastral = n;
	size_t id = 0;
	m->near_below = 0x10000;
	for (size_t k = 0; k < sizeof bmp / sizeof *bmp; k++)
		for (uint64_t bits = bmp[k]; bits && id < UINT16_MAX; bits &= bits - 1) {
			size_t c = k * 64 + (size_t)__builtin_ctzll(bits);
			m->sym[c] = (uint16_t)++id;
			if (id == NEAR)
				m->near_below = (uint32_t)c;
		}
	if (id + m->nastral > UINT16_MAX) {
		/* the sum of every file's characters: name them all */
		char names[256] = "";
		for (size_t f = 0, o = 0; f < lx->nfiles && o < sizeof names - 1; f++) {
			int k = snprintf(names + o, sizeof names - o, "%s%s", f ? ", " : "", lx->files[f]);
			o = k < 0 ? sizeof names : o + (size_t)k;
		}
		return ts_fail(err, TS_EDATA, NULL, 0, 0,
		               "the lexicons (%s) use more than %d distinct characters", names,
		               UINT16_MAX - 1);
	}
	for (size_t i = 0; i < m->nastral; i++)
		m->astral_sym[i] = (uint16_t)(++id);
	m->nsym = id;
	return 0;
}

/* Code points pattern p shares with the one before it (sorted order). */
static uint32_t shared_prefix(const ts_matcher *m, size_t p)
{
	if (!p)
		return 0;
	const pattern *pt = &m->pat[p], *prev = &m->pat[p - 1];
	const uint32_t *a = m->pcp + prev->cp, *b = m->pcp + pt->cp;
	uint32_t n = prev->len < pt->len ? prev->len : pt->len, lcp = 0;
	while (lcp < n && a[lcp] == b[lcp])
		lcp++;
	return lcp;
}

/* Breadth-first numbers: the nodes of each depth after those of the one
 * above, each depth's in the order of their texts.  Inserted in pattern
 * order, the trie's nodes are made in that order within a depth (the
 * patterns are sorted), so a node's number is the next one of its depth;
 * next[d] is set to the first of depth d.  The number of nodes in all. */
static size_t depth_starts(const ts_matcher *m, const uint32_t *lcp, uint32_t *next,
                           size_t maxlen)
{
	/* pattern p makes the nodes of depths lcp[p] + 1 .. len: counted as a
	 * difference at both ends */
	memset(next, 0, (maxlen + 2) * sizeof *next);
	for (size_t p = 0; p < m->npat; p++) {
		next[lcp[p] + 1]++;
		next[m->pat[p].len + 1]--;
	}
	size_t first = 1;
	uint32_t depth = 0;  /* the differences wrap round */
	for (size_t d = 1; d <= maxlen; d++) {
		depth += next[d];  /* nodes of depth d */
		next[d] = (uint32_t)first;
		first += depth;
	}
	return first;
}

/* The nodes of the trie of the sorted patterns, numbered breadth first:
 * shallow nodes, where a scan spends most of its steps, lie side by side
 * in memory, and each node's children have consecutive numbers, so a
 * child is found from its symbol alone. */
static int build_trie(ts_matcher *m, ts_error *err)
{
	size_t maxlen = 0;
	for (size_t p = 0; p < m->npat; p++)
		if (m->pat[p].len > maxlen)
			maxlen = m->pat[p].len;
	uint32_t *lcp = malloc((m->npat ? m->npat : 1) * sizeof *lcp);
	uint32_t *next = malloc((maxlen + 2) * sizeof *next);
	uint32_t *path = malloc((maxlen + 1) * sizeof *path);
	int rc = 0;
	if (!lcp || !next || !path) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t p = 0; p < m->npat; p++)
		lcp[p] = shared_prefix(m, p);
	size_t nn = depth_starts(m, lcp, next, maxlen);
	m->nodes = calloc(nn, sizeof *m->nodes);
	m->first_out = malloc(nn * sizeof *m->first_out);
	m->csym = malloc(nn * sizeof *m->csym);
	if (!m->nodes || !m->first_out || !m->csym) {
		rc = ts_nomem(err);
		goto done;
	}
	m->nnodes = nn;
	m->first_out[0] = NONE;
	path[0] = 0;
	for (size_t p = 0; p < m->npat; p++) {
		const pattern *pt = &m->pat[p];
		uint32_t cur = path[lcp[p]];
		for (uint32_t d = lcp[p]; d < pt->len; d++) {
			uint32_t v = next[d + 1]++, s = ts_match_symbol(m, m->pcp[pt->cp + d]);
			node *up = &m->nodes[cur];
			if (!up->nchild++)
				up->child = v - 1;
			/* bit s % 32 of each child's symbol s (node.mask) */
			up->mask |= 1u << (s & 31);
			m->csym[v - 1] = (uint16_t)s;
			m->first_out[v] = NONE;
			path[d + 1] = v;
			cur = v;
		}
		m->first_out[cur] = (uint32_t)p;
	}
done:
	free(lcp);
	free(next);
	free(path);
	return rc;
}

/* The failure links and outputs of node u's children: the failure target
 * of u's child by s is the step by s from u's failure target, whose row
 * (or walk) is done, being shallower.  Inline in build_automaton's loop
 * over the nodes: a call each, it kept m's arrays from staying in
 * registers (0.25M of a one-call run's 13.6M instructions).
 *
 * With row, node u's row of the table of steps too: its failure target's
 * (copied there by the caller), where its children by near symbols step
 * to them instead.  A child's failure target by a near symbol is then
 * read from the copy, in the first cache, not from the failure target's
 * row (the table is 1.9 MB: perf put a fifth of the matcher's start on
 * that load and the one of far_kids' below).  A step by a space from a
 * node entered by one stays there, so that the prefilter (match_pre.c)
 * steps by each blank of a run as by the one space it folds to.  Folded
 * text has no two spaces in a row (ts_fold_text, nor after
 * ts_match_drop_repairs, which resumes at a word), and no pattern either:
 * no scan or failure link takes the step, which by failure links went to
 * the root.  (A node whose failure target is entered by a space is so
 * too, and sets the step of the row it copies.)  far_kids[w]: whether
 * node w has a child by a far symbol (ts_match_far_children). */
static inline void child_links(ts_matcher *m, uint32_t u, uint32_t *row, uint32_t sp,
                               const uint8_t *far_kids)
{
	const node *un = &m->nodes[u];
	for (uint32_t k = 0; k < un->nchild; k++) {
		uint32_t v = un->child + k + 1, s = m->csym[un->child + k];
		uint32_t w = !u                 ? 0
		             : row && s < NEAR ? row[s] & ~STEP_OUT
		                               : ts_match_step(m, un->fail, s, 0) & ~STEP_OUT;
		node *vn = &m->nodes[v];
		vn->fail = w;
		/* the pattern ending at v, if any, which is its first output;
		 * w, shallower, has its first output already (the root none) */
		uint32_t own = m->first_out[v];
		vn->out = own != NONE ? v : m->nodes[w].out;
		if (own != NONE)
			m->pat[own].next = m->first_out[w];
		else
			m->first_out[v] = m->first_out[w];
		m->far_fail[v] = far_kids[w] ? w : m->far_fail[w];
		if (row && s < NEAR)
			row[s] = ts_match_step_to(m, v);
	}
	if (row && u && m->csym[u - 1] == sp)
		row[sp] = u;
}

/* Room for the table of steps.  Filled whole at start, 1.9 MB of small
 * pages were 475 page faults, a third of a one-call run's (each a
 * microsecond or more); in a huge page, where the system gives them on
 * request (transparent_hugepage = madvise), it is one.  So the table is
 * mapped alone, on a boundary of 2 MiB and in a whole number of them,
 * and *mapped says how much to unmap (0: it came from malloc, where
 * mapping failed).  Its bytes are zero either way. */
#define HUGE_PAGE ((size_t)2 << 20)

static void *steps_alloc(size_t bytes, size_t *mapped)
{
	*mapped = 0;
#ifdef MADV_HUGEPAGE
	size_t len = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	if (bytes >= HUGE_PAGE / 2 && len >= bytes) {
		uint8_t *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			size_t head = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
			if (head)
				munmap(p, head);
			munmap(p + head + len, HUGE_PAGE - head);
			(void)madvise(p + head, len, MADV_HUGEPAGE);
			*mapped = len;
			return p + head;
		}
	}
#endif
	return calloc(bytes ? bytes : 1, 1);
}

static void steps_free(void *p, size_t mapped)
{
	if (mapped)
		munmap(p, mapped);
	else
		free(p);
}

/* The trie, then failure links, outputs and the table of steps
 * (match_int.h) in one pass in breadth-first order: a node's failure
 * target is shallower, so it is done before, and a failure link is one
 * step of the table, not a walk.  For the built-in lexicons: 15,175 rows
 * of 32 steps, 1.9 MB shared by every thread, in 1.9M instructions. */
static int build_automaton(ts_matcher *m, ts_error *err)
{
	m->space_sym = ts_match_symbol(m, ' ');
	m->root = calloc(m->nsym + 1, sizeof *m->root);
	m->root_step = calloc(m->nsym + 1 > NEAR ? m->nsym + 1 : NEAR, sizeof *m->root_step);
	if (!m->root || !m->root_step)
		return ts_nomem(err);
	int rc = build_trie(m, err);
	if (rc)
		return rc;
	if (m->nnodes >= STEP_OUT)
		return ts_fail(err, TS_EDATA, NULL, 0, 0, "too many lexicon entries");
	m->nrows = m->nnodes < NEAR_ROWS ? m->nnodes : NEAR_ROWS;
	m->near_step = steps_alloc(m->nrows * NEAR * sizeof *m->near_step, &m->near_mapped);
	m->far_fail = calloc(m->nnodes, sizeof *m->far_fail);
	uint8_t *far_kids = malloc(m->nnodes);
	if (!m->near_step || !m->far_fail || !far_kids) {
		free(far_kids);
		return ts_nomem(err);
	}
	/* in node order, where child_links asks in that of failure targets */
	for (uint32_t q = 0; q < m->nnodes; q++)
		far_kids[q] = (uint8_t)ts_match_far_children(m, q);
	for (uint32_t k = 0; k < m->nodes[0].nchild; k++)
		m->root[m->csym[k]] = k + 1;
	/* the space's symbol when near (no node is entered by symbol 0) */
	uint32_t sp = m->space_sym < NEAR ? m->space_sym : 0;
	child_links(m, 0, m->near_step, sp, far_kids);
	for (size_t s = 1; s <= m->nsym; s++)
		m->root_step[s] = ts_match_step_to(m, m->root[s]);
	for (uint32_t u = 1; u < m->nnodes; u++) {
		if (u < m->nrows) {
			uint32_t *row = m->near_step + (size_t)u * NEAR;
			memcpy(row, m->near_step + (size_t)m->nodes[u].fail * NEAR, NEAR * sizeof *row);
			child_links(m, u, row, sp, far_kids);
		} else {
			child_links(m, u, NULL, sp, far_kids);
		}
	}
	free(far_kids);
	/* the records' words that pattern.next, known now, and the flags give */
	for (size_t p = 0; p < m->npat; p++) {
		const pattern *pt = &m->pat[p];
		uint32_t *r = m->rec + p * m->rec_words;
		r[REC_NEXT] = pt->next;
		r[REC_FLAGS] = pt->len | (pt->left ? REC_LEFT : 0) | (pt->right ? REC_RIGHT : 0) |
		               (pt->complex ? REC_COMPLEX : 0) |
		               (uint32_t)pt->completes << REC_COMPLETES_SHIFT;
	}
	return 0;
}

static int cmp_org(const void *x, const void *y)
{
	const orgword *a = x, *b = y;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->cp < b->cp ? -1 : a->cp > b->cp;
}

static int build_org_words(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	ts_folded t = {0};
	size_t ocp_cap = 0;
	int rc = 0;
	for (int l = 0; l < TS_LANG_MAX && !rc; l++) {
		m->target_window[l] = (size_t)l < lx->langs->n ? (size_t)lx->langs->lang[l]->target_window : 0;
		m->org[l] = malloc((lx->norg[l] ? lx->norg[l] : 1) * sizeof *m->org[l]);
		if (!m->org[l]) {
			rc = ts_nomem(err);
			break;
		}
		for (size_t i = 0; i < lx->norg[l]; i++) {
			const char *w = lx->org[l][i];
			if (ts_fold_phrase(m->fold, w, strlen(w), &t) ||
			    TS_GROW(m->ocp, ocp_cap, m->nocp + t.n + 1)) {
				rc = ts_nomem(err);
				break;
			}
			if (!t.n)
				continue;
			memcpy(m->ocp + m->nocp, t.cp, t.n * sizeof *t.cp);
			m->org[l][m->norg[l]++] = (orgword){0, (uint32_t)m->nocp, (uint32_t)t.n,
			                                    (t.cls[0] & TS_FC_WORD) != 0,
			                                    (t.cls[t.n - 1] & TS_FC_WORD) != 0};
			m->nocp += t.n;
			if (t.n > m->org_longest[l])
				m->org_longest[l] = t.n;
		}
	}
	ts_folded_free(&t);
	return rc;
}

/* Organisation words sorted by their first symbol, and where the words
 * of each first symbol begin. */
static int sort_org_words(ts_matcher *m, ts_error *err)
{
	for (int l = 0; l < TS_LANG_MAX; l++) {
		const orgword *ow = m->org[l];
		if (!m->norg[l])
			continue;
		for (size_t i = 0; i < m->norg[l]; i++)
			m->org[l][i].first = ts_match_symbol(m, m->ocp[m->org[l][i].cp]);
		qsort(m->org[l], m->norg[l], sizeof *m->org[l], cmp_org);
		uint32_t *at = malloc((m->nsym + 2) * sizeof *at);
		uint8_t *left = malloc(m->nsym + 2);
		m->org_at[l] = at;
		m->org_left[l] = left;
		if (!at || !left)
			return ts_nomem(err);
		memset(left, 1, m->nsym + 2);
		size_t i = 0;
		for (size_t s = 0; s <= m->nsym + 1; s++) {
			while (i < m->norg[l] && ow[i].first < s)
				i++;
			at[s] = (uint32_t)i;
		}
		for (i = 0; i < m->norg[l]; i++)
			left[ow[i].first] &= ow[i].left;
	}
	return 0;
}

int ts_matcher_new(ts_matcher **out, const ts_lexicon *lx, const ts_fold *fold, ts_error *err)
{
	*out = NULL;
	ts_matcher *m = calloc(1, sizeof *m);
	if (!m)
		return ts_nomem(err);
	m->lx = lx;
	m->fold = fold;
	m->active = calloc(lx->n ? lx->n : 1, 1);
	m->far = calloc(1, sizeof *m->far);
	if (m->far && pthread_mutex_init(&m->far->lock, NULL)) {
		free(m->far);
		m->far = NULL;
	}
	int rc = m->active && m->far ? 0 : ts_nomem(err);
	if (m->far)
		atomic_init(&m->far->far, NULL);
	if (!rc)
		rc = build_patterns(m, err);
	if (!rc)
		rc = dedup(m, err);
	if (!rc)
		rc = link_entries(m, err);
	if (!rc)
		rc = build_org_words(m, err);
	if (!rc)
		rc = build_alphabet(m, lx, err);
	if (!rc)
		rc = sort_org_words(m, err);
	if (!rc)
		rc = build_automaton(m, err);
	if (!rc)
		ts_match_build_raw(m);
	if (rc) {
		ts_matcher_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void ts_matcher_free(ts_matcher *m)
{
	if (!m)
		return;
	free(m->active);
	free(m->epieces);
	free(m->epieces_lo);
	free(m->pat);
	free(m->rec);
	free(m->pcp);
	free(m->first_lo);
	free(m->first);
	free(m->first_of);
	free(m->next_bits);
	free(m->astral_cp);
	free(m->astral_sym);
	free(m->root);
	free(m->nodes);
	free(m->first_out);
	free(m->csym);
	free(m->root_step);
	steps_free(m->near_step, m->near_mapped);
	free(m->far_fail);
	if (m->far) {
		pthread_mutex_destroy(&m->far->lock);
		free(m->far->made.base);
		free(m->far->made.tab);
		free(m->far);
	}
	for (int l = 0; l < TS_LANG_MAX; l++) {
		free(m->org[l]);
		free(m->org_at[l]);
		free(m->org_left[l]);
	}
	free(m->ocp);
	free(m);
}

size_t ts_matcher_states(const ts_matcher *m)
{
	return m->nnodes;
}

uint32_t ts_matcher_symbol(const ts_matcher *m, uint32_t c)
{
	return ts_match_symbol(m, c);
}
