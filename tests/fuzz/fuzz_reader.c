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
#include "fuzz_read.h"

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
	fuzz_read_calls(ctx, path);
	close(fd);
	return 0;
}
