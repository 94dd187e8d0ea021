/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Aggregation across calls: the pieces shared by aggregate*.c.
 *
 *   aggregate_metrics.c  what is measured: reading a call record, the
 *                        metric and rate tables, observations
 *   aggregate_input.c    files, directories, stdin; JSON, JSON Lines,
 *                        transcripts; partial files
 *   aggregate.c          groups, keys, accumulation
 *   aggregate_output.c   statistics and the JSON, CSV and partial output */
#ifndef TS_AGGREGATE_H
#define TS_AGGREGATE_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "analyse/lexicon.h"
#include "aggregate/multiset.h"
#include "base/buf.h"
#include "base/hash.h"
#include "analyse/figures.h"
#include "talkstat.h"

/* ---- what a call record holds (aggregate_metrics.c) ---- */

/* A speaker of a call record: the speaker figures of analyse/figures.h
 * (NaN: missing). */
typedef struct agg_speaker {
	const char *id;
	int role;                 /* TS_ROLE_* */
	double v[TS_SF_COUNT];
} agg_speaker;

typedef struct agg_meta {
	const char *key;
	const char *value;        /* NULL when the value is not a string */
} agg_meta;

/* One call record, from a summary's JSON or from a result (strings
 * borrowed from either).  Missing numbers are NaN. */
typedef struct agg_rec {
	const char *source;       /* the record's source, else the file's */
	const char *language;     /* "zh", "en" ...; NULL when the record has none */
	const char *unit;         /* "chars" or "words": the unit of its lengths and
	                           * rates per 1,000 units; NULL when it has none */
	agg_meta *meta;
	size_t nmeta, capmeta;
	agg_speaker *sp;
	size_t nsp, capsp;
	int has_speakers;         /* the record has a speakers list */
	double c[TS_CF_COUNT];    /* call figures */
} agg_rec;

/* Fill rec from a call object parsed from text[0..len) (NULL: no text);
 * TS_EINPUT naming file:line (and the column, with text) for fields of the
 * wrong type or a negative count.  The source is the record's own, else
 * dflt, else file. */
int ts_agg_rec_read(agg_rec *rec, const cJSON *call, const char *text, size_t len,
                    const char *file, long line, const char *dflt, ts_error *err);

/* Whether reading a record looks up the member key[0..n) of an object at
 * `at` (TS_SKIM_*, aggregate/json_skim.h): what a skim keeps. */
int ts_agg_reads_member(int at, const char *key, size_t n);

/* Fill rec from a result (no JSON in between); 0 or TS_ENOMEM. */
int ts_agg_rec_result(agg_rec *rec, const ts_result *r, const char *source);

void ts_agg_rec_free(agg_rec *rec);

/* A record as bytes, for a record made in one thread and added in another
 * (transcripts aggregated with threads): appended to out; 0 or TS_ENOMEM. */
int ts_agg_rec_pack(const agg_rec *rec, ts_buf *out);

/* The record of pack's bytes p[0..n): rec's strings point into p (and its
 * source is `source`).  0 or TS_ENOMEM. */
int ts_agg_rec_unpack(agg_rec *rec, const char *p, size_t n, const char *source);

/* ---- metrics and rates ---- */

/* Whom a call-level quantity describes: the call as a whole, or one side
 * of it (in per-speaker and per-role aggregates it goes to that side). */
enum { SUBJ_CALL, SUBJ_RESPONDENT, SUBJ_CALLER };

/* A quantity of a call record. */
enum {
	V_NONE,
	V_FIGURE,        /* a call figure */
	V_SPEAKERS,      /* how many speakers */
	V_SPEAKER_SUM,   /* a speaker figure summed over the speakers */
	V_PAIRS,         /* questions paired with a reply (the reply classes summed) */
	V_DEFLECTED      /* ... with a reply in a deflection class */
};

typedef struct agg_value {
	int kind;        /* V_* */
	int arg;         /* V_FIGURE: TS_CF_*; V_SPEAKER_SUM: TS_SF_* */
} agg_value;

/* A call-level metric is a value or a ratio of two; a rate pools its
 * numerator and denominator over calls. */
typedef struct agg_quantity {
	const char *name;
	int subject;     /* SUBJ_* */
	agg_value num, den;  /* den V_NONE: no ratio */
} agg_quantity;

enum {
	C_SPEAKERS,
	C_TURNS,
	C_SWITCHES,
	C_LENGTH,
	C_SECONDS,
	C_HANGUP_EVENTS,
	C_DEFL,
	C_DEFL_CAT,                               /* + category */
	C_QUESTIONS = C_DEFL_CAT + TS_CAT_COUNT,
	C_MARKED,
	C_HANGUPS,
	C_PAIRS,
	C_RESPONSIVENESS,
	C_DEFLECTED,
	C_REASKS,
	C_COUNT
};

enum {
	R_RESPONSIVENESS,
	R_DEFLECTED,
	R_REPLY,                                  /* + reply class */
	R_CLARITY = R_REPLY + TS_R_COUNT,         /* + CLARITY class */
	R_REASKS = R_CLARITY + TS_C_COUNT,
	R_MARKED,
	R_COUNT
};

extern const agg_quantity ts_agg_call_metrics[C_COUNT];
extern const agg_quantity ts_agg_rates[R_COUNT];

/* Values of the call-level metrics (NaN: missing). */
void ts_agg_call_values(const agg_rec *rec, double out[C_COUNT]);

/* Values of the speaker figures over the speakers of `role` (-1: any),
 * combined as the figure table says.  All NaN when no speaker is on the
 * side. */
void ts_agg_side_values(const agg_rec *rec, int role, double out[TS_SF_COUNT]);

/* The same over the speakers rec->sp[idx[0..n)] (one person listed more
 * than once), given all = ts_agg_call_length(rec). */
void ts_agg_speaker_values(const agg_rec *rec, const size_t *idx, size_t n, double all,
                           double out[TS_SF_COUNT]);

/* The length of every speaker: the call's. */
double ts_agg_call_length(const agg_rec *rec);

/* Numerators and denominators of the rates; present[i] is 0 when the
 * record lacks them or they are not a share (0 <= num <= den). */
void ts_agg_rate_values(const agg_rec *rec, double num[R_COUNT], double den[R_COUNT],
                        int present[R_COUNT]);

/* A meta value of a record by key: exact, else without case; NULL unless
 * a string. */
const char *ts_agg_meta(const agg_rec *rec, const char *key);

/* ---- groups and the aggregate (aggregate.c) ---- */

enum { KEY_META, KEY_YEAR, KEY_MONTH, KEY_SOURCE, KEY_SPEAKER, KEY_ROLE, KEY_LANGUAGE, KEY_UNIT };

/* The kind of a --by key name of n bytes: a reserved name (year, month,
 * source, speaker, role, language, unit), else KEY_META. */
int ts_agg_key_kind(const char *name, size_t n);
enum { MODE_CALL, MODE_ROLE, MODE_SPEAKER };

typedef struct agg_key {
	int kind;
	char *name;               /* as written in --by, without '@' */
} agg_key;

/* A metric as reported in this mode: a side metric (of a role, in call
 * mode) or a call-level one. */
typedef struct agg_metric {
	char *name;
	int side;                 /* 1: index into the side values */
	int index;
	int role;                 /* call mode side metrics: the role; else -1 */
} agg_metric;

typedef struct agg_rate {
	double num, den;
	uint64_t n;               /* observations that had the section */
	uint64_t m;               /* ... with a denominator above 0: the clusters */
	double yy, xx, xy;        /* sums of num^2, den^2, num * den over them
	                           * (whole numbers, exact below 2^53) */
} agg_rate;

/* Add one observation's numerator and denominator to a rate. */
void ts_agg_rate_add(agg_rate *r, double num, double den);

typedef struct agg_group {
	char **key;               /* nkeys values, NULL for a missing one */
	char *ckey;               /* canonical encoding, for hashing and seeds */
	size_t ckeylen;
	size_t seedlen;           /* ... its bytes of the keys given (the seeds: the
	                           * unit a split adds does not change them) */
	uint64_t calls, observations;
	uint64_t last_call;       /* serial of the last call counted */
	ts_multiset *ms;          /* per metric */
	agg_rate *rates;          /* per rate */
} agg_group;

struct ts_agg {
	ts_agg_options opt;
	char *by;                 /* the keys as given, joined by commas (messages) */
	agg_key keys[TS_AGG_MAX_KEYS + 1];
	size_t nkeys;             /* the keys given, and the unit key when implicit */
	int implicit_unit;        /* the last key is the unit, added because no key
	                           * given tells units apart: calls counted in
	                           * characters and in words are never pooled */
	size_t nshown;            /* keys in the output: without the implicit unit
	                           * when every group has the same (ts_agg_write) */
	int mode;
	agg_metric *metrics;
	size_t nmetrics;
	int rate_used[R_COUNT];   /* rates reported in this mode */
	agg_group **groups;
	size_t ngroups, capgroups;
	ts_hindex index;          /* groups by their canonical key */
	uint64_t calls;           /* call records added */
	agg_rec rec;              /* reused between records */
	char *model;              /* the reply model responsiveness is corrected
	                           * for (ts_agg_use_model); NULL: none */
	size_t mrows;             /* its confusion matrix, by gold label: */
	double mpos[TS_EV_COUNT]; /* pairs predicted a clear reply */
	double mtot[TS_EV_COUNT]; /* all pairs */
	int mgold[TS_EV_COUNT];   /* the gold label is a clear reply */
};

/* Add a call record; source:line name it in errors (line 0: unknown). */
int ts_agg_add_rec(ts_agg *agg, const agg_rec *rec, const char *source, long line, ts_error *err);

/* The threads aggregation runs on: opt.threads, or every processor when
 * 0 (1 to 256). */
size_t ts_agg_threads(const ts_agg *agg);

/* Add an already parsed call object found at file:line (line 0: unknown),
 * whose text is text[0..len) (NULL: not known); dflt: its source when it
 * names none (NULL: file). */
int ts_agg_add_call(ts_agg *agg, const cJSON *call, const char *text, size_t len,
                    const char *file, long line, const char *dflt, ts_error *err);

/* The group with these key values, created when new (NULL: out of memory). */
agg_group *ts_agg_group(ts_agg *agg, char *const *key);

/* The order of groups by key values (a missing value first): <0, 0, >0. */
int ts_agg_cmp_keys(const ts_agg *agg, char *const *a, char *const *b);

/* Groups in output order (by key values, a missing value first), and
 * agg->nshown set: the implicit unit key is shown when groups differ in it. */
void ts_agg_sort_groups(ts_agg *agg);

/* The keys given (the implicit unit key aside). */
size_t ts_agg_given_keys(const ts_agg *agg);

/* Partial aggregates: read one line (aggregate_input.c calls it). */
typedef struct agg_partial_state {
	int header;               /* header seen */
	uint64_t calls, groups;   /* ... its counts */
	long header_line, calls_col, groups_col;
	uint64_t seen;            /* group lines read */
	uint64_t group_calls;     /* their calls (they add up without role or speaker keys) */
	char **prev;              /* the key of the group before */
	agg_group *group;         /* the group the following lines are about, until its end */
	long group_line, group_col;
	uint64_t obs;             /* its observations in this file */
	uint64_t h;               /* FNV-1a of its lines so far */
	size_t nlines;
	long metric;              /* the metric of the last metric line, -1: none */
	uint64_t values;          /* values of that metric so far */
	double last;              /* its last value */
} agg_partial_state;

/* Write the partial form (groups sorted first). */
int ts_agg_write_partial(ts_agg *agg, ts_write_fn fn, void *arg, ts_error *err);

/* Rebuild keys, mode and metrics from a --by list (an empty aggregate
 * adopts the keys of the first partial it merges). */
int ts_agg_set_keys(ts_agg *agg, const char *const *by, size_t n, ts_error *err);

/* A partial file's line text[0..len), parsed as v, checked against what
 * came before and added; TS_EINPUT at file:line:col when inconsistent. */
int ts_agg_partial_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *text,
                        size_t len, const char *file, long line, ts_error *err);

/* At the end of a partial file: TS_EINPUT when it was cut short or its
 * header's counts do not add up. */
int ts_agg_partial_end(const ts_agg *agg, const agg_partial_state *st, const char *file,
                       ts_error *err);

#endif
