/* The per-call summary as a cJSON tree: one function per section, in the
 * order of a table, so a new section is one row. */
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include <cjson/cJSON.h>

#include "context.h"

/* Build the object of one call; NULL when out of memory. */
cJSON *ts_summary_call(const ts_context *ctx, const ts_call *call, unsigned sections,
                       const char *source, unsigned flags, ts_error *err);

#endif
