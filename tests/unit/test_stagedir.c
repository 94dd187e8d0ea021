/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "read/stagedir.h"

static ts_langs langs;

static int setup(void **state)
{
	(void)state;
	test_langs(&langs);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_langs_free(&langs);
	return 0;
}

static int whole(const char *s, char *inner)
{
	size_t a, n;
	if (!ts_stage_whole_line(s, strlen(s), &a, &n))
		return 0;
	memcpy(inner, s + a, n);
	inner[n] = '\0';
	return 1;
}

static void whole_lines(void **state)
{
	(void)state;
	char in[256];
	assert_true(whole("——电话被挂断——", in));
	assert_string_equal(in, "电话被挂断");
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_HANGUP);
	assert_true(whole("(Laughter.)", in));
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_LAUGHTER);
	assert_true(whole("[inaudible]", in));
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_INAUDIBLE);
	assert_true(whole("（笑）", in));
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_LAUGHTER);
	assert_true(whole("--- CALL DISCONNECTED ---", in));
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_HANGUP);
	assert_true(whole("——以下为第二段录音——", in));
	assert_int_equal(ts_stage_kind(&langs, in, strlen(in)), TS_EVENT_NOTE);
	/* not one direction */
	assert_false(whole("(a) and (b)", in));
	assert_false(whole("——包括，不光是这一次，就像消防事故也好", in));
	assert_false(whole("——这是一句话。后面还有——", in));
	assert_false(whole("————", in));
}

static void turn_ending(void **state)
{
	(void)state;
	assert_true(ts_stage_ends_turn(TS_EVENT_HANGUP));
	assert_true(ts_stage_ends_turn(TS_EVENT_NOTE));
	assert_false(ts_stage_ends_turn(TS_EVENT_LAUGHTER));
	assert_false(ts_stage_ends_turn(TS_EVENT_INAUDIBLE));
	assert_string_equal(ts_event_kind_name(TS_EVENT_HANGUP), "hangup");
	assert_string_equal(ts_event_kind_name(TS_EVENT_KIND_COUNT), "?");
}

static void inline_directions(void **state)
{
	(void)state;
	size_t a, b, in, n;
	ts_event_kind k;
	const char *s = "we know (laughs) that";
	assert_true(ts_stage_inline(&langs, s, strlen(s), 0, &a, &b, &in, &n, &k));
	assert_int_equal(a, 8);
	assert_int_equal(b, 16);
	assert_int_equal(k, TS_EVENT_LAUGHTER);
	assert_false(ts_stage_inline(&langs, s, strlen(s), b, &a, &b, &in, &n, &k));
	s = "工会（笑）了";
	assert_true(ts_stage_inline(&langs, s, strlen(s), 0, &a, &b, &in, &n, &k));
	assert_int_equal(a, strlen("工会"));
	assert_int_equal(b, strlen("工会（笑）"));
	/* brackets that are content, not directions */
	s = "the (very) best [sic] and 组织部（暗指办公室）";
	assert_false(ts_stage_inline(&langs, s, strlen(s), 0, &a, &b, &in, &n, &k));
	s = "unclosed (inaudible";
	assert_false(ts_stage_inline(&langs, s, strlen(s), 0, &a, &b, &in, &n, &k));
}

static void page_artefacts(void **state)
{
	(void)state;
	const char *yes[] = {"- 3 -", "-12-", "— 7 —", "第 3 页", "第3页 共9页", "Page 2",
	                     "Page 2 of 9", "PAGE 10"};
	const char *no[] = {"38", "- 3", "第三页", "Page turner", "Page 2 of", "3 - 4", "第3页后"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(ts_page_artefact(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(ts_page_artefact(no[i], strlen(no[i])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_lines),
		cmocka_unit_test(turn_ending),
		cmocka_unit_test(inline_directions),
		cmocka_unit_test(page_artefacts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
