/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the labelled-text reader and the summary: any bytes must
 * give calls or a located error, never a crash, a hang or a leak.  The
 * first byte picks options, the rest is the file.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_reader
 *            tests/fuzz/fuzz_reader tests/fuzz/corpus/reader
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "talkstat.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_context *context(unsigned flags)
{
	static ts_context *ctx[4];
	unsigned k = flags & 3;
	if (!ctx[k]) {
		ts_options o;
		ts_options_init(&o);
		static const char *const ab[] = {"A", "B"};
		if (k & 1) {
			o.speakers = ab;
			o.nspeakers = 2;
		}
		if (k & 2)
			o.encoding = "gb18030";
		if (ts_context_new(&ctx[k], &o, NULL))
			abort();  /* the data files must load */
	}
	return ctx[k];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	ts_context *ctx = context(data[0]);
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path, sizeof path);
	if (fd < 0)
		return 0;
	ts_reader *r = NULL;
	ts_error err;
	if (!ts_reader_open(&r, ctx, path, &err)) {
		const ts_call *call;
		while (ts_reader_next(r, &call, &err) == 1) {
			char *json = NULL;
			if (!ts_summary_call_json(ctx, call, TS_SECTION_ALL | TS_SECTION_TURN_LIST, path,
			                          TS_JSON_RECORD, 0, &json, &err))
				free(json);
			for (size_t t = 0; t < call->nturns; t++) {
				long line, col;
				ts_turn_position(&call->turns[t], call->turns[t].len, &line, &col);
			}
		}
		ts_reader_close(r);
	}
	close(fd);
	return 0;
}
