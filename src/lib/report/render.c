/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call's section of the report: timeline, talk share, deflections by
 * category, the questions and their replies, the transcript; and the same
 * charts as Vega-Lite specifications. */
#include "config.h"

#include <math.h>

#include "report/html.h"
#include "report/rcall.h"
#include "report/vega.h"

/* A framed record of rcall_render's output. */
static int frame(ts_buf *out, char kind, const char *name, const ts_buf *body)
{
	int rc = ts_buf_printf(out, "%c%s", kind, name ? name : "");
	rc |= ts_buf_append(out, "", 1);
	rc |= ts_buf_printf(out, "%zu", body->len);
	rc |= ts_buf_append(out, "", 1);
	rc |= ts_buf_append(out, body->ptr ? body->ptr : "", body->len);
	return rc ? -1 : 0;
}

/* The colour of category i and of CLARITY class i (Okabe–Ito). */
static const char *category_colour(size_t i) { return ts_palette(i + 1); }
static const char *clarity_colour(ts_clarity c)
{
	return c == TS_C_CLEAR_REPLY ? "#009E73" : c == TS_C_AMBIVALENT ? "#E69F00" : "#D55E00";
}

/* Layout of the timeline, in SVG user units. */
enum { TL_W = 720, TL_LABEL = 170, TL_LANE = 22, TL_AXIS = 24, TL_RIGHT = 12 };

/* Where the timeline starts: a timed excerpt of a long recording
 * ("overlap2.stm" starts at 1,380 s) is drawn from its first turn. */
static double call_start(const rcall *c)
{
	double t = INFINITY;
	for (size_t i = 0; i < c->nturns; i++)
		if (isfinite(c->turns[i].start) && c->turns[i].start < t)
			t = c->turns[i].start;
	return c->timed && isfinite(t) ? t : 0;
}

static double call_end(const rcall *c)
{
	double t = 0;
	for (size_t i = 0; i < c->nturns; i++)
		if (isfinite(c->turns[i].end) && c->turns[i].end > t)
			t = c->turns[i].end;
	return t;
}

/* The time of an event: the end of the turn before it. */
static double event_time(const rcall *c, const rc_event *e)
{
	for (size_t i = e->after_turn; i > 0; i--)
		if (i - 1 < c->nturns && isfinite(c->turns[i - 1].end))
			return c->turns[i - 1].end;
	return c->nturns && isfinite(c->turns[0].start) ? c->turns[0].start : 0;
}

static int timeline(ts_buf *b, const rcall *c, size_t k)
{
	if (!c->have_turns)
		return ts_html_fmt(b, "<p class=\"missing\">No timeline: the summary lists no "
		                   "utterances (give the transcript, or a summary made with "
		                   "<code>--sections</code> including <code>utterances</code>).</p>\n");
	double start = call_start(c), end = call_end(c);
	ts_scale x = {start, end > start ? end : start + 1, TL_LABEL, TL_W - TL_RIGHT};
	size_t lanes = c->nspeakers * TL_LANE, h = lanes + TL_AXIS;
	int rc = ts_html_fmt(b, "<p class=\"note\">%r</p>\n<svg class=\"timeline\" role=\"img\" "
	                     "width=\"%d\" height=\"%z\" viewBox=\"0 0 %d %z\" data-timed=\"%d\" "
	                     "data-start=\"%3\" data-end=\"%3\"><title>Who holds the floor in call %z</title>\n",
	                     c->timed ? "Real time, as the transcript gives it." :
	                     "Estimated time: each turn's length at the call's speaking rate "
	                     "(the transcript gives no times).", TL_W, h, TL_W, h, c->timed, start, end, k);
	for (size_t s = 0; s < c->nspeakers && !rc; s++)
		rc = ts_html_fmt(b, "<text x=\"%d\" y=\"%z\" text-anchor=\"end\">%s</text>"
		                 "<line x1=\"%d\" x2=\"%d\" y1=\"%z\" y2=\"%z\" class=\"lane\"/>\n",
		                 TL_LABEL - 6, s * TL_LANE + 15, c->speakers[s].name, TL_LABEL,
		                 TL_W - TL_RIGHT, s * TL_LANE + 10, s * TL_LANE + 10);
	for (size_t i = 0; i < c->nturns && !rc; i++) {
		const rc_turn *t = &c->turns[i];
		if (!isfinite(t->start) || !isfinite(t->end))
			continue;  /* a turn the timed input gives no time */
		double x0 = ts_scale_at(&x, t->start), x1 = ts_scale_at(&x, t->end);
		/* a turn too short to see still gets a hairline */
		rc = ts_html_fmt(b, "<rect class=\"turn\" data-turn=\"%z\" data-speaker=\"%s\" "
		                 "data-start=\"%3\" data-end=\"%3\" x=\"%2\" y=\"%z\" width=\"%2\" "
		                 "height=\"%d\" fill=\"%r\"><title>turn %z, line %l</title></rect>\n",
		                 i + 1, c->speakers[t->speaker].name, t->start, t->end, x0,
		                 t->speaker * TL_LANE + 3, x1 - x0 > 0.5 ? x1 - x0 : 0.5, TL_LANE - 6,
		                 ts_palette(t->speaker), i + 1, t->line);
	}
	for (size_t i = 0; i < c->nevents && !rc; i++) {
		const rc_event *e = &c->events[i];
		double xe = ts_scale_at(&x, event_time(c, e));
		const char *kind = ts_event_kind_name(e->kind);
		rc = ts_html_fmt(b, "<g class=\"event %r\" data-kind=\"%r\" data-line=\"%l\">"
		                 "<line x1=\"%2\" x2=\"%2\" y1=\"0\" y2=\"%z\"/><title>%r, line %l: %s"
		                 "</title></g>\n", kind, kind, e->line, xe, xe, lanes, kind, e->line,
		                 e->text);
	}
	double step = ts_nice_step(end - start, 6);
	for (double t = ceil(start / step - 1e-9) * step; t <= end + 1e-9 && !rc; t += step)
		rc = ts_svg_tick(b, ts_scale_at(&x, t), lanes, lanes + 4, t, step < 1 ? 1 : 0, "s");
	return rc ? -1 : ts_html_fmt(b, "</svg>\n");
}

static int share_chart(ts_buf *b, const rcall *c, const char *lang)
{
	ts_bar *bars = calloc(c->nspeakers + 1, sizeof *bars);
	ts_buf *text = calloc(2 * c->nspeakers + 1, sizeof *text);
	int rc = bars && text ? 0 : -1;
	for (size_t i = 0; i < c->nspeakers && !rc; i++) {
		double s = c->speakers[i].share;
		rc = isfinite(s) ? ts_html_fmt(&text[2 * i], "%1 %%", s * 100) :
		     ts_html_fmt(&text[2 * i], "n/a");
		rc |= ts_html_fmt(&text[2 * i + 1], "%6", s);
		bars[i] = (ts_bar){c->speakers[i].name, s, text[2 * i].ptr, ts_palette(i), "speaker",
		                   text[2 * i + 1].ptr};
	}
	if (!rc)
		rc = ts_svg_bars(b, "share", "Share of speech by speaker", lang, bars, c->nspeakers, 1);
	for (size_t i = 0; text && i < 2 * c->nspeakers; i++)
		ts_buf_free(&text[i]);
	free(bars);
	free(text);
	return rc;
}

static int category_chart(ts_buf *b, const rcall *c)
{
	ts_bar bars[TS_CAT_COUNT];
	char shown[TS_CAT_COUNT][24];
	double max = 1;
	for (size_t i = 0; i < TS_CAT_COUNT; i++) {
		snprintf(shown[i], sizeof shown[i], "%zu", c->by_category[i]);
		bars[i] = (ts_bar){ts_category_name((ts_category)i), (double)c->by_category[i],
		                   shown[i], category_colour(i), "category", shown[i]};
		if (c->by_category[i] > max)
			max = (double)c->by_category[i];
	}
	int rc = ts_html_fmt(b, "<p class=\"note\">%z deflections: the respondents' deflecting "
	                     "phrases and %z hang-ups (counted as refusals).</p>\n",
	                     c->deflections, c->hangups);
	return rc | ts_svg_bars(b, "categories", "Deflections by category", NULL, bars, TS_CAT_COUNT,
	                        max);
}

/* The reply's text with its deflecting phrases marked; a phrase the text
 * does not place (a summary without utterances) is shown after it. */
static int reply_cell(ts_buf *b, const rc_pair *p)
{
	int rc = 0;
	size_t at = 0;
	if (p->reply_text) {
		size_t n = strlen(p->reply_text);
		for (size_t i = 0; i < p->nmarks && !rc; i++) {
			const rc_mark *m = &p->marks[i];
			if (m->start == (size_t)-1 || m->start < at || m->end > n)
				continue;  /* overlapping another phrase, or not placed */
			rc = ts_html_esc(b, p->reply_text + at, m->start - at) ||
			     ts_html_fmt(b, "<mark data-category=\"%r\">",
			                 ts_category_name(m->category)) ||
			     ts_html_esc(b, p->reply_text + m->start, m->end - m->start) ||
			     ts_html_fmt(b, "</mark>");
			at = m->end;
		}
		rc = rc || ts_html_esc(b, p->reply_text + at, n - at);
	}
	for (size_t i = 0; i < p->nmarks && !rc; i++) {
		const rc_mark *m = &p->marks[i];
		if (!p->reply_text || m->start == (size_t)-1)
			rc = ts_html_fmt(b, " <mark data-category=\"%r\">%s</mark>",
			                 ts_category_name(m->category), m->phrase);
	}
	return rc ? -1 : 0;
}

static int pairs_table(ts_buf *b, const rcall *c, size_t k)
{
	if (!c->npairs)
		return ts_html_fmt(b, "<p class=\"note\">The caller asked no question.</p>\n");
	int rc = ts_html_fmt(b, "<table class=\"pairs\"><thead><tr><th>line</th><th>question</th>"
	                     "<th>reply class</th><th>CLARITY</th><th>reply line</th>"
	                     "<th>reply, deflecting phrases marked</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < c->npairs && !rc; i++) {
		const rc_pair *p = &c->pairs[i];
		const char *clarity = ts_clarity_name(p->clarity), *reply = ts_reply_name(p->reply);
		rc = ts_html_fmt(b, "<tr id=\"c%z-q%z\" data-reply=\"%r\" data-clarity=\"%r\"><td>",
		                 k, i + 1, reply, clarity);
		if (!rc && p->turn_line > 0)
			rc = ts_html_fmt(b, "<a href=\"#c%z-L%l\">%l</a>", k, p->turn_line, p->line);
		else if (!rc)
			rc = ts_html_fmt(b, "%l", p->line);
		rc = rc || ts_html_fmt(b, "</td><td>%s</td><td>%r</td><td><span class=\"clarity\" "
		                       "style=\"border-color:%r\">%r</span>", p->question, reply,
		                       clarity_colour(p->clarity), clarity);
		/* the model's label among CLARITY's nine, when the model decided */
		if (!rc && p->evasion != TS_EV_NONE)
			rc = ts_html_fmt(b, " <span class=\"evasion\" data-evasion=\"%r\">%r</span>",
			                 ts_evasion_name(p->evasion), ts_evasion_name(p->evasion));
		rc = rc || ts_html_fmt(b, "</td><td>");
		if (!rc && p->reply_line > 0)
			rc = ts_html_fmt(b, "<a href=\"#c%z-L%l\">%l</a>", k, p->reply_line, p->reply_line);
		rc = rc || ts_html_fmt(b, "</td><td title=\"%s\">", p->why) || reply_cell(b, p) ||
		     ts_html_fmt(b, "</td></tr>\n");
	}
	return rc ? -1 : ts_html_fmt(b, "</tbody></table>\n");
}

/* The lines the tables link to: each turn at its line, each event. */
static int transcript(ts_buf *b, const rcall *c, size_t k)
{
	if (!c->have_turns)
		return 0;
	int rc = ts_html_fmt(b, "<details class=\"transcript\"><summary lang=\"en\">Transcript "
	                     "(%z turns)</summary>\n", c->nturns);
	size_t e = 0;
	for (size_t i = 0; i <= c->nturns && !rc; i++) {
		for (; e < c->nevents && c->events[e].after_turn <= i && !rc; e++) {
			const rc_event *ev = &c->events[e];
			rc = ts_html_fmt(b, "<p class=\"stage\" id=\"c%z-L%l\"><a href=\"#c%z-L%l\">%l</a> "
			                 "[%r] %s</p>\n", k, ev->line, k, ev->line, ev->line,
			                 ts_event_kind_name(ev->kind), ev->text);
		}
		if (i == c->nturns || rc)
			break;
		const rc_turn *t = &c->turns[i];
		rc = ts_html_fmt(b, "<p id=\"c%z-L%l\"><a href=\"#c%z-L%l\">%l</a> <b>%s</b> %s</p>\n",
		                 k, t->line, k, t->line, t->line, c->speakers[t->speaker].name, t->text);
	}
	return rc ? -1 : ts_html_fmt(b, "</details>\n");
}

static int vega_timeline(ts_buf *out, const rcall *c, size_t k, const char *title, ts_buf *b)
{
	static const char *const enc[][3] = {{"x", "start", "quantitative"},
	                                     {"x2", "end", NULL},
	                                     {"y", "speaker", "nominal"},
	                                     {"color", "speaker", "nominal"}};
	ts_jw w;
	char name[64];
	ts_vega_begin(&w, b, title);
	for (size_t i = 0; i < c->nturns; i++) {
		if (!isfinite(c->turns[i].start) || !isfinite(c->turns[i].end))
			continue;
		ts_jw_object(&w, NULL);
		ts_jw_count(&w, "turn", i + 1);
		ts_jw_str(&w, "speaker", c->speakers[c->turns[i].speaker].name);
		ts_jw_num(&w, "start", c->turns[i].start);
		ts_jw_num(&w, "end", c->turns[i].end);
		ts_jw_str(&w, "time", c->timed ? "real" : "estimated");
		ts_jw_count(&w, "line", (unsigned long long)c->turns[i].line);
		ts_jw_end(&w, 1);
	}
	ts_vega_mark(&w, "bar", enc, 4);
	snprintf(name, sizeof name, "call-%zu-timeline", k);
	return w.oom || frame(out, 'V', name, b) ? -1 : 0;
}

static int vega_charts(ts_buf *out, const rcall *c, size_t k, const char *title)
{
	static const char *const share_enc[][3] = {{"x", "share_of_speech", "quantitative"},
	                                           {"y", "speaker", "nominal"},
	                                           {"color", "role", "nominal"}};
	static const char *const cat_enc[][3] = {{"x", "count", "quantitative"},
	                                         {"y", "category", "nominal"}};
	ts_buf b = {0};
	char name[64];
	ts_jw w;
	int rc = c->have_turns ? vega_timeline(out, c, k, title, &b) : 0;
	b.len = 0;
	ts_vega_begin(&w, &b, title);
	for (size_t i = 0; i < c->nspeakers; i++) {
		ts_jw_object(&w, NULL);
		ts_jw_str(&w, "speaker", c->speakers[i].name);
		ts_jw_str(&w, "role", c->speakers[i].respondent ? "respondent" : "caller");
		ts_jw_num(&w, "share_of_speech", c->speakers[i].share);
		ts_jw_end(&w, 1);
	}
	ts_vega_mark(&w, "bar", share_enc, 3);
	snprintf(name, sizeof name, "call-%zu-share", k);
	rc |= w.oom | frame(out, 'V', name, &b);
	b.len = 0;
	if (c->no_text) {
		ts_buf_free(&b);
		return rc ? -1 : 0;
	}
	ts_vega_begin(&w, &b, title);
	for (size_t i = 0; i < TS_CAT_COUNT; i++) {
		ts_jw_object(&w, NULL);
		ts_jw_str(&w, "category", ts_category_name((ts_category)i));
		ts_jw_count(&w, "count", c->by_category[i]);
		ts_jw_end(&w, 1);
	}
	ts_vega_mark(&w, "bar", cat_enc, 2);
	snprintf(name, sizeof name, "call-%zu-deflections", k);
	rc |= w.oom | frame(out, 'V', name, &b);
	ts_buf_free(&b);
	return rc ? -1 : 0;
}

/* The call's row of the table of calls. */
static int call_row(ts_buf *b, const rcall *c, size_t k, const char *lang)
{
	return ts_html_fmt(b, "<tr data-call=\"%z\" data-questions=\"%z\" data-clear=\"%z\" "
	                   "data-deflected=\"%z\" data-deflections=\"%z\"><td><a href=\"#c%z\">%z</a>"
	                   "</td><td>%s</td><td>%z</td><td%r%s%r>%s</td><td>%s</td><td>%z</td>"
	                   "<td>%z</td><td>%3</td><td>%3</td><td>%z</td></tr>\n",
	                   k, c->npairs, c->clear_replies, c->deflected, c->deflections, k, k,
	                   c->source, c->number, lang ? " lang=\"" : "", lang, lang ? "\"" : "",
	                   c->title, c->language, c->turn_count, c->npairs, c->responsiveness,
	                   c->deflected_share, c->deflections);
}

int rcall_render(const rcall *c, size_t k, ts_buf *out)
{
	ts_buf b = {0}, title = {0};
	const char *lang = strcmp(c->language, "und") ? c->language : NULL;
	int rc = ts_buf_printf(&title, "Call %zu: %s, call %zu", k, c->source, c->number);
	if (c->title)
		rc |= ts_buf_printf(&title, " (%s)", c->title);
	rc = rc || ts_html_fmt(&b, "<section class=\"call\" id=\"c%z\" data-call=\"%z\"%r%s%r>\n"
	                       "<h2>%s</h2>\n<p class=\"facts\" lang=\"en\">%z turns, %z speakers, "
	                       "language %s, lengths in %r, %z questions of the caller, line %l.</p>\n"
	                       "<h3 lang=\"en\">Timeline</h3>\n",
	                       k, k, lang ? " lang=\"" : "", lang, lang ? "\"" : "", title.ptr,
	                       c->turn_count, c->nspeakers, c->language,
	                       c->unit == TS_UNIT_WORDS ? "words" : "characters", c->npairs, c->line);
	rc = rc || timeline(&b, c, k) || ts_html_fmt(&b, "<h3 lang=\"en\">Talk share</h3>\n") ||
	     share_chart(&b, c, lang);
	if (c->no_text)
		rc = rc || ts_html_fmt(&b, "<p class=\"missing\" lang=\"en\">The transcript gives who "
		                       "spoke when, no words: no deflections or questions to show.</p>\n");
	else
		rc = rc || ts_html_fmt(&b, "<h3 lang=\"en\">Deflections by category</h3>\n") ||
		     category_chart(&b, c) ||
		     ts_html_fmt(&b, "<h3 lang=\"en\">Questions and replies</h3>\n") ||
		     pairs_table(&b, c, k);
	rc = rc || transcript(&b, c, k) || ts_html_fmt(&b, "</section>\n") ||
	     frame(out, 'H', NULL, &b);
	b.len = 0;
	rc = rc || call_row(&b, c, k, lang) || frame(out, 'R', NULL, &b) ||
	     vega_charts(out, c, k, title.ptr);
	ts_buf_free(&b);
	ts_buf_free(&title);
	return rc ? TS_ENOMEM : 0;
}
