#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/json_out.h"

static char *show(const cJSON *v, int pretty)
{
	ts_buf b = {0};
	assert_int_equal(ts_json_write(&b, v, pretty, 0), 0);
	return b.ptr;
}

static void number(double x, const char *want)
{
	cJSON *v = cJSON_CreateNumber(x);
	char *s = show(v, 0);
	assert_string_equal(s, want);
	free(s);
	cJSON_Delete(v);
}

static void numbers(void **state)
{
	(void)state;
	number(0, "0");
	number(2, "2");
	number(-3, "-3");
	number(0.5, "0.5");
	number(1.0 / 3, "0.333333");
	number(2.0 / 3, "0.666667");
	number(-0.0000001, "0");  /* no "-0" */
	number(749.2277992277, "749.227799");
	number(1e15, "1000000000000000");
	number(1e20, "100000000000000000000");
	number(NAN, "null");
	number(INFINITY, "null");
}

static void strings_escape(void **state)
{
	(void)state;
	cJSON *v = cJSON_CreateString("a\"b\\c\n\t\x01 你好");
	char *s = show(v, 0);
	assert_string_equal(s, "\"a\\\"b\\\\c\\n\\t\\u0001 你好\"");
	free(s);
	cJSON_Delete(v);
}

static void layout(void **state)
{
	(void)state;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "n", 1);
	cJSON *a = cJSON_AddArrayToObject(o, "a");
	cJSON_AddItemToArray(a, cJSON_CreateTrue());
	cJSON_AddItemToArray(a, cJSON_CreateNull());
	cJSON_AddObjectToObject(o, "e");
	char *s = show(o, 1);
	assert_string_equal(s, "{\n  \"n\": 1,\n  \"a\": [\n    true,\n    null\n  ],\n  \"e\": {}\n}");
	free(s);
	s = show(o, 0);
	assert_string_equal(s, "{\"n\":1,\"a\":[true,null],\"e\":{}}");
	free(s);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(strings_escape),
		cmocka_unit_test(layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
