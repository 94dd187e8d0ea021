/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/words.h"

static void build(ts_words *l, int caseless, const char *const *words)
{
	ts_words_init(l, caseless);
	for (; *words; words++)
		assert_int_equal(ts_words_add(l, *words), 0);
	assert_int_equal(ts_words_finish(l), -1);
}

static void lookups(void **state)
{
	(void)state;
	ts_words l;
	build(&l, 1, (const char *const[]){"That's right", "right", "Yes", NULL});
	assert_false(l.plain);
	assert_string_equal(l.v[0].w, "that's right");
	assert_string_equal(l.v[0].raw, "That's right");
	/* a word of a sentence, folded by the caller */
	assert_int_equal(ts_words_has(&l, "yes", 3), 2);
	assert_int_equal(ts_words_has(&l, "Yes", 3), -1);
	assert_int_equal(ts_words_has(&l, "ye", 2), -1);
	/* the first in list order wins */
	assert_int_equal(ts_words_ends(&l, "that's right", 12), 0);
	assert_int_equal(ts_words_ends(&l, "all right", 9), 1);
	assert_int_equal(ts_words_starts(&l, "yes sir", 7), 2);
	size_t at = 0, len = 0;
	assert_int_equal(ts_words_find(&l, "oh yes, right", 13, ~(ts_cpmask)0, &at), 1);
	assert_int_equal(at, 8);
	/* a mask without the first character's bit rules a word out */
	assert_int_equal(ts_words_find(&l, "oh yes, right", 13, ts_cpmask_of("oh yes, ", 8), &at), 2);
	/* on text as it is: without case, ’ as ' (3 bytes for 1) */
	assert_int_equal(ts_words_prefix_ci(&l, "THAT’S RIGHT, sir", 19, &len), 0);
	assert_int_equal(len, 14);
	assert_int_equal(ts_words_find_ci(&l, "Well, that’s right", 20, &at, &len), 0);
	assert_int_equal(at, 6);
	assert_int_equal(len, 14);
	assert_int_equal(ts_words_find_ci(&l, "no", 2, &at, &len), -1);
	/* a text whose folding keeps every place is folded once and searched
	 * as bytes; places and lengths are the text's */
	assert_int_equal(ts_words_find_ci(&l, "Oh YES, That's RIGHT", 20, &at, &len), 0);
	assert_int_equal(at, 8);
	assert_int_equal(len, 12);
	assert_int_equal(ts_words_find_ci(&l, "ÉTÉ, yes", strlen("ÉTÉ, yes"), &at, &len), 2);
	assert_int_equal(at, strlen("ÉTÉ, "));
	/* ... and one longer than the folding buffer is searched without it */
	char long_text[1500];
	memset(long_text, 'x', sizeof long_text);
	memcpy(long_text + 1400, " RIGHT", 6);
	assert_int_equal(ts_words_find_ci(&l, long_text, sizeof long_text, &at, &len), 1);
	assert_int_equal(at, 1401);
	assert_int_equal(len, 5);
	ts_words_free(&l);
}

static void plain_and_exact(void **state)
{
	(void)state;
	ts_words l;
	/* ideographs and punctuation have no case: bytes are compared */
	build(&l, 1, (const char *const[]){"对吧", "，", "——", NULL});
	assert_true(l.plain);
	size_t at = 0, len = 0;
	assert_int_equal(ts_words_find_ci(&l, "是，对吧", strlen("是，对吧"), &at, &len), 0);
	assert_int_equal(at, strlen("是，"));
	/* the set of last bytes: ，ends in 0x8C */
	assert_int_equal(ts_words_ends(&l, "好，", strlen("好，")), 1);
	assert_int_equal(ts_words_ends(&l, "好。", strlen("好。")), -1);
	ts_words_free(&l);
	/* with case */
	build(&l, 0, (const char *const[]){"Date", "NB", NULL});
	assert_int_equal(ts_words_has(&l, "Date", 4), 0);
	assert_int_equal(ts_words_has(&l, "date", 4), -1);
	ts_words_free(&l);
}

static void repeats(void **state)
{
	(void)state;
	ts_words l;
	ts_words_init(&l, 1);
	const char *const words[] = {"b", "A", "c", "a"};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ts_words_add(&l, words[i]), 0);
	assert_int_equal(ts_words_finish(&l), 3);  /* the later "a" */
	ts_words_free(&l);
	ts_words_init(&l, 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ts_words_add(&l, words[i]), 0);
	assert_int_equal(ts_words_finish(&l), -1);  /* "A" and "a" differ with case */
	ts_words_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(plain_and_exact),
		cmocka_unit_test(repeats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
