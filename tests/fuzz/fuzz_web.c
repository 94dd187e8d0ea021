/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the readers of web formats (ConvoKit's utterances.jsonl,
 * HTML transcript pages) and the summary: any bytes give calls or a
 * located error, never a crash, a hang or a leak, and no call of theirs is
 * timed (neither format has times of talk).  The first byte picks the
 * reader (bit 0: html, else convokit; bit 1: chosen by content, not by
 * --from); the rest is the file.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_web
 *            tests/fuzz/fuzz_web tests/fuzz/corpus/web
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "talkstat.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_context *context(unsigned flags)
{
	static ts_context *ctx[4];
	unsigned k = flags & 3;
	return fuzz_context(&ctx[k], k & 2 ? NULL : k & 1 ? "html" : "convokit", 0);
}

static void untimed(const ts_call *call, const ts_turn *t)
{
	(void)t;
	if ((!strcmp(call->format, "convokit") || !strcmp(call->format, "html")) && call->timed)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_read(context(data[0]), data + 1, size - 1, untimed);
	return 0;
}
