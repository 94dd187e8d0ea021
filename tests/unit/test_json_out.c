/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json_out.h"

static void number_in(int mode, double x, const char *want)
{
	ts_buf b = {0};
	assert_int_equal(ts_json_number(&b, x, mode), 0);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

static void number(double x, const char *want)
{
	number_in(TS_NUM_FIXED, x, want);
}

static void numbers(void **state)
{
	(void)state;
	number(0, "0");
	number(2, "2");
	number(-3, "-3");
	number(0.5, "0.5");
	number(1.0 / 3, "0.333333");
	number(2.0 / 3, "0.666667");
	number(-0.0000001, "0");  /* no "-0" */
	number(749.2277992277, "749.227799");
	number(1e15, "1000000000000000");
	number(1e20, "100000000000000000000");
	number(NAN, "null");
	number(INFINITY, "null");
}

/* Edges of the fixed mode, worked out by hand: whole numbers below 1e15
 * take the digit-pair path, the others the six-decimal one. */
static void number_edges(void **state)
{
	(void)state;
	number(-0.0, "0");
	number(9, "9");
	number(10, "10");
	number(99, "99");
	number(100, "100");
	number(1000001, "1000001");
	number(123456789012345, "123456789012345");
	number(999999999999999, "999999999999999");
	number(-7, "-7");
	number(-123456, "-123456");
	number(1e-7, "0");            /* 0.1 millionths rounds to 0 */
	number(-1e-7, "0");           /* ... and no "-0" */
	number(0.000001, "0.000001");
	number(0.1 + 0.2, "0.3");     /* 0.30000000000000004 */
	number(1e21, "1000000000000000000000");  /* 2^21 * 5^21, exact */
	/* a tie at the seventh decimal that binary holds exactly (2^-7 =
	 * 0.0078125): half away from zero */
	number(0.0078125, "0.007813");
	number(-0.0078125, "-0.007813");
	number(2.5, "2.5");
	number(-1.5, "-1.5");
	number(0.9999996, "1");       /* rounds up into the whole part */
}

/* Keys are copied as they are checked; one to escape or longer than the
 * writer copies in one piece goes the long way, to the same text. */
static void keys(void **state)
{
	(void)state;
	char longkey[80];
	memset(longkey, 'k', 70);
	longkey[70] = '\0';
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_object(&w, NULL);
	ts_jw_num(&w, "a\"b", 1);
	ts_jw_null(&w, longkey);
	ts_jw_bool(&w, "", 0);
	ts_jw_end(&w, 1);
	assert_false(w.oom);
	char want[160];
	snprintf(want, sizeof want, "{\"a\\\"b\":1,\"%s\":null,\"\":false}", longkey);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

/* Counts: every digit count from 1 to 20. */
static void counts(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_array(&w, NULL);
	const char *want = "[0,1,12,123,1234,12345,123456,1234567,12345678,123456789,1234567891,"
	                   "12345678912,123456789123,1234567891234,12345678912345,123456789123456,"
	                   "1234567891234567,12345678912345678,123456789123456789,"
	                   "1234567891234567891,18446744073709551615]";
	ts_jw_count(&w, NULL, 0);
	unsigned long long v = 0;
	for (int i = 0; i < 19; i++) {
		v = v * 10 + (unsigned long long)(i % 9 + 1);
		ts_jw_count(&w, NULL, v);
	}
	ts_jw_count(&w, NULL, 18446744073709551615ull);
	ts_jw_end(&w, 0);
	assert_false(w.oom);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

static void number_modes(void **state)
{
	(void)state;
	/* p-values: six significant digits, small ones not rounded to 0 */
	number_in(TS_NUM_SIG, 3e-12, "3e-12");
	number_in(TS_NUM_SIG, 0.123456789, "0.123457");
	number_in(TS_NUM_SIG, NAN, "null");
	/* partial aggregates: the shortest text that reads back the same */
	number_in(TS_NUM_EXACT, 0.1, "0.1");
	number_in(TS_NUM_EXACT, 1.0 / 3, "0.3333333333333333");
	number_in(TS_NUM_EXACT, 2.0 / 3, "0.6666666666666666");  /* Python repr(2/3) */
	number_in(TS_NUM_EXACT, 29.536679536679536, "29.536679536679536");
	number_in(TS_NUM_EXACT, INFINITY, "null");
	/* a decimal comma locale changes nothing (when the machine has one) */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
		number_in(TS_NUM_SIG, 0.5, "0.5");
		number_in(TS_NUM_EXACT, 0.25, "0.25");
		setlocale(LC_NUMERIC, "C");
	}
}

static void strings_escape(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_str(&w, NULL, "a\"b\\c\n\t\x01 你好");
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\n\\t\\u0001 你好\"");
	ts_buf_free(&b);
}

/* Strings are scanned eight bytes at a time: a byte to escape at each
 * place of a word, and bytes that look close to one (0x20, '!', '#',
 * '[', ']', 0x7F, 0x80 and up) but are not. */
static void strings_escape_words(void **state)
{
	(void)state;
	const char *plain = "abcdefgh ! # [ ] \x7f\xc3\xa9xyz";
	for (size_t at = 0; at < 24; at++) {
		char in[32], want[128];
		memset(in, 'x', 24);
		in[24] = '\0';
		in[at] = at % 3 == 0 ? '"' : at % 3 == 1 ? '\\' : '\x1f';
		const char *esc = at % 3 == 0 ? "\\\"" : at % 3 == 1 ? "\\\\" : "\\u001f";
		snprintf(want, sizeof want, "[\"%.*s%s%s\",\"%s\"]", (int)at, in, esc, in + at + 1, plain);
		ts_buf b = {0};
		ts_jw w;
		ts_jw_init(&w, &b, 0, 0);
		ts_jw_array(&w, NULL);
		ts_jw_str(&w, NULL, in);
		ts_jw_strn(&w, NULL, plain, strlen(plain));
		ts_jw_end(&w, 0);
		assert_false(w.oom);
		assert_string_equal(b.ptr, want);
		ts_buf_free(&b);
	}
}

/* Bytes that are not UTF-8 (a file name, an argument) become U+FFFD, one
 * per byte: the output stays JSON. */
static void strings_not_utf8(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_array(&w, NULL);
	ts_jw_str_lossy(&w, NULL, "caf\xe9.txt");          /* Latin-1 é */
	ts_jw_str_lossy(&w, NULL, "\xe4\xbd" "a\"");         /* 你 cut short, then a quote */
	ts_jw_str_lossy(&w, NULL, "\xed\xa0\x80");          /* a surrogate: three bytes, none valid */
	ts_jw_str_lossy(&w, NULL, "你好");                  /* UTF-8 as it is */
	ts_jw_end(&w, 0);
	assert_string_equal(b.ptr, "[\"caf\xef\xbf\xbd.txt\",\"\xef\xbf\xbd\xef\xbf\xbd" "a\\\"\","
	                           "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\"你好\"]");
	ts_buf_free(&b);
}

static void layout(void **state)
{
	(void)state;
	for (int pretty = 0; pretty < 2; pretty++) {
		ts_buf b = {0};
		ts_jw w;
		ts_jw_init(&w, &b, pretty, 0);
		ts_jw_object(&w, NULL);
		ts_jw_num(&w, "n", 1);
		ts_jw_array(&w, "a");
		ts_jw_bool(&w, NULL, 1);
		ts_jw_null(&w, NULL);
		ts_jw_count(&w, NULL, 18446744073709551615ull);
		ts_jw_end(&w, 0);
		ts_jw_object(&w, "e");
		ts_jw_end(&w, 1);
		ts_jw_raw(&w, "r", "{\"x\":1}", 7);
		ts_jw_num_mode(&w, "p", 3e-12, TS_NUM_SIG);
		ts_jw_end(&w, 1);
		assert_false(w.oom);
		assert_string_equal(b.ptr,
		                    pretty ? "{\n  \"n\": 1,\n  \"a\": [\n    true,\n    null,\n"
		                             "    18446744073709551615\n  ],\n  \"e\": {},\n"
		                             "  \"r\": {\"x\":1},\n  \"p\": 3e-12\n}"
		                           : "{\"n\":1,\"a\":[true,null,18446744073709551615],\"e\":{},"
		                             "\"r\":{\"x\":1},\"p\":3e-12}");
		ts_buf_free(&b);
	}
}

/* The buffer may be written out and emptied between members. */
static void flushed_between_members(void **state)
{
	(void)state;
	ts_buf b = {0}, all = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 1, 0);
	ts_jw_object(&w, NULL);
	ts_jw_array(&w, "calls");
	for (int i = 0; i < 3; i++) {
		ts_jw_raw(&w, NULL, "{}", 2);
		assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
		b.len = 0;
	}
	ts_jw_end(&w, 0);
	ts_jw_end(&w, 1);
	assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
	assert_string_equal(all.ptr, "{\n  \"calls\": [\n    {},\n    {},\n    {}\n  ]\n}");
	ts_buf_free(&b);
	ts_buf_free(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(number_edges),
		cmocka_unit_test(counts),
		cmocka_unit_test(keys),
		cmocka_unit_test(number_modes),
		cmocka_unit_test(strings_escape_words),
		cmocka_unit_test(strings_escape),
		cmocka_unit_test(strings_not_utf8),
		cmocka_unit_test(layout),
		cmocka_unit_test(flushed_between_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
