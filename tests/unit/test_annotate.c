/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* model/annotate.c: backchannels, language and unit, and the caller, decided
 * on a call built through the model builder as any reader builds it. */
#include "config.h"

#include "helpers.h"

#include "model/annotate.h"
#include "model/call.h"

typedef struct line {
	const char *who;   /* a speaker's label; NULL ends the list */
	const char *text;
} line;

/* A call of these turns (labels are their own ids) and metadata pairs
 * ("key", "value", ..., NULL), finished and annotated; NULL when
 * annotating finds that the declared caller does not speak. */
static const ts_call *build(ts_callbuf *cb, const ts_context *ctx, const char *caller,
                            const line *turns, const char *const *meta)
{
	ts_callbuf_reset(cb, 1, 1);
	for (size_t i = 0; meta && meta[i]; i += 2)
		assert_int_equal(ts_callbuf_meta(cb, meta[i], strlen(meta[i]), meta[i + 1],
		                                 strlen(meta[i + 1])), 0);
	for (size_t i = 0; turns[i].who; i++) {
		/* a speaker's slot: the first turn that names it */
		long slot = 0;
		while (strcmp(turns[slot].who, turns[i].who))
			slot++;
		assert_int_equal(ts_callbuf_turn(cb, slot, turns[i].who, strlen(turns[i].who),
		                                 turns[i].who, (long)i + 1, 1), 0);
		assert_int_equal(ts_callbuf_append(cb, turns[i].text, strlen(turns[i].text),
		                                   (long)i + 1, 4, 0, NULL), 0);
	}
	ts_error err;
	assert_int_equal(ts_callbuf_finish(cb, &err), 0);
	int rc = ts_annotate(cb, &ctx->res, caller);
	assert_true(rc == 0 || rc == 1);
	return rc ? NULL : &cb->call;  /* 1: the declared caller does not speak */
}

static const char *caller_of(const ts_call *c)
{
	const char *who = NULL;
	for (size_t i = 0; i < c->nspeakers; i++)
		if (c->speakers[i].role == TS_ROLE_CALLER) {
			assert_null(who);  /* one caller at most */
			who = c->speakers[i].id;
		}
	return who;
}

static void backchannels(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	/* 嗯 and 对 are in data/backchannels.txt; punctuation around them does not count */
	const line turns[] = {{"A", "我们先说第一件事"}, {"B", "嗯。"}, {"A", "对，然后呢"},
	                      {"B", "对"}, {NULL, NULL}};
	const ts_call *c = build(&cb, ctx, NULL, turns, NULL);
	assert_int_equal(c->nturns, 4);
	assert_false(c->turns[0].backchannel);
	assert_true(c->turns[1].backchannel);
	assert_false(c->turns[2].backchannel);
	assert_true(c->turns[3].backchannel);
	ts_callbuf_free(&cb);
}

static void language_by_script_or_meta(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	/* 4 CJK characters against 2 words: Chinese */
	const line zh[] = {{"A", "请问 Li Wei 在吗"}, {NULL, NULL}};
	const ts_call *c = build(&cb, ctx, NULL, zh, NULL);
	assert_string_equal(c->language, "zh");
	assert_int_equal(c->unit, TS_UNIT_CHARS);
	/* 2 CJK characters against 3 words */
	const line en[] = {{"A", "is Wang Li 在吗"}, {NULL, NULL}};
	c = build(&cb, ctx, NULL, en, NULL);
	assert_string_equal(c->language, "en");
	assert_int_equal(c->unit, TS_UNIT_WORDS);
	/* a tie is Chinese; nothing counted is undetermined */
	const line tie[] = {{"A", "ok 好"}, {NULL, NULL}};
	assert_string_equal(build(&cb, ctx, NULL, tie, NULL)->language, "zh");
	const line none[] = {{"A", "……？"}, {NULL, NULL}};
	c = build(&cb, ctx, NULL, none, NULL);
	assert_string_equal(c->language, "und");
	assert_int_equal(c->unit, TS_UNIT_CHARS);
	/* @Language wins over the script (the key without case), its unit
	 * that of the loaded language it starts with, whatever the text */
	const char *const zh_tw[] = {"language", "zh-TW", NULL};
	c = build(&cb, ctx, NULL, en, zh_tw);
	assert_string_equal(c->language, "zh-TW");
	assert_int_equal(c->unit, TS_UNIT_CHARS);
	const char *const en_gb[] = {"Language", "EN-gb", NULL};
	c = build(&cb, ctx, NULL, zh, en_gb);
	assert_string_equal(c->language, "EN-gb");
	assert_int_equal(c->unit, TS_UNIT_WORDS);
	/* a language without rules of its own counts as its script does */
	const char *const yue[] = {"Language", "yue-HK", NULL};
	c = build(&cb, ctx, NULL, zh, yue);
	assert_string_equal(c->language, "yue-HK");
	assert_int_equal(c->unit, TS_UNIT_CHARS);
	const char *const de[] = {"Language", "de", NULL};
	c = build(&cb, ctx, NULL, en, de);
	assert_string_equal(c->language, "de");
	assert_int_equal(c->unit, TS_UNIT_WORDS);
	ts_callbuf_free(&cb);
}

static void caller_declared_or_asking(void **state)
{
	const ts_context *ctx = *state;
	ts_callbuf cb;
	ts_callbuf_init(&cb, &ctx->res);
	/* B asks twice (two runs of question marks in one turn), A once */
	const line turns[] = {{"A", "在吗？"}, {"B", "谁？？你是谁？"}, {"A", "我。"}, {NULL, NULL}};
	assert_string_equal(caller_of(build(&cb, ctx, NULL, turns, NULL)), "B");
	/* a tie goes to the one who spoke first */
	const line tie[] = {{"A", "好吗？"}, {"B", "好吗？"}, {NULL, NULL}};
	assert_string_equal(caller_of(build(&cb, ctx, NULL, tie, NULL)), "A");
	/* @Caller (in NFKC) over the questions; the run's caller over @Caller */
	const char *const meta[] = {"Caller", "Ａ", NULL};
	assert_string_equal(caller_of(build(&cb, ctx, NULL, turns, meta)), "A");
	assert_string_equal(caller_of(build(&cb, ctx, "B", turns, meta)), "B");
	/* a declared caller who does not speak, by the run or by @Caller: an
	 * error, not a call without a caller (whose figures would be empty) */
	assert_null(build(&cb, ctx, "C", turns, NULL));
	const char *const nobody[] = {"Caller", "C", NULL};
	assert_null(build(&cb, ctx, NULL, turns, nobody));
	ts_callbuf_free(&cb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backchannels),
		cmocka_unit_test(language_by_script_or_meta),
		cmocka_unit_test(caller_declared_or_asking),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
