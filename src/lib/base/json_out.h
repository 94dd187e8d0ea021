/* Writing cJSON trees as text: two-space indentation or compact, numbers
 * with at most six decimals, independent of the locale. */
#ifndef TS_JSON_OUT_H
#define TS_JSON_OUT_H

#include <cjson/cJSON.h>

#include "base/buf.h"

/* Append item to out; pretty: indented, starting `indent` levels deep.
 * 0, or -1 when out of memory. */
int ts_json_write(ts_buf *out, const cJSON *item, int pretty, int indent);

/* Append a number as ts_json_write writes it ("null" when not finite). */
int ts_json_number(ts_buf *out, double v);

/* A number rounded to six decimals (output is stable across platforms). */
double ts_round6(double x);

/* A streaming writer: objects and arrays are opened and closed in order
 * and their members written straight into the buffer, with the same
 * layout as ts_json_write.  `key` is the member name inside an object and
 * NULL inside an array.  Out of memory is recorded in `oom` and makes the
 * rest no-ops. */
#define TS_JW_MAX_DEPTH 32

typedef struct ts_jw {
	ts_buf *out;
	int pretty;
	int depth;
	int started;                           /* the root value has begun */
	int oom;
	unsigned char count[TS_JW_MAX_DEPTH];  /* whether a level has members yet */
} ts_jw;

void ts_jw_init(ts_jw *w, ts_buf *out, int pretty, int indent);
void ts_jw_object(ts_jw *w, const char *key);
void ts_jw_array(ts_jw *w, const char *key);
void ts_jw_end(ts_jw *w, int object);
void ts_jw_num(ts_jw *w, const char *key, double v);
void ts_jw_str(ts_jw *w, const char *key, const char *s);  /* NULL writes null */
void ts_jw_strn(ts_jw *w, const char *key, const char *s, size_t n);
void ts_jw_bool(ts_jw *w, const char *key, int v);
void ts_jw_null(ts_jw *w, const char *key);

#endif
