/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/linepool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

/* A batch: lines copied out of the line buffer (it is refilled), at most
 * BATCH_BYTES of them or BATCH_LINES per thread, so that memory stays
 * bounded whatever the file. */
enum { BATCH_LINES = 256 };
#define BATCH_BYTES ((size_t)4 << 20)

typedef struct job {
	size_t off, len;     /* in the batch's text */
	long lineno;
	ts_buf out;          /* what work gave */
	int rc;
	ts_error err;
} job;

typedef struct pool {
	ts_buf text;
	job *jobs;
	size_t n, cap;
	size_t next;         /* the next job to take, under mu */
	pthread_mutex_t mu;
	ts_line_work work;
} pool;

typedef struct worker {
	pool *p;
	void *state;
} worker;

static void *work_main(void *arg)
{
	worker *w = arg;
	pool *p = w->p;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		job *j = &p->jobs[i];
		j->rc = p->work(w->state, p->text.ptr + j->off, j->len, j->lineno, &j->out, &j->err);
	}
	return NULL;
}

/* Work on the batch's jobs on up to nstates threads, then apply them in
 * order; the batch is emptied. */
static int run_batch(pool *p, size_t nstates, void *const *states, ts_line_apply apply, void *arg,
                     ts_error *err)
{
	p->next = 0;
	size_t nt = nstates < p->n ? nstates : p->n, started = 0;
	pthread_t *tid = nt > 1 ? malloc((nt - 1) * sizeof *tid) : NULL;
	worker *ws = malloc((nt ? nt : 1) * sizeof *ws);
	if (!ws || (nt > 1 && !tid)) {
		free(tid);
		free(ws);
		return ts_nomem(err);
	}
	for (size_t t = 0; t < nt; t++)
		ws[t] = (worker){p, states[t]};
	for (; started + 1 < nt; started++)
		if (pthread_create(&tid[started], NULL, work_main, &ws[started + 1]))
			break;  /* fewer threads: the work is done all the same */
	work_main(&ws[0]);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	free(ws);
	int rc = 0;
	for (size_t i = 0; i < p->n && !rc; i++) {
		job *j = &p->jobs[i];
		rc = apply(arg, j->out.ptr, j->out.len, j->lineno, err);
		if (!rc && j->rc) {
			*err = j->err;
			rc = j->rc;
		}
	}
	p->n = 0;
	p->text.len = 0;
	return rc;
}

int ts_linepool_run(ts_linebuf *in, size_t nstates, void *const *states, ts_line_work work,
                    ts_line_apply apply, void *arg, ts_error *err)
{
	pool p = {.work = work};
	pthread_mutex_init(&p.mu, NULL);
	size_t max_lines = BATCH_LINES * nstates;
	char *line;
	size_t len;
	int rc, got;
	for (;;) {
		ts_error read_err = {0};
		rc = 0;
		got = ts_linebuf_line(in, &line, &len, &read_err);
		if (got <= 0) {
			/* the end, or a line that cannot be read: what came before
			 * it first */
			rc = p.n ? run_batch(&p, nstates, states, apply, arg, err) : 0;
			if (!rc && got) {
				*err = read_err;
				rc = got;
			}
			break;
		}
		if (len > TS_LINEPOOL_LONG) {
			/* alone, in place: the lines before it first */
			if (p.n && (rc = run_batch(&p, nstates, states, apply, arg, err)))
				break;
			ts_buf out = {0};
			ts_error e = {0};
			int wrc = work(states[0], line, len, in->lineno, &out, &e);
			rc = apply(arg, out.ptr, out.len, in->lineno, err);
			if (!rc && wrc) {
				*err = e;
				rc = wrc;
			}
			ts_buf_free(&out);
			if (rc)
				break;
			continue;
		}
		if (p.n == p.cap) {
			size_t cap = p.cap ? 2 * p.cap : 64;
			job *nj = realloc(p.jobs, cap * sizeof *nj);
			if (!nj) {
				rc = ts_nomem(err);
				break;
			}
			memset(nj + p.cap, 0, (cap - p.cap) * sizeof *nj);
			p.jobs = nj;
			p.cap = cap;
		}
		job *j = &p.jobs[p.n++];
		j->off = p.text.len;
		j->len = len;
		j->lineno = in->lineno;
		j->out.len = 0;
		j->rc = 0;
		if (ts_buf_append(&p.text, line, len)) {
			rc = ts_nomem(err);
			break;
		}
		if ((p.n >= max_lines || p.text.len >= BATCH_BYTES) &&
		    (rc = run_batch(&p, nstates, states, apply, arg, err)))
			break;
	}
	for (size_t i = 0; i < p.cap; i++)
		ts_buf_free(&p.jobs[i].out);
	free(p.jobs);
	ts_buf_free(&p.text);
	pthread_mutex_destroy(&p.mu);
	return rc;
}
