/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Every call of a file read, analysed and made into a record (its summary,
 * or aggregation's record), handed on in file order, with threads when the
 * input is large enough to share and its reader can cut it into parts
 * (read/reader.h, ts_parts_reader):
 *  1. the reader's first pass runs on as many ranges as threads, cut after
 *     line ends, each in a thread of its own;
 *  2. the reader plans the parts from the ranges' scans: each starts a
 *     call, knows how many calls come before it, and shares what the
 *     first pass found; where the parts cannot give what one pass gives,
 *     the whole run falls back to one thread, which then gives the same
 *     output or error by construction;
 *  3. threads read, analyse and make records of parts, a bounded window
 *     ahead of the calling thread, which hands the records on in order,
 *     stops at the first error in file order, and is one of the threads:
 *     it reads a part itself while the next to hand on is being read.
 * Nothing here knows a format. */
#include "config.h"

#include "run/pipeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse/result.h"
#include "base/buf.h"
#include "base/diag.h"
#include "output/summary.h"
#include "read/input.h"

#define MAX_THREADS 64

/* Input bytes of the parts taken by threads and not yet handed on, at
 * most (the next part to hand on is always taken): their records (about
 * 1.7 times the input for a full summary) wait in memory for those
 * before, so this bounds the memory of a run whatever the number of
 * threads (bench/RESULTS-manyfiles.md: peak RSS at 1, 2 and 16). */
#define AHEAD_BYTES ((long long)4 << 20)

/* The smallest part the default size shrinks to with many threads: below
 * it the cost of opening a part shows. */
#define MIN_PART_BYTES ((long long)64 << 10)

typedef struct job {
	ts_context *ctx;
	const ts_format_reader *fmt;
	unsigned sections;
	const ts_sink *sink;
	const char *name;  /* of the input, for errors the analysis places by line only */
	const ts_input *in;
} job;

/* Progress: bytes of the input handed on so far. */
static void progress(const job *j, long long done)
{
	if (j->ctx->progress)
		j->ctx->progress(j->ctx->progress_arg, done, ts_input_size(j->in));
}

/* Records in a buffer: the length, the bytes, a NUL. */
static int put_record(ts_buf *out, size_t at)
{
	size_t len = out->len - at - sizeof len;
	memcpy(out->ptr + at, &len, sizeof len);
	return ts_buf_append(out, "", 1) ? TS_ENOMEM : 0;
}

/* The record at offset at of out: its bytes and length; the offset of the
 * next one. */
static size_t get_record(const ts_buf *out, size_t at, const char **rec, size_t *len)
{
	memcpy(len, out->ptr + at, sizeof *len);
	*rec = out->ptr + at + sizeof *len;
	return at + sizeof *len + *len + 1;
}

/* Hand on what a thread made into out (analyse_calls): the lines, at
 * once, of a sink that takes them so, else the records one at a time.
 * 0 or take's value. */
static int hand_on(const ts_sink *sink, const ts_buf *out)
{
	if (sink->take_lines)
		return out->len ? sink->take_lines(sink->take_arg, out->ptr, out->len) : 0;
	int rc = 0;
	for (size_t k = 0; k < out->len && !rc;) {
		const char *rec;
		size_t len;
		k = get_record(out, k, &rec, &len);
		rc = sink->take(sink->take_arg, rec, len);
	}
	return rc;
}

/* ---- the run's budget ---- */

/* Records made and waiting to be handed on hold of the run's budget
 * (base/budget.h), the capacity of their buffer, from when the buffer is
 * taken until they are handed on: the large calls read after them wait
 * for them.  Without it the records of calls of many short turns, four
 * times their input, filled what AHEAD_BYTES lets be taken (a 20 MB file
 * of calls of 250 KB of one-character turns, 2 threads: 38 MiB at its
 * peak).
 *
 * Records wait for the budget themselves past RECORDS_LIMIT, a quarter
 * more than the calls' own limit: ordinary records, 1.7 (--jsonl) to 3.6
 * (the default output) times their input, are bounded by the input read
 * ahead (AHEAD_BYTES, FILES_HELD_BYTES), and where they wait they only
 * take the place of that bound (zh20 and en20 in parts, default output:
 * none at 2 threads, 13 and 16 times of 40 parts at 4; within the calls'
 * limit 25 and 40, and 53 and 35 when an item's records past 1 MiB
 * waited).  What they bound is the records of calls of a few characters
 * a turn, far larger than their input: 40 files of 250 KB of calls of
 * 500 one-character turns, every other a question, at 16 threads took 39
 * MiB with --jsonl and 57 MiB with the default output while records never
 * waited, 27 and 30 MiB now (28 and 31 within half as much again as the
 * calls' limit).  They wait before their buffer grows (records_room), not
 * after, so that a thread that waits holds what it had, not twice that. */
#define RECORDS_LIMIT (5 * TS_CALLS_BUDGET / 4)

/* Room in out for the next record, `room` bytes, taken from the budget
 * before the buffer grows; room is as much as the largest record of the
 * item so far, and RECORD_ROOM at least (a record larger than the room
 * grows the buffer as it is made, and its growth is charged after,
 * records_held: 16 KiB of room let the records of calls of 500 turns,
 * some 55 KB each, grow past the limit, 29 to 37 MiB in the case above). */
#define RECORD_ROOM ((size_t)16 << 10)

static int records_room(const ts_context *ctx, size_t *charged, ts_buf *out, size_t room)
{
	if (room < RECORD_ROOM)
		room = RECORD_ROOM;
	size_t need = out->len + room + 1;   /* (as ts_buf_reserve counts) */
	if (!ctx->res.budget || need <= out->cap)
		return 0;
	size_t cap = ts_buf_cap_for(out, need);
	if (cap > *charged)
		ts_budget_take_within(ctx->res.budget, charged, cap - *charged, RECORDS_LIMIT);
	return ts_buf_reserve(out, room);
}

static void records_held(const ts_context *ctx, size_t *charged, const ts_buf *out)
{
	if (ctx->res.budget && out->cap > *charged)
		ts_budget_add(ctx->res.budget, charged, out->cap - *charged);
}

static void records_gone(const ts_context *ctx, size_t *charged)
{
	if (*charged)
		ts_budget_give(ctx->res.budget, charged);
}

/* The thread never made to wait for the budget: t, or none. */
static void front(const ts_context *ctx, const pthread_t *t)
{
	if (ctx->res.budget)
		ts_budget_front(ctx->res.budget, t);
}

/* Whether a thread waits for the budget: what it saves goes then before
 * speed. */
static int pressed(const ts_context *ctx)
{
	return ctx->res.budget && ts_budget_waiting(ctx->res.budget);
}

/* Whether the calling thread may read item next of a pool while it
 * waits for item emitted: the next to hand on it reads whatever the
 * budget holds, one after it only while no thread waits for the budget.
 * Made the front once the next to hand on is read, it would otherwise
 * take a call read ahead past the limit each time, beside the front's. */
static int may_read_ahead(const ts_context *ctx, size_t next, size_t emitted)
{
	return next == emitted || !pressed(ctx);
}

/* The front once item i of a pool (a part, a file) is taken or read, t:
 * when it is the next to hand on (emitted), the thread reading it, while
 * it reads it, else the thread handing on, which hands it on next (and so
 * after each item handed on, by the next one's state).  Under the pool's
 * lock.  (A thread reading an item after it waits only for the calls of
 * items before it, so every wait ends.) */
static void front_of(const ts_context *ctx, size_t i, size_t emitted, const pthread_t *t)
{
	if (i == emitted)
		front(ctx, t);
}

/* ---- one thread ---- */

/* The lines a sink takes many at a time (take_lines) are handed on when
 * they reach this: the 5,300 summaries (6 KB each) of a 20 MB file of
 * Chinese calls went one at a time to stdio, which copied every byte into
 * its buffer before writing it; so many lines go to write(2) from where
 * they were made (src/bin/cli.c, cli_write).  Not stdio's 512 KiB on a
 * pipe: lines made that far back had left the core's cache (1 MiB of L2
 * here) by the time they were written; 128 KiB took 6-9 ms less CPU of
 * some 225 in three rounds of 15 alternating runs, 64 KiB 1-3 ms more. */
#define LINES_BYTES ((size_t)1 << 17)

/* Hand on the lines made so far (out: take_lines'), to the place read. */
static int hand_lines(const job *j, ts_buf *out)
{
	int rc = hand_on(j->sink, out);
	out->len = 0;
	progress(j, ts_input_line_offset(j->in));
	return rc;
}

/* Analyse the calls of an open reader and make their records: into out,
 * holding *charged of the budget (records_held), or, when take is given,
 * one at a time handed to it.  For a sink that takes lines (take_lines)
 * out holds lines, not records, and those given take go to it many at a
 * time (hand_lines; those before an error are handed on before it is
 * returned, as they would have been one at a time). */
static int analyse_calls(const job *j, ts_scratch *scratch, void *state, ts_buf *out,
                         size_t *charged, int (*take)(void *, const char *, size_t),
                         void *take_arg, ts_error *err)
{
	const ts_resources *res = &j->ctx->res;
	const ts_options *opt = &j->ctx->opt;
	const ts_call *call;
	int rc, lines = j->sink->take_lines != NULL;
	size_t largest = 0;  /* of the records made (records_room) */
	while ((rc = ts_format_next(j->fmt, state, res, opt, j->name, 0, &call, err)) == 1) {
		ts_result r;
		size_t at = out->len, len = 0;
		rc = ts_result_compute(res, scratch, opt, call, j->sections, &r, err);
		if (rc && err->line && !err->file[0])
			snprintf(err->file, sizeof err->file, "%s", j->name);
		if (!rc && ((!take && records_room(j->ctx, charged, out, largest)) ||
		            (!lines && ts_buf_append(out, &len, sizeof len)) ||
		            j->sink->make(j->sink->make_arg, &r, out) ||
		            (lines ? ts_buf_append(out, "\n", 1) : put_record(out, at)))) {
			out->len = at;  /* no half-made record is handed on */
			rc = ts_nomem(err);
		}
		ts_result_keep(scratch, &r);
		if (!rc && !take) {
			largest = out->len - at > largest ? out->len - at : largest;
			records_held(j->ctx, charged, out);
		}
		if (!rc && take && lines && out->len >= LINES_BYTES)
			rc = hand_lines(j, out);
		if (!rc && take && !lines) {
			const char *rec;
			get_record(out, at, &rec, &len);
			rc = take(take_arg, rec, len);
			out->len = at;
			progress(j, ts_input_line_offset(j->in));
		}
		if (rc)
			break;
	}
	if (take && lines && out->len) {
		int taken = hand_lines(j, out);
		rc = taken ? taken : rc;
	}
	return rc;
}

/* One thread reads in (owned) with scratch: the records handed to take,
 * or, when it is NULL, left in out. */
static int sequential_into(const job *j, ts_input *in, ts_scratch *scratch, ts_buf *out,
                           size_t *charged, int (*take)(void *, const char *, size_t),
                           void *take_arg, ts_error *err)
{
	void *state;
	int rc = j->fmt->open(&state, &j->ctx->res, &j->ctx->opt, in, err);
	if (rc)
		return rc;
	rc = analyse_calls(j, scratch, state, out, charged, take, take_arg, err);
	j->fmt->close(state);
	return rc;
}

/* One thread reads in (owned), handing each record on as it is made. */
static int sequential(const job *j, ts_input *in, ts_error *err)
{
	ts_buf out = {0};
	int rc = sequential_into(j, in, &j->ctx->scratch, &out, NULL, j->sink->take,
	                         j->sink->take_arg, err);
	ts_buf_free(&out);
	return rc;
}

/* ---- first pass in ranges ---- */

typedef struct scanrange {
	const job *j;
	ts_input *in;
	long long start, end, part_bytes;
	void *scan;
	int rc;
	ts_error err;
	pthread_t tid;
	int started;
} scanrange;

static void *scan_main(void *arg)
{
	scanrange *s = arg;
	ts_input *range = NULL;
	s->rc = ts_input_open_range(&range, s->in, s->start, s->end, 0, &s->err);
	if (!s->rc)
		s->rc = s->j->fmt->parts->scan(&s->scan, &s->j->ctx->res, &s->j->ctx->opt, range,
		                               s->start, s->part_bytes, &s->err);
	ts_input_close(range);
	return NULL;
}

/* The first pass in nscan ranges; 1 when it must be done in one pass. */
static int scan_ranges(scanrange *sr, unsigned nscan, ts_error *err)
{
	unsigned k;
	for (k = 1; k < nscan; k++)
		sr[k].started = !pthread_create(&sr[k].tid, NULL, scan_main, &sr[k]);
	scan_main(&sr[0]);
	for (k = 1; k < nscan; k++) {
		if (sr[k].started)
			pthread_join(sr[k].tid, NULL);
		else
			scan_main(&sr[k]);
	}
	/* any error here is met again, at its place, by one pass */
	for (k = 0; k < nscan; k++)
		if (sr[k].rc)
			return sr[k].rc == TS_ENOMEM ? ts_nomem(err) : 1;
	return 0;
}

/* ---- second pass in parts ---- */

/* The record buffers of parts (or files) handed on, kept for the next
 * ones, under the pool's lock.  Freed, a buffer past malloc's mmap
 * threshold went back to the system and the next one was faulted in
 * afresh, page by page: a summary of bench/compare.sh's 50 MB corpus on
 * two threads made 22,395 page faults, and 4,336 with them kept
 * (/usr/bin/time -f %R). */
typedef struct spares {
	ts_buf *b;
	size_t n, cap;
} spares;

/* Room for cap buffers; without it, every buffer is freed as before. */
static void spares_init(spares *s, size_t cap)
{
	s->n = 0;
	s->cap = (s->b = calloc(cap, sizeof *s->b)) ? cap : 0;
}

/* A spare for out, unless pressed: then those kept are freed, and the
 * records grow their buffer as they are made, not held, empty, by items
 * that wait (40 files of a call of 250 KB of one-character turns, 16
 * threads: records of 1 MB in spares of 2 MiB, 1.8 MiB a file waiting).
 * A spare is added to the budget without waiting (it is taken under a
 * pool's lock), so it is not taken either where it would pass the
 * records' limit (RECORDS_LIMIT). */
static void spares_take(const ts_context *ctx, spares *s, ts_buf *out)
{
	if (s->n && (pressed(ctx) || (ctx->res.budget && ts_budget_used(ctx->res.budget) +
	                              s->b[s->n - 1].cap > RECORDS_LIMIT))) {
		while (s->n)
			ts_buf_free(&s->b[--s->n]);
	} else if (s->n) {
		*out = s->b[--s->n];
	}
}

/* Keep *b, emptied, when a later take may use it (wanted), or free it.
 * Not wanted once every item is taken, nor while pressed, as spares_take
 * would free it: the buffers of the last items handed on were kept to the
 * end, unused, and were the peak of a run (40 files of a call of 250 KB
 * of one-character turns, 16 threads: 13 of them, 1.4 MB each, of 35
 * MiB). */
static void spares_give(spares *s, ts_buf *b, int wanted)
{
	if (wanted && s->n < s->cap && b->ptr) {
		b->len = 0;
		s->b[s->n++] = *b;
		*b = (ts_buf){0};
	}
	ts_buf_free(b);
}

static void spares_free(spares *s)
{
	for (size_t i = 0; i < s->n; i++)
		ts_buf_free(&s->b[i]);
	free(s->b);
	*s = (spares){0};
}

typedef struct part {
	ts_part at;
	ts_buf out;      /* records (put_record) */
	size_t charged;  /* of the run's budget, by out (records_held) */
	pthread_t reader;
	int rc, done;
	ts_error err;
} part;

typedef struct pool {
	const job *j;
	ts_input *in;
	void *shared;    /* the reader's plan */
	part *parts;
	size_t nparts, next, emitted, window;
	long long ahead; /* input bytes of parts in [emitted, next) */
	spares spare;
	pthread_t emitter;  /* the calling thread */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t done, room;
} pool;

static long long part_size(const part *p)
{
	return p->at.end - p->at.start;
}

static void run_part(pool *pl, ts_scratch *scratch, void *local, part *p)
{
	const job *j = pl->j;
	ts_input *range = NULL;
	void *state = NULL;
	p->rc = ts_input_open_range(&range, pl->in, p->at.start, p->at.end, p->at.line0, &p->err);
	if (!p->rc)
		p->rc = j->fmt->parts->open_part(&state, &j->ctx->res, &j->ctx->opt, local, &p->at,
		                                 range, &p->err);
	if (!p->rc)
		p->rc = analyse_calls(j, scratch, state, &p->out, &p->charged, NULL, NULL, &p->err);
	if (p->rc == TS_ENOMEM && !p->err.code)
		ts_nomem(&p->err);
	if (state)
		j->fmt->close(state);
}

/* Whether the next part may be taken now: the next to hand on always is;
 * one after it while the window and AHEAD_BYTES leave room.  Under the
 * pool's lock. */
static int may_take_part(const pool *pl)
{
	return !pl->stop && pl->next < pl->nparts &&
	       (pl->next == pl->emitted ||
	        (pl->next < pl->emitted + pl->window &&
	         pl->ahead + part_size(&pl->parts[pl->next]) <= AHEAD_BYTES));
}

/* What a thread reads parts with: its scratch, and its own copy of the
 * reader's plan (thread_new), made when it takes its first part. */
typedef struct reading {
	ts_scratch *scratch;
	void *local;
	int made, oom;
} reading;

static void reading_free(const pool *pl, reading *r)
{
	const ts_parts_reader *pr = pl->j->fmt->parts;
	if (r->made && !r->oom && pr->thread_free)
		pr->thread_free(r->local);
}

/* Take the next part and read it with r: the pool's lock held before and
 * after, not while reading. */
static void take_part(pool *pl, reading *r)
{
	const ts_parts_reader *pr = pl->j->fmt->parts;
	part *p = &pl->parts[pl->next++];
	pl->ahead += part_size(p);
	spares_take(pl->j->ctx, &pl->spare, &p->out);
	records_held(pl->j->ctx, &p->charged, &p->out);  /* a spare's room */
	p->reader = pthread_self();
	front_of(pl->j->ctx, (size_t)(p - pl->parts), pl->emitted, &p->reader);
	pthread_mutex_unlock(&pl->mu);
	if (!r->made) {
		r->made = 1;
		r->local = pl->shared;
		r->oom = pr->thread_new && pr->thread_new(&r->local, pl->shared);
	}
	if (r->oom)
		p->rc = ts_nomem(&p->err);
	else
		run_part(pl, r->scratch, r->local, p);
	pthread_mutex_lock(&pl->mu);
	p->done = 1;
	front_of(pl->j->ctx, (size_t)(p - pl->parts), pl->emitted, &pl->emitter);
	if ((size_t)(p - pl->parts) == pl->emitted)  /* see take_and_read */
		pthread_cond_broadcast(&pl->done);
}

static void *worker_main(void *arg)
{
	pool *pl = arg;
	ts_scratch scratch = {0};
	reading r = {.scratch = &scratch};
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (!pl->stop && pl->next < pl->nparts && !may_take_part(pl))
			pthread_cond_wait(&pl->room, &pl->mu);
		if (pl->stop || pl->next >= pl->nparts)
			break;
		take_part(pl, &r);
	}
	pthread_mutex_unlock(&pl->mu);
	ts_scratch_free(&scratch);
	reading_free(pl, &r);
	return NULL;
}

/* Hand the parts' records on in order; the first error in order wins.
 * While the next part is being read, the calling thread reads one itself
 * (as read_until does files). */
static int emit_parts(pool *pl, ts_error *err)
{
	reading self = {.scratch = &pl->j->ctx->scratch};
	int rc = 0;
	for (size_t i = 0; i < pl->nparts && !rc; i++) {
		part *p = &pl->parts[i];
		pthread_mutex_lock(&pl->mu);
		while (!p->done) {
			if (may_take_part(pl) && may_read_ahead(pl->j->ctx, pl->next, pl->emitted))
				take_part(pl, &self);
			else
				pthread_cond_wait(&pl->done, &pl->mu);
		}
		pthread_mutex_unlock(&pl->mu);
		rc = hand_on(pl->j->sink, &p->out);
		if (!rc && p->rc) {
			rc = p->rc;
			*err = p->err;
		}
		if (!rc)
			progress(pl->j, p->at.end);
		records_gone(pl->j->ctx, &p->charged);
		pthread_mutex_lock(&pl->mu);
		spares_give(&pl->spare, &p->out, pl->next < pl->nparts && !pressed(pl->j->ctx));
		pl->emitted = i + 1;
		pl->ahead -= part_size(p);
		front(pl->j->ctx, i + 1 < pl->next && !pl->parts[i + 1].done ? &pl->parts[i + 1].reader
		                                                             : &pl->emitter);
		if (rc)
			pl->stop = 1;
		pthread_cond_broadcast(&pl->room);
		pthread_mutex_unlock(&pl->mu);
	}
	reading_free(pl, &self);
	return rc;
}

static int run_pool(pool *pl, unsigned threads, ts_error *err)
{
	pthread_t tid[MAX_THREADS];
	unsigned started = 0;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->done, NULL);
	pthread_cond_init(&pl->room, NULL);
	pl->window = 2 * (size_t)threads;
	spares_init(&pl->spare, pl->window);  /* at most window parts hold records */
	pl->emitter = pthread_self();
	front(pl->j->ctx, &pl->emitter);
	for (; started + 1 < threads; started++)
		if (pthread_create(&tid[started], NULL, worker_main, pl))
			break;
	int rc = started ? emit_parts(pl, err) : 1;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->room);
	pthread_mutex_unlock(&pl->mu);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (size_t i = 0; i < pl->nparts; i++) {
		records_gone(pl->j->ctx, &pl->parts[i].charged);
		ts_buf_free(&pl->parts[i].out);
	}
	spares_free(&pl->spare);
	front(pl->j->ctx, NULL);
	pthread_cond_destroy(&pl->room);
	pthread_cond_destroy(&pl->done);
	pthread_mutex_destroy(&pl->mu);
	return rc;
}

/* ---- the plan ---- */

/* The reader's parts, each ending where the next starts. */
static int take_parts(pool *pl, ts_part *at, size_t n, long long size)
{
	if (!(pl->parts = calloc(n, sizeof *pl->parts)))
		return TS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		pl->parts[i].at = at[i];
		pl->parts[i].at.end = i + 1 < n ? at[i + 1].start : size;
	}
	pl->nparts = n;
	return 0;
}

static unsigned thread_count(const ts_context *ctx)
{
	return ts_threads_asked(ctx->opt.threads, MAX_THREADS);
}

static int parallel(const job *j, ts_input *in, unsigned threads, long long part_bytes,
                    int *fallback, ts_error *err)
{
	const ts_parts_reader *pr = j->fmt->parts;
	long long size = ts_input_size(in);
	scanrange sr[MAX_THREADS];
	void *scans[MAX_THREADS];
	unsigned nscan = 0;
	/* the first pass: one range per thread, cut after line ends */
	for (unsigned k = 0; k < threads; k++) {
		long long start = k ? ts_input_line_after(in, size * k / threads) : 0;
		if (start < 0 || start >= size || (nscan && start <= sr[nscan - 1].start))
			continue;
		sr[nscan++] = (scanrange){.j = j, .in = in, .start = start, .part_bytes = part_bytes};
	}
	for (unsigned k = 0; k < nscan; k++)
		sr[k].end = k + 1 < nscan ? sr[k + 1].start : size;
	pool pl = {.j = j, .in = in};
	ts_part *at = NULL;
	size_t nat = 0;
	int rc = scan_ranges(sr, nscan, err);
	for (unsigned k = 0; k < nscan; k++)
		scans[k] = sr[k].scan;
	if (!rc)
		rc = pr->plan(scans, nscan, in, &at, &nat, &pl.shared, err);
	if (rc == 1) {
		*fallback = 1;
		rc = 0;
		goto done;
	}
	if (!rc && take_parts(&pl, at, nat, size))
		rc = ts_nomem(err);
	if (!rc && (rc = run_pool(&pl, threads, err)) == 1) {
		*fallback = 1;  /* no thread would start; nothing was written */
		rc = 0;
	}
done:
	for (unsigned k = 0; k < nscan; k++)
		if (sr[k].scan)
			pr->scan_free(sr[k].scan);
	if (pl.shared)
		pr->shared_free(pl.shared);
	free(at);
	free(pl.parts);
	return rc;
}

/* A part of at most cap bytes, smaller with many threads so that two
 * parts per thread fit in AHEAD_BYTES: each thread then has parts to take
 * without more memory. */
static long long part_of(const ts_context *ctx, long long cap)
{
	long long pb = AHEAD_BYTES / (2 * (long long)thread_count(ctx));
	return pb > cap ? cap : pb < MIN_PART_BYTES ? MIN_PART_BYTES : pb;
}

/* The part size asked for, or by default part_of cap. */
static long long asked_or(const ts_context *ctx, long long cap)
{
	return ctx->opt.part_bytes ? (long long)ctx->opt.part_bytes : part_of(ctx, cap);
}

static long long part_bytes_of(const ts_context *ctx)
{
	return asked_or(ctx, (long long)TS_PART_BYTES);
}

/* By default a file is read in parts from two parts of this (part_of),
 * the default part before TS_PART_BYTES was halved: smaller files, split
 * at 2 threads, took more processor time and memory than read whole by
 * one thread (1.5 MB of zh20: task-clock 22.1 -> 25.6 ms, peak RSS 8.0 ->
 * 10.2 MiB). */
#define SHARED_PART_BYTES ((long long)1 << 20)

/* Whether in is read in parts by threads: large enough to share (two
 * parts of the size asked, or of SHARED_PART_BYTES by default), and its
 * reader can cut it. */
static int in_parts(const ts_context *ctx, const ts_format_reader *fmt, const ts_input *in)
{
	return fmt->parts && thread_count(ctx) >= 2 &&
	       ts_input_size(in) >= 2 * asked_or(ctx, SHARED_PART_BYTES);
}

int ts_pipeline_input(ts_context *ctx, const ts_format_reader *fmt, ts_input *in,
                      unsigned sections, const ts_sink *sink, ts_error *err)
{
	job j = {ctx, fmt, sections, sink, ts_input_name(in), in};
	unsigned threads = thread_count(ctx);
	long long part_bytes = part_bytes_of(ctx);
	int fallback = !in_parts(ctx, fmt, in);
	if (!fallback) {
		int rc = parallel(&j, in, threads, part_bytes, &fallback, err);
		if (!fallback || (rc = ts_input_rewind(in, err))) {
			if (!rc)
				progress(&j, ts_input_size(in));
			ts_input_close(in);
			return rc;
		}
	}
	long long size = ts_input_size(in);
	int rc = sequential(&j, in, err);  /* closes in */
	if (!rc && ctx->progress)
		ctx->progress(ctx->progress_arg, size, size);
	return rc;
}

int ts_pipeline_is_transcript(const ts_context *ctx, const char *head, size_t n)
{
	return ts_format_is_transcript(ctx ? ctx->opt.format : NULL, head, n);
}

int ts_pipeline_file(ts_context *ctx, const char *path, unsigned sections, const ts_sink *sink,
                     ts_error *err)
{
	ts_input *in;
	const ts_format_reader *fmt;
	ctx->file_format = NULL;
	int rc = ts_format_open_input(&ctx->opt, path, &in, &fmt, err);
	if (rc)
		return rc;
	ctx->file_format = fmt->name;
	return ts_pipeline_input(ctx, fmt, in, sections, sink, err);
}

/* ---- many files ---- */

/* Records of files read ahead and not yet handed on, at most, in all:
 * what lets a few threads stay busy on small files without the memory
 * growing with their number (the next file to hand on is always read,
 * whatever it holds).  Beside them each thread keeps what its largest
 * call took, so 4 MiB left too little room at 16 threads: 150 Chinese
 * transcripts of 256 KiB (default output) peaked at 32.4 to 33.3 MiB,
 * and at 23 to 31 MiB with 2 MiB.  At 2 threads 2 MiB still holds the
 * whole window of bench/bench.sh's files (16 records of about 130 KB). */
#define FILES_HELD_BYTES ((size_t)2 << 20)

/* Files a thread may read ahead of the one being handed on, at most.
 * Measured when the calling thread only handed files on (before it read
 * files too), and so got a processor only from the workers: with 2 per
 * thread, a worker blocked for want of room 26 to 330 times in
 * bench/bench.sh's 265 files of 20 calls (2 threads, output to a pipe, a
 * busy host), its processor left to other programs; with 8, 0 to 17
 * times.  FILES_HELD_BYTES bounds the memory of the
 * files read whole (peak RSS 9.0 -> 9.6 MiB at 2 threads, 18.5 -> 20.6
 * MiB at 16); a file to be read in parts is only opened, and holds a
 * descriptor and its reader's buffer until it is handed on, so these are
 * bounded apart: OPEN_AHEAD per thread, as many as the window of 2 per
 * thread before FILES_AHEAD allowed (more would fail with "Too many open
 * files" where the old bound did not). */
#define FILES_AHEAD 8
#define OPEN_AHEAD 2

/* A file's error is not in its own struct but in one of the window's
 * (file_err): a ts_error is 1 KiB, and a struct of every file with one
 * was 1.1 KiB a file, written through before any thread started (bench/
 * bench.sh's 265 files: 72 page faults of the calling thread; a list of
 * 100,000 files, 110 MiB). */
typedef struct file {
	const char *path;
	const ts_sink *sink;
	ts_input *in;      /* left open for the calling thread: a file read in parts */
	const ts_format_reader *fmt;
	ts_buf out;        /* records (put_record) */
	size_t charged;    /* of the run's budget, by out (records_held) */
	pthread_t reader;
	long long size;
	int rc, done, own; /* own: the calling thread reads it (in parts, or "-") */
} file;

typedef struct filepool {
	ts_context *ctx;
	unsigned sections;
	file *f;
	ts_error *err;     /* nerr of them, file_err */
	size_t n, next, emitted, window, held, nerr;
	size_t open, reading, open_max; /* files left open or being read, ahead */
	spares spare;
	pthread_t emitter; /* the calling thread */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t done, room;
} filepool;

/* The error of file f: files taken but not handed on are fewer than the
 * window (may_take), so no two of them share one, and it is the file's
 * from when it is taken until it is handed on. */
static ts_error *file_err(const filepool *fp, const file *f)
{
	return &fp->err[(size_t)(f - fp->f) % fp->nerr];
}

/* Open file f and, unless it is to be read in parts, read it whole into
 * f->out with scratch.  Standard input is left to the calling thread: read
 * in turn, a second "-" finds it empty, as it does with one thread. */
static void read_file(filepool *fp, ts_scratch *scratch, file *f)
{
	if (!strcmp(f->path, "-")) {
		f->own = 1;
		return;
	}
	ts_error *err = file_err(fp, f);
	*err = (ts_error){0};
	f->rc = ts_format_open_input(&fp->ctx->opt, f->path, &f->in, &f->fmt, err);
	if (f->rc || (f->own = in_parts(fp->ctx, f->fmt, f->in)))
		return;
	ts_input *in = f->in;
	f->in = NULL;
	f->size = ts_input_size(in);
	job j = {fp->ctx, f->fmt, fp->sections, f->sink, ts_input_name(in), in};
	f->rc = sequential_into(&j, in, scratch, &f->out, &f->charged, NULL, NULL, err);
	if (f->rc == TS_ENOMEM && !err->code)
		ts_nomem(err);
}

/* Whether the next file may be taken now: the next to hand on always is;
 * one after it while the window, the records held and the files open
 * ahead leave room.  Under the pool's lock. */
static int may_take(const filepool *fp)
{
	return !fp->stop && fp->next < fp->n &&
	       (fp->next == fp->emitted ||
	        (fp->next < fp->emitted + fp->window && fp->held <= FILES_HELD_BYTES &&
	         fp->open + fp->reading < fp->open_max));
}

/* Take the next file, read it with scratch, and note it read: the pool's
 * lock held before and after, not while reading. */
static void take_and_read(filepool *fp, ts_scratch *scratch)
{
	file *f = &fp->f[fp->next++];
	spares_take(fp->ctx, &fp->spare, &f->out);
	records_held(fp->ctx, &f->charged, &f->out);  /* a spare's room */
	fp->reading++;
	f->reader = pthread_self();
	front_of(fp->ctx, (size_t)(f - fp->f), fp->emitted, &f->reader);
	pthread_mutex_unlock(&fp->mu);
	read_file(fp, scratch, f);
	pthread_mutex_lock(&fp->mu);
	f->done = 1;
	front_of(fp->ctx, (size_t)(f - fp->f), fp->emitted, &fp->emitter);
	fp->held += f->out.len;
	fp->reading--;
	fp->open += f->in != NULL;
	/* the calling thread waits only for the next file to hand on:
	 * woken for any other, it went back to sleep, on 45 to 60 of
	 * bench/bench.sh's 265 files at 2 threads */
	if ((size_t)(f - fp->f) == fp->emitted)
		pthread_cond_broadcast(&fp->done);
}

static void *file_worker(void *arg)
{
	filepool *fp = arg;
	ts_scratch scratch = {0};
	pthread_mutex_lock(&fp->mu);
	for (;;) {
		while (!fp->stop && fp->next < fp->n && !may_take(fp))
			pthread_cond_wait(&fp->room, &fp->mu);
		if (fp->stop || fp->next >= fp->n)
			break;
		take_and_read(fp, &scratch);
	}
	pthread_mutex_unlock(&fp->mu);
	ts_scratch_free(&scratch);
	return NULL;
}

/* The calling thread, until file f is read: reads the files it may take
 * itself, and sleeps only when it may take none.  It is one of the
 * threads asked for, not one more: beside workers on every processor it
 * was a third thread on two, woken for each file to hand on (bench/
 * bench.sh's 265 Chinese files of 20 calls at 2 threads: 684 context
 * switches and 7% more processor time than one thread; 75 and 2% so). */
static void read_until(filepool *fp, file *f)
{
	pthread_mutex_lock(&fp->mu);
	while (!f->done) {
		if (may_take(fp) && may_read_ahead(fp->ctx, fp->next, fp->emitted))
			take_and_read(fp, &fp->ctx->scratch);
		else
			pthread_cond_wait(&fp->done, &fp->mu);
	}
	pthread_mutex_unlock(&fp->mu);
}

/* File f, read: its records handed on, or the file read now, in parts. */
static int emit_file(filepool *fp, size_t i, int (*begin)(void *, size_t), void *begin_arg,
                     ts_error *err)
{
	ts_context *ctx = fp->ctx;
	file *f = &fp->f[i];
	ctx->file_format = f->rc || !f->fmt ? NULL : f->fmt->name;
	int rc = begin ? begin(begin_arg, i) : 0;
	if (rc)
		return rc;
	if (f->own && !f->in)
		return ts_pipeline_file(ctx, f->path, fp->sections, f->sink, err);
	if (f->own) {
		ts_input *in = f->in;
		f->in = NULL;
		return ts_pipeline_input(ctx, f->fmt, in, fp->sections, f->sink, err);
	}
	rc = hand_on(f->sink, &f->out);
	if (!rc && f->rc) {
		*err = *file_err(fp, f);
		return f->rc;
	}
	if (!rc && ctx->progress)
		ctx->progress(ctx->progress_arg, f->size, f->size);
	return rc;
}

/* The files in threads of their own, a bounded window ahead of the
 * calling thread, which hands them on in order; *fallback when no thread
 * would start (nothing was handed on). */
static int files_pool(filepool *fp, unsigned threads, int (*begin)(void *, size_t),
                      void *begin_arg, int *fallback, ts_error *err)
{
	pthread_t tid[MAX_THREADS];
	unsigned started = 0;
	pthread_mutex_init(&fp->mu, NULL);
	pthread_cond_init(&fp->done, NULL);
	pthread_cond_init(&fp->room, NULL);
	fp->open_max = OPEN_AHEAD * (size_t)threads;
	spares_init(&fp->spare, fp->window);
	fp->emitter = pthread_self();
	front(fp->ctx, &fp->emitter);
	for (; started + 1 < threads; started++)
		if (pthread_create(&tid[started], NULL, file_worker, fp))
			break;
	int rc = 0;
	*fallback = !started;
	for (size_t i = 0; i < fp->n && started && !rc; i++) {
		file *f = &fp->f[i];
		read_until(fp, f);
		int was_open = f->in != NULL;  /* emit_file takes and closes it */
		rc = emit_file(fp, i, begin, begin_arg, err);
		records_gone(fp->ctx, &f->charged);
		pthread_mutex_lock(&fp->mu);
		fp->held -= f->out.len;
		fp->open -= (size_t)was_open;
		spares_give(&fp->spare, &f->out, fp->next < fp->n && !pressed(fp->ctx));
		fp->emitted = i + 1;
		front(fp->ctx, i + 1 < fp->next && !fp->f[i + 1].done ? &fp->f[i + 1].reader
		                                                      : &fp->emitter);
		if (rc)
			fp->stop = 1;
		pthread_cond_broadcast(&fp->room);
		pthread_mutex_unlock(&fp->mu);
	}
	pthread_mutex_lock(&fp->mu);
	fp->stop = 1;
	pthread_cond_broadcast(&fp->room);
	pthread_mutex_unlock(&fp->mu);
	for (unsigned k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	spares_free(&fp->spare);
	front(fp->ctx, NULL);
	pthread_cond_destroy(&fp->room);
	pthread_cond_destroy(&fp->done);
	pthread_mutex_destroy(&fp->mu);
	return rc;
}

int ts_pipeline_files(ts_context *ctx, size_t n, const char *const *paths, const ts_sink *sinks,
                      unsigned sections, int (*begin)(void *, size_t), void *begin_arg,
                      ts_error *err)
{
	unsigned threads = thread_count(ctx);
	int rc, fallback = 1;
	if (threads >= 2 && n >= 2) {
		size_t window = FILES_AHEAD * (size_t)threads;
		filepool fp = {.ctx = ctx, .sections = sections, .n = n, .window = window,
		               .nerr = n < window ? n : window};
		fp.f = calloc(n, sizeof *fp.f);
		fp.err = calloc(fp.nerr, sizeof *fp.err);
		if (!fp.f || !fp.err) {
			free(fp.f);
			free(fp.err);
			return ts_nomem(err);
		}
		for (size_t i = 0; i < n; i++)
			fp.f[i] = (file){.path = paths[i], .sink = &sinks[i]};
		rc = files_pool(&fp, threads, begin, begin_arg, &fallback, err);
		for (size_t i = 0; i < n; i++) {
			records_gone(ctx, &fp.f[i].charged);
			ts_input_close(fp.f[i].in);
			ts_buf_free(&fp.f[i].out);
		}
		free(fp.f);
		free(fp.err);
		if (!fallback)
			return rc;
	}
	/* one thread, or none would start: one file after another */
	for (size_t i = 0; i < n; i++) {
		ctx->file_format = NULL;
		if ((rc = begin ? begin(begin_arg, i) : 0) ||
		    (rc = ts_pipeline_file(ctx, paths[i], sections, &sinks[i], err)))
			return rc;
	}
	return 0;
}

/* ---- summaries ---- */

typedef struct json_maker {
	const char *source;
	unsigned flags;
	int indent;
} json_maker;

static int make_json(void *arg, const ts_result *r, ts_buf *out)
{
	const json_maker *m = arg;
	ts_jw w;
	ts_jw_init(&w, out, (m->flags & TS_JSON_PRETTY) != 0, m->indent);
	ts_summary_write(&w, r, m->source, m->flags);
	return w.oom ? TS_ENOMEM : 0;
}

int ts_summary_input_json(ts_context *ctx, const ts_format_reader *fmt, ts_input *in,
                          unsigned sections, const char *source, unsigned flags, int indent,
                          ts_json_fn fn, void *arg, ts_error *err)
{
	json_maker m = {source, flags, indent};
	ts_sink sink = {make_json, &m, fn, arg, NULL};
	return ts_pipeline_input(ctx, fmt, in, sections, &sink, err);
}

int ts_summary_file_json(ts_context *ctx, const char *path, unsigned sections, const char *source,
                         unsigned flags, int indent, ts_json_fn fn, void *arg, ts_error *err)
{
	json_maker m = {source, flags, indent};
	ts_sink sink = {make_json, &m, fn, arg, NULL};
	return ts_pipeline_file(ctx, path, sections, &sink, err);
}

int ts_summary_files_json(ts_context *ctx, size_t n, const char *const *paths,
                          const char *const *sources, unsigned sections, unsigned flags,
                          int indent, ts_json_fn fn, ts_json_fn lines, void *arg,
                          int (*begin)(void *, size_t), void *begin_arg, ts_error *err)
{
	json_maker *m = calloc(n ? n : 1, sizeof *m);
	ts_sink *sinks = calloc(n ? n : 1, sizeof *sinks);
	int rc = m && sinks ? 0 : ts_nomem(err);
	for (size_t i = 0; !rc && i < n; i++) {
		m[i] = (json_maker){sources[i], flags, indent};
		sinks[i] = (ts_sink){make_json, &m[i], fn, arg, lines};
	}
	if (!rc)
		rc = ts_pipeline_files(ctx, n, paths, sinks, sections, begin, begin_arg, err);
	free(sinks);
	free(m);
	return rc;
}

const char *ts_summary_file_format(const ts_context *ctx)
{
	return ctx->file_format;
}
