/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Finding lexicon phrases in text (docs/lexicon.md, "Matching").
 *
 * Every piece of every entry, folded (fold.h), goes into one Aho-Corasick
 * automaton over code points, built once per run; a text is folded and
 * scanned once, so the cost of a scan does not depend on the number of
 * entries.  Pieces found are then checked for word boundaries, chained into
 * gapped patterns, extended by target captures, and overlaps are resolved
 * (longest first, then earliest). */
#ifndef TS_MATCH_H
#define TS_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/fold.h"
#include "analyse/lexicon.h"
#include "talkstat.h"

typedef struct ts_matcher ts_matcher;

/* Build the automaton.  lx and fold are borrowed and must outlive the
 * matcher.  An entry whose phrase folds to the same text as an earlier
 * entry of the same file is an error; of an earlier file, it replaces that
 * one (so --lexicon FILE can recategorise a built-in entry). */
int ts_matcher_new(ts_matcher **m, const ts_lexicon *lx, const ts_fold *fold, ts_error *err);
void ts_matcher_free(ts_matcher *m);

/* Size of the automaton, for benchmarks. */
size_t ts_matcher_states(const ts_matcher *m);

/* A match, in byte offsets of the text given to ts_matcher_run. */
typedef struct ts_match {
	size_t entry;         /* index into the lexicon's entries */
	size_t start, end;    /* the whole match, target included */
	int has_target;
	size_t tstart, tend;  /* the target when has_target */
} ts_match;

struct ts_mhit;
struct ts_mrange;
struct ts_mcand;

/* Scratch memory of a scan, reused from text to text so that it grows with
 * the longest text.  Zero-initialise; free with ts_matchbuf_free. */
typedef struct ts_matchbuf {
	/* the folded text (ts_fold_text) and the symbol of each folded
	 * character (0: in no phrase); cls (TS_FC_*) and off (source byte
	 * offset) are f's arrays, borrowed */
	ts_folded f;
	uint16_t *sym;
	size_t sym_cap;
	const uint8_t *cls;
	const uint32_t *off;
	size_t n;
	struct ts_mhit *hits, *sorted;   /* pieces of gapped and target entries */
	size_t nhits, hits_cap, sorted_cap;
	/* bit p % 64 of each pattern p with hits that completes an entry
	 * (a later piece, or the first of a target entry), and the bits of
	 * the second pieces of the entries that those with hits start
	 * (ts_matcher.next_bits): no entry is complete unless they share one */
	uint64_t later, seconds;
	uint32_t *count;                 /* hits per pattern, zero between scans */
	size_t count_cap;
	uint32_t *touched;               /* patterns with hits */
	size_t ntouched, touched_cap;
	struct ts_mrange *ranges;
	size_t nranges, ranges_cap;
	struct ts_mcand *cands;
	size_t ncands, cands_cap;
	struct ts_mcand *kept;
	size_t nkept, kept_cap;
	uint8_t *taken;                  /* resolve: folded characters in a kept match */
	size_t taken_cap;
	ts_match *out;
	size_t nout, out_cap;
	size_t far_walks;                /* far steps walked since the last
	                                  * look for the table (match_int.h) */
} ts_matchbuf;

void ts_matchbuf_free(ts_matchbuf *mb);

/* Find the matches of the entries of `language` (its index among the loaded
 * languages) in valid UTF-8
 * text[0..len).  *matches (borrowed from mb, valid until its next use) are
 * in text order and do not overlap; entries of category none are left
 * out.  Returns 0, TS_ENOMEM or TS_ELIMIT. */
int ts_matcher_run(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len,
                   int language, const ts_match **matches, size_t *n);

/* 0 when ts_matcher_run finds no piece in text[0..len) that it would
 * keep (and so no match), without folding it; 1 when it may.  The run
 * asks this first. */
int ts_matcher_may_match(const ts_matcher *m, const char *text, size_t len, int language);

/* For tests: fold text into mb->sym, cls, off as a scan does (ts_fold_text,
 * then ts_match_drop_repairs); and the symbol of a folded code point (0: in
 * no phrase or organisation word). */
int ts_matcher_fold(const ts_matcher *m, ts_matchbuf *mb, const char *text, size_t len);

/* Leave spoken repairs of words written with spaces out of folded text, in
 * place ("no comm- comment", "not -- not"; docs/lexicon.md): what a scan
 * matches. */
void ts_match_drop_repairs(ts_folded *f);
uint32_t ts_matcher_symbol(const ts_matcher *m, uint32_t c);

#endif
