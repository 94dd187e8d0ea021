/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <fcntl.h>

#include "base/diag.h"
#include "base/linepool.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_order),
		cmocka_unit_test(first_error),
		cmocka_unit_test(long_line_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
