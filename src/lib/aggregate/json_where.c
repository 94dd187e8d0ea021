/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Places in the text of one JSON value (json_where.h).  Every walk here
 * is over text that cJSON has just parsed, so it is valid JSON: only
 * strings, brackets, commas and colons need telling apart. */
#include "config.h"

#include "aggregate/json_where.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/text.h"

/* The end of the string whose opening quote is at s[i]: the index after
 * its closing quote.  *nul: the offset of its first NUL (raw or \u0000),
 * else (size_t)-1. */
static size_t string_end(const char *s, size_t len, size_t i, size_t *nul)
{
	*nul = (size_t)-1;
	for (i++; i < len && s[i] != '"'; i++) {
		if (s[i] == '\0' && *nul == (size_t)-1)
			*nul = i;
		if (s[i] == '\\' && i + 1 < len) {
			if (s[i + 1] == 'u' && i + 6 <= len && !memcmp(s + i + 2, "0000", 4) &&
			    *nul == (size_t)-1)
				*nul = i;
			i++;
		}
	}
	return i < len ? i + 1 : len;
}

typedef struct key_at {
	size_t obj;       /* which object (in order of their '{') */
	size_t off, len;  /* the key's raw bytes, quotes left out */
	uint64_t h;
} key_at;

static int cmp_keys(const void *a, const void *b, void *arg)
{
	const key_at *x = a, *y = b;
	const char *cmp_text = arg;
	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(cmp_text + x->off, cmp_text + y->off, x->len);
	if (c)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

int ts_json_fault(const char *text, size_t at, const char *file, long line, ts_error *err,
                  const char *key, size_t klen)
{
	long l, c;
	ts_text_position(text, at, line, &l, &c);
	if (key)
		return ts_fail(err, TS_EINPUT, file, l, c, "key '%.*s' given twice",
		               (int)(klen > 200 ? 200 : klen), key);
	return ts_fail(err, TS_EINPUT, file, l, c, "NUL character (\\u0000) in a string");
}

int ts_json_check(const char *text, size_t len, const char *file, long line, ts_error *err)
{
	/* the keys of every object, sorted afterwards: one pass and a sort,
	 * however many members an object has */
	key_at *keys = NULL;
	size_t nkeys = 0, capkeys = 0;
	size_t *stack = NULL, depth = 0, capstack = 0;  /* object number, or SIZE_MAX: an array */
	size_t nobj = 0, first_nul = (size_t)-1;
	int expect_key = 0, rc = 0;
	for (size_t i = 0; i < len && first_nul == (size_t)-1;) {
		char ch = text[i];
		if (ch == '"') {
			size_t nul, end = string_end(text, len, i, &nul);
			if (nul != (size_t)-1) {
				first_nul = nul;
				break;
			}
			if (expect_key && depth && stack[depth - 1] != SIZE_MAX) {
				if (TS_GROW(keys, capkeys, nkeys + 1)) {
					rc = ts_nomem(err);
					goto done;
				}
				size_t klen = end - i - 2;
				keys[nkeys++] = (key_at){stack[depth - 1], i + 1, klen,
				                         ts_fnv1a(TS_FNV_INIT, text + i + 1, klen)};
			}
			expect_key = 0;
			i = end;
			continue;
		}
		if (ch == '\0') {
			first_nul = i;
			break;
		}
		if (ch == '{' || ch == '[') {
			if (TS_GROW(stack, capstack, depth + 1)) {
				rc = ts_nomem(err);
				goto done;
			}
			stack[depth++] = ch == '{' ? nobj++ : SIZE_MAX;
			expect_key = ch == '{';
		} else if (ch == '}' || ch == ']') {
			depth -= depth > 0;
			expect_key = 0;
		} else if (ch == ',') {
			expect_key = depth && stack[depth - 1] != SIZE_MAX;
		}
		i++;
	}
	size_t dup = (size_t)-1;
	if (nkeys > 1) {
		qsort_r(keys, nkeys, sizeof *keys, cmp_keys, (void *)text);
		/* the second of equal keys, the first such in the text */
		for (size_t k = 1; k < nkeys; k++) {
			const key_at *a = &keys[k - 1], *b = &keys[k];
			if (a->obj == b->obj && a->h == b->h && a->len == b->len &&
			    !memcmp(text + a->off, text + b->off, a->len) &&
			    (k < 2 || keys[k - 2].obj != a->obj || keys[k - 2].len != a->len ||
			     memcmp(text + keys[k - 2].off, text + a->off, a->len)) &&
			    (dup == (size_t)-1 || b->off < keys[dup].off))
				dup = k;
		}
	}
	if (dup != (size_t)-1 && (first_nul == (size_t)-1 || keys[dup].off < first_nul))
		rc = ts_json_fault(text, keys[dup].off - 1, file, line, err, text + keys[dup].off,
		             keys[dup].len);
	else if (first_nul != (size_t)-1)
		rc = ts_json_fault(text, first_nul, file, line, err, NULL, 0);
done:
	free(keys);
	free(stack);
	return rc;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/* The index after the value that starts at s[i]. */
static size_t value_end(const char *s, size_t len, size_t i)
{
	size_t depth = 0, nul;
	while (i < len) {
		char ch = s[i];
		if (ch == '"') {
			i = string_end(s, len, i, &nul);
		} else if (ch == '{' || ch == '[') {
			depth++;
			i++;
		} else if (ch == '}' || ch == ']') {
			if (!depth)
				return i;
			depth--;
			i++;
		} else if (ch == ',' && !depth) {
			return i;
		} else {
			i++;
		}
		if (!depth && (ch == '"' || ch == '}' || ch == ']'))
			return i;
	}
	return i;
}

size_t ts_json_locate(const char *text, size_t len, const ts_jstep *path, size_t n, size_t nth)
{
	size_t i = skip_ws(text, len, 0), nul;
	for (size_t k = 0; k < n; k++) {
		const ts_jstep *st = &path[k];
		size_t seen = 0, want = k + 1 == n ? nth : 0;
		if (i >= len || text[i] != (st->key ? '{' : '['))
			return (size_t)-1;
		i = skip_ws(text, len, i + 1);
		for (long idx = 0;; idx++) {
			if (i >= len || text[i] == '}' || text[i] == ']')
				return (size_t)-1;
			size_t at = i;
			int hit;
			if (st->key) {
				size_t end = string_end(text, len, i, &nul);
				hit = end - i - 2 == strlen(st->key) && !memcmp(text + i + 1, st->key, end - i - 2);
				i = skip_ws(text, len, end);
				i = skip_ws(text, len, i + 1);  /* the colon */
			} else {
				hit = idx == st->idx;
			}
			if (hit && seen++ == want) {
				if (k + 1 == n)
					return at;
				break;
			}
			i = skip_ws(text, len, value_end(text, len, i));
			if (i < len && text[i] == ',')
				i = skip_ws(text, len, i + 1);
		}
	}
	return (size_t)-1;
}

long ts_json_col(const char *text, size_t at)
{
	return at == (size_t)-1 ? 0 : (long)ts_utf8_len(text, at) + 1;
}
