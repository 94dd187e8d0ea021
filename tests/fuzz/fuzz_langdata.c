/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the language-file loader and the rules it compiles: any
 * bytes must load as a language or give a located error, never a crash, a
 * hang or a leak.  A file that loads has every list of it looked up in a
 * fixed text and in its own bytes, each way the rules look them up.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_langdata
 *            tests/fuzz/fuzz_langdata tests/fuzz/corpus/langdata
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/qkeys.h"
#include "analyse/questions.h"
#include "base/lang.h"
#include "base/text.h"
#include "read/labels.h"
#include "read/stagedir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] =
	"那工会有没有介入？这个厂有工会吧，对不对？您觉得呢。我不知道是不是这样……"
	"Well, that’s right. Can you tell us whether Mr. Smith hung up? (Laughter.) "
	"[inaudible] ——电话被挂断—— I mean, isn't it, right";

static const ts_textclass *textclass(void)
{
	static ts_textclass *tc;
	if (!tc && !(tc = ts_textclass_new()))
		abort();
	return tc;
}

/* Split s into sentences by the language's rules and read each as a
 * question (the mechanism the file names runs on its lists), with its
 * content keys; and read s as stage directions and labels would. */
static void questions(const ts_langs *ls, const ts_lang *l, const char *s, size_t n)
{
	ts_keyset keys;
	ts_keys(textclass(), l, s, n, &keys);
	if (keys.n > 256)
		abort();
	ts_event_kind kind;
	size_t a, b, in, inlen;
	if ((unsigned)ts_stage_kind(ls, s, n) >= TS_EVENT_KIND_COUNT ||
	    (ts_stage_inline(ls, s, n, 0, &a, &b, &in, &inlen, &kind) && (b > n || in + inlen > n)))
		abort();
	ts_label_cand c;
	if (ts_label_candidate(textclass(), ls, s, n, &c) && c.start + c.len > n)
		abort();
	ts_sentence sn[64];
	ts_buf fold = {0};
	size_t count = ts_sentences(l, s, n, sn, 64);
	for (size_t i = 0; i < count && i < 64; i++) {
		ts_qtype type;
		if (sn[i].start > sn[i].body_end || sn[i].body_end > sn[i].end || sn[i].end > n)
			abort();
		int q = ts_sentence_question(l, s, &sn[i], &fold, &type);
		if (q < 0 || (q && (unsigned)type >= TS_Q_TYPE_COUNT))
			abort();
	}
	ts_buf_free(&fold);
}

static void look_up(const ts_words *l, const char *s, size_t n)
{
	size_t at, len;
	long k;
	if ((k = ts_words_ends(l, s, n)) >= (long)l->n || (k = ts_words_starts(l, s, n)) >= (long)l->n)
		abort();
	if ((k = ts_words_find(l, s, n, ts_cpmask_of(s, n), &at)) >= 0 &&
	    (k >= (long)l->n || at + l->v[k].len > n))
		abort();
	if ((k = ts_words_prefix_ci(l, s, n, &len)) >= 0 && (k >= (long)l->n || len > n))
		abort();
	if ((k = ts_words_find_ci(l, s, n, &at, &len)) >= 0 &&
	    (k >= (long)l->n || at + len > n))
		abort();
	for (size_t i = 0; i < l->n; i++)
		if (ts_words_has(l, l->v[i].w, l->v[i].len) < 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_langs ls;
	ts_langs_init(&ls);
	ts_error err;
	const char *text = (const char *)data;
	size_t bad;
	if (!ts_langs_parse(&ls, "fuzz.json", NULL, text, size, &err)) {
		if (ls.n != 1)
			abort();
		const ts_lang *l = ls.lang[0];
		int valid = !ts_utf8_check(text, size, &bad);
		for (int k = 0; k < TS_L_COUNT; k++) {
			look_up(&l->list[k], sample, strlen(sample));
			if (valid)
				look_up(&l->list[k], text, size);
		}
		questions(&ls, l, sample, strlen(sample));
		if (valid)
			questions(&ls, l, text, size);
		ts_call call = {.unit = TS_UNIT_WORDS};
		ts_turn t = {.cjk = 1};
		if (ts_turn_language(&ls, &call, &t) != 0)
			abort();
	} else if (err.code != TS_EDATA && err.code != TS_ELIMIT && err.code != TS_ENOMEM) {
		abort();
	}
	ts_langs_free(&ls);
	return 0;
}
