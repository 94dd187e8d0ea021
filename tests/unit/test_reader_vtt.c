/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* read/reader_vtt.c and read/cues.c: WebVTT cues into timed turns.  The
 * expected numbers are counted by hand from each input, in comments. */
#include "config.h"

#include <math.h>

#include "helpers.h"

#include "read/reader.h"

static ts_context *vtt;

static int setup(void **state)
{
	(void)state;
	vtt = test_context_from("vtt", NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_context_free(vtt);
	return 0;
}

/* Voices name speakers, a cue without one goes on with the last; a voice
 * change inside a cue starts a turn; tags go, references are decoded. */
static void voices_and_turns(void **state)
{
	(void)state;
	ts_reader *r = open_text(vtt, "WEBVTT\n"
	                              "\n"
	                              "00:00:01.000 --> 00:00:04.000\n"
	                              "<v Roger Bingham>We are in New York &amp; <b>here</b>\n"
	                              "\n"
	                              "00:00:04.500 --> 00:00:06.000\n"
	                              "are you?\n"
	                              "\n"
	                              "00:00:06.000 --> 00:00:09.000\n"
	                              "<v.loud Neil Tyson>Yes, we <i>are</i>.</v>\n"
	                              "<c.x>Really</c> <00:00:08.000>sure.\n"
	                              "\n"
	                              "00:00:10.000 --> 00:00:12.000\n"
	                              "<v Roger Bingham>Good.</v> <v Neil Tyson>Fine?\n");
	const ts_call *c = next_call(r);
	assert_true(c->timed);
	assert_string_equal(c->format, "vtt");
	assert_int_equal(c->nturns, 4);
	assert_int_equal(c->nspeakers, 2);
	assert_string_equal(turn_speaker(c, 0), "Roger Bingham");
	assert_string_equal(c->turns[0].text, "We are in New York & here are you?");
	assert_int_equal(c->turns[0].words, 8);  /* We are in New York here are you */
	assert_true(c->turns[0].start == 1.0 && c->turns[0].end == 6.0);
	assert_int_equal(c->turns[0].line, 4);
	assert_int_equal(c->turns[0].col, 4);  /* the name in "<v Roger" */
	assert_string_equal(turn_speaker(c, 1), "Neil Tyson");
	assert_string_equal(c->turns[1].text, "Yes, we are. Really sure.");
	assert_int_equal(c->turns[1].words, 5);
	assert_true(c->turns[1].start == 6.0 && c->turns[1].end == 9.0);
	assert_string_equal(c->turns[2].text, "Good.");
	assert_string_equal(c->turns[3].text, "Fine?");
	assert_true(c->turns[2].start == 10.0 && c->turns[3].end == 12.0);
	assert_int_equal(c->turns[3].col, 31);
	/* a place in the text is a place in the source: "here" after "<b>" */
	long line, col;
	ts_turn_position(&c->turns[0], strlen("We are in New York & "), &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 46);
	ts_turn_position(&c->turns[0], strlen("We are in New York & here "), &line, &col);
	assert_int_equal(line, 7);
	assert_int_equal(col, 1);
	ts_error err;
	assert_int_equal(ts_reader_next(r, &c, &err), 0);  /* one file, one call */
	ts_reader_close(r);
}

/* The header's title and "Key: value" lines; NOTE, STYLE and REGION
 * blocks, cue identifiers and settings are no speech. */
static void blocks(void **state)
{
	(void)state;
	ts_reader *r = open_text(vtt, "WEBVTT - Briefing\n"
	                              "Language: en\n"
	                              "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n"
	                              "\n"
	                              "STYLE\n"
	                              "::cue { color: red }\n"
	                              "\n"
	                              "REGION\n"
	                              "id:fred width:40%\n"
	                              "\n"
	                              "NOTE a comment\n"
	                              "that goes on\n"
	                              "\n"
	                              "intro-1\n"
	                              "01:02.500 --> 01:04.000 align:start position:10% line:0\n"
	                              "Q: Is it so?\n"
	                              "\n"
	                              "NOTE\n"
	                              "\n"
	                              "2\n"
	                              "100:00:00.000 --> 100:00:01.000\n"
	                              "A: It is.\n");
	const ts_call *c = next_call(r);
	assert_string_equal(c->title, "Briefing");
	assert_int_equal(c->nmeta, 1);
	assert_string_equal(c->meta[0].key, "Language");
	assert_string_equal(c->meta[0].value, "en");
	assert_int_equal(c->nturns, 2);
	assert_int_equal(c->nnarration, 0);
	assert_string_equal(turn_speaker(c, 0), "Q");
	assert_string_equal(c->turns[0].text, "Is it so?");
	assert_true(c->turns[0].start == 62.5 && c->turns[0].end == 64.0);
	assert_string_equal(turn_speaker(c, 1), "A");
	assert_true(c->turns[1].start == 360000.0 && c->turns[1].end == 360001.0);
	ts_reader_close(r);
	/* hours of one digit, as browsers read them */
	r = open_text(vtt, "WEBVTT\n\n0:00:09.041 --> 0:00:12.480\nSometimes.\n");
	c = next_call(r);
	assert_true(c->turns[0].start == 9.041 && c->turns[0].end == 12.48);
	ts_reader_close(r);
}

/* Text before anyone is named is the unnamed speaker's; cues that
 * overlap or come out of order give a turn that spans them. */
static void unnamed_and_overlap(void **state)
{
	(void)state;
	ts_reader *r = open_text(vtt, "WEBVTT\n\n"
	                              "00:00:05.000 --> 00:00:08.000\n"
	                              "Hello there.\n\n"
	                              "00:00:03.000 --> 00:00:06.000\n"
	                              "Earlier but later.\n\n"
	                              "00:00:07.000 --> 00:00:09.000\n"
	                              "<v Ann>Overlapping.\n\n"
	                              "00:00:08.500 --> 00:00:08.700\n"
	                              "Still Ann.\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(turn_speaker(c, 0), "unnamed");
	assert_true(c->turns[0].start == 3.0 && c->turns[0].end == 8.0);
	assert_string_equal(turn_speaker(c, 1), "Ann");
	assert_true(c->turns[1].start == 7.0 && c->turns[1].end == 9.0);
	assert_string_equal(c->turns[1].text, "Overlapping. Still Ann.");
	ts_reader_close(r);
}

/* References: numeric ones decoded; unknown, invalid or unended ones are
 * text as written; a ruby reading is not said; a '<' that opens no tag is
 * text; a whole-line direction is an event. */
static void references_and_tags(void **state)
{
	(void)state;
	ts_reader *r = open_text(vtt, "WEBVTT\n\n"
	                              "00:00:00.000 --> 00:00:01.000\n"
	                              "<v Li>caf&#233; &#x41;&lt;&gt; &foo; &#0; &amp x&nbsp;y&lrm;z\n"
	                              "<ruby>漢<rt>かん</rt></ruby>字 a < b\n"
	                              "[MUSIC]\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 1);
	assert_string_equal(c->turns[0].text,
	                    "café A<> &foo; &#0; &amp x\xC2\xA0y\xE2\x80\x8Ez漢字 a < b");
	/* café A foo 0 amp x y‎z(漢字: chars) a b: a reference or a tag inside a
	 * word leaves one word */
	assert_int_equal(c->turns[0].words, 10);
	assert_int_equal(c->nevents, 1);
	assert_string_equal(c->events[0].text, "MUSIC");
	assert_int_equal(c->events[0].line, 6);
	ts_reader_close(r);
}

/* Bad input is an error at its place. */
static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nx\n", "no cues", 0, 0, 0},  /* no arrow: narration */
		{"WEBVTT\n\n00:00:01.000 --> 00:00:0.000\nx\n", "malformed cue timing", 3, 24, 0},
		{"WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nx\n", "malformed cue timing", 3, 9, 0},
		{"WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", "malformed cue timing", 3, 4, 0},
		/* W3C's voice-en.vtt (wai-showcase-examples) starts so: seconds of one digit */
		{"WEBVTT\n\n00:00:4.100 --> 00:00:09.040\nx\n", "malformed cue timing", 3, 7, 0},
		{"WEBVTT\n\n00:00:01.000 --> 00:00:02.000x\nx\n", "malformed cue timing", 3, 30, 0},
		{"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nx\n", "cue ends before it starts", 3, 18, 0},
		{"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\xC3(\n", "invalid UTF-8 byte 0xC3", 4, 2, 0},
		{"WEBVTT\nNOTE \xFF\n", "invalid UTF-8 byte 0xFF", 2, 6, 0},
		{"WEBVTTX\n", "not a WebVTT file", 1, 1, 0},
		{"Hello\n", "not a WebVTT file", 1, 1, 0},
		{"WEBVTT\n\nNOTE only\n", "no cues", 0, 0, 0},
		{"", "empty input", 0, 0, 0},
	};
	expect_errors(vtt, cases, sizeof cases / sizeof *cases);
}

/* A stray block is narration, not lost and not speech. */
static void stray_block(void **state)
{
	(void)state;
	ts_reader *r = open_text(vtt, "WEBVTT\n\n"
	                              "Recorded at City Hall\n"
	                              "on 3 May.\n\n"
	                              "00:00:00.000 --> 00:00:01.000\n"
	                              "<v A>Hi.\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nnarration, 1);
	assert_string_equal(c->narration[0].text, "Recorded at City Hall on 3 May.");
	assert_int_equal(c->nturns, 1);
	ts_reader_close(r);
}

/* The format is chosen by its extension and by its signature. */
static void sniff(void **state)
{
	(void)state;
	assert_int_equal(ts_reader_vtt.sniff("WEBVTT\n", 7), TS_SNIFF_SURE);
	assert_int_equal(ts_reader_vtt.sniff("WEBVTT", 6), TS_SNIFF_SURE);
	assert_int_equal(ts_reader_vtt.sniff("WEBVTT - x\r\n", 12), TS_SNIFF_SURE);
	assert_int_equal(ts_reader_vtt.sniff("WEBVTTX\n", 8), TS_SNIFF_NO);
	assert_int_equal(ts_reader_vtt.sniff("A: WEBVTT\n", 10), TS_SNIFF_NO);
	assert_string_equal(ts_reader_vtt.extensions[0], "vtt");
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA: hi\n");
	assert_string_equal(ts_reader_format(r), "vtt");
	ts_reader_close(r);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(voices_and_turns), cmocka_unit_test(blocks),
		cmocka_unit_test(unnamed_and_overlap), cmocka_unit_test(references_and_tags),
		cmocka_unit_test(errors), cmocka_unit_test(stray_block), cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
