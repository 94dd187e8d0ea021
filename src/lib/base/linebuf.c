/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/linebuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"

/* The buffer every reading thread keeps for the whole run: 128 KiB reads
 * take no longer than 1 MiB ones (a syscall per 128 KiB is noise), and the
 * smaller buffer is most of what put peak RSS under the old build's
 * (bench/RESULTS-compare-instructions.md).  A longer line grows it. */
#define CHUNK ((size_t)1 << 17)

int ts_linebuf_init(ts_linebuf *lb, int fd, const char *name, ts_error *err)
{
	memset(lb, 0, sizeof *lb);
	lb->fd = fd;
	lb->name = name;
	lb->buf = malloc(CHUNK + TS_LINEBUF_PAD);
	if (!lb->buf)
		return ts_nomem(err);
	memset(lb->buf, 0, TS_LINEBUF_PAD);
	lb->cap = CHUNK;
	lb->max = TS_MAX_LINE_BYTES;
	lb->off = -1;
	lb->bom_line = 1;
	return 0;
}

int ts_linebuf_whole(ts_linebuf *lb, size_t bytes, ts_error *err)
{
	/* one byte more than the input holds: the read that fills the buffer
	 * then meets the end, and no later fill keeps a tail at its start */
	if (bytes + 1 <= lb->cap)
		return 0;
	char *p = realloc(lb->buf, bytes + 1 + TS_LINEBUF_PAD);
	if (!p)
		return ts_nomem(err);
	lb->buf = p;
	lb->cap = bytes + 1;
	return 0;
}

void ts_linebuf_range(ts_linebuf *lb, long long start, long long end, long line0)
{
	ts_linebuf_reset(lb);
	lb->off = start;
	lb->limit = end;
	lb->lineno = line0;
	lb->base = start;
	lb->bom_line = start == 0 ? line0 + 1 : 0;
}

void ts_linebuf_free(ts_linebuf *lb)
{
	free(lb->buf);
	memset(lb, 0, sizeof *lb);
}

void ts_linebuf_reset(ts_linebuf *lb)
{
	lb->start = lb->end = lb->cr = 0;
	lb->eof = 0;
	lb->lineno = 0;
	lb->base = 0;
	lb->bom_line = 1;
}

static int too_long(const ts_linebuf *lb, ts_error *err)
{
	return ts_fail(err, TS_ELIMIT, lb->name, lb->lineno + 1, 0, "line longer than %zu bytes",
	               lb->max);
}

void ts_linebuf_find_cr(ts_linebuf *lb)
{
	char *p = memchr(lb->buf + lb->start, '\r', lb->end - lb->start);
	lb->cr = p ? (size_t)(p - lb->buf) : lb->end;
}

int ts_linebuf_fill(ts_linebuf *lb, ts_error *err)
{
	size_t keep = lb->end - lb->start;
	if (lb->start) {
		memmove(lb->buf, lb->buf + lb->start, keep);
		lb->base += (long long)lb->start;
		lb->start = 0;
		lb->end = keep;
	}
	if (lb->end == lb->cap) {
		if (lb->cap > lb->max)
			return too_long(lb, err);
		char *p = realloc(lb->buf, lb->cap * 2 + TS_LINEBUF_PAD);
		if (!p)
			return ts_nomem(err);
		lb->buf = p;
		lb->cap *= 2;
	}
	/* fill the room, so that lines are found in large blocks */
	while (lb->end < lb->cap) {
		size_t room = lb->cap - lb->end;
		if (lb->off >= 0 && (long long)room > lb->limit - lb->off)
			room = (size_t)(lb->limit - lb->off);
		ssize_t r = !room ? 0 :
		            lb->off >= 0 ? pread(lb->fd, lb->buf + lb->end, room, (off_t)lb->off) :
		                           read(lb->fd, lb->buf + lb->end, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ts_fail(err, TS_EIO, lb->name, 0, 0, "cannot read: %s", strerror(errno));
		if (r == 0) {
			lb->eof = 1;
			break;
		}
		lb->end += (size_t)r;
		if (lb->off >= 0)
			lb->off += r;
	}
	memset(lb->buf + lb->end, 0, TS_LINEBUF_PAD);
	ts_linebuf_find_cr(lb);
	return 0;
}

/* The line s[0..n), used bytes of the buffer with its end. */
static inline int take_line(ts_linebuf *lb, char *s, size_t n, size_t used, int lone_cr,
                            char **line, size_t *len, ts_error *err)
{
	lb->start += used;
	lb->lone_cr = lone_cr;
	if (n > lb->max)
		return too_long(lb, err);
	lb->lineno++;
	lb->line_off = lb->base + (s - lb->buf);
	if (n && s[n - 1] == '\r')
		n--;
	if (lb->lineno == lb->bom_line && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	*line = s;
	*len = n;
	return 1;
}

/* ts_linebuf_line when a CR stands before the next LF, there is no LF in
 * the buffer, or it is time to read more. */
__attribute__((noinline)) static int line_slow(ts_linebuf *lb, char **line, size_t *len,
                                              ts_error *err)
{
	for (;;) {
		char *s = lb->buf + lb->start;
		size_t avail = lb->end - lb->start;
		char *nl = memchr(s, '\n', avail);
		size_t upto = nl ? (size_t)(nl - s) : avail;
		if (lb->cr < lb->start)
			ts_linebuf_find_cr(lb);
		const char *cr = lb->cr < lb->start + upto ? lb->buf + lb->cr : NULL;
		if (cr && cr + 1 == s + upto && (nl || !lb->eof))
			cr = NULL;  /* CRLF, or a CR whose next byte is still to come */
		if (cr)
			return take_line(lb, s, (size_t)(cr - s), (size_t)(cr - s) + 1, 1, line, len,
			                 err);
		if (nl)
			return take_line(lb, s, upto, upto + 1, 0, line, len, err);
		if (lb->eof)
			return avail ? take_line(lb, s, avail, avail, 0, line, len, err) : 0;
		int rc = ts_linebuf_fill(lb, err);
		if (rc)
			return rc;
	}
}

int ts_linebuf_line_slow(ts_linebuf *lb, char **line, size_t *len, ts_error *err)
{
	/* A CR ends a line too, unless an LF follows it (CRLF): files from old
	 * Mac tools use CR alone, and a stray one inside a file would
	 * otherwise join two turns.  Most lines end at an LF with no CR before
	 * it but the one of a CRLF. */
	char *s = lb->buf + lb->start;
	char *nl = memchr(s, '\n', lb->end - lb->start);
	if (lb->cr < lb->start)
		ts_linebuf_find_cr(lb);
	if (nl && lb->cr + 1 >= (size_t)(nl - lb->buf))
		return take_line(lb, s, (size_t)(nl - s), (size_t)(nl - s) + 1, 0, line, len, err);
	return line_slow(lb, line, len, err);
}
