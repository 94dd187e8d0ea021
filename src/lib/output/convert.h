/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call written in another transcript format (docs/formats.md, "Writing
 * other formats"): CHAT (chat.c), ConvoKit's utterances.jsonl
 * (convokit.c) and RTTM (rttm.c).  Each appends the call's text to out
 * and returns 0, TS_ENOMEM, or TS_EINPUT (with err) when the format cannot
 * hold the call. */
#ifndef TS_CONVERT_H
#define TS_CONVERT_H

#include "base/buf.h"
#include "base/text.h"
#include "talkstat.h"

/* What the writers need to know of a call besides itself. */
typedef struct ts_conv_call {
	const ts_call *call;
	const char *source;  /* the input's name, for errors */
	const char *stem;    /* its file name without folders and extension */
} ts_conv_call;

int ts_write_chat(const ts_textclass *tc, const ts_conv_call *cc, ts_buf *out, ts_error *err);
int ts_write_convokit(const ts_conv_call *cc, ts_buf *out, ts_error *err);
int ts_write_rttm(const ts_conv_call *cc, ts_buf *out, ts_error *err);

/* Seconds as whole milliseconds (every time format here counts in them). */
long long ts_conv_millis(double seconds);

/* The id of a call in the output: the stem, '_', the call's number, with
 * every byte that is not an ASCII letter, digit, '-', '.' or '_' as '_'
 * (RTTM fields and ConvoKit ids take no blanks). */
int ts_conv_call_id(const ts_conv_call *cc, ts_buf *out);

#endif
