/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The building blocks of the HTML report: escaped text, numbers written
 * the same in every locale, linear scales and bar charts as inline SVG. */
#ifndef TS_HTML_H
#define TS_HTML_H

#include "base/buf.h"

/* Append s (n bytes) as HTML text or attribute value: & < > " ' become
 * references, so no input can open a tag or leave an attribute; bytes that
 * are not UTF-8 and control characters other than tab and line feed
 * become U+FFFD.  0 or -1 when out of memory. */
int ts_html_esc(ts_buf *b, const char *s, size_t n);
int ts_html_escs(ts_buf *b, const char *s);  /* NUL-terminated; NULL is "" */

/* Append v with `decimals` decimals (0 to 6), rounded half away from
 * zero, '.' as the point whatever the locale; not finite: "". */
int ts_html_fixed(ts_buf *b, double v, int decimals);

/* Append fmt with its arguments: %s a string escaped (ts_html_escs),
 * %r a string as it is (markup or a static name), %0 to %6 a double with
 * that many decimals (ts_html_fixed), %z a size_t, %l a long, %d an int,
 * %% a '%'.  Nothing else follows a '%' (the compiler cannot check these
 * formats: the unit tests and the sanitizer builds do).  0 or -1. */
int ts_html_fmt(ts_buf *b, const char *fmt, ...);

/* A linear scale from the domain [d0, d1] to the range [r0, r1]; a
 * domain of no width maps everything to r0. */
typedef struct ts_scale {
	double d0, d1, r0, r1;
} ts_scale;
double ts_scale_at(const ts_scale *s, double v);

/* A step for about `ticks` ticks over [0, span]: 1, 2 or 5 times a power
 * of ten; 1 when span is not above 0. */
double ts_nice_step(double span, int ticks);

/* One bar of a horizontal bar chart. */
typedef struct ts_bar {
	const char *label;     /* shown left of the bar (escaped) */
	double value;          /* its length on the chart's scale */
	const char *shown;     /* the value as shown right of the bar */
	const char *colour;    /* "#0072B2" */
	const char *data_name; /* data attributes of the bar: data-NAME="label" */
	const char *data_value;/* ... and data-value="number as text" */
} ts_bar;

/* An SVG bar chart (role="img", its title `title`) of n bars over
 * [0, max]: one row each, a label, a bar and the value shown.  With lang
 * (not NULL) the labels are marked as that language. */
int ts_svg_bars(ts_buf *b, const char *cls, const char *title, const char *lang,
                const ts_bar *bars, size_t n, double max);

/* A tick of an axis at x: a line from y0 to y1 and the value with its
 * unit below it. */
int ts_svg_tick(ts_buf *b, double x, size_t y0, size_t y1, double value, int decimals,
                const char *unit);

/* The Okabe–Ito palette (Okabe and Ito 2008), readable with every common
 * colour-vision deficiency: colour i, cycling past the seventh (black is
 * kept for text and marks). */
const char *ts_palette(size_t i);

#endif
