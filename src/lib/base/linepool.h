/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The lines of a file worked on by threads and taken in file order.
 *
 * The calling thread reads a batch of lines (a bounded number of bytes),
 * every thread, the caller's included, works on lines of it, each result
 * going to bytes of its own, and the caller then applies the results one
 * line after another in file order.  So what `apply` does, and the first
 * error it meets, are what one thread working line by line would give. */
#ifndef TS_LINEPOOL_H
#define TS_LINEPOOL_H

#include <stddef.h>

#include "base/buf.h"
#include "base/linebuf.h"
#include "talkstat.h"

/* Work on line[0..len), line `lineno` of the file, in some thread: state is
 * that thread's own (states[t] of ts_linepool_run).  Bytes for apply are
 * appended to out; 0, or an error (*err set), which apply's results of the
 * line come before. */
typedef int (*ts_line_work)(void *state, const char *line, size_t len, long lineno, ts_buf *out,
                            ts_error *err);

/* In the calling thread, in file order: the bytes work gave line `lineno`
 * (even when work then failed).  0, or an error (*err set), which stops. */
typedef int (*ts_line_apply)(void *arg, const char *bytes, size_t n, long lineno, ts_error *err);

/* Lines longer than this are worked on and applied where the line buffer
 * holds them, alone, not copied into a batch. */
#define TS_LINEPOOL_LONG ((size_t)1 << 20)

/* The rest of in's lines, on nstates threads (at least 1).  0, or the
 * first error in file order: reading, working or applying. */
int ts_linepool_run(ts_linebuf *in, size_t nstates, void *const *states, ts_line_work work,
                    ts_line_apply apply, void *arg, ts_error *err);

#endif
