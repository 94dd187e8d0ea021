/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* One JSON object a line (a ConvoKit utterance), read in one pass without
 * a tree: the members asked for, when the line is plainly well formed. */
#ifndef TS_READ_JSONLINE_H
#define TS_READ_JSONLINE_H

#include <stddef.h>

#include "base/buf.h"

/* A member asked for: found, null, and where its value starts in the
 * line; a string's value decoded into its buffer (NUL-terminated). */
typedef struct ts_jl_member {
	const char *key;
	ts_buf *out;
	int found, null;
	size_t at;
} ts_jl_member;

/* 1 when s[0..n) is a JSON object by the strict grammar (RFC 8259), with
 * each member asked for at most once, a string or null; 0 when it is not
 * surely so (an escaped key, "\u0000", a lone surrogate, a number of more
 * than 24 characters, nesting deeper than 64, any error): the caller then
 * parses it with cJSON, whose answer and messages stand.  On 1, the
 * members' values are as cJSON decodes them.  Out of memory is 0 too. */
int ts_jsonline_members(const char *s, size_t n, ts_jl_member *m, size_t nm);

#endif
