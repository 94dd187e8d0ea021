/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <locale.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json_out.h"
#include "helpers.h"

static void number_in(int mode, double x, const char *want)
{
	ts_buf b = {0};
	assert_int_equal(ts_json_number(&b, x, mode), 0);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

static void number(double x, const char *want)
{
	number_in(TS_NUM_FIXED, x, want);
}

static void numbers(void **state)
{
	(void)state;
	number(0, "0");
	number(2, "2");
	number(-3, "-3");
	number(0.5, "0.5");
	number(1.0 / 3, "0.333333");
	number(2.0 / 3, "0.666667");
	number(-0.0000001, "0");  /* no "-0" */
	number(749.2277992277, "749.227799");
	number(1e15, "1000000000000000");
	number(1e20, "100000000000000000000");
	number(NAN, "null");
	number(INFINITY, "null");
}

/* Edges of the fixed mode, worked out by hand: whole numbers below 1e15
 * take the digit-pair path, the others the six-decimal one. */
static void number_edges(void **state)
{
	(void)state;
	number(-0.0, "0");
	number(9, "9");
	number(10, "10");
	number(99, "99");
	number(100, "100");
	number(1000001, "1000001");
	number(123456789012345, "123456789012345");
	number(999999999999999, "999999999999999");
	number(-7, "-7");
	number(-123456, "-123456");
	number(1e-7, "0");            /* 0.1 millionths rounds to 0 */
	number(-1e-7, "0");           /* ... and no "-0" */
	number(0.000001, "0.000001");
	number(0.1 + 0.2, "0.3");     /* 0.30000000000000004 */
	number(1e21, "1000000000000000000000");  /* 2^21 * 5^21, exact */
	/* a tie at the seventh decimal that binary holds exactly (2^-7 =
	 * 0.0078125): half away from zero */
	number(0.0078125, "0.007813");
	number(-0.0078125, "-0.007813");
	number(2.5, "2.5");
	number(-1.5, "-1.5");
	number(0.9999996, "1");       /* rounds up into the whole part */
}

/* Keys are copied as they are checked; one to escape or longer than the
 * writer copies in one piece goes the long way, to the same text. */
static void keys(void **state)
{
	(void)state;
	char longkey[80];
	memset(longkey, 'k', 70);
	longkey[70] = '\0';
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_object(&w, NULL);
	ts_jw_num(&w, "a\"b", 1);
	ts_jw_null(&w, longkey);
	ts_jw_bool(&w, "", 0);
	ts_jw_end(&w, 1);
	assert_false(w.oom);
	char want[160];
	snprintf(want, sizeof want, "{\"a\\\"b\":1,\"%s\":null,\"\":false}", longkey);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

/* Counts: every digit count from 1 to 20. */
static void counts(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_array(&w, NULL);
	const char *want = "[0,1,12,123,1234,12345,123456,1234567,12345678,123456789,1234567891,"
	                   "12345678912,123456789123,1234567891234,12345678912345,123456789123456,"
	                   "1234567891234567,12345678912345678,123456789123456789,"
	                   "1234567891234567891,18446744073709551615]";
	ts_jw_count(&w, NULL, 0);
	unsigned long long v = 0;
	for (int i = 0; i < 19; i++) {
		v = v * 10 + (unsigned long long)(i % 9 + 1);
		ts_jw_count(&w, NULL, v);
	}
	ts_jw_count(&w, NULL, 18446744073709551615ull);
	ts_jw_end(&w, 0);
	assert_false(w.oom);
	assert_string_equal(b.ptr, want);
	ts_buf_free(&b);
}

static void number_modes(void **state)
{
	(void)state;
	/* p-values: six significant digits, small ones not rounded to 0 */
	number_in(TS_NUM_SIG, 3e-12, "3e-12");
	number_in(TS_NUM_SIG, 0.123456789, "0.123457");
	number_in(TS_NUM_SIG, NAN, "null");
	/* partial aggregates: the shortest text that reads back the same */
	number_in(TS_NUM_EXACT, 0.1, "0.1");
	number_in(TS_NUM_EXACT, 1.0 / 3, "0.3333333333333333");
	number_in(TS_NUM_EXACT, 2.0 / 3, "0.6666666666666666");  /* Python repr(2/3) */
	number_in(TS_NUM_EXACT, 29.536679536679536, "29.536679536679536");
	number_in(TS_NUM_EXACT, INFINITY, "null");
	/* a decimal comma locale changes nothing (when the machine has one) */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
		number_in(TS_NUM_SIG, 0.5, "0.5");
		number_in(TS_NUM_EXACT, 0.25, "0.25");
		setlocale(LC_NUMERIC, "C");
	}
}

static void strings_escape(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_str(&w, NULL, "a\"b\\c\n\t\x01 你好");
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\n\\t\\u0001 你好\"");
	ts_buf_free(&b);
}

/* Strings are scanned eight bytes at a time: a byte to escape at each
 * place of a word, and bytes that look close to one (0x20, '!', '#',
 * '[', ']', 0x7F, 0x80 and up) but are not. */
static void strings_escape_words(void **state)
{
	(void)state;
	const char *plain = "abcdefgh ! # [ ] \x7f\xc3\xa9xyz";
	for (size_t at = 0; at < 24; at++) {
		char in[32], want[128];
		memset(in, 'x', 24);
		in[24] = '\0';
		in[at] = at % 3 == 0 ? '"' : at % 3 == 1 ? '\\' : '\x1f';
		const char *esc = at % 3 == 0 ? "\\\"" : at % 3 == 1 ? "\\\\" : "\\u001f";
		snprintf(want, sizeof want, "[\"%.*s%s%s\",\"%s\"]", (int)at, in, esc, in + at + 1, plain);
		ts_buf b = {0};
		ts_jw w;
		ts_jw_init(&w, &b, 0, 0);
		ts_jw_array(&w, NULL);
		ts_jw_str(&w, NULL, in);
		ts_jw_strn(&w, NULL, plain, strlen(plain));
		ts_jw_end(&w, 0);
		assert_false(w.oom);
		assert_string_equal(b.ptr, want);
		ts_buf_free(&b);
	}
}

/* Bytes that are not UTF-8 (a file name, an argument) become U+FFFD, one
 * per byte: the output stays JSON. */
static void strings_not_utf8(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 0, 0);
	ts_jw_array(&w, NULL);
	ts_jw_str_lossy(&w, NULL, "caf\xe9.txt");          /* Latin-1 é */
	ts_jw_str_lossy(&w, NULL, "\xe4\xbd" "a\"");         /* 你 cut short, then a quote */
	ts_jw_str_lossy(&w, NULL, "\xed\xa0\x80");          /* a surrogate: three bytes, none valid */
	ts_jw_str_lossy(&w, NULL, "你好");                  /* UTF-8 as it is */
	ts_jw_end(&w, 0);
	assert_string_equal(b.ptr, "[\"caf\xef\xbf\xbd.txt\",\"\xef\xbf\xbd\xef\xbf\xbd" "a\\\"\","
	                           "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\"你好\"]");
	ts_buf_free(&b);
}

/* A lossy string in a run (a call's source) as the writer writes it,
 * for names made at random of UTF-8, bytes that are not (cut short, a
 * surrogate, a stray byte) and bytes to escape, compact and indented:
 * a name that is UTF-8 takes the string's way, the others each byte's. */
static void run_lossy_as_writer(void **state)
{
	(void)state;
	static const char *const bytes[] = {"a", "/tmp/", "zh5.txt", "你好", "é", "\xe9", "\xe4\xbd",
	                                    "\xed\xa0\x80", "\xff", "\xc0\xaf", "\"", "\\", "\n",
	                                    "\x01", " ", "0123456789abcdef"};
	uint64_t seed = 0x8A5CD789635D2DFFull;
	size_t plain = 0, lossy = 0;
	for (int round = 0; round < 20000; round++) {
		char name[96];
		uint64_t r = test_random(&seed);
		size_t n = test_pieces(name, 80, bytes, sizeof bytes / sizeof *bytes, (int)(r % 10),
		                       &seed);
		name[n] = '\0';
		int pretty = (int)(r >> 8 & 1);
		size_t bad;
		if (ts_utf8_check(name, n, &bad))
			lossy++;
		else
			plain++;
		ts_buf a = {0}, b = {0};
		ts_jw w;
		ts_jw_init(&w, &a, pretty, 0);
		ts_jw_object(&w, NULL);
		ts_jw_str_lossy(&w, "source", name);
		ts_jw_end(&w, 1);
		ts_jw_run run;
		ts_jw_init(&w, &b, pretty, 0);
		ts_jw_object(&w, NULL);
		ts_jw_run_attach(&run, &w);
		ts_jw_run_str_lossy(&run, "source", name);
		ts_jw_run_detach(&run);
		ts_jw_end(&w, 1);
		assert_false(w.oom);
		if (a.len != b.len || memcmp(a.ptr, b.ptr, a.len))
			fail_msg("'%s': run '%.*s', writer '%.*s'", name, (int)b.len, b.ptr, (int)a.len,
			         a.ptr);
		ts_buf_free(&a);
		ts_buf_free(&b);
	}
	assert_true(plain > 1000 && lossy > 1000);
}

static void layout(void **state)
{
	(void)state;
	for (int pretty = 0; pretty < 2; pretty++) {
		ts_buf b = {0};
		ts_jw w;
		ts_jw_init(&w, &b, pretty, 0);
		ts_jw_object(&w, NULL);
		ts_jw_num(&w, "n", 1);
		ts_jw_array(&w, "a");
		ts_jw_bool(&w, NULL, 1);
		ts_jw_null(&w, NULL);
		ts_jw_count(&w, NULL, 18446744073709551615ull);
		ts_jw_end(&w, 0);
		ts_jw_object(&w, "e");
		ts_jw_end(&w, 1);
		ts_jw_raw(&w, "r", "{\"x\":1}", 7);
		ts_jw_num_mode(&w, "p", 3e-12, TS_NUM_SIG);
		ts_jw_end(&w, 1);
		assert_false(w.oom);
		assert_string_equal(b.ptr,
		                    pretty ? "{\n  \"n\": 1,\n  \"a\": [\n    true,\n    null,\n"
		                             "    18446744073709551615\n  ],\n  \"e\": {},\n"
		                             "  \"r\": {\"x\":1},\n  \"p\": 3e-12\n}"
		                           : "{\"n\":1,\"a\":[true,null,18446744073709551615],\"e\":{},"
		                             "\"r\":{\"x\":1},\"p\":3e-12}");
		ts_buf_free(&b);
	}
}

/* The buffer may be written out and emptied between members. */
static void flushed_between_members(void **state)
{
	(void)state;
	ts_buf b = {0}, all = {0};
	ts_jw w;
	ts_jw_init(&w, &b, 1, 0);
	ts_jw_object(&w, NULL);
	ts_jw_array(&w, "calls");
	for (int i = 0; i < 3; i++) {
		ts_jw_raw(&w, NULL, "{}", 2);
		assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
		b.len = 0;
	}
	ts_jw_end(&w, 0);
	ts_jw_end(&w, 1);
	assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
	assert_string_equal(all.ptr, "{\n  \"calls\": [\n    {},\n    {},\n    {}\n  ]\n}");
	ts_buf_free(&b);
	ts_buf_free(&all);
}


/* ---- the fast ways against plain references ---- */

/* TS_NUM_FIXED as it was written with doubles alone (round, floor,
 * llround): the fast way in integers must give the same digits. */
static void ref_fixed(double v, char *out, size_t cap)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "null");
		return;
	}
	if (v >= 0 && v < 1e15 && v == (double)(long long)v) {
		snprintf(out, cap, "%llu", (unsigned long long)v);
		return;
	}
	/* millionths, taken apart again; a carry into the whole part; no -0 */
	double q = round(v * 1e6) / 1e6, ip = floor(fabs(q));
	long long fp = llround((fabs(q) - ip) * 1e6);
	int carry = fp >= 1000000;
	ip += carry;
	fp = carry ? 0 : fp;
	int neg = q < 0 && (ip != 0 || fp != 0);
	int n = snprintf(out, cap, "%s%.0f", neg ? "-" : "", ip);
	/* six digits, the last first, as the old code took them whatever fp
	 * is (llround of NaN when v * 1e6 overflows), trailing zeros dropped */
	char frac[8] = ".";
	for (int i = 6; i > 0; fp /= 10)
		frac[i--] = (char)('0' + fp % 10);
	int len = 7;
	while (len > 1 && frac[len - 1] == '0')
		len--;
	snprintf(out + n, cap - (size_t)n, "%.*s", len > 1 ? len : 0, frac);
}

static void fixed_same(double v)
{
	char want[512];
	ref_fixed(v, want, sizeof want);
	ts_buf b = {0};
	assert_int_equal(ts_json_number(&b, v, TS_NUM_FIXED), 0);
	if (strcmp(b.ptr, want))
		fail_msg("%.17g: got %s, want %s", v, b.ptr, want);
	ts_buf_free(&b);
}

/* A double from the bits of x: a magnitude from 1e-9 to 1e17. */
static double random_double(uint64_t x)
{
	double m = (double)(x >> 11) / 9007199254740992.0;  /* [0, 1) */
	int e = (int)((x >> 3) % 27) - 9;
	double v = m * pow(10, e);
	return x & 1 ? -v : v;
}

/* Random values of every size, the ties at the seventh decimal that
 * binary holds exactly (a multiple of 2^-7), values just either side of
 * them and of whole millionths, and the bounds of each way: 4e9 (the way
 * in integers), 1e15 (whole numbers), 2^53 and 1e18. */
static void fixed_numbers_random(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 200000; i++) {
		uint64_t x = test_random(&seed);
		double v = random_double(x);
		fixed_same(v);
		fixed_same(nextafter(v, 0));
		fixed_same(nextafter(v, INFINITY));
		long long k = (long long)(test_random(&seed) % 20000000000ull) - 10000000000ll;
		fixed_same((double)k / 128);
		fixed_same(((double)k + 0.5) / 1e6);
		fixed_same(nextafter(((double)k + 0.5) / 1e6, 0));
		fixed_same((double)k / 1e6);
		fixed_same((double)k * 1000.5);
	}
	const double edges[] = {0.0, -0.0, 0.5e-6, -0.5e-6, 0.49999999e-6, 1e-6, 0.9999995, 0.99999949,
	                        -0.9999995, 3.9999999999995e9, 4e9, 4e9 + 0.5e-6, 4.0000000000005e9,
	                        -4e9 - 0.25, 4294967295.5, 4294967296.25, 1e15, 1e15 - 0.5, -1e15,
	                        1e15 + 0.5, 9007199254740992.0, 9007199254740993.0, 1e18, -1e18,
	                        1e18 + 4096, 1e300, -1e300, DBL_MIN, -DBL_MIN, DBL_MAX, NAN, INFINITY,
	                        -INFINITY, 0.0078125, -0.0078125, 2.5e-7, 7.5e-7, -7.5e-7};
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
		fixed_same(edges[i]);
}

/* ts_jw_whole_at and ts_jw_long_at (the compact lists' numbers) write
 * what ts_jw_num_at writes of the same value as a double: every number
 * below 1e6 (each length written as pairs of digits, the first cut to
 * one), each power of ten either side, 1e15 (the doubles' way from
 * there) and 2^53 + 1 (not a double), and random ones. */
static void whole_same(unsigned long long u)
{
	char got[512], want[512];
	*ts_jw_whole_at(got, u) = '\0';
	*ts_jw_num_at(want, (double)u) = '\0';
	if (strcmp(got, want))
		fail_msg("%llu: got %s, want %s", u, got, want);
	long v = (long)(u >> 1), w = -v;
	*ts_jw_long_at(got, v) = '\0';
	*ts_jw_num_at(want, (double)v) = '\0';
	if (strcmp(got, want))
		fail_msg("%ld: got %s, want %s", v, got, want);
	*ts_jw_long_at(got, w) = '\0';
	*ts_jw_num_at(want, (double)w) = '\0';
	if (strcmp(got, want))
		fail_msg("%ld: got %s, want %s", w, got, want);
}

/* same() of every number below `below`, each power of ten either side,
 * the largest, and n random ones of every size. */
static void numbers_each(void (*same)(unsigned long long), unsigned long long below, int n,
                         uint64_t seed)
{
	for (unsigned long long u = 0; u < below; u++)
		same(u);
	for (unsigned long long p = 10; p < 10000000000000000000ull; p *= 10) {
		same(p - 1);
		same(p);
		same(p + 1);
	}
	same(18446744073709551615ull);
	for (int i = 0; i < n; i++) {
		uint64_t x = test_random(&seed);
		same(x >> (x % 64));
		same(x % 100000000);
	}
}

static void whole_numbers(void **state)
{
	(void)state;
	whole_same(999999999999999ull);
	whole_same(9007199254740993ull);
	numbers_each(whole_same, 1000000, 100000, 0xD1B54A32D192ED03ull);
}

/* ts_jw_count_at (the digits of a count in lanes below 1e8, a loop from
 * there) writes what printf's %llu does: every number below 1e6 (every
 * pair and four of digits in each place), every power of ten either side
 * and each count of digits filled with 9s, and random ones of every
 * size. */
static void count_same(unsigned long long u)
{
	char got[64], want[64];
	memset(got, 'x', sizeof got);
	*ts_jw_count_at(got, u) = '\0';
	snprintf(want, sizeof want, "%llu", u);
	if (strcmp(got, want))
		fail_msg("%llu: got %s, want %s", u, got, want);
}

static void counts_random(void **state)
{
	(void)state;
	numbers_each(count_same, 1000000, 300000, 0x2545F4914F6CDD1Dull);
}

/* ---- a plain writer to compare with ---- */

typedef struct ref_w {
	ts_buf out;
	int pretty, base, depth, started;
	int count[TS_JW_MAX_DEPTH];
} ref_w;

static void ref_str(ts_buf *o, const char *s, size_t n)
{
	assert_int_equal(ts_buf_append(o, "\"", 1), 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[8];
		switch (c) {
		case '"': strcpy(e, "\\\""); break;
		case '\\': strcpy(e, "\\\\"); break;
		case '\n': strcpy(e, "\\n"); break;
		case '\r': strcpy(e, "\\r"); break;
		case '\t': strcpy(e, "\\t"); break;
		case '\b': strcpy(e, "\\b"); break;
		case '\f': strcpy(e, "\\f"); break;
		default:
			if (c < 0x20)
				snprintf(e, sizeof e, "\\u%04x", c);
			else
				e[0] = (char)c, e[1] = '\0';
		}
		assert_int_equal(ts_buf_append(o, e, strlen(e)), 0);
	}
	assert_int_equal(ts_buf_append(o, "\"", 1), 0);
}

static void ref_member(ref_w *r, const char *key)
{
	if (!r->started) {
		r->started = 1;
		return;
	}
	if (r->count[r->depth])
		assert_int_equal(ts_buf_append(&r->out, ",", 1), 0);
	r->count[r->depth] = 1;
	if (r->pretty) {
		assert_int_equal(ts_buf_append(&r->out, "\n", 1), 0);
		for (int i = 0; i < r->base + r->depth; i++)
			assert_int_equal(ts_buf_append(&r->out, "  ", 2), 0);
	}
	if (key) {
		ref_str(&r->out, key, strlen(key));
		assert_int_equal(ts_buf_append(&r->out, r->pretty ? ": " : ":", r->pretty ? 2 : 1), 0);
	}
}

static void ref_text(ref_w *r, const char *key, const char *text)
{
	ref_member(r, key);
	assert_int_equal(ts_buf_append(&r->out, text, strlen(text)), 0);
}

static void ref_open(ref_w *r, const char *key, const char *brace)
{
	ref_text(r, key, brace);
	r->count[++r->depth] = 0;
}

static void ref_end(ref_w *r, const char *brace)
{
	int had = r->count[r->depth--];
	if (had && r->pretty) {
		assert_int_equal(ts_buf_append(&r->out, "\n", 1), 0);
		for (int i = 0; i < r->base + r->depth; i++)
			assert_int_equal(ts_buf_append(&r->out, "  ", 2), 0);
	}
	assert_int_equal(ts_buf_append(&r->out, brace, 1), 0);
}

/* Pieces of keys and strings: plain ASCII, UTF-8, and each byte that
 * needs an escape. */
static const char *const pieces[] = {"a", "turn", "reply_turn", "x y", "你好", "é", "\"", "\\",
                                     "\n", "\t", "\x01", "\x1f", "\x7f", " ", "0123456789abcdef"};

/* A random text of up to 80 bytes, NUL-terminated; its length. */
static size_t random_text(char *s, uint64_t *seed)
{
	int parts = (int)(test_random(seed) >> 40) % 12;
	size_t n = test_pieces(s, 80, pieces, sizeof pieces / sizeof *pieces, parts, seed);
	s[n] = '\0';
	return n;
}

/* text[0..n) with plain bytes after it, for the writers that take a
 * length: a byte read past the end would show. */
static const char *unterminated(char *buf, const char *text, size_t n)
{
	memcpy(buf, text, n);
	memset(buf + n, 'Z', 16);
	return buf;
}

/* Literal keys for the runs, as their callers write them. */
static const char *const run_keys[] = {"turn", "a", "reply_turn", "confidence", "text", "",
                                       "a_key_longer_than_sixteen_bytes", "col", "id",
                                       "reply_to", "sixteen_bytes_xx", "seventeen_bytes_x"};

/* A member of kind 0 to 6 (a number, a count, a string, a NULL string, a
 * string with its length, a bool, null) from the values drawn, by the
 * writer (run NULL) or by a run, and by the plain writer. */
static void write_kind(ts_jw *w, ts_jw_run *run, ref_w *r, const char *k, int kind, uint64_t x,
                       double v, const char *text, size_t n)
{
	char num[512];
	unsigned long long c = x >> 20;
	int flag = (int)(x & 1);
	const char *s = unterminated(num, text, n);  /* a length, and bytes after it */
	switch (kind) {
	case 0: run ? ts_jw_run_num(run, k, v) : ts_jw_num(w, k, v); break;
	case 1: run ? ts_jw_run_count(run, k, c) : ts_jw_count(w, k, c); break;
	case 2: run ? ts_jw_run_str(run, k, text) : ts_jw_str(w, k, text); break;
	case 3: run ? ts_jw_run_str(run, k, NULL) : ts_jw_str(w, k, NULL); break;
	case 4: run ? ts_jw_run_strn(run, k, s, n) : ts_jw_strn(w, k, s, n); break;
	case 5: run ? ts_jw_run_bool(run, k, flag) : ts_jw_bool(w, k, flag); break;
	default: run ? ts_jw_run_null(run, k) : ts_jw_null(w, k);
	}
	ref_member(r, k);
	if (kind == 0)
		ref_fixed(v, num, sizeof num);
	else if (kind == 1)
		snprintf(num, sizeof num, "%llu", c);
	const char *t = kind < 2 ? num : kind == 5 ? (flag ? "true" : "false") : "null";
	if (kind == 2 || kind == 4)
		ref_str(&r->out, text, n);
	else
		assert_int_equal(ts_buf_append(&r->out, t, strlen(t)), 0);
}

/* A member of a run keyed by a text that may need escapes (an id, a
 * target), its value a count, or a string the lossy way (a file name:
 * the pieces are UTF-8, so it is the string's text), by both writers. */
static void run_member_any(ts_jw_run *run, ref_w *r, const char *text, uint64_t y)
{
	char num[32];
	if (y & 4) {
		ts_jw_run_str_lossy(run, "source", y & 8 ? text : NULL);
		ref_member(r, "source");
		if (y & 8)
			ref_str(&r->out, text, strlen(text));
		else
			assert_int_equal(ts_buf_append(&r->out, "null", 4), 0);
		return;
	}
	char *d = ts_jw_run_key_any(run, text, strlen(text), 0);
	assert_non_null(d);
	ts_jw_run_moved(run, ts_jw_count_at(d, y >> 40));
	ref_member(r, text);
	snprintf(num, sizeof num, "%llu", (unsigned long long)(y >> 40));
	assert_int_equal(ts_buf_append(&r->out, num, strlen(num)), 0);
}

/* One member of a run, by both writers. */
static void random_run_member(ts_jw_run *run, ref_w *r, uint64_t *seed)
{
	char text[96];
	const char *rk = run_keys[test_random(seed) % (sizeof run_keys / sizeof *run_keys)];
	uint64_t y = test_random(seed);
	size_t n = random_text(text, seed);
	double v = y & 2 ? random_double(test_random(seed)) : (double)(y >> 40);
	if ((y >> 32) % 8 == 7)
		run_member_any(run, r, text, y);
	else
		write_kind(NULL, run, r, rk, (int)((y >> 32) % 7), y, v, text, n);
}

/* A run, by both writers: an object of its own (ts_jw_run_begin) or
 * members of the writer's open object or array (ts_jw_run_attach), with
 * objects and arrays opened and closed inside it. */
static void random_run(ts_jw *w, ref_w *r, const char *k, int in_object, uint64_t *seed)
{
	ts_jw_run run;
	uint64_t x = test_random(seed);
	int own = (int)(x & 1), depth = 0;
	char is_object[8];
	if (own) {
		ts_jw_run_begin(&run, w, k);
		ref_open(r, k, "{");
		is_object[0] = 1;
	} else {
		ts_jw_run_attach(&run, w);
		is_object[0] = (char)in_object;
	}
	int steps = (int)((x >> 4) % 12);
	for (int i = 0; i < steps; i++) {
		uint64_t y = test_random(seed);
		const char *rk = is_object[depth] ? run_keys[y % 3] : NULL;
		if (y % 4 == 0 && depth < 7) {
			int obj = (int)(y >> 8 & 1);
			ts_jw_run_open(&run, rk, obj);
			ref_open(r, rk, obj ? "{" : "[");
			is_object[++depth] = (char)obj;
		} else if (y % 4 == 1 && depth > 0) {
			ts_jw_run_close(&run, is_object[depth]);
			ref_end(r, is_object[depth--] ? "}" : "]");
		} else if (is_object[depth]) {
			random_run_member(&run, r, seed);
		}
	}
	for (; depth > 0; depth--) {
		ts_jw_run_close(&run, is_object[depth]);
		ref_end(r, is_object[depth] ? "}" : "]");
	}
	if (own) {
		ts_jw_run_end(&run);
		ref_end(r, "}");
	} else {
		ts_jw_run_detach(&run);
	}
}

/* One random member (or a run of them) written by both writers. */
static void random_member(ts_jw *w, ref_w *r, int in_object, uint64_t *seed)
{
	char key[96], text[96];
	const char *k = NULL;
	if (in_object) {
		random_text(key, seed);
		k = key;
	}
	uint64_t x = test_random(seed);
	size_t n = random_text(text, seed);
	double v = random_double(test_random(seed));
	if ((x >> 8) % 4 == 0)
		v = (double)((x >> 16) % 100000);
	if ((x >> 32) % 8 == 7)
		random_run(w, r, k, in_object, seed);
	else
		write_kind(w, NULL, r, k, (int)((x >> 32) % 8), x, v, text, n);
}

/* Random documents, compact and indented (now and then deeper than the
 * spaces ts_jw_pad_at copies whole), with the buffer emptied now and then
 * (as the pipeline writes it out), against the plain writer. */
static void writer_random(void **state)
{
	(void)state;
	uint64_t seed = 0x2545F4914F6CDD1Dull;
	for (int doc = 0; doc < 3000; doc++) {
		ts_buf b = {0}, all = {0};
		ref_w r = {0};
		r.pretty = doc % 2;
		r.base = doc % 3 + 10 * (doc % 5 == 4);
		ts_jw w;
		ts_jw_init(&w, &b, r.pretty, r.base);
		char is_object[TS_JW_MAX_DEPTH] = {0};
		int steps = (int)(test_random(&seed) % 60);
		is_object[0] = (char)(test_random(&seed) & 1);
		(is_object[0] ? ts_jw_object : ts_jw_array)(&w, NULL);
		ref_open(&r, NULL, is_object[0] ? "{" : "[");
		for (int i = 0; i < steps; i++) {
			uint64_t x = test_random(&seed);
			char key[96];
			const char *k = NULL;
			if (is_object[r.depth - 1]) {
				random_text(key, &seed);
				k = key;
			}
			if (x % 5 == 0 && r.depth < 8) {
				int obj = (int)(x >> 8 & 1);
				(obj ? ts_jw_object : ts_jw_array)(&w, k);
				ref_open(&r, k, obj ? "{" : "[");
				is_object[r.depth - 1] = (char)obj;
			} else if (x % 5 == 1 && r.depth > 1) {
				ts_jw_end(&w, is_object[r.depth - 1]);
				ref_end(&r, is_object[r.depth - 1] ? "}" : "]");
			} else {
				random_member(&w, &r, is_object[r.depth - 1], &seed);
			}
			if (x % 7 == 0) {
				assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
				b.len = 0;
			}
		}
		while (r.depth > 0) {
			ts_jw_end(&w, is_object[r.depth - 1]);
			ref_end(&r, is_object[r.depth - 1] ? "}" : "]");
		}
		assert_false(w.oom);
		assert_int_equal(ts_buf_append(&all, b.ptr, b.len), 0);
		if (strcmp(all.ptr, r.out.ptr)) {
			size_t at = 0;
			while (all.ptr[at] == r.out.ptr[at])
				at++;
			fail_msg("document %d differs at %zu: got %.60s, want %.60s", doc, at,
			         all.ptr + (at > 20 ? at - 20 : 0), r.out.ptr + (at > 20 ? at - 20 : 0));
		}
		ts_buf_free(&b);
		ts_buf_free(&all);
		ts_buf_free(&r.out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(number_edges),
		cmocka_unit_test(counts),
		cmocka_unit_test(keys),
		cmocka_unit_test(number_modes),
		cmocka_unit_test(strings_escape_words),
		cmocka_unit_test(strings_escape),
		cmocka_unit_test(strings_not_utf8),
		cmocka_unit_test(run_lossy_as_writer),
		cmocka_unit_test(layout),
		cmocka_unit_test(flushed_between_members),
		cmocka_unit_test(fixed_numbers_random),
		cmocka_unit_test(whole_numbers),
		cmocka_unit_test(counts_random),
		cmocka_unit_test(writer_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
