/* The per-call summary as a cJSON tree, for code that works on summaries in
 * memory (ts_summary_call_json writes the text directly). */
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include <cjson/cJSON.h>

#include "run/context.h"

/* The object of one call; NULL when out of memory. */
cJSON *ts_summary_call(const ts_context *ctx, const ts_call *call, unsigned sections,
                       const char *source, unsigned flags, ts_error *err);

#endif
