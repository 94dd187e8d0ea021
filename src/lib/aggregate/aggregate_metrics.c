/* What aggregation measures: a call record read into numbers, and the
 * per-call, per-side and pooled quantities computed from it.  A metric is
 * one row of a table in aggregate.h plus one line here. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "aggregate/aggregate.h"
#include "base/buf.h"
#include "base/diag.h"

#define TS_X_NAME2(id, name) name,
#define TS_X_NAME3(id, name, subj) name,
#define TS_X_SUBJ3(id, name, subj) subj,
const char *const ts_side_metric_name[S_COUNT] = {TS_SIDE_METRICS(TS_X_NAME2)};
const char *const ts_call_metric_name[C_COUNT] = {TS_CALL_METRICS(TS_X_NAME3)};
const int ts_call_metric_subject[C_COUNT] = {TS_CALL_METRICS(TS_X_SUBJ3)};
const char *const ts_rate_name[R_COUNT] = {TS_RATES(TS_X_NAME3)};
const int ts_rate_subject[R_COUNT] = {TS_RATES(TS_X_SUBJ3)};

/* ---- reading ---- */

typedef struct rd {
	const char *file;
	long line;
	ts_error *err;
} rd;

/* Where a field sits, formatted only for an error message:
 * a[idx].b.key ("speakers[0].turns", "deflections.by_speaker.X.total"). */
typedef struct where {
	const char *a;
	long idx;            /* -1: none */
	const char *b;       /* NULL: none */
} where;

static const where TOP = {"", -1, NULL};

static int bad(rd *r, const where *w, const char *key, const char *what)
{
	char idx[32] = "";
	if (w->idx >= 0)
		snprintf(idx, sizeof idx, "[%ld]", w->idx);
	return ts_fail(r->err, TS_EINPUT, r->file, r->line, 0, "call record: '%.100s%s%s%.200s%s%.100s' %s",
	               w->a, idx, w->b ? "." : "", w->b ? w->b : "", *w->a && key ? "." : "",
	               key ? key : "", what);
}

/* A count or measure: absent or null -> NaN; a finite number; else error. */
static int num(rd *r, const cJSON *obj, const char *key, const where *w, double *out)
{
	*out = NAN;
	const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return bad(r, w, key, "is not a number");
	*out = v->valuedouble;
	return 0;
}

/* An object member that must be an object when present. */
static int object(rd *r, const cJSON *obj, const char *key, const where *w, const cJSON **out)
{
	*out = NULL;
	const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsObject(v))
		return bad(r, w, key, "is not an object");
	*out = v;
	return 0;
}

/* counts[i] = obj[names[i]], 0 when absent (every class is listed in a
 * section, zero included, but a missing one is no reason to fail). */
static int counts(rd *r, const cJSON *obj, const char *const *names, size_t n, const where *w,
                  double *out)
{
	for (size_t i = 0; i < n; i++) {
		if (num(r, obj, names[i], w, &out[i]))
			return TS_EINPUT;
		if (isnan(out[i]))
			out[i] = 0;
	}
	return 0;
}

static int read_speakers(rd *r, agg_rec *rec, const cJSON *arr)
{
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (TS_GROW(rec->sp, rec->capsp, n ? n : 1))
		return ts_nomem(r->err);
	size_t i = 0;
	for (const cJSON *s = arr->child; s; s = s->next, i++) {
		agg_speaker *sp = &rec->sp[i];
		memset(sp, 0, sizeof *sp);
		where w = {"speakers", (long)i, NULL};
		if (!cJSON_IsObject(s))
			return bad(r, &w, NULL, "is not an object");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "speaker");
		const cJSON *role = cJSON_GetObjectItemCaseSensitive(s, "role");
		if (!cJSON_IsString(id))
			return bad(r, &w, "speaker", "is not a string");
		sp->id = id->valuestring;
		if (!cJSON_IsString(role) ||
		    (strcmp(role->valuestring, "caller") && strcmp(role->valuestring, "respondent")))
			return bad(r, &w, "role", "is not 'caller' or 'respondent'");
		sp->role = strcmp(role->valuestring, "caller") ? TS_ROLE_RESPONDENT : TS_ROLE_CALLER;
		static const char *const fields[] = {"turns", "length", "seconds", "longest_turn",
		                                     "longest_monologue", "backchannels"};
		double *dst[] = {&sp->turns, &sp->length, &sp->seconds, &sp->longest_turn,
		                 &sp->longest_monologue, &sp->backchannels};
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
			if (num(r, s, fields[f], &w, dst[f]))
				return TS_EINPUT;
		sp->defl_total = sp->questions = NAN;
		for (size_t c = 0; c < TS_NDEFL; c++)
			sp->defl_cat[c] = NAN;
	}
	rec->nsp = i;
	return 0;
}

static int read_deflections(rd *r, agg_rec *rec, const cJSON *d)
{
	const cJSON *cat, *bysp;
	const where w = {"deflections", -1, NULL}, wc = {"deflections.by_category", -1, NULL};
	if (num(r, d, "total", &w, &rec->defl_total) ||
	    num(r, d, "hangups", &w, &rec->defl_hangups) ||
	    object(r, d, "by_category", &w, &cat) ||
	    counts(r, cat, ts_category_names, TS_NDEFL, &wc, rec->defl_cat) ||
	    object(r, d, "by_speaker", &w, &bysp))
		return TS_EINPUT;
	rec->has_defl = 1;
	for (size_t i = 0; i < rec->nsp; i++) {
		agg_speaker *sp = &rec->sp[i];
		const cJSON *one = bysp ? cJSON_GetObjectItemCaseSensitive(bysp, sp->id) : NULL;
		sp->defl_total = 0;
		for (size_t c = 0; c < TS_NDEFL; c++)
			sp->defl_cat[c] = 0;
		if (!one)
			continue;  /* no matches of this speaker */
		const where ws = {"deflections.by_speaker", -1, sp->id};
		if (!cJSON_IsObject(one))
			return bad(r, &ws, NULL, "is not an object");
		const cJSON *oc;
		if (num(r, one, "total", &ws, &sp->defl_total) ||
		    object(r, one, "by_category", &ws, &oc))
			return TS_EINPUT;
		char p[600];
		snprintf(p, sizeof p, "%.500s.by_category", sp->id);
		const where wsc = {"deflections.by_speaker", -1, p};
		if (counts(r, oc, ts_category_names, TS_NDEFL, &wsc, sp->defl_cat))
			return TS_EINPUT;
	}
	return 0;
}

static int read_qa(rd *r, agg_rec *rec, const cJSON *qa)
{
	const cJSON *q, *byq, *reply, *clar;
	const where w = {"qa", -1, NULL}, wq = {"qa.questions", -1, NULL};
	const where wr = {"qa.by_reply", -1, NULL}, wcl = {"qa.by_clarity", -1, NULL};
	const where wbs = {"qa.questions.by_speaker", -1, NULL};
	if (object(r, qa, "questions", &w, &q) ||
	    num(r, q, "total", &wq, &rec->q_total) ||
	    num(r, q, "marked", &wq, &rec->q_marked) ||
	    object(r, q, "by_speaker", &wq, &byq) ||
	    object(r, qa, "by_reply", &w, &reply) ||
	    object(r, qa, "by_clarity", &w, &clar) ||
	    num(r, qa, "reasks", &w, &rec->reasks) ||
	    counts(r, reply, ts_reply_names, TS_NREPLY, &wr, rec->reply))
		return TS_EINPUT;
	rec->has_qa = 1;
	if (clar) {
		if (counts(r, clar, ts_clarity_names, TS_NCLARITY, &wcl, rec->clarity))
			return TS_EINPUT;
		if (!reply) {
			/* only the three classes: the pairs are their sum */
			for (size_t i = 0; i < TS_NREPLY; i++)
				rec->reply[i] = NAN;
		}
	} else {
		for (size_t i = 0; i < TS_NCLARITY; i++)
			rec->clarity[i] = 0;
		for (size_t i = 0; i < TS_NREPLY; i++)
			rec->clarity[ts_reply_clarity((ts_reply)i)] += rec->reply[i];
	}
	for (size_t i = 0; i < rec->nsp; i++) {
		agg_speaker *sp = &rec->sp[i];
		if (num(r, byq, sp->id, &wbs, &sp->questions))
			return TS_EINPUT;
		if (isnan(sp->questions))
			sp->questions = 0;
	}
	return 0;
}

int ts_agg_rec_read(agg_rec *rec, const cJSON *call, const char *file, long line,
                    const char *dflt, ts_error *err)
{
	rd r = {file, line, err};
	agg_speaker *keep = rec->sp;
	size_t keepcap = rec->capsp;
	memset(rec, 0, sizeof *rec);
	rec->sp = keep;
	rec->capsp = keepcap;
	rec->source = dflt ? dflt : file;
	rec->turns_total = rec->switches = rec->hangup_events = NAN;
	if (!cJSON_IsObject(call))
		return ts_fail(err, TS_EINPUT, file, line, 0, "not a call record (a JSON object)");
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(call, "source");
	if (cJSON_IsString(src))
		rec->source = src->valuestring;
	const cJSON *meta, *turns, *defl, *qa;
	const where wt = {"turns", -1, NULL};
	if (object(&r, call, "meta", &TOP, &meta) ||
	    object(&r, call, "turns", &TOP, &turns) ||
	    num(&r, turns, "total", &wt, &rec->turns_total) ||
	    num(&r, turns, "switches", &wt, &rec->switches) ||
	    object(&r, call, "deflections", &TOP, &defl) ||
	    object(&r, call, "qa", &TOP, &qa))
		return TS_EINPUT;
	rec->meta = meta;
	const cJSON *sp = cJSON_GetObjectItemCaseSensitive(call, "speakers");
	if (sp && !cJSON_IsNull(sp)) {
		if (!cJSON_IsArray(sp))
			return bad(&r, &TOP, "speakers", "is not an array");
		if (read_speakers(&r, rec, sp))
			return err ? err->code : TS_EINPUT;
	} else {
		rec->nsp = (size_t)-1;  /* no speakers section */
	}
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(call, "events");
	if (cJSON_IsArray(ev)) {
		rec->hangup_events = 0;
		for (const cJSON *e = ev->child; e; e = e->next) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "kind");
			rec->hangup_events += cJSON_IsString(k) && !strcmp(k->valuestring, "hangup");
		}
	} else if (ev && !cJSON_IsNull(ev)) {
		return bad(&r, &TOP, "events", "is not an array");
	}
	size_t nsp = rec->nsp;
	if (nsp == (size_t)-1)
		rec->nsp = 0;
	if (defl && read_deflections(&r, rec, defl))
		return err ? err->code : TS_EINPUT;
	if (qa && read_qa(&r, rec, qa))
		return err ? err->code : TS_EINPUT;
	rec->nsp = nsp;
	return 0;
}

/* ---- values ---- */

static int has_speakers(const agg_rec *rec)
{
	return rec->nsp != (size_t)-1;
}

static double pairs_of(const agg_rec *rec)
{
	double n = 0;
	if (!isnan(rec->reply[0])) {
		for (size_t i = 0; i < TS_NREPLY; i++)
			n += rec->reply[i];
	} else {
		for (size_t i = 0; i < TS_NCLARITY; i++)
			n += rec->clarity[i];
	}
	return n;
}

static double deflected_of(const agg_rec *rec)
{
	double n = 0;
	for (size_t i = 0; i < TS_NREPLY; i++)
		if (ts_reply_category((ts_reply)i) != TS_CAT_NONE)
			n += rec->reply[i];
	return n;  /* NaN when only the CLARITY classes are known */
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

void ts_agg_call_values(const agg_rec *rec, double v[C_COUNT])
{
	for (size_t i = 0; i < C_COUNT; i++)
		v[i] = NAN;
	if (has_speakers(rec)) {
		v[C_SPEAKERS] = (double)rec->nsp;
		v[C_LENGTH] = v[C_SECONDS] = 0;
		for (size_t i = 0; i < rec->nsp; i++) {
			v[C_LENGTH] += rec->sp[i].length;   /* NaN stays NaN */
			v[C_SECONDS] += rec->sp[i].seconds;
		}
	}
	v[C_TURNS] = rec->turns_total;
	v[C_SWITCHES] = rec->switches;
	v[C_HANGUP_EVENTS] = rec->hangup_events;
	if (rec->has_defl) {
		v[C_DEFL] = rec->defl_total;
		for (size_t c = 0; c < TS_NDEFL; c++)
			v[C_DEFL_REFERRAL + c] = rec->defl_cat[c];
		v[C_HANGUPS] = rec->defl_hangups;
	}
	if (rec->has_qa) {
		double pairs = pairs_of(rec);
		v[C_QUESTIONS] = rec->q_total;
		v[C_MARKED] = rec->q_marked;
		v[C_PAIRS] = pairs;
		v[C_RESPONSIVENESS] = ratio(rec->clarity[0], pairs);
		v[C_DEFLECTED] = ratio(deflected_of(rec), pairs);
		v[C_REASKS] = rec->reasks;
	}
}

void ts_agg_side_values(const agg_rec *rec, int role, const char *speaker, double v[S_COUNT])
{
	for (size_t i = 0; i < S_COUNT; i++)
		v[i] = NAN;
	if (!has_speakers(rec))
		return;
	double all = 0;
	int found = 0;
	double turns = 0, length = 0, seconds = 0, lt = 0, lm = 0, bc = 0, defl = 0, q = 0;
	double cat[TS_NDEFL] = {0};
	for (size_t i = 0; i < rec->nsp; i++) {
		const agg_speaker *sp = &rec->sp[i];
		all += sp->length;
		if ((role >= 0 && sp->role != role) || (speaker && strcmp(sp->id, speaker)))
			continue;
		found = 1;
		turns += sp->turns;
		length += sp->length;
		seconds += sp->seconds;
		/* a NaN operand makes the maximum NaN: missing stays missing */
		lt = isnan(sp->longest_turn) || sp->longest_turn > lt ? sp->longest_turn : lt;
		lm = isnan(sp->longest_monologue) || sp->longest_monologue > lm ? sp->longest_monologue : lm;
		bc += sp->backchannels;
		defl += sp->defl_total;
		for (size_t c = 0; c < TS_NDEFL; c++)
			cat[c] += sp->defl_cat[c];
		q += sp->questions;
		if (isnan(lt) || isnan(lm))
			lt = lm = NAN;
	}
	if (!found)
		return;
	v[S_TURNS] = turns;
	v[S_LENGTH] = length;
	v[S_SHARE] = ratio(length, all);
	v[S_SECONDS] = seconds;
	v[S_MEAN_TURN] = ratio(length, turns);
	v[S_LONGEST_TURN] = lt;
	v[S_LONGEST_MONO] = lm;
	v[S_BACKCHANNELS] = bc;
	if (rec->has_defl) {
		v[S_DEFL] = defl;
		v[S_PER1000] = ratio(defl * 1000, length);
		for (size_t c = 0; c < TS_NDEFL; c++) {
			v[S_DEFL_REFERRAL + c] = cat[c];
			v[S_PER1000_REFERRAL + c] = ratio(cat[c] * 1000, length);
		}
	}
	if (rec->has_qa)
		v[S_QUESTIONS] = q;
}

void ts_agg_rate_values(const agg_rec *rec, double num[R_COUNT], double den[R_COUNT],
                        int present[R_COUNT])
{
	for (size_t i = 0; i < R_COUNT; i++) {
		num[i] = den[i] = NAN;
		present[i] = 0;
	}
	if (!rec->has_qa)
		return;
	double pairs = pairs_of(rec);
	num[R_RESPONSIVENESS] = rec->clarity[0];
	num[R_DEFLECTED] = deflected_of(rec);
	for (size_t i = 0; i < TS_NREPLY; i++)
		num[R_REPLY_ANSWER + i] = rec->reply[i];
	for (size_t i = 0; i < TS_NCLARITY; i++)
		num[R_CLARITY_CLEAR + i] = rec->clarity[i];
	num[R_REASKS] = rec->reasks;
	for (size_t i = 0; i < R_COUNT; i++)
		den[i] = pairs;
	num[R_MARKED] = rec->q_marked;
	den[R_MARKED] = rec->q_total;
	for (size_t i = 0; i < R_COUNT; i++)
		present[i] = isfinite(num[i]) && isfinite(den[i]) && num[i] >= 0 && num[i] <= den[i];
}
