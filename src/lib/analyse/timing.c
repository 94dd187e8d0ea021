/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Real time of a timed call.  Talk time is measured on the spans the
 * input gives (an STM or RTTM segment each), not on the bounds of turns:
 * a turn made of two segments of one speaker with a pause between them
 * talks for the segments only.  One sweep over the spans' ends in time
 * order gives what depends on who speaks at once. */
#include "config.h"

#include "analyse/timing.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* A span of a speaker; `turn`: the first span of a turn, whose start asks
 * who speaks then. */
typedef struct span {
	double start, end;
	size_t spk;
	int turn;
} span;

static int span_cmp(const void *a, const void *b)
{
	const span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double ts_quantile_sorted(const double *x, size_t n, double p)
{
	if (!n)
		return NAN;
	double h = (double)(n - 1) * p;
	size_t i = (size_t)h;
	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

/* Puts the k-th smallest of x[lo..n) at x[k], the smaller ones before it
 * and the larger ones after (Hoare's selection as Wirth writes it, the
 * pivot the median of three).  A range that keeps choosing bad pivots is
 * sorted after a few rounds, so that no order makes it quadratic. */
static void select_k(double *x, size_t from, size_t n, size_t at)
{
	ptrdiff_t lo = (ptrdiff_t)from, hi = (ptrdiff_t)n - 1, k = (ptrdiff_t)at;
	for (int rounds = 0; hi > lo; rounds++) {
		if (rounds > 64) {
			qsort(x + lo, (size_t)(hi - lo + 1), sizeof *x, dbl_cmp);
			return;
		}
		double a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi];
		double p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (x[i] < p)
				i++;
			while (x[j] > p)
				j--;
			if (i <= j) {
				double t = x[i];
				x[i++] = x[j];
				x[j--] = t;
			}
		}
		/* x[lo..j] <= p <= x[i..hi], and what lies between is p */
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* ts_quantile_sorted's quantile p of x, x[0..*lo) being the *lo smallest
 * in order already: the two values it reads are selected, not sorted. */
static double quantile_select(double *x, size_t n, size_t *lo, double p)
{
	size_t i = (size_t)((double)(n - 1) * p);
	if (i >= *lo) {
		select_k(x, *lo, n, i);
		*lo = i + 1;
	}
	if (i + 1 == *lo && *lo < n) {
		select_k(x, *lo, n, *lo);
		++*lo;
	}
	return ts_quantile_sorted(x, n, p);
}

/* Only six values of x are read, so they are selected (linear) rather
 * than x sorted; x is reordered. */
void ts_quartiles(double *x, size_t n, double *count, double *q1, double *median, double *q3)
{
	size_t lo = 0;
	*count = (double)n;
	*q1 = n ? quantile_select(x, n, &lo, 0.25) : NAN;
	*median = n ? quantile_select(x, n, &lo, 0.5) : NAN;
	*q3 = n ? quantile_select(x, n, &lo, 0.75) : NAN;
}

/* Floor-transfer offsets (Heldner & Edlund 2010): at each change of
 * speaker, the start of the new turn minus the end of the turn before;
 * negative for overlap, positive for a gap. */
static int floor_transfers(const ts_call *call, ts_result *r)
{
	double *x = malloc((call->nturns ? call->nturns : 1) * sizeof *x);
	if (!x)
		return TS_ENOMEM;
	size_t n = 0;
	for (size_t i = 1; i < call->nturns; i++) {
		const ts_turn *a = &call->turns[i - 1], *b = &call->turns[i];
		if (a->speaker != b->speaker && a->nspans && b->nspans)
			x[n++] = b->start - a->end;
	}
	ts_quartiles(x, n, &r->fto_count, &r->fto_q1, &r->fto_median, &r->fto_q3);
	free(x);
	return 0;
}

/* The ends of the open spans, earliest first (a binary heap): the sweep
 * walks the starts in order and closes what ended before each. */
typedef struct heap {
	span *x;
	size_t n;
} heap;

static void heap_push(heap *h, span v)
{
	size_t i = h->n++;
	for (; i && h->x[(i - 1) / 2].end > v.end; i = (i - 1) / 2)
		h->x[i] = h->x[(i - 1) / 2];
	h->x[i] = v;
}

static span heap_pop(heap *h)
{
	span top = h->x[0], last = h->x[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->x[c + 1].end < h->x[c].end)
			c++;
		if (h->x[c].end >= last.end)
			break;
		h->x[i] = h->x[c];
		i = c;
	}
	if (h->n)
		h->x[i] = last;
	return top;
}

/* Who speaks, as the sweep goes. */
typedef struct sweep {
	size_t *active;   /* a speaker's open spans */
	size_t speaking;  /* speakers with a span open */
	size_t sum;       /* the sum of their indices: the speaker, when one */
	double t;         /* where the sweep is */
	double *alone;    /* each speaker's time alone */
	double speech, overlap, overlaps;
	/* each speaker's talk, the union of its spans, which come by start:
	 * its current stretch from..to grows or is closed into talk */
	double *from, *to, *talk;
} sweep;

/* A span (in start order) into its speaker's union of spans. */
static void stretch(sweep *w, const span *x)
{
	size_t s = x->spk;
	if (isnan(w->from[s]) || x->start > w->to[s]) {
		if (!isnan(w->from[s]))
			w->talk[s] += w->to[s] - w->from[s];
		w->from[s] = x->start;
		w->to[s] = x->end;
	} else if (x->end > w->to[s]) {
		w->to[s] = x->end;
	}
}

/* The time from the sweep's place to t, as it is spent. */
static void advance(sweep *w, double t)
{
	double dt = t - w->t;
	if (dt > 0) {
		if (w->speaking >= 1)
			w->speech += dt;
		if (w->speaking >= 2)
			w->overlap += dt;
		if (w->speaking == 1)
			w->alone[w->sum] += dt;
	}
	w->t = t;
}

/* The spans in start order: the call's own, turn by turn, when they come
 * so (as the readers give them), else a sorted copy (arr); a place among
 * them is its index i and, over the call's own, the turn t and the span j
 * of that turn.  Walking the call's spans in place, where each was copied
 * before, spares a timed call's memory a copy of every span (the peak RSS
 * column of bench/RESULTS-readers.md). */
typedef struct spans {
	const ts_call *call;
	const span *arr;
	size_t n;
} spans;

typedef struct place {
	size_t i, t, j;
} place;

/* The first place at or after turn t's span j that is a span. */
static void settle(const spans *s, place *p)
{
	if (s->arr)
		return;
	while (p->t < s->call->nturns && p->j >= s->call->turns[p->t].nspans) {
		p->t++;
		p->j = 0;
	}
}

static place first_place(const spans *s)
{
	place p = {0, 0, 0};
	settle(s, &p);
	return p;
}

static void next_place(const spans *s, place *p)
{
	p->i++;
	p->j++;
	settle(s, p);
}

static span span_at(const spans *s, const place *p)
{
	if (s->arr)
		return s->arr[p->i];
	const ts_turn *t = &s->call->turns[p->t];
	return (span){t->spans[p->j].start, t->spans[p->j].end, t->speaker, p->j == 0};
}

/* The spans (in start order) swept: at each instant spans end first, then
 * a turn that starts looks who speaks (so that spans that touch, "0-5" and
 * "5-8", do not overlap, and two speakers who start at once do not overlap
 * each other), then spans start.  Every speaker's time alone, the call's
 * speech and overlap, and the turns started while someone else spoke. */
static void sweep_spans(const spans *sp, heap *h, sweep *w, ts_result *r)
{
	size_t n = sp->n;
	for (place p = first_place(sp); p.i < n || h->n;) {
		span x = p.i < n ? span_at(sp, &p) : (span){INFINITY, INFINITY, 0, 0};
		double t = x.start;
		while (h->n && h->x[0].end <= t) {
			span e = heap_pop(h);
			advance(w, e.end);
			if (!--w->active[e.spk]) {
				w->speaking--;
				w->sum -= e.spk;
			}
		}
		if (p.i == n)
			break;
		advance(w, t);
		/* the spans that start at t, p up to q: first who starts while
		 * another speaks, then they open */
		place q = p;
		span y = x;
		do {
			if (y.turn && w->speaking > (w->active[y.spk] > 0))
				r->speakers[y.spk].overlaps++;
			next_place(sp, &q);
		} while (q.i < n && (y = span_at(sp, &q)).start == t);
		for (y = x;;) {
			stretch(w, &y);
			if (y.end > y.start) {  /* a span of no length holds no time */
				heap_push(h, y);
				if (!w->active[y.spk]++) {
					w->speaking++;
					w->sum += y.spk;
					if (w->speaking == 2)
						w->overlaps++;
				}
			}
			next_place(sp, &p);
			if (p.i == q.i)
				break;
			y = span_at(sp, &p);
		}
	}
}

int ts_timing_compute(const ts_call *call, ts_result *r)
{
	size_t n = 0, nspk = call->nspeakers;
	double first = INFINITY, last = -INFINITY, prev = -INFINITY;
	int sorted = 1;
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		n += t->nspans;
		for (size_t j = 0; j < t->nspans; j++) {
			sorted &= prev <= t->spans[j].start;
			prev = t->spans[j].start;
			first = fmin(first, t->spans[j].start);
			last = fmax(last, t->spans[j].end);
		}
	}
	span *arr = NULL, *hx = malloc((n + 1) * sizeof *hx);
	size_t *active = calloc(nspk + 1, sizeof *active);
	double *alone = calloc(nspk + 1, sizeof *alone), *talk = calloc(nspk + 1, sizeof *talk);
	double *from = malloc((nspk + 1) * sizeof *from), *to = malloc((nspk + 1) * sizeof *to);
	int rc = TS_ENOMEM;
	if (!hx || !active || !alone || !talk || !from || !to)
		goto out;
	/* the readers give turns in start order; another order is sorted here
	 * (spans that start at once may come in any order: the sweep asks
	 * for all of them before it opens any) */
	if (!sorted) {
		if (!(arr = malloc((n + 1) * sizeof *arr)))
			goto out;
		size_t k = 0;
		for (size_t i = 0; i < call->nturns; i++) {
			const ts_turn *t = &call->turns[i];
			for (size_t j = 0; j < t->nspans; j++)
				arr[k++] = (span){t->spans[j].start, t->spans[j].end, t->speaker, j == 0};
		}
		qsort(arr, n, sizeof *arr, span_cmp);
	}
	spans sp = {call, arr, n};
	for (size_t s = 0; s < nspk; s++)
		from[s] = to[s] = NAN;
	for (size_t i = 0; i < nspk; i++)
		r->speakers[i].overlaps = 0;
	heap h = {hx, 0};
	sweep w = {active, 0, 0, n ? first : 0, alone, 0, 0, 0, from, to, talk};
	sweep_spans(&sp, &h, &w, r);
	for (size_t s = 0; s < nspk; s++)
		if (!isnan(from[s]))
			talk[s] += to[s] - from[s];
	r->speech_seconds = w.speech;
	r->overlap_seconds = w.overlap;
	r->overlaps = w.overlaps;
	r->duration = n ? last - first : 0;
	/* differences of sums of the same terms: a rounding error is no time */
	r->silence_seconds = fmax(0, r->duration - r->speech_seconds);
	r->switches_per_minute = r->duration > 0 ? (double)r->switches * 60 / r->duration : NAN;
	for (size_t i = 0; i < nspk; i++) {
		ts_speaker_stats *st = &r->speakers[i];
		st->seconds = talk[i];
		st->seconds_estimated = 0;
		st->share_of_call = r->duration > 0 ? talk[i] / r->duration : NAN;
		st->overlap_seconds = fmax(0, talk[i] - alone[i]);
		st->speaking_rate = !call->no_text && talk[i] > 0 ? (double)st->length / talk[i] : NAN;
	}
	rc = floor_transfers(call, r);
out:
	free(arr);
	free(hx);
	free(active);
	free(alone);
	free(talk);
	free(from);
	free(to);
	return rc;
}
