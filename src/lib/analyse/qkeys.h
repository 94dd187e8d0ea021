/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Content keys of a stretch of text: what two questions, or a question and
 * a sentence of a reply, have in common (docs/qa.md, "Re-asks" and
 * "Several questions in one turn"). */
#ifndef TS_QKEYS_H
#define TS_QKEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/lang.h"
#include "base/swar.h"
#include "base/text.h"

/* Keys, by the language's keys section: pairs of adjacent content
 * characters (Chinese, the pair itself) or content words (English, hashed),
 * sorted, without repeats; at most TS_KEYS_MAX.  (k has a slot past them:
 * a pair is stored there before it is known to be a key.) */
#define TS_KEYS_MAX 256
typedef struct ts_keyset {
	uint64_t k[TS_KEYS_MAX + 1];
	size_t n;
} ts_keyset;

void ts_keys(const ts_textclass *tc, const ts_lang *lang, const char *s, size_t n, ts_keyset *out);

/* Keys found in both sets. */
size_t ts_keys_common(const ts_keyset *a, const ts_keyset *b);

/* Share of the smaller set found in the other; 0 when it has fewer than
 * two keys (one shared word says little). */
double ts_keys_overlap(const ts_keyset *a, const ts_keyset *b);

/* The keys of a set kept for later (the re-asks keep those of many
 * questions): as many as the set has, not room for the most. */
typedef struct ts_keylist {
	uint64_t *k;
	size_t n, cap;
	uint64_t bits;       /* a bit for each key (ts_keylist_reaches) */
} ts_keylist;

/* Copy set into l (its array reused); 0, or -1 when out of memory. */
int ts_keylist_set(ts_keylist *l, const ts_keyset *set);

/* ts_keys_overlap of two kept lists. */
double ts_keylist_overlap(const ts_keylist *a, const ts_keylist *b);

/* Whether ts_keylist_overlap(a, b) >= share, the overlap found only when
 * the bits of the keys of the two allow it: most pairs of questions share
 * few keys.  Inline: the re-asks ask it of each question against the
 * hundreds before it, and most are ruled out by the bits alone. */
static inline int ts_keylist_reaches(const ts_keylist *a, const ts_keylist *b, double share)
{
	/* the smaller list's count and bits, and the other's bits, chosen
	 * without a branch (which is smaller follows no pattern) */
	uint64_t abits = a->bits, bbits = b->bits;
	size_t n = a->n <= b->n ? a->n : b->n;
	uint64_t small = bbits ^ ((abits ^ bbits) & -(uint64_t)(a->n <= b->n));
	uint64_t other = abits ^ bbits ^ small;
	/* each bit of the smaller list's that the other has not is a key of
	 * it (one at least) not in the other: the keys in both are at most
	 * the rest, and the overlap, found as (double)common / n, no more
	 * than they make; with no bit in common (about half the pairs of
	 * questions of a dozen keys), none (0 is below no share of 0 or
	 * less).  One test of the bound where there were two, one of the
	 * bits in common, then one of the bound: each went either way about
	 * as often, and missed, where the pairs that pass both (one in
	 * eleven on zh5) are few. */
	size_t may = (n - ts_swar_popcount(small & ~other)) & -(size_t)((abits & bbits) != 0);
	/* may / n < share, asked by a product, not a division whose result
	 * a branch waited on: share is made smaller by a margin (2^-40 of it)
	 * far above the rounding of the product and of the division, so that
	 * a pair ruled out here has may / n, and its overlap, below share as
	 * they are rounded (one within the margin is left to the overlap) */
	if (n >= 2 && (double)may < share * (1 - 0x1p-40) * (double)n)
		return 0;
	return ts_keylist_overlap(a, b) >= share;
}

#endif
