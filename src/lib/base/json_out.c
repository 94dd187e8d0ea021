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

const char ts_digit_pairs[201] =
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
		memcpy(end, ts_digit_pairs + 2 * r, 2);
	}
	if (u >= 10) {
		end -= 2;
		memcpy(end, ts_digit_pairs + 2 * u, 2);
	} else {
		*--end = (char)('0' + u);
	}
	return end;
}

/* The eight decimal digits of u (below 1e8, leading zeros kept) as the
 * values 0 to 9 of a word's bytes, the first digit in the lowest byte:
 * the two halves of four digits, then their pairs, then their digits
 * split in every lane at once (x * 10486 >> 20 is x / 100 below 10000,
 * x * 103 >> 10 is x / 10 below 100; no lane's product reaches the next
 * lane). */
static uint64_t digit_bytes(uint32_t u)
{
	uint64_t x = (uint64_t)(u / 10000) | (uint64_t)(u % 10000) << 32;
	uint64_t y = ((x * 10486) >> 20) & 0x0000007F0000007Full;
	x = y | (x - y * 100) << 16;
	y = ((x * 103) >> 10) & 0x000F000F000F000Full;
	return y | (x - y * 10) << 8;
}

/* Word w's bytes at d, its lowest byte first whatever the machine's
 * order (ts_swar_load's inverse). */
static void store_word(char *d, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	memcpy(d, &w, 8);
}

/* The digits of u at d, the length returned: below 1e8 (a count, a line,
 * the whole part of a figure), the digits of digit_bytes without their
 * leading zeros, eight bytes written (two below 100); else twenty bytes written whatever
 * their number (a copy of fixed size costs less than a call to memcpy). */
static size_t count_text(char *d, unsigned long long u)
{
	if (u < 100) {  /* most counts: no lanes needed */
		memcpy(d, ts_digit_pairs + 2 * u + (u < 10), 2);
		return 1 + (u >= 10);
	}
	if (u < 100000000) {
		uint64_t x = digit_bytes((uint32_t)u);
		/* leading zeros: the zero bytes below the first digit that is
		 * not (u is not 0) */
		unsigned z = (unsigned)__builtin_ctzll(x) / 8;
		store_word(d, (x + TS_ONES8 * '0') >> (8 * z));
		return 8 - z;
	}
	char t[44], *p = u64_digits(u, t + 24);
	memcpy(d, p, 20);
	return (size_t)(t + 24 - p);
}

/* The millionths fp (below 1e6) as "." and six digits without their
 * trailing zeros, at d (eight bytes written); nothing when fp is 0.  The
 * length. */
static size_t frac_text(char *d, unsigned long fp)
{
	if (!fp)
		return 0;
	/* the six digits in the bytes 0 to 5; the last that is not 0 ends
	 * them */
	uint64_t x = digit_bytes((uint32_t)fp) >> 16;
	size_t last = (size_t)(63 - __builtin_clzll(x)) / 8;
	store_word(d, '.' | (x + 0x303030303030ull) << 8);
	return last + 2;
}

/* A whole number from 0 to 1e15 (most figures are counts): the integer
 * mode of put_fixed without the rounding. */
static int is_count(double v)
{
	return v >= 0 && v < 1e15 && v == (double)(long long)v;
}

/* fixed_text() of a value that is not a whole number from 0 to 1e15, as
 * the arithmetic of doubles gives it: rounded to millionths, then the
 * whole part and the millionths taken apart again. */
static size_t fixed_text_double(char *tmp, double v)
{
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
		char d[24], *p = u64_digits((unsigned long long)ip, d + sizeof d);
		n = neg;
		tmp[0] = '-';
		memcpy(tmp + n, p, (size_t)(d + sizeof d - p));
		n += (int)(d + sizeof d - p);
	} else {
		/* "%.0f" of a whole number has no decimal point in any locale */
		n = snprintf(tmp, 392, "%s%.0f", neg ? "-" : "", ip);
	}
	if (fp) {  /* digit by digit: fp is not below 1e6 when v * 1e6 overflows */
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
	}
	return (size_t)n;
}

/* Integers print as integers; other values with six decimals, trailing
 * zeros dropped, into tmp (400 bytes); the length.  Digits are produced
 * here, not by printf, so LC_NUMERIC never matters.  Most values (below
 * 4e9 in magnitude) take the way in integers: m = v * 1e6 rounded half
 * away from zero, and its whole part and millionths are what the
 * doubles' way gives, as m / 1e6 is then within 4.4e-7 of the exact
 * quotient (2^-53 of 4e9), less than a millionth from the next whole
 * number, and (r - ip) * 1e6 within 0.45 of the millionths (2^-53 of
 * 4e15), which llround then gives exactly.  The others take the doubles'
 * way (fixed_text_double). */
static size_t fixed_text(char *tmp, double v)
{
	if (!isfinite(v)) {
		memcpy(tmp, "null", 4);
		return 4;
	}
	if (is_count(v))
		return count_text(tmp, (unsigned long long)v);
	double x = v * 1e6;  /* as ts_round6 */
	if (!(fabs(x) < 4e15))
		return fixed_text_double(tmp, v);
	long long m = (long long)x;  /* toward zero, then half away from zero */
	double rest = x - (double)m;  /* exact: the fraction of x */
	m += (rest >= 0.5) - (rest <= -0.5);
	unsigned long long u = m < 0 ? (unsigned long long)-m : (unsigned long long)m;
	size_t n = m < 0;
	tmp[0] = '-';
	n += count_text(tmp + n, u / 1000000);
	return n + frac_text(tmp + n, (unsigned long)(u % 1000000));
}

static int put_fixed(ts_buf *o, double v)
{
	char tmp[400];
	return put(o, tmp, fixed_text(tmp, v));
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

/* U+FFFD REPLACEMENT CHARACTER, for a byte that is not UTF-8: JSON text is
 * UTF-8, and a file name or an argument need not be. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* s[0..n) as a JSON string; lossy: s may be other than UTF-8 (a file name,
 * an argument), and each byte that is not becomes U+FFFD.  Text the
 * readers validated is written without that check.  Byte by byte: the
 * strings with nothing to escape are copied whole by ts_jw_copy_plain, and this
 * takes the rest (escapes, a lossy file name once per call, a key of the
 * long way). */
static int put_stringn(ts_buf *o, const char *s, size_t n, int lossy)
{
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

char *ts_jw_pad_deep(char *d, size_t pad)
{
	*d = '\n';
	memset(d + 1, ' ', pad - 1);
	return d + pad;
}

void ts_jw_init(ts_jw *w, ts_buf *out, int pretty, int indent)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->pretty = pretty;
	w->base = indent > 0 ? indent : 0;
	w->pad = pretty ? 1 + 2 * (size_t)w->base : 0;
}

/* Bytes a member writes besides its key, its value and its indentation:
 * separator, the key's quotes, colon and space (member writes all three
 * always), and a value's closing quote and NUL. */
#define MEMBER_EXTRA 16

/* Separator, indentation and key the long way: the root, a key to escape,
 * out of memory.  As member(). */
static char *member_slow(ts_jw *w, const char *key, size_t room)
{
	if (w->oom)
		return NULL;
	ts_buf *o = w->out;
	if (!w->started) {
		w->started = 1;
	} else {
		unsigned char *count = &w->count[w->depth];
		if ((*count && put(o, ",", 1)) || newline(o, w->pretty, w->base + w->depth) ||
		    (key && (put_string(o, key) || puts_(o, w->pretty ? ": " : ":")))) {
			w->oom = 1;
			return NULL;
		}
		*count = 1;
	}
	if (ts_buf_reserve(o, room + MEMBER_EXTRA)) {
		w->oom = 1;
		return NULL;
	}
	return o->ptr + o->len;
}

/* Separator, indentation and key before a value (nothing before the
 * root), with room for `room` more bytes and MEMBER_EXTRA after them:
 * where the value goes, or NULL when out of memory.  The value is then
 * written there and the buffer's length moved on (done).  Every member
 * but the root passes here, so it makes one test of the room and copies
 * the key a word at a time. */
static char *member(ts_jw *w, const char *key, size_t klen, size_t room)
{
	ts_buf *o = w->out;
	size_t need = w->pad + klen + room + 2 * MEMBER_EXTRA;
	if (w->oom || !w->started || (o->cap - o->len <= need && ts_buf_reserve(o, need)))
		return member_slow(w, key, room);
	char *d = o->ptr + o->len;
	unsigned char *count = &w->count[w->depth];
	*d = ',';
	d += *count;
	if (w->pad)
		d = ts_jw_pad_at(d, w->pad);
	if (key) {
		*d++ = '"';
		if (ts_jw_copy_plain(d, key, klen))
			return member_slow(w, key, room);
		d += klen;
		memcpy(d, "\": ", 3);
		d += 2 + (w->pretty != 0);
	}
	*count = 1;
	o->len = (size_t)(d - o->ptr);
	return d;
}

/* The value written at the place member() gave ends at `end`. */
static void done(ts_jw *w, char *end)
{
	w->out->len = (size_t)(end - w->out->ptr);
	*end = '\0';
}

/* A member whose value is v[0..n) as it is. */
static void member_value(ts_jw *w, const char *key, size_t klen, const char *v, size_t n)
{
	char *d = member(w, key, klen, n);
	if (d) {
		memcpy(d, v, n);
		done(w, d + n);
	}
}

/* A short value v[0..n) (n at most 8), copied as one word. */
static void member_word(ts_jw *w, const char *key, size_t klen, const char v[8], size_t n)
{
	char *d = member(w, key, klen, 8);
	if (d) {
		memcpy(d, v, 8);
		done(w, d + n);
	}
}

static void open_(ts_jw *w, const char *key, size_t klen, const char *brace)
{
	if (w->depth + 1 >= TS_JW_MAX_DEPTH) {
		w->oom = 1;
		return;
	}
	member_value(w, key, klen, brace, 1);
	if (!w->oom) {
		w->count[++w->depth] = 0;
		w->pad += 2 * (w->pad != 0);
	}
}

void ts_jw_object_k(ts_jw *w, const char *key, size_t klen)
{
	open_(w, key, klen, "{");
}

void ts_jw_array_k(ts_jw *w, const char *key, size_t klen)
{
	open_(w, key, klen, "[");
}

void ts_jw_end(ts_jw *w, int object)
{
	if (w->oom || w->depth == 0)
		return;
	int had = w->count[w->depth--];
	w->pad -= 2 * (w->pad != 0);
	ts_buf *o = w->out;
	if (ts_buf_reserve(o, w->pad + TS_JW_PAD_ROOM + 1)) {
		w->oom = 1;
		return;
	}
	char *d = o->ptr + o->len;
	if (had && w->pad)
		d = ts_jw_pad_at(d, w->pad);
	*d++ = object ? '}' : ']';
	done(w, d);
}

/* A whole number as a member: its digits written where they go, twenty
 * bytes copied whatever their number. */
static void member_count(ts_jw *w, const char *key, size_t klen, unsigned long long v)
{
	char *d = member(w, key, klen, 20);
	if (d)
		done(w, d + count_text(d, v));
}

void ts_jw_num_k(ts_jw *w, const char *key, size_t klen, double v)
{
	if (is_count(v)) {
		member_count(w, key, klen, (unsigned long long)v);
		return;
	}
	char tmp[400];
	size_t n = fixed_text(tmp, v);
	member_value(w, key, klen, tmp, n);
}

void ts_jw_num_mode_k(ts_jw *w, const char *key, size_t klen, double v, int mode)
{
	if (member(w, key, klen, 0) && ts_json_number(w->out, v, mode))
		w->oom = 1;
}

void ts_jw_count_k(ts_jw *w, const char *key, size_t klen, unsigned long long v)
{
	member_count(w, key, klen, v);
}

void ts_jw_raw_k(ts_jw *w, const char *key, size_t klen, const char *json, size_t len)
{
	member_value(w, key, klen, json, len);
}

void ts_jw_strn_k(ts_jw *w, const char *key, size_t klen, const char *s, size_t n)
{
	char *d = member(w, key, klen, n + 2);
	if (!d)
		return;
	*d = '"';
	if (!ts_jw_copy_plain(d + 1, s, n)) {  /* most strings: copied whole */
		d[n + 1] = '"';
		done(w, d + n + 2);
		return;
	}
	*d = '\0';
	if (put_stringn(w->out, s, n, 0))
		w->oom = 1;
}

void ts_jw_str_k(ts_jw *w, const char *key, size_t klen, const char *s)
{
	if (s)
		ts_jw_strn_k(w, key, klen, s, strlen(s));
	else
		member_word(w, key, klen, "null\0\0\0", 4);
}

void ts_jw_str_lossy_k(ts_jw *w, const char *key, size_t klen, const char *s)
{
	if (!s)
		member_word(w, key, klen, "null\0\0\0", 4);
	else if (member(w, key, klen, 0) && put_stringn(w->out, s, strlen(s), 1))
		w->oom = 1;
}

void ts_jw_bool_k(ts_jw *w, const char *key, size_t klen, int v)
{
	if (v)
		member_word(w, key, klen, "true\0\0\0", 4);
	else
		member_word(w, key, klen, "false\0\0", 5);
}

void ts_jw_null_k(ts_jw *w, const char *key, size_t klen)
{
	member_word(w, key, klen, "null\0\0\0", 4);
}

/* ---- runs ---- */

/* The run's place and room from the end of the buffer. */
static void run_at_end(ts_jw_run *r)
{
	ts_buf *o = r->w->out;
	r->d = o->ptr + o->len;
	r->left = o->cap - o->len - 1;  /* the NUL's byte kept */
}

/* The run's text up to d kept in the buffer, for a string written there
 * the long way (put_stringn); run_at_end then takes the run on. */
static void run_at(ts_jw_run *r, char *d)
{
	ts_buf *o = r->w->out;
	o->len = (size_t)(d - o->ptr);
}

static void run_oom(ts_jw_run *r)
{
	r->w->oom = 1;
	r->d = NULL;
	r->left = 0;
}

void ts_jw_run_attach(ts_jw_run *r, ts_jw *w)
{
	r->w = w;
	r->pad = w->pad;
	r->pretty = w->pretty;
	r->count = w->count[w->depth];
	if (w->oom || ts_buf_reserve(w->out, 0))
		run_oom(r);
	else
		run_at_end(r);
}

void ts_jw_run_detach(ts_jw_run *r)
{
	ts_jw *w = r->w;
	if (r->d) {
		done(w, r->d);
		w->count[w->depth] = (unsigned char)r->count;
	}
}

void ts_jw_run_begin(ts_jw_run *r, ts_jw *w, const char *key)
{
	ts_jw_object(w, key);
	ts_jw_run_attach(r, w);
}

void ts_jw_run_end(ts_jw_run *r)
{
	ts_jw_run_detach(r);
	ts_jw_end(r->w, 1);
}

char *ts_jw_run_grow(ts_jw_run *r, size_t n)
{
	if (!r->d)
		return NULL;
	ts_buf *o = r->w->out;
	o->len = (size_t)(r->d - o->ptr);
	if (ts_buf_reserve(o, n)) {
		run_oom(r);
		return NULL;
	}
	run_at_end(r);
	return r->d;
}

char *ts_jw_num_at(char *d, double v)
{
	if (is_count(v))  /* most: without fixed_text's frame */
		return d + count_text(d, (unsigned long long)v);
	return d + fixed_text(d, v);
}

char *ts_jw_count_at(char *d, unsigned long long v)
{
	return d + count_text(d, v);
}

void ts_jw_run_strn_at(ts_jw_run *r, char *d, const char *s, size_t n)
{
	*d = '"';
	if (!ts_jw_copy_plain(d + 1, s, n)) {  /* most strings: copied whole */
		d[n + 1] = '"';
		ts_jw_run_moved(r, d + n + 2);
		return;
	}
	run_at(r, d);
	if (put_stringn(r->w->out, s, n, 0))
		run_oom(r);
	else
		run_at_end(r);
}

char *ts_jw_run_key_any(ts_jw_run *r, const char *key, size_t klen, size_t room)
{
	char *d = ts_jw_run_sep(r, klen + room);
	if (!d || !key)
		return d;
	*d++ = '"';
	if (!ts_jw_copy_plain(d, key, klen)) {  /* most keys: copied whole */
		d += klen;
		memcpy(d, "\": ", 3);
		return d + 2 + r->pretty;
	}
	ts_buf *o = r->w->out;
	run_at(r, d - 1);
	if (put_stringn(o, key, klen, 0) || put(o, ": ", 1 + (size_t)r->pretty) ||
	    ts_buf_reserve(o, room + TS_JW_RUN_ROOM)) {
		run_oom(r);
		return NULL;
	}
	run_at_end(r);
	return r->d;
}

void ts_jw_run_str_lossy(ts_jw_run *r, const char *key, const char *s)
{
	size_t n = s ? strlen(s) : 0, bad;
	char *d = ts_jw_run_key(r, key, n);
	if (!d)
		return;
	if (!s) {
		memcpy(d, "null", 4);
		ts_jw_run_moved(r, d + 4);
		return;
	}
	/* a name that is UTF-8 (nearly all: a file's, written with each of
	 * its calls) needs no byte replaced: the string as the others */
	if (!ts_utf8_check(s, n, &bad)) {
		ts_jw_run_strn_at(r, d, s, n);
		return;
	}
	run_at(r, d);
	if (put_stringn(r->w->out, s, n, 1))
		run_oom(r);
	else
		run_at_end(r);
}
