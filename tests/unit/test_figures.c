/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The figure tables (analyse/figures.h) are the one list of a call's
 * numbers: every figure with a summary key is in the summary at its place,
 * with its value; every figure with an aggregate name is an aggregate
 * metric; and a call aggregates to the same bytes whether it comes as a
 * result or as its summary's JSON.  (That the summary's members are all
 * declared in docs/summary.schema.json is tests/golden/schema.test's:
 * the schema allows no other properties.) */
#include "config.h"

#include "helpers.h"

#include <math.h>

#include <cjson/cJSON.h>

#include "aggregate/aggregate.h"
#include "analyse/figures.h"
#include "base/buf.h"

/* A call with questions, deflections, a referral target, a backchannel
 * and a hang-up: every section has something to show. */
static const char *call_text =
	"@Org: 测试工会\n"
	"A：你好，请问是市总工会吗？\n"
	"B：是的。\n"
	"A：你们知道工厂火灾的事情吗？\n"
	"B：我不清楚。\n"
	"A：嗯。\n"
	"A：那你们打算怎么办？\n"
	"B：你去问一下劳动局吧。\n"
	"——电话被挂断——\n";

/* A timed call (STM): the time figures are there too, overlap included. */
static const char *stm_text =
	"t1 A spkA 0.0 2.5 hello is this the city union?\n"
	"t1 B spkB 2.7 4.0 yes it is\n"
	"t1 A spkA 3.8 6.0 do you know about the factory fire?\n"
	"t1 B spkB 6.5 8.0 i am not sure you should ask the labour bureau\n";

/* A call without text (RTTM): the text figures are null. */
static const char *rttm_text =
	"SPEAKER t1 1 0.0 2.5 <NA> <NA> A <NA> <NA>\n"
	"SPEAKER t1 1 2.0 2.0 <NA> <NA> B <NA> <NA>\n"
	"SPEAKER t1 1 4.5 1.0 <NA> <NA> A <NA> <NA>\n";

static ts_context *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = test_context(NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ts_context_free(ctx);
	return 0;
}

/* The member at "a.b.c" of an object (NULL when missing). */
static const cJSON *at(const cJSON *o, const char *path)
{
	char part[128];
	while (o && *path) {
		size_t n = strcspn(path, ".");
		snprintf(part, sizeof part, "%.*s", (int)n, path);
		o = cJSON_GetObjectItemCaseSensitive(o, part);
		path += n + (path[n] == '.');
	}
	return o;
}

static void same_value(const cJSON *v, double want, int type, const char *what)
{
	if (!v)
		fail_msg("%s: missing", what);
	if (type == TS_FT_BOOL) {
		if (!cJSON_IsBool(v) || cJSON_IsTrue(v) != (want != 0))
			fail_msg("%s: not %g", what, want);
	} else if (isnan(want)) {
		if (!cJSON_IsNull(v))
			fail_msg("%s: not null", what);
	} else if (!cJSON_IsNumber(v) || fabs(v->valuedouble - want) > 1e-6 * fmax(1, fabs(want))) {
		fail_msg("%s: %g, not %g", what, cJSON_IsNumber(v) ? v->valuedouble : NAN, want);
	}
}

static cJSON *summary_of(const ts_result *r)
{
	char *json;
	ts_error err;
	assert_int_equal(ts_result_json(r, "t", TS_JSON_RECORD, 0, &json, &err), 0);
	cJSON *o = cJSON_Parse(json);
	free(json);
	assert_non_null(o);
	return o;
}

/* The call of text (call_text, stm_text, rttm_text) analysed into r,
 * every section; its reader (close it after freeing r). */
static ts_reader *analysed_of(const char *text, ts_result *r)
{
	ts_reader *rd = open_text(ctx, text);
	ts_error err;
	assert_int_equal(ts_analyse(ctx, next_call(rd), TS_SECTION_ALL, r, &err), 0);
	return rd;
}

static ts_reader *analysed(ts_result *r)
{
	return analysed_of(call_text, r);
}

/* Every figure written is in the summary with its value; one not written
 * (a time figure of an untimed call) is not there.  The number written. */
static int figures_in_summary(const ts_result *rp)
{
	ts_result r = *rp;
	const ts_call *c = r.call;
	assert_int_equal(c->speakers[1].role, TS_ROLE_RESPONDENT);
	cJSON *o = summary_of(&r);
	char what[400];
	int written = 0;
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		if (!x->key)
			continue;
		for (size_t i = 0; i < c->nspeakers; i++) {
			const cJSON *v = NULL;
			const char *id = c->speakers[i].id;
			int respondent = c->speakers[i].role == TS_ROLE_RESPONDENT;
			char path[200];
			snprintf(path, sizeof path, "%s%s%s", x->sub ? x->sub : "", x->sub ? "." : "", x->key);
			switch (x->group) {
			case TS_FG_SPEAKERS:
				v = at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "speakers"), (int)i),
				       path);
				break;
			case TS_FG_DEFL_SPEAKER:
				if (!respondent)
					continue;
				v = at(at(at(o, "deflections.by_speaker"), id), path);
				break;
			case TS_FG_QUESTIONS:
				v = at(at(o, "qa.questions.by_speaker"), id);
				break;
			case TS_FG_RESPONDENT:
				if (!respondent)
					continue;
				v = at(at(at(o, "qa.by_respondent"), id), path);
				break;
			default:
				fail_msg("figure %d: no group", f);
			}
			snprintf(what, sizeof what, "speaker figure %s of %s", x->key, id);
			if (!ts_figure_written(x, c)) {
				if (v)
					fail_msg("%s: written", what);
				continue;
			}
			if (r.call->no_text && (x->section & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA)))
				continue;  /* the section is null */
			same_value(v, ts_figure_value(x, &r.speakers[i]), x->type, what);
			written++;
		}
	}
	for (int i = 0; i < TS_CF_COUNT; i++) {
		const ts_call_figure *f = &ts_call_figures[i];
		if (!f->key)
			continue;
		char path[200];
		snprintf(path, sizeof path, "%s.%s", ts_figure_objects[f->object], f->key);
		snprintf(what, sizeof what, "call figure %s", path);
		if (!ts_call_figure_written(f, c)) {
			if (at(o, path))
				fail_msg("%s: written", what);
			continue;
		}
		if (r.call->no_text && (f->section & (TS_SECTION_DEFLECTIONS | TS_SECTION_QA))) {
			if (!cJSON_IsNull(at(o, ts_figure_objects[f->object])) &&
			    !cJSON_IsNull(at(o, f->section == TS_SECTION_QA ? "qa" : "deflections")))
				fail_msg("%s: the section is not null", what);
			continue;
		}
		same_value(at(o, path), ts_call_figure_value(&r, i), f->type, what);
		written++;
	}
	cJSON_Delete(o);
	return written;
}

static void every_figure_in_the_summary(void **state)
{
	(void)state;
	ts_result r;
	ts_reader *rd = analysed(&r);
	int written = figures_in_summary(&r);
	/* the figures are not all zero: the call has something of each */
	assert_int_equal(r.by_category[TS_CAT_IGNORANCE], 1);
	assert_int_equal(r.by_category[TS_CAT_REFERRAL], 1);
	assert_int_equal(r.hangups, 1);
	assert_int_equal(r.npairs, 3);
	assert_int_equal(r.speakers[0].backchannels, 1);
	assert_true(written > TS_SF_COUNT);
	ts_result_free(&r);
	ts_reader_close(rd);
}

/* The same of a timed call and of one without text: the time figures are
 * written, and have values. */
static void timed_figures_in_the_summary(void **state)
{
	(void)state;
	const char *texts[] = {stm_text, rttm_text};
	for (size_t k = 0; k < 2; k++) {
		ts_result r;
		ts_reader *rd = analysed_of(texts[k], &r);
		assert_true(r.call->timed);
		assert_int_equal(r.call->no_text, k == 1);
		assert_true(figures_in_summary(&r) > 0);
		/* worked by hand: stm_text overlaps at 3.8-4.0; rttm_text at 2.0-2.5 */
		assert_true(fabs(r.overlap_seconds - (k ? 0.5 : 0.2)) < 1e-9);
		assert_true(fabs(r.duration - (k ? 5.5 : 8.0)) < 1e-9);
		/* stm_text: A's questions (turns 1, 3) end at 2.5 and 6.0, B's replies
		 * start at 2.7 and 6.5: latencies 0.2 and 0.5, median 0.35 */
		if (!k) {
			assert_true(r.latency_count == 2);
			assert_true(fabs(r.latency_median - 0.35) < 1e-9);
			assert_true(fabs(r.latency_q1 - 0.275) < 1e-9);
		} else {
			assert_true(isnan(r.latency_median));
		}
		ts_result_free(&r);
		ts_reader_close(rd);
	}
}

static int collect(void *arg, const char *bytes, size_t len)
{
	return ts_buf_append(arg, bytes, len);
}

static char *aggregate(const char *by, const ts_result *r, const char *json, int format)
{
	ts_agg_options ao;
	ts_agg_options_init(&ao);
	ao.by = by ? &by : NULL;
	ao.nby = by != NULL;
	ao.bootstrap = 50;
	ts_agg *agg;
	ts_error err;
	assert_int_equal(ts_agg_new(&agg, &ao, &err), 0);
	if (r)
		assert_int_equal(ts_agg_add_result(agg, r, "t", &err), 0);
	else
		if (ts_agg_add_record(agg, json, json ? strlen(json) : 0, "t", 1, &err))
			fail_msg("record: %s", err.msg);
	ts_buf out = {0};
	assert_int_equal(ts_agg_write(agg, format, 0, collect, &out, &err), 0);
	ts_agg_free(agg);
	return out.ptr;
}

static void every_named_figure_aggregated(void **state)
{
	(void)state;
	ts_result r;
	ts_reader *rd = analysed(&r);
	assert_false(r.call->timed);
	char *doc = aggregate(NULL, &r, NULL, TS_AGG_JSON);
	cJSON *o = cJSON_Parse(doc);
	assert_non_null(o);
	const cJSON *metrics = at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "groups"), 0),
	                          "metrics");
	assert_non_null(metrics);
	char name[200];
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		if (!x->name || x->timed)  /* timed_figures_aggregated */
			continue;
		for (int side = 0; side < 2; side++) {
			snprintf(name, sizeof name, "%s.%s", side ? "respondent" : "caller", x->name);
			if (!cJSON_GetObjectItemCaseSensitive(metrics, name))
				fail_msg("aggregate lacks %s", name);
		}
	}
	for (int i = 0; i < C_COUNT; i++)
		if (!cJSON_GetObjectItemCaseSensitive(metrics, ts_agg_call_metrics[i].name))
			fail_msg("aggregate lacks %s", ts_agg_call_metrics[i].name);
	/* worked by hand: B replied to 3 questions, clearly to the first only */
	const cJSON *rate = cJSON_GetObjectItemCaseSensitive(
		at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "groups"), 0), "rates"),
		"qa.responsiveness");
	same_value(cJSON_GetObjectItemCaseSensitive(rate, "numerator"), 1, TS_FT_COUNT, "numerator");
	same_value(cJSON_GetObjectItemCaseSensitive(rate, "denominator"), 3, TS_FT_COUNT,
	           "denominator");
	cJSON_Delete(o);
	free(doc);
	ts_result_free(&r);
	ts_reader_close(rd);
}

/* The time figures of a timed call are aggregate metrics; an untimed
 * call gives them no value, so they are not listed. */
static void timed_figures_aggregated(void **state)
{
	(void)state;
	for (int timed = 0; timed < 2; timed++) {
		ts_result r;
		ts_reader *rd = analysed_of(timed ? stm_text : call_text, &r);
		char *doc = aggregate(NULL, &r, NULL, TS_AGG_JSON);
		cJSON *o = cJSON_Parse(doc);
		const cJSON *metrics = at(
			cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "groups"), 0), "metrics");
		char name[200];
		for (int f = 0; f < TS_SF_COUNT; f++) {
			const ts_figure *x = &ts_speaker_figures[f];
			if (!x->name || !x->timed)
				continue;
			snprintf(name, sizeof name, "caller.%s", x->name);
			if (!cJSON_GetObjectItemCaseSensitive(metrics, name) != !timed)
				fail_msg("%s: %s", name, timed ? "missing" : "listed for an untimed call");
		}
		cJSON_Delete(o);
		free(doc);
		ts_result_free(&r);
		ts_reader_close(rd);
	}
}

/* Aggregating a result and aggregating its summary give the same bytes,
 * in every observation mode and format, for a labelled-text call, a timed
 * one and one without text. */
static void result_and_summary_aggregate_alike(void **state)
{
	(void)state;
	const char *texts[] = {call_text, stm_text, rttm_text};
	for (size_t t = 0; t < 3; t++) {
		ts_result r;
		ts_reader *rd = analysed_of(texts[t], &r);
		char *json;
		ts_error err;
		assert_int_equal(ts_result_json(&r, "t", TS_JSON_RECORD, 0, &json, &err), 0);
		/* (the timed calls have no @Org) */
		const char *const by[] = {NULL, t ? "source" : "Org", "role", "speaker"};
		for (size_t k = 0; k < sizeof by / sizeof *by; k++)
			for (int format = TS_AGG_JSON; format <= TS_AGG_PARTIAL; format++) {
				char *a = aggregate(by[k], &r, NULL, format), *b = aggregate(by[k], NULL, json, format);
				if (strcmp(a, b))
					fail_msg("--by %s, format %d: the result and its summary differ", by[k], format);
				free(a);
				free(b);
			}
		free(json);
		ts_result_free(&r);
		ts_reader_close(rd);
	}
}

/* Every row of the tables is filled (a figure added to the enum without
 * its row would be written nowhere); a group of numbers has one figure. */
static void tables_complete(void **state)
{
	(void)state;
	for (int f = 0; f < TS_SF_COUNT; f++) {
		const ts_figure *x = &ts_speaker_figures[f];
		if (!x->key && !x->name)
			fail_msg("speaker figure %d has no row", f);
		assert_true(x->section != 0);
		assert_true(x->group <= TS_FG_NONE);
		assert_true(!x->key || x->group < TS_FG_NONE);
		if (x->combine == TS_FC_RATIO)
			assert_true(x->num < TS_SF_COUNT && x->den < TS_SF_COUNT && x->scale > 0);
	}
	for (int i = 0; i < TS_CF_COUNT; i++) {
		const ts_call_figure *f = &ts_call_figures[i];
		assert_true(f->section != 0);
		assert_true(f->key || i == TS_CF_HANGUP_EVENTS);  /* the one counted in a list */
	}
	for (int g = 0; g < TS_FG_NONE; g++) {
		int n = 0;
		for (int f = 0; f < TS_SF_COUNT; f++)
			n += ts_speaker_figures[f].group == g;
		assert_true(n > 0);
		if (ts_figure_groups[g].numbers)
			assert_int_equal(n, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tables_complete),
		cmocka_unit_test(every_figure_in_the_summary),
		cmocka_unit_test(timed_figures_in_the_summary),
		cmocka_unit_test(every_named_figure_aggregated),
		cmocka_unit_test(timed_figures_aggregated),
		cmocka_unit_test(result_and_summary_aggregate_alike),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
