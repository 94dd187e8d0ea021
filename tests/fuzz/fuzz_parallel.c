/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Differential fuzz target for parallel runs: any bytes give the same
 * output, return code and error with threads as with one thread.  The
 * first byte picks the thread count (2-5) and the part size (1-16 bytes,
 * so that nearly every call header cuts), the rest is the file; an input
 * that differs aborts.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_parallel
 *            tests/fuzz/fuzz_parallel tests/fuzz/corpus/reader
 * make check replays the reader's corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "talkstat.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct result {
	char *out;
	size_t len, cap;
	int rc;
	char err[1200];
} result;

static int collect(void *arg, const char *json, size_t len)
{
	result *r = arg;
	if (r->len + len + 1 > r->cap) {
		size_t cap = (r->len + len + 1) * 2;
		char *p = realloc(r->out, cap);
		if (!p)
			abort();
		r->out = p;
		r->cap = cap;
	}
	memcpy(r->out + r->len, json, len + 1);
	r->len += len + 1;
	return 0;
}

static ts_context *context(unsigned threads, size_t part)
{
	static ts_context *ctx[5][17];
	if (!ctx[threads - 1][part]) {
		ts_options o;
		ts_options_init(&o);
		o.threads = threads;
		o.part_bytes = part;
		if (ts_context_new(&ctx[threads - 1][part], &o, NULL))
			abort();  /* the data files must load */
	}
	return ctx[threads - 1][part];
}

static void run(ts_context *ctx, const char *path, result *r)
{
	ts_error err = {0};
	memset(r, 0, sizeof *r);
	r->rc = ts_summary_file_json(ctx, path, TS_SECTION_ALL | TS_SECTION_TURN_LIST, "f",
	                             TS_JSON_RECORD, 0, collect, r, &err);
	if (r->rc)
		ts_error_format(&err, r->err, sizeof r->err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	unsigned threads = 2 + (data[0] & 3);
	size_t part = 1 + (data[0] >> 4);
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path, sizeof path);
	if (fd < 0)
		return 0;
	result one, many;
	run(context(1, 1), path, &one);
	run(context(threads, part), path, &many);
	int same_out = one.len == many.len && (!one.len || !memcmp(one.out, many.out, one.len));
	if (one.rc != many.rc || !same_out || strcmp(one.err, many.err)) {
		fprintf(stderr, "threads %u, part %zu: rc %d/%d, %zu/%zu bytes, '%s' / '%s'\n",
		        threads, part, one.rc, many.rc, one.len, many.len, one.err, many.err);
		abort();
	}
	free(one.out);
	free(many.out);
	close(fd);
	return 0;
}
