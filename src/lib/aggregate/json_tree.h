/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The tree of a skimmed record (json_skim.h) without a malloc per value.
 *
 * cJSON allocates every value and every string on its own and frees them
 * one by one: for JSON Lines of summaries that took more instructions than
 * skimming the text (the aggregate rows of bench/RESULTS.md show the whole
 * run).  Here the skim's copy is kept, its strings are decoded into one
 * buffer, and the values are cJSON structs taken from blocks that are used
 * again for the next record, so that the readers of records
 * (aggregate_metrics.c) walk it with cJSON's own functions.  The values read are cJSON's to the bit: the same strings,
 * numbers read as strtod reads them in the C locale, the same links. */
#ifndef TS_JSON_TREE_H
#define TS_JSON_TREE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct ts_jblock ts_jblock;

typedef struct ts_jtree {
	ts_buf text;         /* the skimmed copy: ts_json_skim writes here */
	ts_buf strs;         /* its strings, decoded, each ended by a NUL */
	ts_jblock *blocks;   /* the values, kept for the next record */
	ts_jblock *at;       /* the block values are taken from */
	cJSON *parsed;       /* parsed by cJSON instead (see ts_jtree_parse) */
} ts_jtree;

/* The value in t->text, a copy ts_json_skim accepted, as a tree that lives
 * until the next ts_jtree_parse or ts_jtree_free.  A
 * copy it does not read as it should (a number strtod does not take whole,
 * nesting deeper than cJSON's limit) is left to cJSON, so that the tree is
 * cJSON's whatever comes.  NULL when out of memory. */
const cJSON *ts_jtree_parse(ts_jtree *t);

void ts_jtree_free(ts_jtree *t);

#endif
