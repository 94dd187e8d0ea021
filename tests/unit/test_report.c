/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "helpers.h"

#include "base/buf.h"
#include "report/html.h"
#include "report/rcall.h"

static char *esc(const char *s, size_t n, ts_buf *b)
{
	b->len = 0;
	assert_int_equal(ts_html_esc(b, s, n), 0);
	return b->ptr;
}

static void test_escape(void **state)
{
	(void)state;
	ts_buf b = {0};
	/* every character that could open a tag, an entity or leave an attribute */
	assert_string_equal(esc("<script>alert('x')</script>", 27, &b),
	                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	assert_string_equal(esc("a\"b&c", 5, &b), "a&quot;b&amp;c");
	/* CJK and full-width text pass as they are */
	assert_string_equal(esc("ＣＬＢ：喂您好", strlen("ＣＬＢ：喂您好"), &b), "ＣＬＢ：喂您好");
	/* a stray byte, an overlong '<' (C0 BC) and a cut sequence: U+FFFD each,
	 * never a '<' */
	assert_string_equal(esc("a\xFF" "b\xC0\xBC" "c\xE5\x96", 8, &b),
	                    "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD");
	/* a NUL and other control characters; tab and line feed stay */
	assert_string_equal(esc("x\0y\x1b\tz\n", 7, &b), "x\xEF\xBF\xBDy\xEF\xBF\xBD\tz\n");
	/* a surrogate (ED A0 80) is not UTF-8 */
	assert_string_equal(esc("\xED\xA0\x80", 3, &b), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	b.len = 0;
	assert_int_equal(ts_html_escs(&b, NULL), 0);
	assert_string_equal(b.ptr, "");
	ts_buf_free(&b);
}

static void test_fixed(void **state)
{
	(void)state;
	ts_buf b = {0};
	/* a locale whose decimal point is a comma (where the system has one)
	 * must not change the output */
	setlocale(LC_NUMERIC, "de_DE.UTF-8");
	struct {
		double v;
		int d;
		const char *want;
	} cases[] = {
		{0.3164557, 6, "0.316456"}, {0.5, 0, "1"}, {2.5, 0, "3"}, {-2.5, 0, "-3"},
		{0.125, 2, "0.13"}, {-0.001, 2, "0.00"}, {1234.5, 1, "1234.5"}, {7, 3, "7.000"},
		{0.05, 1, "0.1"}, {-12.345, 2, "-12.35"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		b.len = 0;
		assert_int_equal(ts_html_fixed(&b, cases[i].v, cases[i].d), 0);
		assert_string_equal(b.ptr, cases[i].want);
	}
	b.len = 0;
	assert_int_equal(ts_html_fixed(&b, NAN, 2), 0);
	assert_string_equal(b.ptr, "");
	setlocale(LC_NUMERIC, "C");
	ts_buf_free(&b);
}

static void test_fmt(void **state)
{
	(void)state;
	ts_buf b = {0};
	assert_int_equal(ts_html_fmt(&b, "<a title=\"%s\">%r</a> %z %l %d %2 %0 100%%", "\"<&>'",
	                             "<b>", (size_t)7, -3L, 42, 3.14159, 2.5), 0);
	assert_string_equal(b.ptr, "<a title=\"&quot;&lt;&amp;&gt;&#39;\"><b></a> 7 -3 42 3.14 3 100%");
	/* an unknown conversion is an error, not undefined output */
	b.len = 0;
	assert_int_equal(ts_html_fmt(&b, "%q", 1), -1);
	ts_buf_free(&b);
}

static void test_scale(void **state)
{
	(void)state;
	ts_scale s = {0, 10, 100, 300};
	assert_true(fabs(ts_scale_at(&s, 0) - 100) < 1e-12);
	assert_true(fabs(ts_scale_at(&s, 2.5) - 150) < 1e-12);
	assert_true(fabs(ts_scale_at(&s, 10) - 300) < 1e-12);
	ts_scale flat = {5, 5, 7, 9};
	assert_true(ts_scale_at(&flat, 123) == 7);
	/* 73.8 s over about 6 ticks: 12.3 a tick, rounded up to 20 */
	assert_true(ts_nice_step(73.8, 6) == 20);
	assert_true(fabs(ts_nice_step(1650, 6) - 500) < 1e-9);
	assert_true(fabs(ts_nice_step(0.9, 6) - 0.2) < 1e-12);
	assert_true(ts_nice_step(0, 6) == 1);
	assert_true(ts_nice_step(NAN, 6) == 1);
}

/* The bar of 0.5 on [0, 1] is half of the 370 units between the labels
 * (200) and the values (70 before the right edge of 640): 185. */
static void test_bars(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_bar bars[] = {
		{"甲<x>", 0.5, "50.0 %", "#0072B2", "speaker", "0.500000"},
		{"乙", 0, "0.0 %", "#E69F00", "speaker", "0.000000"},
		{"丙", NAN, "n/a", "#009E73", "speaker", ""},
	};
	assert_int_equal(ts_svg_bars(&b, "share", "T&T", "zh", bars, 3, 1), 0);
	assert_non_null(strstr(b.ptr, "<svg class=\"share\" role=\"img\" width=\"640\" height=\"70\""));
	assert_non_null(strstr(b.ptr, " lang=\"zh\"><title>T&amp;T</title>"));
	assert_non_null(strstr(b.ptr, "data-speaker=\"甲&lt;x&gt;\" data-value=\"0.500000\""));
	assert_non_null(strstr(b.ptr, "<rect x=\"200\" y=\"2\" width=\"185.00\" height=\"14\" "
	                              "fill=\"#0072B2\"/><text x=\"389.00\" y=\"14\">50.0 %</text>"));
	assert_non_null(strstr(b.ptr, "<rect x=\"200\" y=\"24\" width=\"0.00\""));
	assert_non_null(strstr(b.ptr, "<rect x=\"200\" y=\"46\" width=\"0.00\""));
	assert_null(strstr(b.ptr, "<x>"));
	ts_buf_free(&b);
}

static void test_palette(void **state)
{
	(void)state;
	assert_string_equal(ts_palette(0), "#0072B2");
	assert_string_equal(ts_palette(6), "#F0E442");
	assert_string_equal(ts_palette(7), ts_palette(0));
}

/* A summary record with a reply class no list has is an error placed on
 * its line; one with the phrase in its utterance is placed there. */
static void test_record(void **state)
{
	(void)state;
	ts_error err = {0};
	rcall c;
	const char *bad_rec = "{\"call\":1,\"speakers\":[{\"speaker\":\"A\",\"role\":\"caller\"}],"
	                      "\"qa\":{\"pairs\":[{\"line\":3,\"text\":\"q?\",\"reply\":\"shrug\","
	                      "\"clarity\":\"ambivalent\"}]}}";
	cJSON *j = cJSON_Parse(bad_rec);
	assert_int_equal(rcall_from_json(&c, j, "x.jsonl", 4, &err), TS_EINPUT);
	assert_string_equal(err.msg, "unknown reply class: 'shrug'");
	assert_int_equal(err.line, 4);
	cJSON_Delete(j);
	const char *good = "{\"call\":2,\"language\":\"zh\",\"rate\":2,\"speakers\":["
	                   "{\"speaker\":\"甲\",\"role\":\"caller\"},{\"speaker\":\"乙\",\"role\":"
	                   "\"respondent\"}],\"utterances\":[{\"speaker\":\"甲\",\"line\":1,\"length\":4,"
	                   "\"text\":\"知道吗？\"},{\"speaker\":\"乙\",\"line\":2,\"length\":6,\"text\":"
	                   "\"你去问区里吧\"}],\"deflections\":{\"total\":1,\"by_category\":{\"referral\":1},"
	                   "\"matches\":[{\"turn\":2,\"category\":\"referral\",\"text\":\"去问区里\"}]},"
	                   "\"qa\":{\"pairs\":[{\"line\":1,\"text\":\"知道吗？\",\"reply_turn\":2,"
	                   "\"reply\":\"referral\",\"clarity\":\"ambivalent\"}]}}";
	j = cJSON_Parse(good);
	assert_int_equal(rcall_from_json(&c, j, "y.jsonl", 1, &err), 0);
	cJSON_Delete(j);
	/* 4 and 6 characters at 2 a second: 0-2 s and 2-5 s */
	assert_int_equal(c.nturns, 2);
	assert_true(c.turns[1].start == 2 && c.turns[1].end == 5);
	assert_int_equal(c.pairs[0].reply_line, 2);
	assert_int_equal(c.pairs[0].nmarks, 1);
	assert_int_equal(c.pairs[0].marks[0].start, strlen("你"));
	assert_int_equal(c.pairs[0].marks[0].end, strlen("你去问区里"));
	assert_int_equal(c.by_category[TS_CAT_REFERRAL], 1);
	assert_int_equal(c.deflected, 1);
	ts_buf out = {0};
	assert_int_equal(rcall_render(&c, 5, &out), 0);
	/* the records are framed: the section first */
	assert_int_equal(out.ptr[0], 'H');
	const char *sec = out.ptr + 3 + strlen(out.ptr + 2);
	assert_non_null(strstr(sec, "你<mark data-category=\"referral\">去问区里</mark>吧"));
	assert_non_null(strstr(sec, "<a href=\"#c5-L2\">2</a>"));
	ts_buf_free(&out);
	rcall_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),  cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_fmt),     cmocka_unit_test(test_scale),
		cmocka_unit_test(test_bars),    cmocka_unit_test(test_palette),
		cmocka_unit_test(test_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
