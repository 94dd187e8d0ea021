/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The class lists of talkstat.h: names, the CLARITY mapping of docs/qa.md,
 * and the deflection classes spliced into the reply classes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/classes.h"

static void reply_names_and_clarity(void **state)
{
	(void)state;
	/* docs/qa.md, "CLARITY": clear_reply = answer, agree; ambivalent =
	 * partial, referral, deferral, noncommittal; clear_non_reply = the rest */
	static const struct {
		const char *name;
		const char *clarity;
	} want[] = {
		{"answer", "clear_reply"},          {"partial", "ambivalent"},
		{"referral", "ambivalent"},         {"ignorance", "clear_non_reply"},
		{"deferral", "ambivalent"},         {"noncommittal", "ambivalent"},
		{"procedural", "clear_non_reply"},  {"refusal", "clear_non_reply"},
		{"backchannel", "clear_non_reply"}, {"agree", "clear_reply"},
		{"counter_question", "clear_non_reply"}, {"no_response", "clear_non_reply"},
	};
	assert_int_equal(TS_R_COUNT, sizeof want / sizeof *want);
	for (int r = 0; r < TS_R_COUNT; r++) {
		assert_string_equal(ts_reply_name((ts_reply)r), want[r].name);
		assert_string_equal(ts_clarity_name(ts_reply_clarity((ts_reply)r)), want[r].clarity);
		assert_string_equal(ts_clarity_name(ts_reply_clarity_in((ts_reply)r)), want[r].clarity);
	}
	assert_string_equal(ts_reply_name(TS_R_COUNT), "?");
	/* out of range: a clear non-reply, as no class */
	assert_int_equal(ts_reply_clarity(TS_R_COUNT), TS_C_CLEAR_NON_REPLY);
	assert_int_equal(ts_reply_clarity_in(TS_R_COUNT), TS_C_CLEAR_NON_REPLY);
	assert_int_equal(ts_reply_clarity_in((ts_reply)-1), TS_C_CLEAR_NON_REPLY);
}

static void categories_are_reply_classes(void **state)
{
	(void)state;
	int deflections = 0;
	for (int r = 0; r < TS_R_COUNT; r++) {
		ts_category c = ts_reply_category((ts_reply)r);
		assert_int_equal(ts_reply_category_in((ts_reply)r), c);
		if (c == TS_CAT_NONE)
			continue;
		deflections++;
		assert_int_equal(ts_category_reply(c), r);
		assert_string_equal(ts_category_name(c), ts_reply_name((ts_reply)r));
	}
	assert_int_equal(deflections, TS_CAT_COUNT);
	assert_string_equal(ts_category_name(TS_CAT_NONE), "none");
	assert_int_equal(ts_reply_category(TS_R_ANSWER), TS_CAT_NONE);
	assert_int_equal(ts_reply_category(TS_R_BACKCHANNEL), TS_CAT_NONE);
	assert_int_equal(ts_reply_category_in(TS_R_COUNT), TS_CAT_NONE);
	assert_int_equal(ts_reply_category_in((ts_reply)-1), TS_CAT_NONE);
}

static void other_lists(void **state)
{
	(void)state;
	assert_string_equal(ts_event_kind_name(TS_EVENT_HANGUP), "hangup");
	assert_string_equal(ts_event_kind_name(TS_EVENT_NOTE), "note");
	assert_string_equal(ts_qtype_name(TS_Q_WH), "wh");
	assert_string_equal(ts_qtype_name(TS_Q_RHETORICAL), "rhetorical");
	assert_string_equal(ts_clarity_name(TS_C_CLEAR_NON_REPLY), "clear_non_reply");
	for (int i = 0; i < TS_Q_TYPE_COUNT; i++)
		assert_ptr_equal(ts_qtype_name((ts_qtype)i), ts_qtype_names[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_names_and_clarity),
		cmocka_unit_test(categories_are_reply_classes),
		cmocka_unit_test(other_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
