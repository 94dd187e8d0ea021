/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Reading and summarising an input, with threads when its reader can cut
 * it into parts (ts_summary_file_json, pipeline.c). */
#ifndef TS_PIPELINE_H
#define TS_PIPELINE_H

#include "base/buf.h"
#include "read/input.h"
#include "read/reader.h"
#include "run/context.h"

/* What becomes of each analysed call: `make` writes its record into out
 * (appended) in the thread that analysed it; `take` gets the records in
 * file order in the calling thread (rec[len] is a NUL), and its nonzero
 * return stops the run.  make is called by several threads at once.
 * take_lines (may be NULL), for a sink whose take writes each record
 * followed by a newline and nothing else: the same bytes, many records
 * at a time (a record, "\n", the next...), in place of take (with
 * take_arg). */
typedef struct ts_sink {
	int (*make)(void *arg, const ts_result *r, ts_buf *out);  /* 0 or TS_ENOMEM */
	void *make_arg;
	int (*take)(void *arg, const char *rec, size_t len);
	void *take_arg;
	int (*take_lines)(void *arg, const char *lines, size_t len);
} ts_sink;

/* Read, analyse (`sections`) and sink every call of an open input (owned)
 * with the reader chosen for it, with threads when the reader can cut it.
 * Returns 0, take's nonzero value or a TS_E* code; the first error in file
 * order, the same with any threads. */
int ts_pipeline_input(ts_context *ctx, const ts_format_reader *fmt, ts_input *in,
                      unsigned sections, const ts_sink *sink, ts_error *err);

/* The same for the file at path ("-": standard input), its reader chosen
 * by the options, name, content (and noted in the context). */
int ts_pipeline_file(ts_context *ctx, const char *path, unsigned sections, const ts_sink *sink,
                     ts_error *err);

/* Whether ts_pipeline_file is the one to read an input that starts with
 * head[0..n), rather than the caller's reader of talkstat's JSON: the
 * read/reader.h question asked with the context's --from (ctx may be
 * NULL: none given). */
int ts_pipeline_is_transcript(const ts_context *ctx, const char *head, size_t n);

/* ts_pipeline_file over the files at paths[0..n), sinks[i] for file i,
 * in order: with threads, each reads small files whole while the calling
 * thread hands on the records of those before (and reads in parts a file
 * large enough to share); the calling thread is one of them, and reads
 * files too while the next to hand on is being read.  begin (may be NULL) is called in the calling
 * thread before file i is handed on; its nonzero value stops the run.
 * Returns as ts_pipeline_file for the first file that fails, after the
 * records of those before it; the same with any threads. */
int ts_pipeline_files(ts_context *ctx, size_t n, const char *const *paths, const ts_sink *sinks,
                      unsigned sections, int (*begin)(void *, size_t), void *begin_arg,
                      ts_error *err);

/* ts_summary_file_json over an open input (owned) and the reader chosen
 * for it. */
int ts_summary_input_json(ts_context *ctx, const ts_format_reader *fmt, ts_input *in,
                          unsigned sections, const char *source, unsigned flags, int indent,
                          ts_json_fn fn, void *arg, ts_error *err);

/* ts_summary_file_json over the files at paths[0..n), named sources[i],
 * as ts_pipeline_files reads them; lines (may be NULL) as a sink's
 * take_lines, for an fn that writes each summary as a line. */
int ts_summary_files_json(ts_context *ctx, size_t n, const char *const *paths,
                          const char *const *sources, unsigned sections, unsigned flags,
                          int indent, ts_json_fn fn, ts_json_fn lines, void *arg,
                          int (*begin)(void *, size_t), void *begin_arg, ts_error *err);

#endif
