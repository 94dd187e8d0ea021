/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* context.c: with two threads the built-in lexicons are read and parsed
 * ahead, while the languages load; the context is the one reading them in
 * turn (--threads 1) makes, and so is every error, on the data files as
 * they are and on folders of broken ones. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include "helpers.h"

#include "analyse/match.h"
#include "base/buf.h"

/* The text of the data file rel under the source tree's data folder. */
static char *data_text(const char *rel)
{
	const char *dd = getenv("TALKSTAT_DATADIR");
	assert_non_null(dd);
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dd, rel);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	ts_buf b = {0};
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(ts_buf_append(&b, chunk, got), 0);
	fclose(f);
	assert_int_equal(ts_buf_append(&b, "", 1), 0);
	return b.ptr;
}

static void put(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static const char *const files[] = {
	"lang/languages.txt", "lang/zh.json", "lang/en.json", "lexicons/zh.json",
	"lexicons/en.json", "backchannels.txt",
};
enum { NFILES = sizeof files / sizeof *files };

/* A data folder of the source tree's files, file `which` (an index of
 * files) replaced by text, or left out when text is NULL; and, when
 * which2 >= 0, file which2 by text2 too. */
static void make_dir(char *dir, int which, const char *text, int which2, const char *text2)
{
	snprintf(dir, 64, "/tmp/ts-unit-data-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char sub[128];
	snprintf(sub, sizeof sub, "%s/lang", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(sub, sizeof sub, "%s/lexicons", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	for (int i = 0; i < NFILES; i++) {
		const char *t = i == which ? text : i == which2 ? text2 : NULL;
		if ((i == which || i == which2) && !t)
			continue;
		char *own = t ? NULL : data_text(files[i]);
		put(dir, files[i], t ? t : own, strlen(t ? t : own));
		free(own);
	}
}

static void remove_dir(const char *dir)
{
	char path[1024];
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/lang", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/lexicons", dir);
	rmdir(path);
	rmdir(dir);
}

/* The same lexicons, word for word, and the same automaton. */
static void same_context(const ts_context *a, const ts_context *b)
{
	const ts_lexicon *x = &a->lexicon, *y = &b->lexicon;
	assert_int_equal(x->n, y->n);
	assert_int_equal(x->nfiles, y->nfiles);
	for (size_t f = 0; f < x->nfiles; f++)
		assert_string_equal(x->files[f], y->files[f]);
	for (size_t i = 0; i < x->n; i++) {
		const ts_lexentry *e = &x->entries[i], *g = &y->entries[i];
		assert_string_equal(e->phrase, g->phrase);
		assert_int_equal(e->category, g->category);
		assert_int_equal(e->language, g->language);
		assert_int_equal(e->max_gap, g->max_gap);
		assert_int_equal(e->file, g->file);
		assert_int_equal(e->number, g->number);
	}
	for (int l = 0; l < TS_LANG_MAX; l++) {
		assert_int_equal(x->norg[l], y->norg[l]);
		for (size_t k = 0; k < x->norg[l]; k++)
			assert_string_equal(x->org[l][k], y->org[l][k]);
		assert_int_equal(x->nlead[l], y->nlead[l]);
		for (size_t k = 0; k < x->nlead[l]; k++)
			assert_string_equal(x->lead[l][k], y->lead[l][k]);
	}
	assert_int_equal(!a->matcher, !b->matcher);
	if (a->matcher)
		assert_int_equal(ts_matcher_states(a->matcher), ts_matcher_states(b->matcher));
}

/* The context of datadir (NULL: the environment's) with one thread and
 * with two: the same context, or the same error. */
static void as_in_turn(const char *datadir, unsigned sections)
{
	ts_context *ctx[2] = {NULL, NULL};
	ts_error err[2];
	int rc[2];
	for (int k = 0; k < 2; k++) {
		ts_options o;
		ts_options_init(&o);
		o.datadir = datadir;
		o.threads = k ? 2 : 1;
		o.sections = sections;
		memset(&err[k], 0, sizeof err[k]);
		rc[k] = ts_context_new(&ctx[k], &o, &err[k]);
	}
	assert_int_equal(rc[0], rc[1]);
	if (rc[0]) {
		assert_int_equal(err[0].code, err[1].code);
		assert_string_equal(err[0].file, err[1].file);
		assert_int_equal(err[0].line, err[1].line);
		assert_int_equal(err[0].col, err[1].col);
		assert_string_equal(err[0].msg, err[1].msg);
	} else {
		same_context(ctx[0], ctx[1]);
	}
	ts_context_free(ctx[0]);
	ts_context_free(ctx[1]);
}

static void data_as_in_turn(void **state)
{
	(void)state;
	as_in_turn(NULL, 0);
	as_in_turn(NULL, TS_SECTION_QA);
	as_in_turn(NULL, TS_SECTION_TURNS);  /* no lexicon */
}

/* text cut at `at` bytes (at most its length) into a malloc'd copy. */
static char *cut(const char *text, size_t at)
{
	size_t n = strlen(text);
	at = at < n ? at : n;
	char *c = malloc(at + 1);
	assert_non_null(c);
	memcpy(c, text, at);
	c[at] = '\0';
	return c;
}

/* A copy of text with its first `from` replaced by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	assert_non_null(p);
	size_t a = (size_t)(p - text), fn = strlen(from), tn = strlen(to), n = strlen(text);
	char *c = malloc(n - fn + tn + 1);
	assert_non_null(c);
	memcpy(c, text, a);
	memcpy(c + a, to, tn);
	memcpy(c + a + tn, p + fn, n - a - fn + 1);
	return c;
}

/* Broken lexicons, alone and with broken language files, an unlisted
 * order, a file missing: the same error or context either way. */
static void broken_as_in_turn(void **state)
{
	(void)state;
	char *lex[2] = {data_text("lexicons/zh.json"), data_text("lexicons/en.json")};
	char *lang[2] = {data_text("lang/zh.json"), data_text("lang/en.json")};
	uint64_t seed = 99;
	char dir[64];
	for (int round = 0; round < 24; round++) {
		int l = round & 1, other = 1 - l;
		char *t = NULL, *t2 = NULL;
		int which = 3 + l, which2 = -1;
		switch (round / 2) {
		case 0: t = cut(lex[l], test_random(&seed) % strlen(lex[l])); break;
		case 1: t = cut(lex[l], test_random(&seed) % 2000); break;
		case 2: t = replace(lex[l], "\"category\"", "\"category\\u0000\""); break;
		case 3: t = replace(lex[l], "\"referral\"", "\"bogus\""); break;
		case 4: t = replace(lex[l], l ? "\"en\"" : "\"zh\"", l ? "\"zh\"" : "\"en\""); break;
		case 5: t = NULL; break;  /* the file is missing */
		case 6:  /* the same phrase twice: the automaton's error */
			t = replace(lex[l], "\"entries\": [", l ? "\"entries\": [{\"phrase\": \"refer you to "
			            "{target}\", \"category\": \"referral\"}," : "\"entries\": [{\"phrase\": "
			            "\"不是我这个部门\", \"category\": \"referral\"},");
			break;
		case 7:  /* a broken language file first */
			t = cut(lex[l], 900);
			which2 = 1 + other;
			t2 = cut(lang[other], 400);
			break;
		case 8:  /* both lexicons broken: the first listed reports */
			t = cut(lex[l], 700);
			which2 = 3 + other;
			t2 = cut(lex[other], 800);
			break;
		case 9:
			which = 0;
			t = cut(l ? "en\nzh\n" : "\r\n# the list\n  zh  \n\n\ten\n", 99);
			break;
		case 10:
			which = 0;
			t = cut(l ? "zh\nzh\n" : "zh\nen\nfr\n", 99);
			which2 = 4;
			t2 = cut(lex[1], 600);
			break;
		default:
			which = 0;
			t = cut(l ? "en\n" : "zh\nnot a name\n", 99);
			break;
		}
		make_dir(dir, which, t, which2, t2);
		as_in_turn(dir, 0);
		remove_dir(dir);
		free(t);
		free(t2);
	}
	for (int k = 0; k < 2; k++) {
		free(lex[k]);
		free(lang[k]);
	}
}

/* 0 asks for one thread per processor, whatever the processors are; any
 * other number is taken as asked, up to max. */
static void threads_as_asked(void **state)
{
	(void)state;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned per = cpus < 1 ? 1 : cpus > 64 ? 64 : (unsigned)cpus;
	assert_int_equal(ts_threads_asked(0, 64), per);
	assert_int_equal(ts_threads_asked(0, 1), 1);
	assert_int_equal(ts_threads_asked(1, 64), 1);
	assert_int_equal(ts_threads_asked(3, 64), 3);
	assert_int_equal(ts_threads_asked(300, 256), 256);
	assert_int_equal(ts_threads_asked((size_t)1 << 40, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_as_in_turn),
		cmocka_unit_test(broken_as_in_turn),
		cmocka_unit_test(threads_as_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
