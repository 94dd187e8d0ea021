/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "base/buf.h"
#include "read/input.h"
#include "read/reader.h"
#include "run/context.h"

/* Read all calls of `text` (the reader's borrowed call is copied out as
 * counts and strings the tests look at). */
typedef struct seen {
	int ncalls;
	size_t turns[8];
	char title[8][128];
	char first_text[8][512];
	char speaker[8][64];
	char caller[8][64];
	char language[8][8];
	size_t nevents[8], nnarr[8], nmeta[8];
	char narr0[8][128];
	long turn2_line[8], turn2_col[8];
	ts_error err;
	int rc;
} seen;

static seen read_text(const char *text, size_t len, const char *speakers, const char *encoding)
{
	seen s;
	memset(&s, 0, sizeof s);
	ts_options o;
	ts_options_init(&o);
	char **names = NULL;
	if (speakers) {
		assert_int_equal(ts_list_split(speakers, strlen(speakers), &names, &o.nspeakers), 0);
		o.speakers = (const char *const *)names;
	}
	o.encoding = encoding;
	ts_context *ctx = NULL;
	assert_int_equal(ts_context_new(&ctx, &o, &s.err), 0);
	ts_list_free(names);
	const char *path = temp_file(text, len);
	ts_reader *r = NULL;
	s.rc = ts_reader_open(&r, ctx, path, &s.err);
	if (!s.rc) {
		const ts_call *c;
		while ((s.rc = ts_reader_next(r, &c, &s.err)) == 1 && s.ncalls < 8) {
			int i = s.ncalls++;
			s.turns[i] = c->nturns;
			snprintf(s.title[i], sizeof s.title[i], "%s", c->title ? c->title : "(null)");
			if (c->nturns) {
				snprintf(s.first_text[i], sizeof s.first_text[i], "%s", c->turns[0].text);
				snprintf(s.speaker[i], sizeof s.speaker[i], "%s",
				         c->speakers[c->turns[0].speaker].id);
			}
			if (c->nturns > 1) {
				s.turn2_line[i] = c->turns[1].line;
				s.turn2_col[i] = c->turns[1].col;
			}
			for (size_t k = 0; k < c->nspeakers; k++)
				if (c->speakers[k].role == TS_ROLE_CALLER)
					snprintf(s.caller[i], sizeof s.caller[i], "%s", c->speakers[k].id);
			snprintf(s.language[i], sizeof s.language[i], "%s", c->language);
			s.nevents[i] = c->nevents;
			s.nnarr[i] = c->nnarration;
			s.nmeta[i] = c->nmeta;
			if (c->nnarration)
				snprintf(s.narr0[i], sizeof s.narr0[i], "%s", c->narration[0].text);
		}
		ts_reader_close(r);
	}
	unlink(path);
	ts_context_free(ctx);
	return s;
}

#define READ(t) read_text((t), strlen(t), NULL, NULL)

static void wrapped_chinese_joins_without_space(void **state)
{
	(void)state;
	/* the PDF layout: blank lines inside an utterance, trailing blanks */
	seen s = READ("甲：有个事儿想请教 \n\n一下，就是\n\n乙：嗯。\n甲：好的？\n乙：对。\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.ncalls, 1);
	assert_int_equal(s.turns[0], 4);
	assert_string_equal(s.first_text[0], "有个事儿想请教一下，就是");
	assert_string_equal(s.title[0], "(null)");
	assert_string_equal(s.caller[0], "甲");
	assert_string_equal(s.language[0], "zh");
	assert_int_equal(s.turn2_line[0], 5);
}

static void wrapped_latin_joins_with_space(void **state)
{
	(void)state;
	seen s = READ("A: we went\nto the\n\nfactory\nB: ok?\nA: yes\nB: fine\n");
	assert_int_equal(s.rc, 0);
	assert_string_equal(s.first_text[0], "we went to the factory");
	assert_string_equal(s.language[0], "en");
	/* B asks the only question: B is the caller */
	assert_string_equal(s.caller[0], "B");
}

static void headers_split_calls(void **state)
{
	(void)state;
	seen s = READ("第一通电话 某市总工会\n甲：喂？\n乙：喂。\n第2通电话\n甲：你好？\n乙：你好。\n"
	              "@Call: third one\n甲：在吗？\n乙：在。\nCall 4 - Riverton\n甲：hi\n乙：hi\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.ncalls, 4);
	assert_string_equal(s.title[0], "第一通电话 某市总工会");
	assert_string_equal(s.title[1], "第2通电话");
	assert_string_equal(s.title[2], "third one");
	assert_string_equal(s.title[3], "Call 4 - Riverton");
	for (int i = 0; i < 4; i++)
		assert_int_equal(s.turns[i], 2);
}

static void hangup_then_narration(void **state)
{
	(void)state;
	seen s = READ("甲：你好？\n乙：喂？\n甲：在吗？\n乙：不知道。\n——电话被挂断——\n随后再次拨打，\n不再接听。\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 4);
	assert_int_equal(s.nevents[0], 1);
	assert_int_equal(s.nnarr[0], 1);
	assert_string_equal(s.narr0[0], "随后再次拨打，不再接听。");
}

static void laughter_keeps_the_turn(void **state)
{
	(void)state;
	seen s = READ("A: one (laughs) two\n(Laughter.)\nthree\nB: ok\nA: x\nB: y\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 4);
	assert_string_equal(s.first_text[0], "one two three");
	assert_int_equal(s.nevents[0], 2);
	assert_int_equal(s.nnarr[0], 0);
}

static void metadata_and_caller(void **state)
{
	(void)state;
	seen s = READ("@Org: Union\n@Caller: B\nA: what?\nB: ok\nA: why?\nB: fine\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.nmeta[0], 2);
	assert_string_equal(s.caller[0], "B");  /* @Caller beats the question count */
}

/* Markdown with YAML front matter, as briefing archives keep them: the
 * keys are metadata, the rest of the block is left out, emphasis around
 * labels is not part of them. */
static void front_matter_and_emphasis(void **state)
{
	(void)state;
	seen s = READ("---\ntitle: \"Daily briefing\"\ntags:\n  - press\n# a comment\nOrg: State\n"
	              "---\n\n**MS. SMITH:** Good afternoon.\n\n**QUESTION:** Why?\n\n"
	              "**MS. SMITH:** Because.\n\n**QUESTION**: Thanks?\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.ncalls, 1);
	assert_int_equal(s.turns[0], 4);
	assert_int_equal(s.nmeta[0], 2);  /* title and Org; tags holds a list */
	assert_int_equal(s.nnarr[0], 0);
	assert_string_equal(s.speaker[0], "MS. SMITH");
	assert_string_equal(s.first_text[0], "Good afternoon.");
	assert_int_equal(s.turn2_line[0], 11);
	assert_int_equal(s.turn2_col[0], 3);  /* after the "**" */
	/* "...", too, closes it; a "---" later on is text */
	s = READ("---\nOrg: X\n...\nA: hi?\n---\nB: yo\nA: ok?\nB: fine\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.nmeta[0], 1);
	assert_int_equal(s.turns[0], 4);
	assert_string_equal(s.first_text[0], "hi? ---");
	/* never closed: an error at its start, not a file of metadata */
	s = READ("---\nOrg: X\nA: hi\nB: yo\nA: hi\nB: yo\n");
	assert_int_equal(s.rc, TS_EINPUT);
	assert_int_equal(s.err.line, 1);
	assert_int_equal(s.err.col, 1);
	assert_string_equal(s.err.msg,
	                    "front matter: the '---' of line 1 is not closed by '---' or '...'");
}

static void participants_declare_labels(void **state)
{
	(void)state;
	/* "Note" starts two lines but is not declared, so it continues turns */
	seen s = READ("@Participants: A, B\nA: hi\nNote: x\nB: yo\nNote: y\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 2);
	assert_string_equal(s.first_text[0], "hi Note: x");
}

static void speakers_option(void **state)
{
	(void)state;
	const char *t = "Alice: hi\nBob: once\nAlice: again\n";
	seen s = read_text(t, strlen(t), NULL, NULL);
	/* Bob speaks once: not found automatically */
	assert_int_equal(s.turns[0], 2);
	s = read_text(t, strlen(t), "Alice,Bob", NULL);
	assert_int_equal(s.turns[0], 3);
}

static void bom_crlf_page_breaks(void **state)
{
	(void)state;
	seen s = READ("\xef\xbb\xbf甲：一\r\n\f\r\n- 2 -\r\n二\r\n 乙：三\r\n甲：四\r\n乙：五\r\n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 4);
	assert_string_equal(s.first_text[0], "一二");
	assert_int_equal(s.turn2_line[0], 5);
	assert_int_equal(s.turn2_col[0], 2);
}

static void gb18030_input(void **state)
{
	(void)state;
	/* 甲：你好 / 乙：好 / 甲：再见 / 乙：嗯 in GB18030 */
	const char gb[] = "\xbc\xd7\xa3\xba\xc4\xe3\xba\xc3\n\xd2\xd2\xa3\xba\xba\xc3\n"
	                  "\xbc\xd7\xa3\xba\xd4\xd9\xbc\xfb\n\xd2\xd2\xa3\xba\xe0\xc5\n";
	seen s = read_text(gb, sizeof gb - 1, NULL, "gb18030");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 4);
	assert_string_equal(s.first_text[0], "你好");
	assert_string_equal(s.speaker[0], "甲");
}

/* Fuzzing found a crash: a line starting with a colon had an empty label
 * that matched an empty slot of the label cache
 * (tests/fuzz/corpus/reader/crash-empty-label). */
static void empty_label_before_colon(void **state)
{
	(void)state;
	seen s = READ(":B:\nA: one\n:x\nA: two\n: \n");
	assert_int_equal(s.rc, 0);
	assert_int_equal(s.turns[0], 2);
	assert_string_equal(s.first_text[0], "one :x");
}

/* Fuzzing found a read past a buffer: the first turn of a call was empty
 * and the text buffer had never been written, so it had no NUL
 * (tests/fuzz/corpus/reader/crash-empty-first-turn). */
static void empty_first_turn(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "@Participants: A, B\n\xef\xbb\xbf" "A:\r");
	const ts_call *c = next_call(r);
	assert_int_equal(c->nturns, 1);
	assert_string_equal(c->turns[0].text, "");
	assert_int_equal(c->turns[0].col, 2);  /* after the stray BOM */
	char *json = NULL;
	ts_error err;
	assert_int_equal(ts_summary_call_json(ctx, c, TS_SECTION_ALL | TS_SECTION_TURN_LIST, "x", 0,
	                                      0, &json, &err), 0);
	assert_non_null(strstr(json, "\"text\":\"\""));
	free(json);
	ts_reader_close(r);
	ts_context_free(ctx);
}

static void errors_are_located(void **state)
{
	(void)state;
	seen s = READ("A: ok\nB: b\xff\nA: c\nB: d\n");
	assert_int_equal(s.rc, TS_EINPUT);
	assert_int_equal(s.err.line, 2);
	assert_int_equal(s.err.col, 5);
	assert_string_equal(s.err.msg, "invalid UTF-8 byte 0xFF");
	s = READ("");
	assert_int_equal(s.rc, TS_EINPUT);
	assert_string_equal(s.err.msg, "empty input");
	assert_int_equal(s.err.line, 0);
	s = READ("no labels at all\n");
	assert_int_equal(s.rc, TS_EINPUT);
}

/* Bug found by the differential fuzz target: a call ended by a header
 * line with a bad byte was dropped, where a run cut at that header kept
 * it.  The call before ends at the header whatever the header holds; the
 * bad byte is the next call's error. */
static void bad_header_ends_the_call_before(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "@Call: one\nA: x?\nB: y.\n@Call: t\xffo\nA: z?\nB: w.\n");
	const ts_call *c = next_call(r);
	assert_int_equal(c->number, 1);
	assert_int_equal(c->nturns, 2);
	ts_error err;
	assert_int_equal(ts_reader_next(r, &c, &err), TS_EINPUT);
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 9);
	assert_int_equal(ts_reader_next(r, &c, &err), 0);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Bug: each metadata line was compared with every key before it, so a
 * call of 80,000 keys took 16 s.  Keys are hashed now; a key set again
 * (in any case) still keeps its place and takes the new value. */
static void many_metadata_keys(void **state)
{
	(void)state;
	ts_buf b = {0};
	char line[64];
	assert_int_equal(ts_buf_append(&b, "@Call: x\n", strlen("@Call: x\n")), 0);
	for (int i = 0; i < 3000; i++) {
		int n = snprintf(line, sizeof line, "@Key%d: v%d\n", i, i);
		assert_int_equal(ts_buf_append(&b, line, (size_t)n), 0);
	}
	const char *rest = "@KEY7: again\nA：你好？\nB：嗯。\nA：好吗？\nB：好。\n";
	assert_int_equal(ts_buf_append(&b, rest, strlen(rest)), 0);
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, b.ptr);
	const ts_call *c = next_call(r);
	assert_int_equal(c->nmeta, 3000);
	assert_string_equal(c->meta[7].key, "Key7");
	assert_string_equal(c->meta[7].value, "again");
	assert_string_equal(c->meta[2999].key, "Key2999");
	assert_string_equal(c->meta[2999].value, "v2999");
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

/* Bug: each inline direction's column was counted from the start of its
 * line, so a line of 80,000 took 14 s.  Columns are counted on now: after
 * "B：" (2 characters) the line is "好（笑）" 300 times, so direction k
 * starts at column 3 + 4k + 1; the text left is 好 300 times. */
static void many_inline_directions(void **state)
{
	(void)state;
	ts_buf b = {0};
	assert_int_equal(ts_buf_append(&b, "A：你好？\nB：", strlen("A：你好？\nB：")), 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(ts_buf_append(&b, "好（笑）", strlen("好（笑）")), 0);
	assert_int_equal(ts_buf_append(&b, "\nA：好吗？\nB：好。\n", strlen("\nA：好吗？\nB：好。\n")), 0);
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, b.ptr);
	const ts_call *c = next_call(r);
	assert_int_equal(c->nevents, 300);
	for (size_t k = 0; k < 300; k += 37) {
		assert_int_equal(c->events[k].line, 2);
		assert_int_equal(c->events[k].col, 3 + 4 * (long)k + 1);
	}
	assert_int_equal(c->events[299].col, 3 + 4 * 299 + 1);
	assert_int_equal(c->turns[1].chars, 300);
	ts_reader_close(r);
	ts_context_free(ctx);
	ts_buf_free(&b);
}

static void missing_file(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = NULL;
	ts_error err = {0};
	assert_int_equal(ts_reader_open(&r, ctx, "/nonexistent/x.txt", &err), TS_EIO);
	assert_null(r);
	assert_string_equal(err.file, "/nonexistent/x.txt");
	assert_int_equal(ts_reader_open(&r, ctx, "/tmp", &err), TS_EIO);
	assert_string_equal(err.msg, "is a directory");
	ts_context_free(ctx);
}

static void turn_positions(void **state)
{
	(void)state;
	ts_context *ctx = test_context(NULL, NULL);
	ts_reader *r = open_text(ctx, "甲：一二\n\n三四\n乙：好\n甲：五\n乙：嗯\n");
	const ts_call *c = next_call(r);
	ts_error err;
	const ts_turn *turn = &c->turns[0];
	long line, col;
	ts_turn_position(turn, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	ts_turn_position(turn, strlen("一二三"), &line, &col);  /* 四 */
	assert_int_equal(line, 3);
	assert_int_equal(col, 2);
	assert_int_equal(ts_reader_next(r, &c, &err), 0);
	ts_reader_close(r);
	ts_context_free(ctx);
}

/* Random transcripts of two labels of one length ("A:", "B:"), lines
 * that continue turns and runs of empty lines, ended by LF or CRLF (an
 * input held whole between the passes, read/input.h ts_input_keep, whose empty
 * lines are skipped, or kept as read): each turn's speaker and line as
 * written.  A note of the first pass given to another line (its number
 * counted without the skipped lines) names the other speaker there. */
static void kept_lines_keep_speakers(void **state)
{
	(void)state;
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	ts_context *ctx = test_context(NULL, NULL);
	for (int round = 0; round < 30; round++) {
		ts_buf t = {0};
		char want[400];
		long want_line[400];
		size_t nturns = 0;
		long line = 1;
		const char *end = round % 3 == 2 ? "\r\n" : "\n";
		int skipped = round % 2 ? (int)(test_random(&seed) % 3) : 0;
		for (int k = 0; k < skipped; k++, line++)
			ts_buf_append(&t, end, strlen(end));
		while (nturns < 200) {
			char row[64];
			uint64_t r = test_random(&seed) >> 40;
			if (r % 4 == 0 && nturns) {
				snprintf(row, sizeof row, "more %zu%s", nturns, end);
			} else {
				want[nturns] = r % 3 ? 'A' : 'B';
				want_line[nturns] = line;
				snprintf(row, sizeof row, "%c: said %zu%s", want[nturns], nturns, end);
				nturns++;
			}
			ts_buf_append(&t, row, strlen(row));
			line++;
			for (uint64_t e = (r >> 8) % 4; e > 1; e--, line++)
				ts_buf_append(&t, end, strlen(end));
		}
		ts_buf_append(&t, "", 1);  /* open_text reads it to its NUL */
		ts_reader *rd = open_text(ctx, t.ptr);
		ts_error err;
		const ts_call *c = next_call(rd);
		assert_int_equal(c->nturns, nturns);
		for (size_t k = 0; k < nturns; k++) {
			const char *id = c->speakers[c->turns[k].speaker].id;
			if (id[0] != want[k] || c->turns[k].line != want_line[k])
				fail_msg("text %d: turn %zu: %s at line %ld, want %c at %ld", round, k, id,
				         c->turns[k].line, want[k], want_line[k]);
		}
		assert_int_equal(ts_reader_next(rd, &c, &err), 0);
		ts_reader_close(rd);
		ts_buf_free(&t);
	}
	ts_context_free(ctx);
}

/* Whether the text reader holds the file at path whole between its
 * passes, under ctx's options. */
static int held_whole(ts_context *ctx, const char *path)
{
	ts_input *in = NULL;
	const ts_format_reader *fmt = NULL;
	void *st = NULL;
	ts_error err;
	if (ts_format_open_input(&ctx->opt, path, &in, &fmt, &err) ||
	    fmt->open(&st, &ctx->res, &ctx->opt, in, &err))
		fail_msg("open: %s", err.msg);
	int held = in->keep == TS_KEEP_READING || in->keep == TS_KEEP_AGAIN;
	fmt->close(st);
	return held;
}

/* One thread holds an input of up to 8 MiB whole; with more (or one per
 * processor), each of which may hold a file read whole at once, none
 * holds more than the 128 KiB its buffer holds anyway: 150 files of 256
 * KiB at 16 threads went over 32 MiB when each held its file. */
static void held_whole_by_threads(void **state)
{
	(void)state;
	static const size_t sizes[] = {(size_t)100 << 10, (size_t)300 << 10};
	for (size_t k = 0; k < 2; k++) {
		ts_buf t = {0};
		static const char two[] = "A: 请问是总工会吗？\nB: 是的。\n";
		while (t.len < sizes[k])
			ts_buf_append(&t, two, sizeof two - 1);
		char *path = strdup(temp_file(t.ptr, t.len));
		assert_non_null(path);
		static const size_t threads[] = {1, 0, 2, 16};
		for (size_t j = 0; j < 4; j++) {
			ts_options o;
			ts_options_init(&o);
			o.threads = threads[j];
			ts_context *ctx = NULL;
			ts_error err;
			if (ts_context_new(&ctx, &o, &err))
				fail_msg("context: %s", err.msg);
			int want = threads[j] == 1 || k == 0;
			if (held_whole(ctx, path) != want)
				fail_msg("%zu bytes, threads %zu: held %d", t.len, threads[j], !want);
			ts_context_free(ctx);
		}
		unlink(path);
		free(path);
		ts_buf_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrapped_chinese_joins_without_space),
		cmocka_unit_test(wrapped_latin_joins_with_space),
		cmocka_unit_test(headers_split_calls),
		cmocka_unit_test(hangup_then_narration),
		cmocka_unit_test(laughter_keeps_the_turn),
		cmocka_unit_test(metadata_and_caller),
		cmocka_unit_test(front_matter_and_emphasis),
		cmocka_unit_test(participants_declare_labels),
		cmocka_unit_test(speakers_option),
		cmocka_unit_test(bom_crlf_page_breaks),
		cmocka_unit_test(gb18030_input),
		cmocka_unit_test(empty_label_before_colon),
		cmocka_unit_test(empty_first_turn),
		cmocka_unit_test(errors_are_located),
		cmocka_unit_test(bad_header_ends_the_call_before),
		cmocka_unit_test(many_metadata_keys),
		cmocka_unit_test(many_inline_directions),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(turn_positions),
		cmocka_unit_test(kept_lines_keep_speakers),
		cmocka_unit_test(held_whole_by_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
