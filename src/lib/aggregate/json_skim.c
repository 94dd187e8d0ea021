/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* One JSON value checked whole and cut down to what aggregation reads
 * (json_skim.h).
 *
 * The grammar is RFC 8259's, with cJSON's own readings where it differs,
 * so that the copy parses exactly when the text would have: any byte up to
 * a space counts as a blank, control characters are taken inside strings,
 * a \u escape of half a surrogate pair is refused, and nesting stops at
 * CJSON_NESTING_LIMIT.  Memory is the copy plus the keys of the objects
 * open at a time: each object's keys are checked when it closes. */
#include "config.h"

#include "aggregate/json_skim.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/json_tree.h"
#include "base/swar.h"

/* What the children of a container are. */
enum {
	IN_ALL,      /* kept (or dropped) whole, like the container */
	IN_RECORD,   /* members of a record or document */
	IN_LIST,     /* elements that are records (a list of records, "calls") */
	IN_DEFL,     /* members of a record's "deflections" */
	IN_QA        /* members of a record's "qa" */
};

typedef struct frame {
	char close;          /* '}' or ']' */
	unsigned char in;    /* IN_*: what its children are */
	unsigned char emit;  /* it is copied */
	size_t written;      /* children copied */
	size_t key0;         /* its first key in the key list */
} frame;

typedef struct key_at {
	size_t off, len;     /* the key's bytes, quotes left out */
	uint64_t h;
} key_at;

typedef struct skim {
	const char *s;
	size_t len, i;
	ts_skim_keep keep;
	ts_buf *out;
	frame *st;
	size_t depth, capst;
	key_at *keys;        /* of the objects open, in text order */
	size_t nkeys, capkeys;
	size_t nul, dup, duplen;  /* the first fault of each kind, SIZE_MAX: none */
	int oom;
} skim;

static void put(skim *k, const char *p, size_t n)
{
	if (!k->oom && ts_buf_append(k->out, p, n))
		k->oom = 1;
}

static void skip_blanks(skim *k)
{
	/* cJSON skips every byte up to a space; a NUL there is a fault of its own */
	while (k->i < k->len && (unsigned char)k->s[k->i] <= 32) {
		if (!k->s[k->i] && k->nul == SIZE_MAX)
			k->nul = k->i;
		k->i++;
	}
}

/* The string whose quote is at k->i: k->i after it, 0; -1 at a fault
 * (k->i on it).  *escaped: it holds a backslash. */
static int string(skim *k, int *escaped)
{
	const char *s = k->s;
	size_t i = k->i + 1;
	*escaped = 0;
	for (;; i++) {
		i = ts_swar_json_stop(s, k->len, i);
		if (i >= k->len || s[i] == '"')
			break;
		if (!s[i] && k->nul == SIZE_MAX)
			k->nul = i;
		if (s[i] != '\\')
			continue;
		*escaped = 1;
		if (i + 1 >= k->len) {
			i = k->len;  /* the text ends in the escape: the string is open */
			break;
		}
		char ch[4];
		size_t chlen;
		unsigned cp;
		size_t used = ts_json_escape(s + i, k->len - i, ch, &chlen, &cp);
		if (!used) {
			k->i = i;
			return -1;
		}
		if (!cp && k->nul == SIZE_MAX)
			k->nul = i;
		i += used - 1;
	}
	if (i >= k->len) {
		k->i = k->len;
		return -1;
	}
	k->i = i + 1;
	return 0;
}

static size_t digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* A number or a literal at k->i: k->i after it, 0; -1 at a fault. */
static int scalar(skim *k)
{
	const char *s = k->s;
	size_t i = k->i, n = k->len;
	static const char *const lit[] = {"true", "false", "null"};
	for (int j = 0; j < 3; j++) {
		size_t l = strlen(lit[j]);
		if (s[i] == lit[j][0]) {
			if (n - i < l || memcmp(s + i, lit[j], l))
				return -1;
			k->i = i + l;
			return 0;
		}
	}
	i += i < n && s[i] == '-';
	if (i >= n || s[i] < '0' || s[i] > '9')
		return -1;
	i = s[i] == '0' ? i + 1 : digits(s, n, i);
	if (i < n && s[i] == '.') {
		size_t j = digits(s, n, i + 1);
		if (j == i + 1) {
			k->i = j;
			return -1;
		}
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		j += j < n && (s[j] == '+' || s[j] == '-');
		size_t d = digits(s, n, j);
		if (d == j) {
			k->i = d;
			return -1;
		}
		i = d;
	}
	if (i - k->i > 63) {
		/* cJSON reads a number through a buffer of 64 bytes: a longer one
		 * (never written by a program) it refuses */
		return -1;
	}
	k->i = i;
	return 0;
}

static int same_key(const skim *k, const key_at *a, const key_at *b)
{
	return a->h == b->h && a->len == b->len && !memcmp(k->s + a->off, k->s + b->off, a->len);
}

static int cmp_keys(const void *a, const void *b, void *arg)
{
	const key_at *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp((const char *)arg + x->off, (const char *)arg + y->off, x->len);
	return c ? c : (x->off > y->off) - (x->off < y->off);
}

/* The keys of an object that closes, from key0 on: the first key in the
 * text that repeats one before it becomes k->dup when it comes earlier. */
static void check_keys(skim *k, size_t key0)
{
	size_t n = k->nkeys - key0, first = SIZE_MAX;
	k->nkeys = key0;  /* the object's keys leave the list (they stay in place below) */
	if (n < 2)
		return;  /* (no key at all: the list may not be there yet) */
	key_at *v = k->keys + key0;
	if (n <= 16) {
		for (size_t j = 1; j < n && first == SIZE_MAX; j++)
			for (size_t i = 0; i < j; i++)
				if (same_key(k, &v[i], &v[j])) {
					first = j;
					break;
				}
	} else {
		/* sorted, equal keys are together in text order: each run's
		 * second is a repeat */
		qsort_r(v, n, sizeof *v, cmp_keys, (void *)k->s);
		for (size_t j = 1; j < n; j++)
			if (same_key(k, &v[j - 1], &v[j]) && (j < 2 || !same_key(k, &v[j - 2], &v[j - 1])) &&
			    (first == SIZE_MAX || v[j].off < v[first].off))
				first = j;
	}
	if (first != SIZE_MAX && (k->dup == SIZE_MAX || v[first].off - 1 < k->dup)) {
		k->dup = v[first].off - 1;
		k->duplen = v[first].len;
	}
}

/* What the children of a value are, given what it is among its parent's. */
static int inside(int in, char open)
{
	if (in == IN_LIST)
		return open == '{' ? IN_RECORD : IN_LIST;
	return in == IN_RECORD ? (open == '{' ? IN_RECORD : IN_LIST) : IN_ALL;
}

/* A member key[0..n) of an object whose children are `in`: whether it is
 * copied (*emit) and what its value is among them (*child). */
static void member(const skim *k, int in, const char *key, size_t n, int escaped, int *emit,
                   int *child)
{
	*child = IN_ALL;
	*emit = 1;
	if (in == IN_ALL || escaped)
		return;  /* a key spelt with escapes is kept: it is read as cJSON reads it */
	if (in == IN_RECORD) {
		*emit = k->keep(TS_SKIM_RECORD, key, n);
		if (n == 5 && !memcmp(key, "calls", 5))
			*child = IN_LIST;
		else if (n == 11 && !memcmp(key, "deflections", 11))
			*child = IN_DEFL;
		else if (n == 2 && !memcmp(key, "qa", 2))
			*child = IN_QA;
		return;
	}
	*emit = k->keep(in == IN_DEFL ? TS_SKIM_DEFLECTIONS : TS_SKIM_QA, key, n);
}

static void done(skim *k, ts_skim_result *res, int status, size_t at)
{
	free(k->st);
	free(k->keys);
	res->status = status;
	res->at = at;
}

#define FAIL(status, at)                        \
	do {                                     \
		done(&k, res, (status), (at));  \
		return;                          \
	} while (0)

void ts_json_skim(const char *text, size_t len, ts_skim_keep keep, ts_buf *out,
                  ts_skim_result *res)
{
	skim k = {.s = text, .len = len, .keep = keep, .out = out, .nul = SIZE_MAX,
	          .dup = SIZE_MAX};
	*res = (ts_skim_result){0};
	/* the value about to be read: copied, and what it is */
	int emit = 1, what = IN_RECORD;
	skip_blanks(&k);
	for (;;) {
		/* a value at k.i */
		if (k.i >= len)
			FAIL(TS_SKIM_SYNTAX, len);
		char c = text[k.i];
		if (c == '{' || c == '[') {
			if (k.depth >= CJSON_NESTING_LIMIT)
				FAIL(TS_SKIM_DEEP, k.i);
			if (TS_GROW(k.st, k.capst, k.depth + 1))
				FAIL(TS_SKIM_NOMEM, 0);
			int in = what == IN_RECORD || what == IN_LIST ? inside(what, c) :
			         what == IN_DEFL || what == IN_QA ? (c == '{' ? what : IN_ALL) : IN_ALL;
			k.st[k.depth++] = (frame){c == '{' ? '}' : ']', (unsigned char)in,
			                          (unsigned char)emit, 0, k.nkeys};
			if (emit)
				put(&k, &c, 1);
			k.i++;
			skip_blanks(&k);
			if (k.i < len && text[k.i] == k.st[k.depth - 1].close)
				goto close;
			if (c == '[') {
				frame *f = &k.st[k.depth - 1];
				emit = f->emit;
				what = f->in;
				if (emit)
					f->written++;
				continue;
			}
			goto key;
		}
		if (c == '"') {
			size_t at = k.i;
			int escaped;
			if (string(&k, &escaped))
				FAIL(TS_SKIM_SYNTAX, k.i);
			if (emit)
				put(&k, text + at, k.i - at);
		} else {
			size_t at = k.i;
			if (scalar(&k))
				FAIL(TS_SKIM_SYNTAX, k.i);
			if (emit)
				put(&k, text + at, k.i - at);
		}
	after:
		/* a value has ended at k.i */
		if (!k.depth) {
			res->end = k.i;
			skip_blanks(&k);
			if (k.i < len)
				FAIL(TS_SKIM_SYNTAX, res->end);
			break;
		}
		skip_blanks(&k);
		if (k.i >= len)
			FAIL(TS_SKIM_SYNTAX, len);
		frame *f = &k.st[k.depth - 1];
		if (text[k.i] == f->close)
			goto close;
		if (text[k.i] != ',')
			FAIL(TS_SKIM_SYNTAX, k.i);
		k.i++;
		skip_blanks(&k);
		if (f->close == ']') {
			emit = f->emit;
			what = f->in;
			if (emit && f->written++)
				put(&k, ",", 1);
			continue;
		}
	key:
		/* a member's key at k.i, in the object on top */
		{
			frame *o = &k.st[k.depth - 1];
			size_t at = k.i;
			int escaped;
			if (at >= len || text[at] != '"')
				FAIL(TS_SKIM_SYNTAX, at >= len ? len : at);
			if (string(&k, &escaped))
				FAIL(TS_SKIM_SYNTAX, k.i);
			size_t klen = k.i - at - 2;
			if (TS_GROW(k.keys, k.capkeys, k.nkeys + 1))
				FAIL(TS_SKIM_NOMEM, 0);
			k.keys[k.nkeys++] = (key_at){at + 1, klen, ts_fnv1a(TS_FNV_INIT, text + at + 1, klen)};
			skip_blanks(&k);
			if (k.i >= len || text[k.i] != ':')
				FAIL(TS_SKIM_SYNTAX, k.i >= len ? len : k.i);
			k.i++;
			skip_blanks(&k);
			int keep_it;
			member(&k, o->in, text + at + 1, klen, escaped, &keep_it, &what);
			emit = o->emit && keep_it;
			if (emit) {
				if (o->written++)
					put(&k, ",", 1);
				put(&k, text + at, k.i - at);
			}
			continue;
		}
	close:
		{
			const frame *shut = &k.st[k.depth - 1];
			if (shut->close == '}')
				check_keys(&k, shut->key0);
			if (shut->emit)
				put(&k, &shut->close, 1);
			k.depth--;
			k.i++;
			goto after;
		}
	}
	if (k.oom)
		FAIL(TS_SKIM_NOMEM, 0);
	if (k.dup != SIZE_MAX && (k.nul == SIZE_MAX || k.dup < k.nul)) {
		res->key_len = k.duplen;
		FAIL(TS_SKIM_DUP, k.dup);
	}
	if (k.nul != SIZE_MAX)
		FAIL(TS_SKIM_NUL, k.nul);
	done(&k, res, TS_SKIM_OK, 0);
}
