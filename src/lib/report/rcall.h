/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What the report shows of one call, from an analysed call (every part)
 * or from a summary record (no turn texts: the phrases without their
 * context, and a timeline only when the record lists its utterances). */
#ifndef TS_RCALL_H
#define TS_RCALL_H

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "talkstat.h"

typedef struct rc_speaker {
	char *name;
	int respondent;
	double share;           /* of speech; NaN when the call has none */
	size_t length;          /* in the call's unit */
} rc_speaker;

typedef struct rc_turn {
	size_t speaker;         /* index into rcall.speakers */
	double start, end;      /* seconds, real or estimated (rcall.estimated) */
	long line;
	char *text;             /* NULL: not known (a summary) */
} rc_turn;

typedef struct rc_event {
	ts_event_kind kind;
	size_t after_turn;
	long line;
	char *text;
} rc_event;

typedef struct rc_mark {
	size_t start, end;      /* bytes of the reply's text */
	ts_category category;
	char *phrase;           /* the phrase as written */
} rc_mark;

typedef struct rc_pair {
	long line;              /* of the question */
	long turn_line;         /* of its turn's label, which the transcript anchors;
	                         * 0: not known (a summary without utterances) */
	char *question;
	ts_reply reply;
	ts_clarity clarity;
	ts_evasion evasion;     /* the reply model's label; TS_EV_NONE: a rule decided */
	long reply_line;        /* 0: no reply */
	char *reply_text;       /* NULL: not known (a summary) or no reply */
	rc_mark *marks;         /* the deflecting phrases of the reply */
	size_t nmarks;
	char *why;
} rc_pair;

typedef struct rcall {
	char *source;
	size_t number;          /* in its file */
	char *title;            /* NULL: none */
	long line;
	char *language;
	ts_unit unit;
	int timed;              /* real times */
	int no_text;            /* the input gives no text (RTTM): no deflections or questions */
	int have_turns;         /* the turns below are the call's (else a summary without them) */
	rc_speaker *speakers;   size_t nspeakers;
	rc_turn *turns;         size_t nturns;
	rc_event *events;       size_t nevents;
	size_t turn_count;      /* turns in the call, listed or not */
	size_t deflections, hangups;
	size_t by_category[TS_CAT_COUNT];
	rc_pair *pairs;         size_t npairs;
	size_t clear_replies, deflected;
	double responsiveness, deflected_share;  /* NaN without pairs */
} rcall;

/* Fill c from an analysed call (TS_SECTION_ALL); 0 or TS_ENOMEM. */
int rcall_from_result(rcall *c, const ts_result *r, const char *source);

/* Fill c from a summary record (docs/output.md); TS_EINPUT with a message
 * in err (file `name`, line `line`) when a member is missing or of the
 * wrong type. */
int rcall_from_json(rcall *c, const cJSON *rec, const char *name, long line, ts_error *err);

void rcall_free(rcall *c);

/* The call's section of the report (HTML) and its charts as Vega-Lite
 * specifications, appended to out as framed records: 'H' or 'V', the
 * name (V only), a NUL, the length in decimal, a NUL, the bytes.  k is the
 * call's number in the report. */
int rcall_render(const rcall *c, size_t k, ts_buf *out);




#endif
