/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/rmodel.h"
#include "base/decimal.h"

static const char *tiny =
	"talkstat-reply-model 1\n"
	"language en\n"
	"hash-bits 8\n"
	"labels clear_reply ambivalent\n"
	"temperature 1.0000\n"
	"about a test\n"
	"about of two lines\n"
	"cv-folds 0\n"
	"cv-pairs 0\n"
	"cv-groups 0\n"
	"weights 2\n"
	"bias 0 1\n"
	"opens_yes_no 3 0\n"
	"end\n";

/* The text of tiny with its first `from` replaced by `to`. */
static void tiny_with(const char *from, const char *to, char *text, size_t cap)
{
	const char *at = strstr(tiny, from);
	assert_non_null(at);
	snprintf(text, cap, "%.*s%s%s", (int)(at - tiny), tiny, to, at + strlen(from));
}

/* m read from tiny with its first `from` replaced by `to`. */
static void parse_tiny_with(ts_rmodel *m, const char *from, const char *to)
{
	char text[512];
	ts_error err = {0};
	tiny_with(from, to, text, sizeof text);
	assert_int_equal(ts_rmodel_parse(m, "tiny", text, strlen(text), &err), 0);
}

static void parse_predict_write(void **state)
{
	(void)state;
	ts_rmodel m;
	ts_error err = {0};
	assert_int_equal(ts_rmodel_parse(&m, "tiny", tiny, strlen(tiny), &err), 0);
	assert_int_equal(m.nlabels, 2);
	assert_int_equal(m.kind, TS_RM_CLARITY);
	assert_string_equal(m.about.ptr, "a test\nof two lines");
	/* bias 1 and opens_yes_no 1: scores 0 + 3 = 3 and 1 + 0 = 1; at
	 * temperature 1, p(clear_reply) = e^3 / (e^3 + e^1) = 1 / (1 + e^-2)
	 * = 0.880797 */
	ts_rfvec v = {0};
	ts_rfent e[] = {{TS_RF_BIAS, 1, 0, 0, TS_RFK_NAMED}, {TS_RF_YES_NO, 1, 0, 0, TS_RFK_NAMED}};
	v.v = e;
	v.n = 2;
	ts_rpred p;
	ts_rmodel_predict(&m, &v, &p);
	assert_int_equal(p.clarity, TS_C_CLEAR_REPLY);
	assert_int_equal(p.label, 0);
	assert_true(fabs(p.confidence - 0.880797) < 1e-6);
	char why[160];
	ts_rmodel_why(&m, &v, &p, 3, why, sizeof why);
	assert_string_equal(why, "model: clear_reply 0.88 (clear_reply 0.88); opens_yes_no");
	/* in 50 bytes: the 44 up to "; " and 5 of the name, and the NUL */
	ts_rmodel_why(&m, &v, &p, 3, why, 50);
	assert_string_equal(why, "model: clear_reply 0.88 (clear_reply 0.88); opens");
	/* written, it reads back the same */
	ts_buf b = {0};
	assert_int_equal(ts_rmodel_write(&m, &b), 0);
	assert_string_equal(b.ptr, tiny);
	ts_buf_free(&b);
	ts_rmodel_free(&m);
}

/* The probabilities in `why` are printf's "%.2f" of them, found without
 * printf but near a half hundredth. */
static void why_probabilities(void **state)
{
	(void)state;
	ts_rmodel m;
	ts_error err = {0};
	assert_int_equal(ts_rmodel_parse(&m, "tiny", tiny, strlen(tiny), &err), 0);
	ts_rfvec v = {0};
	ts_rpred p = {.clarity = TS_C_CLEAR_REPLY, .label = 0};
	/* every thousandth, the halves among them (0.125, 0.375: printf rounds
	 * those to even), and values a hair either side of each */
	for (int i = 0; i <= 1000; i++) {
		double base = i / 1000.0, vals[] = {base, nextafter(base, 0), nextafter(base, 1),
		                                    base + 1e-10, base - 1e-10};
		for (size_t j = 0; j < sizeof vals / sizeof *vals; j++) {
			double x = vals[j];
			if (x < 0 || x > 1)
				continue;
			p.p[0] = x;
			p.confidence = 1 - x;
			char why[160], want[160];
			ts_rmodel_why(&m, &v, &p, 3, why, sizeof why);
			snprintf(want, sizeof want, "model: clear_reply %.2f (clear_reply %.2f)", x, 1 - x);
			if (strcmp(why, want))
				fail_msg("%.17g: '%s', want '%s'", x, why, want);
		}
	}
	ts_rmodel_free(&m);
}

/* A model whose every hashed feature weighs for clear_reply, in m. */
static void hashed_model(ts_rmodel *m)
{
	ts_buf text = {0};
	const char *end = strstr(tiny, "weights 2");
	assert_int_equal(ts_buf_append(&text, tiny, (size_t)(end - tiny)), 0);
	assert_int_equal(ts_buf_printf(&text, "weights %d\nbias 0 1\n", 1 + 256), 0);
	for (int h = 0; h < 256; h++)
		assert_int_equal(ts_buf_printf(&text, "h:%d 1 0\n", h), 0);
	assert_int_equal(ts_buf_printf(&text, "end\n"), 0);
	ts_error err = {0};
	if (ts_rmodel_parse(m, "cut", text.ptr, text.len, &err)) {
		char msg[512];
		ts_error_format(&err, msg, sizeof msg);
		fail_msg("%s", msg);
	}
	ts_buf_free(&text);
}

/* Hashed features' names whole, each with its kind's word, where `why`
 * has room for all (written straight) and, with one byte less, the same
 * cut before the last quote. */
static void why_hashed_names(void **state)
{
	(void)state;
	ts_rmodel m;
	hashed_model(&m);
	/* the words weigh 3, 2 and 1 */
	char words[] = "why not us w";
	ts_rfent e[] = {{TS_RF_NAMED + 1, 3, 0, 3, TS_RFK_QSTART}, {TS_RF_NAMED + 2, 2, 4, 3, TS_RFK_WORD},
	                {TS_RF_NAMED + 3, 1, 8, 4, TS_RFK_CHARS}};
	ts_rfvec v = {.v = e, .n = 3, .text = {words, sizeof words - 1, sizeof words}};
	ts_rpred p;
	ts_rmodel_predict(&m, &v, &p);
	const char *want = "model: clear_reply 1.00 (clear_reply 1.00); asked, opens 'why', 'not', chars 'us w'";
	size_t n = strlen(want);
	char why[160];
	ts_rmodel_why(&m, &v, &p, 3, why, n + 1);
	assert_string_equal(why, want);
	ts_rmodel_why(&m, &v, &p, 3, why, n);
	assert_int_equal(strlen(why), n - 1);
	assert_memory_equal(why, want, n - 1);
	ts_rmodel_free(&m);
}

/* A hashed feature's text is cut to whole characters: at 95 bytes in its
 * name, and where `why` is full (a bug: both cuts split a character of
 * three bytes). */
static void why_cut_whole_characters(void **state)
{
	(void)state;
	ts_rmodel m;
	hashed_model(&m);
	/* three words of 40 ideographs (120 bytes) each, weighing 3, 2 and 1 */
	char words[360];
	for (int i = 0; i < 120; i++)
		memcpy(words + 3 * i, "\xE5\x95\x8F", 3);   /* U+554F */
	ts_rfvec v = {.text = {words, sizeof words, sizeof words}};
	ts_rfent e[] = {{TS_RF_NAMED + 1, 3, 0, 120, TS_RFK_WORD},
	                {TS_RF_NAMED + 2, 2, 120, 120, TS_RFK_BIGRAM},
	                {TS_RF_NAMED + 3, 1, 240, 120, TS_RFK_CHARS}};
	v.v = e;
	v.n = 3;
	ts_rpred p;
	ts_rmodel_predict(&m, &v, &p);
	assert_int_equal(p.label, 0);
	char why[160];
	ts_rmodel_why(&m, &v, &p, 3, why, sizeof why);
	/* the first name: a quote and 31 ideographs (94 bytes; a 32nd would
	 * end at byte 97), no closing quote */
	char want[160] = "model: clear_reply 1.00 (clear_reply 1.00); '";
	size_t n = strlen(want);
	for (int i = 0; i < 31; i++, n += 3)
		memcpy(want + n, "\xE5\x95\x8F", 3);
	/* then ", '" and the ideographs that fit whole before byte 159 */
	memcpy(want + n, ", '", 3);
	n += 3;
	while (n + 3 <= 159) {
		memcpy(want + n, "\xE5\x95\x8F", 3);
		n += 3;
	}
	want[n] = '\0';
	assert_string_equal(why, want);
	ts_rmodel_free(&m);
}

/* The model's weights for feature rows[i] (a named feature or "h:N"),
 * label j: a spread of values of four digits, none exact in binary. */
static double weight_of(size_t i, size_t j)
{
	return (double)((int)((i * 37 + j * 11) % 23) - 11) / 7.0;
}

/* A model of the first k of the nine evasion labels, hash-bits 8, with
 * the rows given, written as talkstat-train writes weights ("%.4g"). */
static void model_of(ts_rmodel *m, size_t k, const char *const *rows, size_t nrows)
{
	static const char *const names[] = {"explicit", "implicit", "dodging", "deflection", "partial",
	                                    "general", "declining", "claims_ignorance", "clarification"};
	ts_buf text = {0};
	assert_int_equal(ts_buf_printf(&text, "talkstat-reply-model 1\nlanguage en\nhash-bits 8\nlabels"), 0);
	for (size_t j = 0; j < k; j++)
		assert_int_equal(ts_buf_printf(&text, " %s", names[j]), 0);
	assert_int_equal(ts_buf_printf(&text, "\ntemperature 1.5\ncv-folds 0\ncv-pairs 0\ncv-groups 0\n"
	                                      "weights %zu\n", nrows), 0);
	for (size_t i = 0; i < nrows; i++) {
		assert_int_equal(ts_buf_printf(&text, "%s", rows[i]), 0);
		for (size_t j = 0; j < k; j++)
			assert_int_equal(ts_buf_printf(&text, " %.4g", weight_of(i, j)), 0);
		assert_int_equal(ts_buf_printf(&text, "\n"), 0);
	}
	assert_int_equal(ts_buf_printf(&text, "end\n"), 0);
	ts_error err = {0};
	assert_int_equal(ts_rmodel_parse(m, "nine", text.ptr, text.len, &err), 0);
	ts_buf_free(&text);
}

/* The nine labels of the built-in model have a loop of their own (rows
 * of ten, two labels a register): its scores are the plain sums, feature
 * after feature in the vector's order, to the bit, as are those of the
 * general loop (eight labels); a feature the model has no row for (hashed
 * into more bits than its own) weighs nothing. */
static void nine_labels(void **state)
{
	(void)state;
	/* the bias, opens_yes_no and 40 hashed features, values of many bits
	 * (in another order, a sum differs in its last bits) */
	enum { HASHED = 40, ROWS = 2 + HASHED };
	char names[ROWS][16];
	const char *rows[ROWS];
	ts_rfent e[ROWS + 1];
	for (size_t i = 0; i < ROWS; i++) {
		uint32_t index = i == 0 ? TS_RF_BIAS : i == 1 ? TS_RF_YES_NO : TS_RF_NAMED + 6 * (uint32_t)(i - 2);
		if (i < 2)
			snprintf(names[i], sizeof names[i], "%s", ts_rf_names[index]);
		else
			snprintf(names[i], sizeof names[i], "h:%u", index - TS_RF_NAMED);
		rows[i] = names[i];
		e[i] = (ts_rfent){index, i == 0 ? 1 : 0.3f + 0.173f * (float)i, 0, 0, TS_RFK_WORD};
	}
	e[ROWS] = (ts_rfent){TS_RF_NAMED + 256, 9, 0, 0, TS_RFK_WORD};
	ts_rfvec v = {.v = e, .n = ROWS + 1};
	for (size_t k = 8; k <= 9; k++) {
		ts_rmodel m;
		model_of(&m, k, rows, ROWS);
		ts_rpred p;
		ts_rmodel_predict(&m, &v, &p);
		for (size_t j = 0; j < k; j++) {
			/* the weights as the file has them: "%.4g" read back as floats */
			double want = 0;
			for (size_t i = 0; i < ROWS; i++) {
				char w[32];
				snprintf(w, sizeof w, "%.4g", weight_of(i, j));
				want += (double)(float)strtod(w, NULL) * e[i].value;
			}
			if (memcmp(&want, &p.score[j], sizeof want))
				fail_msg("%zu labels, label %zu: %.17g, want %.17g", k, j, p.score[j], want);
		}
		ts_rmodel_free(&m);
	}
}

/* `why` passes over the bias (it weighs for every pair alike), even
 * where it weighs most, and a feature the model has no row for. */
static void why_features(void **state)
{
	(void)state;
	ts_rmodel m;
	parse_tiny_with(&m, "bias 0 1", "bias 5 0");
	ts_rfent e[] = {{TS_RF_BIAS, 1, 0, 0, TS_RFK_NAMED},
	                {TS_RF_YES_NO, 1, 0, 0, TS_RFK_NAMED},
	                {TS_RF_NAMED + 256, 1, 0, 0, TS_RFK_WORD}};
	ts_rfvec v = {.v = e, .n = 3};
	ts_rpred p;
	ts_rmodel_predict(&m, &v, &p);
	/* scores 5 + 3 = 8 and 0: p(clear_reply) = 1 / (1 + e^-8) = 0.99966 */
	assert_true(p.score[0] == 8 && p.score[1] == 0);
	char why[160];
	ts_rmodel_why(&m, &v, &p, 3, why, sizeof why);
	assert_string_equal(why, "model: clear_reply 1.00 (clear_reply 1.00); opens_yes_no");
	ts_rmodel_free(&m);
}

/* Each label's CLARITY class (rmodel.c has the table of its own): the
 * taxonomy of Thomas et al. (EMNLP 2024), an explicit reply clear, the
 * five kinds of evasion between ambivalent, the last three non-replies. */
static void label_classes(void **state)
{
	(void)state;
	static const ts_clarity want[] = {TS_C_CLEAR_REPLY, TS_C_AMBIVALENT, TS_C_AMBIVALENT,
	                                  TS_C_AMBIVALENT,  TS_C_AMBIVALENT, TS_C_AMBIVALENT,
	                                  TS_C_CLEAR_NON_REPLY, TS_C_CLEAR_NON_REPLY, TS_C_CLEAR_NON_REPLY};
	static const char *const rows[] = {"bias"};
	ts_rmodel m;
	model_of(&m, 9, rows, 1);
	for (size_t j = 0; j < 9; j++)
		assert_int_equal(ts_rmodel_label_clarity(&m, j), want[j]);
	ts_rmodel_free(&m);
	/* a model of the three classes: each label is its class */
	assert_int_equal(ts_rmodel_parse(&m, "tiny", tiny, strlen(tiny), &(ts_error){0}), 0);
	assert_int_equal(ts_rmodel_label_clarity(&m, 0), TS_C_CLEAR_REPLY);
	assert_int_equal(ts_rmodel_label_clarity(&m, 1), TS_C_AMBIVALENT);
	ts_rmodel_free(&m);
}

/* A hashed feature's row is h: and its number, leading zeros and all. */
static void hashed_rows(void **state)
{
	(void)state;
	ts_rmodel m;
	parse_tiny_with(&m, "opens_yes_no", "h:0042");
	/* the row "h:0042 3 0" is feature TS_RF_NAMED + 42, and h:255 the last */
	assert_true(m.w[(TS_RF_NAMED + 42) * 2] == 3);
	ts_rmodel_free(&m);
	parse_tiny_with(&m, "opens_yes_no", "h:255");
	assert_true(m.w[(TS_RF_NAMED + 255) * 2] == 3 && ts_rmodel_features(&m) == TS_RF_NAMED + 256);
	ts_rmodel_free(&m);
}

/* Errors name the place: file:line:col. */
static void expect_error(const char *from, const char *to, const char *want)
{
	char text[1024];
	tiny_with(from, to, text, sizeof text);
	ts_rmodel m;
	ts_error err = {0};
	assert_int_equal(ts_rmodel_parse(&m, "x.model", text, strlen(text), &err), TS_EINPUT);
	char msg[1200];
	ts_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, want);
	ts_rmodel_free(&m);
}

static void errors(void **state)
{
	(void)state;
	expect_error("talkstat-reply-model 1", "{\"calls\": []}",
	             "x.model:1:1: not a talkstat reply model (it starts with 'talkstat-reply-model')");
	expect_error("model 1", "model 2", "x.model:1:22: model version 2 not known (this talkstat reads version 1)");
	expect_error("ambivalent\n", "fuzzy\n", "x.model:4:20: unknown label: 'fuzzy'");
	expect_error("ambivalent\n", "dodging\n", "x.model:4:20: evasion and CLARITY labels mixed: 'dodging'");
	expect_error("temperature 1.0000", "temperature x1", "x.model:5:13: not a valid number here: 'x1'");
	expect_error("hash-bits 8", "hash-bits 40", "x.model:3:11: not a valid number here: '40'");
	expect_error("opens_yes_no", "opens_maybe", "x.model:13:1: unknown feature: 'opens_maybe'");
	/* a hashed feature is h: and digits, their number below 2^8 here */
	static const char *const hashed[] = {"h:256", "h:99999999999999999999999", "h:-1", "h:+1",
	                                     "h:0x1", "h:1x", "h:"};
	for (size_t i = 0; i < sizeof hashed / sizeof *hashed; i++) {
		char want[128];
		snprintf(want, sizeof want, "x.model:13:1: unknown feature: '%s'", hashed[i]);
		expect_error("opens_yes_no", hashed[i], want);
	}
	expect_error("opens_yes_no 3 0", "opens_yes_no 3", "x.model:13:15: a number expected");
	expect_error("end\n", "", "x.model:14:1: the model ends early: 'end' expected");
	expect_error("weights 2", "weights 3", "x.model:14:1: unknown feature: 'end'");
	expect_error("end\n", "end\nmore\n", "x.model:15:1: text after 'end': 'more'");
	expect_error("cv-pairs", "cv-pears", "x.model:9:1: 'cv-pairs' expected, not 'cv-pears'");
	expect_error("language en", "language en\xff", "x.model:2:12: invalid UTF-8 byte 0xFF");
	/* numbers read without strtod are checked all the same */
	expect_error("hash-bits 8", "hash-bits 7", "x.model:3:11: not a valid number here: '7'");
	expect_error("hash-bits 8", "hash-bits 8.5", "x.model:3:11: not a valid number here: '8.5'");
	expect_error("hash-bits 8", "hash-bits 8e0x", "x.model:3:11: not a valid number here: '8e0x'");
	expect_error("opens_yes_no 3 0", "opens_yes_no 3 -2e6", "x.model:13:16: not a valid number here: '-2e6'");
}

/* The decimal reader gives strtod's double, to the bit, or leaves the
 * number to strtod. */
static void same_as_strtod(const char *s)
{
	double x = 0, y = strtod(s, NULL);
	if (ts_decimal_fast(s, strlen(s), &x) && memcmp(&x, &y, sizeof x))
		fail_msg("'%s': %.17g, strtod %.17g", s, x, y);
}

static void decimal(void **state)
{
	(void)state;
	double x;
	static const char *const fast[] = {"0", "-0", "7", "3448", "0.5", "0.1", "-1.234e-05", "1.0001",
	                                   "123456789012345", "0.000123456789012345", "9.999e+22",
	                                   "1e-22", "-4.2E3", "0.3", "2.675"};
	for (size_t i = 0; i < sizeof fast / sizeof *fast; i++) {
		if (!ts_decimal_fast(fast[i], strlen(fast[i]), &x))
			fail_msg("'%s' left to strtod", fast[i]);
		same_as_strtod(fast[i]);
	}
	assert_true(ts_decimal_fast("-0", 2, &x) && x == 0 && signbit(x));
	/* beyond exact doubles, or not this plain form: strtod's */
	static const char *const slow[] = {"1234567890123456", "9007199254740993", "1e23", "1e-23",
	                                   "5e-324", "+1", "1.", ".5", "1e", "1e+", "-", "", "inf",
	                                   "nan", "0x10", " 1", "1 ", "1e00001", "1,5"};
	for (size_t i = 0; i < sizeof slow / sizeof *slow; i++)
		if (ts_decimal_fast(slow[i], strlen(slow[i]), &x))
			fail_msg("'%s' read without strtod", slow[i]);
	/* every number of the built-in model */
	char path[1024];
	const char *dd = getenv("TALKSTAT_DATADIR");
	snprintf(path, sizeof path, "%s/models/en.model", dd ? dd : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	char word[128];
	size_t numbers = 0, fast_read = 0;
	while (fscanf(f, "%127s", word) == 1) {
		char *end;
		(void)strtod(word, &end);
		if (*end || end == word)
			continue;
		numbers++;
		fast_read += ts_decimal_fast(word, strlen(word), &x) == 1;
		same_as_strtod(word);
	}
	fclose(f);
	/* the weights are "%.4g": all of them within the fast path */
	assert_true(numbers > 10000);
	assert_int_equal(fast_read, numbers);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_predict_write),
		cmocka_unit_test(why_probabilities),
		cmocka_unit_test(why_cut_whole_characters),
		cmocka_unit_test(why_hashed_names),
		cmocka_unit_test(nine_labels),
		cmocka_unit_test(why_features),
		cmocka_unit_test(label_classes),
		cmocka_unit_test(hashed_rows),
		cmocka_unit_test(errors),
		cmocka_unit_test(decimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
