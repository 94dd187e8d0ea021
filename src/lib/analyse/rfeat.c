/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/rfeat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/lang.h"
#include "analyse/questions.h"
#include "analyse/reply_cues.h"
#include "base/caseless.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/words.h"

#define NAME(id, name) name,
const char *const ts_rf_names[TS_RF_NAMED] = {TS_RF_NAMED_LIST(NAME)};

int ts_rf_find(const char *name, size_t n)
{
	for (int i = 0; i < TS_RF_NAMED; i++)
		if (strlen(ts_rf_names[i]) == n && !memcmp(ts_rf_names[i], name, n))
			return i;
	return -1;
}

/* A word of the folded text: its bytes there, where it starts in its own
 * text, and its hashes, each made once: of the word (FNV-1a from
 * TS_FNV_INIT, so that a content word's is its content key, qkeys.h) and
 * of its stem (stem_len() below), which the overlap of question and reply
 * compares. */
typedef struct ts_rftok {
	uint32_t off, len;
	uint32_t src;
	uint64_t h, stem;
} ts_rftok;

void ts_rfvec_trim(ts_rfvec *v, size_t keep)
{
	if (v->cap * sizeof *v->v > keep || v->tok_cap * sizeof *v->tok > keep ||
	    v->sent_cap * sizeof *v->sent > keep || v->rsent_cap * sizeof *v->rsent > keep || v->text.cap > keep ||
	    v->reply.cap > keep || v->fold.cap > keep)
		ts_rfvec_free(v);
}

static size_t utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The length of a folded English word's stem: less a possessive 's or a
 * plural s, then -ing or -ed, then a final e, i or y (so that issue,
 * issues and issued, policy and policies, study and studied meet).  Crude,
 * but the same on both sides of the comparison. */
static inline uint32_t stem_len(const char *w, uint32_t n, int wide)
{
	if (wide)
		return n;   /* not an English word */
	/* a word that ends in none of the letters below keeps them all (most
	 * do: one test for them, not each rule's own) */
	unsigned z = (unsigned char)w[n - 1] - 'a';
	if (z >= 26 || !(1u << z & (1u << ('s' - 'a') | 1u << ('g' - 'a') | 1u << ('d' - 'a') | 1u << ('e' - 'a') |
	                            1u << ('i' - 'a') | 1u << ('y' - 'a'))))
		return n;
	if (n > 3 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		n--;
	if (n > 5 && !memcmp(w + n - 3, "ing", 3))
		n -= 3;
	else if (n > 4 && w[n - 2] == 'e' && w[n - 1] == 'd')
		n -= 2;
	while (n > 3 && (w[n - 1] == 'e' || w[n - 1] == 'i' || w[n - 1] == 'y'))
		n--;
	return n;
}

/* The ASCII letters and digits folded, 0 for every other byte (those past
 * ASCII too): the test and the fold of a word's byte in one load. */
#define WORD_BYTE(c) \
	((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : ((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') ? (c) : 0)
/* The ASCII bytes that start no word 1 (those past ASCII 0, as in
 * word_byte: no initialiser), which words_of passes over after a word:
 * one load and test a byte, not three. */
#define GAP_BYTE(c) !WORD_BYTE(c)
#define BYTES4(F, c) F(c), F((c) + 1), F((c) + 2), F((c) + 3)
#define BYTES16(F, c) BYTES4(F, c), BYTES4(F, (c) + 4), BYTES4(F, (c) + 8), BYTES4(F, (c) + 12)
#define BYTES64(F, c) BYTES16(F, c), BYTES16(F, (c) + 16), BYTES16(F, (c) + 32), BYTES16(F, (c) + 48)
static const unsigned char word_byte[256] = {BYTES64(WORD_BYTE, 0), BYTES64(WORD_BYTE, 64)};
static const unsigned char gap_byte[256] = {BYTES64(GAP_BYTE, 0), BYTES64(GAP_BYTE, 64)};

/* Close the word of text[open..) that started at byte src of its text;
 * wide: it has a byte past ASCII (words_of knows, without a look at each
 * byte again). */
/* The word text[open..text.len), from byte src of its text, with its
 * hashes made, and the blank after it. */
static inline int put_word(ts_rfvec *v, size_t open, size_t src, uint64_t h, uint64_t stem)
{
	if (TS_GROW(v->tok, v->tok_cap, v->ntok + 1))
		return TS_ENOMEM;
	v->tok[v->ntok++] = (ts_rftok){(uint32_t)open, (uint32_t)(v->text.len - open), (uint32_t)src, h, stem};
	v->text.ptr[v->text.len++] = ' ';   /* words_of reserved the room */
	return 0;
}

static int close_word(ts_rfvec *v, size_t open, size_t src, int wide)
{
	uint32_t len = (uint32_t)(v->text.len - open);
	const char *w = v->text.ptr + open;
	uint32_t sl = stem_len(w, len, wide);
	uint64_t stem = ts_fnv1a(TS_FNV_INIT, w, sl);
	return put_word(v, open, src, ts_fnv1a(stem, w + sl, len - sl), stem);
}

/* Append the words of s[0..n) to the folded text, one blank after each:
 * runs of letters and digits without case (an apostrophe inside one keeps
 * it whole: "don't"), and every CJK character a word of its own, so that
 * Chinese word n-grams are character n-grams. */
static int words_of(const ts_textclass *tc, const char *s, size_t n, ts_rfvec *v)
{
	/* room for all at once: a folded character takes at most three bytes
	 * for each two of the original (U+023A, 2 bytes, folds to U+2C65, 3),
	 * and a blank after it */
	if (ts_buf_reserve(&v->text, 3 * n + 8))
		return TS_ENOMEM;
	const unsigned char *u = (const unsigned char *)s;
	char *o = v->text.ptr;
	size_t i = 0;
	long open = -1;   /* the start of the word being read in text */
	size_t src = 0;   /* and in s */
	int wide = 0;     /* the word has a byte past ASCII */
	while (i < n) {
		uint32_t cp;
		size_t k;
		/* a run of ASCII letters and digits, most of an English text, a
		 * byte at a time without the general case's tests (the ASCII
		 * bytes tc calls letters and digits are these) */
		if (word_byte[u[i]]) {
			size_t at = v->text.len;
			if (open >= 0) {   /* a word begun before the run: "don't" */
				do
					o[at++] = (char)word_byte[u[i++]];
				while (i < n && word_byte[u[i]]);
				v->text.len = at;
				continue;
			}
			/* a word that starts here, folded and hashed in one pass: the
			 * hash after each of its last eight bytes kept, for its stem,
			 * at the byte's place in text (mod 8), not in the word: one
			 * subtraction less a byte */
			size_t start = at, from = i;
			uint64_t h = TS_FNV_INIT, after[8];
			unsigned char c = word_byte[u[i]];
			do {
				o[at] = (char)c;
				h = ts_fnv1a(h, &c, 1);
				after[at++ & 7] = h;
			} while (++i < n && (c = word_byte[u[i]]));
			v->text.len = at;
			if (i < n && (u[i] >= 0x80 || u[i] == '\'')) {
				/* it may go on ("don't", "café"): the general case's */
				open = (long)start, src = from, wide = 0;
				continue;
			}
			/* an ASCII byte ends it: close_word's, with the hashes made */
			uint32_t len = (uint32_t)(at - start), sl = stem_len(o + start, len, 0);
			uint64_t stem = sl == len ? h : len - sl < 8 ? after[(start + sl - 1) & 7] : ts_fnv1a(TS_FNV_INIT, o + start, sl);
			if (put_word(v, start, from, h, stem))
				return TS_ENOMEM;
			/* and the ASCII bytes after it that start no word (an
			 * apostrophe goes inside a word only) */
			while (i < n && gap_byte[u[i]])
				i++;
			continue;
		}
		if (u[i] < 0x80)
			cp = u[i], k = 1;
		else if (!(k = ts_utf8_decode(u + i, n - i, &cp)))
			k = 1, cp = ' ';
		ts_cclass c = ts_classify(tc, cp);
		int inner = (cp == '\'' || cp == 0x2019) && open >= 0 && i + k < n &&
		            ts_classify(tc, u[i + k]).kind == TS_CK_ALNUM;
		if (c.kind == TS_CK_ALNUM || inner || (c.kind == TS_CK_MARK && open >= 0)) {
			if (open < 0)
				open = (long)v->text.len, src = i, wide = 0;
			/* ts_ci_fold's ASCII case, without the call */
			if (cp < 0x80 || inner) {
				o[v->text.len++] = inner ? '\'' : (char)ts_ascii_lower((int)cp);
			} else {
				uint32_t f = ts_ci_fold(cp);
				v->text.len += utf8_put(o + v->text.len, f);
				wide |= f >= 0x80;
			}
		} else {
			if (open >= 0) {
				if (close_word(v, (size_t)open, src, wide))
					return TS_ENOMEM;
				open = -1;
			}
			if (c.kind == TS_CK_CJK) {
				size_t at = v->text.len;
				v->text.len += utf8_put(o + at, cp);
				if (close_word(v, at, i, cp >= 0x80))
					return TS_ENOMEM;
			}
		}
		i += k;
	}
	if (open >= 0 && close_word(v, (size_t)open, src, wide))
		return TS_ENOMEM;
	return 0;
}

/* Hashed features are summed in a table of 2^bits slots that remembers
 * where each index sits in the vector; only the slots used are cleared.
 * The vector has room for them all already (hashed()), and its entries and
 * count are the accumulator's own, so that they stay in registers from one
 * feature to the next (stores through v->v would make the compiler read
 * v->v and v->n again after each: an entry's kind is a byte). */
typedef struct acc {
	ts_rfent *e;         /* the vector's entries */
	size_t n;            /* and their count */
	int32_t *slot;       /* index - TS_RF_NAMED -> 1 + its place in e, 0: none */
	uint32_t mask;
	size_t words_end;    /* the words' block ends at e[words_end]; -1 while it grows */
	unsigned again;      /* a count above 1 in the words' block (1), the characters' (2) */
} acc;

/* A word's hash spread over the bits of a bucket: splitmix64's finish,
 * bits 40 and up (the bucket's), which its last step, h ^ h >> 32, leaves
 * as they were (h >> 32 has none there), so it is not taken. */
static inline uint64_t mix_top(uint64_t h)
{
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	h *= 0x94d049bb133111ebULL;
	return h >> 40;
}

/* Count hash h (already made, of the kind's text at off, len) in its
 * bucket. */
static inline void add_hashed(acc *a, uint8_t kind, uint64_t h, uint32_t off, uint32_t len)
{
	uint32_t b = (uint32_t)mix_top(h) & a->mask;
	int32_t at = a->slot[b];
	if (at) {
		a->e[at - 1].value += 1;
		/* a character gram may fall in a word's bucket */
		a->again |= (size_t)at > a->words_end ? 2u : 1u;
		return;
	}
	a->e[a->n] = (ts_rfent){TS_RF_NAMED + b, 1, off, len, kind};
	a->slot[b] = (int32_t)++a->n;
}

/* Named feature id at value, unless value is 0 (an absent feature weighs
 * nothing), at e[*n]: ts_rfeat made room for every named feature, and the
 * entry is written either way, without a branch on the value. */
static inline void set_named(ts_rfent *e, size_t *n, int id, double value)
{
	e[*n] = (ts_rfent){(uint32_t)id, (float)value, 0, 0, TS_RFK_NAMED};
	*n += value != 0;
}

/* The words and characters in n-grams: the reply's words and pairs of
 * words and its first three words by place; the question's words, pairs
 * of words and first two words by place; character 4-grams of the
 * reply's opening sentence (where it takes its stance: "Look, ...",
 * "Well, what I'd say is"), of its first `cbytes` bytes of folded text.
 * Every hash is made from the words' own (close_word), none from their
 * text again.  Counts are damped (1 + log) and each block (words,
 * characters) scaled to length 1, so that a long reply does not outweigh
 * the named features. */
#define CHAR_GRAM 4

/* Seeds of the kinds of hashed feature, so that a word and the same word
 * asked, or at the start, fall in different buckets. */
enum { SEED_WORD = 1, SEED_BIGRAM = 2, SEED_QWORD = 4, SEED_QBIGRAM = 5, SEED_CHARS = 8, SEED_START = 16,
       SEED_QSTART = 32 };
#define PAIR(a, b) ((a) * 0x9E3779B97F4A7C15ULL + (b))

/* The n words of one text (the reply, then the question): each word, each
 * pair of words, and the first `starts` words by place, of the kinds (and
 * seeds) word, pair and start.  Inlined twice, each with its constants. */
static inline void words_hashed(acc *a, const ts_rftok *t, size_t n, uint8_t kw, uint8_t kp, uint8_t ks,
                                uint64_t sw, uint64_t sp, uint64_t ss, size_t starts)
{
	for (size_t i = 0; i < n; i++) {
		add_hashed(a, kw, t[i].h ^ sw, t[i].off, t[i].len);
		if (i + 1 < n)
			add_hashed(a, kp, PAIR(t[i].h, t[i + 1].h) ^ sp, t[i].off, t[i + 1].off + t[i + 1].len - t[i].off);
		if (i < starts)
			add_hashed(a, ks, t[i].h ^ (ss + i), t[i].off, t[i].len);
	}
}

/* Character grams over the folded opening s[0..n), by code points: the
 * last four in one number. */
static void chars_hashed(acc *a, const unsigned char *s, size_t n)
{
	uint64_t grams = 0;
	unsigned any = 0;
	for (size_t i = 0; i < n; i++)
		any |= s[i];
	if (any < 0x80) {
		/* most openings: a code point a byte, a gram four bytes */
		for (size_t i = 0; i < n; i++) {
			grams = grams << 16 | s[i];
			if (i >= CHAR_GRAM - 1)
				add_hashed(a, TS_RFK_CHARS, grams ^ SEED_CHARS, (uint32_t)(i + 1 - CHAR_GRAM), CHAR_GRAM);
		}
		return;
	}
	/* where the last four start, in a ring */
	uint32_t at[4] = {0};
	size_t seen = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = s[i] < 0x80 ? (cp = s[i], 1) : ts_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1, cp = s[i];
		grams = grams << 16 | (cp & 0xFFFF);
		at[seen++ & 3] = (uint32_t)i;
		i += k;
		if (seen >= CHAR_GRAM) {
			uint32_t b = at[(seen - CHAR_GRAM) & 3];
			add_hashed(a, TS_RFK_CHARS, grams ^ SEED_CHARS, b, (uint32_t)i - b);
		}
	}
}

/* Damp the counts of block e[0..n) and scale it to length 1, and clear
 * the entries' slots for the next pair (in the pass that writes each
 * value); again: a count in it is above 1. */
static void damp_scale(ts_rfent *e, size_t n, int again, const double *damped, int32_t *slot)
{
	if (!again) {
		/* every count 1, damped to 1 + log(1) = 1 (log(1) is +0, C11
		 * F.10.3.7): the squares' sum is n, each value 1 * scale, as the
		 * loops below make them */
		float one = (float)(n ? 1 / sqrt((double)n) : 0);
		for (size_t i = 0; i < n; i++) {
			slot[e[i].index - TS_RF_NAMED] = 0;
			e[i].value = one;
		}
		return;
	}
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		/* counts are whole numbers, mostly small: log from a table that
		 * log() itself filled (with the slots), so the values are the
		 * same */
		float c = e[i].value;
		double x = c >= TS_RF_LOG_TABLE ? 1 + log(c) : damped[(int)c];
		e[i].value = (float)x;
		sum += x * x;
	}
	double scale = sum > 0 ? 1 / sqrt(sum) : 0;
	for (size_t i = 0; i < n; i++) {
		slot[e[i].index - TS_RF_NAMED] = 0;
		e[i].value = (float)(e[i].value * scale);
	}
}

static int hashed(ts_rfvec *v, int bits, size_t rtok, size_t cbytes)
{
	/* room for every feature: at most two a word and the starts, a
	 * character gram a byte */
	if (TS_GROW(v->v, v->cap, v->n + 2 * v->ntok + 5 + cbytes))
		return TS_ENOMEM;
	acc a = {.e = v->v, .n = v->n, .slot = v->slot, .mask = ((uint32_t)1 << bits) - 1, .words_end = (size_t)-1};
	size_t first = a.n;
	const ts_rftok *t = v->tok;
	words_hashed(&a, t, rtok, TS_RFK_WORD, TS_RFK_BIGRAM, TS_RFK_START, SEED_WORD, SEED_BIGRAM, SEED_START, 3);
	words_hashed(&a, t + rtok, v->ntok - rtok, TS_RFK_QWORD, TS_RFK_QBIGRAM, TS_RFK_QSTART, SEED_QWORD,
	             SEED_QBIGRAM, SEED_QSTART, 2);
	size_t words_end = a.words_end = a.n;
	chars_hashed(&a, (const unsigned char *)v->text.ptr, cbytes);
	damp_scale(a.e + first, words_end - first, a.again & 1, v->damped, a.slot);
	damp_scale(a.e + words_end, a.n - words_end, a.again & 2, v->damped, a.slot);
	v->n = a.n;
	return 0;
}

/* The place (0-based) of the sentence that holds byte `at`. */
static size_t sentence_at(const ts_sentence *s, size_t n, size_t at)
{
	size_t k = 0;
	while (k + 1 < n && s[k + 1].start <= at)
		k++;
	return k;
}

static int sentences(const ts_lang *lang, const char *s, size_t n, ts_sentence **sent, size_t *cap,
                     size_t *count)
{
	/* room for most replies at once: a vector is new for each call, and
	 * splitting twice cost as much as the split */
	if (*cap < 64 && TS_GROW(*sent, *cap, 64))
		return TS_ENOMEM;
	size_t k = ts_sentences(lang, s, n, *sent, *cap);
	if (k > *cap) {
		if (TS_GROW(*sent, *cap, k))
			return TS_ENOMEM;
		k = ts_sentences(lang, s, n, *sent, *cap);
	}
	*count = k;
	return 0;
}

/* Whether sentence s of r ends with a question mark (closing quotes and
 * blanks after it aside). */
static int marked(const char *r, const ts_sentence *s)
{
	size_t e = s->end;
	while (e > s->start && (r[e - 1] == ' ' || r[e - 1] == '\t' || r[e - 1] == '"' || r[e - 1] == '\'' ||
	                        r[e - 1] == ')'))
		e--;
	if (e > s->start && r[e - 1] == '?')
		return 1;
	return e >= s->start + 3 && !memcmp(r + e - 3, "\xEF\xBC\x9F", 3);   /* U+FF1F */
}

/* Where question_of has got to in typed texts: the text, and its
 * question. */
typedef struct typed_at {
	size_t text, q;
} typed_at;

/* Whether sentence s of text is a question, and its type, as
 * ts_sentence_question says: from the sentence of typed[at->text..n) with
 * its body and mark, when there is one; no question when one of its start
 * is none and its body is that one's with no more than
 * ts_sentence_question_none_after passes (a reply's turn's last sentence:
 * ". " before the line feed that joins turns is no full stop); else read.
 * Sentences are asked in text order, so the typed texts and questions
 * before *at are not looked at again (a reply's turn may ask thousands). */
static int question_of(const ts_lang *lang, const char *text, const ts_sentence *s,
                       const ts_rf_typed *typed, size_t n, typed_at *at, ts_buf *fold, ts_qtype *t)
{
	for (; at->text < n; at->text++, at->q = 0) {
		const ts_rf_typed *g = &typed[at->text];
		if (s->start < g->at)
			break;
		if (s->start - g->at >= g->n)
			continue;
		if (g->lang != lang)
			break;
		size_t start = s->start - g->at + g->from, lo = 0, hi = g->ns;
		while (lo < hi) {
			size_t m = lo + (hi - lo) / 2;
			if (g->s[m].start < start)
				lo = m + 1;
			else
				hi = m;
		}
		if (lo == g->ns || g->s[lo].start != start)
			break;
		const ts_sentence *k = &g->s[lo];
		/* the question of its start, if it is one */
		/* (by index: a text with no questions may have none at all, and
		 * NULL + 0 is undefined) */
		size_t qi = at->q;
		while (qi < g->nq && g->q[qi].start < start)
			qi++;
		at->q = qi;
		int isq = qi < g->nq && g->q[qi].start == start;
		if (s->body_end - g->at <= g->n && k->body_end == s->body_end - g->at + g->from &&
		    k->marked == s->marked) {
			if (isq)
				*t = g->q[qi].type;
			return isq;
		}
		if (!isq && !k->marked && k->body_end - g->from <= g->n &&
		    ts_sentence_question_none_after(lang, text, s, k->body_end - g->from + g->at))
			return 0;
		break;
	}
	return ts_sentence_question(lang, text, s, fold, t);
}

/* The reply's own part of the features (its words first in text and tok,
 * its sentences, questions back, cues), kept in v for the next pair with
 * the same reply. */
static int reply_part(const ts_resources *res, int lang_index, const char *r, size_t rn,
                      const ts_rf_typed *typed, size_t ntyped, ts_rfvec *v)
{
	const ts_lang *lang = res->langs->lang[lang_index];
	if (v->r_valid && v->r_lang == lang_index && v->r_res == (const void *)res && v->reply.len == rn &&
	    !memcmp(v->reply.ptr, r, rn)) {
		v->ntok = v->r_tok;
		v->text.len = v->r_bytes;
		return 0;
	}
	v->r_valid = 0;
	v->ntok = 0;
	v->text.len = 0;
	v->reply.len = 0;
	if (words_of(res->tc, r, rn, v) || ts_buf_append(&v->reply, r, rn))
		return TS_ENOMEM;
	v->r_tok = v->ntok, v->r_bytes = v->text.len;
	size_t ns;
	if (sentences(lang, r, rn, &v->rsent, &v->rsent_cap, &ns))
		return TS_ENOMEM;
	v->nrsent = ns;
	size_t asks = 0;
	typed_at cur = {0, 0};
	int opens = 0, oom = 0;
	for (size_t k = 0; k < ns; k++) {
		/* after the opening two sentences only a marked question asks
		 * back: a long answer's unmarked interrogative forms are mostly
		 * its own ("what do we do? ... "), and testing each sentence's
		 * form cost a tenth of a pair */
		if (k >= 2 && !marked(r, &v->rsent[k]))
			continue;
		ts_qtype t;
		int isq = question_of(lang, r, &v->rsent[k], typed, ntyped, &cur, &v->fold, &t);
		oom |= isq < 0;
		if (isq > 0 && t != TS_Q_TAG) {
			asks++;
			opens |= k == 0;
		}
		/* a question back seen, and a sentence that is not one: the
		 * rest changes none of the three */
		if (asks && asks <= k)
			break;
	}
	if (oom)
		return TS_ENOMEM;
	v->r_asks = asks > 0;
	v->r_opens = opens;
	v->r_only = ns && asks == ns;
	/* cues of the language's replies section (reply_cues.h); taking note
	 * and stalling in the opening two sentences, where they set the reply's
	 * stance (and searching a long reply whole for them cost a third of
	 * the time of a pair) */
	char what[96];
	size_t open_end = ns ? v->rsent[ns < 2 ? ns - 1 : 1].end : rn;
	/* the fillers found once, for the four rules that start after them,
	 * and the reply folded once for every list (reply_cues.h) */
	ts_cue_text ct;
	ts_cue_text_set(&ct, r, rn, 1);
	size_t after = ts_cue_text_after_fillers(lang, &ct);
	const ts_cue_ask first[3] = {{1, TS_CUES(lang, YES_NO), NULL},
	                             {3, TS_CUES(lang, AGREE), TS_CUES(lang, AGREE_IN)},
	                             {2, TS_CUES(lang, GRANT), TS_CUES(lang, GRANT_IN)}};
	ts_cue_text_first_clauses_all(&ct, after, first, 3, v->r_cue);
	v->r_cue[3] = ts_cue_text_holds(TS_CUES(lang, NOTE), &ct, 0, open_end, what, sizeof what);
	v->r_cue[4] = ts_cue_text_holds(TS_CUES(lang, STALL), &ct, 0, open_end, what, sizeof what);
	v->r_cue[5] = ts_cue_text_starts(TS_CUES(lang, REFORMULATE), &ct, after) >= 0;
	v->r_lang = lang_index;
	v->r_res = res;
	v->r_valid = 1;
	return 0;
}

static int bin(size_t x, const size_t *upper, int n)
{
	int b = 0;
	while (b < n - 1 && x >= upper[b])
		b++;
	return b;
}

static int by_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Whether word t of text is one of list l: by the hash the word has
 * (ts_words_has's own, of the same bytes), after the list's test of its
 * first byte and length, which rules out most words without a probe. */
static inline int in_list(const ts_words *l, const char *text, const ts_rftok *t)
{
	return ts_words_may_be(l, (unsigned char)text[t->off], t->len) &&
	       ts_words_has_hashed(l, text + t->off, t->len, t->h) >= 0;
}

/* Token i's content unit, or 0: its stem in a language of content words
 * (a word of keys.min_length or more, not a stop word; in the reply any
 * word, since only the question's units are looked for), a pair of
 * adjacent ideographs (none a function character) in one of pairs. */
static uint64_t unit(const ts_lang *lang, const ts_rfvec *v, size_t i, size_t end, int question)
{
	const ts_rftok *t = &v->tok[i];
	if (lang->keys_by == TS_KEYS_WORDS) {
		if (question && ((int)t->len < lang->min_word_length ||
		                 in_list(&lang->list[TS_L_K_STOP_WORDS], v->text.ptr, t)))
			return 0;
		return t->stem;
	}
	if (i + 1 >= end || t[1].src != t->src + t->len || (unsigned char)v->text.ptr[t->off] < 0x80 ||
	    (unsigned char)v->text.ptr[t[1].off] < 0x80)
		return 0;
	if (question) {
		const ts_words *fc = &lang->list[TS_L_K_FUNCTION_CHARACTERS];
		if (in_list(fc, v->text.ptr, t) || in_list(fc, v->text.ptr, t + 1))
			return 0;
	}
	return PAIR(t->h, t[1].h);
}

/* What of the question the reply takes up, in one pass over the reply's
 * words: the share of the question's content units (unit()) found in the
 * reply, in its first two sentences, and in the one sentence that holds
 * most of them; the sentence of the first found; and the reply's numbers
 * (a word that starts with a digit).  Also where the reply's opening
 * sentence ends in the folded text. */
typedef struct overlap_out {
	double all, first, best;
	long at;           /* the sentence of the first unit found, or -1 */
	size_t numbers;
	size_t open_bytes;
} overlap_out;

#define MAX_UNITS 256

/* The bit of unit u in overlap's mask of the question's units: its top six
 * bits once mixed (a stem's FNV-1a differs little there from a stem one
 * byte longer). */
static inline unsigned unit_bit(uint64_t u)
{
	return (unsigned)(u * 0x9E3779B97F4A7C15ULL >> 58);
}

static void overlap(const ts_lang *lang, size_t rtok, ts_rfvec *v, overlap_out *o)
{
	uint64_t qk[MAX_UNITS];
	size_t nq = 0;
	for (size_t i = rtok; i < v->ntok && nq < MAX_UNITS; i++) {
		uint64_t u = unit(lang, v, i, v->ntok, 1);
		if (u)
			qk[nq++] = u;
	}
	/* a question has a dozen units or so: sorted in place, where qsort
	 * took a call of its comparison for each step */
	if (nq <= 32) {
		for (size_t i = 1; i < nq; i++) {
			uint64_t x = qk[i];
			size_t j = i;
			for (; j && qk[j - 1] > x; j--)
				qk[j] = qk[j - 1];
			qk[j] = x;
		}
	} else {
		qsort(qk, nq, sizeof *qk, by_key);
	}
	size_t w = 0;
	for (size_t i = 0; i < nq; i++)
		if (!w || qk[w - 1] != qk[i])
			qk[w++] = qk[i];
	nq = w;
	/* a bit of 64 for each unit, by its bits mixed: most of the reply's
	 * words are ruled out by their bit, without a search */
	uint64_t bits = 0;
	for (size_t i = 0; i < nq; i++)
		bits |= (uint64_t)1 << unit_bit(qk[i]);
	/* last[j]: 1 + the sentence where unit j was last counted, 0: not found */
	uint32_t last[MAX_UNITS];
	memset(last, 0, nq * sizeof *last);
	const ts_sentence *s = v->rsent;
	size_t ns = v->nrsent, k = 0, cur = 0, best = 0, found = 0, first = 0;
	*o = (overlap_out){.at = -1, .open_bytes = v->r_bytes};
	int opening = 1;
	for (size_t i = 0; i < rtok; i++) {
		const ts_rftok *t = &v->tok[i];
		while (k + 1 < ns && t->src >= s[k + 1].start)
			k++, cur = 0;
		if (k && opening) {
			opening = 0;
			o->open_bytes = t->off;
		}
		o->numbers += (unsigned)((unsigned char)v->text.ptr[t->off] - (unsigned char)'0') < 10u;
		uint64_t u = nq ? unit(lang, v, i, rtok, 0) : 0;
		if (!u || !(bits >> unit_bit(u) & 1))
			continue;
		size_t lo = 0, hi = nq;
		while (lo < hi) {
			size_t m = lo + (hi - lo) / 2;
			if (qk[m] < u)
				lo = m + 1;
			else
				hi = m;
		}
		if (lo == nq || qk[lo] != u || last[lo] == k + 1)
			continue;
		if (!last[lo]) {
			found++;
			first += k < 2;
			if (o->at < 0)
				o->at = (long)k;
		}
		last[lo] = (uint32_t)(k + 1);
		if (++cur > best)
			best = cur;
	}
	if (nq) {
		o->all = (double)found / (double)nq;
		o->first = (double)first / (double)nq;
		o->best = (double)best / (double)nq;
	}
}

int ts_rfeat(const ts_resources *res, int lang_index, const char *q, size_t qn, const char *r,
             size_t rn, const ts_rf_defl *defl, size_t ndefl, int bits, ts_rfvec *v)
{
	return ts_rfeat_typed(res, lang_index, q, qn, r, rn, defl, ndefl, bits, NULL, 0, NULL, 0, v);
}

int ts_rfeat_typed(const ts_resources *res, int lang_index, const char *q, size_t qn, const char *r,
                   size_t rn, const ts_rf_defl *defl, size_t ndefl, int bits,
                   const ts_rf_typed *tq, size_t ntq, const ts_rf_typed *tr, size_t ntr,
                   ts_rfvec *v)
{
	const ts_lang *lang = res->langs->lang[lang_index];
	int oom = 0;
	v->n = v->ntok = 0;
	v->text.len = 0;
	/* the hashed table, one per vector and size */
	if (v->slot_bits != bits) {
		free(v->slot);
		v->slot_bits = 0;
		if (!(v->slot = calloc((size_t)1 << bits, sizeof *v->slot)))
			return TS_ENOMEM;
		v->slot_bits = bits;
		for (int c = 1; c < TS_RF_LOG_TABLE; c++)
			v->damped[c] = 1 + log(c);
	}
	if (reply_part(res, lang_index, r, rn, tr, ntr, v))
		return TS_ENOMEM;
	size_t rtok = v->ntok;
	if (words_of(res->tc, q, qn, v))
		return TS_ENOMEM;
	/* room for the named features, each at most once */
	if (TS_GROW(v->v, v->cap, TS_RF_NAMED))
		return TS_ENOMEM;
	ts_rfent *e = v->v;
	size_t n = 0;
	set_named(e, &n, TS_RF_BIAS, 1);
	/* the question: the type of its last question sentence */
	size_t ns;
	if (sentences(lang, q, qn, &v->sent, &v->sent_cap, &ns))
		return TS_ENOMEM;
	int qtype = -1, nq = 0;
	typed_at cur = {0, 0};
	for (size_t k = 0; k < ns; k++) {
		ts_qtype t;
		int isq = question_of(lang, q, &v->sent[k], tq, ntq, &cur, &v->fold, &t);
		oom |= isq < 0;
		if (isq > 0)
			qtype = (int)t, nq++;
	}
	set_named(e, &n, qtype < 0 ? TS_RF_Q_NONE : TS_RF_Q_WH + qtype, 1);
	set_named(e, &n, TS_RF_Q_SEVERAL, nq > 1);
	/* the reply's sentences: questions back, deflections by place */
	ns = v->nrsent;
	set_named(e, &n, TS_RF_R_ASKS, v->r_asks);
	set_named(e, &n, TS_RF_R_OPENS_ASKING, v->r_opens);
	set_named(e, &n, TS_RF_R_ONLY_ASKS, v->r_only);
	int by[TS_CAT_COUNT] = {0}, first[TS_CAT_COUNT] = {0}, last[TS_CAT_COUNT] = {0};
	size_t dsent = 0, prev = (size_t)-1;
	for (size_t i = 0; i < ndefl; i++) {
		if ((unsigned)defl[i].category >= TS_CAT_COUNT)
			continue;
		size_t k = ns ? sentence_at(v->rsent, ns, defl[i].start) : 0;
		by[defl[i].category] = 1;
		first[defl[i].category] |= k == 0;
		last[defl[i].category] |= ns && k + 1 == ns;
		dsent += k != prev;
		prev = k;
	}
	for (int c = 0; c < TS_CAT_COUNT; c++) {
		set_named(e, &n, TS_RF_D_REFERRAL + c, by[c]);
		set_named(e, &n, TS_RF_DO_REFERRAL + c, first[c]);
		set_named(e, &n, TS_RF_DL_REFERRAL + c, last[c]);
	}
	set_named(e, &n, TS_RF_D_SHARE, ns ? (double)dsent / (double)ns : 0);
	for (int c = 0; c < 6; c++)
		set_named(e, &n, TS_RF_YES_NO + c, v->r_cue[c]);
	/* what of the question the reply takes up */
	overlap_out ov;
	overlap(lang, rtok, v, &ov);
	set_named(e, &n, TS_RF_OVERLAP, ov.all);
	set_named(e, &n, TS_RF_OVERLAP_NONE, ov.all == 0);
	set_named(e, &n, TS_RF_OVERLAP_HALF, ov.all >= 0.5);
	set_named(e, &n, TS_RF_OVERLAP_FIRST, ov.first);
	set_named(e, &n, TS_RF_OVERLAP_BEST, ov.best);
	if (ov.at >= 0)
		set_named(e, &n, ov.at == 0 ? TS_RF_OVERLAP_AT_1 : ov.at < 3 ? TS_RF_OVERLAP_AT_2 : TS_RF_OVERLAP_AT_4,
		          1);
	/* specifics: numbers, dates, amounts */
	if (ov.numbers)
		set_named(e, &n, ov.numbers < 3 ? TS_RF_NUMBERS_1 : TS_RF_NUMBERS_3, 1);
	/* the question's type with what the reply does with it */
	int yesno = qtype == TS_Q_YESNO || qtype == TS_Q_ALTERNATIVE;
	set_named(e, &n, TS_RF_YESNO_OPENS, yesno && v->r_cue[0]);
	set_named(e, &n, TS_RF_YESNO_NOT, yesno && !v->r_cue[0]);
	set_named(e, &n, TS_RF_WH_NO_OVERLAP, qtype == TS_Q_WH && ov.all == 0);
	/* length in words (characters in Chinese) and sentences */
	static const size_t len_upper[] = {5, 15, 40, 100, 250, (size_t)-1};
	static const size_t sent_upper[] = {2, 5, (size_t)-1};
	set_named(e, &n, TS_RF_LEN_1 + bin(rtok, len_upper, 6), 1);
	set_named(e, &n, TS_RF_SENT_1 + bin(ns ? ns : 1, sent_upper, 3), 1);
	v->n = n;
	return oom || hashed(v, bits, rtok, ov.open_bytes) ? TS_ENOMEM : 0;
}
