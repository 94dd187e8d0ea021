/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Decimal numbers read as strtod reads them in the C locale, whatever the
 * locale of the process, and without strtod where that is exact. */
#ifndef TS_DECIMAL_H
#define TS_DECIMAL_H

#include <stddef.h>

/* The double of decimal s[0..n) ([-]digits[.digits][e[+-]digits]) when it
 * can be had exactly without strtod: 15 significant digits at most and a
 * power of ten up to 1e22 either way (a model file's weights, "%.4g"; the
 * figures of a summary, "%.6f").  1 and *out the value strtod gives; 0:
 * use strtod. */
int ts_decimal_fast(const char *s, size_t n, double *out);

/* s[0..n), a JSON number of at most 63 bytes, as strtod reads it in the C
 * locale.  0, or -1 when it is longer or not wholly a number (or the C
 * locale could not be had: out of memory). */
int ts_decimal_read(const char *s, size_t n, double *out);

#endif
