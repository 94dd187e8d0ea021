/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The matcher's prefilter of Chinese text: the automaton stepped by each
 * character of a turn as it folds, read from the bytes with fold.h's
 * table and kept nowhere, to tell a text in which the scan would keep no
 * match.  Such text has a piece every few characters (zh5: one every
 * eight), most of them pieces of gapped entries whose other pieces are
 * not there, so the pieces found are counted as found() counts them and
 * ts_match_may_complete judges them as chain() would: zh5, 4,045 of
 * 33,610 turns go on to be folded and scanned (match_scan.c), where all
 * of them were. */
#include "config.h"

#include "analyse/match_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/swar.h"
#include "base/text.h"

/* The pieces that end at node q counted as found() counts them, their
 * word boundaries untested (a hit too many only sends a text on to the
 * scan): 1 when a literal entry of the language ends there, a match the
 * scan may keep. */
__attribute__((noinline)) static int count_hits(const ts_matcher *m, ts_matchbuf *mb, uint32_t q,
                                                int language)
{
	for (uint32_t o = m->nodes[q].out; o; o = m->nodes[m->nodes[o].fail].out) {
		uint32_t pid = m->npattern[o];
		const pattern *p = &m->pat[pid];
		if (m->lit[pid * m->nlang + (size_t)language] != NONE)
			return 1;
		if (p->complex) {
			if (!mb->count[pid]++)
				mb->touched[mb->ntouched++] = pid;
			mb->ncompleting += p->completes;
		}
	}
	return 0;
}

/* What a code point folds to, for the steps: the symbol of the character
 * it folds to in the low 16 bits, that character's class (TS_FC_*) in the
 * next 8, and flags. */
#define W_SYM 0xFFFFu
#define W_CLS(e) ((uint8_t)((e) >> 16))
#define W_OTHER (1u << 24)  /* folds to none or several: the steps cannot tell */
#define W_BLANK (1u << 25)  /* a blank, held back as ts_fold_text holds it */
#define W_BREAK (1u << 26)  /* folds to a break (ts_match_is_break) */

/* The entry of code point c, below 0x10000: as ts_fold_text folds it by
 * its entry of fold.h's table. */
static uint32_t wide_entry(const ts_matcher *m, uint32_t c)
{
	uint32_t e = ts_fold_entry_of(m->fold, c);
	if (e & TS_FOLD_POOL)
		return W_OTHER;
	uint8_t cls = TS_FOLD_CLS(e);
	if (cls & TS_FC_SPACE)
		return W_BLANK;
	uint32_t fc = ts_fold_entry_cp(e, c);
	return ts_match_symbol(m, fc) | (uint32_t)cls << 16 | (ts_match_is_break(fc) ? W_BREAK : 0);
}

/* The steps by far symbols (Chinese characters) from nodes other than
 * the root, each a failure walk of some 30 instructions (ts_match_walk),
 * kept once taken, as a lazy DFA keeps its states: WIDE_STEPS of them, by
 * a hash of node and symbol, each (node << 16 | symbol) << 32 | step (0:
 * none, as no step from the root is kept).  Most steps of Chinese text are
 * by its common characters from the few nodes their words lead to. */
#define WIDE_STEPS 4096

static inline uint32_t far_step(const ts_matcher *m, ts_matchbuf *mb, uint32_t q, uint32_t s)
{
	if (q >= 0x10000)
		return ts_match_walk(m, q, s);
	uint32_t key = q << 16 | s;
	uint64_t *slot = &mb->wide_steps[(key * 0x9E3779B1u) >> 20];
	if ((uint32_t)(*slot >> 32) == key)
		return (uint32_t)*slot;
	uint32_t v = ts_match_walk(m, q, s);
	*slot = (uint64_t)key << 32 | v;
	return v;
}

/* Not made yet: the entries of the first block, which stands for the
 * blocks not made, and of the others until their characters are met. */
#define W_UNMADE (W_OTHER | W_BLANK)

/* The entry of code point c, made, and its block when need be: a text
 * meets a few hundred of the 64 code points of some hundreds of blocks
 * (fixtures/anyang-calls.txt: the blocks made whole cost a third of its
 * matching); W_OTHER when out of memory. */
__attribute__((noinline)) static uint32_t wide_make(const ts_matcher *m, ts_matchbuf *mb,
                                                    uint32_t c)
{
	if (!mb->wide_at[c >> 6]) {
		if (TS_GROW(mb->wide_ent, mb->wide_ent_cap, mb->nwide_ent + 64))
			return W_OTHER;
		for (size_t k = 0; k < 64; k++)
			mb->wide_ent[mb->nwide_ent + k] = W_UNMADE;
		mb->wide_at[c >> 6] = (uint32_t)mb->nwide_ent;
		mb->nwide_ent += 64;
	}
	uint32_t e = wide_entry(m, c);
	mb->wide_ent[mb->wide_at[c >> 6] + (c & 63)] = e;
	return e;
}

/* The entry of code point c, below 0x10000: W_UNMADE when it is not made
 * yet. */
static inline uint32_t wide_peek(const ts_matchbuf *mb, uint32_t c)
{
	return mb->wide_ent[mb->wide_at[c >> 6] + (c & 63)];
}

/* The entry of code point c, below 0x10000, made when need be (W_OTHER
 * when out of memory). */
static inline uint32_t wide_of(const ts_matcher *m, ts_matchbuf *mb, uint32_t c)
{
	uint32_t e = wide_peek(mb, c);
	if (__builtin_expect(e == W_UNMADE, 0))
		e = wide_make(m, mb, c);
	return e;
}

/* The blocks made so far are for m (a buffer may serve several
 * matchers, one after the other); 0 or TS_ENOMEM. */
static int wide_room(const ts_matcher *m, ts_matchbuf *mb)
{
	if (!mb->wide_at && !(mb->wide_at = calloc(0x10000 >> 6, sizeof *mb->wide_at)))
		return TS_ENOMEM;
	if (!mb->wide_steps && !(mb->wide_steps = malloc(WIDE_STEPS * sizeof *mb->wide_steps)))
		return TS_ENOMEM;
	if (mb->wide_serial != m->serial || !mb->nwide_ent) {
		memset(mb->wide_steps, 0, WIDE_STEPS * sizeof *mb->wide_steps);
		if (TS_GROW(mb->wide_ent, mb->wide_ent_cap, 64))
			return TS_ENOMEM;
		memset(mb->wide_at, 0, (0x10000 >> 6) * sizeof *mb->wide_at);
		for (size_t k = 0; k < 64; k++)
			mb->wide_ent[k] = W_UNMADE;
		mb->nwide_ent = 64;
		mb->wide_serial = m->serial;
	}
	return 0;
}

/* The step from *q by the character of entry e: 1 when a literal entry
 * ends there. */
static inline int wide_step(const ts_matcher *m, ts_matchbuf *mb, uint32_t *q, uint32_t e,
                            int language, int all_rows)
{
	uint32_t s = e & W_SYM, v;
	if (s < NEAR && (all_rows || *q < m->nrows))
		v = m->near_step[(size_t)*q * NEAR + s];
	else if (!*q)
		v = m->root_step[s];
	else
		v = far_step(m, mb, *q, s);
	*q = v & ~STEP_OUT;
	return (v & STEP_OUT) && count_hits(m, mb, *q, language);
}

/* Runs of characters of three bytes that fold to one each and are no
 * blanks, from s[i], two at a time in a word of eight bytes, looked up by
 * the bits of their bytes: most of Chinese text.  Their leads are not
 * tested further, as ts_utf8_three_two tests them: E0 or ED with what is
 * no character of three bytes (overlong, a surrogate) is looked up as the
 * code point its bits give, where ts_fold_text folds each byte to U+FFFD,
 * which is in no piece, so the steps find every piece the scan finds
 * around it (and perhaps more: a text passed to the scan).  Steps *q by
 * each, and or's their classes into *seen and whether one is a break into
 * *brk.  Returns where it stopped, or len + 1 when a literal entry ends;
 * *prev is the class of the last character stepped by. */
static inline size_t wide_pairs(const ts_matcher *m, ts_matchbuf *mb, const unsigned char *s,
                                size_t i, size_t len, uint32_t *q, uint8_t *prev, uint8_t *seen,
                                int *brk, int language, int all_rows)
{
	const uint32_t *at = mb->wide_at, *ent = mb->wide_ent;
	uint32_t r = *q, all = 0, last = 0;
	while (len - i >= 8) {
		uint64_t w = ts_swar_load(s + i);
		if ((w & 0xC0C0F0C0C0F0ull) != 0x8080E08080E0ull)
			break;
		uint32_t ea = ent[at[(w & 0xF) << 6 | (w >> 8 & 0x3F)] + (w >> 16 & 0x3F)];
		uint32_t eb = ent[at[(w >> 24 & 0xF) << 6 | (w >> 32 & 0x3F)] + (w >> 40 & 0x3F)];
		/* a blank, a character that needs more, or a block not made
		 * yet: one at a time */
		if ((ea | eb) & (W_OTHER | W_BLANK))
			break;
		all |= ea | eb;
		last = eb;
		if (wide_step(m, mb, &r, ea, language, all_rows) ||
		    wide_step(m, mb, &r, eb, language, all_rows)) {
			*q = r;
			return len + 1;
		}
		i += 6;
	}
	*q = r;
	if (all) {
		*seen |= W_CLS(all);
		*brk |= (all & W_BREAK) != 0;
		*prev = W_CLS(last);
	}
	return i;
}

/* The steps of the scan over s[0..len), each character folded as it is
 * read, a run of blanks stepped by a space where ts_fold_text keeps one
 * (ts_fold_blank_kept): 1 at the first literal entry found, or at a
 * character the steps cannot follow (one that folds to none or several,
 * beyond the BMP, not UTF-8), or where ts_match_drop_repairs could leave
 * something out (a break, ts_match_is_break, in text with a letter or
 * digit: else it leaves the folded text as it is).  The pieces of gapped
 * and target entries are counted. */
static inline int wide_steps(const ts_matcher *m, ts_matchbuf *mb, const unsigned char *s,
                             size_t len, int language, int all_rows)
{
	uint32_t q = 0;
	uint8_t prev = 0, seen = 0;  /* the class of the last character folded; of all */
	int blank = 0, brk = 0;
	size_t i = 0;
	while (i < len) {
		if (!blank && len - i >= 8) {
			i = wide_pairs(m, mb, s, i, len, &q, &prev, &seen, &brk, language, all_rows);
			if (i > len || (brk && (seen & TS_FC_WORD)))
				return 1;
			if (i == len)
				break;
		}
		uint32_t c;
		unsigned b = s[i];
		if (b < 0x80) {
			c = b;
			i++;
		} else if (len - i > 2 && ts_utf8_three(s + i)) {
			c = ts_utf8_three_cp(s + i);
			i += 3;
		} else {
			size_t k = ts_utf8_decode(s + i, len - i, &c);
			if (!k || c >= 0x10000)
				return 1;
			i += k;
		}
		uint32_t e = wide_of(m, mb, c);
		if (e & (W_OTHER | W_BLANK)) {
			if (e & W_OTHER)
				return 1;
			blank = 1;
			continue;
		}
		uint8_t cls = W_CLS(e);
		if (blank) {
			blank = 0;
			if (ts_fold_blank_kept(prev, cls) &&
			    wide_step(m, mb, &q, m->space_sym, language, all_rows))
				return 1;
		}
		prev = cls;
		seen |= cls;
		brk |= (e & W_BREAK) != 0;
		if (brk && (seen & TS_FC_WORD))
			return 1;
		if (wide_step(m, mb, &q, e, language, all_rows))
			return 1;
	}
	return 0;
}

int ts_matcher_may_match_wide(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len,
                              int language)
{
	const unsigned char *s = (const unsigned char *)text;
	if (len >= UINT32_MAX || ts_match_count_room(m, mb) || wide_room(m, mb))
		return 1;
	mb->ntouched = mb->ncompleting = 0;
	int r = m->nrows == m->nnodes ? wide_steps(m, mb, s, len, language, 1)
	                              : wide_steps(m, mb, s, len, language, 0);
	if (!r)
		r = mb->ncompleting && ts_match_may_complete(m, mb, language);
	for (size_t t = 0; t < mb->ntouched; t++)
		mb->count[mb->touched[t]] = 0;
	mb->ntouched = 0;
	return r;
}
