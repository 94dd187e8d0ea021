/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/questions.h"

#include <string.h>

#include "analyse/qform.h"
#include "base/caseless.h"
#include "base/swar.h"
#include "base/text.h"

/* The rules are the language's (data/lang, docs/languages.md): its word
 * lists, and which mechanism of the two below reads its questions by their
 * form.  The mechanisms are code; the words they look for are data. */

/* ---- sentences ---- */

/* with their lengths: measured once here, not at every mark */
#define CLOSER(s) {s, sizeof s - 1}
static const struct closer {
	const char *s;
	size_t len;
} closers[] = {CLOSER("”"), CLOSER("’"), CLOSER("\""), CLOSER("'"), CLOSER("）"),
               CLOSER(")"), CLOSER("」"), CLOSER("』"), CLOSER("】"), {NULL, 0}};

/* The first bytes of the closers: after most marks is a blank or the
 * end, which a load of this rules out. */
static const unsigned char closer_lead[256] = {
	['"'] = 1, ['\''] = 1, [')'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* The closing quotes and brackets from s[j], as many as follow (no closer
 * starts another: at most one matches at a place). */
static size_t past_closers(const char *s, size_t n, size_t j)
{
	while (j < n && closer_lead[(unsigned char)s[j]]) {
		size_t k = 0;
		while (closers[k].s &&
		       !(n - j >= closers[k].len && !memcmp(s + j, closers[k].s, closers[k].len)))
			k++;
		if (!closers[k].s)
			break;
		j += closers[k].len;
	}
	return j;
}

/* Whether the '.' at s[i] ends a sentence: a blank or the end follows, and
 * the word before is not one of the language's titles or other
 * abbreviations ("Mr.", "U.S.") or an initial. */
static int full_stop(const ts_lang *lang, const char *s, size_t n, size_t i)
{
	size_t j = past_closers(s, n, i + 1);  /* past closing quotes: "Yes.” Then" */
	if (j < n && s[j] != ' ' && s[j] != '\t')
		return 0;
	/* A word longer than every abbreviation and title (and than an
	 * initial) is neither: the letters before its last `most` + 1 are
	 * not read, and it is not looked up ("basically." was read whole and
	 * hashed, where "U.S." is three bytes, "Cmdr." four). */
	const ts_words *abbr = TS_QLIST(lang, ABBREVIATIONS), *titles = TS_QLIST(lang, TITLES);
	size_t most = abbr->longest > titles->longest ? abbr->longest : titles->longest;
	if (!most)
		most = 1;
	size_t b = i, stop = i > most + 1 ? i - most - 1 : 0;
	while (b > stop && (ts_ascii_letter(s[b - 1]) || s[b - 1] == '.'))
		b--;
	char w[32];
	size_t len = i - b;
	if (len > most)
		return 1;
	if (!len || len >= sizeof w)
		return len != 0;
	/* folded (ts_ci_fold lowers ASCII) and hashed once for both lists */
	uint64_t h = TS_FNV_INIT;
	for (size_t k = 0; k < len; k++) {
		w[k] = (char)ts_ascii_lower((unsigned char)s[b + k]);
		h = ts_fnv1a(h, &w[k], 1);
	}
	if (ts_words_has_hashed(abbr, w, len, h) >= 0 || ts_words_has_hashed(titles, w, len, h) >= 0)
		return 0;
	/* a single capital before '.': an initial ("John F. Kennedy") */
	return !(len == 1 && ts_ascii_upper(s[b]));
}

static const unsigned char term_lead[256] = {
	['?'] = 1, ['!'] = 1, ['.'] = 1, [0xEF] = 1, [0xE3] = 1, [0xE2] = 1,
};

#if defined(__SSE2__)
/* A bit for each of the sixteen places from u where a terminal mark
 * starts (u[0..18) are read).  Each of the marks is tested by all its
 * bytes: their lead bytes start much else in Chinese text (，：、 are
 * EF BC 8C, EF BC 9A, E3 80 81).  Out of line: inlined at both its
 * calls, next_mark took 6% more (GCC 12, -O2). */
static unsigned marks_in16(const unsigned char *u)
{
	__m128i a = _mm_loadu_si128((const void *)u);
	__m128i b = _mm_loadu_si128((const void *)(u + 1));
	__m128i c = _mm_loadu_si128((const void *)(u + 2));
	__m128i ascii =
	    _mm_or_si128(_mm_or_si128(ts_sse_eq(a, '?'), ts_sse_eq(a, '!')), ts_sse_eq(a, '.'));
	/* ？ ！ */
	__m128i wide = _mm_and_si128(_mm_and_si128(ts_sse_eq(a, 0xEF), ts_sse_eq(b, 0xBC)),
	                             _mm_or_si128(ts_sse_eq(c, 0x9F), ts_sse_eq(c, 0x81)));
	/* 。 and … */
	__m128i e380 = _mm_and_si128(
	    ts_sse_eq(b, 0x80), _mm_or_si128(_mm_and_si128(ts_sse_eq(a, 0xE3), ts_sse_eq(c, 0x82)),
	                                     _mm_and_si128(ts_sse_eq(a, 0xE2), ts_sse_eq(c, 0xA6))));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, _mm_or_si128(wide, e380)));
}
#endif

/* The first place from i where a terminal mark may start (? ! . or the
 * first byte of ？ ！ 。 …), sixteen places at a time with SSE2 (every
 * x86-64 has it): the places whose three bytes lie in u[0..n), the last
 * sixteen of them read as the window that ends at the text's end, not
 * byte by byte by the loop below (the mark that ends most turns is
 * there).  Where that stops (a text shorter than eighteen bytes, its
 * last two places), the loop below goes on byte by byte. */
static inline size_t next_mark(const unsigned char *u, size_t i, size_t n, int ascii_first)
{
#if defined(__SSE2__)
	for (; i + 18 <= n; i += 16) {
		if (ascii_first) {
			/* sixteen bytes of ASCII (no high bit) hold no mark of
			 * three bytes: ? ! . by the one load, and the rest only for
			 * a block with a byte of 0x80 or up */
			__m128i a = _mm_loadu_si128((const void *)(u + i));
			unsigned am = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(ts_sse_eq(a, '?'), ts_sse_eq(a, '!')), ts_sse_eq(a, '.')));
			if (!_mm_movemask_epi8(a)) {
				if (am)
					return i + (unsigned)__builtin_ctz(am);
				continue;
			}
		}
		unsigned m = marks_in16(u + i);
		if (m)
			return i + (unsigned)__builtin_ctz(m);
	}
	/* here i > n - 18: the window from n - 18 holds places i.. */
	if (n >= 18 && i < n - 2) {
		size_t w = n - 18;
		unsigned m = marks_in16(u + w) >> (i - w);
		if (m)
			return i + (unsigned)__builtin_ctz(m);
		i = n - 2;
	}
#else
	(void)u, (void)n, (void)ascii_first;
#endif
	return i;
}

size_t ts_sentences_next_mark(const unsigned char *u, size_t i, size_t n, int ascii_first)
{
	return ascii_first ? next_mark(u, i, n, 1) : next_mark(u, i, n, 0);
}

size_t ts_sentences(const ts_lang *lang, const char *s, size_t n, ts_sentence *out, size_t max)
{
	return ts_sentences_from(lang, s, n, 0, out, max);
}

size_t ts_sentences_from(const ts_lang *lang, const char *s, size_t n, size_t from,
                         ts_sentence *out, size_t max)
{
	size_t count = 0, start = 0, i = from < n ? from : n;
	const unsigned char *u = (const unsigned char *)s;
	/* a language of words (English) is written mostly in ASCII */
	int ascii_first = lang->unit == TS_UNIT_WORDS;
	/* from a turn's unmarked bytes, at the first place a mark may start
	 * (a line's last, mostly): no window to read for it */
	int at_mark = i > 0;
	while (i < n) {
		if (!at_mark)
			i = ascii_first ? next_mark(u, i, n, 1) : next_mark(u, i, n, 0);
		at_mark = 0;
		/* only ? ! . and the lead bytes of ？！ (EF) 。 (E3) … (E2) can start
		 * a terminal mark: skip the rest by a table, four bytes at a time
		 * (a Chinese character is three bytes none of which is one) */
		while (n - i >= 4 && !term_lead[u[i]] && !term_lead[u[i + 1]] && !term_lead[u[i + 2]] &&
		       !term_lead[u[i + 3]])
			i += 4;
		if (i >= n)
			break;
		if (!term_lead[u[i]]) {
			i++;
			continue;
		}
		size_t term = 0;  /* bytes of the terminal run at i */
		int marked = 0, broken = 0;
		for (;;) {
			size_t j = i + term;
			/* (each mark starts with a byte of term_lead: after the
			 * last of a run is mostly a character that starts none) */
			if (j >= n || !term_lead[u[j]])
				break;
			if (ts_starts(s + j, n - j, "？") || s[j] == '?') {
				marked = 1;
				term += s[j] == '?' ? 1 : 3;
			} else if (ts_starts(s + j, n - j, "。") || ts_starts(s + j, n - j, "！")) {
				term += 3;
			} else if (s[j] == '!') {
				term += 1;
			} else if (ts_starts(s + j, n - j, "…")) {
				broken = 1;
				term += 3;
			} else if (ts_starts(s + j, n - j, "...")) {
				broken = 1;
				term += 3;
			} else if (s[j] == '.' && lang->full_stop && full_stop(lang, s, n, j)) {
				term += 1;
			} else {
				break;
			}
		}
		if (!term) {
			i++;
			continue;
		}
		/* the sentence ends past the closing quotes after the mark */
		size_t body_end = i, end = past_closers(s, n, i + term);
		if (body_end > start) {
			if (count < max)
				out[count] = (ts_sentence){start, end, body_end, marked, broken && !marked};
			count++;
		}
		start = end;
		while (start < n && (s[start] == ' ' || s[start] == '\t'))
			start++;
		i = end;
	}
	/* the rest: a sentence without a terminal mark */
	size_t e = n;
	while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e > start) {
		if (count < max)
			out[count] = (ts_sentence){start, e, e, 0, 0};
		count++;
	}
	return count;
}


/* ---- questions ---- */

/* The mechanisms by the name a language file gives (questions.form). */
static const ts_qform_fn forms[] = {
	[TS_QFORM_PARTICLES] = ts_qform_particles,
	[TS_QFORM_INVERSION] = ts_qform_inversion,
};

int ts_sentence_question_none_after(const ts_lang *lang, const char *text, const ts_sentence *s,
                                    size_t at)
{
	if (s->marked || at > s->body_end)
		return 0;
	/* (no rules of form: a question is marked) */
	if (lang->qform <= TS_QFORM_NONE || lang->qform >= (int)(sizeof forms / sizeof *forms))
		return 1;
	return lang->qform == TS_QFORM_INVERSION &&
	       ts_qform_inversion_none_after(lang, text + at, s->body_end - at);
}

int ts_sentence_question(const ts_lang *lang, const char *text, const ts_sentence *sn, ts_buf *fold,
                ts_qtype *type)
{
	const char *s = text + sn->start;
	size_t n = sn->body_end - sn->start;
	if (!n)
		return 0;
	if (lang->qform <= TS_QFORM_NONE || lang->qform >= (int)(sizeof forms / sizeof *forms)) {
		/* no rules of form: a question is marked, and asks yes or no */
		*type = TS_Q_YESNO;
		return sn->marked;
	}
	const char *f = s;
	size_t fn = n;
	if (!lang->qplain) {
		fold->len = 0;
		if (ts_ci_fold_text(s, n, fold))
			return TS_ENOMEM;
		f = fold->ptr;
		fn = fold->len;
	}
	return forms[lang->qform](lang, s, n, f, fn, sn->marked, type);
}
