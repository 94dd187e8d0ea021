/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Speaker labels: which line starts are "LABEL：" prefixes, and which of
 * them are speakers (declared, or seen at least twice in the input). */
#ifndef TS_LABELS_H
#define TS_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "base/lang.h"
#include "base/text.h"

/* The longest label found, in characters ("short": DESIGN.md, Input
 * formats 1); a declared one may be longer. */
#define TS_LABEL_MAX_CHARS 20

/* A label in capitals, as press transcripts write titles ("SECRETARY OF
 * STATE BLINKEN:", "THE PRINCIPAL DEPUTY PRESS SECRETARY:"), may be found
 * up to this many characters and words: no sentence is written so. */
#define TS_LABEL_MAX_CAPS_CHARS 64
#define TS_LABEL_MAX_CAPS_WORDS 10

/* Distinct label-like prefixes one input may hold when no speaker is
 * declared (each is remembered to be counted). */
#define TS_LABEL_MAX_CANDIDATES 65536

typedef struct ts_label_cand {
	size_t start, len;  /* the label in the line, blanks excluded */
	size_t text;        /* where the utterance starts */
	size_t text_chars;  /* characters of line[start..text), or 0 when not
	                     * counted (ts_labels_line counts them for a label
	                     * it remembers, whose column the reader needs) */
} ts_label_cand;

/* Find a label candidate in a line: blanks, then a short prefix without
 * sentence punctuation ending in '：' or ':' (a '.' only after an
 * abbreviation: one of the languages' abbreviations, or capitals); or a
 * bare "Q" / "Q." followed by a tab or two blanks, as press transcripts
 * mark reporters. */
int ts_label_candidate(const ts_textclass *tc, const ts_langs *ls, const char *line, size_t n,
                       ts_label_cand *c);

/* 1 + the offset of a colon (':' or '：') that comes before any sentence
 * punctuation in the first lim bytes of s[0..n), looked at character by
 * character (by lead bytes), else 0: a byte-level test that rejects most
 * lines of speech before any character-level check runs (every line is
 * tested). */
size_t ts_label_colon_at(const unsigned char *s, size_t n, size_t lim);

/* The last few names a reader took from ts_label_candidate, as written up
 * to their colon (zero it to start): most lines are named by one of a
 * few, and a line that starts with one and its colon gets the same
 * candidate without being judged again (ts_label_recent_find). */
#define TS_LABEL_RECENT 4
#define TS_LABEL_RECENT_BYTES 64
typedef struct ts_label_recent {
	struct {
		char bytes[TS_LABEL_RECENT_BYTES];
		size_t len;
	} v[TS_LABEL_RECENT];
	unsigned next;
} ts_label_recent;

/* Whether line[0..n) starts with one of r's names and its colon: 1 with
 * *c as ts_label_candidate gives it, else 0 (judge the line in full). */
int ts_label_recent_find(const ts_label_recent *r, const char *line, size_t n, ts_label_cand *c);

/* Keep the name of candidate c of line[0..n), when a line that starts with
 * it and its colon is always judged the same. */
void ts_label_recent_keep(ts_label_recent *r, const char *line, size_t n, const ts_label_cand *c);

typedef struct ts_labels ts_labels;

/* Labels judged by the conventions of the languages ls (abbreviations,
 * prefixes that name metadata), which must outlive them. */
ts_labels *ts_labels_new(const ts_langs *ls);
void ts_labels_free(ts_labels *l);

/* Declare a label (from --speakers or @Participants); 0, or -1 when out of
 * memory. */
int ts_labels_declare(ts_labels *l, const char *label, size_t n);

/* Count one occurrence of a candidate at a line start: 0; 1 when it is
 * new and TS_LABEL_MAX_CANDIDATES are remembered already (with no speaker
 * declared: it could not be counted); -1 when out of memory. */
int ts_labels_count(ts_labels *l, const char *label, size_t n);

/* After counting: decide which ids are speakers.  Returns how many. */
size_t ts_labels_decide(ts_labels *l);

/* The speaker slot (0..) of a candidate, or -1 when it is not a speaker.
 * A candidate never counted is normalised and looked up by its id. */
long ts_labels_lookup(ts_labels *l, const char *label, size_t n);

/* Judge the start of a line: 1 when it is a label candidate (filling c),
 * 0 when not, -1 when out of memory, -2 when counting it failed with
 * ts_labels_count's 1.  With `count`, count the candidate
 * (first pass); else set *slot to its speaker slot or -1 (second pass).
 * Each distinct prefix is checked for its shape once and then looked up. */
int ts_labels_line(ts_labels *l, const ts_textclass *tc, const char *line, size_t n,
                   int count, ts_label_cand *c, long *slot);

/* A transcript is read twice, its labels counted, then its calls built,
 * and the second judgement of a line can mostly be the first's: the
 * counting pass notes what the reading pass will find.  A note is an
 * entry of the table (0..), or: */
#define TS_LABEL_UNNOTED (-1)      /* nothing to go by: judge the line */
#define TS_LABEL_NOTED_NONE (-2)   /* no speaker (when the notes hold) */

/* The lines a reader notes at most (two bytes each, ts_labels_note16);
 * those after them are judged twice.  Every thread may hold a reader's
 * notes at once, and a file of short lines has more lines than a quarter
 * of its bytes: the cap keeps the notes of 16 threads to 8 MiB whatever
 * the files.  With one thread, one reader holds them: 2^20 lines (2 MiB),
 * a transcript of some 35 MB, read in windows (over read/input.h's
 * holding limit), whose lines past 2^18 were all judged twice. */
#define TS_LABEL_MAX_NOTES ((size_t)1 << 18)
#define TS_LABEL_MAX_NOTES_ALONE ((size_t)1 << 20)

/* A note as a record of two bytes: an entry up to 0xFFFD, the rest
 * (rare: that many distinct prefixes) TS_LABEL_UNNOTED; the two notes
 * that are no entry as 0xFFFE and 0xFFFF (all bytes 0xFF: unnoted). */
static inline uint16_t ts_labels_note16(int32_t note)
{
	return note >= 0xFFFE ? 0xFFFF : (uint16_t)note;
}

static inline int32_t ts_labels_note_of16(uint16_t v)
{
	return v < 0xFFFE ? (int32_t)v : (int32_t)v - 0x10000;
}

/* ts_labels_line counting, with *note the line's note, given a, the
 * line's leading blanks (ts_skip_blanks), which the first pass has found
 * already; the candidate itself is not given: the first pass needs only
 * its note and count, and the blanks after a colon were looked for on
 * nearly every line in vain. */
int ts_labels_count_line(ts_labels *l, const ts_textclass *tc, const char *line, size_t n,
                         size_t a, int32_t *note);

/* After counting: whether the notes hold for the reading pass (a speaker
 * declared on the way may have made it look further for colons than the
 * lines before were looked at); else forget them. */
int ts_labels_notes_hold(const ts_labels *l);

/* What the reading pass takes of the entry a note names. */
typedef struct ts_label_entry {
	uint32_t len, chars;  /* the label as written: bytes, characters */
	long slot;            /* its speaker slot, or -1 */
} ts_label_entry;

/* After ts_labels_decide: the entries notes name (*n of them), malloc'd,
 * or NULL when out of memory. */
ts_label_entry *ts_labels_entries(const ts_labels *l, size_t *n);

/* The speaker slot ts_labels_line not counting gives the line the
 * counting pass noted as `note` (an entry of ents[0..nents)), a its
 * leading blanks, e its end without trailing blanks (a < e): 0 with *slot,
 * and *c (text_chars counted) as ts_labels_line sets them; or -1 when the
 * note is not an entry (or not of this line): judge it.  Inline: once a
 * line. */
static inline int ts_labels_noted(const ts_label_entry *ents, size_t nents, int32_t note,
                                  const char *line, size_t a, size_t e, ts_label_cand *c,
                                  long *slot)
{
	if (note < 0 || (size_t)note >= nents)
		return -1;
	const ts_label_entry *en = &ents[note];
	const unsigned char *s = (const unsigned char *)line;
	size_t colon = a + en->len, t;
	/* the colon where the note puts it; the label's bytes are the
	 * first pass's (an input that changes between the passes may be
	 * read as either) */
	if (colon < e && s[colon] == ':')
		t = colon + 1;
	else if (colon + 3 <= e && s[colon] == 0xEF && s[colon + 1] == 0xBC && s[colon + 2] == 0x9A)
		t = colon + 3;
	else
		return -1;
	size_t b = ts_skip_blanks(line + t, e - t);
	*c = (ts_label_cand){a, en->len, t + b, en->chars + 1 + (b <= 1 ? b : ts_utf8_len(line + t, b))};
	*slot = en->slot;
	return 0;
}

/* Add what a first pass over a later part of the input counted (src) to
 * dst, the first pass over the part before it: afterwards dst is what one
 * pass over both would have counted.  0; 1 when that cannot be known (the
 * candidate table filled up, or the two parts judged a prefix differently,
 * as "http" in "http://..." and in "http: ..."), and the caller must count
 * in one pass; -1 when out of memory. */
int ts_labels_merge(ts_labels *dst, const ts_labels *src);

/* A copy, for another thread's second pass (lookups move the MRU cache). */
ts_labels *ts_labels_clone(const ts_labels *l);

/* The id (NFKC) of a speaker slot. */
const char *ts_labels_id(const ts_labels *l, long slot);

size_t ts_labels_nspeakers(const ts_labels *l);
int ts_labels_any_declared(const ts_labels *l);

#endif
