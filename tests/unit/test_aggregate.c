/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "aggregate/aggregate.h"
#include "aggregate/json_where.h"
#include "base/buf.h"

static int to_buf(void *arg, const char *bytes, size_t len)
{
	return ts_buf_append(arg, bytes, len);
}

/* by: "A,B" as --by gives it (at most 8 keys, no blanks), or NULL */
static ts_agg *agg_by(const char *by)
{
	ts_agg_options o;
	ts_agg_options_init(&o);
	char copy[256];
	const char *keys[8];
	if (by) {
		snprintf(copy, sizeof copy, "%s", by);
		for (char *k = strtok(copy, ","); k; k = strtok(NULL, ","))
			keys[o.nby++] = k;
		o.by = keys;
	}
	o.bootstrap = 200;
	ts_agg *agg = NULL;
	ts_error err = {0};
	if (ts_agg_new(&agg, &o, &err))
		fail_msg("ts_agg_new: %s", err.msg);
	return agg;
}

static void add(ts_agg *agg, const char *json)
{
	ts_error err = {0};
	if (ts_agg_add_record(agg, json, strlen(json), "t.jsonl", 1, &err))
		fail_msg("add: %s", err.msg);
}

static cJSON *result(ts_agg *agg)
{
	ts_buf b = {0};
	ts_error err = {0};
	assert_int_equal(ts_agg_write(agg, TS_AGG_JSON, 0, to_buf, &b, &err), 0);
	cJSON *v = cJSON_Parse(b.ptr);
	assert_non_null(v);
	ts_buf_free(&b);
	return v;
}

static const cJSON *path(const cJSON *v, const char *p)
{
	char key[200];
	while (*p && v) {
		size_t n = strcspn(p, "/");
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		if (cJSON_IsArray(v))
			v = cJSON_GetArrayItem(v, atoi(key));
		else
			v = cJSON_GetObjectItemCaseSensitive(v, key);
		p += n + (p[n] == '/');
	}
	if (!v)
		fail_msg("no %s", p);
	return v;
}

static double num_at(const cJSON *v, const char *p)
{
	const cJSON *x = path(v, p);
	assert_true(cJSON_IsNumber(x));
	return x->valuedouble;
}

#define SPK(name, role, turns, length) \
	"{\"speaker\":\"" name "\",\"role\":\"" role "\",\"turns\":" #turns ",\"length\":" #length \
	",\"seconds\":1,\"longest_turn\":1,\"longest_monologue\":1,\"backchannels\":0}"

/* Keys from metadata, derived year and month, a missing value. */
static void keys_and_dates(void **state)
{
	(void)state;
	ts_agg *agg = agg_by("Org,year,month");
	add(agg, "{\"call\":1,\"meta\":{\"Org\":\"B\",\"Date\":\"2024-03-05\"},\"turns\":{\"total\":4,\"switches\":3}}");
	add(agg, "{\"call\":2,\"meta\":{\"org\":\"B\",\"date\":\"2024年3月9日\"},\"turns\":{\"total\":6,\"switches\":5}}");
	add(agg, "{\"call\":3,\"meta\":{\"Org\":\"A\",\"Date\":\"20231201\"},\"turns\":{\"total\":2,\"switches\":1}}");
	add(agg, "{\"call\":4,\"meta\":{},\"turns\":{\"total\":8,\"switches\":7}}");
	cJSON *r = result(agg);
	assert_int_equal(cJSON_GetArraySize(path(r, "groups")), 3);
	/* sorted: the missing Org first, then A, then B */
	assert_true(cJSON_IsNull(path(r, "groups/0/key/Org")));
	assert_string_equal(path(r, "groups/1/key/Org")->valuestring, "A");
	assert_string_equal(path(r, "groups/1/key/year")->valuestring, "2023");
	assert_string_equal(path(r, "groups/1/key/month")->valuestring, "2023-12");
	assert_string_equal(path(r, "groups/2/key/month")->valuestring, "2024-03");
	assert_float_equal(num_at(r, "groups/2/calls"), 2, 0);
	assert_float_equal(num_at(r, "groups/2/metrics/turns.total/mean"), 5, 1e-12);
	/* n = 1: the sd and the interval are null, not NaN */
	assert_true(cJSON_IsNull(path(r, "groups/1/metrics/turns.total/sd")));
	assert_true(cJSON_IsNull(path(r, "groups/1/metrics/turns.total/mean_ci/lower")));
	/* no qa anywhere: no test, no ranking, no qa metrics */
	assert_true(cJSON_IsNull(path(r, "chi_square")));
	assert_int_equal(cJSON_GetArraySize(path(r, "ranking")), 0);
	assert_null(cJSON_GetObjectItemCaseSensitive(path(r, "groups/0/metrics"), "qa.pairs"));
	cJSON_Delete(r);
	ts_agg_free(agg);
}

static const char *qa_call(int clear, int amb, int non)
{
	static char buf[2000];
	snprintf(buf, sizeof buf,
	         "{\"call\":1,\"meta\":{\"Org\":\"X\"},\"speakers\":[" SPK("Q", "caller", 3, 30) ","
	         SPK("O", "respondent", 3, 10) "],"
	         "\"qa\":{\"questions\":{\"total\":%d,\"marked\":%d,\"by_speaker\":{\"Q\":%d}},"
	         "\"by_reply\":{\"answer\":%d,\"partial\":%d,\"refusal\":%d},"
	         "\"by_clarity\":{\"clear_reply\":%d,\"ambivalent\":%d,\"clear_non_reply\":%d},"
	         "\"reasks\":0}}",
	         clear + amb + non, clear, clear + amb + non, clear, amb, non, clear, amb, non);
	return buf;
}

/* Rates pool counts over calls; per-call responsiveness is a metric. */
static void pooled_rates(void **state)
{
	(void)state;
	ts_agg *agg = agg_by(NULL);
	add(agg, qa_call(1, 0, 1));   /* 1 of 2 */
	add(agg, qa_call(6, 1, 1));   /* 6 of 8 */
	add(agg, "{\"call\":3,\"turns\":{\"total\":1,\"switches\":0}}");  /* no qa: missing */
	cJSON *r = result(agg);
	/* pooled 7 of 10, not the mean of 0.5 and 0.75 */
	assert_float_equal(num_at(r, "groups/0/rates/qa.responsiveness/rate"), 0.7, 1e-12);
	assert_float_equal(num_at(r, "groups/0/rates/qa.responsiveness/n"), 2, 0);
	assert_float_equal(num_at(r, "groups/0/metrics/qa.responsiveness/mean"), 0.625, 1e-12);
	assert_float_equal(num_at(r, "groups/0/metrics/qa.responsiveness/n"), 2, 0);
	assert_float_equal(num_at(r, "groups/0/rates/qa.deflected_share/rate"), 0.2, 1e-12);
	assert_float_equal(num_at(r, "groups/0/rates/qa.marked/rate"), 0.7, 1e-12);
	assert_float_equal(num_at(r, "groups/0/metrics/turns.total/n"), 1, 0);
	/* per role: share of speech of the caller 30 / 40 */
	assert_float_equal(num_at(r, "groups/0/metrics/caller.share_of_speech/mean"), 0.75, 1e-12);
	assert_float_equal(num_at(r, "ranking/0/responsiveness"), 0.7, 1e-12);
	cJSON_Delete(r);
	ts_agg_free(agg);
}

/* By role: one observation per side; respondent-side quantities go to
 * the respondent only. */
static void by_role(void **state)
{
	(void)state;
	ts_agg *agg = agg_by("role");
	add(agg, qa_call(1, 0, 1));
	cJSON *r = result(agg);
	assert_string_equal(path(r, "observation")->valuestring, "role");
	assert_string_equal(path(r, "groups/0/key/role")->valuestring, "caller");
	assert_float_equal(num_at(r, "groups/0/metrics/turns/mean"), 3, 0);
	assert_float_equal(num_at(r, "groups/0/metrics/qa.questions/mean"), 2, 0);
	assert_float_equal(num_at(r, "groups/0/metrics/qa.responsiveness/n"), 0, 0);
	assert_float_equal(num_at(r, "groups/0/rates/qa.responsiveness/n"), 0, 0);
	assert_true(cJSON_IsNull(path(r, "groups/0/rates/qa.responsiveness/rate")));
	assert_float_equal(num_at(r, "groups/1/rates/qa.responsiveness/rate"), 0.5, 1e-12);
	assert_float_equal(num_at(r, "groups/1/metrics/qa.questions/mean"), 0, 0);
	assert_float_equal(num_at(r, "groups/1/metrics/share_of_speech/mean"), 0.25, 1e-12);
	cJSON_Delete(r);
	ts_agg_free(agg);
}

static void bad_records(void **state)
{
	(void)state;
	ts_agg *agg = agg_by(NULL);
	ts_error err = {0};
	const char *a = "{\"call\":1,\"turns\":{\"total\":\"many\"}}";
	assert_int_equal(ts_agg_add_record(agg, a, strlen(a), "x.jsonl", 7, &err), TS_EINPUT);
	assert_string_equal(err.file, "x.jsonl");
	assert_int_equal(err.line, 7);
	assert_string_equal(err.msg, "call record: 'turns.total' is not a number");
	const char *b = "{\"call\":1,\"speakers\":[{\"speaker\":\"A\",\"role\":\"boss\"}]}";
	assert_int_equal(ts_agg_add_record(agg, b, strlen(b), "x.jsonl", 8, &err), TS_EINPUT);
	assert_string_equal(err.msg, "call record: 'speakers[0].role' is not 'caller' or 'respondent'");
	const char *c = "{\"call\":1,\"qa\":{\"by_reply\":{\"answer\":3},\"reasks\":5}}";
	assert_int_equal(ts_agg_add_record(agg, c, strlen(c), "x.jsonl", 9, &err), TS_EINPUT);
	assert_string_equal(err.msg, "call record: qa.reasks: 5 of 3 questions");
	ts_agg_free(agg);
}

static void bad_keys(void **state)
{
	(void)state;
	ts_agg_options o;
	ts_agg_options_init(&o);
	ts_agg *agg = NULL;
	ts_error err = {0};
	o.by = (const char *const[]){"Org", "", "year"};
	o.nby = 3;
	assert_int_equal(ts_agg_new(&agg, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "a group key is empty");
	o.by = (const char *const[]){"Org", "@"};
	o.nby = 2;
	assert_int_equal(ts_agg_new(&agg, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "a group key is empty");
	o.by = (const char *const[]){"year", "@year"};
	assert_int_equal(ts_agg_new(&agg, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "group key 'year' named twice");
	o.by = (const char *const[]){"a", "b", "c", "d", "e", "f", "g", "h", "i"};
	o.nby = 9;
	assert_int_equal(ts_agg_new(&agg, &o, &err), TS_EUSAGE);
	assert_string_equal(err.msg, "more than 8 group keys");
	assert_null(agg);
}

/* A partial written and merged back gives the same bytes. */
static void partial_round_trip(void **state)
{
	(void)state;
	ts_agg *a = agg_by("Org");
	for (int i = 0; i < 30; i++)
		add(a, qa_call(i % 4, i % 3, 1 + i % 2));
	ts_buf part = {0}, one = {0}, two = {0};
	ts_error err = {0};
	assert_int_equal(ts_agg_write(a, TS_AGG_PARTIAL, 0, to_buf, &part, &err), 0);
	assert_int_equal(ts_agg_write(a, TS_AGG_JSON, 0, to_buf, &one, &err), 0);
	const char *p = temp_file(part.ptr, part.len);
	ts_agg *b = agg_by(NULL);
	assert_int_equal(ts_agg_add_path(b, NULL, p, 1, &err), 0);
	unlink(p);
	assert_int_equal(ts_agg_write(b, TS_AGG_JSON, 0, to_buf, &two, &err), 0);
	assert_string_equal(one.ptr, two.ptr);
	ts_buf_free(&part);
	ts_buf_free(&one);
	ts_buf_free(&two);
	ts_agg_free(a);
	ts_agg_free(b);
}

/* Every object's members in reverse order, or the first one moved last. */
static void reorder(cJSON *v, int reverse)
{
	for (cJSON *c = v->child; c; c = c->next)
		reorder(c, reverse);
	if (!cJSON_IsObject(v) || !v->child || !v->child->next)
		return;
	cJSON *items[64];
	int n = 0;
	while (v->child && n < 64)
		items[n++] = cJSON_DetachItemViaPointer(v, v->child);
	for (int i = 0; i < n; i++) {
		int k = reverse ? n - 1 - i : (i + 1) % n;
		/* the key is copied before the item's own is freed */
		cJSON_AddItemToObject(v, items[k]->string, items[k]);
	}
}

/* A record is read the same whatever the order of its members (the
 * reader looks on from the member found last). */
static void member_order(void **state)
{
	(void)state;
	ts_buf out[3] = {{0}};
	for (int form = 0; form < 3; form++) {
		ts_agg *a = agg_by("Org");
		for (int i = 0; i < 12; i++) {
			cJSON *v = cJSON_Parse(qa_call(i % 4, i % 3, 1 + i % 2));
			assert_non_null(v);
			if (form)
				reorder(v, form == 1);
			char *text = cJSON_PrintUnformatted(v);
			add(a, text);
			free(text);
			cJSON_Delete(v);
		}
		ts_error err = {0};
		assert_int_equal(ts_agg_write(a, TS_AGG_JSON, 0, to_buf, &out[form], &err), 0);
		ts_agg_free(a);
	}
	assert_string_equal(out[0].ptr, out[1].ptr);
	assert_string_equal(out[0].ptr, out[2].ptr);
	for (int form = 0; form < 3; form++)
		ts_buf_free(&out[form]);
}

/* json_where: keys given twice and NULs found where cJSON takes them
 * silently; members found again for a column (offsets counted by hand). */
static void json_where(void **state)
{
	(void)state;
	ts_error err = {0};
	const char *ok = "{\"a\":{\"x\":1},\"b\":{\"x\":2},\"c\":\"\\\\u0000\"}";
	assert_int_equal(ts_json_check(ok, strlen(ok), "f", 1, &err), 0);  /* same key, two objects; "\\u0000" is no NUL */
	const char *dup = "{\"a\":[{\"k\":1,\"j\":2,\"k\":3}]}";
	assert_int_equal(ts_json_check(dup, strlen(dup), "f", 7, &err), TS_EINPUT);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.col, 20);  /* {"a":[{"k":1,"j":2, is 19 bytes */
	assert_string_equal(err.msg, "key 'k' given twice");
	const char *nul = "{\"a\":\"x\\u0000\"}";
	assert_int_equal(ts_json_check(nul, strlen(nul), "f", 1, &err), TS_EINPUT);
	assert_int_equal(err.col, 8);  /* {"a":"x is 7 bytes */
	const char *t = "{\"s\":[{\"t\":1},{\"t\":2,\"u\":3}],\"m\":{\"\u4e2d\":1}}";
	const ts_jstep p1[] = {{"s", 0}, {NULL, 1}, {"u", 0}};
	assert_int_equal(ts_json_locate(t, strlen(t), p1, 3, 0), 21);  /* {"s":[{"t":1},{"t":2, */
	const ts_jstep p2[] = {{"m", 0}, {"\u4e2d", 0}};
	size_t at = ts_json_locate(t, strlen(t), p2, 2, 0);
	assert_int_equal(at, 34);
	assert_int_equal(ts_json_col(t, at), 35);  /* all ASCII before it */
	const ts_jstep p3[] = {{"s", 0}, {NULL, 5}};
	assert_int_equal(ts_json_locate(t, strlen(t), p3, 2, 0), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_and_dates),
		cmocka_unit_test(pooled_rates),
		cmocka_unit_test(by_role),
		cmocka_unit_test(bad_records),
		cmocka_unit_test(bad_keys),
		cmocka_unit_test(partial_round_trip),
		cmocka_unit_test(member_order),
		cmocka_unit_test(json_where),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
