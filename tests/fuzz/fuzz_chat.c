/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the CHAT reader (read/reader_chat.c) and the summary of
 * what it reads: any bytes read as CHAT must give a call or a located
 * error, never a crash, a hang or a leak.  The first byte picks options
 * (bit 0: --caller A, a caller who may not speak), the rest is the file.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_chat
 *            tests/fuzz/fuzz_chat tests/fuzz/corpus/chat
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
	static ts_context *ctx[2];
	unsigned k = flags & 1;
	if (!ctx[k]) {
		ts_options o;
		ts_options_init(&o);
		o.format = "chat";
		if (k)
			o.caller = "A";
		if (ts_context_new(&ctx[k], &o, NULL))
			abort();  /* the data files must load */
	}
	return ctx[k];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_read(context(data[0]), data + 1, size - 1, fuzz_times_in_order);
	return 0;
}
