#include "config.h"

#include "base/caseless.h"

#include <string.h>
#include <utf8proc.h>

#include "base/text.h"

uint32_t ts_ci_fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp == 0x2019)
		return '\'';
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

/* The folded code point at s[0..n) and its length; an invalid byte is
 * itself, 1 byte long, offset past U+10FFFF so it equals no character. */
static inline size_t next(const char *s, size_t n, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*cp = c >= 'A' && c <= 'Z' ? c + 32u : c;
		return 1;
	}
	size_t k = ts_utf8_decode((const unsigned char *)s, n, cp);
	if (!k) {
		*cp = 0x110000u + c;
		return 1;
	}
	*cp = ts_ci_fold(*cp);
	return k;
}

size_t ts_ci_prefix(const char *s, size_t n, const char *p)
{
	size_t i = 0, m = strlen(p), j = 0;
	while (j < m) {
		if (i >= n)
			return 0;
		uint32_t a, b;
		i += next(s + i, n - i, &a);
		j += next(p + j, m - j, &b);
		if (a != b)
			return 0;
	}
	return i;
}

size_t ts_ci_find(const char *s, size_t n, const char *p, size_t *len)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = ts_ci_prefix(s + i, n - i, p);
		if (k) {
			*len = k;
			return i;
		}
	}
	*len = 0;
	return n;
}

int ts_ci_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		uint32_t x, y;
		i += next(a + i, an - i, &x);
		j += next(b + j, bn - j, &y);
		if (x != y)
			return 0;
	}
	return i == an && j == bn;
}

uint32_t ts_ci_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += next(s + i, n - i, &cp);
		for (int k = 0; k < 3; k++)
			h = (h ^ ((cp >> (8 * k)) & 0xFF)) * 16777619u;
	}
	return h;
}
