/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* read/reader_srt.c and read/cues.c: SubRip cues into timed turns.  The
 * expected numbers are counted by hand from each input, in comments. */
#include "config.h"

#include "helpers.h"

#include "read/reader.h"

static ts_context *srt;

static int setup(void **state)
{
	(void)state;
	srt = test_context_from("srt", NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_context_free(srt);
	return 0;
}

/* WhisperX: "[SPEAKER_00]:" names the speaker, who goes on in the cues
 * after; cue numbers and timecodes are no words. */
static void whisperx(void **state)
{
	(void)state;
	ts_reader *r = open_text(srt, "1\n"
	                              "00:00:00,000 --> 00:00:02,500\n"
	                              "[SPEAKER_00]: Where did you file the claim?\n"
	                              "\n"
	                              "2\n"
	                              "00:00:02,000 --> 00:00:04,000\n"
	                              "[SPEAKER_01]: At the <i>city</i> office.\n"
	                              "\n"
	                              "3\n"
	                              "00:00:04,100 --> 00:00:05,000\n"
	                              "{\\an8}<font color=\"#fff\">In 2019.</font>\n"
	                              "\n"
	                              "4\n"
	                              "00:00:05,000 --> 00:00:06,000\n"
	                              "[SPEAKER_00]: Thank you &amp; bye.\n");
	const ts_call *c = next_call(r);
	assert_true(c->timed);
	assert_string_equal(c->format, "srt");
	assert_int_equal(c->nturns, 3);
	assert_string_equal(turn_speaker(c, 0), "SPEAKER_00");
	assert_int_equal(c->turns[0].words, 6);  /* Where did you file the claim */
	assert_int_equal(c->turns[0].col, 2);
	assert_true(c->turns[0].start == 0.0 && c->turns[0].end == 2.5);
	assert_string_equal(turn_speaker(c, 1), "SPEAKER_01");
	assert_string_equal(c->turns[1].text, "At the city office. In 2019.");
	assert_int_equal(c->turns[1].words, 6);
	assert_true(c->turns[1].start == 2.0 && c->turns[1].end == 5.0);
	assert_string_equal(c->turns[2].text, "Thank you & bye.");
	assert_int_equal(c->turns[2].words, 3);  /* Thank you bye */
	assert_true(c->turns[2].start == 5.0 && c->turns[2].end == 6.0);
	ts_reader_close(r);
}

/* "Name:" prefixes that look like names; speech that has a colon is
 * speech; without a blank line between cues, a number line and a timing
 * line still start the next cue, and a number alone is text. */
static void prefixes_and_layout(void **state)
{
	(void)state;
	ts_reader *r = open_text(srt, "1\n"
	                              "00:00:01,000 --> 00:00:02,000\n"
	                              "Maria Lopez: He said: no.\n"
	                              "2\n"
	                              "00:00:02.5 --> 00:00:03.25\n"
	                              "Officer: Room\n"
	                              "12\n"
	                              "\n"
	                              "00:00:04,000 --> 00:00:05,000\n"
	                              "he said: fine\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(turn_speaker(c, 0), "Maria Lopez");
	assert_string_equal(c->turns[0].text, "He said: no.");
	assert_true(c->turns[0].start == 1.0 && c->turns[0].end == 2.0);
	assert_string_equal(turn_speaker(c, 1), "Officer");
	assert_string_equal(c->turns[1].text, "Room 12 he said: fine");
	assert_true(c->turns[1].start == 2.5 && c->turns[1].end == 5.0);
	ts_reader_close(r);
}

/* A tag or an override inside a word leaves one word (the text is
 * counted whole, not piece by piece). */
static void tags_inside_words(void **state)
{
	(void)state;
	ts_reader *r = open_text(srt, "1\n00:00:01,000 --> 00:00:02,000\n"
	                              "A: wo<b>rd</b> com{\\i1}pen&#115;ation\n");
	const ts_call *c = next_call(r);
	assert_string_equal(c->turns[0].text, "word compensation");
	assert_int_equal(c->turns[0].words, 2);
	assert_int_equal(c->turns[0].npieces, 6);  /* wo, rd, com, pen, s, ation */
	long line, col;
	ts_turn_position(&c->turns[0], strlen("word compen"), &line, &col);
	assert_int_equal(col, 27);  /* the '&' of "&#115;" */
	ts_reader_close(r);
}

/* Declared speakers: only they are prefixes. */
static void declared(void **state)
{
	(void)state;
	ts_context *ctx = test_context_from("srt", "Officer", NULL);
	ts_reader *r = open_text(ctx, "1\n00:00:01,000 --> 00:00:02,000\nMaria: Hello.\n\n"
	                              "2\n00:00:02,000 --> 00:00:03,000\nOfficer: Yes?\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(turn_speaker(c, 0), "unnamed");
	assert_string_equal(c->turns[0].text, "Maria: Hello.");
	assert_string_equal(turn_speaker(c, 1), "Officer");
	ts_reader_close(r);
	ts_context_free(ctx);
}

static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"1\n00:00:01,000 -> 00:00:02,000\nx\n", "malformed cue timing", 2, 14, 0},
		{"1\n\n00:00:01,000 --> 00:00:02,000\nx\n", "cue number '1' is not followed", 2, 1, 0},
		{"1\n00:00:01 --> 00:00:02,000\nx\n", "malformed cue timing", 2, 9, 0},
		{"1\n00:01,000 --> 00:00:02,000\nx\n", "malformed cue timing", 2, 1, 0},
		{"1\n00:00:01,0000 --> 00:00:02,000\nx\n", "malformed cue timing", 2, 10, 0},
		{"1\n00:00:03,000 --> 00:00:02,000\nx\n", "cue ends before it starts", 2, 18, 0},
		/* twelve bytes like a timestamp that are none: the field that
		 * fails is where the error is (minutes and seconds up to 59) */
		{"1\n00:60:00,000 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 4, 0},
		{"1\n00:00:60,000 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 7, 0},
		{"1\n0a:00:00,000 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 1, 0},
		{"1\n00:0a:00,000 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 1, 0},
		{"1\n00:00:00,0a0 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 11, 0},
		{"1\n00;00:00,000 --> 01:00:00,000\nx\n", "malformed cue timing", 2, 1, 0},
		{"1\n00:00:01,000 --> 00:00:02,000\n\xE4\xBD\n", "invalid UTF-8 byte 0xE4", 3, 1, 0},
		{"1\n00:00:01,000 --> 00:00:02,000\na\0b\n", "NUL byte", 3, 2, 36},
		{"Hello there\n", "no cues", 0, 0, 0},
		{"7\n", "cue number '7' is not followed", 1, 1, 0},
	};
	expect_errors(srt, cases, sizeof cases / sizeof *cases);
}

/* A cue that starts with a name taken before and its colon is judged as
 * that name was, except what follows the colon: "Bob://" is a URL, no
 * name; "Bobby:" is another name; "Note:" is never a speaker; a name
 * pushed out of the recent ones by four others is judged again.  Cues of
 * one speaker join into one turn (blank-separated). */
static void recent_names(void **state)
{
	(void)state;
	static const char *const cue[] = {"Bob: one", "Bob:// two", "Bobby: three", "Note: four",
	                                  "Note: five", "A: a", "B: b", "C: c", "D: d", "E: e",
	                                  "A: again"};
	char text[2000];
	size_t o = 0;
	for (size_t k = 0; k < sizeof cue / sizeof *cue; k++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%zu\n00:00:%02zu,000 --> 00:00:%02zu,000\n%s\n\n",
		                      k + 1, k + 1, k + 2, cue[k]);
	ts_context *ctx = test_context_from("srt", NULL, NULL);
	ts_reader *r = open_text(ctx, text);
	const ts_call *c = next_call(r);
	static const char *const speakers[] = {"Bob", "Bobby", "A", "B", "C", "D", "E", "A"};
	static const char *const texts[] = {"one Bob:// two", "three Note: four Note: five", "a", "b",
	                                    "c", "d", "e", "again"};
	assert_int_equal(c->nturns, 8);
	for (size_t t = 0; t < 8; t++) {
		assert_string_equal(turn_speaker(c, t), speakers[t]);
		assert_string_equal(c->turns[t].text, texts[t]);
	}
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Timestamps of twelve bytes, each digit at its extremes. */
static void timestamps(void **state)
{
	(void)state;
	ts_context *ctx = test_context_from("srt", NULL, NULL);
	ts_reader *r = open_text(ctx, "1\n00:00:00,000 --> 99:59:59,999\nA: one\n\n"
	                              "2\n12:34:56,789 --> 12:34:56.790\nB: two\n\n"
	                              "3\n1:00:00,5 --> 100:00:00,25\nA: three\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 3);
	assert_true(c->turns[0].start == 0 && c->turns[0].end == 99 * 3600 + 59 * 60 + 59.999);
	assert_true(c->turns[1].start == 12 * 3600 + 34 * 60 + 56.789 &&
	            c->turns[1].end == 12 * 3600 + 34 * 60 + 56.79);
	assert_true(c->turns[2].start == 3600.5 && c->turns[2].end == 360000.25);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* A number line and a SubRip timing line: likely this format. */
static void sniff(void **state)
{
	(void)state;
	const char *a = "\n1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n";
	assert_int_equal(ts_reader_srt.sniff(a, strlen(a)), TS_SNIFF_LIKELY);
	const char *b = "1\n00:00:01.000 --> 00:00:02.000\n";
	assert_int_equal(ts_reader_srt.sniff(b, strlen(b)), TS_SNIFF_LIKELY);
	const char *c = "1\nA: hello\n";
	assert_int_equal(ts_reader_srt.sniff(c, strlen(c)), TS_SNIFF_NO);
	const char *d = "A: 1\n00:00:01,000 --> 00:00:02,000\n";
	assert_int_equal(ts_reader_srt.sniff(d, strlen(d)), TS_SNIFF_NO);
	assert_string_equal(ts_reader_srt.extensions[0], "srt");
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, b);
	assert_string_equal(ts_reader_format(r), "srt");
	ts_reader_close(r);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whisperx), cmocka_unit_test(prefixes_and_layout),
		cmocka_unit_test(tags_inside_words), cmocka_unit_test(declared),
		cmocka_unit_test(errors), cmocka_unit_test(timestamps), cmocka_unit_test(recent_names),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
