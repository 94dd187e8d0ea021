/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* read/reader.c: which reader reads an input (a name, else the file name's
 * extension, else the first bytes, else text), over the library's table
 * and over tables with rows of this test's own. */
#include "config.h"

#include "helpers.h"

#include "read/input.h"
#include "read/reader.h"

/* Rows that only sniff: "FAKE" first is surely theirs, "@fake" anywhere
 * likely. */
static int fake_sniff(const char *head, size_t n)
{
	if (n >= 5 && !memcmp(head, "FAKE\n", 5))
		return TS_SNIFF_SURE;
	for (size_t i = 0; i + 5 <= n; i++)
		if (!memcmp(head + i, "@fake", 5))
			return TS_SNIFF_LIKELY;
	return TS_SNIFF_NO;
}

static int likely_sniff(const char *head, size_t n)
{
	(void)head;
	(void)n;
	return TS_SNIFF_LIKELY;
}

static const char *const fake_ext[] = {"fk", "fake", NULL};
static const ts_format_reader fake = {"fake", fake_ext, fake_sniff, NULL, NULL, NULL, NULL};
static const ts_format_reader likely1 = {"likely1", NULL, likely_sniff, NULL, NULL, NULL, NULL};
static const ts_format_reader likely2 = {"likely2", NULL, likely_sniff, NULL, NULL, NULL, NULL};

static const ts_format_reader *const rows[] = {&ts_reader_text, &fake};

/* The name of the row chosen for path and head (a string). */
static const char *choose(const char *name, const char *path, const char *head)
{
	const ts_format_reader *fmt = NULL;
	ts_error err = {0};
	assert_int_equal(ts_format_choose(rows, 2, name, path, head, strlen(head), &fmt, &err), 0);
	return fmt->name;
}

static void by_name(void **state)
{
	(void)state;
	assert_string_equal(choose("fake", "a.txt", "A: hi"), "fake");
	assert_string_equal(choose("text", "a.fk", "FAKE\n"), "text");
	const ts_format_reader *fmt = NULL;
	ts_error err = {0};
	assert_int_equal(ts_format_choose(rows, 2, "xml", "a.fk", "", 0, &fmt, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "unknown format: 'xml'");
	/* a name is compared as written */
	assert_int_equal(ts_format_choose(rows, 2, "FAKE", "a.fk", "", 0, &fmt, &err), TS_EUSAGE);
	assert_int_equal(ts_format_check("text", &err), 0);
	assert_int_equal(ts_format_check(NULL, &err), 0);
	assert_int_equal(ts_format_check("xml", &err), TS_EUSAGE);
	assert_string_equal(err.msg, "unknown format: 'xml'");
}

static void by_extension_before_content(void **state)
{
	(void)state;
	assert_string_equal(choose(NULL, "calls/a.fk", "A: hi"), "fake");
	assert_string_equal(choose(NULL, "a.b.FAKE", "A: hi"), "fake");
	assert_string_equal(choose(NULL, "a.txt", "FAKE\nA: hi"), "text");
	assert_string_equal(choose(NULL, "A.TXT", "FAKE\nA: hi"), "text");
	/* not an extension: a folder's, a whole name, a name that only ends alike */
	assert_string_equal(choose(NULL, "calls.fk/a", "A: hi"), "text");
	assert_string_equal(choose(NULL, ".fk", "A: hi"), "text");
	assert_string_equal(choose(NULL, "afk", "A: hi"), "text");
	assert_string_equal(choose(NULL, "a.fkx", "A: hi"), "text");
}

static void by_content_else_text(void **state)
{
	(void)state;
	assert_string_equal(choose(NULL, "<stdin>", "FAKE\nA: hi"), "fake");
	assert_string_equal(choose(NULL, "a.dat", "A: hi\n@fake\n"), "fake");
	assert_string_equal(choose(NULL, "a.dat", "A: hi\nB: yes\n"), "text");
	/* nothing says yes (text says no to a NUL byte): text, the first row */
	const ts_format_reader *fmt = NULL;
	ts_error err = {0};
	assert_int_equal(ts_format_choose(rows, 2, NULL, "a", "A\0B", 3, &fmt, &err), 0);
	assert_ptr_equal(fmt, &ts_reader_text);
	/* a tie goes to the earlier row */
	const ts_format_reader *const tie[] = {&ts_reader_text, &likely2, &likely1};
	assert_int_equal(ts_format_choose(tie, 3, NULL, "a", "x", 1, &fmt, &err), 0);
	assert_ptr_equal(fmt, &likely2);
}

static void the_table(void **state)
{
	(void)state;
	/* every row has a name the options accept, extensions and a sniffer;
	 * text is among them */
	size_t i = 0;
	int text = 0;
	ts_error err = {0};
	for (; ts_format_name(i); i++) {
		assert_int_equal(ts_format_check(ts_format_name(i), &err), 0);
		text |= !strcmp(ts_format_name(i), "text");
	}
	assert_true(i >= 1);
	assert_true(text);
	assert_null(ts_format_name(i));
	assert_non_null(ts_reader_text.sniff);
	assert_non_null(ts_reader_text.extensions);
	assert_string_equal(ts_reader_text.extensions[0], "txt");
}

/* The first bytes of an input, without a BOM, whatever was read. */
static void input_head(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF" "A: one\nB: two\n";
	const char *path = temp_file(text, strlen(text));
	ts_input *in;
	ts_error err = {0};
	assert_int_equal(ts_input_open(&in, path, NULL, &err), 0);
	unlink(path);
	char buf[8];
	assert_int_equal(ts_input_head(in, buf, sizeof buf, &err), 5);
	assert_memory_equal(buf, "A: on", 5);
	const char *line;
	size_t n;
	long lineno;
	assert_int_equal(ts_input_line(in, &line, &n, &lineno, &err), 1);
	assert_int_equal(ts_input_head(in, buf, sizeof buf, &err), 5);
	assert_int_equal(ts_input_line(in, &line, &n, &lineno, &err), 1);
	assert_int_equal(lineno, 2);
	assert_memory_equal(line, "B: two", 6);
	ts_input_close(in);
}

static int count_calls(void *arg, const char *json, size_t len)
{
	(void)json;
	(void)len;
	++*(int *)arg;
	return 0;
}

/* What the public functions say was chosen. */
static void reported(void **state)
{
	ts_context *ctx = *state;
	const char *text = "A: are you there?\nB: yes.\nA: sure?\nB: yes.\n";
	const char *path = temp_file(text, strlen(text));
	ts_reader *r = NULL;
	ts_error err = {0};
	assert_int_equal(ts_reader_open(&r, ctx, path, &err), 0);
	assert_string_equal(ts_reader_format(r), "text");
	ts_reader_close(r);
	assert_null(ts_summary_file_format(ctx));
	int calls = 0;
	assert_int_equal(ts_summary_file_json(ctx, path, 0, "x", 0, 0, count_calls, &calls, &err), 0);
	assert_int_equal(calls, 1);
	assert_string_equal(ts_summary_file_format(ctx), "text");
	unlink(path);
	assert_int_equal(ts_summary_file_json(ctx, path, 0, "x", 0, 0, count_calls, &calls, &err),
	                 TS_EIO);
	assert_null(ts_summary_file_format(ctx));

	ts_options o;
	ts_options_init(&o);
	o.format = "xml";
	ts_context *bad = NULL;
	assert_int_equal(ts_context_new(&bad, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "unknown format: 'xml'");
	assert_null(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_name),
		cmocka_unit_test(by_extension_before_content),
		cmocka_unit_test(by_content_else_text),
		cmocka_unit_test(the_table),
		cmocka_unit_test(input_head),
		cmocka_unit_test(reported),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
