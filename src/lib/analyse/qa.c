#include "config.h"

#include "analyse/qa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "analyse/qkeys.h"
#include "analyse/reply_part.h"
#include "model/backchannel.h"

/* ---- cue tables (docs/qa.md) ---- */

typedef struct cues {
	const char *const *fillers;     /* dropped from the start of a reply */
	const char *const *yesno;       /* a first clause that answers yes or no */
	const char *const *agree;       /* a clause that agrees with a tag question */
	const char *const *agree_in;    /* ... found inside one of the first clauses */
	const char *const *grant;       /* a clause that grants a request */
	const char *const *grant_in;
	const char *const *note;        /* takes a request on board without granting it */
	const char *const *stall;       /* "let me check": a reply that defers looking */
	const char *const *reformulate; /* the reply restates the question */
	const char *const *hesitation;  /* words that carry no content */
	size_t hesitation_max;          /* content units below which a broken-off reply hesitates */
	/* Class each of several questions in one turn by its part of the reply,
	 * and a long reply that deflects only in an aside as partial (see
	 * coverage): press briefings, where a reporter asks two or three
	 * questions and the answer takes them in turn.  Off in Chinese: in the
	 * reference calls several questions of a turn are one question said
	 * again, and an official leads up to a deflection at the end, so both
	 * rules moved correct replies there (reply agreement 0.886 -> 0.848). */
	int by_part;
} cues;

static const cues zh_cues = {
	.fillers = (const char *const[]){"嗯", "恩", "哦", "噢", "喔", "啊", "呃", "唉", "诶", "哎",
	                                 "怎么说呢", NULL},
	.yesno = (const char *const[]){"对", "对的", "是", "是的", "是啊", "有", "有的", "没有", "没",
	                               "不是", "不", "不对", "没错", "会", "不会", "能", "不能", "可以",
	                               "不可以", "在", "不在", "知道", "了解", "嗯对", NULL},
	.agree = (const char *const[]){"对", "对的", "是", "是的", "是啊", "没错", "好", "好的", "行",
	                               "可以", "同意", "是这样", "是这样的", "嗯对", "对啊", NULL},
	.agree_in = (const char *const[]){"说得对", "说的对", "说法是对", "是对的", "应该是这样",
	                                  "我同意", "确实是这样", "没错", NULL},
	.grant = (const char *const[]){"好", "好的", "行", "可以", "没问题", "您说", "您说吧", "你说",
	                               "你说吧", "说吧", "请说", "当然", "当然可以", NULL},
	.grant_in = (const char *const[]){"您说吧", "你说吧", "没问题", "可以的", "我会转达",
	                                  "我帮你转达", NULL},
	.note = (const char *const[]){"记下来", "记下了", "记一下", "我会考虑", "我们会考虑", NULL},
	.stall = (const char *const[]){"看一眼", "看一下", "查一下", "我看看", "我查查", "稍等",
	                               "等一下", NULL},
	.reformulate = (const char *const[]){"相当于", "也就是说", "您的意思是", "你的意思是",
	                                     "换句话说", "您是说", "你是说", NULL},
	.hesitation = (const char *const[]){"这个", "那个", "就是说", "就是", "呃", "嗯", "啊", "那",
	                                    "就", "您说的", "你说的", "怎么说呢", "我想想", NULL},
	.hesitation_max = 4,
	.by_part = 0,
};

static const cues en_cues = {
	.fillers = (const char *const[]){"well", "um", "uh", "so", "look", "i mean", "you know", "oh",
	                                 "ah", "okay", "ok", "listen", NULL},
	.yesno = (const char *const[]){"yes", "yeah", "yep", "no", "nope", "correct", "right",
	                               "that's right", "that's correct", "absolutely", "sure",
	                               "of course", "not at all", "certainly", "definitely", "indeed",
	                               "not yet", "i do", "i don't", "he did", "he didn't", "she did",
	                               "she didn't", "they did", "they didn't", "we did", "we didn't",
	                               "it is", "it isn't", "it was", "it wasn't", "he has", "he hasn't",
	                               "we have", "we haven't", "they have", "they haven't", "i have",
	                               "i haven't", "there is", "there isn't", "there are",
	                               "there aren't", "he will", "he won't", "we will", "we won't",
	                               NULL},
	.agree = (const char *const[]){"yes", "yeah", "right", "that's right", "that is right",
	                               "that's correct", "that is correct", "correct", "exactly",
	                               "i agree", "fair enough", "true", "that's true", "absolutely",
	                               "sure", "indeed", "that's fair", NULL},
	.agree_in = (const char *const[]){"i agree", "that's right", "that's true", "that's fair",
	                                  "you're right", NULL},
	.grant = (const char *const[]){"sure", "of course", "go ahead", "yes", "yeah", "okay",
	                               "absolutely", "certainly", "please", "happy to", NULL},
	.grant_in = (const char *const[]){"go ahead", "happy to", "i'll do that", "i will do that",
	                                  "i'd be happy to", NULL},
	.note = (const char *const[]){"take note", "noted", "i'll take that back", "i'll pass that on",
	                              "i'll look into", "i'll check", NULL},
	.stall = (const char *const[]){"let me check", "let me look", "hold on", "one second",
	                               "give me a second", "bear with me", NULL},
	.reformulate = (const char *const[]){"so you're saying", "in other words",
	                                     "what you're saying is", "you mean", "you're asking",
	                                     NULL},
	.hesitation = (const char *const[]){"well", "um", "uh", "i", "the", "that", "so", "you", "know",
	                                    "mean", "look", "it's", NULL},
	.hesitation_max = 2,
	.by_part = 1,
};

static int starts_ci(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	if (m > n)
		return 0;
	for (size_t i = 0; i < m; i++) {
		char a = s[i], b = p[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a + 32);
		if (a != b && !(b == '\'' && (unsigned char)a == 0xE2))
			return 0;
	}
	return 1;
}

static const char *find_ci(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);
	for (size_t i = 0; i + m <= n; i++)
		if (starts_ci(s + i, n - i, p))
			return s + i;
	return NULL;
}

/* Clause marks: CJK and Latin punctuation that ends a clause. */
static size_t clause_mark(const char *s, size_t n)
{
	static const char *const marks[] = {"，", "。", "？", "！", "、", "；", "：", "…", "——",
	                                    ",", ".", "?", "!", ";", ":", NULL};
	/* every mark starts with one of these bytes: most text leaves here */
	unsigned char c = n ? (unsigned char)s[0] : 0;
	if (c != 0xEF && c != 0xE3 && c != 0xE2 && c != ',' && c != '.' && c != '?' && c != '!' &&
	    c != ';' && c != ':')
		return 0;
	for (size_t k = 0; marks[k]; k++) {
		size_t m = strlen(marks[k]);
		if (n >= m && !memcmp(s, marks[k], m))
			return m;
	}
	return 0;
}

static size_t skip_space_marks(const char *s, size_t n, size_t i)
{
	for (;;) {
		size_t k = ts_skip_blanks(s + i, n - i);
		i += k;
		size_t m = i < n ? clause_mark(s + i, n - i) : 0;
		if (!k && !m)
			return i;
		i += m;
	}
}

/* The start of the reply after fillers ("嗯，", "Well, "). */
static size_t after_fillers(const cues *c, const char *s, size_t n)
{
	size_t i = skip_space_marks(s, n, 0);
	for (int again = 1; again;) {
		again = 0;
		for (size_t k = 0; c->fillers[k]; k++) {
			size_t m = strlen(c->fillers[k]);
			if (starts_ci(s + i, n - i, c->fillers[k])) {
				size_t j = i + m;
				/* a Latin filler must end a word */
				if (j < n && ((s[j] | 32) >= 'a' && (s[j] | 32) <= 'z'))
					continue;
				i = skip_space_marks(s, n, j);
				again = 1;
				break;
			}
		}
	}
	return i;
}

/* The clause starting at s[i]: its end (exclusive). */
static size_t clause_end(const char *s, size_t n, size_t i)
{
	while (i < n && !clause_mark(s + i, n - i))
		i++;
	return i;
}

/* Whether clause s[0..n) is one of list, or one of them said again
 * ("对对对", "没有没有"). */
static int clause_is(const char *const *list, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' '))
		n--;
	for (size_t k = 0; list[k]; k++) {
		size_t m = strlen(list[k]);
		if (!m || n % m)
			continue;
		size_t i = 0;
		while (i < n && starts_ci(s + i, n - i, list[k]))
			i += m;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Whether the first clause is in list (exactly), or one of the first
 * `count` clauses holds one of `inside`; the match is copied into `what`.
 * Only the first clause can be a bare token: "是这样" opening a reply
 * agrees, "因为，是这样，…" introduces an explanation. */
static int first_clauses(const cues *c, const char *s, size_t n, int count,
                         const char *const *list, const char *const *inside, char *what,
                         size_t cap)
{
	size_t i = after_fillers(c, s, n);
	for (int k = 0; k < count && i < n; k++) {
		size_t e = clause_end(s, n, i);
		if (list && k == 0 && clause_is(list, s + i, e - i)) {
			snprintf(what, cap, "%.*s", (int)(e - i), s + i);
			return 1;
		}
		for (size_t x = 0; inside && inside[x]; x++)
			if (find_ci(s + i, e - i, inside[x])) {
				snprintf(what, cap, "%s", inside[x]);
				return 1;
			}
		i = skip_space_marks(s, n, e);
	}
	return 0;
}

static int contains_cue(const char *s, size_t n, const char *const *list, char *what, size_t cap)
{
	for (size_t k = 0; list[k]; k++)
		if (find_ci(s, n, list[k])) {
			snprintf(what, cap, "%s", list[k]);
			return 1;
		}
	return 0;
}

/* Content left in a reply without its hesitation words: CJK characters,
 * or Latin words. */
static size_t content(const ts_textclass *tc, const cues *c, const char *s, size_t n, int chars)
{
	char buf[512];
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < sizeof buf;) {
		size_t skip = 0;
		for (size_t k = 0; c->hesitation[k] && !skip; k++) {
			size_t m = strlen(c->hesitation[k]);
			int word_start = chars || i == 0 || !(((s[i - 1] | 32) >= 'a' && (s[i - 1] | 32) <= 'z'));
			int word_end = chars || i + m >= n || !(((s[i + m] | 32) >= 'a' && (s[i + m] | 32) <= 'z') || s[i + m] == '\'');
			if (word_start && word_end && starts_ci(s + i, n - i, c->hesitation[k]))
				skip = m;
		}
		if (skip) {
			buf[o++] = ' ';
			i += skip;
		} else {
			buf[o++] = s[i++];
		}
	}
	ts_counts cnt;
	ts_count(tc, buf, o, &cnt);
	return chars ? cnt.chars : cnt.words;
}

/* ---- questions ---- */

static int add_question(ts_qa *qa, size_t turn, const ts_sentence *s, ts_qtype type)
{
	if (TS_GROW(qa->questions, qa->questions_cap, qa->nquestions + 1))
		return TS_ENOMEM;
	qa->questions[qa->nquestions++] = (ts_qa_question){turn, s->start, s->end, type, s->marked};
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
	size_t n = ts_sentences(lang, t->text, t->len, b->s, b->cap);
	if (n > b->cap) {
		if (TS_GROW(b->s, b->cap, n))
			return TS_ENOMEM;
		n = ts_sentences(lang, t->text, t->len, b->s, b->cap);
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
	sentbuf *sb;
	signed char *shape;  /* per turn, computed once: see turn_shape */
	ts_rpart part;       /* the reply's sentences and which question each bears on */
	int me;              /* the question's index in its turn, -1: it has the whole reply */
	unsigned char *hits; /* coverage: per sentence of part, holds a deflection */
	size_t hits_cap;
	int oom;             /* working memory ran out while classing */
	/* What all questions of one turn share (with no parts), found once:
	 * a turn of thousands of questions must not search its reply as
	 * often.  For the reply that starts at turn memo_from - 1. */
	size_t memo_from;
	int note, stall;     /* cue found in the reply's first turn: 1, 0; -1 unknown */
	char note_what[96], stall_what[96];
	int whole_known;     /* whole: the deflections of the whole reply */
	struct part_defl {
		int d;                /* deflection class (0-based category), -1: none */
		size_t count, total;  /* matches of that class, all matches */
		size_t nsent, dsent, at;  /* coverage, when d >= 0 */
	} whole;
} reply_ctx;

/* Forget the memos when the reply changes. */
static void memo_for(reply_ctx *rc, size_t from)
{
	if (rc->memo_from == from + 1)
		return;
	rc->memo_from = from + 1;
	rc->note = rc->stall = -1;
	rc->whole_known = 0;
}

/* contains_cue over the reply's first turn, once per reply. */
static int reply_cue(int *known, char *memo, const char *s, size_t n, const char *const *list,
                     char *what, size_t cap)
{
	if (*known < 0)
		*known = contains_cue(s, n, list, memo, 96);
	if (*known)
		snprintf(what, cap, "%s", memo);
	return *known;
}

/* What a turn's sentences are, for the counter-question rule: 1 when it has
 * questions (not tags) and nothing else but backchannels, 2 when it has
 * neither, 0 otherwise.  Cached: questions in one turn share a reply. */
static int turn_shape(reply_ctx *rc, size_t t)
{
	if (rc->shape[t] >= 0)
		return rc->shape[t];
	const ts_turn *turn = &rc->call->turns[t];
	const ts_lang *lang = rc->res->langs->lang[ts_turn_language(rc->res->langs, rc->call, turn)];
	size_t questions = 0, other = 0;
	if (sentences_of(turn, lang, rc->sb))
		rc->oom = 1;
	else {
		for (size_t k = 0; k < rc->sb->n && !other; k++) {
			const ts_sentence *s = &rc->sb->s[k];
			ts_qtype type;
			int q = ts_question(lang, turn->text, s, &rc->sb->fold, &type);
			rc->oom |= q < 0;
			if (q > 0 && type != TS_Q_TAG)
				questions++;
			else if (!ts_backchannel_is(rc->res->bc, rc->res->tc, turn->text + s->start,
			                            s->end - s->start))
				other++;
		}
	}
	rc->shape[t] = (signed char)(other ? 0 : questions ? 1 : 2);
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

/* The deflections in turns [from, to): defl[*lo, *hi), found by binary
 * search (defl is sorted by turn), so that a call's replies take time in
 * proportion to their own deflections, not the call's. */
static void defl_range(const reply_ctx *rc, size_t from, size_t to, size_t *lo, size_t *hi)
{
	size_t bound[2] = {from, to};
	for (int k = 0; k < 2; k++) {
		size_t a = k ? *lo : 0, b = rc->ndefl;
		while (a < b) {
			size_t m = a + (b - a) / 2;
			if (rc->defl[m].turn < bound[k])
				a = m + 1;
			else
				b = m;
		}
		*(k ? hi : lo) = a;
	}
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
	*pd = (struct part_defl){-1, 0, 0, 0, 0, 0};
	pd->d = deflection_class(rc, from, to, &pd->count, &pd->total);
	if (pd->d >= 0)
		coverage(rc, from, to, &pd->nsent, &pd->dsent, &pd->at);
	if (rc->me < 0) {
		rc->whole = *pd;
		rc->whole_known = 1;
	}
}

/* A long reply that answers first and deflects only in an aside ("... And
 * we can get you the code") addresses the question in part: at least this
 * many sentences, at most one in PARTIAL_SHARE deflecting, none of the
 * opening two (the opening sets a reply's stance). */
#define PARTIAL_MIN_SENTENCES 5
#define PARTIAL_SHARE 5

/* Class the reply (turns [from, to)) to a question of `type`. */
static ts_reply classify(reply_ctx *rc, const ts_qa_question *q, size_t from, size_t to,
                         char *why, size_t cap)
{
	const ts_call *call = rc->call;
	const ts_turn *first = &call->turns[from];
	const ts_lang *lang = rc->res->langs->lang[ts_turn_language(rc->res->langs, call, first)];
	const cues *c = lang->unit == TS_UNIT_CHARS ? &zh_cues : &en_cues;
	const char *s = first->text;
	size_t n = first->len;
	char what[96] = "";
	memo_for(rc, from);

	if (only_questions(rc, from, to)) {
		snprintf(why, cap, "the reply is a question back");
		return TS_R_COUNTER_QUESTION;
	}
	if (q->type == TS_Q_TAG) {
		if (first_clauses(c, s, n, 3, c->agree, c->agree_in, what, sizeof what)) {
			snprintf(why, cap, "agrees with the tag question: '%s'", what);
			return TS_R_AGREE;
		}
	} else if (q->type != TS_Q_WH && q->type != TS_Q_REQUEST) {
		if (first_clauses(c, s, n, 1, c->yesno, NULL, what, sizeof what)) {
			snprintf(why, cap, "direct yes/no: '%s'", what);
			return TS_R_ANSWER;
		}
	}
	/* "好的" grants a request before it is a backchannel */
	if (q->type == TS_Q_REQUEST) {
		if (first_clauses(c, s, n, 2, c->grant, c->grant_in, what, sizeof what)) {
			snprintf(why, cap, "grants the request: '%s'", what);
			return TS_R_ANSWER;
		}
		if (reply_cue(&rc->note, rc->note_what, s, n, c->note, what, sizeof what)) {
			snprintf(why, cap, "takes the request on board without granting it: '%s'", what);
			return TS_R_PARTIAL;
		}
	}
	int all_bc = 1;
	for (size_t t = from; t < to; t++)
		all_bc &= call->turns[t].backchannel != 0;
	if (all_bc) {
		snprintf(why, cap, "only backchannel tokens");
		return TS_R_BACKCHANNEL;
	}
	/* "这个……就是说……": hesitation that breaks off */
	int broken = n >= 3 && (!memcmp(s + n - 3, "…", 3) || !memcmp(s + n - 3, "...", 3));
	if (to - from == 1 && broken && content(rc->res->tc, c, s, n, lang->unit == TS_UNIT_CHARS) <= c->hesitation_max) {
		snprintf(why, cap, "hesitates and breaks off");
		return TS_R_NONCOMMITTAL;
	}
	if (q->type == TS_Q_TAG) {
		snprintf(why, cap, "tag question neither agreed with nor acknowledged");
		return TS_R_PARTIAL;
	}
	struct part_defl pd;
	part_deflections(rc, from, to, &pd);
	const char *part = rc->me >= 0 ? " in its part of the reply" : "";
	if (pd.d >= 0) {
		const char *name = ts_reply_name(ts_category_reply((ts_category)pd.d));
		if (lang->by_part && pd.nsent >= PARTIAL_MIN_SENTENCES &&
		    pd.dsent * PARTIAL_SHARE <= pd.nsent && pd.at >= 2) {
			snprintf(why, cap, "deflects (%s) in %zu of %zu sentences%s, after answering", name,
			         pd.dsent, pd.nsent, part);
			return TS_R_PARTIAL;
		}
		snprintf(why, cap, "deflection: %s (%zu of %zu matches%s%s)", name, pd.count, pd.total,
		         pd.count * 2 == pd.total ? ", the later on a tie" : "", part);
		return ts_category_reply((ts_category)pd.d);
	}
	if (q->type == TS_Q_REQUEST) {
		snprintf(why, cap, "request neither granted nor refused");
		return TS_R_PARTIAL;
	}
	if (reply_cue(&rc->stall, rc->stall_what, s, n, c->stall, what, sizeof what)) {
		snprintf(why, cap, "stalls: '%s'", what);
		return TS_R_PARTIAL;
	}
	size_t k = after_fillers(c, s, n);
	for (size_t x = 0; c->reformulate[x]; x++)
		if (starts_ci(s + k, n - k, c->reformulate[x])) {
			snprintf(why, cap, "restates the question: '%s'", c->reformulate[x]);
			return TS_R_PARTIAL;
		}
	snprintf(why, cap, "a substantive reply without deflection%s", part);
	return TS_R_ANSWER;
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

/* ---- the call ---- */

int ts_qa_call(const ts_resources *res, const ts_call *call, const ts_qa_defl *defl, size_t ndefl,
               ts_qa *qa, ts_error *err)
{
	memset(qa, 0, sizeof *qa);
	sentbuf sb = {0};
	signed char *shape = NULL;
	unsigned char *hung = NULL;
	reply_ctx rcx = {.res = res, .call = call, .defl = defl, .ndefl = ndefl, .sb = &sb, .me = -1};
	int rc = 0;
	qa->by_speaker = calloc(call->nspeakers ? call->nspeakers : 1, sizeof *qa->by_speaker);
	qa->sides = calloc(call->nspeakers ? call->nspeakers : 1, sizeof *qa->sides);
	if (!qa->by_speaker || !qa->sides) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t t = 0; t < call->nturns; t++) {
		const ts_turn *turn = &call->turns[t];
		const ts_lang *lang = res->langs->lang[ts_turn_language(res->langs, call, turn)];
		if (sentences_of(turn, lang, &sb)) {
			rc = ts_nomem(err);
			goto done;
		}
		for (size_t k = 0; k < sb.n; k++) {
			ts_qtype type;
			int q = ts_question(lang, turn->text, &sb.s[k], &sb.fold, &type);
			if (q < 0) {
				rc = ts_nomem(err);
				goto done;
			}
			if (!q)
				continue;
			if (add_question(qa, t, &sb.s[k], type)) {
				rc = ts_nomem(err);
				goto done;
			}
			qa->by_speaker[turn->speaker]++;
		}
	}
	/* one respondent: replies (and their absence) are theirs */
	long sole = -1;
	for (size_t i = 0; i < call->nspeakers; i++)
		if (call->speakers[i].role == TS_ROLE_RESPONDENT)
			sole = sole == -1 ? (long)i : -2;
	shape = malloc(call->nturns ? call->nturns : 1);
	if (!shape) {
		rc = ts_nomem(err);
		goto done;
	}
	memset(shape, -1, call->nturns ? call->nturns : 1);
	rcx.shape = shape;
	/* hung[t]: the call was hung up after t turns (between turns) */
	if (!(hung = calloc(call->nturns + 1, 1))) {
		rc = ts_nomem(err);
		goto done;
	}
	for (size_t e = 0; e < call->nevents; e++)
		if (call->events[e].kind == TS_EVENT_HANGUP && !call->events[e].turn &&
		    call->events[e].after_turn <= call->nturns)
			hung[call->events[e].after_turn] = 1;
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
		memset(p, 0, sizeof *p);
		p->question = i;
		p->reask_of = -1;
		/* the reply: respondents' turns after it until the caller speaks */
		size_t from = q->turn + 1, to = from;
		while (to < call->nturns && call->speakers[call->turns[to].speaker].role != TS_ROLE_CALLER)
			to++;
		int hangup = from <= call->nturns && hung[from];
		if (hangup || from == to) {
			p->reply_turn = -1;
			p->reply = TS_R_NO_RESPONSE;
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
				if (ts_rpart_build(res, call, from, to, &qa->questions[first], split ? nq : 1,
				                   &rcx.part)) {
					rc = ts_nomem(err);
					goto done;
				}
			}
			const ts_lang *lang = res->langs->lang[ts_turn_language(res->langs, call, &call->turns[from])];
			rcx.me = lang->by_part && split && ts_rpart_owns(&rcx.part, (int)(i - first)) ? (int)(i - first) : -1;
			p->reply_turn = (long)from;
			p->reply = classify(&rcx, q, from, to, p->why, sizeof p->why);
			if (rcx.oom) {
				rc = ts_nomem(err);
				goto done;
			}
		}
		qa->by_reply[p->reply]++;
		qa->by_clarity[ts_reply_clarity(p->reply)]++;
		long who = p->reply_turn >= 0 ? (long)call->turns[p->reply_turn].speaker : sole;
		if (who >= 0) {
			qa->sides[who].questions++;
			qa->sides[who].clear += ts_reply_clarity(p->reply) == TS_C_CLEAR_REPLY;
			qa->sides[who].deflected += ts_reply_category(p->reply) != TS_CAT_NONE;
		}
	}
	/* Re-asks: a caller question like an earlier one, in a later turn, that
	 * got no clear reply.  Each question's keys are computed once and kept
	 * for the TS_QA_REASK_WINDOW questions after it only: time and memory
	 * stay linear in a call of any length. */
	if (qa->npairs > 1) {
		size_t w = qa->npairs < TS_QA_REASK_WINDOW + 1 ? qa->npairs : TS_QA_REASK_WINDOW + 1;
		ts_keyset *ks = malloc(w * sizeof *ks);
		if (!ks) {
			rc = ts_nomem(err);
			goto done;
		}
		for (size_t j = 0; j < qa->npairs; j++) {
			const ts_qa_question *qj = &qa->questions[qa->pairs[j].question];
			const ts_turn *t = &call->turns[qj->turn];
			ts_keys(res->tc, res->langs->lang[ts_turn_language(res->langs, call, t)],
			        t->text + qj->start, qj->end - qj->start, &ks[j % w]);
			for (size_t i = j > TS_QA_REASK_WINDOW ? j - TS_QA_REASK_WINDOW : 0; i < j; i++) {
				const ts_qa_question *qi = &qa->questions[qa->pairs[i].question];
				if (qi->turn >= qj->turn ||
				    ts_reply_clarity(qa->pairs[i].reply) == TS_C_CLEAR_REPLY)
					continue;
				if (ts_keys_overlap(&ks[i % w], &ks[j % w]) >= TS_QA_REASK_THRESHOLD) {
					qa->pairs[j].reask_of = (long)i;
					qa->reasks++;
					break;
				}
			}
		}
		free(ks);
	}
done:
	ts_rpart_free(&rcx.part);
	free(rcx.hits);
	free(hung);
	free(shape);
	free(sb.s);
	ts_buf_free(&sb.fold);
	return rc;
}

void ts_qa_free(ts_qa *qa)
{
	free(qa->questions);
	free(qa->by_speaker);
	free(qa->pairs);
	free(qa->sides);
	memset(qa, 0, sizeof *qa);
}
