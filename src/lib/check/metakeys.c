/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Metadata keys across the files of a run: aggregation groups by a key
 * as it is spelt (--by Org), so a file without it, or with "@org", falls
 * into the null group without a word. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "check/check.h"

/* Keys are ASCII (read/lineclass.c): compared without case byte by byte. */
static int key_ci_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = ts_ascii_upper(*a) ? *a + 32 : *a, y = ts_ascii_upper(*b) ? *b + 32 : *b;
		if (x != y || !x)
			return x - y;
	}
}

static int use_cmp(const void *pa, const void *pb)
{
	const ts_meta_use *a = pa, *b = pb;
	int c = key_ci_cmp(a->key, b->key);
	if (c)
		return c;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* The files of a group of uses of one key that do not use it. */
static int missing(ts_checker *ck, const ts_meta_use *g, size_t k, const char *spelt)
{
	unsigned char *has = calloc(ck->nfiles, 1);
	if (!has)
		return TS_ENOMEM;
	size_t files = 0;
	for (size_t i = 0; i < k; i++)
		if (!has[g[i].file]++)
			files++;
	int rc = 0;
	for (size_t f = 0; f < ck->nfiles && !rc && files < ck->nfiles; f++)
		if (!has[f])
			rc = ts_ck_emit_in(ck, f, TS_CK_META_KEYS, 0, 0,
			                   "no @%s, which %zu of %zu files have", spelt, files, ck->nfiles);
	free(has);
	return rc;
}

/* The spelling used most (the first on a tie) and the uses of others.
 * Each use is compared with the distinct spellings before it only: a
 * key has few spellings, and a file may repeat it thousands of times. */
static int spellings(ts_checker *ck, const ts_meta_use *g, size_t k, const char **best)
{
	size_t most = 0;
	*best = g[0].key;
	for (size_t i = 0; i < k; i++) {
		size_t first = 0;
		while (strcmp(g[first].key, g[i].key))
			first++;
		if (first < i)
			continue;  /* counted at its first use */
		size_t same = 0;
		for (size_t j = i; j < k; j++)
			same += !strcmp(g[i].key, g[j].key);
		if (same > most) {
			most = same;
			*best = g[i].key;
		}
	}
	for (size_t i = 0; i < k && most < k; i++) {
		if (!strcmp(g[i].key, *best))
			continue;
		int rc = ts_ck_emit_in(ck, g[i].file, TS_CK_META_KEYS, g[i].line, g[i].col,
		                       "@%s is spelt @%s elsewhere (%zu of %zu uses)", g[i].key,
		                       *best, most, k);
		if (rc)
			return rc;
	}
	return 0;
}

int ts_ck_meta_keys(ts_checker *ck)
{
	if (ck->nmeta > 1)
		qsort(ck->meta, ck->nmeta, sizeof *ck->meta, use_cmp);
	for (size_t i = 0, j; i < ck->nmeta; i = j) {
		for (j = i; j < ck->nmeta && !key_ci_cmp(ck->meta[j].key, ck->meta[i].key); j++)
			;
		const char *best;
		int rc = spellings(ck, ck->meta + i, j - i, &best);
		if (!rc && ck->nfiles > 1)
			rc = missing(ck, ck->meta + i, j - i, best);
		if (rc)
			return rc;
	}
	return 0;
}
