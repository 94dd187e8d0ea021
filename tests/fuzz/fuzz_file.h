/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz targets hand the library a path: the input bytes go into an
 * anonymous in-memory file, named by its /proc/self/fd link. */
#ifndef TS_FUZZ_FILE_H
#define TS_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "talkstat.h"

/* The open descriptor (close it when done) and its path, or -1. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t cap)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, cap, "/proc/self/fd/%d", fd);
	return fd;
}

enum { FUZZ_AB = 1, FUZZ_GB18030 = 2 };

/* The context of *slot, made at its first use: reading `format` (NULL:
 * any), with the speakers "A" and "B" declared (FUZZ_AB), from GB18030
 * (FUZZ_GB18030). */
static inline ts_context *fuzz_context(ts_context **slot, const char *format, unsigned flags)
{
	if (!*slot) {
		ts_options o;
		ts_options_init(&o);
		static const char *const ab[] = {"A", "B"};
		o.format = format;
		if (flags & FUZZ_AB) {
			o.speakers = ab;
			o.nspeakers = 2;
		}
		if (flags & FUZZ_GB18030)
			o.encoding = "gb18030";
		if (ts_context_new(slot, &o, NULL))
			abort();  /* the data files must load */
	}
	return *slot;
}

/* A turn's times, when it has them, are in order: times out of order are
 * the reader's error to report. */
static inline void fuzz_times_in_order(const ts_call *call, const ts_turn *t)
{
	(void)call;
	if (t->start > t->end)
		abort();
}

/* Read every call of data[0..size) through ctx, writing each one's
 * summary and asking the position of each turn's end; `turn`, when not
 * NULL, looks at each turn too (a target's own invariants). */
static inline void fuzz_read(ts_context *ctx, const uint8_t *data, size_t size,
                             void (*turn)(const ts_call *, const ts_turn *))
{
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	if (fd < 0)
		return;
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
				if (turn)
					turn(call, &call->turns[t]);
			}
		}
		ts_reader_close(r);
	}
	close(fd);
}

#endif
