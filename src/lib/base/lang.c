/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TS_X_LANG_LIST_NAME(id, section, key, kind, mech) section[0] ? section "." key : key,
const char *const ts_lang_list_names[TS_L_COUNT] = {TS_LANG_LISTS(TS_X_LANG_LIST_NAME)};

_Static_assert(TS_L_S_NOISE - TS_L_S_HANGUP == TS_EVENT_NOISE - TS_EVENT_HANGUP &&
                   TS_EVENT_NOTE == TS_EVENT_KIND_COUNT - 1,
               "the stage-direction lists follow ts_event_kind, note last");

static void merged_init(ts_langs *ls)
{
	for (int k = 0; k < TS_EVENT_KIND_COUNT; k++)
		ts_words_init(&ls->stage[k], 1);
	ts_words_init(&ls->titles, 1);
	ts_words_init(&ls->not_speakers, 0);
	for (int s = 0; s < TS_SCRIPT_COUNT; s++)
		ls->by_script[s] = -1;
	ls->by_unit[0] = ls->by_unit[1] = -1;
}

static void merged_free(ts_langs *ls)
{
	for (int k = 0; k < TS_EVENT_KIND_COUNT; k++)
		ts_words_free(&ls->stage[k]);
	ts_words_free(&ls->titles);
	ts_words_free(&ls->not_speakers);
}

void ts_langs_init(ts_langs *ls)
{
	memset(ls, 0, sizeof *ls);
	merged_init(ls);
}

void ts_lang_free(ts_lang *l)
{
	if (!l)
		return;
	for (int k = 0; k < TS_L_COUNT; k++)
		ts_words_free(&l->list[k]);
	ts_hitindex_free(&l->qhits);
	free(l);
}

void ts_langs_free(ts_langs *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		ts_lang_free(ls->lang[i]);
	merged_free(ls);
	ts_langs_init(ls);
}

static int append_all(ts_words *dst, const ts_words *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (ts_words_add(dst, src->v[i].raw))
			return -1;
	return 0;
}

int ts_langs_merge(ts_langs *ls)
{
	merged_free(ls);
	merged_init(ls);
	for (size_t i = 0; i < ls->n; i++) {
		const ts_lang *l = ls->lang[i];
		for (int k = TS_EVENT_HANGUP; k < TS_EVENT_NOTE; k++)
			if (append_all(&ls->stage[k], &l->list[TS_L_S_HANGUP + k]))
				return -1;
		if (append_all(&ls->titles, &l->list[TS_L_TITLES]) ||
		    append_all(&ls->not_speakers, &l->list[TS_L_L_NOT_SPEAKERS]))
			return -1;
		if (ls->by_script[l->script] < 0)
			ls->by_script[l->script] = (int)i;
		if (ls->by_unit[l->unit] < 0)
			ls->by_unit[l->unit] = (int)i;
	}
	/* the same word from two languages is no error here */
	for (int k = 0; k < TS_EVENT_KIND_COUNT; k++)
		if (ts_words_finish(&ls->stage[k]) == -2)
			return -1;
	if (ts_words_finish(&ls->titles) == -2 || ts_words_finish(&ls->not_speakers) == -2)
		return -1;
	return 0;
}

int ts_langs_find(const ts_langs *ls, const char *name)
{
	for (size_t i = 0; i < ls->n; i++)
		if (!strcmp(ls->lang[i]->name, name))
			return (int)i;
	return -1;
}

void ts_langs_names(const ts_langs *ls, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ls->n && o < size; i++) {
		const char *sep = !i ? "" : i + 1 == ls->n ? " or " : ", ";
		int k = snprintf(buf + o, size - o, "%s%s", sep, ls->lang[i]->name);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}
