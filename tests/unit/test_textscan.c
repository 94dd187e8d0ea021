/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* lineclass.c: what a line is; textscan.c: the first pass's counts and the
 * call headers where a parallel run may cut the input. */
#include "config.h"

#include "helpers.h"

#include "read/input.h"
#include "read/lineclass.h"
#include "read/textscan.h"

static ts_line_kind kind(const char *line)
{
	ts_line_info li;
	return ts_line_classify(line, strlen(line), &li);
}

static void line_kinds(void **state)
{
	(void)state;
	assert_int_equal(kind(""), TS_LINE_BLANK);
	assert_int_equal(kind(" \t\u3000"), TS_LINE_BLANK);
	assert_int_equal(kind("- 3 -"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("第 3 页"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("Page 3 of 9"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("— 3 —"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("第一通电话 河南省安阳市总工会"), TS_LINE_HEADER);
	assert_int_equal(kind("  第2通电话"), TS_LINE_HEADER);
	assert_int_equal(kind("Call 12 - Riverton Labour Bureau"), TS_LINE_HEADER);
	assert_int_equal(kind("@Org: 总工会"), TS_LINE_META);
	assert_int_equal(kind("@Begin"), TS_LINE_META);
	assert_int_equal(kind("第三方的意见"), TS_LINE_OTHER);
	assert_int_equal(kind("Call me later"), TS_LINE_OTHER);
	assert_int_equal(kind("Page after page"), TS_LINE_OTHER);
	assert_int_equal(kind("CALL 4"), TS_LINE_HEADER);
	assert_int_equal(kind("CLB：您好"), TS_LINE_OTHER);
	assert_int_equal(kind("——电话被挂断——"), TS_LINE_OTHER);

	ts_line_info li;
	const char *call = "  @Call: 第二次 ";
	assert_int_equal(ts_line_classify(call, strlen(call), &li), TS_LINE_HEADER);
	assert_int_equal(li.a, 2);
	assert_memory_equal(call + li.a + li.title, "第二次", li.tlen);
	const char *meta = "@Region：河南";
	assert_int_equal(ts_line_classify(meta, strlen(meta), &li), TS_LINE_META);
	assert_int_equal(li.kn, 6);
	assert_string_equal(meta + li.a + li.v, "河南");
}

/* Lines are told apart by their first bytes before anything else is
 * looked at: "—" and "第" by all three, so that the many words whose
 * lead byte is theirs (E2, E7) are speech at once; a blank line by its
 * length. */
static void line_starts(void **state)
{
	(void)state;
	assert_int_equal(kind("  — 3 —"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("第3页 共9页"), TS_LINE_ARTEFACT);
	assert_int_equal(kind("第十二次通话"), TS_LINE_HEADER);
	assert_int_equal(kind("\xE3\x80\x80第２通电话"), TS_LINE_HEADER);  /* after U+3000 */
	assert_int_equal(kind("第"), TS_LINE_OTHER);
	assert_int_equal(kind("笑：好的"), TS_LINE_OTHER);          /* E7 AC 91 */
	assert_int_equal(kind("签 3 页"), TS_LINE_OTHER);           /* E7 AD BE */
	assert_int_equal(kind("– 3 –"), TS_LINE_OTHER);            /* an en dash: E2 80 93 */
	assert_int_equal(kind("“第一通电话”"), TS_LINE_OTHER);      /* E2 80 9C */
	assert_int_equal(kind("…"), TS_LINE_OTHER);
	assert_int_equal(kind("\xE7\xAC"), TS_LINE_OTHER);        /* cut short */
	assert_int_equal(kind("\xE2\x80"), TS_LINE_OTHER);
	/* call headers' numerals and nouns, each compared whole at the
	 * line's end too (a line cut inside one is no header) */
	assert_int_equal(kind("第一百零二通来电 某区"), TS_LINE_HEADER);
	assert_int_equal(kind("第〇两个电话"), TS_LINE_HEADER);
	assert_int_equal(kind("第12３次来电"), TS_LINE_HEADER);
	assert_int_equal(kind("第1通电"), TS_LINE_OTHER);
	assert_int_equal(kind("第1通电\xE8\xAF"), TS_LINE_OTHER);
	assert_int_equal(kind("第一"), TS_LINE_OTHER);
	assert_int_equal(kind("第\xE4\xB8"), TS_LINE_OTHER);
	assert_int_equal(kind("第万通电话"), TS_LINE_OTHER);
	assert_int_equal(kind("第通电话"), TS_LINE_OTHER);
	ts_line_info li;
	memset(&li, 0xA5, sizeof li);
	assert_int_equal(ts_line_classify("", 0, &li), TS_LINE_BLANK);
	assert_true(li.a == 0 && li.e == 0 && li.title == 0 && li.tlen == 0 && li.k == 1 &&
	            li.kn == 0 && li.v == 0);
}

/* Scan text from byte `start` to `end` (0: its end), marking headers at
 * least `every` bytes apart. */
static void scan_range(ts_context *ctx, const char *text, long long start, long long end,
                       long long every, ts_textscan *sc)
{
	const char *path = temp_file(text, strlen(text));
	ts_input *whole, *part;
	ts_error err;
	assert_int_equal(ts_input_open(&whole, path, NULL, &err), 0);
	unlink(path);
	assert_int_equal(ts_input_open_range(&part, whole, start, end ? end : (long long)strlen(text), 0,
	                                     &err), 0);
	assert_int_equal(ts_textscan_init(sc, ctx->res.langs, &ctx->opt, every, start, &err), 0);
	assert_int_equal(ts_textscan_run(sc, ctx->res.tc, part, &err), 0);
	ts_input_close(part);
	ts_input_close(whole);
}

static void scan(ts_context *ctx, const char *text, long long start, long long every,
                 ts_textscan *sc)
{
	scan_range(ctx, text, start, 0, every, sc);
}

static void marks(void **state)
{
	ts_context *ctx = *state;
	/* metadata, then a header that opens the first call (no mark is
	 * needed there, but one is noted: the planner drops it) */
	const char *text = "@Org: X\n第1通电话\nA：你好？\nB：嗯。\n第2通电话\nA：喂？\nB：好。\n";
	ts_textscan sc;
	scan(ctx, text, 0, 1, &sc);
	assert_true(sc.content);
	assert_true(sc.opened);
	assert_true(sc.first_is_header);
	assert_int_equal(sc.nheaders, 2);
	assert_int_equal(sc.nlines, 7);
	assert_int_equal(sc.nmarks, 2);
	assert_int_equal(sc.marks[1].off, strstr(text, "第2") - text);
	assert_int_equal(sc.marks[1].line, 4);
	assert_int_equal(sc.marks[1].header, 1);
	assert_int_equal(ts_labels_decide(sc.labels), 2);
	ts_textscan_free(&sc);

	/* speech first; headers closer than `every` bytes are not marks */
	text = "A：你好？\n第2通电话\nB：嗯。\n第3通电话\nA：喂？\n";
	scan(ctx, text, 0, 20, &sc);
	assert_false(sc.first_is_header);
	assert_int_equal(sc.nheaders, 2);
	assert_int_equal(sc.nmarks, 1);
	assert_int_equal(sc.marks[0].header, 1);  /* the first is 14 bytes in */
	ts_textscan_free(&sc);

	/* a later part: offsets stay the file's, lines count from the part */
	long long at = (long long)(strstr(text, "B：") - text);
	scan(ctx, text, at, 1, &sc);
	assert_int_equal(sc.nlines, 3);
	assert_int_equal(sc.nmarks, 1);
	assert_int_equal(sc.marks[0].off, strstr(text, "第3") - text);
	assert_int_equal(sc.marks[0].line, 1);
	ts_textscan_free(&sc);
}

/* Parts from the scans of two ranges, the second starting at "B：嗯。". */
static void plan(void **state)
{
	ts_context *ctx = *state;
	const char *text = "@Org: X\n第1通电话\nA：你好？\nB：嗯。\n第2通电话\nA：喂？\nB：好。\n"
	                   "第3通电话\nA：在吗？\n";
	long long cut = (long long)(strstr(text, "B：嗯") - text);
	ts_textscan sc[2];
	scan_range(ctx, text, 0, cut, 1, &sc[0]);
	scan_range(ctx, text, cut, 0, 1, &sc[1]);
	void *scans[] = {&sc[0], &sc[1]};
	ts_part *parts;
	size_t n;
	assert_int_equal(ts_textscan_plan(scans, 2, &parts, &n), 0);
	/* the first header opens call 1 itself: no part there; 第2通电话 is
	 * line 5 with call 1 before it, 第3通电话 line 8 with calls 1 and 2 */
	assert_int_equal(n, 3);
	assert_int_equal(parts[0].start, 0);
	assert_int_equal(parts[0].line0, 0);
	assert_int_equal(parts[0].calls, 0);
	assert_int_equal(parts[1].start, strstr(text, "第2") - text);
	assert_int_equal(parts[1].line0, 4);
	assert_int_equal(parts[1].calls, 1);
	assert_int_equal(parts[2].start, strstr(text, "第3") - text);
	assert_int_equal(parts[2].line0, 7);
	assert_int_equal(parts[2].calls, 2);
	free(parts);
	ts_textscan_free(&sc[0]);
	ts_textscan_free(&sc[1]);

	/* speech before the first header: that header starts call 2 */
	text = "A：你好？\n第2通电话\nB：嗯。\n";
	scan(ctx, text, 0, 1, &sc[0]);
	assert_int_equal(ts_textscan_plan(scans, 1, &parts, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(parts[1].start, strstr(text, "第2") - text);
	assert_int_equal(parts[1].line0, 1);
	assert_int_equal(parts[1].calls, 1);
	free(parts);
	ts_textscan_free(&sc[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_kinds),
		cmocka_unit_test(line_starts),
		cmocka_unit_test(marks),
		cmocka_unit_test(plan),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
