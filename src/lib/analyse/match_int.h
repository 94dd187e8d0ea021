/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The inside of the matcher, shared by building it (match_build.c) and
 * scanning with it (match_scan.c). */
#ifndef TS_MATCH_INT_H
#define TS_MATCH_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "analyse/match.h"

#define NONE UINT32_MAX
/* A distinct folded piece text.  Pieces of several entries can share one
 * (研究 in 得…研究 and 要…研究), so hits are recorded per pattern.  The
 * scan reads left, right, complex, completes, len and next from the
 * pattern's record (ts_matcher.rec, made from these when the matcher is
 * built), not from here. */
typedef struct pattern {
	uint32_t cp, len;               /* code points in pcp[] */
	uint8_t left, right;            /* needs a word boundary before / after */
	uint8_t complex;                /* a piece of a gapped or target entry */
	uint8_t completes;              /* a later piece of one, or the first of
	                                 * a target entry: without a hit of such
	                                 * a pattern chain() finds nothing */
	/* the pattern of the next output on the failure chain of the node
	 * where this one ends, NONE for none: found() goes from record to
	 * record (REC_NEXT), one look-up an output, where the node, its
	 * failure target and the pattern's number were three */
	uint32_t next;
} pattern;

/* The words of a pattern's record (ts_matcher.rec), the literals' last */
enum { REC_NEXT, REC_FLAGS, REC_LIT };
/* and the bits of its REC_FLAGS: the pattern's len, left, right, complex
 * and completes */
#define REC_LEN 0x00FFFFFFu      /* pattern.len */
#define REC_LEFT (1u << 24)
#define REC_RIGHT (1u << 25)
#define REC_COMPLEX (1u << 26)
#define REC_COMPLETES_SHIFT 27

/* The steps by far symbols as a table (match_far.c): of the built-in
 * lexicons' 15,175 nodes x 425 far symbols only 5,627 steps are not the
 * root's (root_step[s]), and a node without children by far symbols has
 * the steps of its far_fail.  The rows of the 1,229 others are laid over
 * each other where they leave room (6,566 slots), the steps of node q's
 * row at base[q] + s, each slot naming the row it holds a step of by its
 * base, which no other row has (0: none).  A step by a character of
 * Chinese text is then two look-ups and a test, where the failure walk
 * branched on q being the root, on a child's bit and on far_fail, in no
 * pattern a predictor learns. */
typedef struct ts_far_slot {
	uint32_t row;    /* the base of the row whose step this is; NONE */
	uint32_t step;   /* as ts_match_step gives it */
} ts_far_slot;

typedef struct ts_far {
	uint32_t *base;  /* per node */
	ts_far_slot *tab;
	size_t n;        /* slots that a step may read */
} ts_far;

/* The table of far steps is made by the first scan that has walked
 * FAR_AFTER far steps from nodes other than the root (its thread's count,
 * ts_matchbuf.far_walks), not at start: some 1M instructions and 50 page
 * faults (0.16 ms), which a run of one short call (or of English text,
 * which takes none) would not win back; each step by the table spares
 * some 4 ns of a walk (zh20: 1.06M such steps, 3.9 ms), so a run of
 * Chinese text has paid for it after some 40,000. */
#define FAR_AFTER 16384

typedef struct far_lazy {
	pthread_mutex_t lock;        /* held while the table is made */
	_Atomic(const ts_far *) far; /* NULL until made */
	int failed;                  /* out of memory: walks for good */
	ts_far made;
} far_lazy;

typedef struct node {
	uint32_t fail;     /* longest proper suffix that is a trie node */
	uint32_t out;      /* this node or the nearest on its failure chain that
	                    * ends a pattern; 0 none */
	uint32_t child;    /* children are nodes child + 1 ... child + nchild, entered
	                    * by symbols csym[child ...] (ascending) */
	uint32_t nchild;
	uint32_t mask;     /* bit s % 32 for each child's symbol s: most lookups
	                    * that find no child end here */
} node;

/* Organisation words of a language, sorted by first code point so that a
 * target capture looks only at the words that can start at a position. */
typedef struct orgword {
	uint32_t first;    /* symbol */
	uint32_t cp, len;  /* code points in ocp[] */
	uint8_t left, right;
} orgword;

struct ts_matcher {
	const ts_lexicon *lx;
	const ts_fold *fold;
	uint8_t *active;             /* per entry: 0 when replaced by a later file */
	uint32_t *epieces;           /* pattern of each piece, entry e's from epieces_lo[e] */
	uint32_t *epieces_lo;
	pattern *pat;
	size_t npat;
	/* What found() reads of pattern p, in one record of REC_LIT + nlang
	 * words at rec + p * rec_words (16 bytes, one cache line, for two
	 * languages): pattern.next, its length and flags (REC_*), and the
	 * plain literal entry with its text in each language (or NONE), as
	 * many languages as are loaded, not room for the most there may be.
	 * From the node's first output to the record, two look-ups, where the
	 * pattern and then an array of the literals were three, each mostly
	 * out of the first cache in Chinese text: found() (zh20: some 280K
	 * calls) waited on them half its time (perf). */
	uint32_t *rec;
	size_t rec_words;
	size_t nlang;
	uint32_t *pcp;               /* folded code points of the patterns */
	size_t npcp;
	uint32_t *first_lo;          /* pattern p starts the complex entries */
	uint32_t *first;             /* first[first_lo[p] .. first_lo[p + 1]) */
	/* beside first[k], what chain() asks of that entry first, without
	 * reading the entry (64 bytes, apart: zh20 has 99,000 turns with hits,
	 * and a pattern such as 我们 starts dozens of entries) */
	struct ts_mfirst {
		uint32_t next;      /* the pattern of its second piece, NONE for none */
		uint32_t language;
	} *first_of;
	/* per pattern, bit q % 64 of the second piece q of each entry it
	 * starts, all bits for a target entry of one piece: an entry it
	 * starts may be complete only where these meet the bits of the later
	 * pieces a text has (ts_matchbuf.later), which most texts with hits
	 * (zh5: 20,000 of 22,076) show without a look at an entry */
	uint64_t *next_bits;
	/* Code points to symbols 1..nsym; 0 for a code point in no pattern,
	 * which sends the automaton back to the root. */
	uint16_t sym[0x10000];
	/* The code points below this have near symbols or none (0x10000
	 * when no BMP code point has a far one): symbols ascend with code
	 * points, so one test tells a near step, not two. */
	uint32_t near_below;
	uint32_t *astral_cp;         /* sorted; symbol in astral_sym */
	uint16_t *astral_sym;
	size_t nastral, nsym;
	uint32_t *root;              /* symbol -> child of the root, 0 none */
	node *nodes;
	size_t nnodes;
	/* The pattern of nodes[q].out, or NONE: where found() begins, one
	 * look-up in 4 bytes a node, not two in the node's 20 and then the
	 * pattern's number.  While the trie is built, the pattern ending at
	 * q, or NONE (child_links turns one into the other, node by node):
	 * a node ends a pattern when nodes[q].out == q. */
	uint32_t *first_out;
	uint16_t *csym;              /* csym[v - 1]: the symbol into node v */
	/* The automaton as a table of steps, each the node stepped to, with
	 * STEP_OUT when it has an output: by a near symbol s (below NEAR:
	 * symbols ascend with code points, so the letters and marks of
	 * English have these) from node q below nrows, near_step[q * NEAR +
	 * s], one look-up with no failure links to follow; root_step[s] from
	 * the root.  The
	 * steps by the far symbols of Chinese characters leave the root
	 * rarely, and follow failure links, but only to the nodes with far
	 * children (far_fail).  Rows are given to the first NEAR_ROWS nodes,
	 * the shallowest (numbered breadth first), so that the table stays
	 * small for a large lexicon: a deeper node follows failure links to
	 * one with a row.  A step by a space from a node entered by one stays
	 * there (the prefilter's, match_pre.c; a scan takes none). */
	uint32_t *near_step;
	size_t near_mapped;  /* bytes mapped for it, 0 when malloc's */
	size_t nrows;
	uint32_t *root_step;
	uint32_t *far_fail;  /* the nearest node on the failure chain with a
	                      * child by a far symbol, or 0 */
	far_lazy *far;       /* the table of far steps, once made */
	/* For tests: scan by failure links, as the table is built, instead of
	 * the table, capture targets trying every organisation word at every
	 * place, and look for the hits of a pattern among all (the reference
	 * they are checked against). */
	int by_fail_links;
	orgword *org[TS_LANG_MAX];
	size_t norg[TS_LANG_MAX];
	/* the words of org[l] with first symbol s: org_at[l][s] ..
	 * org_at[l][s + 1] (NULL for a language without words) */
	uint32_t *org_at[TS_LANG_MAX];
	/* org_left[l][s]: every word of org[l] with first symbol s needs a
	 * word boundary before it, so a capture looks at none of them inside
	 * a word (most characters of an English window) */
	uint8_t *org_left[TS_LANG_MAX];
	/* A target window is at most this many characters (the language's
	 * target_window, docs/languages.md): enough for 河南省安阳市总工会组织部
	 * or "the Department of Homeland Security's Office of Inspector
	 * General", short enough not to run into the next clause of a sentence
	 * without punctuation. */
	size_t target_window[TS_LANG_MAX];
	/* the most characters a word of org[l] has */
	size_t org_longest[TS_LANG_MAX];
	uint32_t *ocp;
	size_t nocp;
	/* The prefilter (match_pre.c), when every node has a row and a space
	 * a near symbol: for each byte, the near symbol of the ASCII character
	 * it folds to when a step by it is all it needs (not a dash or a full
	 * stop; a blank steps by the space's, from a node entered by a space
	 * to itself), else a mark; what an ASCII byte folds to and its class
	 * (0: to none or several characters, or beyond ASCII). */
	int prefilter;
	uint32_t space_sym;
	uint8_t raw_sym[256];
	uint8_t raw_cp[128];
	uint8_t raw_cls[128];
};

/* The first byte of a character of U+3000..U+9FFF: CJK symbols, kana,
 * ideographs, which fold as only the scan's arrays tell (a blank between
 * two of them folds to nothing), and have pieces every few characters
 * (zh5: one every eight), which the prefilter leaves to the scan. */
#define TS_MATCH_CJK_LEAD(b) ((b) >= 0xE3 && (b) <= 0xE9)

/* Set up the prefilter's tables, once the automaton is built. */
void ts_match_build_raw(ts_matcher *m);

struct ts_mhit {
	uint32_t pat, start, end;
};

struct ts_mrange {
	uint32_t pat, lo, hi;  /* hits[lo, hi) */
};

struct ts_mcand {
	uint32_t entry, start, end, tstart, tend;  /* tstart NONE: no target */
};

/* ---- breaks in spoken English (match_scan.c's disfluency) ---- */

static inline int ts_match_is_dash(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015);
}

/* A dash or a full stop: every repair disfluency() finds has one right
 * after its first word or after the blanks that follow it (and so the
 * prefilter, match_pre.c, looks for one). */
static inline int ts_match_is_break(uint32_t c)
{
	return ts_match_is_dash(c) || c == '.';
}

/* ---- word boundaries ---- */

/* No word character before i: "no comment" is not in "uno comment".  A
 * joiner between two word characters is inside a word ("don't"). */
static inline int left_ok(const uint8_t *cls, size_t i)
{
	if (i == 0)
		return 1;
	if (cls[i - 1] & TS_FC_WORD)
		return 0;
	return !((cls[i - 1] & TS_FC_JOIN) && i >= 2 && (cls[i - 2] & TS_FC_WORD));
}

static inline int right_ok(const uint8_t *cls, size_t j, size_t n)
{
	if (j >= n)
		return 1;
	if (cls[j] & TS_FC_WORD)
		return 0;
	return !((cls[j] & TS_FC_JOIN) && j + 1 < n && (cls[j + 1] & TS_FC_WORD));
}

/* The symbol of a folded code point: 1..nsym, 0 for one in no pattern. */
static inline uint32_t ts_match_symbol(const ts_matcher *m, uint32_t c)
{
	if (c < 0x10000)
		return m->sym[c];
	size_t lo = 0, hi = m->nastral;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m->astral_cp[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nastral && m->astral_cp[lo] == c ? m->astral_sym[lo] : 0;
}

/* The child of node q by symbol s, or NONE. */
static inline uint32_t ts_match_child(const ts_matcher *m, uint32_t q, uint32_t s)
{
	const node *nd = &m->nodes[q];
	if (!((nd->mask >> (s & 31)) & 1))
		return NONE;
	const uint16_t *cs = m->csym + nd->child;
	uint32_t lo = 0, hi = nd->nchild;
	if (hi <= 8) {
		for (; lo < hi; lo++)
			if (cs[lo] >= s)
				return cs[lo] == s ? nd->child + lo + 1 : NONE;
		return NONE;
	}
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (cs[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nd->nchild && cs[lo] == s ? nd->child + lo + 1 : NONE;
}

#define STEP_OUT 0x80000000u
/* Near symbols: 26 letters, digits, blank, apostrophe, dashes fill most
 * of a row of 32 (128 bytes, two cache lines).  Rows for at most 32,768
 * nodes: 4 MB (the built-in lexicons have 15,175 nodes). */
#define NEAR 32
#define NEAR_ROWS 32768

/* The step to node v, with STEP_OUT when it has outputs. */
static inline uint32_t ts_match_step_to(const ts_matcher *m, uint32_t v)
{
	return v | (m->nodes[v].out ? STEP_OUT : 0);
}

/* Whether node q has a child by a far symbol (children ascend by symbol). */
static inline int ts_match_far_children(const ts_matcher *m, uint32_t q)
{
	const node *nd = &m->nodes[q];
	return nd->nchild && m->csym[nd->child + nd->nchild - 1] >= NEAR;
}

/* The step from node q by a far symbol s, or from a node without a row:
 * the failure walk, by the nodes that can have a child by s. */
static inline uint32_t ts_match_walk(const ts_matcher *m, uint32_t q, uint32_t s)
{
	for (;;) {
		if (s < NEAR && q < m->nrows)
			return m->near_step[(size_t)q * NEAR + s];
		if (!q)
			return m->root_step[s];
		uint32_t c = ts_match_child(m, q, s);
		if (c != NONE)
			return ts_match_step_to(m, c);
		q = s < NEAR ? m->nodes[q].fail : m->far_fail[q];
	}
}

/* The node after node q by symbol s, with STEP_OUT when it has outputs.
 * all_rows: every node has a row (m->nrows == m->nnodes), a constant that
 * takes a test out of the loop of a scan. */
static inline uint32_t ts_match_step(const ts_matcher *m, uint32_t q, uint32_t s, int all_rows)
{
	if (s < NEAR && (all_rows || q < m->nrows))
		return m->near_step[(size_t)q * NEAR + s];
	if (!q)
		return m->root_step[s];
	return ts_match_walk(m, q, s);
}

/* The step from node q by a far symbol s (s >= NEAR) by the table of far
 * steps: what ts_match_step gives.  By symbol 0 (in no piece) too, the
 * root: a row's own slots lie at its base plus far symbols, so the slot at
 * the base is another row's or none, and root_step[0] is 0. */
static inline uint32_t ts_match_far(const ts_far *far, const uint32_t *root_step, uint32_t q,
                                    uint32_t s)
{
	uint32_t b = far->base[q];
	ts_far_slot e = far->tab[b + s];
	/* a branch, not a choice by mask: predicted not taken, the next step
	 * waits on root_step[s] alone, not on the two look-ups (by mask, the
	 * matcher of zh20 took longer than by the walk) */
	return e.row == b ? e.step : root_step[s];
}

/* The table of far steps, or NULL when it is not made (yet). */
static inline const ts_far *ts_match_far_ready(const ts_matcher *m)
{
	return atomic_load_explicit(&m->far->far, memory_order_acquire);
}

/* Make the table of far steps unless it is made (or failed), waiting
 * while another thread makes it; the table, or NULL when out of memory.
 * Its first caller makes it. */
const ts_far *ts_match_far_make(const ts_matcher *m);

/* qsort's order of uint32_t values. */
static inline int ts_match_cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

#endif
