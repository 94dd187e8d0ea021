/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The writers of output/convert.h on calls built by hand, every expected
 * line worked out from the rules of docs/formats.md ("Writing other
 * formats"). */
#include "config.h"

#include <math.h>

#include "helpers.h"

#include "base/buf.h"
#include "output/convert.h"

static ts_turn turn_of(size_t number, size_t speaker, const char *text)
{
	ts_turn t = {0};
	t.number = number;
	t.speaker = speaker;
	t.text = text;
	t.len = strlen(text);
	t.line = (long)number;
	t.col = 1;
	t.start = t.end = NAN;
	return t;
}

static ts_call call_of(size_t number, const ts_speaker *spk, size_t nspk, const ts_turn *turns,
                       size_t nturns)
{
	ts_call c = {0};
	c.number = number;
	c.speakers = spk;
	c.nspeakers = nspk;
	c.turns = turns;
	c.nturns = nturns;
	return c;
}

static char *chat_of(void **state, const ts_call *c)
{
	ts_context *ctx = *state;
	ts_buf b = {0};
	ts_error err = {0};
	ts_conv_call cc = {c, "x.txt", "x"};
	assert_int_equal(ts_write_chat(ctx->res.tc, &cc, &b, &err), 0);
	return b.ptr;
}

/* Codes: a valid one stays (CLB), three letters of a name (Mr. Earnest:
 * MRE), SP and the speaker's number where a name has no three ASCII
 * letters (安阳市总工会, first: SP1) or its three are taken (MR. E, fourth,
 * after MRE: SP4). */
static void codes_and_names(void **state)
{
	ts_speaker spk[] = {{"安阳市总工会", "安阳市总工会", TS_ROLE_RESPONDENT},
	                    {"CLB", "CLB", TS_ROLE_CALLER},
	                    {"Mr. Earnest", "Mr. Earnest", TS_ROLE_RESPONDENT},
	                    {"MR. E", "MR. E", TS_ROLE_RESPONDENT}};
	ts_turn turns[] = {turn_of(1, 0, "喂。"), turn_of(2, 1, "Hello"), turn_of(3, 2, "Hi"),
	                   turn_of(4, 3, "")};
	ts_call c = call_of(1, spk, 4, turns, 4);
	c.language = "en";
	char *s = chat_of(state, &c);
	assert_string_equal(s,
		"@UTF8\n@Begin\n@Languages:\teng\n"
		"@Participants:\tSP1 安阳市总工会 Participant, CLB CLB Interviewer, "
		"MRE Mr._Earnest Participant, SP4 MR._E Participant\n"
		"@ID:\teng|talkstat|SP1|||||Participant||安阳市总工会|\n"
		"@ID:\teng|talkstat|CLB|||||Interviewer||CLB|\n"
		"@ID:\teng|talkstat|MRE|||||Participant||Mr. Earnest|\n"
		"@ID:\teng|talkstat|SP4|||||Participant||MR. E|\n"
		"*SP1:\t喂 .\n*CLB:\tHello .\n*MRE:\tHi .\n*SP4:\t0 .\n@End\n");
	free(s);
}

/* More speakers than codes: a limit, an error (never a wrong file). */
static void too_many_speakers(void **state)
{
	ts_context *ctx = *state;
	ts_speaker *spk = calloc(10000, sizeof *spk);
	assert_non_null(spk);
	ts_call c = call_of(1, spk, 10000, NULL, 0);
	c.line = 3;
	ts_conv_call cc = {&c, "x.txt", "x"};
	ts_buf b = {0};
	ts_error err = {0};
	assert_int_equal(ts_write_chat(ctx->res.tc, &cc, &b, &err), TS_ELIMIT);
	assert_string_equal(err.msg, "10000 speakers, more than the 9999 a CHAT file is written with");
	assert_int_equal(err.line, 3);
	assert_int_equal(b.len, 0);
	ts_buf_free(&b);
	free(spk);
}

/* Utterances cut at terminators, punctuation and CHAT's marks left out,
 * joiners between letters or digits kept, CJK runs apart from Latin
 * words; a bullet on the last utterance of a timed turn. */
static void utterances_and_bullets(void **state)
{
	ts_speaker spk[] = {{"A", "A", TS_ROLE_CALLER}};
	ts_turn turns[] = {turn_of(1, 0, "Well\xE2\x80\x94yes, 3.5 [it's] <fine>? OK"),
	                   turn_of(2, 0, "我有38个问题。好")};
	ts_span span = {1.2346, 2.5};
	turns[1].spans = &span;
	turns[1].nspans = 1;
	turns[1].start = 1.2346;
	turns[1].end = 2.5;
	ts_call c = call_of(1, spk, 1, turns, 2);
	c.language = "zh";
	c.timed = 1;
	char *s = chat_of(state, &c);
	const char *body = strstr(s, "@Media:");
	assert_non_null(body);
	assert_string_equal(body,
		"@Media:\tx, audio\n"
		"*A:\tWell yes 3.5 it's fine ?\n*A:\tOK .\n"
		"*A:\t我有 38 个问题 .\n*A:\t好 . \x15" "1235_2500\x15\n@End\n");
	free(s);
}

/* RTTM: the union of a turn's spans (nested and overlapping ones merged),
 * blanks of a name as '_'; errors for an untimed call and a turn without
 * times. */
static void rttm_rows_and_errors(void **state)
{
	(void)state;
	ts_speaker spk[] = {{"Ann Lee", "Ann Lee", TS_ROLE_CALLER}, {"B", "B", TS_ROLE_RESPONDENT}};
	ts_span a[] = {{5, 6}, {0, 2}, {1, 3}, {0, 1}};
	ts_turn turns[] = {turn_of(1, 0, "x"), turn_of(2, 1, "y")};
	turns[0].spans = a;
	turns[0].nspans = 4;
	ts_call c = call_of(2, spk, 2, turns, 1);
	c.line = 7;
	c.timed = 1;
	c.format = "vtt";
	ts_conv_call cc = {&c, "in.vtt", "my file"};
	ts_buf b = {0};
	ts_error err = {0};
	assert_int_equal(ts_write_rttm(&cc, &b, &err), 0);
	assert_string_equal(b.ptr, "SPEAKER my_file_2 1 0.000 3.000 <NA> <NA> Ann_Lee <NA> <NA>\n"
	                           "SPEAKER my_file_2 1 5.000 1.000 <NA> <NA> Ann_Lee <NA> <NA>\n");
	c.nturns = 2;
	b.len = 0;
	assert_int_equal(ts_write_rttm(&cc, &b, &err), TS_EINPUT);
	assert_string_equal(err.msg, "turn 2 has no times: RTTM cannot hold it");
	assert_int_equal(err.line, 2);
	c.timed = 0;
	c.format = "text";
	assert_int_equal(ts_write_rttm(&cc, &b, &err), TS_EINPUT);
	assert_int_equal(err.line, 7);
	assert_string_equal(err.msg, "RTTM needs times, and this text input gives none (timed inputs: "
	                             "rttm, stm, vtt, srt, chat with media bullets)");
	ts_buf_free(&b);
}

/* ConvoKit: ids, the reply chain, null timestamps of an untimed call, an
 * empty text for a call without text. */
static void convokit_lines(void **state)
{
	(void)state;
	ts_speaker spk[] = {{"甲", "甲", TS_ROLE_CALLER}, {"乙", "乙", TS_ROLE_RESPONDENT}};
	ts_turn turns[] = {turn_of(1, 0, "问\"吗\"？"), turn_of(2, 1, "答。")};
	ts_call c = call_of(3, spk, 2, turns, 2);
	ts_conv_call cc = {&c, "a.txt", "a"};
	ts_buf b = {0};
	ts_error err = {0};
	assert_int_equal(ts_write_convokit(&cc, &b, &err), 0);
	assert_string_equal(b.ptr,
		"{\"id\":\"a_3_1\",\"speaker\":\"甲\",\"conversation_id\":\"a_3\",\"reply_to\":null,"
		"\"timestamp\":null,\"text\":\"问\\\"吗\\\"？\",\"meta\":{\"role\":\"caller\"}}\n"
		"{\"id\":\"a_3_2\",\"speaker\":\"乙\",\"conversation_id\":\"a_3\",\"reply_to\":\"a_3_1\","
		"\"timestamp\":null,\"text\":\"答。\",\"meta\":{\"role\":\"respondent\"}}\n");
	c.no_text = 1;
	b.len = 0;
	assert_int_equal(ts_write_convokit(&cc, &b, &err), 0);
	assert_non_null(strstr(b.ptr, "\"text\":\"\""));
	ts_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_and_names),
		cmocka_unit_test(too_many_speakers),
		cmocka_unit_test(utterances_and_bullets),
		cmocka_unit_test(rttm_rows_and_errors),
		cmocka_unit_test(convokit_lines),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
