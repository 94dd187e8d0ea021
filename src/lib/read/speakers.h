/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The speakers of the row readers (segments.c, reader_convokit.c), named
 * in every row as written: one speaker after NFKC ("Ａ" and "A"), as labels
 * are, each spelling normalised once and not once per row, and each
 * speaker shown as first written. */
#ifndef TS_READ_SPEAKERS_H
#define TS_READ_SPEAKERS_H

#include <stddef.h>

#include "base/buf.h"
#include "base/strset.h"

typedef struct ts_speakers {
	ts_strset ids;                    /* NFKC ids: item i is speaker i */
	ts_buf names;                     /* each speaker as first written, NUL after each */
	size_t *name_off; size_t name_cap;
	ts_strset raw;                    /* spellings seen: item j is speaker raw_spk[j] */
	size_t *raw_spk; size_t raw_cap;
	long last_raw;                    /* the spelling of the last lookup, -1 none */
} ts_speakers;

void ts_speakers_init(ts_speakers *s);
/* The speaker written s[0..n), added when new: 0 or TS_ENOMEM. */
int ts_speakers_get(ts_speakers *s, const char *name, size_t n, size_t *spk);
/* Forget every speaker (the next call or recording starts afresh). */
void ts_speakers_clear(ts_speakers *s);
void ts_speakers_free(ts_speakers *s);

static inline size_t ts_speakers_count(const ts_speakers *s)
{
	return s->ids.n;
}

static inline const char *ts_speakers_name(const ts_speakers *s, size_t i)
{
	return s->names.ptr + s->name_off[i];
}

/* The length of ts_speakers_name(s, i). */
static inline size_t ts_speakers_name_len(const ts_speakers *s, size_t i)
{
	return (i + 1 < s->ids.n ? s->name_off[i + 1] : s->names.len) - s->name_off[i] - 1;
}

static inline const char *ts_speakers_id(const ts_speakers *s, size_t i)
{
	return s->ids.strs.ptr + s->ids.off[i];
}

#endif
