/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/rmodel.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/classes.h"
#include "base/decimal.h"
#include "base/diag.h"
#include "base/jsondoc.h"
#include "base/text.h"

size_t ts_rmodel_features(const ts_rmodel *m)
{
	return TS_RF_NAMED + ((size_t)1 << m->bits);
}

const char *ts_rmodel_label_name(const ts_rmodel *m, size_t i)
{
	return m->kind == TS_RM_EVASION ? ts_evasion_name((ts_evasion)m->label[i])
	                                : ts_clarity_name((ts_clarity)m->label[i]);
}

/* ts_evasion_clarity's table, from the same list: decide and why ask the
 * class of every label of every pair, and the call into classes.c was
 * most of that. */
#define EV_CLARITY(id, name, alias, clarity, reply) TS_C_##clarity,
static const unsigned char evasion_clarity[TS_EV_COUNT] = {TS_EVASION_LIST(EV_CLARITY)};

ts_clarity ts_rmodel_label_clarity(const ts_rmodel *m, size_t i)
{
	/* a model's labels are in range: parse and training take them from the
	 * lists of names */
	return m->kind == TS_RM_EVASION ? (ts_clarity)evasion_clarity[m->label[i]] : (ts_clarity)m->label[i];
}

/* ---- reading ---- */

/* The text being read, a line at a time, each field with its column. */
typedef struct reader {
	const char *name, *text;
	size_t len, at;          /* the next line starts at `at` */
	long line;
	const char *ln;          /* the current line, without its newline */
	size_t lnlen, pos;       /* the next field starts at pos */
	ts_error *err;
} reader;

static int next_line(reader *r)
{
	if (r->at >= r->len)
		return 0;
	const char *s = r->text + r->at;
	const char *nl = memchr(s, '\n', r->len - r->at);
	size_t n = nl ? (size_t)(nl - s) : r->len - r->at;
	r->ln = s;
	r->lnlen = n;
	r->pos = 0;
	r->line++;
	r->at += n + (nl != NULL);
	return 1;
}

static int fail(reader *r, size_t pos, const char *fmt, ...) TS_PRINTF(3, 4);

static int fail(reader *r, size_t pos, const char *fmt, ...)
{
	long col = (long)ts_utf8_len(r->ln, pos < r->lnlen ? pos : r->lnlen) + 1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return ts_fail(r->err, TS_EINPUT, r->name, r->line, col, "%s", msg);
}

/* The next field of the line (between blanks): 0 at the end of the line. */
static size_t field(reader *r, const char **f)
{
	while (r->pos < r->lnlen && (r->ln[r->pos] == ' ' || r->ln[r->pos] == '\t'))
		r->pos++;
	size_t b = r->pos;
	while (r->pos < r->lnlen && r->ln[r->pos] != ' ' && r->ln[r->pos] != '\t')
		r->pos++;
	*f = r->ln + b;
	return r->pos - b;
}

/* A field as a string for messages (cut). */
static const char *shown(const char *f, size_t n, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.*s", (int)(n < 64 ? n : 64), f);
	return buf;
}

/* At the end of the text: the place after its last line. */
static void at_end(reader *r)
{
	r->ln = r->text + r->len;
	r->lnlen = 0;
	r->line += r->len && r->text[r->len - 1] == '\n';
}

/* The next line's keyword must be `key`. */
static int expect(reader *r, const char *key)
{
	const char *f;
	char b[80], msg[160];
	if (!next_line(r)) {
		at_end(r);
		return fail(r, 0, "the model ends early: '%s' expected", key);
	}
	size_t n = field(r, &f);
	if (n != strlen(key) || memcmp(f, key, n)) {
		snprintf(msg, sizeof msg, "'%s' expected, not '%s'", key, shown(f, n, b, sizeof b));
		return fail(r, (size_t)(f - r->ln), "%s", msg);
	}
	return 0;
}

static int number(reader *r, double *v, int whole, double min, double max)
{
	const char *f;
	char b[80];
	size_t n = field(r, &f);
	if (!n)
		return fail(r, r->pos, "%s expected", whole ? "a whole number" : "a number");
	double x;
	if (ts_decimal_fast(f, n, &x)) {
		/* the checks below, for the numbers the fast path reads */
		if (x < min || x > max || (whole && x != floor(x)))
			return fail(r, (size_t)(f - r->ln), "not a valid number here: '%s'", shown(f, n, b, sizeof b));
		*v = x;
		return 0;
	}
	char *end;
	snprintf(b, sizeof b, "%.*s", (int)(n < 79 ? n : 79), f);
	errno = 0;
	x = strtod(b, &end);
	if (n >= 79 || *end || errno || !isfinite(x) || x < min || x > max || (whole && x != floor(x)))
		return fail(r, (size_t)(f - r->ln), "not a valid number here: '%s'", shown(f, n, b, sizeof b));
	*v = x;
	return 0;
}

static int line_ends(reader *r)
{
	const char *f;
	char b[80];
	size_t n = field(r, &f);
	return n ? fail(r, (size_t)(f - r->ln), "unexpected text: '%s'", shown(f, n, b, sizeof b)) : 0;
}

static int keyed_number(reader *r, const char *key, double *v, int whole, double min, double max)
{
	int rc = expect(r, key);
	if (!rc)
		rc = number(r, v, whole, min, max);
	return rc ? rc : line_ends(r);
}

/* A label's index in the names of an evasion or clarity list, or -1. */
static int find_name(const char *const *names, int n, const char *f, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], f, len))
			return i;
	return -1;
}

static int labels(reader *r, ts_rmodel *m)
{
	int rc = expect(r, "labels");
	const char *f;
	char b[80];
	size_t n;
	while (!rc && (n = field(r, &f))) {
		int e = find_name(ts_evasion_names, TS_EV_COUNT, f, n);
		int c = find_name(ts_clarity_names, TS_C_COUNT, f, n);
		int kind = e >= 0 ? TS_RM_EVASION : TS_RM_CLARITY;
		if (e < 0 && c < 0)
			return fail(r, (size_t)(f - r->ln), "unknown label: '%s'", shown(f, n, b, sizeof b));
		if (m->nlabels && kind != m->kind)
			return fail(r, (size_t)(f - r->ln), "evasion and CLARITY labels mixed: '%s'",
			            shown(f, n, b, sizeof b));
		for (size_t i = 0; i < m->nlabels; i++)
			if (m->label[i] == (e >= 0 ? e : c))
				return fail(r, (size_t)(f - r->ln), "label given twice: '%s'", shown(f, n, b, sizeof b));
		m->kind = kind;
		m->label[m->nlabels++] = e >= 0 ? e : c;
	}
	if (!rc && m->nlabels < 2)
		rc = fail(r, r->pos, "a model needs two labels or more%s", "");
	return rc;
}

int ts_rmodel_parse(ts_rmodel *m, const char *name, const char *text, size_t len, ts_error *err)
{
	memset(m, 0, sizeof *m);
	reader r = {.name = name, .text = text, .len = len, .err = err};
	size_t bad;
	if (ts_utf8_check(text, len, &bad)) {
		long line, col;
		ts_text_position(text, bad, 1, &line, &col);
		return ts_fail(err, TS_EINPUT, name, line, col, "invalid UTF-8 byte 0x%02X",
		               (unsigned char)text[bad]);
	}
	const char *f;
	char b[80];
	double v;
	int rc = expect(&r, TS_RMODEL_MAGIC);
	if (rc)
		return ts_fail(err, TS_EINPUT, name, 1, 1, "not a talkstat reply model (it starts with '%s')",
		               TS_RMODEL_MAGIC);
	if ((rc = number(&r, &v, 1, 0, 1e9)))
		return rc;
	if (v != TS_RMODEL_VERSION)
		return fail(&r, strlen(TS_RMODEL_MAGIC) + 1, "model version %s not known (this talkstat reads version 1)",
		            shown(r.ln + strlen(TS_RMODEL_MAGIC) + 1, r.lnlen - strlen(TS_RMODEL_MAGIC) - 1, b, sizeof b));
	if ((rc = line_ends(&r)) || (rc = expect(&r, "language")))
		return rc;
	size_t n = field(&r, &f);
	if (!n || n >= sizeof m->language)
		return fail(&r, (size_t)(f - r.ln), "a language name expected%s", "");
	memcpy(m->language, f, n);
	if ((rc = line_ends(&r)) || (rc = keyed_number(&r, "hash-bits", &v, 1, TS_RF_MIN_BITS, TS_RF_MAX_BITS)))
		return rc;
	m->bits = (int)v;
	if ((rc = labels(&r, m)) || (rc = keyed_number(&r, "temperature", &m->temperature, 0, 0.01, 100)))
		return rc;
	/* about lines, then the cross-validation */
	for (;;) {
		size_t at = r.at;
		long line = r.line;
		if (!next_line(&r))
			return expect(&r, "cv-folds");
		if (r.lnlen >= 6 && !memcmp(r.ln, "about ", 6)) {
			if ((m->about.len && ts_buf_append(&m->about, "\n", 1)) ||
			    ts_buf_append(&m->about, r.ln + 6, r.lnlen - 6))
				return ts_nomem(err);
			continue;
		}
		r.at = at, r.line = line;
		break;
	}
	if ((rc = keyed_number(&r, "cv-folds", &v, 1, 0, 1000)))
		return rc;
	m->cv_folds = (size_t)v;
	if ((rc = keyed_number(&r, "cv-pairs", &v, 1, 0, 1e12)))
		return rc;
	m->cv_pairs = (size_t)v;
	if ((rc = keyed_number(&r, "cv-groups", &v, 1, 0, 1e12)))
		return rc;
	m->cv_groups = (size_t)v;
	if (m->cv_folds) {
		if (!(m->confusion = calloc(m->nlabels * m->nlabels, sizeof *m->confusion)))
			return ts_nomem(err);
		for (size_t i = 0; i < m->nlabels; i++) {
			if ((rc = expect(&r, "cv-confusion")))
				return rc;
			n = field(&r, &f);
			if (n != strlen(ts_rmodel_label_name(m, i)) || memcmp(f, ts_rmodel_label_name(m, i), n))
				return fail(&r, (size_t)(f - r.ln), "the row of label '%s' expected here",
				            ts_rmodel_label_name(m, i));
			for (size_t j = 0; j < m->nlabels; j++) {
				if ((rc = number(&r, &v, 1, 0, 1e12)))
					return rc;
				m->confusion[i * m->nlabels + j] = (size_t)v;
			}
			if ((rc = line_ends(&r)))
				return rc;
		}
	}
	if ((rc = keyed_number(&r, "weights", &v, 1, 0, 1e9)))
		return rc;
	size_t rows = (size_t)v, nf = ts_rmodel_features(m);
	m->stride = m->nlabels + (m->nlabels & 1);
	if (!(m->w = calloc(nf * m->nlabels, sizeof *m->w)) || !(m->wd = calloc(nf * m->stride, sizeof *m->wd)))
		return ts_nomem(err);
	for (size_t k = 0; k < rows; k++) {
		if (!next_line(&r)) {
			at_end(&r);
			snprintf(b, sizeof b, "%zu", rows - k);
			return fail(&r, 0, "the model ends early: %s more weight rows expected", b);
		}
		n = field(&r, &f);
		long index = -1;
		if (n > 2 && f[0] == 'h' && f[1] == ':') {
			/* digits only, their number below 2^bits (read without
			 * snprintf and strtoul: 4,096 rows of the built-in model) */
			size_t h = 0, i = 2, hashed = (size_t)1 << m->bits;
			while (i < n && f[i] >= '0' && f[i] <= '9' && h < hashed)
				h = h * 10 + (size_t)(f[i++] - '0');
			if (i == n && h < hashed)
				index = TS_RF_NAMED + (long)h;
		} else {
			index = ts_rf_find(f, n);
		}
		if (index < 0)
			return fail(&r, (size_t)(f - r.ln), "unknown feature: '%s'", shown(f, n, b, sizeof b));
		for (size_t j = 0; j < m->nlabels; j++) {
			if ((rc = number(&r, &v, 0, -1e6, 1e6)))
				return rc;
			m->w[(size_t)index * m->nlabels + j] = (float)v;
			m->wd[(size_t)index * m->stride + j] = (float)v;
		}
		if ((rc = line_ends(&r)))
			return rc;
	}
	if ((rc = expect(&r, "end")) || (rc = line_ends(&r)))
		return rc;
	while (next_line(&r))
		if (field(&r, &f))
			return fail(&r, (size_t)(f - r.ln), "text after 'end': '%s'", shown(f, r.lnlen, b, sizeof b));
	return 0;
}

int ts_rmodel_load(ts_rmodel *m, const char *path, ts_error *err)
{
	ts_buf b = {0};
	memset(m, 0, sizeof *m);
	int rc = ts_jsondoc_read(path, TS_RMODEL_MAX_FILE, "a model file", &b, err);
	if (!rc)
		rc = ts_rmodel_parse(m, path, b.ptr ? b.ptr : "", b.len, err);
	ts_buf_free(&b);
	return rc;
}

/* ---- writing ---- */

/* ts_buf_printf with the library's return codes */
#define printf_to(out, ...) (ts_buf_printf((out), __VA_ARGS__) ? TS_ENOMEM : 0)

int ts_rmodel_write(const ts_rmodel *m, ts_buf *out)
{
	int rc = printf_to(out, "%s %d\nlanguage %s\nhash-bits %d\nlabels", TS_RMODEL_MAGIC,
	                   TS_RMODEL_VERSION, m->language, m->bits);
	for (size_t i = 0; !rc && i < m->nlabels; i++)
		rc = printf_to(out, " %s", ts_rmodel_label_name(m, i));
	if (!rc)
		rc = printf_to(out, "\ntemperature %.4f\n", m->temperature);
	/* the description, a line of it at a time */
	for (size_t at = 0; !rc && at < m->about.len;) {
		const char *s = m->about.ptr + at, *nl = memchr(s, '\n', m->about.len - at);
		size_t n = nl ? (size_t)(nl - s) : m->about.len - at;
		rc = printf_to(out, "about %.*s\n", (int)n, s);
		at += n + 1;
	}
	if (!rc)
		rc = printf_to(out, "cv-folds %zu\ncv-pairs %zu\ncv-groups %zu\n", m->confusion ? m->cv_folds : 0,
		               m->cv_pairs, m->cv_groups);
	for (size_t i = 0; !rc && m->confusion && i < m->nlabels; i++) {
		rc = printf_to(out, "cv-confusion %s", ts_rmodel_label_name(m, i));
		for (size_t j = 0; !rc && j < m->nlabels; j++)
			rc = printf_to(out, " %zu", m->confusion[i * m->nlabels + j]);
		if (!rc)
			rc = printf_to(out, "\n");
	}
	/* rows with a weight of any size: the others weigh nothing */
	size_t nf = ts_rmodel_features(m), rows = 0;
	for (size_t k = 0; k < nf; k++)
		for (size_t j = 0; j < m->nlabels; j++)
			if (m->w[k * m->nlabels + j] != 0) {
				rows++;
				break;
			}
	if (!rc)
		rc = printf_to(out, "weights %zu\n", rows);
	for (size_t k = 0; !rc && k < nf; k++) {
		const float *w = &m->w[k * m->nlabels];
		size_t j = 0;
		while (j < m->nlabels && w[j] == 0)
			j++;
		if (j == m->nlabels)
			continue;
		rc = k < TS_RF_NAMED ? printf_to(out, "%s", ts_rf_names[k])
		                     : printf_to(out, "h:%zu", k - TS_RF_NAMED);
		for (j = 0; !rc && j < m->nlabels; j++)
			rc = w[j] == 0 ? printf_to(out, " 0") : printf_to(out, " %.4g", (double)w[j]);
		if (!rc)
			rc = printf_to(out, "\n");
	}
	return rc ? rc : printf_to(out, "end\n");
}

/* ---- prediction ---- */

/* How many of v's features the model weighs: those it has no row for
 * come last (rmodel.h), so the loops below need no test of their own.  A
 * vector ts_rfeat made with the model's bits has none. */
static size_t weighed(const ts_rmodel *m, const ts_rfvec *v)
{
	size_t n = v->n, nf = ts_rmodel_features(m);
	while (n && v->v[n - 1].index >= nf)
		n--;
	return n;
}

/* The scores of the built-in model's nine labels (rows of ten): with a
 * width known, gcc keeps the sums in SSE2 registers, two labels in each,
 * where the loop over a width of run time kept them in memory.  Each
 * label's sum adds the same products in the same order, so the scores
 * are the same to the bit. */
static void scores_9(const double *w, const ts_rfent *e, const ts_rfent *end, double *score)
{
	double s[10] = {0};
	for (; e < end; e++) {
		const double *r = w + (size_t)e->index * 10;
		double x = e->value;
		for (int j = 0; j < 10; j++)
			s[j] += r[j] * x;
	}
	memcpy(score, s, 9 * sizeof *s);
}

void ts_rmodel_predict(const ts_rmodel *m, const ts_rfvec *v, ts_rpred *out)
{
	size_t k = m->nlabels, n = weighed(m, v);
	memset(out, 0, sizeof *out);
	if (k == 9) {
		scores_9(m->wd, v->v, v->v + n, out->score);
	} else {
		for (size_t i = 0; i < n; i++) {
			const double *w = &m->wd[(size_t)v->v[i].index * m->stride];
			double x = v->v[i].value;
			for (size_t j = 0; j < k; j++)
				out->score[j] += w[j] * x;
		}
	}
	ts_rmodel_decide(m, out);
}

void ts_rmodel_decide(const ts_rmodel *m, ts_rpred *out)
{
	size_t k = m->nlabels;
	/* a test in place of fmax (a call to libm for each label): the same
	 * top, a NaN passed over as fmax does, but for the sign of a zero top,
	 * which z - top cannot show */
	double z[TS_EV_COUNT], top = -INFINITY, sum = 0;
	for (size_t j = 0; j < k; j++) {
		z[j] = out->score[j] / m->temperature;
		if (z[j] > top)
			top = z[j];
	}
	for (size_t j = 0; j < k; j++)
		sum += out->p[j] = exp(z[j] - top);
	ts_clarity cl[TS_EV_COUNT];
	double by[TS_C_COUNT] = {0};
	for (size_t j = 0; j < k; j++) {
		out->p[j] /= sum;
		cl[j] = ts_rmodel_label_clarity(m, j);
		by[cl[j]] += out->p[j];
	}
	int c = 0;
	for (int i = 1; i < TS_C_COUNT; i++)
		if (by[i] > by[c])
			c = i;
	out->clarity = (ts_clarity)c;
	out->confidence = by[c];
	size_t best = k;
	for (size_t j = 0; j < k; j++)
		if (cl[j] == (ts_clarity)c && (best == k || out->p[j] > out->p[best]))
			best = j;
	out->label = best;
}

/* printf's "%.2f" of p, a probability, found without printf (a `why` for
 * every pair the model decides, and printf was a tenth of the time of a
 * summary with the model), but for a value so near a half hundredth that
 * the product p * 100 could round it the other way: printf, which rounds
 * the exact value, decides there. */
static size_t put_2f(char *o, double p)
{
	double x = p * 100, f = floor(x), d = x - f;
	if (!(p >= 0 && p <= 1) || fabs(d - 0.5) < 1e-9)
		return (size_t)snprintf(o, 16, "%.2f", p);
	int m = (int)f + (d > 0.5);
	o[0] = (char)('0' + m / 100);
	o[1] = '.';
	o[2] = (char)('0' + m / 10 % 10);
	o[3] = (char)('0' + m % 10);
	return 4;
}

/* How much of s[0..n) fits in `room` bytes, a character that does not fit
 * whole left out. */
static size_t utf8_fit(const char *s, size_t n, size_t room)
{
	if (n <= room)
		return n;
	while (room && ((unsigned char)s[room] & 0xC0) == 0x80)
		room--;
	return room;
}

/* A text being built in w[0..cap), as much as fits whole characters. */
typedef struct wtext {
	char *w;
	size_t n, cap;
	int full;
} wtext;

static void put(wtext *t, const char *s, size_t n)
{
	if (t->full)
		return;
	size_t k = utf8_fit(s, n, t->cap - 1 - t->n);
	memcpy(t->w + t->n, s, k);
	t->n += k;
	t->full = k < n;
}

/* A feature's name for `why`: a named one, or the text that was hashed
 * (in quotes), at most NAME_BYTES bytes of it. */
#define NAME_BYTES 95
/* A named feature's name is never cut at NAME_BYTES, so it goes straight
 * into `why`, its length from a table (most of the features `why` names
 * are named ones). */
#define NAME_FITS(id, name) _Static_assert(sizeof name <= NAME_BYTES + 1, "the name " name " fits");
TS_RF_NAMED_LIST(NAME_FITS)
#define NAME_LEN(id, name) sizeof name - 1,
static const unsigned char name_len[TS_RF_NAMED] = {TS_RF_NAMED_LIST(NAME_LEN)};

/* A hashed feature's name starts with its kind's word (TS_RFK_*). */
static const char *const kinds[] = {"", "", "", "opens ", "asked ", "chars ", "asked ", "asked, opens "};
static const unsigned char kind_len[] = {0, 0, 0, 6, 6, 6, 6, 13};

static void put_name(wtext *t, const ts_rfvec *v, const ts_rfent *e)
{
	if (e->kind == TS_RFK_NAMED) {
		put(t, ts_rf_names[e->index], name_len[e->index]);
		return;
	}
	char name[NAME_BYTES + 1];
	wtext nt = {name, 0, sizeof name, 0};
	put(&nt, kinds[e->kind], kind_len[e->kind]);
	put(&nt, "'", 1);
	put(&nt, v->text.ptr + e->off, e->len);
	put(&nt, "'", 1);
	put(t, name, nt.n);
}

/* The first feature of v->v[i..n) whose contribution *c toward label l
 * against label o is above `least` (n if none): a loop of its own, so
 * that the registers are its own for the hundred features of a pair, few
 * of which pass. */
static size_t above(const ts_rmodel *m, const ts_rfvec *v, size_t i, size_t n, size_t l, size_t o,
                    double least, double *c)
{
	size_t stride = m->stride;
	const double *wd = m->wd;
	for (; i < n; i++) {
		const double *w = wd + v->v[i].index * stride;
		*c = (w[l] - w[o]) * v->v[i].value;
		if (*c > least)
			break;
	}
	return i;
}

void ts_rmodel_why(const ts_rmodel *m, const ts_rfvec *v, const ts_rpred *p, int most, char *why,
                   size_t cap)
{
	size_t k = m->nlabels, other = k;
	for (size_t j = 0; j < k; j++)
		if (ts_rmodel_label_clarity(m, j) != p->clarity && (other == k || p->p[j] > p->p[other]))
			other = j;
	/* the `most` largest contributions toward the label against that one,
	 * largest first, the earlier of equal ones first: val[] starts at 0,
	 * so that one test, against the least kept, both passes a positive
	 * contribution and keeps it among the largest (a pair has a hundred
	 * features or more, and a test of the sign alone mispredicted at
	 * every other) */
	size_t top[8] = {0};
	double val[8] = {0};
	int n = 0;
	if (most > 8)
		most = 8;
	if (most < 1 || other == k)
		most = 0;
	/* the bias, if there, is the first (rfeat.h) */
	size_t from = v->n && v->v[0].index == TS_RF_BIAS, to = weighed(m, v);
	double c;
	for (size_t i = from; most && (i = above(m, v, i, to, p->label, other, val[most - 1], &c)) < to; i++) {
		int at = most - 1;
		while (at > 0 && val[at - 1] < c) {
			top[at] = top[at - 1];
			val[at] = val[at - 1];
			at--;
		}
		top[at] = i;
		val[at] = c;
		n += n < most;
	}
	char num[16], conf[16];
	const char *label = ts_rmodel_label_name(m, p->label), *cl = ts_clarity_name(p->clarity);
	size_t nl = strlen(label), ncl = strlen(cl), nn = put_2f(num, p->p[p->label]), nc = put_2f(conf, p->confidence);
	/* most texts fit whole (the features' names are short): written
	 * straight, without the cuts' tests and the copy of a hashed name */
	size_t need = 7 + nl + 1 + nn + 2 + ncl + 1 + nc + 1;
	int whole = nn < sizeof num && nc < sizeof conf;
	for (int i = 0; i < n; i++) {
		const ts_rfent *e = &v->v[top[i]];
		size_t b = e->kind == TS_RFK_NAMED ? name_len[e->index] : kind_len[e->kind] + 2 + (size_t)e->len;
		whole &= b <= NAME_BYTES;
		need += 2 + b;
	}
	if (whole && need < cap) {
		char *o = why;
		memcpy(o, "model: ", 7), o += 7;
		memcpy(o, label, nl), o += nl, *o++ = ' ';
		memcpy(o, num, nn), o += nn, *o++ = ' ', *o++ = '(';
		memcpy(o, cl, ncl), o += ncl, *o++ = ' ';
		memcpy(o, conf, nc), o += nc, *o++ = ')';
		for (int i = 0; i < n; i++) {
			const ts_rfent *e = &v->v[top[i]];
			*o++ = i ? ',' : ';', *o++ = ' ';
			if (e->kind == TS_RFK_NAMED) {
				memcpy(o, ts_rf_names[e->index], name_len[e->index]), o += name_len[e->index];
				continue;
			}
			memcpy(o, kinds[e->kind], kind_len[e->kind]), o += kind_len[e->kind], *o++ = '\'';
			memcpy(o, v->text.ptr + e->off, e->len), o += e->len, *o++ = '\'';
		}
		*o = '\0';
		return;
	}
	wtext t = {why, 0, cap, cap == 0};
	put(&t, "model: ", 7);
	put(&t, label, nl);
	put(&t, " ", 1);
	put(&t, num, nn);
	put(&t, " (", 2);
	put(&t, cl, ncl);
	put(&t, " ", 1);
	put(&t, conf, nc);
	put(&t, ")", 1);
	for (int i = 0; i < n; i++) {
		put(&t, i ? ", " : "; ", 2);
		put_name(&t, v, &v->v[top[i]]);
	}
	if (cap)
		why[t.n] = '\0';
}
