/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The row readers' speakers (read/speakers.h): spellings one speaker after
 * NFKC, shown as first written, numbered in the order met, forgotten by a
 * clear. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "read/speakers.h"

static size_t get(ts_speakers *s, const char *name)
{
	size_t i = 99;
	assert_int_equal(ts_speakers_get(s, name, strlen(name), &i), 0);
	return i;
}

static void one_after_nfkc(void **state)
{
	(void)state;
	ts_speakers s;
	ts_speakers_init(&s);
	assert_int_equal(get(&s, "\xef\xbc\xa1"), 0);  /* U+FF21 FULLWIDTH A */
	assert_int_equal(get(&s, "B"), 1);
	assert_int_equal(get(&s, "A"), 0);             /* NFKC of U+FF21 */
	assert_int_equal(get(&s, "A"), 0);             /* the run's last spelling */
	assert_int_equal(get(&s, "B"), 1);
	assert_int_equal(get(&s, "\xef\xbc\xa1"), 0);
	assert_int_equal(ts_speakers_count(&s), 2);
	assert_string_equal(ts_speakers_name(&s, 0), "\xef\xbc\xa1");
	assert_string_equal(ts_speakers_id(&s, 0), "A");
	assert_string_equal(ts_speakers_name(&s, 1), "B");
	/* a name is its bytes, not a C string: "B" is not "B\0x" */
	size_t i;
	assert_int_equal(ts_speakers_get(&s, "Bx", 1, &i), 0);
	assert_int_equal(i, 1);
	ts_speakers_free(&s);
}

static void cleared(void **state)
{
	(void)state;
	ts_speakers s;
	ts_speakers_init(&s);
	assert_int_equal(get(&s, "X"), 0);
	assert_int_equal(get(&s, "Y"), 1);
	ts_speakers_clear(&s);
	assert_int_equal(ts_speakers_count(&s), 0);
	assert_int_equal(get(&s, "Y"), 0);
	assert_string_equal(ts_speakers_name(&s, 0), "Y");
	assert_int_equal(get(&s, "X"), 1);
	ts_speakers_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_after_nfkc),
		cmocka_unit_test(cleared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
