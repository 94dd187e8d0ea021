#include "config.h"

#include "base/lang.h"

#include <string.h>

static const char *const names[TS_LANG_COUNT] = {"zh", "en"};

const char *ts_language_name(int language)
{
	return language >= 0 && language < TS_LANG_COUNT ? names[language] : "?";
}

int ts_language_find(const char *name)
{
	for (int i = 0; i < TS_LANG_COUNT; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

int ts_turn_language(const ts_call *call, const ts_turn *t)
{
	if (t->cjk && t->cjk >= t->words)
		return TS_LANG_ZH;
	if (t->words)
		return TS_LANG_EN;
	return call->unit == TS_UNIT_CHARS ? TS_LANG_ZH : TS_LANG_EN;
}
