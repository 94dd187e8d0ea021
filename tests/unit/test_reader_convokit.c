/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The ConvoKit reader (read/reader_convokit.c). */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "read/reader.h"

/* Two conversations; in the first, B speaks twice running (one turn, its
 * text on two lines), speaker names equal after NFKC, a null text. */
static const char *two_calls =
	"{\"id\": \"1\", \"speaker\": \"A\", \"conversation_id\": \"c1\", \"reply_to\": null, "
	"\"timestamp\": 1500000000, \"text\": \"Who pays?\", \"meta\": {\"k\": 1}}\n"
	"{\"id\": \"2\", \"speaker\": \"B\", \"conversation_id\": \"c1\", \"reply_to\": \"1\", "
	"\"timestamp\": 1500000100, \"text\": \"Not us.\\nAsk them.\"}\n"
	"\n"
	"{\"id\": \"3\", \"speaker\": \"\xef\xbc\xa2\", \"conversation_id\": \"c1\", \"text\": \"Really.\"}\n"
	"{\"id\": \"4\", \"speaker\": \"A\", \"conversation_id\": \"c1\", \"text\": null}\n"
	"{\"id\": \"5\", \"speaker\": \"C\", \"conversation_id\": \"c2\", \"text\": \"Hi\"}\n";

static void reads_calls(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, two_calls);
	assert_string_equal(ts_reader_format(rd), "convokit");
	const ts_call *c = next_call(rd);
	assert_string_equal(c->title, "c1");
	assert_false(c->timed);
	assert_int_equal(c->nturns, 3);
	assert_int_equal(c->nspeakers, 2);
	assert_string_equal(turn_speaker(c, 0), "A");
	assert_string_equal(turn_speaker(c, 1), "B");
	assert_string_equal(c->turns[1].text, "Not us. Ask them. Really.");
	assert_int_equal(c->turns[1].line, 2);
	assert_int_equal(c->turns[1].col, 24);
	assert_true(isnan(c->turns[1].start));
	assert_string_equal(c->turns[2].text, "");
	c = next_call(rd);
	assert_string_equal(c->title, "c2");
	assert_int_equal(c->number, 2);
	assert_int_equal(c->turns[0].line, 6);
	ts_call const *none;
	ts_error err;
	assert_int_equal(ts_reader_next(rd, &none, &err), 0);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"x\",}\n", "invalid JSON", 1, 54,
		 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"x\"}\n{\"speaker\": 7, \"conversation_id\": \"c\", \"text\": \"x\"}\n",
		 "'speaker' is not a string", 2, 13, 0},
		{"{\"speaker\": \"A\", \"text\": \"x\"}\n", "an utterance needs 'conversation_id'", 1, 1, 0},
		{"{\"speaker\": \"\", \"conversation_id\": \"c\", \"text\": \"x\"}\n", "the speaker is empty",
		 1, 13, 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": 3}\n", "'text' is not a string",
		 1, 50, 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"a\\u0000b\"}\n",
		 "NUL character (\\u0000) in a string", 1, 52, 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"caf\xe9\"}\n",
		 "invalid UTF-8 byte 0xE9", 1, 54, 0},
		{"[1]\n", "an utterance is a JSON object", 1, 1, 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"x\"} 2\n",
		 "text after the JSON document", 1, 55, 0},
		{"{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"x\"}\n"
		 "{\"speaker\": \"A\", \"conversation_id\": \"d\", \"text\": \"x\"}\n"
		 "{\"speaker\": \"A\", \"conversation_id\": \"c\", \"text\": \"x\"}\n",
		 "the utterances of conversation 'c' resume after another's: keep each conversation's "
		 "utterances together", 3, 1, 0},
		{"\n  \n", "empty input", 0, 0, 0},
	};
	expect_read_errors("convokit", cases, sizeof cases / sizeof *cases);
}

/* The first line decides: a JSON object with conversation_id and text. */
static void sniffs(void **state)
{
	(void)state;
	const char *a = "{\"conversation_id\": \"c\", \"speaker\": \"A\", \"text\": \"x\"}\n";
	assert_int_equal(ts_reader_convokit.sniff(a, strlen(a)), TS_SNIFF_SURE);
	const char *b = "{\"id\": \"c\", \"text\": \"x\"}\n";
	assert_int_equal(ts_reader_convokit.sniff(b, strlen(b)), TS_SNIFF_NO);
	const char *c = "{\"conversation_id\": \"c\", \"text\": \"a long line cut by the head";
	assert_int_equal(ts_reader_convokit.sniff(c, strlen(c)), TS_SNIFF_LIKELY);
	const char *d = "A: {\"conversation_id\": \"c\", \"text\": \"x\"}\n";
	assert_int_equal(ts_reader_convokit.sniff(d, strlen(d)), TS_SNIFF_NO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_calls),
		cmocka_unit_test(errors),
		cmocka_unit_test(sniffs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
