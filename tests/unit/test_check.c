/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The checks of talkstat check: each fires on a transcript written for it
 * and stays quiet on one that differs only in what it looks for.  The
 * places are counted by hand from the texts below. */
#include "config.h"

#include "helpers.h"

#include "check/check.h"

/* The diagnostics of one run over the texts (one file each); the checker
 * is kept in *ckp for the caller to free. */
static const ts_diagnostic *check_texts(ts_context *ctx, const char *const *texts, size_t n,
                                        ts_checker **ckp, size_t *nd)
{
	ts_error err = {0};
	assert_int_equal(ts_checker_new(ckp, ctx, &err), 0);
	for (size_t i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "%s", temp_file(texts[i], strlen(texts[i])));
		char name[16];
		snprintf(name, sizeof name, "f%zu.txt", i + 1);
		int rc = ts_checker_file(*ckp, path, name, &err);
		unlink(path);
		if (rc)
			fail_msg("check: %s", err.msg);
	}
	assert_int_equal(ts_checker_finish(*ckp, &err), 0);
	return ts_checker_diagnostics(*ckp, nd);
}

/* How many findings of `check` at line:col (line -1: anywhere). */
static size_t found(const ts_diagnostic *d, size_t n, const char *check, long line, long col)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !strcmp(d[i].check, check) && (line < 0 || (d[i].line == line && d[i].col == col));
	return k;
}

/* One text checked with the given --speakers and --caller: the number of
 * findings of check at line:col. */
static size_t check_one(const char *speakers, const char *caller, const char *text,
                        const char *check, long line, long col)
{
	ts_context *ctx = test_context(speakers, caller);
	ts_checker *ck;
	size_t n;
	const ts_diagnostic *d = check_texts(ctx, &text, 1, &ck, &n);
	size_t k = found(d, n, check, line, col);
	ts_checker_free(ck);
	ts_context_free(ctx);
	return k;
}

#define AB "A: one\nB: two\nA: three\nB: four\n"

static void test_read(void **state)
{
	(void)state;
	/* line 3 "B: t\xFF": B, ':', ' ', 't' then the byte at column 5 */
	assert_int_equal(check_one(NULL, NULL, AB "B: t\xFFo\n", "read", 5, 5), 1);
	assert_int_equal(check_one(NULL, NULL, AB, "read", -1, 0), 0);
}

static void test_label_once(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "C: five\n", "label-once", 5, 1), 1);
	assert_int_equal(check_one("A,B,C", NULL, AB "C: five\n", "label-once", -1, 0), 0);
	/* blanks before the label: it starts at column 3 */
	assert_int_equal(check_one(NULL, NULL, AB "  C: five\n", "label-once", 5, 3), 1);
}

static void test_speaker_missing(void **state)
{
	(void)state;
	assert_int_equal(check_one("A,B,Z", NULL, AB, "speaker-missing", 0, 0), 1);
	assert_int_equal(check_one(NULL, "Y", AB, "speaker-missing", 0, 0), 1);
	/* ＡＢ after NFKC is AB: declared full width, written half */
	assert_int_equal(check_one("Ａ,B", "Ａ", AB, "speaker-missing", -1, 0), 0);
}

static void test_label_like(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "Note: x\nA: y\nNote: z\n", "label-like", 5, 1), 1);
	/* a metadata word once is not a label seen once */
	assert_int_equal(check_one(NULL, NULL, AB "Note: x\n", "label-like", 5, 1), 1);
	assert_int_equal(check_one(NULL, NULL, AB "Note: x\n", "label-once", -1, 0), 0);
	/* declared speakers: E is none of them */
	assert_int_equal(check_one("A,B", NULL, AB "E: x\nE: y\n", "label-like", 5, 1), 1);
	/* capitals past the 64 characters a label in capitals may have */
	assert_int_equal(check_one(NULL, NULL,
	                           AB "THE DEPUTY ASSISTANT SECRETARY OF STATE FOR PUBLIC AFFAIRS AND "
	                              "MEDIA: yes\n",
	                           "label-like", 5, 1),
	                 1);
	/* 26 characters in capitals is a label (seen once here: label-once's) */
	assert_int_equal(check_one(NULL, NULL, AB "SECRETARY OF STATE BLINKEN: yes\n", "label-like", -1, 0),
	                 0);
	assert_int_equal(check_one(NULL, NULL, AB "And then the minister told me this: yes\n",
	                           "label-like", -1, 0), 0);
}

static void test_long_narration(void **state)
{
	(void)state;
	char text[1024];
	/* 201 and 200 characters of narration after a hang-up on line 5 */
	snprintf(text, sizeof text, AB "--- hung up ---\n%0201d\n", 0);
	assert_int_equal(check_one(NULL, NULL, text, "long-narration", 6, 1), 1);
	snprintf(text, sizeof text, AB "--- hung up ---\n%0200d\n", 0);
	assert_int_equal(check_one(NULL, NULL, text, "long-narration", -1, 0), 0);
}

static void test_stage_in_speech(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "A: well [coughs] no\n", "stage-in-speech", 5, 9), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: ok (Coughs.) no\n", "stage-in-speech", 5, 7), 1);
	/* A, ：, 好, 的: 【 is the fifth character */
	assert_int_equal(check_one(NULL, NULL, AB "A：好的【掌声】\n", "stage-in-speech", 5, 5), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: it was (very) bad\n", "stage-in-speech", -1, 0), 0);
	/* a known direction is taken out by the reader */
	assert_int_equal(check_one(NULL, NULL, AB "A: well (laughs) no\n", "stage-in-speech", -1, 0), 0);
}

static void test_timecode(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "A: at [00:12:03] we\n", "timecode", 5, 7), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: 1:02:03.5 we\n", "timecode", 5, 4), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: meet at 10:30 then\n", "timecode", -1, 0), 0);
	size_t a, b;
	const char *s = "x (12:03) y";
	assert_int_equal(ts_timecode_find(s, strlen(s), 0, &a, &b), 1);
	assert_int_equal(a, 2);
	assert_int_equal(b, 9);
	s = "version 1.12:03:04:05";
	assert_int_equal(ts_timecode_find(s, strlen(s), 0, &a, &b), 0);
}

static void test_lone_cr(void **state)
{
	(void)state;
	/* "A: one\rB: two": the CR is character 7 */
	assert_int_equal(check_one(NULL, NULL, "A: one\rB: two\nA: x\nB: y\n", "lone-cr", 1, 7), 1);
	assert_int_equal(check_one(NULL, NULL, "A: one\r\nB: two\r\nA: x\r\nB: y\r\n", "lone-cr", -1, 0),
	                 0);
}

static void test_mojibake(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "A: CafÃ© au lait\n", "mojibake", 5, 7), 1);
	/* "A: " and 浣, 犲, ソ: 锛 is the seventh character */
	assert_int_equal(check_one(NULL, NULL, AB "A: 浣犲ソ锛屾垜鏄\n", "mojibake", 5, 7), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: Café au lait, voilà\n", "mojibake", -1, 0), 0);
	assert_int_equal(check_one(NULL, NULL, AB "A: 你好，我是工会的\n", "mojibake", -1, 0), 0);
	size_t at;
	/* "â€™": the three bytes of ’ (E2 80 99) read as windows-1252 */
	const char *s = "it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s";
	assert_int_equal(ts_mojibake_find(s, strlen(s), &at), 1);
	assert_int_equal(at, 2);
	s = "一个锛字";  /* one tell-tale is not enough */
	assert_int_equal(ts_mojibake_find(s, strlen(s), &at), 0);
}

static void test_page_artefact(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, AB "A: we know\n12\nthat\n", "page-artefact", 6, 1), 1);
	assert_int_equal(check_one(NULL, NULL, AB "A: we know\n38 people\n", "page-artefact", -1, 0), 0);
}

static void test_running_header(void **state)
{
	(void)state;
	/* the same line inside speech three times (lines 6, 9, 12), twice */
	const char *three = AB "A: we called\nTRANSCRIPT - HOTLINE\nthe office.\n"
	                    "B: yes\nTRANSCRIPT - HOTLINE\nwe know.\n"
	                    "A: and\nTRANSCRIPT - HOTLINE\nthen?\n";
	assert_int_equal(check_one(NULL, NULL, three, "page-artefact", 6, 1), 1);
	assert_int_equal(check_one(NULL, NULL, three, "page-artefact", 12, 1), 1);
	const char *two = AB "A: we called\nTRANSCRIPT - HOTLINE\nthe office.\n"
	                  "B: yes\nTRANSCRIPT - HOTLINE\nwe know.\n";
	assert_int_equal(check_one(NULL, NULL, two, "page-artefact", -1, 0), 0);
}

static void test_meta_caller(void **state)
{
	(void)state;
	/* call 2 (line 7) names a caller who does not speak in it */
	const char *text = "Call 1\n@Caller: A\n" AB "Call 2\n@Caller: Q\n" AB;
	assert_int_equal(check_one(NULL, NULL, text, "speaker-missing", 7, 1), 1);
	assert_int_equal(check_one(NULL, NULL, "@Caller: B\n" AB, "speaker-missing", -1, 0), 0);
}

static void test_one_speaker(void **state)
{
	(void)state;
	const char *text = "Call 1\nA: one\nB: two\nCall 2\nA: three\nA: four\nB: five\n";
	/* call 2 (line 4) has A only */
	assert_int_equal(check_one(NULL, NULL, "Call 1\nA: one\nB: two\nCall 2\nA: three\nA: four\n"
	                           "Call 3\nA: x\nB: y\n", "one-speaker", 4, 1), 1);
	assert_int_equal(check_one(NULL, NULL, text, "one-speaker", -1, 0), 0);
}

static void test_mixed_language(void **state)
{
	(void)state;
	const char *mixed = "A：我们想问一下工会的情况\nB：你去问宣传部门吧\n"
	                    "A：hello there my friend\nB：how are you doing today\n";
	assert_int_equal(check_one(NULL, NULL, mixed, "mixed-language", 1, 1), 1);
	const char *one = "A：我们想问一下工会的情况\nB：你去问宣传部门吧\n"
	                  "A：那工会在哪里呢\nB：我不知道 CLB 是什么\n";
	assert_int_equal(check_one(NULL, NULL, one, "mixed-language", -1, 0), 0);
}

static void test_duplicate_header(void **state)
{
	(void)state;
	assert_int_equal(check_one(NULL, NULL, "Call 1 - X\n" AB "Call 1 - X\n" AB,
	                           "duplicate-header", 6, 1), 1);
	assert_int_equal(check_one(NULL, NULL, "Call 1 - X\n" AB "Call 2 - X\n" AB,
	                           "duplicate-header", -1, 0), 0);
}

static void test_meta_keys(void **state)
{
	ts_context *ctx = *state;
	ts_checker *ck;
	size_t n;
	const char *three[] = {"@Org: x\n" AB, "@Org: y\n" AB, AB};
	const ts_diagnostic *d = check_texts(ctx, three, 3, &ck, &n);
	assert_int_equal(found(d, n, "meta-keys", -1, 0), 1);
	assert_string_equal(d[0].file, "f3.txt");
	assert_int_equal(d[0].line, 0);
	assert_string_equal(d[0].message, "no @Org, which 2 of 3 files have");
	ts_checker_free(ck);
	const char *cases[] = {"@Org: x\n" AB, "@Org: y\n" AB, "@org: z\n" AB};
	d = check_texts(ctx, cases, 3, &ck, &n);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].file, "f3.txt");
	assert_int_equal(d[0].line, 1);
	assert_int_equal(d[0].col, 1);
	assert_string_equal(d[0].message, "@org is spelt @Org elsewhere (2 of 3 uses)");
	ts_checker_free(ck);
	const char *same[] = {"@Org: x\n" AB, "@Org: y\n" AB};
	d = check_texts(ctx, same, 2, &ck, &n);
	assert_int_equal(n, 0);
	ts_checker_free(ck);
}

static int count_out(void *arg, const char *bytes, size_t len)
{
	ts_buf *b = arg;
	return ts_buf_append(b, bytes, len);
}

static void test_disable_strict_write(void **state)
{
	ts_context *ctx = *state;
	ts_checker *ck;
	ts_error err = {0};
	assert_int_equal(ts_checker_new(&ck, ctx, &err), 0);
	assert_int_equal(ts_checker_disable(ck, "no-such-check", &err), TS_EUSAGE);
	assert_string_equal(err.msg, "unknown check: 'no-such-check'");
	assert_int_equal(ts_checker_disable(ck, "label-once", &err), 0);
	const char *text = AB "C: five\nA: [coughs]\n";
	const char *path = temp_file(text, strlen(text));
	assert_int_equal(ts_checker_file(ck, path, "t.txt", &err), 0);
	unlink(path);
	size_t n;
	const ts_diagnostic *d = ts_checker_diagnostics(ck, &n);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].severity, TS_SEV_WARNING);
	assert_int_equal(ts_checker_count(ck, TS_SEV_ERROR), 0);
	ts_checker_strict(ck, 1);
	assert_int_equal(ts_checker_count(ck, TS_SEV_ERROR), 1);
	ts_buf out = {0};
	assert_int_equal(ts_checker_write(ck, TS_CHECK_TEXT, count_out, &out, &err), 0);
	/* label-once (line 5) is off: only the direction of line 6 */
	assert_string_equal(out.ptr, "t.txt:6:4: error: bracketed text inside speech looks like a "
	                             "stage direction: '[coughs]' [stage-in-speech]\n");
	ts_buf_free(&out);
	ts_checker_free(ck);
}

static void test_table(void **state)
{
	(void)state;
	size_t n = 0;
	for (; ts_check_name(n); n++) {
		assert_int_equal(ts_check_find(ts_check_name(n)), (long)n);
		assert_non_null(ts_check_about(n));
		assert_true(ts_check_severity(n) == TS_SEV_WARNING || ts_check_severity(n) == TS_SEV_ERROR);
	}
	assert_int_equal(n, TS_CK_COUNT);
	assert_int_equal(ts_check_find("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_label_once),
		cmocka_unit_test(test_speaker_missing),
		cmocka_unit_test(test_label_like),
		cmocka_unit_test(test_long_narration),
		cmocka_unit_test(test_stage_in_speech),
		cmocka_unit_test(test_timecode),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_mojibake),
		cmocka_unit_test(test_page_artefact),
		cmocka_unit_test(test_running_header),
		cmocka_unit_test(test_meta_caller),
		cmocka_unit_test(test_one_speaker),
		cmocka_unit_test(test_mixed_language),
		cmocka_unit_test(test_duplicate_header),
		cmocka_unit_test(test_meta_keys),
		cmocka_unit_test(test_disable_strict_write),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, ctx_setup, ctx_teardown);
}
