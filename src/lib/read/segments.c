/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Timed segments of STM and RTTM files into calls (read/segments.h). */
#include "config.h"

#include "read/segments.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/strset.h"
#include "base/text.h"
#include "base/swar.h"
#include "read/speakers.h"

typedef struct seg {
	double start, end;
	size_t spk;            /* into speakers */
	long line, col;        /* of the speaker field; the line orders ties */
	size_t text, tn;       /* in texts */
	long tcol;
} seg;

/* Where a streamed row that continued its speaker's turn was: the turn
 * keeps only its first row's. */
typedef struct rowpos {
	long line, col;
} rowpos;

typedef struct segs_reader {
	const ts_seg_format *f;
	const ts_resources *res;
	ts_input *in;
	ts_callbuf cb;
	size_t ncalls;
	/* the recording being read */
	ts_buf file;
	int has_file;
	seg *seg; size_t nseg, segcap;
	ts_buf texts;
	ts_speakers spk;          /* the recording's speakers */
	ts_strset files;          /* the recordings read so far */
	/* Rows streamed into cb (0: cb holds no row of the recording), while
	 * every row came in time order (the last one is cb's last span and
	 * turn), and the places of the rows that continued a turn. */
	size_t streamed;
	int collect;              /* a row came out of order: rows go to seg */
	rowpos *cont; size_t ncont, contcap;
	int content;           /* a line that is not blank */
	int done;
} segs_reader;

int ts_seg_times(const char *name, const char *line, long lineno, const size_t *off,
                 const size_t *len, double t[2], ts_error *err)
{
	for (int i = 0; i < 2; i++) {
		if (ts_seg_time(line + off[i], len[i], &t[i]))
			return ts_fail(err, TS_EINPUT, name, lineno, ts_seg_col(line, off[i]),
			               "not a time in seconds: '%.*s'", (int)(len[i] > 40 ? 40 : len[i]),
			               line + off[i]);
	}
	return 0;
}

int ts_seg_head_row(const char *head, size_t n, size_t *off, size_t *len, int max)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(head + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - head) : n, at = i;
		int k = 0;
		if (!(e - i >= 2 && head[i] == ';' && head[i + 1] == ';'))
			k = ts_seg_fields(head, e, &at, off, len, max);
		if (k)
			return k;
		i = e + 1;
	}
	return 0;
}

/* A field ends at s[p]: into off/len, when it is not empty. */
#define SEG_FIELD_END(p)                                                                        \
	do {                                                                                        \
		if ((p) > start) {                                                                      \
			off[k] = start;                                                                     \
			len[k] = (p) - start;                                                               \
			if (++k == max) {                                                                   \
				*at = (p);                                                                      \
				return k;                                                                       \
			}                                                                                   \
		}                                                                                       \
		start = (p) + 1;                                                                        \
	} while (0)

int ts_seg_fields(const char *s, size_t n, size_t *at, size_t *off, size_t *len, int max)
{
	size_t i = *at, start = *at;
	int k = 0;
	if (max <= 0)
		return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t m = ts_swar_eq_bytes(w, ' ') | ts_swar_eq_bytes(w, '\t');
		for (; m; m &= m - 1)
			SEG_FIELD_END(i + ((size_t)__builtin_ctzll(m) >> 3));
	}
#endif
	for (; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			SEG_FIELD_END(i);
	SEG_FIELD_END(n);  /* the end of s ends the last field */
	*at = n;
	return k;
}

long ts_seg_col(const char *line, size_t off)
{
	return (long)ts_utf8_len(line, off) + 1;
}

size_t ts_seg_line_end(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (ts_swar_eq(w, '\n') | ts_swar_eq(w, '\r'))
			break;
	}
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

int ts_seg_time(const char *s, size_t n, double *v)
{
	/* digits into a mantissa, exactly up to 2^53; a power of ten of at
	 * most 22 is exact too, so "1.06" is 106 / 100 correctly rounded */
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
	                             1e22};
	/* Most times are a few digits and a point ("41.120000"): up to 15
	 * digits the mantissa is exact in an integer, and the one division
	 * below is the one the general path makes. */
	if (n && n <= 16) {
		uint64_t q = 0;
		size_t j = 0, frac = 0;
		unsigned d;
		for (; j < n && (d = (unsigned)(unsigned char)s[j] - '0') < 10; j++)
			q = q * 10 + d;
		size_t nd = j;
		if (j < n && s[j] == '.') {
			size_t f0 = ++j;
			for (; j < n && (d = (unsigned)(unsigned char)s[j] - '0') < 10; j++)
				q = q * 10 + d;
			frac = j - f0;
			nd += frac;
		}
		if (j == n && nd && nd <= 15) {
			*v = (double)q / p10[frac];
			return 0;
		}
	}
	double m = 0;
	long e = 0;
	size_t i = 0, digits = 0;
	int point = 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (m < 9007199254740992.0 / 10) {
				m = m * 10 + (c - '0');
				e -= point;
			} else {
				e += !point;  /* a digit past the precision */
			}
			digits++;
		} else if (c == '.' && !point) {
			point = 1;
		} else {
			break;
		}
	}
	if (!digits)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int neg = 0;
		long x = 0;
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			neg = s[i++] == '-';
		size_t k = i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (x < 100000)
				x = x * 10 + (s[i] - '0');
		if (i == k)
			return -1;
		e += neg ? -x : x;
	}
	if (i != n)
		return -1;
	double r = m;
	for (; e > 22; e -= 22)
		r *= p10[22];
	for (; e < -22; e += 22)
		r /= p10[22];
	r = e < 0 ? r / p10[-e] : r * p10[e];
	if (!isfinite(r))
		return -1;
	*v = r;
	return 0;
}

static void reader_free(segs_reader *r)
{
	ts_input_close(r->in);
	ts_callbuf_free(&r->cb);
	ts_buf_free(&r->file);
	free(r->seg);
	free(r->cont);
	ts_buf_free(&r->texts);
	ts_speakers_free(&r->spk);
	ts_strset_free(&r->files);
	free(r);
}

void ts_segs_close(void *state)
{
	if (state)
		reader_free(state);
}

int ts_segs_open(void **state, const ts_seg_format *f, const ts_resources *res, ts_input *in,
                 ts_error *err)
{
	*state = NULL;
	segs_reader *r = calloc(1, sizeof *r);
	if (!r) {
		ts_input_close(in);
		return ts_nomem(err);
	}
	r->f = f;
	r->res = res;
	r->in = in;
	ts_speakers_init(&r->spk);
	ts_callbuf_init(&r->cb, res);
	*state = r;
	return 0;
}

static int add_seg(segs_reader *r, const ts_segline *sl, long lineno, long col, long tcol)
{
	size_t spk;
	if (TS_GROW(r->seg, r->segcap, r->nseg + 1) || ts_speakers_get(&r->spk, sl->spk, sl->sn, &spk))
		return TS_ENOMEM;
	r->seg[r->nseg] = (seg){sl->start, sl->end, spk, lineno, col, r->texts.len, sl->tn, tcol};
	if (sl->tn && ts_buf_append(&r->texts, sl->text, sl->tn))
		return TS_ENOMEM;
	r->nseg++;
	return 0;
}

/* The order of two segments in a call by their times: by start, then
 * end; 0 for the same times (the input's order decides). */
static int time_cmp(double start0, double end0, double start1, double end1)
{
	if (start0 != start1)
		return start0 < start1 ? -1 : 1;
	if (end0 != end1)
		return end0 < end1 ? -1 : 1;
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const seg *x = a, *y = b;
	int c = time_cmp(x->start, x->end, y->start, y->end);
	return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

/* cb emptied for the recording's call (numbered when built), its first
 * row at line first. */
static int start_call(segs_reader *r, long first)
{
	ts_callbuf_reset(&r->cb, r->ncalls + 1, first);
	if (!r->f->text)
		ts_callbuf_no_text(&r->cb);
	return ts_callbuf_title(&r->cb, r->file.ptr, r->file.len);
}

/* A turn of speaker spk begins in cb at line:col. */
static int start_turn(segs_reader *r, size_t spk, long line, long col)
{
	return ts_callbuf_turn(&r->cb, (long)spk, ts_speakers_name(&r->spk, spk),
	                       ts_speakers_name_len(&r->spk, spk), ts_speakers_id(&r->spk, spk), line,
	                       col);
}

/* A row without text straight into cb: the rows before it of its
 * recording are there, and it comes after them in time. */
static int stream_row(segs_reader *r, size_t spk, double start, double end, long line, long col)
{
	if (!r->streamed || (long)spk != r->cb.spk[r->cb.turns[r->cb.nturns - 1].spk].slot) {
		if (start_turn(r, spk, line, col))
			return TS_ENOMEM;
	} else {
		if (TS_GROW(r->cont, r->contcap, r->ncont + 1))
			return TS_ENOMEM;
		r->cont[r->ncont++] = (rowpos){line, col};
	}
	if (ts_callbuf_times(&r->cb, start, end))
		return TS_ENOMEM;
	r->streamed++;
	return 0;
}

/* Whether a row at start..end comes after the last streamed one in the
 * order of the call (ties keep the input's order). */
static int in_order(const segs_reader *r, double start, double end)
{
	const ts_span *last = &r->cb.spans[r->cb.nspans - 1];
	return time_cmp(last->start, last->end, start, end) <= 0;
}

/* The streamed rows back into seg, in input order (each turn's spans are
 * its rows), to be sorted with the rest. */
static int unstream(segs_reader *r)
{
	const ts_callbuf *cb = &r->cb;
	if (TS_GROW(r->seg, r->segcap, r->nseg + r->streamed))
		return TS_ENOMEM;
	size_t c = 0;
	for (size_t i = 0; i < cb->nturns; i++) {
		const ts_turnrec *t = &cb->turns[i];
		size_t slot = (size_t)cb->spk[t->spk].slot;
		for (size_t j = 0; j < t->nspans; j++) {
			const ts_span *sp = &cb->spans[t->span0 + j];
			rowpos at = j ? r->cont[c++] : (rowpos){t->line, t->col};
			r->seg[r->nseg++] = (seg){sp->start, sp->end, slot, at.line, at.col, 0, 0, 0};
		}
	}
	r->collect = 1;
	r->streamed = r->ncont = 0;
	return 0;
}

/* A row of the recording being read (not its first): streamed while the
 * rows come in time order and have no text, else collected. */
static int add_row(segs_reader *r, const ts_segline *sl, long lineno, long col, long tcol)
{
	if (r->f->text || r->collect)
		return add_seg(r, sl, lineno, col, tcol);
	if (!r->streamed) {
		/* the recording's first row, kept in seg until its call could
		 * be started */
		const seg *s = &r->seg[0];
		if (start_call(r, s->line) || stream_row(r, s->spk, s->start, s->end, s->line, s->col))
			return TS_ENOMEM;
		r->nseg = 0;
	}
	if (!in_order(r, sl->start, sl->end))
		return unstream(r) || add_seg(r, sl, lineno, col, tcol) ? TS_ENOMEM : 0;
	size_t spk;
	if (ts_speakers_get(&r->spk, sl->spk, sl->sn, &spk))
		return TS_ENOMEM;
	return stream_row(r, spk, sl->start, sl->end, lineno, col);
}

/* The recording read so far as a call: segments by start, a speaker's
 * consecutive segments one turn. */
static int build(segs_reader *r, ts_error *err)
{
	ts_callbuf *cb = &r->cb;
	if (!r->streamed) {
		long first = r->seg[0].line;  /* in input order */
		size_t i = 1;
		while (i < r->nseg && seg_cmp(&r->seg[i - 1], &r->seg[i]) <= 0)
			i++;
		if (i < r->nseg)  /* most files come in time order */
			qsort(r->seg, r->nseg, sizeof *r->seg, seg_cmp);
		if (start_call(r, first))
			return ts_nomem(err);
		size_t prev = (size_t)-1;
		for (i = 0; i < r->nseg; i++) {
			const seg *s = &r->seg[i];
			if (s->spk != prev) {
				if (start_turn(r, s->spk, s->line, s->col))
					return ts_nomem(err);
				prev = s->spk;
			}
			if (ts_callbuf_times(cb, s->start, s->end) ||
			    (s->tn && r->f->text(cb, r->texts.ptr + s->text, s->tn, s->line, s->tcol)))
				return ts_nomem(err);
		}
	}
	/* the next recording starts afresh */
	r->ncalls++;
	r->nseg = r->streamed = r->ncont = 0;
	r->collect = 0;
	r->texts.len = 0;
	ts_speakers_clear(&r->spk);
	return ts_callbuf_finish(cb, err);
}

/* Row s[0..n) is valid UTF-8 without NUL: 0, *ascii whether it is all
 * ASCII (most rows are: their columns are then their offsets); or the
 * error at the first bad byte. */
static int check_row(const char *name, const char *s, size_t n, long lineno, int *ascii,
                     ts_error *err)
{
	uint64_t any = 0, nul = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		any |= w;
		nul |= ts_swar_zero(w);
	}
	if (i < n && n >= 8) {
		/* the last bytes as the word that ends the row */
		uint64_t w;
		memcpy(&w, s + n - 8, 8);
		any |= w;
		nul |= ts_swar_zero(w);
		i = n;
	}
	for (; i < n; i++) {
		any |= (unsigned char)s[i];
		nul |= !s[i];
	}
	*ascii = !(any & TS_HIGHS8) && !nul;
	return *ascii ? 0 : ts_input_check_line(name, s, n, lineno, err);
}

int ts_segs_next(void *state, ts_callbuf **call, ts_error *err)
{
	segs_reader *r = state;
	const char *name = ts_input_name(r->in);
	*call = NULL;
	if (r->done)
		return 0;
	const char *line;
	size_t n;
	long lineno;
	int rc, ascii;
	while ((rc = ts_input_line(r->in, &line, &n, &lineno, err)) == 1) {
		ts_segline sl;
		if ((rc = check_row(name, line, n, lineno, &ascii, err)))
			return rc;
		if (ts_skip_blanks(line, n) < n)
			r->content = 1;
		if ((rc = r->f->parse(name, line, n, lineno, &sl, err)) <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		size_t so = (size_t)(sl.spk - line), to = sl.text ? (size_t)(sl.text - line) : 0;
		long col = ascii ? (long)so + 1 : ts_seg_col(line, so);
		long tcol = !sl.tn ? 0 : ascii ? (long)to + 1 : ts_seg_col(line, to);
		int same = r->has_file && r->file.len == sl.fn && ts_swar_same(r->file.ptr, sl.file, sl.fn);
		if (!same) {
			if (ts_strset_find(&r->files, sl.file, sl.fn) >= 0)
				return ts_fail(err, TS_EINPUT, name, lineno, 1,
				               "the rows of recording '%.*s' resume after another's: keep "
				               "each recording's rows together",
				               (int)(sl.fn > 200 ? 200 : sl.fn), sl.file);
			/* the call of the recording before, then this row, whose
			 * line is still there: it waits in seg (cb is the call
			 * handed on) */
			int have = r->nseg || r->streamed;
			if (have && (rc = build(r, err)))
				return rc;
			r->file.len = 0;
			if (ts_buf_append(&r->file, sl.file, sl.fn) || ts_strset_add(&r->files, sl.file, sl.fn) ||
			    add_seg(r, &sl, lineno, col, tcol))
				return ts_nomem(err);
			r->has_file = 1;
			if (have) {
				*call = &r->cb;
				return 1;
			}
			continue;
		}
		if (add_row(r, &sl, lineno, col, tcol))
			return ts_nomem(err);
	}
	if (rc < 0)
		return rc;
	r->done = 1;
	if (r->nseg || r->streamed) {
		if ((rc = build(r, err)))
			return rc;
		*call = &r->cb;
		return 1;
	}
	if (!r->ncalls && !r->content)
		return ts_fail(err, TS_EINPUT, name, 0, 0, "empty input");
	if (!r->ncalls)
		return ts_fail(err, TS_EINPUT, name, 0, 0, "no %s", r->f->what);
	return 0;
}
