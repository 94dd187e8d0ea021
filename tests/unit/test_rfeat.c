/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "analyse/questions.h"
#include "analyse/rfeat.h"

/* The value of named feature id in v, 0 when it is not there. */
static double named(const ts_rfvec *v, int id)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].index == (uint32_t)id)
			return v->v[i].value;
	return 0;
}

static void features(ts_context *ctx, const char *q, const char *r, const ts_rf_defl *d, size_t nd,
                     ts_rfvec *v)
{
	int en = ts_langs_find(&ctx->langs, "en");
	assert_true(en >= 0);
	assert_int_equal(ts_rfeat(&ctx->res, en, q, strlen(q), r, strlen(r), d, nd, 10, v), 0);
}

/* Named features worked by hand. */
static void named_features(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0};
	/* "No," opens with a direct no; the reply repeats "sanctions" and
	 * "Russia" of the question's content words (sanctions, lifted, Russia:
	 * 2 of 3); two sentences, seven words */
	features(ctx, "Will the sanctions on Russia be lifted?", "No, sanctions on Russia stay. They stay.", NULL, 0, &v);
	assert_true(named(&v, TS_RF_BIAS) == 1);
	assert_true(named(&v, TS_RF_Q_YESNO) == 1);
	assert_true(named(&v, TS_RF_Q_NONE) == 0);
	assert_true(named(&v, TS_RF_YES_NO) == 1);
	assert_true(fabs(named(&v, TS_RF_OVERLAP) - 2.0 / 3) < 1e-6);
	assert_true(named(&v, TS_RF_OVERLAP_HALF) == 1);
	assert_true(named(&v, TS_RF_LEN_2) == 1);  /* 7 words */
	assert_true(named(&v, TS_RF_SENT_2) == 1);
	assert_true(named(&v, TS_RF_R_ASKS) == 0);
	/* a question back, a topic phrase for a question, a referral in the
	 * last of two sentences */
	ts_rf_defl d[] = {{strlen("What do you mean? "), TS_CAT_REFERRAL}};
	features(ctx, "On the budget", "What do you mean? Ask the Treasury.", d, 1, &v);
	assert_true(named(&v, TS_RF_Q_NONE) == 1);
	assert_true(named(&v, TS_RF_R_ASKS) == 1);
	assert_true(named(&v, TS_RF_R_OPENS_ASKING) == 1);
	assert_true(named(&v, TS_RF_R_ONLY_ASKS) == 0);
	assert_true(named(&v, TS_RF_D_REFERRAL) == 1);
	assert_true(named(&v, TS_RF_DO_REFERRAL) == 0);
	assert_true(named(&v, TS_RF_DL_REFERRAL) == 1);
	assert_true(named(&v, TS_RF_D_SHARE) == 0.5);
	assert_true(named(&v, TS_RF_OVERLAP_NONE) == 1);
	/* a question back first, then a statement, then another question: it
	 * asks, opens asking, and does not only ask */
	features(ctx, "On the budget", "Why not? We decide. Why ask?", NULL, 0, &v);
	assert_true(named(&v, TS_RF_R_ASKS) == 1);
	assert_true(named(&v, TS_RF_R_OPENS_ASKING) == 1);
	assert_true(named(&v, TS_RF_R_ONLY_ASKS) == 0);
	features(ctx, "On the budget", "Why not? Why ask?", NULL, 0, &v);
	assert_true(named(&v, TS_RF_R_ONLY_ASKS) == 1);
	/* a statement, then a question back */
	features(ctx, "On the budget", "We decide. Why ask?", NULL, 0, &v);
	assert_true(named(&v, TS_RF_R_ASKS) == 1);
	assert_true(named(&v, TS_RF_R_OPENS_ASKING) == 0);
	/* every content word of the question in the first of three
	 * sentences: all of it taken up, and in the opening */
	features(ctx, "Will the sanctions on Russia be lifted?",
	         "The sanctions on Russia are lifted. Then more. And more.", NULL, 0, &v);
	assert_true(named(&v, TS_RF_OVERLAP) == 1);
	assert_true(named(&v, TS_RF_OVERLAP_FIRST) == 1);
	ts_rfvec_free(&v);
}

/* The features added with the retrained model (docs/qa.md), worked by
 * hand: a question and reply, and named features with their values (0:
 * absent); at most eight a case. */
typedef struct fcase {
	const char *q, *r;
	struct {
		int id;
		double value;
	} want[8];
	int n;
} fcase;

static const fcase cases[] = {
	/* stems meet: the question's content words are policies and issued
	 * (the, be, will are stop words); "policy" and "issue" in the second
	 * sentence take up both; a yes/no question without a yes or no */
	{"Will the policies be issued?", "We studied it. The policy was an issue once.",
	 {{TS_RF_OVERLAP, 1}, {TS_RF_OVERLAP_FIRST, 1}, {TS_RF_OVERLAP_BEST, 1}, {TS_RF_OVERLAP_AT_2, 1},
	  {TS_RF_OVERLAP_AT_1, 0}, {TS_RF_YESNO_NOT, 1}, {TS_RF_YESNO_OPENS, 0}, {TS_RF_NUMBERS_1, 0}}, 8},
	/* sanctions in the first sentence, Russia and lifted in the second:
	 * all three taken up, at most two of three in one sentence, the first
	 * in the opening sentence */
	{"Will the sanctions on Russia be lifted?", "Sanctions matter. Russia is lifted.",
	 {{TS_RF_OVERLAP, 1}, {TS_RF_OVERLAP_BEST, 2.0 / 3}, {TS_RF_OVERLAP_AT_1, 1}}, 3},
	/* numbers: three, then one; "cost" taken up, then nothing */
	{"What did it cost?", "It cost 40 million in 2019 and 3 more.",
	 {{TS_RF_NUMBERS_3, 1}, {TS_RF_NUMBERS_1, 0}, {TS_RF_WH_NO_OVERLAP, 0}}, 3},
	{"What did it cost?", "Ask me in 2019.",
	 {{TS_RF_NUMBERS_1, 1}, {TS_RF_NUMBERS_3, 0}, {TS_RF_WH_NO_OVERLAP, 1}}, 3},
	/* after the opening two sentences a marked question asks back, an
	 * unmarked interrogative form does not (in the opening it does) */
	{"On the budget", "We decide. We act. We wait. Why ask?", {{TS_RF_R_ASKS, 1}}, 1},
	{"On the budget", "We decide. We act. We wait. Why do we ask.", {{TS_RF_R_ASKS, 0}}, 1},
	{"On the budget", "Why do we ask. We decide.", {{TS_RF_R_ASKS, 1}}, 1},
	/* stems cut by a word's last eight letters or more (bee of
	 * beeeeeeeeee and of beeeeeeeeeeee: e after e while more than three
	 * are left) and by fewer (bee of bees, stud of studied and of study)
	 * meet */
	{"Beeeeeeeeeeee studied?", "Bees study.", {{TS_RF_OVERLAP, 1}}, 1},
	{"Were bees studied?", "Beeeeeeeeee, we study.", {{TS_RF_OVERLAP, 1}}, 1},
};

static void overlap_and_specifics(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0};
	/* Chinese: units are pairs of adjacent content characters; 补贴发放
	 * has 补贴 贴发 发放, and 补贴下月发放 repeats 补贴 and 发放 of them */
	int zh = ts_langs_find(&ctx->langs, "zh");
	assert_true(zh >= 0);
	const char *q = "补贴发放", *r = "补贴下月发放。";
	assert_int_equal(ts_rfeat(&ctx->res, zh, q, strlen(q), r, strlen(r), NULL, 0, 10, &v), 0);
	assert_true(fabs(named(&v, TS_RF_OVERLAP) - 2.0 / 3) < 1e-6);
	assert_true(named(&v, TS_RF_OVERLAP_AT_1) == 1);
	r = "我们没有。";
	assert_int_equal(ts_rfeat(&ctx->res, zh, q, strlen(q), r, strlen(r), NULL, 0, 10, &v), 0);
	assert_true(named(&v, TS_RF_OVERLAP_NONE) == 1);
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		features(ctx, cases[c].q, cases[c].r, NULL, 0, &v);
		for (int i = 0; i < cases[c].n; i++) {
			double got = named(&v, cases[c].want[i].id);
			if (fabs(got - cases[c].want[i].value) > 1e-6)
				fail_msg("case %zu, %s: %g, want %g", c, ts_rf_names[cases[c].want[i].id], got,
				         cases[c].want[i].value);
		}
	}
	ts_rfvec_free(&v);
}

/* The value of the hashed feature of kind `kind` and text t, or -1. */
static double hashed(const ts_rfvec *v, int kind, const char *t)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].kind == kind && v->v[i].len == strlen(t) && !memcmp(v->text.ptr + v->v[i].off, t, v->v[i].len))
			return v->v[i].value;
	return -1;
}

/* Counts damped to 1 + ln(count), the words block scaled to length 1:
 * "maybe" n times is the word 'maybe' n times, the pair 'maybe maybe'
 * n - 1 times, three opening words once each, and the question's 'why'
 * once as a word and once as its first word.  ("no" would not do: in 2^10 slots a character gram of it falls
 * in the slot of 'no no'.) */
static void damped_counts(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0};
	char reply[512] = "";
	static const int times[] = {3, 70, 3};
	for (int t = 0; t < 3; t++) {
		int n = times[t];
		reply[0] = '\0';
		for (int i = 0; i < n; i++)
			strcat(reply, i ? " maybe" : "maybe");
		features(ctx, "Why?", reply, NULL, 0, &v);
		double w = 1 + log(n), b = 1 + log(n - 1), len = sqrt(w * w + b * b + 5);
		assert_true(fabs(hashed(&v, TS_RFK_WORD, "maybe") - w / len) < 1e-6);
		assert_true(fabs(hashed(&v, TS_RFK_BIGRAM, "maybe maybe") - b / len) < 1e-6);
		assert_true(fabs(hashed(&v, TS_RFK_QWORD, "why") - 1 / len) < 1e-6);
	}
	ts_rfvec_free(&v);
}

/* A count that only the character grams make: in 2^10 slots the reply
 * "beta cedar"'s gram 'dar ' (of "beta cedar ", its folded text) falls in
 * the bucket of the pair 'beta cedar'.  The words' block is then the
 * words 'beta' and 'cedar', the pair, the two opening words and the
 * question's 'why' as a word and an opening word, six of count 1 and the
 * pair's of 2: 1 / sqrt(6 + (1 + ln 2)^2) each, (1 + ln 2) / sqrt(...) the
 * pair; the characters' block the other seven grams, of count 1 each:
 * 1 / sqrt(7). */
static void count_from_a_gram(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0};
	features(ctx, "Why?", "Beta cedar", NULL, 0, &v);
	double pair = 1 + log(2), len = sqrt(6 + pair * pair);
	size_t words = 0, chars = 0;
	for (size_t i = 0; i < v.n; i++) {
		const ts_rfent *e = &v.v[i];
		if (e->kind == TS_RFK_NAMED)
			continue;
		if (e->kind == TS_RFK_CHARS) {
			assert_false(e->len == 4 && !memcmp(v.text.ptr + e->off, "dar ", 4));
			assert_true(fabs(e->value - 1 / sqrt(7)) < 1e-6);
			chars++;
		} else {
			assert_true(fabs(e->value - (e->kind == TS_RFK_BIGRAM ? pair : 1) / len) < 1e-6);
			words++;
		}
	}
	assert_int_equal(words, 7);
	assert_int_equal(chars, 7);
	ts_rfvec_free(&v);
}

/* Each index once; the hashed blocks scaled to length 1; the same text
 * gives the same vector; a hashed feature's text is its words, folded. */
static void hashed_features(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0};
	features(ctx, "Why?", "We DON'T know, we don't.", NULL, 0, &v);
	double words = 0, chars = 0;
	int dont = 0;
	for (size_t i = 0; i < v.n; i++) {
		for (size_t j = i + 1; j < v.n; j++)
			assert_true(v.v[i].index != v.v[j].index);
		double x = v.v[i].value;
		if (v.v[i].kind == TS_RFK_CHARS)
			chars += x * x;
		else if (v.v[i].kind != TS_RFK_NAMED)
			words += x * x;
		if (v.v[i].kind == TS_RFK_WORD && v.v[i].len == 5 && !memcmp(v.text.ptr + v.v[i].off, "don't", 5))
			dont = 1;
	}
	assert_true(dont);
	assert_true(fabs(words - 1) < 1e-5 && fabs(chars - 1) < 1e-5);
	size_t n = v.n;
	ts_rfent *copy = malloc(n * sizeof *copy);
	memcpy(copy, v.v, n * sizeof *copy);
	features(ctx, "Why?", "We DON'T know, we don't.", NULL, 0, &v);
	assert_int_equal(v.n, n);
	for (size_t i = 0; i < n; i++)
		assert_true(copy[i].index == v.v[i].index && copy[i].value == v.v[i].value);
	free(copy);
	ts_rfvec_free(&v);
}

/* The vectors of a and of b (same question) are alike in every entry. */
static void same_vectors(const ts_rfvec *a, const ts_rfvec *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_true(a->v[i].index == b->v[i].index && a->v[i].value == b->v[i].value);
		assert_true(a->v[i].kind == b->v[i].kind && a->v[i].len == b->v[i].len);
		assert_memory_equal(a->text.ptr + a->v[i].off, b->text.ptr + b->v[i].off, a->v[i].len);
	}
}

/* A reply kept from the pair before (the questions of one turn share it)
 * gives what a fresh vector gives; a reply of the same length but other
 * words is read again. */
static void reply_kept(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec kept = {0}, fresh = {0};
	const char *r = "Why would we? Ask the Treasury. We decided it last year.";
	ts_rf_defl d[] = {{strlen("Why would we? "), TS_CAT_REFERRAL}};
	features(ctx, "Will you cut the budget?", r, d, 1, &kept);
	features(ctx, "Is it final? Who decided?", r, NULL, 0, &kept);
	features(ctx, "Is it final? Who decided?", r, NULL, 0, &fresh);
	same_vectors(&kept, &fresh);
	assert_true(named(&kept, TS_RF_R_OPENS_ASKING) == 1);
	assert_true(named(&kept, TS_RF_D_REFERRAL) == 0);
	/* the keys of the first two sentences read for one question, the
	 * third's then read for the next */
	features(ctx, "Would the Treasury ask?", r, NULL, 0, &kept);
	assert_true(named(&kept, TS_RF_OVERLAP) == 1);
	features(ctx, "Who decided it last year?", r, NULL, 0, &kept);
	ts_rfvec_free(&fresh);
	features(ctx, "Who decided it last year?", r, NULL, 0, &fresh);
	same_vectors(&kept, &fresh);
	assert_true(named(&kept, TS_RF_OVERLAP) == 1);
	assert_true(named(&kept, TS_RF_OVERLAP_FIRST) == 0);
	features(ctx, "Is it final?", "Yes, we do.", NULL, 0, &kept);
	features(ctx, "Is it final?", "No, we won.", NULL, 0, &kept);
	ts_rfvec_free(&fresh);   /* zeroes it too */
	features(ctx, "Is it final?", "No, we won.", NULL, 0, &fresh);
	same_vectors(&kept, &fresh);
	ts_rfvec_free(&kept);
	ts_rfvec_free(&fresh);
}

/* A vector kept from call to call is freed by ts_rfvec_trim only once a
 * buffer has grown past the bytes kept, and works as a new one after. */
static void trimmed(void **state)
{
	ts_context *ctx = *state;
	ts_rfvec v = {0}, fresh = {0};
	features(ctx, "Is it final?", "No, we won.", NULL, 0, &v);
	ts_rfvec_trim(&v, 1 << 20);
	assert_non_null(v.slot);
	assert_non_null(v.v);
	ts_rfvec_trim(&v, 16);
	assert_null(v.slot);
	assert_null(v.v);
	assert_int_equal(v.text.cap, 0);
	features(ctx, "Is it final?", "No, we won.", NULL, 0, &v);
	features(ctx, "Is it final?", "No, we won.", NULL, 0, &fresh);
	same_vectors(&v, &fresh);
	ts_rfvec_free(&v);
	ts_rfvec_free(&fresh);
}

/* Sentences typed already are taken as they were typed where a sentence
 * of the features has their body and mark in their language, and read
 * again where it has not.  (A type the sentence would not be read as
 * shows which: "Is it done?" reads as yes/no, "We act." as no question.) */
static void typed_sentences(void **state)
{
	ts_context *ctx = *state;
	int en = ts_langs_find(&ctx->langs, "en"), zh = ts_langs_find(&ctx->langs, "zh");
	assert_true(en >= 0 && zh >= 0);
	const ts_lang *lang = ctx->langs.lang[en];
	ts_rfvec v = {0};
	/* the question: a turn "Right. Is it done?", whose second sentence
	 * (bytes 7 to 18, its body to 17) is the question's text */
	const char *turn = "Right. Is it done?", *q = turn + 7, *r = "We act. We wait. We see.";
	ts_sentence qs[] = {{0, 6, 5, 0, 0}, {7, 18, 17, 1, 0}};
	ts_question qq[] = {{.start = 7, .end = 18, .type = TS_Q_WH, .marked = 1}};
	ts_rf_typed tq = {lang, 0, 7, 11, qs, 2, qq, 1};
	assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r, strlen(r), NULL, 0, 10, &tq, 1, NULL, 0, &v), 0);
	assert_true(named(&v, TS_RF_Q_WH) == 1 && named(&v, TS_RF_Q_YESNO) == 0);
	/* another body, another mark, another language: read */
	ts_rf_typed other[] = {tq, tq, tq};
	ts_sentence longer[] = {{0, 6, 5, 0, 0}, {7, 18, 18, 1, 0}}, unmarked[] = {{0, 6, 5, 0, 0}, {7, 18, 17, 0, 0}};
	other[0].s = longer;
	other[1].s = unmarked;
	other[2].lang = ctx->langs.lang[zh];
	for (int k = 0; k < 3; k++) {
		assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r, strlen(r), NULL, 0, 10, &other[k], 1, NULL, 0, &v), 0);
		assert_true(named(&v, TS_RF_Q_WH) == 0 && named(&v, TS_RF_Q_YESNO) == 1);
	}
	/* the reply of two turns, "We act." at 0 and "We see." at 8, the
	 * second typed a question: it asks, not first, not only */
	const char *r2 = "We act. We see.";
	ts_sentence a[] = {{0, 7, 6, 0, 0}}, b[] = {{0, 7, 6, 0, 0}};
	ts_question qa[] = {{.start = 0, .end = 7, .type = TS_Q_YESNO}}, qb[] = {{.start = 0, .end = 7, .type = TS_Q_WH}};
	ts_rf_typed tr[] = {{lang, 0, 0, 7, a, 1, qa, 0}, {lang, 8, 0, 7, b, 1, qb, 1}};
	ts_rfvec_free(&v);
	assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r2, strlen(r2), NULL, 0, 10, NULL, 0, tr, 2, &v), 0);
	assert_true(named(&v, TS_RF_Q_YESNO) == 1);
	assert_true(named(&v, TS_RF_R_ASKS) == 1 && named(&v, TS_RF_R_OPENS_ASKING) == 0 &&
	            named(&v, TS_RF_R_ONLY_ASKS) == 0);
	/* both typed questions: it opens asking and only asks */
	ts_rfvec_free(&v);
	tr[0].nq = 1;
	assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r2, strlen(r2), NULL, 0, 10, NULL, 0, tr, 2, &v), 0);
	assert_true(named(&v, TS_RF_R_OPENS_ASKING) == 1 && named(&v, TS_RF_R_ONLY_ASKS) == 1);
	/* a sentence whose body runs past its turn's bytes is read */
	ts_rfvec_free(&v);
	tr[0].n = 5;
	assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r2, strlen(r2), NULL, 0, 10, NULL, 0, tr, 2, &v), 0);
	assert_true(named(&v, TS_RF_R_OPENS_ASKING) == 0 && named(&v, TS_RF_R_ASKS) == 1);
	/* a turn's last sentence with the line feed that joins turns after
	 * it: ". " before it is no full stop, so the sentence's body is the
	 * typed one's and ".\n"; typed no question, it is none (read, "Is it
	 * done" asks) */
	const char *r3 = "Is it done.\n";
	ts_sentence c[] = {{0, 11, 10, 0, 0}};
	ts_rf_typed t3 = {lang, 0, 0, 11, c, 1, NULL, 0};
	ts_rfvec_free(&v);
	assert_int_equal(ts_rfeat_typed(&ctx->res, en, q, 11, r3, strlen(r3), NULL, 0, 10, NULL, 0, &t3, 1, &v), 0);
	assert_true(named(&v, TS_RF_R_ASKS) == 0);
	ts_rfvec_free(&v);
	assert_int_equal(ts_rfeat(&ctx->res, en, q, 11, r3, strlen(r3), NULL, 0, 10, &v), 0);
	assert_true(named(&v, TS_RF_R_ASKS) == 1);
	ts_rfvec_free(&v);
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(ts_rf_find("overlap", 7), TS_RF_OVERLAP);
	assert_int_equal(ts_rf_find("deflects_last:refusal", 21), TS_RF_DL_REFUSAL);
	assert_int_equal(ts_rf_find("overlap:nonsense", 16), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_features),
		cmocka_unit_test(overlap_and_specifics),
		cmocka_unit_test(damped_counts),
		cmocka_unit_test(count_from_a_gram),
		cmocka_unit_test(hashed_features),
		cmocka_unit_test(reply_kept),
		cmocka_unit_test(trimmed),
		cmocka_unit_test(typed_sentences),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
