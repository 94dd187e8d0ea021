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
	return fuzz_context(&ctx[flags & 3], NULL, flags & 3);  /* bit 0 FUZZ_AB, bit 1 FUZZ_GB18030 */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_read(context(data[0]), data + 1, size - 1, fuzz_times_in_order);
	return 0;
}
