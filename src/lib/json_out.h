/* Writing cJSON trees as text: two-space indentation or compact, numbers
 * with at most six decimals, independent of the locale. */
#ifndef TS_JSON_OUT_H
#define TS_JSON_OUT_H

#include <cjson/cJSON.h>

#include "buf.h"

/* Append item to out; pretty: indented, starting `indent` levels deep.
 * 0, or -1 when out of memory. */
int ts_json_write(ts_buf *out, const cJSON *item, int pretty, int indent);

/* Append a number as ts_json_write writes it ("null" when not finite). */
int ts_json_number(ts_buf *out, double v);

/* A number rounded to six decimals (output is stable across platforms). */
double ts_round6(double x);

#endif
