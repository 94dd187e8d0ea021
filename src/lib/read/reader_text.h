/* The labelled-text reader's pieces that a parallel run (pipeline.c) uses:
 * it does the first pass itself, in parts, and reads calls part by part
 * (ts_reader_text.next and .close work on a part's state). */
#ifndef TS_READER_TEXT_H
#define TS_READER_TEXT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/resources.h"
#include "read/input.h"
#include "read/labels.h"

/* After counting the labels of the whole input: decide the speakers; when
 * there are none, the error (an invalid byte first, else "empty input",
 * else "no speaker labels").  Rewinds in. */
int ts_text_decide(ts_labels *labels, ts_input *in, int content, ts_error *err);

/* The metadata lines before the first call of in ("key\0value\0" pairs),
 * which apply to every call. */
int ts_text_file_meta(ts_input *in, ts_buf *meta, ts_error *err);

/* A reader of the whole of in (owned), first pass included. */
int ts_text_open_input(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                       ts_error *err);

/* A reader of a part of the input that starts at a call header, or at the
 * start: in is owned, labels (decided) borrowed; calls are numbered after
 * ncalls and carry the file's metadata. */
int ts_text_open_part(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                      ts_labels *labels,
                      size_t ncalls, const char *file_meta, size_t meta_len, ts_error *err);

#endif
