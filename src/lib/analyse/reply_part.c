/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "analyse/reply_part.h"

#include <stdlib.h>

#include "base/buf.h"
#include "analyse/qkeys.h"

/* A sentence belongs to the question whose content words it repeats most,
 * counted as a share of the question's keys, so that the one-word question
 * "Do you have a reaction?" claims "I don't have an official reaction"
 * against a longer question that shares one incidental word with it. */
static int owner_of(const ts_keyset *sent, const ts_keyset *qk, size_t nq)
{
	double best = 0;
	int who = TS_RP_NONE;
	for (size_t i = 0; i < nq; i++) {
		if (!qk[i].n)
			continue;
		double share = (double)ts_keys_common(sent, &qk[i]) / (double)qk[i].n;
		if (share > best) {
			best = share;
			who = (int)i;
		} else if (share > 0 && share == best) {
			who = TS_RP_TIE;
		}
	}
	return who;
}

int ts_rpart_build(const ts_resources *res, const ts_call *call, size_t from, size_t to,
                   const ts_sentence *sents, const size_t *lo, const ts_qa_question *qs,
                   size_t nq, ts_rpart *p)
{
	const ts_langs *ls = res->langs;
	ts_keyset *qk = NULL, sk;
	int rc = 0;
	p->n = 0;
	if (nq > 1) {
		qk = malloc(nq * sizeof *qk);
		if (!qk)
			return TS_ENOMEM;
		for (size_t i = 0; i < nq; i++) {
			const ts_turn *t = &call->turns[qs[i].turn];
			ts_keys(res->tc, ls->lang[ts_turn_language(ls, call, t)], t->text + qs[i].start,
			        qs[i].end - qs[i].start, &qk[i]);
		}
	}
	for (size_t t = from; t < to; t++) {
		const ts_turn *turn = &call->turns[t];
		const ts_lang *lang = ls->lang[ts_turn_language(ls, call, turn)];
		size_t n = lo[t + 1] - lo[t];
		const ts_sentence *sb = n ? sents + lo[t] : NULL;
		if (TS_GROW(p->s, p->cap, p->n + n)) {
			rc = TS_ENOMEM;
			goto done;
		}
		for (size_t k = 0; k < n; k++) {
			int who = TS_RP_NONE;
			if (qk) {
				ts_keys(res->tc, lang, turn->text + sb[k].start, sb[k].end - sb[k].start, &sk);
				who = owner_of(&sk, qk, nq);
			}
			p->s[p->n++] = (ts_rsent){t, sb[k].start, sb[k].end, who};
		}
	}
done:
	free(qk);
	return rc;
}

void ts_rpart_free(ts_rpart *p)
{
	free(p->s);
	p->s = NULL;
	p->n = p->cap = 0;
}

int ts_rpart_owns(const ts_rpart *p, int me)
{
	for (size_t k = 0; me >= 0 && k < p->n; k++)
		if (p->s[k].owner == me)
			return 1;
	return 0;
}

int ts_rpart_in(const ts_rpart *p, size_t k, int me)
{
	return me < 0 || p->s[k].owner == me || p->s[k].owner < 0;
}

size_t ts_rpart_find(const ts_rpart *p, size_t turn, size_t at)
{
	/* the sentences are in text order: the last one starting at or before
	 * (turn, at), by binary search (a long reply has thousands) */
	size_t a = 0, b = p->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (p->s[m].turn < turn || (p->s[m].turn == turn && p->s[m].start <= at))
			a = m + 1;
		else
			b = m;
	}
	if (a && p->s[a - 1].turn == turn && at >= p->s[a - 1].start && at < p->s[a - 1].end)
		return a - 1;
	return p->n;
}
