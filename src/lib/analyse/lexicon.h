/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Deflection lexicons: the JSON files of docs/lexicon.md, loaded and
 * validated.  Errors name the file and the entry ("zh.json: entry 12:
 * unknown category 'refer'"); a file that fails leaves the lexicon as it
 * was. */
#ifndef TS_LEXICON_H
#define TS_LEXICON_H

#include <stddef.h>

#include "base/classes.h"
#include "base/lang.h"
#include "talkstat.h"




#define TS_LEX_DEFAULT_GAP 6
#define TS_LEX_MAX_GAP 40
#define TS_LEX_MAX_PIECES 8
#define TS_LEX_MAX_PHRASE 512            /* bytes of a phrase as written */
#define TS_LEX_MAX_FILE ((size_t)16 << 20)

typedef struct ts_lexentry {
	char *phrase;       /* as written: "得…研究", "问一下{target}" */
	char *pieces;       /* the pieces between '…', each NUL-terminated, one after
	                     * the other, without {target} */
	size_t npieces;
	int target;         /* ends with {target} */
	ts_category category;
	int language;       /* of its file: an index into the loaded languages */
	int max_gap;        /* characters allowed between pieces */
	int declines;       /* "declines": as a reply's main move, a refusal to
	                     * answer (CLARITY's Declining to answer; docs/qa.md) */
	size_t file;        /* index into ts_lexicon.files */
	size_t number;      /* 1-based position in its file's entries */
} ts_lexentry;

typedef struct ts_lexblock ts_lexblock;

typedef struct ts_lexicon {
	const ts_langs *langs;            /* the languages files may name (borrowed) */
	ts_lexentry *entries;
	size_t n, cap;
	char **files;                     /* names as given, for messages */
	size_t nfiles, files_cap;
	char **org[TS_LANG_MAX];          /* organisation words, as written */
	size_t norg[TS_LANG_MAX], org_cap[TS_LANG_MAX];
	char **lead[TS_LANG_MAX];         /* words trimmed from the start of a target */
	size_t nlead[TS_LANG_MAX], lead_cap[TS_LANG_MAX];
	/* beside lead[l][k], its first character (ts_ci_first) */
	uint32_t *lead_first[TS_LANG_MAX];
	size_t lead_first_cap[TS_LANG_MAX];
	ts_lexblock *texts;               /* the entries' texts and the words, in
	                                   * blocks that never move, the newest first */
} ts_lexicon;

/* An empty lexicon whose files may name the languages of langs (which
 * must outlive it). */
void ts_lexicon_init(ts_lexicon *lx, const ts_langs *langs);
void ts_lexicon_free(ts_lexicon *lx);

/* Add the entries and organisation words of a lexicon file. */
int ts_lexicon_load(ts_lexicon *lx, const char *path, ts_error *err);

struct ts_jsondoc;

/* ts_lexicon_load in two steps, the first of which needs no lexicon nor
 * languages (run/context.c reads the built-in files on a thread of its
 * own while the languages load): the file at path read and parsed into
 * *d, 0 or an error in err; then added to lx with that rc and err, which
 * it reports as ts_lexicon_load would, and d freed.  path must live until
 * ts_lexicon_add. */
int ts_lexicon_read(const char *path, struct ts_jsondoc *d, ts_error *err);
int ts_lexicon_add(ts_lexicon *lx, const char *path, struct ts_jsondoc *d, int rc,
                   ts_error *err);

/* The same for a file's bytes already in memory; name is used in
 * messages. */
int ts_lexicon_parse(ts_lexicon *lx, const char *name, const char *data, size_t len,
                     ts_error *err);

/* Where a captured target text[start..end) starts without its leading
 * function words ("the Department of Justice", "我们上级"), the lead
 * words of language, without case: in a language that counts words, whole
 * words followed by a blank; in one that counts characters, anywhere.  At
 * least one word stays. */
size_t ts_lexicon_trim_target(const ts_lexicon *lx, int language, const char *text,
                              size_t start, size_t end);

/* The i-th piece of an entry (borrowed from the entry). */
const char *ts_lexentry_piece(const ts_lexentry *e, size_t i);

#endif
