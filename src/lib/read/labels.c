/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/labels.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/caseless.h"
#include "base/swar.h"

/* How far the first pass looks for a colon: a label in capitals of at
 * most TS_LABEL_MAX_CAPS_CHARS characters with blanks between its words. */
#define SCAN_BYTES 160

/* Distinct candidates remembered (bounded memory on hostile input): past
 * this, counting is an error (ts_labels_count) unless speakers are
 * declared, when only theirs count. */
#define MAX_CANDIDATES TS_LABEL_MAX_CANDIDATES

/* A found label has at most this many words. */
#define MAX_WORDS 5

typedef struct entry {
	char *raw;          /* as written */
	size_t rawlen;
	long id;            /* index into ids; NOT_A_LABEL for a prefix of the wrong shape */
	uint32_t hash;
	uint32_t chars;     /* characters in raw (saturated) */
} entry;

/* A prefix before a colon that failed the shape checks, remembered so that
 * a recurring one is judged once. */
#define NOT_A_LABEL (-3L)

typedef struct idrec {
	char *id;           /* NFKC */
	size_t count;
	int declared;
	long slot;          /* speaker slot after decide, else -1 */
} idrec;

/* The last prefixes looked up: a call alternates between two or three
 * labels, so most lookups are answered here without hashing. */
#define MRU 4
#define MRU_BYTES 48

/* Whether s[0..n) is t[0..n), 16 < n <= MRU_BYTES: by windows of sixteen
 * bytes that overlap, not memcmp, whose call and tests of length cost
 * more than the comparison for a name of six to sixteen Chinese
 * characters ("惠州市白云区总工会：", 27 bytes), which most lines of a
 * transcript of calls to offices start with. */
static inline int same_long(const char *s, const char *t, size_t n)
{
#if defined(__SSE2__)
	__m128i d = _mm_or_si128(_mm_xor_si128(_mm_loadu_si128((const void *)s),
	                                       _mm_loadu_si128((const void *)t)),
	                         _mm_xor_si128(_mm_loadu_si128((const void *)(s + n - 16)),
	                                       _mm_loadu_si128((const void *)(t + n - 16))));
	if (n > 32)
		d = _mm_or_si128(d, _mm_xor_si128(_mm_loadu_si128((const void *)(s + 16)),
		                                  _mm_loadu_si128((const void *)(t + 16))));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xFFFF;
#else
	return !memcmp(s, t, n);
#endif
}

typedef struct mru_slot {
	size_t len;         /* 0: empty */
	uint64_t head;      /* the first eight bytes as a word, fewer padded with 0 */
	uint64_t mask;      /* ... and which bytes of a word they are */
	uint64_t tail;      /* the last eight bytes, when there are more */
	char bytes[MRU_BYTES];
	long id;
	long ent;           /* the entry */
	size_t chars;       /* characters in bytes */
} mru_slot;

struct ts_labels {
	const ts_langs *langs;  /* titles and not_speakers: metadata
	                         * prefixes ("时间：2022年11月", "Source: ..."),
	                         * never found automatically */
	mru_slot mru[MRU];
	unsigned mru_next;
	/* the slots of the last two lines found there, the one before first:
	 * speakers take turns, and a line's label is mostly the label of
	 * the line before the last that had one */
	unsigned mru_before, mru_last;
	size_t longest;     /* bytes of the longest candidate counted */
	entry *ents;        /* raw candidates, in the order first met */
	size_t nents, entcap;
	ts_hindex rawidx;   /* ... by their bytes */
	idrec *ids;
	size_t nids, idcap;
	ts_hindex ididx;    /* ids by their text: a file may hold thousands of
	                    * distinct candidates */
	char **slots;       /* speaker slot -> id */
	size_t nslots;
	int any_declared;
	/* the shape of a candidate: TS_LABEL_MAX_CHARS characters, MAX_WORDS
	 * words and the colon within SCAN_BYTES, or more to fit the longest
	 * declared label */
	size_t max_chars, max_words, scan_bytes;
	size_t none_lim;    /* the least colon limit a TS_LABEL_NOTED_NONE was
	                     * noted under for want of a colon */
};

/* A multiplicative hash taking eight bytes at a time, not ts_fnv1a's byte
 * at a time: labels are looked up once or twice per line, the hottest
 * lookup of reading. */
static uint32_t hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
	return (uint32_t)(h ^ (h >> 29));
}

ts_labels *ts_labels_new(const ts_langs *ls)
{
	ts_labels *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->langs = ls;
	l->max_chars = TS_LABEL_MAX_CHARS;
	l->max_words = MAX_WORDS;
	l->scan_bytes = SCAN_BYTES;
	l->none_lim = SIZE_MAX;
	return l;
}

void ts_labels_free(ts_labels *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nents; i++)
		free(l->ents[i].raw);
	for (size_t i = 0; i < l->nids; i++)
		free(l->ids[i].id);
	free(l->ents);
	ts_hindex_free(&l->rawidx);
	ts_hindex_free(&l->ididx);
	free(l->ids);
	free(l->slots);
	free(l);
}

static uint64_t id_hash(const void *arg, size_t i)
{
	const char *id = ((const ts_labels *)arg)->ids[i].id;
	return hash(id, strlen(id));
}

static uint64_t raw_hash(const void *arg, size_t i)
{
	return ((const ts_labels *)arg)->ents[i].hash;
}

static long find_id(const ts_labels *l, const char *id)
{
	size_t i;
	uint64_t h = hash(id, strlen(id));
	for (size_t at = ts_hindex_start(&l->ididx, h); ts_hindex_taken(&l->ididx, at, &i);
	     at = ts_hindex_next(&l->ididx, at))
		if (!strcmp(l->ids[i].id, id))
			return (long)i;
	return -1;
}

/* Append an id (taking id, malloc'd) not there yet; its index, or -1 when
 * out of memory (id is freed). */
static long add_id(ts_labels *l, char *id)
{
	if (TS_GROW(l->ids, l->idcap, l->nids + 1) ||
	    ts_hindex_reserve(&l->ididx, l->nids + 1, id_hash, l)) {
		free(id);
		return -1;
	}
	l->ids[l->nids] = (idrec){id, 0, 0, -1};
	ts_hindex_put(&l->ididx, hash(id, strlen(id)), l->nids);
	return (long)l->nids++;
}

/* The id of a label's NFKC form, added when new: its index, -1 when out
 * of memory, -2 when it is not valid UTF-8.  A raw candidate comes here
 * once, when it is new to the raw index (lookup_raw). */
static long intern_id(ts_labels *l, const char *raw, size_t n)
{
	char *id = ts_nfkc(raw, n);
	if (!id)
		return -2;  /* not valid UTF-8: never a label */
	long i = find_id(l, id);
	if (i >= 0) {
		free(id);
		return i;
	}
	return add_id(l, id);
}

static const mru_slot *mru_find(const ts_labels *l, const char *raw, size_t n)
{
	for (unsigned i = 0; i < MRU; i++)
		if (n && l->mru[i].len == n && !memcmp(l->mru[i].bytes, raw, n))
			return &l->mru[i];
	return NULL;
}

static void mru_put(ts_labels *l, const char *raw, size_t n, long id, long ent)
{
	if (!n || n > MRU_BYTES)
		return;
	mru_slot *m = &l->mru[l->mru_next++ % MRU];
	m->len = n;
	memset(m->bytes, 0, 8);
	memcpy(m->bytes, raw, n);
	m->head = ts_swar_load(m->bytes);
	m->mask = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
	m->tail = n > 8 ? ts_swar_load(m->bytes + n - 8) : 0;
	m->id = id;
	m->ent = ent;
	m->chars = ts_utf8_len(raw, n);
}

/* The entry for raw, adding it when `add` (with the id `add_id`, or its
 * interned id when add_id is -1); NULL when absent or full. */
static entry *lookup_raw(ts_labels *l, const char *raw, size_t n, int add, long add_id,
                         int *oom)
{
	uint32_t h = hash(raw, n);
	size_t i;
	for (size_t at = ts_hindex_start(&l->rawidx, h); ts_hindex_taken(&l->rawidx, at, &i);
	     at = ts_hindex_next(&l->rawidx, at)) {
		entry *e = &l->ents[i];
		if (e->hash == h && e->rawlen == n && !memcmp(e->raw, raw, n))
			return e;
	}
	if (!add || l->nents >= MAX_CANDIDATES)
		return NULL;
	long id = add_id != -1 ? add_id : intern_id(l, raw, n);
	char *copy = id == -1 ? NULL : malloc(n + 1);
	if (!copy || TS_GROW(l->ents, l->entcap, l->nents + 1) ||
	    ts_hindex_reserve(&l->rawidx, l->nents + 1, raw_hash, l)) {
		free(copy);
		*oom = 1;
		return NULL;
	}
	memcpy(copy, raw, n);
	copy[n] = '\0';
	size_t chars = ts_utf8_len(raw, n);
	l->ents[l->nents] = (entry){copy, n, id, h, chars > UINT32_MAX ? UINT32_MAX : (uint32_t)chars};
	ts_hindex_put(&l->rawidx, h, l->nents);
	return &l->ents[l->nents++];
}

int ts_labels_count(ts_labels *l, const char *label, size_t n)
{
	if (n > l->longest)
		l->longest = n;
	int oom = 0;
	entry *e = lookup_raw(l, label, n, 1, -1, &oom);
	if (oom)
		return -1;
	if (e) {
		if (e->id >= 0)
			l->ids[e->id].count++;
		return 0;
	}
	if (!l->any_declared)
		return 1;  /* the table is full: a later speaker would go unseen */
	/* only declared labels count, and each has an id */
	char *id = ts_nfkc(label, n);
	long i = id ? find_id(l, id) : -1;
	free(id);
	if (i >= 0)
		l->ids[i].count++;
	return 0;
}

int ts_labels_declare(ts_labels *l, const char *label, size_t n)
{
	long id = intern_id(l, label, n);
	if (id == -1)
		return -1;
	if (id >= 0) {
		l->ids[id].declared = 1;
		l->any_declared = 1;
		/* a declared label of any length is a label ("SECRETARY OF STATE
		 * BLINKEN:") */
		size_t chars = ts_utf8_len(label, n), words = 1;
		for (size_t i = 1; i < n; i++)
			words += label[i] == ' ' && label[i - 1] != ' ';
		if (chars > l->max_chars)
			l->max_chars = chars;
		if (words > l->max_words)
			l->max_words = words;
		if (n + 8 > l->scan_bytes)
			l->scan_bytes = n + 8;  /* blanks may stand before the colon */
	}
	return 0;
}

/* A prefix that names metadata in every language's labels.not_speakers
 * (in NFKC, with case: declare it with --speakers if a speaker is really
 * called so). */
static int is_not_speaker(const ts_labels *l, const char *id)
{
	return ts_words_has(&l->langs->not_speakers, id, strlen(id)) >= 0;
}

size_t ts_labels_decide(ts_labels *l)
{
	free(l->slots);
	l->slots = malloc((l->nids ? l->nids : 1) * sizeof *l->slots);
	l->nslots = 0;
	if (!l->slots)
		return 0;
	for (size_t i = 0; i < l->nids; i++) {
		idrec *r = &l->ids[i];
		/* declared labels count once they occur; found ones at two */
		int yes = l->any_declared ? (r->declared && r->count > 0)
		                          : (r->count >= 2 && !is_not_speaker(l, r->id));
		r->slot = yes ? (long)l->nslots : -1;
		if (yes)
			l->slots[l->nslots++] = r->id;
	}
	return l->nslots;
}

long ts_labels_lookup(ts_labels *l, const char *label, size_t n)
{
	int oom = 0;
	entry *e = lookup_raw(l, label, n, 0, -1, &oom);
	if (e)
		return e->id >= 0 ? l->ids[e->id].slot : -1;
	/* Not seen in the first pass (table full): compare by id. */
	char *id = ts_nfkc(label, n);
	if (!id)
		return -1;
	long i = find_id(l, id);
	free(id);
	return i >= 0 ? l->ids[i].slot : -1;
}

const char *ts_labels_id(const ts_labels *l, long slot)
{
	return slot >= 0 && (size_t)slot < l->nslots ? l->slots[slot] : NULL;
}

size_t ts_labels_nspeakers(const ts_labels *l)
{
	return l->nslots;
}

int ts_labels_any_declared(const ts_labels *l)
{
	return l->any_declared;
}

static int candidate(const ts_textclass *tc, const ts_langs *ls, const char *line, size_t n,
                     ts_label_cand *c, size_t max_chars, size_t max_words, size_t scan_bytes);

/* ts_labels_line, with *note what the reading pass may take of it
 * (ts_labels_noted; when counting, else TS_LABEL_UNNOTED).  A note says
 * what the reading pass would find, which looks only as far as the
 * longest candidate (and judges the line without its trailing blanks): a
 * label with its colon right after it is found there; a prefix before the
 * colon that is no label, or an id that is none, gives no speaker however
 * far the colon is; no colon within the counting pass's limit is no colon
 * within the reading pass's, when that one is no longer
 * (ts_labels_notes_hold).  A line judged in full ("Q", a prefix new to
 * the table) gets no note.  i: the line's leading blanks; c is set only
 * with fill, but for a prefix judged in full.  Inline in both callers:
 * the hottest function of reading, whose note costs nothing when it is
 * not kept. */
static inline __attribute__((always_inline)) int
judge(ts_labels *l, const ts_textclass *tc, const char *line, size_t n, size_t i, int count,
      int fill, ts_label_cand *c, long *slot, int32_t *note)
{
	const unsigned char *s = (const unsigned char *)line;
	*slot = -1;
	*note = TS_LABEL_UNNOTED;
	if (i >= n || s[i] == '@')
		return 0;
	/* Most lines start with one of the last labels and its colon: found
	 * without scanning for the colon.  Only labels with an id (valid
	 * UTF-8, so the colon is where ts_label_colon_at would stop) and not "Q". */
	for (unsigned j = 0, k = l->mru_before; j < MRU && s[i] != 'Q'; j++, k = (k + 1) % MRU) {
		const mru_slot *m = &l->mru[k];
		size_t e = i + m->len;
		/* the first eight bytes without a call: most slots hold another
		 * label, which they tell apart */
		if (!m->len || m->id < 0 || e >= n)
			continue;
		if (n - i < 8 ? memcmp(line + i, m->bytes, m->len) != 0 :
		    (ts_swar_load(line + i) & m->mask) != m->head ||
		    (m->len > 8 && (m->len <= 16 ? ts_swar_load(line + e - 8) != m->tail :
		                                   !same_long(line + i, m->bytes, m->len))))
			continue;
		size_t t;
		if (s[e] == ':')
			t = e + 1;
		else if (e + 3 <= n && s[e] == 0xEF && s[e + 1] == 0xBC && s[e + 2] == 0x9A)
			t = e + 3;
		else
			continue;
		/* the name, its colon and the blanks after it (most often one
		 * space, a byte of ASCII), when the reader will place the text */
		if (fill) {
			size_t b = ts_skip_blanks(line + t, n - t);
			*c = (ts_label_cand){i, m->len, t + b,
			                     count ? 0 : m->chars + 1 + (b <= 1 ? b : ts_utf8_len(line + t, b))};
		}
		l->mru_before = l->mru_last;
		l->mru_last = k;
		if (count) {
			l->ids[m->id].count++;
			*note = (int32_t)m->ent;
		} else {
			*slot = l->ids[m->id].slot;
		}
		return 1;
	}
	if (s[i] == 'Q') {
		/* "Q    text" has no colon: judge it in full */
		if (!candidate(tc, l->langs, line, n, c, l->max_chars, l->max_words, l->scan_bytes))
			return 0;
	} else {
		/* The second pass knows the longest candidate: a colon beyond it
		 * (and its blanks) cannot end a label. */
		size_t colon = ts_label_colon_at(s + i, n - i, count ? l->scan_bytes : l->longest + 8);
		if (!colon--) {
			if (count) {
				*note = TS_LABEL_NOTED_NONE;
				if (l->scan_bytes < l->none_lim)
					l->none_lim = l->scan_bytes;
			}
			return 0;
		}
		size_t len = ts_trim_end(line + i, colon);
		if (!len) {
			*note = TS_LABEL_NOTED_NONE;  /* ":B:" has no label */
			return 0;
		}
		int oom = 0;
		long id = LONG_MIN, ent = -1;
		const mru_slot *hit = mru_find(l, line + i, len);
		if (hit) {
			id = hit->id;
			ent = hit->ent;
		} else {
			entry *e = lookup_raw(l, line + i, len, 0, -1, &oom);
			if (e) {
				ent = e - l->ents;
				mru_put(l, line + i, len, id = e->id, ent);
			}
		}
		if (id == NOT_A_LABEL) {
			*note = TS_LABEL_NOTED_NONE;
			return 0;
		}
		if (id != LONG_MIN) {
			if (fill) {
				size_t t = i + colon + (s[i + colon] == ':' ? 1 : 3);
				*c = (ts_label_cand){i, len, t + ts_skip_blanks(line + t, n - t), 0};
			}
			if (count) {
				if (id >= 0)
					l->ids[id].count++;
				/* an id that is none (not UTF-8) makes no speaker */
				*note = id < 0 ? TS_LABEL_NOTED_NONE
				               : len == colon ? (int32_t)ent : TS_LABEL_UNNOTED;
				return 1;
			}
			*slot = id >= 0 ? l->ids[id].slot : -1;
			return 1;
		}
		/* A prefix not seen before: judge its shape. */
		if (!candidate(tc, l->langs, line, n, c, l->max_chars, l->max_words, l->scan_bytes)) {
			/* remember the failure (when counting, the table is being built) */
			if (count && len && !lookup_raw(l, line + i, len, 1, NOT_A_LABEL, &oom) && oom)
				return -1;
			return 0;
		}
	}
	if (count) {
		int rc = ts_labels_count(l, line + c->start, c->len);
		return rc < 0 ? -1 : rc ? -2 : 1;
	}
	*slot = ts_labels_lookup(l, line + c->start, c->len);
	return 1;
}

int ts_labels_line(ts_labels *l, const ts_textclass *tc, const char *line, size_t n,
                   int count, ts_label_cand *c, long *slot)
{
	int32_t note;
	return judge(l, tc, line, n, ts_skip_blanks(line, n), count, 1, c, slot, &note);
}

int ts_labels_count_line(ts_labels *l, const ts_textclass *tc, const char *line, size_t n,
                         size_t a, int32_t *note)
{
	long slot;
	ts_label_cand c;
	return judge(l, tc, line, n, a, 1, 0, &c, &slot, note);
}

int ts_labels_notes_hold(const ts_labels *l)
{
	return l->none_lim >= l->longest + 8;
}

ts_label_entry *ts_labels_entries(const ts_labels *l, size_t *n)
{
	ts_label_entry *v = malloc((l->nents ? l->nents : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < l->nents; i++) {
		const entry *en = &l->ents[i];
		v[i] = (ts_label_entry){(uint32_t)en->rawlen, en->chars,
		                        en->id >= 0 ? l->ids[en->id].slot : -1};
	}
	*n = l->nents;
	return v;
}

/* ---- candidates ---- */

/* A token of ASCII letters before a '.' may be an upper-case abbreviation
 * of at most four letters ("MS.", "U.S.") or one of the languages' titles
 * ("Dr. Li", "Sen. Ortiz"); "I said. Then:" is a sentence, and "No. 5:"
 * or "No. Listen:" begins one, not a label. */
static int is_abbreviation(const ts_langs *ls, const unsigned char *tok, size_t n)
{
	char low[32];
	if (!n || n >= sizeof low)
		return 0;
	int upper = 1;
	for (size_t i = 0; i < n; i++) {
		if (tok[i] < 'A' || tok[i] > 'Z')
			upper = 0;
		low[i] = (char)ts_ci_fold(tok[i]);
	}
	if (upper && n <= 4)
		return 1;
	return ts_words_has(&ls->titles, low, n) >= 0;
}

/* Sentence punctuation that never occurs inside a label. */
static int is_sentence_punct(uint32_t cp)
{
	switch (cp) {
	case ',': case ';': case '?': case '!': case '"':
	case 0x3002: /* 。 */ case 0xFF0C: /* ， */ case 0x3001: /* 、 */
	case 0xFF1F: /* ？ */ case 0xFF01: /* ！ */ case 0xFF1B: /* ； */
	case 0x201C: case 0x201D: case 0x2026: /* “ ” … */
	case 0x300A: case 0x300B: /* 《 》 */
	case 0xFF1A: /* ： */
		return 1;
	default:
		return 0;
	}
}

/* Where the ASCII bytes from s[i] that are neither a colon nor sentence
 * punctuation end (at i when s[i] is not one), or some place at or past
 * lim if they go on that far: all of English text between its commas,
 * which ts_label_colon_at would look at byte by byte.  Sixteen bytes at a
 * time with SSE2 (every x86-64 has it) while s[i..n) holds them; the rest
 * is the caller's. */
static size_t ascii_plain(const unsigned char *s, size_t i, size_t n, size_t lim)
{
#if defined(__SSE2__)
	for (; i + 16 <= n && i < lim; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(s + i));
		/* 0x80 and above; ! " (0x21, 0x22); ','; : ; (0x3A, 0x3B); ? */
		__m128i stop = _mm_or_si128(_mm_or_si128(ts_sse_in(v, 0x21, 0x22), ts_sse_in(v, 0x3A, 0x3B)),
		                            _mm_or_si128(ts_sse_eq(v, ','), ts_sse_eq(v, '?')));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(stop, v));
		if (m)
			return i + (unsigned)__builtin_ctz(m);
	}
	if (i < lim && i < n && n >= 16) {
		/* the last bytes, as the window that ends at n, its first bytes
		 * (before i) shifted out: a line's end, which the caller would
		 * look at byte by byte */
		__m128i v = _mm_loadu_si128((const void *)(s + n - 16));
		__m128i stop = _mm_or_si128(_mm_or_si128(ts_sse_in(v, 0x21, 0x22), ts_sse_in(v, 0x3A, 0x3B)),
		                            _mm_or_si128(ts_sse_eq(v, ','), ts_sse_eq(v, '?')));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(stop, v)) >> (16 - (n - i));
		return m ? i + (unsigned)__builtin_ctz(m) : n;
	}
	return i;
#else
	(void)s, (void)n, (void)lim;
	return i;
#endif
}

size_t ts_label_colon_at(const unsigned char *s, size_t n, size_t lim)
{
	if (lim > n)
		lim = n;
	size_t i = 0;
	/* by character: only the lead byte of a CJK character is looked at */
	while (i < lim) {
		unsigned c = s[i];
		if (c < 0x80) {
			/* up to the next byte of interest at once */
			if ((i = ascii_plain(s, i, n, lim)) >= lim)
				break;
			c = s[i];
		}
		if (c < 0x80) {
			if (c == ':')
				return i + 1;
			if (c == ',' || c == ';' || c == '?' || c == '!' || c == '"')
				return 0;
			i++;
		} else if (c >= 0xE0 && c < 0xF0) {
			if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBC) {
				unsigned d = s[i + 2];
				if (d == 0x9A)  /* ： */
					return i + 1;
				if (d == 0x8C || d == 0x9F || d == 0x81 || d == 0x9B)  /* ，？！； */
					return 0;
			} else if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 &&
			           (s[i + 2] == 0x82 || s[i + 2] == 0x81)) {  /* 。、 */
				return 0;
			}
			i += 3;
		} else {
			i += c >= 0xF0 ? 4 : c >= 0xC0 ? 2 : 1;
		}
	}
	return 0;
}

int ts_label_candidate(const ts_textclass *tc, const ts_langs *ls, const char *line, size_t n,
                       ts_label_cand *c)
{
	return candidate(tc, ls, line, n, c, TS_LABEL_MAX_CHARS, MAX_WORDS, SCAN_BYTES);
}

/* candidate() judges a name by its bytes up to the colon and, past the
 * colon, only by whether "//" follows (a URL) and by emphasis markers,
 * which a name that starts with neither '*' nor '_' has none of; a name
 * that starts with a blank or 'Q' takes other paths. */
int ts_label_recent_find(const ts_label_recent *r, const char *line, size_t n, ts_label_cand *c)
{
	for (unsigned k = 0; k < TS_LABEL_RECENT; k++) {
		size_t len = r->v[k].len, t = len + 1;
		if (!len || len >= n || line[len] != ':' || memcmp(line, r->v[k].bytes, len))
			continue;
		if (t + 1 < n && line[t] == '/' && line[t + 1] == '/')
			return 0;
		*c = (ts_label_cand){0, len, t + ts_skip_blanks(line + t, n - t), 0};
		return 1;
	}
	return 0;
}

void ts_label_recent_keep(ts_label_recent *r, const char *line, size_t n, const ts_label_cand *c)
{
	unsigned char b = (unsigned char)line[c->start];
	size_t end = c->start + c->len;
	if (c->len > TS_LABEL_RECENT_BYTES || end >= n || line[end] != ':' || b == '*' || b == '_' ||
	    b == 'Q' || ts_is_blank(b))
		return;
	unsigned k = r->next++ % TS_LABEL_RECENT;
	memcpy(r->v[k].bytes, line + c->start, c->len);
	r->v[k].len = c->len;
}

/* Whether p[0..em) is em emphasis markers m. */
static int closes(const unsigned char *p, size_t em, unsigned char m)
{
	for (size_t j = 0; j < em; j++)
		if (p[j] != m)
			return 0;
	return 1;
}

static int candidate(const ts_textclass *tc, const ts_langs *ls, const char *line, size_t n,
                     ts_label_cand *c, size_t max_chars, size_t max_words, size_t scan_bytes)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = ts_skip_blanks(line, n);
	/* Markdown emphasis around a label: "**MS. SMITH:**", "*Q*:", "__A__:"
	 * (a marker then a blank is a list item, not emphasis) */
	size_t em = 0;
	while (i + em < n && em < 3 && (s[i + em] == '*' || s[i + em] == '_') && s[i + em] == s[i])
		em++;
	if (em && (i + em >= n || ts_is_blank(s[i + em]) || s[i + em] == s[i]))
		em = 0;
	i += em;
	size_t start = i;
	if (i >= n || s[i] == '@')
		return 0;
	if (s[i] != 'Q' && !ts_label_colon_at(s + i, n - i, scan_bytes))
		return 0;

	/* Press style: "Q    Thank you." or "Q.  Thank you."; official
	 * transcripts pad with no-break spaces as often as with spaces */
	if (s[i] == 'Q') {
		size_t j = i + 1;
		if (j < n && s[j] == '.')
			j++;
		size_t k = j, w;
		int blanks = 0;
		uint32_t cp;
		while (k < n && (w = ts_utf8_decode(s + k, n - k, &cp)) && ts_is_blank(cp) && cp != '\r') {
			k += w;
			blanks++;
		}
		if (k < n && (blanks >= 2 || (k > j && s[j] == '\t') || (blanks == 1 && j > i + 1))) {
			*c = (ts_label_cand){start, 1, k, 0};
			return 1;
		}
	}

	size_t chars = 0, words = 1, letters = 0, tok_letters = 0, tok_start = i;
	int prev_space = 0, lower = 0;
	/* past max_chars or max_words, only a label in capitals goes on */
	size_t all_chars = max_chars > TS_LABEL_MAX_CAPS_CHARS ? max_chars : TS_LABEL_MAX_CAPS_CHARS;
	size_t all_words = max_words > TS_LABEL_MAX_CAPS_WORDS ? max_words : TS_LABEL_MAX_CAPS_WORDS;
	while (i < n && chars <= all_chars && (!lower || (chars <= max_chars && words <= max_words))) {
		uint32_t cp;
		size_t k = ts_utf8_decode(s + i, n - i, &cp);
		if (!k || !cp)  /* not text: the line's check reports it, "A\0B：" is no "A" */
			return 0;
		if (cp == ':' || cp == 0xFF1A) {
			size_t len = ts_trim_end(line + start, i - start);
			if (em && len > em && closes(s + start + len - em, em, s[start - 1]))
				len = ts_trim_end(line + start, len - em);  /* "**MS. SMITH**:" */
			if (!len || !letters || (lower && (chars > max_chars || words > max_words)))
				return 0;
			size_t t = i + k;
			if (cp == ':' && t + 1 < n && s[t] == '/' && s[t + 1] == '/')
				return 0;  /* a URL */
			if (em && t + em <= n && closes(s + t, em, s[start - 1]))
				t += em;  /* "**MS. SMITH:**" */
			*c = (ts_label_cand){start, len, t + ts_skip_blanks(line + t, n - t), 0};
			return 1;
		}
		if (is_sentence_punct(cp))
			return 0;
		ts_cclass cc = ts_classify(tc, cp);
		if (cp == '.') {
			/* only after an abbreviation: "MS. SMITH", "Dr. Li", "U.S." */
			if (tok_letters != i - tok_start || !is_abbreviation(ls, s + tok_start, i - tok_start))
				return 0;
			tok_start = i + k;
			tok_letters = 0;
		}
		if (cc.kind == TS_CK_SPACE) {
			if (!prev_space)
				words++;
			prev_space++;
			tok_letters = 0;
			tok_start = i + k;
			if (words > all_words || (lower && words > max_words))
				return 0;
		} else {
			prev_space = 0;
			int digit = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
			if ((cc.kind == TS_CK_ALNUM || cc.kind == TS_CK_CJK) && !digit)
				letters++;  /* "10:30" is a time, not a label */
			if (cc.kind == TS_CK_ALNUM && !digit)
				tok_letters++;
			/* a letter with a capital form, or any CJK: not a label in
			 * capitals (a long CJK prefix is a sentence) */
			if (cc.kind == TS_CK_CJK || (cc.kind == TS_CK_ALNUM && !digit &&
			                             utf8proc_toupper((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp))
				lower = 1;
		}
		chars++;
		i += k;
	}
	return 0;
}

/* ---- several first passes ---- */

/* Prefixes are judged by their bytes, but for the URL test, which looks
 * past the colon: classes that must agree between two passes. */
static int judged_same(long a, long b)
{
	return (a >= 0 && b >= 0) || a == b;
}

int ts_labels_merge(ts_labels *dst, const ts_labels *src)
{
	if (dst->nents + src->nents >= MAX_CANDIDATES)
		return 1;
	for (size_t i = 0; i < src->nents; i++) {
		const entry *e = &src->ents[i];
		int oom = 0;
		entry *d = lookup_raw(dst, e->raw, e->rawlen, 0, -1, &oom);
		if (d && !judged_same(d->id, e->id))
			return 1;
	}
	/* Ids in the order the later part met them: after dst's, as one pass
	 * would have interned them. */
	long *map = malloc((src->nids ? src->nids : 1) * sizeof *map);
	if (!map)
		return -1;
	for (size_t i = 0; i < src->nids; i++) {
		long id = find_id(dst, src->ids[i].id);
		char *copy;
		if (id < 0 && (!(copy = strdup(src->ids[i].id)) || (id = add_id(dst, copy)) < 0)) {
			free(map);
			return -1;
		}
		map[i] = id;
		dst->ids[id].count += src->ids[i].count;
		dst->ids[id].declared |= src->ids[i].declared;
	}
	dst->any_declared |= src->any_declared;
	if (src->longest > dst->longest)
		dst->longest = src->longest;
	if (src->max_chars > dst->max_chars)
		dst->max_chars = src->max_chars;
	if (src->max_words > dst->max_words)
		dst->max_words = src->max_words;
	if (src->scan_bytes > dst->scan_bytes)
		dst->scan_bytes = src->scan_bytes;
	for (size_t i = 0; i < src->nents; i++) {
		const entry *e = &src->ents[i];
		int oom = 0;
		long id = e->id >= 0 ? map[e->id] : e->id;
		if (!lookup_raw(dst, e->raw, e->rawlen, 0, -1, &oom) &&
		    !lookup_raw(dst, e->raw, e->rawlen, 1, id, &oom) && oom) {
			free(map);
			return -1;
		}
	}
	free(map);
	return 0;
}

ts_labels *ts_labels_clone(const ts_labels *l)
{
	ts_labels *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->langs = l->langs;
	c->longest = l->longest;
	c->any_declared = l->any_declared;
	c->max_chars = l->max_chars;
	c->max_words = l->max_words;
	c->scan_bytes = l->scan_bytes;
	c->slots = calloc(l->nslots ? l->nslots : 1, sizeof *c->slots);
	if (!c->slots || TS_GROW(c->ents, c->entcap, l->nents ? l->nents : 1) ||
	    ts_hindex_reserve(&c->rawidx, l->nents, raw_hash, c))
		goto fail;
	for (size_t i = 0; i < l->nents; i++) {
		c->ents[i] = l->ents[i];
		if (!(c->ents[i].raw = malloc(l->ents[i].rawlen + 1)))
			goto fail;
		memcpy(c->ents[i].raw, l->ents[i].raw, l->ents[i].rawlen + 1);
		c->nents = i + 1;
		ts_hindex_put(&c->rawidx, c->ents[i].hash, i);
	}
	for (size_t i = 0; i < l->nids; i++) {
		char *id = strdup(l->ids[i].id);
		if (!id || add_id(c, id) < 0)
			goto fail;
		c->ids[i] = l->ids[i];
		c->ids[i].id = id;
		if (l->ids[i].slot >= 0)
			c->slots[l->ids[i].slot] = id;
	}
	c->nslots = l->nslots;
	return c;
fail:
	ts_labels_free(c);
	return NULL;
}
