/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Escaped text, numbers and SVG bar charts of the HTML report. */
#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "report/html.h"

/* The length of the UTF-8 sequence at s (at most n bytes), or 0 when it
 * is not one (overlong forms and surrogates included). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	unsigned cp = c & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int ts_html_esc(ts_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		/* copy runs of plain characters at once */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7F && p[run] != '&' && p[run] != '<' &&
		       p[run] != '>' && p[run] != '"' && p[run] != '\'')
			run++;
		if (run > i && ts_buf_append(b, s + i, run - i))
			return -1;
		i = run;
		if (i >= n)
			break;
		const char *ref = NULL;
		size_t len = 1;
		switch (p[i]) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		case '\t': ref = "\t"; break;
		case '\n': ref = "\n"; break;
		default:
			if (p[i] >= 0x80 && (len = utf8_len(p + i, n - i)) > 0) {
				if (ts_buf_append(b, s + i, len))
					return -1;
				i += len;
				continue;
			}
			len = 1;
			ref = "\xEF\xBF\xBD";  /* U+FFFD: a control character or a stray byte */
		}
		if (ts_buf_append(b, ref, strlen(ref)))
			return -1;
		i += len;
	}
	return ts_buf_reserve(b, 0);
}

int ts_html_escs(ts_buf *b, const char *s)
{
	return ts_html_esc(b, s ? s : "", s ? strlen(s) : 0);
}

int ts_html_fixed(ts_buf *b, double v, int decimals)
{
	if (!isfinite(v))
		return ts_buf_reserve(b, 0);
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	long long scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	double r = round(fabs(v) * (double)scale);
	if (r > 9e15)  /* beyond exact doubles: no report number is near it */
		return ts_buf_printf(b, "%s%.0f", v < 0 ? "-" : "", fabs(v));
	long long whole = (long long)r;
	int neg = v < 0 && whole != 0;
	if (!decimals)
		return ts_buf_printf(b, "%s%lld", neg ? "-" : "", whole);
	return ts_buf_printf(b, "%s%lld.%0*lld", neg ? "-" : "", whole / scale, decimals,
	                     whole % scale);
}

int ts_html_fmt(ts_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc = 0;
	va_start(ap, fmt);
	for (const char *p = fmt; *p && !rc; p++) {
		const char *pct = strchr(p, '%');
		size_t n = pct ? (size_t)(pct - p) : strlen(p);
		rc = ts_buf_append(b, p, n);
		if (!pct || rc)
			break;
		p = pct + 1;
		switch (*p) {
		case 's': rc = ts_html_escs(b, va_arg(ap, const char *)); break;
		case 'r': {
			const char *s = va_arg(ap, const char *);
			rc = ts_buf_append(b, s ? s : "", s ? strlen(s) : 0);
			break;
		}
		case 'z': rc = ts_buf_printf(b, "%zu", va_arg(ap, size_t)); break;
		case 'l': rc = ts_buf_printf(b, "%ld", va_arg(ap, long)); break;
		case 'd': rc = ts_buf_printf(b, "%d", va_arg(ap, int)); break;
		case '%': rc = ts_buf_append(b, "%", 1); break;
		default:
			if (*p >= '0' && *p <= '6')
				rc = ts_html_fixed(b, va_arg(ap, double), *p - '0');
			else
				rc = -1;  /* a format this function does not know: a bug */
		}
		if (!*p)
			break;
	}
	va_end(ap);
	return rc ? -1 : ts_buf_reserve(b, 0);
}

double ts_scale_at(const ts_scale *s, double v)
{
	if (s->d1 == s->d0)
		return s->r0;
	return s->r0 + (v - s->d0) / (s->d1 - s->d0) * (s->r1 - s->r0);
}

double ts_nice_step(double span, int ticks)
{
	if (!(span > 0) || !isfinite(span) || ticks < 1)
		return 1;
	double raw = span / ticks;
	double mag = pow(10, floor(log10(raw)));
	double f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

const char *ts_palette(size_t i)
{
	static const char *const okabe_ito[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
	                                        "#56B4E9", "#D55E00", "#F0E442"};
	return okabe_ito[i % (sizeof okabe_ito / sizeof *okabe_ito)];
}

/* Layout of a bar chart, in SVG user units. */
enum { BAR_W = 640, BAR_LABEL = 200, BAR_ROW = 22, BAR_H = 14, BAR_VALUE = 70 };

int ts_svg_bars(ts_buf *b, const char *cls, const char *title, const char *lang,
                const ts_bar *bars, size_t n, double max)
{
	ts_scale x = {0, max > 0 ? max : 1, BAR_LABEL, BAR_W - BAR_VALUE};
	size_t h = n * BAR_ROW + 4;
	int rc = ts_html_fmt(b, "<svg class=\"%r\" role=\"img\" width=\"%d\" height=\"%z\" "
	                     "viewBox=\"0 0 %d %z\"%r%s%r><title>%s</title>\n", cls, BAR_W, h, BAR_W,
	                     h, lang ? " lang=\"" : "", lang, lang ? "\"" : "", title);
	for (size_t i = 0; i < n && !rc; i++) {
		const ts_bar *r = &bars[i];
		double w = isfinite(r->value) && r->value > 0 ? ts_scale_at(&x, r->value) - BAR_LABEL : 0;
		size_t y = i * BAR_ROW + 2;
		rc = ts_html_fmt(b, "<g class=\"bar\" data-%r=\"%s\" data-value=\"%s\">"
		                 "<text x=\"%d\" y=\"%z\" text-anchor=\"end\">%s</text>"
		                 "<rect x=\"%d\" y=\"%z\" width=\"%2\" height=\"%d\" fill=\"%r\"/>"
		                 "<text x=\"%2\" y=\"%z\">%s</text></g>\n",
		                 r->data_name, r->label, r->data_value, BAR_LABEL - 6, y + BAR_H - 2,
		                 r->label, BAR_LABEL, y, w, BAR_H, r->colour, BAR_LABEL + w + 4,
		                 y + BAR_H - 2, r->shown);
	}
	return rc ? -1 : ts_html_fmt(b, "</svg>\n");
}

int ts_svg_tick(ts_buf *b, double x, size_t y0, size_t y1, double value, int decimals,
                const char *unit)
{
	return ts_html_fmt(b, "<g class=\"tick\"><line x1=\"%2\" x2=\"%2\" y1=\"%z\" y2=\"%z\"/>"
	                   "<text x=\"%2\" y=\"%z\" text-anchor=\"middle\">", x, x, y0, y1, x,
	                   y1 + 12) ||
	       ts_html_fixed(b, value, decimals) || ts_html_fmt(b, " %s</text></g>\n", unit) ? -1 : 0;
}
