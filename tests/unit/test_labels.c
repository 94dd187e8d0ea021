/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "read/labels.h"

static ts_langs langs;

static int setup(void **state)
{
	test_langs(&langs);
	return tc_setup(state);
}

static int teardown(void **state)
{
	ts_langs_free(&langs);
	return tc_teardown(state);
}

/* The label a line starts with, or NULL. */
static const char *label_of(const char *line)
{
	static char buf[128];
	ts_label_cand c;
	if (!ts_label_candidate(tc, &langs, line, strlen(line), &c))
		return NULL;
	memcpy(buf, line + c.start, c.len);
	buf[c.len] = '\0';
	return buf;
}

static const char *text_of(const char *line)
{
	ts_label_cand c;
	return ts_label_candidate(tc, &langs, line, strlen(line), &c) ? line + c.text : NULL;
}

static void candidates(void **state)
{
	(void)state;
	assert_string_equal(label_of("ＣＬＢ：您好"), "ＣＬＢ");
	assert_string_equal(text_of("ＣＬＢ：您好"), "您好");
	/* a page break leaves a blank before the label */
	assert_string_equal(label_of(" ＣＬＢ：您好"), "ＣＬＢ");
	assert_string_equal(label_of("\xe3\x80\x80安阳市总工会：喂"), "安阳市总工会");
	assert_string_equal(label_of("\xc2\xa0" "CLB: hi"), "CLB");
	assert_string_equal(label_of("MS. SMITH:  Good afternoon."), "MS. SMITH");
	assert_string_equal(text_of("MS. SMITH:  Good afternoon."), "Good afternoon.");
	assert_string_equal(label_of("Dr. Li: yes"), "Dr. Li");
	/* A label holds a title before its '.' (data/lang/en.json "titles"),
	 * not any abbreviation: "No. Listen:" begins a sentence. */
	assert_string_equal(label_of("Capt. Ortiz: yes"), "Capt. Ortiz");
	assert_null(label_of("No. Listen: we never said that"));
	assert_null(label_of("Smith vs. Jones: round two"));
	/* capitals of up to four letters are abbreviations too */
	assert_string_equal(label_of("U.S. REP. KIM: yes"), "U.S. REP. KIM");
	assert_null(label_of("UNITED. KIM: yes"));
	assert_string_equal(label_of("THE PRESIDENT: Thank you."), "THE PRESIDENT");
	/* capitals up to 64 characters and 10 words; mixed case 20 and 5 */
	assert_string_equal(label_of("SECRETARY OF STATE BLINKEN: Thank you."),
	                    "SECRETARY OF STATE BLINKEN");
	assert_string_equal(label_of("THE DEPUTY ASSISTANT SECRETARY OF STATE FOR AFFAIRS: yes"),
	                    "THE DEPUTY ASSISTANT SECRETARY OF STATE FOR AFFAIRS");
	assert_null(label_of("THE DEPUTY ASSISTANT SECRETARY OF STATE FOR PUBLIC AFFAIRS AND MEDIA: x"));
	assert_null(label_of("A B C D E F G H I J K: eleven words"));
	assert_null(label_of("Secretary of State Blinken: Thank you."));
	assert_null(label_of("SECRETARY OF STATE Blinken: Thank you."));
	/* Markdown emphasis */
	assert_string_equal(label_of("**MS. SMITH:** Good afternoon."), "MS. SMITH");
	assert_string_equal(text_of("**MS. SMITH:** Good afternoon."), "Good afternoon.");
	assert_string_equal(label_of("**MS. SMITH**: Good afternoon."), "MS. SMITH");
	assert_string_equal(text_of("**MS. SMITH**: Good afternoon."), "Good afternoon.");
	assert_string_equal(label_of("_Q_: Why?"), "Q");
	assert_string_equal(label_of("__答__：好"), "答");
	assert_string_equal(label_of("* B: a list item"), "* B");  /* a marker and a blank: no emphasis */
	/* press transcripts: a bare Q and blanks */
	assert_string_equal(label_of("Q    Thank you, Karine."), "Q");
	assert_string_equal(text_of("Q    Thank you, Karine."), "Thank you, Karine.");
	assert_string_equal(label_of("Q.  Two questions."), "Q");
	assert_string_equal(label_of("Q\tWhy?"), "Q");
	assert_null(label_of("Q fever is rare"));
	/* no-break spaces (U+00A0), as State Department transcripts pad "Q" */
	assert_string_equal(label_of("Q\xc2\xa0\xc2\xa0Thank you."), "Q");
	assert_string_equal(text_of("Q\xc2\xa0\xc2\xa0Thank you."), "Thank you.");
	assert_string_equal(label_of("Q.\xc2\xa0Why?"), "Q");
	assert_null(label_of("Q\xc2\xa0" "fever"));  /* one blank after a bare Q: a word */
	/* shape alone makes a candidate; being seen twice makes a speaker */
	assert_string_equal(label_of("Quite: so"), "Quite");
}

static void not_candidates(void **state)
{
	(void)state;
	assert_null(label_of("我说，他：好"));      /* sentence punctuation */
	assert_null(label_of("为什么呢？他说：好")); /* ditto */
	assert_null(label_of("10:30 meeting"));      /* a time */
	assert_null(label_of("http://example.org")); /* a URL */
	assert_null(label_of("：no label"));
	assert_null(label_of("这是一个非常非常长的标签名字超过了二十个字符的前缀：不是"));
	assert_null(label_of("one two three four five six: too many words"));
	assert_null(label_of("I said. Then: no"));   /* a full stop after a word */
	assert_null(label_of("@Date: 2022-11-24"));  /* metadata */
	assert_null(label_of("plain line"));
	assert_null(label_of(""));
}

static void discovery(void **state)
{
	(void)state;
	ts_labels *l = ts_labels_new(&langs);
	assert_non_null(l);
	/* full-width and ASCII forms are one speaker: seen twice together */
	assert_int_equal(ts_labels_count(l, "ＣＬＢ", strlen("ＣＬＢ")), 0);
	assert_int_equal(ts_labels_count(l, "CLB", 3), 0);
	assert_int_equal(ts_labels_count(l, "官员", strlen("官员")), 0);
	assert_int_equal(ts_labels_count(l, "官员", strlen("官员")), 0);
	assert_int_equal(ts_labels_count(l, "Once", 4), 0);
	assert_int_equal(ts_labels_count(l, "时间", strlen("时间")), 0);  /* metadata word */
	assert_int_equal(ts_labels_count(l, "时间", strlen("时间")), 0);
	/* the metadata words of every language; in NFKC, with case */
	assert_int_equal(ts_labels_count(l, "Ｓｏｕｒｃｅ", strlen("Ｓｏｕｒｃｅ")), 0);
	assert_int_equal(ts_labels_count(l, "Source", 6), 0);
	assert_int_equal(ts_labels_count(l, "SOURCE", 6), 0);
	assert_int_equal(ts_labels_count(l, "SOURCE", 6), 0);
	assert_int_equal(ts_labels_decide(l), 3);
	long a = ts_labels_lookup(l, "ＣＬＢ", strlen("ＣＬＢ"));
	long b = ts_labels_lookup(l, "CLB", 3);
	assert_true(a >= 0);
	assert_int_equal(a, b);
	assert_string_equal(ts_labels_id(l, a), "CLB");
	assert_true(ts_labels_lookup(l, "官员", strlen("官员")) >= 0);
	assert_int_equal(ts_labels_lookup(l, "Once", 4), -1);
	assert_int_equal(ts_labels_lookup(l, "时间", strlen("时间")), -1);
	assert_int_equal(ts_labels_lookup(l, "Source", 6), -1);
	assert_true(ts_labels_lookup(l, "SOURCE", 6) >= 0);
	assert_int_equal(ts_labels_lookup(l, "Never", 5), -1);
	ts_labels_free(l);
}

static void declared_only(void **state)
{
	(void)state;
	ts_labels *l = ts_labels_new(&langs);
	assert_int_equal(ts_labels_declare(l, "A", 1), 0);
	assert_int_equal(ts_labels_count(l, "A", 1), 0);
	assert_int_equal(ts_labels_count(l, "B", 1), 0);
	assert_int_equal(ts_labels_count(l, "B", 1), 0);
	/* once labels are declared, only they are speakers, even if seen once */
	assert_int_equal(ts_labels_decide(l), 1);
	assert_true(ts_labels_lookup(l, "A", 1) >= 0);
	assert_int_equal(ts_labels_lookup(l, "B", 1), -1);
	ts_labels_free(l);
}

/* Count every line's candidate, as the first pass does. */
static void count_lines(ts_labels *l, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ts_label_cand c;
		long slot;
		assert_true(ts_labels_line(l, tc, lines[i], strlen(lines[i]), 1, &c, &slot) >= 0);
	}
}

/* Bug: ids were found by a linear search, so a file of 60,000 distinct
 * candidates took seven seconds.  They are hashed now; thousands of them
 * must all still be found, in the order they came. */
static void many_candidates(void **state)
{
	(void)state;
	ts_labels *l = ts_labels_new(&langs);
	char name[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "Speaker%d", i);
		assert_int_equal(ts_labels_count(l, name, strlen(name)), 0);
		if (i % 1000 == 7)  /* these five are seen twice */
			assert_int_equal(ts_labels_count(l, name, strlen(name)), 0);
	}
	assert_int_equal(ts_labels_decide(l), 5);
	assert_int_equal(ts_labels_lookup(l, "Speaker7", 8), 0);
	assert_int_equal(ts_labels_lookup(l, "Speaker4007", 11), 4);
	assert_string_equal(ts_labels_id(l, 2), "Speaker2007");
	assert_int_equal(ts_labels_lookup(l, "Speaker8", 8), -1);
	ts_labels_free(l);
}

/* Two first passes over consecutive parts, merged, count as one pass. */
static void merge_parts(void **state)
{
	(void)state;
	static const char *const first[] = {"Ｂ：嗯", "A：你好？", "Once: here", "B：好"};
	static const char *const second[] = {"C：我来说", "A：再见？", "C：对", "Once：too"};
	ts_labels *one = ts_labels_new(&langs), *a = ts_labels_new(&langs), *b = ts_labels_new(&langs);
	count_lines(one, first, 4);
	count_lines(one, second, 4);
	count_lines(a, first, 4);
	count_lines(b, second, 4);
	assert_int_equal(ts_labels_merge(a, b), 0);
	assert_int_equal(ts_labels_decide(one), 4);
	assert_int_equal(ts_labels_decide(a), 4);
	static const char *const names[] = {"B", "A", "Once", "C"};  /* as first met */
	for (long i = 0; i < 4; i++)
		assert_string_equal(ts_labels_id(a, i), ts_labels_id(one, i));
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ts_labels_lookup(a, names[i], strlen(names[i])), (long)i);
	ts_labels *c = ts_labels_clone(a);
	assert_non_null(c);
	assert_int_equal(ts_labels_nspeakers(c), 4);
	assert_string_equal(ts_labels_id(c, 3), "C");
	assert_int_equal(ts_labels_lookup(c, "Ｃ", strlen("Ｃ")), 3);
	ts_labels_free(one);
	ts_labels_free(a);
	ts_labels_free(b);
	ts_labels_free(c);
}

/* "http" is no label before "://", and one pass remembers the first
 * judgement of a prefix: two parts that judged it differently cannot be
 * merged, and the caller counts in one pass. */
static void merge_refuses_disagreement(void **state)
{
	(void)state;
	static const char *const first[] = {"http://example.org", "A：x"};
	static const char *const second[] = {"http: one", "http: two", "A：y"};
	ts_labels *a = ts_labels_new(&langs), *b = ts_labels_new(&langs);
	count_lines(a, first, 2);
	count_lines(b, second, 3);
	assert_int_equal(ts_labels_merge(a, b), 1);
	ts_labels_free(a);
	ts_labels_free(b);
}

/* Candidates whose characters up to the text came counted with them. */
static size_t chars_given;

/* c's characters up to its text, when given, are those of the line's
 * bytes from the label to the text. */
static void check_text_chars(const char *line, const ts_label_cand *c)
{
	size_t want = ts_utf8_len(line + c->start, c->text - c->start);
	if (c->text_chars && c->text_chars != want)
		fail_msg("line '%s': %zu characters up to the text, not %zu", line, c->text_chars,
		         want);
	chars_given += c->text_chars != 0;
}

/* A line judged by l (counting or not) as by a copy of l, whose cache of
 * the last labels is empty. */
static void judge_warm_and_cold(ts_labels *l, const char *line, int count)
{
	ts_labels *cold = ts_labels_clone(l);
	ts_label_cand cw = {0}, cc = {0};
	long sw = -9, sc = -9;
	size_t len = strlen(line);
	int rw = ts_labels_line(l, tc, line, len, count, &cw, &sw);
	int rc = ts_labels_line(cold, tc, line, len, count, &cc, &sc);
	if (rw != rc || sw != sc ||
	    (rw == 1 && (cw.start != cc.start || cw.len != cc.len || cw.text != cc.text)))
		fail_msg("line '%s', counting %d: %d %ld, cold %d %ld", line, count, rw, sw, rc, sc);
	if (rw == 1) {
		check_text_chars(line, &cw);
		check_text_chars(line, &cc);
	}
	ts_labels_free(cold);
}

/* The last labels are matched before any colon is looked for: the result
 * must be what the full judgement gives, line by line.  Each line is
 * judged with the cache warm (after the lines before) and cold (a copy of
 * the labels, whose cache is empty). */
static void cache_agrees_with_full_judgement(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"A：你好", "B: hi", "A：", "A:：x", "A :x", "AB：不是A", "A：：双", "A,：no", "A:x:y",
		"Ａ：全角", "  A：缩进", "A\xe4：bad", "Q    press", "A：好", "B:  two", "A:",
	};
	size_t n = sizeof lines / sizeof *lines;
	ts_labels *l = ts_labels_new(&langs);
	count_lines(l, lines, n);
	count_lines(l, lines, n);
	ts_labels_decide(l);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < n; i++)
			judge_warm_and_cold(l, lines[i], 0);
	ts_labels_free(l);
}

/* The same, on random lines of labels of 1 to 48 bytes (the cache tells
 * them apart by their first and last eight bytes, and past 16 bytes by
 * all, in windows of sixteen: two, three past 32 bytes), of near misses
 * (a byte changed anywhere in the label, one byte less or more), with
 * either colon, after blanks, and short lines (fewer than eight bytes
 * from the label on), in calls of two speakers and of three (the cache
 * looks first where the label of the line before last was found):
 * counted, then looked up, each line with the cache warm and cold. */
static void cache_agrees_on_random_lines(void **state)
{
	(void)state;
	static const char *const names[] = {
		"A", "Bo", "Ann", "Jo Li", "REPORTER", "OFFICIAL", "ＣＬＢ", "MS. SMITH", "Dr. Watson",
		"惠州市白云区总工会", "深圳市白云区总工会", "SECRETARY BLINKEN", "THE PRESS SECRETARY",
		"惠州市白云区总工会办公室主任", "ＣＬＢ调查员", "惠州市白云区总工会办公室副主任甲",
		"THE DEPUTY PRESS SECRETARY OF STATE",
	};
	size_t nnames = sizeof names / sizeof *names;
	unsigned seed = 99;
	static char lines[3000][96];
	size_t n = sizeof lines / sizeof *lines, pair[3] = {0, 1, 2}, speakers = 2;
	for (size_t i = 0; i < n; i++) {
		/* calls of two or three speakers, as the cache is warmed */
		if (i % 24 == 0) {
			for (int k = 0; k < 3; k++)
				pair[k] = (size_t)rand_r(&seed) % nnames;
			speakers = 2 + (size_t)rand_r(&seed) % 2;
		}
		char name[64];
		snprintf(name, sizeof name, "%s", names[pair[i % speakers]]);
		size_t len = strlen(name);
		int how = rand_r(&seed) % 8;
		if (how < 3) {
			/* a byte changed: the first, the last, or any */
			size_t at = how == 0 ? 0 : how == 1 ? len - 1 : (size_t)rand_r(&seed) % len;
			name[at] = (char)(name[at] ^ (1 + rand_r(&seed) % 3));
		} else if (how == 3 && len > 1) {
			name[len - 1] = '\0';
		} else if (how == 4) {
			name[len] = 'x';
			name[len + 1] = '\0';
		}
		/* the text after no blank, one, two, or the ideographic space */
		static const char *const texts[] = {" well, yes", "", "好的", "  two", "\xe3\x80\x80全角",
		                                    " \xe3\x80\x80x", "\t\ty"};
		snprintf(lines[i], sizeof lines[i], "%s%s%s%s", rand_r(&seed) % 8 ? "" : "  ", name,
		         rand_r(&seed) % 2 ? ":" : "：",
		         texts[(size_t)rand_r(&seed) % (sizeof texts / sizeof *texts)]);
	}
	ts_labels *l = ts_labels_new(&langs);
	for (size_t i = 0; i < n; i++)
		judge_warm_and_cold(l, lines[i], 1);
	assert_true(ts_labels_decide(l) > 5);
	chars_given = 0;
	for (size_t i = 0; i < n; i++)
		judge_warm_and_cold(l, lines[i], 0);
	assert_true(chars_given > 500);  /* the cache answered many lines */
	ts_labels_free(l);
}

/* A line that starts with a kept name and its colon gets the candidate
 * the full judgement gives it, line by line: names kept from the lines
 * before, then each line looked up and judged in full.  Names that start
 * with a blank, '*', '_' or Q are never kept (the judgement reads those
 * otherwise), nor one without a colon right after it. */
static void recent_agrees_with_full_judgement(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"Bob: hi", "Bob://x.org", "Bob:// spaced", "Bob:/ one slash", "Bobby: more", "Bob:",
		"Bob:  two", "MS. SMITH: yes", "MS. SMITH:", "**MS. SMITH:** bold", "Q: asked",
		"  Bob: indented", "Bob : spaced colon", "Bob：full width", "Note: meta", "A:",
		"A:x", "Ann: a", "Ben: b", "Cy: c", "Di: d", "Bob: again",
	};
	size_t n = sizeof lines / sizeof *lines;
	ts_label_recent r = {0};
	int hits = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		ts_label_cand cr = {0}, cf = {0};
		int rr = ts_label_recent_find(&r, lines[i], len, &cr);
		int rf = ts_label_candidate(tc, &langs, lines[i], len, &cf);
		if (rr) {
			hits++;
			assert_int_equal(rf, 1);
			assert_int_equal(cr.start, cf.start);
			assert_int_equal(cr.len, cf.len);
			assert_int_equal(cr.text, cf.text);
		}
		if (!rr && rf)  /* as a reader keeps them: the names judged in full */
			ts_label_recent_keep(&r, lines[i], len, &cf);
		/* the last "Bob:" comes after four other names pushed Bob out */
		assert_true(i + 1 < n || !rr);
	}
	/* "Bob:/ one slash", "Bob:", "Bob:  two", "MS. SMITH:" and "A:x":
	 * not the URLs, nor "Bobby", nor a line that starts otherwise than
	 * with the name (blanks, emphasis), nor "Bob :" or "Bob：" */
	assert_int_equal(hits, 5);
	for (unsigned k = 0; k < TS_LABEL_RECENT; k++)
		assert_true(!r.v[k].len || (r.v[k].bytes[0] != 'Q' && r.v[k].bytes[0] != '*'));
}

/* ts_label_colon_at by its definition: from character to character (as
 * many bytes as the lead byte says), the first colon, unless sentence
 * punctuation comes first. */
static size_t colon_by_char(const unsigned char *s, size_t n, size_t lim)
{
	static const char *const stops[] = {",", ";", "?", "!", "\"", "，", "？", "！", "；", "。", "、"};
	for (size_t i = 0; i < lim && i < n;
	     i += s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : s[i] >= 0xC0 ? 2 : 1) {
		const char *at = (const char *)s + i;
		if (ts_starts(at, n - i, ":") || ts_starts(at, n - i, "："))
			return i + 1;
		for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
			if (ts_starts(at, n - i, stops[k]))
				return 0;
	}
	return 0;
}

/* The colon test against that walk on random lines of long runs of
 * ASCII, colons and sentence punctuation of both widths, ideographs,
 * other characters and bytes that are not UTF-8 (where a byte scan and
 * the walk could part: a lead byte takes its next bytes along), every
 * piece of each from its first 17 bytes on at the end of an exact
 * allocation, under limits from 0 to past the end. */
static void colon_as_walked(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"MR. SMITH", "the quick brown fox jumps over the lazy dog ", "a", " ", "  ", "\t",
		"0123456789", ":", ":", ",", ";", "?", "!", "\"", ".", "'", "-", "/", "@", "Q",
		"\xef\xbc\x9a", "\xef\xbc\x8c", "\xef\xbc\x9f", "\xef\xbc\x81", "\xef\xbc\x9b",
		"\xe3\x80\x82", "\xe3\x80\x81", "\xe3\x80\x80", "\xef\xbc\xa3", "\xe4\xbd\xa0\xe5\xa5\xbd",
		"\xc3\xa9", "\xf0\x9f\x98\x80", "\x80", "\xc3", "\xe4", "\xef", "\xef\xbc", "\xf0", "\xff",
	};
	size_t npieces = sizeof pieces / sizeof *pieces;
	unsigned seed = 1234;
	size_t tried = 0, found = 0;
	for (int round = 0; round < 3000; round++) {
		unsigned char text[400];
		size_t len = 0, want = (size_t)rand_r(&seed) % 60;
		/* mostly plain words, as English lines are */
		for (size_t k = 0; k < want; k++) {
			size_t p = rand_r(&seed) % 3 ? (size_t)rand_r(&seed) % 4 : (size_t)rand_r(&seed) % npieces;
			size_t m = strlen(pieces[p]);
			if (len + m > sizeof text)
				break;
			memcpy(text + len, pieces[p], m);
			len += m;
		}
		static const size_t lims[] = {0, 1, 5, 15, 16, 17, 31, 40, 96, 160, 400};
		for (size_t a = 0; a <= 17 && a <= len; a++) {
			size_t n = len - a;
			unsigned char *buf = malloc(n + 1);
			assert_non_null(buf);
			memcpy(buf, text + a, n);
			for (size_t l = 0; l < sizeof lims / sizeof *lims; l++) {
				size_t got = ts_label_colon_at(buf, n, lims[l]), exp = colon_by_char(buf, n, lims[l]);
				if (got != exp)
					fail_msg("line %d from %zu, limit %zu: %zu, walked %zu", round, a, lims[l], got,
					         exp);
				tried++;
				found += exp != 0;
			}
			free(buf);
		}
	}
	assert_true(tried > 100000 && found > 10000);
}

/* A declared label longer than the colon search of a counting pass that
 * has not seen it declared yet. */
static const char long_name[] =
	"THE PRINCIPAL DEPUTY PRESS SECRETARY OF THE UNITED STATES OF AMERICA AND ITS "
	"TERRITORIES OVERSEAS AND AT HOME AND ABROAD AND IN THE AIR AND AT SEA AND ON LAND "
	"AND UNDER THE SEA";

/* Lines of labels (some recurring, some once, some declared), near misses,
 * "Q" lines, colons far past blanks or text, URLs, emphasis, sentence
 * punctuation, bytes that are not UTF-8 and trailing blanks and CRs. */
static size_t note_line(char *s, size_t cap, uint64_t *seed)
{
	static const char *const heads[] = {
		"REPORTER", "OFFICIAL", "ＣＬＢ", "惠州市白云区总工会", "MS. SMITH", "Dr. Li", "Bob",
		"Q", "Q.", "  ", "\t", "\xe3\x80\x80", "**", "http", "A", "Note", "SECRETARY OF STATE",
		"Once", "\xff", "@", "", long_name,
	};
	static const char *const names[] = {"REPORTER", "OFFICIAL", "ＣＬＢ", "惠州市白云区总工会"};
	static const char *const colons[] = {":", "：", " :", "：  "};
	static const char *const rest[] = {
		":", "：", " ", "  ", "          ", ":", " well, yes", "好的", "，", "。", ",", "?",
		"//x.org", "**", "\xe4", "\r", "\xe3\x80\x80", "text", "10:30", "说：", "Bob:",
		"                                ",
	};
	size_t len = 0;
	if (test_random(seed) % 2) {
		len = test_pieces(s, cap, names, sizeof names / sizeof *names, 1, seed);
		len += test_pieces(s + len, cap - len, colons, sizeof colons / sizeof *colons, 1, seed);
	} else {
		len = test_pieces(s, cap, heads, sizeof heads / sizeof *heads,
		                  1 + (int)(test_random(seed) % 2), seed);
	}
	len += test_pieces(s + len, cap - len, rest, sizeof rest / sizeof *rest,
	                   (int)(test_random(seed) % 6), seed);
	return len;
}

/* The reading pass's judgement of a line taken from the counting pass's
 * note is the judgement in full (ts_labels_line not counting, on the line
 * without trailing blanks), on random transcripts: each line counted with
 * its note as by ts_labels_line (a twin table counted so must decide the
 * same speakers), then, after deciding, looked up both ways. */
static void notes_agree_with_judgement(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	size_t noted = 0, none = 0, held = 0;
	for (int round = 0; round < 60; round++) {
		enum { LINES = 400 };
		static char lines[LINES][512];
		static size_t lens[LINES];
		int32_t notes[LINES];
		ts_labels *l = ts_labels_new(&langs), *twin = ts_labels_new(&langs);
		/* a label declared on the way may widen the search for colons */
		size_t declare_at = round % 3 ? LINES : (size_t)(test_random(&seed) % LINES);
		for (size_t i = 0; i < LINES; i++) {
			if (i == declare_at) {
				assert_int_equal(ts_labels_declare(l, long_name, strlen(long_name)), 0);
				assert_int_equal(ts_labels_declare(twin, long_name, strlen(long_name)), 0);
			}
			lens[i] = note_line(lines[i], sizeof lines[i] - 1, &seed);
			lines[i][lens[i]] = '\0';
			ts_label_cand ct;
			long slot;
			size_t a = ts_skip_blanks(lines[i], lens[i]);
			notes[i] = TS_LABEL_UNNOTED;
			if (a == lens[i] || lines[i][a] == '@')
				continue;  /* as the counting pass leaves them */
			int got = ts_labels_count_line(l, tc, lines[i], lens[i], a, &notes[i]);
			int gott = ts_labels_line(twin, tc, lines[i], lens[i], 1, &ct, &slot);
			assert_int_equal(got, gott);
		}
		int hold = ts_labels_notes_hold(l);
		held += hold;
		size_t ns = ts_labels_decide(l), nents;
		ts_label_entry *ents = ts_labels_entries(l, &nents);
		assert_non_null(ents);
		assert_int_equal(ns, ts_labels_decide(twin));
		for (size_t k = 0; k < ns; k++)
			assert_string_equal(ts_labels_id(l, (long)k), ts_labels_id(twin, (long)k));
		for (size_t i = 0; i < LINES; i++) {
			const char *line = lines[i];
			size_t a = ts_skip_blanks(line, lens[i]), e = ts_trim_end(line, lens[i]);
			if (a >= e)
				continue;
			ts_label_cand cf = {0}, cn = {0};
			long sf = -9, sn = -9;
			assert_true(ts_labels_line(twin, tc, line, e, 0, &cf, &sf) >= 0);
			if (notes[i] == TS_LABEL_NOTED_NONE) {
				if (!hold)
					continue;
				none++;
				if (sf >= 0)
					fail_msg("line %zu '%s': noted no label, judged speaker %ld", i, line, sf);
				continue;
			}
			if (ts_labels_noted(ents, nents, notes[i], line, a, e, &cn, &sn) < 0)
				continue;
			noted++;
			if (sn != sf || (sf >= 0 && (cn.start != cf.start || cn.len != cf.len ||
			                             cn.text != cf.text)))
				fail_msg("line %zu '%s': noted %ld [%zu,+%zu) text %zu, judged %ld [%zu,+%zu) "
				         "text %zu", i, line, sn, cn.start, cn.len, cn.text, sf, cf.start,
				         cf.len, cf.text);
			if (sn >= 0)
				check_text_chars(line, &cn);
		}
		free(ents);
		ts_labels_free(l);
		ts_labels_free(twin);
	}
	/* the notes answered many lines, of both kinds, and some rounds'
	 * declaration made them not hold */
	assert_true(noted > 3000 && none > 3000 && held > 0 && held < 60);
}

/* A note kept in two bytes (textscan's record of a line, which the
 * reading pass takes as its note) is the note, but an entry too large for
 * them, which is unnoted (judged in full): never the note of no speaker
 * or another entry. */
static void notes_in_two_bytes(void **state)
{
	(void)state;
	for (int32_t note = TS_LABEL_NOTED_NONE; note < 0x30000; note++) {
		int32_t back = ts_labels_note_of16(ts_labels_note16(note));
		if (note < 0xFFFE ? back != note : back != TS_LABEL_UNNOTED)
			fail_msg("note %ld read back as %ld", (long)note, (long)back);
	}
	/* the record's fill (note_to in textscan.c): every byte 0xFF */
	uint16_t fill;
	memset(&fill, 0xFF, sizeof fill);
	assert_int_equal(ts_labels_note_of16(fill), TS_LABEL_UNNOTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(candidates),
		cmocka_unit_test(not_candidates),
		cmocka_unit_test(discovery),
		cmocka_unit_test(declared_only),
		cmocka_unit_test(many_candidates),
		cmocka_unit_test(merge_parts),
		cmocka_unit_test(merge_refuses_disagreement),
		cmocka_unit_test(cache_agrees_with_full_judgement),
		cmocka_unit_test(cache_agrees_on_random_lines),
		cmocka_unit_test(recent_agrees_with_full_judgement),
		cmocka_unit_test(colon_as_walked),
		cmocka_unit_test(notes_agree_with_judgement),
		cmocka_unit_test(notes_in_two_bytes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
