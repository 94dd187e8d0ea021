/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The NIST STM reader (read/reader_stm.c, read/segments.c). */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "read/segments.h"

/* Two recordings; comments and declarations; a label; the gaps and
 * excluded regions and a segment without words are no speech; rows out
 * of time order; "Ａ" and "A" one speaker; alternations keep their first
 * alternative. */
static const char *two_calls =
	";; CATEGORY \"0\" \"\" \"\"\n"
	";; LABEL \"O\" \"Overall\" \"Overall\"\n"
	"c1 1 A 5.0 6.0 <O,F0,female> well { um / uh } i see\n"
	"c1 1 B 1.0 4.5 <O> hello { a / @ } there\n"
	"c1 1 inter_segment_gap 4.5 5.0 <O>\n"
	"c1 1 Ａ 6.0 7.5 and more\n"
	"c1 1 B 7.5 8.0 <O>\n"
	"c1 1 excluded 8.0 9.0 ignore_time_segment_in_scoring\n"
	"c2 2 X 0 1 { @ / ah } yes\n";

static void reads_calls(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, two_calls);
	assert_string_equal(ts_reader_format(rd), "stm");
	const ts_call *c = next_call(rd);
	assert_string_equal(c->title, "c1");
	assert_int_equal(c->number, 1);
	assert_true(c->timed);
	assert_false(c->no_text);
	/* B first (1.0), then A's two segments one turn */
	assert_int_equal(c->nspeakers, 2);
	assert_int_equal(c->nturns, 2);
	assert_string_equal(c->speakers[0].id, "B");
	assert_string_equal(c->speakers[1].id, "A");
	assert_string_equal(c->speakers[1].label, "A");
	const ts_turn *b = &c->turns[0], *a = &c->turns[1];
	assert_string_equal(b->text, "hello a there");
	assert_int_equal(b->words, 3);
	assert_string_equal(a->text, "well um i see and more");
	assert_int_equal(a->words, 6);
	assert_int_equal(a->nspans, 2);
	assert_float_equal(a->start, 5, 0);
	assert_float_equal(a->end, 7.5, 0);
	/* the turn starts at the speaker field of its first segment; "i see"
	 * is at its column on line 3 */
	assert_int_equal(a->line, 3);
	assert_int_equal(a->col, 6);
	long line, col;
	ts_turn_position(a, strlen("well um "), &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, (long)strlen("c1 1 A 5.0 6.0 <O,F0,female> well { um / uh } ") + 1);
	ts_turn_position(a, strlen("well um i see "), &line, &col);
	assert_int_equal(line, 6);
	c = next_call(rd);
	assert_string_equal(c->title, "c2");
	assert_int_equal(c->number, 2);
	assert_string_equal(c->turns[0].text, "yes");
	const ts_call *none;
	ts_error err;
	assert_int_equal(ts_reader_next(rd, &none, &err), 0);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* Bad input is an error at its place; nothing is skipped silently. */
static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"f 1 A 0 1 ok\nf 1 A 2\n", "an STM segment needs file, channel, speaker, start and end", 2, 8, 0},
		{"f 1 A 0 x1 ok\n", "not a time in seconds: 'x1'", 1, 9, 0},
		{"f 1 A 2 1 ok\n", "the segment ends before it starts", 1, 9, 0},
		{"f 1 A 0 1 <O,F0 ok\n", "the label has no closing '>'", 1, 11, 0},
		{"f 1 A 0 1 caf\xc3\n", "invalid UTF-8 byte 0xC3", 1, 14, 0},
		{"f 1 A 0 1 a\ng 1 A 0 1 b\nf 1 A 2 3 c\n",
		 "the rows of recording 'f' resume after another's: keep each recording's rows together",
		 3, 1, 0},
		{"", "empty input", 0, 0, 0},
		{";; only a comment\n", "no segments", 0, 0, 0},
		{"f 1 A 1e999 2 x\n", "not a time in seconds: '1e999'", 1, 7, 0},
	};
	expect_read_errors("stm", cases, sizeof cases / sizeof *cases);
}

static void times(void **state)
{
	(void)state;
	double v = -1;
	assert_int_equal(ts_seg_time("1.06", 4, &v), 0);
	assert_true(v == 1.06);
	assert_int_equal(ts_seg_time("1348.330000", 11, &v), 0);
	assert_true(v == 1348.33);
	assert_int_equal(ts_seg_time("1e3", 3, &v), 0);
	assert_true(v == 1000);
	assert_int_equal(ts_seg_time(".5", 2, &v), 0);
	assert_true(v == 0.5);
	assert_int_equal(ts_seg_time("12.", 3, &v), 0);
	assert_true(v == 12);
	assert_int_equal(ts_seg_time("0012.50", 7, &v), 0);
	assert_true(v == 12.5);
	assert_int_equal(ts_seg_time("0.00000000000000012", 19, &v), 0);  /* the general path */
	assert_true(v == 1.2e-16);
	static const char *const bad[] = {"", ".", "-1", "+1", "1.2.3", "abc", "1e", "1e400", "nan",
	                                  "0x10", "1.5s"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!ts_seg_time(bad[i], strlen(bad[i]), &v))
			fail_msg("'%s' taken for a time", bad[i]);
}

/* A row of blanks, letters and two-byte characters, from a seed. */
static size_t row_of(unsigned *seed, char *row, size_t cap)
{
	static const char *const pieces[] = {" ", "\t", "a", "b", "\xC3\xA9", "  ", "7"};
	size_t n = 0;
	*seed = *seed * 1103515245u + 12345u;
	size_t want = (*seed >> 16) % 48;
	while (n < want && n + 2 < cap) {
		*seed = *seed * 1103515245u + 12345u;
		const char *p = pieces[(*seed >> 16) % 7];
		memcpy(row + n, p, strlen(p));
		n += strlen(p);
	}
	return n;
}

/* ts_seg_fields eight bytes at a time gives what ts_seg_field gives one
 * field at a time, and ts_seg_col what counting characters gives, on rows
 * whose blanks fall at every place of a word. */
static void fields_and_columns(void **state)
{
	(void)state;
	unsigned seed = 1;
	char row[64];
	for (int t = 0; t < 4000; t++) {
		size_t n = row_of(&seed, row, sizeof row);
		for (int max = 1; max <= 12; max += 3) {
			size_t off[12], len[12], at = 0, o, l, at1 = 0;
			int k = ts_seg_fields(row, n, &at, off, len, max), k1 = 0;
			for (; k1 < max && ts_seg_field(row, n, &at1, &o, &l); k1++) {
				assert_true(k1 < k);
				assert_int_equal(off[k1], o);
				assert_int_equal(len[k1], l);
			}
			assert_int_equal(k, k1);
			assert_int_equal(at, at1);
		}
		for (size_t i = 0; i <= n; i++)
			assert_int_equal(ts_seg_col(row, i), (long)ts_utf8_len(row, i) + 1);
	}
}

/* The reader is chosen by the extension, by --from, and by content. */
static void chosen(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, ";; comment\n\nrec A spk 0.5 1.25 hello\n");
	assert_string_equal(ts_reader_format(rd), "stm");
	ts_reader_close(rd);
	rd = open_text(ctx, "A: hello there\nB: 1 2 3 4\nA: again\n");
	assert_string_equal(ts_reader_format(rd), "text");
	ts_reader_close(rd);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_calls),
		cmocka_unit_test(errors),
		cmocka_unit_test(times),
		cmocka_unit_test(fields_and_columns),
		cmocka_unit_test(chosen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
