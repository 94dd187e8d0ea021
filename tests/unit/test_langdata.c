/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <sys/stat.h>

#include "base/jsondoc.h"
#include "base/lang.h"

static ts_langs ls;

static int setup(void **state)
{
	(void)state;
	ts_langs_init(&ls);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_langs_free(&ls);
	return 0;
}

/* Parse text as "t.json" (the file listed as `expect`, or any); returns
 * the formatted error ("" when it loaded). */
static const char *parse_as(const char *text, const char *expect)
{
	static char msg[1200];
	ts_error err = {0};
	int rc = ts_langs_parse(&ls, "t.json", expect, text, strlen(text), &err);
	if (!rc)
		return "";
	assert_int_equal(rc, err.code);
	ts_error_format(&err, msg, sizeof msg);
	return msg;
}

static const char *parse(const char *text)
{
	return parse_as(text, NULL);
}

/* A file with the three required keys and then `members`.  The prefix
 * {"language": "xx", "script": "cjk", "unit": "chars",  is 53 characters:
 * the first member's key is at column 54. */
static const char *with(const char *members)
{
	static char buf[1024];
	snprintf(buf, sizeof buf, "{\"language\": \"xx\", \"script\": \"cjk\", \"unit\": \"chars\", %s}",
	         members);
	return parse(buf);
}

static void builtin(void **state)
{
	(void)state;
	char dir[1024];
	const char *dd = getenv("TALKSTAT_DATADIR");
	assert_non_null(dd);
	snprintf(dir, sizeof dir, "%s/lang", dd);
	ts_error err = {0};
	assert_int_equal(ts_langs_load(&ls, dir, &err), 0);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ts_langs_find(&ls, "zh"), 0);
	assert_int_equal(ts_langs_find(&ls, "en"), 1);
	assert_int_equal(ts_langs_find(&ls, "fr"), -1);
	char names[64];
	ts_langs_names(&ls, names, sizeof names);
	assert_string_equal(names, "zh or en");
	const ts_lang *zh = ls.lang[0], *en = ls.lang[1];
	assert_int_equal(zh->script, TS_SCRIPT_CJK);
	assert_int_equal(zh->unit, TS_UNIT_CHARS);
	assert_int_equal(zh->qform, TS_QFORM_PARTICLES);
	assert_int_equal(zh->keys_by, TS_KEYS_PAIRS);
	assert_false(zh->full_stop);
	assert_false(zh->by_part);
	assert_int_equal(zh->hesitation_max, 4);
	assert_int_equal(zh->target_window, 24);
	assert_true(zh->qplain);  /* no letter with case among its cues */
	assert_int_equal(en->script, TS_SCRIPT_ALPHABETIC);
	assert_int_equal(en->unit, TS_UNIT_WORDS);
	assert_int_equal(en->qform, TS_QFORM_INVERSION);
	assert_true(en->full_stop);
	assert_true(en->by_part);
	assert_int_equal(en->min_word_length, 3);
	assert_int_equal(en->target_window, 60);
	assert_false(en->qplain);
	/* 对吧 是吧 对不对 好不好 是不是 行不行 对不 */
	assert_int_equal(zh->list[TS_L_Q_TAGS].n, 7);
	/* do does did is are was were am, can could will would should shall may
	 * might, have has had must, and the 15 negative forms */
	assert_int_equal(en->list[TS_L_I_AUXILIARIES].n, 35);
	assert_true(ts_words_has(&en->list[TS_L_I_AUXILIARIES], "isn't", 5) >= 0);
	assert_int_equal(ts_words_has(&en->list[TS_L_I_AUXILIARIES], "isn", 3), -1);
	/* what is read before the language is known: both languages' words */
	assert_int_equal(ls.stage[TS_EVENT_LAUGHTER].n, 4);  /* 笑 laugh chuckl giggl */
	assert_int_equal(ls.stage[TS_EVENT_NOTE].n, 0);
	/* the titles a label may hold, as before the lists were data: mr ms mrs
	 * dr st sen rep gen gov amb adm lt col sgt capt prof jr sr hon rev maj
	 * cmdr supt insp det */
	assert_int_equal(ls.titles.n, 25);
	assert_int_equal(en->list[TS_L_ABBREVIATIONS].n, 8);  /* vs etc no u.s e.g i.e a.m p.m */
	assert_int_equal(ls.by_script[TS_SCRIPT_CJK], 0);
	assert_int_equal(ls.by_script[TS_SCRIPT_ALPHABETIC], 1);
}

static void minimal(void **state)
{
	(void)state;
	assert_string_equal(parse("{\"language\": \"xx\", \"script\": \"alphabetic\", \"unit\": \"words\"}"),
	                    "");
	assert_int_equal(ls.n, 1);
	const ts_lang *l = ls.lang[0];
	assert_string_equal(l->name, "xx");
	assert_int_equal(l->qform, TS_QFORM_NONE);
	assert_int_equal(l->target_window, 24);
	assert_int_equal(l->min_word_length, 1);
	assert_false(l->full_stop);
	for (int k = 0; k < TS_L_COUNT; k++)
		assert_int_equal(l->list[k].n, 0);
	/* a second language; then one language of each script */
	assert_string_equal(parse("{\"language\": \"yy\", \"script\": \"cjk\", \"unit\": \"chars\", "
	                          "\"stage_directions\": {\"pause\": [\"停\"]}}"),
	                    "");
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.by_script[TS_SCRIPT_ALPHABETIC], 0);
	assert_int_equal(ls.by_script[TS_SCRIPT_CJK], 1);
	assert_int_equal(ls.stage[TS_EVENT_PAUSE].n, 1);
}

static void errors(void **state)
{
	(void)state;
	assert_string_equal(parse(""), "t.json: empty file");
	assert_string_equal(parse("[1]"), "t.json:1:1: not a JSON object");
	assert_string_equal(parse(" {}"), "t.json:1:2: missing 'language'");
	assert_string_equal(parse("{\"language\": 1}"), "t.json:1:14: 'language' is not a string");
	assert_string_equal(parse("{\"language\": \"x y\"}"),
	                    "t.json:1:14: 'language' is not a name of letters, digits, '-' and '_' "
	                    "(at most 15): 'x y'");
	assert_string_equal(parse("{\"language\": \"\xff\"}"), "t.json:1:15: invalid UTF-8 byte 0xFF");
	assert_string_equal(parse("{\"language\": \"xx\" \"script\"}"), "t.json:1:19: invalid JSON");
	assert_string_equal(parse("{\"language\": \"xx\"} {}"),
	                    "t.json:1:20: text after the JSON document");
	assert_string_equal(parse("{\"language\": \"xx\", \"unit\": \"chars\"}"),
	                    "t.json:1:1: missing 'script'");
	assert_string_equal(parse("{\"language\": \"xx\", \"script\": \"latin\", \"unit\": \"words\"}"),
	                    "t.json:1:30: 'script' must be 'cjk' or 'alphabetic'");
	/* the second of two keys is the one at fault */
	assert_string_equal(parse("{\"language\": \"xx\", \"script\": \"cjk\", \"script\": \"cjk\", "
	                          "\"unit\": \"chars\"}"),
	                    "t.json:1:37: duplicate key 'script'");
	assert_string_equal(with("\"questons\": {}"), "t.json:1:54: unknown key 'questons'");
	assert_string_equal(with("\"language_\": 1"), "t.json:1:54: unknown key 'language_'");
	assert_string_equal(with("\"description\": 2"), "t.json:1:69: 'description' is not a string");
	assert_string_equal(with("\"full_stop\": 1"), "t.json:1:67: 'full_stop' must be true or false");
	assert_string_equal(with("\"target_window\": 0"),
	                    "t.json:1:71: 'target_window' must be a whole number from 1 to 200");
	assert_string_equal(with("\"target_window\": 2.5"),
	                    "t.json:1:71: 'target_window' must be a whole number from 1 to 200");
	assert_string_equal(with("\"questions\": []"), "t.json:1:67: 'questions' is not an object");
	assert_string_equal(with("\"questions\": {\"tags\": []}"),
	                    "t.json:1:67: missing 'questions.form'");
	assert_string_equal(with("\"questions\": {\"form\": \"particle\"}"),
	                    "t.json:1:76: 'questions.form' must be 'particles' or 'inversion'");
	assert_string_equal(with("\"questions\": {\"form\": \"particles\", \"auxiliaries\": [\"do\"]}"),
	                    "t.json:1:89: 'questions.auxiliaries' is not a rule of form 'particles'");
	assert_string_equal(with("\"keys\": {\"by\": \"character_pairs\", \"min_length\": 3}"),
	                    "t.json:1:88: 'keys.min_length' is not a rule of keys by 'character_pairs'");
	assert_string_equal(with("\"labels\": {\"not_speaker\": []}"),
	                    "t.json:1:65: unknown key 'labels.not_speaker'");
	assert_string_equal(with("\"replies\": {\"by_part\": true, \"by_part\": false}"),
	                    "t.json:1:83: duplicate key 'replies.by_part'");
	/* nothing of a file that failed stays */
	assert_int_equal(ls.n, 0);
}

static void list_errors(void **state)
{
	(void)state;
	assert_string_equal(with("\"replies\": {\"fillers\": \"well\"}"),
	                    "t.json:1:77: 'replies.fillers' is not an array");
	assert_string_equal(with("\"replies\": {\"fillers\": [\"well\", 2]}"),
	                    "t.json:1:86: 'replies.fillers' item 2 is not a string");
	/* columns count characters */
	assert_string_equal(with("\"replies\": {\"fillers\": [\"嗯\", 1]}"),
	                    "t.json:1:83: 'replies.fillers' item 2 is not a string");
	assert_string_equal(with("\"replies\": {\"fillers\": [\" \"]}"),
	                    "t.json:1:78: 'replies.fillers' item 1 is empty");
	/* a repeat is a repeat without case: the lists are matched so */
	assert_string_equal(with("\"replies\": {\"fillers\": [\"Well\", \"well\"]}"),
	                    "t.json:1:86: 'replies.fillers' has 'well' twice");
	assert_string_equal(with("\"questions\": {\"form\": \"particles\", \"negators\": [\"不是\"]}"),
	                    "t.json:1:102: 'questions.negators' item 1 is not one character: '不是'");
	assert_string_equal(with("\"questions\": {\"form\": \"inversion\", \"wh\": [\"what's up\"]}"),
	                    "t.json:1:96: 'questions.wh' item 1 is not one word of letters a to z, "
	                    "digits and apostrophes (at most 30 each): 'what's up'");
	/* openers may be several words; curly apostrophes are straight ones */
	assert_string_equal(with("\"questions\": {\"form\": \"inversion\", \"openers\": [\"I mean\", "
	                         "\"that’s\"]}"),
	                    "");
	ts_langs_free(&ls);
	assert_string_equal(with("\"questions\": {\"form\": \"inversion\", \"openers\": [\"i  mean\"]}"),
	                    "t.json:1:101: 'questions.openers' item 1 is not words of letters a to z, "
	                    "digits and apostrophes (at most 30 each): 'i  mean'");
	/* on several lines */
	assert_string_equal(parse("{\n  \"language\": \"xx\",\n  \"script\": \"cjk\",\n"
	                          "  \"unit\": \"chars\",\n  \"full_stop\": \"yes\"\n}"),
	                    "t.json:5:16: 'full_stop' must be true or false");
	assert_int_equal(ls.n, 0);
}

static void set_errors(void **state)
{
	(void)state;
	const char *xx = "{\"language\": \"xx\", \"script\": \"cjk\", \"unit\": \"chars\"}";
	assert_string_equal(parse_as(xx, "yy"),
	                    "t.json:1:14: 'language' is 'xx', but the file is listed as 'yy'");
	assert_string_equal(parse(xx), "");
	assert_string_equal(parse(xx), "t.json:1:14: language 'xx' is loaded twice");
	char doc[128];
	for (int i = 1; i < TS_LANG_MAX; i++) {
		snprintf(doc, sizeof doc, "{\"language\": \"x%d\", \"script\": \"cjk\", \"unit\": \"chars\"}",
		         i);
		assert_string_equal(parse(doc), "");
	}
	ts_error err = {0};
	assert_int_equal(ts_langs_parse(&ls, "t.json", NULL, xx, strlen(xx), &err), TS_ELIMIT);
	assert_string_equal(err.msg, "more than 8 languages");
	assert_int_equal(ls.n, TS_LANG_MAX);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ts_langs_load over a folder: returns the message with the folder as
 * DIR. */
static const char *load(const char *dir)
{
	static char msg[1200], out[1200];
	ts_error err = {0};
	ts_langs_free(&ls);
	if (!ts_langs_load(&ls, dir, &err))
		return "";
	ts_error_format(&err, msg, sizeof msg);
	size_t n = strlen(dir);
	const char *at = strstr(msg, dir);
	if (at)
		snprintf(out, sizeof out, "%.*sDIR%s", (int)(at - msg), msg, at + n);
	else
		snprintf(out, sizeof out, "%s", msg);
	return out;
}

static void listed(void **state)
{
	(void)state;
	char dir[] = "/tmp/ts-langdata-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "aa.json", "{\"language\": \"aa\", \"script\": \"cjk\", \"unit\": \"chars\"}");
	write_file(dir, "bb.json", "{\"language\": \"bb\", \"script\": \"alphabetic\", \"unit\": \"words\"}");
	write_file(dir, "cc.json", "{\"language\": \"bb\", \"script\": \"alphabetic\", \"unit\": \"words\"}");
	write_file(dir, "languages.txt", "# comment\n\nbb\n  aa  \n");
	assert_string_equal(load(dir), "");
	assert_int_equal(ls.n, 2);
	assert_string_equal(ls.lang[0]->name, "bb");
	assert_string_equal(ls.lang[1]->name, "aa");
	write_file(dir, "languages.txt", "aa\nbb\naa\n");
	assert_string_equal(load(dir), "DIR/languages.txt:3:1: 'aa' is listed twice");
	write_file(dir, "languages.txt", "aa\n b/c\n");
	assert_string_equal(load(dir), "DIR/languages.txt:2:2: not a language name (letters, digits, "
	                               "'-' and '_', at most 15): 'b/c'");
	write_file(dir, "languages.txt", "cc\n");
	assert_string_equal(load(dir),
	                    "DIR/cc.json:1:14: 'language' is 'bb', but the file is listed as 'cc'");
	write_file(dir, "languages.txt", "dd\n");
	assert_string_equal(load(dir), "DIR/dd.json: cannot open: No such file or directory");
	write_file(dir, "languages.txt", "# none\n");
	assert_string_equal(load(dir), "DIR/languages.txt: no language listed");
	const char *names[] = {"aa.json", "bb.json", "cc.json", "languages.txt"};
	for (size_t i = 0; i < 4; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void turn_language(void **state)
{
	(void)state;
	assert_string_equal(parse("{\"language\": \"zz\", \"script\": \"cjk\", \"unit\": \"chars\"}"), "");
	assert_string_equal(parse("{\"language\": \"ww\", \"script\": \"alphabetic\", \"unit\": \"words\"}"),
	                    "");
	ts_call call = {0};
	ts_turn t = {0};
	t.cjk = 3;
	t.words = 1;  /* "ＣＬＢ的人": CJK */
	assert_int_equal(ts_turn_language(&ls, &call, &t), 0);
	t.cjk = 1;
	t.words = 2;
	assert_int_equal(ts_turn_language(&ls, &call, &t), 1);
	t.cjk = t.words = 0;  /* "……": its call's unit */
	call.unit = TS_UNIT_CHARS;
	assert_int_equal(ts_turn_language(&ls, &call, &t), 0);
	call.unit = TS_UNIT_WORDS;
	assert_int_equal(ts_turn_language(&ls, &call, &t), 1);
}


static void same_words(const ts_words *a, const ts_words *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].raw, b->v[i].raw);
		assert_int_equal(a->v[i].len, b->v[i].len);
		assert_memory_equal(a->v[i].w, b->v[i].w, a->v[i].len);
	}
}

/* ts_langs_load merges the languages' words once, after the last, where
 * ts_langs_parse merges after each: the same lists.  More languages than
 * a run takes fail on the first too many that is read; one that cannot be
 * read fails as such first. */
static void merged_once(void **state)
{
	(void)state;
	char dir[1200], path[1300];
	const char *dd = getenv("TALKSTAT_DATADIR");
	snprintf(dir, sizeof dir, "%s/lang", dd ? dd : ".");
	assert_string_equal(load(dir), "");
	ts_langs each;
	ts_langs_init(&each);
	for (size_t i = 0; i < ls.n; i++) {
		ts_buf b = {0};
		ts_error err = {0};
		snprintf(path, sizeof path, "%s/%s.json", dir, ls.lang[i]->name);
		assert_int_equal(ts_jsondoc_read(path, 1 << 20, "x", &b, &err), 0);
		assert_int_equal(ts_langs_parse(&each, path, ls.lang[i]->name, b.ptr, b.len, &err), 0);
		ts_buf_free(&b);
	}
	assert_int_equal(each.n, ls.n);
	assert_memory_equal(each.by_script, ls.by_script, sizeof ls.by_script);
	assert_memory_equal(each.by_unit, ls.by_unit, sizeof ls.by_unit);
	for (int k = 0; k < TS_EVENT_KIND_COUNT; k++)
		same_words(&each.stage[k], &ls.stage[k]);
	same_words(&each.titles, &ls.titles);
	same_words(&each.not_speakers, &ls.not_speakers);
	ts_langs_free(&each);

	char tmp[] = "/tmp/ts-langdata-XXXXXX";
	assert_non_null(mkdtemp(tmp));
	ts_buf list = {0};
	for (int i = 0; i <= TS_LANG_MAX; i++) {
		char name[16], text[200];
		snprintf(name, sizeof name, "l%d.json", i);
		snprintf(text, sizeof text, "{\"language\": \"l%d\", \"script\": \"cjk\", \"unit\": \"chars\"}", i);
		if (i < TS_LANG_MAX)
			write_file(tmp, name, text);
		ts_buf_printf(&list, "l%d\n", i);
	}
	write_file(tmp, "languages.txt", list.ptr);
	snprintf(path, sizeof path, "DIR/l%d.json: cannot open: No such file or directory",
	         TS_LANG_MAX);
	assert_string_equal(load(tmp), path);
	char name[16], text[200], want[100];
	snprintf(name, sizeof name, "l%d.json", TS_LANG_MAX);
	snprintf(text, sizeof text, "{\"language\": \"l%d\", \"script\": \"cjk\", \"unit\": \"chars\"}",
	         TS_LANG_MAX);
	write_file(tmp, name, text);
	snprintf(want, sizeof want, "DIR/l%d.json: more than %d languages", TS_LANG_MAX, TS_LANG_MAX);
	assert_string_equal(load(tmp), want);
	for (int i = 0; i <= TS_LANG_MAX; i++) {
		snprintf(path, sizeof path, "%s/l%d.json", tmp, i);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/languages.txt", tmp);
	unlink(path);
	rmdir(tmp);
	ts_buf_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(minimal, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
		cmocka_unit_test_setup_teardown(list_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(set_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(listed, setup, teardown),
		cmocka_unit_test_setup_teardown(turn_language, setup, teardown),
		cmocka_unit_test_setup_teardown(merged_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
