/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Run when talkstat is built: writes tables_data.c, the tables of
 * base/tables.h computed with the library's own code (text.c and fold.c
 * built with TS_GEN_TABLES) from the utf8proc it is built with. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/tables.h"

static void u32s(const char *decl, const uint32_t *v, size_t n)
{
	printf("%s = {", decl);
	for (size_t i = 0; i < n; i++)
		printf("%s0x%" PRIx32, i % 8 ? ", " : (i ? ",\n\t" : "\n\t"), v[i]);
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
	printf("const ts_cclass ts_textclass_table[0x10000] = {");
	for (size_t cp = 0; cp < 0x10000; cp++) {
		const ts_cclass *c = &tc->bmp[cp];
		printf("%s{%u, %u, %u}", cp % 8 ? ", " : (cp ? ",\n\t" : "\n\t"), c->kind, c->flags,
		       c->count);
	}
	printf("\n};\n\nconst uint16_t ts_fold_block[256] = {");
	for (size_t b = 0; b < 256; b++)
		printf("%s%u", b % 16 ? ", " : (b ? ",\n\t" : "\n\t"), t.block[b]);
	printf("\n};\n\nconst uint32_t ts_fold_entry[][256] = {");
	for (size_t k = 0; k < t.nentry; k++) {
		printf("%s{", k ? ", " : "");
		for (size_t i = 0; i < 256; i++)
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
