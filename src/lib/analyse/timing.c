/* Real time of a timed call.  Talk time is measured on the spans the
 * input gives (an STM or RTTM segment each), not on the bounds of turns:
 * a turn made of two segments of one speaker with a pause between them
 * talks for the segments only.  One sweep over the spans' ends in time
 * order gives what depends on who speaks at once. */
#include "config.h"

#include "analyse/timing.h"

#include <math.h>
#include <stdlib.h>

/* What happens at an instant, in the order handled there: spans end, then
 * a turn that starts looks who speaks (so that spans that touch, "0-5"
 * and "5-8", do not overlap, and two speakers who start at once do not
 * overlap each other), then spans start. */
enum { EDGE_END, EDGE_TURN, EDGE_START };

typedef struct edge {
	double t;
	int kind;         /* EDGE_* */
	size_t spk;
} edge;

static int edge_cmp(const void *a, const void *b)
{
	const edge *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->kind - y->kind;
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
	qsort(x, n, sizeof *x, dbl_cmp);
	r->fto_count = (double)n;
	r->fto_q1 = ts_quantile_sorted(x, n, 0.25);
	r->fto_median = ts_quantile_sorted(x, n, 0.5);
	r->fto_q3 = ts_quantile_sorted(x, n, 0.75);
	free(x);
	return 0;
}

/* The sweep: every speaker's time alone, the call's speech and overlap,
 * and the turns started while someone else spoke. */
static void sweep(const edge *e, size_t ne, size_t *active, double *alone, ts_result *r)
{
	size_t speaking = 0;  /* speakers with a span open */
	size_t sum = 0;       /* the sum of their indices: the speaker, when one */
	double speech = 0, overlap = 0, overlaps = 0;
	for (size_t i = 0; i < ne; i++) {
		const edge *x = &e[i];
		if (x->kind == EDGE_END && !--active[x->spk]) {
			speaking--;
			sum -= x->spk;
		} else if (x->kind == EDGE_TURN) {
			if (speaking > (active[x->spk] > 0))
				r->speakers[x->spk].overlaps++;
		} else if (x->kind == EDGE_START && !active[x->spk]++) {
			speaking++;
			sum += x->spk;
			if (speaking == 2)
				overlaps++;
		}
		if (i + 1 < ne) {
			double dt = e[i + 1].t - x->t;
			if (speaking >= 1)
				speech += dt;
			if (speaking >= 2)
				overlap += dt;
			if (speaking == 1)
				alone[sum] += dt;
		}
	}
	r->speech_seconds = speech;
	r->overlap_seconds = overlap;
	r->overlaps = overlaps;
}

/* Per speaker, the union of the spans: sorted by speaker and start. */
static int span_cmp(const void *a, const void *b)
{
	const edge *x = a, *y = b;
	if (x->spk != y->spk)
		return x->spk < y->spk ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

int ts_timing_compute(const ts_call *call, ts_result *r)
{
	size_t nspans = 0, nspk = call->nspeakers;
	for (size_t i = 0; i < call->nturns; i++)
		nspans += call->turns[i].nspans;
	edge *e = malloc((3 * nspans + 1) * sizeof *e);
	edge *s = malloc((nspans + 1) * sizeof *s);  /* a span: t its start */
	double *ends = malloc((nspans + 1) * sizeof *ends);
	size_t *active = calloc(nspk + 1, sizeof *active);
	double *talk = calloc(nspk + 1, sizeof *talk), *alone = calloc(nspk + 1, sizeof *alone);
	int rc = TS_ENOMEM;
	if (!e || !s || !ends || !active || !talk || !alone)
		goto out;
	double first = INFINITY, last = -INFINITY;
	size_t ne = 0, ns = 0;
	for (size_t i = 0; i < call->nturns; i++) {
		const ts_turn *t = &call->turns[i];
		if (t->nspans)
			e[ne++] = (edge){t->start, EDGE_TURN, t->speaker};
		for (size_t k = 0; k < t->nspans; k++) {
			const ts_span *p = &t->spans[k];
			if (p->end > p->start) {  /* an empty span holds no time */
				e[ne++] = (edge){p->start, EDGE_START, t->speaker};
				e[ne++] = (edge){p->end, EDGE_END, t->speaker};
			}
			ends[ns] = p->end;
			s[ns] = (edge){p->start, (int)ns, t->speaker};  /* its end: ends[kind] */
			ns++;
			if (p->start < first)
				first = p->start;
			if (p->end > last)
				last = p->end;
		}
	}
	for (size_t i = 0; i < nspk; i++)
		r->speakers[i].overlaps = 0;
	qsort(e, ne, sizeof *e, edge_cmp);
	sweep(e, ne, active, alone, r);
	qsort(s, ns, sizeof *s, span_cmp);
	for (size_t i = 0; i < ns;) {
		size_t spk = s[i].spk;
		double a = s[i].t, b = ends[s[i].kind], sum = 0;
		for (; i < ns && s[i].spk == spk; i++) {
			double x = s[i].t, y = ends[s[i].kind];
			if (x > b) {
				sum += b - a;
				a = x;
				b = y;
			} else if (y > b) {
				b = y;
			}
		}
		talk[spk] = sum + (b - a);
	}
	r->duration = ns ? last - first : 0;
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
	free(e);
	free(s);
	free(ends);
	free(active);
	free(talk);
	free(alone);
	return rc;
}
