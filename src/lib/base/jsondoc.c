/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/jsondoc.h"

#include <pthread.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/builtin.h"
#include "base/diag.h"
#include "base/text.h"

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

cJSON *ts_json_parse(const char *text, size_t len, const char **end)
{
	const char *dummy;
	pthread_mutex_lock(&parse_lock);
	cJSON *v = cJSON_ParseWithLengthOpts(text, len, end ? end : &dummy, 0);
	pthread_mutex_unlock(&parse_lock);
	return v;
}

static int is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int too_large(ts_error *err, const char *name, size_t max, const char *what)
{
	return ts_fail(err, TS_ELIMIT, name, 0, 0, "%s larger than %zu MiB", what, max >> 20);
}

int ts_jsondoc_read(const char *path, size_t max, const char *what, ts_buf *b, ts_error *err)
{
	const ts_builtin_file *in = ts_builtin_find(path);
	if (in) {
		if (in->len > max)
			return too_large(err, path, max, what);
		int rc = ts_buf_append(b, (const char *)in->bytes, in->len) ? ts_nomem(err) : 0;
		ts_builtin_release(in);
		return rc;
	}
	if (!strncmp(path, TS_BUILTIN_DIR "/", strlen(TS_BUILTIN_DIR) + 1))
		return ts_fail(err, TS_EIO, path, 0, 0, "no such built-in file");
	FILE *f = fopen(path, "rb");
	if (!f)
		return ts_fail(err, TS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
	int rc = 0;
	/* Read into b itself, with room for the whole of a regular file (one
	 * byte more, to see its end) where a chunk at a time was copied in and
	 * b grown by copies. */
	struct stat st;
	size_t got, start = b->len, want = 65536;
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size >= 0)
		want = ((uintmax_t)st.st_size < max ? (size_t)st.st_size : max) + 1;
	do {
		if (ts_buf_reserve(b, want)) {
			rc = ts_nomem(err);
			break;
		}
		got = fread(b->ptr + b->len, 1, b->cap - 1 - b->len, f);
		if (b->len - start + got > max) {
			rc = too_large(err, path, max, what);
			break;
		}
		b->len += got;
		want = b->cap - 1 > b->len ? 0 : 65536;
	} while (got > 0);
	if (b->ptr)
		b->ptr[b->len] = '\0';
	if (!rc && ferror(f))
		rc = ts_fail(err, TS_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
	fclose(f);
	return rc;
}

static int fail_at(ts_error *err, const char *name, const char *text, size_t at, const char *msg)
{
	long line, col;
	ts_text_position(text, at, 1, &line, &col);
	return ts_fail(err, TS_EDATA, name, line, col, "%s", msg);
}

/* The offset of the first \u0000 escape in a string of text, or len. */
static size_t escaped_nul(const char *text, size_t len)
{
	for (const char *p = text; (p = memchr(p, '\\', len - (size_t)(p - text)));) {
		/* a backslash escaped by the one before it is no escape */
		size_t at = (size_t)(p - text);
		if (at + 6 <= len && !memcmp(p, "\\u0000", 6))
			return at;
		p += p + 1 < text + len ? 2 : 1;
	}
	return len;
}

/* How deep in arrays and objects text[at] is. */
static int depth_at(const char *text, size_t at)
{
	int depth = 0, in_string = 0;
	for (size_t i = 0; i < at; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			depth++;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return depth;
}

/* The checks of ts_jsondoc_parse before the text is parsed: every
 * failure that cJSON would report less well. */
static int check_text(const char *name, const char *text, size_t len, size_t max,
                      const char *what, ts_error *err)
{
	if (len > max)
		return too_large(err, name, max, what);
	size_t bad;
	if (ts_utf8_check(text, len, &bad)) {
		if (!text[bad])
			return fail_at(err, name, text, bad, "NUL byte in text");
		char msg[40];
		snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02X", (unsigned char)text[bad]);
		return fail_at(err, name, text, bad, msg);
	}
	size_t first = 0;
	while (first < len && is_json_space(text[first]))
		first++;
	if (first == len)
		return ts_fail(err, TS_EDATA, name, 0, 0, "empty file");
	size_t nul = escaped_nul(text, len);
	if (nul < len)  /* cJSON would keep the string up to it: "no\u0000comment" is "no" */
		return fail_at(err, name, text, nul, "NUL character (\\u0000) in a string");
	return 0;
}

/* Parse the text checked, in d->tree.text. */
static int parse_tree(ts_jsondoc *d, ts_error *err)
{
	const char *name = d->name, *text = d->text;
	size_t len = d->len;
	/* the tree, not cJSON's parse: a third of a start went to cJSON's
	 * mallocs and frees.  What the tree does not take, cJSON reads, and
	 * says where it breaks (json_tree.h). */
	d->root = (cJSON *)ts_jtree_parse(&d->tree);
	if (!d->root && d->tree.end == SIZE_MAX)
		return ts_nomem(err);
	size_t at = d->tree.end;
	if (!d->root) {
		if (depth_at(text, at) >= CJSON_NESTING_LIMIT) {
			char msg[64];
			snprintf(msg, sizeof msg, "JSON nested deeper than %d levels", CJSON_NESTING_LIMIT);
			return fail_at(err, name, text, at, msg);
		}
		return fail_at(err, name, text, at, "invalid JSON");
	}
	/* Text after the document: a second object, a stray brace. */
	size_t tail = at;
	while (tail < len && is_json_space(text[tail]))
		tail++;
	if (tail < len)
		return fail_at(err, name, text, tail, "text after the JSON document");
	return 0;
}

int ts_jsondoc_parse(ts_jsondoc *d, const char *name, const char *text, size_t len, size_t max,
                     const char *what, ts_error *err)
{
	*d = (ts_jsondoc){.name = name, .text = text, .len = len};
	int rc = check_text(name, text, len, max, what, err);
	if (rc)
		return rc;
	if (ts_buf_append(&d->tree.text, text, len))
		return ts_nomem(err);
	return parse_tree(d, err);
}

int ts_jsondoc_parse_buf(ts_jsondoc *d, const char *name, ts_buf *b, size_t max,
                         const char *what, ts_error *err)
{
	*d = (ts_jsondoc){.name = name};
	d->tree.text = *b;
	*b = (ts_buf){0};
	/* the tree reads up to a NUL after the text: there, and nothing moves */
	if (ts_buf_reserve(&d->tree.text, 0))
		return ts_nomem(err);
	d->text = d->tree.text.ptr;
	d->len = d->tree.text.len;
	int rc = check_text(name, d->text, d->len, max, what, err);
	return rc ? rc : parse_tree(d, err);
}

void ts_jsondoc_free(ts_jsondoc *d)
{
	ts_jtree_free(&d->tree);
	d->root = NULL;
}

/* ---- finding a node in the text ---- */

/* The path to node from root: the place of each node on the way among its
 * parent's children.  Its length, or -1 when node is not below root. */
static int path_to(const cJSON *root, const cJSON *node, size_t *path, int depth, int max)
{
	if (root == node)
		return depth;
	if (depth == max)
		return -1;
	size_t k = 0;
	for (const cJSON *c = root->child; c; c = c->next, k++) {
		path[depth] = k;
		int found = path_to(c, node, path, depth + 1, max);
		if (found >= 0)
			return found;
	}
	return -1;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_json_space(s[i]))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t n, size_t i)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < n ? i + 1 : n;
}

/* Past the value at s[i] (the document parsed: it is well formed). */
static size_t skip_value(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return n;
	if (s[i] == '"')
		return skip_string(s, n, i);
	if (s[i] == '{' || s[i] == '[') {
		size_t depth = 0;
		while (i < n) {
			if (s[i] == '"') {
				i = skip_string(s, n, i);
				continue;
			}
			if (s[i] == '{' || s[i] == '[')
				depth++;
			else if ((s[i] == '}' || s[i] == ']') && !--depth)
				return i + 1;
			i++;
		}
		return n;
	}
	while (i < n && !is_json_space(s[i]) && s[i] != ',' && s[i] != ']' && s[i] != '}')
		i++;
	return i;
}

/* Offset of the k-th member of the object or array at s[i] (at its key
 * for an object, when *key; else at its value). */
static size_t member(const char *s, size_t n, size_t i, size_t k, int object, int key)
{
	i = skip_space(s, n, i + 1);
	for (size_t m = 0;; m++) {
		size_t at = i;
		if (object) {
			i = skip_space(s, n, skip_string(s, n, i));
			i = skip_space(s, n, i + 1);  /* past ':' */
		}
		if (m == k)
			return object && key ? at : i;
		i = skip_space(s, n, skip_value(s, n, i));
		if (i >= n || s[i] != ',')
			return n;
		i = skip_space(s, n, i + 1);
	}
}

size_t ts_json_member_offset(const char *text, size_t len, const char *key)
{
	size_t kn = strlen(key);
	size_t i = skip_space(text, len, 0);
	if (i >= len || text[i] != '{')
		return len;
	i = skip_space(text, len, i + 1);
	while (i < len && text[i] == '"') {
		size_t k = i;
		i = skip_space(text, len, skip_string(text, len, i));
		i = skip_space(text, len, i + 1);  /* past ':' */
		/* a key written with escapes ("sp\u0065aker") is not matched */
		if (i < len && k + kn + 2 <= len && text[k + kn + 1] == '"' &&
		    !memcmp(text + k + 1, key, kn))
			return i;
		i = skip_space(text, len, skip_value(text, len, i));
		if (i >= len || text[i] != ',')
			return len;
		i = skip_space(text, len, i + 1);
	}
	return len;
}

static size_t offset_of(const ts_jsondoc *d, const cJSON *node, int key)
{
	size_t path[64];
	int depth = node ? path_to(d->root, node, path, 0, 64) : -1;
	size_t i = skip_space(d->text, d->len, 0);
	if (depth < 0)
		return i;
	const cJSON *at = d->root;
	for (int k = 0; k < depth && i < d->len; k++) {
		int object = cJSON_IsObject(at);
		i = member(d->text, d->len, i, path[k], object, object && key && k + 1 == depth);
		at = at->child;
		for (size_t m = 0; m < path[k]; m++)
			at = at->next;
	}
	return i < d->len ? i : 0;
}

int ts_jsondoc_fail(const ts_jsondoc *d, ts_error *err, const cJSON *node, int key,
                    const char *fmt, ...)
{
	char msg[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fail_at(err, d->name, d->text, offset_of(d, node, key), msg);
}

/* ---- members ---- */

const cJSON *ts_json_unknown_key(const cJSON *obj, const char *const *known)
{
	for (const cJSON *a = obj->child; a; a = a->next) {
		size_t k = 0;
		while (known[k] && strcmp(known[k], a->string ? a->string : ""))
			k++;
		if (!known[k])
			return a;
	}
	return NULL;
}

const cJSON *ts_json_duplicate_key(const cJSON *obj)
{
	for (const cJSON *a = obj->child; a; a = a->next)
		for (const cJSON *b = a->next; b; b = b->next)
			if (a->string && b->string && !strcmp(a->string, b->string))
				return b;
	return NULL;
}

int ts_json_members(const cJSON *obj, const char *const *known, const cJSON **found,
                    const cJSON **bad)
{
	size_t nk = 0;
	while (known[nk])
		found[nk++] = NULL;
	int twice = 0;
	size_t k = 0;  /* after the key found last */
	for (const cJSON *a = obj->child; a; a = a->next) {
		const char *key = a->string ? a->string : "";
		size_t j = k, tried = 0;
		while (tried < nk && (known[j][0] != key[0] || strcmp(known[j], key))) {
			j = j + 1 < nk ? j + 1 : 0;
			tried++;
		}
		if (tried == nk) {
			*bad = a;
			return 1;
		}
		twice |= found[j] != NULL;
		if (!found[j])
			found[j] = a;
		k = j + 1 < nk ? j + 1 : 0;
	}
	if (twice) {
		*bad = ts_json_duplicate_key(obj);
		return 2;
	}
	return 0;
}

int ts_json_valid_string(const cJSON *v)
{
	size_t bad;
	return cJSON_IsString(v) && v->valuestring &&
	       !ts_utf8_check(v->valuestring, strlen(v->valuestring), &bad);
}
