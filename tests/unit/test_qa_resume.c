/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "analyse/qa.h"
#include "analyse/qa_resume.h"

#define S(lit) lit, strlen(lit)

static void marks(void **state)
{
	(void)state;
	assert_int_equal(ts_cut_at_end(S("And is the department going to --")), TS_CUT_DASH);
	assert_int_equal(ts_cut_at_end(S("whether the minister \u2014  ")), TS_CUT_DASH);
	assert_int_equal(ts_cut_at_end(S("whether the minister \u2013\u3000")), TS_CUT_DASH);
	assert_int_equal(ts_cut_at_end(S("so did he...")), TS_CUT_ELLIPSIS);
	assert_int_equal(ts_cut_at_end(S("请问外交部是否……")), TS_CUT_ELLIPSIS);
	/* every mark, with blanks after it or not */
	static const char *const dash[] = {"--", "\u2013", "\u2014", "\u2015", "\u2e3a", "\u2e3b"};
	static const char *const ellipsis[] = {"...", "\u2026"};
	static const char *const after[] = {"", " ", "\u3000", "\t "};
	for (size_t a = 0; a < sizeof after / sizeof *after; a++) {
		char t[64];
		for (size_t k = 0; k < sizeof dash / sizeof *dash; k++) {
			snprintf(t, sizeof t, "你们是否%s%s", dash[k], after[a]);
			assert_int_equal(ts_cut_at_end(t, strlen(t)), TS_CUT_DASH);
			snprintf(t, sizeof t, "%s%s", dash[k], after[a]);
			assert_int_equal(ts_cut_at_end(t, strlen(t)), TS_CUT_DASH);
		}
		for (size_t k = 0; k < sizeof ellipsis / sizeof *ellipsis; k++) {
			snprintf(t, sizeof t, "你们是否%s%s", ellipsis[k], after[a]);
			assert_int_equal(ts_cut_at_end(t, strlen(t)), TS_CUT_ELLIPSIS);
		}
		snprintf(t, sizeof t, "你们是否？%s", after[a]);
		assert_int_equal(ts_cut_at_end(t, strlen(t)), TS_CUT_NONE);
	}
	assert_int_equal(TS_CUT_NONE, ts_cut_at_end(S("Will he resign?")));
	assert_int_equal(TS_CUT_NONE, ts_cut_at_end(S("a well-")));   /* one hyphen: a word broken, not a cut */
	assert_int_equal(TS_CUT_NONE, ts_cut_at_end(S("at 5 p.m.")));
	assert_int_equal(TS_CUT_NONE, ts_cut_at_end(S("")));
	assert_int_equal(TS_CUT_NONE, ts_cut_at_end(S("\xe2\x80")));  /* a broken sequence is no mark */
	assert_true(ts_cut_at_start(S("-- publish the report?")));
	assert_true(ts_cut_at_start(S("  \u2014knew about it?")));
	assert_true(ts_cut_at_start(S("\u00a0...and when?")));
	assert_true(ts_cut_at_start(S("……已经取得联系？")));
	assert_false(ts_cut_at_start(S("-5 degrees, is that right?")));
	assert_false(ts_cut_at_start(S("Publish it?")));
	assert_false(ts_cut_at_start(S("   ")));
}

/* Worked by hand; "Q" asks, "MR. SMITH" replies.
 *   T1 Q  And is the department going to --        (cut: Is ... going: yes/no)
 *   T2 S  Yeah.                                     (backchannel)
 *   T3 Q  -- publish the full report before the election?
 *      -> one question (T3's), typed yes/no from T1's fragment; reply T4
 *   T4 S  We will publish it next week.
 *   T5 Q  Will the minister --                      (cut: yes/no)
 *   T6 S  Mm-hmm.
 *   T7 Q  -- resign over this.                      (no question of its own)
 *      -> T5's question, replied to in T8
 *   T8 S  No, he will not.
 *   T9 Q  Is it true that --                        (cut, but T10 is no backchannel)
 *   T10 S Let me stop you there.                    -> T9's question replied to in T10
 *   T11 Q -- the report was delayed?                (a question of its own, reply T12)
 *   T12 S It was not.
 *   T13 Q Did you sign it --                        (cut, backchannel, but T15 does not
 *   T14 S Yeah.                                      resume with a mark) -> reply T14
 *   T15 Q Thank you.
 * Questions: T3, T5, T9, T11, T13 = 5, all Q's; fragments of T1 dropped. */
static const char *call_text = "Q: And is the department going to --\n"
                               "MR. SMITH: Yeah.\n"
                               "Q: -- publish the full report before the election?\n"
                               "MR. SMITH: We will publish it next week.\n"
                               "Q: Will the minister --\n"
                               "MR. SMITH: Mm-hmm.\n"
                               "Q: -- resign over this.\n"
                               "MR. SMITH: No, he will not.\n"
                               "Q: Is it true that --\n"
                               "MR. SMITH: Let me stop you there.\n"
                               "Q: -- the report was delayed?\n"
                               "MR. SMITH: It was not.\n"
                               "Q: Did you sign it --\n"
                               "MR. SMITH: Yeah.\n"
                               "Q: Thank you.\n";

static void resumed_questions(void **state)
{
	(void)state;
	ts_context *ctx = test_context("Q,MR. SMITH", "Q");
	ts_reader *r = open_text(ctx, call_text);
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 15);
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, &qa, &err), 0);
	assert_int_equal(qa.nquestions, 5);
	assert_int_equal(qa.npairs, 5);
	size_t turn[] = {2, 4, 8, 10, 12};
	long reply[] = {3, 7, 9, 11, 13};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(qa.questions[qa.pairs[i].question].turn, turn[i]);
		assert_int_equal(qa.pairs[i].reply_turn, reply[i]);
	}
	assert_int_equal(qa.questions[0].type, TS_Q_YESNO);  /* the fragment's */
	size_t typed = 0;
	for (size_t k = 0; k < TS_Q_TYPE_COUNT; k++)
		typed += qa.by_type[k];
	assert_int_equal(typed, 5);
	assert_int_equal(qa.by_speaker[c->turns[0].speaker], 5);
	/* marked: T3's and T11's end with "?" */
	assert_int_equal(qa.marked, 2);
	/* T5's question, resumed in T7, is not replied to by the "Mm-hmm" */
	assert_int_not_equal(qa.pairs[1].reply, TS_R_BACKCHANNEL);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marks),
		cmocka_unit_test(resumed_questions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
