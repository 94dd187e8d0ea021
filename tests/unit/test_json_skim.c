/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include "aggregate/aggregate.h"
#include "aggregate/json_skim.h"

/* A reader of records that reads "call", "qa", "calls" and, in "qa",
 * "by_reply". */
static int keep(int where, const char *key, size_t n)
{
	static const char *const record[] = {"call", "qa", "calls", "deflections"};
	if (where == TS_SKIM_QA)
		return n == 8 && !memcmp(key, "by_reply", 8);
	if (where == TS_SKIM_DEFLECTIONS)
		return n == 5 && !memcmp(key, "total", 5);
	for (size_t i = 0; i < sizeof record / sizeof *record; i++)
		if (strlen(record[i]) == n && !memcmp(record[i], key, n))
			return 1;
	return 0;
}

static ts_skim_result res;
static char copy[4096];

/* The status of skimming text; its copy in `copy` when it is whole. */
static int skim(const char *text)
{
	ts_buf out = {0};
	ts_json_skim(text, strlen(text), keep, &out, &res);
	snprintf(copy, sizeof copy, "%.*s", (int)out.len, out.ptr ? out.ptr : "");
	ts_buf_free(&out);
	return res.status;
}

static void keeps_what_is_read(void **state)
{
	(void)state;
	assert_int_equal(skim(" {\"call\": 1, \"pairs\": [1, {\"a\": [2]}], \"qa\": {\"pairs\": "
	                      "[{\"q\": \"x\"}], \"by_reply\": {\"answer\": 1}}, \"title\": \"t\"} "),
	                 TS_SKIM_OK);
	assert_string_equal(copy, "{\"call\": 1,\"qa\": {\"by_reply\": {\"answer\": 1}}}");
	assert_int_equal(res.end, strlen(" {\"call\": 1, \"pairs\": [1, {\"a\": [2]}], \"qa\": "
	                                 "{\"pairs\": [{\"q\": \"x\"}], \"by_reply\": {\"answer\": "
	                                 "1}}, \"title\": \"t\"}"));
	/* a document: each element of "calls" is a record */
	assert_int_equal(skim("{\"calls\":[{\"call\":1,\"x\":[]},{\"x\":2},{\"call\":2}],\"y\":0}"),
	                 TS_SKIM_OK);
	assert_string_equal(copy, "{\"calls\":[{\"call\":1},{},{\"call\":2}]}");
	/* a list of records; a record's other members whole, whatever is in them */
	assert_int_equal(skim("[{\"call\":{\"pairs\":1,\"qa\":2}},[{\"qa\":{\"x\":1}}]]"), TS_SKIM_OK);
	assert_string_equal(copy, "[{\"call\":{\"pairs\":1,\"qa\":2}},[{\"qa\":{}}]]");
	assert_int_equal(skim("{\"deflections\":{\"matches\":[1],\"total\":3},\"qa\":[1]}"),
	                 TS_SKIM_OK);
	assert_string_equal(copy, "{\"deflections\":{\"total\":3},\"qa\":[1]}");
	/* a key spelt with escapes is read as cJSON reads it: kept */
	assert_int_equal(skim("{\"\\u0071a\":{\"pairs\":[]},\"z\":1}"), TS_SKIM_OK);
	assert_string_equal(copy, "{\"\\u0071a\":{\"pairs\":[]}}");
	/* an object without keys before any with them (found by scripts/fuzz) */
	assert_int_equal(skim("[{}, {\"a\":{}}]"), TS_SKIM_OK);
	assert_string_equal(copy, "[{},{}]");
	/* an object of one key inside another: its key is its own */
	assert_int_equal(skim("{\"a\":{\"b\":1},\"b\":{\"a\":{\"a\":{}}}}"), TS_SKIM_OK);
	assert_int_equal(skim("\"s\""), TS_SKIM_OK);
	assert_string_equal(copy, "\"s\"");
	assert_int_equal(skim("[-0.5e+3, 0, 1E2, true, false, null, \"\\ud83d\\ude00\\n\"]"),
	                 TS_SKIM_OK);
}

static void syntax(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t at;
	} bad[] = {
		{"{\"a\":1,,\"b\":2}", 7},    /* where the key should start */
		{"{\"a\":1 \"b\":2}", 7},     /* a comma missing */
		{"{\"a\":", 5},               /* the end */
		{"{\"a\":\"xy", 8},
		{"\"xy\\", 4},              /* a backslash last, in a string alone */
		{"{} x", 2},                  /* after the value */
		{"[\"\\x\"]", 2},             /* the backslash of a bad escape */
		{"[\"\\u12G4\"]", 2},
		{"[\"\\udc00\"]", 2},         /* half a pair */
		{"[\"\\ud800x\"]", 2},
		{"[01]", 2},
		{"[1.]", 3},
		{"[1e]", 3},
		{"[-]", 1},
		{"[tru]", 1},
		{"[+1]", 1},
		{"{\"x\":[1,{\"y\":]}]}", 13}, /* in a member left out too */
		{"", 0},
		{"  ", 2},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (skim(bad[i].text) != TS_SKIM_SYNTAX || res.at != bad[i].at)
			fail_msg("%s: status %d at %zu, expected a syntax error at %zu", bad[i].text,
			         res.status, res.at, bad[i].at);
	}
	/* cJSON reads a number through 64 bytes */
	char num[80] = "[";
	memset(num + 1, '1', 64);
	strcpy(num + 65, "]");
	assert_int_equal(skim(num), TS_SKIM_SYNTAX);
	num[64] = ']';
	num[65] = '\0';
	assert_int_equal(skim(num), TS_SKIM_OK);
}

static void nesting(void **state)
{
	(void)state;
	char deep[2 * 1001 + 1];
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	deep[2000] = '\0';
	assert_int_equal(skim(deep), TS_SKIM_OK);
	memset(deep, '[', 1001);
	memset(deep + 1001, ']', 1001);
	deep[2002] = '\0';
	assert_int_equal(skim(deep), TS_SKIM_DEEP);
	assert_int_equal(res.at, 1000);
}

static void keys_twice_and_nul(void **state)
{
	(void)state;
	/* in a member left out, as in one kept: the second key's quote */
	assert_int_equal(skim("{\"pairs\":[{\"a\":1,\"b\":2,\"a\":3}]}"), TS_SKIM_DUP);
	assert_int_equal(res.at, 23);  /* {"pairs":[{"a":1,"b":2, is 23 bytes */
	assert_int_equal(res.key_len, 1);
	/* the first in the text, though its object closes last */
	assert_int_equal(skim("{\"k\":1,\"k\":{\"j\":1,\"j\":2}}"), TS_SKIM_DUP);
	assert_int_equal(res.at, 7);
	/* an object of many keys (sorted, not compared pairwise) */
	char big[512] = "{";
	for (int i = 0; i < 30; i++)
		sprintf(big + strlen(big), "\"k%d\":%d,", i, i);
	strcat(big, "\"k17\":0}");
	assert_int_equal(skim(big), TS_SKIM_DUP);
	assert_int_equal(res.at, strlen(big) - 8);
	assert_int_equal(res.key_len, 3);
	/* a NUL escaped, raw in a string, raw between values */
	assert_int_equal(skim("{\"x\":\"a\\u0000b\"}"), TS_SKIM_NUL);
	assert_int_equal(res.at, 7);
	ts_buf out = {0};
	const char raw[] = "{\"x\":\"a\0b\"}";
	ts_json_skim(raw, sizeof raw - 1, keep, &out, &res);
	assert_int_equal(res.status, TS_SKIM_NUL);
	assert_int_equal(res.at, 7);
	/* a NUL after a backslash is no escape (it had been taken as one, and
	 * the NUL let through, in members left out) */
	const char escaped[] = "{\"x\":\"a\\\0b\"}";
	ts_json_skim(escaped, sizeof escaped - 1, keep, &out, &res);
	assert_int_equal(res.status, TS_SKIM_SYNTAX);
	assert_int_equal(res.at, 7);
	const char between[] = "{\"call\":1,\0\"x\":2}";
	ts_json_skim(between, sizeof between - 1, keep, &out, &res);
	assert_int_equal(res.status, TS_SKIM_NUL);
	assert_int_equal(res.at, 10);
	ts_buf_free(&out);
	/* whichever comes first; a syntax error before either */
	assert_int_equal(skim("{\"x\":\"\\u0000\",\"x\":1}"), TS_SKIM_NUL);
	assert_int_equal(skim("{\"x\":1,\"x\":\"\\u0000\"}"), TS_SKIM_DUP);
	assert_int_equal(skim("{\"x\":1,\"x\":\"\\u0000\"]"), TS_SKIM_SYNTAX);
}

/* The members the aggregate reads, from its figure tables. */
/* A string is read eight bytes at a time up to its first quote, backslash
 * or control character: each at every place of long strings, in texts of
 * every length past it. */
static void strings_at_every_place(void **state)
{
	(void)state;
	char text[64];
	ts_buf out = {0};
	for (size_t at = 0; at < 20; at++) {
		for (size_t tail = 0; tail < 12; tail++) {
			static const char *const mid[] = {"\\n", "\\u00e9", "\x01", "\t"};
			for (size_t k = 0; k < 4; k++) {
				/* {"call":"aaa<mid>aaa"} */
				int n = snprintf(text, sizeof text, "{\"call\":\"%.*s%s%.*s\"}", (int)at,
				                 "aaaaaaaaaaaaaaaaaaaa", mid[k], (int)tail, "bbbbbbbbbbbb");
				out.len = 0;
				ts_json_skim(text, (size_t)n, keep, &out, &res);
				assert_int_equal(res.status, TS_SKIM_OK);
				assert_int_equal(out.len, (size_t)n);
				assert_memory_equal(out.ptr, text, (size_t)n);
			}
			/* a NUL: found where it is; the quote missing: the end */
			int n = snprintf(text, sizeof text, "{\"call\":\"%.*sX%.*s\"}", (int)at,
			                 "aaaaaaaaaaaaaaaaaaaa", (int)tail, "bbbbbbbbbbbb");
			text[9 + at] = '\0';
			ts_json_skim(text, (size_t)n, keep, &out, &res);
			assert_int_equal(res.status, TS_SKIM_NUL);
			assert_int_equal(res.at, 9 + at);
			ts_json_skim(text + 8, (size_t)n - 10, keep, &out, &res);
			assert_int_equal(res.status, TS_SKIM_SYNTAX);
			assert_int_equal(res.at, (size_t)n - 10);
		}
	}
	ts_buf_free(&out);
}

static void aggregate_reads(void **state)
{
	(void)state;
	static const struct {
		int where;
		const char *key;
		int read;
	} m[] = {
		{TS_SKIM_RECORD, "speakers", 1},    {TS_SKIM_RECORD, "meta", 1},
		{TS_SKIM_RECORD, "events", 1},      {TS_SKIM_RECORD, "turns", 1},
		{TS_SKIM_RECORD, "source", 1},      {TS_SKIM_RECORD, "utterances", 0},
		{TS_SKIM_RECORD, "title", 0},       {TS_SKIM_RECORD, "narration", 0},
		{TS_SKIM_DEFLECTIONS, "total", 1},  {TS_SKIM_DEFLECTIONS, "by_category", 1},
		{TS_SKIM_DEFLECTIONS, "by_speaker", 1}, {TS_SKIM_DEFLECTIONS, "matches", 0},
		{TS_SKIM_DEFLECTIONS, "by", 0},     {TS_SKIM_QA, "questions", 1},
		{TS_SKIM_QA, "by_reply", 1},        {TS_SKIM_QA, "by_clarity", 1},
		{TS_SKIM_QA, "by_respondent", 1},   {TS_SKIM_QA, "pairs", 0},
		{TS_SKIM_QA, "question", 0},
	};
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (ts_agg_reads_member(m[i].where, m[i].key, strlen(m[i].key)) != m[i].read)
			fail_msg("%d %s: expected %d", m[i].where, m[i].key, m[i].read);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_what_is_read),
		cmocka_unit_test(syntax),
		cmocka_unit_test(nesting),
		cmocka_unit_test(keys_twice_and_nul),
		cmocka_unit_test(strings_at_every_place),
		cmocka_unit_test(aggregate_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
