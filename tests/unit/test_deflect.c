/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/buf.h"
#include "analyse/deflect.h"
#include "analyse/result.h"

static const char *zh_json =
	"{\"language\": \"zh\", \"org_words\": [\"部\", \"工会\"], \"entries\": [\n"
	"  {\"phrase\": \"不太清楚\", \"category\": \"ignorance\"},\n"
	"  {\"phrase\": \"我不太清楚\", \"category\": \"ignorance\"},\n"
	"  {\"phrase\": \"清楚\", \"category\": \"noncommittal\"},\n"
	"  {\"phrase\": \"我很清楚\", \"category\": \"none\"},\n"
	"  {\"phrase\": \"不知道\", \"category\": \"ignorance\"},\n"
	"  {\"phrase\": \"问一下{target}\", \"category\": \"referral\"}\n"
	"]}\n";

static const char *en_json =
	"{\"language\": \"en\", \"org_words\": [\"department\"], \"entries\": [\n"
	"  {\"phrase\": \"no comment\", \"category\": \"refusal\"},\n"
	"  {\"phrase\": \"I don't know\", \"category\": \"ignorance\"}\n"
	"]}\n";

static char zh_path[64], en_path[64];
static ts_context *ctx;

static int setup(void **state)
{
	(void)state;
	snprintf(zh_path, sizeof zh_path, "%s", temp_file(zh_json, strlen(zh_json)));
	snprintf(en_path, sizeof en_path, "%s", temp_file(en_json, strlen(en_json)));
	const char *files[] = {zh_path, en_path};
	ts_options o;
	ts_options_init(&o);
	o.lexicons = files;
	o.nlexicons = 2;
	o.lexicon_only = 1;
	ts_error err = {0};
	if (ts_context_new(&ctx, &o, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(zh_path);
	unlink(en_path);
	ts_context_free(ctx);
	return 0;
}

static void call_counts(void **state)
{
	(void)state;
	ts_reader *r = open_text(ctx, "第一通电话 测试\n"
	                              "ＣＬＢ：你好，请问这个事情你们知道吗？我不太清楚。\n"
	                              "官员：这个我不\n"
	                              "太清楚，你得问一下组织部。\n"
	                              "ＣＬＢ：好的，谢谢。那工会呢？\n"
	                              "官员：我很清楚。不知道。\n"
	                              "——电话被挂断——\n"
	                              "随后再次拨打。\n");
	const ts_call *call = next_call(r);
	assert_int_equal(call->nturns, 4);
	ts_result d;
	ts_error err = {0};
	assert_int_equal(ts_analyse(ctx, call, TS_SECTION_DEFLECTIONS, &d, &err), 0);
	/* the caller's 我不太清楚 does not count; 我很清楚 is a none entry */
	assert_int_equal(d.nmatches, 3);
	assert_int_equal(d.hangups, 1);
	assert_int_equal(d.deflections, 4);
	assert_int_equal(d.by_category[TS_CAT_IGNORANCE], 2);
	assert_int_equal(d.by_category[TS_CAT_REFERRAL], 1);
	assert_int_equal(d.by_category[TS_CAT_REFUSAL], 1);
	assert_int_equal(d.by_category[TS_CAT_DEFERRAL], 0);
	/* speakers: CLB (caller) first, then 官员 */
	assert_int_equal(call->speakers[0].role, TS_ROLE_CALLER);
	const ts_speaker_stats *sp = &d.speakers[1];
	assert_int_equal(sp->deflections, 3);
	assert_int_equal(sp->deflections_by[TS_CAT_IGNORANCE], 2);
	assert_int_equal(sp->deflections_by[TS_CAT_REFUSAL], 0);  /* the hang-up is the call's */
	/* 这个我不太清楚你得问一下组织部 (15) + 我很清楚不知道 (7) */
	assert_int_equal(sp->length, 22);
	assert_float_equal(sp->per_1000, 3000.0 / 22, 1e-9);
	assert_int_equal(d.speakers[0].deflections, 0);
	/* 我不太清楚 crosses the line wrap: it starts on line 3, column 6 */
	const ts_deflection *m = &d.matches[0];
	const ts_turn *t = &call->turns[m->turn];
	assert_int_equal(t->number, 2);
	assert_int_equal(m->speaker, 1);
	assert_int_equal(m->line, 3);
	assert_int_equal(m->col, 6);
	assert_int_equal(m->category, TS_CAT_IGNORANCE);
	assert_string_equal(m->entry, "我不太清楚");
	assert_int_equal(m->end - m->start, strlen("我不太清楚"));
	assert_memory_equal(t->text + m->start, "我不太清楚", strlen("我不太清楚"));
	m = &d.matches[1];
	assert_int_equal(m->line, 4);
	assert_int_equal(m->col, 7);
	assert_true(m->has_target);
	assert_memory_equal(t->text + m->target_start, "组织部", m->target_end - m->target_start);
	assert_int_equal(d.ntargets, 1);
	assert_string_equal(d.targets[0].text, "组织部");
	assert_int_equal(d.targets[0].count, 1);
	m = &d.matches[2];
	assert_int_equal(call->turns[m->turn].number, 4);
	assert_int_equal(m->line, 6);
	assert_int_equal(m->col, 9);
	ts_result_free(&d);
	ts_reader_close(r);
}

static void mixed_languages(void **state)
{
	(void)state;
	/* An English turn in a Chinese call uses the English lexicon. */
	ts_reader *r = open_text(ctx, "A：请问你们知道吗？\n"
	                              "B：No comment at all. 不知道。\n"
	                              "A：请问是什么时候？\n"
	                              "B：我不知道，no comment。\n");
	const ts_call *call = next_call(r);
	const ts_langs *ls = ctx->res.langs;
	assert_int_equal(ts_turn_language(ls, call, &call->turns[1]), test_lang(ls, "en"));
	assert_int_equal(ts_turn_language(ls, call, &call->turns[3]), test_lang(ls, "zh"));
	ts_result d;
	ts_error err = {0};
	assert_int_equal(ts_analyse(ctx, call, TS_SECTION_DEFLECTIONS, &d, &err), 0);
	assert_int_equal(d.nmatches, 2);
	assert_int_equal(d.matches[0].category, TS_CAT_REFUSAL);
	assert_int_equal(d.matches[1].category, TS_CAT_IGNORANCE);
	assert_int_equal(d.hangups, 0);
	ts_result_free(&d);
	ts_reader_close(r);
}

/* Into b (empty), NUL-terminated: a call whose second turn is one line of
 * "我不太清楚，不知道。" 400 times over after "B：", 800 matches. */
static void one_line_of_800(ts_buf *b)
{
	const char *unit = "我不太清楚，不知道。", *end = "\nA：好吗？\nB：好。\n";
	assert_int_equal(ts_buf_append(b, "A：请问呢？\nB：", strlen("A：请问呢？\nB：")), 0);
	for (int i = 0; i < 400; i++)
		assert_int_equal(ts_buf_append(b, unit, strlen(unit)), 0);
	assert_int_equal(ts_buf_append(b, end, strlen(end) + 1), 0);
}

/* Bugs: kept matches were inserted in order with memmove, and each match's
 * column was counted from the start of its line: a turn of 160,000
 * matches on one line took 42 s.  The overlaps and columns must still be
 * those of a turn worked by hand: "我不太清楚，不知道。" 400 times over on one
 * line after "B：" (2 characters), 10 characters a unit; 不太清楚 and 清楚
 * fall inside 我不太清楚, which wins as the longest. */
static void many_matches_in_one_line(void **state)
{
	(void)state;
	ts_buf b = {0};
	one_line_of_800(&b);
	ts_reader *r = open_text(ctx, b.ptr);
	const ts_call *call = next_call(r);
	ts_result d;
	ts_error err = {0};
	assert_int_equal(ts_analyse(ctx, call, TS_SECTION_DEFLECTIONS, &d, &err), 0);
	assert_int_equal(d.nmatches, 800);
	for (size_t k = 0; k < 800; k += 133) {
		assert_int_equal(d.matches[k].line, 2);
		assert_int_equal(d.matches[k].col, 3 + 10 * (long)(k / 2) + (k % 2 ? 6 : 0));
		assert_int_equal(d.matches[k].category, TS_CAT_IGNORANCE);
	}
	assert_int_equal(d.matches[799].col, 3 + 10 * 399 + 6);
	ts_result_free(&d);
	ts_reader_close(r);
	ts_buf_free(&b);
}

/* A result given back to the thread's scratch (ts_result_keep) lends the
 * next its arrays and changes nothing: after calls small and large, the
 * speakers, matches, targets, questions and pairs are those computed with
 * a scratch of their own; the next result grows in the arrays given back,
 * unless they have grown past TS_QA_WORK_KEEP bytes (800 matches), which
 * are freed. */
static void results_kept_for_the_next(void **state)
{
	(void)state;
	ts_buf big = {0};
	one_line_of_800(&big);
	const char *small = "A：请问你们知道吗？\nB：我不太清楚，问一下组织部。\nA：那是什么时候？\n"
	                    "B：不知道。\nA：好吗？\n";
	char three[512];  /* a third speaker: more room for speakers */
	snprintf(three, sizeof three, "%sC：我不太清楚。\nA：是吗？\nC：不知道。\n", small);
	const char *texts[] = {small, big.ptr, small, small, three, small};
	unsigned sections = TS_SECTION_DEFLECTIONS | TS_SECTION_QA;
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		ts_reader *r = open_text(ctx, texts[t]);
		const ts_call *call = next_call(r);
		ts_result a, b;
		ts_scratch own = {0};
		ts_error err = {0};
		const void *lent = ctx->scratch.matches;
		assert_int_equal(ts_analyse(ctx, call, sections, &a, &err), 0);
		assert_int_equal(ts_result_compute(&ctx->res, &own, &ctx->opt, call, sections, &b, &err), 0);
		if (lent && t != 1)  /* (800 matches grow it elsewhere) */
			assert_ptr_equal(a.matches, lent);
		assert_int_equal(a.nmatches, b.nmatches);
		assert_true(a.nmatches >= 2);
		for (size_t i = 0; i < b.nmatches; i++) {
			const ts_deflection *x = &a.matches[i], *y = &b.matches[i];
			assert_int_equal(x->turn, y->turn);
			assert_int_equal(x->start, y->start);
			assert_int_equal(x->end, y->end);
			assert_int_equal(x->category, y->category);
			assert_int_equal(x->line, y->line);
			assert_int_equal(x->col, y->col);
		}
		assert_int_equal(a.nspeakers, b.nspeakers);
		assert_int_equal(b.nspeakers, t == 4 ? 3 : 2);
		for (size_t i = 0; i < b.nspeakers; i++) {
			assert_int_equal(a.speakers[i].turns, b.speakers[i].turns);
			assert_int_equal(a.speakers[i].length, b.speakers[i].length);
			assert_int_equal(a.speakers[i].deflections, b.speakers[i].deflections);
			assert_int_equal(a.speakers[i].questions, b.speakers[i].questions);
			assert_int_equal(a.speakers[i].replied, b.speakers[i].replied);
			assert_int_equal(a.speakers[i].clear_replies, b.speakers[i].clear_replies);
			assert_int_equal(a.speakers[i].deflected, b.speakers[i].deflected);
		}
		assert_int_equal(a.ntargets, b.ntargets);
		assert_int_equal(a.ntargets, t != 1);  /* 组织部 */
		for (size_t i = 0; i < b.ntargets; i++) {
			assert_string_equal(a.targets[i].text, b.targets[i].text);
			assert_int_equal(a.targets[i].count, b.targets[i].count);
		}
		assert_int_equal(a.nquestions, b.nquestions);
		assert_int_equal(a.npairs, b.npairs);
		assert_true(a.npairs >= 2);
		for (size_t i = 0; i < b.nquestions; i++) {
			assert_int_equal(a.questions[i].turn, b.questions[i].turn);
			assert_int_equal(a.questions[i].line, b.questions[i].line);
			assert_int_equal(a.questions[i].col, b.questions[i].col);
		}
		assert_pairs_same(a.pairs, b.pairs, b.npairs);
		const void *m = a.matches, *q = a.questions, *p = a.pairs, *sp = a.speakers,
			   *tg = a.targets;
		ts_result_keep(&ctx->scratch, &a);
		assert_ptr_equal(ctx->scratch.speakers, sp);
		assert_ptr_equal(ctx->scratch.targets, tg);
		assert_non_null(ctx->scratch.qa.by_speaker);
		assert_true(ctx->scratch.qa.by_speaker_cap >= b.nspeakers);
		if (t == 1) {
			assert_null(ctx->scratch.matches);
		} else {
			assert_ptr_equal(ctx->scratch.matches, m);
			assert_ptr_equal(ctx->scratch.qa.questions, q);
			assert_ptr_equal(ctx->scratch.qa.pairs, p);
		}
		ts_result_free(&b);
		ts_scratch_free(&own);
		ts_reader_close(r);
	}
	ts_buf_free(&big);
}

static void no_lexicon(void **state)
{
	(void)state;
	ts_options o;
	ts_options_init(&o);
	o.sections = TS_SECTION_TURNS;
	o.lexicons = (const char *[]){"/nonexistent.json"};
	o.nlexicons = 1;
	ts_context *c2 = NULL;
	ts_error err = {0};
	/* not loaded, so not read */
	assert_int_equal(ts_context_new(&c2, &o, &err), 0);
	ts_reader *r = open_text(c2, "A：你好吗？\nB：不知道。\nA：好吗？\nB：不知道。\n");
	const ts_call *call = next_call(r);
	/* a context loaded for turns alone cannot find deflections, nor the
	 * reply classes that use them */
	ts_result d;
	assert_int_equal(ts_analyse(c2, call, TS_SECTION_DEFLECTIONS, &d, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "no deflection lexicon loaded");
	ts_result_free(&d);
	assert_int_equal(ts_analyse(c2, call, TS_SECTION_QA, &d, &err), TS_EUSAGE);
	ts_result_free(&d);
	assert_int_equal(ts_analyse(c2, call, TS_SECTION_SPEAKERS, &d, &err), 0);
	ts_result_free(&d);
	ts_reader_close(r);
	ts_context_free(c2);
	/* needed, it is read */
	o.sections = TS_SECTION_DEFLECTIONS;
	assert_int_equal(ts_context_new(&c2, &o, &err), TS_EIO);
	assert_string_equal(err.file, "/nonexistent.json");
	assert_null(c2);
	o.lexicon_only = 1;
	o.nlexicons = 0;
	assert_int_equal(ts_context_new(&c2, &o, &err), TS_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(call_counts),
		cmocka_unit_test(mixed_languages),
		cmocka_unit_test(many_matches_in_one_line),
		cmocka_unit_test(results_kept_for_the_next),
		cmocka_unit_test(no_lexicon),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
