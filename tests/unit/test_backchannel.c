/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "model/backchannel.h"

static ts_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = test_context(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_context_free(ctx);
	return 0;
}

static int is_bc(const char *s)
{
	return ts_backchannel_is(ctx->bc, ctx->tc, s, strlen(s));
}

static void tokens(void **state)
{
	(void)state;
	assert_true(is_bc("嗯。"));
	assert_true(is_bc("嗯对。"));
	assert_true(is_bc("嗯，对对对。"));
	assert_true(is_bc("明白、明白。"));
	assert_true(is_bc("知道，对对，当然当然。"));
	assert_true(is_bc("Uh-huh."));
	assert_true(is_bc("Mm-hmm, okay."));
	assert_true(is_bc("I see."));
	assert_true(is_bc("ＯＫ"));  /* full-width, upper case */
	assert_false(is_bc("对我知道调查结果。"));
	assert_false(is_bc("好，再见。"));
	assert_false(is_bc("没有。"));
	assert_false(is_bc("I"));      /* part of "i see" only */
	assert_false(is_bc(""));
	assert_false(is_bc("……"));
	assert_false(is_bc("嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯"));  /* too long */
}

static void load_errors(void **state)
{
	(void)state;
	ts_backchannels *bc = NULL;
	ts_error err = {0};
	const char *p = temp_file("ok\n  \xc3x\n", 8);
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, p, &err), TS_EDATA);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 3);
	assert_string_equal(err.msg, "invalid UTF-8 byte 0xC3");
	unlink(p);
	p = temp_file("# comment\nyes # fine\n！！\n", strlen("# comment\nyes # fine\n！！\n"));
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, p, &err), TS_EDATA);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "entry has no letters");
	unlink(p);
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, "/nonexistent/bc.txt", &err), TS_EIO);
	assert_null(bc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens),
		cmocka_unit_test(load_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
