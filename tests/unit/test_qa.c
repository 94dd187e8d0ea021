/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/buf.h"

#include "analyse/qa.h"
#include "analyse/reply_cues.h"
#include "model/backchannel.h"

/* A call worked by hand; each reply shows one rule:
 *   T1  甲 你们知道这个事情吗？          T2  乙 对。 -> answer (direct yes)
 *   T3  甲 那工会有没有介入？这个厂有工会吧？
 *   T4  乙 这个我不太清楚，你去问区里。   -> q1 referral (ignorance and referral
 *        tie, the later wins); q2 (a tag) partial
 *   T5  甲 您觉得呢？                    T6  乙 嗯嗯。 -> backchannel
 *   T7  甲 工会有没有介入？ (asks q1 again) T8 乙 你是哪里的？ -> counter_question
 *   T9  甲 能不能请您转达一下？           T10 乙 好的。 -> answer (request granted)
 *   T11 甲 那这个事故调查完了吗？         T12 乙 这个……就是说…… -> noncommittal
 *   T13 甲 最后一个问题？  T14 甲 还在吗？ -> no_response (the caller speaks on)
 *   ——电话被挂断—— -> T14's question: no_response (hang-up) */
static const char *call_text =
	"甲：你们知道这个事情吗？\n乙：对。\n甲：那工会有没有介入？这个厂有工会吧？\n"
	"乙：这个我不太清楚，你去问区里。\n甲：您觉得呢？\n乙：嗯嗯。\n甲：工会有没有介入？\n"
	"乙：你是哪里的？\n甲：能不能请您转达一下？\n乙：好的。\n甲：那这个事故调查完了吗？\n"
	"乙：这个……就是说……\n甲：最后一个问题？\n甲：还在吗？\n——电话被挂断——\n";

static void hand_worked_call(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, call_text);
	const ts_call *c = next_call(r);
	const char *t4 = c->turns[3].text;
	size_t a = strlen("这个我不太清楚"), b = strlen("这个我不太清楚，");
	ts_qa_defl defl[] = {{3, 0, a, 1 /* ignorance */, 0}, {3, b, strlen(t4), 0 /* referral */, 0}};
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, defl, 2, &qa, &err), 0);
	assert_int_equal(qa.nquestions, 10);  /* nine of 甲, one of 乙 */
	assert_int_equal(qa.by_speaker[0], 9);
	assert_int_equal(qa.by_speaker[1], 1);
	assert_int_equal(qa.npairs, 9);
	ts_reply want[] = {TS_R_ANSWER,  TS_R_REFERRAL, TS_R_PARTIAL,     TS_R_BACKCHANNEL,
	                   TS_R_COUNTER_QUESTION, TS_R_ANSWER, TS_R_NONCOMMITTAL, TS_R_NO_RESPONSE,
	                   TS_R_NO_RESPONSE};
	for (size_t i = 0; i < 9; i++)
		assert_int_equal(qa.pairs[i].reply, want[i]);
	assert_string_equal(qa.pairs[0].why, "direct yes/no: '对'");
	assert_string_equal(qa.pairs[1].why,
	                    "deflection: referral (1 of 2 matches, the later on a tie)");
	assert_int_equal(qa.questions[qa.pairs[2].question].type, TS_Q_TAG);
	assert_int_equal(qa.pairs[4].reask_of, 1);  /* T7 asks pair 1 (T3's first) again */
	assert_int_equal(qa.reasks, 1);
	assert_int_equal(qa.pairs[7].reply_turn, -1);
	assert_string_equal(qa.pairs[8].why, "the call was hung up before a reply");
	assert_int_equal(qa.by_clarity[TS_C_CLEAR_REPLY], 2);
	assert_int_equal(qa.by_clarity[TS_C_AMBIVALENT], 3);
	assert_int_equal(qa.by_clarity[TS_C_CLEAR_NON_REPLY], 4);
	/* 乙 is the only respondent: the unanswered questions are theirs too */
	assert_int_equal(qa.sides[1].questions, 9);
	assert_int_equal(qa.sides[1].clear, 2);
	assert_int_equal(qa.sides[1].deflected, 2);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* A reply is classed by the cues of its own language, and a question's
 * keys are those of its own, whatever the language of the turns around:
 * an English question answered 对 and a Chinese one answered "Yes." are
 * both direct yes/no answers; a Chinese question asked again after a
 * backchannel, in a call that opens in English, asks it again (the same
 * pairs of characters, none of which an English reading finds). */
static void replies_in_their_own_language(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "甲：Is the union involved?\n乙：对。\n甲：工会有没有介入？\n"
	                              "乙：Yes.\n甲：这个厂有没有工会组织？\n乙：嗯。\n"
	                              "甲：这个厂有没有工会组织？\n乙：嗯。\n");
	const ts_call *c = next_call(r);
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, &qa, &err), 0);
	assert_int_equal(qa.npairs, 4);
	assert_string_equal(qa.pairs[0].why, "direct yes/no: '对'");
	assert_string_equal(qa.pairs[1].why, "direct yes/no: 'Yes'");
	assert_int_equal(qa.pairs[2].reask_of, -1);
	assert_int_equal(qa.pairs[3].reask_of, 2);
	assert_int_equal(qa.reasks, 1);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* CLARITY per item, worked by hand: a deferral by a formula that declines
 * (the lexicon's "declines"), the whole reply, is a clear non-reply; the
 * same formula before two sentences of answer (1 of 3 sentences) leaves
 * the reply ambivalent; a referral that gives a channel (no "declines")
 * stays ambivalent although it is the whole reply. */
static void per_item_clarity(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "甲：事故原因是什么？\n乙：目前正在调查。\n"
	                              "甲：起火点在哪里？\n乙：正在调查。起火点在三楼。是电线老化。\n"
	                              "甲：工会有没有介入？\n乙：你得问一下组织部。\n");
	const ts_call *c = next_call(r);
	const char *t2 = c->turns[1].text, *t4 = c->turns[3].text, *t6 = c->turns[5].text;
	const char *d2 = strstr(t2, "正在调查"), *d4 = strstr(t4, "正在调查");
	const char *d6 = strstr(t6, "你得问一下组织部");
	size_t n = strlen("正在调查");
	ts_qa_defl defl[] = {
		{1, (size_t)(d2 - t2), (size_t)(d2 - t2) + n, TS_CAT_DEFERRAL, 1},
		{3, (size_t)(d4 - t4), (size_t)(d4 - t4) + n, TS_CAT_DEFERRAL, 1},
		{5, (size_t)(d6 - t6), (size_t)(d6 - t6) + strlen("你得问一下组织部"), TS_CAT_REFERRAL, 0},
	};
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, defl, 3, &qa, &err), 0);
	assert_int_equal(qa.npairs, 3);
	assert_int_equal(qa.pairs[0].reply, TS_R_DEFERRAL);
	assert_int_equal(qa.pairs[0].clarity, TS_C_CLEAR_NON_REPLY);
	assert_string_equal(qa.pairs[0].why, "deflection: deferral (1 of 1 matches); "
	                                     "declines to answer: deflects in 1 of 1 sentences");
	assert_int_equal(qa.pairs[1].reply, TS_R_DEFERRAL);
	assert_int_equal(qa.pairs[1].clarity, TS_C_AMBIVALENT);
	assert_string_equal(qa.pairs[1].why, "deflection: deferral (1 of 1 matches)");
	assert_int_equal(qa.pairs[2].reply, TS_R_REFERRAL);
	assert_int_equal(qa.pairs[2].clarity, TS_C_AMBIVALENT);
	/* the counts follow the pairs, not the classes */
	assert_int_equal(qa.by_clarity[TS_C_CLEAR_REPLY], 0);
	assert_int_equal(qa.by_clarity[TS_C_AMBIVALENT], 2);
	assert_int_equal(qa.by_clarity[TS_C_CLEAR_NON_REPLY], 1);
	assert_int_equal(qa.by_reply[TS_R_DEFERRAL], 2);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Append the UTF-8 of cp to b. */
static void put_cp(ts_buf *b, unsigned cp)
{
	char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
	             (char)(0x80 | (cp & 0x3F))};
	assert_int_equal(ts_buf_append(b, u, 3), 0);
}

/* The first call of text, read in ctx, and its questions and replies in
 * qa (ts_qa_free it, and ts_reader_close *r). */
static const ts_call *call_qa(ts_context *ctx, const char *text, ts_reader **r, ts_qa *qa)
{
	*r = open_text(ctx, text);
	const ts_call *c = next_call(*r);
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, qa, &err), 0);
	return c;
}

/* Bug: re-asks compared every question with every earlier one, and the
 * reply classes scanned all of a call's deflections for each reply: a
 * generated call of 80,000 questions took 28 s.  Re-asks are now looked
 * for among the TS_QA_REASK_WINDOW questions before.  300 distinct
 * questions (three ideographs each, so two content keys) answered only
 * with 嗯, then question 0 again (300 back: too far) and question 100
 * again (201 back: a re-ask). */
static void reasks_within_window(void **state)
{
	(void)state;
	ts_buf b = {0};
	unsigned again[] = {0, 100};
	for (unsigned i = 0; i < 302; i++) {
		unsigned q = i < 300 ? i : again[i - 300];
		assert_int_equal(ts_buf_append(&b, "甲：", strlen("甲：")), 0);
		for (unsigned k = 0; k < 3; k++)
			put_cp(&b, 0x5000 + 3 * q + k);
		assert_int_equal(ts_buf_append(&b, "？\n乙：嗯。\n", strlen("？\n乙：嗯。\n")), 0);
	}
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r;
	ts_qa qa;
	call_qa(ctx, b.ptr, &r, &qa);
	assert_int_equal(qa.npairs, 302);
	assert_int_equal(qa.pairs[300].reask_of, -1);
	assert_int_equal(qa.pairs[301].reask_of, 100);
	assert_int_equal(qa.reasks, 1);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

/* The open questions' ring and the keys' slots wrap around many times in
 * a call where no reply is clear: 700 questions of three ideographs
 * answered only with 嗯, every fifth from the 300th the question 255
 * before it (within the window), the rest distinct: each pair's re-ask
 * is what the similarity of the questions of its window says (fails with
 * a question put one place past its own in the ring, or the slots
 * stepped one short of the window). */
static void reasks_across_the_ring(void **state)
{
	(void)state;
	ts_buf b = {0};
	unsigned text[700];
	for (unsigned i = 0; i < 700; i++) {
		text[i] = i >= 300 && i % 5 == 0 ? text[i - 255] : i;
		assert_int_equal(ts_buf_append(&b, "甲：", strlen("甲：")), 0);
		for (unsigned k = 0; k < 3; k++)
			put_cp(&b, 0x5000 + 3 * text[i] + k);
		assert_int_equal(ts_buf_append(&b, "？\n乙：嗯。\n", strlen("？\n乙：嗯。\n")), 0);
	}
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *zh = ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")];
	ts_reader *r;
	ts_qa qa;
	const ts_call *c = call_qa(ctx, b.ptr, &r, &qa);
	assert_int_equal(qa.npairs, 700);
	size_t reasks = 0;
	for (size_t j = 0; j < qa.npairs; j++) {
		const ts_qa_question *qj = &qa.questions[qa.pairs[j].question];
		long want = -1;
		for (size_t i = j > TS_QA_REASK_WINDOW ? j - TS_QA_REASK_WINDOW : 0; i < j && want < 0; i++) {
			const ts_qa_question *qi = &qa.questions[qa.pairs[i].question];
			if (ts_qa_similarity(ctx->res.tc, zh, c->turns[qi->turn].text + qi->start, qi->end - qi->start,
			                     c->turns[qj->turn].text + qj->start, qj->end - qj->start) >=
			    TS_QA_REASK_THRESHOLD)
				want = (long)i;
		}
		assert_int_equal(qa.pairs[j].reask_of, want);
		reasks += want >= 0;
	}
	assert_int_equal(reasks, 80);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

/* qa of the call of text, with w (NULL: none) */
static void qa_with(ts_context *ctx, const char *text, ts_qa_work *w, ts_qa *qa)
{
	ts_reader *r = open_text(ctx, text);
	const ts_call *c = next_call(r);
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, w, c, NULL, 0, qa, &err), 0);
	ts_reader_close(r);
}

/* The working arrays a thread keeps from call to call change nothing: the
 * questions and pairs of a call made with them, after calls small and
 * large, are those made without; a call's arrays past TS_QA_WORK_KEEP (the
 * re-asks' window of 302 questions, 257 slots of 568 bytes) are freed
 * when it is done, those of a small call kept. */
static void work_kept_between_calls(void **state)
{
	(void)state;
	ts_buf big = {0};
	for (unsigned i = 0; i < 302; i++) {
		unsigned q = i < 300 ? i : i - 300;
		assert_int_equal(ts_buf_append(&big, "甲：", strlen("甲：")), 0);
		for (unsigned k = 0; k < 3; k++)
			put_cp(&big, 0x5000 + 3 * q + k);
		assert_int_equal(ts_buf_append(&big, "？\n乙：嗯。\n", strlen("？\n乙：嗯。\n")), 0);
	}
	assert_int_equal(ts_buf_append(&big, "", 1), 0);
	const char *texts[] = {call_text, big.ptr, "甲：Is the union involved?\n乙：对。\n"
	                       "甲：工会有没有介入？\n乙：Yes.\n甲：工会有没有介入？\n乙：嗯。\n", call_text};
	ts_context *ctx = test_context(NULL, NULL);
	ts_qa_work w = {0};
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		ts_qa kept, own;
		qa_with(ctx, texts[t], &w, &kept);
		qa_with(ctx, texts[t], NULL, &own);
		assert_int_equal(kept.nquestions, own.nquestions);
		assert_int_equal(kept.npairs, own.npairs);
		assert_int_equal(kept.reasks, own.reasks);
		assert_true(kept.npairs > 1);
		for (size_t i = 0; i < own.nquestions; i++)
			assert_memory_equal(&kept.questions[i], &own.questions[i], sizeof *own.questions);
		assert_pairs_same(kept.pairs, own.pairs, own.npairs);
		if (t == 1)
			assert_null(w.keys);
		else
			assert_non_null(w.keys);
		assert_non_null(w.turns);
		assert_non_null(w.all);
		ts_qa_free(&kept);
		ts_qa_free(&own);
	}
	ts_qa_work_free(&w);
	assert_null(w.turns);
	ts_context_free(ctx);
	ts_buf_free(&big);
}

/* Re-asks are looked for with the keys of each question kept in a window
 * of slots (a question of more keys than a slot holds has memory of its
 * own), computed only for questions that are compared or may be asked
 * again, compared only where their bits allow an overlap: the same as
 * the similarity of the two questions by their whole key sets, for 400
 * questions of a few ideographs (some of 80: more keys than a slot; some
 * asked twice in their turn, which is no re-ask), replied to clearly (是的)
 * or not (嗯), each against the questions of the window before it. */
static void reasks_as_by_similarity(void **state)
{
	(void)state;
	ts_buf b = {0};
	uint64_t seed = 0x6A09E667F3BCC908ull;
	size_t twice = 0;
	for (int i = 0; i < 400; i++) {
		uint64_t r = test_random(&seed);
		assert_int_equal(ts_buf_append(&b, "甲：", strlen("甲：")), 0);
		size_t at = b.len;
		for (unsigned k = 0, len = r % 16 ? 3 + (unsigned)(r >> 8) % 6 : 80; k < len; k++)
			put_cp(&b, 0x5000 + (unsigned)(test_random(&seed) >> 32) % (len > 10 ? 400 : 9));
		/* the same question twice in one turn is no re-ask of itself */
		if (r >> 24 & 1) {
			char q[80 * 4];  /* a copy: appending may move b.ptr */
			size_t len = b.len - at;
			memcpy(q, b.ptr + at, len);
			assert_int_equal(ts_buf_append(&b, "？", strlen("？")), 0);
			assert_int_equal(ts_buf_append(&b, q, len), 0);
			twice++;
		}
		const char *reply = r >> 20 & 1 ? "？\n乙：是的。\n" : "？\n乙：嗯。\n";
		assert_int_equal(ts_buf_append(&b, reply, strlen(reply)), 0);
	}
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *zh = ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")];
	ts_reader *r;
	ts_qa qa;
	const ts_call *c = call_qa(ctx, b.ptr, &r, &qa);
	assert_int_equal(qa.npairs, 400 + twice);
	assert_true(twice > 100);
	size_t reasks = 0, clear = 0;
	for (size_t j = 0; j < qa.npairs; j++) {
		const ts_qa_question *qj = &qa.questions[qa.pairs[j].question];
		long want = -1;
		for (size_t i = j > TS_QA_REASK_WINDOW ? j - TS_QA_REASK_WINDOW : 0; i < j && want < 0; i++) {
			const ts_qa_question *qi = &qa.questions[qa.pairs[i].question];
			if (qi->turn < qj->turn && qa.pairs[i].clarity != TS_C_CLEAR_REPLY &&
			    ts_qa_similarity(ctx->res.tc, zh, c->turns[qi->turn].text + qi->start, qi->end - qi->start,
			                     c->turns[qj->turn].text + qj->start, qj->end - qj->start) >=
			        TS_QA_REASK_THRESHOLD)
				want = (long)i;
		}
		assert_int_equal(qa.pairs[j].reask_of, want);
		reasks += want >= 0;
		clear += qa.pairs[j].clarity == TS_C_CLEAR_REPLY;
	}
	assert_true(reasks > 50 && clear > 50 && clear < 350);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

/* Bug: each question of a turn searched its reply for cues again, and got
 * a part of it: a turn of 8,000 questions before a reply of 8,000
 * sentences took 24 s.  Beyond TS_QA_PART_MAX_QUESTIONS they share the
 * whole reply, classed once: 100 questions, one reply that stalls. */
static void many_questions_one_reply(void **state)
{
	(void)state;
	ts_buf b = {0};
	assert_int_equal(ts_buf_append(&b, "Q    ", 5), 0);
	char q[64];
	for (int i = 0; i < 100; i++) {
		int n = snprintf(q, sizeof q, "Did office %d file report %d? ", i, i);
		assert_int_equal(ts_buf_append(&b, q, (size_t)n), 0);
	}
	const char *rest = "\n\nMS. LEE:  Let me look into that. The office works hard.\n\n"
	                   "Q    Thanks?\n\nMS. LEE:  Yes.\n";
	assert_int_equal(ts_buf_append(&b, rest, strlen(rest)), 0);
	ts_context *ctx = test_context(NULL, "Q");
	ts_reader *r;
	ts_qa qa;
	call_qa(ctx, b.ptr, &r, &qa);
	assert_int_equal(qa.npairs, 101);
	for (size_t i = 0; i < 100; i++) {
		assert_int_equal(qa.pairs[i].reply, qa.pairs[0].reply);
		assert_string_equal(qa.pairs[i].why, qa.pairs[0].why);
		assert_null(strstr(qa.pairs[i].why, "its part"));
	}
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

/* Bug: the reply cues were compared byte by byte, a cue's ' against only
 * the first byte of ’ (3 bytes), so "That’s correct" never agreed with a
 * tag question, nor did "I’ll pass that on" take a request on board;
 * word processors put ’ for every apostrophe.  The cues are compared
 * through base/caseless.h now, where ’ is ', and without case. */
static void curly_apostrophes(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, "Q");
	ts_reader *r = open_text(ctx, "Q    Is the report out?\n\nMS. LEE:  That’s right.\n\n"
	                              "Q    It is due in May, correct?\n\nMS. LEE:  THAT’S CORRECT.\n\n"
	                              "Q    Could you send it to us?\n\nMS. LEE:  I’ll pass that on.\n");
	const ts_call *c = next_call(r);
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, &qa, &err), 0);
	assert_int_equal(qa.npairs, 3);
	assert_int_equal(qa.pairs[0].reply, TS_R_ANSWER);
	assert_string_equal(qa.pairs[0].why, "direct yes/no: 'That’s right'");
	assert_int_equal(qa.pairs[1].reply, TS_R_AGREE);
	assert_string_equal(qa.pairs[1].why, "agrees with the tag question: 'THAT’S CORRECT'");
	assert_int_equal(qa.pairs[2].reply, TS_R_PARTIAL);
	assert_string_equal(qa.pairs[2].why,
	                    "takes the request on board without granting it: 'i'll pass that on'");
	/* hesitation words too: "it’s" is one, so nothing is left of this */
	const ts_lang *en = ctx->res.langs->lang[test_lang(ctx->res.langs, "en")];
	const char *h = "Um, it’s the...";
	assert_int_equal(ts_cue_content(ctx->res.tc, en, h, strlen(h)), 0);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

static void english_replies(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, "Q");
	ts_reader *r = open_text(ctx, "Q    Is the report out?\n\nMS. LEE:  No, not yet.\n\n"
	                              "Q    It is due in May, correct?\n\nMS. LEE:  That's correct.\n\n"
	                              "Q    Could you send it to us?\n\nMS. LEE:  Sure.\n\n"
	                              "Q    Who wrote it?\n\nMS. LEE:  Well, um...\n");
	const ts_call *c = next_call(r);
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, &qa, &err), 0);
	assert_int_equal(qa.npairs, 4);
	assert_int_equal(qa.pairs[0].reply, TS_R_ANSWER);
	assert_int_equal(qa.pairs[1].reply, TS_R_AGREE);
	assert_int_equal(qa.pairs[2].reply, TS_R_ANSWER);
	assert_int_equal(qa.pairs[3].reply, TS_R_NONCOMMITTAL);
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Worked by hand.  T1 asks two questions; the reply's first sentence
 * repeats "advance notice" (q2's words), its second "reaction" (q1's only
 * content word), so q1 is classed by the refusal and q2 by the answer.
 * T3's reply answers in six sentences and deflects only in the last one
 * (one in six, after the opening two): partial. */
static void english_reply_parts(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, "Q");
	ts_reader *r = open_text(ctx,
		"Q    Do you have a reaction? Did the White House get advance notice?\n\n"
		"MR. POE:  Nobody here got advance notice of the announcement. "
		"I don't have an official reaction.\n\n"
		"Q    Is the bill going to pass?\n\n"
		"MR. POE:  The votes are there. The Speaker counted them. The leaders agree. "
		"The schedule is set. The vote is Tuesday. We can get you the details.\n");
	const ts_call *c = next_call(r);
	const char *t2 = c->turns[1].text, *t4 = c->turns[3].text;
	const char *refusal = strstr(t2, "I don't have"), *details = strstr(t4, "We can get you");
	ts_qa_defl defl[] = {
		{1, (size_t)(refusal - t2), strlen(t2), 5 /* refusal */, 0},
		{3, (size_t)(details - t4), strlen(t4), 2 /* deferral */, 0},
	};
	ts_qa qa;
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, defl, 2, &qa, &err), 0);
	assert_int_equal(qa.npairs, 3);
	assert_int_equal(qa.pairs[0].reply, TS_R_REFUSAL);
	assert_string_equal(qa.pairs[0].why,
	                    "deflection: refusal (1 of 1 matches in its part of the reply)");
	assert_int_equal(qa.pairs[1].reply, TS_R_ANSWER);
	assert_int_equal(qa.pairs[2].reply, TS_R_PARTIAL);
	assert_string_equal(qa.pairs[2].why, "deflects (deferral) in 1 of 6 sentences, after answering");
	ts_qa_free(&qa);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* The clause marks as reply_cues.c has them, by their bytes. */
static size_t mark_by_hand(const char *s, size_t n)
{
	static const char *const marks[] = {",", ".", "?", "!", ";", ":", "，", "？", "！", "；",
	                                    "：", "。", "、", "…", "——"};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		if (n >= strlen(marks[k]) && !memcmp(s, marks[k], strlen(marks[k])))
			return strlen(marks[k]);
	return 0;
}

/* Whether "zz" is in the first `count` clauses of s[0..n) (no fillers
 * before them): a clause ends at the first mark, the next starts past
 * the blanks and marks after it. */
static int zz_by_hand(const char *s, size_t n, int count)
{
	size_t i = 0;
	for (int k = 0; k < count && i < n; k++) {
		size_t e = i;
		while (e < n && !mark_by_hand(s + e, n - e))
			e++;
		for (size_t j = i; j + 1 < e; j++)
			if (s[j] == 'z' && s[j + 1] == 'z')
				return 1;
		for (i = e; i < n;) {
			size_t m = s[i] == ' ' ? 1 : mark_by_hand(s + i, n - i);
			if (!m)
				break;
			i += m;
		}
	}
	return 0;
}

/* ts_cue_first_clauses passes over the bytes that start no clause mark by
 * a table: the clauses must be those by hand, on texts made at random of
 * every mark, near misses of their bytes (（「“— and a lone lead byte),
 * letters, ideographs and blanks, for the cue "zz" in the first one to
 * three clauses. */
static void clauses_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		",", ".", "?", "!", ";", ":", "，", "？", "！", "；", "：", "。", "、", "…", "——", "—",
		"（", "「", "“", "\xEF", "\xE3\x80", "\xE2\x80", "q", "ab", "zz", "z", "是", " ", " "};
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *en = ctx->res.langs->lang[test_lang(ctx->res.langs, "en")];
	ts_words zz;
	ts_words_init(&zz, 1);
	assert_int_equal(ts_words_add(&zz, "zz"), 0);
	assert_int_equal(ts_words_finish(&zz), -1);
	uint64_t seed = 0xDA942042E4DD58B5ull;
	size_t found = 0;
	for (int round = 0; round < 30000; round++) {
		char s[300] = "q";  /* no filler first */
		size_t n = 1 + test_pieces(s + 1, sizeof s - 1, pieces, sizeof pieces / sizeof *pieces,
		                           (int)(test_random(&seed) % 40), &seed);
		int count = 1 + (int)(round % 3);
		char what[96];
		int got = ts_cue_first_clauses(en, s, n, count, NULL, &zz, what, sizeof what);
		int want = zz_by_hand(s, n, count);
		if (got != want)
			fail_msg("'%.*s', %d clauses: %d, %d by hand", (int)n, s, count, got, want);
		found += got;
	}
	assert_true(found > 3000);
	ts_words_free(&zz);
	ts_context_free(ctx);
}

/* Where s[0..n) starts after blanks, marks and fillers, by the
 * definition (reply_cues.h): blanks and marks passed over, then the first
 * filler of the list, in list order, that the text opens with (without an
 * index or any filter: ts_word_prefix_ci word after word), and the blanks
 * and marks after it, for as long as one does.  A Latin filler must end a
 * word. */
static size_t after_fillers_by_hand(const ts_words *f, const char *s, size_t n)
{
	size_t i = 0;
	for (int again = 1; again;) {
		again = 0;
		for (size_t m; i < n && (m = s[i] == ' ' ? 1 : mark_by_hand(s + i, n - i));)
			i += m;
		for (size_t k = 0; k < f->n && i < n && !again; k++) {
			size_t m = ts_word_prefix_ci(&f->v[k], s + i, n - i);
			again = m && !(i + m < n && ts_ascii_letter(s[i + m]));
			i += again ? m : 0;
		}
	}
	return i;
}

/* A Chinese reply's fillers are passed over as by hand, on texts made at
 * random of the fillers of zh, fillers cut short, characters of their
 * first two bytes (嗅 E5 97 85 beside 嗯 E5 97 AF) or first byte only
 * (咖 E5 92 96 beside 呃 E5 91 83), other characters, letters, blanks and
 * marks. */
static void after_fillers_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"嗯", "恩", "哦", "噢", "喔", "啊", "呃", "唉", "诶", "哎", "怎么说呢", "怎么", "嗅",
		"咖", "是", "对", "\xE5", "\xE5\x97", " ", " ", "，", "。", "…", "a", "ok"};
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *zh = ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")];
	const ts_words *f = TS_CUES(zh, FILLERS);
	uint64_t seed = 0x510E527FADE682D1ull;
	size_t past = 0;
	for (int round = 0; round < 30000; round++) {
		char s[200];
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 8), &seed);
		size_t got = ts_cue_after_fillers(zh, s, n), want = after_fillers_by_hand(f, s, n);
		if (got != want)
			fail_msg("'%.*s': %zu, %zu by hand", (int)n, s, got, want);
		past += got > 0;
	}
	assert_true(past > 10000);
	ts_context_free(ctx);
}

/* A list of the n words that compares without case, as the cue lists. */
static void cue_list(ts_words *l, const char *const *words, size_t n)
{
	ts_words_init(l, 1);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(ts_words_add(l, words[k]), 0);
	assert_int_equal(ts_words_finish(l), -1);
}

/* Whether clause s[0..n) is one of the words of l said once or more, by
 * its definition (reply_cues.h): every word tried, without an index or
 * any filter, its place in s found by ts_word_prefix_ci word after word. */
static int clause_is_by_hand(const ts_words *l, const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return l->n > 0;
	for (size_t k = 0; k < l->n; k++) {
		size_t i = 0, m;
		while (i < n && (m = ts_word_prefix_ci(&l->v[k], s + i, n - i)))
			i += m;
		if (i == n)
			return 1;
	}
	return 0;
}

/* A first clause that is a cue said once or more ("yes", "no no"): the
 * same as by hand on texts made at random of cues in any case, said
 * again, cut short, with characters that fold into ASCII (K, the Kelvin
 * sign; ’) or out of it (é), and blanks and marks between. */
static void first_clause_as_by_hand(void **state)
{
	(void)state;
	static const char *const words[] = {"ok", "yes", "no", "that's", "kk", "é", "i do", "indeed"};
	static const char *const pieces[] = {
		"ok", "OK", "Ok", "o", "yes", "YES", "ye", "no", "NO", "that's", "THAT\xE2\x80\x99S", "k",
		"\xE2\x84\xAA", "K", "\xC3\xA9", "\xC3\x89", "i", "I do", "indeed", " ", " ", ",", "."};
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *en = ctx->res.langs->lang[test_lang(ctx->res.langs, "en")];
	ts_words l;
	cue_list(&l, words, sizeof words / sizeof *words);
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	size_t found = 0;
	for (int round = 0; round < 40000; round++) {
		char s[200], what[96];
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 8), &seed);
		int got = ts_cue_first_clauses(en, s, n, 1, &l, NULL, what, sizeof what);
		size_t i = ts_cue_after_fillers(en, s, n);
		int want = i < n && clause_is_by_hand(&l, s + i, ts_cue_clause_end(s, n, i) - i);
		if (got != want)
			fail_msg("'%.*s': %d, %d by hand", (int)n, s, got, want);
		found += got;
	}
	assert_true(found > 2000);
	ts_words_free(&l);
	ts_context_free(ctx);
}

/* The cues of a reply read on its text folded once (ts_cue_text, shared
 * by every list asked of it, in the order qa.c asks them) are those of
 * each list on the text as it is: English and Chinese texts made at
 * random of cues in any case, fillers, characters that fold out of place
 * (’, K the Kelvin sign: no fold then), that fold in place (é É), blanks
 * and marks, some longer than a fold's room (TS_CUE_FOLD_MAX).  The first
 * clauses' lists asked all at once (ts_cue_text_first_clauses_all, on a
 * text of its own, folded for them) hold where each holds alone, also
 * for more clauses than it finds at once. */
static void cue_text_as_bare(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"Well", "well ", "UM", "so", "ok", "OK", "yes", "Yes", "no", "NO", "i do", "I Don't",
		"that's right", "THAT\xE2\x80\x99S right", "sure", "Go ahead", "happy to", "i agree",
		"You're right", "Let me check", "HOLD ON", "bear with me", "noted", "I'll check",
		"so you're saying", "You mean", "\xE2\x84\xAA", "\xC3\xA9", "\xC3\x89", "x",
		"\xE5\xAF\xB9", "\xE5\xAF\xB9\xE7\x9A\x84", "\xE5\x97\xAF", "\xE5\xA5\xBD",
		"\xE7\xA8\x8D\xE7\xAD\x89", "\xE6\x88\x91\xE5\x90\x8C\xE6\x84\x8F",
		"\xE4\xB9\x9F\xE5\xB0\xB1\xE6\x98\xAF\xE8\xAF\xB4", " ", " ", ",", ".", "?",
		"\xEF\xBC\x8C", "\xE3\x80\x82", "\xE2\x80\xA6"};
	ts_context *ctx = test_context(NULL, NULL);
	const ts_lang *langs[2] = {ctx->res.langs->lang[test_lang(ctx->res.langs, "en")],
	                           ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")]};
	uint64_t seed = 0x510E527FADE682D1ull;
	size_t found = 0, long_ones = 0;
	static char s[1400];
	for (int round = 0; round < 20000; round++) {
		const ts_lang *lang = langs[round & 1];
		int parts = round % 50 == 7 ? 400 : 1 + (int)(test_random(&seed) % 10);
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces, parts, &seed);
		long_ones += n > TS_CUE_FOLD_MAX;
		ts_cue_text t;
		ts_cue_text_set(&t, s, n, 1);
		char got[96], want[96];
		size_t i = ts_cue_text_after_fillers(lang, &t);
		assert_int_equal(i, ts_cue_after_fillers(lang, s, n));
		static const struct {
			int count, list, inside;
		} first[] = {{3, TS_L_R_AGREE, TS_L_R_AGREE_IN},
		             {1, TS_L_R_YES_NO, -1},
		             {2, TS_L_R_GRANT, TS_L_R_GRANT_IN},
		             {6, TS_L_R_GRANT, TS_L_R_AGREE_IN}};
		enum { NFIRST = sizeof first / sizeof *first };
		ts_cue_ask ask[NFIRST];
		int three[3], all[NFIRST], each[NFIRST];
		for (size_t k = 0; k < NFIRST; k++)
			ask[k] = (ts_cue_ask){first[k].count, &lang->list[first[k].list],
			                      first[k].inside < 0 ? NULL : &lang->list[first[k].inside]};
		ts_cue_text ta;
		ts_cue_text_set(&ta, s, n, 1);
		/* the three the model asks, then all four (one of more clauses) */
		ts_cue_text_first_clauses_all(&ta, i, ask, 3, three);
		ts_cue_text_first_clauses_all(&ta, i, ask, NFIRST, all);
		for (size_t k = 0; k < NFIRST; k++) {
			const ts_words *in = ask[k].inside;
			got[0] = want[0] = '\0';
			int g = ts_cue_text_first_clauses(&t, i, first[k].count, &lang->list[first[k].list],
			                                  in, got, sizeof got);
			int w = ts_cue_first_clauses_from(s, n, i, first[k].count,
			                                  &lang->list[first[k].list], in, want, sizeof want);
			if (g != w || strcmp(got, want))
				fail_msg("'%.*s' list %zu: %d '%s', %d '%s' bare", (int)n, s, k, g, got, w, want);
			each[k] = g;
			found += g;
		}
		for (size_t k = 0; k < NFIRST; k++)
			if (all[k] != each[k] || (k < 3 && three[k] != each[k]))
				fail_msg("'%.*s' list %zu: %d at once, %d alone", (int)n, s, k, all[k], each[k]);
		static const int holds[] = {TS_L_R_NOTE, TS_L_R_STALL};
		for (size_t k = 0; k < sizeof holds / sizeof *holds; k++) {
			const ts_words *l = &lang->list[holds[k]];
			int g = ts_cue_text_holds(l, &t, 0, n, got, sizeof got);
			int w = ts_cue_holds(l, s, n, want, sizeof want);
			assert_int_equal(g, w);
			if (g)
				assert_string_equal(got, want);
			found += g;
		}
		const ts_words *r = TS_CUES(lang, REFORMULATE);
		long g = ts_cue_text_starts(r, &t, i);
		assert_int_equal(g, i < n ? ts_cue_starts(r, s + i, n - i) : -1);
		found += g >= 0;
	}
	assert_true(found > 3000);
	assert_true(long_ones > 100);
	ts_context_free(ctx);
}

/* ts_cue_first_clauses_from with one clause and no list inside (the
 * yes/no rule) does not find the clause's end when no word of the list
 * opens it: the same as by hand from every place of texts made at random
 * of Chinese cues, said again, cut short, other characters of their first
 * bytes (对 E5 AF B9, 将 E5 B0 86), blanks and marks, where a clause may
 * be empty or blanks only. */
static void first_clause_from_as_by_hand(void **state)
{
	(void)state;
	static const char *const words[] = {"对", "对的", "是", "是的", "没有", "不是", "不", "嗯对"};
	static const char *const pieces[] = {
		"对", "对的", "是", "的", "没", "有", "不", "嗯", "将", "好", " ", " ", "，", "。", "？",
		"、", "…", ",", "a"};
	ts_words l;
	cue_list(&l, words, sizeof words / sizeof *words);
	uint64_t seed = 0xBB67AE8584CAA73Bull;
	size_t found = 0, empty = 0;
	for (int round = 0; round < 20000; round++) {
		char s[200], what[96];
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 6), &seed);
		for (size_t i = 0; i <= n; i++) {
			int got = ts_cue_first_clauses_from(s, n, i, 1, &l, NULL, what, sizeof what);
			size_t e = i < n ? ts_cue_clause_end(s, n, i) : n;
			int want = i < n && clause_is_by_hand(&l, s + i, e - i);
			if (got != want)
				fail_msg("'%.*s' from %zu: %d, %d by hand", (int)n, s, i, got, want);
			found += got;
			empty += got && !what[0];
		}
	}
	assert_true(found > 5000);
	assert_true(empty > 500);
	ts_words_free(&l);
}

static void similarity(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	const ts_langs *ls = ctx->res.langs;
	const ts_lang *zh = ls->lang[test_lang(ls, "zh")], *en = ls->lang[test_lang(ls, "en")];
	/* lexical overlap: the same words, not the same meaning */
	const char *a = "这两家企业有没有工会？", *b = "那这两家企业到底有没有工会呢？", *c2 = "您贵姓？";
	assert_true(ts_qa_similarity(ctx->res.tc, zh, a, strlen(a), b, strlen(b)) >= 0.5);
	assert_true(ts_qa_similarity(ctx->res.tc, zh, a, strlen(a), c2, strlen(c2)) == 0);
	const char *e1 = "Did the President speak with the Attorney General?";
	const char *e2 = "Has the President had a conversation with the Attorney General?";
	assert_true(ts_qa_similarity(ctx->res.tc, en, e1, strlen(e1), e2, strlen(e2)) >= 0.5);
	ts_context_free(ctx);
}

/* A reason as docs/qa.md reads its placeholders, written whole into a
 * buffer of 4096 bytes, then cut as the pairs' why is: to 511 bytes, then
 * to cap - 1.  A '{' is a placeholder when a '}' follows it, named by
 * the first of what, name, tie, part, count, total, dsent that its name
 * starts (the empty name too), nsent otherwise. */
static void reason_by_hand(const char *fmt, const char *what, int d, size_t count, size_t total,
                           size_t dsent, size_t nsent, int part, char *why, size_t cap)
{
	static const char *const names[] = {"what", "name", "tie", "part", "count", "total", "dsent"};
	char whole[4096];
	size_t o = 0;
	for (const char *f = fmt; *f;) {
		const char *close = *f == '{' ? strchr(f, '}') : NULL;
		if (!close) {
			whole[o++] = *f++;
			continue;
		}
		size_t len = (size_t)(close - f - 1), n = 0;
		while (n < 7 && strncmp(f + 1, names[n], len))
			n++;
		size_t values[] = {0, 0, 0, 0, count, total, dsent, nsent};
		if (n == 0)
			o += (size_t)sprintf(whole + o, "%s", what);
		else if (n == 1)
			o += (size_t)sprintf(whole + o, "%s", d >= 0 ? ts_reply_name(ts_category_reply(d)) : "");
		else if (n == 2)
			o += (size_t)sprintf(whole + o, "%s", count * 2 == total ? ", the later on a tie" : "");
		else if (n == 3)
			o += (size_t)sprintf(whole + o, "%s", part ? " in its part of the reply" : "");
		else
			o += (size_t)sprintf(whole + o, "%zu", values[n]);
		f = close + 1;
	}
	whole[o] = '\0';
	if (o > 511)
		whole[511] = '\0';
	snprintf(why, cap, "%s", whole);
}

/* The reasons written a run of text at a time and a placeholder at a
 * time: the same as by hand, for formats made at random of placeholders
 * whole and cut short, braces alone and long text, cut at any size. */
static void reasons_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"{what}", "{name}", "{tie}", "{part}", "{count}", "{total}", "{dsent}", "{nsent}", "{}",
		"{w}", "{t}", "{xyz}", "{", "}", "'", " deflects ", "x", "没有", "{pa}",
		"0123456789012345678901234567890123456789012345678901234567890123456789"};
	static const size_t caps[] = {1, 2, 17, 96, 200, 511, 512, 513, 600};
	uint64_t seed = 0x853C49E6748FEA9Bull;
	for (int round = 0; round < 20000; round++) {
		char fmt[1200], what[96], got[700], want[700];
		size_t n = test_pieces(fmt, sizeof fmt - 1, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 30), &seed);
		fmt[n] = '\0';
		size_t wn = test_pieces(what, sizeof what - 1, pieces + 13, 7, (int)(test_random(&seed) % 9), &seed);
		what[wn] = '\0';
		uint64_t r = test_random(&seed);
		int d = (int)(r % (TS_CAT_COUNT + 1)) - 1, part = (int)(r >> 8 & 1);
		size_t count = r >> 16 & 7, total = r >> 20 & 15, dsent = r >> 24 & 0xFFFF, nsent = r >> 40;
		size_t cap = caps[(r >> 9) % (sizeof caps / sizeof *caps)];
		ts_qa_reason(fmt, what, d, count, total, dsent, nsent, part, got, cap);
		reason_by_hand(fmt, what, d, count, total, dsent, nsent, part, want, cap);
		if (strcmp(got, want))
			fail_msg("'%s' cut at %zu: '%s', by hand '%s'", fmt, cap, got, want);
	}
}

/* The rules' reasons, written out in pieces: each the same as its text
 * written by hand, for cues and numbers at random (the largest too), cut
 * at any size. */
static void rule_reasons_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {"'", " deflects ", "x", "没有", "{what}", "}",
	                                     "0123456789012345678901234567890123456789"};
	static const size_t caps[] = {1, 2, 5, 17, 30, 45, 60, 96, 511, 512, 513, 600};
	uint64_t seed = 0xBB67AE8584CAA73Bull;
	size_t rules = 0;
	for (; ts_qa_rule_reason(rules, "", -1, 0, 0, 0, 0, 0, (char[8]){0}, 8); rules++)
		;
	assert_true(rules >= 14);
	for (int round = 0; round < 20000; round++) {
		char what[96], got[700], want[700];
		size_t wn = test_pieces(what, sizeof what - 1, pieces, 7, (int)(test_random(&seed) % 9), &seed);
		what[wn] = '\0';
		uint64_t r = test_random(&seed);
		int d = (int)(r % (TS_CAT_COUNT + 1)) - 1, part = (int)(r >> 8 & 1);
		size_t count = r >> 16 & 7, total = r >> 20 & 15, dsent = r >> 24 & 0xFFFF, nsent = r >> 40;
		if (round % 7 == 0)
			dsent = SIZE_MAX - (r >> 50);
		size_t cap = caps[(r >> 9) % (sizeof caps / sizeof *caps)];
		size_t rule = round % rules;
		const char *fmt = ts_qa_rule_reason(rule, what, d, count, total, dsent, nsent, part, got, cap);
		reason_by_hand(fmt, what, d, count, total, dsent, nsent, part, want, cap);
		if (strcmp(got, want))
			fail_msg("rule %zu '%s' cut at %zu: '%s', by hand '%s'", rule, fmt, cap, got, want);
	}
}

/* The clause marks by their definition (reply_cues.h): ，。？！、；：… ——
 * and , . ? ! ; : ; the first place from i where one starts, or n. */
static size_t clause_end_by_hand(const char *s, size_t n, size_t i)
{
	static const char *const marks[] = {",", ".", "?", "!", ";", ":", "，", "。", "？", "！",
	                                    "、", "；", "：", "…", "——"};
	for (; i < n; i++)
		for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
			if (n - i >= strlen(marks[k]) && !memcmp(s + i, marks[k], strlen(marks[k])))
				return i;
	return n;
}

/* A clause's end is found passing over ideographs three bytes at a time:
 * the same place as the marks looked for at every byte, from every place
 * (the middle of a character too) of texts of ideographs, the marks, their
 * near misses (one — , （ and others of the same first bytes), Latin
 * letters, stray leads and continuation bytes. */
static void clause_end_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"是", "不", "工", "会", "好", "，", "。", "？", "！", "、", "；", "：", "…", "——", "—",
		",", ".", "?", ";", "a", " ", "（", "\xEF\xBC\x8D", "\xE3\x80\x83", "\xE2\x80\xA5",
		"\xE4", "\xE4,", "\xE9\xBF", "\x80", "\xEE\x80\x80", "\xEF\xBF\xBF", "\xE1\x80\x80"};
	uint64_t seed = 0x6A09E667F3BCC908ull;
	size_t marked = 0;
	for (int round = 0; round < 20000; round++) {
		char s[256];
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 24), &seed);
		for (size_t i = 0; i <= n; i++) {
			size_t got = ts_cue_clause_end(s, n, i), want = clause_end_by_hand(s, n, i);
			if (got != want)
				fail_msg("'%.*s' from %zu: %zu, by hand %zu", (int)n, s, i, got, want);
			marked += want < n;
		}
	}
	assert_true(marked > 100000);
}

/* From an ASCII byte a clause's end is looked for sixteen bytes at a
 * time: runs of English longer than that, with each mark and each byte
 * that may start a character of one (E2 E3 EF) or an ideograph (E4 to
 * EE) at every place of a run, must end where the marks looked for at
 * every byte end them. */
static void clause_end_in_ascii_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"the workers can file", " a complaint with the", "x", "y z", ",", ".", "?", "!", ";",
		":", "-", "/", "<", "@", "…", "——", "—", "’", "是", "，", "\xEF\xBC\x8D", "\xE3\x80\x83",
		"\xEE\x80\x80", "\xE1\x80\x80", "\xF0\x9F\x98\x80", "\xC3\xA9", "\x7F", "\xE4"};
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	size_t marked = 0, long_runs = 0;
	for (int round = 0; round < 20000; round++) {
		char s[256];
		/* mostly the long runs, a few of the rest between them */
		size_t n = 0;
		for (int p = 1 + (int)(test_random(&seed) % 8); p > 0; p--) {
			uint64_t r = test_random(&seed);
			const char *w = pieces[r % 4 ? r % 3 : (r >> 8) % (sizeof pieces / sizeof *pieces)];
			size_t wl = strlen(w);
			if (n + wl > sizeof s)
				break;
			memcpy(s + n, w, wl);
			n += wl;
		}
		for (size_t i = 0; i <= n; i++) {
			size_t got = ts_cue_clause_end(s, n, i), want = clause_end_by_hand(s, n, i);
			if (got != want)
				fail_msg("'%.*s' from %zu: %zu, by hand %zu", (int)n, s, i, got, want);
			marked += want < n;
			long_runs += want - i >= 16 && want < n;
		}
	}
	assert_true(marked > 100000);
	assert_true(long_runs > 100000);
}

/* The first call of text, read in *r (the caller closes it), and its
 * questions and pairs in qa (the caller frees them). */
static const ts_call *qa_of_text(ts_context *ctx, const char *text, ts_reader **r, ts_qa *qa)
{
	*r = open_text(ctx, text);
	const ts_call *c = next_call(*r);
	ts_error err;
	assert_int_equal(ts_qa_call(&ctx->res, NULL, c, NULL, 0, qa, &err), 0);
	return c;
}

/* Whether turn t of c is only questions (no tags) and backchannels, with
 * a question among them, as the counter-question rule defines it: each
 * sentence read on its own. */
static int only_questions_slow(const ts_context *ctx, const ts_lang *zh, const ts_turn *t)
{
	ts_sentence sn[32];
	size_t ns = ts_sentences(zh, t->text, t->len, sn, 32);
	assert_true(ns <= 32);
	int questions = 0;
	ts_buf fold = {0};
	for (size_t k = 0; k < ns; k++) {
		ts_qtype type;
		int q = ts_sentence_question(zh, t->text, &sn[k], &fold, &type);
		assert_true(q >= 0);
		if (q && type != TS_Q_TAG)
			questions = 1;
		else if (!ts_backchannel_is(ctx->res.bc, ctx->res.tc, t->text + sn[k].start,
		                            sn[k].end - sn[k].start)) {
			ts_buf_free(&fold);
			return 0;
		}
	}
	ts_buf_free(&fold);
	return questions;
}

/* A reply sentence that is its whole turn is a backchannel or not as the
 * turn is (read once with the call), one of several is read on its own:
 * replies made at random of backchannels, questions, tags and statements,
 * alone or several to a turn, are questions back exactly when each of
 * their sentences, read on its own, is a question or a backchannel. */
static void counter_questions_as_by_sentence(void **state)
{
	(void)state;
	static const char *const pieces[] = {"嗯。", "好的。", "嗯嗯", "对对。", "你是哪里的？",
	                                     "有什么事？", "是吧？", "我们已经派人过去了。", "嗯",
	                                     "好", "那个，具体什么情况？", "谢谢。"};
	const size_t np = sizeof pieces / sizeof *pieces;
	ts_context *ctx = test_context(NULL, "甲");
	const ts_lang *zh = ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")];
	uint64_t seed = 0xBB67AE8584CAA73Bull;
	size_t counter = 0, other = 0;
	for (int round = 0; round < 300; round++) {
		char text[4096];
		size_t len = 0;
		for (int k = 0; k < 8; k++) {
			len += (size_t)snprintf(text + len, sizeof text - len, "甲：你们知道这个事情吗？\n乙：");
			len += test_pieces(text + len, 200, pieces, np,
			                   1 + (int)(test_random(&seed) % 3), &seed);
			text[len++] = '\n';
		}
		text[len] = '\0';
		ts_reader *r;
		ts_qa qa;
		const ts_call *c = qa_of_text(ctx, text, &r, &qa);
		for (size_t i = 0; i < qa.npairs; i++) {
			const ts_qa_pair *p = &qa.pairs[i];
			assert_true(p->reply_turn >= 0);
			int want = only_questions_slow(ctx, zh, &c->turns[p->reply_turn]);
			if ((p->reply == TS_R_COUNTER_QUESTION) != want)
				fail_msg("'%.*s': %s", (int)c->turns[p->reply_turn].len,
				         c->turns[p->reply_turn].text, ts_reply_name(p->reply));
			counter += want;
			other += !want;
		}
		ts_qa_free(&qa);
		ts_reader_close(r);
	}
	assert_true(counter > 200);
	assert_true(other > 200);
	ts_context_free(ctx);
}

/* The questions of a call are its turns' sentences read one by one, in
 * text order: its sentences are found into one array, in place, a turn
 * whose sentences do not fit in the room left split again once more is
 * made.  Turns of one to hundreds of sentences at random, the questions
 * found as each turn split apart and each sentence asked finds them. */
static void questions_as_turn_by_turn(void **state)
{
	(void)state;
	static const char *const pieces[] = {"你们知道这个事情吗？", "好的。", "嗯嗯", "你是哪里的？",
	                                     "我们已经派人过去了。", "是吧？", "有没有人管？", "谢谢。"};
	const size_t np = sizeof pieces / sizeof *pieces;
	ts_context *ctx = test_context(NULL, "甲");
	const ts_lang *zh = ctx->res.langs->lang[test_lang(ctx->res.langs, "zh")];
	static char text[1 << 16];
	uint64_t seed = 0x510E527FADE682D1ull;
	size_t many = 0;
	for (int round = 0; round < 40; round++) {
		size_t len = 0;
		for (int k = 0; k < 12; k++) {
			int parts = 1 + (int)(test_random(&seed) % (k % 5 ? 4 : 300));
			len += (size_t)snprintf(text + len, sizeof text - len, "%s：", k % 2 ? "乙" : "甲");
			len += test_pieces(text + len, sizeof text - len - 2, pieces, np, parts, &seed);
			text[len++] = '\n';
		}
		text[len] = '\0';
		ts_reader *r;
		ts_qa qa;
		const ts_call *c = qa_of_text(ctx, text, &r, &qa);
		size_t at = 0;
		ts_buf fold = {0};
		for (size_t t = 0; t < c->nturns; t++) {
			const ts_turn *turn = &c->turns[t];
			size_t ns = ts_sentences(zh, turn->text, turn->len, NULL, 0);
			ts_sentence *sn = calloc(ns ? ns : 1, sizeof *sn);
			assert_int_equal(ts_sentences(zh, turn->text, turn->len, sn, ns), ns);
			many += ns > 100;
			for (size_t k = 0; k < ns; k++) {
				ts_qtype type;
				if (ts_sentence_question(zh, turn->text, &sn[k], &fold, &type) <= 0)
					continue;
				assert_true(at < qa.nquestions);
				assert_int_equal(qa.questions[at].turn, t);
				assert_int_equal(qa.questions[at].start, sn[k].start);
				assert_int_equal(qa.questions[at].end, sn[k].end);
				assert_int_equal(qa.questions[at].type, type);
				at++;
			}
			free(sn);
		}
		assert_int_equal(at, qa.nquestions);
		ts_buf_free(&fold);
		ts_qa_free(&qa);
		ts_reader_close(r);
	}
	assert_true(many > 20);
	ts_context_free(ctx);
}

/* The pairs of a call of questions and replies at random, each made of
 * fillers, cues of every rule (yes or no, agreement, grants, notes,
 * stalls, restatements) and statements: each classed as in a call of
 * its question turn and reply alone.  What a reply's rules find once for
 * all its questions (the fillers before its first clause, its cues) must
 * be found again for the next reply. */
static void pairs_as_alone(void **state)
{
	(void)state;
	static const char *const questions[] = {"你们知道这个事情吗？", "是这样的吧？", "你是哪里的？",
	                                        "请你帮我转达一下？", "有没有人管？", "你们能帮工人维权吗？"};
	static const char *const pieces[] = {"嗯，", "啊", "哦，", "怎么说呢，", "对", "是的，", "没有。",
	                                     "好的。", "可以", "您说吧", "记下了。", "稍等", "也就是说，",
	                                     "你的意思是", "我们已经派人过去了。", "这个事情我们知道，",
	                                     "说得对", "……", "我不知道。"};
	const size_t np = sizeof pieces / sizeof *pieces;
	/* (speakers named: a call alone has each label once) */
	ts_context *ctx = test_context("甲,乙", "甲");
	uint64_t seed = 0x1F83D9ABFB41BD6Bull;
	size_t pairs = 0, with_cue = 0;
	for (int round = 0; round < 200; round++) {
		char text[4096], alone[8][512];
		size_t len = 0;
		for (int k = 0; k < 8; k++) {
			size_t a = (size_t)snprintf(alone[k], sizeof alone[k], "甲：");
			for (int q = 0; q < 1 + (int)(test_random(&seed) % 3 == 0); q++)
				a += (size_t)snprintf(alone[k] + a, sizeof alone[k] - a, "%s",
				                      questions[(test_random(&seed) >> 32) % 6]);
			a += (size_t)snprintf(alone[k] + a, sizeof alone[k] - a, "\n乙：");
			a += test_pieces(alone[k] + a, 200, pieces, np, 1 + (int)(test_random(&seed) % 4),
			                 &seed);
			alone[k][a++] = '\n';
			alone[k][a] = '\0';
			len += (size_t)snprintf(text + len, sizeof text - len, "%s", alone[k]);
		}
		ts_reader *r;
		ts_qa qa;
		qa_of_text(ctx, text, &r, &qa);
		size_t i = 0;
		for (int k = 0; k < 8; k++) {
			ts_reader *ra;
			ts_qa qb;
			qa_of_text(ctx, alone[k], &ra, &qb);
			for (size_t j = 0; j < qb.npairs; j++, i++) {
				assert_true(i < qa.npairs);
				const ts_qa_pair *p = &qa.pairs[i], *want = &qb.pairs[j];
				assert_int_equal(qa.questions[p->question].turn, 2 * (size_t)k);
				if (p->reply != want->reply || p->clarity != want->clarity || strcmp(p->why, want->why))
					fail_msg("'%s': %s (%s), alone %s (%s)", alone[k], ts_reply_name(p->reply),
					         p->why, ts_reply_name(want->reply), want->why);
				pairs++;
				with_cue += strchr(want->why, '\'') != NULL;
			}
			ts_qa_free(&qb);
			ts_reader_close(ra);
		}
		assert_int_equal(i, qa.npairs);
		ts_qa_free(&qa);
		ts_reader_close(r);
	}
	assert_true(pairs > 1000);
	assert_true(with_cue > 300);
	ts_context_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_worked_call),
		cmocka_unit_test(replies_in_their_own_language),
		cmocka_unit_test(rule_reasons_as_by_hand),
		cmocka_unit_test(counter_questions_as_by_sentence),
		cmocka_unit_test(questions_as_turn_by_turn),
		cmocka_unit_test(per_item_clarity),
		cmocka_unit_test(reasks_within_window),
		cmocka_unit_test(reasks_across_the_ring),
		cmocka_unit_test(work_kept_between_calls),
		cmocka_unit_test(reasks_as_by_similarity),
		cmocka_unit_test(many_questions_one_reply),
		cmocka_unit_test(curly_apostrophes),
		cmocka_unit_test(english_replies),
		cmocka_unit_test(english_reply_parts),
		cmocka_unit_test(clauses_as_by_hand),
		cmocka_unit_test(first_clause_as_by_hand),
		cmocka_unit_test(after_fillers_as_by_hand),
		cmocka_unit_test(first_clause_from_as_by_hand),
		cmocka_unit_test(cue_text_as_bare),
		cmocka_unit_test(similarity),
		cmocka_unit_test(reasons_as_by_hand),
		cmocka_unit_test(clause_end_as_by_hand),
		cmocka_unit_test(clause_end_in_ascii_as_by_hand),
		cmocka_unit_test(pairs_as_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
