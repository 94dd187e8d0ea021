/* ts_summary_file_json: every call of a file, summarised, in file order,
 * with threads when the input is large enough to share.
 *
 * A parallel run of a labelled-text file:
 *  1. the first pass (speaker labels) runs on as many parts as threads,
 *     cut at line ends; the parts' counts are merged as one pass would
 *     have counted them, and where that cannot be known (textscan.h) the
 *     whole run falls back to one thread, which then gives the same
 *     output or error by construction;
 *  2. the same pass notes call headers at least part_bytes apart; the
 *     input is cut there into parts that start a call, each numbered and
 *     given the file's metadata from what the first pass counted;
 *  3. worker threads read and summarise parts, a bounded window ahead of
 *     the calling thread, which hands their JSON to fn in order and stops
 *     at the first error in file order. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "output/summary.h"
#include "run/context.h"
#include "base/diag.h"
#include "read/input.h"
#include "read/reader.h"
#include "read/reader_text.h"
#include "read/textscan.h"

#define MAX_THREADS 64

typedef struct job {
	ts_context *ctx;
	unsigned sections, flags;
	const char *source;
	int indent;
	ts_json_fn fn;
	void *arg;
} job;

/* ---- one thread ---- */

/* Summarise the calls of an open reader, handing each to put. */
static int summarise(const job *j, ts_scratch *scratch, const ts_format_reader *fmt,
                     void *state, ts_json_fn put, void *arg, ts_error *err)
{
	const ts_call *call;
	int rc;
	while ((rc = fmt->next(state, &call, err)) == 1) {
		char *json = NULL;
		if ((rc = ts_summary_json(&j->ctx->res, scratch, &j->ctx->opt, call, j->sections,
		                          j->source, j->flags, j->indent, &json, err)))
			return rc;
		rc = put(arg, json, strlen(json));
		free(json);
		if (rc)
			return rc;
	}
	return rc;
}

/* One thread: a text input already open (it may be standard input, read
 * once), or a file of another format. */
static int sequential(const job *j, const ts_format_reader *fmt, ts_input *in, const char *path,
                      ts_error *err)
{
	void *state;
	int rc = in ? ts_text_open_input(&state, &j->ctx->res, &j->ctx->opt, in, err) :
	              fmt->open(&state, &j->ctx->res, &j->ctx->opt, path, err);
	if (rc)
		return rc;
	rc = summarise(j, &j->ctx->scratch, fmt, state, j->fn, j->arg, err);
	fmt->close(state);
	return rc;
}

/* ---- first pass in parts ---- */

typedef struct scanpart {
	ts_input *in;
	const ts_textclass *tc;
	long long start, end;
	ts_textscan sc;
	int rc;
	ts_error err;
	pthread_t tid;
	int started;
} scanpart;

static void *scan_main(void *arg)
{
	scanpart *p = arg;
	ts_input *range = NULL;
	p->rc = ts_input_open_range(&range, p->in, p->start, p->end, 0, &p->err);
	if (!p->rc)
		p->rc = ts_textscan_run(&p->sc, p->tc, range, &p->err);
	ts_input_close(range);
	return NULL;
}

/* ---- second pass in parts ---- */

typedef struct part {
	long long start, end;
	long line0;
	size_t ncalls;
	ts_buf out;      /* JSON texts, each ended by its NUL */
	int rc, done;
	ts_error err;
} part;

typedef struct pool {
	const job *j;
	ts_input *in;
	const ts_labels *labels;
	ts_buf meta;
	part *parts;
	size_t nparts, next, emitted, window;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t done, room;
} pool;

static int put_buf(void *arg, const char *json, size_t len)
{
	return ts_buf_append(arg, json, len + 1) ? TS_ENOMEM : 0;
}

static void run_part(pool *pl, ts_scratch *scratch, ts_labels *labels, part *p)
{
	ts_input *range = NULL;
	void *state = NULL;
	p->rc = ts_input_open_range(&range, pl->in, p->start, p->end, p->line0, &p->err);
	if (!p->rc)
		p->rc = ts_text_open_part(&state, &pl->j->ctx->res, &pl->j->ctx->opt, range, labels, p->ncalls,
		                          pl->meta.ptr, p->start ? pl->meta.len : 0, &p->err);
	if (!p->rc)
		p->rc = summarise(pl->j, scratch, &ts_reader_text, state, put_buf, &p->out, &p->err);
	if (p->rc == TS_ENOMEM && !p->err.code)
		ts_nomem(&p->err);
	if (state)
		ts_reader_text.close(state);
}

static void *worker_main(void *arg)
{
	pool *pl = arg;
	ts_scratch scratch = {0};
	ts_labels *labels = ts_labels_clone(pl->labels);
	int oom = !labels;
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		while (!pl->stop && pl->next < pl->nparts && pl->next >= pl->emitted + pl->window)
			pthread_cond_wait(&pl->room, &pl->mu);
		if (pl->stop || pl->next >= pl->nparts) {
			pthread_mutex_unlock(&pl->mu);
			break;
		}
		part *p = &pl->parts[pl->next++];
		pthread_mutex_unlock(&pl->mu);
		if (oom)
			p->rc = ts_nomem(&p->err);
		else
			run_part(pl, &scratch, labels, p);
		pthread_mutex_lock(&pl->mu);
		p->done = 1;
		pthread_cond_broadcast(&pl->done);
		pthread_mutex_unlock(&pl->mu);
	}
	ts_scratch_free(&scratch);
	ts_labels_free(labels);
	return NULL;
}

/* Hand the parts' output to fn in order; the first error in order wins. */
static int emit_parts(pool *pl, ts_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < pl->nparts && !rc; i++) {
		part *p = &pl->parts[i];
		pthread_mutex_lock(&pl->mu);
		while (!p->done)
			pthread_cond_wait(&pl->done, &pl->mu);
		pthread_mutex_unlock(&pl->mu);
		for (size_t k = 0; k < p->out.len && !rc;) {
			size_t len = strlen(p->out.ptr + k);
			rc = pl->j->fn(pl->j->arg, p->out.ptr + k, len);
			k += len + 1;
		}
		if (!rc && p->rc) {
			rc = p->rc;
			*err = p->err;
		}
		ts_buf_free(&p->out);
		pthread_mutex_lock(&pl->mu);
		pl->emitted = i + 1;
		if (rc)
			pl->stop = 1;
		pthread_cond_broadcast(&pl->room);
		pthread_mutex_unlock(&pl->mu);
	}
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
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker_main, pl))
			break;
	int rc = started ? emit_parts(pl, err) : 1;
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->room);
	pthread_mutex_unlock(&pl->mu);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (size_t i = 0; i < pl->nparts; i++)
		ts_buf_free(&pl->parts[i].out);
	pthread_cond_destroy(&pl->room);
	pthread_cond_destroy(&pl->done);
	pthread_mutex_destroy(&pl->mu);
	return rc;
}

/* ---- the plan ---- */

/* Parts from the first pass's marks: the input's start, then every marked
 * header that starts a new call.  Header 0 of the file starts the first
 * call itself when no other line opened it. */
static int plan_parts(pool *pl, scanpart *sp, unsigned nscan, long long size)
{
	size_t nmarks = 0, headers = 0;
	long lines = 0;
	int excluded = 0, opened = 0;
	for (unsigned k = 0; k < nscan; k++) {
		nmarks += sp[k].sc.nmarks;
		if (!opened && sp[k].sc.opened) {
			opened = 1;
			excluded = sp[k].sc.first_is_header;
		}
	}
	pl->parts = calloc(nmarks + 1, sizeof *pl->parts);
	if (!pl->parts)
		return TS_ENOMEM;
	pl->parts[0] = (part){.start = 0, .line0 = 0, .ncalls = 0};
	pl->nparts = 1;
	for (unsigned k = 0; k < nscan; k++) {
		const ts_textscan *sc = &sp[k].sc;
		for (size_t m = 0; m < sc->nmarks; m++) {
			size_t g = headers + sc->marks[m].header;
			if (excluded && g == 0)  /* (also the only mark a part 0 could start at) */
				continue;
			part *p = &pl->parts[pl->nparts++];
			*p = (part){.start = sc->marks[m].off, .line0 = lines + sc->marks[m].line,
			            .ncalls = g + 1 - (size_t)excluded};
		}
		headers += sc->nheaders;
		lines += sc->nlines;
	}
	for (size_t i = 0; i < pl->nparts; i++)
		pl->parts[i].end = i + 1 < pl->nparts ? pl->parts[i + 1].start : size;
	return 0;
}

/* The first pass in nscan parts; 1 when it must be done in one pass. */
static int scan_parts(const job *j, scanpart *sp, unsigned nscan,
                      long long part_bytes, ts_error *err)
{
	int rc = 0;
	unsigned k;
	for (k = 0; k < nscan && !rc; k++)
		if ((rc = ts_textscan_init(&sp[k].sc, j->ctx->res.langs, &j->ctx->opt, part_bytes,
		                            sp[k].start, err)))
			break;
	for (k = 1; k < nscan && !rc; k++)
		sp[k].started = !pthread_create(&sp[k].tid, NULL, scan_main, &sp[k]);
	if (!rc)
		scan_main(&sp[0]);
	for (k = 1; k < nscan; k++) {
		if (sp[k].started)
			pthread_join(sp[k].tid, NULL);
		else if (!rc)
			scan_main(&sp[k]);
	}
	if (rc)
		return rc;
	/* any error here is met again, at its place, by one pass */
	for (k = 0; k < nscan; k++)
		if (sp[k].rc)
			return sp[k].rc == TS_ENOMEM ? ts_nomem(err) : 1;
	for (k = 1; k < nscan; k++) {
		int m = ts_labels_merge(sp[0].sc.labels, sp[k].sc.labels);
		if (m)
			return m < 0 ? ts_nomem(err) : 1;
	}
	return 0;
}

static unsigned thread_count(const ts_context *ctx)
{
	long n = ctx->opt.threads ? (long)ctx->opt.threads : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

static int parallel(const job *j, ts_input *in, unsigned threads, long long part_bytes,
                    int *fallback, ts_error *err)
{
	long long size = ts_input_size(in);
	scanpart sp[MAX_THREADS];
	unsigned nscan = 0;
	memset(sp, 0, sizeof sp);
	/* the first pass: one part per thread, cut after line ends */
	for (unsigned k = 0; k < threads; k++) {
		long long start = k ? ts_input_line_after(in, size * k / threads) : 0;
		if (start < 0 || start >= size || (nscan && start <= sp[nscan - 1].start))
			continue;
		sp[nscan++] = (scanpart){.in = in, .tc = j->ctx->res.tc, .start = start};
	}
	for (unsigned k = 0; k < nscan; k++)
		sp[k].end = k + 1 < nscan ? sp[k + 1].start : size;
	pool pl = {.j = j, .in = in};
	int rc = scan_parts(j, sp, nscan, part_bytes, err);
	if (rc == 1) {
		*fallback = 1;
		rc = 0;
		goto done;
	}
	int content = 0;
	for (unsigned k = 0; k < nscan; k++)
		content |= sp[k].sc.content;
	if (!rc)
		rc = ts_text_decide(sp[0].sc.labels, in, content, err);
	if (!rc && plan_parts(&pl, sp, nscan, size))
		rc = ts_nomem(err);
	if (!rc && pl.nparts > 1) {
		ts_input *prefix = NULL;
		rc = ts_input_open_range(&prefix, in, 0, pl.parts[1].start, 0, err);
		if (!rc)
			rc = ts_text_file_meta(prefix, &pl.meta, err);
		ts_input_close(prefix);
	}
	pl.labels = sp[0].sc.labels;
	if (!rc && (rc = run_pool(&pl, threads, err)) == 1) {
		*fallback = 1;  /* no thread would start; nothing was written */
		rc = 0;
	}
done:
	for (unsigned k = 0; k < nscan; k++)
		ts_textscan_free(&sp[k].sc);
	free(pl.parts);
	ts_buf_free(&pl.meta);
	return rc;
}

int ts_summary_file_json(ts_context *ctx, const char *path, unsigned sections, const char *source,
                         unsigned flags, int indent, ts_json_fn fn, void *arg, ts_error *err)
{
	const ts_format_reader *fmt;
	int rc = ts_format_of(ctx->format, &fmt, err);
	if (rc)
		return rc;
	job j = {ctx, sections, flags, source, indent, fn, arg};
	if (fmt != &ts_reader_text)
		return sequential(&j, fmt, NULL, path, err);
	ts_input *in;
	if ((rc = ts_input_open(&in, path, ctx->opt.encoding, err)))
		return rc;
	unsigned threads = thread_count(ctx);
	long long part_bytes = ctx->opt.part_bytes ? (long long)ctx->opt.part_bytes :
	                                             (long long)TS_PART_BYTES;
	int fallback = threads < 2 || ts_input_size(in) < 2 * part_bytes;
	if (!fallback) {
		rc = parallel(&j, in, threads, part_bytes, &fallback, err);
		if (!fallback) {
			ts_input_close(in);
			return rc;
		}
		if ((rc = ts_input_rewind(in, err))) {
			ts_input_close(in);
			return rc;
		}
	}
	return sequential(&j, fmt, in, path, err);
}
