/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The HTML report (docs/report.md): each call's section as it is read,
 * its record added to an aggregate for the groups, then the document. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/spool.h"
#include "base/jsondoc.h"
#include "report/html.h"
#include "report/rcall.h"
#include "report/vega.h"
#include "run/pipeline.h"

typedef struct chart {
	char *name;
	char *text;
	size_t len;
} chart;

struct ts_report {
	ts_agg *agg;
	ts_buf sections;  /* the calls' sections */
	ts_buf rows;      /* the table of calls */
	chart *charts;
	size_t ncharts, cap;
	size_t ncalls;
};

int ts_report_new(ts_report **rep, const ts_agg_options *opt, ts_error *err)
{
	*rep = calloc(1, sizeof **rep);
	if (!*rep)
		return ts_nomem(err);
	int rc = ts_agg_new(&(*rep)->agg, opt, err);
	if (rc) {
		free(*rep);
		*rep = NULL;
	}
	return rc;
}

void ts_report_free(ts_report *rep)
{
	if (!rep)
		return;
	ts_agg_free(rep->agg);
	ts_buf_free(&rep->sections);
	ts_buf_free(&rep->rows);
	for (size_t i = 0; i < rep->ncharts; i++) {
		free(rep->charts[i].name);
		free(rep->charts[i].text);
	}
	free(rep->charts);
	free(rep);
}

static int add_chart(ts_report *rep, const char *name, const char *text, size_t len)
{
	if (TS_GROW(rep->charts, rep->cap, rep->ncharts + 1))
		return -1;
	chart *c = &rep->charts[rep->ncharts];
	c->name = strdup(name);
	c->text = malloc(len + 1);
	if (!c->name || !c->text) {
		free(c->name);
		free(c->text);
		return -1;
	}
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	c->len = len;
	rep->ncharts++;
	return 0;
}

/* Take the framed records of rcall_render (and the call's summary record,
 * 'J', for the aggregate). */
static int take_frames(ts_report *rep, const char *p, size_t len, const char *source,
                       ts_error *err)
{
	const char *end = p + len;
	while (p < end) {
		char kind = *p;
		const char *name = p + 1;
		const char *num = name + strlen(name) + 1;
		char *after;
		size_t n = (size_t)strtoull(num, &after, 10);
		const char *body = after + 1;
		int rc = 0;
		if (kind == 'H')
			rc = ts_buf_append(&rep->sections, body, n) ? ts_nomem(err) : 0;
		else if (kind == 'R')
			rc = ts_buf_append(&rep->rows, body, n) ? ts_nomem(err) : 0;
		else if (kind == 'V')
			rc = add_chart(rep, name, body, n) ? ts_nomem(err) : 0;
		else if (kind == 'J')
			rc = ts_agg_add_record(rep->agg, body, n, source, 0, err);
		if (rc)
			return rc;
		p = body + n;
	}
	return 0;
}

typedef struct maker {
	size_t before;           /* calls of the files before */
	const char *source;
} maker;

static int frame_json(ts_buf *out, const char *json, size_t len)
{
	int rc = ts_buf_printf(out, "J");
	rc |= ts_buf_append(out, "", 1);
	rc |= ts_buf_printf(out, "%zu", len);
	rc |= ts_buf_append(out, "", 1);
	rc |= ts_buf_append(out, json, len);
	return rc ? TS_ENOMEM : 0;
}

/* In the thread that analysed the call: its section, charts and record. */
static int make_call(void *arg, const ts_result *r, ts_buf *out)
{
	const maker *m = arg;
	rcall c;
	int rc = rcall_from_result(&c, r, m->source);
	if (rc)
		return rc;
	rc = rcall_render(&c, m->before + r->call->number, out);
	rcall_free(&c);
	char *json = NULL;
	ts_error err;
	if (!rc && !(rc = ts_result_json(r, m->source, TS_JSON_RECORD, 0, &json, &err)))
		rc = frame_json(out, json, strlen(json));
	free(json);
	return rc ? TS_ENOMEM : 0;
}

typedef struct taker {
	ts_report *rep;
	const char *source;
	ts_error *err;
} taker;

static int take_call(void *arg, const char *rec, size_t len)
{
	taker *t = arg;
	t->rep->ncalls++;
	return take_frames(t->rep, rec, len, t->source, t->err);
}

static int add_transcript(ts_report *rep, ts_context *ctx, const char *path, const char *source,
                          ts_error *err)
{
	maker m = {rep->ncalls, source};
	taker t = {rep, source, err};
	ts_error perr = {0};
	ts_sink sink = {make_call, &m, take_call, &t, NULL};
	int rc = ts_pipeline_file(ctx, path, TS_SECTION_ALL, &sink, &perr);
	if (rc && !err->code)
		*err = perr;
	return rc;
}

/* A summary record: its section, charts and its place in the aggregate. */
static int add_record(ts_report *rep, const char *text, size_t len, const char *name, long line,
                      ts_error *err)
{
	cJSON *rec = ts_json_parse(text, len, NULL);
	if (!rec)
		return ts_fail(err, TS_EINPUT, name, line, 0, "not valid JSON");
	rcall c;
	int rc = rcall_from_json(&c, rec, name, line, err);
	cJSON_Delete(rec);
	if (rc)
		return rc;
	ts_buf out = {0};
	rep->ncalls++;
	rc = rcall_render(&c, rep->ncalls, &out) ? ts_nomem(err) : 0;
	if (!rc)
		rc = take_frames(rep, out.ptr, out.len, name, err);
	if (!rc)
		rc = ts_agg_add_record(rep->agg, text, len, name, line, err);
	ts_buf_free(&out);
	rcall_free(&c);
	return rc;
}

/* Summaries: a document ({"calls": [...]}), one record, or JSON Lines. */
static int add_summaries(ts_report *rep, const char *text, size_t len, const char *name,
                         ts_error *err)
{
	/* one value and nothing after it is a document; JSON Lines parse as
	 * their first line and leave the others */
	const char *after = NULL;
	cJSON *doc = ts_json_parse(text, len, &after);
	while (doc && after < text + len && strchr(" \t\r\n", *after))
		after++;
	if (doc && after < text + len) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	const cJSON *calls = doc ? cJSON_GetObjectItemCaseSensitive(doc, "calls") : NULL;
	int rc = 0;
	if (doc && cJSON_IsArray(calls)) {
		/* a document names its source once, for all its calls */
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(doc, "source");
		cJSON *c;
		cJSON_ArrayForEach(c, calls) {
			if (cJSON_IsString(src) && cJSON_IsObject(c) &&
			    !cJSON_HasObjectItem(c, "source") &&
			    !cJSON_AddStringToObject(c, "source", src->valuestring)) {
				rc = ts_nomem(err);
				break;
			}
			char *one = cJSON_PrintUnformatted(c);
			if (!one) {
				rc = ts_nomem(err);
				break;
			}
			rc = add_record(rep, one, strlen(one), name, 0, err);
			free(one);
			if (rc)
				break;
		}
	} else if (doc && !cJSON_IsArray(doc)) {
		rc = add_record(rep, text, len, name, 1, err);
	} else {
		long line = 0;
		for (const char *p = text, *end = text + len; p < end && !rc;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *e = nl ? nl : end;
			line++;
			const char *q = p;
			while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			if (q < e)
				rc = add_record(rep, p, (size_t)(e - p), name, line, err);
			p = nl ? nl + 1 : end;
		}
	}
	cJSON_Delete(doc);
	return rc;
}

/* Read fd whole (a summary file, or standard input). */
static int slurp(int fd, ts_buf *b, const char *name, ts_error *err)
{
	for (;;) {
		if (b->len >= TS_MAX_RECORD_BYTES)
			return ts_fail(err, TS_ELIMIT, name, 0, 0,
			               "input larger than 1 GiB: give the transcripts, or summarise "
			               "and aggregate in parts");
		if (ts_buf_reserve(b, 1 << 16))
			return ts_nomem(err);
		ssize_t n = read(fd, b->ptr + b->len, 1 << 16);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ts_fail(err, TS_EIO, name, 0, 0, "cannot read: %s", strerror(errno));
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->ptr[b->len] = '\0';
	}
}

/* The first byte after a BOM and blanks, or -1. */
static int first_byte(const ts_buf *b)
{
	size_t i = b->len >= 3 && !memcmp(b->ptr, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < b->len && (b->ptr[i] == ' ' || b->ptr[i] == '\t' || b->ptr[i] == '\r' ||
	                      b->ptr[i] == '\n'))
		i++;
	return i < b->len ? (unsigned char)b->ptr[i] : -1;
}

int ts_report_add_path(ts_report *rep, ts_context *ctx, const char *path, ts_error *err)
{
	int is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	int fd = 0;
	if (!is_stdin && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ts_fail(err, TS_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
	/* a transcript is read again by its reader: only its start is read here
	 * (as much as a sniffer sees), but a summary is read whole */
	ts_buf b = {0};
	int rc = 0;
	int c = -1;
	while (!rc && (c < 0 || b.len < TS_SNIFF_BYTES)) {
		size_t before = b.len;
		if (ts_buf_reserve(&b, 1 << 16)) {
			rc = ts_nomem(err);
			break;
		}
		ssize_t n = read(fd, b.ptr + b.len, 1 << 16);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = ts_fail(err, TS_EIO, name, 0, 0, "cannot read: %s", strerror(errno));
		else
			b.len += (size_t)n;
		c = first_byte(&b);
		if (n == 0 || b.len == before)
			break;
	}
	size_t calls = rep->ncalls;
	if (rc) {
		/* reported */
	} else if (c == -1) {
		rc = ts_fail(err, TS_EINPUT, name, 0, 0, "empty input: no calls");
	} else if (!ts_pipeline_is_transcript(ctx, b.ptr, b.len)) {
		rc = slurp(fd, &b, name, err);
		if (!rc)
			rc = add_summaries(rep, b.ptr, b.len, name, err);
	} else if (is_stdin) {
		int sfd = -1;
		rc = ts_spool(0, b.ptr, b.len, NULL, name, &sfd, err);
		if (!rc && dup2(sfd, 0) < 0)
			rc = ts_fail(err, TS_EIO, name, 0, 0, "cannot reread standard input: %s",
			             strerror(errno));
		if (sfd >= 0)
			close(sfd);
		if (!rc)
			rc = add_transcript(rep, ctx, "-", name, err);
	} else {
		rc = add_transcript(rep, ctx, path, name, err);
	}
	if (!rc && rep->ncalls == calls)
		rc = ts_fail(err, TS_EINPUT, name, 0, 0, "no calls in the input");
	if (!is_stdin)
		close(fd);
	ts_buf_free(&b);
	return rc;
}

size_t ts_report_charts(const ts_report *rep)
{
	return rep->ncharts;
}

const char *ts_report_chart(const ts_report *rep, size_t i, const char **text, size_t *len)
{
	if (i >= rep->ncharts)
		return NULL;
	*text = rep->charts[i].text;
	*len = rep->charts[i].len;
	return rep->charts[i].name;
}

/* ---- the document ---- */

static const char css[] =
	"body{font-family:\"Noto Sans\",\"DejaVu Sans\",\"Liberation Sans\",sans-serif;"
	"margin:1.5em auto;max-width:60em;color:#000;background:#fff;line-height:1.4}\n"
	":lang(zh){font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"WenQuanYi Zen Hei\","
	"\"WenQuanYi Micro Hei\",\"Droid Sans Fallback\",sans-serif}\n"
	":lang(ja){font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",sans-serif}\n"
	":lang(ko){font-family:\"Noto Sans CJK KR\",\"Noto Sans KR\",sans-serif}\n"
	"svg{display:block;max-width:100%;height:auto;margin:.3em 0}\n"
	"svg text{font-size:12px;fill:#000}\n"
	"svg .lane,svg .tick line{stroke:#999;stroke-width:.5}\n"
	"svg .event line{stroke:#000;stroke-width:1.5;stroke-dasharray:3 2}\n"
	"svg .event.hangup line{stroke:#D55E00;stroke-width:2.5;stroke-dasharray:none}\n"
	"svg .interval{stroke:#000;stroke-width:2}\n"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.9em}\n"
	"th,td{border:1px solid #bbb;padding:.2em .4em;vertical-align:top;text-align:left}\n"
	"mark{background:#F0E442;color:#000;outline:1px solid #000}\n"
	".clarity{border-left:.6em solid;padding-left:.3em}\n"
	".note,.missing{color:#333;font-size:.9em}\n"
	".transcript p{margin:.2em 0}.transcript .stage{font-style:italic}\n"
	"section.call{border-top:2px solid #000;margin-top:2em}\n"
	"@media print{body{max-width:none;margin:0}section.call{break-before:page}"
	"svg,tr{break-inside:avoid}a{color:#000;text-decoration:none}"
	"details.transcript>*{display:block}}\n";

/* Layout of a forest plot, in SVG user units. */
/* Each group is two lines: its key, which may be long, over the whole
 * width, then its interval. */
enum { FP_W = 720, FP_LEFT = 16, FP_ROW = 36, FP_RIGHT = 190, FP_AXIS = 24 };

static int group_label(ts_buf *b, const cJSON *key)
{
	const cJSON *k;
	int first = 1, rc = 0;
	cJSON_ArrayForEach(k, key) {
		rc |= ts_buf_printf(b, "%s%s=", first ? "" : ", ", k->string);
		if (cJSON_IsString(k))
			rc |= ts_buf_append(b, k->valuestring, strlen(k->valuestring));
		else
			rc |= ts_buf_printf(b, "(none)");
		first = 0;
	}
	if (first)
		rc |= ts_buf_printf(b, "all calls");
	return rc | ts_buf_reserve(b, 0);
}

static double member(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The forest plot of one rate over the groups, and its Vega-Lite spec. */
static int forest(ts_report *rep, ts_buf *b, const cJSON *groups, const char *rate,
                  const char *title, const char *chart_name)
{
	size_t n = (size_t)cJSON_GetArraySize(groups);
	ts_scale x = {0, 1, FP_LEFT, FP_W - FP_RIGHT};
	size_t rows = n * FP_ROW, h = rows + FP_AXIS;
	ts_buf spec = {0}, label = {0};
	ts_jw w;
	ts_vega_begin(&w, &spec, title);
	int rc = ts_html_fmt(b, "<h3>%s</h3>\n<svg class=\"forest\" data-rate=\"%r\" role=\"img\" "
	                     "width=\"%d\" height=\"%z\" viewBox=\"0 0 %d %z\"><title>%s</title>\n",
	                     title, rate, FP_W, h, FP_W, h, title);
	size_t i = 0;
	const cJSON *g;
	cJSON_ArrayForEach(g, groups) {
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(g, "rates"), rate);
		double v = member(r, "rate"), lo = member(r, "lower"), hi = member(r, "upper");
		double num = member(r, "numerator"), den = member(r, "denominator");
		label.len = 0;
		rc = rc || group_label(&label, cJSON_GetObjectItemCaseSensitive(g, "key"));
		size_t y = i++ * FP_ROW + 26;
		rc = rc || ts_html_fmt(b, "<g class=\"group\" data-group=\"%s\" data-rate=\"%6\" "
		                       "data-lower=\"%6\" data-upper=\"%6\" data-numerator=\"%0\" "
		                       "data-denominator=\"%0\"><text x=\"0\" y=\"%z\">%s</text>",
		                       label.ptr, v, lo, hi, num, den, y - 12, label.ptr);
		int interval = isfinite(v) && isfinite(lo) && isfinite(hi);
		if (!rc && interval)
			rc = ts_html_fmt(b, "<line class=\"interval\" x1=\"%2\" x2=\"%2\" y1=\"%z\" "
			                 "y2=\"%z\"/>", ts_scale_at(&x, lo), ts_scale_at(&x, hi), y, y);
		if (!rc && isfinite(v))
			rc = ts_html_fmt(b, "<circle cx=\"%2\" cy=\"%z\" r=\"5\" fill=\"#0072B2\"/>",
			                 ts_scale_at(&x, v), y);
		/* one call with questions gives a rate but no interval with calls
		 * as clusters (docs/aggregate.md) */
		if (!rc && interval)
			rc = ts_html_fmt(b, "<text x=\"%d\" y=\"%z\">%3 [%3, %3] %0/%0</text></g>\n",
			                 FP_W - FP_RIGHT + 8, y + 4, v, lo, hi, num, den);
		else if (!rc && isfinite(v))
			rc = ts_html_fmt(b, "<text x=\"%d\" y=\"%z\">%3 [1 call] "
			                 "%0/%0</text></g>\n", FP_W - FP_RIGHT + 8, y + 4, v, num, den);
		else if (!rc)
			rc = ts_html_fmt(b, "<text x=\"%d\" y=\"%z\">no questions</text></g>\n",
			                 FP_W - FP_RIGHT + 8, y + 4);
		ts_jw_object(&w, NULL);
		ts_jw_str_lossy(&w, "group", label.ptr);
		ts_jw_num(&w, "rate", v);
		ts_jw_num(&w, "lower", lo);
		ts_jw_num(&w, "upper", hi);
		ts_jw_num(&w, "numerator", num);
		ts_jw_num(&w, "denominator", den);
		ts_jw_end(&w, 1);
	}
	for (int t = 0; t <= 4 && !rc; t++)
		rc = ts_svg_tick(b, ts_scale_at(&x, t / 4.0), 0, rows + 4, t * 25, 0, "%");
	rc = rc || ts_html_fmt(b, "</svg>\n");
	ts_vega_forest(&w);
	rc = rc || w.oom || add_chart(rep, chart_name, spec.ptr, spec.len);
	ts_buf_free(&spec);
	ts_buf_free(&label);
	return rc ? -1 : 0;
}

static int to_buf(void *arg, const char *bytes, size_t len)
{
	return ts_buf_append(arg, bytes, len);
}

static int groups_part(ts_report *rep, ts_buf *b, ts_error *err)
{
	ts_buf json = {0};
	int rc = ts_agg_write(rep->agg, TS_AGG_JSON, 0, to_buf, &json, err);
	if (rc) {
		ts_buf_free(&json);
		return rc == TS_ENOMEM || rc > 0 ? ts_nomem(err) : rc;
	}
	cJSON *doc = ts_json_parse(json.ptr, json.len, NULL);
	ts_buf_free(&json);
	if (!doc)
		return ts_nomem(err);  /* the aggregate's own JSON parses unless memory ran out */
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(doc, "groups");
	const char *note = ts_agg_note(rep->agg);
	rc |= ts_buf_printf(b, "<section class=\"groups\" id=\"groups\">\n<h2>Across calls</h2>\n"
	                    "<p class=\"note\">Pooled over the questions of each group's calls; "
	                    "the bar is talkstat-aggregate's interval at 95%% with calls as "
	                    "clusters (docs/aggregate.md; a group of one call has none, marked [1 call]): groups whose bars "
	                    "overlap may differ by chance."
	                    "</p>\n");
	if (note) {
		rc |= ts_buf_printf(b, "<p class=\"note\">Note: ");
		rc |= ts_html_escs(b, note);
		rc |= ts_buf_printf(b, ".</p>\n");
	}
	if (!rc)
		rc = forest(rep, b, groups, "qa.responsiveness",
		            "Responsiveness: clear replies per question of the caller",
		            "groups-responsiveness");
	if (!rc)
		rc = forest(rep, b, groups, "qa.deflected_share",
		            "Deflection rate: replies in a deflection class per question",
		            "groups-deflected-share");
	rc |= ts_buf_printf(b, "</section>\n");
	cJSON_Delete(doc);
	return rc ? ts_nomem(err) : 0;
}

int ts_report_write(ts_report *rep, const char *title, ts_write_fn fn, void *arg, ts_error *err)
{
	if (!rep->ncalls)
		return ts_fail(err, TS_EINPUT, NULL, 0, 0, "no calls in the input");
	ts_buf b = {0};
	int rc = ts_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                       "<meta name=\"generator\" content=\"talkstat %s\">\n<title>",
	                       ts_version());
	rc |= ts_html_escs(&b, title);
	rc |= ts_buf_printf(&b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	rc |= ts_html_escs(&b, title);
	rc |= ts_buf_printf(&b, "</h1>\n<p class=\"note\">%zu calls. Figures as docs/metrics.md and "
	                    "docs/qa.md define them; the classes are automatic and make mistakes "
	                    "(docs/report.md).</p>\n", rep->ncalls);
	if (rc)
		rc = ts_nomem(err);
	if (!rc)
		rc = groups_part(rep, &b, err);
	if (!rc && ts_buf_printf(&b, "<section id=\"calls\">\n<h2>Calls</h2>\n<table class=\"calls\">"
	                         "<thead><tr><th>#</th><th>source</th><th>call</th><th>title</th>"
	                         "<th>language</th><th>turns</th><th>questions</th>"
	                         "<th>responsiveness</th><th>deflected share</th>"
	                         "<th>deflections</th></tr></thead><tbody>\n%s</tbody></table>\n"
	                         "</section>\n", rep->rows.ptr ? rep->rows.ptr : ""))
		rc = ts_nomem(err);
	if (!rc && fn(arg, b.ptr, b.len))
		rc = 1;
	b.len = 0;
	if (!rc && rep->sections.len && fn(arg, rep->sections.ptr, rep->sections.len))
		rc = 1;
	if (!rc && fn(arg, "</body>\n</html>\n", 16))
		rc = 1;
	ts_buf_free(&b);
	return rc;
}
