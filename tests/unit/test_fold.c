/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/fold.h"
#include "base/hant.h"
#include "base/text.h"

#include <utf8proc.h>

static ts_fold *fold;
static ts_folded ft;

static int setup(void **state)
{
	tc_setup(state);
	fold = ts_fold_new(tc);
	return fold ? 0 : -1;
}

static int teardown(void **state)
{
	ts_folded_free(&ft);
	ts_fold_free(fold);
	return tc_teardown(state);
}

/* The folded text as UTF-8, for comparing with a literal. */
static const char *folded(const char *s)
{
	static char out[1024];
	assert_int_equal(ts_fold_text(fold, s, strlen(s), &ft), 0);
	size_t o = 0;
	for (size_t i = 0; i < ft.n; i++) {
		uint32_t c = ft.cp[i];
		assert_true(o + 4 < sizeof out);
		if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0x800) {
			out[o++] = (char)(0xC0 | c >> 6);
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[o++] = (char)(0xE0 | c >> 12);
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xF0 | c >> 18);
			out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
	return out;
}

static void nfkc_and_case(void **state)
{
	(void)state;
	assert_string_equal(folded("ＣＬＢ：你好"), "clb:你好");
	assert_string_equal(folded("NO COMMENT"), "no comment");
	assert_string_equal(folded("Ｉ'ｍ"), "i'm");
	assert_string_equal(folded("Straße"), "strasse");
	assert_string_equal(folded("㍿"), "株式会社");
	assert_string_equal(folded("ﬁne"), "fine");
	/* U+01C5 folds to dž: composed again after decomposition */
	assert_string_equal(folded("\xC7\x85"), "d\xC5\xBE");
	/* outside the BMP, folded on the fly: mathematical bold A */
	assert_string_equal(folded("\xF0\x9D\x90\x80"), "a");
	/* a soft hyphen is ignorable and disappears */
	assert_string_equal(folded("com\xC2\xADment"), "comment");
}

static void apostrophes(void **state)
{
	(void)state;
	assert_string_equal(folded("I’m"), "i'm");
	assert_string_equal(folded("I‘m"), "i'm");
	assert_string_equal(folded("Iʼm"), "i'm");
	assert_string_equal(folded("I＇m"), "i'm");
}

static void blanks(void **state)
{
	(void)state;
	assert_string_equal(folded("no   comment"), "no comment");
	assert_string_equal(folded("no\t\xC2\xA0 comment"), "no comment");
	assert_string_equal(folded("  no comment  "), "no comment");
	/* between two wide characters a blank is a PDF artefact */
	assert_string_equal(folded("我 不太\xE3\x80\x80清楚"), "我不太清楚");
	/* ... but not between a wide and a narrow one */
	assert_string_equal(folded("打 12345"), "打 12345");
	assert_string_equal(folded(""), "");
	assert_string_equal(folded("   "), "");
}

static void classes(void **state)
{
	(void)state;
	folded("a我,'-1　");
	assert_int_equal(ft.n, 6);  /* the U+3000 blank at the end is dropped */
	assert_true(ft.cls[0] & TS_FC_WORD);
	assert_true(ft.cls[1] & TS_FC_CJK);
	assert_true(ft.cls[1] & TS_FC_WIDE);
	assert_true(ft.cls[2] & TS_FC_PUNCT);
	assert_true(ft.cls[3] & TS_FC_JOIN);
	assert_true(ft.cls[4] & TS_FC_JOIN);
	assert_true(ft.cls[5] & TS_FC_WORD);
}

static void offsets(void **state)
{
	(void)state;
	const char *s = "ＡＢ，我不太清楚";
	folded(s);
	assert_int_equal(ft.n, 8);
	/* 我 is the fourth source character: three 3-byte characters before it */
	assert_int_equal(ft.off[3], 9);
	size_t a, b;
	ts_folded_span(&ft, s, 3, 8, &a, &b);
	assert_int_equal(a, 9);
	assert_int_equal(b, strlen(s));
	/* one source character folded to four: all four point at it */
	s = "x㍿y";
	folded(s);
	assert_int_equal(ft.n, 6);
	for (size_t i = 1; i < 5; i++)
		assert_int_equal(ft.off[i], 1);
	ts_folded_span(&ft, s, 2, 3, &a, &b);  /* 式, inside the expansion */
	assert_int_equal(a, 1);
	assert_int_equal(b, 4);
	/* a curly apostrophe is three bytes in the source, one in the fold */
	s = "I’m not";
	folded(s);
	ts_folded_span(&ft, s, 0, ft.n, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, strlen(s));
	assert_int_equal(ft.off[2], 4);  /* m */
}

static void invalid_bytes(void **state)
{
	(void)state;
	assert_string_equal(folded("a\xC3x"), "a\xEF\xBF\xBDx");
	assert_int_equal(ft.off[2], 2);
}

static void phrase(void **state)
{
	(void)state;
	assert_int_equal(ts_fold_phrase(fold, " refer you to ", 14, &ft), 0);
	assert_int_equal(ft.n, 12);
	assert_true(ft.cls[ft.n - 1] & TS_FC_WORD);
}

/* Traditional characters of cue words fold to simplified ones; those that
 * are also simplified characters of another meaning do not. */
static void traditional(void **state)
{
	(void)state;
	assert_string_equal(folded("正在調查中"), "正在调查中");
	assert_string_equal(folded("中方主管部門將適時發佈有關消息"), "中方主管部门将适时发布有关消息");
	assert_string_equal(folded("我沒有可提供的訊息"), "我没有可提供的讯息");
	assert_string_equal(folded("我們不便一一作出評論"), "我们不便一一作出评论");
	assert_string_equal(folded("乾隆著名徵收"), "乾隆著名徵收");
	assert_string_equal(folded("正在调查"), "正在调查");
	/* one character each: offsets still point into the source */
	assert_int_equal(ts_fold_text(fold, "調查", strlen("調查"), &ft), 0);
	assert_int_equal(ft.n, 2);
	assert_int_equal(ft.off[1], 3);
	assert_true(ft.cls[0] & TS_FC_CJK);
	assert_int_equal(ts_hant_fold(0x8ABF), 0x8C03); /* 調 调 */
	assert_int_equal(ts_hant_fold(0x8C03), 0x8C03);
	assert_int_equal(ts_hant_fold('a'), 'a');
	assert_int_equal(ts_hant_fold(0x1F600), 0x1F600);
}

/* The table against utf8proc's own NFKC_Casefold, one code point at a
 * time, over the whole BMP: the table takes a short cut for code points
 * that map to themselves, and this is where a wrong one would show.  The
 * code points folded by rule (apostrophes, blanks, surrogates) are left
 * to the tests above. */
static void every_bmp_code_point(void **state)
{
	(void)state;
	size_t checked = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x02BC || cp == 0xFF07 ||
		    cp == '\n' || ts_is_blank(cp) || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    ts_hant_fold(cp) != cp)
			continue;
		uint8_t in[4], *mapped = NULL;
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, in);
		utf8proc_ssize_t len = utf8proc_map(in, k, &mapped,
		                                    UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		                                            UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
		                                            UTF8PROC_STABLE);
		uint32_t want[TS_FOLD_MAX];
		size_t n = 0;
		if (len < 0) {
			want[n++] = cp;  /* utf8proc refuses it: the table keeps it */
		} else {
			for (utf8proc_ssize_t i = 0; i < len;) {
				utf8proc_int32_t c;
				i += utf8proc_iterate(mapped + i, len - i, &c);
				assert_true(n < TS_FOLD_MAX);
				want[n++] = (uint32_t)c;
			}
		}
		free(mapped);
		uint32_t got[TS_FOLD_MAX];
		uint8_t cls[TS_FOLD_MAX];
		size_t m = ts_fold_char(fold, cp, got, cls);
		if (m != n)
			fail_msg("U+%04X folds to %zu code points, utf8proc gives %zu", (unsigned)cp, m, n);
		for (size_t i = 0; i < m; i++)
			if (got[i] != (uint32_t)want[i])
				fail_msg("U+%04X: code point %zu is U+%04X, utf8proc gives U+%04X",
				         (unsigned)cp, i, (unsigned)got[i], (unsigned)want[i]);
		checked++;
	}
	assert_true(checked > 62500);  /* all but the surrogates and the rules */
}

/* ts_fold_text as fold.h defines it, one character at a time through
 * ts_fold_char: a byte that is no UTF-8 is U+FFFD; a run of blanks is one
 * space between two characters, none at either end nor between two wide
 * ones; a character that folds to nothing leaves a run open; a blank
 * inside an expansion is a space unless one comes before it.  Each folded
 * character has the offset of the character it came from, a space that of
 * the run's first blank. */
static void fold_reference(const char *str, size_t len, ts_folded *r)
{
	const unsigned char *s = (const unsigned char *)str;
	r->n = 0;
	int held = 0;
	uint32_t held_off = 0;
	for (size_t i = 0; i < len;) {
		uint32_t c, out[TS_FOLD_MAX];
		uint8_t cls[TS_FOLD_MAX];
		size_t k = ts_utf8_decode(s + i, len - i, &c);
		if (!k) {
			c = 0xFFFD;
			k = 1;
		}
		uint32_t here = (uint32_t)i;
		i += k;
		size_t nout = ts_fold_char(fold, c, out, cls);
		if (nout == 1 && (cls[0] & TS_FC_SPACE)) {
			if (!held)
				held_off = here;
			held = 1;
			continue;
		}
		if (!nout)
			continue;
		assert_true(r->n + nout + 1 <= r->cap);
		if (held && r->n && !(r->cls[r->n - 1] & TS_FC_SPACE) &&
		    !((r->cls[r->n - 1] & TS_FC_WIDE) && (cls[0] & TS_FC_WIDE))) {
			r->cp[r->n] = ' ';
			r->cls[r->n] = TS_FC_SPACE;
			r->off[r->n++] = held_off;
		}
		held = 0;
		for (size_t j = 0; j < nout; j++) {
			if ((cls[j] & TS_FC_SPACE) && (!r->n || (r->cls[r->n - 1] & TS_FC_SPACE)))
				continue;
			r->cp[r->n] = (cls[j] & TS_FC_SPACE) ? ' ' : out[j];
			r->cls[r->n] = (cls[j] & TS_FC_SPACE) ? TS_FC_SPACE : cls[j];
			r->off[r->n++] = here;
		}
	}
}

/* Pieces of the random texts below: ASCII words come eight bytes at a
 * time on a path of their own, so most of a text is words with one space
 * between them, and punctuation; the rest is what that path must leave
 * to the others: two spaces, other blanks, control bytes, CJK and
 * full-width characters, blanks of wide text, expansions, ignorable and
 * astral characters, bytes that are no UTF-8. */
static const char *const fold_words[] = {
	"the", "Workers", "union", "I", "a", "OK", "x", "inspection", "12345", "7", "Q3", "don't",
};
static const char *const fold_pieces[] = {
	" ", ",", ".", "?", "!", ";", ":", "'", "-", "\"", "(", ")", "@", "[", "`", "{", "~", "/",
	"  ", "\t", "\n", "\r", "\x01", "\x7F", "我", "不太", "調查", "。", "，", "ＣＬＢ", "：",
	"\xE3\x80\x80", "\xC2\xA0", "㍿", "\xEF\xB7\xBA", "\xC2\xAD", "’", "é", "É", "ß",
	"\xF0\x9D\x90\x80", "\xF0\x9F\x98\x80", "\xC3", "\xFF", "\x80", "\xE4\xB8",
	"\xED\xA0\x80", "\xE0\x80\x80", "\xE0\xA4\x85",
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static uint64_t xorshift(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed >> 20;
}

/* A reference with room for a text of 512 bytes. */
static void reference_new(ts_folded *r)
{
	memset(r, 0, sizeof *r);
	r->cap = 512 * TS_FOLD_MAX;
	r->cp = malloc(r->cap * sizeof *r->cp);
	r->cls = malloc(r->cap);
	r->off = malloc(r->cap * sizeof *r->off);
	assert_non_null(r->cp);
	assert_non_null(r->cls);
	assert_non_null(r->off);
}

/* s[0..len) folded by ts_fold_text and by the reference, alike. */
static void as_reference(const char *s, size_t len, int round, ts_folded *r)
{
	assert_int_equal(ts_fold_text(fold, s, len, &ft), 0);
	fold_reference(s, len, r);
	if (ft.n != r->n)
		fail_msg("round %d: %zu folded characters, the reference has %zu", round, ft.n, r->n);
	for (size_t i = 0; i < r->n; i++)
		if (ft.cp[i] != r->cp[i] || ft.cls[i] != r->cls[i] || ft.off[i] != r->off[i])
			fail_msg("round %d, character %zu: U+%04X class %u at %u, the reference "
			         "has U+%04X class %u at %u",
			         round, i, (unsigned)ft.cp[i], ft.cls[i], (unsigned)ft.off[i],
			         (unsigned)r->cp[i], r->cls[i], (unsigned)r->off[i]);
}

/* A piece of a random text from x into out[64]: its length. */
typedef size_t text_piece(uint64_t x, char *out);

/* 30000 random texts of up to `most` pieces, folded by ts_fold_text and by
 * the reference. */
static void pieces_as_reference(uint64_t seed, size_t most, text_piece *piece)
{
	ts_folded r;
	reference_new(&r);
	for (int round = 0; round < 30000; round++) {
		char s[512], p[64];
		size_t len = 0, parts = 1 + xorshift(&seed) % most;
		for (size_t k = 0; k < parts; k++) {
			size_t pl = piece(xorshift(&seed), p);
			if (len + pl > sizeof s)
				break;
			memcpy(s + len, p, pl);
			len += pl;
		}
		as_reference(s, len, round, &r);
	}
	ts_folded_free(&r);
}

/* A word and a space, a word, a piece (past the last: a NUL byte); the
 * rarer pieces rarer still. */
static size_t word_piece(uint64_t x, char *out)
{
	const char *w = x % 8 < 5 ? fold_words[x / 8 % COUNT(fold_words)] : "";
	size_t wl = strlen(w);
	if (x % 8 >= 5) {
		size_t k = x / 8 % (x % 8 == 7 ? COUNT(fold_pieces) + 1 : 12);
		w = k < COUNT(fold_pieces) ? fold_pieces[k] : "";
		wl = k < COUNT(fold_pieces) ? strlen(w) : 1;
	}
	memcpy(out, w, wl);
	if (x % 8 < 4)
		out[wl++] = ' ';
	return wl;
}

/* Random texts of those pieces, words and NUL bytes. */
static void random_texts_as_reference(void **state)
{
	(void)state;
	pieces_as_reference(88172645463325252ull, 100, word_piece);
}

/* Pieces of Chinese text: runs of three-byte characters go two at a time
 * on a path of their own, which must stop at a character that is not one
 * (ASCII, two or four bytes, E0 and ED leads, a cut one), that folds to
 * several (㍿) or is a blank (U+3000), and at the text's last eight bytes;
 * U+1000 and U+FFFD are the first and last it takes, 調查 folds apart. */
static const char *const cjk_pieces[] = {
	"我", "不太", "清楚", "調查", "。", "，", "ＣＬＢ", "？", "\xE3\x80\x80", "㍿",
	"\xE1\x80\x80", "\xEF\xBF\xBD", "한", "a", " ", "\n", "é", "\xF0\x9F\x98\x80",
	"\xE4\xB8", "\xED\xA0\x80", "\xE0\xA4\x85", "\xE0\x80\x80", "\xEF\xBB\xBF",
};

/* The first four pieces three times in four. */
static size_t cjk_piece(uint64_t x, char *out)
{
	const char *w = cjk_pieces[x % 4 ? x / 4 % 4 : x / 4 % COUNT(cjk_pieces)];
	size_t wl = strlen(w);
	memcpy(out, w, wl);
	return wl;
}

/* Random texts mostly of ideographs: runs of all lengths and alignments,
 * stopped by each piece. */
static void random_cjk_runs_as_reference(void **state)
{
	(void)state;
	pieces_as_reference(2463534242ull, 120, cjk_piece);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nfkc_and_case),
		cmocka_unit_test(apostrophes),
		cmocka_unit_test(blanks),
		cmocka_unit_test(classes),
		cmocka_unit_test(offsets),
		cmocka_unit_test(invalid_bytes),
		cmocka_unit_test(phrase),
		cmocka_unit_test(traditional),
		cmocka_unit_test(every_bmp_code_point),
		cmocka_unit_test(random_texts_as_reference),
		cmocka_unit_test(random_cjk_runs_as_reference),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
