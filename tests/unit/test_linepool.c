/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <fcntl.h>

#include "base/diag.h"
#include "base/linebuf.h"
#include "base/linepool.h"
#include "read/input.h"

/* Work: the line's number and text, doubled; a line "fail" fails after
 * giving its bytes.  Apply: appended to a log in the order applied; a line
 * "stop" stops there. */
static int work(void *state, const char *line, size_t len, long lineno, ts_buf *out,
                ts_error *err)
{
	(*(size_t *)state)++;
	char head[32];
	int n = snprintf(head, sizeof head, "%ld:", lineno);
	if (ts_buf_append(out, head, (size_t)n) || ts_buf_append(out, line, len) ||
	    ts_buf_append(out, line, len))
		return ts_nomem(err);
	if (len == 4 && !memcmp(line, "fail", 4))
		return ts_fail(err, TS_EINPUT, "f", lineno, 0, "failed");
	return 0;
}

static int apply(void *arg, const char *bytes, size_t n, long lineno, ts_error *err)
{
	ts_buf *log = arg;
	if (ts_buf_append(log, bytes, n) || ts_buf_append(log, ";", 1))
		return ts_nomem(err);
	if (n >= 4 && !memcmp(bytes + n - 4, "stop", 4))
		return ts_fail(err, TS_EINPUT, "f", lineno, 0, "stopped");
	return 0;
}

/* The log of running over text on nt threads, its result and error. */
static int run(const char *text, size_t len, size_t nt, size_t max, ts_buf *log, ts_error *err)
{
	const char *path = temp_file(text, len);
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	ts_linebuf in;
	assert_int_equal(ts_linebuf_init(&in, fd, "f", err), 0);
	if (max)
		in.max = max;
	size_t counts[8] = {0};
	void *states[8];
	for (size_t t = 0; t < 8; t++)
		states[t] = &counts[t];
	log->len = 0;
	int rc = ts_linepool_run(&in, nt, states, work, apply, log, err);
	ts_linebuf_free(&in);
	close(fd);
	unlink(path);
	return rc;
}

/* Many lines on several threads: applied in file order, as on one. */
static void file_order(void **state)
{
	(void)state;
	ts_buf text = {0}, one = {0}, many = {0};
	for (int i = 0; i < 5000; i++)
		ts_buf_printf(&text, "line %d %.*s\n", i, i % 50, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	ts_error err = {0};
	assert_int_equal(run(text.ptr, text.len, 1, 0, &one, &err), 0);
	assert_int_equal(run(text.ptr, text.len, 4, 0, &many, &err), 0);
	assert_int_equal(one.len, many.len);
	assert_memory_equal(one.ptr, many.ptr, one.len);
	/* and what it is: line 1 first, line 5000 last */
	assert_memory_equal(one.ptr, "1:line 0 line 0 ;", 17);
	ts_buf_free(&text);
	ts_buf_free(&one);
	ts_buf_free(&many);
}

/* The first error in file order, whichever thread met which first: a
 * line's own bytes applied before its work's error; an error of apply;
 * a line that cannot be read after the lines before it. */
static void first_error(void **state)
{
	(void)state;
	ts_buf text = {0}, log = {0};
	for (int i = 0; i < 3000; i++)
		ts_buf_printf(&text, "%s\n", i == 1500 || i == 2900 ? "fail" : "ok");
	ts_error err = {0};
	for (size_t nt = 1; nt <= 4; nt++) {
		assert_int_equal(run(text.ptr, text.len, nt, 0, &log, &err), TS_EINPUT);
		assert_string_equal(err.msg, "failed");
		assert_int_equal(err.line, 1501);
		/* the failing line's bytes are the last applied */
		assert_true(log.len > 14 && !memcmp(log.ptr + log.len - 14, "1501:failfail;", 14));
	}
	text.len = 0;
	for (int i = 0; i < 700; i++)
		ts_buf_printf(&text, "%s\n", i == 600 ? "stop" : i == 650 ? "fail" : "ok");
	assert_int_equal(run(text.ptr, text.len, 3, 0, &log, &err), TS_EINPUT);
	assert_string_equal(err.msg, "stopped");
	assert_int_equal(err.line, 601);
	/* a line longer than the line buffer takes, after 400 good ones */
	text.len = 0;
	for (int i = 0; i < 400; i++)
		ts_buf_printf(&text, "ok\n");
	for (int i = 0; i < 5000; i++)
		ts_buf_printf(&text, "y");
	ts_buf_printf(&text, "\nok\n");
	int rc = run(text.ptr, text.len, 3, 4096, &log, &err);
	assert_int_equal(rc, TS_ELIMIT);
	assert_int_equal(err.line, 401);
	size_t applied = 0;
	for (int i = 1; i <= 400; i++)
		applied += (size_t)snprintf(NULL, 0, "%d:okok;", i);
	assert_int_equal(log.len, applied);
	ts_buf_free(&text);
	ts_buf_free(&log);
}

/* A line longer than TS_LINEPOOL_LONG is worked on alone, in order. */
static void long_line_in_order(void **state)
{
	(void)state;
	ts_buf text = {0}, log = {0};
	ts_buf_printf(&text, "a\nb\n");
	for (size_t i = 0; i <= TS_LINEPOOL_LONG; i++)
		ts_buf_append(&text, "z", 1);
	ts_buf_printf(&text, "\nc\n");
	ts_error err = {0};
	assert_int_equal(run(text.ptr, text.len, 2, 0, &log, &err), 0);
	assert_memory_equal(log.ptr, "1:aa;2:bb;3:zz", 14);
	assert_int_equal(log.len, 14 + 2 * TS_LINEPOOL_LONG + 1 + 5);
	assert_memory_equal(log.ptr + log.len - 5, "4:cc;", 5);
	ts_buf_free(&text);
	ts_buf_free(&log);
}

/* ---- the line splitter itself (base/linebuf.h) ---- */

/* A text of random lines: short ones, some of hundreds of kilobytes
 * (longer than the buffer), every kind of line end (LF, CRLF, a lone CR,
 * CR CR LF, LF CR), blank lines, a BOM at the start, LF bytes right
 * before and after the edges of the 128 KiB reads. */
static size_t random_lines(ts_buf *t, unsigned *seed)
{
	static const char *const ends[] = {"\n", "\n", "\n", "\r\n", "\r", "\r\r\n", "\n\r", ""};
	t->len = 0;
	if (rand_r(seed) % 3 == 0)
		ts_buf_append(t, "\xEF\xBB\xBF", 3);
	size_t want = (size_t)(rand_r(seed) % 400000);
	while (t->len < want) {
		int r = rand_r(seed) % 2000;
		size_t len = r < 3 ? 100000 + (size_t)rand_r(seed) % 200000 : r < 400 ? 0 :
		             (size_t)rand_r(seed) % 90;
		for (size_t k = 0; k < len; k++) {
			char c = (char)('a' + (k * 7 + t->len) % 26);
			ts_buf_append(t, &c, 1);
		}
		const char *e = ends[rand_r(seed) % (sizeof ends / sizeof *ends)];
		ts_buf_append(t, e, strlen(e));
	}
	return t->len;
}

/* The next line of t[*pos..end) as ts_linebuf_line gives it, by its
 * definition: up to the first LF or CR, a CR before an LF dropped, a BOM
 * dropped from the input's first line.  *raw: its length as the limit on
 * lines counts it (a CRLF's CR in); *at: where it starts, a BOM in. */
static int expect_line(const char *t, size_t *pos, size_t end, int first, const char **line,
                       size_t *n, size_t *raw, size_t *at, int *lone_cr)
{
	size_t p = *pos, k = p;
	if (p >= end)
		return 0;
	*at = p;
	while (k < end && t[k] != '\n' && t[k] != '\r')
		k++;
	*line = t + p;
	*n = *raw = k - p;
	*lone_cr = 0;
	if (k == end) {
		*pos = end;
	} else if (t[k] == '\n') {
		*pos = k + 1;
	} else if (k + 1 < end && t[k + 1] == '\n') {
		*raw = k + 1 - p;
		*pos = k + 2;
	} else {
		*lone_cr = 1;
		*pos = k + 1;
	}
	if (first && *n >= 3 && !memcmp(*line, "\xEF\xBB\xBF", 3)) {
		*line += 3;
		*n -= 3;
	}
	return 1;
}

/* Every line of random texts, of the whole file and of ranges of it, with
 * the default limit and a small one: text, number, offset and kind of end
 * as defined above, or the error at the first line over the limit. */
static void lines_as_defined(void **state)
{
	(void)state;
	unsigned seed = 4711;
	ts_buf t = {0};
	size_t lines = 0;
	for (int round = 0; round < 40; round++) {
		size_t len = random_lines(&t, &seed);
		const char *path = temp_file(t.ptr ? t.ptr : "", len);
		int fd = open(path, O_RDONLY);
		assert_true(fd >= 0);
		unlink(path);
		size_t start = 0, end = len;
		if (round % 3 == 1 && len) {
			start = (size_t)rand_r(&seed) % len;
			end = start + (size_t)rand_r(&seed) % (len - start + 1);
		}
		size_t max = round % 4 == 3 ? 5000 : 0;
		ts_linebuf lb;
		ts_error err = {0};
		assert_int_equal(ts_linebuf_init(&lb, fd, "f", &err), 0);
		if (start || end != len)
			ts_linebuf_range(&lb, (long long)start, (long long)end, 7);
		if (max)
			lb.max = max;
		long lineno = start || end != len ? 7 : 0;
		size_t pos = start;
		for (;;) {
			const char *want = NULL;
			size_t wn = 0, raw = 0, at = 0;
			int lone = 0, more = expect_line(t.ptr, &pos, end, start == 0 && lineno == 0, &want,
			                                 &wn, &raw, &at, &lone);
			char *got;
			size_t gn;
			int rc = ts_linebuf_line(&lb, &got, &gn, &err);
			if (more && max && raw > max) {
				assert_int_equal(rc, TS_ELIMIT);
				assert_int_equal(err.line, lineno + 1);
				break;
			}
			if (rc != more)
				fail_msg("text %d: line %ld: rc %d, want %d", round, lineno + 1, rc, more);
			if (!more)
				break;
			lineno++;
			lines++;
			if (gn != wn || memcmp(got, want, wn) || lb.lineno != lineno || lb.lone_cr != lone ||
			    lb.line_off != (long long)at)
				fail_msg("text %d: line %ld: %zu bytes at %lld, want %zu at %zu", round, lineno,
				         gn, lb.line_off, wn, at);
		}
		ts_linebuf_free(&lb);
		close(fd);
	}
	ts_buf_free(&t);
	assert_true(lines > 10000);
}

/* One line of an input, as ts_input_line and its neighbours say it. */
typedef struct seen_line {
	const char *s;
	size_t n;
	long lineno, index;
	long long off;
} seen_line;

static int next_seen(ts_input *in, seen_line *l)
{
	ts_error err = {0};
	int rc = ts_input_line(in, &l->s, &l->n, &l->lineno, &err);
	l->index = ts_input_line_index(in);
	l->off = ts_input_line_offset(in);
	return rc;
}

/* The lines of plain and of kept in step, as many as `lines` (-1: all),
 * the same but for the empty lines after the first, which kept skips
 * when `skips`. */
static void same_lines(ts_input *plain, ts_input *kept, long lines, int skips, int round)
{
	seen_line a, b;
	for (long k = 0; lines < 0 || k < lines; k++) {
		int ra, rb = next_seen(kept, &b);
		while ((ra = next_seen(plain, &a)) == 1 && skips && !a.n && a.index > 1)
			;
		if (ra != rb)
			fail_msg("text %d: line %ld: rc %d, kept %d", round, a.index, ra, rb);
		if (ra != 1)
			break;
		if (a.n != b.n || memcmp(a.s, b.s, a.n) || a.lineno != b.lineno || a.index != b.index ||
		    a.off != b.off)
			fail_msg("text %d: %zu bytes, line %ld (%ld) at %lld; kept %zu, %ld (%ld) at %lld",
			         round, a.n, a.lineno, a.index, a.off, b.n, b.lineno, b.index, b.off);
	}
}

/* t[0..len) with each LF made a run of 1 to 150 of them, the input's
 * split skipping many empty lines at once, across its 64-byte blocks and
 * through whole blocks of LFs: the new length. */
static size_t lf_runs(ts_buf *t, size_t len, unsigned *seed)
{
	ts_buf r = {0};
	for (size_t k = 0; k < len; k++) {
		size_t times = t->ptr[k] == '\n' ? 1 + (size_t)rand_r(seed) % 150 : 1;
		for (size_t i = 0; i < times; i++)
			ts_buf_append(&r, t->ptr + k, 1);
	}
	ts_buf_free(t);
	*t = r;
	return r.len;
}

/* Lines kept (ts_input_keep) and read again after a rewind, as an input
 * that keeps nothing reads them, with and without empty lines: random
 * texts as above and the same without a CR (split when kept), inputs
 * small enough to keep and not, lines too many to keep, a first reading
 * that stops before the end (nothing to read again from), and a second
 * rewind. */
static void kept_lines_as_read(void **state)
{
	(void)state;
	unsigned seed = 1066;
	ts_buf t = {0};
	int again = 0, split = 0, window = 0;
	for (int round = 0; round < 80; round++) {
		size_t len = random_lines(&t, &seed);
		if (round % 8 == 3) {  /* an empty first line, kept */
			ts_buf_append(&t, "", 1);
			memmove(t.ptr + 1, t.ptr, len++);
			t.ptr[0] = '\n';
		}
		if (round % 8 == 5)  /* runs of empty lines, up to blocks of LFs */
			len = lf_runs(&t, len, &seed);
		if (round % 2)  /* lines that end at an LF alone: split at once */
			for (size_t k = 0; k < len; k++)
				if (t.ptr[k] == '\r')
					t.ptr[k] = '\n';
		const char *path = temp_file(t.ptr ? t.ptr : "", len);
		ts_input *plain, *kept;
		ts_error err = {0};
		assert_int_equal(ts_input_open(&plain, path, NULL, &err), 0);
		assert_int_equal(ts_input_open(&kept, path, NULL, &err), 0);
		unlink(path);
		size_t max_bytes = round % 5 == 4 ? len / 2 : len + (size_t)rand_r(&seed) % 3;
		size_t max_lines = round % 7 == 6 ? (size_t)rand_r(&seed) % 50 : (size_t)1 << 18;
		int skip = round % 4 >= 2;
		assert_int_equal(ts_input_keep(kept, max_bytes, max_lines, skip, &err), 0);
		split += kept->keep == TS_KEEP_AGAIN;
		/* too large: split window by window, skipping as kept lines */
		window += kept->keep == TS_KEEP_WINDOW;
		/* a first reading of all lines, or of some */
		same_lines(plain, kept, round % 6 == 5 ? rand_r(&seed) % 40 : -1,
		           skip && kept->keep >= TS_KEEP_AGAIN, round);
		for (int pass = 0; pass < 2; pass++) {
			assert_int_equal(ts_input_rewind(kept, &err), 0);
			assert_int_equal(ts_input_rewind(plain, &err), 0);
			again += kept->keep == TS_KEEP_AGAIN;
			same_lines(plain, kept, -1, skip && kept->keep >= TS_KEEP_AGAIN, round);
		}
		ts_input_close(plain);
		ts_input_close(kept);
	}
	ts_buf_free(&t);
	/* most were read again from what was kept, many split at once, some
	 * split window by window */
	assert_true(again > 60 && split > 20 && window > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_order),
		cmocka_unit_test(first_error),
		cmocka_unit_test(long_line_in_order),
		cmocka_unit_test(lines_as_defined),
		cmocka_unit_test(kept_lines_as_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
