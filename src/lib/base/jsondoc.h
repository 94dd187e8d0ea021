/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* JSON data files (lexicons, language rules): read with a size limit,
 * checked for UTF-8, parsed into cJSON's structs (json_tree.h; by cJSON
 * itself where that tree does not read the text), and every error located
 * in the text as file:line:col.  cJSON keeps no positions, so a node is
 * found again in the text by its place among its parent's members. */
#ifndef TS_JSONDOC_H
#define TS_JSONDOC_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/json_tree.h"
#include "talkstat.h"

typedef struct ts_jsondoc {
	const char *name;    /* for messages (borrowed) */
	const char *text;    /* the bytes parsed (borrowed) */
	size_t len;
	cJSON *root;         /* tree's (its blocks, or cJSON's parse it holds) */
	ts_jtree tree;
} ts_jsondoc;

/* cJSON_ParseWithLengthOpts(text, len, end, 0) (end may be NULL), one call
 * at a time: every cJSON parse writes a global of libcjson (its last error),
 * and readers parse on several threads.  Every parse of the library goes
 * through here. */
cJSON *ts_json_parse(const char *text, size_t len, const char **end);

/* Read a whole file into b (appended), or a built-in one (base/builtin.h)
 * when path is under TS_BUILTIN_DIR.  A file over max bytes is TS_ELIMIT
 * "WHAT larger than N MiB"; TS_EIO when it cannot be opened or read. */
int ts_jsondoc_read(const char *path, size_t max, const char *what, ts_buf *b, ts_error *err);

/* Parse text[0..len) as one JSON document: invalid UTF-8, a NUL byte, an
 * empty file, invalid JSON and text after the document are TS_EDATA with
 * their line and column; a text over max bytes is TS_ELIMIT as above.
 * Free d with ts_jsondoc_free, also after a failure. */
int ts_jsondoc_parse(ts_jsondoc *d, const char *name, const char *text, size_t len, size_t max,
                     const char *what, ts_error *err);
void ts_jsondoc_free(ts_jsondoc *d);

/* ts_jsondoc_parse of b's bytes, which d takes over (b is left empty, to
 * be freed or not), where ts_jsondoc_parse copies the text: d->text is
 * d's own. */
int ts_jsondoc_parse_buf(ts_jsondoc *d, const char *name, ts_buf *b, size_t max,
                         const char *what, ts_error *err);

/* Fail with TS_EDATA at node (at its key when `key` and it has one; the
 * whole document when node is NULL or not found). */
int ts_jsondoc_fail(const ts_jsondoc *d, ts_error *err, const cJSON *node, int key,
                    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* The offset in text[0..len) (a JSON object, parsed: well formed) of the
 * value of its first member named key, or len when it has none: where a
 * value is, without the path search of ts_jsondoc_fail, for readers that
 * place every value of every line (read/reader_convokit.c). */
size_t ts_json_member_offset(const char *text, size_t len, const char *key);

/* The first member of obj whose key is not in known (NULL-terminated), or
 * NULL. */
const cJSON *ts_json_unknown_key(const cJSON *obj, const char *const *known);

/* The second of two members with one key (cJSON keeps both and would
 * answer with the first, so a corrected value lower down would be ignored
 * silently), or NULL. */
const cJSON *ts_json_duplicate_key(const cJSON *obj);

/* Whether v is a string (cJSON has checked nothing about its bytes: a
 * "\u0000" or a lone surrogate escape makes it invalid UTF-8). */
int ts_json_valid_string(const cJSON *v);

/* ts_json_valid_string(v) for a value of d, without checking its bytes
 * again when d's own tree read the text (json_tree.h), not cJSON: the text
 * was checked whole (ts_jsondoc_parse), the tree decodes no escape that is
 * not a character, and \u0000 is refused before.  A lexicon's thousands
 * of strings were checked twice. */
static inline int ts_jsondoc_string(const ts_jsondoc *d, const cJSON *v)
{
	if (d->tree.parsed || !d->root)
		return ts_json_valid_string(v);
	return v && (v->type & 0xFF) == cJSON_String && v->valuestring;  /* cJSON_IsString */
}

/* The members of obj (an object) by key, in one walk where
 * cJSON_GetObjectItemCaseSensitive walks from the first member for each
 * key: found[k] is the member named known[k] (NULL-terminated), or NULL.
 * Each key is looked for from the one after the key found last, round:
 * files mostly give them in the order of known.  Returns 0; 1 when a key is
 * not in known, *bad the first such member (ts_json_unknown_key's); else 2
 * when a key is given twice, *bad ts_json_duplicate_key's member. */
int ts_json_members(const cJSON *obj, const char *const *known, const cJSON **found,
                    const cJSON **bad);

#endif
