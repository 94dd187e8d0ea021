/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for aggregation input: any bytes read as call records,
 * documents or partial aggregates must give an aggregate or a located
 * error, never a crash, a hang or a leak; and whatever was read must
 * write as JSON, CSV and a partial.  The first byte picks the keys and
 * whether the input is read as a partial (--merge); the rest is the file.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_aggregate
 *            tests/fuzz/fuzz_aggregate tests/fuzz/corpus/aggregate
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

static int discard(void *arg, const char *bytes, size_t len)
{
	(void)arg;
	(void)bytes;
	(void)len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const org[] = {"Org"}, *const role[] = {"role"},
	                         *const three[] = {"speaker", "year", "source"};
	static const char *const *const keys[] = {NULL, org, role, three};
	static const size_t nkeys[] = {0, 1, 1, 3};
	if (!size)
		return 0;
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path, sizeof path);
	if (fd < 0)
		return 0;
	ts_agg_options o;
	ts_agg_options_init(&o);
	int partial = data[0] & 1;
	o.by = partial ? NULL : keys[(data[0] >> 1) & 3];
	o.nby = partial ? 0 : nkeys[(data[0] >> 1) & 3];
	o.bootstrap = 20;
	ts_agg *agg = NULL;
	ts_error err = {0};
	if (ts_agg_new(&agg, &o, &err))
		abort();
	/* no transcript context: non-JSON input is an error here (the reader
	 * has its own fuzz target) */
	ts_agg_add_path(agg, NULL, path, partial, &err);
	for (int f = TS_AGG_JSON; f <= TS_AGG_PARTIAL; f++)
		ts_agg_write(agg, f, TS_JSON_PRETTY, discard, NULL, &err);
	ts_agg_free(agg);
	close(fd);
	return 0;
}
