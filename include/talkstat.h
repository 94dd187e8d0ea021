/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/*
 * talkstat: statistics of conversation transcripts (turns, talk share,
 * deflections, question-answer pairing).
 *
 * Data flows one way: bytes -> reader -> call model -> analysers -> JSON.
 * The library never prints and never exits.  Functions return 0 on success
 * or a negative TS_E* code, and fill a ts_error with a message and, for
 * input problems, the file, line and column (columns count characters).
 *
 * Ownership: every object returned through an out-parameter is owned by the
 * caller and freed with the matching *_free/_close function, unless its
 * comment says it is borrowed.  Borrowed pointers stay valid until the call
 * named in the comment.
 */
#ifndef TALKSTAT_H
#define TALKSTAT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TS_SCHEMA_VERSION 1

/* Exported functions; everything else in the library is hidden. */
#if defined(__GNUC__)
#define TS_API __attribute__((visibility("default")))
#else
#define TS_API
#endif

/* Return codes. */
enum {
	TS_OK = 0,
	TS_ENOMEM = -1,  /* out of memory */
	TS_EIO = -2,     /* cannot open, read or write a file (system error) */
	TS_EINPUT = -3,  /* the input is not valid (bad bytes, no speakers ...) */
	TS_EUSAGE = -4,  /* an option or argument is not valid */
	TS_EDATA = -5,   /* a data file (lexicon, token list) is not valid */
	TS_ELIMIT = -6   /* the input exceeds a documented limit */
};

/* Largest line the reader accepts; longer lines are TS_ELIMIT errors. */
#define TS_MAX_LINE_BYTES ((size_t)64 << 20)

/* Largest line of JSON Lines that aggregation reads (one call's record):
 * memory for a record is about its size, what is read of it aside. */
#define TS_MAX_RECORD_BYTES ((size_t)1 << 30)

typedef struct ts_error {
	int code;        /* one of TS_E*, 0 when no error */
	char file[512];  /* "" when not about a file */
	long line;       /* 1-based, 0 when unknown */
	long col;        /* 1-based character column, 0 when unknown */
	char msg[512];   /* lowercase, no final period */
} ts_error;

/* A static description of a return code. */
TS_API const char *ts_strerror(int code);

/* Write "file:line:col: msg" (the parts that are known) into buf. */
TS_API void ts_error_format(const ts_error *err, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Options and context                                                  */

/* A speaking rate: units of speech (characters or words, the call's unit)
 * per second, for calls in `language` ("zh", "en"), or in every language
 * when language is NULL (which then wins over the others). */
typedef struct ts_rate {
	const char *language;
	double per_second;         /* finite, above 0, at most 1000 */
} ts_rate;

/* What a run reads and computes.  Strings and arrays are borrowed: the
 * context copies what it keeps. */
typedef struct ts_options {
	const char *format;        /* a reader's name (ts_format_name); NULL: by the
	                            * file name's extension, else by content, else
	                            * "text" */
	const char *encoding;      /* NULL or "utf-8"; "gb18030", "gbk", "big5" */
	const char *const *speakers; /* the only speaker labels, as written; */
	size_t nspeakers;          /* ... 0: find them in the input */
	const char *caller;        /* label of the caller; NULL: @Caller or most questions */
	const ts_rate *rates;      /* speaking rates for estimated seconds; none: */
	size_t nrates;             /* ... the defaults of docs/metrics.md */
	const char *datadir;       /* NULL: $TALKSTAT_DATADIR, else the install path */
	const char *const *lexicons; /* deflection lexicon files added to the built-in
	                              * ones, in order */
	size_t nlexicons;
	int lexicon_only;          /* use only `lexicons`, not the built-in ones */
	unsigned sections;         /* TS_SECTION_* the run will compute, 0: all; data
	                            * that no section needs is not loaded */
	unsigned threads;          /* ts_summary_file_json: 0 one per processor, 1 none */
	size_t part_bytes;         /* ts_summary_file_json: input bytes per part a
	                            * thread takes, at least; 0: TS_PART_BYTES */
	const char *model;         /* a reply model file (talkstat train, docs/qa.md),
	                            * "default" for the built-in one; NULL: the
	                            * rules alone */
} ts_options;

/* A part's records wait whole to be handed on, up to six times its bytes
 * for calls of one-character turns: with parts of 1 MiB, a 20 MB file of
 * such calls peaked at 27 MiB at 2 threads (19 to 21 with 512 KiB). */
#define TS_PART_BYTES ((size_t)512 << 10)

TS_API void ts_options_init(ts_options *opt);

/* Split a list of names ("A, B、C，D", as in --speakers and @Participants)
 * at ',', '，' and '、', without the blanks around each; empty names are
 * left out.  *items is a malloc'd, NULL-terminated array of malloc'd
 * strings owned by the caller (free it with ts_list_free), *count its
 * length.  0 or TS_ENOMEM. */
TS_API int ts_list_split(const char *s, size_t n, char ***items, size_t *count);
/* The places of names in such a list, the empty ones too: a list whose
 * count from ts_list_split is less has an empty name. */
TS_API size_t ts_list_places(const char *s, size_t n);
TS_API void ts_list_free(char **items);

/* Loaded data (token lists, lexicons) and parsed options, shared by readers
 * and analysers.  Build one per run. */
typedef struct ts_context ts_context;

TS_API int ts_context_new(ts_context **ctx, const ts_options *opt, ts_error *err);
TS_API void ts_context_free(ts_context *ctx);

/* How far reading an input has come: `done` of its `total` bytes (after
 * conversion), called from the calling thread as calls (one thread) or
 * parts of the input (threads) are handed on, and with done == total when
 * the input was read whole. */
typedef void (*ts_progress_fn)(void *arg, long long done, long long total);

/* Report progress of the reading with ctx to fn (NULL: none). */
TS_API void ts_context_set_progress(ts_context *ctx, ts_progress_fn fn, void *arg);

/* ------------------------------------------------------------------ */
/* The call model                                                       */

typedef enum ts_role { TS_ROLE_CALLER = 0, TS_ROLE_RESPONDENT = 1 } ts_role;

typedef enum ts_unit { TS_UNIT_CHARS = 0, TS_UNIT_WORDS = 1 } ts_unit;

/* ------------------------------------------------------------------ */
/* Classes: each list below is the one place its members are named.     */
/* Enums, names, the CLARITY mapping, the summary's by-class counts and  */
/* aggregation's rows are all generated from them: adding a member is    */
/* one row (and the rules or data that produce it).                      */

/* Kinds of stage directions (docs/formats.md): X(ID, name). */
#define TS_EVENT_KIND_LIST(X) \
	X(HANGUP, "hangup") \
	X(INAUDIBLE, "inaudible") \
	X(LAUGHTER, "laughter") \
	X(CROSSTALK, "crosstalk") \
	X(PAUSE, "pause") \
	X(NOISE, "noise") \
	X(NOTE, "note")

/* CLARITY's three classes (Thomas et al. 2024), in output order. */
#define TS_CLARITY_LIST(X) \
	X(CLEAR_REPLY, "clear_reply") \
	X(AMBIVALENT, "ambivalent") \
	X(CLEAR_NON_REPLY, "clear_non_reply")

/* Deflection categories (docs/lexicon.md), in output order, with the
 * CLARITY class of a reply that deflects this way: X(ID, name, clarity). */
#define TS_CATEGORY_LIST(X) \
	X(REFERRAL, "referral", AMBIVALENT) \
	X(IGNORANCE, "ignorance", CLEAR_NON_REPLY) \
	X(DEFERRAL, "deferral", AMBIVALENT) \
	X(NONCOMMITTAL, "noncommittal", AMBIVALENT) \
	X(PROCEDURAL, "procedural", CLEAR_NON_REPLY) \
	X(REFUSAL, "refusal", CLEAR_NON_REPLY)

/* Reply classes (docs/qa.md), in output order: the answers, one class per
 * deflection category, then the rest: X(ID, name, clarity). */
#define TS_REPLY_LIST(X) \
	X(ANSWER, "answer", CLEAR_REPLY) \
	X(PARTIAL, "partial", AMBIVALENT) \
	TS_CATEGORY_LIST(X) \
	X(BACKCHANNEL, "backchannel", CLEAR_NON_REPLY) \
	X(AGREE, "agree", CLEAR_REPLY) \
	X(COUNTER_QUESTION, "counter_question", CLEAR_NON_REPLY) \
	X(NO_RESPONSE, "no_response", CLEAR_NON_REPLY)

/* CLARITY's nine evasion labels (Thomas et al. 2024, docs/qa.md), in
 * output order, with the name a training file may also give (QEvasion's,
 * folded: lowercase, other characters as '_'), the CLARITY class and the
 * reply class a model's label stands for when the rules' class is of
 * another CLARITY class: X(ID, name, alias, clarity, reply). */
#define TS_EVASION_LIST(X) \
	X(EXPLICIT, "explicit", "explicit", CLEAR_REPLY, ANSWER) \
	X(IMPLICIT, "implicit", "implicit", AMBIVALENT, PARTIAL) \
	X(DODGING, "dodging", "dodging", AMBIVALENT, PARTIAL) \
	X(DEFLECTION, "deflection", "deflection", AMBIVALENT, PARTIAL) \
	X(PARTIAL, "partial", "partial_half_answer", AMBIVALENT, PARTIAL) \
	X(GENERAL, "general", "general", AMBIVALENT, NONCOMMITTAL) \
	X(DECLINING, "declining", "declining_to_answer", CLEAR_NON_REPLY, REFUSAL) \
	X(IGNORANCE, "claims_ignorance", "claims_ignorance", CLEAR_NON_REPLY, IGNORANCE) \
	X(CLARIFICATION, "clarification", "clarification", CLEAR_NON_REPLY, COUNTER_QUESTION)

/* Question types (docs/qa.md), in output order. */
#define TS_QTYPE_LIST(X) \
	X(WH, "wh") \
	X(YESNO, "yesno") \
	X(TAG, "tag") \
	X(ALTERNATIVE, "alternative") \
	X(REQUEST, "request") \
	X(RHETORICAL, "rhetorical")

#define TS_X_ENUM_EVENT(id, name) TS_EVENT_##id,
#define TS_X_ENUM_CLARITY(id, name) TS_C_##id,
#define TS_X_ENUM_CATEGORY(id, name, clarity) TS_CAT_##id,
#define TS_X_ENUM_REPLY(id, name, clarity) TS_R_##id,
#define TS_X_ENUM_QTYPE(id, name) TS_Q_##id,
#define TS_X_ENUM_EVASION(id, name, alias, clarity, reply) TS_E_##id,

typedef enum ts_event_kind { TS_EVENT_KIND_LIST(TS_X_ENUM_EVENT) TS_EVENT_KIND_COUNT } ts_event_kind;
typedef enum ts_clarity { TS_CLARITY_LIST(TS_X_ENUM_CLARITY) TS_C_COUNT } ts_clarity;
typedef enum ts_category {
	TS_CATEGORY_LIST(TS_X_ENUM_CATEGORY)
	TS_CAT_COUNT,
	/* a lexicon entry that is not a deflection: it takes part in overlap
	 * resolution, and is never reported (我很清楚 against 清楚) */
	TS_CAT_NONE = TS_CAT_COUNT
} ts_category;
typedef enum ts_reply {
	TS_REPLY_LIST(TS_X_ENUM_REPLY)
	TS_R_COUNT,
	TS_R_DEFLECTION = TS_R_PARTIAL + 1  /* the class of the first category */
} ts_reply;
typedef enum ts_qtype { TS_QTYPE_LIST(TS_X_ENUM_QTYPE) TS_Q_TYPE_COUNT } ts_qtype;
typedef enum ts_evasion {
	TS_EVASION_LIST(TS_X_ENUM_EVASION)
	TS_EV_COUNT,
	TS_EV_NONE = -1     /* no evasion label: decided by a rule */
} ts_evasion;

/* Names of the members ("hangup", "clear_reply" ...); out of range gives
 * "?". */
TS_API const char *ts_event_kind_name(ts_event_kind kind);
TS_API const char *ts_clarity_name(ts_clarity c);
TS_API const char *ts_category_name(ts_category c);
TS_API const char *ts_reply_name(ts_reply r);
TS_API const char *ts_qtype_name(ts_qtype t);
TS_API const char *ts_evasion_name(ts_evasion e);

/* The CLARITY class of an evasion label, and the reply class it stands
 * for (TS_EVASION_LIST). */
TS_API ts_clarity ts_evasion_clarity(ts_evasion e);
TS_API ts_reply ts_evasion_reply(ts_evasion e);

/* The CLARITY class of a reply class. */
TS_API ts_clarity ts_reply_clarity(ts_reply r);

/* The category a reply class deflects in, or TS_CAT_NONE when it is not a
 * deflection; and the reply class of a category. */
TS_API ts_category ts_reply_category(ts_reply r);
TS_API ts_reply ts_category_reply(ts_category c);

typedef struct ts_speaker {
	const char *id;     /* NFKC of the label: "CLB" */
	const char *label;  /* as first written: "ＣＬＢ" */
	ts_role role;
} ts_speaker;

/* An interval of speech, in seconds from the start of the recording. */
typedef struct ts_span {
	double start, end;
} ts_span;

/* Where a piece of a turn's text came from: text[off] is at line:col. */
typedef struct ts_piece {
	size_t off;
	long line;
	long col;
} ts_piece;

typedef struct ts_turn {
	size_t number;        /* 1-based within the call */
	size_t speaker;       /* index into ts_call.speakers */
	const char *text;     /* joined lines, inline stage directions removed; NUL-terminated */
	size_t len;           /* bytes */
	long line, col;       /* position of the label */
	const ts_piece *pieces;
	size_t npieces;
	size_t chars;         /* letters, ideographs, digits after NFKC */
	size_t words;         /* runs of letters/digits outside CJK scripts */
	size_t cjk;           /* CJK characters among chars */
	double start, end;    /* seconds from the start of the recording, when the
	                       * input gives them (ts_call.timed); else NaN (test
	                       * with isnan): always in labelled text */
	const ts_span *spans; /* the intervals of speech the input gives the turn
	                       * (segments of one speaker merged into the turn),
	                       * in input order; start and end are their bounds.
	                       * Time measures count the spans, not the pauses
	                       * between them */
	size_t nspans;
	int backchannel;      /* made only of backchannel tokens (ts_analyse takes it as given) */
	unsigned unmarked;    /* its first bytes, known to start no terminal mark
	                       * (? ! . ？ ！ 。 …), where sentences are looked for
	                       * from; 0 when not known (a turn made by hand) */
} ts_turn;

typedef struct ts_event {
	ts_event_kind kind;
	const char *text;     /* the direction without its brackets or dashes */
	long line, col;
	size_t after_turn;    /* number of turns before it in the call */
	size_t turn;          /* turn it sits inside (inline), 0 for a whole line */
} ts_event;

typedef struct ts_narration {
	const char *text;
	long line;
} ts_narration;

typedef struct ts_meta {
	const char *key;      /* without '@': "Date" */
	const char *value;
} ts_meta;

typedef struct ts_call {
	size_t number;        /* 1-based in the file */
	const char *title;    /* header line, or NULL when the call had none */
	long line;            /* line of the header or of the first content */
	const ts_meta *meta;  size_t nmeta;
	const ts_speaker *speakers; size_t nspeakers;
	const ts_turn *turns; size_t nturns;
	const ts_event *events; size_t nevents;
	const ts_narration *narration; size_t nnarration;
	const char *language; /* "zh", "en" or "und" */
	ts_unit unit;
	int timed;            /* 1: the input gives turns times (a timed format);
	                       * a turn it gives none has NaN */
	int no_text;          /* 1: the input gives turns no text (RTTM): every text
	                       * figure of the call is undefined (null) */
	const char *format;   /* the reader that read it ("text"), static */
} ts_call;

/* Map a byte offset in turn->text to its source line and column. */
TS_API void ts_turn_position(const ts_turn *turn, size_t off, long *line, long *col);

/* ------------------------------------------------------------------ */
/* Reading                                                              */

/* The names of the input formats ("text" ...): format i, or NULL past the
 * last. */
TS_API const char *ts_format_name(size_t i);

typedef struct ts_reader ts_reader;

/* Open path ("-" is standard input) for reading calls, in the format the
 * options name, else the one of the file name's extension, else the one
 * its first bytes look like, else text.  The reader may make a first pass
 * over the whole input (the text reader does, to find speaker labels), so
 * standard input is copied to a temporary file first.  An unknown format
 * name is TS_EUSAGE. */
TS_API int ts_reader_open(ts_reader **reader, ts_context *ctx, const char *path, ts_error *err);

/* The format the reader reads: a static name, "text". */
TS_API const char *ts_reader_format(const ts_reader *reader);

/* Read the next call.  Returns 1 and sets *call (borrowed: valid until the
 * next ts_reader_next or ts_reader_close), 0 at the end, or a TS_E* code. */
TS_API int ts_reader_next(ts_reader *reader, const ts_call **call, ts_error *err);

TS_API void ts_reader_close(ts_reader *reader);

/* ------------------------------------------------------------------ */
/* Analysis and output                                                  */

/* Sections of a per-call summary. */
enum {
	TS_SECTION_SPEAKERS = 1u << 0,
	TS_SECTION_TURNS = 1u << 1,
	TS_SECTION_EVENTS = 1u << 2,
	TS_SECTION_TURN_LIST = 1u << 3,  /* every turn with its text (talkstat-turns) */
	TS_SECTION_DEFLECTIONS = 1u << 4, /* lexicon matches in respondents' turns */
	TS_SECTION_QA = 1u << 5,          /* questions, their replies, responsiveness */
	TS_SECTION_ALL = TS_SECTION_SPEAKERS | TS_SECTION_TURNS | TS_SECTION_EVENTS |
	                 TS_SECTION_DEFLECTIONS | TS_SECTION_QA
};

/* ------------------------------------------------------------------ */
/* A call's figures: one result, read by the JSON writer, the C API and  */
/* aggregation alike.  An undefined figure (a share without speech, a    */
/* rate without questions) is NaN; the JSON writes it as null.           */

/* One speaker's figures in a call (src/lib/analyse/figures.c lists them
 * with their names in the summary and in aggregation). */
typedef struct ts_speaker_stats {
	/* turns and talk share (TS_SECTION_SPEAKERS) */
	size_t turns;
	size_t length;                 /* in the call's unit */
	size_t chars, words;
	double share_of_speech;        /* of the call's speech; NaN when it has none */
	double seconds;                /* estimated from length and rate; in a timed call
	                                * the union of the speaker's spans */
	int seconds_estimated;
	/* timed calls only (NaN otherwise): docs/metrics.md, "Real time" */
	double share_of_call;          /* seconds / the call's duration */
	double overlap_seconds;        /* of seconds, while another speaker speaks */
	double overlaps;               /* turns started while another speaker spoke */
	double speaking_rate;          /* length / seconds */
	double mean_turn_length;
	size_t longest_turn;
	size_t longest_monologue;      /* in the unit */
	double longest_monologue_seconds;
	size_t backchannels;
	/* deflections (TS_SECTION_DEFLECTIONS): respondents' phrase matches */
	size_t deflections;
	size_t deflections_by[TS_CAT_COUNT];
	double per_1000;               /* deflections per 1,000 units; NaN without speech */
	/* questions and replies (TS_SECTION_QA) */
	size_t questions;              /* questions the speaker asked */
	size_t replied;                /* the caller's questions this respondent replied to, */
	size_t clear_replies;          /* ... with a clear reply, */
	size_t deflected;              /* ... with a reply in a deflection class */
	double responsiveness;         /* clear_replies / replied */
	double deflected_share;        /* deflected / replied */
	/* the call's: which figures are defined (analyse/figures.h) */
	int timed, no_text;
} ts_speaker_stats;

/* A deflecting phrase in a respondent's turn. */
typedef struct ts_deflection {
	size_t turn;                   /* index into ts_call.turns */
	size_t speaker;                /* index into ts_call.speakers */
	long line, col;                /* of its first character */
	ts_category category;
	const char *entry;             /* the lexicon phrase ("问一下{target}"), borrowed
	                                * from the context */
	size_t start, end;             /* bytes of the turn's text, the target included */
	int has_target;
	size_t target_start, target_end;  /* the target without its leading
	                                   * function words ("the", "我们") */
	int declines;                  /* the entry declines to answer when it is a
	                                * reply's main move (docs/lexicon.md) */
} ts_deflection;

/* A referral target and how often the call names it. */
typedef struct ts_target {
	char *text;                    /* as written the first time */
	size_t count;
} ts_target;

/* A question of any speaker. */
typedef struct ts_question {
	size_t turn;                   /* index into ts_call.turns */
	size_t start, end;             /* bytes of the turn's text: the whole sentence */
	ts_qtype type;
	int marked;                    /* ends with ？ or ? */
	long line, col;
} ts_question;

/* A question of the caller and the reply to it. */
typedef struct ts_pair {
	size_t question;               /* index into ts_result.questions */
	long reply_turn;               /* index into ts_call.turns, -1 when there is none */
	ts_reply reply;
	long reask_of;                 /* index into ts_result.pairs of the question it
	                                * asks again, -1 when none */
	char why[160];                 /* the rule that decided the class, or the
	                                * model's features that did */
	ts_clarity clarity;
	ts_evasion evasion;            /* the model's label; TS_EV_NONE when a rule decided */
	double confidence;             /* the model's calibrated probability of
	                                * `clarity`; NaN when a rule decided */
} ts_pair;

typedef struct ts_result {
	const ts_call *call;           /* borrowed: valid as long as the call */
	unsigned sections;             /* TS_SECTION_* computed */
	double rate;                   /* units per second of the estimated seconds */
	size_t turns, switches, length;
	/* timed calls only (NaN otherwise): docs/metrics.md, "Real time" */
	double duration;               /* first start to last end */
	double speech_seconds;         /* union of every speaker's spans */
	double silence_seconds;        /* duration - speech_seconds */
	double overlap_seconds;        /* two or more speakers at once */
	double overlaps;               /* stretches of overlap */
	double switches_per_minute;
	double fto_count;              /* floor-transfer offsets: next turn's start -
	                                * last turn's end at a change of speaker */
	double fto_median, fto_q1, fto_q3;
	ts_speaker_stats *speakers;    /* one per ts_call.speakers */
	size_t nspeakers;
	/* TS_SECTION_DEFLECTIONS (and TS_SECTION_QA, whose reply classes use them) */
	size_t deflections;            /* phrase matches and hang-ups */
	size_t hangups;
	size_t by_category[TS_CAT_COUNT];  /* hang-ups count as refusals */
	ts_deflection *matches;        /* in turn and text order */
	size_t nmatches;
	ts_target *targets;            /* in order of first appearance */
	size_t ntargets;
	/* TS_SECTION_QA */
	ts_question *questions;        /* of every speaker, in text order */
	size_t nquestions;
	size_t marked;
	size_t by_type[TS_Q_TYPE_COUNT];
	ts_pair *pairs;                /* one per question of the caller */
	size_t npairs;
	size_t by_reply[TS_R_COUNT];
	size_t by_clarity[TS_C_COUNT];
	size_t deflected;              /* pairs with a reply in a deflection class */
	double responsiveness;         /* clear replies / pairs */
	double deflected_share;        /* deflected / pairs */
	size_t reasks;
	/* TS_SECTION_QA of a timed call (NaN otherwise): response latency, the
	 * start of the reply's turn minus the end of the question's turn, over
	 * the caller's questions that have a reply */
	double latency_count, latency_median, latency_q1, latency_q3;
} ts_result;

/* Analyse a call: the figures of `sections` (TS_SECTION_*, the turn and
 * talk-share figures always) into *res, which the caller frees with
 * ts_result_free (also after a failure).  The context keeps working memory
 * for it: one thread at a time. */
TS_API int ts_analyse(ts_context *ctx, const ts_call *call, unsigned sections, ts_result *res,
                      ts_error *err);
TS_API void ts_result_free(ts_result *res);

/* Flags of ts_summary_call_json. */
enum {
	TS_JSON_PRETTY = 1u << 0,  /* indent with two spaces */
	TS_JSON_SOURCE = 1u << 1,  /* add "source" */
	TS_JSON_RECORD = 1u << 2   /* a standalone record: "schema_version" and "source" */
};

/* The summary of an analysed call as a JSON object text (UTF-8,
 * NUL-terminated, malloc'd, owned by the caller): the sections of
 * res->sections.  source names the input file.  With TS_JSON_PRETTY the
 * object is indented as if nested `indent` levels deep. */
TS_API int ts_result_json(const ts_result *res, const char *source, unsigned flags, int indent,
                          char **json, ts_error *err);

/* ts_analyse, then ts_result_json. */
TS_API int ts_summary_call_json(ts_context *ctx, const ts_call *call, unsigned sections,
                         const char *source, unsigned flags, int indent, char **json,
                         ts_error *err);

/* Receives one call's JSON text (len bytes, NUL-terminated); a nonzero
 * return stops the run. */
typedef int (*ts_json_fn)(void *arg, const char *json, size_t len);

/* Summarise every call of the transcript at path ("-": standard input),
 * read as ts_reader_open reads it, as ts_summary_call_json does, handing
 * each call's JSON to fn in file order, from the calling thread.  With
 * several threads (ts_options.threads), a file whose reader can cut it
 * into parts (text: at call headers) is read in parts that threads read
 * and analyse at once: the output is the same to the byte, and so is the
 * first error.  Returns 0, fn's nonzero value, or a TS_E* code. */
TS_API int ts_summary_file_json(ts_context *ctx, const char *path, unsigned sections,
                                const char *source, unsigned flags, int indent, ts_json_fn fn,
                                void *arg, ts_error *err);

/* The format (a static name, "text") of the file ts_summary_file_json
 * reads or read last with ctx: known before fn gets the first call; NULL
 * before the first file, or when the last could not be opened. */
TS_API const char *ts_summary_file_format(const ts_context *ctx);

/* Receives output bytes; returns 0, or nonzero to stop (write error). */
typedef int (*ts_write_fn)(void *arg, const char *bytes, size_t len);

/* A summary document (docs/output.md): the envelope {"schema_version",
 * "source", "calls": [...]} around the calls of one or more files, or with
 * TS_DOC_LINES one record per call and line (JSON Lines), written through
 * fn as it goes.  source names the one file of the document; NULL when
 * there are several (each call then carries its own). */
typedef struct ts_doc ts_doc;

enum { TS_DOC_LINES = 1u << 8 };  /* a flag beside TS_JSON_PRETTY */

TS_API int ts_doc_new(ts_doc **doc, unsigned flags, const char *source, ts_write_fn fn, void *arg,
                      ts_error *err);

/* Add every call of the transcript at path ("-": standard input), named
 * source, as ts_summary_file_json reads and analyses them.  Returns 0,
 * fn's nonzero value, or a TS_E* code. */
TS_API int ts_doc_file(ts_doc *doc, ts_context *ctx, const char *path, const char *source,
                       unsigned sections, ts_error *err);

/* Called in the calling thread before the calls of file i of a list are
 * handed on; 0, or nonzero to stop (returned). */
typedef int (*ts_file_fn)(void *arg, size_t i);

/* ts_doc_file over the files at paths[0..n), named sources[i], in order:
 * with several threads (ts_options.threads) they read small files at once,
 * each file whole, a bounded number of them ahead, while the calling
 * thread, one of them, hands on the calls of those before (and reads a
 * file itself while the next is being read); a large file is read in
 * parts as ts_summary_file_json reads it.  The output is the same to the
 * byte with any number of threads, and so is the first error: the calls
 * of the files before it are handed on, and those of no file after.
 * begin may be NULL.  Returns as ts_doc_file for the file that fails. */
TS_API int ts_doc_files(ts_doc *doc, ts_context *ctx, size_t n, const char *const *paths,
                        const char *const *sources, unsigned sections, ts_file_fn begin,
                        void *arg, ts_error *err);

/* Close the envelope and free doc.  Returns 0, fn's nonzero value or
 * TS_ENOMEM. */
TS_API int ts_doc_end(ts_doc *doc);

/* Free doc without closing the envelope: after an error, what was written
 * stays a document cut short, which no JSON reader takes for a whole one
 * (a closed envelope would read as "these are all the calls"). */
TS_API void ts_doc_free(ts_doc *doc);

/* ------------------------------------------------------------------ */
/* Tidy tables (docs/tables.md): one row per entity, fixed columns, for   */
/* pandas, R and spreadsheets.                                           */

typedef enum ts_table_kind {
	TS_TABLE_CALLS,        /* one row per call */
	TS_TABLE_SPEAKERS,     /* per speaker of a call */
	TS_TABLE_TURNS,        /* per turn */
	TS_TABLE_QUESTIONS,    /* per question, with its reply when the caller asked it */
	TS_TABLE_DEFLECTIONS,  /* per deflecting phrase found */
	TS_TABLE_META,         /* per metadata entry (@Key: value) of a call */
	TS_TABLE_COUNT
} ts_table_kind;

/* Flags of the table functions: tab-separated with LF line ends instead
 * of RFC 4180 CSV with CRLF. */
enum { TS_TABLE_TSV = 1u << 0 };

/* The name of table i ("calls" ...), or NULL past the last. */
TS_API const char *ts_table_name(size_t i);

/* Write the header line of table `table` through fn.  Returns 0, fn's
 * nonzero value or TS_ENOMEM. */
TS_API int ts_table_header(int table, unsigned flags, ts_write_fn fn, void *arg);

/* The rows of table `table` for an analysed call (ts_analyse with every
 * section), read from `source`: malloc'd, NUL-terminated text owned by
 * the caller in *text, *len bytes (none for a call without such
 * entities).  0 or TS_ENOMEM. */
TS_API int ts_result_table(const ts_result *res, int table, const char *source, unsigned flags,
                           char **text, size_t *len);

/* The rows of every call of the transcript at path ("-": standard input),
 * read and analysed as ts_summary_file_json does (threads included, the
 * same bytes for any number), named source, written through fn in file
 * order.  Returns 0, fn's nonzero value, or a TS_E* code. */
TS_API int ts_table_file(ts_context *ctx, int table, const char *path, const char *source,
                         unsigned flags, ts_write_fn fn, void *arg, ts_error *err);

/* ts_table_file over the files at paths[0..n), named sources[i], in order,
 * read as ts_doc_files reads them (threads across files, the same bytes
 * and first error for any number); begin as there, may be NULL. */
TS_API int ts_table_files(ts_context *ctx, int table, size_t n, const char *const *paths,
                          const char *const *sources, unsigned flags, ts_write_fn fn, void *arg,
                          ts_file_fn begin, void *begin_arg, ts_error *err);

/* ------------------------------------------------------------------ */
/* Writing transcripts in other formats (docs/formats.md, "Writing other */
/* formats"): CHAT, ConvoKit utterances.jsonl, RTTM.                     */

typedef enum ts_out_format { TS_OUT_CHAT, TS_OUT_CONVOKIT, TS_OUT_RTTM, TS_OUT_COUNT } ts_out_format;

/* The name of output format i ("chat" ...), or NULL past the last. */
TS_API const char *ts_out_format_name(size_t i);

/* Read every call of the files at paths[0..n) ("-": standard input), in
 * order, and write it in `format` (TS_OUT_*) through fn; sources[i] names
 * file i in errors.  A call the format cannot hold is TS_EINPUT with its
 * place: RTTM of a call without times, a second call in CHAT (one
 * transcript a file).  Returns 0, fn's nonzero value or a TS_E* code. */
TS_API int ts_convert_files(ts_context *ctx, int format, size_t n, const char *const *paths,
                            const char *const *sources, ts_write_fn fn, void *arg,
                            ts_error *err);

/* ------------------------------------------------------------------ */
/* Aggregation across calls (docs/aggregate.md)                          */

/* Most group keys of an aggregate. */
#define TS_AGG_MAX_KEYS 8

/* The version of the aggregate document (docs/aggregate.schema.json): 2
 * since rate intervals treat calls as clusters. */
#define TS_AGG_SCHEMA_VERSION 2

/* Bootstrap defaults: replicates and the seed of its generator. */
#define TS_AGG_BOOTSTRAP 1000
#define TS_AGG_SEED 20240601UL

typedef struct ts_agg_options {
	const char *const *by;     /* group keys (docs/aggregate.md: a metadata key,
	                            * "@Key" for one named like a reserved key, year,
	                            * month, source, speaker, role); borrowed */
	size_t nby;                /* 0: one group */
	size_t bootstrap;          /* replicates of the mean's bootstrap; 0: none */
	unsigned long seed;        /* seed of the bootstrap generator */
	size_t threads;            /* groups' statistics computed on this many
	                            * threads (0: one per processor); the output
	                            * is the same */
} ts_agg_options;

TS_API void ts_agg_options_init(ts_agg_options *opt);

typedef struct ts_agg ts_agg;

/* A new aggregate grouped by opt->by (copied).  TS_EUSAGE for a bad key
 * list (an empty key, a key twice, more than 8). */
TS_API int ts_agg_new(ts_agg **agg, const ts_agg_options *opt, ts_error *err);
TS_API void ts_agg_free(ts_agg *agg);

/* Add the calls of path: a talkstat-summary document, JSON Lines of call
 * records, a directory (its *.json and *.jsonl files, recursively, in
 * byte order of their paths), or "-" (standard input, consumed).  A file
 * whose content is not JSON is a transcript: it is read with ctx (which
 * may not be NULL then) and summarised in memory, one call at a time.
 * Errors name the file and line.  With `partial` set, path must hold
 * partial aggregates (ts_agg_write TS_AGG_PARTIAL) to merge instead. */
TS_API int ts_agg_add_path(ts_agg *agg, ts_context *ctx, const char *path, int partial, ts_error *err);

/* ts_agg_add_path over paths[0..n), in order: transcripts named one after
 * another are read with ctx's threads across files (ts_doc_files), the
 * same result and first error for any number of threads. */
TS_API int ts_agg_add_paths(ts_agg *agg, ts_context *ctx, size_t n, const char *const *paths,
                            int partial, ts_error *err);

/* Add one call record (a JSON object text of len bytes).  source names it
 * in errors and for the `source` key; line is its line there (0: none). */
TS_API int ts_agg_add_record(ts_agg *agg, const char *json, size_t len, const char *source, long line,
                      ts_error *err);

/* Add one analysed call (ts_analyse; its sections are the record's).
 * source names it in errors and for the `source` key. */
TS_API int ts_agg_add_result(ts_agg *agg, const ts_result *res, const char *source,
                             ts_error *err);

/* Correct responsiveness for the error of ctx's reply model (--model):
 * Rogan-Gladen with its cross-validated confusion matrix, the matrix
 * drawn again in each bootstrap replicate (docs/aggregate.md).  `name`
 * says in the output which model it was (copied).  TS_EUSAGE when ctx
 * has no model, TS_EINPUT when the model file has no confusion matrix. */
TS_API int ts_agg_use_model(ts_agg *agg, const ts_context *ctx, const char *name, ts_error *err);

/* Output formats. */
enum {
	TS_AGG_JSON = 0,     /* the aggregate document (docs/aggregate.schema.json) */
	TS_AGG_CSV = 1,      /* the metrics: one row per group and metric (RFC 4180) */
	TS_AGG_PARTIAL = 2,  /* sufficient statistics for ts_agg_add_path(..., partial) */
	TS_AGG_CSV_RATES = 3 /* the rates: one row per group and rate (RFC 4180) */
};

/* Compute the statistics and write them in `format` through fn.  flags:
 * TS_JSON_PRETTY for JSON.  TS_EIO when fn fails. */
TS_API int ts_agg_write(ts_agg *agg, int format, unsigned flags, ts_write_fn fn, void *arg,
                 ts_error *err);

/* After ts_agg_write: a static note on how the groups were formed (the
 * calls were counted in different units and the groups are split by
 * unit), or NULL. */
TS_API const char *ts_agg_note(const ts_agg *agg);

/* ------------------------------------------------------------------ */
/* The HTML report (talkstat report, docs/report.md)                     */

typedef struct ts_report ts_report;

/* A new report whose groups (the forest plots) are formed as an
 * aggregate's with opt (ts_agg_new: the same keys, the same intervals). */
TS_API int ts_report_new(ts_report **rep, const ts_agg_options *opt, ts_error *err);
TS_API void ts_report_free(ts_report *rep);

/* Add the calls of path ("-": standard input): a transcript in any format
 * ctx reads, a talkstat-summary document or JSON Lines of call records.
 * An input without calls is a TS_EINPUT error. */
TS_API int ts_report_add_path(ts_report *rep, ts_context *ctx, const char *path, ts_error *err);

/* Write the report, one HTML document (UTF-8, inline CSS and SVG, no
 * script), titled `title`, through fn.  Returns 0, fn's nonzero value, or
 * a TS_E* code with err set (no calls; an aggregate error). */
TS_API int ts_report_write(ts_report *rep, const char *title, ts_write_fn fn, void *arg,
                           ts_error *err);

/* The report's charts as Vega-Lite v5 specifications, their data inline:
 * how many, and chart i's name ("call-1-share", "groups-responsiveness")
 * and text (borrowed from rep), or NULL past the last.  The group charts
 * are there after ts_report_write. */
TS_API size_t ts_report_charts(const ts_report *rep);
TS_API const char *ts_report_chart(const ts_report *rep, size_t i, const char **text,
                                   size_t *len);

/* ------------------------------------------------------------------ */
/* Checking transcripts (talkstat check, docs/check.md)                  */

typedef enum ts_severity { TS_SEV_WARNING = 1, TS_SEV_ERROR = 2 } ts_severity;

/* One finding of a check.  line and col are 1-based (col in characters);
 * 0 when the finding is about the whole file. */
typedef struct ts_diagnostic {
	const char *file;      /* the name given to ts_checker_file */
	long line, col;
	ts_severity severity;  /* after --strict */
	const char *check;     /* static: "label-once" */
	const char *message;   /* lowercase, no final period */
} ts_diagnostic;

/* The checks, in a stable order: check i's name ("label-once"), what it
 * finds (one line) and its severity; NULL / 0 past the last. */
TS_API const char *ts_check_name(size_t i);
TS_API const char *ts_check_about(size_t i);
TS_API ts_severity ts_check_severity(size_t i);

/* The index of a check by its name, or -1. */
TS_API long ts_check_find(const char *name);

/* A run of the checks over one or more files, collecting diagnostics. */
typedef struct ts_checker ts_checker;

/* A checker reading with ctx (borrowed: it must outlive the checker; the
 * speakers and caller of its options are checked to occur). */
TS_API int ts_checker_new(ts_checker **ck, ts_context *ctx, ts_error *err);
TS_API void ts_checker_free(ts_checker *ck);

/* Turn a check off (TS_EUSAGE for an unknown name). */
TS_API int ts_checker_disable(ts_checker *ck, const char *name, ts_error *err);

/* Report every warning as an error. */
TS_API void ts_checker_strict(ts_checker *ck, int strict);

/* Check the transcript at path ("-": standard input), named `name` in the
 * diagnostics.  A file the reader rejects (invalid UTF-8, no labels ...)
 * is an error of the check "read", not a failure: the function fails only
 * when the file cannot be opened or read (TS_EIO), for an unknown format
 * (TS_EUSAGE) or out of memory. */
TS_API int ts_checker_file(ts_checker *ck, const char *path, const char *name, ts_error *err);

/* The checks across the files checked so far (metadata keys); call once,
 * after the last file. */
TS_API int ts_checker_finish(ts_checker *ck, ts_error *err);

/* The diagnostics so far, by file (in the order checked), line, column
 * and check (borrowed until the next call on ck); *n their number. */
TS_API const ts_diagnostic *ts_checker_diagnostics(ts_checker *ck, size_t *n);

/* How many diagnostics have this severity. */
TS_API size_t ts_checker_count(const ts_checker *ck, ts_severity sev);

/* Output formats of ts_checker_write. */
enum {
	TS_CHECK_TEXT = 0,   /* "file:line:col: severity: message [check]" lines */
	TS_CHECK_JSON = 1,   /* {"schema_version", "diagnostics": [...], counts} */
	TS_CHECK_SARIF = 2   /* SARIF 2.1.0, for code-scanning services */
};

/* Write the diagnostics in `format` through fn.  TS_EIO when fn fails. */
TS_API int ts_checker_write(ts_checker *ck, int format, ts_write_fn fn, void *arg,
                            ts_error *err);

/* ------------------------------------------------------------------ */
/* Training a reply model (talkstat train, docs/qa.md)                   */

typedef struct ts_train_options {
	const char *language;      /* the pairs' language ("en"); NULL: "en" */
	size_t folds;              /* cross-validation folds, grouped; 0 or 1: none */
	int bits;                  /* hashed features: 2^bits (8 to 22); 0: TS_TRAIN_BITS */
	double cost;               /* liblinear's C; 0: TS_TRAIN_COST */
	const char *about;         /* the training data's description (lines) */
} ts_train_options;

/* The defaults: the best of 12, 14, 16 bits and C 0.1, 0.3, 1 in grouped
 * cross-validation on QEvasion (docs/qa.md). */
#define TS_TRAIN_BITS 12
#define TS_TRAIN_COST 0.3

TS_API void ts_train_options_init(ts_train_options *opt);

typedef struct ts_train ts_train;

/* Read labelled pairs from path (JSON Lines, one object a line with
 * "question", "reply", "label" and "group" strings; other members are
 * ignored), cross-validate by group and train on all of them, with the
 * resources of ctx (its lexicons and language rules).  Labels are
 * CLARITY's nine evasion labels or its three classes, in its names or
 * talkstat's.  Errors name the file, line and column.  Free *t with
 * ts_train_free. */
TS_API int ts_train_file(ts_context *ctx, const ts_train_options *opt, const char *path, ts_train **t,
                         ts_error *err);
TS_API void ts_train_free(ts_train *t);

/* The cross-validated figures as text: per label and per CLARITY class
 * precision, recall, F1, support; accuracy, macro-F1; confusion
 * matrices.  TS_EIO when fn fails. */
TS_API int ts_train_report(const ts_train *t, ts_write_fn fn, void *arg, ts_error *err);

/* The model file's text (malloc'd, NUL-terminated, owned by the caller). */
TS_API int ts_train_model(const ts_train *t, char **text, size_t *len, ts_error *err);

/* Class question-reply pairs that are paired already (talkstat qa
 * --pairs): path holds JSON Lines with "question" and "reply" strings
 * (other members are ignored); each gets one line of output, in order,
 * {"line", "reply", "clarity", "evasion", "confidence", "why"}, through
 * fn.  The exact rules decide a missing reply, backchannels only and a
 * question back; ctx's reply model (ts_options.model, which it needs: else
 * TS_EUSAGE) decides the rest.  Errors name the file, line and column. */
TS_API int ts_pairs_file(ts_context *ctx, const char *path, ts_write_fn fn, void *arg,
                         ts_error *err);

/* The version string of the library. */
TS_API const char *ts_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TALKSTAT_H */
