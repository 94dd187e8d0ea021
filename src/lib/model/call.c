/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "model/call.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "base/caseless.h"
#include "base/diag.h"

/* cb empty, with what it is given to build with */
static void empty(ts_callbuf *cb, const ts_textclass *tc, ts_budget *budget)
{
	memset(cb, 0, sizeof *cb);
	cb->tc = tc;
	cb->budget = budget;
	cb->charge_at = TS_CALL_CHARGE_FROM;
}

void ts_callbuf_init(ts_callbuf *cb, const ts_resources *res)
{
	empty(cb, res->tc, res->budget);
}

void ts_callbuf_free(ts_callbuf *cb)
{
	ts_buf_free(&cb->text);
	ts_buf_free(&cb->strs);
	free(cb->turns);
	free(cb->pieces);
	free(cb->spans);
	free(cb->events);
	free(cb->narr);
	free(cb->meta);
	ts_hindex_free(&cb->midx);
	free(cb->spk);
	free(cb->slot_spk);
	free(cb->pevents);
	free(cb->pnarr);
	free(cb->pmeta);
	free(cb->pspk);
	if (cb->charged)
		ts_budget_give(cb->budget, &cb->charged);
	empty(cb, cb->tc, cb->budget);
}

void ts_callbuf_reset(ts_callbuf *cb, size_t number, long line)
{
	for (size_t i = 0; i < cb->nspk; i++)
		cb->slot_spk[cb->spk[i].slot] = -1;
	/* what a call of many turns took goes back, to the budget and to
	 * the system: kept, it would stay in each thread that read one */
	if (cb->charged)
		ts_callbuf_free(cb);
	cb->text.len = cb->strs.len = 0;
	cb->nturns = cb->npieces = cb->nspans = cb->nevents = cb->nnarr = cb->nmeta = cb->nspk = 0;
	ts_hindex_clear(&cb->midx);
	cb->has_title = cb->turn_open = cb->narr_open = 0;
	memset(&cb->call, 0, sizeof cb->call);
	cb->call.number = number;
	cb->call.line = line;
}

/* Copy a string into strs; its offset through *off. */
static int put_str(ts_callbuf *cb, const char *s, size_t n, size_t *off)
{
	*off = cb->strs.len;
	if (ts_buf_append(&cb->strs, s, n) || ts_buf_append(&cb->strs, "", 1))
		return TS_ENOMEM;
	return 0;
}

int ts_callbuf_title(ts_callbuf *cb, const char *s, size_t n)
{
	cb->has_title = 1;
	return put_str(cb, s, n, &cb->title);
}

/* Keys compare without case (base/caseless.h): "@date" sets Date. */
static int same_key(const char *a, const char *b)
{
	return ts_ci_equal(a, strlen(a), b, strlen(b));
}

static uint64_t meta_hash(const void *arg, size_t i)
{
	const ts_callbuf *cb = arg;
	const char *k = cb->strs.ptr + cb->meta[i].key;
	return ts_ci_hash(k, strlen(k));
}

/* The index of metadata key `key` (hash h) in cb->meta, or -1. */
static long find_meta(const ts_callbuf *cb, const char *key, uint64_t h)
{
	size_t i;
	for (size_t at = ts_hindex_start(&cb->midx, h); ts_hindex_taken(&cb->midx, at, &i);
	     at = ts_hindex_next(&cb->midx, at))
		if (same_key(cb->strs.ptr + cb->meta[i].key, key))
			return (long)i;
	return -1;
}

const char *ts_callbuf_meta_value(const ts_callbuf *cb, const char *key)
{
	if (!cb->nmeta)
		return NULL;
	long i = find_meta(cb, key, ts_ci_hash(key, strlen(key)));
	return i < 0 ? NULL : cb->strs.ptr + cb->meta[i].val;
}

int ts_callbuf_meta(ts_callbuf *cb, const char *key, size_t kn, const char *val, size_t vn)
{
	size_t k, v;
	if (put_str(cb, key, kn, &k) || put_str(cb, val, vn, &v) ||
	    ts_hindex_reserve(&cb->midx, cb->nmeta + 1, meta_hash, cb))
		return TS_ENOMEM;
	const char *kstr = cb->strs.ptr + k;
	uint64_t h = ts_ci_hash(kstr, strlen(kstr));
	long i = find_meta(cb, kstr, h);
	if (i >= 0) {
		cb->meta[i].val = v;  /* a later value of the same key replaces it */
		return 0;
	}
	if (TS_GROW(cb->meta, cb->meta_cap, cb->nmeta + 1))
		return TS_ENOMEM;
	cb->meta[cb->nmeta] = (ts_kvrec){k, v};
	ts_hindex_put(&cb->midx, h, cb->nmeta++);
	return 0;
}

/* Begin a new NUL-separated item in text. */
static int start_item(ts_callbuf *cb, size_t *off)
{
	if (cb->text.len && ts_buf_append(&cb->text, "", 1))
		return TS_ENOMEM;
	if (ts_buf_reserve(&cb->text, 0))
		return TS_ENOMEM;
	/* An item that gets no text ("A:" alone on the last line) must still
	 * be a string, and the byte here is fresh from realloc or left over
	 * from an earlier call. */
	cb->text.ptr[cb->text.len] = '\0';
	*off = cb->text.len;
	return 0;
}

int ts_callbuf_turn(ts_callbuf *cb, long slot, const char *label, size_t ln, const char *id,
                    long line, long col)
{
	if ((size_t)slot >= cb->slot_cap) {
		size_t old = cb->slot_cap;
		if (TS_GROW(cb->slot_spk, cb->slot_cap, (size_t)slot + 1))
			return TS_ENOMEM;
		for (size_t i = old; i < cb->slot_cap; i++)
			cb->slot_spk[i] = -1;
	}
	if (cb->slot_spk[slot] < 0) {
		size_t l, d;
		if (TS_GROW(cb->spk, cb->spk_cap, cb->nspk + 1) || put_str(cb, label, ln, &l) ||
		    put_str(cb, id, strlen(id), &d))
			return TS_ENOMEM;
		cb->spk[cb->nspk] = (ts_spkrec){slot, l, d, 0};
		cb->slot_spk[slot] = (long)cb->nspk++;
	}
	if (TS_GROW(cb->turns, cb->turns_cap, cb->nturns + 1))
		return TS_ENOMEM;
	ts_turnrec *t = &cb->turns[cb->nturns++];
	*t = ts_turnrec_new(cb, (size_t)cb->slot_spk[slot], 0, line, col);
	if (cb->nturns == cb->charge_at && cb->budget) {
		/* (may wait for other threads' calls to be done) */
		cb->charge_at += TS_CALL_CHARGE_FROM;
		ts_budget_take(cb->budget, &cb->charged,
		               cb->charge_at * TS_CALL_TURN_BYTES - cb->charged);
	}
	cb->turn_open = 1;
	cb->narr_open = 0;
	return start_item(cb, &t->off);
}

int ts_callbuf_times(ts_callbuf *cb, double start, double end)
{
	if (!cb->nturns)
		return 0;
	if (TS_GROW(cb->spans, cb->spans_cap, cb->nspans + 1))
		return TS_ENOMEM;
	cb->spans[cb->nspans++] = (ts_span){start, end};
	ts_turnrec *t = &cb->turns[cb->nturns - 1];
	if (!t->nspans++ || start < t->start)
		t->start = start;
	if (t->nspans == 1 || end > t->end)
		t->end = end;
	cb->call.timed = 1;
	return 0;
}

void ts_callbuf_no_text(ts_callbuf *cb)
{
	cb->call.no_text = 1;
}

int ts_callbuf_narration(ts_callbuf *cb, long line)
{
	if (TS_GROW(cb->narr, cb->narr_cap, cb->nnarr + 1))
		return TS_ENOMEM;
	ts_strrec *r = &cb->narr[cb->nnarr++];
	r->line = line;
	r->len = 0;
	cb->turn_open = 0;
	cb->narr_open = 1;
	return start_item(cb, &r->off);
}

static uint32_t last_cp(const char *s, size_t n)
{
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (!i)
		return 0;
	uint32_t cp = 0;
	return ts_utf8_decode((const unsigned char *)s + i - 1, n - i + 1, &cp) ? cp : 0;
}

/* Whether joining a and b (a wrapped line) needs a space between them. */
static int needs_space(const ts_textclass *tc, uint32_t a, uint32_t b)
{
	if (!a || !b || ts_is_blank(a) || ts_is_blank(b))
		return 0;
	return !(ts_classify(tc, a).flags & TS_CF_WIDE) && !(ts_classify(tc, b).flags & TS_CF_WIDE);
}

int ts_callbuf_append(ts_callbuf *cb, const char *s, size_t n, long line, long col, int new_line,
                      const ts_counts *c)
{
	if (!n)
		return 0;
	size_t *item_len;
	size_t item_off;
	if (cb->turn_open) {
		ts_turnrec *t = &cb->turns[cb->nturns - 1];
		item_len = &t->len;
		item_off = t->off;
	} else if (cb->narr_open) {
		ts_strrec *r = &cb->narr[cb->nnarr - 1];
		item_len = &r->len;
		item_off = r->off;
	} else {
		return 0;
	}
	size_t before = *item_len, skipped = 0;
	if (*item_len) {
		uint32_t a = last_cp(cb->text.ptr + item_off, *item_len), b = 0;
		ts_utf8_decode((const unsigned char *)s, n, &b);
		if (new_line && needs_space(cb->tc, a, b)) {
			if (ts_buf_append(&cb->text, " ", 1))
				return TS_ENOMEM;
			(*item_len)++;
		} else if (!new_line && ts_is_blank(a)) {
			/* "we know (laughs) that": one blank where the direction was */
			size_t k = ts_skip_blanks(s, n);
			s += k;
			n -= k;
			col += (long)ts_utf8_len(s - k, k);
			skipped = k;
			if (!n)
				return 0;
		}
	}
	if (cb->turn_open) {
		if (TS_GROW(cb->pieces, cb->pieces_cap, cb->npieces + 1))
			return TS_ENOMEM;
		cb->pieces[cb->npieces++] = (ts_piece){*item_len, line, col};
		ts_turnrec *t = &cb->turns[cb->nturns - 1];
		t->npieces++;
		ts_counts own;
		if (!c) {
			ts_count(cb->tc, s, n, &own);
			c = &own;
			skipped = 0;
		}
		/* (c counts the piece before its blanks were skipped, or more
		 * than the piece: cues.c counts a cue's text whole) */
		size_t piece = c->unmarked > skipped ? c->unmarked - skipped : 0;
		ts_turnrec_unmarked(t, before, *item_len, piece < n ? piece : n);
		ts_turnrec_add(cb, t, c);
	}
	if (ts_buf_append(&cb->text, s, n))
		return TS_ENOMEM;
	*item_len += n;
	return 0;
}

int ts_callbuf_event(ts_callbuf *cb, ts_event_kind kind, const char *s, size_t n, long line,
                     long col, int inside_turn)
{
	size_t off;
	if (TS_GROW(cb->events, cb->events_cap, cb->nevents + 1) || put_str(cb, s, n, &off))
		return TS_ENOMEM;
	size_t turn = inside_turn && cb->nturns ? cb->nturns : 0;
	cb->events[cb->nevents++] = (ts_evrec){kind, off, line, col, cb->nturns, turn};
	return 0;
}

int ts_callbuf_has_content(const ts_callbuf *cb)
{
	return cb->has_title || cb->nturns || cb->nevents || cb->nnarr;
}

/* A record is its turn but for the three pointers, which finish writes
 * over their offsets (by bytes, as the two types share them). */
_Static_assert(sizeof(ts_turn) == sizeof(ts_turnrec), "a turn is made in place of its record");
#define RECORD_AS_TURN(rf, tf) \
	_Static_assert(offsetof(ts_turnrec, rf) == offsetof(ts_turn, tf) && \
	               sizeof(((ts_turnrec *)0)->rf) == sizeof(((ts_turn *)0)->tf), \
	               "record field " #rf " is turn field " #tf);
RECORD_AS_TURN(number, number)
RECORD_AS_TURN(spk, speaker)
RECORD_AS_TURN(off, text)
RECORD_AS_TURN(len, len)
RECORD_AS_TURN(line, line)
RECORD_AS_TURN(col, col)
RECORD_AS_TURN(piece0, pieces)
RECORD_AS_TURN(npieces, npieces)
RECORD_AS_TURN(chars, chars)
RECORD_AS_TURN(words, words)
RECORD_AS_TURN(cjk, cjk)
RECORD_AS_TURN(start, start)
RECORD_AS_TURN(end, end)
RECORD_AS_TURN(span0, spans)
RECORD_AS_TURN(nspans, nspans)
RECORD_AS_TURN(backchannel, backchannel)
RECORD_AS_TURN(unmarked, unmarked)

/* Field f of the record or turn at p, read or written by bytes. */
#define GET(v, p, type, f) memcpy(&(v), (p) + offsetof(type, f), sizeof(v))
#define PUT(p, type, f, v) memcpy((p) + offsetof(type, f), &(v), sizeof(v))

int ts_callbuf_finish(ts_callbuf *cb, ts_error *err)
{
	/* Every buffer the call points into is allocated, even when empty (a
	 * call whose only turn has no text has no pieces): base + offset on a
	 * NULL base is undefined, even for offset 0. */
	if (TS_GROW(cb->pieces, cb->pieces_cap, cb->npieces + 1) ||
	    TS_GROW(cb->spans, cb->spans_cap, cb->nspans + 1) ||
	    TS_GROW(cb->turns, cb->turns_cap, cb->nturns + 1) ||
	    TS_GROW(cb->pevents, cb->pevents_cap, cb->nevents + 1) ||
	    TS_GROW(cb->pnarr, cb->pnarr_cap, cb->nnarr + 1) ||
	    TS_GROW(cb->pmeta, cb->pmeta_cap, cb->nmeta + 1) ||
	    TS_GROW(cb->pspk, cb->pspk_cap, cb->nspk + 1) || ts_buf_reserve(&cb->text, 0) ||
	    ts_buf_reserve(&cb->strs, 0))
		return ts_nomem(err);
	const char *text = cb->text.ptr, *strs = cb->strs.ptr;
	for (size_t i = 0; i < cb->nspk; i++)
		cb->pspk[i] = (ts_speaker){strs + cb->spk[i].id, strs + cb->spk[i].label,
		                           TS_ROLE_RESPONDENT};
	/* The public turns are the records, their pointers written over
	 * their offsets: one array for both, where two were the most of a big
	 * call's memory (the peak RSS column of bench/RESULTS-readers.md), and
	 * nothing else of a record copied. */
	ts_turn *pturns = (ts_turn *)(void *)cb->turns;
	/* (in locals: the turns' bytes are written as chars, which the
	 * compiler takes to change cb) */
	char *recs = (char *)(void *)cb->turns;
	const ts_piece *pieces = cb->pieces;
	const ts_span *spans = cb->spans;
	for (size_t i = 0, n = cb->nturns; i < n; i++) {
		char *r = recs + i * sizeof(ts_turnrec);
		size_t u;
		const void *p;
		GET(u, r, ts_turnrec, off);
		p = text + u;
		PUT(r, ts_turn, text, p);
		GET(u, r, ts_turnrec, piece0);
		p = pieces + u;
		PUT(r, ts_turn, pieces, p);
		GET(u, r, ts_turnrec, span0);
		p = spans + u;
		PUT(r, ts_turn, spans, p);
	}
	cb->pturns = pturns;
	for (size_t i = 0; i < cb->nevents; i++) {
		const ts_evrec *r = &cb->events[i];
		cb->pevents[i] = (ts_event){r->kind, strs + r->off, r->line, r->col, r->after_turn,
		                            r->turn};
	}
	for (size_t i = 0; i < cb->nnarr; i++)
		cb->pnarr[i] = (ts_narration){text + cb->narr[i].off, cb->narr[i].line};
	for (size_t i = 0; i < cb->nmeta; i++)
		cb->pmeta[i] = (ts_meta){strs + cb->meta[i].key, strs + cb->meta[i].val};
	ts_call *c = &cb->call;
	c->title = cb->has_title ? strs + cb->title : NULL;
	c->meta = cb->pmeta;
	c->nmeta = cb->nmeta;
	c->speakers = cb->pspk;
	c->nspeakers = cb->nspk;
	c->turns = cb->pturns;
	c->nturns = cb->nturns;
	c->events = cb->pevents;
	c->nevents = cb->nevents;
	c->narration = cb->pnarr;
	c->nnarration = cb->nnarr;
	c->language = "und";  /* until annotated (model/annotate.h) */
	c->unit = TS_UNIT_CHARS;
	return 0;
}

/* The last piece of a turn that starts at or before off (pieces are in
 * text order: binary search, as a turn may span thousands of lines). */
static size_t piece_of(const ts_turn *turn, size_t off)
{
	size_t a = 0, b = turn->npieces;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (turn->pieces[m].off <= off)
			a = m + 1;
		else
			b = m;
	}
	return a;  /* 1 + the piece, 0 for none */
}

void ts_turn_position(const ts_turn *turn, size_t off, long *line, long *col)
{
	ts_poscursor c;
	ts_poscursor_init(&c, turn);
	ts_poscursor_at(&c, off, line, col);
}

void ts_poscursor_init(ts_poscursor *c, const ts_turn *turn)
{
	c->turn = turn;
	c->piece = 0;
	c->at = (ts_colcursor){0, 0};
}

void ts_poscursor_at(ts_poscursor *c, size_t off, long *line, long *col)
{
	const ts_turn *turn = c->turn;
	size_t k = piece_of(turn, off);
	if (!k) {
		*line = turn->line;
		*col = turn->col;
		return;
	}
	const ts_piece *p = &turn->pieces[k - 1];
	/* counting on from the last position saves a rescan of the piece
	 * when offsets come in order, as matches and questions do */
	if (c->piece != k || c->at.off > off) {
		c->piece = k;
		c->at = (ts_colcursor){p->off, p->col};
	}
	*line = p->line;
	*col = ts_colcursor_at(&c->at, turn->text, off);
}
