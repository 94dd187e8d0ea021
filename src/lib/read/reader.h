/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Readers of transcript formats: one row per format in the table of
 * reader.c.  A reader reads an open input (read/input.h) call by call and
 * builds each call through model/call.h, saying only what the input says;
 * ts_format_next then annotates the call (model/annotate.h), whatever the
 * format.  A reader that can cut its input into parts (ts_parts_reader)
 * is read by several threads at once (run/pipeline.c); any other by one. */
#ifndef TS_READER_H
#define TS_READER_H

#include <stddef.h>

#include "base/resources.h"
#include "model/call.h"
#include "read/input.h"
#include "talkstat.h"

/* A sniffer's answer: how likely the first bytes of an input are its
 * format.  The surest reader wins; nothing above TS_SNIFF_NO: text. */
enum {
	TS_SNIFF_NO = 0,       /* not this format */
	TS_SNIFF_WEAK = 10,    /* could be: text in no other shape */
	TS_SNIFF_LIKELY = 50,  /* has this format's marks, which another could share */
	TS_SNIFF_SURE = 100    /* a signature of this format alone ("WEBVTT") */
};

/* What a sniffer sees at most: the input's first bytes, a BOM removed. */
#define TS_SNIFF_BYTES 4096

typedef struct ts_parts_reader ts_parts_reader;

/* A format: one row. */
typedef struct ts_format_reader {
	const char *name;               /* --from NAME */
	const char *const *extensions;  /* file name endings without the dot
	                                 * ("cha"), NULL-terminated; compared
	                                 * without case */
	/* How likely head[0..n) is the start of this format: TS_SNIFF_*.  n
	 * may be less than the input, and may cut a character. */
	int (*sniff)(const char *head, size_t n);
	/* Start reading in, which the reader owns from here on (on failure
	 * too); *state is the reader's. */
	int (*open)(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
	            ts_error *err);
	/* The next call: 1 and *call, finished (ts_callbuf_finish) and owned by
	 * the reader until its next `next` or `close`; 0 at the end; or an
	 * error (after which only close is called). */
	int (*next)(void *state, ts_callbuf **call, ts_error *err);
	void (*close)(void *state);
	const ts_parts_reader *parts;   /* NULL: one thread reads the input */
} ts_format_reader;

/* A part of an input that one thread reads: from the start of a call (or
 * of the input) to the next part's start. */
typedef struct ts_part {
	long long start, end;  /* bytes of the input; end is the pipeline's to set */
	long line0;            /* lines before start */
	size_t calls;          /* calls before the part: its first is number calls + 1 */
} ts_part;

/* How a reader lets threads read one input at once.  run/pipeline.c cuts
 * the input after line ends into one range per thread, then:
 *  1. scan: a first pass over each range, in a thread of its own, notes
 *     what the reader must know of the whole input before it reads a call
 *     (the text reader: the speaker labels) and where calls start, at
 *     least part_bytes apart (a CHAT reader: @G gems; JSON Lines: a new
 *     conversation id);
 *  2. plan: from every range's scan, in input order, the parts (each at a
 *     call's start, the first at the input's) and what their readers
 *     share (labels, the file's metadata);
 *  3. open_part: worker threads read the parts, each thread through its
 *     own copy of what is shared (thread_new) when reading changes it.
 * The output is handed on in input order.  Where the parts cannot give
 * what one pass gives (a scan failed, or plan says so), one thread reads
 * the input with `open`: the output and the first error are the same as
 * with one thread by construction. */
struct ts_parts_reader {
	/* Scan range (borrowed), which starts at byte `start` of the input,
	 * into *scan; on failure nothing is left.  TS_ENOMEM stops the run;
	 * any other error means "read in one pass", which meets it again. */
	int (*scan)(void **scan, const ts_resources *res, const ts_options *opt, ts_input *range,
	            long long start, long long part_bytes, ts_error *err);
	void (*scan_free)(void *scan);
	/* From the scans of the ranges in order (the reader's to change): the
	 * parts in order, *parts malloc'd (the first starts at 0), and *shared.
	 * in is the whole input, which nobody else reads meanwhile.  0; 1 to
	 * read in one pass; or the error of the input (as one pass gives it). */
	int (*plan)(void *const *scans, size_t nscans, ts_input *in, ts_part **parts,
	            size_t *nparts, void **shared, ts_error *err);
	void (*shared_free)(void *shared);
	/* A worker thread's copy of what is shared (NULL hooks: the shared
	 * state itself is the copy); 0 or TS_ENOMEM. */
	int (*thread_new)(void **local, const void *shared);
	void (*thread_free)(void *local);
	/* Start reading a part (range, owned, is its bytes), as `open` does,
	 * through the thread's copy `local`. */
	int (*open_part)(void **state, const ts_resources *res, const ts_options *opt, void *local,
	                 const ts_part *part, ts_input *range, ts_error *err);
};

extern const ts_format_reader ts_reader_text;
extern const ts_format_reader ts_reader_chat;
extern const ts_format_reader ts_reader_stm;   /* NIST STM: timed segments with words */
extern const ts_format_reader ts_reader_rttm;  /* RTTM: timed segments without words */
extern const ts_format_reader ts_reader_vtt;
extern const ts_format_reader ts_reader_srt;
extern const ts_format_reader ts_reader_convokit; /* ConvoKit utterances.jsonl */
extern const ts_format_reader ts_reader_html;     /* HTML pages: their text, read as text */

/* 0 when name is NULL or a format's, else the TS_EUSAGE error of
 * ts_format_choose. */
int ts_format_check(const char *name, ts_error *err);

/* The name of row i of the table, or NULL past its end. */
const char *ts_format_name_at(size_t i);

/* The reader of an input (rows[0] is the fallback): the one named, when
 * name is not NULL (an unknown name is a TS_EUSAGE error: "unknown format:
 * 'xml'"); else the first whose extensions end path's file name; else the
 * surest sniffer of head[0..n) (the earlier row on a tie); else rows[0]. */
int ts_format_choose(const ts_format_reader *const *rows, size_t nrows, const char *name,
                     const char *path, const char *head, size_t n, const ts_format_reader **fmt,
                     ts_error *err);

/* Whether an input that starts with head[0..n) (a BOM, if any, included)
 * is a transcript rather than talkstat's own JSON (summaries, call
 * records): the programs that take both (aggregate, report) ask this one
 * question.  A transcript when the input does not start with '{' or '['
 * after a BOM and blanks, when a reader's sniffer is sure of it (a
 * ConvoKit utterances.jsonl is JSON too), or when the sniffer of the
 * format named by `format` (--from; may be NULL) finds it at least
 * likely.  An empty head is not a transcript: the caller reports it. */
int ts_format_is_transcript(const char *format, const char *head, size_t n);

/* Open path ("-": standard input) in opt->encoding (*in is the caller's)
 * and choose its reader: ts_format_choose over the table, with
 * opt->format, the input's name and its first bytes. */
int ts_format_open_input(const ts_options *opt, const char *path, ts_input **in,
                         const ts_format_reader **fmt, ts_error *err);

/* The next call of an open reader of the input `name`, annotated with res
 * and opt->caller: 1 and *call (borrowed until the reader's next `next` or
 * `close`), 0 at the end, or an error (a declared caller who does not
 * speak is one, unless TS_NEXT_ANY_CALLER: the linter reports it its own
 * way and reads on). */
enum { TS_NEXT_ANY_CALLER = 1 };
int ts_format_next(const ts_format_reader *fmt, void *state, const ts_resources *res,
                   const ts_options *opt, const char *name, unsigned flags, const ts_call **call,
                   ts_error *err);

#endif
