/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Tables of the Basic Multilingual Plane computed from utf8proc when
 * talkstat is built (gen_tables.c writes tables_data.c), not at every
 * start: the character classes (text.c) and the folding (fold.c). */
#ifndef TS_TABLES_H
#define TS_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "base/text.h"

/* ts_textclass (text.h says how they are read) */
extern const uint16_t ts_textclass_block[0x10000 >> TS_CC_SHIFT];
extern const ts_cclass ts_textclass_entry[][TS_CC_MASK + 1];

/* The folding table (fold.c says what an entry holds): blocks of
 * TS_FOLD_BLOCK code points, equal blocks shared, and the sequences of code points
 * that fold to several, with their classes. */
#define TS_FOLD_SHIFT 4
#define TS_FOLD_BLOCK (1u << TS_FOLD_SHIFT)
extern const uint16_t ts_fold_block[0x10000 >> TS_FOLD_SHIFT];
extern const uint32_t ts_fold_entry[][TS_FOLD_BLOCK];
extern const uint32_t ts_fold_pool[];
extern const uint8_t ts_fold_pool_cls[];

#ifdef TS_GEN_TABLES
/* The folding table being built, (ptr, len, cap) arrays. */
typedef struct ts_fold_table {
	uint16_t block[0x10000 >> TS_FOLD_SHIFT];
	uint32_t (*entry)[TS_FOLD_BLOCK];
	size_t nentry;
	uint32_t *pool;
	uint8_t *pool_cls;
	size_t npool;
} ts_fold_table;

/* Build the folding table from utf8proc with classes from tc: 0, or -1
 * when out of memory. */
int ts_fold_table_build(ts_fold_table *t, const ts_textclass *tc);
#endif

#endif
