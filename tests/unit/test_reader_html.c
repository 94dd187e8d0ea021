/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The HTML reader (read/reader_html.c): the page's shown text, read as
 * labelled text, at the page's lines. */
#include "config.h"

#include "helpers.h"

#include "read/reader.h"

/* Labels in <strong> and bare, Q with no-break spaces, entities, a <br>
 * inside a turn, and what is not read: head, script, style, nav, header,
 * footer, a hidden element. */
static const char *page =
	"<!DOCTYPE html>\n"                                         /* 1 */
	"<html><head><title>MS. SMITH: no</title>\n"                 /* 2 */
	"<style>p { MS. SMITH: 0 }</style></head>\n"                 /* 3 */
	"<body><header>MS. SMITH: banner</header>\n"                 /* 4 */
	"<nav><a href=x>Q&nbsp;&nbsp; menu</a></nav>\n"              /* 5 */
	"<script>var x = 'MS. SMITH: code';</script>\n"              /* 6 */
	"<p><strong>MS. SMITH:</strong> Good afternoon.</p>\n"       /* 7 */
	"<p>Q&nbsp;&nbsp;&nbsp; Who pays &amp; when?</p>\n"          /* 8 */
	"<p>\n"                                                      /* 9 */
	"  <b>MS. SMITH:</b> Not us.<br>Ask them.</p>\n"             /* 10 */
	"<div hidden>MS. SMITH: hidden</div>\n"                      /* 11 */
	"<p>Q&nbsp;&nbsp; Thank\n"                                   /* 12 */
	"  you.</p>\n"                                               /* 13 */
	"<footer>Q&nbsp;&nbsp; footer</footer></body></html>\n";      /* 14 */

static void reads_page(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, page);
	assert_string_equal(ts_reader_format(rd), "html");
	const ts_call *c = next_call(rd);
	assert_false(c->timed);
	assert_int_equal(c->nturns, 4);
	assert_string_equal(turn_speaker(c, 0), "MS. SMITH");
	assert_string_equal(c->turns[0].text, "Good afternoon.");
	assert_int_equal(c->turns[0].line, 7);
	assert_string_equal(turn_speaker(c, 1), "Q");
	assert_string_equal(c->turns[1].text, "Who pays & when?");
	assert_int_equal(c->turns[1].line, 8);
	assert_string_equal(c->turns[2].text, "Not us. Ask them.");
	assert_int_equal(c->turns[2].line, 10);
	assert_string_equal(c->turns[3].text, "Thank you.");
	assert_int_equal(c->turns[3].line, 12);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* With a <main> element only its text is read. */
static void reads_main(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, "<html><body><div>A: menu</div><div>A: menu</div>\n"
	                               "<main><p>A: one?</p>\n<p>B: two.</p><p>A: three?</p>"
	                               "<p>B: four.</p></main><div>B: after</div></body></html>\n");
	const ts_call *c = next_call(rd);
	assert_int_equal(c->nturns, 4);
	assert_string_equal(c->turns[0].text, "one?");
	assert_int_equal(c->turns[0].line, 2);
	assert_string_equal(c->turns[3].text, "four.");
	ts_reader_close(rd);
	ts_context_free(ctx);
}

/* A hidden inline element leaves its line whole; <pre> keeps its lines. */
static void inline_and_pre(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *rd = open_text(ctx, "<html><body><p>A: x<img hidden>y<span hidden>no</span> z</p>"
	                               "<p>B: w</p>\n<pre>A: one\n  two</pre><p>B: v</p></body></html>\n");
	const ts_call *c = next_call(rd);
	assert_int_equal(c->nturns, 4);
	assert_string_equal(c->turns[0].text, "xy z");
	assert_string_equal(c->turns[2].text, "one two");
	assert_int_equal(c->turns[2].line, 2);
	ts_reader_close(rd);
	ts_context_free(ctx);
}

static void errors(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"<html><body>\n<p>A: caf\xe9</p>\n", "invalid UTF-8 byte 0xE9", 2, 10, 0},
		{"<html><body>\n<p>A: x</p>\0\n", "NUL byte in text", 2, 12, 26},
	};
	expect_read_errors("html", cases, sizeof cases / sizeof *cases);
}

/* A doctype or an <html> first, after blanks and comments, without case. */
static void sniffs(void **state)
{
	(void)state;
	static const struct {
		const char *head;
		int want;
	} cases[] = {
		{"<!DOCTYPE html>\n<html>", TS_SNIFF_SURE},
		{"  <!-- saved -->\n<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", TS_SNIFF_SURE},
		{"<HTML lang=en>", TS_SNIFF_SURE},
		{"<html", TS_SNIFF_SURE},
		{"<p>Q: text</p>", TS_SNIFF_NO},
		{"<htmlx>", TS_SNIFF_NO},
		{"<!-- never closed", TS_SNIFF_NO},
		{"A: <html> is a tag", TS_SNIFF_NO},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (ts_reader_html.sniff(cases[i].head, strlen(cases[i].head)) != cases[i].want)
			fail_msg("case %zu", i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_page),
		cmocka_unit_test(reads_main),
		cmocka_unit_test(inline_and_pre),
		cmocka_unit_test(errors),
		cmocka_unit_test(sniffs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
