/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* ConvoKit corpora: utterances.jsonl, one utterance a line, as ConvoKit's
 * "Data Format" page defines it and its FOMC corpus writes it:
 *
 *     {"id": "19771018_2", "speaker": "MR. COLDWELL.", "conversation_id":
 *      "19771018", "reply_to": "19771018_1", "timestamp": 1977101800002,
 *      "text": "I move that it be approved.", "meta": {"speech_index": 2}}
 *
 * A conversation is a call, titled with its id; its utterances are its
 * turns in file order, consecutive utterances of one speaker one turn.
 * The utterances of a conversation must come together: one that resumes
 * after another conversation's is an error (its call has been handed on),
 * so memory holds one conversation and the ids of those read.  Timestamps
 * are not read: ConvoKit's timestamp is one comparable value per utterance
 * (posting times on Reddit and Wikipedia, ordering keys like the FOMC's
 * date + speech number above, often null), with no end, never a stretch of
 * talk, so a call from ConvoKit is never timed. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/jsondoc.h"
#include "base/strset.h"
#include "base/text.h"
#include "read/jsonline.h"
#include "read/reader.h"
#include "read/segments.h"
#include "read/speakers.h"

/* One utterance as read, its strings in the reader's buffers. */
typedef struct utt {
	size_t conv, cn;        /* in conv_buf */
	size_t spk, sn;         /* in spk_buf */
	size_t text, tn;        /* in text_buf */
	long line, spk_col, text_col;
} utt;

typedef struct ck_reader {
	ts_input *in;
	ts_callbuf cb;
	size_t ncalls;
	ts_buf cur;             /* the conversation of the open call */
	int open;
	ts_strset convs;        /* every conversation read so far */
	ts_speakers spk;        /* the open call's speakers, slot i is speaker i */
	long last_slot;         /* the speaker of the open turn, -1 */
	/* the utterance read last; pending: it starts the next call */
	utt u;
	int pending;
	ts_buf conv_buf, spk_buf, text_buf;
	int content;
	int done;
} ck_reader;

static void ck_close(void *state)
{
	ck_reader *r = state;
	if (!r)
		return;
	ts_input_close(r->in);
	ts_callbuf_free(&r->cb);
	ts_buf_free(&r->cur);
	ts_strset_free(&r->convs);
	ts_speakers_free(&r->spk);
	ts_buf_free(&r->conv_buf);
	ts_buf_free(&r->spk_buf);
	ts_buf_free(&r->text_buf);
	free(r);
}

static int ck_open(void **state, const ts_resources *res, const ts_options *opt, ts_input *in,
                   ts_error *err)
{
	(void)opt;
	*state = NULL;
	ck_reader *r = calloc(1, sizeof *r);
	if (!r) {
		ts_input_close(in);
		return ts_nomem(err);
	}
	r->in = in;
	r->last_slot = -1;
	ts_speakers_init(&r->spk);
	ts_callbuf_init(&r->cb, res);
	*state = r;
	return 0;
}

/* An error of the line's JSON (ts_jsondoc places it in the line alone)
 * as an error of the input at line lineno. */
static int at_line(int rc, long lineno, ts_error *err)
{
	if (rc == TS_EDATA || rc == TS_ELIMIT) {
		err->code = rc = TS_EINPUT;
		err->line = lineno;
	}
	return rc;
}

/* The column of the value of member key of the utterance (parsed, so
 * well formed), found in its text: ts_jsondoc_fail would find it too, but
 * through a path search and a message for every line. */
static long value_col(const ts_jsondoc *d, const char *key)
{
	size_t off = ts_json_member_offset(d->text, d->len, key);
	return off < d->len ? (long)ts_utf8_len(d->text, off) + 1 : 1;
}

/* The string member `key` of the utterance: its value and, when col is
 * not NULL, its column; or the error. */
static int string_member(const ts_jsondoc *d, const char *key, int may_be_null, const char **s,
                         long *col, ts_error *err)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(d->root, key);
	if (!m)
		return ts_jsondoc_fail(d, err, NULL, 0, "an utterance needs '%s'", key);
	if (may_be_null && cJSON_IsNull(m)) {
		*s = "";
		if (col)
			*col = value_col(d, key);
		return 0;
	}
	if (!cJSON_IsString(m) || !ts_json_valid_string(m))
		return ts_jsondoc_fail(d, err, m, 0, "'%s' is not a string", key);
	*s = m->valuestring;
	if (col)
		*col = value_col(d, key);
	return 0;
}

/* Line lineno into r->u at once, when it is a plain utterance (jsonline.h):
 * 1, or 0 for cJSON to read it. */
static int quick_utt(ck_reader *r, const char *line, size_t n, long lineno)
{
	ts_jl_member m[3] = {{"conversation_id", &r->conv_buf, 0, 0, 0},
	                     {"speaker", &r->spk_buf, 0, 0, 0},
	                     {"text", &r->text_buf, 0, 0, 0}};
	if (n > TS_MAX_LINE_BYTES || !ts_jsonline_members(line, n, m, 3) || !m[0].found ||
	    m[0].null || !m[1].found || m[1].null || r->spk_buf.len < 2 || !m[2].found)
		return 0;
	/* the same columns as value_col's */
	r->u = (utt){0, r->conv_buf.len - 1, 0, r->spk_buf.len - 1, 0,
	             m[2].null ? 0 : r->text_buf.len - 1, lineno, ts_seg_col(line, m[1].at),
	             ts_seg_col(line, m[2].at)};
	if (m[2].null)
		r->text_buf.len = 0;
	return 1;
}

/* Parse line lineno into r->u (its strings copied). */
static int parse_utt(ck_reader *r, const char *line, size_t n, long lineno, ts_error *err)
{
	if (quick_utt(r, line, n, lineno))
		return 0;
	ts_jsondoc d = {0};
	const char *name = ts_input_name(r->in);
	int rc = ts_jsondoc_parse(&d, name, line, n, TS_MAX_LINE_BYTES, "an utterance", err);
	const char *conv = NULL, *spk = NULL, *text = NULL;
	long scol = 0, tcol = 0;
	if (!rc && !cJSON_IsObject(d.root))
		rc = ts_jsondoc_fail(&d, err, NULL, 0, "an utterance is a JSON object");
	if (!rc)
		rc = string_member(&d, "conversation_id", 0, &conv, NULL, err);
	if (!rc)
		rc = string_member(&d, "speaker", 0, &spk, &scol, err);
	if (!rc && !*spk)
		rc = ts_jsondoc_fail(&d, err, cJSON_GetObjectItemCaseSensitive(d.root, "speaker"), 0,
		                     "the speaker is empty");
	/* a null text: an utterance whose text the corpus does not have */
	if (!rc)
		rc = string_member(&d, "text", 1, &text, &tcol, err);
	if (!rc) {
		r->conv_buf.len = r->spk_buf.len = r->text_buf.len = 0;
		size_t cn = strlen(conv), sn = strlen(spk), tn = strlen(text);
		if (ts_buf_append(&r->conv_buf, conv, cn) || ts_buf_append(&r->spk_buf, spk, sn) ||
		    ts_buf_append(&r->text_buf, text, tn))
			rc = ts_nomem(err);
		r->u = (utt){0, cn, 0, sn, 0, tn, lineno, scol, tcol};
	}
	ts_jsondoc_free(&d);
	return at_line(rc, lineno, err);
}

/* Start a call with the conversation of the utterance read last. */
static int start_call(ck_reader *r)
{
	ts_callbuf_reset(&r->cb, ++r->ncalls, r->u.line);
	ts_speakers_clear(&r->spk);
	r->last_slot = -1;
	r->cur.len = 0;
	r->open = 1;
	if (ts_buf_append(&r->cur, r->conv_buf.ptr, r->u.cn) ||
	    ts_strset_add(&r->convs, r->conv_buf.ptr, r->u.cn) ||
	    ts_callbuf_title(&r->cb, r->conv_buf.ptr, r->u.cn))
		return TS_ENOMEM;
	return 0;
}

/* The utterance read last into the open call: a new turn, or the open one
 * when its speaker spoke last.  Lines inside the text ("\n") are lines of
 * the turn, joined as wrapped lines are. */
static int add_utt(ck_reader *r)
{
	size_t slot;
	if (ts_speakers_get(&r->spk, r->spk_buf.ptr, r->u.sn, &slot))
		return TS_ENOMEM;
	if ((long)slot != r->last_slot) {
		const char *label = ts_speakers_name(&r->spk, slot);
		if (ts_callbuf_turn(&r->cb, (long)slot, label, strlen(label),
		                    ts_speakers_id(&r->spk, slot), r->u.line, r->u.spk_col))
			return TS_ENOMEM;
		r->last_slot = (long)slot;
	}
	const char *t = r->text_buf.ptr;
	size_t n = r->u.tn;
	for (size_t a = 0; a < n;) {
		size_t b = a + ts_seg_line_end(t + a, n - a);
		if (b > a && ts_callbuf_append(&r->cb, t + a, b - a, r->u.line, r->u.text_col, 1, NULL))
			return TS_ENOMEM;
		a = b + 1;
	}
	return 0;
}

static int ck_next(void *state, ts_callbuf **call, ts_error *err)
{
	ck_reader *r = state;
	const char *name = ts_input_name(r->in);
	*call = NULL;
	if (r->done)
		return 0;
	int rc;
	if (r->pending) {
		r->pending = 0;
		if (start_call(r) || add_utt(r))
			return ts_nomem(err);
	}
	const char *line;
	size_t n;
	long lineno;
	while ((rc = ts_input_line(r->in, &line, &n, &lineno, err)) == 1) {
		if (ts_skip_blanks(line, n) == n)
			continue;
		r->content = 1;
		if ((rc = parse_utt(r, line, n, lineno, err)))
			return rc;
		if (r->open && r->cur.len == r->u.cn && !memcmp(r->cur.ptr, r->conv_buf.ptr, r->u.cn)) {
			if (add_utt(r))
				return ts_nomem(err);
			continue;
		}
		if (ts_strset_find(&r->convs, r->conv_buf.ptr, r->u.cn) >= 0)
			return ts_fail(err, TS_EINPUT, name, lineno, 1,
			               "the utterances of conversation '%.*s' resume after another's: "
			               "keep each conversation's utterances together",
			               (int)(r->u.cn > 200 ? 200 : r->u.cn), r->conv_buf.ptr);
		if (r->open) {
			r->pending = 1;
			r->open = 0;
			if ((rc = ts_callbuf_finish(&r->cb, err)))
				return rc;
			*call = &r->cb;
			return 1;
		}
		if (start_call(r) || add_utt(r))
			return ts_nomem(err);
	}
	if (rc < 0)
		return rc;
	r->done = 1;
	if (r->open) {
		r->open = 0;
		if ((rc = ts_callbuf_finish(&r->cb, err)))
			return rc;
		*call = &r->cb;
		return 1;
	}
	return ts_fail(err, TS_EINPUT, name, 0, 0, r->content ? "no utterances" : "empty input");
}

/* The first line a JSON object with "conversation_id" and "text": sure
 * when it parses and has both; likely when it is longer than the head and
 * names both. */
static int ck_sniff(const char *head, size_t n)
{
	size_t a = ts_skip_blanks(head, n);
	while (a < n && (head[a] == '\n' || head[a] == '\r'))
		a += 1 + ts_skip_blanks(head + a + 1, n - a - 1);
	if (a >= n || head[a] != '{')
		return TS_SNIFF_NO;
	const char *nl = memchr(head + a, '\n', n - a);
	size_t e = nl ? (size_t)(nl - head) : n;
	if (!nl) {
		const char *s = head + a;
		size_t k = e - a;
		int conv = 0, text = 0;
		for (size_t i = 0; i + 17 <= k; i++)
			conv |= !memcmp(s + i, "\"conversation_id\"", 17);
		for (size_t i = 0; i + 6 <= k; i++)
			text |= !memcmp(s + i, "\"text\"", 6);
		return conv && text ? TS_SNIFF_LIKELY : TS_SNIFF_NO;
	}
	cJSON *v = ts_json_parse(head + a, e - a, NULL);
	int sure = cJSON_IsObject(v) && cJSON_GetObjectItemCaseSensitive(v, "conversation_id") &&
	           cJSON_GetObjectItemCaseSensitive(v, "text");
	cJSON_Delete(v);
	return sure ? TS_SNIFF_SURE : TS_SNIFF_NO;
}

const ts_format_reader ts_reader_convokit = {
	"convokit", NULL, ck_sniff, ck_open, ck_next, ck_close, NULL,
};
