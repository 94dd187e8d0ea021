/* Lines of an input file as UTF-8: standard input and other encodings are
 * first copied (converted) to a temporary file so the input can be read
 * twice; a BOM is dropped and CRLF becomes LF.  Validation of the UTF-8
 * itself is the reader's job, which knows the columns. */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stddef.h>

#include "talkstat.h"

typedef struct ts_input ts_input;

/* path "-" is standard input; name is what errors call it.  encoding NULL
 * or "utf-8" reads the bytes as they are. */
int ts_input_open(ts_input **in, const char *path, const char *encoding, ts_error *err);

/* Next line without its terminator: returns 1, or 0 at the end.  The line
 * is borrowed until the next call. */
int ts_input_line(ts_input *in, const char **line, size_t *len, long *lineno, ts_error *err);

/* Start again from the first line. */
int ts_input_rewind(ts_input *in, ts_error *err);

/* Bytes in the input (after conversion). */
long long ts_input_size(const ts_input *in);

const char *ts_input_name(const ts_input *in);

void ts_input_close(ts_input *in);

#endif
