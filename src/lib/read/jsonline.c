/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A ConvoKit line through cJSON builds a tree of every member (meta and
 * all) with an allocation each, to read three strings: most of the
 * reader's time.  Here the line is checked and the three read in one
 * pass; anything out of the ordinary goes back to cJSON (read/jsonline.h). */
#include "config.h"

#include "read/jsonline.h"

#include <stdint.h>
#include <string.h>

#include "base/json_tree.h"
#include "base/swar.h"
#include "base/text.h"

#define MAX_DEPTH 64
#define MAX_NUMBER 24

typedef struct scan {
	const char *s;
	size_t n, i;
} scan;

static void ws(scan *c)
{
	while (c->i < c->n && (unsigned char)c->s[c->i] <= ' ' &&
	       (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
		c->i++;
}

/* The first of '"', '\\' and a control character in s[i..n), or n. */
static size_t string_stop(const char *s, size_t n, size_t i)
{
	i = ts_swar_json_stop(s, n, i);
	while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
		i++;
	return i;
}

static int lit(scan *c, const char *w)
{
	size_t k = strlen(w);
	if (c->n - c->i < k || memcmp(c->s + c->i, w, k))
		return 0;
	c->i += k;
	return 1;
}

/* A string at c->i ('"'), into out when not NULL; 0 for one that is not
 * plainly valid. */
static int string(scan *c, ts_buf *out)
{
	const char *s = c->s;
	size_t i = c->i + 1, run = i;
	for (;;) {
		i = string_stop(s, c->n, i);
		if (i >= c->n || (unsigned char)s[i] < 0x20)
			return 0;
		if (out && ts_buf_append(out, s + run, i - run))
			return 0;
		if (s[i] == '"')
			break;
		char u[4];
		size_t k;
		unsigned cp;
		size_t used = ts_json_escape(s + i, c->n - i, u, &k, &cp);
		if (!used || !cp)
			return 0;  /* \u0000 included: cJSON would cut the string there */
		if (out && ts_buf_append(out, u, k))
			return 0;
		i += used;
		run = i;
	}
	c->i = i + 1;
	return out ? ts_buf_append(out, "", 1) == 0 : 1;
}

static int digits(scan *c)
{
	size_t a = c->i;
	while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
		c->i++;
	return c->i > a;
}

static int number(scan *c)
{
	size_t a = c->i;
	if (c->s[c->i] == '-')
		c->i++;
	if (c->i < c->n && c->s[c->i] == '0')
		c->i++;
	else if (!digits(c))
		return 0;
	if (c->i < c->n && c->s[c->i] == '.' && (c->i++, !digits(c)))
		return 0;
	if (c->i < c->n && (c->s[c->i] == 'e' || c->s[c->i] == 'E')) {
		c->i++;
		if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-'))
			c->i++;
		if (!digits(c))
			return 0;
	}
	return c->i - a <= MAX_NUMBER;
}

static int value(scan *c, int depth);

/* An object or array at c->i, its members or elements skipped. */
static int nested(scan *c, int depth)
{
	char close = c->s[c->i] == '{' ? '}' : ']';
	if (depth >= MAX_DEPTH)
		return 0;
	c->i++;
	ws(c);
	if (c->i < c->n && c->s[c->i] == close) {
		c->i++;
		return 1;
	}
	for (;;) {
		if (close == '}') {
			if (c->i >= c->n || c->s[c->i] != '"' || !string(c, NULL))
				return 0;
			ws(c);
			if (c->i >= c->n || c->s[c->i++] != ':')
				return 0;
			ws(c);
		}
		if (!value(c, depth + 1))
			return 0;
		ws(c);
		if (c->i >= c->n)
			return 0;
		char x = c->s[c->i++];
		if (x == close)
			return 1;
		if (x != ',')
			return 0;
		ws(c);
	}
}

static int value(scan *c, int depth)
{
	if (c->i >= c->n)
		return 0;
	switch (c->s[c->i]) {
	case '"': return string(c, NULL);
	case '{': case '[': return nested(c, depth);
	case 't': return lit(c, "true");
	case 'f': return lit(c, "false");
	case 'n': return lit(c, "null");
	default: return (c->s[c->i] == '-' || (c->s[c->i] >= '0' && c->s[c->i] <= '9')) && number(c);
	}
}

int ts_jsonline_members(const char *s, size_t n, ts_jl_member *m, size_t nm)
{
	size_t bad;
	if (ts_utf8_check(s, n, &bad))
		return 0;
	scan c = {s, n, 0};
	for (size_t k = 0; k < nm; k++) {
		m[k].found = m[k].null = 0;
		m[k].out->len = 0;
	}
	ws(&c);
	if (c.i >= n || s[c.i] != '{')
		return 0;
	c.i++;
	ws(&c);
	int empty = c.i < n && s[c.i] == '}';
	while (!empty) {
		/* a key as written: one with escapes is left to cJSON */
		if (c.i >= n || s[c.i] != '"')
			return 0;
		size_t k0 = c.i + 1;
		const char *q = memchr(s + k0, '"', n - k0);
		if (!q || memchr(s + k0, '\\', (size_t)(q - s) - k0))
			return 0;
		size_t kn = (size_t)(q - s) - k0;
		if (!string(&c, NULL))
			return 0;
		ws(&c);
		if (c.i >= n || s[c.i++] != ':')
			return 0;
		ws(&c);
		ts_jl_member *want = NULL;
		for (size_t k = 0; k < nm && !want; k++)
			if (m[k].key[0] == s[k0] && !strncmp(m[k].key, s + k0, kn) && !m[k].key[kn])
				want = &m[k];
		if (want) {
			if (want->found)
				return 0;  /* which one cJSON takes is its business */
			want->found = 1;
			want->at = c.i;
			if (c.i < n && s[c.i] == '"') {
				if (!string(&c, want->out))
					return 0;
			} else if (lit(&c, "null")) {
				want->null = 1;
			} else {
				return 0;
			}
		} else if (!value(&c, 1)) {
			return 0;
		}
		ws(&c);
		if (c.i >= n)
			return 0;
		char x = s[c.i++];
		if (x == '}')
			break;
		if (x != ',')
			return 0;
		ws(&c);
	}
	if (empty)
		c.i++;
	ws(&c);
	return c.i == n;
}
