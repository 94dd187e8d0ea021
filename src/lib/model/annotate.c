#include "config.h"

#include "model/annotate.h"

#include <stdlib.h>
#include <string.h>

#include "base/caseless.h"
#include "model/backchannel.h"

static const char *meta_get(const ts_call *c, const char *key)
{
	for (size_t i = 0; i < c->nmeta; i++)
		if (ts_ci_equal(c->meta[i].key, strlen(c->meta[i].key), key, strlen(key)))
			return c->meta[i].value;
	return NULL;
}

/* "@Language: en" wins; else by script, CJK characters against words of
 * other scripts: a call of Chinese with a few Latin names is Chinese. */
static void decide_language(ts_call *c)
{
	const char *lang = meta_get(c, "Language");
	if (lang && *lang) {
		c->language = lang;
		size_t n = strlen(lang);
		int cjk = ts_ci_prefix(lang, n, "zh") || ts_ci_prefix(lang, n, "ja") ||
		          ts_ci_prefix(lang, n, "yue") || ts_ci_prefix(lang, n, "cmn");
		c->unit = cjk ? TS_UNIT_CHARS : TS_UNIT_WORDS;
		return;
	}
	size_t cjk = 0, words = 0;
	for (size_t i = 0; i < c->nturns; i++) {
		cjk += c->turns[i].cjk;
		words += c->turns[i].words;
	}
	if (!cjk && !words) {
		c->language = "und";
		c->unit = TS_UNIT_CHARS;
	} else if (cjk >= words) {
		c->language = "zh";
		c->unit = TS_UNIT_CHARS;
	} else {
		c->language = "en";
		c->unit = TS_UNIT_WORDS;
	}
}

/* The caller's index: the one declared (by the run, else by @Caller), or
 * the speaker who asks the most questions, the earlier one on a tie; -1
 * when a declared caller does not speak. */
static int find_caller(const ts_callbuf *cb, const char *caller, long *who)
{
	const ts_call *c = &cb->call;
	*who = -1;
	char *meta_caller = NULL;
	if (!caller) {
		const char *m = meta_get(c, "Caller");
		/* (NULL for an invalid value too, which the reader has refused) */
		if (m && *m)
			caller = meta_caller = ts_nfkc(m, strlen(m));
	}
	if (caller) {
		for (size_t i = 0; i < c->nspeakers; i++)
			if (!strcmp(c->speakers[i].id, caller))
				*who = (long)i;
		free(meta_caller);
		return 0;
	}
	size_t *q = calloc(c->nspeakers ? c->nspeakers : 1, sizeof *q), best = 0;
	if (!q)
		return TS_ENOMEM;
	for (size_t t = 0; t < c->nturns; t++)
		q[c->turns[t].speaker] += cb->turns[t].counts.questions;
	for (size_t i = 0; i < c->nspeakers; i++)
		if (*who < 0 || q[i] > best) {
			best = q[i];
			*who = (long)i;
		}
	free(q);
	return 0;
}

int ts_annotate(ts_callbuf *cb, const ts_resources *res, const char *caller)
{
	ts_call *c = &cb->call;
	for (size_t i = 0; i < c->nturns; i++)
		cb->pturns[i].backchannel =
			ts_backchannel_is(res->bc, res->tc, cb->pturns[i].text, cb->pturns[i].len);
	decide_language(c);
	long who;
	if (find_caller(cb, caller, &who))
		return TS_ENOMEM;
	for (size_t i = 0; i < c->nspeakers; i++)
		cb->pspk[i].role = (long)i == who ? TS_ROLE_CALLER : TS_ROLE_RESPONDENT;
	return 0;
}
