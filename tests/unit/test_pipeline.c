/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* pipeline.c: ts_summary_file_json hands calls over in file order, the
 * same with threads as without, and stops when its function says so; and
 * it knows no format: a reader of this test's own, which cuts its input
 * into parts, is read by threads too, and one that does not by one. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "helpers.h"

#include "base/buf.h"
#include "base/diag.h"
#include "read/input.h"
#include "read/reader.h"
#include "run/pipeline.h"

static const char *const text =
	"@Org: 总工会\n"
	"第1通电话\nA：你好，请问是总工会吗？\nB：是的。\n"
	"第2通电话\nA：喂？\nB：嗯。\n——电话被挂断——\n"
	"第3通电话\nA：在吗？\nB：我不太清楚。\n"
	"第4通电话\n"
	"第5通电话\nA：有没有人？\nB：有。\n";

typedef struct sink {
	ts_buf all;
	int calls, stop_after;
	int batches;  /* of lines (take_many) */
} sink;

static int collect(void *arg, const char *json, size_t len)
{
	sink *s = arg;
	assert_int_equal(strlen(json), len);
	assert_int_equal(ts_buf_append(&s->all, json, len + 1), 0);
	return ++s->calls == s->stop_after ? 7 : 0;
}

static ts_context *context(unsigned threads, size_t part_bytes)
{
	ts_options o;
	ts_options_init(&o);
	o.threads = threads;
	o.part_bytes = part_bytes;
	ts_context *ctx = NULL;
	ts_error err;
	assert_int_equal(ts_context_new(&ctx, &o, &err), 0);
	return ctx;
}

static int run(const char *path, unsigned threads, size_t part_bytes, sink *s)
{
	ts_context *ctx = context(threads, part_bytes);
	ts_error err = {0};
	int rc = ts_summary_file_json(ctx, path, 0, "x", TS_JSON_RECORD, 0, collect, s, &err);
	ts_context_free(ctx);
	return rc;
}

static void same_with_threads(void **state)
{
	(void)state;
	const char *path = temp_file(text, strlen(text));
	sink one = {0}, many = {0};
	assert_int_equal(run(path, 1, 0, &one), 0);
	assert_int_equal(run(path, 3, 1, &many), 0);
	unlink(path);
	assert_int_equal(one.calls, 5);
	assert_int_equal(many.calls, 5);
	assert_int_equal(one.all.len, many.all.len);
	assert_memory_equal(one.all.ptr, many.all.ptr, one.all.len);
	/* in order, numbered, each with the file's metadata */
	const char *p = many.all.ptr;
	for (int i = 1; i <= 5; i++, p += strlen(p) + 1) {
		char want[32];
		snprintf(want, sizeof want, "\"call\":%d,", i);
		assert_non_null(strstr(p, want));
		assert_non_null(strstr(p, "\"Org\":\"总工会\""));
	}
	ts_buf_free(&one.all);
	ts_buf_free(&many.all);
}

/* A sink whose records fail to be made from the third on (as if memory
 * ran out there). */
typedef struct failing {
	atomic_int made;
	sink out;
} failing;

static int make_failing(void *arg, const ts_result *r, ts_buf *out)
{
	failing *f = arg;
	if (r->call->number >= 3)
		return TS_ENOMEM;
	atomic_fetch_add(&f->made, 1);
	return ts_buf_append(out, "{}", 2) ? TS_ENOMEM : 0;
}

/* Bug: a record that failed to be made was left half-written in a
 * thread's buffer, and the records handed on after it had garbage
 * lengths.  With threads as without: the two whole records, then the
 * error. */
static void failed_record_not_handed_on(void **state)
{
	(void)state;
	const char *path = temp_file(text, strlen(text));
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		ts_context *ctx = context(threads, 1);
		failing f = {0};
		ts_sink sk = {make_failing, &f, collect, &f.out, NULL};
		ts_error err = {0};
		assert_int_equal(ts_pipeline_file(ctx, path, TS_SECTION_TURNS, &sk, &err), TS_ENOMEM);
		assert_string_equal(err.msg, "out of memory");
		assert_int_equal(f.out.calls, 2);
		assert_string_equal(f.out.all.ptr, "{}");
		assert_string_equal(f.out.all.ptr + 3, "{}");
		ts_buf_free(&f.out.all);
		ts_context_free(ctx);
	}
	unlink(path);
}

/* Lines: each record and a newline, one at a time (take) or many
 * (take_lines), into one buffer. */
static int take_line(void *arg, const char *rec, size_t len)
{
	sink *s = arg;
	s->calls++;
	return ts_buf_append(&s->all, rec, len) || ts_buf_append(&s->all, "\n", 1);
}

static int take_many(void *arg, const char *bytes, size_t len)
{
	sink *s = arg;
	s->batches++;
	return ts_buf_append(&s->all, bytes, len);
}

static int make_summary(void *arg, const ts_result *r, ts_buf *out)
{
	(void)arg;
	char head[64];
	int n = snprintf(head, sizeof head, "{\"call\":%zu,\"pad\":\"", r->call->number);
	/* some 700 bytes a call: the calls below make more lines than
	 * are handed on at once */
	if (ts_buf_append(out, head, (size_t)n))
		return TS_ENOMEM;
	for (int i = 0; i < 70; i++)
		if (ts_buf_append(out, "0123456789", 10))
			return TS_ENOMEM;
	return ts_buf_append(out, "\"}", 2) ? TS_ENOMEM : 0;
}

/* Lines taken many at a time are the bytes the records taken one at a
 * time make, with threads as without; those before a record that failed
 * to be made are handed on before the error. */
static void lines_as_records(void **state)
{
	(void)state;
	enum { CALLS = 2000 };
	ts_buf big = {0};
	for (int i = 1; i <= CALLS; i++) {
		char call[96];
		int n = snprintf(call, sizeof call, "第%d通电话\nA：你好，请问是总工会吗？\nB：是的。\n", i);
		assert_int_equal(ts_buf_append(&big, call, (size_t)n), 0);
	}
	const char *path = temp_file(big.ptr, big.len);
	sink each = {0}, one = {0}, many = {0};
	ts_error err = {0};
	ts_context *ctx = context(3, 1 << 14);
	ts_sink sk = {make_summary, NULL, take_line, &each, NULL};
	assert_int_equal(ts_pipeline_file(ctx, path, TS_SECTION_TURNS, &sk, &err), 0);
	sk = (ts_sink){make_summary, NULL, take_line, &many, take_many};
	assert_int_equal(ts_pipeline_file(ctx, path, TS_SECTION_TURNS, &sk, &err), 0);
	ts_context_free(ctx);
	ctx = context(1, 0);
	sk.take_arg = &one;
	assert_int_equal(ts_pipeline_file(ctx, path, TS_SECTION_TURNS, &sk, &err), 0);
	ts_context_free(ctx);
	assert_int_equal(each.calls, CALLS);
	assert_int_equal(one.calls + many.calls, 0);
	assert_true(one.batches > 1);  /* 1.4 MB of lines */
	assert_true(many.batches > 1);  /* parts */
	for (sink *s = &one; s; s = s == &one ? &many : NULL) {
		assert_int_equal(s->all.len, each.all.len);
		assert_memory_equal(s->all.ptr, each.all.ptr, each.all.len);
		ts_buf_free(&s->all);
	}
	assert_int_equal(each.all.ptr[each.all.len - 1], '\n');
	ts_buf_free(&each.all);
	unlink(path);
	ts_buf_free(&big);

	path = temp_file(text, strlen(text));
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		ctx = context(threads, 1);
		failing f = {0};
		sink l = {0};
		sk = (ts_sink){make_failing, &f, take_line, &l, take_many};
		assert_int_equal(ts_pipeline_file(ctx, path, TS_SECTION_TURNS, &sk, &err), TS_ENOMEM);
		assert_int_equal(l.calls, 0);
		assert_int_equal(l.all.len, 6);
		assert_memory_equal(l.all.ptr, "{}\n{}\n", 6);
		ts_buf_free(&l.all);
		ts_context_free(ctx);
	}
	unlink(path);
}

/* Bug: an indentation of 29 levels or more ran into the writer's limit of
 * nesting and was reported as out of memory. */
static void deep_indentation(void **state)
{
	(void)state;
	const char *path = temp_file(text, strlen(text));
	ts_context *ctx = context(3, 64);
	sink s = {0};
	ts_error err = {0};
	assert_int_equal(ts_summary_file_json(ctx, path, TS_SECTION_TURNS, "x", TS_JSON_PRETTY, 40,
	                                      collect, &s, &err), 0);
	unlink(path);
	assert_int_equal(s.calls, 5);
	/* the root's members sit 41 levels in: 82 spaces */
	char want[100];
	snprintf(want, sizeof want, "\n%82s\"call\": 1,", "");
	assert_non_null(strstr(s.all.ptr, want));
	ts_buf_free(&s.all);
	ts_context_free(ctx);
}

static void stops_when_told(void **state)
{
	(void)state;
	const char *path = temp_file(text, strlen(text));
	sink s = {.stop_after = 2};
	assert_int_equal(run(path, 2, 1, &s), 7);
	assert_int_equal(s.calls, 2);
	s.calls = 0;
	assert_int_equal(run(path, 1, 0, &s), 7);
	assert_int_equal(s.calls, 2);
	unlink(path);
	ts_buf_free(&s.all);
}

static void first_error_in_order(void **state)
{
	(void)state;
	/* bad bytes in calls 2 and 4: the error is call 2's, after call 1 */
	const char *bad = "第1通电话\nA：你好？\nB：好。\n第2通电话\nA：坏\377？\nB：嗯。\n"
	                  "第3通电话\nA：喂？\nB：嗯。\n第4通电话\nA：\376？\nB：嗯。\n";
	const char *path = temp_file(bad, strlen(bad));
	for (unsigned threads = 1; threads <= 4; threads++) {
		sink s = {0};
		ts_context *ctx = context(threads, 1);
		ts_error err = {0};
		int rc = ts_summary_file_json(ctx, path, 0, "x", 0, 0, collect, &s, &err);
		assert_int_equal(rc, TS_EINPUT);
		assert_int_equal(err.line, 5);
		assert_int_equal(err.col, 4);
		assert_int_equal(s.calls, 1);
		ts_context_free(ctx);
		ts_buf_free(&s.all);
	}
	unlink(path);
}

/* Files in a list: the calls of each file in order, file after file,
 * the same records with threads as without (each file small, or read in
 * parts with part_bytes 1), and the first error in order: the records of
 * the files before the bad one and of its calls before the bad call. */
static int begun(void *arg, size_t i)
{
	size_t *next = arg;
	assert_int_equal(i, *next);
	++*next;
	return 0;
}

static int run_files(size_t n, const char *const *paths, unsigned threads, size_t part_bytes,
                     sink *s, size_t *nbegun, ts_error *err)
{
	const char *sources[8] = {"a", "b", "c", "d", "e", "f", "g", "h"};
	ts_context *ctx = context(threads, part_bytes);
	*nbegun = 0;
	int rc = ts_summary_files_json(ctx, n, paths, sources, 0, TS_JSON_RECORD, 0, collect, NULL, s,
	                               begun, nbegun, err);
	ts_context_free(ctx);
	return rc;
}

static void many_files(void **state)
{
	(void)state;
	const char *bad = "第1通电话\nA：你好？\nB：好。\n第2通电话\nA：坏\377？\nB：嗯。\n";
	char *p[6];
	for (int i = 0; i < 6; i++)
		assert_non_null(p[i] = strdup(i == 3 ? temp_file(bad, strlen(bad)) :
		                                       temp_file(text, strlen(text))));
	const char *const *paths = (const char *const *)p;
	sink one = {0};
	ts_error err = {0};
	size_t nbegun;
	/* files 0-2: 5 calls each, in order of the files and of the calls */
	assert_int_equal(run_files(3, paths, 1, 0, &one, &nbegun, &err), 0);
	assert_int_equal(one.calls, 15);
	assert_int_equal(nbegun, 3);
	const char *r = one.all.ptr;
	for (int f = 0; f < 3; f++)
		for (int i = 1; i <= 5; i++, r += strlen(r) + 1) {
			char want[64];
			snprintf(want, sizeof want, "\"source\":\"%c\",\"call\":%d,", 'a' + f, i);
			assert_non_null(strstr(r, want));
		}
	unsigned threads[] = {2, 7, 2, 7};
	size_t parts[] = {0, 0, 1, 1};
	for (int k = 0; k < 4; k++) {
		sink s = {0};
		assert_int_equal(run_files(3, paths, threads[k], parts[k], &s, &nbegun, &err), 0);
		assert_int_equal(nbegun, 3);
		assert_int_equal(s.all.len, one.all.len);
		assert_memory_equal(s.all.ptr, one.all.ptr, one.all.len);
		ts_buf_free(&s.all);
	}
	/* file 3 is bad in its second call: 3 files' calls and one more */
	for (unsigned t = 1; t <= 7; t += 3) {
		sink s = {0};
		err = (ts_error){0};
		assert_int_equal(run_files(6, paths, t, t == 4 ? 1 : 0, &s, &nbegun, &err), TS_EINPUT);
		assert_int_equal(s.calls, 16);
		assert_int_equal(nbegun, 4);
		assert_string_equal(err.file, p[3]);
		assert_int_equal(err.line, 5);
		assert_int_equal(err.col, 4);
		assert_memory_equal(s.all.ptr, one.all.ptr, one.all.len);
		ts_buf_free(&s.all);
	}
	/* told to stop in the second file: the same calls handed on */
	for (unsigned t = 1; t <= 7; t += 6) {
		sink s = {.stop_after = 7};
		assert_int_equal(run_files(6, paths, t, 0, &s, &nbegun, &err), 7);
		assert_int_equal(s.calls, 7);
		assert_int_equal(nbegun, 2);
		ts_buf_free(&s.all);
	}
	for (int i = 0; i < 6; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	ts_buf_free(&one.all);
}

/* More files than the threads may read ahead (FILES_AHEAD per thread),
 * of random sizes from one call to 60 and every twentieth of 3000 (the
 * calling thread waits for it): the same records, in order,
 * with any number of threads as with one; an error in a late file comes
 * after the records of every file before it, and a stop there hands on
 * no more. */
#define PAST_FILES 60

static int run_past(char **paths, unsigned threads, sink *s, ts_error *err)
{
	const char *sources[PAST_FILES];
	char names[PAST_FILES][8];
	for (int i = 0; i < PAST_FILES; i++) {
		snprintf(names[i], sizeof names[i], "f%d", i);
		sources[i] = names[i];
	}
	ts_context *ctx = context(threads, 0);
	size_t nbegun = 0;
	int rc = ts_summary_files_json(ctx, PAST_FILES, (const char *const *)paths, sources,
	                               TS_SECTION_TURNS, TS_JSON_RECORD, 0, collect, NULL, s, begun,
	                               &nbegun, err);
	ts_context_free(ctx);
	return rc;
}

/* The files at p with 2 and 9 threads: the records of one thread, in
 * want, then file bad's error at its line 5. */
static void failing_past_as_one(char **p, int bad, const sink *want)
{
	for (unsigned t = 2; t <= 9; t += 7) {
		sink s = {0};
		ts_error err = {0};
		assert_int_equal(run_past(p, t, &s, &err), TS_EINPUT);
		assert_string_equal(err.file, p[bad]);
		assert_int_equal(err.line, 5);
		assert_int_equal(s.calls, want->calls);
		assert_int_equal(s.all.len, want->all.len);
		assert_memory_equal(s.all.ptr, want->all.ptr, want->all.len);
		ts_buf_free(&s.all);
	}
}

/* The calling thread's count of open descriptors as each file begins,
 * the largest seen. */
typedef struct fdcount {
	int most;
} fdcount;

static int open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

static int count_fds(void *arg, size_t i)
{
	(void)i;
	fdcount *c = arg;
	int n = open_fds();
	if (n > c->most)
		c->most = n;
	return 0;
}

/* Files to be read in parts are opened ahead but read by the calling
 * thread: at most two a thread may wait open, as before files were read
 * eight a thread ahead, or a run of many such files would fail with "Too
 * many open files" where one thread does not (review of 6b254df). */
static void open_files_ahead_bounded(void **state)
{
	(void)state;
	enum { NFILES = 48, THREADS = 9 };
	static char body[24 << 10];
	uint64_t seed = 7;
	size_t len = test_pieces(body, sizeof body, &text, 1, 40, &seed);
	char *p[NFILES];
	const char *sources[NFILES];
	for (int i = 0; i < NFILES; i++) {
		assert_non_null(p[i] = strdup(temp_file(body, len)));
		sources[i] = "s";
	}
	int base = open_fds();
	ts_context *ctx = context(THREADS, 4096);  /* every file read in parts */
	fdcount c = {0};
	sink s = {0};
	ts_error err = {0};
	assert_int_equal(ts_summary_files_json(ctx, NFILES, (const char *const *)p, sources, 0,
	                                       TS_JSON_RECORD, 0, collect, NULL, &s, count_fds, &c,
	                                       &err), 0);
	ts_context_free(ctx);
	/* the files waiting open, and the one handed on now */
	assert_in_range(c.most - base, 1, 2 * THREADS + 1);
	ts_buf_free(&s.all);
	for (int i = 0; i < NFILES; i++) {
		unlink(p[i]);
		free(p[i]);
	}
}

static void many_files_past_the_window(void **state)
{
	(void)state;
	static const char *const calls[] = {
		"第1通电话\nA：你好，请问是总工会吗？\nB：是的。\n",
		"第2通电话\nA：喂？\nB：嗯。\n——电话被挂断——\n",
		"第3通电话\nA：在吗？\nB：我不太清楚。\nA：好。\n",
	};
	const char *bad = "第1通电话\nA：你好？\nB：好。\n第2通电话\nA：坏\377？\nB：嗯。\n";
	uint64_t seed = 0x9e3779b97f4a7c15u;
	char *p[PAST_FILES];
	for (int i = 0; i < PAST_FILES; i++) {
		static char body[256 << 10];
		/* every twentieth file long, so that the calling thread waits
		 * for it while the files after it are done */
		int ncalls = i % 20 ? (int)(test_random(&seed) >> 32) % 60 : 3000;
		/* the third call first: a label on two lines, as the reader needs */
		size_t len = strlen(calls[2]);
		memcpy(body, calls[2], len);
		len += test_pieces(body + len, sizeof body - len, calls, 3, ncalls, &seed);
		assert_non_null(p[i] = strdup(temp_file(body, len)));
	}
	sink one = {0};
	ts_error err = {0};
	assert_int_equal(run_past(p, 1, &one, &err), 0);
	for (unsigned t = 2; t <= 9; t += 7) {
		sink s = {0};
		assert_int_equal(run_past(p, t, &s, &err), 0);
		assert_int_equal(s.calls, one.calls);
		assert_int_equal(s.all.len, one.all.len);
		assert_memory_equal(s.all.ptr, one.all.ptr, one.all.len);
		ts_buf_free(&s.all);
	}
	/* file 45 bad in its second call, file 50 too: the calls of files 0 to
	 * 44 and one more, then file 45's error */
	char *good45 = p[45], *good50 = p[50];
	assert_non_null(p[45] = strdup(temp_file(bad, strlen(bad))));
	assert_non_null(p[50] = strdup(temp_file(bad, strlen(bad))));
	sink upto = {0};
	assert_int_equal(run_past(p, 1, &upto, &err), TS_EINPUT);
	assert_string_equal(err.file, p[45]);
	assert_true(upto.calls > 45 && upto.calls < one.calls);
	failing_past_as_one(p, 45, &upto);
	/* told to stop at the end of file 44, well past the first window */
	for (unsigned t = 1; t <= 9; t += 8) {
		sink s = {.stop_after = upto.calls - 1};
		assert_int_equal(run_past(p, t, &s, &err), 7);
		assert_int_equal(s.calls, upto.calls - 1);
		assert_memory_equal(s.all.ptr, one.all.ptr, s.all.len);
		ts_buf_free(&s.all);
	}
	unlink(p[45]);
	unlink(p[50]);
	free(p[45]);
	free(p[50]);
	p[45] = good45;
	p[50] = good50;
	for (int i = 0; i < PAST_FILES; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	ts_buf_free(&one.all);
	ts_buf_free(&upto.all);
}

/* A long file first, then bad files only: while one thread reads the
 * long one, the others read the bad ones after it as far as the window
 * lets them, each keeping its error until it is handed on; the first
 * bad file's error is the one reported, after the long file's records,
 * as with one thread (files ahead hold their errors apart, file_err). */
static void errors_of_files_ahead_apart(void **state)
{
	(void)state;
	static const char *const calls[] = {
		"第1通电话\nA：你好，请问是总工会吗？\nB：是的。\n",
		"第2通电话\nA：在吗？\nB：我不太清楚。\nA：好。\n",
	};
	const char *bad = "第1通电话\nA：你好？\nB：好。\n第2通电话\nA：坏\377？\nB：嗯。\n";
	uint64_t seed = 7;
	static char body[256 << 10];
	size_t len = test_pieces(body, sizeof body, calls, 2, 3000, &seed);
	char *p[PAST_FILES];
	assert_non_null(p[0] = strdup(temp_file(body, len)));
	for (int i = 1; i < PAST_FILES; i++)
		assert_non_null(p[i] = strdup(temp_file(bad, strlen(bad))));
	sink one = {0};
	ts_error err = {0};
	assert_int_equal(run_past(p, 1, &one, &err), TS_EINPUT);
	assert_string_equal(err.file, p[1]);
	assert_int_equal(err.line, 5);
	failing_past_as_one(p, 1, &one);
	for (int i = 0; i < PAST_FILES; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	ts_buf_free(&one.all);
}

/* The calling thread is one of the threads asked for: while the next
 * file or part to hand on is being read, it reads one itself rather than
 * sleep.  A worker's records wait until the calling thread has made one:
 * it must make one while it waits.  The wait's bound (a minute) only
 * turns a pool whose calling thread never reads, which would wait for
 * that worker for ever, into a failure: a slow machine (valgrind, a
 * loaded CI host) needs milliseconds of it.  No more threads
 * make records, or run, than were asked for, and the records are one
 * thread's. */
#define MAKERS_MAX 16

typedef struct makers {
	pthread_t caller, seen[MAKERS_MAX];
	int nseen, by_caller, gave_up, tasks;
	pthread_mutex_t mu;
	pthread_cond_t made;
} makers;

typedef struct maker {
	makers *m;
	int file;
} maker;

static void note_maker(makers *m, pthread_t self)
{
	int k = 0;
	while (k < m->nseen && !pthread_equal(m->seen[k], self))
		k++;
	if (k == m->nseen && k < MAKERS_MAX)
		m->seen[m->nseen++] = self;
}

/* The threads of this process, from Linux's /proc (0 elsewhere). */
static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int make_noting(void *arg, const ts_result *r, ts_buf *out)
{
	const maker *mk = arg;
	makers *m = mk->m;
	pthread_t self = pthread_self();
	pthread_mutex_lock(&m->mu);
	note_maker(m, self);
	if (pthread_equal(self, m->caller)) {
		/* every worker is started before the calling thread hands on */
		int n = count_tasks();
		if (n > m->tasks)
			m->tasks = n;
		m->by_caller++;
		pthread_cond_broadcast(&m->made);
	} else {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += 60;
		while (!m->by_caller && !m->gave_up)
			m->gave_up = pthread_cond_timedwait(&m->made, &m->mu, &until) != 0;
	}
	pthread_mutex_unlock(&m->mu);
	char rec[32];
	int n = snprintf(rec, sizeof rec, "%d.%zu", mk->file, r->call->number);
	return ts_buf_append(out, rec, (size_t)n) ? TS_ENOMEM : 0;
}

/* The files at p[0..n) read with threads, part_bytes, their records into
 * s: made by the calling thread too, by no more threads than asked for. */
#define NOTED_FILES 12

static void run_noting(size_t n, char **p, unsigned threads, size_t part_bytes, sink *s)
{
	makers m = {.caller = pthread_self()};
	maker mk[NOTED_FILES];
	ts_sink sinks[NOTED_FILES];
	pthread_mutex_init(&m.mu, NULL);
	pthread_condattr_t monotonic;  /* a step of the wall clock is no wait */
	pthread_condattr_init(&monotonic);
	pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
	pthread_cond_init(&m.made, &monotonic);
	pthread_condattr_destroy(&monotonic);
	for (size_t i = 0; i < n; i++) {
		mk[i] = (maker){&m, (int)i};
		sinks[i] = (ts_sink){make_noting, &mk[i], collect, s, NULL};
	}
	ts_context *ctx = context(threads, part_bytes);
	ts_error err = {0};
	int before = count_tasks();  /* 2 under ThreadSanitizer: its own thread */
	assert_int_equal(ts_pipeline_files(ctx, n, (const char *const *)p, sinks, 0, NULL, NULL,
	                                   &err), 0);
	ts_context_free(ctx);
	assert_true(m.by_caller > 0);
	assert_false(m.gave_up);
	assert_in_range(m.nseen, 1, threads);
	if (before)
		assert_in_range(m.tasks - before, 0, threads - 1);
	pthread_cond_destroy(&m.made);
	pthread_mutex_destroy(&m.mu);
}

/* Many small files, and one file read in parts (a part a call). */
static void calling_thread_reads_too(void **state)
{
	(void)state;
	static char body[24 << 10];
	uint64_t seed = 11;
	size_t len = test_pieces(body, sizeof body, &text, 1, 40, &seed);
	char *p[NOTED_FILES];
	for (int i = 0; i < NOTED_FILES; i++)
		assert_non_null(p[i] = strdup(i ? temp_file(text, strlen(text)) :
		                                  temp_file(body, len)));
	size_t nfiles[] = {NOTED_FILES - 1, 1}, part_bytes[] = {0, 1};
	char **first[] = {p + 1, p};
	for (int k = 0; k < 2; k++) {
		sink one = {0};
		run_noting(nfiles[k], first[k], 1, 0, &one);
		for (unsigned threads = 2; threads <= 3; threads++) {
			sink s = {0};
			run_noting(nfiles[k], first[k], threads, part_bytes[k], &s);
			assert_int_equal(s.calls, one.calls);
			assert_int_equal(s.all.len, one.all.len);
			assert_memory_equal(s.all.ptr, one.all.ptr, one.all.len);
			ts_buf_free(&s.all);
		}
		ts_buf_free(&one.all);
	}
	for (int i = 0; i < NOTED_FILES; i++) {
		unlink(p[i]);
		free(p[i]);
	}
}

/* ---- a format of this test's own ----
 * "CONV<TAB>SPEAKER<TAB>TEXT" lines, as a conversation corpus in JSON
 * Lines might be flattened: consecutive lines of one conversation are a
 * call.  Its parts start where the conversation changes. */

#define CONVO_MAX 32

typedef struct convo_line {
	char conv[CONVO_MAX], who[CONVO_MAX];
	const char *text;
	size_t tlen;
	long col;    /* the text's column */
} convo_line;

static int convo_parse(const char *s, size_t n, long lineno, const char *name, convo_line *l,
                       ts_error *err)
{
	const char *t1 = memchr(s, '\t', n), *t2 = t1 ? memchr(t1 + 1, '\t', n - (size_t)(t1 + 1 - s)) : NULL;
	if (!t2 || t1 - s >= CONVO_MAX || t2 - t1 - 1 >= CONVO_MAX || t2 == t1 + 1)
		return ts_fail(err, TS_EINPUT, name, lineno, 1, "not a convo line");
	snprintf(l->conv, CONVO_MAX, "%.*s", (int)(t1 - s), s);
	snprintf(l->who, CONVO_MAX, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
	l->text = t2 + 1;
	l->tlen = n - (size_t)(t2 + 1 - s);
	l->col = (long)(t2 + 1 - s) + 1;  /* ASCII before it in these tests */
	return 0;
}

typedef struct convo {
	ts_input *in;
	ts_callbuf cb;
	size_t calls;
	char conv[CONVO_MAX];      /* the open call's conversation */
	char names[8][CONVO_MAX];  /* speaker slots */
	size_t nnames;
	convo_line held;           /* the first line of the next call, read already */
	char held_text[256];
	long held_lineno;
	int have_held, done;
} convo;

static int convo_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                      ts_error *err)
{
	(void)opt;
	(void)err;
	convo *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->in = in;
	ts_callbuf_init(&r->cb, res);
	*state = r;
	return 0;
}

static void convo_close(void *state)
{
	convo *r = state;
	ts_input_close(r->in);
	ts_callbuf_free(&r->cb);
	free(r);
}

static void convo_turn(convo *r, const convo_line *l, long lineno)
{
	size_t slot = 0;
	while (slot < r->nnames && strcmp(r->names[slot], l->who))
		slot++;
	if (slot == r->nnames) {
		assert_true(r->nnames < 8);
		snprintf(r->names[r->nnames++], CONVO_MAX, "%s", l->who);
	}
	assert_int_equal(ts_callbuf_turn(&r->cb, (long)slot, l->who, strlen(l->who), r->names[slot],
	                                 lineno, 1 + (long)strlen(l->conv) + 1), 0);
	assert_int_equal(ts_callbuf_append(&r->cb, l->text, l->tlen, lineno, l->col, 0, NULL), 0);
}

static int convo_next(void *state, ts_callbuf **call, ts_error *err)
{
	convo *r = state;
	int open = 0, rc;
	if (r->done)
		return 0;
	if (r->have_held) {
		r->have_held = 0;
		ts_callbuf_reset(&r->cb, ++r->calls, r->held_lineno);
		snprintf(r->conv, CONVO_MAX, "%s", r->held.conv);
		r->held.text = r->held_text;
		convo_turn(r, &r->held, r->held_lineno);
		open = 1;
	}
	const char *s;
	size_t n;
	long lineno;
	while ((rc = ts_input_line(r->in, &s, &n, &lineno, err)) == 1) {
		convo_line l;
		if ((rc = convo_parse(s, n, lineno, ts_input_name(r->in), &l, err)))
			return rc;
		if (open && strcmp(l.conv, r->conv)) {
			assert_true(l.tlen < sizeof r->held_text);
			memcpy(r->held_text, l.text, l.tlen);
			r->held = l;
			r->held_lineno = lineno;
			r->have_held = 1;
			break;
		}
		if (!open) {
			ts_callbuf_reset(&r->cb, ++r->calls, lineno);
			snprintf(r->conv, CONVO_MAX, "%s", l.conv);
			open = 1;
		}
		convo_turn(r, &l, lineno);
	}
	if (rc < 0)
		return rc;
	r->done = !r->have_held;
	if (!open)
		return 0;
	*call = &r->cb;
	return (rc = ts_callbuf_finish(&r->cb, err)) ? rc : 1;
}

static int convo_sniff(const char *head, size_t n)
{
	(void)head;
	(void)n;
	return TS_SNIFF_NO;
}

/* A range's scan: where conversations change, counting the range's first
 * line as a change (plan corrects that when the range before ends in the
 * same conversation). */
typedef struct convo_mark {
	long long off;
	long line;      /* lines before it in the range */
	size_t starts;  /* changes before it in the range */
} convo_mark;

typedef struct convo_scan {
	char first[CONVO_MAX], last[CONVO_MAX];
	size_t starts;
	long lines;
	convo_mark marks[64];
	size_t nmarks;
} convo_scan;

static atomic_int scans_run, parts_read;

static int convo_scan_range(void **out, const ts_resources *res, const ts_options *opt,
                            ts_input *range, long long start, long long part_bytes,
                            ts_error *err)
{
	(void)res;
	(void)opt;
	atomic_fetch_add(&scans_run, 1);
	convo_scan *sc = calloc(1, sizeof *sc);
	assert_non_null(sc);
	long long last_mark = start;
	const char *s;
	size_t n;
	long lineno;
	int rc;
	while ((rc = ts_input_line(range, &s, &n, &lineno, err)) == 1) {
		convo_line l;
		if ((rc = convo_parse(s, n, lineno, "range", &l, err)))
			break;
		if (!sc->lines)
			snprintf(sc->first, CONVO_MAX, "%s", l.conv);
		if (!sc->lines || strcmp(l.conv, sc->last)) {
			long long off = ts_input_line_offset(range);
			if (off - last_mark >= part_bytes && sc->nmarks < 64) {
				sc->marks[sc->nmarks++] = (convo_mark){off, sc->lines, sc->starts};
				last_mark = off;
			}
			sc->starts++;
		}
		snprintf(sc->last, CONVO_MAX, "%s", l.conv);
		sc->lines++;
	}
	if (rc) {
		free(sc);
		return rc;
	}
	*out = sc;
	return 0;
}

static int convo_plan(void *const *scans, size_t nscans, ts_input *in, ts_part **parts,
                      size_t *nparts, void **shared, ts_error *err)
{
	(void)in;
	(void)err;
	size_t calls = 0, n = 0, cap = 1;
	long lines = 0;
	for (size_t k = 0; k < nscans; k++)
		cap += ((convo_scan *)scans[k])->nmarks;
	ts_part *p = calloc(cap, sizeof *p);
	assert_non_null(p);
	p[n++] = (ts_part){.start = 0};
	for (size_t k = 0; k < nscans; k++) {
		const convo_scan *sc = scans[k];
		/* the range goes on with the conversation the last one ended in */
		size_t same = k && !strcmp(sc->first, ((convo_scan *)scans[k - 1])->last);
		for (size_t m = 0; m < sc->nmarks; m++)
			p[n++] = (ts_part){.start = sc->marks[m].off, .line0 = lines + sc->marks[m].line,
			                   .calls = calls + sc->marks[m].starts - same};
		calls += sc->starts - same;
		lines += sc->lines;
	}
	*parts = p;
	*nparts = n;
	*shared = NULL;
	return 0;
}

static int convo_open_part(void **state, const ts_resources *res, const ts_options *opt,
                           void *local, const ts_part *part, ts_input *range, ts_error *err)
{
	assert_null(local);  /* no thread_new: the (NULL) shared state */
	atomic_fetch_add(&parts_read, 1);
	int rc = convo_open(state, res, opt, range, err);
	if (!rc)
		((convo *)*state)->calls = part->calls;
	return rc;
}

static const ts_parts_reader convo_parts = {
	convo_scan_range, free, convo_plan, free, NULL, NULL, convo_open_part,
};
static const ts_format_reader convo_cut = {"convo", NULL, convo_sniff, convo_open, convo_next,
                                           convo_close, &convo_parts};
static const ts_format_reader convo_whole = {"convo", NULL, convo_sniff, convo_open, convo_next,
                                             convo_close, NULL};

static const char *const convo_text =
	"c1\tA\tAre you there?\n"
	"c1\tB\tYes.\n"
	"c2\tA\tWho is this?\n"
	"c2\tB\tMe.\n"
	"c2\tA\tReally?\n"
	"c2\tB\tYes, really.\n"
	"c3\tB\tHello?\n"
	"c1\tA\tBack again?\n"
	"c1\tB\tNo.\n"
	"c4\tC\tLast one?\n";

static int run_reader(const ts_format_reader *fmt, const char *path, unsigned threads,
                      size_t part_bytes, sink *s)
{
	ts_context *ctx = context(threads, part_bytes);
	ts_input *in;
	ts_error err = {0};
	assert_int_equal(ts_input_open(&in, path, NULL, &err), 0);
	int rc = ts_summary_input_json(ctx, fmt, in, 0, "x", TS_JSON_RECORD, 0, collect, s, &err);
	ts_context_free(ctx);
	return rc;
}

static void any_reader_with_parts(void **state)
{
	(void)state;
	const char *path = temp_file(convo_text, strlen(convo_text));
	sink one = {0};
	assert_int_equal(run_reader(&convo_whole, path, 1, 0, &one), 0);
	/* c1, c2, c3, c1 again, c4 */
	assert_int_equal(one.calls, 5);
	const char *p = one.all.ptr;
	for (int i = 1; i <= 5; i++, p += strlen(p) + 1) {
		char want[32];
		snprintf(want, sizeof want, "\"call\":%d,", i);
		assert_non_null(strstr(p, want));
	}
	/* every cut of the ranges: each thread count, parts at every change */
	for (unsigned threads = 2; threads <= 5; threads++) {
		for (size_t part = 1; part <= 40; part += 13) {
			sink many = {0};
			atomic_store(&scans_run, 0);
			atomic_store(&parts_read, 0);
			assert_int_equal(run_reader(&convo_cut, path, threads, part, &many), 0);
			assert_int_equal(atomic_load(&scans_run), threads);
			/* (parts at least 40 bytes apart in ranges of 30 are one) */
			assert_true(atomic_load(&parts_read) > (part == 1));
			assert_int_equal(one.all.len, many.all.len);
			assert_memory_equal(one.all.ptr, many.all.ptr, one.all.len);
			ts_buf_free(&many.all);
			/* without parts, one thread reads it all */
			sink whole = {0};
			atomic_store(&scans_run, 0);
			assert_int_equal(run_reader(&convo_whole, path, threads, part, &whole), 0);
			assert_int_equal(atomic_load(&scans_run), 0);
			assert_int_equal(one.all.len, whole.all.len);
			assert_memory_equal(one.all.ptr, whole.all.ptr, one.all.len);
			ts_buf_free(&whole.all);
		}
	}
	unlink(path);
	ts_buf_free(&one.all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_with_threads),
		cmocka_unit_test(stops_when_told),
		cmocka_unit_test(failed_record_not_handed_on),
		cmocka_unit_test(lines_as_records),
		cmocka_unit_test(deep_indentation),
		cmocka_unit_test(first_error_in_order),
		cmocka_unit_test(many_files),
		cmocka_unit_test(many_files_past_the_window),
		cmocka_unit_test(errors_of_files_ahead_apart),
		cmocka_unit_test(open_files_ahead_bounded),
		cmocka_unit_test(calling_thread_reads_too),
		cmocka_unit_test(any_reader_with_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
