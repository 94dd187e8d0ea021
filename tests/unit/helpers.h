/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Shared by the unit tests: a context over the source tree's data files and
 * transcripts written to temporary files. */
#ifndef TS_TEST_HELPERS_H
#define TS_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "run/context.h"
#include "talkstat.h"

/* from: a format as --from takes it, or NULL; speakers: "A,B" as
 * --speakers takes it, or NULL. */
static inline ts_context *test_context_from(const char *from, const char *speakers,
                                            const char *caller)
{
	ts_options o;
	ts_options_init(&o);
	o.format = from;
	char **names = NULL;
	if (speakers) {
		assert_int_equal(ts_list_split(speakers, strlen(speakers), &names, &o.nspeakers), 0);
		o.speakers = (const char *const *)names;
	}
	o.caller = caller;
	ts_context *ctx = NULL;
	ts_error err = {0};
	int rc = ts_context_new(&ctx, &o, &err);
	ts_list_free(names);
	if (rc)
		fail_msg("context: %s", err.msg);
	return ctx;
}

static inline ts_context *test_context(const char *speakers, const char *caller)
{
	return test_context_from(NULL, speakers, caller);
}

/* A group's state: a context of default options. */
static inline int ctx_setup(void **state)
{
	*state = test_context(NULL, NULL);
	return 0;
}

static inline int ctx_teardown(void **state)
{
	ts_context_free(*state);
	return 0;
}

/* The built-in languages (data/lang under TALKSTAT_DATADIR) into ls. */
static inline void test_langs(ts_langs *ls)
{
	char dir[1024];
	const char *dd = getenv("TALKSTAT_DATADIR");
	snprintf(dir, sizeof dir, "%s/lang", dd ? dd : ".");
	ts_error err = {0};
	ts_langs_init(ls);
	if (ts_langs_load(ls, dir, &err))
		fail_msg("languages: %s", err.msg);
}

/* The index of a loaded language, failing the test when it is not there. */
static inline int test_lang(const ts_langs *ls, const char *name)
{
	int l = ts_langs_find(ls, name);
	if (l < 0)
		fail_msg("no language '%s'", name);
	return l;
}

/* The next number of a xorshift sequence (Marsaglia 2003, "Xorshift
 * RNGs"): texts made at random, the same on every run. */
static inline uint64_t test_random(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

/* A text of `parts` pieces drawn at random from v[0..n) (the high bits of
 * test_random), or of as many as fit in s[0..cap): its length. */
static inline size_t test_pieces(char *s, size_t cap, const char *const *v, size_t n, int parts,
                                 uint64_t *seed)
{
	size_t len = 0;
	for (int p = 0; p < parts; p++) {
		const char *w = v[(test_random(seed) >> 32) % n];
		size_t wl = strlen(w);
		if (wl > cap - len)
			break;
		memcpy(s + len, w, wl);
		len += wl;
	}
	return len;
}

/* The first place of s[0..n) where a terminal mark starts (? ! . or
 * ？ ！ 。 …), byte by byte: no text's unmarked bytes (ts_counts) go past
 * it. */
static inline size_t test_first_mark(const unsigned char *s, size_t n)
{
	static const char *const wide[] = {"？", "！", "。", "…"};
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '?' || s[i] == '!' || s[i] == '.')
			return i;
		for (size_t k = 0; k < 4; k++)
			if (n - i >= 3 && !memcmp(s + i, wide[k], 3))
				return i;
	}
	return n;
}

/* Write text to a temporary file; returns its path (static buffer). */
static inline const char *temp_file(const char *text, size_t len)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/ts-unit-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Open a reader over `text`; the file is unlinked at once (the reader
 * holds it open). */
static inline ts_reader *open_text(ts_context *ctx, const char *text)
{
	const char *path = temp_file(text, strlen(text));
	ts_reader *r = NULL;
	ts_error err;
	int rc = ts_reader_open(&r, ctx, path, &err);
	unlink(path);
	if (rc)
		fail_msg("reader: %s", err.msg);
	return r;
}

/* A context reading the format named (--from). */
static inline ts_context *format_context(const char *format)
{
	ts_options o;
	ts_options_init(&o);
	o.format = format;
	ts_context *ctx = NULL;
	ts_error err = {0};
	if (ts_context_new(&ctx, &o, &err))
		fail_msg("context: %s", err.msg);
	return ctx;
}

/* Read every call of text[0..len) (len 0: the string's): the calls read,
 * or the error (its code, err filled). */
static inline int read_all_n(ts_context *ctx, const char *text, size_t len, ts_error *err)
{
	const char *path = temp_file(text, len ? len : strlen(text));
	ts_reader *r = NULL;
	int rc = ts_reader_open(&r, ctx, path, err);
	unlink(path);
	if (rc)
		return rc;
	const ts_call *c;
	int n = 0;
	while ((rc = ts_reader_next(r, &c, err)) == 1)
		n++;
	ts_reader_close(r);
	return rc < 0 ? rc : n;
}

static inline int read_all(ts_context *ctx, const char *text, ts_error *err)
{
	return read_all_n(ctx, text, 0, err);
}

/* An input that must fail to read, with its message and place. */
typedef struct bad_case {
	const char *text, *msg;
	long line, col;
	size_t len;  /* 0: the string's */
} bad_case;

/* Read each case: each must be the input error it names at its place,
 * the whole message (exact) or one holding msg. */
static inline void expect_errors_in(ts_context *ctx, const bad_case *cases, size_t n, int exact)
{
	for (size_t i = 0; i < n; i++) {
		ts_error err = {0};
		int rc = read_all_n(ctx, cases[i].text, cases[i].len, &err);
		int msg_ok = exact ? !strcmp(err.msg, cases[i].msg) : strstr(err.msg, cases[i].msg) != NULL;
		if (rc != TS_EINPUT || !msg_ok || err.line != cases[i].line || err.col != cases[i].col)
			fail_msg("case %zu: rc %d, %ld:%ld: %s", i, rc, err.line, err.col, err.msg);
	}
}

/* Cases whose messages hold the case's msg. */
static inline void expect_errors(ts_context *ctx, const bad_case *cases, size_t n)
{
	expect_errors_in(ctx, cases, n, 0);
}

/* Cases read as `format`, each message exactly the case's. */
static inline void expect_read_errors(const char *format, const bad_case *cases, size_t n)
{
	ts_context *ctx = format_context(format);
	expect_errors_in(ctx, cases, n, 1);
	ts_context_free(ctx);
}

/* The speaker of turn t of a call. */
static inline const char *turn_speaker(const ts_call *c, size_t t)
{
	return c->speakers[c->turns[t].speaker].id;
}

/* Pairs a[0..n) and b[0..n) of two analyses that must agree (a result
 * made with arrays lent by an earlier one, and one made afresh). */
static inline void assert_pairs_same(const ts_pair *a, const ts_pair *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].question, b[i].question);
		assert_int_equal(a[i].reply_turn, b[i].reply_turn);
		assert_int_equal(a[i].reply, b[i].reply);
		assert_int_equal(a[i].clarity, b[i].clarity);
		assert_int_equal(a[i].reask_of, b[i].reask_of);
		assert_string_equal(a[i].why, b[i].why);
	}
}

/* The first call of a reader (borrowed until the next read). */
static inline const ts_call *next_call(ts_reader *r)
{
	const ts_call *c = NULL;
	ts_error err;
	int rc = ts_reader_next(r, &c, &err);
	if (rc != 1)
		fail_msg("next call: %d %ld:%ld: %s", rc, err.line, err.col, rc < 0 ? err.msg : "");
	return c;
}

/* A character table for tests of the text layer. */
static ts_textclass *tc;

static inline int tc_setup(void **state)
{
	(void)state;
	tc = ts_textclass_new();
	return tc ? 0 : -1;
}

static inline int tc_teardown(void **state)
{
	(void)state;
	ts_textclass_free(tc);
	return 0;
}

#endif
