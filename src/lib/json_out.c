#include "config.h"

#include "json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
static int put_number(ts_buf *o, double v)
{
	char tmp[400];
	if (!isfinite(v))
		return puts_(o, "null");
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
	/* "%.0f" of a whole number has no decimal point in any locale */
	int n = snprintf(tmp, sizeof tmp - 8, "%s%.0f", neg ? "-" : "", ip);
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

static int put_string(ts_buf *o, const char *s)
{
	if (put(o, "\"", 1))
		return -1;
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
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

static int write_item(ts_buf *o, const cJSON *it, int pretty, int level)
{
	if (cJSON_IsNull(it))
		return puts_(o, "null");
	if (cJSON_IsFalse(it))
		return puts_(o, "false");
	if (cJSON_IsTrue(it))
		return puts_(o, "true");
	if (cJSON_IsNumber(it))
		return put_number(o, it->valuedouble);
	if (cJSON_IsString(it))
		return put_string(o, it->valuestring ? it->valuestring : "");
	if (cJSON_IsRaw(it))  /* preformatted JSON text (p-values in exponent form) */
		return puts_(o, it->valuestring ? it->valuestring : "null");
	int obj = cJSON_IsObject(it);
	if (!obj && !cJSON_IsArray(it))
		return puts_(o, "null");
	const cJSON *c = it->child;
	if (!c)
		return puts_(o, obj ? "{}" : "[]");
	if (put(o, obj ? "{" : "[", 1))
		return -1;
	for (; c; c = c->next) {
		if (newline(o, pretty, level + 1))
			return -1;
		if (obj) {
			if (put_string(o, c->string ? c->string : "") || puts_(o, pretty ? ": " : ":"))
				return -1;
		}
		if (write_item(o, c, pretty, level + 1))
			return -1;
		if (c->next && put(o, ",", 1))
			return -1;
	}
	if (newline(o, pretty, level))
		return -1;
	return put(o, obj ? "}" : "]", 1);
}

int ts_json_number(ts_buf *out, double v)
{
	return put_number(out, v);
}

int ts_json_write(ts_buf *out, const cJSON *item, int pretty, int indent)
{
	return write_item(out, item, pretty, indent);
}
