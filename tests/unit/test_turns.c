/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "analyse/turns.h"

/* A call worked by hand (chars per turn in brackets):
 *   T1 甲 请问你们知道吗？ [7]        T2 乙 这个我不清楚，你去问区里。 [11]
 *   T3 甲 嗯。 [1, backchannel]      T4 乙 然后我们再研究一下。 [9]
 *   T5 甲 为什么？ [3]               T6 乙 对。 [1, backchannel]
 *   T7 乙 …… [0, no tokens: not a backchannel]
 * 甲: 3 turns, 11 chars; 乙: 4 turns, 21 chars; 32 in all.
 * Switches: 甲乙甲乙甲乙乙 -> 5.
 * Longest monologue of 乙: T2 + T4 (甲's 嗯 does not take the floor) = 20;
 * of 甲: T1 = 7 (T6 对 does not break T5, but T7 …… does). */
static const char *call_text = "甲：请问你们知道吗？\n乙：这个我不清楚，你去问区里。\n甲：嗯。\n"
                               "乙：然后我们再研究一下。\n甲：为什么？\n乙：对。\n乙：……\n";

static void hand_worked_call(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, call_text);
	const ts_call *c = next_call(r);
	ts_error err;
	ts_result st;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_SPEAKERS, &st, &err), 0);
	assert_int_equal(st.turns, 7);
	assert_int_equal(st.switches, 5);
	assert_int_equal(st.length, 32);
	assert_true(st.rate == 5.18);
	const ts_speaker_stats *jia = &st.speakers[0], *yi = &st.speakers[1];
	assert_string_equal(c->speakers[0].id, "甲");
	assert_int_equal(c->speakers[0].role, TS_ROLE_CALLER);
	assert_int_equal(c->speakers[1].role, TS_ROLE_RESPONDENT);
	assert_int_equal(jia->turns, 3);
	assert_int_equal(jia->length, 11);
	assert_int_equal(jia->longest_turn, 7);
	assert_int_equal(jia->backchannels, 1);
	assert_int_equal(jia->longest_monologue, 7);
	assert_float_equal(jia->share_of_speech, 11.0 / 32, 1e-12);
	assert_float_equal(jia->mean_turn_length, 11.0 / 3, 1e-12);
	assert_float_equal(jia->seconds, 11 / 5.18, 1e-12);
	assert_int_equal(yi->turns, 4);
	assert_int_equal(yi->length, 21);
	assert_int_equal(yi->longest_turn, 11);
	assert_int_equal(yi->backchannels, 1);
	assert_int_equal(yi->longest_monologue, 20);
	assert_float_equal(yi->longest_monologue_seconds, 20 / 5.18, 1e-12);
	assert_float_equal(yi->share_of_speech, 21.0 / 32, 1e-12);
	ts_result_free(&st);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Three parties, worked by hand (chars in brackets):
 *   甲 我们先说第一件事 [8]   丙 嗯 [1, backchannel]   甲 然后是第二件 [6]
 *   乙 等一下 [3]             甲 好的请讲 [4]          丙 我补充两句 [5]
 *   乙 嗯 [1, backchannel]    丙 就这些 [3]
 * 甲: 8 + 6 = 14 (丙's 嗯 keeps the floor), then 乙 takes it: 4; longest 14.
 * 丙: 1; later 5 + 3 = 8 (乙's 嗯 keeps it); longest 8.  乙: 3, then 1. */
static void monologues_of_three(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "甲：我们先说第一件事\n丙：嗯\n甲：然后是第二件\n乙：等一下\n"
	                              "甲：好的请讲\n丙：我补充两句\n乙：嗯\n丙：就这些\n");
	const ts_call *c = next_call(r);
	ts_error err;
	ts_result st;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_SPEAKERS, &st, &err), 0);
	assert_string_equal(c->speakers[0].id, "甲");
	assert_string_equal(c->speakers[1].id, "丙");
	assert_string_equal(c->speakers[2].id, "乙");
	assert_int_equal(st.speakers[0].longest_monologue, 14);
	assert_int_equal(st.speakers[1].longest_monologue, 8);
	assert_int_equal(st.speakers[2].longest_monologue, 3);
	ts_result_free(&st);
	ts_reader_close(r);
	ts_context_free(ctx);
}

static void empty_call_has_no_share(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "第1通电话\n第2通电话\n甲：……\n乙：——\n甲：。\n乙：！\n");
	const ts_call *c = next_call(r);
	ts_error err;
	assert_int_equal(c->nturns, 0);
	ts_result st;
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_SPEAKERS, &st, &err), 0);
	assert_int_equal(st.turns, 0);
	ts_result_free(&st);
	/* call 2 has turns but no letters: shares are undefined, not NaN */
	c = next_call(r);
	assert_int_equal(c->nturns, 4);
	assert_string_equal(c->language, "und");
	assert_int_equal(ts_analyse(ctx, c, TS_SECTION_SPEAKERS, &st, &err), 0);
	assert_true(isnan(st.speakers[0].share_of_speech));
	char *json = NULL;
	assert_int_equal(ts_summary_call_json(ctx, c, TS_SECTION_ALL, "x", 0, 0, &json, &err), 0);
	assert_non_null(strstr(json, "\"share_of_speech\":null"));
	assert_null(strstr(json, "nan"));
	free(json);
	ts_result_free(&st);
	ts_reader_close(r);
	ts_context_free(ctx);
}

static void rates(void **state)
{
	(void)state;
	ts_options o;
	ts_options_init(&o);
	ts_rate r[2] = {{"zh", 4}, {"en", 3}};
	o.rates = r;
	o.nrates = 2;
	ts_context *ctx;
	ts_error err;
	assert_int_equal(ts_context_new(&ctx, &o, &err), 0);
	assert_true(ts_rate_for(&ctx->opt, "zh", TS_UNIT_CHARS) == 4);
	assert_true(ts_rate_for(&ctx->opt, "en", TS_UNIT_WORDS) == 3);
	assert_true(ts_rate_for(&ctx->opt, "und", TS_UNIT_CHARS) == TS_RATE_ZH);
	ts_context_free(ctx);
	/* a rate of every language wins over a language's own */
	ts_rate all[2] = {{"zh", 4}, {NULL, 2}};
	o.rates = all;
	assert_int_equal(ts_context_new(&ctx, &o, &err), 0);
	assert_true(ts_rate_for(&ctx->opt, "zh", TS_UNIT_CHARS) == 2);
	ts_context_free(ctx);
	o.rates = r;
	r[0].per_second = 0;
	assert_int_equal(ts_context_new(&ctx, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "a speaking rate is a number above 0 and at most 1000: 0");
	r[0] = (ts_rate){"fr", 3};
	assert_int_equal(ts_context_new(&ctx, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "speaking rate of an unknown language: 'fr' (zh or en)");
	r[0] = (ts_rate){NULL, HUGE_VAL};
	assert_int_equal(ts_context_new(&ctx, &o, &err), TS_EUSAGE);
}

/* The union of a turn's spans, plainly: sorted by insertion, then merged. */
static double spans_union(const ts_span *sp, size_t n)
{
	ts_span v[8];
	for (size_t i = 0; i < n; i++) {
		size_t k = i;
		for (; k && v[k - 1].start > sp[i].start; k--)
			v[k] = v[k - 1];
		v[k] = sp[i];
	}
	double sum = 0;
	for (size_t i = 0; i < n;) {
		double from = v[i].start, to = v[i].end;
		for (i++; i < n && v[i].start <= to; i++)
			if (v[i].end > to)
				to = v[i].end;
		sum += to - from;
	}
	return sum;
}

/* One speaker's figures by definition, turn by turn: a turn goes on from
 * the speaker's previous turn when every turn between is a backchannel. */
static void speaker_plainly(const ts_call *c, size_t who, ts_speaker_stats *want)
{
	size_t run[64] = {0};
	double secs[64] = {0};
	memset(want, 0, sizeof *want);
	for (size_t i = 0; i < c->nturns; i++) {
		const ts_turn *t = &c->turns[i];
		if (t->speaker != who)
			continue;
		size_t len = c->unit == TS_UNIT_CHARS ? t->chars : t->words;
		want->turns++;
		want->length += len;
		want->backchannels += t->backchannel != 0;
		if (len > want->longest_turn)
			want->longest_turn = len;
		long p = (long)i - 1;
		int between_all_bc = 1;
		for (; p >= 0 && c->turns[p].speaker != who; p--)
			between_all_bc &= c->turns[p].backchannel != 0;
		int goes_on = p >= 0 && between_all_bc;
		run[i] = len + (goes_on ? run[p] : 0);
		secs[i] = spans_union(t->spans, t->nspans) + (goes_on ? secs[p] : 0);
		if (run[i] > want->longest_monologue)
			want->longest_monologue = run[i];
		if (secs[i] > want->longest_monologue_seconds)
			want->longest_monologue_seconds = secs[i];
	}
}

/* Random calls of 1 to 12 speakers (more than are kept without
 * allocating), timed or not, against the figures by definition. */
static void monologues_as_defined(void **state)
{
	(void)state;
	uint64_t seed = 0xA0761D6478BD642Full;
	ts_speaker spk[12] = {{"a", "a", TS_ROLE_CALLER}};
	ts_turn turns[64];
	ts_span spans[64][3];
	for (int round = 0; round < 3000; round++) {
		uint64_t r = test_random(&seed);
		ts_call c = {0};
		c.nspeakers = 1 + r % 12;
		c.speakers = spk;
		c.nturns = (r >> 8) % 64;
		c.turns = turns;
		c.unit = r >> 16 & 1 ? TS_UNIT_CHARS : TS_UNIT_WORDS;
		c.timed = r >> 17 & 1;
		c.language = "zh";
		double clock = 0;
		for (size_t i = 0; i < c.nturns; i++) {
			uint64_t q = test_random(&seed);
			ts_turn *t = &turns[i];
			memset(t, 0, sizeof *t);
			t->number = i + 1;
			/* mostly the first two speakers, so that runs go on */
			t->speaker = q % 4 ? q % 2 % c.nspeakers : (q >> 4) % c.nspeakers;
			t->chars = (q >> 8) % 20;
			t->words = (q >> 16) % 9;
			t->backchannel = (q >> 24) % 3 == 0;
			t->text = "";
			t->start = t->end = NAN;
			if (!c.timed)
				continue;
			t->nspans = 1 + (q >> 28) % 3;
			for (size_t k = 0; k < t->nspans; k++) {
				double a = clock + (double)((q >> (32 + 4 * k)) % 7) / 2;
				spans[i][k] = (ts_span){a, a + 0.5 + (double)((q >> (44 + 4 * k)) % 5)};
			}
			t->spans = spans[i];
			t->start = spans[i][0].start;
			t->end = spans[i][0].end;
			for (size_t k = 1; k < t->nspans; k++) {
				t->start = fmin(t->start, spans[i][k].start);
				t->end = fmax(t->end, spans[i][k].end);
			}
			clock = t->end;
		}
		ts_result res = {0};
		assert_int_equal(ts_turns_compute(5.0, &c, &res), 0);
		size_t switches = 0;
		for (size_t i = 1; i < c.nturns; i++)
			switches += turns[i].speaker != turns[i - 1].speaker;
		assert_int_equal(res.switches, switches);
		for (size_t w = 0; w < c.nspeakers; w++) {
			ts_speaker_stats want;
			speaker_plainly(&c, w, &want);
			const ts_speaker_stats *got = &res.speakers[w];
			if (got->turns != want.turns || got->length != want.length ||
			    got->backchannels != want.backchannels ||
			    got->longest_turn != want.longest_turn ||
			    got->longest_monologue != want.longest_monologue)
				fail_msg("round %d speaker %zu: monologue %zu, %zu by definition", round, w,
				         got->longest_monologue, want.longest_monologue);
			double secs = c.timed ? want.longest_monologue_seconds
			                      : (double)want.longest_monologue / 5.0;
			assert_float_equal(got->longest_monologue_seconds, secs, 1e-9);
		}
		ts_result_free(&res);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_worked_call),
		cmocka_unit_test(monologues_of_three),
		cmocka_unit_test(empty_call_has_no_share),
		cmocka_unit_test(rates),
		cmocka_unit_test(monologues_as_defined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
