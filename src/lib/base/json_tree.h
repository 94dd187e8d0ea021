/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The tree of a JSON text without a malloc per value: of a skimmed record
 * (aggregate/json_skim.h) and of a data file (jsondoc.h).
 *
 * cJSON allocates every value and every string on its own and frees them
 * one by one: for JSON Lines of summaries that took more instructions than
 * skimming the text (the aggregate rows of bench/RESULTS.md show the whole
 * run), and it was a third of a start's (the lexicon and language files).
 * Here the text is copied, its strings are decoded into one buffer, and
 * the values are cJSON structs taken from blocks that are used again for
 * the next text, so that readers walk it with cJSON's own functions.  The values read are cJSON's to the bit: the same strings,
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
	size_t end;          /* read by the tree: the offset after the value */
} ts_jtree;

/* The value in t->text (blanks around it) as a tree that lives until the
 * next ts_jtree_parse or ts_jtree_free.  A text it does not read as it
 * should (not JSON, a number strtod does not take whole, nesting deeper
 * than cJSON's limit) is left to cJSON, so that the tree is cJSON's
 * whatever comes: t->parsed then holds it.  NULL when out of memory, or
 * when cJSON refuses the text too. */
const cJSON *ts_jtree_parse(ts_jtree *t);

void ts_jtree_free(ts_jtree *t);

/* The four hex digits of a \u escape at p: 0 and *v, or -1. */
int ts_json_hex4(const char *p, unsigned *v);

#endif
