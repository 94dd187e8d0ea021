/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "read/speakers.h"
#include "talkstat.h"

void ts_speakers_init(ts_speakers *s)
{
	memset(s, 0, sizeof *s);
	s->last_raw = -1;
}

static int seen(ts_speakers *s, long raw, size_t *spk)
{
	s->last_raw = raw;
	*spk = s->raw_spk[raw];
	return 0;
}

int ts_speakers_get(ts_speakers *s, const char *name, size_t n, size_t *spk)
{
	/* rows of one speaker come in runs */
	if (s->last_raw >= 0) {
		if (ts_strset_is(&s->raw, (size_t)s->last_raw, name, n))
			return seen(s, s->last_raw, spk);
	}
	long j = ts_strset_find(&s->raw, name, n);
	if (j >= 0)
		return seen(s, j, spk);
	char *id = ts_nfkc(name, n);
	if (!id)
		return TS_ENOMEM;
	long i = ts_strset_find(&s->ids, id, strlen(id));
	if (i < 0) {
		if (TS_GROW(s->name_off, s->name_cap, s->ids.n + 1) ||
		    ts_strset_add(&s->ids, id, strlen(id))) {
			free(id);
			return TS_ENOMEM;
		}
		s->name_off[s->ids.n - 1] = s->names.len;
		if (ts_buf_append(&s->names, name, n) || ts_buf_append(&s->names, "", 1)) {
			free(id);
			return TS_ENOMEM;
		}
		i = (long)s->ids.n - 1;
	}
	free(id);
	if (TS_GROW(s->raw_spk, s->raw_cap, s->raw.n + 1) || ts_strset_add(&s->raw, name, n))
		return TS_ENOMEM;
	s->raw_spk[s->raw.n - 1] = (size_t)i;
	return seen(s, (long)s->raw.n - 1, spk);
}

void ts_speakers_clear(ts_speakers *s)
{
	ts_strset_clear(&s->ids);
	ts_strset_clear(&s->raw);
	s->names.len = 0;
	s->last_raw = -1;
}

void ts_speakers_free(ts_speakers *s)
{
	ts_strset_free(&s->ids);
	ts_strset_free(&s->raw);
	ts_buf_free(&s->names);
	free(s->name_off);
	free(s->raw_spk);
}
