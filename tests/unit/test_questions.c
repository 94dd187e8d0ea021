/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <ctype.h>

#include "analyse/qform.h"
#include "analyse/questions.h"
#include "base/caseless.h"
#include "base/text.h"

static ts_langs langs;
static const ts_lang *zh, *en;

static int setup(void **state)
{
	(void)state;
	test_langs(&langs);
	zh = langs.lang[test_lang(&langs, "zh")];
	en = langs.lang[test_lang(&langs, "en")];
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_langs_free(&langs);
	return 0;
}

/* The type of the single sentence s, or -1 when it is not a question. */
static int qtype(const char *s, const ts_lang *lang)
{
	ts_sentence sn[4];
	size_t n = ts_sentences(lang, s, strlen(s), sn, 4);
	assert_int_equal(n, 1);
	ts_qtype t;
	ts_buf fold = {0};
	int q = ts_sentence_question(lang, s, &sn[0], &fold, &t);
	ts_buf_free(&fold);
	assert_true(q >= 0);
	return q ? (int)t : -1;
}

#define ZH(s) qtype((s), zh)
#define EN(s) qtype((s), en)

static void sentences_zh(void **state)
{
	(void)state;
	const char *s = "喂您好，请问是总工会吗？对。那这个……还是怎么？？好吧";
	ts_sentence sn[8];
	size_t n = ts_sentences(zh, s, strlen(s), sn, 8);
	assert_int_equal(n, 5);
	assert_true(sn[0].marked);
	assert_int_equal(sn[0].start, 0);
	assert_int_equal(sn[1].start, strlen("喂您好，请问是总工会吗？"));
	assert_false(sn[1].marked);
	assert_true(sn[2].broken_off);   /* 那这个…… */
	assert_true(sn[3].marked);       /* ？？ is one mark */
	assert_int_equal(sn[4].end, strlen(s));  /* no terminal mark */
	assert_false(sn[4].marked);
}

/* Bytes of s appended to t[0..*len), as they fit in cap (t's room). */
static void append(char *t, size_t *len, size_t cap, const char *s)
{
	size_t k = strlen(s);
	assert_true(*len + k <= cap);
	memcpy(t + *len, s, k);
	*len += k;
}

/* A run of terminal marks ends one sentence, the run and all: one to
 * four marks at random (？ ? ！ ! 。 … ...) between two texts of
 * ideographs, Latin letters and commas make two sentences, the first
 * ending after the run's last mark, marked when one of its marks is a
 * question mark, broken off when one is an ellipsis and none is. */
static void sentences_mark_runs(void **state)
{
	(void)state;
	static const char *const marks[] = {"？", "?", "！", "!", "。", "…", "..."};
	static const char *const words[] = {"工会", "你好", "，", "吗", "ok", "不"};
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	for (int round = 0; round < 5000; round++) {
		char s[256];
		size_t len = test_pieces(s, 64, words, 6, 1 + (int)(test_random(&seed) % 5), &seed);
		size_t body = len, run = 1 + test_random(&seed) % 4;
		int q = 0, e = 0;
		for (size_t k = 0; k < run; k++) {
			size_t m = test_random(&seed) % 7;
			append(s, &len, sizeof s, marks[m]);
			q |= m < 2;
			e |= m >= 5;
		}
		size_t end = len;
		len += test_pieces(s + len, 64, words, 6, 1 + (int)(test_random(&seed) % 5), &seed);
		append(s, &len, sizeof s, "。");
		ts_sentence sn[8];
		assert_int_equal(ts_sentences(zh, s, len, sn, 8), 2);
		assert_int_equal(sn[0].start, 0);
		assert_int_equal(sn[0].body_end, body);
		assert_int_equal(sn[0].end, end);
		assert_int_equal(sn[0].marked, q);
		assert_int_equal(sn[0].broken_off, e && !q);
		assert_int_equal(sn[1].start, end);
		assert_int_equal(sn[1].end, len);
	}
}

static void sentences_en(void **state)
{
	(void)state;
	const char *s = "Mr. Smith went to the U.S. Senate. Did he? “Yes.” 3.5 is a number";
	ts_sentence sn[8];
	size_t n = ts_sentences(en, s, strlen(s), sn, 8);
	assert_int_equal(n, 4);
	assert_true(sn[1].marked);
	assert_int_equal(sn[2].end, strlen("Mr. Smith went to the U.S. Senate. Did he? “Yes.”"));
}

/* Bug: the sentence splitter and the label reader kept two lists of
 * abbreviations, and they differed: "Rev." and "Capt." ended a sentence
 * though a label could hold them.  One list per language now
 * (data/lang/en.json, abbreviations): two sentences here, not four. */
static void one_abbreviation_list(void **state)
{
	(void)state;
	const char *s = "Rev. Jackson spoke. Capt. Smith agreed.";
	ts_sentence sn[8];
	assert_int_equal(ts_sentences(en, s, strlen(s), sn, 8), 2);
	assert_int_equal(sn[0].end, strlen("Rev. Jackson spoke."));
	/* in a language without full stops a '.' ends nothing */
	assert_int_equal(ts_sentences(zh, s, strlen(s), sn, 8), 1);
}

/* Adding a language is a data file: two made-up ones, read by the two
 * mechanisms with words of their own. */
static void languages_of_data(void **state)
{
	(void)state;
	ts_langs ls;
	ts_langs_init(&ls);
	const char *inv = "{\"language\": \"de\", \"script\": \"alphabetic\", \"unit\": \"words\","
	                  " \"full_stop\": true, \"questions\": {\"form\": \"inversion\","
	                  " \"auxiliaries\": [\"hast\", \"ist\", \"kannst\"], \"subjects\": [\"du\", \"das\"],"
	                  " \"wh\": [\"wer\", \"wie\"], \"openers\": [\"und\", \"na ja\"],"
	                  " \"tags\": [\", oder\"]}}";
	const char *par = "{\"language\": \"ja\", \"script\": \"cjk\", \"unit\": \"chars\","
	                  " \"questions\": {\"form\": \"particles\", \"yes_no_particles\": [\"か\"],"
	                  " \"soft_particles\": [\"ね\"], \"wh\": [\"何\"]}}";
	ts_error err = {0};
	assert_int_equal(ts_langs_parse(&ls, "de.json", NULL, inv, strlen(inv), &err), 0);
	assert_int_equal(ts_langs_parse(&ls, "ja.json", NULL, par, strlen(par), &err), 0);
	const ts_lang *de = ls.lang[0], *ja = ls.lang[1];
	assert_int_equal(qtype("Hast du das gesehen.", de), TS_Q_YESNO);
	assert_int_equal(qtype("Na ja, und ist das so", de), TS_Q_YESNO);  /* openers skipped */
	assert_int_equal(qtype("Wie ist das?", de), TS_Q_WH);
	assert_int_equal(qtype("Das ist gut, oder", de), TS_Q_TAG);
	assert_int_equal(qtype("Das ist gut.", de), -1);
	assert_int_equal(qtype("これはペンですか。", ja), TS_Q_YESNO);
	assert_int_equal(qtype("これはペンですかね。", ja), TS_Q_YESNO);  /* a soft particle after か */
	assert_int_equal(qtype("これは何ですか？", ja), TS_Q_YESNO);      /* か rules out wh */
	assert_int_equal(qtype("これは何？", ja), TS_Q_WH);
	assert_int_equal(qtype("これはペンです。", ja), -1);
	ts_langs_free(&ls);
}

/* Soft particles are dropped from the end of a sentence by all their
 * bytes: 你去吗 followed by particles of the list (啊, 呀 ...), said once or
 * twice, asks yes or no by its 吗; followed by a character that differs
 * from one of them in one byte (啊 E5 95 8A: 啋 E5 95 8B, 喊 E5 96 8A), after
 * them or before, it is no question. */
static void soft_particles_by_all_bytes(void **state)
{
	(void)state;
	const ts_words *soft = &zh->list[TS_L_P_SOFT_PARTICLES];
	assert_true(soft->n >= 2);
	for (size_t a = 0; a < soft->n; a++)
		for (size_t b = 0; b < soft->n; b++) {
			const ts_word *p = &soft->v[a], *r = &soft->v[b];
			assert_int_equal(p->len, 3);
			char s[64];
			snprintf(s, sizeof s, "你去吗%s%s", p->w, r->w);
			assert_int_equal(ZH(s), TS_Q_YESNO);
			for (int k = 0; k < 3; k++) {
				char near[4];
				memcpy(near, p->w, 3);
				near[k] = (char)(near[k] + 1);
				near[3] = '\0';
				if (k && ((unsigned char)near[k] & 0xC0) != 0x80)
					continue;
				if (ts_words_has(soft, near, 3) >= 0)
					continue;
				snprintf(s, sizeof s, "你去吗%s%s", r->w, near);
				assert_int_equal(ZH(s), -1);
				snprintf(s, sizeof s, "你去吗%s%s", near, r->w);
				assert_int_equal(ZH(s), -1);
			}
		}
}

/* ts_lang.qend, which the particle rules ask before the end lists, holds
 * for every pair of bytes each list whose own test (ts_words_may_end2)
 * lets it end there; and a sentence that ends with a word of one of the
 * lists that make a question unmarked is one, a soft particle after it or
 * not, while a sentence that ends with the word cut by a byte is none. */
static void end_lists_hold_every_end(void **state)
{
	(void)state;
	const ts_lang *both[2] = {zh, en};
	for (int l = 0; l < 2; l++) {
#define TS_X_QEND_LIST(id) &both[l]->list[TS_L_##id],
		const ts_words *const qe[] = {TS_QEND_LISTS(TS_X_QEND_LIST)};
#undef TS_X_QEND_LIST
		for (unsigned a = 0; a < 256; a++)
			for (unsigned b = 0; b < 256; b++) {
				unsigned e = both[l]->qend[ts_words_end_pair((unsigned char)a, (unsigned char)b)];
				for (int j = 0; j < TS_QE_COUNT; j++)
					if (ts_words_may_end2(qe[j], (unsigned char)a, (unsigned char)b))
						assert_true(e >> j & 1);
			}
	}
	const int asks[] = {TS_L_P_YES_NO_PARTICLES, TS_L_Q_TAGS, TS_L_P_OPINION_TAGS};
	const ts_words *soft = &zh->list[TS_L_P_SOFT_PARTICLES];
	for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
		const ts_words *w = &zh->list[asks[i]];
		assert_true(w->n > 0);
		for (size_t k = 0; k < w->n; k++) {
			char s[96];
			snprintf(s, sizeof s, "工资发了%s", w->v[k].w);
			assert_int_not_equal(ZH(s), -1);
			snprintf(s, sizeof s, "工资发了%s%s", w->v[k].w, soft->v[k % soft->n].w);
			assert_int_not_equal(ZH(s), -1);
			snprintf(s, sizeof s, "工资发了%.*s", (int)w->v[k].len - 1, w->v[k].w);
			assert_int_equal(ZH(s), -1);
		}
	}
}

static void chinese_questions(void **state)
{
	(void)state;
	assert_int_equal(ZH("你们知道这个事情吗？"), TS_Q_YESNO);
	assert_int_equal(ZH("你们知道这个事情吗。"), TS_Q_YESNO);       /* 吗 without a mark */
	assert_int_equal(ZH("工会有没有介入。"), TS_Q_YESNO);            /* A-not-A */
	assert_int_equal(ZH("你们了解不了解这个情况？"), TS_Q_YESNO);    /* XY不XY */
	assert_int_equal(ZH("工人应该去找谁呢？"), TS_Q_WH);
	assert_int_equal(ZH("这是哪个部门？"), TS_Q_WH);
	assert_int_equal(ZH("您贵姓？"), TS_Q_WH);
	/* the written question words with 何 ask for content, not yes or no */
	assert_int_equal(ZH("习主席何时访朝？"), TS_Q_WH);
	assert_int_equal(ZH("中方为何反对？"), TS_Q_WH);
	assert_int_equal(ZH("中方以何种方式表达关切？"), TS_Q_WH);
	assert_int_equal(ZH("中方对此有何评论？"), TS_Q_WH);
	assert_int_equal(ZH("中方如何看待？"), TS_Q_WH);
	/* 能否介绍 asks for an account: what, not whether */
	assert_int_equal(ZH("能否介绍此访的背景？"), TS_Q_WH);
	assert_int_equal(ZH("外交部能否证实？"), TS_Q_YESNO);       /* confirm or deny */
	assert_int_equal(ZH("中方是否会派人出席？"), TS_Q_YESNO);
	assert_int_equal(ZH("何必呢？"), TS_Q_RHETORICAL);        /* 何必 stays rhetorical */
	assert_int_equal(ZH("有没有任何消息？"), TS_Q_YESNO);      /* 任何 is no question word */
	assert_int_equal(ZH("那工人的工资发了，对吧？"), TS_Q_TAG);
	assert_int_equal(ZH("那工人的工资发了，对吧。"), TS_Q_TAG);      /* unmarked tag */
	assert_int_equal(ZH("应该已经处理完了吧？"), TS_Q_TAG);
	assert_int_equal(ZH("您觉得呢？"), TS_Q_TAG);
	assert_int_equal(ZH("你是记者还是工人？"), TS_Q_ALTERNATIVE);
	assert_int_equal(ZH("还是怎么？"), TS_Q_ALTERNATIVE);
	assert_int_equal(ZH("能不能请您给我一个电话？"), TS_Q_REQUEST);
	assert_int_equal(ZH("可不可以麻烦你转告一下？"), TS_Q_REQUEST);
	assert_int_equal(ZH("请问是总工会吗？"), TS_Q_YESNO);            /* 请问 asks, does not request */
	assert_int_equal(ZH("难道工会不该管吗？"), TS_Q_RHETORICAL);
	assert_int_equal(ZH("如果没有工会，工人找谁呢？"), TS_Q_RHETORICAL);
}

/* An A-not-A form asks yes or no, so a question with one is neither a
 * wh question for its question word nor an alternative one for its 还是
 * (Li & Thompson 1981, 18.3): the rules ask for the form last of their
 * terms, and must still ask for it. */
static void a_not_a_ends_the_rules(void **state)
{
	(void)state;
	assert_int_equal(ZH("你们有没有问过谁？"), TS_Q_YESNO);
	assert_int_equal(ZH("你们有没有问过谁。"), TS_Q_YESNO);
	assert_int_equal(ZH("他们为什么去不去？"), TS_Q_YESNO);
	assert_int_equal(ZH("他们为什么去？"), TS_Q_WH);
	assert_int_equal(ZH("你是不是工人还是记者？"), TS_Q_YESNO);
	assert_int_equal(ZH("你是工人还是记者？"), TS_Q_ALTERNATIVE);
	/* with 吗 the or-word and the question word ask nothing either */
	assert_int_equal(ZH("你是工人还是记者吗？"), TS_Q_YESNO);
	assert_int_equal(ZH("你问过谁吗？"), TS_Q_YESNO);
}

static void chinese_statements(void **state)
{
	(void)state;
	assert_int_equal(ZH("好吧。"), -1);                             /* "all right" */
	assert_int_equal(ZH("我不知道我这个理解是不是对。"), -1);        /* embedded */
	assert_int_equal(ZH("我们要监督企业，是不是落实了，要管起来。"), -1);
	assert_int_equal(ZH("这个是不是有工会参与，这是另外一回事。"), -1);
	assert_int_equal(ZH("怎么说呢。"), -1);                         /* a filler */
	assert_int_equal(ZH("他们说了什么之类的都被控制了。"), -1);      /* indefinite */
	assert_int_equal(ZH("我这是从提建议的角度，不是在那个什么。"), -1);
	assert_int_equal(ZH("哪怕是小企业也要建会。"), -1);
	assert_int_equal(ZH("不管有没有工会，都要培训。"), -1);
}

/* Whether sentence sn of s is a question (1, 0, or the error), its type
 * in *t. */
static int question_at(const ts_lang *lang, const char *s, const ts_sentence *sn, ts_qtype *t)
{
	ts_buf fold = {0};
	*t = TS_Q_YESNO;
	int q = ts_sentence_question(lang, s, sn, &fold, t);
	ts_buf_free(&fold);
	return q;
}

/* Up to parts pieces drawn at random (a xorshift of *seed) into s, sep
 * between two, with room left for a mark; its length. */
static size_t random_sentence(uint64_t *seed, const char *const *pieces, size_t np, int parts,
                              const char *sep, char *s, size_t cap)
{
	size_t len = 0, sl = strlen(sep);
	for (int p = 0; p < parts; p++) {
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		const char *w = pieces[*seed % np];
		size_t wl = strlen(w);
		if (len + sl + wl + 8 > cap)
			break;
		if (len) {
			memcpy(s + len, sep, sl);
			len += sl;
		}
		memcpy(s + len, w, wl);
		len += wl;
	}
	return len;
}

/* The particle rules find the words of most of their lists in one pass
 * over a sentence (ts_lang.qhits) and read the places found; a language
 * without that index searches list by list, as a long sentence still
 * does.  Both must judge alike: sentences made at random of the lists'
 * own words (excused question words, requests and the phrases that are
 * none, or-words and their adverbs, embedding verbs before A-not-A
 * forms ...), commas and a few common characters, with and without a
 * question mark, against a second copy of the language without its
 * index (nor the bits of the or-prefixes). */
static void particles_one_pass_as_list_by_list(void **state)
{
	(void)state;
	ts_langs plain;
	test_langs(&plain);
	ts_lang *bare = plain.lang[test_lang(&plain, "zh")];
	ts_hitindex_free(&bare->qhits);
	/* nor passes over an opening character by the bits of the or-prefixes'
	 * first characters */
	bare->list[TS_L_P_OR_PREFIXES].all = ~(ts_cpmask)0;
	const char *pieces[512];
	size_t np = 0;
	static const char *const extra[] = {"，", "的", "我", "你", "是", "不", "没", "有", "去",
	                                    "这", "了", "工会", "说", "知道", "好", "人"};
	for (size_t k = 0; k < sizeof extra / sizeof *extra; k++)
		pieces[np++] = extra[k];
	/* the lists of the particle rules, which come in a row */
	for (int id = TS_L_P_SOFT_PARTICLES; id <= TS_L_P_EMBEDDING_OPENERS && np < 500; id++)
		for (size_t k = 0; k < zh->list[id].n && np < 500; k++)
			pieces[np++] = zh->list[id].v[k].raw;
	assert_true(np > 100);
	uint64_t seed = 88172645463325252ull;
	size_t questions = 0, kinds[TS_Q_TYPE_COUNT] = {0};
	for (int round = 0; round < 20000; round++) {
		char s[512];
		size_t len = random_sentence(&seed, pieces, np, 1 + (int)(seed % 9), "", s, sizeof s);
		if (seed >> 40 & 1) {
			memcpy(s + len, "？", strlen("？"));
			len += strlen("？");
		}
		s[len] = '\0';
		ts_sentence sn[64];
		size_t n = ts_sentences(zh, s, len, sn, 64);
		assert_true(n <= 64);
		for (size_t k = 0; k < n; k++) {
			ts_qtype a, b;
			int qa = question_at(zh, s, &sn[k], &a);
			int qb = question_at(bare, s, &sn[k], &b);
			if (qa != qb || (qa > 0 && a != b))
				fail_msg("'%s', sentence %zu: %d %s with the index, %d %s without", s, k, qa,
				         ts_qtype_name(a), qb, ts_qtype_name(b));
			if (qa > 0) {
				questions++;
				kinds[a]++;
			}
		}
	}
	/* every type comes up, so that every rule was read both ways */
	for (int t = 0; t < TS_Q_TYPE_COUNT; t++)
		assert_true(kinds[t] > 0);
	assert_true(questions > 1000);
	ts_langs_free(&plain);
}

/* s with each ' written as ’ into out (room for three times s). */
static void curly(const char *s, char *out)
{
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(out, "’", strlen("’"));
			out += strlen("’");
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Pieces of English sentences into pieces[0..500): extra[0..ne), then
 * the words of the lists of the inversion rules, which come in a row, and
 * of the two they share with the particle rules; how many. */
static size_t inversion_pieces(const char **pieces, const char *const *extra, size_t ne)
{
	size_t np = 0;
	for (size_t k = 0; k < ne; k++)
		pieces[np++] = extra[k];
	static const int shared[] = {TS_L_Q_TAGS, TS_L_Q_RHETORICAL};
	for (int id = TS_L_I_OPENERS; id <= TS_L_I_LEAD_INS && np < 500; id++)
		for (size_t k = 0; k < en->list[id].n && np < 500; k++)
			pieces[np++] = en->list[id].v[k].raw;
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < en->list[shared[i]].n && np < 500; k++)
			pieces[np++] = en->list[shared[i]].v[k].raw;
	return np;
}

/* The English rules look for the words of some lists anywhere in a
 * sentence (indirect, rhetorical, or_marks, or_not, by ts_words_find's
 * skips) and take its first words byte by byte, ’ as '; a word is looked
 * up in a list only when the list's index by first byte (ci_lo) has
 * words under its first byte.  On sentences built from the lists' own
 * words, the lists without their skips (the search by lead bytes) and
 * without the index by first byte (every word looked up) must read every
 * sentence alike, and so must the sentence written with ’ for each '. */
static void inversion_skips_as_without(void **state)
{
	(void)state;
	ts_langs plain;
	test_langs(&plain);
	ts_lang *bare = plain.lang[test_lang(&plain, "en")];
	size_t skipped = 0, indexed = 0;
	for (int id = 0; id < TS_L_COUNT; id++) {
		ts_words *l = &bare->list[id];
		skipped += l->skip != NULL;
		free(l->skip);
		l->skip = NULL;
		indexed += l->ci_lo != NULL;
		free(l->ci_lo);
		free(l->ci_by);
		l->ci_lo = l->ci_by = NULL;
	}
	assert_true(skipped >= 4);
	assert_true(indexed >= 10);
	const char *pieces[512];
	static const char *const extra[] = {"the", "union", "Josh,", "that", "report", "it", ",",
	                                    "or", "not", "Yes,", "I", "you", "Can", "Is", "what",
	                                    "I'm", "we're", "if", "about", "2024", "ARE", "Wondering",
	                                    "Know", "Curious,", "ask,", "WHAT", "Y'all",
	                                    "wonderingwonderingwonderingwondering"};
	size_t np = inversion_pieces(pieces, extra, sizeof extra / sizeof *extra);
	assert_true(np > 150);
	uint64_t seed = 88172645463325252ull;
	size_t unmarked = 0, kinds[TS_Q_TYPE_COUNT] = {0};
	for (int round = 0; round < 20000; round++) {
		char s[512], s2[1536];
		size_t len = random_sentence(&seed, pieces, np, 1 + (int)(seed % 10), " ", s, sizeof s);
		if (seed >> 40 & 1)
			s[len++] = seed >> 41 & 1 ? '?' : '.';
		s[len] = '\0';
		curly(s, s2);
		ts_sentence sn[64], sn2[64];
		size_t n = ts_sentences(en, s, len, sn, 64);
		assert_true(n <= 64);
		assert_int_equal(ts_sentences(en, s2, strlen(s2), sn2, 64), n);
		for (size_t k = 0; k < n; k++) {
			ts_qtype a, b, c;
			int qa = question_at(en, s, &sn[k], &a);
			int qb = question_at(bare, s, &sn[k], &b);
			int qc = question_at(en, s2, &sn2[k], &c);
			if (qa != qb || (qa > 0 && a != b))
				fail_msg("'%s', sentence %zu: %d %s with the skips, %d %s without", s, k, qa,
				         ts_qtype_name(a), qb, ts_qtype_name(b));
			if (qa != qc || (qa > 0 && a != c))
				fail_msg("'%s', sentence %zu: %d %s, with ’ %d %s", s, k, qa, ts_qtype_name(a),
				         qc, ts_qtype_name(c));
			if (qa > 0) {
				kinds[a]++;
				unmarked += !sn[k].marked;
			}
		}
	}
	/* every type comes up, and questions without a mark (found by the
	 * words looked for anywhere, among others) */
	for (int t = 0; t < TS_Q_TYPE_COUNT; t++)
		assert_true(kinds[t] > 0);
	assert_true(unmarked > 1000);
	ts_langs_free(&plain);
}
/* A sentence that is no question and not marked, told none still with
 * bytes after its body (ts_sentence_question_none_after), reads as none
 * with them: sentences built from the English lists' own words, and after
 * them full stops, blanks, line feeds, closers, and bytes that are not
 * told (a comma, a question mark, an apostrophe, letters that end tags).
 * Chinese, whose particles it does not know, is never told. */
static void none_after_reads_none(void **state)
{
	(void)state;
	const char *pieces[512];
	static const char *const extra[] = {"the", "union", "Josh", "it", "Yes,", "I", "you", "we",
	                                    "know", "about", "now"};
	static const char *const after[] = {".", "!", " ", "\n", "\t", "\r", "\"", ")", ".", "\n",
	                                    ",", "?", "'", "t", "s", "\xE2\x80\x99"};
	size_t np = inversion_pieces(pieces, extra, sizeof extra / sizeof *extra);
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t told = 0, untold = 0;
	for (int round = 0; round < 20000; round++) {
		char s[600];
		size_t len = random_sentence(&seed, pieces, np, 1 + (int)(seed % 8), " ", s, 500);
		ts_sentence body = {0, len, len, 0, 0};
		ts_qtype t;
		if (!len || question_at(en, s, &body, &t))
			continue;
		size_t n = len + test_pieces(s + len, 40, after, sizeof after / sizeof *after,
		                             1 + (int)(test_random(&seed) % 4), &seed);
		ts_sentence more = {0, n, n, 0, 0};
		if (!ts_sentence_question_none_after(en, s, &more, len)) {
			untold++;
			continue;
		}
		told++;
		if (question_at(en, s, &more, &t))
			fail_msg("'%.*s' + '%.*s': a question, told none", (int)len, s, (int)(n - len), s + len);
	}
	assert_true(told > 2000 && untold > 2000);
	/* by hand: a turn's last sentence and the line feed after it; a
	 * comma, a marked sentence, a body that is not longer */
	const char *t = "We know about it.\n";
	ts_sentence sn = {0, 18, 18, 0, 0};
	assert_true(ts_sentence_question_none_after(en, t, &sn, 16));
	assert_false(ts_sentence_question_none_after(en, "We know,\n", &(ts_sentence){0, 9, 9, 0, 0}, 7));
	assert_false(ts_sentence_question_none_after(en, t, &(ts_sentence){0, 18, 18, 1, 0}, 16));
	assert_false(ts_sentence_question_none_after(en, t, &(ts_sentence){0, 15, 15, 0, 0}, 16));
	assert_false(ts_sentence_question_none_after(zh, "\xE6\x88\x91\xE7\x9F\xA5\xE9\x81\x93\n",
	                                             &(ts_sentence){0, 10, 10, 0, 0}, 9));
}

/* The inversion rules pass over what another rule decides already (the
 * lead-ins of a sentence that starts with a question word): on sentences
 * built from the lists' own words, marked and not, each must read as it
 * does with every rule tried in the order written. */
static void inversion_as_slow(void **state)
{
	(void)state;
	const char *pieces[512];
	static const char *const extra[] = {"the", "union", "Josh,", "it", ",", "Yes,", "I", "you",
	                                    "What", "How,", "WHO", "Why", "wondering", "Curious",
	                                    "about", "ask", "know", "whether", "if", "or", "not",
	                                    "isn’t", "Is", "can", "Can"};
	size_t np = inversion_pieces(pieces, extra, sizeof extra / sizeof *extra);
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t kinds[TS_Q_TYPE_COUNT] = {0};
	ts_buf fold = {0};
	for (int round = 0; round < 30000; round++) {
		char s[512];
		size_t len = random_sentence(&seed, pieces, np, 1 + (int)(seed % 12), " ", s, sizeof s);
		int marked = (int)(seed >> 40 & 1);
		fold.len = 0;
		assert_int_equal(ts_ci_fold_text(s, len, &fold), 0);
		ts_qtype a = TS_Q_YESNO, b = TS_Q_YESNO;
		int qa = ts_qform_inversion_as(en, s, len, fold.ptr, fold.len, marked, &a, 0);
		int qb = ts_qform_inversion_as(en, s, len, fold.ptr, fold.len, marked, &b, 1);
		if (qa != qb || (qa > 0 && a != b))
			fail_msg("'%.*s' (marked %d): %d %s, %d %s slowly", (int)len, s, marked, qa,
			         ts_qtype_name(a), qb, ts_qtype_name(b));
		if (qa > 0)
			kinds[a]++;
	}
	ts_buf_free(&fold);
	for (int t = 0; t < TS_Q_TYPE_COUNT; t++)
		assert_true(kinds[t] > 0);
}

/* The first word of l in list order that s[0..n) holds, and its first
 * place, found word by word: the reference for ts_words_find. */
static long find_plainly(const ts_words *l, const char *s, size_t n, size_t *at)
{
	for (size_t k = 0; k < l->n; k++)
		for (size_t i = 0; i + l->v[k].len <= n; i++)
			if (!memcmp(s + i, l->v[k].w, l->v[k].len)) {
				*at = i;
				return (long)k;
			}
	return -1;
}

/* The indirect questions are looked for in every English sentence
 * without a mark, by the skips of a window (four of them a test of the
 * text's end where it is far): each word of the list at every place of
 * a text of filler, and texts of the words' pieces, long and short, must
 * be found as word by word. */
static void indirect_found_as_plainly(void **state)
{
	(void)state;
	const ts_words *l = TS_QLIST(en, I_INDIRECT);
	assert_non_null(l->skip);
	assert_true(l->n >= 10);
	static const char *const pieces[] = {"i", "'m", " ", "wonder", "ing", " if", "curious",
	                                     "about", "want", "ed", " to", " ask", "like", "know",
	                                     "you", "have", "any", "whether", "we", "see", "a",
	                                     "the union", ",", "are"};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	size_t found = 0;
	for (size_t k = 0; k < l->n; k++) {
		for (size_t i = 0; i < 200; i++) {
			char s[320];
			size_t n = test_pieces(s, sizeof s - 40, pieces, np, 60, &seed);
			if (i > n)
				break;
			size_t len = l->v[k].len, tail = n - i < 40 ? n - i : 40;
			memmove(s + i + len, s + i, tail);
			memcpy(s + i, l->v[k].w, len);
			for (size_t m = i + len + tail; m + 1 >= i + len && m > 0; m -= 1 + m / 4) {
				size_t at = 0, want_at = 0;
				long got = ts_words_find(l, s, m, ~(ts_cpmask)0, &at);
				long want = find_plainly(l, s, m, &want_at);
				if (got != want || (want >= 0 && at != want_at))
					fail_msg("'%.*s': %ld at %zu, %ld at %zu word by word", (int)m, s, got,
					         at, want, want_at);
				found += want >= 0;
			}
		}
	}
	for (int round = 0; round < 20000; round++) {
		char s[320];
		size_t n = test_pieces(s, sizeof s, pieces, np, (int)(test_random(&seed) % 80), &seed);
		size_t at = 0, want_at = 0;
		long got = ts_words_find(l, s, n, ~(ts_cpmask)0, &at);
		long want = find_plainly(l, s, n, &want_at);
		if (got != want || (want >= 0 && at != want_at))
			fail_msg("'%.*s': %ld at %zu, %ld at %zu word by word", (int)n, s, got, at, want,
			         want_at);
	}
	assert_true(found > 1000);
}

/* The A-not-A form found in s[0..len) (ts_qform_a_not_a), failing the
 * test unless the plain reading of one character at a time finds it. */
static size_t a_not_a_as_slow(const char *s, size_t len, int e)
{
	size_t fast = ts_qform_a_not_a(zh, s, len, e, 0), slow = ts_qform_a_not_a(zh, s, len, e, 1);
	if (fast != slow)
		fail_msg("'%.*s' (%zu bytes, embedding %d): %zu fast, %zu slow", (int)len, s, len, e, fast,
		         slow);
	return fast;
}

/* A-not-A forms are looked for over the characters decoded two a word of
 * eight bytes, and in a sentence of characters of three bytes (most of
 * them) only where a character comes again two or three places on, on
 * its bytes; a sentence that is not UTF-8 is read one character at a
 * time.  Both must find the same form: sentences made at random of forms
 * and their parts, embedding words, characters of one to four bytes,
 * leads of three bytes that are no character (overlong, surrogates) and
 * stray bytes, short and past the 256 characters decoded at once. */
static void a_not_a_fast_as_slow(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"是", "不", "没", "有", "了", "解", "一", "看", "的", "，", "好", "对", "我", "去",
		"是不是", "有没有", "了解不了解", "一不一", "不不", "看看", "不知道", "这是", "就是",
		"那", "a", "1", " ", "\xC3\xA9", "\xF0\xA0\x80\x80", "\xE0\xA0\x80", "\xE0\x80\x80",
		"\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xE1\x80\x80", "\x80", "\xFF",
		"\xE4\xB8", "\xE6\x98"};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t found = 0, long_ones = 0;
	for (int round = 0; round < 40000; round++) {
		char s[1600];
		uint64_t r = test_random(&seed);
		int parts = 1 + (int)(r % (round % 10 ? 16 : 300));
		/* a sentence of two neighbouring pieces again and again, or of
		 * any */
		int two = !(r >> 20 & 3);
		size_t from = two ? (size_t)(r >> 32) % (np - 1) : 0;
		size_t len = test_pieces(s, sizeof s, pieces + from, two ? 2 : np, parts, &seed);
		long_ones += ts_utf8_len(s, len) > 256;
		for (int e = 0; e < 2; e++)
			found += a_not_a_as_slow(s, len, e) != 0;
	}
	assert_true(found > 5000);
	assert_true(long_ones > 100);
}

/* A sentence of characters of three bytes only (most of them) is read
 * for A-not-A forms sixteen bytes at a time, over a copy with zeros after
 * it when it is short: every form must be found where it lies against
 * the windows of five characters and the sentence's end, in short
 * sentences and in ones past the copy's 96 bytes, as the plain reading
 * of one character at a time finds it. */
static void a_not_a_three_bytes_as_slow(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"是", "不", "没", "有", "了", "解", "一", "看", "的", "，", "好", "我",
		"是不是", "有没有", "了解不了解", "一不一", "看看", "不知道", "就是",
		"\xE0\xA0\x80", "\xED\xA0\x80", "\xE1\x80\x80", "\xEF\xBF\xBF"};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	size_t found = 0, long_ones = 0, at_end = 0;
	for (int round = 0; round < 40000; round++) {
		char s[400];
		uint64_t r = test_random(&seed);
		int parts = 1 + (int)(r % (round % 8 ? 14 : 60));
		size_t len = test_pieces(s, sizeof s, pieces, np, parts, &seed);
		long_ones += len > 96;
		for (int e = 0; e < 2; e++) {
			size_t fast = a_not_a_as_slow(s, len, e);
			found += fast != 0;
			at_end += fast && fast - 1 + 9 >= len;
		}
	}
	assert_true(found > 5000);
	assert_true(at_end > 500);
	assert_true(long_ones > 1000);
}

/* A sentence without the bytes of a negator (不, 没) has no A-not-A form
 * and is not read further: the look for them goes sixteen places at a
 * time, the last window moved back to end at the sentence's end, and a
 * short sentence is read from a copy.  A form (or a lone negator, or a
 * negator's bytes cut short) put at every place of sentences of every
 * length up to past seven windows must be found as the plain reading
 * finds it. */
static void a_not_a_negator_places_as_slow(void **state)
{
	(void)state;
	static const char *const fill[] = {"的", "好", "是", "有", "看", "，", "a", "\xE4\xB8",
	                                   "\xB8\x8D", "\xB2\xA1", "\xE6\xB2", "了解"};
	static const char *const put[] = {"有没有", "是不是", "了解不了解", "看不看", "不", "没",
	                                  "好没好"};
	const size_t nf = sizeof fill / sizeof *fill, np = sizeof put / sizeof *put;
	assert_true(zh->nneg_heads > 0);
	uint64_t seed = 0x6A09E667F3BCC909ull;
	size_t found = 0, at_end = 0, short_found = 0;
	for (int round = 0; round < 30000; round++) {
		char s[200];
		uint64_t r = test_random(&seed);
		size_t want = (size_t)(r % 120);  /* bytes of filler before and after */
		size_t before = want ? (size_t)(r >> 16) % (want + 1) : 0, len = 0;
		while (len < before) {
			const char *w = fill[(test_random(&seed) >> 32) % nf];
			memcpy(s + len, w, strlen(w));
			len += strlen(w);
		}
		const char *f = put[(r >> 40) % np];
		size_t at = len;
		memcpy(s + len, f, strlen(f));
		len += strlen(f);
		while (len < want + strlen(f)) {
			const char *w = fill[(test_random(&seed) >> 32) % nf];
			memcpy(s + len, w, strlen(w));
			len += strlen(w);
		}
		for (int e = 0; e < 2; e++) {
			size_t fast = a_not_a_as_slow(s, len, e);
			found += fast != 0;
			at_end += fast && at + strlen(f) == len;
			short_found += fast && len < 18;
		}
	}
	assert_true(found > 5000);
	assert_true(at_end > 200);
	assert_true(short_found > 20);
}

/* An A-not-A form XY不XY may have a Y of one to four bytes (好a不好a,
 * 好é不好é, 好𠀀不好𠀀), whose bytes the look around a negator compares
 * apart from those of three: forms with a Y of every width, their parts
 * and near misses (a Y again of another width, cut short), among
 * characters of every width, must be found as the plain reading finds
 * them, and some with each width. */
static void a_not_a_any_widths_as_slow(void **state)
{
	(void)state;
	static const char *const ys[] = {"a", "\xC3\xA9", "解", "\xF0\xA0\x80\x80"};
	static const char *const fill[] = {"的", "1", "，", " ", "\xC3\xA9", "\xF0\xA0\x80\x80",
	                                   "不", "好", "a", "\xC3"};
	const size_t nf = sizeof fill / sizeof *fill;
	uint64_t seed = 0xA54FF53A5F1D36F1ull;
	size_t by_width[4] = {0};
	for (int round = 0; round < 30000; round++) {
		char s[200];
		uint64_t r = test_random(&seed);
		size_t len = test_pieces(s, 60, fill, nf, (int)(r % 6), &seed), at = len;
		size_t w = (r >> 8) % 4, w2 = (r >> 12) % 8 < 6 ? w : (r >> 16) % 4;
		const char *x = (r >> 20) % 5 ? "好" : "了";
		/* X Y 不 X Y', Y' the same Y mostly, else another or cut short */
		size_t cut = (r >> 24) % 7 ? 0 : 1;
		const char *parts[] = {x, ys[w], (r >> 28) % 4 ? "不" : "没", x, ys[w2]};
		for (size_t k = 0; k < 5; k++) {
			size_t l = strlen(parts[k]) - (k == 4 && strlen(parts[k]) > 1 ? cut : 0);
			memcpy(s + len, parts[k], l);
			len += l;
		}
		len += test_pieces(s + len, 60, fill, nf, (int)((r >> 32) % 6), &seed);
		for (int e = 0; e < 2; e++) {
			size_t fast = a_not_a_as_slow(s, len, e);
			by_width[w] += fast == at + 1 && e == 0;
		}
	}
	for (size_t w = 0; w < 4; w++)
		assert_true(by_width[w] > 500);
}

/* Where a terminal mark starts, by its definition: ? ! . or all three
 * bytes of ？ ！ 。 … */
static int mark_at(const unsigned char *u, size_t j, size_t n)
{
	static const char *const wide[] = {"？", "！", "。", "…"};
	if (u[j] == '?' || u[j] == '!' || u[j] == '.')
		return 1;
	for (size_t k = 0; k < 4; k++)
		if (n - j >= 3 && !memcmp(u + j, wide[k], 3))
			return 1;
	return 0;
}

/* ts_sentences skips sixteen places at a time to the next place where a
 * mark may start: it must skip none, and stop at a mark or where it goes
 * on byte by byte (a text shorter than 18 bytes, its last two places:
 * the window that ends at the end reads the rest), over texts thick with
 * the marks' near misses (，：、「 and others of the same first two
 * bytes), at every starting place. */
static void sentences_skip_no_mark(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"？", "！", "。", "…", "，", "：", "、", "「", "」", "（", "）", "\xEF\xBC\x9E",
		"\xE3\x80\x83", "\xE2\x80\xA5", "\xE2\x80\x9C", "是", "不", "?", "!", ".", "..",
		"a", "bc", " ", "\xEF", "\xBC", "\x9F", "\xE3\x80", "\x82", "\xE2\x80", "\xA6",
	};
	/* English: letters, its marks, and now and then a wide mark or a
	 * near miss (the blocks of sixteen bytes of ASCII read for ? ! .
	 * only, with ascii_first) */
	static const char *const ascii[] = {"abcdefg", "hij", " ", "k", "?", "!", ".", "..",
	                                    "lmnopqrstu", "vw", "xyz", "。", "，", "…", "\xE2\x80"};
	uint64_t seed = 88172645463325252ull;
	size_t stops = 0;
	for (int round = 0; round < 6000; round++) {
		unsigned char text[200];
		int english = round % 2;
		size_t n = english ? test_pieces((char *)text, sizeof text, ascii,
		                                 (test_random(&seed) % 4 ? 11 : 15),
		                                 (int)(test_random(&seed) % 60), &seed)
		                   : test_pieces((char *)text, sizeof text, pieces,
		                                 sizeof pieces / sizeof *pieces,
		                                 (int)(test_random(&seed) % 80), &seed);
		for (size_t i = 0; i <= n; i++) {
			for (int e = 0; e < 2; e++) {
				size_t at = ts_sentences_next_mark(text, i, n, e);
				assert_true(at >= i && at <= n);
				for (size_t j = i; j < at; j++)
					if (mark_at(text, j, n))
						fail_msg("a mark at %zu skipped (from %zu to %zu, ascii_first %d)", j, i,
						         at, e);
				if (at < n && n >= 18 && at < n - 2 && !mark_at(text, at, n))
					fail_msg("stopped at %zu, no mark (ascii_first %d)", at, e);
				stops += at > i;
			}
		}
	}
	assert_true(stops > 20000);
}

/* Sentences looked for from any place up to the first where a mark may
 * start (a turn's unmarked bytes, ts_counts) are those looked for from
 * the start, in texts of Chinese and English thick with marks and near
 * misses. */
static void sentences_from_unmarked(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"？", "！", "。", "…", "，", "：", "、", "」", "）", "是", "不", "工会", "你好",
		"?", "!", ".", "..", "...", "Mr", "U.S", "a", " ", "\xE3\x80", "\x82", "\"",
	};
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	size_t tried = 0;
	for (int round = 0; round < 4000; round++) {
		char text[200];
		size_t n = test_pieces(text, sizeof text, pieces, sizeof pieces / sizeof *pieces,
		                       (int)(test_random(&seed) % 30), &seed);
		const ts_lang *lang = round % 2 ? en : zh;
		ts_sentence want[64], got[64];
		size_t k = ts_sentences(lang, text, n, want, 64);
		size_t first = test_first_mark((const unsigned char *)text, n);
		for (size_t from = 0; from <= first; from++) {
			assert_int_equal(ts_sentences_from(lang, text, n, from, got, 64), k);
			for (size_t j = 0; j < k && j < 64; j++)
				assert_true(got[j].start == want[j].start && got[j].end == want[j].end &&
				            got[j].body_end == want[j].body_end &&
				            got[j].marked == want[j].marked &&
				            got[j].broken_off == want[j].broken_off);
			tried++;
		}
	}
	assert_true(tried > 15000);
}

/* The closers from s[j], tried one by one until none matches. */
static size_t closers_slowly(const char *s, size_t n, size_t j)
{
	static const char *const closers[] = {"”", "’", "\"", "'", "）", ")", "」", "』", "】"};
	for (size_t k = 0; k < sizeof closers / sizeof *closers; k++) {
		size_t m = strlen(closers[k]);
		if (n - j >= m && !memcmp(s + j, closers[k], m))
			return closers_slowly(s, n, j + m);
	}
	return j;
}

/* Whether the '.' at s[i] ends a sentence, by its definition: a blank
 * or the end after the closers, and the letters and dots before it, each
 * folded by ts_ci_fold, neither an abbreviation nor a title (each list
 * looked up by ts_words_has) nor a capital alone. */
static int full_stop_slowly(const ts_lang *lang, const char *s, size_t n, size_t i)
{
	size_t j = closers_slowly(s, n, i + 1);
	if (!(j == n || memchr(" \t", s[j], 2)))
		return 0;
	size_t b = i;
	for (; b && (isalpha((unsigned char)s[b - 1]) || s[b - 1] == '.'); b--)
		;
	char w[32];
	if (i - b >= sizeof w)
		return 1;
	if (i == b)
		return 0;
	for (size_t k = b; k < i; k++)
		w[k - b] = (char)ts_ci_fold((unsigned char)s[k]);
	if (ts_words_has(&lang->list[TS_L_ABBREVIATIONS], w, i - b) >= 0 ||
	    ts_words_has(&lang->list[TS_L_TITLES], w, i - b) >= 0)
		return 0;
	return !(i - b == 1 && ts_ascii_upper(s[b]));
}

/* The sentences of English text s[0..n) that has no mark but '.' and no
 * "...", by the definition: a run of full stops ends one, past its
 * closers, when it has a body; the next starts after the blanks that
 * follow.  How many, into out[0..max). */
static size_t full_stops_slowly(const ts_lang *lang, const char *s, size_t n, ts_sentence *out,
                                size_t max)
{
	size_t count = 0, start = 0;
	for (size_t i = 0; i < n;) {
		size_t t = i;
		while (t < n && s[t] == '.' && full_stop_slowly(lang, s, n, t))
			t++;
		if (t == i) {
			i++;
			continue;
		}
		size_t end = closers_slowly(s, n, t);
		if (i > start && count < max)
			out[count++] = (ts_sentence){start, end, i, 0, 0};
		for (start = end; start < n && (s[start] == ' ' || s[start] == '\t');)
			start++;
		i = end;
	}
	size_t e = n;
	while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e > start && count < max)
		out[count++] = (ts_sentence){start, e, e, 0, 0};
	return count;
}

/* English full stops: the word before a '.' is folded and hashed once for
 * both lists, read back no further than the longest of their words and
 * one more byte, and the closers after it are tried only when the byte
 * there may start one.  On texts made at random of abbreviations,
 * titles, initials, words in capitals and not, closers, blanks and dots,
 * the sentences must be those of the definition. */
static void full_stops_as_defined(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"Mr", "mr", "MRS", "Dr", "U.S", "u.s", "e.g", "etc", "Prof", "Rev", "Capt", "St", "No",
		"J", "F", "j", "Smith", "went", "THE", "union", "abcdefghijklmnopqrstuvwxyzabcdefgh",
		".", ". ", ". ", ".” ", ".) ", " ", " ", "\t", "”", "’", "\"", "'", ")", "）", "」", "』", "】", "“", ",",
		"3", "a", "Cmdr", "Cmdrs", "XProf", "aProf", "I", "A.U.S", "Xp.m", "vs", "Avs"};
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	size_t stops = 0, kept = 0;
	for (int round = 0; round < 30000; round++) {
		char s[256];
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(test_random(&seed) % 24), &seed);
		if (memmem(s, n, "...", 3))
			continue;  /* it breaks off a sentence: no full stop */
		ts_sentence want[130], got[130];
		size_t nw = full_stops_slowly(en, s, n, want, 130);
		size_t ng = ts_sentences(en, s, n, got, 130);
		if (ng != nw)
			fail_msg("'%.*s': %zu sentences, %zu by the definition", (int)n, s, ng, nw);
		for (size_t k = 0; k < ng; k++)
			if (got[k].start != want[k].start || got[k].end != want[k].end ||
			    got[k].body_end != want[k].body_end || got[k].marked || got[k].broken_off)
				fail_msg("'%.*s': sentence %zu at %zu..%zu (body to %zu), by the definition "
				         "%zu..%zu (%zu)", (int)n, s, k, got[k].start, got[k].end, got[k].body_end,
				         want[k].start, want[k].end, want[k].body_end);
		/* the sentences a full stop ends, and the dots that end none */
		size_t dots = 0, ended = 0;
		for (size_t i = 0; i < n; i++)
			dots += s[i] == '.';
		for (size_t k = 0; k < nw; k++)
			ended += want[k].body_end < n && s[want[k].body_end] == '.';
		stops += ended;
		kept += dots > ended;
	}
	assert_true(stops > 5000);
	assert_true(kept > 5000);
}

static void english_questions(void **state)
{
	(void)state;
	assert_int_equal(EN("Has the union intervened?"), TS_Q_YESNO);
	assert_int_equal(EN("Do you have a reaction."), TS_Q_YESNO);     /* inversion, no mark */
	assert_int_equal(EN("And is there a union at that company"), TS_Q_YESNO);
	assert_int_equal(EN("Who should the workers contact?"), TS_Q_WH);
	assert_int_equal(EN("Given the fire, what is the response?"), TS_Q_WH);
	assert_int_equal(EN("Josh, how many people were there?"), TS_Q_WH);
	assert_int_equal(EN("The report is due in May, right?"), TS_Q_TAG);
	assert_int_equal(EN("Is it a strike or a lockout?"), TS_Q_ALTERNATIVE);
	assert_int_equal(EN("Or has that already happened?"), TS_Q_ALTERNATIVE);
	assert_int_equal(EN("Did that include any emails or even texts?"), TS_Q_YESNO);
	assert_int_equal(EN("Could you give me a number for the person in charge?"), TS_Q_REQUEST);
	assert_int_equal(EN("Can I follow up on that?"), TS_Q_REQUEST);
	assert_int_equal(EN("Can you tell us whether the White House knew?"), TS_Q_YESNO);
	assert_int_equal(EN("Can you tell us what happened?"), TS_Q_WH);
	assert_int_equal(EN("I'm curious whether the union was told."), TS_Q_YESNO);
	assert_int_equal(EN("I mean, isn't that a concern"), TS_Q_YESNO);
	assert_int_equal(EN("Yes, Josh, can I ask about the report?"), TS_Q_REQUEST);
	/* the first words without a mark: ’ as ', capitals small, a name
	 * and a comma, openers of one word and of two */
	assert_int_equal(EN("Isn’t that a concern"), TS_Q_YESNO);
	assert_int_equal(EN("DO YOU AGREE"), TS_Q_YESNO);
	assert_int_equal(EN("Josh, do you agree"), TS_Q_YESNO);
	assert_int_equal(EN("Well, I mean, isn’t that a concern"), TS_Q_YESNO);
}

static void english_statements(void **state)
{
	(void)state;
	assert_int_equal(EN("All right."), -1);
	assert_int_equal(EN("What we know is that they were paid."), -1);
	assert_int_equal(EN("I don't know."), -1);
	assert_int_equal(EN("Thank you, Karine."), -1);
	/* a first word of 31 bytes and more equals none ("is" cut short) */
	assert_int_equal(EN("Isaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa you there"), -1);
	assert_int_equal(EN("Isn’tt that a concern"), -1);
	assert_int_equal(ts_qtype_name(TS_Q_RHETORICAL)[0], 'r');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sentences_zh),
		cmocka_unit_test(sentences_en),
		cmocka_unit_test(sentences_mark_runs),
		cmocka_unit_test(one_abbreviation_list),
		cmocka_unit_test(languages_of_data),
		cmocka_unit_test(chinese_questions),
		cmocka_unit_test(soft_particles_by_all_bytes),
		cmocka_unit_test(end_lists_hold_every_end),
		cmocka_unit_test(chinese_statements),
		cmocka_unit_test(a_not_a_ends_the_rules),
		cmocka_unit_test(particles_one_pass_as_list_by_list),
		cmocka_unit_test(inversion_skips_as_without),
		cmocka_unit_test(inversion_as_slow),
		cmocka_unit_test(indirect_found_as_plainly),
		cmocka_unit_test(a_not_a_fast_as_slow),
		cmocka_unit_test(a_not_a_three_bytes_as_slow),
		cmocka_unit_test(a_not_a_negator_places_as_slow),
		cmocka_unit_test(a_not_a_any_widths_as_slow),
		cmocka_unit_test(sentences_skip_no_mark),
		cmocka_unit_test(sentences_from_unmarked),
		cmocka_unit_test(full_stops_as_defined),
		cmocka_unit_test(english_questions),
		cmocka_unit_test(english_statements),
		cmocka_unit_test(none_after_reads_none),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
