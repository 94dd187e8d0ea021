/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* One ConvoKit line read at once (read/jsonline.h): the members asked
 * for, decoded as JSON says, and every line that is not plainly well
 * formed left to cJSON (0).  Expected bytes worked by hand from RFC 8259. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "read/jsonline.h"

static ts_buf a, b;

static int members(const char *line, ts_jl_member m[2])
{
	m[0] = (ts_jl_member){"speaker", &a, 0, 0, 0};
	m[1] = (ts_jl_member){"text", &b, 0, 0, 0};
	return ts_jsonline_members(line, strlen(line), m, 2);
}

static void plain(void **state)
{
	(void)state;
	ts_jl_member m[2];
	/* {"speaker":"Al", is 16 bytes and "text": 7: the text at byte 23 */
	assert_int_equal(members("{\"speaker\":\"Al\",\"text\":\"hi\",\"meta\":{\"x\":[1,-2.5e3,true,null]}}", m), 1);
	assert_string_equal(a.ptr, "Al");
	assert_string_equal(b.ptr, "hi");
	assert_int_equal(m[0].at, 11);
	assert_int_equal(m[1].at, 23);
	assert_int_equal(members(" { \"text\" : null , \"speaker\" : \"B\" } ", m), 1);
	assert_true(m[1].found && m[1].null);
	assert_int_equal(m[1].at, 12);  /* " { \"text\" : " is 12 bytes */
	assert_string_equal(a.ptr, "B");
	assert_int_equal(members("{\"id\":\"u1\"}", m), 1);
	assert_false(m[0].found || m[1].found);
}

static void escapes(void **state)
{
	(void)state;
	ts_jl_member m[2];
	/* \u00e9 is C3 A9; \ud83d\ude00 is U+1F600, F0 9F 98 80; \u2019 E2 80 99 */
	assert_int_equal(members("{\"speaker\":\"Caf\\u00e9\",\"text\":\"a\\n\\\"b\\\" \\\\ \\/ "
	                         "\\ud83d\\ude00 \\u2019\\t\"}", m), 1);
	assert_string_equal(a.ptr, "Caf\xC3\xA9");
	assert_string_equal(b.ptr, "a\n\"b\" \\ / \xF0\x9F\x98\x80 \xE2\x80\x99\t");
	/* an escape and the end past the first eight bytes of text */
	assert_int_equal(members("{\"speaker\":\"abcdefghijklmnop\\\"qrstuvwxyz0123456789\"}", m), 1);
	assert_string_equal(a.ptr, "abcdefghijklmnop\"qrstuvwxyz0123456789");
}

/* Each of these is left to cJSON: an error there, or a reading of its own. */
static void not_sure(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"{\"speaker\":\"A\",\"text\":\"\\u0000\"}",      /* NUL: talkstat's error */
		"{\"speaker\":\"A\",\"text\":\"\\ud800 x\"}",    /* a lone high surrogate */
		"{\"speaker\":\"A\",\"text\":\"\\udc00\"}",      /* a lone low one */
		"{\"speaker\":\"A\",\"speaker\":\"B\"}",         /* a member twice */
		"{\"sp\\u0065aker\":\"A\"}",                    /* an escaped key */
		"{\"speaker\":5}",                              /* not a string */
		"{\"speaker\":\"A\",\"n\":01}",                 /* numbers cJSON reads and JSON does not */
		"{\"speaker\":\"A\",\"n\":+1}",
		"{\"speaker\":\"A\",\"n\":1.}",
		"{\"speaker\":\"A\",\"n\":1234567890123456789012345}",
		"{\"speaker\":\"A\"} x",                        /* text after it */
		"{\"speaker\":\"A\",}",
		"{\"speaker\":\"A\"\f}",                        /* a blank only cJSON skips */
		"{\"speaker\":\"A\tB\"}",                       /* a raw tab in a string */
		"{\"speaker\":\"abcdefghijklmnopqrstuvwxyz\x01\"}", /* far in, a control byte */
		"{\"speaker\":\"\\x\"}",
		"{\"speaker\":\"A\"",
		"[\"speaker\",\"A\"]",
		"{\"speaker\":\"\xC3\"}",                       /* invalid UTF-8 */
		"{\"m\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		ts_jl_member m[2];
		if (members(lines[i], m))
			fail_msg("taken as plain: %s", lines[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain),
		cmocka_unit_test(escapes),
		cmocka_unit_test(not_sure),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	ts_buf_free(&a);
	ts_buf_free(&b);
	return rc;
}
