/* The languages talkstat has rules for (lexicons, question and reply
 * cues), and which of them a turn is read in. */
#ifndef TS_LANG_H
#define TS_LANG_H

#include "talkstat.h"

enum { TS_LANG_ZH = 0, TS_LANG_EN, TS_LANG_COUNT };

/* "zh", "en"; "?" for anything else. */
const char *ts_language_name(int language);

/* The language of a name ("zh", "en"), or -1. */
int ts_language_find(const char *name);

/* The language a turn is read in: Chinese when it has CJK characters, at
 * least as many as words of other scripts (a Chinese turn with a Latin
 * name in it, "ＣＬＢ的人", is Chinese; an English one quoting 工会 once is
 * English); English when it has words; a turn of neither takes the
 * language of its call's unit. */
int ts_turn_language(const ts_call *call, const ts_turn *t);

#endif
