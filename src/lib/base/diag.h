/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Filling ts_error values; the only way the library reports problems. */
#ifndef TS_DIAG_H
#define TS_DIAG_H

#include "talkstat.h"

#if defined(__GNUC__)
#define TS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TS_PRINTF(a, b)
#endif

/* Set err (which may be NULL) and return code. */
int ts_fail(ts_error *err, int code, const char *file, long line, long col, const char *fmt, ...)
	TS_PRINTF(6, 7);

/* Shorthand for allocation failures. */
int ts_nomem(ts_error *err);

#endif
