/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Text without case: the one way talkstat compares words, cues and keys
 * regardless of case.  A code point is folded alone: ASCII directly, any
 * other through utf8proc's lower-case mapping (Latin, Greek, Cyrillic ...);
 * the right single quotation mark ’ (U+2019), which word processors put
 * for an apostrophe, folds to '.  Matching that needs NFKC as well (the
 * lexicons) folds whole texts with base/fold.h. */
#ifndef TS_CASELESS_H
#define TS_CASELESS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

uint32_t ts_ci_fold(uint32_t cp);

/* Whether cp is a character no other folds into and that folds to itself
 * (ideographs, kana, punctuation, digits; not letters with case, ' or ’):
 * text of such characters compares the same with case and without. */
int ts_ci_caseless_char(uint32_t cp);

/* s[0..n) with every code point folded, appended to out (bytes that are
 * not UTF-8 are copied); 0, or -1 when out of memory. */
int ts_ci_fold_text(const char *s, size_t n, ts_buf *out);

/* Bytes of the start of s[0..n) that equal p (NUL-terminated UTF-8)
 * without case; 0 when s does not start with p.  Bytes that are not UTF-8
 * match only themselves. */
size_t ts_ci_prefix(const char *s, size_t n, const char *p);

/* The first character of s[0..n), n > 0, as ts_ci_prefix compares it:
 * folded, a byte that is not UTF-8 a value past U+10FFFF.  s starts with
 * p without case only where the two are equal, so a caller that tries
 * many words in turn at one place can compare this first. */
uint32_t ts_ci_first(const char *s, size_t n);

/* The same for a p of m bytes that is folded already (ts_ci_fold_text):
 * a compiled word. */
size_t ts_ci_prefix_folded(const char *s, size_t n, const char *p, size_t m);

/* Fold s[0..n) into out (n bytes) when every character folds to one of
 * the same length in UTF-8, so that a place in out is the same place in s:
 * 1; else 0 (out is then of no use).  Bytes that are not UTF-8 give 0. */
int ts_ci_fold_aligned(const char *s, size_t n, char *out);

/* The first place in s[0..n) that equals p without case: its offset, with
 * its length in *len; n when there is none. */
size_t ts_ci_find(const char *s, size_t n, const char *p, size_t *len);

/* Whether a[0..an) and b[0..bn) are equal without case. */
int ts_ci_equal(const char *a, size_t an, const char *b, size_t bn);

/* A hash of s[0..n) that texts equal without case share (FNV-1a over the
 * folded code points). */
uint64_t ts_ci_hash(const char *s, size_t n);

#endif
