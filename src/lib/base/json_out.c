/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/json_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

double ts_round6(double x)
{
	return round(x * 1e6) / 1e6;
}

static int put(ts_buf *o, const char *s, size_t n)
{
	return ts_buf_append(o, s, n);
}

static int puts_(ts_buf *o, const char *s)
{
	return put(o, s, strlen(s));
}

/* Integers print as integers; other values with six decimals, trailing
 * zeros dropped.  Digits are produced here, not by printf, so LC_NUMERIC
 * never matters. */
static int put_fixed(ts_buf *o, double v)
{
	char tmp[400];
	if (!isfinite(v))
		return puts_(o, "null");
	if (v >= 0 && v < 1e15 && v == (double)(long long)v) {  /* counts: most numbers */
		char d[24];
		int k = (int)sizeof d;
		unsigned long long u = (unsigned long long)v;
		do {
			d[--k] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		return put(o, d + k, sizeof d - (size_t)k);
	}
	double r = ts_round6(v);
	int neg = r < 0;
	r = fabs(r);  /* also turns -0.0 into 0 */
	double ip = floor(r);
	long long fp = llround((r - ip) * 1e6);
	if (fp >= 1000000) {
		ip += 1;
		fp = 0;
	}
	if (ip == 0 && fp == 0)
		neg = 0;  /* no "-0" */
	int n;
	if (ip < 1e18) {  /* the common case, without printf */
		char d[24];
		int k = 0;
		unsigned long long u = (unsigned long long)ip;
		do {
			d[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		n = 0;
		if (neg)
			tmp[n++] = '-';
		while (k)
			tmp[n++] = d[--k];
		tmp[n] = '\0';
	} else {
		/* "%.0f" of a whole number has no decimal point in any locale */
		n = snprintf(tmp, sizeof tmp - 8, "%s%.0f", neg ? "-" : "", ip);
	}
	if (fp) {
		char frac[6];
		for (int i = 5; i >= 0; i--) {
			frac[i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		int len = 6;
		while (len && frac[len - 1] == '0')
			len--;
		tmp[n++] = '.';
		memcpy(tmp + n, frac, (size_t)len);
		n += len;
		tmp[n] = '\0';
	}
	return put(o, tmp, (size_t)n);
}

/* printf's %.*g of v, the decimal point a point whatever the locale. */
static int put_g(ts_buf *o, int prec, double v)
{
	char s[64];
	snprintf(s, sizeof s, "%.*g", prec, v);
	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	return puts_(o, s);
}

/* The shortest of %.15g, %.16g, %.17g that reads back as v (strtod and
 * printf agree on the decimal point whatever the locale). */
static int put_exact(ts_buf *o, double v)
{
	int prec = 15;
	char s[40];
	for (; prec < 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, v);
		if (strtod(s, NULL) == v)
			break;
	}
	return put_g(o, prec, v);
}

int ts_json_number(ts_buf *out, double v, int mode)
{
	if (!isfinite(v))
		return puts_(out, "null");
	switch (mode) {
	case TS_NUM_SIG: return put_g(out, 6, v);
	case TS_NUM_EXACT: return put_exact(out, v);
	default: return put_fixed(out, v);
	}
}

/* Bytes that a JSON string cannot hold as they are. */
static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

/* Length of the start of s[0..n) that needs no escape. */
static size_t plain_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !needs_escape((unsigned char)s[i]))
		i++;
	return i;
}

/* U+FFFD REPLACEMENT CHARACTER, for a byte that is not UTF-8: JSON text is
 * UTF-8, and a file name or an argument need not be. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* s[0..n) as a JSON string; lossy: s may be other than UTF-8 (a file name,
 * an argument), and each byte that is not becomes U+FFFD.  Text the
 * readers validated is written without that check. */
static int put_stringn(ts_buf *o, const char *s, size_t n, int lossy)
{
	size_t bad;
	if (plain_len(s, n) == n && (!lossy || !ts_utf8_check(s, n, &bad))) {  /* one copy */
		if (ts_buf_reserve(o, n + 2))
			return -1;
		char *d = o->ptr + o->len;
		d[0] = '"';
		memcpy(d + 1, s, n);
		d[n + 1] = '"';
		o->len += n + 2;
		o->ptr[o->len] = '\0';
		return 0;
	}
	if (put(o, "\"", 1))
		return -1;
	const char *run = s, *end = s + n;
	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 && lossy) {
			uint32_t cp;
			size_t k = ts_utf8_decode((const unsigned char *)s, (size_t)(end - s), &cp);
			if (k) {
				s += k - 1;
				continue;
			}
			if (put(o, run, (size_t)(s - run)) || puts_(o, REPLACEMENT))
				return -1;
			run = s + 1;
			continue;
		}
		if (!needs_escape(c))
			continue;
		const char *esc = NULL;
		char u[8];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c < 0x20) {
				snprintf(u, sizeof u, "\\u%04x", c);
				esc = u;
			}
		}
		if (esc) {
			if (put(o, run, (size_t)(s - run)) || puts_(o, esc))
				return -1;
			run = s + 1;
		}
	}
	if (put(o, run, (size_t)(s - run)))
		return -1;
	return put(o, "\"", 1);
}

static int put_string(ts_buf *o, const char *s)
{
	return put_stringn(o, s, strlen(s), 0);
}

static int newline(ts_buf *o, int pretty, int level)
{
	if (!pretty)
		return 0;
	if (put(o, "\n", 1))
		return -1;
	for (int i = 0; i < level; i++)
		if (put(o, "  ", 2))
			return -1;
	return 0;
}

/* ---- streaming writer ---- */

void ts_jw_init(ts_jw *w, ts_buf *out, int pretty, int indent)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->pretty = pretty;
	w->base = indent > 0 ? indent : 0;
}

/* Separator, indentation and key before a value; nothing before the root. */
static void member(ts_jw *w, const char *key)
{
	if (w->oom)
		return;
	if (!w->started) {
		w->started = 1;
		return;
	}
	unsigned char *count = &w->count[w->depth];
	size_t kn = key ? strlen(key) : 0;
	if (plain_len(key, kn) == kn) {
		/* separator, indentation, "key": in one piece (most members) */
		size_t indent = w->pretty ? 1 + 2 * (size_t)(w->base + w->depth) : 0;
		if (ts_buf_reserve(w->out, 1 + indent + kn + 4)) {
			w->oom = 1;
			return;
		}
		char *d = w->out->ptr + w->out->len, *d0 = d;
		if (*count)
			*d++ = ',';
		if (indent) {
			*d++ = '\n';
			memset(d, ' ', indent - 1);
			d += indent - 1;
		}
		if (key) {
			*d++ = '"';
			memcpy(d, key, kn);
			d += kn;
			*d++ = '"';
			*d++ = ':';
			if (w->pretty)
				*d++ = ' ';
		}
		w->out->len += (size_t)(d - d0);
		*d = '\0';
	} else if ((*count && put(w->out, ",", 1)) || newline(w->out, w->pretty, w->base + w->depth) ||
	           put_string(w->out, key) || puts_(w->out, w->pretty ? ": " : ":")) {
		w->oom = 1;
	}
	*count = 1;
}

static void open_(ts_jw *w, const char *key, const char *brace)
{
	member(w, key);
	if (w->oom)
		return;
	if (w->depth + 1 >= TS_JW_MAX_DEPTH || puts_(w->out, brace)) {
		w->oom = 1;
		return;
	}
	w->count[++w->depth] = 0;
}

void ts_jw_object(ts_jw *w, const char *key)
{
	open_(w, key, "{");
}

void ts_jw_array(ts_jw *w, const char *key)
{
	open_(w, key, "[");
}

void ts_jw_end(ts_jw *w, int object)
{
	if (w->oom || w->depth == 0)
		return;
	int had = w->count[w->depth--];
	if ((had && newline(w->out, w->pretty, w->base + w->depth)) ||
	    puts_(w->out, object ? "}" : "]"))
		w->oom = 1;
}

void ts_jw_num(ts_jw *w, const char *key, double v)
{
	member(w, key);
	if (!w->oom && put_fixed(w->out, v))
		w->oom = 1;
}

void ts_jw_num_mode(ts_jw *w, const char *key, double v, int mode)
{
	member(w, key);
	if (!w->oom && ts_json_number(w->out, v, mode))
		w->oom = 1;
}

void ts_jw_count(ts_jw *w, const char *key, unsigned long long v)
{
	char d[24];
	int k = (int)sizeof d;
	do {
		d[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ts_jw_raw(w, key, d + k, sizeof d - (size_t)k);
}

void ts_jw_raw(ts_jw *w, const char *key, const char *json, size_t len)
{
	member(w, key);
	if (!w->oom && put(w->out, json, len))
		w->oom = 1;
}

void ts_jw_str(ts_jw *w, const char *key, const char *s)
{
	member(w, key);
	if (!w->oom && (s ? put_string(w->out, s) : puts_(w->out, "null")))
		w->oom = 1;
}

void ts_jw_strn(ts_jw *w, const char *key, const char *s, size_t n)
{
	member(w, key);
	if (!w->oom && put_stringn(w->out, s, n, 0))
		w->oom = 1;
}

void ts_jw_str_lossy(ts_jw *w, const char *key, const char *s)
{
	member(w, key);
	if (!w->oom && (s ? put_stringn(w->out, s, strlen(s), 1) : puts_(w->out, "null")))
		w->oom = 1;
}

void ts_jw_bool(ts_jw *w, const char *key, int v)
{
	member(w, key);
	if (!w->oom && puts_(w->out, v ? "true" : "false"))
		w->oom = 1;
}

void ts_jw_null(ts_jw *w, const char *key)
{
	member(w, key);
	if (!w->oom && puts_(w->out, "null"))
		w->oom = 1;
}
