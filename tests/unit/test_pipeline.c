/* pipeline.c: ts_summary_file_json hands calls over in file order, the
 * same with threads as without, and stops when its function says so. */
#include "config.h"

#include "helpers.h"

#include "base/buf.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_with_threads),
		cmocka_unit_test(stops_when_told),
		cmocka_unit_test(first_error_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
