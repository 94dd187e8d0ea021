/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Tidy tables of a call's result (docs/tables.md): one row per call,
 * speaker, turn, question, deflection or metadata entry, in CSV (RFC 4180)
 * or TSV, with fixed columns. */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include "base/buf.h"
#include "talkstat.h"

/* The header line of table t (TS_TABLE_*), appended to out.  0 or
 * TS_ENOMEM. */
int ts_table_header_buf(int t, unsigned flags, ts_buf *out);

/* The rows of table t for the result r of a call read from `source`,
 * appended to out.  0 or TS_ENOMEM. */
int ts_table_rows(const ts_result *r, int t, const char *source, unsigned flags, ts_buf *out);

#endif
