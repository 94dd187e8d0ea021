/* A call's result as its summary in JSON (docs/output.md,
 * docs/summary.schema.json). */
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include "analyse/scratch.h"
#include "base/json_out.h"
#include "base/resources.h"
#include "talkstat.h"

/* Write the summary object of r through w (flags: TS_JSON_*). */
void ts_summary_write(ts_jw *w, const ts_result *r, const char *source, unsigned flags);

/* Analyse a call and write its summary as ts_summary_call_json does
 * (talkstat.h), with the resources of a run, the scratch of the calling
 * thread and the run's options (speaking rates). */
int ts_summary_json(const ts_resources *res, ts_scratch *scratch, const ts_options *opt,
                    const ts_call *call, unsigned sections, const char *source, unsigned flags,
                    int indent, char **json, ts_error *err);

#endif
