/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/caseless.h"
#include "base/text.h"
#include "base/wordhits.h"
#include "base/words.h"

static void build(ts_words *l, int caseless, const char *const *words)
{
	ts_words_init(l, caseless);
	for (; *words; words++)
		assert_int_equal(ts_words_add(l, *words), 0);
	assert_int_equal(ts_words_finish(l), -1);
}

/* A list of the n words, exact. */
static void build_n(ts_words *l, const char *const *words, size_t n)
{
	ts_words_init(l, 0);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(ts_words_add(l, words[k]), 0);
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

/* The first word in list order that a text holds, and its first place,
 * found the slow and obvious way: the reference for ts_words_find. */
static long naive_find(const char *const *words, size_t nw, const char *s, size_t n, size_t *at)
{
	for (size_t k = 0; k < nw; k++) {
		size_t len = strlen(words[k]);
		for (size_t i = 0; i + len <= n; i++)
			if (!memcmp(s + i, words[k], len)) {
				*at = i;
				return (long)k;
			}
	}
	return -1;
}

/* ts_words_find on text finds what naive_find finds, l being words[0..nw),
 * with the text's mask or none. */
static void find_each_as_naive(const ts_words *l, const char *const *words, size_t nw,
                               const char *text, size_t n)
{
	size_t want_at = (size_t)-2;
	long want = naive_find(words, nw, text, n, &want_at);
	for (int masked = 0; masked < 2; masked++) {
		size_t at = (size_t)-1;
		ts_cpmask m = masked ? ts_cpmask_of(text, n) : ~(ts_cpmask)0;
		long got = ts_words_find(l, text, n, m, &at);
		if (got != want || (want >= 0 && at != want_at))
			fail_msg("'%.*s'%s: word %ld at %zu, want %ld at %zu", (int)n, text,
			         masked ? " (masked)" : "", got, at, want, want_at);
	}
	/* the search past the tests of ts_words_find (inline) finds the
	 * same; a text the anchors rule out holds no word */
	size_t at = (size_t)-1;
	long got = ts_words_find_all(l, text, n, ~(ts_cpmask)0, &at);
	if (got != want || (want >= 0 && at != want_at))
		fail_msg("'%.*s' (all): word %ld at %zu, want %ld at %zu", (int)n, text, got, at, want,
		         want_at);
#if defined(__SSE2__)
	if (l->nanchor && n >= 15 + l->anchor_len && !ts_words_anchored(l, text, n) && want >= 0)
		fail_msg("'%.*s': no anchor, and word %ld", (int)n, text, want);
#endif
}

/* find_each_as_naive on random texts of pieces (fewer than max_pieces),
 * rounds of them, for the list of words[first..nw) from every first, so
 * that every word is first once; each list indexed by pairs, and by skips
 * when `skips`. */
static void find_from_every_first(const char *const *words, size_t nw, const char *const *pieces,
                                  size_t np, int max_pieces, int rounds, uint64_t seed, int skips)
{
	for (size_t first = 0; first < nw; first++) {
		ts_words l;
		build_n(&l, words + first, nw - first);
		assert_non_null(l.by_pair);
		if (skips)
			assert_non_null(l.skip);
		for (int round = 0; round < rounds; round++) {
			char text[256];
			size_t n = test_pieces(text, sizeof text, pieces, np,
			                       (int)(test_random(&seed) % (uint64_t)max_pieces), &seed);
			find_each_as_naive(&l, words + first, nw - first, text, n);
		}
		ts_words_free(&l);
	}
}

/* ts_words_find tries at each place only the words that start with its
 * two bytes (hashed into buckets): it must find what a search word by word
 * finds, over words that share buckets, share first bytes, nest in one
 * another, and ideographs (whose first bytes are few). */
static void find_by_pairs(void **state)
{
	(void)state;
	static const char *const words[] = {
		"ab",  "abc", "ba", "bab", "是不是", "不是", "吗", "是", "xy", "cd", "zz",
		"ca", "呢吧",
	};
	const size_t nw = sizeof words / sizeof *words;
	static const char *const alphabet[] = {"a", "b", "c", "d", "x", "y", "z",
	                                       "是", "不", "吗", "呢", "吧", " "};
	find_from_every_first(words, nw, alphabet, sizeof alphabet / sizeof *alphabet, 16, 300, 12345,
	                      0);
	/* a word of one byte: no index, the search word by word */
	ts_words l;
	build(&l, 0, (const char *const[]){"abc", "c", NULL});
	assert_null(l.by_pair);
	size_t at = 0;
	assert_int_equal(ts_words_find(&l, "xxcabc", 6, ~(ts_cpmask)0, &at), 0);
	assert_int_equal(at, 3);
	assert_int_equal(ts_words_find(&l, "xxc", 3, ~(ts_cpmask)0, &at), 1);
	assert_int_equal(at, 2);
	ts_words_free(&l);
}

/* ts_words_find moves a window along the text by the skips of its last
 * two bytes when every word has four bytes or more: it must find what a
 * search word by word finds, over English phrases that nest, overlap and
 * share pairs ("i wonder", "wondering if", " or ", " or not"),
 * ideographs, and texts made of their pieces, where windows stop often;
 * over a list of many words, whose pairs share slots of the table; and
 * over words longer than the longest window (255 bytes). */
static void find_by_skips(void **state)
{
	(void)state;
	static const char *const words[] = {
		"i wonder", "wondering if", "wondering whether", " or ", " or not", "whether or",
		"i'm curious", "curious about", "want to ask", "wanted to ask", "who knows",
		"是不是", "还是说", "aaaa", "abab", "baba",
	};
	const size_t nw = sizeof words / sizeof *words;
	static const char *const pieces[] = {
		"i", " ", "wonder", "ing", " if", "or", " not", "whether", "'m", "curious", "about",
		"want", "ed", "to ask", "who", "knows", "是", "不", "还", "说", "a", "b", "ab", ",",
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	find_from_every_first(words, nw, pieces, np, 25, 2000, 2463534242, 1);
	/* 625 words of four of "abcd " (every one): a table of 4096 slots
	 * for 1875 pairs, a text's pairs sharing them */
	static char many[625][5];
	const char *mp[625];
	for (size_t i = 0; i < 625; i++) {
		for (size_t d = 0, v = i; d < 4; d++, v /= 5)
			many[i][d] = "abcd "[v % 5];
		many[i][4] = '\0';
		mp[i] = many[i];
	}
	ts_words l;
	build_n(&l, mp, 625);
	assert_non_null(l.skip);
	static const char *const letters[] = {"a", "b", "c", "d", " ", "e", "ab"};
	uint64_t seed = 88675123;
	for (int round = 0; round < 3000; round++) {
		char text[64];
		size_t n = test_pieces(text, sizeof text, letters, 7, (int)(test_random(&seed) % 32), &seed);
		find_each_as_naive(&l, mp, 625, text, n);
	}
	ts_words_free(&l);
	/* words of 300 and 260 bytes: a window of 255 */
	static char longw[2][301];
	memset(longw[0], 'x', 300);
	memset(longw[1], 'x', 259);
	longw[1][259] = 'y';
	const char *lw[] = {longw[0], longw[1], NULL};
	build(&l, 0, lw);
	assert_int_equal(l.span, 255);
	for (size_t n = 250; n < 700; n += 7) {
		char text[700];
		memset(text, 'x', n);
		find_each_as_naive(&l, lw, 2, text, n);
		if (n > 300) {
			text[n - 3] = 'y';
			find_each_as_naive(&l, lw, 2, text, n);
		}
	}
	ts_words_free(&l);
	/* a word of three bytes: no skips, the search by lead bytes */
	build(&l, 0, (const char *const[]){"i wonder", "是", NULL});
	assert_null(l.skip);
	ts_words_free(&l);
}

/* find_each_as_naive on rounds of random texts of pieces (at most parts
 * of them, up to max bytes), each in an allocation of its own length (a
 * read past it is one under ASan). */
static void find_in_own_texts(const ts_words *l, const char *const *words, size_t nw,
                              const char *const *pieces, size_t np, int parts, size_t max,
                              int rounds, uint64_t *seed)
{
	for (int round = 0; round < rounds; round++) {
		char buf[128];
		assert_true(max < sizeof buf);
		size_t want = (size_t)(test_random(seed) % (max + 1));
		size_t n = test_pieces(buf, want, pieces, np, parts, seed);
		char *text = malloc(n ? n : 1);
		assert_non_null(text);
		memcpy(text, buf, n);
		find_each_as_naive(l, words, nw, text, n);
		free(text);
	}
}

/* A list whose words start with a few pairs of ASCII bytes (six at
 * most) and that has no skips (a word of three bytes) is searched for
 * those pairs sixteen places at a time, the last sixteen ending at the
 * text's end (find_few): it must find what a search word by word finds,
 * on texts of every length to 80 around the blocks' ends, each in an
 * allocation of its own length (a read past it is one under ASan); a
 * list of seven pairs, or with an ideograph, is searched as before. */
static void find_few_pairs(void **state)
{
	(void)state;
	static const char *const words[] = {"wondering", "wonder", "curious", "about", "ask",
	                                    "know", "asks", "kno", "abc", "ow"};
	const size_t nw = sizeof words / sizeof *words;
	static const char *const pieces[] = {"wo", "nder", "ing", "cu", "rious", "ab", "out", "as",
	                                     "k", "kn", "ow", "a", "s", " ", "x", "c"};
	uint64_t seed = 0x853C49E6748FEA9Bull;
	for (size_t first = 0; first < nw; first++) {
		ts_words l;
		build_n(&l, words + first, nw - first);
		assert_null(l.skip);
		assert_true(l.nfew > 0 && l.nfew <= TS_WORDS_FEW_PAIRS);
		find_in_own_texts(&l, words + first, nw - first, pieces, sizeof pieces / sizeof *pieces,
		                  60, 80, 3000, &seed);
		ts_words_free(&l);
	}
	ts_words l;
	build(&l, 0, (const char *const[]){"aa", "bb", "cc", "dd", "ee", "ff", "gg", NULL});
	assert_int_equal(l.nfew, 0);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"aa", "bb", "cc", "dd", "ee", "ff", "aab", NULL});
	assert_int_equal(l.nfew, 6);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"ask", "是", NULL});
	assert_int_equal(l.nfew, 0);
	ts_words_free(&l);
}

/* Whether word w holds anchor k of l, whose bytes are each sixteen times
 * in anchor_v. */
static int holds_anchor(const ts_words *l, unsigned k, const char *w)
{
	char g[4];
	assert_true(l->anchor_len == 3 || l->anchor_len == 4);
	for (size_t j = 0; j < l->anchor_len; j++) {
		g[j] = (char)l->anchor_v[k][j][0];
		for (size_t r = 1; r < 16; r++)
			assert_int_equal(l->anchor_v[k][j][r], l->anchor_v[k][j][0]);
	}
	return memmem(w, strlen(w), g, l->anchor_len) != NULL;
}

/* find_in_own_texts for words[first..nw) from every first, each list
 * with anchors of len bytes, every word holding one. */
static void find_anchored_from_every_first(const char *const *words, size_t nw,
                                           const char *const *pieces, size_t np, unsigned len,
                                           uint64_t *seed)
{
	for (size_t first = 0; first < nw; first++) {
		ts_words l;
		build_n(&l, words + first, nw - first);
		assert_true(l.nanchor > 0 && l.nanchor <= TS_WORDS_ANCHORS);
		assert_int_equal(l.anchor_len, len);
		for (size_t i = first; i < nw; i++) {
			int held = 0;
			for (unsigned k = 0; k < l.nanchor; k++)
				held |= holds_anchor(&l, k, words[i]);
			assert_true(held);
		}
		find_in_own_texts(&l, words + first, nw - first, pieces, np, 40, 120, 2000, seed);
		ts_words_free(&l);
	}
}

/* A list of ASCII words of four bytes or more, every one holding one of
 * a few grams of four bytes (anchors), is searched only in texts that
 * hold one (sixteen places at a time, the last sixteen ending at the
 * text's end): it must find what a search word by word finds, over the
 * English indirect questions (five anchors, none with a blank) from
 * every first, on texts of pieces of them of every length to 120, each in
 * an allocation of its own length (a read past it is one under ASan);
 * a list that no six grams cover, with a word of two bytes or of more
 * than 64 words has none.  A list of Chinese words (the stall cues) has
 * anchors of their characters, its words' first mostly, searched for
 * the same way among pieces of them, the characters around and bytes
 * of a character cut short; a list of English and Chinese words takes
 * anchors of three bytes, each of a character's first byte. */
static void find_by_anchors(void **state)
{
	(void)state;
	static const char *const words[] = {
		"i'm curious", "i am curious", "i'm just curious", "we're curious", "we are curious",
		"curious about", "i'm wondering", "i am wondering", "i was wondering", "i wonder",
		"i'd like to know", "i would like to know", "curious if", "curious whether",
		"wondering if", "wondering whether", "wanted to ask", "want to ask", "wanted to see if",
		"want to see if", "wanted to start with if", "if you have any update",
		"if you have any reaction", "if you have any comment",
	};
	const size_t nw = sizeof words / sizeof *words;
	static const char *const pieces[] = {
		"i'm ", "i ", "am ", "curious", "cur", "ious", "wonder", "wond", "ing", " if", " whether",
		"we're ", "want", "ed", " to ", "ask", "like", "know", "i'd ", "would ", "have", " any ",
		"update", "see", "start with", "you ", "x", " ", "'", "c", "w", "e", "curi", "ave",
	};
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	find_anchored_from_every_first(words, nw, pieces, sizeof pieces / sizeof *pieces, 4, &seed);
	ts_words l;
	build_n(&l, words, nw);
	assert_int_equal(l.nanchor, 5);
	for (unsigned k = 0; k < l.nanchor; k++)
		for (size_t j = 0; j < 4; j++)
			assert_int_not_equal(l.anchor_v[k][j][0], ' ');
	ts_words_free(&l);
	/* the lead-ins: "ask" (last, in every list from a first) makes
	 * anchors of three bytes */
	static const char *const leads[] = {"wondering", "wonder", "curious", "about", "know", "ask"};
	static const char *const lead_pieces[] = {"wo", "nder", "ing", "cu", "rious", "ab", "out",
	                                          "as", "k", "kn", "ow", "a", "s", " ", "x", "won",
	                                          "cur", "abo", "no", "t"};
	find_anchored_from_every_first(leads, 6, lead_pieces, sizeof lead_pieces / sizeof *lead_pieces,
	                               3, &seed);
	build(&l, 0, (const char *const[]){"aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", NULL});
	assert_int_equal(l.nanchor, 6);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "gggg", NULL});
	assert_int_equal(l.nanchor, 0);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"i wonder", "ask", NULL});
	assert_int_equal(l.nanchor, 2);
	assert_int_equal(l.anchor_len, 3);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"i wonder", "as", NULL});
	assert_int_equal(l.nanchor, 0);
	ts_words_free(&l);
	static const char *const stall[] = {"看一眼", "看一下", "查一下", "我看看", "我查查", "稍等", "等一下"};
	static const char *const stall_pieces[] = {
		"看", "一", "眼", "下", "查", "我", "稍", "等", "们", "，", "x", " ", "\xe7\x9c", "\x8b",
		"\xe4\xb8", "看一", "一下", "我看", "稍稍", "等等", "查查", "𠮷", "é"};
	find_anchored_from_every_first(stall, 7, stall_pieces, sizeof stall_pieces / sizeof *stall_pieces,
	                               3, &seed);
	build_n(&l, stall, 7);
	static const char *const stall_anchors[] = {"看", "查", "稍", "等"};
	assert_int_equal(l.nanchor, 4);
	for (unsigned k = 0; k < l.nanchor; k++)
		for (size_t j = 0; j < 3; j++)
			assert_int_equal(l.anchor_v[k][j][0], (unsigned char)stall_anchors[k][j]);
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"i wonder", "还是说", NULL});
	assert_int_equal(l.nanchor, 2);
	assert_int_equal(l.anchor_len, 3);
	assert_int_equal(l.anchor_v[0][0][0], 'w');
	assert_int_equal(l.anchor_v[1][0][0], 0xE8);  /* 还 */
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"i wonder", "是", "还是说", NULL});
	assert_int_equal(l.nanchor, 2);  /* "won", 是 */
	ts_words_free(&l);
	build(&l, 0, (const char *const[]){"i wonder", "é", NULL});
	assert_int_equal(l.nanchor, 0);
	ts_words_free(&l);
	static char many[65][8];
	const char *mp[65];
	for (size_t i = 0; i < 65; i++) {
		snprintf(many[i], sizeof many[i], "word%zu", i);
		mp[i] = many[i];
	}
	build_n(&l, mp, 64);
	assert_int_equal(l.nanchor, 1);
	ts_words_free(&l);
	build_n(&l, mp, 65);
	assert_int_equal(l.nanchor, 0);
	ts_words_free(&l);
}

/* ts_words_has by the hash index: every word at its place in the list,
 * texts that are prefixes, extensions or near misses of words in none;
 * a list with a word twice has no index and still answers. */
static void has_by_hash(void **state)
{
	(void)state;
	static const char *const words[] = {"the", "a", "an", "and", "of", "to", "in", "that", "是",
	                                    "这个", "u.s", "mr", "mrs", NULL};
	ts_words l;
	build(&l, 1, words);
	assert_true(l.index.cap >= 8 * l.n);  /* an eighth full at most */
	for (long k = 0; words[k]; k++)
		assert_int_equal(ts_words_has(&l, words[k], strlen(words[k])), k);
	static const char *const not_words[] = {"", "th", "thee", "ands", "an ", "m", "mrs.", "这",
	                                        "这个人", "u.", NULL};
	for (size_t k = 0; not_words[k]; k++)
		assert_int_equal(ts_words_has(&l, not_words[k], strlen(not_words[k])), -1);
	/* a word's first byte and length are marked (ts_words_may_be); a
	 * text of a first byte and length of none, as most are, is not
	 * ("these": no word of five bytes starts with t) */
	for (size_t k = 0; words[k]; k++)
		assert_true(ts_words_may_be(&l, (unsigned char)words[k][0], strlen(words[k])));
	assert_false(ts_words_may_be(&l, 't', 5));
	assert_false(ts_words_may_be(&l, 'a', 5));
	size_t marked = 0;
	for (unsigned c = 0; c < 256; c++)
		for (size_t n = 1; n <= 32; n++)
			marked += (size_t)ts_words_may_be(&l, (unsigned char)c, n);
	assert_true(marked <= 13 * 256 * 32 / 64);  /* a bit of the 64 a word */
	ts_words_free(&l);
	ts_words_init(&l, 0);
	assert_int_equal(ts_words_add(&l, "b"), 0);
	assert_int_equal(ts_words_add(&l, "a"), 0);
	assert_int_equal(ts_words_add(&l, "b"), 0);
	assert_int_equal(ts_words_finish(&l), 2);
	assert_int_equal(l.index.cap, 0);
	assert_int_equal(ts_words_has(&l, "a", 1), 1);
	assert_int_equal(ts_words_has(&l, "c", 1), -1);
	ts_words_free(&l);
}

/* The words a text may start without case, by its first byte, in list
 * order: an ASCII byte names the words of its letter in either case; a
 * byte of 0x80 and above every word once some word has case (a character
 * there may fold to an ASCII letter); in a list without case, a word's
 * own first byte only. */
static void by_first_byte(void **state)
{
	(void)state;
	ts_words l;
	build(&l, 1, (const char *const[]){"Well", "对", "um", "'cause", "对的", NULL});
	size_t c = 9;
	const uint32_t *by = ts_words_ci_at(&l, 'W', &c);
	assert_int_equal(c, 1);
	assert_int_equal(by[0], 0);
	by = ts_words_ci_at(&l, 'w', &c);
	assert_int_equal(c, 1);
	assert_int_equal(by[0], 0);
	by = ts_words_ci_at(&l, '\'', &c);
	assert_int_equal(c, 1);
	assert_int_equal(by[0], 3);
	ts_words_ci_at(&l, 'x', &c);
	assert_int_equal(c, 0);
	by = ts_words_ci_at(&l, 0xE5, &c);  /* 对 is E5 AF B9 */
	assert_int_equal(c, 5);
	assert_int_equal(by[4], 4);
	size_t len = 0;
	assert_int_equal(ts_words_prefix_ci(&l, "WELL, yes", 9, &len), 0);
	assert_int_equal(len, 4);
	/* ’ (3 bytes) folds to ' */
	assert_int_equal(ts_words_prefix_ci(&l, "\xE2\x80\x99" "Cause I", 10, &len), 3);
	assert_int_equal(len, 8);
	/* 对 before 对的 in the list */
	assert_int_equal(ts_words_prefix_ci(&l, "对的，", 9, &len), 1);
	assert_int_equal(len, 3);
	assert_int_equal(ts_words_prefix_ci(&l, "", 0, &len), -1);
	assert_int_equal(ts_words_prefix_ci(&l, "xum", 3, &len), -1);
	ts_words_free(&l);

	build(&l, 1, (const char *const[]){"对", "是的", "对了", NULL});
	by = ts_words_ci_at(&l, 0xE5, &c);
	assert_int_equal(c, 2);
	assert_int_equal(by[0], 0);
	assert_int_equal(by[1], 2);
	ts_words_ci_at(&l, 0xE6, &c);  /* 是 is E6 98 AF */
	assert_int_equal(c, 1);
	ts_words_ci_at(&l, 0xE4, &c);
	assert_int_equal(c, 0);
	ts_words_free(&l);
}

/* ts_words_has and ts_words_ends compare a word's bytes in line, eight at
 * a time and then one by one: against a scan of every word, on words of 1
 * to 20 bytes of two letters (so that they share long starts and ends,
 * and differ at every place of the eight-byte steps) and texts of 0 to
 * 24 bytes of them. */
/* A caseless list keeps each word as ts_ci_fold_text folds it, whether
 * ts_words_add folds it or sees that folding changes nothing: random
 * words of letters with and without case, characters that fold (Kelvin
 * sign, İ, Ⅻ, Ⓐ, ’), characters that do not, and bytes that are not
 * UTF-8. */
static void caseless_words_as_folded(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "z", "A", "Z", "@", "[", "`", "{", "'", " ", "0", "Hi", "ok", "\xc3\x89", "\xc3\xa9",
		"\xce\xa9", "\xcf\x89", "\xe2\x80\x99", "\xe2\x84\xaa", "\xc4\xb0", "\xe2\x85\xab",
		"\xe2\x85\xbb", "\xe2\x92\xb6", "\xe2\x93\x90", "\xc3\x9f", "\xe1\xba\x9e",
		"\xef\xbc\xa1", "\xef\xbc\x91", "\xe4\xbd\xa0", "\xe5\xa5\xbd", "\xe3\x80\x82",
		"\xf0\x9f\x98\x80", "\xf0\x90\x90\x80", "\xff", "\xe4\xbd", "\xc0\xaf", "\xed\xa0\x80",
	};
	const size_t npieces = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	for (int round = 0; round < 3000; round++) {
		char word[64];
		size_t n = test_pieces(word, sizeof word - 1, pieces, npieces,
		                       1 + (int)(test_random(&seed) % 6), &seed);
		if (!n)
			continue;
		word[n] = '\0';
		ts_buf f = {0};
		assert_int_equal(ts_ci_fold_text(word, n, &f), 0);
		ts_words l;
		ts_words_init(&l, 1);
		assert_int_equal(ts_words_add(&l, word), 0);
		assert_int_equal(l.v[0].len, f.len);
		assert_memory_equal(l.v[0].w, f.ptr, f.len);
		assert_string_equal(l.v[0].raw, word);
		ts_words_free(&l);
		ts_buf_free(&f);
	}
}

/* Random lists, short (sorted in place) and long (by qsort), of words
 * with and without case, Chinese and not, looked up by their indexes by
 * first and last byte and by hash, against a scan of every word in list
 * order; a repeated word is the later place of the smallest repeated
 * word, as a sort of every pair finds it. */
static void indexes_as_scan(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "b", "z", "Q", "'", "\xe2\x80\x99", "0", " ", "\xe5\xaf\xb9", "\xe7\x9a\x84",
		"\xe6\x98\xaf", "\xc3\xa9", "\xc3\x89", "\xce\xa9", "~", "\x7f",
	};
	const size_t npieces = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	for (int round = 0; round < 400; round++) {
		static char words[40][16];
		const char *wp[40];
		int caseless = (int)(test_random(&seed) & 1);
		size_t nw = 1 + test_random(&seed) % (round & 1 ? 40 : 16);
		ts_words l;
		ts_words_init(&l, caseless);
		for (size_t k = 0; k < nw; k++) {
			size_t n = test_pieces(words[k], 15, pieces, npieces,
			                       1 + (int)(test_random(&seed) % 4), &seed);
			words[k][n] = '\0';
			wp[k] = words[k];
			assert_int_equal(ts_words_add(&l, wp[k]), 0);
		}
		/* the reference repeat: the smallest word (folded) with two places */
		long dup = -1;
		for (size_t a = 0; a < nw; a++)
			for (size_t b = a + 1; b < nw; b++)
				if (l.v[a].len == l.v[b].len && !memcmp(l.v[a].w, l.v[b].w, l.v[a].len)) {
					int c = dup < 0 ? -1 : strcmp(l.v[a].w, l.v[dup].w);
					if (c < 0 || (!c && (long)b < dup))
						dup = (long)b;
				}
		long got = ts_words_finish(&l);
		assert_int_equal(got, dup);
		if (dup >= 0) {
			ts_words_free(&l);
			continue;
		}
		/* the first bytes of the words of several (ts_words_may_phrase) */
		for (unsigned c = 0; c < 256; c++) {
			int phrase = 0;
			for (size_t k = 0; k < nw; k++)
				phrase |= (unsigned char)l.v[k].w[0] == c && memchr(l.v[k].w, ' ', l.v[k].len);
			assert_int_equal(ts_words_may_phrase(&l, (unsigned char)c), phrase);
		}
		for (int t = 0; t < 50; t++) {
			char text[40];
			size_t n = test_pieces(text, 39, pieces, npieces, (int)(test_random(&seed) % 6),
			                       &seed);
			long has = -1, ends = -1, pre = -1;
			size_t pre_len = 0;
			for (size_t k = 0; k < nw; k++) {
				const ts_word *e = &l.v[k];
				if (has < 0 && e->len == n && !memcmp(text, e->w, n))
					has = (long)k;
				if (ends < 0 && e->len <= n && !memcmp(text + n - e->len, e->w, e->len))
					ends = (long)k;
				size_t m = caseless && n ? ts_word_prefix_ci(e, text, n) : 0;
				if (pre < 0 && m) {
					pre = (long)k;
					pre_len = m;
				}
			}
			assert_int_equal(ts_words_has(&l, text, n), has);
			assert_int_equal(ts_words_ends(&l, text, n), ends);
			/* the test of the last two bytes rules out no text that
			 * ends a word: one of one byte too ("a" ends "ba") */
			if (ends >= 0 && n >= 2 &&
			    !ts_words_may_end2(&l, (unsigned char)text[n - 2], (unsigned char)text[n - 1]))
				fail_msg("'%.*s' ends word %ld, ruled out by its last two bytes", (int)n, text,
				         ends);
			if (caseless) {
				size_t len = 0;
				assert_int_equal(ts_words_prefix_ci(&l, text, n, &len), pre);
				if (pre >= 0)
					assert_int_equal(len, pre_len);
			}
		}
		ts_words_free(&l);
	}
}

static void has_and_ends_as_scan(void **state)
{
	(void)state;
	static char words[200][21];
	const char *wp[200];
	uint64_t seed = 7;
	size_t nw = 0;
	ts_words l;
	ts_words_init(&l, 0);
	while (nw < 200) {
		char w[21];
		size_t n = test_pieces(w, 20, (const char *const[]){"a", "b"}, 2, (int)(test_random(&seed) % 21), &seed);
		w[n] = '\0';
		int dup = !n;
		for (size_t k = 0; k < nw && !dup; k++)
			dup = !strcmp(words[k], w);
		if (dup)
			continue;
		memcpy(words[nw], w, n + 1);
		wp[nw] = words[nw];
		assert_int_equal(ts_words_add(&l, wp[nw]), 0);
		nw++;
	}
	assert_int_equal(ts_words_finish(&l), -1);
	assert_true(l.index.cap > 0);
	for (int round = 0; round < 20000; round++) {
		char t[25];
		size_t n = test_pieces(t, 24, (const char *const[]){"a", "b", "ab"}, 3, (int)(test_random(&seed) % 25), &seed);
		long has = -1, ends = -1;
		for (size_t k = 0; k < nw; k++) {
			size_t len = strlen(wp[k]);
			if (len == n && !memcmp(t, wp[k], n))
				has = (long)k;
			if (ends < 0 && len <= n && !memcmp(t + n - len, wp[k], len))
				ends = (long)k;
		}
		assert_int_equal(ts_words_has(&l, t, n), has);
		assert_int_equal(ts_words_ends(&l, t, n), ends);
	}
	ts_words_free(&l);
	/* a word of one byte ends texts whose last two bytes end no word of
	 * two or more: ts_words_may_end2 rules none of them out */
	build(&l, 1, (const char *const[]){", right", "no", "a", NULL});
	assert_true(ts_words_may_end2(&l, 'b', 'a'));
	assert_int_equal(ts_words_ends(&l, "ba", 2), 2);
	ts_words_free(&l);
	build(&l, 1, (const char *const[]){", right", "no", NULL});
	assert_true(ts_words_may_end2(&l, 'h', 't') && ts_words_may_end2(&l, 'n', 'o'));
	assert_false(ts_words_may_end2(&l, 'b', 'a') || ts_words_may_end2(&l, 'o', 'n'));
	ts_words_free(&l);
}

/* Words of one character by code point; hashed lookups as unhashed. */
static void chars_and_hashes(void **state)
{
	(void)state;
	ts_words l;
	build(&l, 0, (const char *const[]){"的", "了", "是的", "a", NULL});
	assert_true(ts_words_is_char(&l, 0x7684));   /* 的 */
	assert_true(ts_words_is_char(&l, 0x4E86));   /* 了 */
	assert_true(ts_words_is_char(&l, 'a'));
	assert_false(ts_words_is_char(&l, 0x662F));  /* 是 only begins 是的 */
	assert_false(ts_words_is_char(&l, 'b'));
	assert_int_equal(ts_words_has_hashed(&l, "是的", 6, ts_fnv1a(TS_FNV_INIT, "是的", 6)), 2);
	assert_int_equal(ts_words_has_hashed(&l, "是", 3, ts_fnv1a(TS_FNV_INIT, "是", 3)), -1);
	/* the table probed inline finds what the call finds, for every
	 * code point */
	for (uint32_t cp = 0; cp < 0x110000; cp++)
		if (ts_words_is_char_inline(&l, cp) != ts_words_is_char(&l, cp))
			fail_msg("U+%04X: %d inline, %d called", (unsigned)cp, ts_words_is_char_inline(&l, cp),
			         ts_words_is_char(&l, cp));
	ts_words_free(&l);
}

/* For every range of the text s (of characters placed at at[0..nc]),
 * the first word of each list in list order that lies there and its first
 * place are what ts_words_find says, and a word lies there exactly when it
 * finds one. */
static void hits_as_lists(const ts_hits *h, const ts_words *const *lists, int n, const char *s,
                          const uint32_t *at, size_t nc)
{
	for (int i = 0; i < n; i++)
		for (size_t p = 0; p <= nc; p++)
			for (size_t q = p; q <= nc; q++) {
				size_t want_at = 0, got_at = 0;
				long want = ts_words_find(lists[i], s + at[p], at[q] - at[p], ~(ts_cpmask)0,
				                          &want_at);
				long got = ts_hits_first(h, i, at[p], at[q], &got_at);
				if (got != want || (want >= 0 && got_at != want_at) ||
				    ts_hits_within(h, i, at[p], at[q]) != (want >= 0))
					fail_msg("'%s' [%zu, %zu) list %d: %ld at %zu found, %ld at %zu by list", s,
					         (size_t)at[p], (size_t)at[q], i, got, got_at, want, want_at);
			}
}

/* Two lists found in one pass (base/wordhits.h): for every range of the
 * text between characters, the first word of a list in list order that
 * lies there and its first place are what ts_words_find says, and a word
 * lies there exactly when it finds one.  The words overlap (是不是, 不是,
 * 是), come twice, and start with the same character. */
static void hits_in_one_pass(void **state)
{
	(void)state;
	ts_words a, b;
	build(&a, 0, (const char *const[]){"不是", "是", "是不是", "还是", NULL});
	build(&b, 0, (const char *const[]){"是不是对", "对", "ab", "b", NULL});
	ts_hitindex x;
	assert_int_equal(ts_hitindex_build(&x, (const ts_words *const[]){&a, &b}, 2), 0);
	const char *s = "ab是不是对，还是不是？是对ab";
	size_t n = strlen(s);
	uint32_t cp[64], at[64];
	size_t nc = 0;
	for (size_t i = 0; i < n;) {
		size_t k = ts_utf8_decode((const unsigned char *)s + i, n - i, &cp[nc]);
		assert_true(k > 0);
		at[nc++] = (uint32_t)i;
		i += k;
	}
	at[nc] = (uint32_t)n;
	ts_hits h;
	ts_hits_find(&x, s, n, cp, at, nc, &h);
	assert_true(h.ok);
	assert_int_equal(h.present, 3);
	/* 是 five times, 不是 and 是不是 twice (还是不是 holds both), 还是
	 * once; 是不是对 once, 对, ab and b twice */
	assert_int_equal(h.n, 17);
	hits_as_lists(&h, (const ts_words *const[]){&a, &b}, 2, s, at, nc);
	/* a text of more places than kept: none, and ok 0 */
	uint32_t many[TS_HITS_MAX + 1], where[TS_HITS_MAX + 1];
	char bs[TS_HITS_MAX + 1];
	for (size_t i = 0; i <= TS_HITS_MAX; i++) {
		many[i] = 'b';
		where[i] = (uint32_t)i;
		bs[i] = 'b';
	}
	ts_hits_find(&x, bs, TS_HITS_MAX + 1, many, where, TS_HITS_MAX + 1, &h);
	assert_false(h.ok);
	assert_int_equal(h.n, 0);
	ts_hitindex_free(&x);
	/* an index not built finds nothing usable */
	ts_hits_find(&x, s, n, cp, at, nc, &h);
	assert_false(h.ok);
	ts_words_free(&a);
	ts_words_free(&b);
}

/* Texts of rounds pieces made at random (each at most max of them): the
 * places ts_hits_find finds of lists a and b in each are what
 * hits_as_lists asks; the count of places into *places, of those of words
 * of nine bytes or more into *long_places.  A text with more places than
 * kept (ok 0) is passed over when skip_many, else fails. */
static void hits_random(const ts_words *a, const ts_words *b, const char *const *pieces,
                        size_t npieces, int max, uint64_t seed, int skip_many, size_t *places,
                        size_t *long_places)
{
	ts_hitindex x;
	assert_int_equal(ts_hitindex_build(&x, (const ts_words *const[]){a, b}, 2), 0);
	*places = *long_places = 0;
	for (int round = 0; round < 3000; round++) {
		char s[128];
		size_t n = test_pieces(s, sizeof s - 1, pieces, npieces,
		                       1 + (int)(test_random(&seed) % (uint64_t)max), &seed);
		s[n] = '\0';
		uint32_t cp[128], at[129];
		size_t nc = 0;
		for (size_t i = 0; i < n; i += ts_utf8_decode((const unsigned char *)s + i, n - i, &cp[nc++]))
			at[nc] = (uint32_t)i;
		at[nc] = (uint32_t)n;
		ts_hits h;
		ts_hits_find(&x, s, n, cp, at, nc, &h);
		if (!h.ok && skip_many)
			continue;
		assert_true(h.ok);
		*places += h.n;
		for (size_t k = 0; k < h.n; k++)
			*long_places += h.v[k].len >= 9;
		hits_as_lists(&h, (const ts_words *const[]){a, b}, 2, s, at, nc);
	}
	ts_hitindex_free(&x);
}

/* The same on texts made at random, of characters whose bytes differ
 * in one place only (是 E6 98 AF, 嘯 E5 98 AF): a word is compared after
 * its first character, which the text has alike where it has that
 * character, and a text with the first character of a word and other
 * bytes after it holds no place of it.  A character is passed over by a
 * bit it shares with others: those of the words' first characters must
 * be set, one shared by a character that starts none asks the slots;
 * and by the bit of the character after it, which must be one of the
 * words' second characters' unless a word of one character starts with
 * it (是, a), as at the text's last character (fails on the words of one
 * character passed over, the bits of first characters taken for second
 * ones, the character before read for the one after).  䘯 after 不 or
 * 嘯 has the bit of 是 there, and asks the slots. */
static void hits_as_found_list_by_list(void **state)
{
	(void)state;
	ts_words a, b;
	build(&a, 0, (const char *const[]){"是是", "是嘯", "不是", "ab", "abc", "a", NULL});
	build(&b, 0, (const char *const[]){"嘯是", "是", "bc", "c不", "嘯是不", NULL});
	/* 䘯 (U+462F) has the bit of 是 (U+662F) among the first characters'
	 * (the low 13 bits of its code point) and starts no word */
	static const char *const pieces[] = {"是", "嘯", "不", "a", "b", "c", "，", "䘯"};
	size_t places, long_places;
	hits_random(&a, &b, pieces, 8, 30, 0x2545F4914F6CDD1Dull, 0, &places, &long_places);
	assert_true(places > 10000);
	ts_words_free(&a);
	ts_words_free(&b);
}

/* The same with words of up to twelve bytes after their first character
 * (ts_hits_find compares eight of them in one load, where the text has
 * eight bytes from there, the rest byte by byte, and longer words
 * through their list): words of 0 to 12 bytes after it, that differ from
 * each other and from the text in their last byte only (是不是嘯 and
 * 是不是是, cab是是 and cab是嘯), at every distance from the text's end. */
static void hits_of_long_words_as_found_list_by_list(void **state)
{
	(void)state;
	ts_words a, b;
	build(&a, 0, (const char *const[]){"是不是嘯", "是不是", "c", "cab是是", "ca", "abcabcab", NULL});
	build(&b, 0, (const char *const[]){"是不是是", "cab是嘯", "cab", "是不", "abcabcabc", "bcab是", NULL});
	static const char *const pieces[] = {"是不是", "是", "嘯", "不", "cab", "ab", "c", "a", "b"};
	size_t places, long_places;
	hits_random(&a, &b, pieces, 9, 24, 0x853C49E6748FEA9Bull, 1, &places, &long_places);
	assert_true(places > 10000);
	assert_true(long_places > 1000);
	ts_words_free(&a);
	ts_words_free(&b);
}

/* A word of ASCII is compared with a text's start byte by byte
 * while the text is ASCII (ts_word_prefix_ci): on words and texts of
 * letters either case, ' and ’, the Kelvin sign (folds to k), É, a stray
 * byte, it must give what the general comparison of code points gives
 * (ts_ci_prefix_folded, or bytes for a plain word), matches that run
 * into a byte of 0x80 or up among them. */
static void word_prefix_ascii_as_folded(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "k", "K", "I", "i", "m", "'", "\xe2\x80\x99", "\xe2\x84\xaa", " ", ",", "\xc3\x89",
		"\xc3\xa9", "\xff", "1",
	};
	const size_t np = sizeof pieces / sizeof *pieces;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t matched = 0, past_high = 0, ascii_words = 0;
	for (int round = 0; round < 2000; round++) {
		char words[8][16];
		ts_words l;
		ts_words_init(&l, 1);
		for (size_t k = 0; k < 8; k++) {
			size_t n = test_pieces(words[k], 15, pieces, np, 1 + (int)(test_random(&seed) % 4),
			                       &seed);
			words[k][n] = '\0';
			assert_int_equal(ts_words_add(&l, words[k]), 0);
		}
		for (int t = 0; t < 40; t++) {
			char text[40];
			size_t n = test_pieces(text, 39, pieces, np, (int)(test_random(&seed) % 7), &seed);
			for (size_t k = 0; k < l.n; k++) {
				const ts_word *e = &l.v[k];
				size_t want = e->plain ? (n >= e->len && !memcmp(text, e->w, e->len) ? e->len : 0)
				                       : ts_ci_prefix_folded(text, n, e->w, e->len);
				size_t got = ts_word_prefix_ci(e, text, n);
				if (got != want)
					fail_msg("'%s' at '%.*s': %zu, %zu by code points", e->w, (int)n, text, got,
					         want);
				ascii_words += e->ascii_ci;
				matched += want != 0;
				past_high += want && e->ascii_ci && memchr(text, '\xe2', want) != NULL;
			}
		}
		ts_words_free(&l);
	}
	assert_true(ascii_words > 100000);
	assert_true(matched > 2000);
	assert_true(past_high > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(plain_and_exact),
		cmocka_unit_test(repeats),
		cmocka_unit_test(find_by_pairs),
		cmocka_unit_test(find_by_skips),
		cmocka_unit_test(find_few_pairs),
		cmocka_unit_test(find_by_anchors),
		cmocka_unit_test(has_by_hash),
		cmocka_unit_test(caseless_words_as_folded),
		cmocka_unit_test(indexes_as_scan),
		cmocka_unit_test(word_prefix_ascii_as_folded),
		cmocka_unit_test(has_and_ends_as_scan),
		cmocka_unit_test(by_first_byte),
		cmocka_unit_test(chars_and_hashes),
		cmocka_unit_test(hits_in_one_pass),
		cmocka_unit_test(hits_as_found_list_by_list),
		cmocka_unit_test(hits_of_long_words_as_found_list_by_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
