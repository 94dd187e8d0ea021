/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Content keys (analyse/qkeys.h): a set, its overlap with another, and the
 * kept copies of the re-asks, which must compare as the sets do. */
#include "config.h"

#include "helpers.h"

#include "analyse/qkeys.h"

static ts_langs langs;
static ts_textclass *tc;
static const ts_lang *zh, *en;

static int setup(void **state)
{
	(void)state;
	test_langs(&langs);
	zh = langs.lang[test_lang(&langs, "zh")];
	en = langs.lang[test_lang(&langs, "en")];
	tc = ts_textclass_new();
	return tc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ts_textclass_free(tc);
	ts_langs_free(&langs);
	return 0;
}

static void keys_of(const ts_lang *lang, const char *s, ts_keyset *out)
{
	ts_keys(tc, lang, s, strlen(s), out);
}

static void sets_and_overlap(void **state)
{
	(void)state;
	ts_keyset a, b, c;
	keys_of(zh, "你们知道工厂火灾的事情吗", &a);
	keys_of(zh, "工厂火灾的事情你们知道吗", &b);
	keys_of(zh, "明天下雨", &c);
	assert_true(a.n >= 2);
	for (size_t i = 1; i < a.n; i++)
		assert_true(a.k[i - 1] < a.k[i]);  /* sorted, no repeats */
	/* the same words in another order share every key but the pairs
	 * across the cut */
	assert_true(ts_keys_overlap(&a, &b) > 0.5);
	assert_true(ts_keys_overlap(&a, &c) == 0);
	assert_true(ts_keys_overlap(&a, &a) == 1);
	/* English: words without case */
	keys_of(en, "Will the Department release the report?", &a);
	keys_of(en, "will the department RELEASE the REPORT", &b);
	assert_true(a.n >= 2);
	assert_true(ts_keys_overlap(&a, &b) == 1);
}

static void kept_lists(void **state)
{
	(void)state;
	ts_keyset a, b, small;
	keys_of(zh, "你们知道工厂火灾的事情吗", &a);
	keys_of(zh, "工厂火灾的事情你们知道吗", &b);
	keys_of(zh, "火灾", &small);
	ts_keylist la = {0}, lb = {0};
	assert_int_equal(ts_keylist_set(&la, &a), 0);
	assert_int_equal(ts_keylist_set(&lb, &b), 0);
	assert_int_equal(la.n, a.n);
	assert_memory_equal(la.k, a.k, a.n * sizeof *a.k);
	assert_true(ts_keylist_overlap(&la, &lb) == ts_keys_overlap(&a, &b));
	/* a list is reused for a smaller set: it holds that set only */
	assert_int_equal(ts_keylist_set(&la, &small), 0);
	assert_int_equal(la.n, small.n);
	assert_memory_equal(la.k, small.k, small.n * sizeof *small.k);
	assert_true(ts_keylist_overlap(&la, &lb) == ts_keys_overlap(&small, &b));
	free(la.k);
	free(lb.k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sets_and_overlap),
		cmocka_unit_test(kept_lists),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
