/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Fuzz target for the lexicon loader and the matcher: any bytes must load
 * as a lexicon or give a located error, never a crash, a hang or a leak.  A
 * file that loads is built into an automaton and run over a fixed text and
 * over its own bytes, in both languages, and the scan's folding of those
 * bytes is checked against ts_fold_text.
 *
 * libFuzzer: ./configure CC=clang --enable-fuzzing && make tests/fuzz/fuzz_lexicon
 *            tests/fuzz/fuzz_lexicon tests/fuzz/corpus/lexicon
 * make check replays the corpus through tests/fuzz/replay.c. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "analyse/lexicon.h"
#include "analyse/match.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] =
	"这个我不太清楚，你得问一下组织部。得等党组研究之后再说。我很清楚。"
	"I'm not going to comment on that; I'd refer you to the Department of Labor. "
	"No comment.  ＮＯ ＣＯＭＭＥＮＴ — I’m not aware of it.";

/* Two languages of their own, so that the target runs without the data
 * folder: one of CJK characters, one of words, with the built-in ones'
 * target windows. */
static const ts_langs *langs(void)
{
	static ts_langs ls;
	static const char *const docs[] = {
		"{\"language\": \"zh\", \"script\": \"cjk\", \"unit\": \"chars\", \"target_window\": 24}",
		"{\"language\": \"en\", \"script\": \"alphabetic\", \"unit\": \"words\", "
		"\"target_window\": 60}",
	};
	if (!ls.n) {
		ts_error err;
		ts_langs_init(&ls);
		for (size_t i = 0; i < 2; i++)
			if (ts_langs_parse(&ls, "lang.json", NULL, docs[i], strlen(docs[i]), &err))
				abort();
	}
	return &ls;
}

static const ts_fold *fold(void)
{
	static ts_textclass *tc;
	static ts_fold *f;
	if (!f) {
		tc = ts_textclass_new();
		f = tc ? ts_fold_new(tc) : NULL;
		if (!f)
			abort();
	}
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_lexicon lx;
	ts_lexicon_init(&lx, langs());
	ts_error err;
	const char *text = (const char *)data;
	if (!ts_lexicon_parse(&lx, "fuzz.json", text, size, &err)) {
		ts_matcher *m = NULL;
		if (!ts_matcher_new(&m, &lx, fold(), &err)) {
			ts_matchbuf mb = {0};
			const ts_match *ms;
			size_t n, bad;
			for (int lang = 0; lang < (int)langs()->n; lang++) {
				if (ts_matcher_run(m, &mb, sample, strlen(sample), lang, &ms, &n))
					abort();
				for (size_t i = 0; i < n; i++)
					if (ms[i].start >= ms[i].end || ms[i].end > strlen(sample))
						abort();
				if (!ts_utf8_check(text, size, &bad) &&
				    ts_matcher_run(m, &mb, text, size, lang, &ms, &n))
					abort();
			}
			/* A scan's folded text and symbols agree with ts_fold_text
			 * and the repairs left out, also on bytes that are not
			 * UTF-8; offsets still rise. */
			ts_folded ref = {0};
			if (ts_fold_text(fold(), text, size, &ref))
				abort();
			ts_match_drop_repairs(&ref);
			if (ts_matcher_fold(m, &mb, text, size) || mb.n != ref.n)
				abort();
			for (size_t i = 1; i < ref.n; i++)
				if (ref.off[i] < ref.off[i - 1])
					abort();
			for (size_t i = 0; i < ref.n; i++)
				if (mb.sym[i] != ts_matcher_symbol(m, ref.cp[i]) || mb.cls[i] != ref.cls[i] ||
				    mb.off[i] != ref.off[i])
					abort();
			ts_folded_free(&ref);
			ts_matchbuf_free(&mb);
			ts_matcher_free(m);
		}
	}
	ts_lexicon_free(&lx);
	return 0;
}
