#include "config.h"

#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

#define NONE UINT32_MAX
/* A target runs at most this many characters after the fixed part
 * (docs/lexicon.md): enough for 河南省安阳市总工会组织部, short enough not
 * to run into the next clause of a sentence without punctuation. */
#define TARGET_SPAN 24

/* A distinct folded piece text.  Pieces of several entries can share one
 * (研究 in 得…研究 and 要…研究), so hits are recorded per pattern. */
typedef struct pattern {
	uint32_t cp, len;               /* code points in pcp[] */
	uint8_t left, right;            /* needs a word boundary before / after */
	uint8_t complex;                /* a piece of a gapped or target entry */
	uint32_t lit[TS_LANG_COUNT];    /* the plain literal entry with this text */
} pattern;

typedef struct node {
	uint32_t fail;     /* longest proper suffix that is a trie node */
	uint32_t dict;     /* nearest node on the failure chain ending a pattern; 0 none */
	uint32_t child;    /* first child in csym[] / cnext[] */
	uint32_t nchild;
	uint32_t pattern;  /* the pattern ending here, or NONE */
} node;

typedef struct orgword {
	uint32_t cp, len;  /* in ocp[] */
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
	uint16_t *csym;              /* children: symbols ascending per node */
	uint32_t *cnext;
	orgword *org[TS_LANG_COUNT];
	size_t norg[TS_LANG_COUNT];
	uint32_t *ocp;
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
	const uint32_t *p = pool;
	return cmp_seq(p + a->cp, a->len, p + b->cp, b->len);
}

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* Entries that fold to the same phrase: same language, target and
 * pieces, in file order. */
static int cmp_entry(const void *x, const void *y, void *arg)
{
	const ts_matcher *m = arg;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	const ts_lexentry *ea = &m->lx->entries[a], *eb = &m->lx->entries[b];
	if (ea->language != eb->language)
		return ea->language < eb->language ? -1 : 1;
	if (ea->target != eb->target)
		return ea->target < eb->target ? -1 : 1;
	int c = cmp_seq(m->epieces + m->epieces_lo[a], (uint32_t)ea->npieces,
	                m->epieces + m->epieces_lo[b], (uint32_t)eb->npieces);
	if (c)
		return c;
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
				return cs[lo] == s ? m->cnext[nd->child + lo] : NONE;
		return NONE;
	}
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (cs[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nd->nchild && cs[lo] == s ? m->cnext[nd->child + lo] : NONE;
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
			pr[npr] = (pref){(uint32_t)nraw, (uint32_t)t.n, (uint32_t)npr,
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
			for (int l = 0; l < TS_LANG_COUNT; l++)
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

/* The same phrase twice in one file is a mistake; in a later file it
 * replaces the earlier entry. */
static int dedup(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	uint32_t *order = malloc((lx->n ? lx->n : 1) * sizeof *order);
	if (!order)
		return ts_nomem(err);
	for (size_t e = 0; e < lx->n; e++) {
		order[e] = (uint32_t)e;
		m->active[e] = 1;
	}
	qsort_r(order, lx->n, sizeof *order, cmp_entry, m);
	int rc = 0;
	for (size_t i = 1; i < lx->n && !rc; i++) {
		uint32_t a = order[i - 1], b = order[i];
		const ts_lexentry *ea = &lx->entries[a], *eb = &lx->entries[b];
		if (ea->language != eb->language || ea->target != eb->target ||
		    cmp_seq(m->epieces + m->epieces_lo[a], (uint32_t)ea->npieces,
		            m->epieces + m->epieces_lo[b], (uint32_t)eb->npieces))
			continue;
		if (ea->file == eb->file)
			rc = ts_fail(err, TS_EDATA, lx->files[eb->file], 0, 0,
			             "entry %zu: same phrase as entry %zu: '%s'", eb->number, ea->number,
			             eb->phrase);
		m->active[a] = 0;
	}
	free(order);
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

static int build_alphabet(ts_matcher *m, ts_error *err)
{
	uint32_t *cps = malloc((m->npcp ? m->npcp : 1) * sizeof *cps);
	if (!cps)
		return ts_nomem(err);
	memcpy(cps, m->pcp, m->npcp * sizeof *cps);
	qsort(cps, m->npcp, sizeof *cps, cmp_u32);
	size_t n = 0;
	for (size_t i = 0; i < m->npcp; i++)
		if (!n || cps[i] != cps[n - 1])
			cps[n++] = cps[i];
	if (n > UINT16_MAX) {
		free(cps);
		return ts_fail(err, TS_ELIMIT, NULL, 0, 0,
		               "the lexicons use more than %d distinct characters", UINT16_MAX);
	}
	m->nsym = n;
	size_t nbmp = 0;
	while (nbmp < n && cps[nbmp] < 0x10000)
		nbmp++;
	m->nastral = n - nbmp;
	m->astral_cp = malloc((m->nastral ? m->nastral : 1) * sizeof *m->astral_cp);
	m->astral_sym = malloc((m->nastral ? m->nastral : 1) * sizeof *m->astral_sym);
	if (!m->astral_cp || !m->astral_sym) {
		free(cps);
		return ts_nomem(err);
	}
	/* Symbols ascend with code points, so patterns sorted by code points
	 * are sorted by symbols too. */
	for (size_t i = 0; i < n; i++) {
		if (cps[i] < 0x10000) {
			m->sym[cps[i]] = (uint16_t)(i + 1);
		} else {
			m->astral_cp[i - nbmp] = cps[i];
			m->astral_sym[i - nbmp] = (uint16_t)(i + 1);
		}
	}
	free(cps);
	return 0;
}

/* The trie of the sorted patterns, then failure links breadth first. */
static int build_automaton(ts_matcher *m, ts_error *err)
{
	size_t cap = m->npcp + 1;
	uint32_t *parent = malloc(cap * sizeof *parent);
	uint16_t *vsym = malloc(cap * sizeof *vsym);
	uint32_t *path = NULL, *fill = NULL, *queue = NULL;
	int rc = 0;
	m->nodes = calloc(cap, sizeof *m->nodes);
	m->root = calloc(m->nsym + 1, sizeof *m->root);
	size_t maxlen = 0;
	for (size_t p = 0; p < m->npat; p++)
		if (m->pat[p].len > maxlen)
			maxlen = m->pat[p].len;
	path = malloc((maxlen + 1) * sizeof *path);
	if (!parent || !vsym || !m->nodes || !m->root || !path) {
		rc = ts_nomem(err);
		goto done;
	}
	m->nodes[0].pattern = NONE;
	m->nnodes = 1;
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
			uint32_t v = (uint32_t)m->nnodes++;
			m->nodes[v].pattern = NONE;
			parent[v] = cur;
			vsym[v] = (uint16_t)symbol(m, m->pcp[pt->cp + d]);
			m->nodes[cur].nchild++;
			path[d + 1] = v;
			cur = v;
		}
		m->nodes[cur].pattern = (uint32_t)p;
	}
	/* Children side by side: nodes were made depth first with siblings in
	 * ascending symbol order, so filling in creation order keeps each
	 * node's children sorted. */
	m->csym = malloc(m->nnodes * sizeof *m->csym);
	m->cnext = malloc(m->nnodes * sizeof *m->cnext);
	fill = calloc(m->nnodes, sizeof *fill);
	queue = malloc(m->nnodes * sizeof *queue);
	if (!m->csym || !m->cnext || !fill || !queue) {
		rc = ts_nomem(err);
		goto done;
	}
	uint32_t at = 0;
	for (size_t v = 0; v < m->nnodes; v++) {
		m->nodes[v].child = at;
		at += m->nodes[v].nchild;
	}
	for (uint32_t v = 1; v < m->nnodes; v++) {
		node *pn = &m->nodes[parent[v]];
		uint32_t slot = pn->child + fill[parent[v]]++;
		m->csym[slot] = vsym[v];
		m->cnext[slot] = v;
		if (parent[v] == 0)
			m->root[vsym[v]] = v;
	}
	size_t qh = 0, qt = 0;
	for (uint32_t k = 0; k < m->nodes[0].nchild; k++)
		queue[qt++] = m->cnext[m->nodes[0].child + k];
	while (qh < qt) {
		uint32_t u = queue[qh++];
		const node *un = &m->nodes[u];
		for (uint32_t k = 0; k < un->nchild; k++) {
			uint32_t v = m->cnext[un->child + k], s = m->csym[un->child + k];
			uint32_t f = un->fail, w;
			for (;;) {
				if (!f) {
					w = m->root[s];
					break;
				}
				if ((w = child(m, f, s)) != NONE)
					break;
				f = m->nodes[f].fail;
			}
			m->nodes[v].fail = w;
			m->nodes[v].dict = m->nodes[w].pattern != NONE ? w : m->nodes[w].dict;
			queue[qt++] = v;
		}
	}
done:
	free(parent);
	free(vsym);
	free(path);
	free(fill);
	free(queue);
	return rc;
}

static int build_org_words(ts_matcher *m, ts_error *err)
{
	const ts_lexicon *lx = m->lx;
	ts_folded t = {0};
	size_t nocp = 0, ocp_cap = 0;
	int rc = 0;
	for (int l = 0; l < TS_LANG_COUNT && !rc; l++) {
		m->org[l] = malloc((lx->norg[l] ? lx->norg[l] : 1) * sizeof *m->org[l]);
		if (!m->org[l]) {
			rc = ts_nomem(err);
			break;
		}
		for (size_t i = 0; i < lx->norg[l]; i++) {
			const char *w = lx->org[l][i];
			if (ts_fold_phrase(m->fold, w, strlen(w), &t) ||
			    TS_GROW(m->ocp, ocp_cap, nocp + t.n + 1)) {
				rc = ts_nomem(err);
				break;
			}
			if (!t.n)
				continue;
			memcpy(m->ocp + nocp, t.cp, t.n * sizeof *t.cp);
			m->org[l][m->norg[l]++] = (orgword){(uint32_t)nocp, (uint32_t)t.n,
			                                    (t.cls[0] & TS_FC_WORD) != 0,
			                                    (t.cls[t.n - 1] & TS_FC_WORD) != 0};
			nocp += t.n;
		}
	}
	ts_folded_free(&t);
	return rc;
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
		rc = build_alphabet(m, err);
	if (!rc)
		rc = build_automaton(m, err);
	if (!rc)
		rc = build_org_words(m, err);
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
	free(m->csym);
	free(m->cnext);
	for (int l = 0; l < TS_LANG_COUNT; l++)
		free(m->org[l]);
	free(m->ocp);
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
	ts_folded_free(&mb->f);
	free(mb->hits);
	free(mb->ranges);
	free(mb->cands);
	free(mb->kept);
	free(mb->out);
	memset(mb, 0, sizeof *mb);
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
static int capture(const ts_matcher *m, const ts_folded *f, size_t pos, int lang,
                   uint32_t *ts, uint32_t *te)
{
	const uint8_t *cls = f->cls;
	const uint32_t *cp = f->cp;
	size_t n = f->n, a = pos;
	while (a < n && (cls[a] & TS_FC_SPACE))
		a++;
	size_t lim = a;
	while (lim < n && lim - a < TARGET_SPAN) {
		if ((cls[lim] & TS_FC_PUNCT) &&
		    !((cls[lim] & TS_FC_JOIN) && lim > a && (cls[lim - 1] & TS_FC_WORD) &&
		      lim + 1 < n && (cls[lim + 1] & TS_FC_WORD)))
			break;
		lim++;
	}
	size_t best = 0;
	for (size_t k = a; k < lim; k++)
		for (size_t w = 0; w < m->norg[lang]; w++) {
			const orgword *o = &m->org[lang][w];
			if (o->len > lim - k || k + o->len <= best || cp[k] != m->ocp[o->cp] ||
			    memcmp(cp + k, m->ocp + o->cp, o->len * sizeof *cp))
				continue;
			size_t j = k + o->len;
			/* "the State Department's statement": a possessive ends the
			 * word for a target. */
			int possessive = j + 1 < n && cp[j] == '\'' && cp[j + 1] == 's' &&
			                 right_ok(cls, j + 2, n);
			if ((o->left && !left_ok(cls, k)) ||
			    (o->right && !right_ok(cls, j, n) && !possessive))
				continue;
			best = k + o->len;
		}
	if (!best)
		return 0;
	*ts = (uint32_t)a;
	*te = (uint32_t)best;
	return 1;
}

static int cmp_hit(const void *x, const void *y)
{
	const struct ts_mhit *a = x, *b = y;
	if (a->pat != b->pat)
		return a->pat < b->pat ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
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

/* Gapped and target entries from the pieces found: each occurrence of an
 * entry's first piece is chained to the nearest occurrence of the next
 * piece that starts at most max_gap characters after it, and so on. */
static int chain(const ts_matcher *m, ts_matchbuf *mb, int language)
{
	qsort(mb->hits, mb->nhits, sizeof *mb->hits, cmp_hit);
	mb->nranges = 0;
	for (size_t i = 0; i < mb->nhits; i++) {
		if (i && mb->hits[i].pat == mb->hits[i - 1].pat) {
			mb->ranges[mb->nranges - 1].hi++;
			continue;
		}
		if (TS_GROW(mb->ranges, mb->ranges_cap, mb->nranges + 1))
			return TS_ENOMEM;
		mb->ranges[mb->nranges++] = (struct ts_mrange){mb->hits[i].pat, (uint32_t)i,
		                                               (uint32_t)i + 1};
	}
	for (size_t r = 0; r < mb->nranges; r++) {
		const struct ts_mrange rg = mb->ranges[r];
		for (uint32_t k = m->first_lo[rg.pat]; k < m->first_lo[rg.pat + 1]; k++) {
			uint32_t e = m->first[k];
			const ts_lexentry *x = &m->lx->entries[e];
			if (x->language != language)
				continue;
			const uint32_t *pp = m->epieces + m->epieces_lo[e];
			for (uint32_t h = rg.lo; h < rg.hi; h++) {
				uint32_t pos = mb->hits[h].end;
				size_t piece;
				for (piece = 1; piece < x->npieces; piece++) {
					const struct ts_mrange *nr = find_range(mb, pp[piece]);
					if (!nr)
						break;
					uint32_t lo = nr->lo, hi = nr->hi;
					while (lo < hi) {
						uint32_t mid = (lo + hi) / 2;
						if (mb->hits[mid].start < pos)
							lo = mid + 1;
						else
							hi = mid;
					}
					if (lo == nr->hi || mb->hits[lo].start - pos > (uint32_t)x->max_gap)
						break;
					pos = mb->hits[lo].end;
				}
				if (piece < x->npieces)
					continue;
				uint32_t ts = NONE, te = NONE, end = pos;
				if (x->target) {
					if (!capture(m, &mb->f, pos, language, &ts, &te))
						continue;
					end = te;
				}
				if (add_cand(mb, e, mb->hits[h].start, end, ts, te))
					return TS_ENOMEM;
			}
		}
	}
	return 0;
}

static int cmp_cand(const void *x, const void *y)
{
	const struct ts_mcand *a = x, *b = y;
	uint32_t la = a->end - a->start, lb = b->end - b->start;
	if (la != lb)
		return la > lb ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Longest first, then earliest: a candidate overlapping one kept is
 * dropped.  The kept ones stay sorted by start, so a check is two
 * comparisons after a binary search. */
static int resolve(ts_matchbuf *mb)
{
	qsort(mb->cands, mb->ncands, sizeof *mb->cands, cmp_cand);
	mb->nkept = 0;
	for (size_t i = 0; i < mb->ncands; i++) {
		const struct ts_mcand *c = &mb->cands[i];
		size_t lo = 0, hi = mb->nkept;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (mb->kept[mid].start < c->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if ((lo < mb->nkept && mb->kept[lo].start < c->end) ||
		    (lo > 0 && mb->kept[lo - 1].end > c->start))
			continue;
		if (TS_GROW(mb->kept, mb->kept_cap, mb->nkept + 1))
			return TS_ENOMEM;
		memmove(mb->kept + lo + 1, mb->kept + lo, (mb->nkept - lo) * sizeof *mb->kept);
		mb->kept[lo] = *c;
		mb->nkept++;
	}
	return 0;
}

int ts_matcher_run(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len,
                   int language, const ts_match **matches, size_t *nmatches)
{
	*matches = NULL;
	*nmatches = 0;
	int rc = ts_fold_text(m->fold, text, len, &mb->f);
	if (rc)
		return rc;
	mb->nhits = mb->ncands = mb->nout = 0;
	const uint32_t *cp = mb->f.cp;
	const uint8_t *cls = mb->f.cls;
	size_t n = mb->f.n;
	uint32_t q = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = cp[i] < 0x10000 ? m->sym[cp[i]] : symbol(m, cp[i]);
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
		uint32_t o = m->nodes[q].pattern != NONE ? q : m->nodes[q].dict;
		for (; o; o = m->nodes[o].dict) {
			uint32_t pid = m->nodes[o].pattern;
			const pattern *p = &m->pat[pid];
			uint32_t end = (uint32_t)i + 1, start = end - p->len;
			if ((p->left && !left_ok(cls, start)) || (p->right && !right_ok(cls, end, n)))
				continue;
			if (p->lit[language] != NONE && add_cand(mb, p->lit[language], start, end, NONE, NONE))
				return TS_ENOMEM;
			if (p->complex) {
				if (TS_GROW(mb->hits, mb->hits_cap, mb->nhits + 1))
					return TS_ENOMEM;
				mb->hits[mb->nhits++] = (struct ts_mhit){pid, start, end};
			}
		}
	}
	if (mb->nhits && (rc = chain(m, mb, language)))
		return rc;
	if ((rc = resolve(mb)))
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
