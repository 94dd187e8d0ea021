/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The frame of the report's Vega-Lite specifications. */
#include "config.h"

#include "report/vega.h"

void ts_vega_begin(ts_jw *w, ts_buf *b, const char *title)
{
	ts_jw_init(w, b, 1, 0);
	ts_jw_object(w, NULL);
	ts_jw_str(w, "$schema", TS_VEGA_SCHEMA);
	ts_jw_str_lossy(w, "title", title);
	ts_jw_object(w, "data");
	ts_jw_array(w, "values");
}

static void encoding(ts_jw *w, const char *const (*enc)[3], size_t n)
{
	ts_jw_object(w, "encoding");
	for (size_t i = 0; i < n; i++) {
		ts_jw_object(w, enc[i][0]);
		ts_jw_str(w, "field", enc[i][1]);
		if (enc[i][2])
			ts_jw_str(w, "type", enc[i][2]);
		ts_jw_end(w, 1);
	}
	ts_jw_end(w, 1);
}

static void end_values(ts_jw *w)
{
	ts_jw_end(w, 0);
	ts_jw_end(w, 1);
}

void ts_vega_mark(ts_jw *w, const char *mark, const char *const (*enc)[3], size_t n)
{
	end_values(w);
	ts_jw_str(w, "mark", mark);
	encoding(w, enc, n);
	ts_jw_end(w, 1);
}

void ts_vega_forest(ts_jw *w)
{
	static const char *const rule[][3] = {
		{"x", "lower", "quantitative"}, {"x2", "upper", NULL}, {"y", "group", "nominal"}};
	static const char *const point[][3] = {
		{"x", "rate", "quantitative"}, {"y", "group", "nominal"}};
	end_values(w);
	ts_jw_array(w, "layer");
	ts_jw_object(w, NULL);
	ts_jw_str(w, "mark", "rule");
	encoding(w, rule, 3);
	ts_jw_end(w, 1);
	ts_jw_object(w, NULL);
	ts_jw_str(w, "mark", "point");
	encoding(w, point, 2);
	ts_jw_end(w, 1);
	ts_jw_end(w, 0);
	ts_jw_end(w, 1);
}
