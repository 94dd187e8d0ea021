/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Lists of names: --speakers A,B and "@Participants: A、B，C" share one
 * rule. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "talkstat.h"

/* Length of the separator at s[0..n), 0 when there is none. */
static size_t separator(const char *s, size_t n)
{
	if (n && s[0] == ',')
		return 1;
	if (ts_starts(s, n, "，") || ts_starts(s, n, "、"))
		return 3;
	return 0;
}

void ts_list_free(char **items)
{
	for (size_t i = 0; items && items[i]; i++)
		free(items[i]);
	free(items);
}

int ts_list_split(const char *s, size_t n, char ***items, size_t *count)
{
	char **v = NULL;
	size_t nv = 0, cap = 0, i = 0;
	*items = NULL;
	*count = 0;
	while (i <= n) {
		size_t j = i, sep = 0;
		while (j < n && !(sep = separator(s + j, n - j)))
			j++;
		size_t a = i + ts_skip_blanks(s + i, j - i), e = i + ts_trim_end(s + i, j - i);
		if (a < e) {
			char *name = TS_GROW(v, cap, nv + 2) ? NULL : strndup(s + a, e - a);
			if (!name) {
				if (v)
					v[nv] = NULL;
				ts_list_free(v);
				return TS_ENOMEM;
			}
			v[nv++] = name;
		}
		if (j >= n)
			break;
		i = j + sep;
	}
	if (!v && !(v = calloc(1, sizeof *v)))
		return TS_ENOMEM;
	v[nv] = NULL;
	*items = v;
	*count = nv;
	return 0;
}

size_t ts_list_places(const char *s, size_t n)
{
	size_t places = 1;
	for (size_t i = 0; i < n;) {
		size_t sep = separator(s + i, n - i);
		places += sep != 0;
		i += sep ? sep : 1;
	}
	return places;
}
