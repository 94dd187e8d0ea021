/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The figures of a call's result, listed once: where each is kept in
 * ts_result, its name in the summary and in aggregation, and how it
 * combines over the speakers of one side of a call.  The summary writer
 * (output/summary.c), the reading of summaries and the aggregate metrics
 * (aggregate/) and tests/unit/test_figures.c all go by these tables, so a
 * new figure is one row here, one field in talkstat.h and the code that
 * computes it. */
#ifndef TS_FIGURES_H
#define TS_FIGURES_H

#include <stddef.h>

#include "talkstat.h"

/* Kinds of value. */
enum {
	TS_FT_COUNT,   /* size_t */
	TS_FT_REAL,    /* double; NaN is undefined (null) */
	TS_FT_BOOL     /* int */
};

/* How a speaker figure combines over the speakers of a side (aggregation's
 * per-role and per-speaker metrics). */
enum {
	TS_FC_NONE,    /* not aggregated */
	TS_FC_SUM,
	TS_FC_MAX,
	TS_FC_RATIO    /* scale * sum(num) / sum(den) over the side; den -1: the
	                * length of every speaker of the call */
};

/* Where a speaker figure is written in the summary. */
enum {
	TS_FG_SPEAKERS,        /* "speakers": [{...}]: every speaker */
	TS_FG_DEFL_SPEAKER,    /* "deflections"."by_speaker": {id: {...}}: respondents */
	TS_FG_QUESTIONS,       /* "qa"."questions"."by_speaker": {id: n}: every speaker */
	TS_FG_RESPONDENT,      /* "qa"."by_respondent": {id: {...}}: respondents */
	TS_FG_NONE             /* aggregation only */
};

/* Where a group is: the speakers list, or a map from a speaker's id to its
 * figures inside a section's object. */
typedef struct ts_figure_group {
	unsigned section;      /* TS_SECTION_* */
	const char *object;    /* the section's object: "deflections", "qa"; NULL:
	                        * the call's "speakers" list */
	const char *parent;    /* the map's parent member ("questions"), or NULL */
	const char *map;       /* the map: "by_speaker" */
	int numbers;           /* its values are numbers (a group of one figure), not
	                        * objects */
	int respondents;       /* only respondents are listed; one not listed has 0 */
} ts_figure_group;

extern const ts_figure_group ts_figure_groups[TS_FG_NONE];

/* Speaker figures, in summary order within their group and in the order of
 * aggregation's metrics. */
enum {
	TS_SF_TURNS,
	TS_SF_LENGTH,
	TS_SF_CHARS,
	TS_SF_WORDS,
	TS_SF_SHARE,
	TS_SF_SECONDS,
	TS_SF_SECONDS_ESTIMATED,
	TS_SF_SHARE_OF_CALL,
	TS_SF_OVERLAP_SECONDS,
	TS_SF_OVERLAPS,
	TS_SF_SPEAKING_RATE,
	TS_SF_MEAN_TURN,
	TS_SF_LONGEST_TURN,
	TS_SF_LONGEST_MONO,
	TS_SF_LONGEST_MONO_SECONDS,
	TS_SF_BACKCHANNELS,
	TS_SF_DEFL,
	TS_SF_DEFL_CAT,                            /* + category */
	TS_SF_PER1000 = TS_SF_DEFL_CAT + TS_CAT_COUNT,
	TS_SF_PER1000_CAT,                         /* + category */
	TS_SF_QUESTIONS = TS_SF_PER1000_CAT + TS_CAT_COUNT,
	TS_SF_REPLIED,
	TS_SF_CLEAR,
	TS_SF_DEFLECTED,
	TS_SF_RESPONSIVENESS,
	TS_SF_DEFLECTED_SHARE,
	TS_SF_COUNT
};

typedef struct ts_figure {
	const char *key;      /* member in the speaker's object of its group; NULL: none */
	const char *sub;      /* ... inside this object of it ("by_category"), or NULL */
	const char *name;     /* metric in aggregation ("deflections.referral"); NULL: none */
	int group;            /* TS_FG_* */
	unsigned section;     /* TS_SECTION_* that computes it */
	int type;             /* TS_FT_* */
	size_t offset;        /* in ts_speaker_stats; (size_t)-1: only aggregated */
	int combine;          /* TS_FC_* */
	int num, den;         /* TS_FC_RATIO: figures (den -1: the call's length) */
	double scale;
	int absent_zero;      /* read from a summary: a missing value is 0, not missing */
	int timed;            /* only in timed calls: absent from the summary of any
	                       * other, and missing in aggregation */
	int text;             /* a measure of text: null in a call without text (RTTM);
	                       * so is every figure of deflections and questions */
} ts_figure;

extern const ts_figure ts_speaker_figures[TS_SF_COUNT];

/* The value of a speaker figure of s as a double (NaN when it is computed
 * from others or undefined: a text figure of a call without text, a time
 * figure of an untimed call). */
double ts_figure_value(const ts_figure *f, const ts_speaker_stats *s);

/* Call figures: the numbers of a call besides its speakers' and its lists,
 * in summary order within each object. */
enum {
	TS_CF_TURNS,
	TS_CF_SWITCHES,
	TS_CF_DURATION,          /* timed calls only, from here */
	TS_CF_SPEECH,
	TS_CF_SILENCE,
	TS_CF_OVERLAP_SECONDS,
	TS_CF_OVERLAPS,
	TS_CF_SWITCHES_PER_MINUTE,
	TS_CF_FTO_COUNT,
	TS_CF_FTO_MEDIAN,
	TS_CF_FTO_Q1,
	TS_CF_FTO_Q3,            /* ... to here */
	TS_CF_HANGUP_EVENTS,     /* events of kind hangup (counted in "events") */
	TS_CF_DEFL,
	TS_CF_DEFL_HANGUPS,
	TS_CF_DEFL_CAT,                                  /* + category */
	TS_CF_QUESTIONS = TS_CF_DEFL_CAT + TS_CAT_COUNT,
	TS_CF_MARKED,
	TS_CF_TYPE,                                      /* + question type */
	TS_CF_REPLY = TS_CF_TYPE + TS_Q_TYPE_COUNT,      /* + reply class */
	TS_CF_CLARITY = TS_CF_REPLY + TS_R_COUNT,        /* + CLARITY class */
	TS_CF_RESPONSIVENESS = TS_CF_CLARITY + TS_C_COUNT,
	TS_CF_DEFLECTED_SHARE,
	TS_CF_REASKS,
	TS_CF_LATENCY_COUNT,     /* timed calls only */
	TS_CF_LATENCY_MEDIAN,
	TS_CF_LATENCY_Q1,
	TS_CF_LATENCY_Q3,
	TS_CF_COUNT
};

/* The objects of the summary that hold call figures (their paths:
 * ts_figure_objects). */
enum {
	TS_FO_TURNS,          /* "turns" */
	TS_FO_EVENTS,         /* "events" (a list: its figures are counted) */
	TS_FO_DEFLECTIONS,    /* "deflections" */
	TS_FO_DEFL_CATEGORY,  /* "deflections"."by_category" */
	TS_FO_QUESTIONS,      /* "qa"."questions" */
	TS_FO_QTYPE,          /* "qa"."questions"."by_type" */
	TS_FO_REPLY,          /* "qa"."by_reply" */
	TS_FO_CLARITY,        /* "qa"."by_clarity" */
	TS_FO_QA,             /* "qa" */
	TS_FO_COUNT
};

extern const char *const ts_figure_objects[TS_FO_COUNT];

typedef struct ts_call_figure {
	int object;           /* TS_FO_*: the object of the summary it is a member of */
	const char *key;      /* member of that object; NULL: counted from a list */
	unsigned section;     /* TS_SECTION_* */
	int type;             /* TS_FT_COUNT or TS_FT_REAL */
	size_t offset;        /* in ts_result; (size_t)-1: counted */
	int absent_zero;      /* read from a summary: missing in its object is 0 (a class
	                       * count), not missing */
	int aggregated;       /* aggregation reads it back from a summary (the shares
	                       * it computes again; the question types it does not
	                       * use) */
	int timed;            /* only in timed calls (as ts_figure's) */
} ts_call_figure;

extern const ts_call_figure ts_call_figures[TS_CF_COUNT];

/* The value of call figure i of r as a double (NaN when r lacks its
 * section, when it is a time figure of an untimed call, or a figure of
 * deflections or questions of a call without text). */
double ts_call_figure_value(const ts_result *r, int i);

/* The rows of the tables by where they are written, each list in table
 * order: what writes or reads a summary (for every call) walks only its
 * own rows.  Made once, thread-safe. */
typedef struct ts_figure_index {
	int group[TS_FG_NONE + 1][TS_SF_COUNT];  /* speaker figures by group */
	int ngroup[TS_FG_NONE + 1];
	int object[TS_FO_COUNT][TS_CF_COUNT];   /* call figures with a key, by object */
	int nobject[TS_FO_COUNT];
} ts_figure_index;

const ts_figure_index *ts_figures_index(void);

/* Whether the summary of a call writes a figure: a time figure only for
 * a timed call. */
int ts_figure_written(const ts_figure *f, const ts_call *call);
int ts_call_figure_written(const ts_call_figure *f, const ts_call *call);

#endif
