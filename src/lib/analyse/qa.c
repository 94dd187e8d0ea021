/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/qa.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/classes.h"
#include "base/diag.h"
#include "analyse/qkeys.h"
#include "analyse/reply_cues.h"
#include "analyse/reply_part.h"
#include "analyse/rmodel.h"
#include "analyse/qa_resume.h"
#include "model/backchannel.h"

/* ---- questions ---- */

static int add_question(ts_qa *qa, size_t turn, const ts_sentence *s, ts_qtype type)
{
	if (TS_GROW(qa->questions, qa->questions_cap, qa->nquestions + 1))
		return TS_ENOMEM;
	qa->questions[qa->nquestions++] =
		(ts_qa_question){.turn = turn, .start = s->start, .end = s->end, .type = type, .marked = s->marked};
	qa->marked += s->marked != 0;
	qa->by_type[type]++;
	return 0;
}

/* Sentences of a turn, into a buffer that grows. */
typedef struct sentbuf {
	ts_sentence *s;
	size_t n, cap;
	ts_buf fold;         /* for ts_question */
} sentbuf;

static int sentences_of(const ts_turn *t, const ts_lang *lang, sentbuf *b)
{
	size_t n = ts_sentences_from(lang, t->text, t->len, t->unmarked, b->s, b->cap);
	if (n > b->cap) {
		if (TS_GROW(b->s, b->cap, n))
			return TS_ENOMEM;
		n = ts_sentences_from(lang, t->text, t->len, t->unmarked, b->s, b->cap);
	}
	b->n = n;
	return 0;
}

/* ---- replies ---- */

typedef struct reply_ctx {
	const ts_resources *res;
	const ts_call *call;
	const ts_qa_defl *defl;
	size_t ndefl;
	const size_t *defl_lo;  /* per turn t, its deflections start at defl[defl_lo[t]] */
	sentbuf *sb;
	const ts_lang **lang_of;  /* per turn, its language (ts_turn_language) */
	signed char *shape;  /* per turn, computed once: see turn_shape */
	ts_rpart part;       /* the reply's sentences and which question each bears on */
	/* part of a turn whose questions share their reply whole, made only
	 * when a deflection in the reply is looked up in it (most replies
	 * have none): from part_q's reply, turns [part_from, part_to), the
	 * call's sentences all[sent_lo[t] .. sent_lo[t + 1]) */
	int part_made;
	const ts_qa_question *part_q;
	size_t part_from, part_to;
	const ts_sentence *all;
	const size_t *sent_lo;
	int me;              /* the question's index in its turn, -1: it has the whole reply */
	unsigned char *hits; /* coverage: per sentence of part, holds a deflection */
	size_t hits_cap;
	int oom;             /* working memory ran out while classing */
	/* What all questions of one turn share (with no parts), found once:
	 * a turn of thousands of questions must not search its reply as
	 * often.  For the reply that starts at turn memo_from - 1. */
	size_t memo_from;
	/* the reply model's working memory: the reply's turns joined, their
	 * deflections, the features */
	ts_buf joined;
	ts_rf_defl *rdefl;
	size_t rdefl_cap;
	/* The questions of the call's turns as read, when none was joined to
	 * another (ts_qa_join_resumed: a joined question takes the type of
	 * the one cut off, and that one is gone): each sentence of all then
	 * is a question iff one of these has its start. */
	const ts_qa *typed_qa;
	/* the reply's turns' sentences, typed already, for the reply that
	 * starts at turn typed_from - 1; then the question's */
	ts_rf_typed *typed;
	size_t typed_cap, typed_from;
	ts_rfvec *features;  /* the work's */
	int note, stall;     /* cue found in the reply's first turn: 1, 0; -1 unknown */
	int lead_known;      /* lead is found */
	size_t lead;         /* where the reply's first turn starts after its fillers */
	int whole_known;     /* whole: the deflections of the whole reply */
	struct part_defl {
		int d;                /* deflection class (0-based category), -1: none */
		size_t count, total;  /* matches of that class, all matches */
		size_t nsent, dsent, at;  /* coverage, when d >= 0 */
	} whole;
	/* (last: the fields before are cleared for a call, these 1.2 KB of
	 * text are written before they are read: see ts_qa_call) */
	char note_what[96], stall_what[96];
	ts_cue_text cue;     /* the reply's first turn, for its cues: folded once */
} reply_ctx;

/* Forget the memos when the reply changes. */
static void memo_for(reply_ctx *rc, size_t from)
{
	if (rc->memo_from == from + 1)
		return;
	rc->memo_from = from + 1;
	rc->note = rc->stall = -1;
	rc->whole_known = rc->lead_known = 0;
	const ts_turn *first = &rc->call->turns[from];
	ts_cue_text_set(&rc->cue, first->text, first->len, 1);
}

/* ts_cue_holds over the reply's first turn, once per reply. */
static int reply_cue(int *known, char *memo, ts_cue_text *t, const ts_words *list, char *what,
                     size_t cap)
{
	if (*known < 0)
		*known = ts_cue_text_holds(list, t, 0, t->n, memo, 96);
	if (*known)
		snprintf(what, cap, "%s", memo);
	return *known;
}

/* What a turn's sentences are, for the counter-question rule: 1 when it has
 * questions (not tags) and nothing else but backchannels, 2 when it has
 * neither, 0 otherwise.  Kept per turn: questions in one turn share a
 * reply.  Folded in as the turn's sentences are read for questions
 * (shape_add, shape_of), so that a reply's sentences are not found and
 * read again. */
typedef struct shape_acc {
	size_t questions, other;
} shape_acc;

/* One more sentence s of the turn, a question of type when q. */
static void shape_add(shape_acc *a, const ts_resources *res, const ts_turn *turn,
                      const ts_sentence *s, int q, ts_qtype type)
{
	if (a->other)
		return;
	if (q > 0 && type != TS_Q_TAG)
		a->questions++;
	else if (!ts_backchannel_in(res->bc, res->tc, turn->text, turn->len, turn->backchannel,
	                            s->start, s->end))
		a->other++;
}

static signed char shape_of(const shape_acc *a)
{
	return (signed char)(a->other ? 0 : a->questions ? 1 : 2);
}

static int turn_shape(reply_ctx *rc, size_t t)
{
	if (rc->shape[t] >= 0)
		return rc->shape[t];
	const ts_turn *turn = &rc->call->turns[t];
	const ts_lang *lang = rc->res->langs->lang[ts_turn_language(rc->res->langs, rc->call, turn)];
	shape_acc a = {0, 0};
	if (sentences_of(turn, lang, rc->sb))
		rc->oom = 1;
	else {
		for (size_t k = 0; k < rc->sb->n && !a.other; k++) {
			const ts_sentence *s = &rc->sb->s[k];
			ts_qtype type;
			int q = ts_sentence_question(lang, turn->text, s, &rc->sb->fold, &type);
			rc->oom |= q < 0;
			shape_add(&a, rc->res, turn, s, q, type);
		}
	}
	rc->shape[t] = shape_of(&a);
	return rc->shape[t];
}

/* Whether every sentence of the reply turns that is not a backchannel is a
 * question: the respondent answers with a question of their own.  A tag
 * question ("你正常途径联系吧，好吧？") seeks compliance with a directive,
 * not an answer, so it does not count as one. */
static int only_questions(reply_ctx *rc, size_t from, size_t to)
{
	int questions = 0;
	for (size_t t = from; t < to; t++) {
		int shape = turn_shape(rc, t);
		if (!shape)
			return 0;
		questions |= shape == 1;
	}
	return questions;
}

/* Whether deflection d lies in the question's part of the reply; *k is
 * its sentence. */
static int in_part(const reply_ctx *rc, const ts_qa_defl *d, size_t *k)
{
	*k = ts_rpart_find(&rc->part, d->turn, d->start);
	return *k < rc->part.n && ts_rpart_in(&rc->part, *k, rc->me);
}

/* The deflections in turns [from, to): defl[*lo, *hi), by where each
 * turn's start (defl_lo, found once a call), so that a call's replies
 * take time in proportion to their own deflections, not the call's.
 * (Two binary searches of defl a reply, each branch of them either way,
 * were 0.6% of zh20's samples.) */
static void defl_range(const reply_ctx *rc, size_t from, size_t to, size_t *lo, size_t *hi)
{
	*lo = rc->defl_lo[from];
	*hi = rc->defl_lo[to];
}

/* The deflection class of the question's part of the reply: the category
 * with most matches there; on a tie, the category of the later match
 * (where the reply ends up).  -1 when there are none. */
static int deflection_class(reply_ctx *rc, size_t from, size_t to, size_t *count, size_t *total)
{
	size_t by[TS_CAT_COUNT] = {0};
	size_t last[TS_CAT_COUNT] = {0};
	size_t order = 0, n = 0, k, lo, hi;
	defl_range(rc, from, to, &lo, &hi);
	if (lo < hi && !rc->part_made) {
		rc->part_made = 1;
		if (ts_rpart_build(rc->res, rc->call, rc->part_from, rc->part_to, rc->all, rc->sent_lo,
		                   rc->part_q, 1, &rc->part)) {
			rc->oom = 1;
			return -1;
		}
	}
	for (size_t i = lo; i < hi; i++) {
		const ts_qa_defl *d = &rc->defl[i];
		if ((unsigned)d->category >= TS_CAT_COUNT || !in_part(rc, d, &k))
			continue;
		by[d->category]++;
		last[d->category] = ++order;
		n++;
	}
	if (!n)
		return -1;
	int best = -1;
	for (int c = 0; c < TS_CAT_COUNT; c++)
		if (by[c] && (best < 0 || by[c] > by[best] || (by[c] == by[best] && last[c] > last[best])))
			best = c;
	*count = by[best];
	*total = n;
	return best;
}

/* How much of the question's part deflects: its sentences, those with a
 * deflection, and the position (0-based, within the part) of the first. */
static void coverage(reply_ctx *rc, size_t from, size_t to, size_t *nsent, size_t *dsent,
                     size_t *first)
{
	size_t lo, hi;
	defl_range(rc, from, to, &lo, &hi);
	/* mark the sentences that hold a deflection, each deflection once */
	int marked = !TS_GROW(rc->hits, rc->hits_cap, rc->part.n + 1);
	if (marked) {
		memset(rc->hits, 0, rc->part.n + 1);
		for (size_t i = lo; i < hi; i++) {
			size_t at;
			if (in_part(rc, &rc->defl[i], &at))
				rc->hits[at] = 1;
		}
	}
	*nsent = *dsent = 0;
	*first = (size_t)-1;
	for (size_t k = 0; k < rc->part.n; k++) {
		if (!ts_rpart_in(&rc->part, k, rc->me))
			continue;
		int hit = marked && rc->hits[k];
		for (size_t i = lo; !marked && i < hi && !hit; i++) {  /* out of memory: slowly */
			size_t at;
			hit = in_part(rc, &rc->defl[i], &at) && at == k;
		}
		if (hit && !*dsent)
			*first = *nsent;
		*dsent += hit;
		++*nsent;
	}
}

/* The deflections of the question's part of the reply: their class and
 * coverage.  Without parts (me < 0) every question of the turn has the
 * same, found once. */
static void part_deflections(reply_ctx *rc, size_t from, size_t to, struct part_defl *pd)
{
	if (rc->me < 0 && rc->whole_known) {
		*pd = rc->whole;
		return;
	}
	static const struct part_defl none = {-1, 0, 0, 0, 0, 0};
	*pd = none;
	/* A reply without deflections (most) has none in any part: its
	 * memo written from the constant, not read back from *pd, whose
	 * fields were just stored apart (a wide load over narrower stores
	 * waits for them: a third of this function's samples) */
	if (rc->defl_lo[from] == rc->defl_lo[to]) {
		if (rc->me < 0) {
			rc->whole = none;
			rc->whole_known = 1;
		}
		return;
	}
	pd->d = deflection_class(rc, from, to, &pd->count, &pd->total);
	if (pd->d >= 0)
		coverage(rc, from, to, &pd->nsent, &pd->dsent, &pd->at);
	if (rc->me < 0) {
		rc->whole = *pd;
		rc->whole_known = 1;
	}
}

/* ---- reply classes: a table of rules ---- */

/* What the rules look at: the question, its reply (turns [from, to)),
 * the reply's first turn and language; and what a rule found, for its
 * reason. */
typedef struct reply_in {
	reply_ctx *rc;
	const ts_qa_question *q;
	size_t from, to;
	const ts_lang *lang;
	const char *s;          /* the first reply turn's text */
	size_t n;
	struct part_defl pd;    /* the deflections of the question's part, once known */
	int pd_known;
	/* found: */
	char what[96];          /* the cue */
	ts_reply reply;         /* the class, for a rule of the deflection's class */
} reply_in;

/* The deflections of the question's part, found when a rule first asks. */
static const struct part_defl *deflections(reply_in *in)
{
	if (!in->pd_known) {
		part_deflections(in->rc, in->from, in->to, &in->pd);
		in->pd_known = 1;
	}
	return &in->pd;
}

/* Where the reply's first turn starts after its fillers, for the rules
 * that read its first clauses: found once a reply, where each rule, and
 * each question of a turn, passed them over again. */
static size_t lead(reply_in *in)
{
	reply_ctx *rc = in->rc;
	if (!rc->lead_known) {
		rc->lead = ts_cue_text_after_fillers(in->lang, &rc->cue);
		rc->lead_known = 1;
	}
	return rc->lead;
}

static int counter_question(reply_in *in)
{
	return only_questions(in->rc, in->from, in->to);
}

static int agrees(reply_in *in)
{
	return in->q->type == TS_Q_TAG &&
	       ts_cue_text_first_clauses(&in->rc->cue, lead(in), 3, TS_CUES(in->lang, AGREE),
	                                 TS_CUES(in->lang, AGREE_IN), in->what, sizeof in->what);
}

static int yes_or_no(reply_in *in)
{
	ts_qtype t = in->q->type;
	return t != TS_Q_TAG && t != TS_Q_WH && t != TS_Q_REQUEST &&
	       ts_cue_text_first_clauses(&in->rc->cue, lead(in), 1, TS_CUES(in->lang, YES_NO), NULL,
	                                 in->what, sizeof in->what);
}

/* "好的" grants a request before it is a backchannel */
static int grants(reply_in *in)
{
	return in->q->type == TS_Q_REQUEST &&
	       ts_cue_text_first_clauses(&in->rc->cue, lead(in), 2, TS_CUES(in->lang, GRANT),
	                                 TS_CUES(in->lang, GRANT_IN), in->what, sizeof in->what);
}

static int notes(reply_in *in)
{
	return in->q->type == TS_Q_REQUEST &&
	       reply_cue(&in->rc->note, in->rc->note_what, &in->rc->cue, TS_CUES(in->lang, NOTE),
	                 in->what, sizeof in->what);
}

static int backchannels(reply_in *in)
{
	for (size_t t = in->from; t < in->to; t++)
		if (!in->rc->call->turns[t].backchannel)
			return 0;
	return 1;
}

/* "这个……就是说……": hesitation that breaks off */
static int hesitates(reply_in *in)
{
	const char *s = in->s;
	size_t n = in->n;
	return in->to - in->from == 1 && ts_cut_at_end(s, n) == TS_CUT_ELLIPSIS &&
	       ts_cue_content(in->rc->res->tc, in->lang, s, n) <= (size_t)in->lang->hesitation_max;
}

static int is_tag(reply_in *in)
{
	return in->q->type == TS_Q_TAG;
}

static int is_request(reply_in *in)
{
	return in->q->type == TS_Q_REQUEST;
}

/* A long reply that answers first and deflects only in an aside ("... And
 * we can get you the code") addresses the question in part: at least this
 * many sentences, at most one in PARTIAL_SHARE deflecting, none of the
 * opening two (the opening sets a reply's stance).  Only in a language
 * that classes questions by their parts (by_part). */
#define PARTIAL_MIN_SENTENCES 5
#define PARTIAL_SHARE 5

static int deflects_aside(reply_in *in)
{
	const struct part_defl *pd = deflections(in);
	return pd->d >= 0 && in->lang->by_part && pd->nsent >= PARTIAL_MIN_SENTENCES &&
	       pd->dsent * PARTIAL_SHARE <= pd->nsent && pd->at >= 2;
}

static int deflects(reply_in *in)
{
	const struct part_defl *pd = deflections(in);
	if (pd->d < 0)
		return 0;
	in->reply = ts_category_reply((ts_category)pd->d);
	return 1;
}

static int stalls(reply_in *in)
{
	return reply_cue(&in->rc->stall, in->rc->stall_what, &in->rc->cue, TS_CUES(in->lang, STALL),
	                 in->what, sizeof in->what);
}

static int restates(reply_in *in)
{
	const ts_words *r = TS_CUES(in->lang, REFORMULATE);
	long x = ts_cue_text_starts(r, &in->rc->cue, lead(in));
	if (x >= 0)
		snprintf(in->what, sizeof in->what, "%s", r->v[x].raw);
	return x >= 0;
}

static int always(reply_in *in)
{
	(void)in;
	return 1;
}

/* A reason's pieces: text, or a placeholder (docs/qa.md).  The rules'
 * reasons are written out in pieces here rather than parsed for every
 * pair, where strchr and the names' strncmp were most of a reason's cost;
 * ts_qa_rule_reason lets the tests check them against the text. */
enum piece_kind { P_END, P_TEXT, P_WHAT, P_NAME, P_TIE, P_PART, P_COUNT, P_TOTAL, P_DSENT, P_NSENT };
struct piece {
	enum piece_kind kind;
	size_t len;             /* P_TEXT: text[0..len) */
	const char *text;
};
#define TEXT(s) {P_TEXT, sizeof s - 1, s}
#define PH(kind) {kind, 0, NULL}
#define END {P_END, 0, NULL}
#define PIECES(...) ((const struct piece[]){__VA_ARGS__, END})

/* The rules in order: the first that holds decides the class, and its
 * reason is the pair's why.  In a reason, {what} is the cue found,
 * {name} the deflection's class, {count} and {total} its matches and all
 * matches, {tie} says when the two classes tied, {dsent} and {nsent} the
 * sentences that deflect and all sentences, {part} whether the question
 * was classed by its part of the reply.  why is reason in pieces. */
#define FROM_DEFLECTION TS_R_COUNT
static const struct rule {
	int (*holds)(reply_in *in);
	ts_reply reply;       /* FROM_DEFLECTION: the class of the deflection found */
	const char *reason;
	const struct piece *why;
} rules[] = {
	{counter_question, TS_R_COUNTER_QUESTION, "the reply is a question back",
	 PIECES(TEXT("the reply is a question back"))},
	{agrees, TS_R_AGREE, "agrees with the tag question: '{what}'",
	 PIECES(TEXT("agrees with the tag question: '"), PH(P_WHAT), TEXT("'"))},
	{yes_or_no, TS_R_ANSWER, "direct yes/no: '{what}'",
	 PIECES(TEXT("direct yes/no: '"), PH(P_WHAT), TEXT("'"))},
	{grants, TS_R_ANSWER, "grants the request: '{what}'",
	 PIECES(TEXT("grants the request: '"), PH(P_WHAT), TEXT("'"))},
	{notes, TS_R_PARTIAL, "takes the request on board without granting it: '{what}'",
	 PIECES(TEXT("takes the request on board without granting it: '"), PH(P_WHAT), TEXT("'"))},
	{backchannels, TS_R_BACKCHANNEL, "only backchannel tokens",
	 PIECES(TEXT("only backchannel tokens"))},
	{hesitates, TS_R_NONCOMMITTAL, "hesitates and breaks off",
	 PIECES(TEXT("hesitates and breaks off"))},
	{is_tag, TS_R_PARTIAL, "tag question neither agreed with nor acknowledged",
	 PIECES(TEXT("tag question neither agreed with nor acknowledged"))},
	{deflects_aside, TS_R_PARTIAL,
	 "deflects ({name}) in {dsent} of {nsent} sentences{part}, after answering",
	 PIECES(TEXT("deflects ("), PH(P_NAME), TEXT(") in "), PH(P_DSENT), TEXT(" of "), PH(P_NSENT),
	        TEXT(" sentences"), PH(P_PART), TEXT(", after answering"))},
	{deflects, FROM_DEFLECTION, "deflection: {name} ({count} of {total} matches{tie}{part})",
	 PIECES(TEXT("deflection: "), PH(P_NAME), TEXT(" ("), PH(P_COUNT), TEXT(" of "), PH(P_TOTAL),
	        TEXT(" matches"), PH(P_TIE), PH(P_PART), TEXT(")"))},
	{is_request, TS_R_PARTIAL, "request neither granted nor refused",
	 PIECES(TEXT("request neither granted nor refused"))},
	{stalls, TS_R_PARTIAL, "stalls: '{what}'", PIECES(TEXT("stalls: '"), PH(P_WHAT), TEXT("'"))},
	{restates, TS_R_PARTIAL, "restates the question: '{what}'",
	 PIECES(TEXT("restates the question: '"), PH(P_WHAT), TEXT("'"))},
	{always, TS_R_ANSWER, "a substantive reply without deflection{part}",
	 PIECES(TEXT("a substantive reply without deflection"), PH(P_PART))},
};

/* A reason is cut to REASON_MAX - 1 bytes before the cap, as when it was
 * written whole into a buffer of REASON_MAX by snprintf. */
#define REASON_MAX 512

/* Whether a placeholder's name p[0..len) is name, as strncmp compares
 * them (a prefix of it, the empty one too). */
static int named(const char *p, size_t len, const char *name)
{
	return !strncmp(p, name, len);
}

/* The placeholder named p[0..len): the first of what, name, tie, part,
 * count, total, dsent it names, nsent else. */
static enum piece_kind placeholder_named(const char *p, size_t len)
{
	static const char *const names[] = {"what", "name", "tie", "part", "count", "total", "dsent"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (named(p, len, names[i]))
			return (enum piece_kind)(P_WHAT + i);
	return P_NSENT;
}

/* Parse fmt into pieces p[0..max) ended by P_END, as many as fit; where
 * it stopped, the end of fmt when all fit.  A '{' without a '}' after it
 * is text, and so is all after it. */
static const char *parse_reason(const char *fmt, struct piece *p, size_t max)
{
	size_t n = 0;
	while (*fmt && n + 2 < max) {
		const char *open = strchr(fmt, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		size_t k = close ? (size_t)(open - fmt) : strlen(fmt);
		if (k)
			p[n++] = (struct piece){P_TEXT, k, fmt};
		fmt += k;
		if (!close)
			break;
		p[n++] = (struct piece){placeholder_named(open + 1, (size_t)(close - open - 1)), 0, NULL};
		fmt = close + 1;
	}
	p[n] = (struct piece){P_END, 0, NULL};
	return fmt;
}

/* The text of placeholder kind and its length in *k; numbers are written
 * in digits[0..24), by hand: a reason is made for every pair, and
 * snprintf's parsing of its format was most of the cost. */
static const char *placeholder(enum piece_kind kind, const reply_in *in, char *digits, size_t *k)
{
	const struct part_defl *pd = &in->pd;
	const char *text = NULL;
	size_t v = 0;
	switch (kind) {
	case P_WHAT:
		text = in->what;
		break;
	case P_NAME:
		text = pd->d >= 0 ? ts_reply_name(ts_category_reply((ts_category)pd->d)) : "";
		break;
	case P_TIE:
		text = pd->count * 2 == pd->total ? ", the later on a tie" : "";
		break;
	case P_PART:
		text = in->rc->me >= 0 ? " in its part of the reply" : "";
		break;
	case P_COUNT:
		v = pd->count;
		break;
	case P_TOTAL:
		v = pd->total;
		break;
	case P_DSENT:
		v = pd->dsent;
		break;
	case P_NSENT:
	case P_END:
	case P_TEXT:
		v = pd->nsent;
		break;
	}
	if (text) {
		*k = strlen(text);
		return text;
	}
	char *d = digits + 24;
	do
		*--d = (char)('0' + v % 10);
	while (v /= 10);
	*k = (size_t)(digits + 24 - d);
	return d;
}

/* Append a reason's pieces with what the rules found to why[0..o), up to
 * room bytes; the bytes now. */
static size_t put_pieces(const struct piece *p, const reply_in *in, char *why, size_t room, size_t o)
{
	char digits[24];
	for (; p->kind != P_END && o < room; p++) {
		size_t k = p->len;
		const char *s = p->kind == P_TEXT ? p->text : placeholder(p->kind, in, digits, &k);
		if (k > room - o)
			k = room - o;
		memcpy(why + o, s, k);
		o += k;
	}
	return o;
}

/* The bytes of a reason written into why[0..cap): as snprintf cut it at
 * REASON_MAX and then at cap. */
static size_t reason_room(size_t cap)
{
	return (cap < REASON_MAX ? cap : REASON_MAX) - 1;
}

/* Write a reason in pieces with what the rules found into why[0..cap). */
static void reason(const struct piece *p, const reply_in *in, char *why, size_t cap)
{
	why[put_pieces(p, in, why, reason_room(cap), 0)] = '\0';
}

/* ts_qa_reason's and ts_qa_rule_reason's what the rules found. */
static void reason_in(reply_in *in, reply_ctx *rc, const char *what, int d, size_t count,
                      size_t total, size_t dsent, size_t nsent, int part)
{
	*rc = (reply_ctx){.me = part ? 0 : -1};
	*in = (reply_in){.rc = rc, .pd = {d, count, total, nsent, dsent, 0}};
	snprintf(in->what, sizeof in->what, "%s", what);
}

void ts_qa_reason(const char *fmt, const char *what, int d, size_t count, size_t total,
                  size_t dsent, size_t nsent, int part, char *why, size_t cap)
{
	reply_ctx rc;
	reply_in in;
	struct piece p[64];
	size_t room = reason_room(cap), o = 0;
	reason_in(&in, &rc, what, d, count, total, dsent, nsent, part);
	do {
		fmt = parse_reason(fmt, p, sizeof p / sizeof *p);
		o = put_pieces(p, &in, why, room, o);
	} while (*fmt);
	why[o] = '\0';
}

const char *ts_qa_rule_reason(size_t r, const char *what, int d, size_t count, size_t total,
                              size_t dsent, size_t nsent, int part, char *why, size_t cap)
{
	if (r >= sizeof rules / sizeof *rules)
		return NULL;
	reply_ctx rc;
	reply_in in;
	reason_in(&in, &rc, what, d, count, total, dsent, nsent, part);
	reason(rules[r].why, &in, why, cap);
	return rules[r].reason;
}

/* CLARITY per item (Thomas et al. 2024, "Declining to answer"): a
 * referral or deferral by a formula that withholds (the lexicon's
 * "declines": 请向主管部门询问, 适时发布, 我已经表明了立场) that is the reply's
 * main move, with no key information beside it, declines to answer: a
 * clear non-reply.  The same formula beside a substantive answer leaves
 * the reply ambivalent, and so does a referral that gives a channel
 * (你得问一下组织部).  Main move: at least half the sentences of the
 * question's part deflect ("目前正在调查。", "我们已经发布了消息，请你届时关注。"),
 * so a formula before three sentences of position does not decline. */
#define DECLINE_SHARE 2

static int declines(const reply_in *in, ts_reply reply)
{
	ts_category c = ts_reply_category_in(reply);
	if ((c != TS_CAT_REFERRAL && c != TS_CAT_DEFERRAL) || !in->pd.dsent ||
	    in->pd.dsent * DECLINE_SHARE < in->pd.nsent)
		return 0;
	const reply_ctx *rc = in->rc;
	size_t lo, hi, k;
	defl_range(rc, in->from, in->to, &lo, &hi);
	for (size_t i = lo; i < hi; i++)
		if (rc->defl[i].category == c && rc->defl[i].declines && in_part(rc, &rc->defl[i], &k))
			return 1;
	return 0;
}

/* Class the reply (turns [from, to)) to question q by the first rule that
 * holds, and its CLARITY class into *clarity. */
static ts_reply classify(reply_ctx *rc, const ts_qa_question *q, size_t from, size_t to,
                         char *why, size_t cap, ts_clarity *clarity)
{
	const ts_turn *first = &rc->call->turns[from];
	/* each field set, not the whole zeroed first: what (96 bytes) is
	 * emptied before each rule, and zeroing it too took a string store
	 * at every pair */
	reply_in in;
	in.rc = rc;
	in.q = q;
	in.from = from;
	in.to = to;
	in.lang = rc->lang_of[from];
	in.s = first->text;
	in.n = first->len;
	in.pd = (struct part_defl){-1, 0, 0, 0, 0, 0};
	in.pd_known = 0;
	in.reply = TS_R_ANSWER;
	memo_for(rc, from);
	for (size_t r = 0;; r++) {
		in.what[0] = '\0';
		if (!rules[r].holds(&in))
			continue;
		reason(rules[r].why, &in, why, cap);
		ts_reply reply = rules[r].reply == FROM_DEFLECTION ? in.reply : rules[r].reply;
		*clarity = ts_reply_clarity_in(reply);
		if (rules[r].reply == FROM_DEFLECTION && declines(&in, reply)) {
			*clarity = TS_C_CLEAR_NON_REPLY;
			size_t len = strlen(why);
			snprintf(why + len, cap - len, "; declines to answer: deflects in %zu of %zu sentences",
			         in.pd.dsent, in.pd.nsent);
		}
		return reply;
	}
}

/* ---- the reply model ---- */

/* Whether the model decides the pair: it has one for the reply's language
 * and no exact rule decided (a question back, backchannels only; no
 * response never gets here). */
static int model_applies(const reply_ctx *rc, size_t from, ts_reply rule)
{
	const ts_resources *res = rc->res;
	return res->rmodel && rule != TS_R_COUNTER_QUESTION && rule != TS_R_BACKCHANNEL &&
	       ts_turn_language(res->langs, rc->call, &rc->call->turns[from]) == res->rmodel_lang;
}

/* Turn t's sentences as read for questions, with its questions of
 * rc->typed_qa [q, end), for the model's text that holds the turn's bytes
 * [from, from + n) at `at`. */
static ts_rf_typed typed_of(const reply_ctx *rc, size_t t, size_t at, size_t from, size_t n, size_t q,
                            size_t end)
{
	return (ts_rf_typed){rc->lang_of[t], at, from, n, rc->all + rc->sent_lo[t],
	                     rc->sent_lo[t + 1] - rc->sent_lo[t], rc->typed_qa->questions + q, end - q};
}

/* The model's CLARITY class, evasion label, confidence and reasons for
 * the reply (turns [from, to)) to q.  The rules' class stays when it is
 * of the CLARITY class the model found (it says more: referral, deferral
 * ...); else the class the model's label stands for (TS_EVASION_LIST). */
static int model_decide(reply_ctx *rc, const ts_qa_question *q, size_t from, size_t to, ts_qa_pair *p)
{
	const ts_rmodel *m = rc->res->rmodel;
	size_t lo, hi, nd = 0;
	defl_range(rc, from, to, &lo, &hi);
	if (hi > lo && TS_GROW(rc->rdefl, rc->rdefl_cap, hi - lo))
		return TS_ENOMEM;
	rc->joined.len = 0;
	for (size_t t = from, i = lo; t < to; t++) {
		const ts_turn *turn = &rc->call->turns[t];
		size_t base = rc->joined.len;
		if (ts_buf_append(&rc->joined, turn->text, turn->len) || ts_buf_append(&rc->joined, "\n", 1))
			return TS_ENOMEM;
		for (; i < hi && rc->defl[i].turn == t; i++)
			rc->rdefl[nd++] = (ts_rf_defl){base + rc->defl[i].start, rc->defl[i].category};
	}
	/* the sentences of the question's turn and the reply's turns, read
	 * for questions already (the model reads the question's sentence and
	 * the reply's turns as they are, joined by line feeds) */
	const ts_qa *qa = rc->typed_qa;
	size_t ntyped = qa ? to - from : 0, me = qa ? (size_t)(q - qa->questions) : 0;
	if (TS_GROW(rc->typed, rc->typed_cap, ntyped + 1))
		return TS_ENOMEM;
	/* (once a reply: its questions are found after the first question
	 * that it replies to, past the others of that question's turn, which
	 * may be thousands) */
	if (qa && rc->typed_from != from + 1) {
		rc->typed_from = from + 1;
		for (size_t t = from, base = 0, i = me + 1; t < to; t++) {
			while (i < qa->nquestions && qa->questions[i].turn < t)
				i++;
			size_t first = i;
			while (i < qa->nquestions && qa->questions[i].turn == t)
				i++;
			rc->typed[t - from] = typed_of(rc, t, base, 0, rc->call->turns[t].len, first, i);
			base += rc->call->turns[t].len + 1;
		}
	}
	const ts_turn *qt = &rc->call->turns[q->turn];
	/* (the question's text is q's sentence: of its turn's questions, q
	 * alone is in it) */
	ts_rf_typed *tq = &rc->typed[ntyped];
	if (qa)
		*tq = typed_of(rc, q->turn, 0, q->start, q->end - q->start, me, me + 1);
	int r = ts_rfeat_typed(rc->res, rc->res->rmodel_lang, qt->text + q->start, q->end - q->start,
	                       rc->joined.ptr, rc->joined.len, rc->rdefl, nd, m->bits, tq,
	                       rc->typed_qa != NULL, rc->typed, ntyped, rc->features);
	if (r)
		return r;
	ts_rpred pr;
	ts_rmodel_predict(m, rc->features, &pr);
	p->clarity = pr.clarity;
	p->confidence = pr.confidence;
	p->evasion = m->kind == TS_RM_EVASION ? (ts_evasion)m->label[pr.label] : TS_EV_NONE;
	static const ts_reply by_clarity[TS_C_COUNT] = {TS_R_ANSWER, TS_R_PARTIAL, TS_R_REFUSAL};
	if (ts_reply_clarity_in(p->reply) != pr.clarity)
		p->reply = p->evasion != TS_EV_NONE ? ts_evasion_reply(p->evasion) : by_clarity[pr.clarity];
	ts_rmodel_why(m, rc->features, &pr, 3, p->why, sizeof p->why);
	return 0;
}

/* ---- re-asks ---- */

double ts_qa_similarity(const ts_textclass *tc, const ts_lang *lang, const char *a, size_t an,
                        const char *b, size_t bn)
{
	ts_keyset ka, kb;
	ts_keys(tc, lang, a, an, &ka);
	ts_keys(tc, lang, b, bn, &kb);
	return ts_keys_overlap(&ka, &kb);
}

/* The keys of the last w questions, question j's in slot j % w: the slots
 * hold SLOT_KEYS keys each in one block (a question has a dozen or two,
 * so a call takes one allocation, not one a question); a question with
 * more has memory of its own in its slot. */
#define SLOT_KEYS 64
typedef struct keywin {
	ts_keylist *ks;
	uint64_t *block;
	size_t w;
	/* the questions of the window that may be asked again (no clear
	 * reply), in order, as a ring of w: a question is compared with these
	 * only, not read again for each later one */
	struct open_q {
		size_t pair, turn;
		const ts_keylist *keys;
	} *open;
	size_t head, nopen;
} keywin;

static int keywin_init(keywin *kw, ts_qa_work *work, size_t w)
{
	kw->w = w;
	kw->head = kw->nopen = 0;
	/* in one block, the thread's: the slots' keys, the slots, the ring */
	size_t words = w * SLOT_KEYS + (w * (sizeof *kw->ks + sizeof *kw->open) + 7) / 8;
	if (TS_GROW(work->keys, work->keys_cap, words)) {
		/* (all of it set: gcc with a profile warned of the block and
		 * the ring read unset, though they are not read then) */
		kw->ks = NULL;
		kw->block = NULL;
		kw->open = NULL;
		return -1;
	}
	kw->block = work->keys;
	kw->ks = (ts_keylist *)(kw->block + w * SLOT_KEYS);
	kw->open = (struct open_q *)(kw->ks + w);
	for (size_t i = 0; i < w; i++)
		kw->ks[i] = (ts_keylist){kw->block + i * SLOT_KEYS, 0, SLOT_KEYS, 0};
	return 0;
}

static ts_keylist *keywin_set(keywin *kw, size_t slot, const ts_keyset *set)
{
	ts_keylist *l = &kw->ks[slot];
	if (set->n > SLOT_KEYS && l->k == kw->block + slot * SLOT_KEYS) {
		l->k = NULL;
		l->cap = 0;
	}
	return ts_keylist_set(l, set) ? NULL : l;
}

/* (the block stays the thread's) */
static void keywin_free(keywin *kw)
{
	for (size_t i = 0; kw->ks && i < kw->w; i++)
		if (kw->ks[i].k != kw->block + i * SLOT_KEYS)
			free(kw->ks[i].k);
}

/* The keys of pair j of qa, kept in its slot of kw (j % kw->w); lang_of:
 * the language of each turn. */
static const ts_keylist *keys_of_pair(keywin *kw, const ts_resources *res, const ts_call *call,
                                      const ts_lang *const *lang_of, const ts_qa *qa, size_t j,
                                      size_t slot)
{
	const ts_qa_question *q = &qa->questions[qa->pairs[j].question];
	const ts_turn *t = &call->turns[q->turn];
	ts_keyset set;
	ts_keys(res->tc, lang_of[q->turn], t->text + q->start, q->end - q->start, &set);
	return keywin_set(kw, slot, &set);
}

/* Re-asks: a caller question like an earlier one, in a later turn, that
 * got no clear reply.  Each question's keys are computed once and kept
 * for the TS_QA_REASK_WINDOW questions after it only: time and memory
 * stay linear in a call of any length.  They are computed when first
 * compared, or kept for later questions when they may be asked again (no
 * clear reply): a question with a clear reply and none before it that
 * may be asked again has none.  0, or TS_ENOMEM. */
static int find_reasks(const ts_resources *res, ts_qa_work *w, const ts_call *call,
                       const ts_lang *const *lang_of, ts_qa *qa)
{
	if (qa->npairs < 2)
		return 0;
	keywin kw;
	int rc = keywin_init(&kw, w, qa->npairs < TS_QA_REASK_WINDOW + 1 ? qa->npairs
	                                                               : TS_QA_REASK_WINDOW + 1);
	/* (places in the ring and the slots stepped on, not found by a
	 * remainder: a division of 64 bits an open question, and one a
	 * question's keys, waited on) */
	for (size_t j = 0, slot = 0; !rc && j < qa->npairs; j++, slot = slot + 1 < kw.w ? slot + 1 : 0) {
		size_t tj = qa->questions[qa->pairs[j].question].turn;
		const ts_keylist *kj = NULL;
		while (kw.nopen && kw.open[kw.head].pair + TS_QA_REASK_WINDOW < j) {
			kw.head = kw.head + 1 < kw.w ? kw.head + 1 : 0;
			kw.nopen--;
		}
		for (size_t o = 0, at = kw.head; o < kw.nopen; o++, at = at + 1 < kw.w ? at + 1 : 0) {
			const struct open_q *oq = &kw.open[at];
			if (oq->turn >= tj)
				continue;
			if (!kj && !(kj = keys_of_pair(&kw, res, call, lang_of, qa, j, slot))) {
				rc = -1;
				break;
			}
			if (ts_keylist_reaches(oq->keys, kj, TS_QA_REASK_THRESHOLD)) {
				qa->pairs[j].reask_of = (long)oq->pair;
				qa->reasks++;
				break;
			}
		}
		if (rc || ts_reply_clarity_in(qa->pairs[j].reply) == TS_C_CLEAR_REPLY)
			continue;
		if (!kj && !(kj = keys_of_pair(&kw, res, call, lang_of, qa, j, slot))) {
			rc = -1;
			continue;
		}
		size_t at = kw.head + kw.nopen++;  /* (both below w) */
		kw.open[at < kw.w ? at : at - kw.w] = (struct open_q){j, tj, kj};
	}
	keywin_free(&kw);
	return rc ? TS_ENOMEM : 0;
}

/* ---- the call ---- */

/* Free what has grown past TS_QA_WORK_KEEP bytes. */
#define WORK_TRIM(arr, cap)                             \
	do {                                            \
		if ((cap) * sizeof *(arr) > TS_QA_WORK_KEEP) { \
			free(arr);                      \
			(arr) = NULL;                   \
			(cap) = 0;                      \
		}                                       \
	} while (0)

static void work_trim(ts_qa_work *w)
{
	WORK_TRIM(w->turns, w->turns_cap);
	WORK_TRIM(w->all, w->all_cap);
	WORK_TRIM(w->keys, w->keys_cap);
	WORK_TRIM(w->part, w->part_cap);
	WORK_TRIM(w->hits, w->hits_cap);
	WORK_TRIM(w->defl, w->defl_cap);
	if (w->features.slot)
		ts_rfvec_trim(&w->features, TS_QA_WORK_KEEP);
}

void ts_qa_work_free(ts_qa_work *w)
{
	free(w->turns);
	free(w->all);
	free(w->keys);
	free(w->part);
	free(w->hits);
	free(w->defl);
	free(w->questions);
	free(w->pairs);
	free(w->by_speaker);
	ts_rfvec_free(&w->features);
	memset(w, 0, sizeof *w);
}

int ts_qa_call(const ts_resources *res, ts_qa_work *work, const ts_call *call,
               const ts_qa_defl *defl, size_t ndefl, ts_qa *qa, ts_error *err)
{
	memset(qa, 0, sizeof *qa);
	/* own and rcx are cleared only as far as they are read: a call
	 * cleared both whole (2.4 KB by two string stores), own when a
	 * thread's work was handed in too, and rcx's buffers of text, which
	 * its memos write before they read (memo_for, reply_cue) */
	ts_qa_work own, *w = work;
	if (!w) {
		memset(&own, 0, sizeof own);
		w = &own;
	}
	if (w->questions) {
		qa->questions = w->questions;
		qa->questions_cap = w->questions_cap;
		w->questions = NULL;
	}
	if (w->pairs) {
		qa->pairs = w->pairs;
		qa->pairs_cap = w->pairs_cap;
		w->pairs = NULL;
	}
	sentbuf sb = {0};
	signed char *shape = NULL;
	const ts_lang **lang_of = NULL;
	unsigned char *hung = NULL;
	size_t *resume = NULL;  /* ts_qa_join_resumed */
	ts_sentence *all = w->all;
	size_t allcap = w->all_cap, *sent_lo = NULL;
	reply_ctx rcx;
	memset(&rcx, 0, offsetof(reply_ctx, note_what));
	rcx.res = res;
	rcx.call = call;
	rcx.defl = defl;
	rcx.ndefl = ndefl;
	rcx.sb = &sb;
	rcx.me = -1;
	rcx.part = (ts_rpart){w->part, 0, w->part_cap};
	rcx.hits = w->hits;
	rcx.hits_cap = w->hits_cap;
	rcx.features = &w->features;
	/* the reply kept from the call before is not this call's: no reply is
	 * looked for among other calls' */
	w->features.r_valid = 0;
	int rc = 0;
	/* by speaker, in one block: questions, then sides; the block given
	 * back when it has room */
	size_t ns = call->nspeakers ? call->nspeakers : 1;
	size_t spk_bytes = ns * (sizeof *qa->by_speaker + sizeof *qa->sides);
	if (w->by_speaker && w->by_speaker_cap >= ns) {
		qa->by_speaker = w->by_speaker;
		w->by_speaker = NULL;
		memset(qa->by_speaker, 0, spk_bytes);
	} else {
		free(w->by_speaker);
		w->by_speaker = NULL;
		w->by_speaker_cap = ns;
		if (!(qa->by_speaker = calloc(1, spk_bytes))) {
			rc = ts_nomem(err);
			goto done;
		}
	}
	qa->sides = (ts_qa_side *)(qa->by_speaker + ns);
	/* per turn, in one block, not an allocation each: its language,
	 * found once for its sentences, its replies' rules and its
	 * questions' keys; where its sentences start in all, found into
	 * their place here and kept for the parts of replies (turn t's are
	 * all[sent_lo[t] .. sent_lo[t + 1])); where its deflections start
	 * in defl (defl_range: defl is sorted by turn); its shape
	 * (turn_shape); and hung[t], the call was hung up after t turns
	 * (between turns) */
	size_t nt = call->nturns;
	if (TS_GROW(w->turns, w->turns_cap,
	            nt * sizeof *lang_of + 2 * (nt + 1) * sizeof *sent_lo + nt + nt + 1)) {
		rc = ts_nomem(err);
		goto done;
	}
	lang_of = (const ts_lang **)(void *)w->turns;
	sent_lo = (size_t *)(lang_of + nt);
	size_t *defl_lo = sent_lo + nt + 1;
	shape = (signed char *)(defl_lo + nt + 1);
	hung = (unsigned char *)shape + nt;
	sent_lo[0] = 0;
	for (size_t t = 0, i = 0; t <= nt; t++) {
		while (i < ndefl && defl[i].turn < t)
			i++;
		defl_lo[t] = i;
	}
	rcx.defl_lo = defl_lo;
	memset(shape, -1, nt);
	memset(hung, 0, nt + 1);
	rcx.shape = shape;
	rcx.lang_of = lang_of;
	/* (room for a sentence a turn and more first: most turns have one,
	 * and a turn whose sentences do not fit is split again) */
	if (TS_GROW(all, allcap, call->nturns + call->nturns / 4 + 16)) {
		rc = ts_nomem(err);
		goto done;
	}
	int cut = 0;  /* a caller's question ends with a cut-off mark */
	for (size_t t = 0; t < call->nturns; t++) {
		const ts_turn *turn = &call->turns[t];
		const ts_lang *lang = lang_of[t] = res->langs->lang[ts_turn_language(res->langs, call, turn)];
		size_t n = ts_sentences_from(lang, turn->text, turn->len, turn->unmarked, all + sent_lo[t],
			                      allcap - sent_lo[t]);
		if (n > allcap - sent_lo[t]) {
			if (TS_GROW(all, allcap, sent_lo[t] + n)) {
				rc = ts_nomem(err);
				goto done;
			}
			n = ts_sentences_from(lang, turn->text, turn->len, turn->unmarked, all + sent_lo[t],
			                      allcap - sent_lo[t]);
		}
		sent_lo[t + 1] = sent_lo[t] + n;
		const ts_sentence *sn = all + sent_lo[t];
		/* a reply's turns are never the caller's */
		int replies = call->speakers[turn->speaker].role != TS_ROLE_CALLER;
		shape_acc acc = {0, 0};
		for (size_t k = 0; k < n; k++) {
			ts_qtype type;
			int q = ts_sentence_question(lang, turn->text, &sn[k], &sb.fold, &type);
			if (q < 0) {
				rc = ts_nomem(err);
				goto done;
			}
			if (replies)
				shape_add(&acc, res, turn, &sn[k], q, type);
			if (!q)
				continue;
			if (add_question(qa, t, &sn[k], type)) {
				rc = ts_nomem(err);
				goto done;
			}
			qa->by_speaker[turn->speaker]++;
			cut |= !replies && ts_cut_at_end(turn->text + sn[k].start, sn[k].end - sn[k].start);
		}
		if (replies)
			shape[t] = shape_of(&acc);
	}
	/* (only a caller's question cut off is resumed: without one, the
	 * questions' turns and speakers were read again for nothing) */
	size_t nq_read = qa->nquestions;
	if (cut && ts_qa_join_resumed(call, qa, &resume)) {
		rc = ts_nomem(err);
		goto done;
	}
	/* one respondent: replies (and their absence) are theirs */
	long sole = -1;
	for (size_t i = 0; i < call->nspeakers; i++)
		if (call->speakers[i].role == TS_ROLE_RESPONDENT)
			sole = sole == -1 ? (long)i : -2;
	for (size_t e = 0; e < call->nevents; e++)
		if (call->events[e].kind == TS_EVENT_HANGUP && !call->events[e].turn &&
		    call->events[e].after_turn <= call->nturns)
			hung[call->events[e].after_turn] = 1;
	rcx.all = all;  /* (all its sentences found: it grows no more) */
	rcx.typed_qa = qa->nquestions == nq_read ? qa : NULL;
	rcx.sent_lo = sent_lo;
	/* the pairs, one a question of the caller: made at once, not grown
	 * pair by pair */
	size_t npairs = 0;
	for (size_t i = 0; i < call->nspeakers; i++)
		if (call->speakers[i].role == TS_ROLE_CALLER)
			npairs += qa->by_speaker[i];
	if (TS_GROW(qa->pairs, qa->pairs_cap, npairs)) {
		rc = ts_nomem(err);
		goto done;
	}
	size_t first = 0, nq = 0; /* the questions of the turn being paired */
	int split = 0;            /* ... each classed by its part of the reply */
	for (size_t i = 0; i < qa->nquestions; i++) {
		const ts_qa_question *q = &qa->questions[i];
		const ts_turn *qt = &call->turns[q->turn];
		if (call->speakers[qt->speaker].role != TS_ROLE_CALLER)
			continue;
		if (TS_GROW(qa->pairs, qa->pairs_cap, qa->npairs + 1)) {
			rc = ts_nomem(err);
			goto done;
		}
		ts_qa_pair *p = &qa->pairs[qa->npairs++];
		/* each field set, not the whole pair zeroed first: why is
		 * written whole, as a string, before it is read, and zeroing its
		 * 160 bytes too took a string store at every pair */
		p->question = i;
		p->reply_turn = -1;
		p->reply = TS_R_NO_RESPONSE;
		p->reask_of = -1;
		p->why[0] = '\0';
		p->clarity = TS_C_CLEAR_REPLY;
		p->evasion = TS_EV_NONE;
		p->confidence = NAN;
		/* the reply: respondents' turns after it until the caller speaks,
		 * or after the turn that resumes the turn's last question */
		size_t from = q->turn + 1;
		if (resume) {
			size_t k = i;
			while (k + 1 < qa->nquestions && qa->questions[k + 1].turn == q->turn)
				k++;
			if (resume[k])
				from = resume[k] + 1;
		}
		size_t to = from;
		while (to < call->nturns && call->speakers[call->turns[to].speaker].role != TS_ROLE_CALLER)
			to++;
		int hangup = from <= call->nturns && hung[from];
		if (hangup || from == to) {
			p->reply_turn = -1;
			p->reply = TS_R_NO_RESPONSE;
			p->clarity = ts_reply_clarity_in(p->reply);
			snprintf(p->why, sizeof p->why, "%s",
			         hangup ? "the call was hung up before a reply"
			                : "no respondent turn before the caller spoke again");
		} else {
			if (i >= first + nq) { /* a new turn: its questions share this reply */
				first = i;
				for (nq = 1; i + nq < qa->nquestions && qa->questions[i + nq].turn == q->turn;)
					nq++;
				/* A turn of very many questions shares its reply whole:
				 * giving each its part costs questions x sentences. */
				split = nq > 1 && nq <= TS_QA_PART_MAX_QUESTIONS;
				/* (a reply shared whole: its part is made when a
				 * deflection is looked up in it, deflection_class) */
				rcx.part_q = &qa->questions[first];
				rcx.part_from = from;
				rcx.part_to = to;
				if (split && ts_rpart_build(res, call, from, to, all, sent_lo,
				                            &qa->questions[first], nq, &rcx.part)) {
					rc = ts_nomem(err);
					goto done;
				}
				rcx.part_made = split;
			}
			rcx.me = lang_of[from]->by_part && split && ts_rpart_owns(&rcx.part, (int)(i - first)) ? (int)(i - first) : -1;
			p->reply_turn = (long)from;
			p->reply = classify(&rcx, q, from, to, p->why, sizeof p->why, &p->clarity);
			if (!rcx.oom && model_applies(&rcx, from, p->reply) && model_decide(&rcx, q, from, to, p))
				rcx.oom = 1;
			if (rcx.oom) {
				rc = ts_nomem(err);
				goto done;
			}
		}
		qa->by_reply[p->reply]++;
		qa->by_clarity[p->clarity]++;
		long who = p->reply_turn >= 0 ? (long)call->turns[p->reply_turn].speaker : sole;
		if (who >= 0) {
			qa->sides[who].questions++;
			qa->sides[who].clear += p->clarity == TS_C_CLEAR_REPLY;
			qa->sides[who].deflected += ts_reply_category_in(p->reply) != TS_CAT_NONE;
		}
	}
	if (find_reasks(res, w, call, lang_of, qa))
		rc = ts_nomem(err);
done:
	w->part = rcx.part.s;
	w->part_cap = rcx.part.cap;
	w->hits = rcx.hits;
	w->hits_cap = rcx.hits_cap;
	w->all = all;
	w->all_cap = allcap;
	if (work)
		work_trim(work);
	else
		ts_qa_work_free(&own);
	ts_buf_free(&rcx.joined);
	free(rcx.rdefl);
	free(rcx.typed);
	free(resume);
	free(sb.s);
	ts_buf_free(&sb.fold);
	return rc;
}

void ts_qa_free(ts_qa *qa)
{
	free(qa->questions);
	free(qa->by_speaker);  /* (and sides) */
	free(qa->pairs);
	memset(qa, 0, sizeof *qa);
}
