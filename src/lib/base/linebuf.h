/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Lines of a file descriptor, read in large blocks: the one line splitter
 * of the readers (input.c) and of aggregation's input (aggregate_input.c). */
#ifndef TS_LINEBUF_H
#define TS_LINEBUF_H

#include <stddef.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* Room for bytes more of the input in one buffer, so that reading it
 * never moves a byte read before (its lines stay where they were
 * returned, while the buffer lives): 0, or TS_ENOMEM.  Call before the
 * first line. */
int ts_linebuf_whole(ts_linebuf *lb, size_t bytes, ts_error *err);

/* Keep the unread bytes and read more (the buffer grows up to lb->max);
 * sets eof at the end.  0 or an error. */
int ts_linebuf_fill(ts_linebuf *lb, ts_error *err);

/* The buffer holds this many NUL bytes past the bytes read, so that the
 * last of them may be looked at sixteen, or 64 (read/input.c), at a
 * time. */
#define TS_LINEBUF_PAD 64

/* The first LF of s[0..n), or NULL; s + n is where the bytes read end. */
static inline char *ts_linebuf_lf(char *s, size_t n)
{
#if defined(__SSE2__)
	/* every x86-64 has SSE2: a short line costs less than a call */
	for (size_t i = 0; i < n; i += 16) {
		__m128i v = _mm_loadu_si128((const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
		if (m) {
			size_t at = i + (size_t)__builtin_ctz(m);
			return at < n ? s + at : NULL;
		}
	}
	return NULL;
#else
	return memchr(s, '\n', n);
#endif
}

/* Find lb->cr again (the first CR of the unread bytes, or end), when a
 * line passed it. */
void ts_linebuf_find_cr(ts_linebuf *lb);

/* ts_linebuf_line in every case. */
int ts_linebuf_line_slow(ts_linebuf *lb, char **line, size_t *len, ts_error *err);

/* Next line without its LF, a CR before it, or a BOM on the first line:
 * 1, 0 at the end, or an error.  Borrowed until the next call.  Inline for
 * the common case, a line that ends at an LF in the buffer with no CR
 * before it but the one of a CRLF, not the one that may start with a BOM,
 * and not too long: called for every line of every input, twice for a
 * transcript, where the call cost more than finding the line. */
static inline int ts_linebuf_line(ts_linebuf *lb, char **line, size_t *len, ts_error *err)
{
	char *s = lb->buf + lb->start;
	char *nl = ts_linebuf_lf(s, lb->end - lb->start);
	size_t n = nl ? (size_t)(nl - s) : 0;
	if (!nl || lb->cr < lb->start || lb->cr + 1 < lb->start + n || n > lb->max ||
	    lb->lineno + 1 == lb->bom_line)
		return ts_linebuf_line_slow(lb, line, len, err);
	lb->start += n + 1;
	lb->lone_cr = 0;
	lb->lineno++;
	lb->line_off = lb->base + (long long)(s - lb->buf);
	if (n && s[n - 1] == '\r')
		n--;
	*line = s;
	*len = n;
	return 1;
}

/* Forget what was read (after the fd was moved back to its start). */
void ts_linebuf_reset(ts_linebuf *lb);

#endif
