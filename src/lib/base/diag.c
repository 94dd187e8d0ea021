/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *ts_strerror(int code)
{
	switch (code) {
	case TS_OK: return "success";
	case TS_ENOMEM: return "out of memory";
	case TS_EIO: return "input/output error";
	case TS_EINPUT: return "invalid input";
	case TS_EUSAGE: return "invalid usage";
	case TS_EDATA: return "invalid data file";
	case TS_ELIMIT: return "input exceeds a limit";
	default: return "unknown error";
	}
}

int ts_fail(ts_error *err, int code, const char *file, long line, long col, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

int ts_nomem(ts_error *err)
{
	return ts_fail(err, TS_ENOMEM, NULL, 0, 0, "out of memory");
}

void ts_error_format(const ts_error *err, char *buf, size_t size)
{
	if (!size)
		return;
	if (!err->file[0])
		snprintf(buf, size, "%s", err->msg);
	else if (err->line > 0 && err->col > 0)
		snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
	else if (err->line > 0)
		snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
	else
		snprintf(buf, size, "%s: %s", err->file, err->msg);
}
