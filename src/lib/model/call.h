/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Building one call of the model while its lines are read.  Strings are
 * kept as offsets in growing buffers and turned into pointers when the call
 * is finished, so the builder can grow freely; its memory is reused from
 * call to call, so memory grows with the largest call, not the file. */
#ifndef TS_CALL_H
#define TS_CALL_H

#include <math.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/budget.h"
#include "base/hash.h"
#include "base/resources.h"
#include "base/text.h"
#include "model/backchannel.h"
#include "talkstat.h"

/* A turn as it is read, laid out as the public ts_turn it becomes
 * (asserted in call.c): finish writes over the record only the three
 * pointers, where it holds offsets, and copies nothing else, which was
 * ~1% of zh20 (43 instructions a turn).  The turn's questions go straight
 * to its speaker (ts_spkrec), as a turn has no field for them. */
typedef struct ts_turnrec {
	size_t number;       /* 1-based within the call */
	size_t spk;          /* index into the call's speakers */
	size_t off;          /* in text; becomes text */
	size_t len;
	long line, col;
	size_t piece0;       /* becomes pieces */
	size_t npieces;
	size_t chars, words, cjk;  /* summed over the pieces as they are appended */
	double start, end;   /* seconds, NaN: not given */
	size_t span0;        /* becomes spans */
	size_t nspans;
	int backchannel;     /* 0: ts_annotate decides */
	unsigned unmarked;   /* as ts_counts.unmarked, for the turn */
} ts_turnrec;

typedef struct ts_evrec {
	ts_event_kind kind;
	size_t off;          /* in strs */
	long line, col;
	size_t after_turn, turn;
} ts_evrec;

typedef struct ts_strrec {
	size_t off;          /* in strs */
	size_t len;
	long line;
} ts_strrec;

typedef struct ts_kvrec {
	size_t key, val;     /* in strs */
} ts_kvrec;

typedef struct ts_spkrec {
	long slot;
	size_t label, id;    /* in strs */
	size_t questions;    /* in the speaker's turns, summed as their text is
	                      * appended */
} ts_spkrec;

typedef struct ts_callbuf {
	const ts_textclass *tc;             /* to join wrapped lines */
	ts_call call;                       /* the public view, valid after finish */
	ts_buf text, strs;
	ts_turnrec *turns; size_t nturns, turns_cap;
	ts_piece *pieces; size_t npieces, pieces_cap;
	ts_span *spans; size_t nspans, spans_cap;
	ts_evrec *events; size_t nevents, events_cap;
	ts_strrec *narr; size_t nnarr, narr_cap;
	ts_kvrec *meta; size_t nmeta, meta_cap;
	ts_hindex midx;                     /* keys of meta, hashed: a call may set thousands */
	ts_spkrec *spk; size_t nspk, spk_cap;
	long *slot_spk; size_t slot_cap;    /* label slot -> speaker index, -1 */
	int has_title;
	size_t title;
	int turn_open;                      /* continuation lines extend the last turn */
	int narr_open;                      /* ... or the last narration */
	/* public arrays */
	ts_turn *pturns;                    /* after finish: written over turns */
	ts_event *pevents; size_t pevents_cap;
	ts_narration *pnarr; size_t pnarr_cap;
	ts_meta *pmeta; size_t pmeta_cap;
	ts_speaker *pspk; size_t pspk_cap;
	ts_bc_memo bc_memo;                 /* for ts_annotate */
	ts_budget *budget;                  /* of the run (ts_resources), or NULL */
	size_t charged, charge_at;          /* bytes of it held; turns at the next take */
} ts_callbuf;

/* A call of many turns takes of the run's budget (base/budget.h) as it
 * grows, every TS_CALL_CHARGE_FROM turns: TS_CALL_TURN_BYTES for each
 * turn it has and each it may have before the next take, for what the
 * call, its analysis and its record hold.  Measured on 250 KB of
 * one-character Chinese turns (13,200 turns, massif): 8.2 MB at its peak,
 * 620 bytes a turn, of which the turns 2.2 MB, the question-reply pairs
 * 1.7 MB and the JSON record 2 MB (their arrays grown by doubling).  Fewer
 * turns are not counted: their memory is small beside the run's
 * (bench/bench.sh's calls have 56). */
#define TS_CALL_CHARGE_FROM 512
#define TS_CALL_TURN_BYTES 640
/* The budget of a run: beside the memory a run holds anyway (about 10
 * MiB at 16 threads: the data files, the records waiting to be handed on)
 * and the one call let past it, it kept 40 files of a call of 13,000
 * one-character turns at about 36 MiB at 16 threads (79 to 91 without
 * it), and at 22 once the buffers of the records handed on last were no
 * longer kept (run/pipeline.c, spares_give). */
#define TS_CALLS_BUDGET ((size_t)8 << 20)

/* Empty, to be filled; res's classes join wrapped lines, and its budget
 * (NULL: none) is what the calls of many turns hold. */
void ts_callbuf_init(ts_callbuf *cb, const ts_resources *res);
void ts_callbuf_free(ts_callbuf *cb);

/* Start an empty call. */
void ts_callbuf_reset(ts_callbuf *cb, size_t number, long line);

int ts_callbuf_title(ts_callbuf *cb, const char *s, size_t n);

/* Set a metadata key, replacing an earlier value of the same key. */
int ts_callbuf_meta(ts_callbuf *cb, const char *key, size_t kn, const char *val, size_t vn);

/* The value of metadata key `key` (without case), or NULL. */
const char *ts_callbuf_meta_value(const ts_callbuf *cb, const char *key);

/* Start a turn of the speaker in label slot `slot` ("label" as written,
 * "id" its NFKC). */
int ts_callbuf_turn(ts_callbuf *cb, long slot, const char *label, size_t ln, const char *id,
                    long line, long col);

/* ts_callbuf_turn of a speaker the call has already heard, inline, when
 * the buffers have room and the turn takes nothing of the budget, as for
 * nearly every turn: 1; else 0, and nothing
 * done (call ts_callbuf_turn, with the speaker's label and id, which the
 * caller need not look up before). */
/* The record of call cb's next turn (number cb->nturns, already counted)
 * by speaker spk, its text from `off`, nothing appended yet. */
static inline ts_turnrec ts_turnrec_new(const ts_callbuf *cb, size_t spk, size_t off, long line,
                                        long col)
{
	return (ts_turnrec){cb->nturns, spk, off, 0, line, col, cb->npieces, 0,
	                    0, 0, 0, NAN, NAN, cb->nspans, 0, 0, 0};
}

static inline int ts_callbuf_turn_heard(ts_callbuf *cb, long slot, long line, long col)
{
	long spk = (size_t)slot < cb->slot_cap ? cb->slot_spk[slot] : -1;
	if (spk < 0 || cb->nturns == cb->turns_cap || cb->text.cap - cb->text.len < 2 ||
	    cb->nturns + 1 == cb->charge_at)
		return 0;
	ts_turnrec *t = &cb->turns[cb->nturns++];
	/* its text a new NUL-separated item */
	if (cb->text.len)
		cb->text.ptr[cb->text.len++] = '\0';
	cb->text.ptr[cb->text.len] = '\0';
	*t = ts_turnrec_new(cb, (size_t)spk, cb->text.len, line, col);
	cb->turn_open = 1;
	cb->narr_open = 0;
	return 1;
}

/* The times of the last turn started, in seconds from the start of the
 * recording (finite, start <= end: the reader checks them); the call is
 * then timed.  Turns have none (NaN) until given.  A turn given times
 * again (the next segment of the same speaker) keeps each span and runs
 * from the earliest start to the latest end.  0 or TS_ENOMEM. */
int ts_callbuf_times(ts_callbuf *cb, double start, double end);

/* The input gives the call's turns no text (RTTM): its text figures are
 * undefined. */
void ts_callbuf_no_text(ts_callbuf *cb);

/* Append a piece of text to the open turn (or narration).  A piece that
 * starts a new line is joined with one space between Latin text and none
 * next to CJK text.  c holds the piece's counts (the reader counts while it
 * validates), or NULL to count here. */
int ts_callbuf_append(ts_callbuf *cb, const char *s, size_t n, long line, long col,
                      int new_line, const ts_counts *c);

/* Whether a line's text s[0..n) (n > 0) joins the text t[0..len) (len >
 * 0) of its turn with a space, as ts_callbuf_append decides it, when the
 * bytes either side tell without decoding: 1 or 0; else -1.  ASCII on both
 * sides is joined with a space but next to a blank (or NUL); a CJK ideograph
 * U+4000..U+9FFF but the hexagrams U+4DC0..U+4DFF (E4 B7 xx) is wide, and
 * joins without one: a wrapped line of Latin or of Chinese text. */
static inline int ts_callbuf_join_plain(const char *t, size_t len, const char *s, size_t n)
{
	const unsigned char *a = (const unsigned char *)t + len, *b = (const unsigned char *)s;
	if (a[-1] < 0x80 && b[0] < 0x80)
		return a[-1] && b[0] && !ts_is_blank(a[-1]) && !ts_is_blank(b[0]);
	if (n >= 3 && b[0] - 0xE4u <= 5u && (b[1] & 0xC0) == 0x80 && (b[2] & 0xC0) == 0x80 &&
	    !(b[0] == 0xE4 && b[1] == 0xB7))
		return 0;
	if (len >= 3 && a[-3] - 0xE4u <= 5u && (a[-2] & 0xC0) == 0x80 && (a[-1] & 0xC0) == 0x80 &&
	    !(a[-3] == 0xE4 && a[-2] == 0xB7))
		return 0;
	return -1;
}

/* A turn's unmarked bytes (ts_counts) with a piece at byte `at` (after a
 * join's space) of a text of `before` bytes, the piece's own first `piece`
 * bytes starting no terminal mark: they go on into it when all before it
 * were unmarked. */
static inline void ts_turnrec_unmarked(ts_turnrec *t, size_t before, size_t at, size_t piece)
{
	if (t->unmarked == before && at + piece <= UINT32_MAX)
		t->unmarked = (unsigned)(at + piece);
}

/* A piece's counts c added to its turn t of call cb: its questions to the
 * turn's speaker. */
static inline void ts_turnrec_add(ts_callbuf *cb, ts_turnrec *t, const ts_counts *c)
{
	t->chars += c->chars;
	t->words += c->words;
	t->cjk += c->cjk;
	cb->spk[t->spk].questions += c->questions;
}

/* Where a line's text s[0..n) goes in the open turn, when the buffers
 * have room and the join is plain (ts_callbuf_join_plain), as most lines
 * of a transcript are: the bytes past the turn's text and a joining space
 * (*space 1 or 0), which have room for n + 16 bytes, for the line to be
 * copied there as it is counted (ts_scan_copy); NULL otherwise, and then
 * ts_callbuf_append takes the line.  Nothing is appended until
 * ts_callbuf_line_put; the bytes there are the call's to write over. */
static inline char *ts_callbuf_line_at(ts_callbuf *cb, const char *s, size_t n, int *space)
{
	ts_turnrec *t = cb->turn_open ? &cb->turns[cb->nturns - 1] : NULL;
	*space = 0;
	if (!t || !n || cb->npieces == cb->pieces_cap || cb->text.cap - cb->text.len <= n + 17)
		return NULL;
	if (t->len && (*space = ts_callbuf_join_plain(cb->text.ptr + t->off, t->len, s, n)) < 0)
		return NULL;
	return cb->text.ptr + cb->text.len + *space;
}

/* The n bytes of a line's text at ts_callbuf_line_at's place (with its
 * space) appended as a piece of the open turn, with the line's counts c. */
static inline void ts_callbuf_line_put(ts_callbuf *cb, size_t n, int space, long line, long col,
                                       const ts_counts *c)
{
	ts_turnrec *t = &cb->turns[cb->nturns - 1];
	if (space)
		cb->text.ptr[cb->text.len++] = ' ';
	ts_turnrec_unmarked(t, t->len, t->len + (size_t)space, c->unmarked);
	t->len += (size_t)space;
	cb->pieces[cb->npieces++] = (ts_piece){t->len, line, col};
	t->npieces++;
	ts_turnrec_add(cb, t, c);
	cb->text.len += n;
	cb->text.ptr[cb->text.len] = '\0';
	t->len += n;
}


int ts_callbuf_event(ts_callbuf *cb, ts_event_kind kind, const char *s, size_t n, long line,
                     long col, int inside_turn);

/* Start a narration paragraph (text continues it through append). */
int ts_callbuf_narration(ts_callbuf *cb, long line);

/* Whether the call holds anything. */
int ts_callbuf_has_content(const ts_callbuf *cb);

/* Build the public view (cb->call) of what was read, valid until the next
 * reset.  What is decided about the call (backchannels, language, roles)
 * is model/annotate.h's. */
int ts_callbuf_finish(ts_callbuf *cb, ts_error *err);

/* Positions of offsets in one turn, fast when the offsets come in
 * increasing order (ts_turn_position starts from the piece each time). */
typedef struct ts_poscursor {
	const ts_turn *turn;
	size_t piece;      /* 1 + the piece of the last position, 0: none */
	ts_colcursor at;   /* the last offset in the turn's text and its column */
} ts_poscursor;

void ts_poscursor_init(ts_poscursor *c, const ts_turn *turn);
void ts_poscursor_at(ts_poscursor *c, size_t off, long *line, long *col);

#endif
