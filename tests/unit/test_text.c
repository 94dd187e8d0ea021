/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/swar.h"
#include "base/text.h"

#include <utf8proc.h>

static void decode_valid(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(ts_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(ts_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(ts_utf8_decode((const unsigned char *)"\xe4\xbd\xa0", 3, &cp), 3);
	assert_int_equal(cp, 0x4F60);  /* 你 */
	assert_int_equal(ts_utf8_decode((const unsigned char *)"\xf0\xa0\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x20000);
}

static void decode_invalid(void **state)
{
	(void)state;
	uint32_t cp;
	const char *bad[] = {
		"\x80",             /* lone continuation */
		"\xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",     /* overlong */
		"\xed\xa0\x80",     /* surrogate U+D800 */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xe4\xbd",         /* truncated */
		"\xc3x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(ts_utf8_decode((const unsigned char *)bad[i], strlen(bad[i]), &cp), 0);
}

static void check_reports_offset(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_int_equal(ts_utf8_check("abcdefghij\xe4\xbd\xa0ok", 15, &bad), 0);
	assert_int_equal(ts_utf8_check("abcdefghij\xe4\xbdok", 14, &bad), -1);
	assert_int_equal(bad, 10);
	assert_int_equal(ts_utf8_check("abc\0def", 7, &bad), -1);  /* NUL */
	assert_int_equal(bad, 3);
	/* the 8-byte fast path must not skip a bad byte in the next word */
	assert_int_equal(ts_utf8_check("12345678\xff", 9, &bad), -1);
	assert_int_equal(bad, 8);
}

/* ts_utf8_check on random texts of ASCII, NUL, characters of two, three
 * (E0, E1, ED and EF leads among them) and four bytes, surrogates,
 * overlong forms, stray continuation bytes and cut characters, against
 * decoding one character at a time: the same verdict and the same offset. */
static void check_as_one_by_one(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "abcdefgh", " ", "\0", "\xc3\xa9", "\xe4\xbd\xa0", "\xe5\xa5\xbd\xe7\x9a\x84",
		"\xe0\xa4\x85", "\xe0\x80\x80", "\xe1\x80\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xef\xbc\x8c", "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\x80",
		"\xbf", "\xe4\xbd", "\xe4", "\xc0\xaf", "\xff", "\xe4\x41\xa0", "\xe4\xbd\x41",
	};
	/* lengths, as the pieces hold NULs */
	static const size_t lens[] = {1, 8, 1, 1, 2, 3, 6, 3, 3, 3, 3, 3, 3, 3, 4, 4, 1, 1, 2, 1, 2, 1, 3, 3};
	const size_t npieces = sizeof pieces / sizeof *pieces;
	assert_int_equal(npieces, sizeof lens / sizeof *lens);
	uint64_t seed = 0xDEADBEEFCAFEull;
	for (int round = 0; round < 20000; round++) {
		char text[64];
		size_t n = 0;
		/* mostly valid: the bad pieces rarer, so that runs grow long */
		for (int p = (int)(test_random(&seed) % 12); p > 0; p--) {
			uint64_t r = test_random(&seed);
			size_t k = r % 8 ? (r >> 8) % 16 : (r >> 8) % npieces;
			if (n + lens[k] > sizeof text)
				break;
			memcpy(text + n, pieces[k], lens[k]);
			n += lens[k];
		}
		size_t want = n;
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			size_t k = text[i] ? ts_utf8_decode((const unsigned char *)text + i, n - i, &cp) : 0;
			if (!k) {
				want = i;
				break;
			}
			i += k;
		}
		size_t bad = 999;
		int rc = ts_utf8_check(text, n, &bad);
		assert_int_equal(rc, want < n ? -1 : 0);
		if (want < n)
			assert_int_equal(bad, want);
	}
}

/* The ideograph fast path of ts_scan must still reject bad sequences. */
static void scan_rejects_bad_ideographs(void **state)
{
	(void)state;
	ts_counts c;
	size_t bad = 99;
	const char *bad_seqs[] = {"\xe4\xbd", "\xe4\x3d\xa0", "\xe4\xbd\x20", "\xe6\xc0\x80",
	                          "\xe9\x80\xff", "ok\xe5\x80"};
	size_t at[] = {0, 0, 0, 0, 0, 2};
	for (size_t i = 0; i < sizeof bad_seqs / sizeof *bad_seqs; i++) {
		assert_int_equal(ts_scan(tc, bad_seqs[i], strlen(bad_seqs[i]), &c, &bad), -1);
		assert_int_equal(bad, at[i]);
	}
	/* 你好 then the hexagram U+4DC0 (E4 B7 80): two ideographs and a symbol */
	const char *s = "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb7\x80";
	assert_int_equal(ts_scan(tc, s, strlen(s), &c, &bad), 0);
	assert_int_equal(c.chars, 2);
	assert_int_equal(c.cjk, 2);
}

static void counts_chinese(void **state)
{
	(void)state;
	ts_counts c;
	/* Ｃ Ｌ Ｂ 你 好 3 8 人: 8 chars; words: ＣＬＢ and 38; 3 CJK */
	const char *s = "ＣＬＢ：你好，38 人。";
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.chars, 8);
	assert_int_equal(c.words, 2);
	assert_int_equal(c.cjk, 3);
}

static void counts_english(void **state)
{
	(void)state;
	ts_counts c;
	/* don't | stop-gap | U.S | 3.5 | ok | 1,000: apostrophes, hyphens, points and
	 * commas inside a word keep it one word */
	const char *s = "Don't stop-gap U.S. 3.5 ok -- 1,000!";
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.words, 6);
	assert_int_equal(c.chars, 4 + 7 + 2 + 2 + 2 + 4);
	assert_int_equal(c.cjk, 0);
}

/* Runs of letters, digits and spaces are counted eight bytes at a time:
 * the same text at every alignment, words across the eight-byte edges, a
 * word carried on by a joiner before the run ("don't"), ASCII ending in
 * an ideograph. */
static void counts_english_runs(void **state)
{
	(void)state;
	/* ab cd ... qr: 9 words of 2; Zz9 1: 2 words, 4 chars; don't: 1 word
	 * of 4 chars whose "t" follows the joiner; 你: 1 CJK char */
	const char *text = "ab cd ef gh ij kl mn op qr Zz9   1 don't x你";
	for (size_t pad = 0; pad < 9; pad++) {
		char buf[128];
		snprintf(buf, sizeof buf, "%*s%s", (int)pad, "", text);
		ts_counts c;
		size_t bad;
		assert_int_equal(ts_scan(tc, buf, strlen(buf), &c, &bad), 0);
		assert_int_equal(c.words, 9 + 2 + 1 + 1);
		assert_int_equal(c.chars, 18 + 4 + 4 + 1 + 1);
		assert_int_equal(c.cjk, 1);
		ts_count(tc, buf + pad, strlen(buf + pad) - strlen("你"), &c);
		assert_int_equal(c.words, 13);
		assert_int_equal(c.chars, 27);
	}
	/* a word that runs over an edge of eight: one word */
	ts_counts c;
	ts_count(tc, "abcdefghijklmnopq rs", 20, &c);
	assert_int_equal(c.words, 2);
	assert_int_equal(c.chars, 19);
}

static void counts_compatibility(void **state)
{
	(void)state;
	ts_counts c;
	const char *s = "㍿";  /* NFKC: 株式会社, four ideographs */
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.chars, 4);
	assert_int_equal(c.cjk, 4);
	s = "café";  /* decomposed or not, four letters */
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.chars, 4);
	s = "cafe\xcc\x81";  /* e + combining acute: the mark is not a letter */
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.chars, 4);
	assert_int_equal(c.words, 1);
	s = "한국어";  /* Hangul syllables are letters, one each, counted in words */
	ts_count(tc, s, strlen(s), &c);
	assert_int_equal(c.chars, 3);
	assert_int_equal(c.words, 1);
	assert_int_equal(c.cjk, 0);
}

static void blanks(void **state)
{
	(void)state;
	const char *s = "\xe3\x80\x80\xc2\xa0 \tX";  /* U+3000, U+00A0, space, tab */
	assert_int_equal(ts_skip_blanks(s, strlen(s)), 7);
	const char *t = "X \xe3\x80\x80";
	assert_int_equal(ts_trim_end(t, strlen(t)), 1);
	assert_int_equal(ts_trim_end("", 0), 0);
	assert_true(ts_classify(tc, 0x3000).kind == TS_CK_SPACE);
	assert_true(ts_classify(tc, 0x4F60).flags & TS_CF_WIDE);
	assert_false(ts_classify(tc, 'a').flags & TS_CF_WIDE);
}

static void positions(void **state)
{
	(void)state;
	/* "{\n  \"中文\": x" : the x is on line 2, column 9 (characters) */
	const char *t = "{\n  \"中文\": x";
	long line, col;
	ts_text_position(t, strlen(t) - 1, 1, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 9);
	ts_text_position(t, 0, 40, &line, &col);  /* a text that starts on line 40 */
	assert_int_equal(line, 40);
	assert_int_equal(col, 1);
	ts_text_position(t, 2, 40, &line, &col);  /* just after the line feed */
	assert_int_equal(line, 41);
	assert_int_equal(col, 1);
}

static void normal_forms(void **state)
{
	(void)state;
	char *s = ts_nfkc("ＣＬＢ", strlen("ＣＬＢ"));
	assert_string_equal(s, "CLB");
	free(s);
	s = ts_nfkc_casefold("I’M ＯＫ", strlen("I’M ＯＫ"));
	assert_string_equal(s, "i’m ok");
	free(s);
	assert_null(ts_nfkc("\xff", 1));
	/* ASCII takes a way of its own: capitals made small, nothing else */
	s = ts_nfkc_casefold("Hello, WORLD: 42 [Q&A] ~Zz@`{", strlen("Hello, WORLD: 42 [Q&A] ~Zz@`{"));
	assert_string_equal(s, "hello, world: 42 [q&a] ~zz@`{");
	free(s);
	s = ts_nfkc_casefold("", 0);
	assert_string_equal(s, "");
	free(s);
	/* ... as utf8proc maps each ASCII character */
	for (int c = 1; c < 0x80; c++) {
		char in[2] = {(char)c, 0};
		utf8proc_uint8_t *want = NULL;
		assert_true(utf8proc_map((const utf8proc_uint8_t *)in, 1, &want,
		                         UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		                         UTF8PROC_CASEFOLD) >= 0);
		s = ts_nfkc_casefold(in, 1);
		assert_string_equal(s, (const char *)want);
		free(s);
		free(want);
	}
	/* one character past ASCII sends the whole text to utf8proc */
	s = ts_nfkc_casefold("ABC Ｄ", strlen("ABC Ｄ"));
	assert_string_equal(s, "abc d");
	free(s);
}

/* utf8proc's NFKC, which ts_nfkc gives but for the texts it takes as
 * their own. */
static char *nfkc_by_utf8proc(const char *s, size_t n)
{
	utf8proc_uint8_t *out = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT) < 0)
		return NULL;
	return (char *)out;
}

static void same_nfkc(const char *s, size_t n)
{
	char *got = ts_nfkc(s, n), *want = nfkc_by_utf8proc(s, n);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("NFKC of '%.*s': '%s', not '%s'", (int)n, s, got, want);
	free(got);
	free(want);
}

/* ts_nfkc takes printable ASCII and the ideographs U+4E00..U+9FFF as their
 * own NFKC: every such ideograph alone, and random texts of those and of
 * their neighbours that are not (controls, DEL, the hexagrams before
 * U+4E00, full-width letters, a compatibility ideograph, halfwidth kana,
 * a letter and a combining accent, Hangul jamo that compose), as utf8proc
 * maps them. */
static void nfkc_of_plain_text(void **state)
{
	(void)state;
	for (uint32_t cp = 0x4DFF; cp <= 0xA000; cp++) {
		char b[3] = {(char)(0xE0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3F)),
		             (char)(0x80 | (cp & 0x3F))};
		same_nfkc(b, 3);
	}
	static const char *const pieces[] = {
		"a", "Z", " ", "~", "\x7f", "\t", "\x1f", ":", "一", "\xe9\xbf\xbf", "\xe4\xb7\xbf",
		"\xe4\xb8\x80", "惠州市", "ＣＬＢ", "\xef\xa4\x80", "\xef\xbd\xb6", "e", "\xcc\x81",
		"\xe1\x84\x80", "\xe1\x85\xa1", "\xe2\x91\xa0", "\xc3\xa9", "\xe3\x80\x80",
	};
	uint64_t seed = 4242;
	for (int k = 0; k < 20000; k++) {
		char text[200];
		size_t n = test_pieces(text, sizeof text, pieces, sizeof pieces / sizeof *pieces,
		                       (int)(test_random(&seed) % 12), &seed);
		same_nfkc(text, n);
	}
}

static void columns_counted_on(void **state)
{
	(void)state;
	/* "你好 (笑) ok": 你 at column 5 (the text starts at column 5 of its
	 * line), 好 6, the blank 7, "(" 8, "o" 12; bytes: 3 + 3 + 1 + 1 + 3 + 1 + 1 */
	const char *s = "你好 (笑) ok";
	ts_colcursor c = {0, 5};
	assert_int_equal(ts_colcursor_at(&c, s, 0), 5);
	assert_int_equal(ts_colcursor_at(&c, s, 3), 6);
	assert_int_equal(ts_colcursor_at(&c, s, 7), 8);
	assert_int_equal(ts_colcursor_at(&c, s, 7), 8);
	assert_int_equal(ts_colcursor_at(&c, s, 13), 12);
	assert_int_equal(c.off, 13);
}

/* The class table asks utf8proc for a decomposition only when the code
 * point has one: over the whole BMP, "NFKC leaves it as it is" must agree
 * with the full decomposition (blanks, surrogates and Hangul syllables are
 * classed by rule before it). */
static void self_flag_over_the_bmp(void **state)
{
	(void)state;
	size_t self = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		if (ts_is_blank(cp) || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xAC00 && cp <= 0xD7A3))
			continue;
		utf8proc_int32_t dec[32];
		int last = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 32,
		                                             UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
		int want = n <= 0 || n > 32 || (n == 1 && (uint32_t)dec[0] == cp);
		int got = (ts_classify(tc, cp).flags & TS_CF_SELF) != 0;
		if (got != want)
			fail_msg("U+%04X: NFKC keeps it: %d, utf8proc says %d", (unsigned)cp, got, want);
		self += got;
	}
	assert_true(self > 40000);  /* most code points: the loop ran */
}

/* The two-stage class table (blocks shared, written when talkstat is
 * built) against the classification it was computed from, which the
 * library still runs for the other planes: a block shared wrongly would
 * show here. */
static void class_table_over_the_bmp(void **state)
{
	(void)state;
	size_t cjk = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		ts_cclass t = ts_classify(tc, cp), s = ts_classify_astral(cp);
		if (t.kind != s.kind || t.flags != s.flags || t.count != s.count)
			fail_msg("U+%04X: table %u/%u/%u, computed %u/%u/%u", (unsigned)cp, t.kind,
			         t.flags, t.count, s.kind, s.flags, s.count);
		cjk += t.kind == TS_CK_CJK;
	}
	assert_true(cjk > 20000);  /* the Han block at least: the loop ran */
}

/* The sentence punctuation that the counting loop takes as a run of
 * Chinese without looking it up (text.c, plain_punct): punctuation in the
 * class table, opening nothing, joining nothing, no letter after NFKC;
 * the same as '?' for questions when it is U+FF1F. */
static void plain_punct_classes(void **state)
{
	(void)state;
	static const uint32_t plain[] = {0xFF0C, 0xFF01, 0xFF1A, 0xFF1B, 0xFF1F, 0x3001, 0x3002,
	                                 0x300A, 0x300B, 0x2014, 0x201C, 0x201D, 0x2026};
	for (size_t k = 0; k < sizeof plain / sizeof *plain; k++) {
		ts_cclass c = ts_classify(tc, plain[k]);
		if (c.kind != TS_CK_PUNCT || (c.flags & (TS_CF_OPEN | TS_CF_JOINER)) || c.count)
			fail_msg("U+%04X: %u/%u/%u", (unsigned)plain[k], c.kind, c.flags, c.count);
	}
}

/* The ASCII letters and digits of ts_ascii_alnum, which the reply
 * model's words take without a look-up (analyse/rfeat.c), are the ASCII
 * bytes the class table calls letters and digits. */
static void ascii_alnum_classes(void **state)
{
	(void)state;
	size_t alnum = 0;
	for (uint32_t b = 0; b < 0x80; b++) {
		int table = ts_classify(tc, b).kind == TS_CK_ALNUM;
		if (table != (ts_ascii_alnum((int)b) != 0))
			fail_msg("0x%02X: table %d, ts_ascii_alnum %d", (unsigned)b, table,
			         ts_ascii_alnum((int)b));
		alnum += (size_t)table;
	}
	assert_int_equal(alnum, 62);
}

/* The eight-byte tests (base/swar.h) on words built by hand: each byte
 * in every lane, and the neighbours that a borrow could confuse. */
static uint64_t word8(const char *b)
{
	uint64_t w;
	memcpy(&w, b, 8);
	return w;
}

static void swar_tests(void **state)
{
	(void)state;
	assert_false(ts_swar_zero(word8("abcdefgh")));
	assert_false(ts_swar_eq(word8("abcdefgh"), 'i'));
	assert_false(ts_swar_eq(word8("\x80\xff\x7f\x01" "abcd"), 0));
	assert_false(ts_swar_below(word8("  !~\x7f\x80\xff" "a"), 0x20));
	assert_false(ts_swar_json_special(word8("plain te")));
	for (int k = 0; k < 8; k++) {
		char b[9] = "abcdefgh";
		b[k] = '\0';
		assert_true(ts_swar_zero(word8(b)));
		b[k] = '<';
		assert_true(ts_swar_eq(word8(b), '<'));
		assert_false(ts_swar_eq(word8(b), '='));  /* '<' + 1 */
		b[k] = 0x1f;
		assert_true(ts_swar_below(word8(b), 0x20));
		assert_true(ts_swar_json_special(word8(b)));
		b[k] = '"';
		assert_true(ts_swar_json_special(word8(b)));
		b[k] = '\\';
		assert_true(ts_swar_json_special(word8(b)));
	}
}

/* ts_swar_range against its definition a byte at a time: every byte
 * value in every lane, beside neighbours at both ends of the range; and
 * ts_swar_digits against the digits' value read one by one. */
static void swar_ranges_and_digits(void **state)
{
	(void)state;
	static const unsigned char ranges[][2] = {{'0', '9'}, {'a', 'z'}, {0, 0x7F}, {' ', ' '}};
	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
		unsigned lo = ranges[r][0], hi = ranges[r][1];
		for (unsigned v = 0; v < 256; v++)
			for (int k = 0; k < 8; k++) {
				unsigned char b[8];
				for (int j = 0; j < 8; j++)  /* neighbours just outside the range, or 0xFF */
					b[j] = (unsigned char)(j & 1 ? (hi < 0x7F ? hi + 1 : 0xFF) : (lo ? lo - 1 : 0xFF));
				b[k] = (unsigned char)v;
				uint64_t w;
				memcpy(&w, b, 8);
				uint64_t m = ts_swar_range(w, (unsigned char)lo, (unsigned char)hi);
				for (int j = 0; j < 8; j++) {
					int want = b[j] >= lo && b[j] <= hi;
					if (((m >> (8 * j + 7)) & 1) != (uint64_t)want)
						fail_msg("range %u..%u, byte %d of value 0x%02X", lo, hi, j, b[j]);
				}
				assert_int_equal(m & ~TS_HIGHS8, 0);
			}
	}
	static const char *const digits[] = {"0", "7", "10", "99", "123", "0456", "98765", "100000",
	                                     "0000009", "12345678", "99999999", "00000000", "40710315"};
	for (size_t d = 0; d < sizeof digits / sizeof *digits; d++) {
		char b[9] = "________";
		size_t k = strlen(digits[d]);
		memcpy(b, digits[d], k);
		uint64_t w = ts_swar_load(b), want = 0;
		for (size_t j = 0; j < k; j++)
			want = want * 10 + (uint64_t)(digits[d][j] - '0');
		assert_int_equal(ts_swar_digits(w, (unsigned)k), want);
	}
}

/* ts_utf8_len counts the bytes that are not continuation bytes (a
 * column is one more than the characters before it): every byte value at
 * every place of texts of 0 to 24 bytes (eight at a time, then one by
 * one), beside continuation and lead bytes, against the count by hand. */
static void utf8_len_counts_lead_bytes(void **state)
{
	(void)state;
	assert_int_equal(ts_utf8_len("", 0), 0);
	assert_int_equal(ts_utf8_len("ＣＬＢ：", strlen("ＣＬＢ：")), 4);
	assert_int_equal(ts_utf8_len("惠州市白云区总工会：你好", strlen("惠州市白云区总工会：你好")), 12);
	static const unsigned char fill[] = {0x80, 0xBF, 0xC0, 0x7F, 0xE4, 0x40};
	for (size_t n = 0; n <= 24; n++)
		for (size_t f = 0; f < sizeof fill; f++)
			for (size_t at = 0; at < n; at++)
				for (unsigned v = 0; v < 256; v++) {
					unsigned char s[24];
					memset(s, fill[f], n);
					s[at] = (unsigned char)v;
					size_t want = 0;
					for (size_t i = 0; i < n; i++)
						want += s[i] < 0x80 || s[i] >= 0xC0;
					assert_int_equal(ts_utf8_len((const char *)s, n), want);
				}
}

/* ts_skip_blanks answers most lines from their first two bytes (a letter,
 * an ideograph, CJK punctuation, one space before a word) and the rest
 * with ts_skip_blanks_slow: both must agree on every pair of first bytes,
 * then nothing, a space, a letter, a blank, or the rest of one. */
static void skip_blanks_by_first_bytes(void **state)
{
	(void)state;
	/* "\x80\x80" and "\xa0" finish U+3000 (E3 80 80) and U+00A0 (C2 A0) */
	static const char *const thirds[] = {"", " ", "a", "\xe3\x80\x80", "\x80\x80", "\xa0"};
	size_t fast = 0;
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++)
			for (size_t t = 0; t < sizeof thirds / sizeof *thirds; t++) {
				char buf[8] = {(char)a, (char)b};
				size_t k = strlen(thirds[t]);
				memcpy(buf + 2, thirds[t], k);
				for (size_t n = 0; n <= 2 + k; n++) {
					size_t got = ts_skip_blanks(buf, n), want = ts_skip_blanks_slow(buf, n);
					if (got != want)
						fail_msg("bytes %02X %02X + '%s', %zu of them: %zu blanks, not %zu", a, b,
						         thirds[t], n, got, want);
					fast += a == ' ' && got == 1;
				}
			}
	assert_true(fast > 1000);
}

/* ts_trim_end answers most lines from their last bytes (an ASCII letter
 * or mark, an ideograph) without ts_trim_end_slow, and the slow one from
 * more of them: both against the blanks taken off one character at a
 * time from the end, on every pair of last bytes after nothing, a letter,
 * a blank, a lead byte or a part of a character, where that is UTF-8
 * (the last bytes are trusted to be). */
static size_t trim_by_char(const char *s, size_t n)
{
	while (n) {
		size_t start = n - 1;
		while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80 && n - start < 4)
			start--;
		uint32_t cp;
		if (ts_utf8_decode((const unsigned char *)s + start, n - start, &cp) != n - start ||
		    !ts_is_blank(cp))
			break;
		n = start;
	}
	return n;
}

static void trim_end_by_last_bytes(void **state)
{
	(void)state;
	static const char *const firsts[] = {"", "a", " ", "\xe3\x80\x80", "\xe3", "\xe4\xb8",
	                                     "\xef\xbb", "\xe2\x80", "\xc2"};
	size_t fast = 0;
	for (size_t f = 0; f < sizeof firsts / sizeof *firsts; f++)
		for (unsigned a = 0; a < 256; a++)
			for (unsigned b = 0; b < 256; b++) {
				char buf[8];
				size_t k = strlen(firsts[f]);
				memcpy(buf, firsts[f], k);
				buf[k] = (char)a;
				buf[k + 1] = (char)b;
				for (size_t from = 0; from <= k + 2; from++) {
					size_t n = k + 2 - from, bad;
					if (ts_utf8_check(buf + from, n, &bad))
						continue;
					size_t got = ts_trim_end(buf + from, n), slow = ts_trim_end_slow(buf + from, n),
					       want = trim_by_char(buf + from, n);
					if (got != want || slow != want)
						fail_msg("'%s' + %02X %02X from %zu: %zu, slow %zu, not %zu", firsts[f], a,
						         b, from, got, slow, want);
					fast += got == n && n;
				}
			}
	assert_true(fast > 1000);
}

/* ---- the counting loop against one character at a time ---- */

/* ts_scan (validate) or ts_count as the loop read one character at a
 * time, before its runs of ideographs and ASCII were counted many bytes at
 * a time: U+4000..U+9FFF but the hexagrams are one ideograph each; other
 * characters count by their class; an invalid byte is -1 with its offset
 * (validating), or ends a word (counting). */
static int count_by_char(const unsigned char *s, size_t n, int validate, ts_counts *c,
                         size_t *bad)
{
	size_t chars = 0, words = 0, cjk = 0, questions = 0, i = 0;
	int state = 0, in_q = 0, brackets = 0;
	while (i < n) {
		unsigned b0 = s[i];
		int conts = i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80;
		if (b0 >= 0xE4 && b0 <= 0xE9 && conts && !(b0 == 0xE4 && s[i + 1] == 0xB7)) {
			chars++;
			cjk++;
			state = in_q = 0;
			i += 3;
			continue;
		}
		uint32_t cp;
		size_t k;
		if (b0 < 0x80) {
			if (!b0 && validate) {
				*bad = i;
				return -1;
			}
			cp = b0;
			k = 1;
		} else if (b0 > 0xE0 && b0 < 0xF0 && b0 != 0xED && i + 2 < n && (!validate || conts)) {
			/* counting takes valid UTF-8: the continuation bytes unchecked */
			cp = ((b0 & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
			k = 3;
		} else if (!(k = ts_utf8_decode(s + i, n - i, &cp))) {
			if (validate) {
				*bad = i;
				return -1;
			}
			i++;
			state = 0;
			continue;
		}
		i += k;
		ts_cclass cc = ts_classify(tc, cp);
		int q = cp == '?' || cp == 0xFF1F;
		questions += q && !in_q;
		in_q = q;
		brackets |= (cc.flags & TS_CF_OPEN) != 0;
		if (cc.kind == TS_CK_ALNUM) {
			chars += cc.count;
			words += state == 0;
			state = 1;
		} else if (cc.kind == TS_CK_CJK) {
			chars += cc.count;
			cjk += cc.count;
			state = 0;
		} else if (cc.kind != TS_CK_MARK) {
			state = state == 1 && (cc.flags & TS_CF_JOINER) ? 2 : 0;
		}
	}
	*c = (ts_counts){chars, words, cjk, questions, brackets, 0};
	return 0;
}

/* What a random text is made of: ideographs (U+4000..U+9FFF, the first
 * and last of the lead bytes E4..E9), hexagrams, other three-byte
 * characters (punctuation, kana, full-width letters, an ideographic
 * space, opening brackets, a joiner, a combining mark, the lead bytes E0
 * and ED), two- and four-byte characters, ASCII of every class, and bytes
 * that are not UTF-8 (lone, truncated, overlong, a surrogate, NUL). */
static const char *const count_pieces[] = {
	"\xe4\xb8\x80", "\xe4\xbd\xa0", "\xe5\xa5\xbd", "\xe9\xbe\xa5", "\xe9\xbf\xbf", "\xe4\x80\x80",
	"\xe4\xb6\xbf", "\xe4\xb7\x80", "\xe4\xb7\xbf", "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80",
	"\xef\xbc\x8c", "\xe3\x80\x82", "\xef\xbc\x9f", "\xef\xbc\x9f\xef\xbc\x9f", "\xef\xbc\x9a",
	"\xe3\x81\x82", "\xe3\x82\xab", "\xef\xbc\xa3", "\xef\xbc\xac", "\xe3\x80\x80", "\xef\xbc\x88",
	"\xe3\x80\x90", "\xe2\x80\x99", "\xe2\x80\x94", "\xe2\x83\x90", "\xe0\xa4\x95", "\xed\x9f\xbb",
	"\xea\xb0\x80", "\xef\xbb\xbf", "\xe3\x8d\xbf", "\xc3\xa9", "\xcc\x81", "\xf0\xa0\x80\x80",
	"\xf0\x9f\x98\x80", "a", "Z", "7", "don't", "stop-gap", "U.S.", "1,000", " ", "  ", "\t",
	"?", "??", "(", "[", "!", "\"", ":", ";", "_", "~", "\x7f", "\x01", "\r", "'", "-", ".", ",",
	"the quick brown fox", "1234567890", "\x80", "\xff", "\xc3", "\xe4\xbd", "\xe4\x3d\xa0",
	"\xed\xa0\x80", "\xe0\x80\xaf", "\xc0\xaf", "\xf4\x90\x80\x80",
	"\xe3\x80\x81", "\xef\xbc\x81", "\xef\xbc\x9b", "\xe3\x80\x83", "\xef\xbc\x8d",
	"\xef\xbd\x9f", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\xa6", "\xe3\x80\x8a",
	"\xe3\x80\x8b", "\xe2\x80\xa5", "\xe2\x80\x93", "\xe3\x80\x8c", "\xe3\x80\x89",
	"\xef\xbc\x82", "\xef\xbc\x9e", "\xe2\x80\x9f", "\xe3\x80\x9f", "\0",
};

static int same_counts(const ts_counts *a, const ts_counts *b)
{
	return a->chars == b->chars && a->words == b->words && a->cjk == b->cjk &&
	       a->questions == b->questions && a->brackets == b->brackets;
}

/* A text of random pieces, valid UTF-8 or not. */
static size_t random_text(unsigned char *buf, size_t cap, unsigned *seed, int valid_only)
{
	size_t npieces = sizeof count_pieces / sizeof *count_pieces, n = 0;
	size_t want = (size_t)rand_r(seed) % 120;
	/* some texts mostly ideographs or mostly ASCII, as transcripts are,
	 * or letters and digits (of both widths) between runs of ideographs,
	 * whose word they end */
	static const size_t between[] = {9, 9, 9, 0, 2, 4, 34, 35, 36, 17, 18, 12, 41};
	/* ideographs and the punctuation of Chinese, with its neighbours in
	 * the byte values ('〃', '－', '｟', '‥', '–', '「', '〉', '＂', '＞',
	 * '‟', '〟') */
	static const size_t chinese[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 19, 23,
	                                 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87,
	                                 88, 89, 90};
	int bias = rand_r(seed) % 4;
	for (size_t k = 0; k < want; k++) {
		size_t p = (size_t)rand_r(seed) % npieces;
		if (bias == 1 && rand_r(seed) % 4)
			p = chinese[(size_t)rand_r(seed) % (sizeof chinese / sizeof *chinese)];
		else if (bias == 2 && rand_r(seed) % 4)
			p = 34 + (size_t)rand_r(seed) % 28;
		else if (bias == 3 && rand_r(seed) % 8)
			p = between[(size_t)rand_r(seed) % (sizeof between / sizeof *between)];
		const char *piece = count_pieces[p];
		size_t m = p + 1 == npieces ? 1 : strlen(piece);
		size_t bad;
		if (n + m > cap || (valid_only && ts_utf8_check(piece, m, &bad)))
			continue;
		memcpy(buf + n, piece, m);
		n += m;
	}
	return n;
}

/* ts_scan and ts_count against count_by_char on random texts and every
 * piece of them that starts in their first 17 bytes, copied to the end of
 * an allocation (a read past the text is one the sanitizers see) at every
 * alignment. */
static void counts_as_one_by_one(void **state)
{
	(void)state;
	unsigned seed = 20260817;
	unsigned char text[512];
	size_t texts = 0;
	for (int round = 0; round < 600; round++) {
		size_t len = random_text(text, sizeof text, &seed, round % 4 == 0);
		for (size_t a = 0; a <= 17 && a <= len; a++) {
			for (size_t b = a; b <= len; b += 1 + (b > a + 48) * 5) {
				size_t n = b - a, pad = (a + b) % 16;
				unsigned char *buf = malloc(pad + n + 1);
				assert_non_null(buf);
				unsigned char *s = buf + pad;
				memcpy(s, text + a, n);
				ts_counts want, got;
				size_t want_bad = 0, got_bad = 0;
				int want_rc = count_by_char(s, n, 1, &want, &want_bad);
				int got_rc = ts_scan(tc, (const char *)s, n, &got, &got_bad);
				if (got_rc != want_rc || (!got_rc && !same_counts(&got, &want)) ||
				    (got_rc && got_bad != want_bad))
					fail_msg("ts_scan of text %d [%zu, %zu): rc %d/%d bad %zu/%zu chars %zu/%zu "
					         "words %zu/%zu cjk %zu/%zu questions %zu/%zu brackets %d/%d",
					         round, a, b, got_rc, want_rc, got_bad, want_bad, got.chars,
					         want.chars, got.words, want.words, got.cjk, want.cjk,
					         got.questions, want.questions, got.brackets, want.brackets);
				if (!got_rc && got.unmarked > test_first_mark(s, n))
					fail_msg("ts_scan of text %d [%zu, %zu): unmarked %u past a mark at %zu", round,
					         a, b, got.unmarked, test_first_mark(s, n));
				/* ts_scan_copy reads its text and writes its copy up to
				 * sixteen bytes past them, the end of their room; what it
				 * reads there are ideographs, which it must not count */
				char *from = malloc(n + 16), *copy = malloc(n + 16);
				assert_true(from && copy);
				memcpy(from, s, n);
				for (size_t k = 0; k < 16; k++)
					from[n + k] = "\xe4\xb8\x80"[k % 3];
				ts_counts copied;
				size_t copied_bad = 0;
				int copied_rc = ts_scan_copy(tc, from, n, copy, &copied, &copied_bad);
				if (copied_rc != got_rc || (!got_rc && !same_counts(&copied, &got)) ||
				    (!got_rc && (copied.unmarked != got.unmarked || memcmp(copy, s, n))) ||
				    (got_rc && copied_bad != got_bad))
					fail_msg("ts_scan_copy of text %d [%zu, %zu) is not ts_scan's", round, a, b);
				free(from);
				free(copy);
				count_by_char(s, n, 0, &want, &want_bad);
				ts_count(tc, (const char *)s, n, &got);
				if (!same_counts(&got, &want))
					fail_msg("ts_count of text %d [%zu, %zu): chars %zu/%zu words %zu/%zu "
					         "cjk %zu/%zu questions %zu/%zu brackets %d/%d",
					         round, a, b, got.chars, want.chars, got.words, want.words, got.cjk,
					         want.cjk, got.questions, want.questions, got.brackets,
					         want.brackets);
				free(buf);
				texts++;
			}
		}
	}
	assert_true(texts > 100000);
}
/* ts_scan and ts_count of text s[0..n), copied to the end of an
 * allocation, against count_by_char, their unmarked bytes before its
 * first mark; returns ts_scan's. */
static unsigned count_as_by_char(const unsigned char *s, size_t n, const char *what)
{
	unsigned unmarked = 0;
	unsigned char *buf = malloc(n + 1);
	assert_non_null(buf);
	memcpy(buf, s, n);
	for (int validate = 0; validate <= 1; validate++) {
		ts_counts want, got;
		size_t want_bad = 0, got_bad = 0;
		int want_rc = count_by_char(buf, n, validate, &want, &want_bad), got_rc = 0;
		if (validate)
			got_rc = ts_scan(tc, (const char *)buf, n, &got, &got_bad);
		else
			ts_count(tc, (const char *)buf, n, &got);
		if (got_rc != want_rc || (!got_rc && !same_counts(&got, &want)) ||
		    (got_rc && got_bad != want_bad))
			fail_msg("%s of %s (%zu bytes): rc %d/%d bad %zu/%zu chars %zu/%zu words %zu/%zu "
			         "cjk %zu/%zu questions %zu/%zu brackets %d/%d",
			         validate ? "ts_scan" : "ts_count", what, n, got_rc, want_rc, got_bad,
			         want_bad, got.chars, want.chars, got.words, want.words, got.cjk, want.cjk,
			         got.questions, want.questions, got.brackets, want.brackets);
		if (!got_rc && got.unmarked > test_first_mark(buf, n))
			fail_msg("%s of %s: unmarked %u past a mark at %zu", validate ? "ts_scan" : "ts_count",
			         what, got.unmarked, test_first_mark(buf, n));
		if (validate)
			unmarked = got.unmarked;
	}
	free(buf);
	return unmarked;
}

/* Runs of ideographs with another character at every place, from every
 * place in the windows of five characters that the counting loop reads
 * at once (text.c, cjk_run) and of the window of its last bytes (at
 * every phase: the window ends at the text's end, or the text is shorter
 * than one), the run at the start of the text or after other bytes, the
 * text ending in an ideograph, a question mark or a truncated one. */
static void counts_chinese_windows(void **state)
{
	(void)state;
	static const char *const ideographs[] = {"\xe4\xb8\x80", "\xe9\xbf\xbf", "\xe4\xb6\xbf",
	                                         "\xe4\xbd\xa0"};
	static const char *const others[] = {
	        "\xef\xbc\x8c", "\xe3\x80\x82", "\xef\xbc\x9f", "\xef\xbc\x9f\xef\xbc\x9f",
	        "\xe3\x80\x81", "\xe2\x80\xa6", "\xe2\x80\x94", "\xe2\x80\x9c", "\xe3\x80\x8b",
	        "\xef\xbc\x9a", "\xef\xbc\x81", "?", "a", "7", " ", "\xe4\xb7\x80", "\xe4\xb7\xbf",
	        "\xe3\x81\x82", "\xef\xbc\x88", "\xe3\x80\x83", "\xe2\x80\x9f", "\xe3\x80\x9f",
	        "\xef\xbc\x82", "\xef\xbc\x8d", "\xef\xbc\xa3", "\xe3\x80\x80", "\xf0\xa0\x80\x80",
	        "\xc3\xa9", "\x80", "\xe4\xbd", "\xe4\xbd\x20", "\xed\xa0\x80"};
	static const char *const befores[] = {"", "a", "\xc3\xa9", "?", "\xef\xbc\x9f"};
	static const char *const afters[] = {"", "\xef\xbc\x9f", "\xe4\xb8", "?"};
	unsigned char text[256];
	char what[64];
	size_t texts = 0;
	for (size_t f = 0; f < sizeof befores / sizeof *befores; f++)
		for (size_t all = 0; all <= 22; all++)
			for (size_t at = 0; at <= all; at++)
				for (size_t o = 0; o < sizeof others / sizeof *others; o++)
					for (size_t e = 0; e < sizeof afters / sizeof *afters; e++) {
						size_t n = strlen(befores[f]);
						memcpy(text, befores[f], n);
						for (size_t k = 0; k <= all; k++) {
							const char *piece =
							        k == at ? others[o] : ideographs[(k * 7 + o) % 4];
							memcpy(text + n, piece, strlen(piece));
							n += strlen(piece);
						}
						memcpy(text + n, afters[e], strlen(afters[e]));
						n += strlen(afters[e]);
						snprintf(what, sizeof what, "%zu/%zu ideographs, other %zu at %zu, %zu",
						         f, all, o, at, e);
						unsigned unmarked = count_as_by_char(text, n, what);
						/* a line of ideographs is read up to its first '。' or
						 * '？', where sentences are looked for from */
						if (!f && o >= 1 && o <= 3 && unmarked != 3 * at)
							fail_msg("ts_scan of %s: unmarked %u, not %zu", what, unmarked, 3 * at);
						texts++;
					}
	assert_true(texts > 50000);
}

/* The characters of three bytes that loops over CJK take apart, one or
 * two at a time (ts_utf8_three, ts_utf8_three_two), are those that
 * ts_utf8_decode reads as three bytes of U+1000..U+FFFF but U+D000..U+DFFF,
 * with the code points it reads: every lead byte before continuation
 * bytes and others at the edges of their ranges, alone and in pairs. */
static void three_bytes_as_decoded(void **state)
{
	(void)state;
	static const unsigned char tail[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF};
	enum { NT = sizeof tail };
	static unsigned char seq[256 * NT * NT][3];
	static int three[256 * NT * NT];
	size_t ns = 0;
	for (unsigned lead = 0; lead < 256; lead++)
		for (size_t a = 0; a < NT; a++)
			for (size_t b = 0; b < NT; b++) {
				unsigned char *u = seq[ns];
				u[0] = (unsigned char)lead;
				u[1] = tail[a];
				u[2] = tail[b];
				uint32_t cp = 0;
				int whole = ts_utf8_decode(u, 3, &cp) == 3 && cp >= 0x1000 && (cp < 0xD000 || cp >= 0xE000);
				three[ns] = ts_utf8_three(u);
				assert_int_equal(three[ns], whole);
				if (whole)
					assert_int_equal(ts_utf8_three_cp(u), cp);
				ns++;
			}
	/* pairs: every sequence beside the ones of three bytes and a few
	 * others, both ways round, and two bytes after them */
	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < ns; j += 97) {
			for (int way = 0; way < 2; way++) {
				const unsigned char *x = seq[way ? j : i], *y = seq[way ? i : j];
				unsigned char w8[8] = {x[0], x[1], x[2], y[0], y[1], y[2], 0xE4, 0xB8};
				uint32_t a = 0, b = 0;
				int both = three[way ? j : i] && three[way ? i : j];
				assert_int_equal(ts_utf8_three_two(ts_swar_load(w8), &a, &b), both);
				if (both) {
					assert_int_equal(a, ts_utf8_three_cp(x));
					assert_int_equal(b, ts_utf8_three_cp(y));
				}
			}
		}
}

#if defined(__SSE2__)
/* Four at a time (ts_sse_three_four, sixteen bytes read): four sequences
 * of three bytes drawn at random from those of three_bytes_as_decoded's
 * kind, most of them characters, then four bytes that do not count; the
 * four are taken exactly when ts_utf8_three takes each, with the code
 * points ts_utf8_three_cp reads. */
static void three_bytes_four_at_a_time(void **state)
{
	(void)state;
	static const unsigned char tail[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF};
	static const unsigned char lead[] = {0x00, 0x41, 0x80, 0xC3, 0xDF, 0xE0, 0xE1, 0xE4, 0xE9,
	                                     0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xFF};
	uint64_t seed = 0x3C6EF372FE94F82Bull;
	size_t taken = 0, refused = 0;
	for (int round = 0; round < 200000; round++) {
		unsigned char v[16];
		int all = 1;
		for (int k = 0; k < 4; k++) {
			uint64_t r = test_random(&seed);
			unsigned char *u = v + 3 * k;
			if (r % 8) {  /* an ideograph, mostly */
				u[0] = (unsigned char)(0xE4 + r / 8 % 6);
				u[1] = (unsigned char)(0x80 + (r >> 8) % 64);
				u[2] = (unsigned char)(0x80 + (r >> 16) % 64);
			} else {
				u[0] = lead[(r >> 8) % sizeof lead];
				u[1] = tail[(r >> 16) % sizeof tail];
				u[2] = tail[(r >> 24) % sizeof tail];
			}
			all &= ts_utf8_three(u);
		}
		for (int k = 12; k < 16; k++)
			v[k] = (unsigned char)test_random(&seed);
		__m128i c;
		int got = ts_sse_three_four(_mm_loadu_si128((const void *)v), &c);
		assert_int_equal(got, all);
		if (got) {
			uint32_t cp[4];
			_mm_storeu_si128((void *)cp, c);
			for (int k = 0; k < 4; k++)
				assert_int_equal(cp[k], ts_utf8_three_cp(v + 3 * k));
		}
		taken += got;
		refused += !got;
	}
	assert_true(taken > 50000);
	assert_true(refused > 50000);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_valid),
		cmocka_unit_test(decode_invalid),
		cmocka_unit_test(check_reports_offset),
		cmocka_unit_test(scan_rejects_bad_ideographs),
		cmocka_unit_test(counts_chinese),
		cmocka_unit_test(counts_english),
		cmocka_unit_test(counts_compatibility),
		cmocka_unit_test(blanks),
		cmocka_unit_test(skip_blanks_by_first_bytes),
		cmocka_unit_test(trim_end_by_last_bytes),
		cmocka_unit_test(positions),
		cmocka_unit_test(counts_english_runs),
		cmocka_unit_test(normal_forms),
		cmocka_unit_test(nfkc_of_plain_text),
		cmocka_unit_test(columns_counted_on),
		cmocka_unit_test(self_flag_over_the_bmp),
		cmocka_unit_test(class_table_over_the_bmp),
		cmocka_unit_test(plain_punct_classes),
		cmocka_unit_test(ascii_alnum_classes),
		cmocka_unit_test(swar_tests),
		cmocka_unit_test(swar_ranges_and_digits),
		cmocka_unit_test(utf8_len_counts_lead_bytes),
		cmocka_unit_test(check_as_one_by_one),
		cmocka_unit_test(counts_as_one_by_one),
		cmocka_unit_test(counts_chinese_windows),
		cmocka_unit_test(three_bytes_as_decoded),
#if defined(__SSE2__)
		cmocka_unit_test(three_bytes_four_at_a_time),
#endif
	};
	return cmocka_run_group_tests(tests, tc_setup, tc_teardown);
}
