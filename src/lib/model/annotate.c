/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "model/annotate.h"

#include <stdlib.h>
#include <string.h>

#include "base/caseless.h"
#include "base/lang.h"
#include "model/backchannel.h"

/* "@Language: en" wins, its unit that of the loaded language it names
 * ("zh-Hans" names zh), else of its text's script; without it, the first
 * loaded language of the text's script (data/lang/languages.txt), "und"
 * for a call without letters.  script: the call's (ts_script_of its
 * turns' CJK characters and words: a call of Chinese with a few Latin
 * names is Chinese), -1 when it has neither. */
static void decide_language(ts_callbuf *cb, const ts_langs *ls, int script)
{
	ts_call *c = &cb->call;
	const char *declared = ts_callbuf_meta_value(cb, "Language");
	int l = -1;
	if (declared && *declared) {
		for (size_t i = 0; i < ls->n && l < 0; i++)
			if (ts_ci_prefix(declared, strlen(declared), ls->lang[i]->name))
				l = (int)i;
		c->language = declared;
	} else if (script >= 0 && (l = ls->by_script[script]) >= 0) {
		c->language = ls->lang[l]->name;
	} else {
		c->language = "und";
	}
	if (l >= 0)
		c->unit = (ts_unit)ls->lang[l]->unit;
	else
		c->unit = script == TS_SCRIPT_ALPHABETIC ? TS_UNIT_WORDS : TS_UNIT_CHARS;
}

/* The caller's index: the one declared (by the run, else by @Caller), or
 * the speaker who asks the most questions, the earlier one on a tie.  0;
 * 1 (and -1 in *who) when a declared caller does not speak; TS_ENOMEM. */
static int find_caller(const ts_callbuf *cb, const char *caller, long *who)
{
	const ts_call *c = &cb->call;
	*who = -1;
	char *meta_caller = NULL;
	if (!caller) {
		const char *m = ts_callbuf_meta_value(cb, "Caller");
		/* (NULL for an invalid value too, which the reader has refused) */
		if (m && *m)
			caller = meta_caller = ts_nfkc(m, strlen(m));
	}
	if (caller) {
		for (size_t i = 0; i < c->nspeakers; i++)
			if (!strcmp(c->speakers[i].id, caller))
				*who = (long)i;
		free(meta_caller);
		return *who < 0 && c->nspeakers ? 1 : 0;
	}
	size_t best = 0;
	for (size_t i = 0; i < c->nspeakers; i++)
		if (*who < 0 || cb->spk[i].questions > best) {
			best = cb->spk[i].questions;
			*who = (long)i;
		}
	return 0;
}

int ts_annotate(ts_callbuf *cb, const ts_resources *res, const char *caller)
{
	ts_call *c = &cb->call;
	ts_backchannel_mark(&cb->bc_memo, res->bc, res->tc, cb->pturns, c->nturns);
	size_t cjk = 0, words = 0;  /* the call's script */
	for (size_t i = 0; i < c->nturns; i++) {
		cjk += cb->pturns[i].cjk;
		words += cb->pturns[i].words;
	}
	decide_language(cb, res->langs, ts_script_of(cjk, words));
	long who;
	int rc = find_caller(cb, caller, &who);
	if (rc == TS_ENOMEM)
		return rc;
	for (size_t i = 0; i < c->nspeakers; i++)
		cb->pspk[i].role = (long)i == who ? TS_ROLE_CALLER : TS_ROLE_RESPONDENT;
	return rc;
}
