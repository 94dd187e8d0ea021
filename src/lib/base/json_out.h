/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The one JSON writer: a value written member by member straight into a
 * buffer, two-space indentation or compact, one string escaper, and named
 * number modes, independent of the locale. */
#ifndef TS_JSON_OUT_H
#define TS_JSON_OUT_H

#include <string.h>

#include "base/buf.h"
#include "base/swar.h"

/* How numbers are written: */
enum {
	TS_NUM_FIXED = 0,  /* integers as integers, other values with at most six
	                    * decimals: every figure and statistic */
	TS_NUM_SIG,        /* six significant digits, exponent form when small (a
	                    * p-value of 3e-12 is not 0) */
	TS_NUM_EXACT       /* the shortest text that reads back as the same double
	                    * (partial aggregates, which must merge exactly) */
};

/* Append a number in a mode ("null" when not finite).  0 or -1. */
int ts_json_number(ts_buf *out, double v, int mode);

/* A number rounded to six decimals (output is stable across platforms). */
double ts_round6(double x);

/* The writer: objects and arrays are opened and closed in order and their
 * members written straight into the buffer.  `key` is the member name
 * inside an object and NULL inside an array.  Out of memory is recorded in
 * `oom` and makes the rest no-ops.  The buffer may be emptied between
 * members (written out as it fills): the writer keeps its state apart. */
#define TS_JW_MAX_DEPTH 32

typedef struct ts_jw {
	ts_buf *out;
	int pretty;
	int base;                              /* levels of indentation before the root */
	int depth;                             /* levels open */
	int started;                           /* the root value has begun */
	int oom;
	size_t pad;                            /* newline and indentation before a member */
	unsigned char count[TS_JW_MAX_DEPTH];  /* whether a level has members yet */
} ts_jw;

void ts_jw_init(ts_jw *w, ts_buf *out, int pretty, int indent);
void ts_jw_end(ts_jw *w, int object);

/* The members take the key's length (the _k functions) from the wrappers
 * below: for a key written as a literal, as nearly all are, strlen is
 * worked out by the compiler. */
static inline size_t ts_jw_klen(const char *key)
{
	return key ? strlen(key) : 0;
}

void ts_jw_object_k(ts_jw *w, const char *key, size_t klen);
void ts_jw_array_k(ts_jw *w, const char *key, size_t klen);
void ts_jw_num_k(ts_jw *w, const char *key, size_t klen, double v);
void ts_jw_num_mode_k(ts_jw *w, const char *key, size_t klen, double v, int mode);
void ts_jw_count_k(ts_jw *w, const char *key, size_t klen, unsigned long long v);
void ts_jw_raw_k(ts_jw *w, const char *key, size_t klen, const char *json, size_t len);
void ts_jw_str_k(ts_jw *w, const char *key, size_t klen, const char *s);
void ts_jw_strn_k(ts_jw *w, const char *key, size_t klen, const char *s, size_t n);
void ts_jw_str_lossy_k(ts_jw *w, const char *key, size_t klen, const char *s);
void ts_jw_bool_k(ts_jw *w, const char *key, size_t klen, int v);
void ts_jw_null_k(ts_jw *w, const char *key, size_t klen);

static inline void ts_jw_object(ts_jw *w, const char *key)
{
	ts_jw_object_k(w, key, ts_jw_klen(key));
}

static inline void ts_jw_array(ts_jw *w, const char *key)
{
	ts_jw_array_k(w, key, ts_jw_klen(key));
}

/* TS_NUM_FIXED */
static inline void ts_jw_num(ts_jw *w, const char *key, double v)
{
	ts_jw_num_k(w, key, ts_jw_klen(key), v);
}

static inline void ts_jw_num_mode(ts_jw *w, const char *key, double v, int mode)
{
	ts_jw_num_mode_k(w, key, ts_jw_klen(key), v, mode);
}

static inline void ts_jw_count(ts_jw *w, const char *key, unsigned long long v)
{
	ts_jw_count_k(w, key, ts_jw_klen(key), v);
}

/* A value already written as JSON text (a call's summary in a document). */
static inline void ts_jw_raw(ts_jw *w, const char *key, const char *json, size_t len)
{
	ts_jw_raw_k(w, key, ts_jw_klen(key), json, len);
}

/* NULL writes null */
static inline void ts_jw_str(ts_jw *w, const char *key, const char *s)
{
	ts_jw_str_k(w, key, ts_jw_klen(key), s);
}

static inline void ts_jw_strn(ts_jw *w, const char *key, const char *s, size_t n)
{
	ts_jw_strn_k(w, key, ts_jw_klen(key), s, n);
}

/* A string from outside the readers' validation (a file name, an
 * argument, a group key): bytes that are not UTF-8 become U+FFFD, so the
 * output stays JSON.  The others take UTF-8, as the readers ensure. */
static inline void ts_jw_str_lossy(ts_jw *w, const char *key, const char *s)
{
	ts_jw_str_lossy_k(w, key, ts_jw_klen(key), s);
}

static inline void ts_jw_bool(ts_jw *w, const char *key, int v)
{
	ts_jw_bool_k(w, key, ts_jw_klen(key), v);
}

static inline void ts_jw_null(ts_jw *w, const char *key)
{
	ts_jw_null_k(w, key, ts_jw_klen(key));
}

/* A run of members of one object written straight into room made for
 * them, with one test of the room per member: for the objects written
 * many times (a pair of the qa section, a speaker's figures), where the
 * writer's checks and calls cost more than their text.  Open the object
 * with ts_jw_run_begin, write its members with ts_jw_run_*, close it
 * with ts_jw_run_end; or write members into the object open in the writer
 * between ts_jw_run_attach and ts_jw_run_detach.  The writer and its
 * buffer are not to be used in between.  The text is what the ts_jw_*
 * members write.  Keys are names of the schema (literals, the keys of the
 * figure tables), copied without a test for bytes to escape. */
typedef struct ts_jw_run {
	ts_jw *w;
	char *d;      /* where the next byte goes; NULL out of memory */
	size_t left;  /* room from d on */
	size_t pad;   /* as the writer's */
	int pretty;
	int count;    /* the object has members */
} ts_jw_run;

/* The room ts_jw_run_key makes besides the indentation, the key and a
 * string's bytes: separator, quotes, colon and space, and the longest
 * number (some 320 bytes: "%.0f" of 1e308 and six decimals). */
#define TS_JW_RUN_ROOM 400

void ts_jw_run_attach(ts_jw_run *r, ts_jw *w);
void ts_jw_run_detach(ts_jw_run *r);
void ts_jw_run_begin(ts_jw_run *r, ts_jw *w, const char *key);  /* an object */
void ts_jw_run_end(ts_jw_run *r);
/* Make room for n more bytes from r->d: r->d, or NULL out of memory. */
char *ts_jw_run_grow(ts_jw_run *r, size_t n);
/* Values written at d (the place ts_jw_run_key gave): where they end. */
char *ts_jw_num_at(char *d, double v);  /* TS_NUM_FIXED */
char *ts_jw_count_at(char *d, unsigned long long v);
/* s[0..n) as a JSON string at d (room for n + 2 bytes there, more made
 * when it needs escapes), the run moved on past it. */
void ts_jw_run_strn_at(ts_jw_run *r, char *d, const char *s, size_t n);

/* The key `key` (klen bytes, NULL: none, inside an array) that may need
 * escapes (a speaker's id, a target, a meta key), with room for `room`
 * more bytes after it: where the value goes, or NULL out of memory. */
char *ts_jw_run_key_any(ts_jw_run *r, const char *key, size_t klen, size_t room);
/* A member as ts_jw_str_lossy writes it (NULL writes null). */
void ts_jw_run_str_lossy(ts_jw_run *r, const char *key, const char *s);

/* "00" to "99": two digits per division by 100. */
extern const char ts_digit_pairs[201];

/* A whole number at d as ts_jw_num_at((double)u) writes it: most (a turn's
 * number, a column) have one or two digits and take no call; from 1e15
 * on the double's text, which is not u's digits past 2^53. */
static inline char *ts_jw_whole_at(char *d, unsigned long long u)
{
	if (u < 10) {
		*d = (char)('0' + u);
		return d + 1;
	}
	if (u < 100) {
		memcpy(d, ts_digit_pairs + 2 * u, 2);
		return d + 2;
	}
	if (u < 10000) {  /* a line of a long file: two pairs, the first cut to a digit below 1000 */
		size_t hi = (size_t)u / 100, lo = (size_t)u % 100, big = u >= 1000;
		memcpy(d, ts_digit_pairs + 2 * hi + !big, 2);
		memcpy(d + 1 + big, ts_digit_pairs + 2 * lo, 2);
		return d + 3 + big;
	}
	if (u < 1000000) {  /* ... of a file of some megabytes (the pairs' and matches' lines): three */
		size_t hi = (size_t)u / 10000, mid = (size_t)u / 100 % 100, lo = (size_t)u % 100;
		size_t big = u >= 100000;
		memcpy(d, ts_digit_pairs + 2 * hi + !big, 2);
		memcpy(d + 1 + big, ts_digit_pairs + 2 * mid, 2);
		memcpy(d + 3 + big, ts_digit_pairs + 2 * lo, 2);
		return d + 5 + big;
	}
	return u < 1000000000000000ull ? ts_jw_count_at(d, u) : ts_jw_num_at(d, (double)u);
}

/* ... and a signed one (a line, -1 as it is) */
static inline char *ts_jw_long_at(char *d, long v)
{
	return v >= 0 ? ts_jw_whole_at(d, (unsigned long)v) : ts_jw_num_at(d, (double)v);
}

/* n bytes of a literal at d: where they end. */
static inline char *ts_jw_lit_at(char *d, const char *s, size_t n)
{
	memcpy(d, s, n);
	return d + n;
}

/* ... for a string literal, its length worked out here */
#define TS_JW_LIT(d, s) ts_jw_lit_at(d, "" s, sizeof s - 1)

/* A newline and pad - 1 spaces at d (pad not 0), where TS_JW_PAD_ROOM
 * bytes past the pad are free: where they end.  Indented output's members
 * are at some dozen spaces (a pair's: thirteen), which a copy of fixed
 * size writes without the call to memset that was 0.6% of zh20's default
 * output.  The deeper ones take a call (ts_jw_pad_deep): with the memset
 * inline at each member of the runs, summary.c's compact lists lost
 * inlining (pair_compact called ts_jw_copy_plain; zh5 --jsonl 0.25M
 * instructions more), and with all of it a call, indented zh5 took 6M
 * more. */
#define TS_JW_PAD_ROOM 32

char *ts_jw_pad_deep(char *d, size_t pad);  /* (deeper, the long way) */

static inline char *ts_jw_pad_at(char *d, size_t pad)
{
	static const char spaces[TS_JW_PAD_ROOM] = "                                ";
	if (pad > TS_JW_PAD_ROOM)
		return ts_jw_pad_deep(d, pad);
	*d = '\n';
	memcpy(d + 1, spaces, TS_JW_PAD_ROOM);
	return d + pad;
}

/* Separator and indentation, with room for `room` more bytes after them
 * and TS_JW_RUN_ROOM: where the key or value goes, or NULL. */
static inline char *ts_jw_run_sep(ts_jw_run *r, size_t room)
{
	size_t need = r->pad + room + TS_JW_RUN_ROOM;
	char *d = r->d;
	if (r->left < need && !(d = ts_jw_run_grow(r, need)))
		return NULL;
	*d = ',';
	d += r->count;
	r->count = 1;
	if (r->pad)
		d = ts_jw_pad_at(d, r->pad);
	return d;
}

/* s[0..n) to d: for a key of a table (a length not known to the
 * compiler) without a call to memcpy, in words that overlap at the end;
 * for a literal, the few moves memcpy would make. */
static inline void ts_jw_copy(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8)
			memcpy(d + i, s + i, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

#ifdef __SSE2__
/* The bytes of v that a JSON string cannot hold as they are (as
 * ts_swar_json_special), all ones. */
static inline __m128i ts_jw_sse_special(__m128i v)
{
	return _mm_or_si128(_mm_or_si128(ts_sse_eq(v, '"'), ts_sse_eq(v, '\\')), ts_sse_in(v, 0, 0x1F));
}
#endif

/* s[0..n) copied to d as it is checked: nonzero when a byte of it needs
 * an escape (d then holds a copy to be written over).  Nothing is written
 * past d + n, nor read past s + n: the last block of each overlaps the one
 * before it, and a string shorter than four bytes is its first, middle
 * and last bytes. */
static inline int ts_jw_copy_plain(char *d, const char *s, size_t n)
{
#ifdef __SSE2__
	if (n >= 16) {
		__m128i v, bad = _mm_setzero_si128();
		for (size_t i = 0; i + 16 < n; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			bad = _mm_or_si128(bad, ts_jw_sse_special(v));
			_mm_storeu_si128((__m128i *)(void *)(d + i), v);
		}
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
		_mm_storeu_si128((__m128i *)(void *)(d + n - 16), v);
		return _mm_movemask_epi8(_mm_or_si128(bad, ts_jw_sse_special(v)));
	}
	if (n >= 8) {
		__m128i a = _mm_loadl_epi64((const __m128i *)(const void *)s);
		__m128i b = _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8));
		_mm_storel_epi64((__m128i *)(void *)d, a);
		_mm_storel_epi64((__m128i *)(void *)(d + n - 8), b);
		return _mm_movemask_epi8(ts_jw_sse_special(_mm_unpacklo_epi64(a, b)));
	}
#else
	uint64_t x, bad = 0;
	if (n >= 8) {
		for (size_t i = 0; i + 8 < n; i += 8) {
			memcpy(&x, s + i, 8);
			bad |= ts_swar_json_special(x);
			memcpy(d + i, &x, 8);
		}
		memcpy(&x, s + n - 8, 8);
		memcpy(d + n - 8, &x, 8);
		return (bad | ts_swar_json_special(x)) != 0;
	}
#endif
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
		return ts_swar_json_special(a | (uint64_t)b << 32) != 0;
	}
	if (!n)
		return 0;
	unsigned char a = (unsigned char)s[0], b = (unsigned char)s[n / 2];
	unsigned char c = (unsigned char)s[n - 1];
	d[0] = (char)a;
	d[n / 2] = (char)b;
	d[n - 1] = (char)c;
	uint64_t t = a | (uint64_t)b << 8 | (uint64_t)c << 16 | (uint64_t)a << 24;
	return ts_swar_json_special(t | t << 32) != 0;
}

/* The separator and the key of klen bytes, a name of the schema (copied
 * without a test for bytes to escape): where the value goes. */
static inline char *ts_jw_run_key_k(ts_jw_run *r, const char *key, size_t klen, size_t room)
{
	char *d = ts_jw_run_sep(r, klen + room);
	if (!d)
		return NULL;
	*d++ = '"';
	ts_jw_copy(d, key, klen);
	d += klen;
	memcpy(d, "\": ", 3);
	return d + 2 + r->pretty;
}

/* ... its length worked out by the compiler for a literal */
static inline char *ts_jw_run_key(ts_jw_run *r, const char *key, size_t room)
{
	return ts_jw_run_key_k(r, key, strlen(key), room);
}

/* The value written ends at end. */
static inline void ts_jw_run_moved(ts_jw_run *r, char *end)
{
	r->left -= (size_t)(end - r->d);
	r->d = end;
}

/* The brace or bracket just written opens a level: the run's members
 * then go into it. */
static inline void ts_jw_run_opened(ts_jw_run *r)
{
	r->count = 0;
	r->pad += 2 * (r->pad != 0);
}

/* An object or array (a member named `key`, NULL in an array) opened
 * inside the run, and closed: the run's members then go into it, for
 * the objects of an array written one after another (the pairs). */
static inline void ts_jw_run_open_k(ts_jw_run *r, const char *key, size_t klen, int object)
{
	char *d = key ? ts_jw_run_key_k(r, key, klen, 0) : ts_jw_run_sep(r, 0);
	if (!d)
		return;
	*d = object ? '{' : '[';
	ts_jw_run_moved(r, d + 1);
	ts_jw_run_opened(r);
}

/* ... the key's length worked out by the compiler for a literal, where
 * the call is inlined: the member above may be compiled once, out of
 * line, for its many callers (and strlen was then called each time) */
static inline void ts_jw_run_open(ts_jw_run *r, const char *key, int object)
{
	ts_jw_run_open_k(r, key, ts_jw_klen(key), object);
}

static inline void ts_jw_run_close(ts_jw_run *r, int object)
{
	size_t need = r->pad + TS_JW_RUN_ROOM;
	char *d = r->d;
	if (r->left < need && !(d = ts_jw_run_grow(r, need)))
		return;
	r->pad -= 2 * (r->pad != 0);
	if (r->count && r->pad)
		d = ts_jw_pad_at(d, r->pad);
	*d = object ? '}' : ']';
	ts_jw_run_moved(r, d + 1);
	r->count = 1;
}

static inline void ts_jw_run_num(ts_jw_run *r, const char *key, double v)
{
	char *d = ts_jw_run_key(r, key, 0);
	if (d)
		ts_jw_run_moved(r, ts_jw_num_at(d, v));
}

static inline void ts_jw_run_count(ts_jw_run *r, const char *key, unsigned long long v)
{
	char *d = ts_jw_run_key(r, key, 0);
	if (d)
		ts_jw_run_moved(r, ts_jw_count_at(d, v));
}

static inline void ts_jw_run_strn(ts_jw_run *r, const char *key, const char *s, size_t n)
{
	char *d = ts_jw_run_key(r, key, n);
	if (d)
		ts_jw_run_strn_at(r, d, s, n);
}

/* NULL writes null */
static inline void ts_jw_run_str(ts_jw_run *r, const char *key, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d = ts_jw_run_key(r, key, n);
	if (!d)
		return;
	if (s) {
		ts_jw_run_strn_at(r, d, s, n);
	} else {
		memcpy(d, "null", 4);
		ts_jw_run_moved(r, d + 4);
	}
}

static inline void ts_jw_run_bool(ts_jw_run *r, const char *key, int v)
{
	char *d = ts_jw_run_key(r, key, 0);
	if (d) {
		memcpy(d, v ? "true" : "false", 5);
		ts_jw_run_moved(r, d + 5 - (v != 0));
	}
}

static inline void ts_jw_run_null(ts_jw_run *r, const char *key)
{
	char *d = ts_jw_run_key(r, key, 0);
	if (d) {
		memcpy(d, "null", 4);
		ts_jw_run_moved(r, d + 4);
	}
}

#endif
