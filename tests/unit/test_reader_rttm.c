/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The RTTM reader (read/reader_rttm.c, read/segments.c). */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include <cjson/cJSON.h>

/* Two recordings, rows by speaker (as VoxConverse writes them), other row
 * types, a row of nine fields (without the last <NA>). */
static const char *two_calls =
	";; a comment\n"
	"SPKR-INFO r1 1 <NA> <NA> <NA> unknown s1 <NA> <NA>\n"
	"SPEAKER r1 1 4.00 1.50 <NA> <NA> s1 <NA> <NA>\n"
	"SPEAKER r1 1 0.50 2.00 <NA> <NA> s1 <NA> <NA>\n"
	"SPEAKER r1 1 2.00 2.50 <NA> <NA> s2 <NA>\n"
	"NON-SPEECH r1 1 6.0 1.0 <NA> noise <NA> <NA> <NA>\n"
	"SPEAKER r2 1 0 1 <NA> <NA> x <NA> <NA>\n";

static void reads_calls(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, two_calls);
	assert_string_equal(ts_reader_format(rd), "rttm");
	const ts_call *c = next_call(rd);
	assert_string_equal(c->title, "r1");
	assert_true(c->timed);
	assert_true(c->no_text);
	/* s1 0.5-2.5, s2 2.0-4.5, s1 4.0-5.5: three turns */
	assert_int_equal(c->nturns, 3);
	assert_string_equal(c->speakers[c->turns[0].speaker].id, "s1");
	assert_string_equal(c->speakers[c->turns[1].speaker].id, "s2");
	assert_float_equal(c->turns[1].end, 4.5, 1e-12);
	assert_string_equal(c->turns[0].text, "");
	assert_int_equal(c->turns[0].line, 4);
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_ALL | TS_SECTION_TURN_LIST, &r, &err), 0);
	/* s1 talks 2 + 1.5 s, overlapping s2 0.5 + 0.5 s */
	assert_float_equal(r.speakers[0].seconds, 3.5, 1e-9);
	assert_float_equal(r.speakers[0].overlap_seconds, 1, 1e-9);
	assert_float_equal(r.speakers[1].seconds, 2.5, 1e-9);
	char *json;
	assert_int_equal(ts_result_json(&r, "t", 0, 0, &json, &err), 0);
	cJSON *o = cJSON_Parse(json);
	const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "speakers"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s0, "length")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s0, "share_of_speech")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s0, "speaking_rate")));
	assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(s0, "share_of_call")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "deflections")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "qa")));
	const cJSON *u0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "utterances"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(u0, "text")));
	assert_float_equal(cJSON_GetObjectItemCaseSensitive(u0, "start")->valuedouble, 0.5, 1e-12);
	cJSON_Delete(o);
	free(json);
	ts_result_free(&r);
	c = next_call(rd);
	assert_string_equal(c->title, "r2");
	assert_int_equal(c->number, 2);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

typedef struct want_turn {
	const char *spk;
	long line, col;
	double start, end;
	size_t nspans;
} want_turn;

static void expect_turns(const ts_call *c, const want_turn *want, size_t n)
{
	assert_int_equal(c->nturns, n);
	for (size_t i = 0; i < n; i++) {
		const ts_turn *t = &c->turns[i];
		assert_string_equal(c->speakers[t->speaker].id, want[i].spk);
		assert_int_equal(t->line, want[i].line);
		assert_int_equal(t->col, want[i].col);
		assert_float_equal(t->start, want[i].start, 0);
		assert_float_equal(t->end, want[i].end, 0);
		assert_int_equal(t->nspans, want[i].nspans);
	}
}

/* Rows in time order go straight into the call; the first row out of
 * order (row 4) sends what was read back to be sorted, a row that had
 * continued its speaker's turn (row 3) among them.  Turns, their rows and
 * the columns of their speakers are worked out by hand: the columns differ
 * where a field before the name is longer, and count characters ("ré"). */
static void streams_then_sorts(void **state)
{
	(void)state;
	ts_context *ctx = format_context("rttm");
	ts_reader *rd = open_text(ctx, "SPEAKER r1 1 0.0 1.0 <NA> <NA> A <NA> <NA>\n"
	                               "SPEAKER r1 1 3.0 1.0 <NA> <NA> B <NA> <NA>\n"
	                               "SPEAKER r1 1 4.0 1.00 <NA> <NA> B <NA> <NA>\n"
	                               "SPEAKER r1 1 3.5 0.25 <NA> <NA> A <NA> <NA>\n"
	                               "SPEAKER r2 1 0 2 <NA> <NA> Z <NA> <NA>\n"
	                               "SPEAKER r2 1 2 1 <NA> <NA> Y <NA> <NA>\n"
	                               "SPEAKER r2 1 2 1 <NA> <NA> Y <NA> <NA>\n"
	                               "SPEAKER r\xC3\xA9 1 5 1 <NA> <NA> Q <NA> <NA>\n");
	static const want_turn r1[] = {{"A", 1, 32, 0, 1, 1}, {"B", 2, 32, 3, 4, 1},
	                               {"A", 4, 33, 3.5, 3.75, 1}, {"B", 3, 33, 4, 5, 1}},
	                       r2[] = {{"Z", 5, 28, 0, 2, 1}, {"Y", 6, 28, 2, 3, 2}},
	                       r3[] = {{"Q", 8, 28, 5, 6, 1}};
	const ts_call *c = next_call(rd);
	assert_int_equal(c->number, 1);
	assert_int_equal(c->line, 1);
	expect_turns(c, r1, 4);
	c = next_call(rd);
	assert_int_equal(c->number, 2);
	assert_int_equal(c->line, 5);
	expect_turns(c, r2, 2);
	c = next_call(rd);
	assert_int_equal(c->number, 3);
	assert_string_equal(c->title, "r\xC3\xA9");
	expect_turns(c, r3, 1);
	ts_error err;
	assert_int_equal(ts_reader_next(rd, &c, &err), 0);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"SPEAKER r 1 0 1 <NA> <NA>\n",
		 "a SPEAKER row needs file, channel, onset, duration, two fields and the speaker's name", 1,
		 26, 0},
		{"SPEAKER r 1 0 -1 <NA> <NA> s <NA> <NA>\n", "not a time in seconds: '-1'", 1, 15, 0},
		{"SPEAKER r 1 1e308 1e308 <NA> <NA> s <NA> <NA>\n", "the segment ends too late", 1, 19, 0},
		{"SPKR-INFO r 1 <NA> <NA> <NA> unknown s <NA> <NA>\n", "no SPEAKER rows", 0, 0, 0},
		{"SPEAKER r 1 0 1 <NA> <NA> s\xff <NA> <NA>\n", "invalid UTF-8 byte 0xFF", 1, 28, 0},
	};
	expect_read_errors("rttm", cases, sizeof cases / sizeof *cases);
}

/* A row of another type may be anything; a SPEAKER row with more fields
 * than ten is taken (the fields past the name are not read). */
static void tolerant(void **state)
{
	(void)state;
	ts_context *ctx = format_context("rttm");
	ts_error err;
	assert_int_equal(read_all(ctx, "LEXEME r 1 x\nSPEAKER r 1 0 1 <NA> <NA> s <NA> <NA> extra\n",
	                          &err), 1);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_calls),
		cmocka_unit_test(streams_then_sorts),
		cmocka_unit_test(errors),
		cmocka_unit_test(tolerant),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
