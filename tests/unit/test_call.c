/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* model/call.c: the call a reader builds, here as a timed format would
 * build it: times on turns, the call timed, and the summary saying so. */
#include "config.h"

#include <math.h>

#include "helpers.h"

#include "model/annotate.h"
#include "model/call.h"

static void turn(ts_callbuf *cb, long slot, const char *who, const char *text, long line)
{
	assert_int_equal(ts_callbuf_turn(cb, slot, who, strlen(who), who, line, 1), 0);
	assert_int_equal(ts_callbuf_append(cb, text, strlen(text), line, 4, 0, NULL), 0);
}

static const ts_call *finish(ts_callbuf *cb, const ts_context *ctx)
{
	ts_error err;
	assert_int_equal(ts_callbuf_finish(cb, &err), 0);
	assert_int_equal(ts_annotate(cb, &ctx->res, NULL), 0);
	return &cb->call;
}

/* A piece's unmarked bytes go no further than the piece, though its
 * counts are of more text (cues.c counts a cue whole, its first piece
 * carrying them): "你好" counted as "你好你好？", then "？". */
static void unmarked_within_the_piece(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	ts_callbuf_reset(&cb, 1, 1);
	assert_int_equal(ts_callbuf_turn(&cb, 0, "A", 1, "A", 1, 1), 0);
	ts_counts c, none = {0, 0, 0, 0, 0, 0};
	ts_count(ctx->res.tc, "你好你好？", strlen("你好你好？"), &c);
	assert_int_equal(c.unmarked, 12);
	assert_int_equal(ts_callbuf_append(&cb, "你好", 6, 1, 4, 1, &c), 0);
	assert_int_equal(ts_callbuf_append(&cb, "？", 3, 1, 6, 0, &none), 0);
	const ts_call *call = finish(&cb, ctx);
	assert_int_equal(call->turns[0].len, 9);
	assert_int_equal(call->turns[0].unmarked, 6);
	ts_callbuf_free(&cb);
}

static void untimed_by_default(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	ts_callbuf_reset(&cb, 1, 1);
	turn(&cb, 0, "A", "Hello?", 1);
	turn(&cb, 1, "B", "Yes.", 2);
	const ts_call *c = finish(&cb, ctx);
	assert_false(c->timed);
	for (size_t i = 0; i < c->nturns; i++) {
		assert_true(isnan(c->turns[i].start));
		assert_true(isnan(c->turns[i].end));
	}
	ts_callbuf_free(&cb);
}

static void times_of_turns(void **state)
{
	ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	ts_callbuf_reset(&cb, 1, 1);
	ts_callbuf_times(&cb, 1, 2);  /* no turn yet: nothing to time */
	assert_false(cb.call.timed);
	turn(&cb, 0, "A", "Hello?", 1);
	ts_callbuf_times(&cb, 0.5, 1.25);
	turn(&cb, 1, "B", "Yes.", 2);  /* a cue without times */
	turn(&cb, 0, "A", "Good.", 3);
	ts_callbuf_times(&cb, 3, 3.5);
	const ts_call *c = finish(&cb, ctx);
	assert_true(c->timed);
	assert_true(c->turns[0].start == 0.5 && c->turns[0].end == 1.25);
	assert_true(isnan(c->turns[1].start) && isnan(c->turns[1].end));
	assert_true(c->turns[2].start == 3 && c->turns[2].end == 3.5);

	/* the summary says what the call says */
	char *json = NULL;
	ts_error err;
	assert_int_equal(ts_summary_call_json(ctx, c, TS_SECTION_TURNS, "x", 0, 0, &json, &err), 0);
	assert_non_null(strstr(json, "\"timed\":true"));
	free(json);

	/* the next call starts untimed */
	ts_callbuf_reset(&cb, 2, 4);
	turn(&cb, 0, "A", "Again?", 4);
	c = finish(&cb, ctx);
	assert_false(c->timed);
	assert_true(isnan(c->turns[0].start));
	assert_int_equal(ts_summary_call_json(ctx, c, TS_SECTION_TURNS, "x", 0, 0, &json, &err), 0);
	assert_non_null(strstr(json, "\"timed\":false"));
	free(json);
	ts_callbuf_free(&cb);
}

/* A call built with ts_callbuf_turn_heard for every turn it takes and
 * ts_callbuf_line_at and ts_callbuf_line_put (the line copied there, or
 * scanned there by ts_scan_copy) for every new line that has room is the
 * call built with
 * ts_callbuf_turn and ts_callbuf_append: random calls (the builders reused, as a
 * reader reuses one) of turns of up to four speakers, narration, lines of
 * Latin and CJK text and blanks, some appended as the rest of a line. */
static void append_line_as_append(void **state)
{
	const ts_context *ctx = *state;
	/* and at the ends of lines: a tab, the ideographs at the ends of lead
	 * bytes E4..E9 (一, 龥), a hexagram (E4 B7 xx, not wide), a full-width
	 * letter, a dash and a letter of two bytes, which are decoded */
	static const char *const words[] = {"hello", " ", "你好", "？", "，", "a", "  ", "Yes.",
	                                    "\xe3\x80\x80", "惠州市", "it's", "9", "\t", "一",
	                                    "\xe9\xbe\xa5", "\xe4\xb7\x80", "Ｃ", "—", "é"};
	ts_callbuf fast, plain;
	ts_callbuf_init(&fast, &ctx->res);
	ts_callbuf_init(&plain, &ctx->res);
	uint64_t seed = 77;
	size_t turns = 0, heard = 0, put = 0;
	for (int call = 0; call < 40; call++) {
		ts_callbuf_reset(&fast, (size_t)call + 1, 1);
		ts_callbuf_reset(&plain, (size_t)call + 1, 1);
		int ops = (int)(test_random(&seed) % 400);
		for (int k = 0; k < ops; k++) {
			int what = (int)(test_random(&seed) % 8);
			long line = k + 1, col = (long)(test_random(&seed) % 9) + 1;
			if (what == 0) {
				long slot = (long)(test_random(&seed) % 4);
				const char *who = slot % 2 ? "B" : "ＣＬＢ";
				if (!ts_callbuf_turn_heard(&fast, slot, line, 1))
					assert_int_equal(ts_callbuf_turn(&fast, slot, who, strlen(who), who, line, 1), 0);
				else
					heard++;
				assert_int_equal(ts_callbuf_turn(&plain, slot, who, strlen(who), who, line, 1), 0);
				turns++;
				continue;
			}
			if (what == 1) {
				assert_int_equal(ts_callbuf_narration(&fast, line), 0);
				assert_int_equal(ts_callbuf_narration(&plain, line), 0);
				continue;
			}
			char text[300 + 16];  /* ts_scan_copy reads 16 bytes past a text */
			size_t n = test_pieces(text, sizeof text - 16, words, sizeof words / sizeof *words,
			                       (int)(test_random(&seed) % 30), &seed);
			ts_counts c;
			ts_count(ctx->res.tc, text, n, &c);
			if (what == 2) {  /* the rest of a line */
				assert_int_equal(ts_callbuf_append(&fast, text, n, line, col, 0, NULL), 0);
				assert_int_equal(ts_callbuf_append(&plain, text, n, line, col, 0, NULL), 0);
				continue;
			}
			/* put in its place where there is room, every other line
			 * scanned there as the reader does, the others copied with
			 * their counts; else appended */
			char *at;
			int space;
			if ((at = ts_callbuf_line_at(&fast, text, n, &space))) {
				ts_counts scanned = c;
				size_t bad;
				if (k % 2)
					assert_int_equal(ts_scan_copy(ctx->res.tc, text, n, at, &scanned, &bad), 0);
				else
					memcpy(at, text, n);
				ts_callbuf_line_put(&fast, n, space, line, col, &scanned);
				put++;
			} else {
				assert_int_equal(ts_callbuf_append(&fast, text, n, line, col, 1, &c), 0);
			}
			assert_int_equal(ts_callbuf_append(&plain, text, n, line, col, 1, &c), 0);
		}
		ts_error err;
		assert_int_equal(ts_callbuf_finish(&fast, &err), 0);
		assert_int_equal(ts_callbuf_finish(&plain, &err), 0);
		const ts_call *f = &fast.call, *p = &plain.call;
		assert_int_equal(f->nturns, p->nturns);
		for (size_t i = 0; i < f->nturns; i++) {
			const ts_turn *a = &f->turns[i], *b = &p->turns[i];
			assert_int_equal(a->len, b->len);
			assert_memory_equal(a->text, b->text, a->len + 1);
			assert_true(a->line == b->line && a->col == b->col && isnan(a->start) &&
			            isnan(a->end) && a->nspans == b->nspans);
			assert_true(a->speaker == b->speaker && a->chars == b->chars &&
			            a->words == b->words && a->cjk == b->cjk && a->npieces == b->npieces &&
			            a->unmarked == b->unmarked);
			for (size_t k = 0; k < a->npieces; k++)
				assert_true(a->pieces[k].off == b->pieces[k].off &&
				            a->pieces[k].line == b->pieces[k].line &&
				            a->pieces[k].col == b->pieces[k].col);
		}
		assert_int_equal(f->nnarration, p->nnarration);
		for (size_t i = 0; i < f->nnarration; i++)
			assert_string_equal(f->narration[i].text, p->narration[i].text);
		assert_int_equal(f->nspeakers, p->nspeakers);
		for (size_t i = 0; i < f->nspeakers; i++)
			assert_string_equal(f->speakers[i].label, p->speakers[i].label);
	}
	assert_true(turns > 1000 && heard > turns / 2 && put > 500);
	ts_callbuf_free(&fast);
	ts_callbuf_free(&plain);
}

/* The turn of record r, number i + 1, as ts_callbuf_finish made it
 * before it made turns in place of their records: every field copied out
 * of the record into a turn of its own. */
static ts_turn turn_of_record(const ts_callbuf *cb, const ts_turnrec *r, size_t i)
{
	return (ts_turn){.number = i + 1, .speaker = r->spk, .text = cb->text.ptr + r->off,
	                 .len = r->len, .line = r->line, .col = r->col,
	                 .pieces = cb->pieces + r->piece0, .npieces = r->npieces,
	                 .chars = r->chars, .words = r->words, .cjk = r->cjk,
	                 .start = r->start, .end = r->end, .spans = cb->spans + r->span0,
	                 .nspans = r->nspans, .unmarked = r->unmarked};
}

static int same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* The turns ts_callbuf_finish makes are the records' as turn_of_record
 * makes them, and the speakers' questions the sums of their turns' pieces:
 * random calls of turns with counts, questions and times (some
 * without). */
static void turns_as_records(void **state)
{
	const ts_context *ctx = *state;
	static const char *const words[] = {"hello", " ", "你好", "？", "?", "a", "Yes.", "惠州市"};
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	uint64_t seed = 1234;
	size_t checked = 0;
	for (int call = 0; call < 100; call++) {
		ts_callbuf_reset(&cb, (size_t)call + 1, 1);
		size_t questions[5] = {0};  /* of the speakers, of five slots */
		int ops = (int)(test_random(&seed) % 300);
		for (int k = 0; k < ops; k++) {
			uint64_t x = test_random(&seed);
			long line = k + 1, col = (long)(x >> 8) % 9 + 1;
			if (x % 4 == 0) {
				long slot = (long)(x >> 16) % 5;
				const char *who = slot % 2 ? "B" : "ＣＬＢ";
				assert_int_equal(ts_callbuf_turn(&cb, slot, who, strlen(who), who, line, 1), 0);
				if ((x >> 24) % 3 == 0)
					ts_callbuf_times(&cb, (double)(x >> 32 & 0xFFFF) / 8, (double)(x >> 48) / 4);
				continue;
			}
			char text[200];
			size_t n = test_pieces(text, sizeof text, words, sizeof words / sizeof *words,
			                       (int)((x >> 16) % 20), &seed);
			ts_counts c;
			ts_count(ctx->res.tc, text, n, &c);
			assert_int_equal(ts_callbuf_append(&cb, text, n, line, col, (int)(x >> 40 & 1), &c), 0);
			if (cb.nturns)
				questions[cb.turns[cb.nturns - 1].spk] += c.questions;
		}
		size_t nturns = cb.nturns, nspk = cb.nspk;
		ts_turnrec *recs = malloc((nturns + 1) * sizeof *recs);
		assert_true(recs && nspk <= 5);
		memcpy(recs, cb.turns, nturns * sizeof *recs);
		ts_error err;
		assert_int_equal(ts_callbuf_finish(&cb, &err), 0);
		assert_int_equal(cb.call.nturns, nturns);
		for (size_t i = 0; i < nturns; i++) {
			ts_turn want = turn_of_record(&cb, &recs[i], i);
			const ts_turn *got = &cb.call.turns[i];
			assert_true(got->number == want.number && got->speaker == want.speaker &&
			            got->text == want.text && got->len == want.len &&
			            got->line == want.line && got->col == want.col);
			assert_true(got->pieces == want.pieces && got->npieces == want.npieces &&
			            got->chars == want.chars && got->words == want.words &&
			            got->cjk == want.cjk && got->spans == want.spans &&
			            got->nspans == want.nspans && got->backchannel == 0 &&
			            got->unmarked == want.unmarked);
			/* the lines' unmarked bytes joined into the turn's */
			assert_true(got->unmarked <=
			            test_first_mark((const unsigned char *)got->text, got->len));
			assert_true(same_double(got->start, want.start) && same_double(got->end, want.end));
			checked++;
		}
		for (size_t i = 0; i < nspk; i++)
			assert_int_equal(cb.spk[i].questions, questions[i]);
		free(recs);
	}
	assert_true(checked > 1500);
	ts_callbuf_free(&cb);
}

/* A call of many turns takes of the run's budget every TS_CALL_CHARGE_FROM
 * turns, for the turns it has and as many more, read by the inline path
 * as readers do, and gives it back, with its arrays, when the next call
 * starts. */
static void many_turns_take_of_the_budget(void **state)
{
	ts_context *ctx = *state;
	ts_budget *b = ctx->res.budget;
	assert_non_null(b);
	assert_int_equal(b->used, 0);
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	ts_callbuf_reset(&cb, 1, 1);
	const size_t step = TS_CALL_CHARGE_FROM, n = 2 * step + 7;
	for (size_t i = 0; i < n; i++) {
		long slot = (long)(i % 2);
		if (!ts_callbuf_turn_heard(&cb, slot, (long)i + 1, 1))
			assert_int_equal(ts_callbuf_turn(&cb, slot, slot ? "B" : "A", 1, slot ? "B" : "A",
			                                 (long)i + 1, 1), 0);
		assert_int_equal(ts_callbuf_append(&cb, "x", 1, (long)i + 1, 4, 0, NULL), 0);
		if (i + 1 == step - 1)
			assert_int_equal(b->used, 0);
		if (i + 1 == step)
			assert_int_equal(b->used, 2 * step * TS_CALL_TURN_BYTES);
		if (i + 1 == 2 * step - 1)
			assert_int_equal(b->used, 2 * step * TS_CALL_TURN_BYTES);
	}
	assert_int_equal(b->used, 3 * step * TS_CALL_TURN_BYTES);
	assert_int_equal(cb.charged, b->used);
	assert_int_equal(finish(&cb, ctx)->nturns, n);
	ts_callbuf_reset(&cb, 2, (long)n + 1);
	assert_int_equal(b->used, 0);
	assert_null(cb.turns);
	turn(&cb, 0, "A", "Hello?", (long)n + 1);
	assert_int_equal(finish(&cb, ctx)->nturns, 1);
	ts_callbuf_free(&cb);
	assert_int_equal(b->used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_turns_take_of_the_budget),
		cmocka_unit_test(untimed_by_default),
		cmocka_unit_test(unmarked_within_the_piece),
		cmocka_unit_test(times_of_turns),
		cmocka_unit_test(append_line_as_append),
		cmocka_unit_test(turns_as_records),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
