/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Vega-Lite v5 specifications of the report's charts, their data inline
 * (data.values), written with the one JSON writer. */
#ifndef TS_VEGA_H
#define TS_VEGA_H

#include "base/json_out.h"

#define TS_VEGA_SCHEMA "https://vega.github.io/schema/vega-lite/v5.json"

/* Open a specification in b: $schema, title, and the data.values array,
 * whose rows the caller writes next. */
void ts_vega_begin(ts_jw *w, ts_buf *b, const char *title);

/* Close data.values and write a single mark with its encoding: channels
 * and fields as pairs ("x", "share_of_speech"), n of them, each field's
 * type from types ("quantitative", "nominal"); then close the spec. */
void ts_vega_mark(ts_jw *w, const char *mark, const char *const (*enc)[3], size_t n);

/* Close data.values and write a forest plot: a rule from lower to upper
 * and a point at rate, by group; then close the spec. */
void ts_vega_forest(ts_jw *w);

#endif
