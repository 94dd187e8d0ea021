/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Backchannel turns: turns made only of tokens such as 嗯, 对, uh-huh.
 * The token list is data (data/backchannels.txt). */
#ifndef TS_BACKCHANNEL_H
#define TS_BACKCHANNEL_H

#include <stddef.h>

#include "talkstat.h"
#include "base/text.h"

typedef struct ts_backchannels ts_backchannels;

/* Load one entry per line ('#' starts a comment); an entry may be several
 * tokens ("i see").  Errors name the file and line. */
int ts_backchannels_load(ts_backchannels **bc, const ts_textclass *tc, const char *path,
                         ts_error *err);
void ts_backchannels_free(ts_backchannels *bc);

/* Whether text is made only of backchannel entries (punctuation and blanks
 * aside).  Text with no tokens is not a backchannel. */
int ts_backchannel_is(const ts_backchannels *bc, const ts_textclass *tc, const char *text,
                      size_t len);

/* ts_backchannel_is read plainly, a character at a time with no table,
 * and every run of tokens joined and looked up: the reference that the
 * tests hold ts_backchannel_is to. */
int ts_backchannel_is_slowly(const ts_backchannels *bc, const ts_textclass *tc,
                             const char *text, size_t len);

/* The verdicts of short texts read last, by their bytes: the same short
 * turns come again and again in a file ("嗯。", "对。", "Right.").  Kept
 * for one list and text classes (set by the first use; all zero to
 * start); one reader's, as it is written to. */
enum { TS_BC_MEMO_SLOTS = 32, TS_BC_MEMO_BYTES = 30 };
typedef struct ts_bc_memo {
	const struct ts_backchannels *bc;
	const ts_textclass *tc;
	struct {
		unsigned char len;  /* 0: empty */
		unsigned char yes;
		char text[TS_BC_MEMO_BYTES];
	} slot[TS_BC_MEMO_SLOTS];
} ts_bc_memo;

/* ts_backchannel_is of each of the turns, as its backchannel flag: a
 * call's turns in one call (ts_annotate), most refused inline, a short
 * text read before answered from memo m (and kept there when read now). */
void ts_backchannel_mark(ts_bc_memo *m, const ts_backchannels *bc, const ts_textclass *tc,
                         ts_turn *turns, size_t n);

/* ts_backchannel_is for text[start, end), where whole is its verdict for
 * all of text[0, len) (a turn's, ts_annotate): a span that is the whole
 * text, the one sentence of most replies, is not read again. */
static inline int ts_backchannel_in(const ts_backchannels *bc, const ts_textclass *tc,
                                    const char *text, size_t len, int whole, size_t start,
                                    size_t end)
{
	if (start == 0 && end == len)
		return whole;
	return ts_backchannel_is(bc, tc, text + start, end - start);
}

#endif
