/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* bench_deflect: what the deflection matcher costs, apart from the reader.
 *
 *   bench_deflect [--entries N] [--runs R] [CORPUS]
 *
 * 1. Builds the automaton for N generated entries (default 10,000: Chinese
 *    phrases, gapped and target entries, English phrases) R times and
 *    prints the fastest and the median build; also the built-in lexicons.
 * 2. With CORPUS: reads it twice with the library, once doing nothing with
 *    the calls and once finding every call's deflections, and prints both
 *    times (wall and CPU); their difference is the matcher's share of a
 *    talkstat-deflect run.  The CPU time inside ts_analyse (deflections,
 *    and the turn figures they need: a small share) is also measured
 *    directly.
 * Uses the data files of TALKSTAT_DATADIR (bench/deflect.sh sets it).  Not a
 * test: nothing is asserted. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "analyse/lexicon.h"
#include "analyse/match.h"
#include "base/fold.h"
#include "run/context.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: on a machine shared with other work, wall time
 * says more about the neighbours than about the code. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void put_utf8(ts_buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	ts_buf_append(b, u, n);
}

/* Common ideographs stand in for real phrases: the first 3,000 of the
 * unified block, which is about the size of the vocabulary of the real
 * lexicons' Chinese (a few hundred characters) made ten times larger. */
static void han(ts_buf *b, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		put_utf8(b, 0x4E00 + rnd(3000));
}

static const char *words[] = {
	"i", "we", "you", "they", "don't", "can't", "won't", "not", "going", "to", "comment",
	"on", "that", "refer", "the", "department", "agency", "speak", "let", "have", "any",
	"information", "about", "it", "at", "this", "time", "point", "would", "defer", "questions",
	"ask", "check", "with", "get", "back", "later", "more", "details", "aware", "of", "know",
	"answer", "position", "in", "confirm", "speculate", "hypothetical", "ongoing", "matter",
	"review", "process", "policy", "legal", "counsel", "office", "spokesperson", "statement",
};

/* A lexicon file of n entries as JSON text (malloc'd). */
static char *generate(size_t n, int english)
{
	ts_buf b = {0};
	const char *head = english ? "{\"language\": \"en\", \"org_words\": [\"department\", "
	                             "\"agency\", \"office\"], \"entries\": [\n" :
	                             "{\"language\": \"zh\", \"org_words\": [\"部\", \"局\", "
	                             "\"工会\", \"政府\", \"镇\", \"区\"], \"entries\": [\n";
	ts_buf_append(&b, head, strlen(head));
	static const char *cats[] = {"referral", "ignorance", "deferral", "noncommittal",
	                             "procedural", "refusal", "none"};
	for (size_t i = 0; i < n; i++) {
		char tail[96];
		unsigned kind = rnd(100);
		ts_buf_append(&b, i ? ",\n{\"phrase\": \"" : "{\"phrase\": \"", i ? 14 : 12);
		if (english) {
			unsigned nw = 2 + rnd(4);
			for (unsigned w = 0; w < nw; w++) {
				const char *x = words[rnd(sizeof words / sizeof *words)];
				if (w)
					ts_buf_append(&b, kind < 10 && w == nw - 1 ? "…" : " ",
					              kind < 10 && w == nw - 1 ? 3 : 1);
				ts_buf_append(&b, x, strlen(x));
			}
			/* a serial number keeps the phrases distinct */
			snprintf(tail, sizeof tail, " n%zu", i);
			ts_buf_append(&b, tail, strlen(tail));
		} else {
			han(&b, 2 + rnd(6));
			if (kind < 15) {
				ts_buf_append(&b, "…", 3);
				han(&b, 2);
			}
			snprintf(tail, sizeof tail, "%zu", i);
			ts_buf_append(&b, tail, strlen(tail));
		}
		if (kind >= 15 && kind < 20)
			ts_buf_append(&b, "{target}", 8);
		snprintf(tail, sizeof tail, "\", \"category\": \"%s\"%s}", cats[rnd(7)],
		         kind < (english ? 10u : 15u) ? ", \"max_gap\": 8" : "");
		ts_buf_append(&b, tail, strlen(tail));
	}
	ts_buf_append(&b, "]}\n", 3);
	return b.ptr;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void build_times(const ts_context *ctx, size_t entries, int runs)
{
	/* Four in five entries Chinese, one in five English. */
	size_t nen = entries / 5, nzh = entries - nen;
	char *zh = generate(nzh, 0), *en = generate(nen, 1);
	ts_lexicon lx;
	ts_lexicon_init(&lx, &ctx->langs);
	ts_error err = {0};
	double t0 = now();
	if (ts_lexicon_parse(&lx, "gen-zh.json", zh, strlen(zh), &err) ||
	    ts_lexicon_parse(&lx, "gen-en.json", en, strlen(en), &err)) {
		fprintf(stderr, "bench_deflect: %s: %s\n", err.file, err.msg);
		exit(2);
	}
	double load = now() - t0;
	double *t = calloc((size_t)runs, sizeof *t), *c = calloc((size_t)runs, sizeof *c);
	size_t states = 0;
	for (int r = 0; r < runs; r++) {
		ts_matcher *m = NULL;
		double c0 = cpu();
		t0 = now();
		if (ts_matcher_new(&m, &lx, ctx->fold, &err)) {
			fprintf(stderr, "bench_deflect: %s: %s\n", err.file, err.msg);
			exit(2);
		}
		t[r] = now() - t0;
		c[r] = cpu() - c0;
		states = ts_matcher_states(m);
		ts_matcher_free(m);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	qsort(c, (size_t)runs, sizeof *c, cmp_double);
	printf("generated_entries %zu\n", lx.n);
	printf("generated_states %zu\n", states);
	printf("generated_load_ms %.2f\n", load * 1e3);
	printf("generated_build_ms_min %.2f\n", t[0] * 1e3);
	printf("generated_build_ms_median %.2f\n", t[runs / 2] * 1e3);
	printf("generated_build_cpu_ms_median %.2f\n", c[runs / 2] * 1e3);
	free(c);
	for (int r = 0; r < runs; r++) {
		ts_matcher *m = NULL;
		t0 = now();
		if (ts_matcher_new(&m, &ctx->lexicon, ctx->fold, &err))
			exit(2);
		t[r] = now() - t0;
		states = ts_matcher_states(m);
		ts_matcher_free(m);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("builtin_entries %zu\n", ctx->lexicon.n);
	printf("builtin_states %zu\n", states);
	printf("builtin_build_ms_median %.2f\n", t[runs / 2] * 1e3);
	free(t);
	ts_lexicon_free(&lx);
	free(zh);
	free(en);
}

/* One pass over the corpus; with deflect, the deflections of every call. */
static double pass(ts_context *ctx, const char *path, int deflect, double *inside,
                   double *cpu_total, size_t *matches, size_t *bytes, size_t *rbytes)
{
	ts_reader *r = NULL;
	ts_error err = {0};
	if (ts_reader_open(&r, ctx, path, &err)) {
		fprintf(stderr, "bench_deflect: %s: %s\n", path, err.msg);
		exit(2);
	}
	const ts_call *call;
	double t0 = now(), c0 = cpu();
	*inside = 0;
	*matches = *bytes = *rbytes = 0;
	int rc;
	while ((rc = ts_reader_next(r, &call, &err)) == 1) {
		for (size_t t = 0; t < call->nturns; t++) {
			*bytes += call->turns[t].len;
			if (call->speakers[call->turns[t].speaker].role == TS_ROLE_RESPONDENT)
				*rbytes += call->turns[t].len;
		}
		if (!deflect)
			continue;
		ts_result d;
		double t1 = cpu();
		if (ts_analyse(ctx, call, TS_SECTION_DEFLECTIONS, &d, &err)) {
			fprintf(stderr, "bench_deflect: %s\n", err.msg);
			exit(2);
		}
		*inside += cpu() - t1;
		*matches += d.nmatches;
		ts_result_free(&d);
	}
	double t = now() - t0;
	*cpu_total = cpu() - c0;
	if (rc < 0) {
		fprintf(stderr, "bench_deflect: %s: %s\n", path, err.msg);
		exit(2);
	}
	ts_reader_close(r);
	return t;
}

int main(int argc, char **argv)
{
	size_t entries = 10000;
	int runs = 11;
	const char *corpus = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--entries") && i + 1 < argc)
			entries = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else
			corpus = argv[i];
	}
	if (runs < 1)
		runs = 1;
	ts_options o;
	ts_options_init(&o);
	ts_context *ctx = NULL;
	ts_error err = {0};
	double t0 = now();
	if (ts_context_new(&ctx, &o, &err)) {
		fprintf(stderr, "bench_deflect: %s: %s\n", err.file, err.msg);
		return 2;
	}
	printf("context_ms %.2f\n", (now() - t0) * 1e3);
	t0 = now();
	ts_fold *f = ts_fold_new(ctx->tc);
	printf("fold_table_ms %.2f\n", (now() - t0) * 1e3);
	ts_fold_free(f);
	build_times(ctx, entries, runs);
	if (corpus) {
		double in0, in1, c0, c1;
		size_t m0, m1, b0, b1, r0, r1;
		/* a first pass warms the page cache */
		pass(ctx, corpus, 0, &in0, &c0, &m0, &b0, &r0);
		double read = pass(ctx, corpus, 0, &in0, &c0, &m0, &b0, &r0);
		double both = pass(ctx, corpus, 1, &in1, &c1, &m1, &b1, &r1);
		printf("corpus_turn_bytes %zu\n", b1);
		printf("respondent_turn_bytes %zu\n", r1);
		printf("pass_read_s %.3f\n", read);
		printf("pass_read_cpu_s %.3f\n", c0);
		printf("pass_read_deflect_s %.3f\n", both);
		printf("pass_read_deflect_cpu_s %.3f\n", c1);
		printf("deflect_inside_cpu_s %.3f\n", in1);
		printf("matches %zu\n", m1);
	}
	ts_context_free(ctx);
	return 0;
}
