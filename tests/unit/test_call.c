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

static void untimed_by_default(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, ctx->res.tc);
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
	ts_callbuf_init(&cb, ctx->res.tc);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(untimed_by_default),
		cmocka_unit_test(times_of_turns),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
