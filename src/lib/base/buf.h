/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Growable byte buffers and arrays: (ptr, len, cap) triples. */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ts_buf {
	char *ptr;
	size_t len, cap;
} ts_buf;

/* Make room for `extra` more bytes (plus a NUL); the buffer is a valid,
 * NUL-terminated string afterwards, even when it is empty.  0 or -1 when
 * out of memory. */
/* The capacity b grows to for `need` bytes in all (b->cap when it holds
 * them): doubled from 256 (need at most half of SIZE_MAX). */
static inline size_t ts_buf_cap_for(const ts_buf *b, size_t need)
{
	if (need <= b->cap)
		return b->cap;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	return cap;
}

static inline int ts_buf_reserve(ts_buf *b, size_t extra)
{
	if (extra > (size_t)-1 / 2 - b->len)
		return -1;
	size_t need = b->len + extra + 1;
	if (need > b->cap) {
		size_t cap = ts_buf_cap_for(b, need);
		char *p = realloc(b->ptr, cap);
		if (!p)
			return -1;
		b->ptr = p;
		b->cap = cap;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

static inline int ts_buf_append(ts_buf *b, const void *src, size_t n)
{
	if (ts_buf_reserve(b, n))
		return -1;
	memcpy(b->ptr + b->len, src, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

/* Append printf's output; 0 or -1 when out of memory. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline int ts_buf_printf(ts_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ts_buf_reserve(b, (size_t)n))
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

static inline void ts_buf_free(ts_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

/* Grow a typed array `*ptr` with `*cap` slots so that it holds `need` items. */
static inline int ts_grow(void **ptr, size_t *cap, size_t need, size_t item)
{
	if (need <= *cap)
		return 0;
	size_t cap2 = *cap ? *cap : 16;
	while (cap2 < need) {
		if (cap2 > (size_t)-1 / 2 / item)
			return -1;
		cap2 *= 2;
	}
	void *p = realloc(*ptr, cap2 * item);
	if (!p)
		return -1;
	*ptr = p;
	*cap = cap2;
	return 0;
}

#define TS_GROW(arr, cap, need) ts_grow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
