/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/rfeat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/qkeys.h"
#include "analyse/questions.h"
#include "analyse/reply_cues.h"
#include "base/caseless.h"
#include "base/hash.h"
#include "base/text.h"

#define NAME(id, name) name,
const char *const ts_rf_names[TS_RF_NAMED] = {TS_RF_NAMED_LIST(NAME)};

int ts_rf_find(const char *name, size_t n)
{
	for (int i = 0; i < TS_RF_NAMED; i++)
		if (strlen(ts_rf_names[i]) == n && !memcmp(ts_rf_names[i], name, n))
			return i;
	return -1;
}

/* A word of the folded text: its bytes there. */
typedef struct ts_rftok {
	uint32_t off, len;
} ts_rftok;

void ts_rfvec_free(ts_rfvec *v)
{
	free(v->v);
	free(v->tok);
	free(v->sent);
	free(v->slot);
	free(v->rsent);
	free(v->rkeys);
	free(v->rkey_end);
	ts_buf_free(&v->reply);
	ts_buf_free(&v->text);
	ts_buf_free(&v->fold);
	memset(v, 0, sizeof *v);
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

/* Append the words of s[0..n) to the folded text, one blank after each:
 * runs of letters and digits without case (an apostrophe inside one keeps
 * it whole: "don't"), and every CJK character a word of its own, so that
 * Chinese word n-grams are character n-grams. */
static int words_of(const ts_textclass *tc, const char *s, size_t n, ts_rfvec *v)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	long open = -1;   /* the start of the word being read in text */
	while (i < n) {
		uint32_t cp;
		size_t k = ts_utf8_decode(u + i, n - i, &cp);
		if (!k)
			k = 1, cp = ' ';
		ts_cclass c = ts_classify(tc, cp);
		int inner = (cp == '\'' || cp == 0x2019) && open >= 0 && i + k < n &&
		            ts_classify(tc, u[i + k]).kind == TS_CK_ALNUM;
		if (c.kind == TS_CK_ALNUM || inner || (c.kind == TS_CK_MARK && open >= 0)) {
			if (ts_buf_reserve(&v->text, 8))
				return TS_ENOMEM;
			if (open < 0)
				open = (long)v->text.len;
			/* ts_ci_fold's ASCII case, without the call */
			uint32_t f = inner ? '\'' : cp < 0x80 ? (uint32_t)ts_ascii_lower((int)cp) : ts_ci_fold(cp);
			v->text.len += utf8_put(v->text.ptr + v->text.len, f);
		} else {
			if (open >= 0) {
				if (TS_GROW(v->tok, v->tok_cap, v->ntok + 1) || ts_buf_append(&v->text, " ", 1))
					return TS_ENOMEM;
				v->tok[v->ntok++] = (ts_rftok){(uint32_t)open, (uint32_t)(v->text.len - 1 - (size_t)open)};
				open = -1;
			}
			if (c.kind == TS_CK_CJK) {
				if (TS_GROW(v->tok, v->tok_cap, v->ntok + 1) || ts_buf_reserve(&v->text, 8))
					return TS_ENOMEM;
				size_t at = v->text.len;
				v->text.len += utf8_put(v->text.ptr + at, cp);
				v->tok[v->ntok++] = (ts_rftok){(uint32_t)at, (uint32_t)(v->text.len - at)};
				if (ts_buf_append(&v->text, " ", 1))
					return TS_ENOMEM;
			}
		}
		i += k;
	}
	if (open >= 0) {
		if (TS_GROW(v->tok, v->tok_cap, v->ntok + 1) || ts_buf_append(&v->text, " ", 1))
			return TS_ENOMEM;
		v->tok[v->ntok++] = (ts_rftok){(uint32_t)open, (uint32_t)(v->text.len - 1 - (size_t)open)};
	}
	return 0;
}

/* Hashed features are summed in a table of 2^bits slots that remembers
 * where each index sits in the vector; only the slots used are cleared. */
typedef struct acc {
	ts_rfvec *v;
	int32_t *slot;       /* index - TS_RF_NAMED -> 1 + its place in v, 0: none */
	uint32_t mask;
	int oom;
} acc;

static inline void add_hashed(acc *a, uint8_t kind, uint64_t seed, uint32_t off, uint32_t len)
{
	const char *t = a->v->text.ptr + off;
	uint32_t h = (uint32_t)(ts_fnv1a(seed, t, len) >> 17) & a->mask;
	int32_t at = a->slot[h];
	if (at) {
		a->v->v[at - 1].value += 1;
		return;
	}
	if (TS_GROW(a->v->v, a->v->cap, a->v->n + 1)) {
		a->oom = 1;
		return;
	}
	a->v->v[a->v->n++] = (ts_rfent){TS_RF_NAMED + h, 1, off, len, kind};
	a->slot[h] = (int32_t)a->v->n;
}

static void set_named(ts_rfvec *v, int id, double value, int *oom)
{
	if (value == 0)
		return;
	if (TS_GROW(v->v, v->cap, v->n + 1)) {
		*oom = 1;
		return;
	}
	v->v[v->n++] = (ts_rfent){(uint32_t)id, (float)value, 0, 0, TS_RFK_NAMED};
}

/* The words and characters of the reply in n-grams: words and pairs of
 * words, the first three words by place, the question's words, and
 * character 4-grams of the folded reply.  Counts are damped (1 + log)
 * and each block (words, characters) scaled to length 1, so that a long
 * reply does not outweigh the named features. */
#define CHAR_GRAM 4

static void hashed(acc *a, size_t rtok, size_t rbytes)
{
	ts_rfvec *v = a->v;
	size_t first = v->n;
	for (size_t i = 0; i < v->ntok; i++) {
		const ts_rftok *t = &v->tok[i];
		if (i < rtok) {
			add_hashed(a, TS_RFK_WORD, TS_FNV_INIT ^ 1, t->off, t->len);
			if (i + 1 < rtok)
				add_hashed(a, TS_RFK_BIGRAM, TS_FNV_INIT ^ 2, t->off,
				           v->tok[i + 1].off + v->tok[i + 1].len - t->off);
			if (i < 3)
				add_hashed(a, TS_RFK_START, TS_FNV_INIT ^ (16 + i), t->off, t->len);
		} else {
			add_hashed(a, TS_RFK_QWORD, TS_FNV_INIT ^ 4, t->off, t->len);
		}
	}
	size_t words_end = v->n;
	/* character grams over the folded reply, by code points */
	const char *s = v->text.ptr;
	/* where the last code points start, in a ring of a power of two (a
	 * mask, not a division, per character) */
	uint32_t at[8];
	size_t seen = 0;
	for (size_t i = 0; i <= rbytes;) {
		at[seen & 7] = (uint32_t)i;
		seen++;
		if (seen > CHAR_GRAM) {
			uint32_t b = at[(seen - 1 - CHAR_GRAM) & 7];
			add_hashed(a, TS_RFK_CHARS, TS_FNV_INIT ^ 8, b, (uint32_t)i - b);
		}
		if (i == rbytes)
			break;
		i++;
		while (i < rbytes && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	/* damp and scale each block */
	size_t bounds[3] = {first, words_end, v->n};
	for (int b = 0; b < 2; b++) {
		double sum = 0;
		for (size_t i = bounds[b]; i < bounds[b + 1]; i++) {
			/* counts are whole numbers, mostly small: log from a table
			 * that log() itself filled, so the values are the same */
			float c = v->v[i].value;
			double x;
			if (c >= TS_RF_LOG_TABLE)
				x = 1 + log(c);
			else if (!(x = v->damped[(int)c]))
				x = v->damped[(int)c] = 1 + log(c);
			v->v[i].value = (float)x;
			sum += x * x;
		}
		double scale = sum > 0 ? 1 / sqrt(sum) : 0;
		for (size_t i = bounds[b]; i < bounds[b + 1]; i++)
			v->v[i].value = (float)(v->v[i].value * scale);
	}
	for (size_t i = first; i < v->n; i++)
		a->slot[v->v[i].index - TS_RF_NAMED] = 0;
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
	size_t k = ts_sentences(lang, s, n, *sent, *cap);
	if (k > *cap) {
		if (TS_GROW(*sent, *cap, k))
			return TS_ENOMEM;
		k = ts_sentences(lang, s, n, *sent, *cap);
	}
	*count = k;
	return 0;
}

/* The reply's own part of the features (its words first in text and tok,
 * its sentences, questions back, cues), kept in v for the next pair with
 * the same reply. */
static int reply_part(const ts_resources *res, int lang_index, const char *r, size_t rn, ts_rfvec *v)
{
	const ts_lang *lang = res->langs->lang[lang_index];
	if (v->r_valid && v->r_lang == lang_index && v->r_res == (const void *)res && v->reply.len == rn &&
	    !memcmp(v->reply.ptr, r, rn)) {
		v->ntok = v->r_tok;
		v->text.len = v->r_bytes;
		return 0;
	}
	v->r_valid = 0;
	v->nkeyed = v->nrkeys = 0;
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
	int opens = 0, oom = 0;
	for (size_t k = 0; k < ns; k++) {
		ts_qtype t;
		int isq = ts_sentence_question(lang, r, &v->rsent[k], &v->fold, &t);
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
	v->r_cue[0] = ts_cue_first_clauses(lang, r, rn, 1, TS_CUES(lang, YES_NO), NULL, what, sizeof what);
	v->r_cue[1] = ts_cue_first_clauses(lang, r, rn, 3, TS_CUES(lang, AGREE), TS_CUES(lang, AGREE_IN), what,
	                                   sizeof what);
	v->r_cue[2] = ts_cue_first_clauses(lang, r, rn, 2, TS_CUES(lang, GRANT), TS_CUES(lang, GRANT_IN), what,
	                                   sizeof what);
	v->r_cue[3] = ts_cue_holds(TS_CUES(lang, NOTE), r, open_end, what, sizeof what);
	v->r_cue[4] = ts_cue_holds(TS_CUES(lang, STALL), r, open_end, what, sizeof what);
	size_t after = ts_cue_after_fillers(lang, r, rn);
	v->r_cue[5] = ts_cue_starts(TS_CUES(lang, REFORMULATE), r + after, rn - after) >= 0;
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

/* What of the question the reply takes up: the share of the question's
 * content keys (qkeys.h) found in the reply, and in its first two
 * sentences.  The keys of the reply's sentences are kept in v as far as
 * they were needed, for the next question to the same reply. */
static int overlap(const ts_resources *res, const ts_lang *lang, const char *q, size_t qn, const char *r,
                   ts_rfvec *v, double *all, double *first)
{
	const ts_sentence *s = v->rsent;
	size_t ns = v->nrsent;
	ts_keyset kq, ks;
	unsigned char found[256] = {0};
	ts_keys(res->tc, lang, q, qn, &kq);
	*all = *first = 0;
	if (!kq.n)
		return 0;
	size_t nfound = 0;
	for (size_t k = 0; k < ns; k++) {
		if (k >= v->nkeyed) {
			ts_keys(res->tc, lang, r + s[k].start, s[k].end - s[k].start, &ks);
			if (TS_GROW(v->rkeys, v->rkeys_cap, v->nrkeys + ks.n) ||
			    TS_GROW(v->rkey_end, v->rkey_end_cap, k + 1))
				return TS_ENOMEM;
			if (ks.n)   /* rkeys may still be NULL */
				memcpy(v->rkeys + v->nrkeys, ks.k, ks.n * sizeof *ks.k);
			v->nrkeys += ks.n;
			v->rkey_end[k] = v->nrkeys;
			v->nkeyed = k + 1;
		}
		size_t nkey = v->rkey_end[k] - (k ? v->rkey_end[k - 1] : 0);
		/* rkeys stays NULL while no sentence has a key: NULL + 0 is undefined */
		const uint64_t *key = nkey ? v->rkeys + (k ? v->rkey_end[k - 1] : 0) : NULL;
		for (size_t i = 0; i < kq.n; i++) {
			if (found[i])
				continue;
			size_t lo = 0, hi = nkey;
			while (lo < hi) {
				size_t m = lo + (hi - lo) / 2;
				if (key[m] < kq.k[i])
					lo = m + 1;
				else
					hi = m;
			}
			if (lo < nkey && key[lo] == kq.k[i])
				found[i] = 1, nfound++;
		}
		if (k == 1 || (k == 0 && ns == 1))
			*first = (double)nfound / (double)kq.n;
		/* all found: the later sentences change neither share */
		if (nfound == kq.n) {
			if (k == 0)
				*first = 1;
			break;
		}
	}
	*all = (double)nfound / (double)kq.n;
	return 0;
}

int ts_rfeat(const ts_resources *res, int lang_index, const char *q, size_t qn, const char *r,
             size_t rn, const ts_rf_defl *defl, size_t ndefl, int bits, ts_rfvec *v)
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
	}
	acc a = {.v = v, .slot = v->slot, .mask = ((uint32_t)1 << bits) - 1};
	if (reply_part(res, lang_index, r, rn, v))
		return TS_ENOMEM;
	size_t rtok = v->ntok, rbytes = v->text.len;
	if (words_of(res->tc, q, qn, v))
		return TS_ENOMEM;
	set_named(v, TS_RF_BIAS, 1, &oom);
	/* the question: the type of its last question sentence */
	size_t ns;
	if (sentences(lang, q, qn, &v->sent, &v->sent_cap, &ns))
		return TS_ENOMEM;
	int qtype = -1, nq = 0;
	for (size_t k = 0; k < ns; k++) {
		ts_qtype t;
		int isq = ts_sentence_question(lang, q, &v->sent[k], &v->fold, &t);
		oom |= isq < 0;
		if (isq > 0)
			qtype = (int)t, nq++;
	}
	set_named(v, qtype < 0 ? TS_RF_Q_NONE : TS_RF_Q_WH + qtype, 1, &oom);
	set_named(v, TS_RF_Q_SEVERAL, nq > 1, &oom);
	/* the reply's sentences: questions back, deflections by place */
	ns = v->nrsent;
	set_named(v, TS_RF_R_ASKS, v->r_asks, &oom);
	set_named(v, TS_RF_R_OPENS_ASKING, v->r_opens, &oom);
	set_named(v, TS_RF_R_ONLY_ASKS, v->r_only, &oom);
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
		set_named(v, TS_RF_D_REFERRAL + c, by[c], &oom);
		set_named(v, TS_RF_DO_REFERRAL + c, first[c], &oom);
		set_named(v, TS_RF_DL_REFERRAL + c, last[c], &oom);
	}
	set_named(v, TS_RF_D_SHARE, ns ? (double)dsent / (double)ns : 0, &oom);
	for (int c = 0; c < 6; c++)
		set_named(v, TS_RF_YES_NO + c, v->r_cue[c], &oom);
	/* what of the question the reply takes up */
	double share, share_first;
	if (overlap(res, lang, q, qn, r, v, &share, &share_first))
		return TS_ENOMEM;
	set_named(v, TS_RF_OVERLAP, share, &oom);
	set_named(v, TS_RF_OVERLAP_NONE, share == 0, &oom);
	set_named(v, TS_RF_OVERLAP_HALF, share >= 0.5, &oom);
	set_named(v, TS_RF_OVERLAP_FIRST, share_first, &oom);
	/* length in words (characters in Chinese) and sentences */
	static const size_t len_upper[] = {5, 15, 40, 100, 250, (size_t)-1};
	static const size_t sent_upper[] = {2, 5, (size_t)-1};
	set_named(v, TS_RF_LEN_1 + bin(rtok, len_upper, 6), 1, &oom);
	set_named(v, TS_RF_SENT_1 + bin(ns ? ns : 1, sent_upper, 3), 1, &oom);
	hashed(&a, rtok, rbytes);
	return oom || a.oom ? TS_ENOMEM : 0;
}
