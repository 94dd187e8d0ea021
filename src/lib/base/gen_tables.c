/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Run when talkstat is built: writes tables_data.c, the tables of
 * base/tables.h computed with the library's own code (text.c and fold.c
 * built with TS_GEN_TABLES) from the utf8proc it is built with. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tables.h"

static void u32s(const char *decl, const uint32_t *v, size_t n)
{
	printf("%s = {", decl);
	for (size_t i = 0; i < n; i++)
		printf("%s0x%" PRIx32, i % 8 ? ", " : (i ? ",\n\t" : "\n\t"), v[i]);
	printf("\n};\n\n");
}

static int same_block(const ts_textclass *tc, size_t a, size_t b)
{
	return !memcmp(tc->entry[a], tc->entry[b], sizeof tc->entry[a]);
}

/* The character classes in two stages (text.h), equal blocks written once
 * (a quadratic search: 4,096 blocks, once per build). */
static void textclass(const ts_textclass *tc)
{
	enum { NB = 0x10000 >> TS_CC_SHIFT };
	static uint16_t block[NB], first[NB];
	size_t n = 0;
	printf("const ts_cclass ts_textclass_entry[][TS_CC_MASK + 1] = {");
	for (size_t b = 0; b < NB; b++) {
		size_t k = 0;
		while (k < n && !same_block(tc, first[k], b))
			k++;
		block[b] = (uint16_t)k;
		if (k < n)
			continue;
		first[n++] = (uint16_t)b;
		printf("%s{", k ? ", " : "");
		for (size_t i = 0; i <= TS_CC_MASK; i++) {
			const ts_cclass *c = &tc->entry[b][i];
			printf("%s{%u, %u, %u}", i % 8 ? ", " : (i ? ",\n\t" : "\n\t"), c->kind,
			       c->flags, c->count);
		}
		printf("\n}");
	}
	printf("\n};\n\nconst uint16_t ts_textclass_block[0x10000 >> TS_CC_SHIFT] = {");
	for (size_t b = 0; b < NB; b++)
		printf("%s%u", b % 16 ? ", " : (b ? ",\n\t" : "\n\t"), block[b]);
	printf("\n};\n\n");
}

int main(void)
{
	ts_textclass *tc = ts_textclass_new();
	ts_fold_table t;
	if (!tc || ts_fold_table_build(&t, tc)) {
		fputs("gen_tables: out of memory\n", stderr);
		return 1;
	}
	puts("/* Written by gen_tables when talkstat was built: do not edit. */");
	puts("#include \"config.h\"\n\n#include \"base/tables.h\"\n");
	textclass(tc);
	printf("const uint16_t ts_fold_block[0x10000 >> TS_FOLD_SHIFT] = {");
	for (size_t b = 0; b < 0x10000 >> TS_FOLD_SHIFT; b++)
		printf("%s%u", b % 16 ? ", " : (b ? ",\n\t" : "\n\t"), t.block[b]);
	printf("\n};\n\nconst uint32_t ts_fold_entry[][TS_FOLD_BLOCK] = {");
	for (size_t k = 0; k < t.nentry; k++) {
		printf("%s{", k ? ", " : "");
		for (size_t i = 0; i < TS_FOLD_BLOCK; i++)
			printf("%s0x%" PRIx32, i % 8 ? ", " : (i ? ",\n\t" : "\n\t"), t.entry[k][i]);
		printf("\n}");
	}
	printf("\n};\n\n");
	/* one element more: an array may not be empty */
	uint32_t *pool = calloc(t.npool + 1, sizeof *pool);
	uint32_t *cls = calloc(t.npool + 1, sizeof *cls);
	if (!pool || !cls)
		return 1;
	for (size_t i = 0; i < t.npool; i++) {
		pool[i] = t.pool[i];
		cls[i] = t.pool_cls[i];
	}
	u32s("const uint32_t ts_fold_pool[]", pool, t.npool + 1);
	printf("const uint8_t ts_fold_pool_cls[] = {");
	for (size_t i = 0; i <= t.npool; i++)
		printf("%s%" PRIu32, i % 16 ? ", " : (i ? ",\n\t" : "\n\t"), cls[i]);
	printf("\n};\n");
	free(pool);
	free(cls);
	free(t.entry);
	free(t.pool);
	free(t.pool_cls);
	ts_textclass_free(tc);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
