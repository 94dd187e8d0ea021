/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The matcher's prefilter: the automaton stepped over a text's bytes as
 * they are, without folding them into arrays, to tell a text in which no
 * piece could be found.  Most English turns have none (en5: 71% of the
 * bytes are in turns without one), and folding them, leaving out repairs
 * and scanning the folded text cost three times a step by each byte.
 *
 * Where the text is such that each character folds to one (ASCII letters
 * to lower case, a run of blanks to one space), the steps are those the
 * scan takes over the folded text, and so are the pieces found; anything
 * else (characters that fold to none or several, CJK text and wide
 * characters, whose blanks may fold to nothing, blanks beyond ASCII, text
 * not UTF-8) sends the text to the scan.  Chinese text has a piece every
 * few characters (zh5: one every eight), which no prefilter can skip. */
#include "config.h"

#include "analyse/match_int.h"

#include "base/text.h"

/* raw_sym: a byte that needs more than a step by its near symbol */
#define RAW_SLOW 0xFF

void ts_match_build_raw(ts_matcher *m)
{
	m->prefilter = m->nrows == m->nnodes && m->space_sym < NEAR;
	if (!m->prefilter)
		return;
	for (unsigned b = 0; b < 256; b++) {
		uint32_t out[TS_FOLD_MAX];
		uint8_t cls[TS_FOLD_MAX];
		m->raw_sym[b] = RAW_SLOW;
		if (b >= 0x80)
			continue;
		m->raw_cls[b] = 0;
		if (ts_fold_char(m->fold, b, out, cls) != 1 || out[0] >= 0x80)
			continue;
		m->raw_cp[b] = (uint8_t)out[0];
		m->raw_cls[b] = cls[0];
		uint32_t s = ts_match_symbol(m, out[0]);
		if (s < NEAR && !(cls[0] & (TS_FC_WIDE | TS_FC_CJK)) && out[0] != '.' && out[0] != '-')
			m->raw_sym[b] = (uint8_t)s;
	}
}

/* The character at s[i] as it folds, when it folds to one: its length in
 * bytes, *cp and *cls; 0 for any other (the caller then takes the text to
 * be one the prefilter cannot judge). */
static size_t char_beyond(const ts_matcher *m, const unsigned char *s, size_t len, size_t i,
                          uint32_t *cp, uint8_t *cls)
{
	uint32_t c, out[TS_FOLD_MAX];
	uint8_t cl[TS_FOLD_MAX];
	size_t k = ts_utf8_decode(s + i, len - i, &c);
	if (!k || c >= 0x10000 || ts_fold_char(m->fold, c, out, cl) != 1)
		return 0;
	*cp = out[0];
	*cls = cl[0];
	return k;
}

static inline size_t char_at(const ts_matcher *m, const unsigned char *s, size_t len, size_t i,
                             uint32_t *cp, uint8_t *cls)
{
	unsigned b = s[i];
	if (b >= 0x80)
		return char_beyond(m, s, len, i, cp, cls);
	*cp = m->raw_cp[b];
	*cls = m->raw_cls[b];
	return *cls ? 1 : 0;
}

/* The start of the character that ends at s[j] (j > 0). */
static size_t char_start(const unsigned char *s, size_t j)
{
	size_t st = j - 1;
	for (int k = 0; k < 3 && st > 0 && (s[st] & 0xC0) == 0x80; k++)
		st--;
	return st;
}

/* The folded character that ends at s[j], j > 0: as char_at, from *st. */
static size_t char_before(const ts_matcher *m, const unsigned char *s, size_t len, size_t j,
                          size_t *st, uint32_t *cp, uint8_t *cls)
{
	*st = char_start(s, j);
	return char_at(m, s, len, *st, cp, cls);
}

/* Whether a piece may have a word boundary after it, its last character
 * ending at s[e]: right_ok of the folded text, where a character is one
 * folded and a run of blanks a space.  1 when not known. */
static int right_may(const ts_matcher *m, const unsigned char *s, size_t len, size_t e)
{
	uint32_t c;
	uint8_t cls;
	size_t k;
	if (e >= len || !(k = char_at(m, s, len, e, &c, &cls)) || !(cls & (TS_FC_WORD | TS_FC_JOIN)))
		return 1;
	if (cls & TS_FC_WORD)
		return 0;
	return e + k >= len || !char_at(m, s, len, e + k, &c, &cls) || !(cls & TS_FC_WORD);
}

/* Whether a piece of plen folded characters, the last from s[last], may
 * have a word boundary before it (left_ok): its first character is found
 * plen - 1 characters back, a run of blanks being one. */
static int left_may(const ts_matcher *m, const unsigned char *s, size_t len, size_t last,
                    uint32_t plen)
{
	size_t j = last, st;
	uint32_t c;
	uint8_t cls;
	for (uint32_t k = 1; k < plen; k++) {
		if (!j || !char_before(m, s, len, j, &st, &c, &cls))
			return 1;
		if (cls & TS_FC_SPACE)
			while (st > 0 && s[st - 1] < 0x80 && (m->raw_cls[s[st - 1]] & TS_FC_SPACE))
				st--;
		j = st;
	}
	if (!j || !char_before(m, s, len, j, &st, &c, &cls) || !(cls & (TS_FC_WORD | TS_FC_JOIN)))
		return 1;
	if (cls & TS_FC_WORD)
		return 0;
	return !st || !char_before(m, s, len, st, &st, &c, &cls) || !(cls & TS_FC_WORD);
}

/* Whether a piece that ends at node q, its last character at s[last ..
 * e), may be kept by found(): a literal entry of the language or a piece
 * of a gapped or target entry, whose word boundaries may hold. */
static int found_may(const ts_matcher *m, const unsigned char *s, size_t len, size_t last,
                     size_t e, uint32_t q, int language)
{
	for (uint32_t pid = m->first_out[q], nx; pid != NONE; pid = nx) {
		const uint32_t *r = m->rec + (size_t)pid * m->rec_words;
		uint32_t fl = r[REC_FLAGS];
		nx = r[REC_NEXT];
		if (r[REC_LIT + language] == NONE && !(fl & REC_COMPLEX))
			continue;
		if ((!(fl & REC_RIGHT) || right_may(m, s, len, e)) &&
		    (!(fl & REC_LEFT) || left_may(m, s, len, last, fl & REC_LEN)))
			return 1;
	}
	return 0;
}

/* Whether the folded characters of s[a..b) begin s[x..len). */
static int begins(const ts_matcher *m, const unsigned char *s, size_t len, size_t a, size_t b,
                  size_t x)
{
	uint32_t c, d;
	uint8_t cls;
	size_t k, l;
	for (; a < b; a += k, x += l) {
		if (x >= len)
			return 0;
		if (!(k = char_at(m, s, len, a, &c, &cls)) || !(l = char_at(m, s, len, x, &d, &cls)))
			return 1;
		if (c != d)
			return 0;
	}
	return 1;
}

/* Whether ts_match_drop_repairs may leave something out around the break
 * (a dash or a full stop) at s[p .. pe).  Every repair it finds is a word
 * W, a run R of blanks, dashes and full stops with one of the last two in
 * it, and W again, whole or as the start of a longer word; R holds this
 * break unless the break is a hyphen inside a word.  W is a whole word
 * (letters, digits and the apostrophes and hyphens between them): a
 * repair never starts after a hyphen inside one ("x-no -- no" is kept), as
 * the character kept before it is no blank nor a mark other than a
 * joiner.  1 when not known. */
static int repair_may(const ts_matcher *m, const unsigned char *s, size_t len, size_t p,
                      size_t pe, uint8_t pcls)
{
	uint32_t c;
	uint8_t cls;
	size_t k, st, x = pe, a = p;
	/* the first character after R */
	for (; x < len; x += k) {
		if (!(k = char_at(m, s, len, x, &c, &cls)))
			return 1;
		if (!(cls & TS_FC_SPACE) && !ts_match_is_break(c))
			break;
	}
	if (x == len || !(cls & TS_FC_WORD))
		return 0;
	if ((pcls & TS_FC_JOIN) && x == pe && p > 0) {
		/* a hyphen between two letters: inside a word */
		if (!char_before(m, s, len, p, &st, &c, &cls))
			return 1;
		if (cls & TS_FC_WORD)
			return 0;
	}
	/* the start of R */
	while (a > 0) {
		if (!char_before(m, s, len, a, &st, &c, &cls))
			return 1;
		if (!(cls & TS_FC_SPACE) && !ts_match_is_break(c))
			break;
		a = st;
	}
	if (!a || !(cls & TS_FC_WORD))
		return 0;
	/* W, back from its last letter (cls, st) */
	size_t r = a;
	for (;;) {
		a = st;
		if (!a)
			break;
		if (!char_before(m, s, len, a, &st, &c, &cls))
			return 1;
		if (cls & TS_FC_WORD)
			continue;
		if (!(cls & TS_FC_JOIN) || !st ||
		    !char_before(m, s, len, st, &st, &c, &cls) || !(cls & TS_FC_WORD))
			break;
	}
	return begins(m, s, len, a, r, x);
}

/* Steps by the bytes of s[i..n) that have near symbols (raw_sym), in a
 * leaf function whose values stay in registers (as near_steps), up to the
 * first other byte or the first step to a node with outputs.  Four bytes
 * a round, their symbols tested at once and their steps taken one after
 * the other without a test: q * NEAR, in 32 bits, drops STEP_OUT (bit 31)
 * from the index of the next, and a round with outputs before its last
 * step is taken again a byte at a time.  Returns where it stopped, *qp as
 * near_steps. */
__attribute__((noinline)) static size_t raw_steps(const unsigned char *s, size_t i, size_t n,
                                                  const uint8_t *rs, const uint32_t *near,
                                                  uint32_t *qp)
{
	uint32_t q = *qp;
	while (n - i >= 4) {
		uint32_t a = rs[s[i]], b = rs[s[i + 1]], c = rs[s[i + 2]], d = rs[s[i + 3]];
		if ((a | b | c | d) >= NEAR)
			break;
		uint32_t q1 = near[(uint32_t)(q * NEAR) + a];
		uint32_t q2 = near[(uint32_t)(q1 * NEAR) + b];
		uint32_t q3 = near[(uint32_t)(q2 * NEAR) + c];
		if ((q1 | q2 | q3) & STEP_OUT)
			break;
		q = near[(uint32_t)(q3 * NEAR) + d];
		i += 4;
		if (q & STEP_OUT) {
			*qp = q;
			return i;
		}
	}
	while (i < n) {
		uint32_t sy = rs[s[i]];
		if (sy >= NEAR)
			break;
		q = near[(size_t)q * NEAR + sy];
		i++;
		if (q & STEP_OUT)
			break;
	}
	*qp = q;
	return i;
}

int ts_matcher_may_match(const ts_matcher *m, const char *text, size_t len, int language)
{
	const unsigned char *s = (const unsigned char *)text;
	if (!m->prefilter || len >= UINT32_MAX)
		return 1;
	uint32_t q = 0;
	size_t i = 0;
	while (i < len) {
		i = raw_steps(s, i, len, m->raw_sym, m->near_step, &q);
		if (q & STEP_OUT) {
			q &= ~STEP_OUT;
			if (found_may(m, s, len, i - 1, i, q, language))
				return 1;
			continue;
		}
		if (i == len)
			break;
		unsigned b = s[i];
		if (TS_MATCH_CJK_LEAD(b))
			return 1;
		uint32_t c;
		uint8_t cls;
		size_t k = char_at(m, s, len, i, &c, &cls);
		if (!k || (cls & (TS_FC_CJK | TS_FC_WIDE | TS_FC_SPACE)))
			return 1;
		uint32_t v = ts_match_step(m, q, ts_match_symbol(m, c), 1);
		q = v & ~STEP_OUT;
		if ((v & STEP_OUT) && found_may(m, s, len, i, i + k, q, language))
			return 1;
		if (ts_match_is_break(c) && repair_may(m, s, len, i, i + k, cls))
			return 1;
		i += k;
	}
	return 0;
}
