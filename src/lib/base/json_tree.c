/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/json_tree.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
	const char *end;     /* the text's end */
	char *o;             /* where the next string is decoded */
	int bad;             /* not read as cJSON reads it: left to cJSON */
	int oom;
} walk;

static cJSON *new_value(walk *w)
{
	ts_jblock *b = w->t->at;
	if (b && b->used == BLOCK) {
		if (b->next) {
			b = b->next;
			b->used = 0;
		} else {
			ts_jblock *nb = malloc(sizeof *nb);
			if (!nb) {
				w->oom = 1;
				return NULL;
			}
			nb->next = NULL;
			nb->used = 0;
			b = b->next = nb;
		}
		w->t->at = b;
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

int ts_json_hex4(const char *p, unsigned *v)
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

static void put_utf8(char **o, unsigned cp)
{
	unsigned char *q = (unsigned char *)*o;
	if (cp < 0x80) {
		*q++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*q++ = (unsigned char)(0xC0 | cp >> 6);
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*q++ = (unsigned char)(0xE0 | cp >> 12);
		*q++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*q++ = (unsigned char)(0xF0 | cp >> 18);
		*q++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)q;
}

/* The string whose quote is at *p, decoded into the strings' buffer (each
 * string takes at most its text's length there, quotes included, so the
 * buffer never grows); *p after its closing quote.  NULL: not a string
 * as the skim passes them. */
static char *string_at(walk *w, const char **p)
{
	const char *r = *p + 1;
	char *start = w->o, *o = start;
	for (;;) {
		const char *q = r;
		while (w->end - q >= 8) {
			uint64_t m = ts_swar_json_special(ts_swar_load(q));
			if (m) {
				q += __builtin_ctzll(m) >> 3;
				break;
			}
			q += 8;
		}
		while (*q != '"' && *q != '\\' && *q)
			q++;
		memcpy(o, r, (size_t)(q - r));
		o += q - r;
		r = q;
		if (*r == '"')
			break;
		if (!*r)
			goto bad;
		/* a backslash */
		char e = r[1];
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *k = e ? strchr(from, e) : NULL;
		if (k) {
			*o++ = to[k - from];
			r += 2;
			continue;
		}
		unsigned u, lo;
		if (e != 'u' || ts_json_hex4(r + 2, &u) || (u >= 0xDC00 && u <= 0xDFFF))
			goto bad;
		r += 6;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (r[0] != '\\' || r[1] != 'u' || ts_json_hex4(r + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			r += 6;
			u = 0x10000 + ((u & 0x3FF) << 10 | (lo & 0x3FF));
		}
		put_utf8(&o, u);
	}
	*o++ = '\0';
	w->o = o;
	*p = r + 1;
	return start;
bad:
	w->bad = 1;
	return NULL;
}

static int is_number_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Fill v with the value at *p (blanks before it skipped); *p after it.
 * -1: not read as cJSON reads it (w->bad), or out of memory (w->oom). */
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
			goto bad;
		v->type = type[j];
		v->valueint = j == 0;
		s += l;
		break;
	}
	case '[':
	case '{': {
		char close = *s == '[' ? ']' : '}';
		if (depth >= CJSON_NESTING_LIMIT)
			goto bad;
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
					goto bad;
				s = blanks(s);
				if (*s++ != ':')
					goto bad;
			}
			if (fill(w, c, &s, depth + 1))
				return -1;
			s = blanks(s);
			if (*s == close)
				break;
			if (*s++ != ',')
				goto bad;
		}
		/* cJSON's first child points back at the last */
		v->child->prev = last;
		s++;
		break;
	}
	default: {
		if (*s != '-' && (*s < '0' || *s > '9'))
			goto bad;  /* cJSON's numbers start so; strtod would take "+1" */
		const char *e = s;
		while (is_number_byte(*e))
			e++;
		double x;
		if (e == s || ts_decimal_read(s, (size_t)(e - s), &x))
			goto bad;
		v->type = cJSON_Number;
		v->valuedouble = x;
		v->valueint = x >= INT_MAX ? INT_MAX : x <= (double)INT_MIN ? INT_MIN : (int)x;
		s = e;
		break;
	}
	}
	*p = s;
	return 0;
bad:
	w->bad = 1;
	return -1;
}

static void clear(ts_jtree *t)
{
	cJSON_Delete(t->parsed);
	t->parsed = NULL;
	t->at = t->blocks;
	if (t->at)
		t->at->used = 0;
}

const cJSON *ts_jtree_parse(ts_jtree *t)
{
	clear(t);
	if (!t->blocks) {
		if (!(t->blocks = malloc(sizeof *t->blocks)))
			return NULL;
		t->blocks->next = NULL;
		t->blocks->used = 0;
		t->at = t->blocks;
	}
	t->strs.len = 0;
	if (ts_buf_reserve(&t->strs, t->text.len + 1) || ts_buf_reserve(&t->text, 0))
		return NULL;
	walk w = {t, t->text.ptr + t->text.len, t->strs.ptr, 0, 0};
	const char *s = t->text.ptr;
	cJSON *root = new_value(&w);
	if (!fill(&w, root, &s, 0) && !*blanks(s) && (size_t)(blanks(s) - t->text.ptr) == t->text.len) {
		t->end = (size_t)(s - t->text.ptr);
		return root;
	}
	if (w.oom)
		return NULL;
	/* what the skim passed and this does not read: cJSON's reading */
	clear(t);
	return t->parsed = ts_json_parse(t->text.ptr, t->text.len, NULL);
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
