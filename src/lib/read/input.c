/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "read/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/buf.h"
#include "base/caseless.h"
#include "base/diag.h"
#include "base/linebuf.h"
#include "base/spool.h"
#include "base/text.h"

static int io_fail(ts_error *err, const char *name, const char *what)
{
	return ts_fail(err, TS_EIO, name, 0, 0, "%s: %s", what, strerror(errno));
}

static int is_utf8_name(const char *enc)
{
	return !enc || ts_ci_equal(enc, strlen(enc), "utf-8", 5) || ts_ci_equal(enc, strlen(enc), "utf8", 4);
}

int ts_input_open(ts_input **inp, const char *path, const char *encoding, ts_error *err)
{
	*inp = NULL;
	int stdin_input = !strcmp(path, "-");
	const char *name = stdin_input ? "<stdin>" : path;
	int fd = stdin_input ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ts_fail(err, TS_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st)) {
		int rc = io_fail(err, name, "cannot stat");
		if (!stdin_input)
			close(fd);
		return rc;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!stdin_input)
			close(fd);
		return ts_fail(err, TS_EIO, name, 0, 0, "is a directory");
	}
	int own = !stdin_input;
	const char *enc = is_utf8_name(encoding) ? NULL : encoding;
	if (enc || !S_ISREG(st.st_mode)) {
		int tfd = -1;
		int rc = ts_spool(fd, NULL, 0, enc, name, &tfd, err);
		if (own)
			close(fd);
		if (rc)
			return rc;
		fd = tfd;
		own = 1;
		if (fstat(fd, &st)) {
			close(fd);
			return io_fail(err, name, "cannot stat");
		}
	}
	ts_input *in = calloc(1, sizeof *in);
	if (in)
		snprintf(in->name, sizeof in->name, "%s", name);
	if (!in || ts_linebuf_init(&in->lb, fd, in->name, err)) {
		free(in);
		if (own)
			close(fd);
		return ts_nomem(err);
	}
	in->fd = fd;
	in->own = own;
	in->size = (long long)st.st_size;
	*inp = in;
	return 0;
}

int ts_input_open_mapped(ts_input **inp, int fd, const char *name, long *map, size_t nmap,
                         ts_error *err)
{
	*inp = NULL;
	struct stat st;
	ts_input *in = calloc(1, sizeof *in);
	if (in)
		snprintf(in->name, sizeof in->name, "%s", name);
	if (!in || ts_linebuf_init(&in->lb, fd, in->name, err)) {
		free(in);
		free(map);
		close(fd);
		return ts_nomem(err);
	}
	in->fd = fd;
	in->own = 1;
	in->size = fstat(fd, &st) ? 0 : (long long)st.st_size;
	in->map = map;
	in->nmap = nmap;
	*inp = in;
	return 0;
}

int ts_input_open_range(ts_input **inp, const ts_input *whole, long long start, long long end,
                        long line0, ts_error *err)
{
	ts_input *in = calloc(1, sizeof *in);
	*inp = NULL;
	if (!in || ts_linebuf_init(&in->lb, whole->fd, whole->name, err)) {
		free(in);
		return ts_nomem(err);
	}
	memcpy(in->name, whole->name, sizeof in->name);
	in->lb.name = in->name;
	ts_linebuf_range(&in->lb, start, end, line0);
	in->fd = whole->fd;
	in->size = end - start;
	*inp = in;
	return 0;
}

static void kept_free(ts_input *in)
{
	free(in->kept);
	in->kept = NULL;
	in->nkept = in->keptcap = in->next = 0;
	in->keep = TS_KEEP_NO;
}

/* Room in the kept lines for line n + 1, up to keptmax (keptcap is no
 * more): 1, or 0 when there is none. */
static int keep_room(ts_input *in, size_t n)
{
	if (n == in->keptmax || TS_GROW(in->kept, in->keptcap, n + 1))
		return 0;
	if (in->keptcap > in->keptmax)
		in->keptcap = in->keptmax;
	return 1;
}

/* The bytes c of s[0..64) as bits (bit k for s[k]). */
static inline uint64_t block_of(const char *s, char c)
{
	uint64_t m = 0;
#if defined(__SSE2__)
	for (unsigned k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const void *)(s + 16 * k));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))) << (16 * k);
	}
#else
	for (unsigned b = 0; b < 64; b++)
		m |= (uint64_t)(s[b] == c) << b;
#endif
	return m;
}

/* The LFs of a block of input (bit k of lf for its byte k) right after
 * the one at bit b, which end empty lines: how many of them the block
 * holds (a run that goes on past it ends at its last bit), cleared from lf
 * with bit b.  Skipped at once, not one by one: half the lines of many
 * transcripts are the empty ones between turns. */
static inline unsigned lf_empties(uint64_t *lf, unsigned b)
{
	/* the bits past the block's end are ones in ~(lf >> b), no LFs, and
	 * stop the count; bit 63 stops it when the block is LFs from bit 0 */
	unsigned k = (unsigned)__builtin_ctzll((~(*lf >> b) >> 1) | (uint64_t)1 << 63);
	*lf &= ~(((uint64_t)2 << (b + k)) - 1);
	return k;
}

/* Split what one fill of the buffer read, when it is the whole input
 * and every line ends at an LF (no CR anywhere), into the kept lines,
 * found at once: the first reading then reads them as the second does
 * (none kept when they are too many).  Else they are kept as they are
 * read. */
static void split_whole(ts_input *in)
{
	ts_linebuf *lb = &in->lb;
	if (!lb->eof || lb->cr != lb->end || lb->start)
		return;
	size_t at = 0, n = 0, end = lb->end;
	uint32_t line = 0;
	for (size_t w = 0; w < end; w += 64) {
		/* the LFs of 64 bytes at once (the NUL bytes past the end, in
		 * the buffer's padding, are none) */
		for (uint64_t lf = block_of(lb->buf + w, '\n'); lf;) {
			unsigned b = (unsigned)__builtin_ctzll(lf);
			size_t nl = w + b;
			line++;
			if (nl == at && in->skip_empty && line > 1) {
				at++;
				lf &= lf - 1;
				continue;
			}
			if (n == in->keptcap && !keep_room(in, n)) {
				kept_free(in);  /* too many: read as usual */
				return;
			}
			in->kept[n++] = (ts_input_kept){(uint32_t)at, (uint32_t)(nl - at), line};
			at = nl + 1;
			if (in->skip_empty) {
				unsigned k = lf_empties(&lf, b);
				line += k;
				at += k;
			} else {
				lf &= lf - 1;
			}
		}
	}
	if (at < end) {  /* the last line, without an LF */
		if (n == in->keptcap && !keep_room(in, n)) {
			kept_free(in);
			return;
		}
		in->kept[n++] = (ts_input_kept){(uint32_t)at, (uint32_t)(end - at), line + 1};
	}
	/* a BOM starts no line of the input (ts_linebuf_line drops it); the
	 * first line is kept, empty or not */
	if (n && in->kept[0].len >= 3 && !memcmp(lb->buf, "\xEF\xBB\xBF", 3)) {
		in->kept[0].off += 3;
		in->kept[0].len -= 3;
	}
	in->nkept = n;
	in->next = 0;
	in->keep = TS_KEEP_AGAIN;
	lb->start = lb->end;  /* read */
}

/* The lines a window's split records at most (12 bytes each): some
 * 128 KiB of a transcript (base/linebuf.c's buffer) at once. */
#define WINDOW_LINES 4096

/* split_window's blocks from *at, CRs looked for with crs (a constant
 * where it is inlined, as most inputs hold none): the lines recorded in
 * kept[0..), a record written for an empty line too (a block leaves room
 * for it) and kept with keep_empty; *at and *line moved past them. */
static inline __attribute__((always_inline)) size_t
split_blocks(const char *buf, size_t *at, size_t end, ts_input_kept *kept, size_t cap,
             uint32_t *line, int keep_empty, int crs)
{
	size_t from = *at, n = 0;
	uint32_t num = *line;
	int lone = 0;
	/* 64 bytes at a time, the last of them in the buffer's padding (NUL
	 * bytes, neither LF nor CR); a block holds 64 lines at most */
	for (size_t w = from; w < end && n + 64 <= cap && !lone; w += 64) {
		uint64_t lf = block_of(buf + w, '\n');
		/* the LFs before the first CR that no LF follows */
		for (uint64_t k = crs ? block_of(buf + w, '\r') : 0; k; k &= k - 1) {
			unsigned b = (unsigned)__builtin_ctzll(k);
			if (buf[w + b + 1] != '\n') {
				lf &= ((uint64_t)1 << b) - 1;
				lone = 1;
				break;
			}
		}
		while (lf) {
			unsigned b = (unsigned)__builtin_ctzll(lf);
			size_t nl = w + b, len = nl - from;
			num++;
			if (crs && len && buf[nl - 1] == '\r')
				len--;
			kept[n] = (ts_input_kept){(uint32_t)from, (uint32_t)len, num};
			n += len || keep_empty;
			from = nl + 1;
			if (keep_empty) {
				lf &= lf - 1;
			} else {
				unsigned k = lf_empties(&lf, b);
				num += k;
				from += k;
			}
		}
	}
	*at = from;
	*line = num;
	return n;
}

/* Split the unread bytes of the buffer into kept[] (TS_KEEP_WINDOW), as
 * ts_linebuf_line would read them, up to the last LF before a CR that
 * ends no CRLF (ts_linebuf_line's to read, with what follows it) and at
 * most keptcap lines; the empty lines skipped with skip_empty.  Not the
 * line that may start with a BOM.  How many; lines passed are read
 * (lb->start), and counted in win_line. */
static size_t split_window(ts_input *in)
{
	ts_linebuf *lb = &in->lb;
	in->nkept = in->next = 0;
	if (lb->lineno + 1 == lb->bom_line || lb->end > UINT32_MAX ||
	    lb->lineno > (long)(UINT32_MAX - lb->end))
		return 0;
	size_t at = lb->start, n;
	uint32_t line = (uint32_t)lb->lineno;
	/* lb->cr: the first CR of the unread bytes, or end */
	if (lb->cr < at)
		ts_linebuf_find_cr(lb);
	if (lb->cr < lb->end)
		n = split_blocks(lb->buf, &at, lb->end, in->kept, in->keptcap, &line, !in->skip_empty, 1);
	else
		n = split_blocks(lb->buf, &at, lb->end, in->kept, in->keptcap, &line, !in->skip_empty, 0);
	lb->start = at;
	in->win_line = line;
	if (n)
		lb->lone_cr = 0;
	in->nkept = n;
	return n;
}

int ts_input_window(ts_input *in, char **line, size_t *len, ts_error *err)
{
	ts_linebuf *lb = &in->lb;
	for (;;) {
		lb->lineno = in->win_line;
		if (split_window(in)) {
			const ts_input_kept *k = &in->kept[in->next++];
			*line = lb->buf + k->off;
			*len = k->len;
			lb->lineno = (long)k->line;
			return 1;
		}
		/* none split: the first line, a CR, a line the buffer does not
		 * hold whole, or the end; read as usual, and an empty line
		 * skipped as a split skips it */
		lb->lineno = in->win_line;
		int rc = ts_linebuf_line(lb, line, len, err);
		in->win_line = lb->lineno;
		if (rc != 1 || *len || !in->skip_empty || lb->lineno == 1)
			return rc;
	}
}

int ts_input_keep(ts_input *in, size_t max_bytes, size_t max_lines, int skip_empty,
                  ts_error *err)
{
	/* offsets and lengths of 32 bits; and not a descriptor of the
	 * caller's (standard input as a file), which is left where the second
	 * reading leaves it: "-" given again reads on from there */
	if (!in->own || in->size < 0 || max_bytes > UINT32_MAX - 1)
		return 0;
	if ((unsigned long long)in->size > max_bytes) {
		/* (without the memory, read as usual) */
		if ((in->kept = malloc(WINDOW_LINES * sizeof *in->kept))) {
			in->keptcap = in->keptmax = WINDOW_LINES;
			in->keep = TS_KEEP_WINDOW;
			in->skip_empty = skip_empty;
		}
		return 0;
	}
	int rc = ts_linebuf_whole(&in->lb, (size_t)in->size, err);
	if (!rc) {
		in->keep = TS_KEEP_READING;
		in->keptmax = max_lines;
		in->skip_empty = skip_empty;
		rc = ts_linebuf_fill(&in->lb, err);
	}
	if (!rc)
		split_whole(in);
	return rc;
}

void ts_input_kept_add(ts_input *in, const char *s, size_t n)
{
	if (!n && in->skip_empty && in->lb.lineno > 1)
		return;
	if (!keep_room(in, in->nkept)) {
		kept_free(in);
		return;
	}
	in->kept[in->nkept++] = (ts_input_kept){(uint32_t)(s - in->lb.buf), (uint32_t)n,
	                                        (uint32_t)in->lb.lineno};
}

int ts_input_rewind(ts_input *in, ts_error *err)
{
	if (in->keep == TS_KEEP_READING) {
		/* the lines are where they were read only when the buffer never
		 * moved them (the input was no larger than its size said), and
		 * are all of them only at its end */
		if (in->lb.base == 0 && in->lb.eof && in->lb.start == in->lb.end)
			in->keep = TS_KEEP_AGAIN;
		else
			kept_free(in);
	}
	in->next = 0;
	if (in->keep == TS_KEEP_WINDOW)
		in->nkept = 0, in->win_line = 0;
	if (lseek(in->fd, 0, SEEK_SET) < 0)
		return io_fail(err, in->name, "cannot seek");
	ts_linebuf_reset(&in->lb);
	return 0;
}

long long ts_input_line_offset(const ts_input *in)
{
	if (in->keep == TS_KEEP_AGAIN)  /* (the first line from 0, before a BOM) */
		return in->next > 1 ? (long long)in->kept[in->next - 1].off : 0;
	if (in->keep == TS_KEEP_WINDOW && in->next)  /* a line split */
		return in->lb.base + (long long)in->kept[in->next - 1].off;
	return in->lb.line_off;
}

int ts_input_line_lone_cr(const ts_input *in)
{
	return in->lb.lone_cr;
}

long long ts_input_line_after(const ts_input *in, long long pos)
{
	char buf[1 << 16];
	for (long long at = pos - 1; at < in->size;) {
		ssize_t n = pread(in->fd, buf, sizeof buf, (off_t)at);
		if (n <= 0)
			return -1;
		const char *nl = memchr(buf, '\n', (size_t)n);
		if (nl)
			return at + (nl - buf) + 1;
		at += n;
	}
	return -1;
}

long ts_input_head(const ts_input *in, char *buf, size_t cap, ts_error *err)
{
	ssize_t n;
	do
		n = pread(in->fd, buf, cap, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return io_fail(err, in->name, "cannot read");
	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		memmove(buf, buf + 3, (size_t)n - 3);
		n -= 3;
	}
	return (long)n;
}

long long ts_input_size(const ts_input *in)
{
	return in->size;
}

const char *ts_input_name(const ts_input *in)
{
	return in->name;
}

void ts_input_close(ts_input *in)
{
	if (!in)
		return;
	if (in->own)
		close(in->fd);
	ts_linebuf_free(&in->lb);
	free(in->kept);
	free(in->map);
	free(in);
}

int ts_input_check_line(const char *name, const char *s, size_t n, long lineno, ts_error *err)
{
	size_t bad;
	if (!ts_utf8_check(s, n, &bad))
		return 0;
	long col = (long)ts_utf8_len(s, bad) + 1;
	if (!s[bad])
		return ts_fail(err, TS_EINPUT, name, lineno, col, "NUL byte in text");
	return ts_fail(err, TS_EINPUT, name, lineno, col, "invalid UTF-8 byte 0x%02X",
	               (unsigned char)s[bad]);
}
