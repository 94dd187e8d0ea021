/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* jsoncmp EXPECTED ACTUAL: compare two JSON documents by value.
 *
 * EXPECTED may leave things out: every key it has must be in ACTUAL with
 * an equal value; ACTUAL may have more keys, except in an object of
 * EXPECTED that holds "//exact": true (it pins every field).  Arrays must
 * have the same
 * length.  Numbers are equal within 1e-6 (relative for large values).
 * Keys starting with "//" are comments (how the values were derived).
 * Exit 0 when equal, 1 with the path of the first difference, 2 on errors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static char *slurp(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *p = realloc(buf, cap *= 2);
			if (!p) {
				free(buf);
				buf = NULL;
			}
			buf = p;
		}
	}
	if (buf)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

static int differ(const cJSON *e, const cJSON *a, char *path, size_t cap)
{
	size_t plen = strlen(path);
	if (cJSON_IsNumber(e)) {
		if (!cJSON_IsNumber(a))
			return 1;
		double x = e->valuedouble, y = a->valuedouble;
		return fabs(x - y) > 1e-6 * fmax(1.0, fabs(x));
	}
	if (cJSON_IsString(e))
		return !cJSON_IsString(a) || strcmp(e->valuestring, a->valuestring);
	if (cJSON_IsBool(e))
		return !cJSON_IsBool(a) || cJSON_IsTrue(e) != cJSON_IsTrue(a);
	if (cJSON_IsNull(e))
		return !cJSON_IsNull(a);
	if (cJSON_IsArray(e)) {
		if (!cJSON_IsArray(a) || cJSON_GetArraySize(e) != cJSON_GetArraySize(a))
			return 1;
		int i = 0;
		for (const cJSON *x = e->child, *y = a->child; x; x = x->next, y = y->next, i++) {
			snprintf(path + plen, cap - plen, "[%d]", i);
			if (differ(x, y, path, cap))
				return 1;
		}
		path[plen] = '\0';
		return 0;
	}
	if (cJSON_IsObject(e)) {
		if (!cJSON_IsObject(a))
			return 1;
		for (const cJSON *x = e->child; x; x = x->next) {
			if (!strncmp(x->string, "//", 2))
				continue;
			snprintf(path + plen, cap - plen, ".%s", x->string);
			const cJSON *y = cJSON_GetObjectItemCaseSensitive(a, x->string);
			if (!y || differ(x, y, path, cap))
				return 1;
		}
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "//exact")))
			for (const cJSON *y = a->child; y; y = y->next)
				if (!cJSON_GetObjectItemCaseSensitive(e, y->string)) {
					snprintf(path + plen, cap - plen, ".%s (not expected)", y->string);
					return 1;
				}
		path[plen] = '\0';
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: jsoncmp EXPECTED ACTUAL\n");
		return 2;
	}
	char *es = slurp(argv[1]), *as = slurp(argv[2]);
	cJSON *e = es ? cJSON_Parse(es) : NULL, *a = as ? cJSON_Parse(as) : NULL;
	if (!e || !a) {
		fprintf(stderr, "jsoncmp: cannot read or parse %s\n", !e ? argv[1] : argv[2]);
		return 2;
	}
	char path[4096] = "$";
	int d = differ(e, a, path, sizeof path);
	if (d) {
		const cJSON *x = e, *y = a;
		(void)x;
		(void)y;
		fprintf(stderr, "jsoncmp: %s and %s differ at %s\n", argv[1], argv[2], path);
	}
	cJSON_Delete(e);
	cJSON_Delete(a);
	free(es);
	free(as);
	return d;
}
