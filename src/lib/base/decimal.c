/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/decimal.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int ts_decimal_fast(const char *s, size_t n, double *out)
{
	/* Clinger's fast path: a mantissa below 2^53 and a power of ten up to
	 * 1e22 are both doubles exactly, so one multiplication or division,
	 * rounded once, gives the double nearest the decimal: strtod's */
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	size_t i = 0;
	int neg = i < n && s[i] == '-';
	i += (size_t)neg;
	uint64_t m = 0;
	int digits = 0, any = 0;
	long e10 = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
		digits += m != 0 || s[i] != '0';
		m = m * 10 + (uint64_t)(s[i] - '0');
		if (digits > 15)
			return 0;
	}
	if (!any)
		return 0;
	if (i < n && s[i] == '.') {
		size_t from = ++i;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, e10--) {
			digits += m != 0 || s[i] != '0';
			m = m * 10 + (uint64_t)(s[i] - '0');
			if (digits > 15)
				return 0;
		}
		if (i == from)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = i < n && s[i] == '-';
		i += (size_t)(i < n && (s[i] == '-' || s[i] == '+'));
		size_t from = i;
		long e = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9' && i - from < 4; i++)
			e = e * 10 + (s[i] - '0');
		if (i == from)
			return 0;
		e10 += eneg ? -e : e;
	}
	if (i != n || e10 < -22 || e10 > 22)
		return 0;
	double x = (double)m;
	x = e10 < 0 ? x / pow10[-e10] : x * pow10[e10];
	*out = neg ? -x : x;
	return 1;
}

static locale_t c_locale;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

int ts_decimal_read(const char *s, size_t n, double *out)
{
	if (ts_decimal_fast(s, n, out))
		return 0;
	char b[64], *end;
	if (n >= sizeof b)
		return -1;
	memcpy(b, s, n);
	b[n] = '\0';
	pthread_once(&c_once, make_c_locale);
	if (!c_locale)
		return -1;  /* out of memory when it was made */
	*out = strtod_l(b, &end, c_locale);
	return end == b + n && n ? 0 : -1;
}
