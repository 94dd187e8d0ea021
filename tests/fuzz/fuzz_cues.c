/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the timed-cue readers (WebVTT, SubRip) and the summary:
 * any bytes give a call or a located error, never a crash, a hang or a
 * leak, and every turn of a call has times with start <= end.  The first
 * byte picks the format (bit 0: vtt, srt) and declared speakers (bit 1),
 * the rest is the file.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_cues
 *            tests/fuzz/fuzz_cues tests/fuzz/corpus/cues
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "talkstat.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_context *context(unsigned flags)
{
	static ts_context *ctx[4];
	unsigned k = flags & 3;
	return fuzz_context(&ctx[k], k & 1 ? "srt" : "vtt", k & 2 ? FUZZ_AB : 0);
}

/* Every turn a cue reader gives is timed. */
static void timed(const ts_call *call, const ts_turn *t)
{
	if (!call->timed || !isfinite(t->start) || !isfinite(t->end) || t->start > t->end)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	fuzz_read(context(data[0]), data + 1, size - 1, timed);
	return 0;
}
