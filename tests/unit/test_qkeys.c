/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Content keys (analyse/qkeys.h): a set, its overlap with another, and the
 * kept copies of the re-asks, which must compare as the sets do. */
#include "config.h"

#include "helpers.h"

#include <ctype.h>

#include "analyse/qkeys.h"
#include "base/hash.h"

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
	/* a word's key is its hash, by which it was not found a stop word */
	keys_of(en, "The report, THE Report's", &a);
	assert_int_equal(a.n, 2);
	uint64_t want[2] = {ts_fnv1a(TS_FNV_INIT, "report", 6), ts_fnv1a(TS_FNV_INIT, "report's", 8)};
	if (want[0] > want[1]) {
		uint64_t t = want[0];
		want[0] = want[1];
		want[1] = t;
	}
	assert_memory_equal(a.k, want, sizeof want);
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

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The pairs of adjacent content characters as docs/qa.md has them, one
 * ts_utf8_decode a character (to the first byte that is not UTF-8), the
 * first 256 kept, sorted, without repeats. */
static void pairs_by_hand(const char *s, size_t n, ts_keyset *out)
{
	const ts_words *fc = &zh->list[TS_L_K_FUNCTION_CHARACTERS];
	uint32_t prev = 0, cp;
	size_t k;
	out->n = 0;
	for (size_t i = 0; i < n && (k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp)); i += k) {
		int content = ts_classify(tc, cp).kind == TS_CK_CJK && !ts_words_is_char(fc, cp);
		if (content && prev && out->n < 256)
			out->k[out->n++] = (uint64_t)prev << 32 | cp;
		prev = content ? cp : 0;
	}
	qsort(out->k, out->n, sizeof *out->k, cmp_u64);
	size_t kept = out->n;
	out->n = 0;
	for (size_t i = 0; i < kept; i++)
		if (i == 0 || out->k[i] != out->k[i - 1])
			out->k[out->n++] = out->k[i];
}

/* Keys are read from characters of three bytes taken apart from others
 * (four a register of sixteen bytes, two a word of eight bytes, while
 * there are),
 * and function characters looked up inline: the same keys as by hand, on
 * texts made at random of content and function characters, punctuation,
 * Latin letters, characters of two and four bytes, leads of three bytes
 * that are no character and stray bytes, characters at and past the ends
 * of ts_lang.key_function, some with more than 256 pairs. */
static void pairs_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"工", "厂", "火", "灾", "的", "了", "是", "不", "我", "你", "们", "，", "。", "？", "a", "Z",
		"1", " ", "ー", "か", "\xC3\xA9", "\xF0\xA0\x80\x80", "\xE0\xA0\x80", "\xE0\x80\x80",
		"\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xE1\x80\x80", "\x80", "\xE4\xB8",
		/* the ends of the unified ideographs, whose function characters
		 * are bits (一 U+4E00 is one, 让 another), and either side */
		"一", "让", "\xE9\xBF\xBF", "\xE9\xBE\xA5", "\xE4\xB7\xBF", "\xEA\x80\x80", "\xEF\xA4\x80"};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 88172645463325252ull;
	size_t full = 0;
	for (int round = 0; round < 20000; round++) {
		char s[2048];
		int parts = 1 + (int)(test_random(&seed) % (round % 20 ? 40 : 600));
		/* mostly ideographs, as a question is */
		size_t len = test_pieces(s, sizeof s, pieces, round % 4 ? 6 : np, parts, &seed);
		ts_keyset got, want;
		ts_keys(tc, zh, s, len, &got);
		pairs_by_hand(s, len, &want);
		assert_int_equal(got.n, want.n);
		assert_memory_equal(got.k, want.k, got.n * sizeof *got.k);
		full += want.n > 0 && len > 600;
	}
	assert_true(full > 100);
}

/* The words of an English question as docs/qa.md has them: from a letter
 * or digit on, letters, digits and apostrophes, lowered, cut to 31
 * bytes, hashed (FNV-1a); those of keys.min_length or more that are no
 * stop word (ts_words_has), the first 256, sorted, without repeats. */
static void words_by_hand(const char *s, size_t n, ts_keyset *out)
{
	out->n = 0;
	size_t i = 0;
	while (i < n) {
		if (!isalnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		char w[31];
		size_t m = 0;
		for (; i < n && (isalnum((unsigned char)s[i]) || s[i] == '\''); i++)
			if (m < sizeof w)
				w[m++] = (char)tolower((unsigned char)s[i]);
		if (m >= (size_t)en->min_word_length &&
		    ts_words_has(&en->list[TS_L_K_STOP_WORDS], w, m) < 0 && out->n < 256)
			out->k[out->n++] = ts_fnv1a(TS_FNV_INIT, w, m);
	}
	qsort(out->k, out->n, sizeof *out->k, cmp_u64);
	size_t kept = out->n;
	out->n = 0;
	for (size_t k = 0; k < kept; k++)
		if (k == 0 || out->k[k] != out->k[k - 1])
			out->k[out->n++] = out->k[k];
}

/* English keys are words read by a table and hashed as they are read:
 * the same keys as by hand, on texts made at random of stop words,
 * content words in capitals and not, apostrophes (which start no word),
 * digits, punctuation, ’, characters of other scripts and words longer
 * than 31 bytes, some with more than 256 words. */
static void words_as_by_hand(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"the", "The", "union", "UNION", "workers", "Factory", "isn't", "'tis", "'", "''", "2024",
		"a1", "x", "Z", " ", " ", ",", ".", "?", "-", "’", "é", "中", "\xFF", "@", "[", "`", "{",
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "what", "do", "you", "know", "about", "it"};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x853C49E6748FEA9Bull;
	size_t full = 0, keys = 0;
	for (int round = 0; round < 20000; round++) {
		char s[4096];
		int parts = 1 + (int)(test_random(&seed) % (round % 20 ? 40 : 1200));
		size_t len = test_pieces(s, sizeof s, pieces, np, parts, &seed);
		ts_keyset got, want;
		ts_keys(tc, en, s, len, &got);
		words_by_hand(s, len, &want);
		assert_int_equal(got.n, want.n);
		assert_memory_equal(got.k, want.k, got.n * sizeof *got.k);
		keys += want.n;
		full += len > 2000;
	}
	assert_true(keys > 20000);
	assert_true(full > 100);
}

/* A kept list of n keys drawn from keys[0..nk), sorted, without repeats,
 * set through a key set as the re-asks set them. */
static void list_of(ts_keylist *l, const uint64_t *keys, size_t nk, size_t n, uint64_t *seed)
{
	ts_keyset set;
	set.n = 0;
	for (size_t i = 0; i < n; i++)
		set.k[set.n++] = keys[(test_random(seed) >> 32) % nk];
	qsort(set.k, set.n, sizeof *set.k, cmp_u64);
	size_t m = set.n;
	set.n = 0;
	for (size_t i = 0; i < m; i++)
		if (i == 0 || set.k[i] != set.k[i - 1])
			set.k[set.n++] = set.k[i];
	assert_int_equal(ts_keylist_set(l, &set), 0);
}

/* ts_keylist_reaches rules a pair out by the bits of its keys: it says
 * what comparing the overlap with the share says, for lists of 0 to 40
 * keys from pools small and large (keys in common, bits shared by other
 * keys), at shares from below 0 to above 1. */
static void reaches_as_overlap(void **state)
{
	(void)state;
	static const double shares[] = {-1, 0, 0.2, 0.5, 0.51, 0.75, 1, 1.5};
	uint64_t keys[300], seed = 0xBB67AE8584CAA73Bull;
	for (size_t i = 0; i < 300; i++)
		keys[i] = test_random(&seed);
	ts_keylist a = {0}, b = {0};
	size_t reached = 0;
	for (int round = 0; round < 20000; round++) {
		size_t nk = 2 + (size_t)(test_random(&seed) % 298);
		list_of(&a, keys, nk, (size_t)(test_random(&seed) % 41), &seed);
		list_of(&b, keys, nk, (size_t)(test_random(&seed) % 41), &seed);
		for (size_t k = 0; k < sizeof shares / sizeof *shares; k++) {
			int want = ts_keylist_overlap(&a, &b) >= shares[k];
			if (ts_keylist_reaches(&a, &b, shares[k]) != want ||
			    ts_keylist_reaches(&b, &a, shares[k]) != want)
				fail_msg("%zu and %zu keys of %zu, share %g: overlap %g", a.n, b.n, nk, shares[k],
				         ts_keylist_overlap(&a, &b));
			reached += want && shares[k] > 0;
		}
	}
	assert_true(reached > 1000);
	free(a.k);
	free(b.k);
}

/* ts_swar_popcount counts as a loop over the 64 bits does, on words of
 * no bit, all bits, each single bit and random words of every density. */
static void popcount_as_by_loop(void **state)
{
	(void)state;
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	for (int round = 0; round < 20000; round++) {
		uint64_t x;
		if (round < 64)
			x = (uint64_t)1 << round;
		else if (round < 66)
			x = round == 64 ? 0 : ~(uint64_t)0;
		else {
			/* and-ing or or-ing words thins or fills the bits */
			x = test_random(&seed);
			for (int k = round % 4; k > 0; k--)
				x = round % 8 < 4 ? x & test_random(&seed) : x | test_random(&seed);
		}
		unsigned want = 0;
		for (int b = 0; b < 64; b++)
			want += (unsigned)(x >> b & 1);
		if (ts_swar_popcount(x) != want)
			fail_msg("%016llx: %u bits, not %u", (unsigned long long)x, ts_swar_popcount(x), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sets_and_overlap),
		cmocka_unit_test(kept_lists),
		cmocka_unit_test(pairs_as_by_hand),
		cmocka_unit_test(words_as_by_hand),
		cmocka_unit_test(reaches_as_overlap),
		cmocka_unit_test(popcount_as_by_loop),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
