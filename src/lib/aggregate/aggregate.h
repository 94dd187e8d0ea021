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
#include "analyse/qa.h"
#include "talkstat.h"

/* ---- what a call record holds (aggregate_metrics.c) ---- */

/* The classes are the analysers' own (lexicon.h, qa.h): a record is read by
 * the names the summary writes. */
enum { TS_NDEFL = TS_CAT_COUNT, TS_NREPLY = TS_R_COUNT, TS_NCLARITY = TS_C_COUNT };

typedef struct agg_speaker {
	const char *id;
	int role;                 /* TS_ROLE_* */
	double turns, length, seconds, longest_turn, longest_monologue, backchannels;
	double defl_total, defl_cat[TS_NDEFL];   /* NaN without a deflections section */
	double questions;         /* NaN without a qa section */
} agg_speaker;

/* One call record, read from its JSON object (borrowed strings).
 * Missing numbers are NaN. */
typedef struct agg_rec {
	const char *source;       /* the record's source, else the file's */
	const cJSON *meta;        /* object or NULL */
	agg_speaker *sp;
	size_t nsp, capsp;
	double turns_total, switches, hangup_events;
	int has_defl;
	double defl_total, defl_cat[TS_NDEFL], defl_hangups;
	int has_qa;
	double q_total, q_marked, reply[TS_NREPLY], clarity[TS_NCLARITY], reasks;
} agg_rec;

/* Fill rec from a call object; TS_EINPUT naming file:line for fields of
 * the wrong type.  The source is the record's own, else dflt, else file. */
int ts_agg_rec_read(agg_rec *rec, const cJSON *call, const char *file, long line,
                    const char *dflt, ts_error *err);

/* ---- metrics and rates ---- */

/* Whom a call-level quantity describes: the call as a whole, or one side
 * of it (in per-speaker and per-role aggregates it goes to that side). */
enum { SUBJ_CALL, SUBJ_RESPONDENT, SUBJ_CALLER };

/* Per-side metrics: one speaker, or all speakers of a role, in a call. */
#define TS_SIDE_METRICS(X) \
	X(S_TURNS, "turns") \
	X(S_LENGTH, "length") \
	X(S_SHARE, "share_of_speech") \
	X(S_SECONDS, "seconds") \
	X(S_MEAN_TURN, "mean_turn_length") \
	X(S_LONGEST_TURN, "longest_turn") \
	X(S_LONGEST_MONO, "longest_monologue") \
	X(S_BACKCHANNELS, "backchannels") \
	X(S_DEFL, "deflections.total") \
	X(S_DEFL_REFERRAL, "deflections.referral") \
	X(S_DEFL_IGNORANCE, "deflections.ignorance") \
	X(S_DEFL_DEFERRAL, "deflections.deferral") \
	X(S_DEFL_NONCOMMITTAL, "deflections.noncommittal") \
	X(S_DEFL_PROCEDURAL, "deflections.procedural") \
	X(S_DEFL_REFUSAL, "deflections.refusal") \
	X(S_PER1000, "deflections.per_1000") \
	X(S_PER1000_REFERRAL, "deflections.per_1000.referral") \
	X(S_PER1000_IGNORANCE, "deflections.per_1000.ignorance") \
	X(S_PER1000_DEFERRAL, "deflections.per_1000.deferral") \
	X(S_PER1000_NONCOMMITTAL, "deflections.per_1000.noncommittal") \
	X(S_PER1000_PROCEDURAL, "deflections.per_1000.procedural") \
	X(S_PER1000_REFUSAL, "deflections.per_1000.refusal") \
	X(S_QUESTIONS, "qa.questions")

/* Call-level metrics and whom they describe. */
#define TS_CALL_METRICS(X) \
	X(C_SPEAKERS, "speakers", SUBJ_CALL) \
	X(C_TURNS, "turns.total", SUBJ_CALL) \
	X(C_SWITCHES, "turns.switches", SUBJ_CALL) \
	X(C_LENGTH, "length", SUBJ_CALL) \
	X(C_SECONDS, "seconds", SUBJ_CALL) \
	X(C_HANGUP_EVENTS, "events.hangup", SUBJ_CALL) \
	X(C_DEFL, "deflections.total", SUBJ_CALL) \
	X(C_DEFL_REFERRAL, "deflections.referral", SUBJ_CALL) \
	X(C_DEFL_IGNORANCE, "deflections.ignorance", SUBJ_CALL) \
	X(C_DEFL_DEFERRAL, "deflections.deferral", SUBJ_CALL) \
	X(C_DEFL_NONCOMMITTAL, "deflections.noncommittal", SUBJ_CALL) \
	X(C_DEFL_PROCEDURAL, "deflections.procedural", SUBJ_CALL) \
	X(C_DEFL_REFUSAL, "deflections.refusal", SUBJ_CALL) \
	X(C_QUESTIONS, "qa.questions", SUBJ_CALL) \
	X(C_MARKED, "qa.marked", SUBJ_CALL) \
	X(C_HANGUPS, "deflections.hangups", SUBJ_RESPONDENT) \
	X(C_PAIRS, "qa.pairs", SUBJ_RESPONDENT) \
	X(C_RESPONSIVENESS, "qa.responsiveness", SUBJ_RESPONDENT) \
	X(C_DEFLECTED, "qa.deflected_share", SUBJ_RESPONDENT) \
	X(C_REASKS, "qa.reasks", SUBJ_CALLER)

/* Rates pooled over calls: numerator and denominator are summed. */
#define TS_RATES(X) \
	X(R_RESPONSIVENESS, "qa.responsiveness", SUBJ_RESPONDENT) \
	X(R_DEFLECTED, "qa.deflected_share", SUBJ_RESPONDENT) \
	X(R_REPLY_ANSWER, "qa.reply.answer", SUBJ_RESPONDENT) \
	X(R_REPLY_PARTIAL, "qa.reply.partial", SUBJ_RESPONDENT) \
	X(R_REPLY_REFERRAL, "qa.reply.referral", SUBJ_RESPONDENT) \
	X(R_REPLY_IGNORANCE, "qa.reply.ignorance", SUBJ_RESPONDENT) \
	X(R_REPLY_DEFERRAL, "qa.reply.deferral", SUBJ_RESPONDENT) \
	X(R_REPLY_NONCOMMITTAL, "qa.reply.noncommittal", SUBJ_RESPONDENT) \
	X(R_REPLY_PROCEDURAL, "qa.reply.procedural", SUBJ_RESPONDENT) \
	X(R_REPLY_REFUSAL, "qa.reply.refusal", SUBJ_RESPONDENT) \
	X(R_REPLY_BACKCHANNEL, "qa.reply.backchannel", SUBJ_RESPONDENT) \
	X(R_REPLY_AGREE, "qa.reply.agree", SUBJ_RESPONDENT) \
	X(R_REPLY_COUNTER, "qa.reply.counter_question", SUBJ_RESPONDENT) \
	X(R_REPLY_NO_RESPONSE, "qa.reply.no_response", SUBJ_RESPONDENT) \
	X(R_CLARITY_CLEAR, "qa.clarity.clear_reply", SUBJ_RESPONDENT) \
	X(R_CLARITY_AMBIVALENT, "qa.clarity.ambivalent", SUBJ_RESPONDENT) \
	X(R_CLARITY_NON_REPLY, "qa.clarity.clear_non_reply", SUBJ_RESPONDENT) \
	X(R_REASKS, "qa.reasks", SUBJ_CALLER) \
	X(R_MARKED, "qa.marked", SUBJ_CALL)

#define TS_X_ENUM2(id, name) id,
#define TS_X_ENUM3(id, name, subj) id,
enum { TS_SIDE_METRICS(TS_X_ENUM2) S_COUNT };
enum { TS_CALL_METRICS(TS_X_ENUM3) C_COUNT };
enum { TS_RATES(TS_X_ENUM3) R_COUNT };

extern const char *const ts_side_metric_name[S_COUNT];
extern const char *const ts_call_metric_name[C_COUNT];
extern const int ts_call_metric_subject[C_COUNT];
extern const char *const ts_rate_name[R_COUNT];
extern const int ts_rate_subject[R_COUNT];

/* Values of the call-level metrics (NaN: missing). */
void ts_agg_call_values(const agg_rec *rec, double out[C_COUNT]);

/* Values of the side metrics over the speakers of `role` (-1: any) or
 * the one speaker `speaker` (NULL: any).  All NaN when no speaker is on
 * the side. */
void ts_agg_side_values(const agg_rec *rec, int role, const char *speaker, double out[S_COUNT]);

/* Numerators and denominators of the rates; present[i] is 0 when the
 * record lacks the section. */
void ts_agg_rate_values(const agg_rec *rec, double num[R_COUNT], double den[R_COUNT],
                        int present[R_COUNT]);

/* ---- groups and the aggregate (aggregate.c) ---- */

enum { KEY_META, KEY_YEAR, KEY_MONTH, KEY_SOURCE, KEY_SPEAKER, KEY_ROLE };
enum { MODE_CALL, MODE_ROLE, MODE_SPEAKER };
#define TS_AGG_MAX_KEYS 8

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
} agg_rate;

typedef struct agg_group {
	char **key;               /* nkeys values, NULL for a missing one */
	char *ckey;               /* canonical encoding, for hashing and seeds */
	size_t ckeylen;
	uint64_t calls, observations;
	uint64_t last_call;       /* serial of the last call counted */
	ts_multiset *ms;          /* per metric */
	agg_rate *rates;          /* per rate */
} agg_group;

struct ts_agg {
	ts_agg_options opt;
	char *by;
	agg_key keys[TS_AGG_MAX_KEYS];
	size_t nkeys;
	int mode;
	agg_metric *metrics;
	size_t nmetrics;
	int rate_used[R_COUNT];   /* rates reported in this mode */
	agg_group **groups;
	size_t ngroups, capgroups;
	size_t *index;            /* open addressing: group number + 1, 0 empty */
	size_t indexcap;
	uint64_t calls;           /* call records added */
	agg_rec rec;              /* reused between records */
};

/* Add an already parsed call object found at file:line (line 0: unknown);
 * dflt: its source when it names none (NULL: file). */
int ts_agg_add_call(ts_agg *agg, const cJSON *call, const char *file, long line,
                    const char *dflt, ts_error *err);

/* The group with these key values, created when new (NULL: out of memory). */
agg_group *ts_agg_group(ts_agg *agg, char *const *key);

/* Groups in output order (by key values, a missing value first). */
void ts_agg_sort_groups(ts_agg *agg);

/* Partial aggregates: read one line (aggregate_input.c calls it). */
typedef struct agg_partial_state {
	agg_group *group;         /* the group the following lines are about */
	int header;               /* header seen */
} agg_partial_state;

/* Write the partial form (groups sorted first). */
int ts_agg_write_partial(ts_agg *agg, ts_write_fn fn, void *arg, ts_error *err);

/* Rebuild keys, mode and metrics from a --by list (an empty aggregate
 * adopts the keys of the first partial it merges). */
int ts_agg_set_keys(ts_agg *agg, const char *by, ts_error *err);

int ts_agg_partial_line(ts_agg *agg, agg_partial_state *st, const cJSON *v, const char *file,
                        long line, ts_error *err);

#endif
