/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/json_out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/swar.h"

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

/* "00" to "99": two digits per division by 100. */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* The decimal digits of u, written to end just before `end`; returns where
 * they start (at most 20 bytes before end). */
static char *u64_digits(unsigned long long u, char *end)
{
	while (u >= 100) {
		unsigned r = (unsigned)(u % 100);
		u /= 100;
		end -= 2;
		memcpy(end, digit_pairs + 2 * r, 2);
	}
	if (u >= 10) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * u, 2);
	} else {
		*--end = (char)('0' + u);
	}
	return end;
}

/* A whole number from 0 to 1e15 (most figures are counts): the integer
 * mode of put_fixed without the rounding. */
static int is_count(double v)
{
	return v >= 0 && v < 1e15 && v == (double)(long long)v;
}

/* Integers print as integers; other values with six decimals, trailing
 * zeros dropped.  Digits are produced here, not by printf, so LC_NUMERIC
 * never matters. */
static int put_fixed(ts_buf *o, double v)
{
	char tmp[400];
	if (!isfinite(v))
		return puts_(o, "null");
	if (is_count(v)) {
		char d[24], *p = u64_digits((unsigned long long)v, d + sizeof d);
		return put(o, p, (size_t)(d + sizeof d - p));
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

/* needs_escape() of every byte, for the loops byte by byte. */
#define E4 1, 1, 1, 1
#define E32 E4, E4, E4, E4, E4, E4, E4, E4
static const unsigned char escape_byte[256] = {
	E32, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	[0x5C] = 1,
};

/* Length of the start of s[0..n) that needs no escape: eight bytes at a
 * time, as strings are most of a summary's bytes. */
static size_t plain_len(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (ts_swar_json_special(w))
			break;
	}
	while (i < n && !escape_byte[(unsigned char)s[i]])
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

/* Keys up to this long are written in one piece. */
#define KEY_FAST 64

/* Separator, indentation and key before a value (nothing before the
 * root), with room for `room` more bytes after them: where the value goes,
 * or NULL when out of memory.  The value is then written there and the
 * buffer's length moved on (put_value). */
static char *member(ts_jw *w, const char *key, size_t room)
{
	if (w->oom)
		return NULL;
	ts_buf *o = w->out;
	if (!w->started) {
		w->started = 1;
	} else {
		unsigned char *count = &w->count[w->depth];
		/* separator, indentation, "key": in one piece, the key copied as
		 * it is checked (most members: a short name of the schema) */
		size_t indent = w->pretty ? 1 + 2 * (size_t)(w->base + w->depth) : 0;
		if (ts_buf_reserve(o, 1 + indent + KEY_FAST + 4 + room)) {
			w->oom = 1;
			return NULL;
		}
		char *d = o->ptr + o->len;
		if (*count)
			*d++ = ',';
		if (indent) {
			*d++ = '\n';
			memset(d, ' ', indent - 1);
			d += indent - 1;
		}
		int fast = 1;
		if (key) {
			*d++ = '"';
			const unsigned char *k = (const unsigned char *)key;
			size_t i = 0;
			for (; i < KEY_FAST && !escape_byte[k[i]]; i++)  /* NUL is one */
				d[i] = (char)k[i];
			fast = !k[i];
			d += i;
			*d++ = '"';
			*d++ = ':';
			if (w->pretty)
				*d++ = ' ';
		}
		if (fast) {
			*count = 1;
			o->len = (size_t)(d - o->ptr);
			*d = '\0';
			return d;
		}
		o->ptr[o->len] = '\0';  /* a long key, or one to escape */
		if ((*count && put(o, ",", 1)) || newline(o, w->pretty, w->base + w->depth) ||
		    put_string(o, key) || puts_(o, w->pretty ? ": " : ":")) {
			w->oom = 1;
			return NULL;
		}
		*count = 1;
	}
	if (ts_buf_reserve(o, room)) {
		w->oom = 1;
		return NULL;
	}
	return o->ptr + o->len;
}

/* n bytes written at d, the place member() gave. */
static void put_value(ts_jw *w, char *d, const char *v, size_t n)
{
	memcpy(d, v, n);
	w->out->len += n;
	d[n] = '\0';
}

/* A member whose value is v[0..n) as it is. */
static void member_value(ts_jw *w, const char *key, const char *v, size_t n)
{
	char *d = member(w, key, n);
	if (d)
		put_value(w, d, v, n);
}

static void open_(ts_jw *w, const char *key, const char *brace)
{
	if (w->depth + 1 >= TS_JW_MAX_DEPTH) {
		w->oom = 1;
		return;
	}
	member_value(w, key, brace, 1);
	if (!w->oom)
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
	    put(w->out, object ? "}" : "]", 1))
		w->oom = 1;
}

void ts_jw_num(ts_jw *w, const char *key, double v)
{
	if (is_count(v)) {
		char d[24], *p = u64_digits((unsigned long long)v, d + sizeof d);
		member_value(w, key, p, (size_t)(d + sizeof d - p));
		return;
	}
	if (member(w, key, 0) && put_fixed(w->out, v))
		w->oom = 1;
}

void ts_jw_num_mode(ts_jw *w, const char *key, double v, int mode)
{
	if (member(w, key, 0) && ts_json_number(w->out, v, mode))
		w->oom = 1;
}

void ts_jw_count(ts_jw *w, const char *key, unsigned long long v)
{
	char d[24], *p = u64_digits(v, d + sizeof d);
	member_value(w, key, p, (size_t)(d + sizeof d - p));
}

void ts_jw_raw(ts_jw *w, const char *key, const char *json, size_t len)
{
	member_value(w, key, json, len);
}

void ts_jw_strn(ts_jw *w, const char *key, const char *s, size_t n)
{
	if (plain_len(s, n) == n) {  /* most strings: copied whole */
		char *d = member(w, key, n + 2);
		if (d) {
			d[0] = '"';
			memcpy(d + 1, s, n);
			d[n + 1] = '"';
			d[n + 2] = '\0';
			w->out->len += n + 2;
		}
		return;
	}
	if (member(w, key, 0) && put_stringn(w->out, s, n, 0))
		w->oom = 1;
}

void ts_jw_str(ts_jw *w, const char *key, const char *s)
{
	if (s)
		ts_jw_strn(w, key, s, strlen(s));
	else
		member_value(w, key, "null", 4);
}

void ts_jw_str_lossy(ts_jw *w, const char *key, const char *s)
{
	if (!s)
		member_value(w, key, "null", 4);
	else if (member(w, key, 0) && put_stringn(w->out, s, strlen(s), 1))
		w->oom = 1;
}

void ts_jw_bool(ts_jw *w, const char *key, int v)
{
	if (v)
		member_value(w, key, "true", 4);
	else
		member_value(w, key, "false", 5);
}

void ts_jw_null(ts_jw *w, const char *key)
{
	member_value(w, key, "null", 4);
}
