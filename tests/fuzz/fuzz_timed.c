/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the timed-segment readers (STM, RTTM) and the time
 * figures: any bytes must give calls or a located error, never a crash, a
 * hang or a leak.  The first byte picks the reader (bit 0: RTTM, else
 * STM; bit 1: chosen by content, not by --from); the rest is the file.
 * Each call is summarised, its turn list written and aggregated.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_timed
 *            tests/fuzz/fuzz_timed tests/fuzz/corpus/timed
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "talkstat.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_context *context(unsigned flags)
{
	static ts_context *ctx[3];
	unsigned k = flags & 2 ? 2 : flags & 1;
	if (!ctx[k]) {
		ts_options o;
		ts_options_init(&o);
		o.format = k == 2 ? NULL : k ? "rttm" : "stm";
		if (ts_context_new(&ctx[k], &o, NULL))
			abort();  /* the data files must load */
	}
	return ctx[k];
}

/* Every call of path: summarised with its turn list, and aggregated. */
static void read_calls(ts_context *ctx, const char *path)
{
	ts_reader *r = NULL;
	ts_agg *agg = NULL;
	ts_error err;
	ts_agg_options ao;
	ts_agg_options_init(&ao);
	ao.bootstrap = 0;
	if (!ts_agg_new(&agg, &ao, &err) && !ts_reader_open(&r, ctx, path, &err)) {
		const ts_call *call;
		while (ts_reader_next(r, &call, &err) == 1) {
			ts_result res;
			if (!ts_analyse(ctx, call, TS_SECTION_ALL | TS_SECTION_TURN_LIST, &res, &err)) {
				char *json = NULL;
				if (!ts_result_json(&res, path, TS_JSON_RECORD, 0, &json, &err))
					free(json);
				ts_agg_add_result(agg, &res, path, &err);
			}
			ts_result_free(&res);
			for (size_t t = 0; t < call->nturns; t++) {
				long line, col;
				ts_turn_position(&call->turns[t], call->turns[t].len, &line, &col);
			}
		}
		ts_reader_close(r);
	}
	ts_agg_free(agg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = size ? fuzz_file(data + 1, size - 1, path, sizeof path) : -1;
	if (fd >= 0) {
		read_calls(context(data[0]), path);
		close(fd);
	}
	return 0;
}
