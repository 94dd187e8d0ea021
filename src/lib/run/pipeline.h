/* Reading and summarising an input, with threads when its reader can cut
 * it into parts (ts_summary_file_json, pipeline.c). */
#ifndef TS_PIPELINE_H
#define TS_PIPELINE_H

#include "read/input.h"
#include "read/reader.h"
#include "run/context.h"

/* ts_summary_file_json over an open input (owned) and the reader chosen
 * for it. */
int ts_summary_input_json(ts_context *ctx, const ts_format_reader *fmt, ts_input *in,
                          unsigned sections, const char *source, unsigned flags, int indent,
                          ts_json_fn fn, void *arg, ts_error *err);

#endif
