/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The summary's compact text takes fast ways (output/summary.c: a pair
 * copied from literals); the indented text takes the writer's member by
 * member.  Both are the same document: the compact text must be the
 * indented one without its whitespace, on results made at random with
 * strings to escape, numbers of every size and classes out of range. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helpers.h"
#include "talkstat.h"

/* JSON text without the whitespace between its tokens (strings kept as
 * they are), in place. */
static void squeeze(char *s)
{
	char *d = s;
	int in_string = 0;
	for (; *s; s++) {
		if (in_string) {
			*d++ = *s;
			if (*s == '\\')
				*d++ = *++s;
			else if (*s == '"')
				in_string = 0;
		} else if (*s != ' ' && *s != '\n') {
			in_string = *s == '"';
			*d++ = *s;
		}
	}
	*d = '\0';
}

/* Pieces of strings: plain ASCII and UTF-8 of every length class, and
 * each byte that needs an escape. */
static const char *const pieces[] = {"a", "CLB", "x y", "你好", "是不是", "é", "\"", "\\", "\n",
                                     "\t", "\x01", "\x1f", "\x7f", " ", "0123456789abcdef",
                                     "the reply is a question back"};

/* A string of up to cap - 1 bytes; plain (no byte to escape) when
 * `plain`. */
static char *random_string(uint64_t *seed, size_t cap, int plain)
{
	char *s = malloc(cap);
	assert_non_null(s);
	size_t n = 0;
	int parts = (int)(test_random(seed) >> 40) % 10;
	for (int i = 0; i < parts; i++) {
		const char *w = pieces[(test_random(seed) >> 32) % (sizeof pieces / sizeof *pieces)];
		size_t wl = strlen(w);
		if (plain && (strchr(w, '"') || strchr(w, '\\') || (unsigned char)w[0] < 0x20))
			continue;
		if (wl >= cap - n)
			break;
		memcpy(s + n, w, wl);
		n += wl;
	}
	s[n] = '\0';
	return s;
}

/* Mostly plain strings (the common case the fast ways take), now and
 * then one to escape. */
static char *some_string(uint64_t *seed, size_t cap)
{
	return random_string(seed, cap, test_random(seed) % 8 != 0);
}

/* A double of any size from the bits of x: a small whole number, a
 * fraction, NaN, or a magnitude from 1e-9 to 1e20. */
static double random_value(uint64_t x)
{
	switch (x % 5) {
	case 0: return (double)(x >> 50);
	case 1: return (double)(x >> 12) / 4503599627370496.0;  /* [0, 1) */
	case 2: return NAN;
	case 3: return -(double)(x >> 54);
	default: return (double)(x >> 11) / 9007199254740992.0 * pow(10, (int)((x >> 3) % 30) - 9);
	}
}

/* A whole number: mostly small, sometimes past 1e15 or 2^53. */
static size_t random_count(uint64_t x)
{
	switch (x % 4) {
	case 0: return (size_t)(x >> 58);
	case 1: return (size_t)(x >> 40);
	case 2: return (size_t)(x >> 20) % 100000;
	default: return (size_t)x;
	}
}

/* A line or column: small, large or negative (the writer keeps it). */
static long random_long(uint64_t x)
{
	switch (x % 4) {
	case 0: return (long)(x >> 58);
	case 1: return (long)((x >> 20) % 1000000);
	case 2: return -(long)(x >> 60) - 1;
	default: return (long)(x >> 1);
	}
}

/* Every word of the memory at p (n bytes) a random figure: a count, a
 * double of any size, NaN or raw bits, as the figure tables read them. */
static void random_words(void *p, size_t n, uint64_t *seed)
{
	unsigned char *b = p;
	for (size_t at = 0; at + 8 <= n; at += 8) {
		uint64_t x = test_random(seed), w;
		if (x % 3 == 0) {
			w = random_count(x >> 2);
		} else if (x % 3 == 1) {
			double v = random_value(x >> 2);
			memcpy(&w, &v, 8);
		} else {
			w = test_random(seed);
		}
		memcpy(b + at, &w, 8);
	}
}

typedef struct made {
	ts_call call;
	ts_result r;
	ts_speaker speakers[10];
	ts_turn turns[6];
	ts_event events[2];
	ts_narration narration[2];
	ts_meta meta[2];
	ts_speaker_stats stats[10];
	ts_deflection matches[5];
	ts_target targets[3];
	ts_question questions[6];
	ts_pair pairs[7];
	char *strings[64];
	size_t nstrings;
} made;

static char *keep(made *m, char *s)
{
	assert_true(m->nstrings < sizeof m->strings / sizeof *m->strings);
	m->strings[m->nstrings++] = s;
	return s;
}

/* A range [a, b] of bytes of t's text. */
static void random_range(const ts_turn *t, uint64_t x, size_t *a, size_t *b)
{
	size_t n = t->len + 1;
	*a = (size_t)(x % n);
	*b = *a + (size_t)((x >> 20) % (n - *a));
}

static void make_call(made *m, uint64_t *seed)
{
	memset(m, 0, sizeof *m);
	ts_call *c = &m->call;
	c->number = random_count(test_random(seed));
	c->title = test_random(seed) % 4 ? keep(m, some_string(seed, 40)) : NULL;
	c->line = random_long(test_random(seed));
	c->nmeta = test_random(seed) % 3;
	for (size_t i = 0; i < c->nmeta; i++) {
		m->meta[i].key = keep(m, some_string(seed, 20));
		m->meta[i].value = keep(m, some_string(seed, 20));
	}
	c->meta = m->meta;
	c->language = "zh";
	c->unit = test_random(seed) % 2 ? TS_UNIT_CHARS : TS_UNIT_WORDS;
	c->timed = test_random(seed) % 3 == 0;
	c->no_text = test_random(seed) % 16 == 0;
	c->format = "text";
	c->nspeakers = 1 + test_random(seed) % (test_random(seed) % 4 ? 4 : 10);  /* past ID_CACHE */
	for (size_t i = 0; i < c->nspeakers; i++) {
		m->speakers[i].id = keep(m, some_string(seed, 24));
		m->speakers[i].label = keep(m, some_string(seed, 24));
		m->speakers[i].role = test_random(seed) % 2 ? TS_ROLE_CALLER : TS_ROLE_RESPONDENT;
	}
	c->speakers = m->speakers;
	c->nturns = 1 + test_random(seed) % 6;
	for (size_t i = 0; i < c->nturns; i++) {
		ts_turn *t = &m->turns[i];
		t->number = i + 1 + (test_random(seed) % 8 == 0 ? random_count(test_random(seed)) : 0);
		t->speaker = test_random(seed) % c->nspeakers;
		t->text = keep(m, some_string(seed, 120));
		t->len = strlen(t->text);
		t->line = random_long(test_random(seed));
		t->col = random_long(test_random(seed));
		t->chars = random_count(test_random(seed));
		t->words = random_count(test_random(seed));
		t->start = random_value(test_random(seed));
		t->end = random_value(test_random(seed));
		t->backchannel = (int)(test_random(seed) % 2);
	}
	c->turns = m->turns;
	c->nevents = test_random(seed) % 3;
	for (size_t i = 0; i < c->nevents; i++) {
		ts_event *e = &m->events[i];
		e->kind = (ts_event_kind)(test_random(seed) % (TS_EVENT_KIND_COUNT + 1));
		e->text = keep(m, some_string(seed, 30));
		e->line = random_long(test_random(seed));
		e->col = random_long(test_random(seed));
		e->after_turn = random_count(test_random(seed));
		e->turn = test_random(seed) % 2 ? random_count(test_random(seed)) : 0;
	}
	c->events = m->events;
	c->nnarration = test_random(seed) % 3;
	for (size_t i = 0; i < c->nnarration; i++) {
		m->narration[i].text = keep(m, some_string(seed, 30));
		m->narration[i].line = random_long(test_random(seed));
	}
	c->narration = m->narration;
}

static void make_result(made *m, uint64_t *seed)
{
	ts_result *r = &m->r;
	const ts_call *c = &m->call;
	random_words(r, sizeof *r, seed);
	r->call = c;
	/* every section mostly, now and then some of them */
	r->sections = TS_SECTION_ALL | TS_SECTION_TURN_LIST;
	if (test_random(seed) % 4 == 0)
		r->sections &= (unsigned)test_random(seed);
	random_words(m->stats, sizeof m->stats, seed);
	for (size_t i = 0; i < c->nspeakers; i++) {  /* mostly the call's */
		uint64_t x = test_random(seed);
		m->stats[i].timed = x % 8 ? c->timed : (int)(x >> 8 & 1);
		m->stats[i].no_text = x % 7 ? c->no_text : (int)(x >> 9 & 1);
	}
	r->speakers = m->stats;
	r->nspeakers = c->nspeakers;
	r->nmatches = test_random(seed) % 6;
	for (size_t i = 0; i < r->nmatches; i++) {
		ts_deflection *d = &m->matches[i];
		memset(d, 0, sizeof *d);
		d->turn = test_random(seed) % c->nturns;
		d->speaker = test_random(seed) % c->nspeakers;
		d->line = random_long(test_random(seed));
		d->col = random_long(test_random(seed));
		d->category = (ts_category)(test_random(seed) % (TS_CAT_NONE + 2));
		d->entry = keep(m, some_string(seed, 30));
		random_range(&c->turns[d->turn], test_random(seed), &d->start, &d->end);
		d->has_target = (int)(test_random(seed) % 2);
		random_range(&c->turns[d->turn], test_random(seed), &d->target_start, &d->target_end);
	}
	r->matches = m->matches;
	r->ntargets = test_random(seed) % 4;
	for (size_t i = 0; i < r->ntargets; i++) {
		m->targets[i].text = keep(m, some_string(seed, 20));
		m->targets[i].count = random_count(test_random(seed));
	}
	r->targets = m->targets;
	r->nquestions = 1 + test_random(seed) % 6;
	for (size_t i = 0; i < r->nquestions; i++) {
		ts_question *q = &m->questions[i];
		q->turn = test_random(seed) % c->nturns;
		random_range(&c->turns[q->turn], test_random(seed), &q->start, &q->end);
		/* a class out of range now and then: "?" */
		q->type = (ts_qtype)((int)(test_random(seed) % (TS_Q_TYPE_COUNT + 2)) - 1);
		q->marked = (int)(test_random(seed) % 3) - 1;
		q->line = random_long(test_random(seed));
		q->col = random_long(test_random(seed));
	}
	r->questions = m->questions;
	r->npairs = test_random(seed) % 8;
	for (size_t i = 0; i < r->npairs; i++) {
		ts_pair *p = &m->pairs[i];
		memset(p, 0, sizeof *p);
		p->question = test_random(seed) % r->nquestions;
		p->reply_turn = test_random(seed) % 3 ? random_long(test_random(seed)) : -1;
		p->reply = (ts_reply)((int)(test_random(seed) % (TS_R_COUNT + 2)) - 1);
		char *why = keep(m, some_string(seed, sizeof p->why));
		/* bytes after the reason's NUL, not of it: some to escape */
		memset(p->why, "\"\\\x01x"[test_random(seed) % 4], sizeof p->why);
		memcpy(p->why, why, strlen(why) + 1);
		p->clarity = (ts_clarity)((int)(test_random(seed) % (TS_C_COUNT + 2)) - 1);
		p->evasion = (ts_evasion)((int)(test_random(seed) % (TS_EV_COUNT + 3)) - 2);
		p->confidence = test_random(seed) % 2 ? NAN : random_value(test_random(seed));
		p->reask_of = test_random(seed) % 3 ? -1 : random_long(test_random(seed));
	}
	r->pairs = m->pairs;
}

static void free_made(made *m)
{
	for (size_t i = 0; i < m->nstrings; i++)
		free(m->strings[i]);
}

/* The compact summary of m against its indented one squeezed, each flag
 * and indentation. */
static void compact_as_indented(made *m, const char *source, unsigned flags, int indent, int id)
{
	char *compact = NULL, *pretty = NULL;
	ts_error err = {0};
	assert_int_equal(ts_result_json(&m->r, source, flags, indent, &compact, &err), 0);
	assert_int_equal(ts_result_json(&m->r, source, flags | TS_JSON_PRETTY, indent, &pretty, &err), 0);
	squeeze(pretty);
	if (strcmp(compact, pretty)) {
		size_t at = 0;
		while (compact[at] == pretty[at])
			at++;
		fail_msg("result %d differs at %zu: compact %.80s, indented %.80s", id, at,
		         compact + (at > 30 ? at - 30 : 0), pretty + (at > 30 ? at - 30 : 0));
	}
	free(compact);
	free(pretty);
}

static void random_results(void **state)
{
	(void)state;
	uint64_t seed = 0x51ED270B27AC3A5Dull;
	made *m = malloc(sizeof *m);
	assert_non_null(m);
	for (int i = 0; i < 8000; i++) {
		make_call(m, &seed);
		make_result(m, &seed);
		unsigned flags = (unsigned)(test_random(&seed) % 8) & ~(unsigned)TS_JSON_PRETTY;
		compact_as_indented(m, "a \"file\".txt", flags, (int)(test_random(&seed) % 3), i);
		free_made(m);
	}
	free(m);
}

/* One call by hand: a pair of plain strings (the literals' way), one
 * whose speaker, text and reason need escapes (the writer's way), each
 * optional member present and absent. */
static void fixed_pairs(void **state)
{
	(void)state;
	made *m = calloc(1, sizeof *m);
	assert_non_null(m);
	ts_call *c = &m->call;
	c->number = 1;
	c->language = "zh";
	c->format = "text";
	m->speakers[0] = (ts_speaker){"CLB", "ＣＬＢ", TS_ROLE_CALLER};
	m->speakers[1] = (ts_speaker){"a\"b", "a\"b", TS_ROLE_RESPONDENT};
	c->speakers = m->speakers;
	c->nspeakers = 2;
	m->turns[0] = (ts_turn){.number = 1, .speaker = 0, .text = "你好吗？", .len = 12};
	m->turns[1] = (ts_turn){.number = 2, .speaker = 1, .text = "tab\there?", .len = 9};
	c->turns = m->turns;
	c->nturns = 2;
	ts_result *r = &m->r;
	r->call = c;
	r->sections = TS_SECTION_QA;
	r->speakers = m->stats;
	r->nspeakers = 2;
	m->questions[0] = (ts_question){0, 0, 12, TS_Q_YESNO, 1, 3, 5};
	m->questions[1] = (ts_question){1, 0, 9, TS_Q_WH, 0, 7, 1};
	r->questions = m->questions;
	r->nquestions = 2;
	m->pairs[0] = (ts_pair){.question = 0, .reply_turn = 1, .reply = TS_R_ANSWER,
	                        .reask_of = -1, .clarity = TS_C_CLEAR_REPLY,
	                        .evasion = TS_E_DODGING, .confidence = 0.25};
	strcpy(m->pairs[0].why, "a substantive reply without deflection");
	m->pairs[1] = (ts_pair){.question = 1, .reply_turn = -1, .reply = TS_R_NO_RESPONSE,
	                        .reask_of = 0, .clarity = TS_C_CLEAR_NON_REPLY,
	                        .evasion = TS_EV_NONE, .confidence = NAN};
	strcpy(m->pairs[1].why, "no \"reply\"");
	r->pairs = m->pairs;
	r->npairs = 2;
	compact_as_indented(m, NULL, 0, 0, -1);
	/* ... and the pairs as docs/output.md gives them, worked out by hand */
	char *json = NULL;
	ts_error err = {0};
	assert_int_equal(ts_result_json(r, NULL, 0, 0, &json, &err), 0);
	const char *want =
		"\"pairs\":[{\"turn\":1,\"line\":3,\"col\":5,\"speaker\":\"CLB\",\"text\":\"你好吗？\","
		"\"type\":\"yesno\",\"marked\":true,\"reply_turn\":2,\"reply\":\"answer\","
		"\"clarity\":\"clear_reply\",\"evasion\":\"dodging\",\"confidence\":0.25,"
		"\"why\":\"a substantive reply without deflection\",\"reask_of\":null},"
		"{\"turn\":2,\"line\":7,\"col\":1,\"speaker\":\"a\\\"b\",\"text\":\"tab\\there?\","
		"\"type\":\"wh\",\"marked\":false,\"reply_turn\":null,\"reply\":\"no_response\","
		"\"clarity\":\"clear_non_reply\",\"why\":\"no \\\"reply\\\"\",\"reask_of\":1}]";
	if (!strstr(json, want))
		fail_msg("pairs: %s", json);
	free(json);
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixed_pairs),
		cmocka_unit_test(random_results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
