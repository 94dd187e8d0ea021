/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/buf.h"
#include "output/table.h"

/* A call worked by hand: 甲 asks twice, 乙 answers once and once refers
 * (a phrase of the built-in lexicon, "你去问区里" with a target), and a
 * field that needs quoting (a comma and a quote in the text). */
static const char *call_text =
	"@Org: 某市总工会\n"
	"甲：你们知道这个事情吗？\n乙：对。\n"
	"甲：那工会有没有介入呢？\n乙：这个你得问一下组织部，\"他们\"知道。\n";

static ts_result analysed(ts_context *ctx, ts_reader **rd)
{
	*rd = open_text(ctx, call_text);
	const ts_call *c = next_call(*rd);
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_ALL, &r, &err), 0);
	return r;
}

/* not inlined: gcc then takes the pointer it returns for one into its local */
static __attribute__((noinline)) char *rows_of(const ts_result *r, int table, unsigned flags)
{
	char *text;
	size_t len;
	assert_int_equal(ts_result_table(r, table, "x.txt", flags, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static void header_and_rows(void **state)
{
	ts_reader *rd;
	ts_result r = analysed(*state, &rd);
	ts_buf h = {0};
	assert_int_equal(ts_table_header_buf(TS_TABLE_TURNS, 0, &h), 0);
	assert_string_equal(h.ptr, "source,call,turn,speaker,role,line,col,start,end,length,chars,"
	                           "words,backchannel,text\r\n");
	ts_buf_free(&h);
	char *t = rows_of(&r, TS_TABLE_TURNS, 0);
	/* untimed: start and end empty; the quote is doubled, the comma quoted */
	assert_non_null(strstr(t, "x.txt,1,1,甲,caller,2,1,,,9,9,0,false,你们知道这个事情吗？\r\n"));
	assert_non_null(strstr(t, ",乙,respondent,5,1,,,14,14,0,false,"
	                          "\"这个你得问一下组织部，\"\"他们\"\"知道。\"\r\n"));
	free(t);
	t = rows_of(&r, TS_TABLE_META, TS_TABLE_TSV);
	assert_string_equal(t, "x.txt\t1\tOrg\t某市总工会\n");
	free(t);
	ts_result_free(&r);
	ts_reader_close(rd);
}

static void questions_and_deflections(void **state)
{
	ts_reader *rd;
	ts_result r = analysed(*state, &rd);
	char *t = rows_of(&r, TS_TABLE_QUESTIONS, 0);
	assert_non_null(strstr(t, "x.txt,1,1,1,甲,2,3,yesno,true,你们知道这个事情吗？,1,2,answer,"
	                          "clear_reply,"));
	assert_non_null(strstr(t, "x.txt,1,2,3,甲,4,3,"));
	free(t);
	t = rows_of(&r, TS_TABLE_DEFLECTIONS, 0);
	assert_non_null(strstr(t, ",referral,这个你得问一下{target},这个你得问一下组织部,组织部\r\n"));
	free(t);
	ts_result_free(&r);
	ts_reader_close(rd);
}

static void speakers_reals_and_empties(void **state)
{
	ts_reader *rd;
	ts_result r = analysed(*state, &rd);
	char *t = rows_of(&r, TS_TABLE_SPEAKERS, 0);
	char *caller = strstr(t, "x.txt,1,甲,甲,caller,chars,2,");
	assert_non_null(caller);
	/* mean_turn_length (9 + 9) / 2 is a real: "9.0", never "9" */
	assert_non_null(strstr(caller, ",9.0,"));
	/* a caller's deflection figures do not apply: empty cells */
	assert_non_null(strstr(caller, ",,,,,,,,"));
	free(t);
	ts_result_free(&r);
	ts_reader_close(rd);
}

static void every_table_has_a_name(void **state)
{
	(void)state;
	for (int i = 0; i < TS_TABLE_COUNT; i++) {
		assert_non_null(ts_table_name((size_t)i));
		ts_buf h = {0};
		assert_int_equal(ts_table_header_buf(i, 0, &h), 0);
		assert_true(!strncmp(h.ptr, "source,call,", 12));
		ts_buf_free(&h);
	}
	assert_null(ts_table_name(TS_TABLE_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_and_rows),
		cmocka_unit_test(questions_and_deflections),
		cmocka_unit_test(speakers_reals_and_empties),
		cmocka_unit_test(every_table_has_a_name),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
