/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* A call as ConvoKit utterances (utterances.jsonl, ConvoKit's "Data
 * Format"): one JSON object a line per turn, the call one conversation.
 *
 *     {"id":"anyang_1_2","speaker":"CLB","conversation_id":"anyang_1",
 *      "reply_to":"anyang_1_1","timestamp":null,"text":"...","meta":{...}}
 *
 * ConvoKit names a conversation by the id of its first utterance; here
 * the conversation is the call (stem_N) and its utterances stem_N_T, T
 * the turn's number, each replying to the turn before it.  The timestamp
 * is the turn's start in seconds (null when untimed); its end and the
 * speaker's role go into meta, which ConvoKit leaves to the corpus. */
#include "config.h"

#include <math.h>

#include "base/diag.h"
#include "base/json_out.h"
#include "output/convert.h"

static const char *const role_names[] = {"caller", "respondent"};

int ts_write_convokit(const ts_conv_call *cc, ts_buf *out, ts_error *err)
{
	const ts_call *c = cc->call;
	ts_buf conv = {0}, id = {0}, prev = {0};
	int rc = ts_conv_call_id(cc, &conv);
	for (size_t t = 0; !rc && t < c->nturns; t++) {
		const ts_turn *turn = &c->turns[t];
		id.len = 0;
		if (ts_buf_printf(&id, "%s_%zu", conv.ptr, turn->number)) {
			rc = 1;
			break;
		}
		ts_jw w;
		ts_jw_init(&w, out, 0, 0);
		ts_jw_object(&w, NULL);
		ts_jw_str(&w, "id", id.ptr);
		ts_jw_str(&w, "speaker", c->speakers[turn->speaker].id);
		ts_jw_str(&w, "conversation_id", conv.ptr);
		ts_jw_str(&w, "reply_to", t ? prev.ptr : NULL);
		if (turn->nspans)
			ts_jw_num(&w, "timestamp", turn->start);
		else
			ts_jw_null(&w, "timestamp");
		ts_jw_strn(&w, "text", c->no_text ? "" : turn->text, c->no_text ? 0 : turn->len);
		ts_jw_object(&w, "meta");
		ts_jw_str(&w, "role", role_names[c->speakers[turn->speaker].role == TS_ROLE_CALLER ? 0 : 1]);
		if (turn->nspans)
			ts_jw_num(&w, "end", turn->end);
		ts_jw_end(&w, 1);
		ts_jw_end(&w, 1);
		rc = w.oom || ts_buf_append(out, "\n", 1);
		prev.len = 0;
		rc = rc || ts_buf_append(&prev, id.ptr, id.len + 1);
	}
	ts_buf_free(&conv);
	ts_buf_free(&id);
	ts_buf_free(&prev);
	return rc ? ts_nomem(err) : 0;
}
