/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Text without case: ASCII, other cased scripts through utf8proc, and the
 * typographic apostrophe. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/caseless.h"
#include "base/text.h"
#include "helpers.h"

static void prefixes(void **state)
{
	(void)state;
	const char *s = "That\xe2\x80\x99s RIGHT, sir";
	/* "’" is three bytes where the cue has one "'" */
	assert_int_equal(ts_ci_prefix(s, strlen(s), "that's right"), 14);
	assert_int_equal(ts_ci_prefix(s, strlen(s), "that's wrong"), 0);
	assert_int_equal(ts_ci_prefix("Th", 2, "that"), 0);  /* the text ends first */
	assert_int_equal(ts_ci_prefix("ÉCOLE", strlen("ÉCOLE"), "école"), strlen("ÉCOLE"));
	assert_int_equal(ts_ci_prefix("ΟΧΙ", strlen("ΟΧΙ"), "οχι"), strlen("ΟΧΙ"));
	/* a byte that is not UTF-8 equals only itself */
	assert_int_equal(ts_ci_prefix("\xff" "a", 2, "\xff" "A"), 2);
	assert_int_equal(ts_ci_prefix("\xc3", 1, "\xc3\xa9"), 0);
	/* the first bytes settle most comparisons, but not those of a
	 * character that folds into ASCII (the Kelvin sign) */
	assert_int_equal(ts_ci_prefix("对吧", strlen("对吧"), "吧"), 0);
	assert_int_equal(ts_ci_prefix("吧。", strlen("吧。"), "吧"), strlen("吧"));
	/* same first byte, different characters (向 E5 90 91, 吗 E5 90 97) */
	assert_int_equal(ts_ci_prefix("向他", strlen("向他"), "吗"), 0);
	assert_int_equal(ts_ci_prefix("向他", strlen("向他"), "向"), strlen("向"));
	assert_int_equal(ts_ci_prefix_folded("向他", strlen("向他"), "吗", 3), 0);
	assert_int_equal(ts_ci_prefix("Key", 3, "kEY"), 3);
	assert_int_equal(ts_ci_prefix("\xe2\x84\xaa" "ey", 5, "key"), 5);
	assert_int_equal(ts_ci_prefix("x", 1, ""), 0);
	assert_int_equal(ts_ci_prefix("", 0, "x"), 0);
}

/* A text starts with a word without case only where their first
 * characters are equal by ts_ci_first: each pair of the prefixes above
 * that matches, and some that do not. */
static void first_characters(void **state)
{
	(void)state;
	static const char *const match[][2] = {
		{"That\xe2\x80\x99s", "that's"}, {"\xe2\x80\x99s", "'s"}, {"ÉCOLE", "école"},
		{"ΟΧΙ", "οχι"}, {"\xff" "a", "\xff" "A"}, {"吧。", "吧"}, {"Key", "kEY"},
		{"\xe2\x84\xaa" "ey", "key"},
	};
	for (size_t i = 0; i < sizeof match / sizeof *match; i++) {
		const char *s = match[i][0], *p = match[i][1];
		assert_true(ts_ci_prefix(s, strlen(s), p) > 0);
		assert_int_equal(ts_ci_first(s, strlen(s)), ts_ci_first(p, strlen(p)));
	}
	assert_int_equal(ts_ci_first("É", strlen("É")), 0xE9);
	/* 向 E5 90 91, 吗 E5 90 97; a lead byte cut off is itself */
	assert_int_not_equal(ts_ci_first("向他", strlen("向他")), ts_ci_first("吗", strlen("吗")));
	assert_int_not_equal(ts_ci_first("\xc3", 1), ts_ci_first("\xc3\xa9", 2));
	assert_int_not_equal(ts_ci_first("\xc3", 1), 0xC3);
}

static void finding(void **state)
{
	(void)state;
	size_t len;
	const char *s = "we DON\xe2\x80\x99T know";
	assert_int_equal(ts_ci_find(s, strlen(s), "don't", &len), 3);
	assert_int_equal(len, 7);
	assert_int_equal(ts_ci_find(s, strlen(s), "never", &len), strlen(s));
	assert_int_equal(len, 0);
	/* places are ruled out by their first byte, but a character other
	 * than ASCII may fold to an ASCII one: the Kelvin sign to k */
	const char *kelvin = "ok \xe2\x84\xaa" "ey";
	assert_int_equal(ts_ci_find(kelvin, strlen(kelvin), "key", &len), 3);
	assert_int_equal(len, 5);
	/* and a text of ideographs: no place inside a character matches */
	const char *zh = "是不是对吧";
	assert_int_equal(ts_ci_find(zh, strlen(zh), "对吧", &len), strlen("是不是"));
	/* folded text: case and ’ */
	ts_buf f = {0};
	assert_int_equal(ts_ci_fold_text("That’S ÉTÉ", strlen("That’S ÉTÉ"), &f), 0);
	assert_string_equal(f.ptr, "that's été");
	ts_buf_free(&f);
	assert_true(ts_ci_caseless_char(0x5BF9));   /* 对 */
	assert_true(ts_ci_caseless_char(','));
	assert_false(ts_ci_caseless_char('a'));
	assert_false(ts_ci_caseless_char('\''));
	assert_false(ts_ci_caseless_char(0x2019)); /* ’ folds to ' */
	assert_false(ts_ci_caseless_char(0x24D0)); /* ⓐ: Ⓐ folds to it */
}

static void folded_words_and_aligned_texts(void **state)
{
	(void)state;
	/* a compiled word is folded already: its bytes are not folded again */
	const char *s = "That’S ÉTÉ!";
	assert_int_equal(ts_ci_prefix_folded(s, strlen(s), "that's été", strlen("that's été")),
	                 strlen("That’S ÉTÉ"));
	assert_int_equal(ts_ci_prefix_folded("abc", 3, "ABC", 3), 0);
	assert_int_equal(ts_ci_prefix_folded("ab", 2, "abc", 3), 0);
	/* folding that keeps every place */
	char out[64];
	assert_int_equal(ts_ci_fold_aligned("ABC Été", strlen("ABC Été"), out), 1);
	assert_memory_equal(out, "abc été", strlen("abc été"));
	assert_int_equal(ts_ci_fold_aligned("That’S", strlen("That’S"), out), 0);  /* 3 bytes to 1 */
	assert_int_equal(ts_ci_fold_aligned("\xe2\x84\xaa", 3, out), 0);          /* Kelvin sign to k */
	assert_int_equal(ts_ci_fold_aligned("a\xff", 2, out), 0);                  /* not UTF-8 */
	/* a folded text longer than its source: Ⱥ (2 bytes) folds to ⱥ (3) */
	ts_buf f = {0};
	char grow[601];
	for (int i = 0; i < 300; i++)
		memcpy(grow + 2 * i, "Ⱥ", 2);
	grow[600] = 'X';
	assert_int_equal(ts_ci_fold_text(grow, sizeof grow, &f), 0);
	assert_int_equal(f.len, 901);
	assert_memory_equal(f.ptr + 897, "ⱥx", 4);
	char same[sizeof grow];
	assert_int_equal(ts_ci_fold_aligned(grow, sizeof grow, same), 0);
	ts_buf_free(&f);
}

/* ts_ci_prefix as ts_ci_prefix_folded finds p folded by ts_ci_fold_text,
 * for texts and words made at random of ASCII of both cases, cased and
 * uncased characters, stray bytes and the lead bytes of ideographs alone
 * (words of 1 and 2 bytes whose first byte is one); in p only characters
 * that fold to as many bytes. */
static void prefixes_as_folded(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", "A", "b", "B", " ", "\xe4", "\xe9", "\xff", "中",
	                                     "吗", "é", "É", "\xe2\x84\xaa", "’", "\xc3"};
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	ts_buf f = {0};
	for (int round = 0; round < 50000; round++) {
		char s[64], p[32];
		uint64_t r = test_random(&seed);
		size_t n = test_pieces(s, sizeof s, pieces, 15, (int)(r % 6), &seed);
		size_t m = test_pieces(p, sizeof p - 1, pieces, 12, 1 + (int)(r >> 8) % 4, &seed);
		p[m] = '\0';
		if (strlen(p) != m)
			continue;
		f.len = 0;
		assert_int_equal(ts_ci_fold_text(p, m, &f), 0);
		size_t got = ts_ci_prefix(s, n, p), want = ts_ci_prefix_folded(s, n, f.ptr, f.len);
		if (got != want)
			fail_msg("'%.*s' starts with '%s': %zu, %zu folded", (int)n, s, p, got, want);
	}
	ts_buf_free(&f);
}

/* The folded text character by character: ts_ci_fold of each, encoded
 * by hand; a byte that is not UTF-8 as it is.  *aligned: every
 * character is UTF-8 and folds to as many bytes. */
static size_t fold_slowly(const char *s, size_t n, char *out, int *aligned)
{
	size_t o = 0;
	*aligned = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k) {
			out[o++] = s[i++];
			*aligned = 0;
			continue;
		}
		uint32_t f = ts_ci_fold(cp);
		size_t m = f < 0x80 ? 1 : f < 0x800 ? 2 : f < 0x10000 ? 3 : 4;
		static const unsigned char lead[5] = {0, 0, 0xC0, 0xE0, 0xF0};
		for (size_t b = m; b-- > 1;) {
			out[o + b] = (char)(0x80 | (f & 0x3F));
			f >>= 6;
		}
		out[o] = (char)(lead[m] | f);
		*aligned &= m == k;
		o += m;
		i += k;
	}
	return o;
}

/* ts_ci_fold_text and ts_ci_fold_aligned, sixteen bytes at a time where
 * they can (lower_ascii), against fold_slowly on texts made at random of
 * ASCII around A to Z and a to z, runs of ASCII as long as the blocks
 * and longer, cased and uncased characters, ’ and stray bytes, at every
 * alignment. */
static void random_texts_as_slowly(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"A", "Z", "a", "z", "@", "[", "`", "{", " ", ".", "Hello World", "0123456789ABCDEF",
		"THE QUICK BROWN FOX JUMPS OVER", "é", "É", "’", "中", "Ⱥ", "\xe2\x84\xaa", "\xff", "\xc3"};
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	char buf[400], want[1600], got[400];
	ts_buf f = {0};
	for (int round = 0; round < 20000; round++) {
		uint64_t r = test_random(&seed);
		size_t off = r % 16;
		size_t n = test_pieces(buf + off, sizeof buf - off, pieces, r >> 8 & 1 ? 13 : 21,
		                       (int)(r >> 16) % 24, &seed);
		const char *s = buf + off;
		int aligned;
		size_t wn = fold_slowly(s, n, want, &aligned);
		f.len = 0;
		assert_int_equal(ts_ci_fold_text(s, n, &f), 0);
		if (f.len != wn || memcmp(f.ptr, want, wn) || f.ptr[f.len])
			fail_msg("round %d: '%.*s' folded differs", round, (int)n, s);
		int ok = ts_ci_fold_aligned(s, n, got);
		if (ok != aligned || (ok && memcmp(got, want, n)))
			fail_msg("round %d: '%.*s' aligned %d, %d slowly", round, (int)n, s, ok, aligned);
	}
	ts_buf_free(&f);
}

/* Short texts, whole ASCII or with one byte of 0x80 or up anywhere (the
 * first and last bytes too, which only the overlapping loads of the
 * texts of 4 to 15 bytes and the last block read), of every length to
 * three blocks: ts_ci_fold_text and ts_ci_fold_aligned in one go
 * (lower_all_ascii) against fold_slowly.  Each text in an allocation of
 * its own length, so that a read past its end is one (ASan). */
static void short_texts_in_one_go(void **state)
{
	(void)state;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	ts_buf f = {0};
	char want[200], got[64];
	for (int round = 0; round < 40000; round++) {
		size_t n = (size_t)(test_random(&seed) % 49);
		char *s = malloc(n ? n : 1);
		assert_non_null(s);
		for (size_t i = 0; i < n; i++) {
			uint64_t r = test_random(&seed);
			/* letters of either case mostly, and around A..Z and a..z */
			static const char near[] = "@[`{AZaz .,?'";
			s[i] = r % 4 ? (char)("aA"[r >> 8 & 1] + (r >> 16) % 26)
			       : r % 8 == 1 ? near[(r >> 16) % (sizeof near - 1)]
			       : (char)((r >> 16) % 0x80);
		}
		if (n && round % 2) {
			uint64_t r = test_random(&seed);
			size_t at = r % 3 == 0 ? 0 : r % 3 == 1 ? n - 1 : (r >> 8) % n;
			s[at] = (char)(0x80 + (r >> 16) % 0x80);
		}
		int aligned;
		size_t wn = fold_slowly(s, n, want, &aligned);
		f.len = 0;
		assert_int_equal(ts_ci_fold_text(s, n, &f), 0);
		if (f.len != wn || memcmp(f.ptr, want, wn) || f.ptr[f.len])
			fail_msg("round %d: a text of %zu bytes folded differs", round, n);
		int ok = ts_ci_fold_aligned(s, n, got);
		if (ok != aligned || (ok && memcmp(got, want, n)))
			fail_msg("round %d: a text of %zu bytes aligned %d, %d slowly", round, n, ok, aligned);
		free(s);
	}
	ts_buf_free(&f);
}

static void equality_and_hash(void **state)
{
	(void)state;
	assert_true(ts_ci_equal("Participants", 12, "PARTICIPANTS", 12));
	assert_false(ts_ci_equal("Participant", 11, "Participants", 12));
	assert_true(ts_ci_equal("Straße", strlen("Straße"), "STRAßE", strlen("STRAßE")));
	assert_int_equal(ts_ci_hash("Date", 4), ts_ci_hash("dATE", 4));
	assert_int_not_equal(ts_ci_hash("Date", 4), ts_ci_hash("Data", 4));
	assert_int_equal(ts_ci_fold(0x2019), '\'');
	assert_int_equal(ts_ci_fold('Q'), 'q');
	assert_int_equal(ts_ci_fold(0x0416), 0x0436);  /* Cyrillic Ж */
	assert_int_equal(ts_ci_fold(0x4E2D), 0x4E2D);  /* 中 has no case */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes),
		cmocka_unit_test(prefixes_as_folded),
		cmocka_unit_test(first_characters),
		cmocka_unit_test(finding),
		cmocka_unit_test(folded_words_and_aligned_texts),
		cmocka_unit_test(random_texts_as_slowly),
		cmocka_unit_test(short_texts_in_one_go),
		cmocka_unit_test(equality_and_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
