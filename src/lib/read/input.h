/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Lines of an input file as UTF-8: standard input and other encodings are
 * first copied (converted) to a temporary file so the input can be read
 * twice; a BOM is dropped and CRLF becomes LF.  Validation of the UTF-8
 * itself is the reader's job, which knows the columns. */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "talkstat.h"
#include "base/linebuf.h"

typedef struct ts_input ts_input;

/* A line kept by ts_input_keep: its bytes in the input's buffer. */
typedef struct ts_input_kept {
	uint32_t off, len;
	uint32_t line;  /* its number, from 1 */
} ts_input_kept;

/* TS_KEEP_WINDOW: an input too large to keep, whose lines are split by
 * the buffer's fill into kept[] all the same (the lines of a window, read
 * until the next fill), not found one by one. */
enum { TS_KEEP_NO, TS_KEEP_READING, TS_KEEP_AGAIN, TS_KEEP_WINDOW };

/* ts_input_line while the lines are kept, when the record is full: the
 * line recorded, or keeping given up (too many lines, or no memory). */
void ts_input_kept_add(ts_input *in, const char *s, size_t n);

/* ts_input_line of a TS_KEEP_WINDOW input whose lines split are read:
 * the next ones split, or a line read as usual. */
int ts_input_window(ts_input *in, char **line, size_t *len, ts_error *err);

/* Defined here only so that ts_input_line, called for every line of every
 * input (twice for a transcript), is inline: everything else goes
 * through the functions below. */
struct ts_input {
	int fd;
	int own;                 /* close fd at the end */
	ts_linebuf lb;
	long long size;
	char name[512];
	long *map; size_t nmap;  /* line numbers of the source, or NULL */
	/* ts_input_keep: the lines read, where lb's buffer holds them, to be
	 * read again from there after a rewind */
	int keep;                /* TS_KEEP_* */
	int skip_empty;          /* ... empty lines but the first not kept */
	ts_input_kept *kept;
	size_t nkept, keptcap, keptmax, next;  /* keptcap <= keptmax */
	long win_line;           /* TS_KEEP_WINDOW: the lines passed by the last split */
};

/* path "-" is standard input; name is what errors call it.  encoding NULL
 * or "utf-8" reads the bytes as they are. */
int ts_input_open(ts_input **in, const char *path, const char *encoding, ts_error *err);

/* Next line without its terminator: returns 1, or 0 at the end.  The line
 * is borrowed until the next call.  It lies in the input's line buffer,
 * which has TS_LINEBUF_PAD bytes past the bytes read (base/linebuf.h), so
 * that a line may be read sixteen bytes at a time past its end (the text
 * reader's ts_scan_copy): any other place a line came from would need as
 * much room after it. */
static inline int ts_input_line(ts_input *in, const char **line, size_t *len, long *lineno,
                                ts_error *err)
{
	char *s;
	int rc;
	if (in->keep >= TS_KEEP_AGAIN) {
		/* a kept line, neither looked for nor split again */
		if (in->next < in->nkept) {
			const ts_input_kept *k = &in->kept[in->next++];
			s = in->lb.buf + k->off;
			*len = k->len;
			in->lb.lineno = (long)k->line;
			rc = 1;
		} else if (in->keep == TS_KEEP_AGAIN) {
			return 0;
		} else {
			rc = ts_input_window(in, &s, len, err);
		}
	} else {
		rc = ts_linebuf_line(&in->lb, &s, len, err);
		if (rc == 1 && in->keep == TS_KEEP_READING) {
			if (in->nkept < in->keptcap && (*len || !in->skip_empty))
				in->kept[in->nkept++] = (ts_input_kept){(uint32_t)(s - in->lb.buf), (uint32_t)*len,
				                                        (uint32_t)in->lb.lineno};
			else
				ts_input_kept_add(in, s, *len);
		}
	}
	if (rc == 1) {
		*line = s;
		*lineno = in->lb.lineno;
		if (in->map && in->lb.lineno >= 1 && (size_t)in->lb.lineno <= in->nmap)
			*lineno = in->map[in->lb.lineno - 1];
	}
	return rc;
}

/* The number of the line ts_input_line returned last, as read (from 1 at
 * the input's start, with no source's numbers mapped): one line of each
 * pass over an input read twice. */
static inline long ts_input_line_index(const ts_input *in)
{
	return in->lb.lineno;
}

/* Keep the lines of an input of at most max_bytes bytes (after
 * conversion) in one buffer as they are read, up to max_lines lines, so
 * that after ts_input_rewind they are read from there (a transcript is
 * read twice): 0, or TS_ENOMEM; nothing kept when the input is larger,
 * its lines more, or its descriptor not its own (a larger input of its
 * own has the lines of each fill of its buffer split at once, and
 * skip_empty as below: TS_KEEP_WINDOW).  Call before the first line.  Lines read again are only lines and their numbers:
 * ts_input_line_lone_cr is not kept.  With skip_empty, the empty lines
 * after the first line are not read again (their numbers are skipped,
 * ts_input_line_index's too), nor read at all when the input's lines all
 * end at an LF alone, which are found when it is kept. */
int ts_input_keep(ts_input *in, size_t max_bytes, size_t max_lines, int skip_empty,
                  ts_error *err);

/* The byte offset in the input of the line ts_input_line returned last. */
long long ts_input_line_offset(const ts_input *in);

/* Whether the last line read ended at a CR alone (old Mac line ends, or a
 * stray CR), not at an LF or a CRLF. */
int ts_input_line_lone_cr(const ts_input *in);

/* The offset where the first line that starts after byte pos - 1 starts
 * (pos > 0), or -1 when no line does. */
long long ts_input_line_after(const ts_input *in, long long pos);

/* Start again from the first line. */
int ts_input_rewind(ts_input *in, ts_error *err);

/* The first bytes of the input (up to cap, a BOM removed), to sniff its
 * format; how many, or a TS_EIO error.  Where the input reads next does
 * not move. */
long ts_input_head(const ts_input *in, char *buf, size_t cap, ts_error *err);

/* Bytes in the input (after conversion). */
long long ts_input_size(const ts_input *in);

const char *ts_input_name(const ts_input *in);

/* Lines of bytes [start, end) of an open input, numbered from line0 + 1,
 * read with pread: ranges of one input may be read by several threads at
 * once (the whole input must outlive them and is not read meanwhile). */
int ts_input_open_range(ts_input **in, const ts_input *whole, long long start, long long end,
                        long line0, ts_error *err);

/* An input over fd (owned: closed with the input), read from its current
 * offset, whose line i + 1 is line map[i] of the source `name` (map
 * malloc'd, nmap lines, owned): the text a reader extracted from markup
 * (read/reader_html.c), its errors placed at the source's lines.  A line
 * past the map keeps its own number.  0 or TS_ENOMEM (fd and map are
 * released on failure too). */
int ts_input_open_mapped(ts_input **in, int fd, const char *name, long *map, size_t nmap,
                         ts_error *err);

void ts_input_close(ts_input *in);

/* 0 when line s[0..n) (line lineno of the input `name`) is valid UTF-8
 * without NUL bytes, else the TS_EINPUT error at the first bad byte
 * ("invalid UTF-8 byte 0xC3"): what every reader says of such a line. */
int ts_input_check_line(const char *name, const char *s, size_t n, long lineno, ts_error *err);

#endif
