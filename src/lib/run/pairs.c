/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat qa --pairs: question-reply pairs that are paired already
 * (datasets, Q&A archives), one output record per input record.  The
 * rules that are exact on a reply alone decide first (no reply, a reply of
 * backchannels only, a reply that only asks back); the reply model decides
 * the rest, so --pairs needs one. */
#include "config.h"

#include "run/pairs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/match.h"
#include "analyse/questions.h"
#include "analyse/rmodel.h"
#include "base/diag.h"
#include "base/json_out.h"
#include "base/jsondoc.h"
#include "model/backchannel.h"

int ts_pair_features(ts_context *ctx, int lang, int bits, const char *q, const char *r,
                     ts_rfvec *v)
{
	const ts_match *ms;
	size_t nm = 0, rn = strlen(r);
	ts_rf_defl *d = NULL;
	int rc = ts_matcher_run(ctx->matcher, &ctx->scratch.match, r, rn, lang, &ms, &nm);
	if (rc)
		return rc;
	if (nm && !(d = malloc(nm * sizeof *d)))
		return TS_ENOMEM;
	for (size_t i = 0; i < nm; i++)
		d[i] = (ts_rf_defl){ms[i].start, ctx->lexicon.entries[ms[i].entry].category};
	rc = ts_rfeat(&ctx->res, lang, q, strlen(q), r, rn, d, nm, bits, v);
	free(d);
	return rc;
}

/* The exact rules on a reply alone: no_response, backchannel,
 * counter_question (every sentence that is not a backchannel asks, not
 * with a tag), or TS_R_COUNT when none holds. */
static ts_reply exact_rule(ts_context *ctx, const ts_lang *lang, const char *r, ts_rfvec *v,
                           const char **why)
{
	size_t n = strlen(r);
	if (ts_skip_blanks(r, n) == n) {
		*why = "no reply";
		return TS_R_NO_RESPONSE;
	}
	if (ts_backchannel_is(ctx->bc, ctx->tc, r, n)) {
		*why = "only backchannel tokens";
		return TS_R_BACKCHANNEL;
	}
	size_t ns = ts_sentences(lang, r, n, v->sent, v->sent_cap);
	if (ns > v->sent_cap) {
		if (TS_GROW(v->sent, v->sent_cap, ns))
			return TS_R_COUNT;
		ns = ts_sentences(lang, r, n, v->sent, v->sent_cap);
	}
	size_t asks = 0, other = 0;
	for (size_t k = 0; k < ns && !other; k++) {
		const ts_sentence *s = &v->sent[k];
		ts_qtype t;
		if (ts_sentence_question(lang, r, s, &v->fold, &t) > 0 && t != TS_Q_TAG)
			asks++;
		else if (!ts_backchannel_is(ctx->bc, ctx->tc, r + s->start, s->end - s->start))
			other++;
	}
	*why = "the reply is a question back";
	return asks && !other ? TS_R_COUNTER_QUESTION : TS_R_COUNT;
}

int ts_pairs_read(const char *path, const char *const *keys, ts_pair_fn each, void *arg,
                  ts_error *err)
{
	ts_buf b = {0};
	int rc = ts_jsondoc_read(path, TS_MAX_RECORD_BYTES, "a pairs file", &b, err);
	long line = 0;
	for (size_t at = 0; !rc && at < b.len;) {
		const char *s = b.ptr + at, *nl = memchr(s, '\n', b.len - at);
		size_t n = nl ? (size_t)(nl - s) : b.len - at;
		at += n + 1;
		line++;
		if (!n || ts_skip_blanks(s, n) == n)
			continue;
		ts_jsondoc d;
		const char *val[8] = {0};
		rc = ts_jsondoc_parse(&d, path, s, n, TS_MAX_RECORD_BYTES, "a pair", err);
		if (!rc && !cJSON_IsObject(d.root))
			rc = ts_jsondoc_fail(&d, err, NULL, 0, "a pair is a JSON object");
		for (int k = 0; !rc && k < 8 && keys[k]; k++) {
			const cJSON *x = cJSON_GetObjectItemCaseSensitive(d.root, keys[k]);
			if (!x)
				rc = ts_jsondoc_fail(&d, err, NULL, 0, "the pair has no \"%s\"", keys[k]);
			else if (!cJSON_IsString(x) || !ts_json_valid_string(x))
				rc = ts_jsondoc_fail(&d, err, x, 0, "\"%s\" is not a string", keys[k]);
			else
				val[k] = x->valuestring;
		}
		if (!rc)
			rc = each(arg, &d, val, line, err);
		if (rc == TS_EDATA) {  /* located in the line: in the file; the user's input */
			if (err && err->line)
				err->line += line - 1;
			rc = err ? (err->code = TS_EINPUT) : TS_EINPUT;
		}
		ts_jsondoc_free(&d);
	}
	ts_buf_free(&b);
	return rc;
}

/* What --pairs keeps from record to record. */
typedef struct pairs_run {
	ts_context *ctx;
	const char *path;
	ts_rfvec v;
	ts_buf out;
	ts_write_fn fn;
	void *arg;
} pairs_run;

static int one_pair(void *arg, const ts_jsondoc *d, const char *const *text, long line, ts_error *err)
{
	(void)d;
	pairs_run *pr_ = arg;
	ts_context *ctx = pr_->ctx;
	const ts_rmodel *m = ctx->res.rmodel;
	int lang = ctx->res.rmodel_lang, rc;
	const char *why = NULL;
	ts_reply reply = exact_rule(ctx, ctx->langs.lang[lang], text[1], &pr_->v, &why);
	ts_rpred pr = {.confidence = NAN};
	char reasons[160];
	if (reply == TS_R_COUNT) {
		if ((rc = ts_pair_features(ctx, lang, m->bits, text[0], text[1], &pr_->v)))
			return ts_fail(err, rc, pr_->path, line, 0, "%s", ts_strerror(rc));
		ts_rmodel_predict(m, &pr_->v, &pr);
		ts_rmodel_why(m, &pr_->v, &pr, 3, reasons, sizeof reasons);
		static const ts_reply by_clarity[TS_C_COUNT] = {TS_R_ANSWER, TS_R_PARTIAL, TS_R_REFUSAL};
		reply = m->kind == TS_RM_EVASION ? ts_evasion_reply((ts_evasion)m->label[pr.label])
		                                 : by_clarity[pr.clarity];
		why = reasons;
	}
	ts_jw w;
	pr_->out.len = 0;
	ts_jw_init(&w, &pr_->out, 0, 0);
	ts_jw_object(&w, NULL);
	ts_jw_num(&w, "line", (double)line);
	ts_jw_str(&w, "reply", ts_reply_name(reply));
	ts_jw_str(&w, "clarity", ts_clarity_name(ts_reply_clarity(reply)));
	if (!isnan(pr.confidence) && m->kind == TS_RM_EVASION)
		ts_jw_str(&w, "evasion", ts_evasion_name((ts_evasion)m->label[pr.label]));
	if (!isnan(pr.confidence))
		ts_jw_num(&w, "confidence", pr.confidence);
	ts_jw_str(&w, "why", why);
	ts_jw_end(&w, 1);
	if (w.oom || ts_buf_append(&pr_->out, "\n", 1))
		return ts_nomem(err);
	return pr_->fn(pr_->arg, pr_->out.ptr, pr_->out.len) ? ts_fail(err, TS_EIO, NULL, 0, 0, "write error")
	                                                    : 0;
}

int ts_pairs_file(ts_context *ctx, const char *path, ts_write_fn fn, void *arg, ts_error *err)
{
	if (!ctx->res.rmodel)
		return ts_fail(err, TS_EUSAGE, NULL, 0, 0, "--pairs needs a reply model (--model)");
	static const char *const keys[] = {"question", "reply", NULL};
	pairs_run run = {.ctx = ctx, .path = path, .fn = fn, .arg = arg};
	int rc = ts_pairs_read(path, keys, one_pair, &run, err);
	ts_rfvec_free(&run.v);
	ts_buf_free(&run.out);
	return rc;
}
