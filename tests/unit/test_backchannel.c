/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "model/backchannel.h"

static ts_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = test_context(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_context_free(ctx);
	return 0;
}

static int is_bc(const char *s)
{
	return ts_backchannel_is(ctx->bc, ctx->tc, s, strlen(s));
}

static void tokens(void **state)
{
	(void)state;
	assert_true(is_bc("嗯。"));
	assert_true(is_bc("嗯对。"));
	assert_true(is_bc("嗯，对对对。"));
	assert_true(is_bc("明白、明白。"));
	assert_true(is_bc("知道，对对，当然当然。"));
	assert_true(is_bc("Uh-huh."));
	assert_true(is_bc("Mm-hmm, okay."));
	assert_true(is_bc("I see."));
	assert_true(is_bc("ＯＫ"));  /* full-width, upper case */
	assert_false(is_bc("对我知道调查结果。"));
	assert_false(is_bc("好，再见。"));
	assert_false(is_bc("没有。"));
	assert_false(is_bc("I"));      /* part of "i see" only */
	assert_false(is_bc(""));
	assert_false(is_bc("……"));
	assert_false(is_bc("嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯嗯"));  /* too long */
}

static void load_errors(void **state)
{
	(void)state;
	ts_backchannels *bc = NULL;
	ts_error err = {0};
	const char *p = temp_file("ok\n  \xc3x\n", 8);
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, p, &err), TS_EDATA);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 3);
	assert_string_equal(err.msg, "invalid UTF-8 byte 0xC3");
	unlink(p);
	p = temp_file("# comment\nyes # fine\n！！\n", strlen("# comment\nyes # fine\n！！\n"));
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, p, &err), TS_EDATA);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "entry has no letters");
	unlink(p);
	assert_int_equal(ts_backchannels_load(&bc, ctx->tc, "/nonexistent/bc.txt", &err), TS_EIO);
	assert_null(bc);
}

/* A text's ASCII characters are read by a table made with the text
 * classes the list was loaded with, and its tokens taken as it is read
 * while it is plain: the same answers as character by character with
 * other text classes (no table), and as for the text with a letter in
 * upper case (normalised, then split into tokens), on texts made at
 * random of the list's tokens, other letters, punctuation, blanks, full
 * width forms, a combining mark, stray bytes, short and too long. */
static void table_and_tokens_as_slowly(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"嗯", "对", "好", "的", "明白", "了", "没", "uh", "huh", "mm", "hmm", "ok", "okay", "i", "see",
		"got", "it", "all", "right", "yes", "x", "q", " ", "-", ",", ".", "，", "。", "！", "ＯＫ",
		"１", "Ok", "\xC3\xA9", "\xCC\x81", "\xFF", "\xE4\xB8", "uh\xCC\x81",
		/* ASCII with capitals, read lowered (lowered_is); W in no entry */
		"Yeah", "RIGHT", "I", "Got", "W", "Mm", "UH-HUH", "\x7F"};
	/* the combining mark alone: normalised, it joins some letters before
	 * it (e, k); after h it stays, and continues the token */
	enum { MARK = 33 };
	ts_textclass *other = ts_textclass_new();
	assert_non_null(other);
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	size_t yes = 0;
	for (int round = 0; round < 40000; round++) {
		char s[160];
		uint64_t r = test_random(&seed);
		/* mostly the list's own tokens and separators */
		size_t n = test_pieces(s, sizeof s - 1, pieces,
		                       r % 4 == 1 ? 28 : r % 4 == 2 ? 37 : sizeof pieces / sizeof *pieces,
		                       1 + (int)(r >> 8) % (r >> 20 & 7 ? 8 : 40), &seed);
		s[n] = '\0';
		int want = ts_backchannel_is(ctx->bc, other, s, n);
		if (ts_backchannel_is(ctx->bc, ctx->tc, s, n) != want)
			fail_msg("'%s': %d by the table, %d without", s, !want, want);
		yes += want;
		char *lower = NULL;
		for (size_t i = 0; i < n && !lower; i++)
			if (s[i] >= 'a' && s[i] <= 'z')
				lower = s + i;
		int joins = 0;
		for (const char *m = strstr(s, pieces[MARK]); m && !joins; m = strstr(m + 1, pieces[MARK]))
			joins = m == s || m[-1] != 'h';
		if (!lower || joins)
			continue;
		*lower = (char)(*lower - 'a' + 'A');
		if (ts_backchannel_is(ctx->bc, ctx->tc, s, n) != want)
			fail_msg("'%s': %d, %d in lower case", s, !want, want);
	}
	assert_true(yes > 2000);
	/* a NUL: the normalised text ends there, the text as it is not */
	static const struct {
		const char *s;
		size_t n;
	} nul[] = {{"Ok\0ok", 5}, {"ok\0Ok", 5}, {"Ok\0W", 4}, {"ok\0ok", 5}, {"Ok\0", 3},
	           {"\0Ok", 3}, {"Oh\0yes no", 10},
	           {"Ok\0the", 6}, {"Yes.\0see", 8}};
	for (size_t i = 0; i < sizeof nul / sizeof *nul; i++)
		if (ts_backchannel_is(ctx->bc, ctx->tc, nul[i].s, nul[i].n) !=
		    ts_backchannel_is(ctx->bc, other, nul[i].s, nul[i].n))
			fail_msg("NUL case %zu: by the table and without differ", i);
	ts_textclass_free(other);
}

/* A span of a text given the whole text's verdict (a sentence of a turn,
 * the turn's verdict made once by ts_annotate): the same answer as the
 * span read on its own, for spans at random, prefixes and suffixes, and
 * the whole text, on texts of backchannel tokens and others. */
static void span_as_read_alone(void **state)
{
	(void)state;
	static const char *const pieces[] = {"嗯", "对", "好", "的", "明白", "没", "ok", "i", "see",
	                                     "Right", "we", " ", ".", "，", "。", "？", "？嗯"};
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t whole_yes = 0, part_differs = 0;
	for (int round = 0; round < 20000; round++) {
		char s[128];
		uint64_t r = test_random(&seed);
		size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
		                       1 + (int)(r % 6), &seed);
		int whole = ts_backchannel_is(ctx->bc, ctx->tc, s, n);
		whole_yes += whole != 0;
		size_t a = (r >> 8) % (n + 1), b = (r >> 24) % (n + 1);
		if (a > b) {
			size_t x = a;
			a = b;
			b = x;
		}
		switch ((r >> 40) % 4) {
		case 0: a = 0; break;  /* a prefix */
		case 1: b = n; break;  /* a suffix */
		case 2: a = 0, b = n; break;
		default: break;
		}
		int want = ts_backchannel_is(ctx->bc, ctx->tc, s + a, b - a);
		part_differs += want != whole;
		if (ts_backchannel_in(ctx->bc, ctx->tc, s, n, whole, a, b) != want)
			fail_msg("'%.*s' [%zu, %zu): %d, %d read alone", (int)n, s, a, b, !want, want);
	}
	/* both verdicts and spans that differ from the whole were tried */
	assert_true(whole_yes > 1000);
	assert_true(part_differs > 1000);
}

/* ts_backchannel_is against ts_backchannel_is_slowly (no table, no early
 * refusal, every lookup joined and hashed) with the shipped list and one
 * with entries of other shapes: one character of two, three (from U+0800)
 * and four bytes, a composed letter, three tokens.  The texts mix the
 * entries' tokens with near misses (a token of an entry in the wrong
 * place, a prefix, upper case, the letter and its combining mark). */
static void fast_as_slowly(void **state)
{
	(void)state;
	static const char list[] = "嗯\n对的\n\xC3\xA9\nol\xC3\xA9\nuh huh\nok\nx y z\n"
	                           "\xF0\xA0\x80\x80\n\xE0\xA0\x80\n明白\n";
	static const char *const pieces[] = {
		"嗯", "对", "的", "好", "我", "是", "明", "白", "明白", "ok", "Ok", "OK", "oka", "okay", "uh",
		"huh", "Huh", "hello", "i", "see", "I see", "got", "it", "e", "\xCC\x81", "\xC3\xA9",
		"ole", "ol\xC3\xA9", "x", "y", "z", "w", "\xF0\xA0\x80\x80", "\xE0\xA0\x80", "\xFF",
		" ", ",", ".", "-", "，", "。", "？", "ＯＫ", "yeah", "right", "all"};
	const char *p = temp_file(list, sizeof list - 1);
	ts_backchannels *mine = NULL;
	ts_error err = {0};
	assert_int_equal(ts_backchannels_load(&mine, ctx->tc, p, &err), 0);
	unlink(p);
	const ts_backchannels *lists[] = {ctx->bc, mine};
	uint64_t seed = 0xD1B54A32D192ED03ull;
	for (size_t l = 0; l < 2; l++) {
		size_t yes = 0;
		for (int round = 0; round < 40000; round++) {
			char s[128];
			uint64_t r = test_random(&seed);
			size_t n = test_pieces(s, sizeof s, pieces, sizeof pieces / sizeof *pieces,
			                       1 + (int)(r % 7), &seed);
			if (n && r >> 60 == 0)
				s[(r >> 8) % n] = '\0';  /* a NUL somewhere */
			int want = ts_backchannel_is_slowly(lists[l], ctx->tc, s, n);
			if (ts_backchannel_is(lists[l], ctx->tc, s, n) != want)
				fail_msg("list %zu, '%.*s' (%zu bytes): %d, %d slowly", l, (int)n, s, n,
				         !want, want);
			yes += want != 0;
		}
		assert_true(yes > 1500);
	}
	ts_backchannels_free(mine);
}

/* ts_backchannel_is of before, a character of three bytes, then after,
 * against ts_backchannel_is_slowly, for every such character from
 * U+0800; yes and no count the verdicts. */
static void three_bytes_as_slowly(const char *before, const char *after, size_t *yes,
                                  size_t *no)
{
	size_t a = strlen(before), n = a + 3 + strlen(after);
	char s[64];
	assert_true(n <= sizeof s);
	memcpy(s, before, a);
	memcpy(s + a + 3, after, n - a - 3);
	for (uint32_t cp = 0x800; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		s[a] = (char)(0xE0 | cp >> 12);
		s[a + 1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[a + 2] = (char)(0x80 | (cp & 0x3F));
		int want = ts_backchannel_is_slowly(ctx->bc, ctx->tc, s, n);
		if (ts_backchannel_is(ctx->bc, ctx->tc, s, n) != want)
			fail_msg("U+%04X between '%s' and '%s': %d, %d slowly", (unsigned)cp, before,
			         after, !want, want);
		*yes += want != 0;
		*no += !want;
	}
}

/* A text whose first character is of three bytes is refused by that
 * character alone when no entry has it, looked up by its block of the
 * text classes where every character is a letter: every such character
 * from U+0800 (alone, before an entry, before a letter of no entry)
 * against ts_backchannel_is_slowly, which refuses nothing early. */
static void first_character_as_slowly(void **state)
{
	(void)state;
	static const char *const after[] = {"", "嗯", "我", "ok。"};
	size_t yes = 0, no = 0;
	for (size_t k = 0; k < sizeof after / sizeof *after; k++)
		three_bytes_as_slowly("", after[k], &yes, &no);
	assert_true(yes > 10 && no > 1000);
}

/* A text of characters of three bytes, each an entry alone or one that
 * separates, is answered without its tokens (singles_is): every such
 * character from U+0800 after an entry, between entries with ASCII, and
 * before a letter of no entry or ASCII, against
 * ts_backchannel_is_slowly. */
static void singles_as_slowly(void **state)
{
	(void)state;
	static const char *const before[] = {"嗯", "对。", "啊 ", "嗯", "嗯，"};
	static const char *const after[] = {"", "对", "？嗯", "我", "x"};
	size_t yes = 0, no = 0;
	for (size_t k = 0; k < sizeof after / sizeof *after; k++)
		three_bytes_as_slowly(before[k], after[k], &yes, &no);
	assert_true(yes > 1000 && no > 1000);
}

/* Verdicts from the memo against ts_backchannel_is: texts drawn again and
 * again from a small pool (so that most are answered from the memo, and
 * texts of one length and slot meet), of up to 40 bytes (some too long to
 * be kept), with the list and the text classes changed under one memo. */
static void memo_as_read(void **state)
{
	(void)state;
	static const char *const pieces[] = {"嗯", "对", "的", "我", "ok", "Ok", "uh", "huh", "x",
	                                     "right", "i", "see", " ", ".", "。", "，"};
	const char *p = temp_file("ok\n我\n", 7);
	ts_backchannels *mine = NULL;
	ts_error err = {0};
	assert_int_equal(ts_backchannels_load(&mine, ctx->tc, p, &err), 0);
	unlink(p);
	ts_textclass *other = ts_textclass_new();
	assert_non_null(other);
	char pool[64][48];
	size_t plen[64];
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	for (size_t k = 0; k < 64; k++)
		plen[k] = test_pieces(pool[k], 40, pieces, sizeof pieces / sizeof *pieces,
		                      1 + (int)(test_random(&seed) % 9), &seed);
	ts_bc_memo *m = calloc(1, sizeof *m);
	assert_non_null(m);
	size_t yes = 0;
	for (int round = 0; round < 30000; round++) {
		uint64_t r = test_random(&seed);
		/* mostly the shipped list and classes, now and then the others */
		const ts_backchannels *list = r % 16 == 0 ? mine : ctx->bc;
		const ts_textclass *cls = r % 16 == 1 ? other : ctx->tc;
		size_t k = (r >> 8) % 64;
		int want = ts_backchannel_is(list, cls, pool[k], plen[k]);
		ts_turn t = {0};
		t.text = pool[k];
		t.len = plen[k];
		ts_backchannel_mark(m, list, cls, &t, 1);
		if (t.backchannel != want)
			fail_msg("round %d, '%.*s': %d, %d read", round, (int)plen[k], pool[k], !want, want);
		yes += want != 0;
	}
	assert_true(yes > 1000);
	free(m);
	ts_textclass_free(other);
	ts_backchannels_free(mine);
}

/* Texts of one length that differ in one character, marked in turn under
 * one memo (most of them meet in one slot, which is chosen by a few bytes
 * and the length): each against ts_backchannel_is, of every length up to
 * the memo's and past it.  Fails on a memo that takes one for the other
 * (memo_same comparing too few bytes). */
static void memo_tells_apart(void **state)
{
	(void)state;
	static const char *const three[] = {"嗯", "对", "好", "我", "的", "。", "，", "？"};
	static const char *const lead[] = {"", "a", "ok"};
	uint64_t seed = 0x6A09E667F3BCC909ull;
	ts_bc_memo *m = calloc(1, sizeof *m);
	assert_non_null(m);
	size_t differ = 0;
	for (int round = 0; round < 20000; round++) {
		char a[40], b[40];
		const char *l = lead[test_random(&seed) % 3];
		size_t at = strlen(l), parts = 1 + test_random(&seed) % 11;
		size_t k = test_random(&seed) % parts;
		memcpy(a, l, at);
		memcpy(b, l, at);
		for (size_t p = 0; p < parts; p++) {
			size_t w = test_random(&seed) % 8, o = p == k ? (w + 1 + test_random(&seed) % 7) % 8 : w;
			memcpy(a + at + 3 * p, three[w], 3);
			memcpy(b + at + 3 * p, three[o], 3);
		}
		size_t len = at + 3 * parts;
		ts_turn t[4];
		memset(t, 0, sizeof t);
		for (size_t i = 0; i < 4; i++) {
			t[i].text = i % 2 ? b : a;
			t[i].len = len;
		}
		ts_backchannel_mark(m, ctx->bc, ctx->tc, t, 4);
		int wa = ts_backchannel_is(ctx->bc, ctx->tc, a, len);
		int wb = ts_backchannel_is(ctx->bc, ctx->tc, b, len);
		for (size_t i = 0; i < 4; i++)
			if (t[i].backchannel != (i % 2 ? wb : wa))
				fail_msg("round %d, turn %zu '%.*s': %d, %d read", round, i, (int)len, t[i].text,
				         t[i].backchannel, i % 2 ? wb : wa);
		differ += wa != wb;
	}
	assert_true(differ > 1000);
	free(m);
}

/* A call's turns marked at once against each read alone: turns of texts
 * drawn from a pool (again and again, for the memo), some too long to
 * be kept or to be a backchannel, some whose first character is of no
 * entry, with a flag set before that is to be cleared. */
static void mark_as_read(void **state)
{
	(void)state;
	static const char *const pieces[] = {"嗯", "，", "对", "的", "我", "明白", "好", "ok", "Ok",
	                                     "uh", "huh", "right", "i", "see", " ", ".", "。", "？"};
	char pool[48][120];
	size_t plen[48];
	uint64_t seed = 0x94D049BB133111EBull;
	/* every eighth of an entry and a separator only, 8 to 48 of them:
	 * the longer too long to be a backchannel, with few enough tokens */
	for (size_t k = 0; k < 48; k++)
		plen[k] = test_pieces(pool[k], 110, pieces, k % 8 ? sizeof pieces / sizeof *pieces : 2,
		                      k % 8 ? 1 + (int)(test_random(&seed) % 6) : 8 + (int)k, &seed);
	ts_bc_memo *m = calloc(1, sizeof *m);
	assert_non_null(m);
	size_t yes = 0, no = 0;
	for (int round = 0; round < 2000; round++) {
		ts_turn turns[16];
		size_t n = test_random(&seed) % 17;
		for (size_t i = 0; i < n; i++) {
			size_t k = test_random(&seed) % 48;
			memset(&turns[i], 0, sizeof turns[i]);
			turns[i].text = pool[k];
			turns[i].len = plen[k];
			turns[i].backchannel = 1;
		}
		ts_backchannel_mark(m, ctx->bc, ctx->tc, turns, n);
		for (size_t i = 0; i < n; i++) {
			int want = ts_backchannel_is(ctx->bc, ctx->tc, turns[i].text, turns[i].len);
			if (turns[i].backchannel != want)
				fail_msg("round %d, turn %zu '%.*s': %d, %d read", round, i, (int)turns[i].len,
				         turns[i].text, turns[i].backchannel, want);
			yes += want != 0;
			no += !want;
		}
	}
	assert_true(yes > 1000 && no > 1000);
	/* no list: every flag cleared, of a backchannel too */
	ts_turn none[3];
	memset(none, 0, sizeof none);
	for (size_t i = 0; i < 3; i++) {
		none[i].text = "嗯";
		none[i].len = strlen("嗯");
		none[i].backchannel = 1;
	}
	ts_backchannel_mark(m, NULL, ctx->tc, none, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(none[i].backchannel, 0);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens),
		cmocka_unit_test(load_errors),
		cmocka_unit_test(table_and_tokens_as_slowly),
		cmocka_unit_test(span_as_read_alone),
		cmocka_unit_test(fast_as_slowly),
		cmocka_unit_test(first_character_as_slowly),
		cmocka_unit_test(singles_as_slowly),
		cmocka_unit_test(memo_as_read),
		cmocka_unit_test(memo_tells_apart),
		cmocka_unit_test(mark_as_read),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
