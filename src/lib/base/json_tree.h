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
 * the next text, so that readers walk it with cJSON's own functions.  The
 * values read are cJSON's to the bit: the same strings, numbers read as
 * strtod reads them in the C locale, the same links. */
#ifndef TS_JSON_TREE_H
#define TS_JSON_TREE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"

typedef struct ts_jblock ts_jblock;

typedef struct ts_jtree {
	ts_buf text;         /* the text: a skimmed copy, or a data file's */
	ts_buf strs;         /* its strings, decoded, each ended by a NUL */
	ts_jblock *blocks;   /* the values, kept for the next record */
	ts_jblock *at;       /* the block values are taken from */
	cJSON *parsed;       /* parsed by cJSON instead (see ts_jtree_parse) */
	size_t end;          /* where the parse stopped (see ts_jtree_parse) */
} ts_jtree;

/* The value in t->text (blanks around it) as a tree that lives until the
 * next ts_jtree_parse or ts_jtree_free.  A text it does not read as it
 * should (not JSON, a number strtod does not take whole, nesting deeper
 * than cJSON's limit, text after the value) is left to cJSON, so that the
 * tree is cJSON's whatever comes: t->parsed then holds it.  t->end is the
 * offset after the value, or where cJSON says the text breaks when it
 * refuses it (NULL is returned), or SIZE_MAX when out of memory (NULL). */
const cJSON *ts_jtree_parse(ts_jtree *t);

void ts_jtree_free(ts_jtree *t);

/* The escape that starts s[0..n) (s[0] a backslash) in a JSON string, as
 * cJSON decodes it: the UTF-8 of its character written to out (room for 4
 * bytes), *outlen bytes, and its code point in *cp (a surrogate pair's
 * own).  Its length in the text (2, 6 or 12), or 0 when it is not an
 * escape: an unknown letter, a \u without four hex digits, half a pair,
 * the text ending in it.  Every reader of JSON strings of the library
 * decodes escapes here (json_tree.c, aggregate/json_skim.c,
 * read/jsonline.c). */
size_t ts_json_escape(const char *s, size_t n, char *out, size_t *outlen, unsigned *cp);

#endif
