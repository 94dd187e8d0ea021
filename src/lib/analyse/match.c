#include "config.h"

#include "analyse/match.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"

#define NONE UINT32_MAX
/* A distinct folded piece text.  Pieces of several entries can share one
 * (研究 in 得…研究 and 要…研究), so hits are recorded per pattern. */
typedef struct pattern {
	uint32_t cp, len;               /* code points in pcp[] */
	uint8_t left, right;            /* needs a word boundary before / after */
	uint8_t complex;                /* a piece of a gapped or target entry */
	uint32_t lit[TS_LANG_MAX];      /* the plain literal entry with this text */
} pattern;

typedef struct node {
	uint32_t fail;     /* longest proper suffix that is a trie node */
	uint32_t out;      /* this node or the nearest on its failure chain that
	                    * ends a pattern; 0 none */
	uint32_t child;    /* children are nodes child + 1 ... child + nchild, entered
	                    * by symbols csym[child ...] (ascending) */
	uint32_t nchild;
} node;

/* Organisation words of a language, sorted by first code point so that a
 * target capture looks only at the words that can start at a position. */
typedef struct orgword {
	uint32_t first;    /* symbol */
	uint32_t cp, len;  /* code points in ocp[], symbols in osym[] */
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
	uint32_t *pcp;               /* folded code points of the patterns */
	size_t npcp;
	uint32_t *first_lo;          /* pattern p starts the complex entries */
	uint32_t *first;             /* first[first_lo[p] .. first_lo[p + 1]) */
	/* Code points to symbols 1..nsym; 0 for a code point in no pattern,
	 * which sends the automaton back to the root. */
	uint16_t sym[0x10000];
	uint32_t *astral_cp;         /* sorted; symbol in astral_sym */
	uint16_t *astral_sym;
	size_t nastral, nsym;
	uint32_t *root;              /* symbol -> child of the root, 0 none */
	node *nodes;
	size_t nnodes;
	uint32_t *npattern;          /* the pattern ending at each node, or NONE */
	uint16_t *csym;              /* csym[v - 1]: the symbol into node v */
	orgword *org[TS_LANG_MAX];
	size_t norg[TS_LANG_MAX];
	/* A target window is at most this many characters (the language's
	 * target_window, docs/languages.md): enough for 河南省安阳市总工会组织部
	 * or "the Department of Homeland Security's Office of Inspector
	 * General", short enough not to run into the next clause of a sentence
	 * without punctuation. */
	size_t target_window[TS_LANG_MAX];
	uint32_t *ocp;
	uint16_t *osym;
	size_t nocp;
	uint16_t sym_apos, sym_s;    /* ' and s, for possessives after a target */
	uint16_t sym_dash[3];        /* - – —, skipped before a target */
};

struct ts_mhit {
	uint32_t pat, start, end;
};

struct ts_mrange {
	uint32_t pat, lo, hi;  /* hits[lo, hi) */
};

struct ts_mcand {
	uint32_t entry, start, end, tstart, tend;  /* tstart NONE: no target */
};

/* ------------------------------------------------------------------ */
/* Word boundaries                                                      */

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

/* ------------------------------------------------------------------ */
/* Building                                                             */

typedef struct pref {
	uint64_t key;         /* the first two code points: most comparisons end here */
	uint32_t cp, len;     /* in the raw pool */
	uint32_t slot;        /* index into epieces */
	uint8_t left, right;
} pref;

static int cmp_seq(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	uint32_t n = na < nb ? na : nb;
	for (uint32_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

static int cmp_pref(const void *x, const void *y, void *pool)
{
	const pref *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	const uint32_t *p = pool;
	return cmp_seq(p + a->cp, a->len, p + b->cp, b->len);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

static uint32_t symbol(const ts_matcher *m, uint32_t c)
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

static inline uint32_t child(const ts_matcher *m, uint32_t q, uint32_t s)
{
	const node *nd = &m->nodes[q];
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
		return ts_fail(err, TS_ELIMIT, NULL, 0, 0, "too many lexicon entries");
	m->epieces_lo = malloc((lx->n + 1) * sizeof *m->epieces_lo);
	m->epieces = malloc((total ? total : 1) * sizeof *m->epieces);
	pr = malloc((total ? total : 1) * sizeof *pr);
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
			/* A one-character piece has second code point 0, below any other:
			 * shorter first, as cmp_seq orders. */
			uint64_t key = (uint64_t)t.cp[0] << 32 | (t.n > 1 ? t.cp[1] : 0);
			pr[npr] = (pref){key, (uint32_t)nraw, (uint32_t)t.n, (uint32_t)npr,
			                 (t.cls[0] & TS_FC_WORD) != 0, (t.cls[t.n - 1] & TS_FC_WORD) != 0};
			npr++;
			nraw += t.n;
		}
	}
	m->epieces_lo[lx->n] = (uint32_t)npr;
	qsort_r(pr, npr, sizeof *pr, cmp_pref, raw);
	m->pat = malloc((npr ? npr : 1) * sizeof *m->pat);
	m->pcp = malloc((nraw ? nraw : 1) * sizeof *m->pcp);
	if (!m->pat || !m->pcp) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t i = 0; i < npr; i++) {
		if (!i || cmp_pref(&pr[i], &pr[i - 1], raw)) {
			pattern *p = &m->pat[m->npat++];
			p->cp = (uint32_t)m->npcp;
			p->len = pr[i].len;
			p->left = pr[i].left;
			p->right = pr[i].right;
			p->complex = 0;
			for (int l = 0; l < TS_LANG_MAX; l++)
				p->lit[l] = NONE;
			memcpy(m->pcp + m->npcp, raw + pr[i].cp, pr[i].len * sizeof *raw);
			m->npcp += pr[i].len;
		}
		m->epieces[pr[i].slot] = (uint32_t)(m->npat - 1);
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

static uint32_t phrase_hash(const ts_matcher *m, uint32_t e)
{
	const ts_lexentry *x = &m->lx->entries[e];
	uint32_t h = 2166136261u ^ (uint32_t)(x->language * 2 + x->target);
	for (size_t k = 0; k < x->npieces; k++)
		h = (h ^ m->epieces[m->epieces_lo[e] + k]) * 16777619u;
	return h;
}

/* The same phrase twice in one file is a mistake; in a later file it
 * replaces the earlier entry.  Entries are hashed by language, target form
 * and pattern numbers, in file order, so the entry kept is the last. */
static int dedup(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	size_t cap = 16;
	while (cap < 2 * lx->n)
		cap *= 2;
	uint32_t *slot = malloc(cap * sizeof *slot);
	if (!slot)
		return ts_nomem(err);
	memset(slot, 0xFF, cap * sizeof *slot);
	int rc = 0;
	for (uint32_t e = 0; e < lx->n && !rc; e++) {
		m->active[e] = 1;
		size_t i = phrase_hash(m, e) & (cap - 1);
		while (slot[i] != NONE && !same_phrase(m, slot[i], e))
			i = (i + 1) & (cap - 1);
		if (slot[i] != NONE) {
			const ts_lexentry *ea = &lx->entries[slot[i]], *eb = &lx->entries[e];
			if (ea->file == eb->file)
				rc = ts_fail(err, TS_EDATA, lx->files[eb->file], 0, 0,
				             "entry %zu: same phrase as entry %zu: '%s'", eb->number,
				             ea->number, eb->phrase);
			m->active[slot[i]] = 0;
		}
		slot[i] = e;
	}
	free(slot);
	return rc;
}

/* Which patterns report what: a plain literal entry per language, and the
 * entries each pattern starts. */
static int link_entries(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	m->first_lo = calloc(m->npat + 1, sizeof *m->first_lo);
	if (!m->first_lo)
		return ts_nomem(err);
	size_t nfirst = 0;
	for (size_t e = 0; e < lx->n; e++) {
		const ts_lexentry *x = &lx->entries[e];
		if (!m->active[e])
			continue;
		const uint32_t *pp = m->epieces + m->epieces_lo[e];
		if (x->npieces == 1 && !x->target) {
			m->pat[pp[0]].lit[x->language] = (uint32_t)e;
			continue;
		}
		for (size_t k = 0; k < x->npieces; k++)
			m->pat[pp[k]].complex = 1;
		m->first_lo[pp[0] + 1]++;
		nfirst++;
	}
	for (size_t p = 0; p < m->npat; p++)
		m->first_lo[p + 1] += m->first_lo[p];
	m->first = malloc((nfirst ? nfirst : 1) * sizeof *m->first);
	uint32_t *fill = calloc(m->npat + 1, sizeof *fill);
	if (!m->first || !fill) {
		free(fill);
		return ts_nomem(err);
	}
	for (size_t e = 0; e < lx->n; e++) {
		const ts_lexentry *x = &lx->entries[e];
		if (!m->active[e] || (x->npieces == 1 && !x->target))
			continue;
		uint32_t p = m->epieces[m->epieces_lo[e]];
		m->first[m->first_lo[p] + fill[p]++] = (uint32_t)e;
	}
	free(fill);
	return 0;
}

/* Symbols ascend with code points, so patterns sorted by code points are
 * sorted by symbols too.  The BMP is marked in the symbol table itself and
 * numbered in one sweep (sorting every code point of 10,000 entries took
 * half the build); the few code points beyond it are sorted. */
static int build_alphabet(ts_matcher *m, ts_error *err)
{
	/* Organisation words are compared in symbols too, ' s make a
	 * possessive after one, and dashes are skipped before a target. */
	size_t nastral = 0;
	m->sym['\''] = m->sym['s'] = m->sym['-'] = m->sym[0x2013] = m->sym[0x2014] = 1;
	for (size_t i = 0; i < m->npcp; i++) {
		if (m->pcp[i] < 0x10000)
			m->sym[m->pcp[i]] = 1;
		else
			nastral++;
	}
	for (size_t i = 0; i < m->nocp; i++) {
		if (m->ocp[i] < 0x10000)
			m->sym[m->ocp[i]] = 1;
		else
			nastral++;
	}
	m->astral_cp = malloc((nastral ? nastral : 1) * sizeof *m->astral_cp);
	m->astral_sym = malloc((nastral ? nastral : 1) * sizeof *m->astral_sym);
	if (!m->astral_cp || !m->astral_sym)
		return ts_nomem(err);
	for (size_t i = 0; i < m->npcp; i++)
		if (m->pcp[i] >= 0x10000)
			m->astral_cp[m->nastral++] = m->pcp[i];
	for (size_t i = 0; i < m->nocp; i++)
		if (m->ocp[i] >= 0x10000)
			m->astral_cp[m->nastral++] = m->ocp[i];
	qsort(m->astral_cp, m->nastral, sizeof *m->astral_cp, cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < m->nastral; i++)
		if (!n || m->astral_cp[i] != m->astral_cp[n - 1])
			m->astral_cp[n++] = m->astral_cp[i];
	m->nastral = n;
	size_t id = 0;
	for (uint32_t c = 0; c < 0x10000; c++)
		if (m->sym[c]) {
			if (id == UINT16_MAX)
				break;
			m->sym[c] = (uint16_t)++id;
		}
	if (id + m->nastral > UINT16_MAX)
		return ts_fail(err, TS_ELIMIT, NULL, 0, 0,
		               "the lexicons use more than %d distinct characters", UINT16_MAX - 1);
	for (size_t i = 0; i < m->nastral; i++)
		m->astral_sym[i] = (uint16_t)(++id);
	m->nsym = id;
	return 0;
}

/* The trie of the sorted patterns, renumbered breadth first, then failure
 * links.  Breadth-first numbers put the shallow nodes, where a scan spends
 * most of its steps, side by side in memory, and give each node's children
 * consecutive numbers, so a child is found from its symbol alone. */
static int build_automaton(ts_matcher *m, ts_error *err)
{
	size_t cap = m->npcp + 1;
	uint32_t *parent = malloc(cap * sizeof *parent);
	uint16_t *vsym = malloc(cap * sizeof *vsym);
	uint32_t *opat = malloc(cap * sizeof *opat);
	uint32_t *onchild = calloc(cap, sizeof *onchild);
	uint32_t *path = NULL, *olo = NULL, *onext = NULL, *fill = NULL, *order = NULL,
	         *newid = NULL;
	int rc = 0;
	m->root = calloc(m->nsym + 1, sizeof *m->root);
	size_t maxlen = 0;
	for (size_t p = 0; p < m->npat; p++)
		if (m->pat[p].len > maxlen)
			maxlen = m->pat[p].len;
	path = malloc((maxlen + 1) * sizeof *path);
	if (!parent || !vsym || !opat || !onchild || !m->root || !path) {
		rc = ts_nomem(err);
		goto done;
	}
	/* the trie, depth first in pattern order */
	size_t nn = 1;
	opat[0] = NONE;
	path[0] = 0;
	for (size_t p = 0; p < m->npat; p++) {
		const pattern *pt = &m->pat[p];
		uint32_t lcp = 0;
		if (p) {
			const pattern *prev = &m->pat[p - 1];
			while (lcp < prev->len && lcp < pt->len &&
			       m->pcp[prev->cp + lcp] == m->pcp[pt->cp + lcp])
				lcp++;
		}
		uint32_t cur = path[lcp];
		for (uint32_t d = lcp; d < pt->len; d++) {
			uint32_t v = (uint32_t)nn++;
			opat[v] = NONE;
			parent[v] = cur;
			vsym[v] = (uint16_t)symbol(m, m->pcp[pt->cp + d]);
			onchild[cur]++;
			path[d + 1] = v;
			cur = v;
		}
		opat[cur] = (uint32_t)p;
	}
	/* children side by side, in creation order, which is ascending symbol
	 * order among siblings */
	olo = malloc((nn + 1) * sizeof *olo);
	onext = malloc(nn * sizeof *onext);
	fill = calloc(nn, sizeof *fill);
	order = malloc(nn * sizeof *order);
	newid = malloc(nn * sizeof *newid);
	m->nodes = calloc(nn, sizeof *m->nodes);
	m->npattern = malloc(nn * sizeof *m->npattern);
	m->csym = malloc(nn * sizeof *m->csym);
	if (!olo || !onext || !fill || !order || !newid || !m->nodes || !m->npattern || !m->csym) {
		rc = ts_nomem(err);
		goto done;
	}
	olo[0] = 0;
	for (size_t v = 0; v < nn; v++)
		olo[v + 1] = olo[v] + onchild[v];
	for (uint32_t v = 1; v < nn; v++)
		onext[olo[parent[v]] + fill[parent[v]]++] = v;
	/* breadth-first numbers */
	size_t qh = 0, qt = 1;
	order[0] = 0;
	newid[0] = 0;
	while (qh < qt) {
		uint32_t u = order[qh++];
		for (uint32_t k = olo[u]; k < olo[u + 1]; k++) {
			newid[onext[k]] = (uint32_t)qt;
			order[qt++] = onext[k];
		}
	}
	m->nnodes = nn;
	for (size_t i = 0; i < nn; i++) {
		uint32_t u = order[i];
		node *x = &m->nodes[i];
		x->nchild = onchild[u];
		x->child = onchild[u] ? newid[onext[olo[u]]] - 1 : 0;
		m->npattern[i] = opat[u];
		if (i)
			m->csym[i - 1] = vsym[u];
	}
	for (uint32_t k = 0; k < m->nodes[0].nchild; k++)
		m->root[m->csym[k]] = k + 1;
	/* failure links and outputs, in breadth-first order: a node's failure
	 * target is shallower, so it is done before */
	for (uint32_t u = 0; u < nn; u++) {
		const node *un = &m->nodes[u];
		for (uint32_t k = 0; k < un->nchild; k++) {
			uint32_t v = un->child + k + 1, s = m->csym[un->child + k];
			uint32_t f = un->fail, w;
			if (!u) {
				w = 0;
			} else {
				for (;;) {
					if (!f) {
						w = m->root[s];
						break;
					}
					if ((w = child(m, f, s)) != NONE)
						break;
					f = m->nodes[f].fail;
				}
			}
			m->nodes[v].fail = w;
			m->nodes[v].out = m->npattern[v] != NONE ? v : m->nodes[w].out;
		}
	}
done:
	free(parent);
	free(vsym);
	free(opat);
	free(onchild);
	free(path);
	free(olo);
	free(onext);
	free(fill);
	free(order);
	free(newid);
	return rc;
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
		}
	}
	ts_folded_free(&t);
	return rc;
}

/* Organisation words in symbols, sorted by their first; and the table of
 * the scan. */
static int build_tables(ts_matcher *m, ts_error *err)
{
	m->osym = malloc((m->nocp ? m->nocp : 1) * sizeof *m->osym);
	if (!m->osym)
		return ts_nomem(err);
	for (size_t i = 0; i < m->nocp; i++)
		m->osym[i] = (uint16_t)symbol(m, m->ocp[i]);
	for (int l = 0; l < TS_LANG_MAX; l++) {
		for (size_t i = 0; i < m->norg[l]; i++)
			m->org[l][i].first = m->osym[m->org[l][i].cp];
		qsort(m->org[l], m->norg[l], sizeof *m->org[l], cmp_org);
	}
	m->sym_apos = (uint16_t)symbol(m, '\'');
	m->sym_s = (uint16_t)symbol(m, 's');
	m->sym_dash[0] = (uint16_t)symbol(m, '-');
	m->sym_dash[1] = (uint16_t)symbol(m, 0x2013);
	m->sym_dash[2] = (uint16_t)symbol(m, 0x2014);
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
	int rc = m->active ? 0 : ts_nomem(err);
	if (!rc)
		rc = build_patterns(m, err);
	if (!rc)
		rc = dedup(m, err);
	if (!rc)
		rc = link_entries(m, err);
	if (!rc)
		rc = build_org_words(m, err);
	if (!rc)
		rc = build_alphabet(m, err);
	if (!rc)
		rc = build_tables(m, err);
	if (!rc)
		rc = build_automaton(m, err);
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
	free(m->pcp);
	free(m->first_lo);
	free(m->first);
	free(m->astral_cp);
	free(m->astral_sym);
	free(m->root);
	free(m->nodes);
	free(m->npattern);
	free(m->csym);
	for (int l = 0; l < TS_LANG_MAX; l++)
		free(m->org[l]);
	free(m->ocp);
	free(m->osym);
	free(m);
}

size_t ts_matcher_states(const ts_matcher *m)
{
	return m->nnodes;
}

/* ------------------------------------------------------------------ */
/* Matching                                                             */

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

/* Fold text with ts_fold_text (fold.c holds the folding rules, once) and
 * give each folded character its automaton symbol; classes and offsets
 * are the folded text's own. */
int ts_matcher_fold(const ts_matcher *m, ts_matchbuf *mb, const char *str, size_t len)
{
	mb->n = 0;
	mb->src_len = len;
	int rc = ts_fold_text(m->fold, str, len, &mb->f);
	if (rc)
		return rc;
	if (TS_GROW(mb->sym, mb->sym_cap, mb->f.n + 1))
		return TS_ENOMEM;
	const uint32_t *cp = mb->f.cp;
	uint16_t *sym = mb->sym;
	for (size_t i = 0; i < mb->f.n; i++)
		sym[i] = cp[i] < 0x10000 ? m->sym[cp[i]] : (uint16_t)symbol(m, cp[i]);
	mb->cls = mb->f.cls;
	mb->off = mb->f.off;
	mb->n = mb->f.n;
	return 0;
}

uint32_t ts_matcher_symbol(const ts_matcher *m, uint32_t c)
{
	return symbol(m, c);
}

/* Source bytes [*start, *end) of folded characters [a, b), a < b: from the
 * first byte of the character folded[a] came from to the end of the one
 * folded[b - 1] came from. */
static void span(const ts_matchbuf *mb, const char *src, size_t a, size_t b, size_t *start,
                 size_t *end)
{
	*start = mb->off[a];
	size_t last = mb->off[b - 1];
	uint32_t c;
	size_t k = ts_utf8_decode((const unsigned char *)src + last, mb->src_len - last, &c);
	*end = last + (k ? k : 1);
}

static int add_cand(ts_matchbuf *mb, uint32_t entry, uint32_t start, uint32_t end,
                    uint32_t tstart, uint32_t tend)
{
	if (TS_GROW(mb->cands, mb->cands_cap, mb->ncands + 1))
		return TS_ENOMEM;
	mb->cands[mb->ncands++] = (struct ts_mcand){entry, start, end, tstart, tend};
	return 0;
}

/* The target after a fixed part ending at pos: the text up to the next
 * punctuation or TARGET_SPAN characters, cut back to end at the last
 * organisation word in it.  0 when there is no such word. */
static int capture(const ts_matcher *m, const ts_matchbuf *mb, size_t pos, int lang,
                   uint32_t *ts, uint32_t *te)
{
	const uint8_t *cls = mb->cls;
	const uint16_t *sym = mb->sym;
	size_t n = mb->n, a = pos;
	/* blanks and dashes after the fixed part: "refer you to -- the FBI" */
	while (a < n && ((cls[a] & TS_FC_SPACE) || sym[a] == m->sym_dash[0] ||
	                 sym[a] == m->sym_dash[1] || sym[a] == m->sym_dash[2]))
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
	size_t now = m->norg[lang];
	for (size_t k = a; k < lim; k++) {
		if (!sym[k])
			continue;
		size_t lo = 0, hi = now;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ow[mid].first < sym[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < now && ow[lo].first == sym[k]; lo++) {
			const orgword *o = &ow[lo];
			size_t j = k + o->len;
			if (o->len > lim - k || j <= best ||
			    memcmp(sym + k, m->osym + o->cp, o->len * sizeof *sym))
				continue;
			/* "the State Department's statement": a possessive ends the
			 * word for a target. */
			int possessive = j + 1 < n && sym[j] == m->sym_apos && sym[j + 1] == m->sym_s &&
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

static const struct ts_mrange *find_range(const ts_matchbuf *mb, uint32_t pat)
{
	size_t lo = 0, hi = mb->nranges;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (mb->ranges[mid].pat < pat)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mb->nranges && mb->ranges[lo].pat == pat ? &mb->ranges[lo] : NULL;
}

/* Hits grouped by pattern, in pattern order.  A pattern's hits come in
 * text order already (all have its length), so a counting sort over the
 * patterns seen keeps them sorted by start; only the few patterns seen are
 * sorted. */
static int group_hits(ts_matchbuf *mb)
{
	if (TS_GROW(mb->sorted, mb->sorted_cap, mb->nhits) ||
	    TS_GROW(mb->ranges, mb->ranges_cap, mb->ntouched))
		return TS_ENOMEM;
	qsort(mb->touched, mb->ntouched, sizeof *mb->touched, cmp_u32);
	uint32_t at = 0;
	for (size_t t = 0; t < mb->ntouched; t++) {
		uint32_t p = mb->touched[t];
		mb->ranges[t] = (struct ts_mrange){p, at, at};
		at += mb->count[p];
		mb->count[p] = (uint32_t)t;  /* from here on: the range of p */
	}
	mb->nranges = mb->ntouched;
	for (size_t h = 0; h < mb->nhits; h++) {
		struct ts_mrange *r = &mb->ranges[mb->count[mb->hits[h].pat]];
		mb->sorted[r->hi++] = mb->hits[h];
	}
	for (size_t t = 0; t < mb->ntouched; t++)
		mb->count[mb->touched[t]] = 0;
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
static int chain(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	if (group_hits(mb))
		return TS_ENOMEM;
	const struct ts_mhit *hits = mb->sorted;
	for (size_t r = 0; r < mb->nranges; r++) {
		const struct ts_mrange rg = mb->ranges[r];
		for (uint32_t k = m->first_lo[rg.pat]; k < m->first_lo[rg.pat + 1]; k++) {
			uint32_t e = m->first[k];
			const ts_lexentry *x = &m->lx->entries[e];
			if (x->language != language)
				continue;
			const uint32_t *pp = m->epieces + m->epieces_lo[e];
			for (uint32_t h = rg.lo; h < rg.hi; h++) {
				uint32_t pos = hits[h].end;
				size_t piece;
				for (piece = 1; piece < x->npieces; piece++) {
					const struct ts_mrange *nr = find_range(mb, pp[piece]);
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
	return a->entry < b->entry;
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
	if (mb->nkept > 1)
		qsort(mb->kept, mb->nkept, sizeof *mb->kept, cmp_start);
	return 0;
}

int ts_matcher_run(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len,
                   int language, const ts_match **matches, size_t *nmatches)
{
	*matches = NULL;
	*nmatches = 0;
	int rc = ts_matcher_fold(m, mb, text, len);
	if (rc)
		return rc;
	if (mb->count_cap < m->npat) {
		free(mb->count);
		mb->count = calloc(m->npat, sizeof *mb->count);
		if (!mb->count) {
			mb->count_cap = 0;
			return TS_ENOMEM;
		}
		mb->count_cap = m->npat;
	}
	mb->nhits = mb->ntouched = mb->ncands = mb->nout = 0;
	const uint16_t *sym = mb->sym;
	const uint8_t *cls = mb->cls;
	size_t n = mb->n;
	uint32_t q = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = sym[i];
		if (!s) {
			q = 0;
			continue;
		}
		for (;;) {
			if (!q) {
				q = m->root[s];
				break;
			}
			uint32_t nq = child(m, q, s);
			if (nq != NONE) {
				q = nq;
				break;
			}
			q = m->nodes[q].fail;
		}
		if (!q)
			continue;
		for (uint32_t o = m->nodes[q].out; o; o = m->nodes[m->nodes[o].fail].out) {
			uint32_t pid = m->npattern[o];
			const pattern *p = &m->pat[pid];
			uint32_t end = (uint32_t)i + 1, start = end - p->len;
			if ((p->left && !left_ok(cls, start)) || (p->right && !right_ok(cls, end, n)))
				continue;
			if (p->lit[language] != NONE && add_cand(mb, p->lit[language], start, end, NONE, NONE))
				return TS_ENOMEM;
			if (p->complex) {
				if (TS_GROW(mb->hits, mb->hits_cap, mb->nhits + 1) ||
				    (!mb->count[pid] && TS_GROW(mb->touched, mb->touched_cap, mb->ntouched + 1)))
					return TS_ENOMEM;
				if (!mb->count[pid]++)
					mb->touched[mb->ntouched++] = pid;
				mb->hits[mb->nhits++] = (struct ts_mhit){pid, start, end};
			}
		}
	}
	if (mb->nhits && (rc = chain(m, mb, language)))
		return rc;
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
		span(mb, text, c->start, c->end, &o->start, &o->end);
		o->has_target = c->tstart != NONE;
		o->tstart = o->tend = 0;
		if (o->has_target)
			span(mb, text, c->tstart, c->tend, &o->tstart, &o->tend);
	}
	*matches = mb->out;
	*nmatches = mb->nout;
	return 0;
}
