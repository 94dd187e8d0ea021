/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/spool.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/text.h"

#define CHUNK ((size_t)1 << 20)

static ssize_t read_full(int fd, char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int write_full(FILE *f, const char *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int io_fail(ts_error *err, const char *name, const char *what)
{
	return ts_fail(err, TS_EIO, name, 0, 0, "%s: %s", what, strerror(errno));
}

/* GBK, GB18030 and Big5 never use the byte 0x0A inside a multi-byte
 * character, so the lines of the converted text are the source's. */
int ts_spool(int fd, const char *head, size_t head_len, const char *enc, const char *name,
             int *out_fd, ts_error *err)
{
	int rc = 0;
	FILE *tmp = tmpfile();
	iconv_t cd = (iconv_t)-1;
	/* the head is converted with the first chunk: room for both, and for
	 * the longest UTF-8 form of every byte of them */
	size_t cap = head_len + CHUNK + 8, out_cap = 4 * cap + 64;
	char *in = malloc(cap), *out = enc ? malloc(out_cap) : NULL;
	if (!tmp || !in || (enc && !out)) {
		rc = tmp ? ts_nomem(err) : io_fail(err, name, "cannot create a temporary file");
		goto done;
	}
	if (enc) {
		cd = iconv_open("UTF-8", enc);
		if (cd == (iconv_t)-1) {
			rc = ts_fail(err, TS_EUSAGE, NULL, 0, 0, "unknown encoding: '%s'", enc);
			goto done;
		}
	}
	if (head_len)
		memcpy(in, head, head_len);
	size_t have = head_len;  /* bytes not yet written (or converted) */
	long line = 1, col = 1;
	for (;;) {
		ssize_t r = read_full(fd, in + have, CHUNK);
		if (r < 0) {
			rc = io_fail(err, name, "cannot read");
			goto done;
		}
		size_t n = have + (size_t)r;
		int last = r == 0;
		if (!enc) {
			if (n && write_full(tmp, in, n)) {
				rc = io_fail(err, name, "cannot write a temporary file");
				goto done;
			}
			have = 0;
			if (last)
				break;
			continue;
		}
		char *ip = in, *op = out;
		size_t il = n, ol = out_cap;
		size_t res = iconv(cd, &ip, &il, &op, &ol);
		int bad = res == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && last));
		/* The place of an error is in the converted text. */
		ts_text_advance(out, (size_t)(op - out), &line, &col);
		if (bad) {
			rc = ts_fail(err, TS_EINPUT, name, line, col, "invalid %s byte 0x%02X", enc,
			             (unsigned char)*ip);
			goto done;
		}
		if (op > out && write_full(tmp, out, (size_t)(op - out))) {
			rc = io_fail(err, name, "cannot write a temporary file");
			goto done;
		}
		memmove(in, ip, il);
		have = il;
		if (last)
			break;
	}
	if (fflush(tmp)) {
		rc = io_fail(err, name, "cannot write a temporary file");
		goto done;
	}
	int fd2 = dup(fileno(tmp));
	if (fd2 < 0 || lseek(fd2, 0, SEEK_SET) < 0) {
		rc = io_fail(err, name, "cannot read a temporary file");
		if (fd2 >= 0)
			close(fd2);
	} else {
		*out_fd = fd2;
	}
done:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (tmp)
		fclose(tmp);
	free(in);
	free(out);
	return rc;
}
