/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "analyse/lexicon.h"

static ts_langs langs;
static int zh, en;
static ts_lexicon lx;

static int setup(void **state)
{
	(void)state;
	ts_lexicon_init(&lx, &langs);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_lexicon_free(&lx);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	test_langs(&langs);
	zh = test_lang(&langs, "zh");
	en = test_lang(&langs, "en");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	ts_langs_free(&langs);
	return 0;
}

/* Parse text as "zh.json"; returns the formatted error ("" when it
 * loaded). */
static const char *parse(const char *text)
{
	static char msg[1200];
	ts_error err = {0};
	int rc = ts_lexicon_parse(&lx, "zh.json", text, strlen(text), &err);
	if (!rc)
		return "";
	assert_int_equal(rc, err.code);
	ts_error_format(&err, msg, sizeof msg);
	return msg;
}

/* A file of one entry with the given members. */
static const char *entry(const char *members)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "{\"language\": \"zh\", \"entries\": [{\"phrase\": \"好\", "
	                          "\"category\": \"refusal\"}, {%s}]}", members);
	return parse(buf);
}

static void loads(void **state)
{
	(void)state;
	assert_string_equal(parse("{\n"
	                          "  \"language\": \"zh\",\n"
	                          "  \"description\": \"test\",\n"
	                          "  \"org_words\": [\"部\", \"工会\"],\n"
	                          "  \"entries\": [\n"
	                          "    {\"phrase\": \"我不太清楚\", \"category\": \"ignorance\"},\n"
	                          "    {\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": 8},\n"
	                          "    {\"phrase\": \"你得问一下{target}\", \"category\": \"referral\"},\n"
	                          "    {\"phrase\": \"不能……跟你 … 保证\", \"category\": \"noncommittal\"},\n"
	                          "    {\"phrase\": \"我很清楚\", \"category\": \"none\", \"source\": \"s\", \"note\": \"n\"},\n"
	                          "    {\"phrase\": \"适时发布\", \"category\": \"deferral\", \"declines\": true},\n"
	                          "    {\"phrase\": \"请向{target}\", \"category\": \"referral\", \"declines\": false}\n"
	                          "  ]\n"
	                          "}\n"),
	                    "");
	assert_int_equal(lx.n, 7);
	assert_int_equal(lx.nfiles, 1);
	assert_string_equal(lx.files[0], "zh.json");
	assert_int_equal(lx.norg[zh], 2);
	assert_int_equal(lx.norg[en], 0);
	const ts_lexentry *e = lx.entries;
	assert_int_equal(e[0].npieces, 1);
	assert_int_equal(e[0].max_gap, TS_LEX_DEFAULT_GAP);
	assert_int_equal(e[0].category, TS_CAT_IGNORANCE);
	assert_int_equal(e[0].language, zh);
	assert_int_equal(e[0].number, 1);
	assert_int_equal(e[1].npieces, 2);
	assert_string_equal(ts_lexentry_piece(&e[1], 0), "得");
	assert_string_equal(ts_lexentry_piece(&e[1], 1), "研究");
	assert_int_equal(e[1].max_gap, 8);
	assert_false(e[0].declines);
	assert_true(e[5].declines);
	assert_false(e[6].declines);
	assert_true(e[2].target);
	assert_int_equal(e[2].npieces, 1);
	assert_string_equal(ts_lexentry_piece(&e[2], 0), "你得问一下");
	assert_string_equal(e[2].phrase, "你得问一下{target}");
	/* "……" is one separator; blanks around pieces go */
	assert_int_equal(e[3].npieces, 3);
	assert_string_equal(ts_lexentry_piece(&e[3], 1), "跟你");
	assert_int_equal(e[4].category, TS_CAT_NONE);
	assert_int_equal(e[4].number, 5);
	/* a second file adds */
	assert_string_equal(parse("{\"language\": \"en\", \"org_words\": [\"office\"],"
	                          " \"entries\": [{\"phrase\": \"no comment\", \"category\": \"refusal\"}]}"),
	                    "");
	assert_int_equal(lx.n, 8);
	assert_int_equal(lx.entries[7].language, en);
	assert_int_equal(lx.entries[7].file, 1);
	assert_int_equal(lx.norg[en], 1);
}

static void file_errors(void **state)
{
	(void)state;
	assert_string_equal(parse(""), "zh.json: empty file");
	assert_string_equal(parse(" \n"), "zh.json: empty file");
	assert_string_equal(parse("[]"), "zh.json: not a JSON object");
	assert_string_equal(parse("{\"entries\": [{}]}"), "zh.json: missing 'language'");
	assert_string_equal(parse("{\"language\": 1, \"entries\": []}"),
	                    "zh.json: 'language' is not a string");
	assert_string_equal(parse("{\"language\": \"fr\", \"entries\": []}"),
	                    "zh.json: unknown language 'fr' (zh or en)");
	assert_string_equal(parse("{\"language\": \"zh\"}"), "zh.json: missing 'entries'");
	assert_string_equal(parse("{\"language\": \"zh\", \"entries\": {}}"),
	                    "zh.json: 'entries' is not an array");
	assert_string_equal(parse("{\"language\": \"zh\", \"entries\": []}"),
	                    "zh.json: 'entries' is empty");
	assert_string_equal(parse("{\"language\": \"zh\", \"entires\": []}"),
	                    "zh.json: unknown key 'entires'");
	assert_string_equal(parse("{\"language\": \"zh\", \"language\": \"en\", \"entries\": []}"),
	                    "zh.json: duplicate key 'language'");
	assert_string_equal(parse("{\"language\": \"zh\", \"description\": 2, \"entries\": []}"),
	                    "zh.json: 'description' is not a string");
	assert_string_equal(parse("{\"language\": \"zh\", \"org_words\": \"部\", \"entries\": "
	                          "[{\"phrase\": \"a\", \"category\": \"none\"}]}"),
	                    "zh.json: 'org_words' is not an array");
	assert_string_equal(parse("{\"language\": \"zh\", \"org_words\": [\"部\", 3], \"entries\": "
	                          "[{\"phrase\": \"a\", \"category\": \"none\"}]}"),
	                    "zh.json: org_words: word 2 is not a string");
	assert_string_equal(parse("{\"language\": \"zh\", \"org_words\": [\" \"], \"entries\": "
	                          "[{\"phrase\": \"a\", \"category\": \"none\"}]}"),
	                    "zh.json: org_words: word 1 is empty");
	assert_string_equal(parse("{\"language\": \"zh\", \"lead_words\": [\"我们\", \"\"], \"entries\": "
	                          "[{\"phrase\": \"a\", \"category\": \"none\"}]}"),
	                    "zh.json: lead_words: word 2 is empty");
	assert_string_equal(parse("{\"language\": \"zh\", \"org_words\": [\"部\"], \"lead_words\": "
	                          "[\"我们\"], \"entries\": 1}"),
	                    "zh.json: 'entries' is not an array");
	/* nothing of a failed file stays */
	assert_int_equal(lx.n, 0);
	assert_int_equal(lx.nfiles, 0);
	assert_int_equal(lx.norg[zh], 0);
	assert_int_equal(lx.nlead[zh], 0);
}

static void syntax_errors(void **state)
{
	(void)state;
	/* A missing comma: the error points at the next key, line 4 column 20
	 * (four blanks, then {"phrase": "a" and a blank make 19 characters). */
	assert_string_equal(parse("{\n"
	                          "  \"language\": \"zh\",\n"
	                          "  \"entries\": [\n"
	                          "    {\"phrase\": \"a\" \"category\": \"refusal\"}\n"
	                          "  ]\n"
	                          "}\n"),
	                    "zh.json:4:20: invalid JSON");
	/* Columns count characters: 好 is one. */
	assert_string_equal(parse("{\"language\": \"好\" x}"), "zh.json:1:18: invalid JSON");
	assert_string_equal(parse("{\"language\": \"zh\", \"entries\": [{\"phrase\": \"\xC3x\"}]}"),
	                    "zh.json:1:44: invalid UTF-8 byte 0xC3");
	assert_string_equal(parse("{\"language\": \"zh\", \"entries\": "
	                          "[{\"phrase\": \"a\", \"category\": \"none\"}]}\n{}"),
	                    "zh.json:2:1: text after the JSON document");
	char nul[] = "{\"language\"\0: \"zh\"}";
	ts_error err = {0};
	assert_int_equal(ts_lexicon_parse(&lx, "zh.json", nul, sizeof nul - 1, &err), TS_EDATA);
	assert_string_equal(err.msg, "NUL byte in text");
	assert_int_equal(err.col, 12);
	assert_int_equal(lx.n, 0);
}

static void entry_errors(void **state)
{
	(void)state;
	assert_string_equal(entry("\"phrase\": \"a\", \"category\": \"refer\""),
	                    "zh.json: entry 2: unknown category 'refer'");
	assert_string_equal(entry("\"phrase\": \"a\", \"categroy\": \"refusal\""),
	                    "zh.json: entry 2: unknown key 'categroy'");
	assert_string_equal(entry("\"phrase\": \"a\", \"phrase\": \"b\", \"category\": \"refusal\""),
	                    "zh.json: entry 2: duplicate key 'phrase'");
	assert_string_equal(entry("\"category\": \"refusal\""), "zh.json: entry 2: missing 'phrase'");
	assert_string_equal(entry("\"phrase\": 1, \"category\": \"refusal\""),
	                    "zh.json: entry 2: 'phrase' is not a string");
	assert_string_equal(entry("\"phrase\": \"a\""), "zh.json: entry 2: missing 'category'");
	assert_string_equal(entry("\"phrase\": \"a\", \"category\": null"),
	                    "zh.json: entry 2: 'category' is not a string");
	assert_string_equal(entry("\"phrase\": \"a\", \"category\": \"refusal\", \"source\": []"),
	                    "zh.json: entry 2: 'source' is not a string");
	assert_string_equal(entry("\"phrase\": \"a\", \"category\": \"refusal\", \"note\": 1"),
	                    "zh.json: entry 2: 'note' is not a string");
	assert_string_equal(entry("\"phrase\": \"  \", \"category\": \"refusal\""),
	                    "zh.json: entry 2: empty phrase");
	assert_string_equal(parse("{\"language\": \"zh\", \"entries\": [1]}"),
	                    "zh.json: entry 1: not an object");
	assert_int_equal(lx.n, 0);
}

static void phrase_errors(void **state)
{
	(void)state;
	assert_string_equal(entry("\"phrase\": \"无可奉告\", \"category\": \"refusal\", \"declines\": true"),
	                    "zh.json: entry 2: 'declines' on a refusal entry: only referral and deferral "
	                    "entries decline");
	assert_string_equal(entry("\"phrase\": \"适时发布\", \"category\": \"deferral\", \"declines\": 1"),
	                    "zh.json: entry 2: 'declines' is not true or false");
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": 41"),
	                    "zh.json: entry 2: 'max_gap' must be an integer from 0 to 40: 41");
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": 2.5"),
	                    "zh.json: entry 2: 'max_gap' must be an integer from 0 to 40: 2.5");
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": -1"),
	                    "zh.json: entry 2: 'max_gap' must be an integer from 0 to 40: -1");
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": \"3\""),
	                    "zh.json: entry 2: 'max_gap' must be an integer from 0 to 40");
	/* three full stops instead of an ellipsis */
	assert_string_equal(entry("\"phrase\": \"得...研究\", \"category\": \"deferral\", \"max_gap\": 3"),
	                    "zh.json: entry 2: 'max_gap' but no '…' in phrase '得...研究'");
	assert_string_equal(entry("\"phrase\": \"得…\", \"category\": \"deferral\""),
	                    "zh.json: entry 2: empty piece in phrase '得…'");
	assert_string_equal(entry("\"phrase\": \"… 研究\", \"category\": \"deferral\""),
	                    "zh.json: entry 2: empty piece in phrase '… 研究'");
	assert_string_equal(entry("\"phrase\": \"{target}\", \"category\": \"referral\""),
	                    "zh.json: entry 2: no text before {target} in phrase '{target}'");
	assert_string_equal(entry("\"phrase\": \"问{target}一下\", \"category\": \"referral\""),
	                    "zh.json: entry 2: '{' or '}' other than a final {target} in phrase "
	                    "'问{target}一下'");
	assert_string_equal(entry("\"phrase\": \"问一下{dept}\", \"category\": \"referral\""),
	                    "zh.json: entry 2: '{' or '}' other than a final {target} in phrase "
	                    "'问一下{dept}'");
	assert_string_equal(entry("\"phrase\": \"得…问{target}\", \"category\": \"referral\""),
	                    "zh.json: entry 2: {target} and '…' in one phrase '得…问{target}'");
	assert_string_equal(entry("\"phrase\": \"a…b…c…d…e…f…g…h…i\", \"category\": \"refusal\""),
	                    "zh.json: entry 2: more than 8 pieces in phrase 'a…b…c…d…e…f…g…h…i'");
	char big[700];
	memset(big, 'a', sizeof big);
	big[sizeof big - 1] = '\0';
	char members[800];
	snprintf(members, sizeof members, "\"phrase\": \"%s\", \"category\": \"refusal\"", big);
	assert_string_equal(entry(members), "zh.json: entry 2: phrase longer than 512 bytes");
	assert_int_equal(lx.n, 0);
	/* a gap of 0 and of 40 are fine */
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": 0"), "");
	assert_string_equal(entry("\"phrase\": \"得…研究\", \"category\": \"deferral\", \"max_gap\": 40"), "");
	assert_int_equal(lx.n, 4);
}

static void files(void **state)
{
	(void)state;
	ts_error err = {0};
	assert_int_equal(ts_lexicon_load(&lx, "/nonexistent/zh.json", &err), TS_EIO);
	char msg[1200];
	ts_error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, "/nonexistent/zh.json: cannot open: No such file or directory");
	const char *text = "{\"language\": \"en\", \"entries\": [{\"phrase\": \"no comment\", "
	                   "\"category\": \"refusal\"}]}";
	const char *p = temp_file(text, strlen(text));
	assert_int_equal(ts_lexicon_load(&lx, p, &err), 0);
	assert_int_equal(lx.n, 1);
	assert_string_equal(lx.files[0], p);
	unlink(p);
	assert_string_equal(ts_category_name(TS_CAT_REFERRAL), "referral");
	assert_string_equal(ts_category_name(TS_CAT_REFUSAL), "refusal");
	assert_string_equal(ts_category_name(TS_CAT_NONE), "none");
	assert_string_equal(langs.lang[en]->name, "en");
}

/* Leading function words come off a target, whole words in English, but
 * one word always stays. */
static void trim_targets(void **state)
{
	(void)state;
	assert_string_equal(parse("{\"language\": \"en\", \"lead_words\": [\"the\", \"a\"], "
	                          "\"entries\": [{\"phrase\": \"x\", \"category\": \"none\"}]}"), "");
	assert_string_equal(parse("{\"language\": \"zh\", \"lead_words\": [\"我们\"], "
	                          "\"entries\": [{\"phrase\": \"x\", \"category\": \"none\"}]}"), "");
	const char *t = "ask The Department of Justice";
	assert_int_equal(ts_lexicon_trim_target(&lx, en, t, 4, strlen(t)), 8);
	t = "ask theater staff"; /* "the" must be a whole word */
	assert_int_equal(ts_lexicon_trim_target(&lx, en, t, 4, strlen(t)), 4);
	t = "a the";            /* the last word stays */
	assert_int_equal(ts_lexicon_trim_target(&lx, en, t, 0, strlen(t)), 2);
	t = "问我们上级";
	assert_int_equal(ts_lexicon_trim_target(&lx, zh, t, 3, strlen(t)), 9);
	t = "问我的上级";         /* the first character alone is no word */
	assert_int_equal(ts_lexicon_trim_target(&lx, zh, t, 3, strlen(t)), 3);
	t = "ask THE A Department";  /* one word after another */
	assert_int_equal(ts_lexicon_trim_target(&lx, en, t, 4, strlen(t)), 10);
	t = "ask the";            /* nothing past the start */
	assert_int_equal(ts_lexicon_trim_target(&lx, en, t, 7, strlen(t)), 7);
}


/* A file of n entries "NAME i …piece i" (one more, of an unknown category,
 * when bad) and an organisation word. */
static const char *numbered(ts_buf *b, const char *name, size_t n, int bad)
{
	b->len = 0;
	ts_buf_printf(b, "{\"language\": \"zh\", \"org_words\": [\"%s\"], \"entries\": [", name);
	for (size_t i = 0; i < n + (size_t)bad; i++)
		ts_buf_printf(b, "%s{\"phrase\": \"%s %zu of a phrase long enough to fill blocks "
		                 "\xE2\x80\xA6 piece %zu\", \"category\": \"%s\", \"max_gap\": 3}",
		              i ? ",\n" : "", name, i, i, i < n ? "deferral" : "bogus");
	ts_buf_append(b, "]}", 2);
	return b->ptr;
}

static void same_numbered(size_t from, const char *name, size_t n, size_t file)
{
	char want[200], piece[64];
	for (size_t i = 0; i < n; i++) {
		const ts_lexentry *e = &lx.entries[from + i];
		snprintf(want, sizeof want, "%s %zu of a phrase long enough to fill blocks "
		                            "\xE2\x80\xA6 piece %zu", name, i, i);
		assert_string_equal(e->phrase, want);
		snprintf(want, sizeof want, "%s %zu of a phrase long enough to fill blocks", name, i);
		snprintf(piece, sizeof piece, "piece %zu", i);
		assert_int_equal(e->npieces, 2);
		assert_string_equal(ts_lexentry_piece(e, 0), want);
		assert_string_equal(ts_lexentry_piece(e, 1), piece);
		assert_int_equal(e->number, i + 1);
		assert_int_equal(e->file, file);
	}
}

/* The entries' texts and the words are kept in blocks of the lexicon:
 * thousands of entries over several blocks keep their texts; a file that
 * fails after filling a block more and starting new ones leaves the
 * lexicon as it was, and what comes after it goes where it would have
 * gone. */
static void many_texts(void **state)
{
	(void)state;
	ts_buf b = {0};
	ts_error err = {0};
	const char *t = numbered(&b, "first", 3000, 0);
	assert_int_equal(ts_lexicon_parse(&lx, "a.json", t, strlen(t), &err), 0);
	const ts_lexblock *texts = lx.texts;
	for (size_t n = 1; n < 3000; n *= 3) {
		t = numbered(&b, "failed", n, 1);
		assert_int_equal(ts_lexicon_parse(&lx, "b.json", t, strlen(t), &err), TS_EDATA);
		assert_int_equal(lx.n, 3000);
		assert_int_equal(lx.nfiles, 1);
		assert_int_equal(lx.norg[zh], 1);
		assert_ptr_equal(lx.texts, texts);
		same_numbered(0, "first", 3000, 0);
	}
	t = numbered(&b, "third", 2000, 0);
	assert_int_equal(ts_lexicon_parse(&lx, "c.json", t, strlen(t), &err), 0);
	assert_int_equal(lx.n, 5000);
	assert_int_equal(lx.norg[zh], 2);
	assert_string_equal(lx.org[zh][0], "first");
	assert_string_equal(lx.org[zh][1], "third");
	same_numbered(0, "first", 3000, 0);
	same_numbered(3000, "third", 2000, 1);
	ts_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(loads, setup, teardown),
		cmocka_unit_test_setup_teardown(file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(entry_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(phrase_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(files, setup, teardown),
		cmocka_unit_test_setup_teardown(trim_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(many_texts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
