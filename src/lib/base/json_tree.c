/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/json_tree.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/decimal.h"
#include "base/swar.h"
#include "base/jsondoc.h"

enum { BLOCK = 1024 };

struct ts_jblock {
	ts_jblock *next;
	size_t used;
	cJSON v[BLOCK];
};

typedef struct walk {
	ts_jtree *t;
	char *o;             /* where the next string is decoded */
	int oom;             /* else a failure is text the tree does not read */
} walk;

static cJSON *new_value(walk *w)
{
	ts_jtree *t = w->t;
	ts_jblock *b = t->at;
	if (!b || b->used == BLOCK) {
		/* the next block, kept from an earlier text or new */
		ts_jblock **next = b ? &b->next : &t->blocks;
		if (!*next) {
			if (!(*next = malloc(sizeof **next))) {
				w->oom = 1;
				return NULL;
			}
			(*next)->next = NULL;
		}
		b = t->at = *next;
		b->used = 0;
	}
	cJSON *v = &b->v[b->used++];
	memset(v, 0, sizeof *v);
	return v;
}

static const char *blanks(const char *p)
{
	/* cJSON's blanks: every byte up to a space */
	while (*p && (unsigned char)*p <= 32)
		p++;
	return p;
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int j = 0; j < 4; j++) {
		char c = p[j];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
		             c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
		             c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
		if (d == 16)
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

size_t ts_json_escape(const char *s, size_t n, char *out, size_t *outlen, unsigned *cp)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k = n >= 2 && s[1] ? strchr(from, s[1]) : NULL;
	if (k) {
		*cp = (unsigned char)(out[0] = to[k - from]);
		*outlen = 1;
		return 2;
	}
	unsigned u, lo;
	size_t used = 6;
	if (n < 6 || s[1] != 'u' || hex4(s + 2, &u) || (u >= 0xDC00 && u <= 0xDFFF))
		return 0;
	if (u >= 0xD800 && u <= 0xDBFF) {
		/* the first half of a pair: the second must follow */
		if (n < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, &lo) || lo < 0xDC00 ||
		    lo > 0xDFFF)
			return 0;
		u = 0x10000 + ((u & 0x3FF) << 10 | (lo & 0x3FF));
		used = 12;
	}
	*cp = u;
	*outlen = (size_t)utf8proc_encode_char((utf8proc_int32_t)u, (utf8proc_uint8_t *)out);
	return used;
}

/* The string whose quote is at *p, decoded into the strings' buffer (each
 * string takes at most its text's length there, quotes included, so the
 * buffer never grows); *p after its closing quote.  NULL: not a string
 * as cJSON reads them.
 *
 * Eight bytes at a time are copied as they are looked at, the bytes past a
 * stop too (they are written over or left after the NUL): the strings
 * before take at most the text before them, so the output stays a byte
 * behind the text read, and a word read whole has room.  A memcpy per
 * string was a sixth of reading a lexicon's short strings. */
static char *string_at(walk *w, const char **p)
{
	const char *r = *p + 1, *end = w->t->text.ptr + w->t->text.len;
	char *start = w->o, *o = start;
	for (;;) {
		for (; end - r >= 8; r += 8, o += 8) {
			memcpy(o, r, 8);
			uint64_t m = ts_swar_json_special(ts_swar_load(r));
			if (m) {
				size_t k = (size_t)__builtin_ctzll(m) >> 3;
				r += k;
				o += k;
				break;
			}
		}
		if (r == end)
			return NULL;
		if (*r == '"')
			break;
		if (*r != '\\') {
			*o++ = *r++;  /* a control character, or one of the last bytes */
			continue;
		}
		size_t len;
		unsigned cp;
		size_t used = ts_json_escape(r, (size_t)(end - r), o, &len, &cp);
		if (!used)
			return NULL;
		o += len;
		r += used;
	}
	*o++ = '\0';
	w->o = o;
	*p = r + 1;
	return start;
}

static int is_number_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Fill v with the value at *p (blanks before it skipped); *p after it.
 * -1: not read as cJSON reads it, or out of memory (w->oom). */
static int fill(walk *w, cJSON *v, const char **p, int depth)
{
	const char *s = blanks(*p);
	switch (*s) {
	case '"':
		v->type = cJSON_String;
		if (!(v->valuestring = string_at(w, &s)))
			return -1;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const lit[] = {"true", "false", "null"};
		static const int type[] = {cJSON_True, cJSON_False, cJSON_NULL};
		int j = *s == 't' ? 0 : *s == 'f' ? 1 : 2;
		size_t l = strlen(lit[j]);
		if (strncmp(s, lit[j], l))
			return -1;
		v->type = type[j];
		v->valueint = j == 0;
		s += l;
		break;
	}
	case '[':
	case '{': {
		char close = *s == '[' ? ']' : '}';
		if (depth >= CJSON_NESTING_LIMIT)
			return -1;
		v->type = close == ']' ? cJSON_Array : cJSON_Object;
		s = blanks(s + 1);
		if (*s == close) {
			s++;
			break;
		}
		cJSON *last = NULL;
		for (;;) {
			cJSON *c = new_value(w);
			if (!c)
				return -1;
			if (last) {
				last->next = c;
				c->prev = last;
			} else {
				v->child = c;
			}
			last = c;
			if (close == '}') {
				s = blanks(s);
				if (*s != '"' || !(c->string = string_at(w, &s)))
					return -1;
				s = blanks(s);
				if (*s++ != ':')
					return -1;
			}
			if (fill(w, c, &s, depth + 1))
				return -1;
			s = blanks(s);
			if (*s == close)
				break;
			if (*s++ != ',')
				return -1;
		}
		/* cJSON's first child points back at the last */
		v->child->prev = last;
		s++;
		break;
	}
	default: {
		if (*s != '-' && (*s < '0' || *s > '9'))
			return -1;  /* cJSON's numbers start so; strtod would take "+1" */
		const char *e = s;
		while (is_number_byte(*e))
			e++;
		double x;
		if (e == s || ts_decimal_read(s, (size_t)(e - s), &x))
			return -1;
		v->type = cJSON_Number;
		v->valuedouble = x;
		v->valueint = x >= INT_MAX ? INT_MAX : x <= (double)INT_MIN ? INT_MIN : (int)x;
		s = e;
		break;
	}
	}
	*p = s;
	return 0;
}

static void clear(ts_jtree *t)
{
	cJSON_Delete(t->parsed);
	t->parsed = NULL;
	t->at = NULL;
}

const cJSON *ts_jtree_parse(ts_jtree *t)
{
	clear(t);
	t->strs.len = 0;
	t->end = SIZE_MAX;
	if (ts_buf_reserve(&t->strs, t->text.len + 1) || ts_buf_reserve(&t->text, 0))
		return NULL;
	walk w = {t, t->strs.ptr, 0};
	const char *s = t->text.ptr;
	cJSON *root = new_value(&w);
	if (root && !fill(&w, root, &s, 0) && blanks(s) == t->text.ptr + t->text.len) {
		t->end = (size_t)(s - t->text.ptr);
		return root;
	}
	if (w.oom)
		return NULL;
	/* what this does not read: cJSON's reading, and where it stops */
	clear(t);
	const char *end = NULL;
	t->parsed = ts_json_parse(t->text.ptr, t->text.len, &end);
	t->end = end && end >= t->text.ptr && end <= t->text.ptr + t->text.len
	         ? (size_t)(end - t->text.ptr) : 0;
	return t->parsed;
}

void ts_jtree_free(ts_jtree *t)
{
	clear(t);
	for (ts_jblock *b = t->blocks, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	ts_buf_free(&t->text);
	ts_buf_free(&t->strs);
	memset(t, 0, sizeof *t);
}
