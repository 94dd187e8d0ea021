/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include "base/json_tree.h"
#include "base/jsondoc.h"

/* a and b the same tree: types, keys, strings, numbers to the bit, and
 * the links cJSON makes (a first child's prev is the last child). */
static void same_tree(const cJSON *a, const cJSON *b, const char *text)
{
	if ((a->type & 0xFF) != (b->type & 0xFF))
		fail_msg("%s: type %d, cJSON %d", text, a->type, b->type);
	if (!a->string != !b->string || (a->string && strcmp(a->string, b->string)))
		fail_msg("%s: key '%s', cJSON '%s'", text, a->string ? a->string : "(none)",
		         b->string ? b->string : "(none)");
	if (!a->valuestring != !b->valuestring ||
	    (a->valuestring && strcmp(a->valuestring, b->valuestring)))
		fail_msg("%s: string differs", text);
	if (memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) ||
	    a->valueint != b->valueint)
		fail_msg("%s: number %.17g/%d, cJSON %.17g/%d", text, a->valuedouble, a->valueint,
		         b->valuedouble, b->valueint);
	const cJSON *x = a->child, *y = b->child, *last = NULL;
	for (; x && y; last = x, x = x->next, y = y->next) {
		if (x != a->child && x->prev != last)
			fail_msg("%s: prev link", text);
		same_tree(x, y, text);
	}
	if (x || y)
		fail_msg("%s: %s children", text, x ? "more" : "fewer");
	if (a->child && a->child->prev != last)
		fail_msg("%s: the first child's prev is not the last", text);
}

/* text read by the tree, not left to cJSON, and as cJSON reads it. */
static void as_cjson(ts_jtree *t, const char *text)
{
	t->text.len = 0;
	assert_int_equal(ts_buf_append(&t->text, text, strlen(text)), 0);
	const cJSON *v = ts_jtree_parse(t);
	cJSON *c = cJSON_Parse(text);
	if (!v || !c)
		fail_msg("%s: not parsed (%s)", text, v ? "cJSON" : "tree");
	if (t->parsed)
		fail_msg("%s: left to cJSON", text);
	same_tree(v, c, text);
	cJSON_Delete(c);
}

static void reads_as_cjson(void **state)
{
	(void)state;
	ts_jtree t = {0};
	static const char *const texts[] = {
		"{}", "[]", "0", "-0", "\"\"", "true", "false", "null", " \t\r\n{ \"a\" : [ 1 , 2 ] } ",
		"{\"a\":{\"b\":{\"c\":[[],[{}],null]}}}",
		"[1,-1,0.5,-0.000001,1e5,1E-5,1.5e+300,2.2250738585072014e-308,4.9e-324,1e400,"
		"-1e400,123456789012345678901234567890,2147483647,2147483648,-2147483648,"
		"-2147483649,0.1,0.30000000000000004,9007199254740993,3.14159,1.000000]",
		"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\u4e2d\\uFFFF\\u0041\",\"\\ud83d\\ude00x\","
		"\"\xe4\xb8\xad\xe6\x96\x87\",\"\x01\x1f raw\",\"\\u07ff\\u0800\\udbff\\udfff\"]",
		"{\"\\u0061b\":1,\"\xe5\xb8\x82\":\"x\"}",
		"{\"schema_version\":1,\"meta\":{\"Org\":\"\xe8\x8b\x8f\xe5\xb7\x9e\",\"N\":null},"
		"\"speakers\":[{\"speaker\":\"A\",\"share_of_speech\":0.320823}]}",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		as_cjson(&t, texts[i]);
	/* a number longer than JSON's numbers of a program (json_skim.c
	 * refuses it) is left to cJSON */
	static const char *const long_number =
		"[1234567890123456789012345678901234567890123456789012345678901234]";
	t.text.len = 0;
	assert_int_equal(ts_buf_append(&t.text, long_number, strlen(long_number)), 0);
	const cJSON *v = ts_jtree_parse(&t);
	cJSON *c = cJSON_Parse(long_number);
	assert_non_null(t.parsed);
	assert_ptr_equal(v, t.parsed);
	same_tree(v, c, long_number);
	cJSON_Delete(c);
	/* what cJSON refuses, the tree does not take either (a number with a
	 * plus); text after the value is left to cJSON, which stops before it */
	t.text.len = 0;
	assert_int_equal(ts_buf_append(&t.text, "{} x", 4), 0);
	assert_true(ts_jtree_parse(&t) && t.parsed);
	static const char *const refused[] = {"[+1]", "[1,]", "\"open", "-", "[1.5.5]"};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		t.text.len = 0;
		assert_int_equal(ts_buf_append(&t.text, refused[i], strlen(refused[i])), 0);
		if (ts_jtree_parse(&t) || t.parsed)
			fail_msg("%s: taken", refused[i]);
	}
	/* and the next value is read by the tree again */
	as_cjson(&t, "[1]");
	ts_jtree_free(&t);
}

/* Random values of every kind, big enough that values come from several
 * blocks, each read as cJSON reads it; the blocks are used again. */
static unsigned long rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rnd_state >> 33) % n);
}

static void gen(ts_buf *b, int depth)
{
	static const char *const str_parts[] = {"a", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00",
	                                       "\xe4\xb8\xad", "\\\\", " ", "\\/", "\\u4E2D", "z9"};
	static const char *const nums[] = {"0", "-0", "7", "-12", "3.5", "1e3", "-2.5E-7", "0.125",
	                                   "12345678901234567", "6.02214076e23", "1e-400"};
	unsigned k = depth > 4 ? rnd(4) : rnd(6);
	switch (k) {
	case 0:
		ts_buf_append(b, "\"", 1);
		for (unsigned i = rnd(6); i; i--) {
			const char *p = str_parts[rnd(sizeof str_parts / sizeof *str_parts)];
			ts_buf_append(b, p, strlen(p));
		}
		ts_buf_append(b, "\"", 1);
		break;
	case 1: {
		const char *p = nums[rnd(sizeof nums / sizeof *nums)];
		ts_buf_append(b, p, strlen(p));
		break;
	}
	case 2: {
		static const char *const lit[] = {"true", "false", "null"};
		const char *p = lit[rnd(3)];
		ts_buf_append(b, p, strlen(p));
		break;
	}
	case 3: {
		char d[32];
		snprintf(d, sizeof d, "%u.%u", rnd(100000), rnd(1000000));
		ts_buf_append(b, d, strlen(d));
		break;
	}
	case 4:
		ts_buf_append(b, "[", 1);
		for (unsigned i = rnd(5), j = 0; j < i; j++) {
			const char *comma = rnd(2) ? "," : " , ";
			if (j)
				ts_buf_append(b, comma, strlen(comma));
			gen(b, depth + 1);
		}
		ts_buf_append(b, "]", 1);
		break;
	default:
		ts_buf_append(b, "{", 1);
		for (unsigned i = rnd(5), j = 0; j < i; j++) {
			char key[16];
			snprintf(key, sizeof key, "%s\"k%u\":", j ? "," : "", j);
			ts_buf_append(b, key, strlen(key));
			gen(b, depth + 1);
		}
		ts_buf_append(b, "}", 1);
		break;
	}
}

static void random_values(void **state)
{
	(void)state;
	ts_jtree t = {0};
	ts_buf b = {0};
	for (int round = 0; round < 3000; round++) {
		b.len = 0;
		ts_buf_append(&b, "[", 1);
		for (unsigned i = 0, n = 1 + rnd(round % 10 ? 20 : 600); i < n; i++) {
			if (i)
				ts_buf_append(&b, ",", 1);
			gen(&b, 0);
		}
		ts_buf_append(&b, "]", 1);
		as_cjson(&t, b.ptr);
	}
	ts_buf_free(&b);
	ts_jtree_free(&t);
}


/* Strings of every part at every offset from the start of a word and
 * from the end of the text (string_at copies eight bytes at a time and
 * the last ones one by one), read as cJSON reads them; an unterminated
 * one is refused wherever it ends. */
static void strings_everywhere(void **state)
{
	(void)state;
	static const char *const parts[] = {"a", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00",
	                                    "\xe4\xb8\xad", "\\\\", "\x01", "\x1f", "\\/", "\t",
	                                    "abcdefghijklmnopq", "\\u4E2D", "\"x\": \"", "{"};
	ts_jtree t = {0};
	ts_buf b = {0}, s = {0};
	for (int round = 0; round < 4000; round++) {
		s.len = 0;
		for (unsigned i = rnd(8); i; i--) {
			const char *p = parts[rnd(sizeof parts / sizeof *parts)];
			if (!strcmp(p, "\"x\": \"") || !strcmp(p, "{"))
				continue;  /* kept for the unterminated ones below */
			ts_buf_append(&s, p, strlen(p));
		}
		b.len = 0;
		unsigned pad = rnd(16), tail = rnd(3) ? rnd(12) : 0;
		ts_buf_printf(&b, "%*s[\"%s\"", (int)pad, "", s.ptr ? s.ptr : "");
		for (unsigned i = 0; i < tail; i++)
			ts_buf_append(&b, i % 2 ? "1" : ",", 1);
		ts_buf_append(&b, tail % 2 ? "1]" : "]", 2);
		as_cjson(&t, b.ptr);
		/* cut inside the string: no closing quote */
		b.len = 0;
		ts_buf_printf(&b, "%*s[\"%s", (int)pad, "", s.ptr ? s.ptr : "");
		t.text.len = 0;
		assert_int_equal(ts_buf_append(&t.text, b.ptr, b.len), 0);
		cJSON *c = cJSON_Parse(b.ptr);
		if (ts_jtree_parse(&t) || t.parsed || c)
			fail_msg("%s: taken", b.ptr);
	}
	ts_buf_free(&s);
	ts_buf_free(&b);
	ts_jtree_free(&t);
}

/* ts_json_members is ts_json_unknown_key, ts_json_duplicate_key and a
 * cJSON_GetObjectItemCaseSensitive for each key, on objects of known,
 * unknown and repeated keys in any order. */
static void members(void **state)
{
	(void)state;
	static const char *const known[] = {"phrase", "category", "max_gap", "source", "note",
	                                    "declines", NULL};
	static const char *const keys[] = {"phrase", "category", "max_gap", "source", "note",
	                                   "declines", "Phrase", "phras", "phrasee", "", "p", "x"};
	ts_buf b = {0};
	int seen[3] = {0};
	for (int round = 0; round < 20000; round++) {
		b.len = 0;
		ts_buf_append(&b, "{", 1);
		unsigned n = rnd(9);
		for (unsigned i = 0; i < n; i++) {
			/* mostly known keys, in their order or not */
			unsigned k = rnd(4) ? (round % 3 ? i % 6 : rnd(6)) : rnd(12);
			ts_buf_printf(&b, "%s\"%s\": %u", i ? ", " : "", keys[k], i);
		}
		ts_buf_append(&b, "}", 1);
		cJSON *o = cJSON_Parse(b.ptr);
		assert_non_null(o);
		const cJSON *found[6], *bad = NULL;
		int rc = ts_json_members(o, known, found, &bad);
		const cJSON *unknown = ts_json_unknown_key(o, known), *dup = ts_json_duplicate_key(o);
		if (unknown) {
			if (rc != 1 || bad != unknown)
				fail_msg("%s: %d, not the unknown key", b.ptr, rc);
		} else if (dup) {
			if (rc != 2 || bad != dup)
				fail_msg("%s: %d, not the duplicate", b.ptr, rc);
		} else {
			if (rc)
				fail_msg("%s: %d", b.ptr, rc);
			for (int k = 0; known[k]; k++)
				if (found[k] != cJSON_GetObjectItemCaseSensitive(o, known[k]))
					fail_msg("%s: member '%s'", b.ptr, known[k]);
		}
		seen[rc]++;
		cJSON_Delete(o);
	}
	assert_true(seen[0] > 1000 && seen[1] > 1000 && seen[2] > 1000);
	ts_buf_free(&b);
}

static void same_strings(const ts_jsondoc *d, const cJSON *v, const char *text)
{
	if (ts_jsondoc_string(d, v) != ts_json_valid_string(v))
		fail_msg("%s: ts_jsondoc_string %d", text, ts_jsondoc_string(d, v));
	for (const cJSON *c = v->child; c; c = c->next)
		same_strings(d, c, text);
}

/* ts_jsondoc_string is ts_json_valid_string on every value of a document,
 * read by the tree or (a number it does not take) by cJSON. */
static void doc_strings(void **state)
{
	(void)state;
	ts_buf b = {0};
	int by[2] = {0};
	for (int round = 0; round < 3000; round++) {
		b.len = 0;
		ts_buf_append(&b, "[", 1);
		for (unsigned i = 0, n = 1 + rnd(20); i < n; i++) {
			if (i)
				ts_buf_append(&b, ",", 1);
			gen(&b, 0);
		}
		if (round % 4 == 0)  /* as long_number above */
			ts_buf_append(&b, ",1234567890123456789012345678901234567890123456789012345678901234",
			              65);
		ts_buf_append(&b, "]", 1);
		ts_jsondoc d;
		ts_error err = {0};
		if (ts_jsondoc_parse(&d, "x.json", b.ptr, b.len, 1 << 20, "x", &err))
			fail_msg("%s: %s", b.ptr, err.msg);
		by[d.tree.parsed != NULL]++;
		same_strings(&d, d.root, b.ptr);
		ts_jsondoc_free(&d);
	}
	assert_true(by[0] > 1000 && by[1] > 500);
	ts_buf_free(&b);
}

/* A file read whole (by its size when it has one, a chunk at a time when
 * not) and parsed where it was read, as ts_jsondoc_parse parses a copy:
 * the same tree, or the same error. */
static void read_and_parse(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 2, 255, 256, 257, 4095, 65535, 65536, 65537, 200001};
	ts_buf text = {0};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		for (int bad = 0; bad < 2; bad++) {
			text.len = 0;
			if (sizes[i] > 1) {
				ts_buf_append(&text, "[", 1);
				while (text.len < sizes[i] - 1)
					ts_buf_append(&text, text.len % 7 ? "1" : ",", 1);
				ts_buf_append(&text, bad ? "," : "]", 1);
			} else if (sizes[i]) {
				ts_buf_append(&text, bad ? "x" : "1", 1);
			}
			const char *path = temp_file(text.ptr ? text.ptr : "", text.len);
			for (size_t max = text.len ? text.len - 1 : 0; max <= text.len + 1; max++) {
				ts_buf got = {0};
				ts_error e1 = {0}, e2 = {0};
				int rc = ts_jsondoc_read(path, max, "file", &got, &e1);
				if (max < text.len) {
					assert_int_equal(rc, TS_ELIMIT);
					assert_string_equal(e1.msg, "file larger than 0 MiB");
					ts_buf_free(&got);
					continue;
				}
				assert_int_equal(rc, 0);
				assert_int_equal(got.len, text.len);
				assert_true(!text.len || !memcmp(got.ptr, text.ptr, text.len));
				ts_jsondoc a, c;
				int ra = ts_jsondoc_parse(&a, path, text.ptr ? text.ptr : "", text.len, max, "x",
				                          &e1);
				int rb = ts_jsondoc_parse_buf(&c, path, &got, max, "x", &e2);
				assert_int_equal(ra, rb);
				assert_null(got.ptr);
				if (ra) {
					assert_string_equal(e1.msg, e2.msg);
					assert_int_equal(e1.line, e2.line);
					assert_int_equal(e1.col, e2.col);
				} else {
					same_tree(c.root, a.root, path);
				}
				ts_jsondoc_free(&a);
				ts_jsondoc_free(&c);
				ts_buf_free(&got);
			}
			unlink(path);
		}
	}
	/* a file without a size: read a chunk at a time */
	ts_buf got = {0};
	ts_error err = {0};
	assert_int_equal(ts_jsondoc_read("/dev/null", 10, "file", &got, &err), 0);
	assert_int_equal(got.len, 0);
	ts_buf_free(&got);
	ts_buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_as_cjson),
		cmocka_unit_test(random_values),
		cmocka_unit_test(strings_everywhere),
		cmocka_unit_test(members),
		cmocka_unit_test(doc_strings),
		cmocka_unit_test(read_and_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
