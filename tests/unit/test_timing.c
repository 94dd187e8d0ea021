/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Real time of timed calls (analyse/timing.c), worked by hand. */
#include "config.h"

#include "helpers.h"

#include <math.h>
#include <stdlib.h>

#include "analyse/timing.h"

/* An STM call, its segments (seconds) and words:
 *   A 0-4 "one two three four" [4]     B 3-5 "no i disagree" [3]
 *   A 6-7 "five" [1]                   A 7.5-9 "six seven" [2]
 *   B 9-10 "fine by me" [3]
 * Turns: A (0-4), B (3-5), A (6-9: two spans, a pause of 0.5 between),
 * B (9-10): 4 turns, 3 switches.
 * A talks 4 + 1 + 1.5 = 6.5 s, B 2 + 1 = 3 s; the call runs 0-10; speech
 * is 0-5, 6-7, 7.5-10 = 8.5 s, silence 1.5 s; overlap 3-4 = 1 s, once;
 * B's first turn starts while A speaks (B overlaps once), B's second at
 * A's end (touching: no overlap).
 * Floor-transfer offsets: 3 - 4 = -1, 6 - 5 = 1, 9 - 9 = 0; sorted -1 0 1:
 * median 0, quartiles at (n - 1) p = 0.5 and 1.5: -0.5 and 0.5.
 * Switches per minute 3 / 10 s = 18.  Longest monologue in seconds: A's
 * first turn (4; B takes the floor after it), B's first (2). */
static const char *call_stm = "f 1 A 0 4 one two three four\n"
                              "f 1 B 3 5 no i disagree\n"
                              "f 1 A 6 7 five\n"
                              "f 1 A 7.5 9 six seven\n"
                              "f 1 B 9 10 fine by me\n";

static void hand_worked_call(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, call_stm);
	const ts_call *c = next_call(rd);
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_ALL, &r, &err), 0);
	assert_true(c->timed);
	assert_int_equal(r.turns, 4);
	assert_int_equal(r.switches, 3);
	const ts_speaker_stats *a = &r.speakers[0], *b = &r.speakers[1];
	assert_string_equal(c->speakers[0].id, "A");
	assert_float_equal(a->seconds, 6.5, 1e-9);
	assert_float_equal(b->seconds, 3, 1e-9);
	assert_false(a->seconds_estimated);
	assert_float_equal(a->share_of_call, 0.65, 1e-9);
	assert_float_equal(b->share_of_call, 0.3, 1e-9);
	assert_float_equal(a->overlap_seconds, 1, 1e-9);
	assert_float_equal(b->overlap_seconds, 1, 1e-9);
	assert_float_equal(a->overlaps, 0, 0);
	assert_float_equal(b->overlaps, 1, 0);
	assert_int_equal(a->words, 7);
	assert_float_equal(a->speaking_rate, 7 / 6.5, 1e-9);
	assert_float_equal(b->speaking_rate, 2, 1e-9);
	assert_float_equal(a->longest_monologue_seconds, 4, 1e-9);
	assert_float_equal(b->longest_monologue_seconds, 2, 1e-9);
	assert_float_equal(r.duration, 10, 1e-9);
	assert_float_equal(r.speech_seconds, 8.5, 1e-9);
	assert_float_equal(r.silence_seconds, 1.5, 1e-9);
	assert_float_equal(r.overlap_seconds, 1, 1e-9);
	assert_float_equal(r.overlaps, 1, 0);
	assert_float_equal(r.switches_per_minute, 18, 1e-9);
	assert_float_equal(r.fto_count, 3, 0);
	assert_float_equal(r.fto_median, 0, 1e-9);
	assert_float_equal(r.fto_q1, -0.5, 1e-9);
	assert_float_equal(r.fto_q3, 0.5, 1e-9);
	/* the third turn is two spans, its bounds theirs */
	assert_int_equal(c->turns[2].nspans, 2);
	assert_float_equal(c->turns[2].start, 6, 0);
	assert_float_equal(c->turns[2].end, 9, 0);
	ts_result_free(&r);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* Edge cases: two speakers who start at once do not overlap each other
 * (but speak at once: the call's overlap); a span of no length holds no
 * time; a speaker's own overlapping segments count once; a call of no
 * duration has no rates. */
static void edges(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, "f 1 A 1 3 a b\nf 1 B 1 2 c\nf 1 B 1.5 2.5 d\n"
	                               "f 1 C 2.5 2.5 e\n");
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_SPEAKERS, &r, &err), 0);
	/* By start, then end: B 1-2, A 1-3, B 1.5-2.5, C 2.5: four turns.
	 * A talks 2 s; B 1.5 s (its own segments overlap: once); C none.  A
	 * and B start at once at 1: neither overlaps there; B's second turn
	 * (1.5) and C's (2.5) start while A speaks. */
	const ts_speaker_stats *a = &r.speakers[1], *b = &r.speakers[0], *c = &r.speakers[2];
	assert_string_equal(r.call->speakers[1].id, "A");
	assert_float_equal(a->seconds, 2, 1e-9);
	assert_float_equal(b->seconds, 1.5, 1e-9);
	assert_float_equal(c->seconds, 0, 0);
	assert_float_equal(a->overlaps, 0, 0);
	assert_float_equal(b->overlaps, 1, 0);
	assert_float_equal(c->overlaps, 1, 0);
	assert_true(isnan(c->speaking_rate));
	assert_float_equal(r.overlap_seconds, 1.5, 1e-9);
	assert_float_equal(b->overlap_seconds, 1.5, 1e-9);
	ts_result_free(&r);
	ts_reader_close(rd);
	rd = open_text(ctx, "f 1 A 2 2 a\n");
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_SPEAKERS, &r, &err), 0);
	assert_float_equal(r.duration, 0, 0);
	assert_true(isnan(r.switches_per_minute));
	assert_true(isnan(r.speakers[0].share_of_call));
	assert_true(isnan(r.fto_median));
	ts_result_free(&r);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* The call's time figures and one speaker's, as worked out by hand. */
static void expect_call(const ts_result *r, double duration, double speech, double silence,
                        double overlap, double overlaps)
{
	assert_float_equal(r->duration, duration, 1e-9);
	assert_float_equal(r->speech_seconds, speech, 1e-9);
	assert_float_equal(r->silence_seconds, silence, 1e-9);
	assert_float_equal(r->overlap_seconds, overlap, 1e-9);
	assert_float_equal(r->overlaps, overlaps, 0);
}

static void expect_speaker(const ts_speaker_stats *s, double seconds, double overlaps,
                           double overlap_seconds)
{
	assert_float_equal(s->seconds, seconds, 1e-9);
	assert_float_equal(s->overlaps, overlaps, 0);
	assert_float_equal(s->overlap_seconds, overlap_seconds, 1e-9);
}

/* Spans that come out of time order (SubRip cues as the file gives them)
 * are swept in start order; spans in order are swept where the call holds
 * them, turns without a span passed over.
 *   A 5-7, B 1-3, A 2-6 (three turns, in that order): A talks 2-7 = 5 s,
 *   B 2 s; the call runs 1-7 (6 s), all of it speech; A and B at once
 *   2-3 (1 s, once); A's second turn starts while B speaks (A overlaps
 *   once), A's own 5-6 is no overlap; each speaker's overlap time is 1.
 *   Floor transfers: 1 - 7 = -6, 2 - 3 = -1: median -3.5, quartiles
 *   -6 + 0.25 * 5 = -4.75 and -2.25. */
static void spans_out_of_order(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, "1\n00:00:05,000 --> 00:00:07,000\nA: five to seven\n\n"
	                               "2\n00:00:01,000 --> 00:00:03,000\nB: one to three\n\n"
	                               "3\n00:00:02,000 --> 00:00:06,000\nA: two to six\n");
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_SPEAKERS, &r, &err), 0);
	assert_string_equal(r.call->speakers[0].id, "A");
	expect_call(&r, 6, 6, 0, 1, 1);
	expect_speaker(&r.speakers[0], 5, 1, 1);
	expect_speaker(&r.speakers[1], 2, 0, 1);
	assert_float_equal(r.fto_count, 2, 0);
	assert_float_equal(r.fto_median, -3.5, 1e-9);
	assert_float_equal(r.fto_q1, -4.75, 1e-9);
	assert_float_equal(r.fto_q3, -2.25, 1e-9);
	ts_result_free(&r);
	ts_reader_close(rd);
	/* CHAT: INV 1-2, PAR untimed, INV 3-4, PAR 3.5-5.  INV talks 2 s, PAR
	 * 1.5; the call runs 1-5, speech 1-2 and 3-5 (3 s), silence 1; at
	 * once 3.5-4 (once: 0.5 s of each), PAR's last turn starting while
	 * INV speaks; one floor transfer between turns with spans, 3.5 - 4 */
	rd = open_text(ctx, "@UTF8\n@Begin\n@Participants:\tINV Investigator, PAR Participant\n"
	                    "*INV:\tone . \x15" "1000_2000\x15\n*PAR:\ttwo .\n"
	                    "*INV:\tthree . \x15" "3000_4000\x15\n*PAR:\tfour . \x15" "3500_5000\x15\n"
	                    "@End\n");
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_SPEAKERS, &r, &err), 0);
	assert_string_equal(r.call->speakers[0].id, "INV");
	assert_int_equal(r.turns, 4);
	expect_call(&r, 4, 3, 1, 0.5, 1);
	expect_speaker(&r.speakers[0], 2, 0, 0.5);
	expect_speaker(&r.speakers[1], 1.5, 1, 0.5);
	assert_float_equal(r.fto_count, 1, 0);
	assert_float_equal(r.fto_median, -0.5, 1e-9);
	ts_result_free(&r);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* An untimed call has none of the time figures, and its seconds are
 * estimated as before. */
static void untimed(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, "A：你好吗？\nB：很好。\nA：嗯。\nB：好。\n");
	ts_result r;
	ts_error err;
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_SPEAKERS, &r, &err), 0);
	assert_true(r.speakers[0].seconds_estimated);
	assert_float_equal(r.speakers[0].seconds, 4 / 5.18, 1e-9);
	assert_true(isnan(r.speakers[0].share_of_call) && isnan(r.speakers[0].overlaps));
	assert_true(isnan(r.duration) && isnan(r.fto_median));
	ts_result_free(&r);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

static void quantiles(void **state)
{
	(void)state;
	const double x[] = {1, 2, 3, 4};
	assert_true(isnan(ts_quantile_sorted(x, 0, 0.5)));
	assert_float_equal(ts_quantile_sorted(x, 1, 0.75), 1, 0);
	assert_float_equal(ts_quantile_sorted(x, 4, 0.25), 1.75, 1e-12);
	assert_float_equal(ts_quantile_sorted(x, 4, 0.5), 2.5, 1e-12);
	assert_float_equal(ts_quantile_sorted(x, 4, 1), 4, 0);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* ts_quartiles selects rather than sorts: on every size from 0 to 40 and
 * on orders that trouble a selection (sorted, reversed, all equal, few
 * values, organ pipe, random) its quartiles are those of the sorted copy. */
static void quartiles_selected(void **state)
{
	(void)state;
	double x[1000], y[1000];
	unsigned seed = 12345;
	for (int shape = 0; shape < 6; shape++)
		for (size_t n = 0; n <= 1000; n += n < 40 ? 1 : 193) {
			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				double r = (double)(seed >> 16 & 0x7fff);
				x[i] = shape == 0 ? (double)i : shape == 1 ? (double)(n - i) : shape == 2 ? 7
				       : shape == 3 ? (double)((int)r % 3) - 1
				       : shape == 4 ? (double)(i < n / 2 ? i : n - i) : r / 7 - 2000;
				y[i] = x[i];
			}
			qsort(y, n, sizeof *y, cmp_dbl);
			double count, q1, med, q3;
			ts_quartiles(x, n, &count, &q1, &med, &q3);
			assert_float_equal(count, (double)n, 0);
			if (!n) {
				assert_true(isnan(q1) && isnan(med) && isnan(q3));
				continue;
			}
			assert_true(q1 == ts_quantile_sorted(y, n, 0.25));
			assert_true(med == ts_quantile_sorted(y, n, 0.5));
			assert_true(q3 == ts_quantile_sorted(y, n, 0.75));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_worked_call),
		cmocka_unit_test(edges),
		cmocka_unit_test(spans_out_of_order),
		cmocka_unit_test(untimed),
		cmocka_unit_test(quantiles),
		cmocka_unit_test(quartiles_selected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
