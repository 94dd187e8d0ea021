/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call's result as its summary in JSON (docs/output.md,
 * docs/summary.schema.json). */
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include "base/json_out.h"
#include "talkstat.h"

/* Write the summary object of r through w (flags: TS_JSON_*). */
void ts_summary_write(ts_jw *w, const ts_result *r, const char *source, unsigned flags);

#endif
