/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Lines of a file descriptor, read in large blocks: the one line splitter
 * of the readers (input.c) and of aggregation's input (aggregate_input.c). */
#ifndef TS_LINEBUF_H
#define TS_LINEBUF_H

#include <stddef.h>

#include "talkstat.h"

typedef struct ts_linebuf {
	int fd;
	const char *name;     /* for errors; borrowed */
	char *buf;
	size_t cap, start, end;  /* unread bytes are buf[start..end) */
	int eof;
	long lineno;
	long long off, limit;    /* a range read with pread: next offset, end; off < 0 reads fd */
	long bom_line;           /* the line that may start with a BOM (the file's first), or 0 */
	long long base;          /* file offset of buf[0] */
	long long line_off;      /* file offset of the last line returned */
	/* buf[cr] is the first CR of the unread bytes, or cr == end when
	 * there is none: searched when the buffer is filled and when a line
	 * passes it, not for every line */
	size_t cr;
	int lone_cr;             /* the last line returned ended at a CR alone */
	size_t max;              /* the longest line: TS_MAX_LINE_BYTES unless set */
} ts_linebuf;

/* Start reading fd; 0, or TS_ENOMEM. */
int ts_linebuf_init(ts_linebuf *lb, int fd, const char *name, ts_error *err);
void ts_linebuf_free(ts_linebuf *lb);

/* Read only bytes [start, end) of fd, with pread (threads share the fd),
 * numbering lines from line0 + 1; a range that does not start the file has
 * no BOM.  Call after ts_linebuf_init. */
void ts_linebuf_range(ts_linebuf *lb, long long start, long long end, long line0);

/* Keep the unread bytes and read more (the buffer grows up to lb->max);
 * sets eof at the end.  0 or an error. */
int ts_linebuf_fill(ts_linebuf *lb, ts_error *err);

/* Next line without its LF, a CR before it, or a BOM on the first line:
 * 1, 0 at the end, or an error.  Borrowed until the next call. */
int ts_linebuf_line(ts_linebuf *lb, char **line, size_t *len, ts_error *err);

/* Forget what was read (after the fd was moved back to its start). */
void ts_linebuf_reset(ts_linebuf *lb);

#endif
