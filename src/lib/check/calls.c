/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The checks of one call as the reader made it: its speakers, header,
 * languages, narration, and what was left inside its speech. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/caseless.h"
#include "base/lang.h"
#include "base/text.h"
#include "check/check.h"

void ts_ck_titles_reset(ts_checker *ck)
{
	for (size_t i = 0; i < ck->ntitles; i++)
		free(ck->titles[i]);
	ck->ntitles = 0;
	ts_cands_free(&ck->speech_lines);
}

static int one_speaker(ts_checker *ck, const ts_call *c)
{
	if (c->nspeakers >= 2)
		return 0;
	if (!c->nspeakers)
		return ts_ck_emit(ck, TS_CK_ONE_SPEAKER, c->line, 1, "call %zu has no speaker", c->number);
	return ts_ck_emit(ck, TS_CK_ONE_SPEAKER, c->line, 1, "call %zu has one speaker only: '%s'",
	                  c->number, c->speakers[0].label);
}

/* An @Caller of the call (the run's --caller is checked over the file)
 * who does not speak in it: the call then has no caller, and no question
 * is paired with a reply. */
static int meta_caller(ts_checker *ck, const ts_call *c)
{
	if (ck->opt->caller)
		return 0;
	const char *who = NULL;
	for (size_t i = 0; i < c->nmeta; i++)
		if (ts_ci_equal(c->meta[i].key, strlen(c->meta[i].key), "Caller", 6))
			who = c->meta[i].value;
	for (size_t i = 0; who && i < c->nspeakers; i++)
		if (c->speakers[i].role == TS_ROLE_CALLER)
			return 0;
	if (!who || !*who)
		return 0;
	return ts_ck_emit(ck, TS_CK_SPEAKER_MISSING, c->line, 1,
	                  "@Caller '%s' does not speak in call %zu", who, c->number);
}

/* A header seen before in the file: a call copied twice, or two calls
 * that a reader of the output cannot tell apart. */
static int duplicate_header(ts_checker *ck, const ts_call *c)
{
	if (!c->title)
		return 0;
	for (size_t i = 0; i < ck->ntitles; i++)
		if (!strcmp(ck->titles[i], c->title))
			return ts_ck_emit(ck, TS_CK_DUPLICATE_HEADER, c->line, 1,
			                  "call header repeats the one at line %ld: '%s'",
			                  ck->title_lines[i], c->title);
	char *copy = strdup(c->title);
	if (!copy || TS_GROW(ck->titles, ck->titles_cap, ck->ntitles + 1) ||
	    TS_GROW(ck->title_lines, ck->title_lines_cap, ck->ntitles + 1)) {
		free(copy);
		return TS_ENOMEM;
	}
	ck->titles[ck->ntitles] = copy;
	ck->title_lines[ck->ntitles++] = c->line;
	return 0;
}

/* Turns by script: a call is counted in one unit (characters or words),
 * so the turns of the other script are measured wrongly.  Mixed means at
 * least 2 turns and a fifth of the turns with speech in the script that
 * has fewer. */
static int mixed_language(ts_checker *ck, const ts_call *c)
{
	size_t by[TS_SCRIPT_COUNT] = {0}, all = 0;
	for (size_t t = 0; t < c->nturns; t++) {
		int s = ts_script_of(c->turns[t].cjk, c->turns[t].words);
		if (s >= 0 && !c->turns[t].backchannel) {
			by[s]++;
			all++;
		}
	}
	size_t cjk = by[TS_SCRIPT_CJK], alpha = by[TS_SCRIPT_ALPHABETIC];
	size_t fewer = cjk < alpha ? cjk : alpha;
	if (fewer < 2 || fewer * 5 < all)
		return 0;
	return ts_ck_emit(ck, TS_CK_MIXED_LANGUAGE, c->line, 1,
	                  "call %zu mixes scripts: %zu turns in CJK script, %zu in alphabetic; it "
	                  "is counted in %s as '%s'", c->number, cjk, alpha,
	                  c->unit == TS_UNIT_CHARS ? "characters" : "words", c->language);
}

static int long_narration(ts_checker *ck, const ts_call *c)
{
	for (size_t i = 0; i < c->nnarration; i++) {
		size_t chars = ts_utf8_len(c->narration[i].text, strlen(c->narration[i].text));
		int rc = chars <= TS_CHECK_NARRATION_MAX ? 0 :
			ts_ck_emit(ck, TS_CK_LONG_NARRATION, c->narration[i].line, 1,
			           "%zu characters of unlabelled text are narration, not speech: a "
			           "missing speaker label?", chars);
		if (rc)
			return rc;
	}
	return 0;
}

/* A bracketed span that reads as a direction the reader did not know:
 * square or lenticular brackets around a short text ("[coughs]",
 * "【掌声】"), or "(Applause.)": a capital, at most three words and a full
 * stop, the convention of press transcripts.  "(very)" and "（暗指办公室）"
 * are text.  1 and the span's end. */
static int direction_at(const char *s, size_t n, size_t i, size_t *end)
{
	static const struct {
		const char *open, *close;
		int sentence;  /* the content must be "Capital ... ." */
	} pairs[] = {{"[", "]", 0}, {"【", "】", 0}, {"〔", "〕", 0}, {"(", ")", 1}};
	for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
		size_t lo = strlen(pairs[p].open);
		if (!ts_starts(s + i, n - i, pairs[p].open))
			continue;
		const char *close = NULL;
		for (size_t j = i + lo; j < n && j < i + lo + 40 && !close; j++)
			if (ts_starts(s + j, n - j, pairs[p].close))
				close = s + j;
		if (!close || close == s + i + lo)
			return 0;
		size_t a = i + lo, b = (size_t)(close - s);
		if (pairs[p].sentence) {
			size_t words = 1;
			for (size_t k = a; k < b; k++)
				words += s[k] == ' ';
			if (!ts_ascii_upper(s[a]) || s[b - 1] != '.' || words > 3)
				return 0;
		}
		*end = b + strlen(pairs[p].close);
		return 1;
	}
	return 0;
}

/* A finding about text[a, b) of a turn, quoted between before and after. */
static int emit_span(ts_checker *ck, ts_check_id id, const ts_turn *t, size_t a, size_t b,
                     const char *before, const char *after)
{
	long line, col;
	ts_turn_position(t, a, &line, &col);
	return ts_ck_emit(ck, id, line, col, "%s'%.*s'%s", before, (int)(b - a), t->text + a, after);
}

static int in_speech(ts_checker *ck, const ts_turn *t)
{
	size_t i = 0, a, b;
	int rc;
	while (ts_timecode_find(t->text, t->len, i, &a, &b)) {
		if ((rc = emit_span(ck, TS_CK_TIMECODE, t, a, b, "timecode inside speech: ", "")))
			return rc;
		i = b;
	}
	for (i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->text[i];
		if ((c != '[' && c != '(' && c != 0xE3) || !direction_at(t->text, t->len, i, &b))
			continue;
		size_t x, y;
		/* a timecode in brackets is reported above */
		if (!ts_timecode_find(t->text, b, i, &x, &y) &&
		    (rc = emit_span(ck, TS_CK_STAGE_IN_SPEECH, t, i, b,
		                    "bracketed text inside speech looks like a stage direction: ", "")))
			return rc;
		i = b - 1;
	}
	return 0;
}

/* A running header: a line of speech that recurs at least this often,
 * with at least this many characters ("嗯。" and "Yes." recur as speech). */
#define HEADER_REPEATS 3
#define HEADER_MIN_CHARS 6
#define HEADER_MAX_BYTES 120

/* Keep a line that continues a turn, to find those that recur. */
static int keep_line(ts_checker *ck, const ts_turn *t, size_t a, size_t e)
{
	if (e - a > HEADER_MAX_BYTES || ts_utf8_len(t->text + a, e - a) < HEADER_MIN_CHARS)
		return 0;
	char *copy = malloc(e - a + 1);
	ts_cands *c = &ck->speech_lines;
	if (!copy || TS_GROW(c->v, c->cap, c->n + 1)) {
		free(copy);
		return TS_ENOMEM;
	}
	memcpy(copy, t->text + a, e - a);
	copy[e - a] = '\0';
	long line, col;
	ts_turn_position(t, a, &line, &col);
	c->v[c->n++] = (ts_cand_rec){copy, line, col, 0};
	return 0;
}

/* The lines that continue a turn (each piece that starts a line after the
 * label's): a line of only a number is the page number of a PDF that the
 * reader keeps, because a bare number may be speech ("38"); the others are
 * kept to find running headers. */
static int page_lines(ts_checker *ck, const ts_turn *t)
{
	for (size_t p = 1; p < t->npieces; p++) {
		if (t->pieces[p].line == t->pieces[p - 1].line)
			continue;
		size_t a = t->pieces[p].off;
		size_t e = p + 1 < t->npieces ? t->pieces[p + 1].off : t->len;
		a += ts_skip_blanks(t->text + a, e - a);
		e = a + ts_trim_end(t->text + a, e - a);
		size_t d = a;
		while (d < e && ts_ascii_digit(t->text[d]))
			d++;
		int rc = 0;
		if (d == e && e > a && e - a <= 4)
			rc = emit_span(ck, TS_CK_PAGE_ARTEFACT, t, a, e, "a line of only the number ",
			               " inside a turn: a page number left in speech?");
		else if (e > a)
			rc = keep_line(ck, t, a, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int text_line_cmp(const void *pa, const void *pb)
{
	const ts_cand_rec *a = pa, *b = pb;
	int c = strcmp(a->label, b->label);
	return c ? c : a->line < b->line ? -1 : a->line > b->line;
}

int ts_ck_running_headers(ts_checker *ck)
{
	ts_cands *c = &ck->speech_lines;
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, text_line_cmp);
	for (size_t i = 0, j; i < c->n; i = j) {
		for (j = i; j < c->n && !strcmp(c->v[j].label, c->v[i].label); j++)
			;
		for (size_t k = i; j - i >= HEADER_REPEATS && k < j; k++) {
			int rc = ts_ck_emit(ck, TS_CK_PAGE_ARTEFACT, c->v[k].line, c->v[k].col,
			                    "'%s' recurs on %zu lines inside speech: a running header of "
			                    "the pages?", c->v[k].label, j - i);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int turns(ts_checker *ck, const ts_call *c)
{
	int rc = 0;
	for (size_t t = 0; !rc && t < c->nturns; t++)
		if (!(rc = in_speech(ck, &c->turns[t])))
			rc = page_lines(ck, &c->turns[t]);
	return rc;
}

int ts_ck_call(ts_checker *ck, const ts_call *c)
{
	static int (*const checks[])(ts_checker *, const ts_call *) = {
		one_speaker, meta_caller, duplicate_header, mixed_language, long_narration, turns,
	};
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof checks / sizeof *checks; i++)
		rc = checks[i](ck, c);
	return rc;
}
