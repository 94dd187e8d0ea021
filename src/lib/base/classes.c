/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Names and mappings generated from the class lists of talkstat.h. */
#include "config.h"

#include "base/classes.h"

#define NAME2(id, name) name,
#define NAME3(id, name, clarity) name,

const char *const ts_event_kind_names[TS_EVENT_KIND_COUNT] = {TS_EVENT_KIND_LIST(NAME2)};
const char *const ts_clarity_names[TS_C_COUNT] = {TS_CLARITY_LIST(NAME2)};
const char *const ts_category_names[TS_CAT_NONE + 1] = {TS_CATEGORY_LIST(NAME3) "none"};
const char *const ts_reply_names[TS_R_COUNT] = {TS_REPLY_LIST(NAME3)};
const char *const ts_qtype_names[TS_Q_TYPE_COUNT] = {TS_QTYPE_LIST(NAME2)};
#define EV_NAME(id, name, alias, clarity, reply) name,
#define EV_ALIAS(id, name, alias, clarity, reply) alias,
#define EV_CLARITY(id, name, alias, clarity, reply) TS_C_##clarity,
#define EV_REPLY(id, name, alias, clarity, reply) TS_R_##reply,
const char *const ts_evasion_names[TS_EV_COUNT] = {TS_EVASION_LIST(EV_NAME)};
const char *const ts_evasion_aliases[TS_EV_COUNT] = {TS_EVASION_LIST(EV_ALIAS)};
static const ts_clarity evasion_clarity[TS_EV_COUNT] = {TS_EVASION_LIST(EV_CLARITY)};
static const ts_reply evasion_reply[TS_EV_COUNT] = {TS_EVASION_LIST(EV_REPLY)};

/* The deflection classes are the category list spliced into the reply
 * list: in the same order, right after the answers. */
#define CAT_REPLY(id, name, clarity) \
	_Static_assert(TS_R_##id == TS_R_DEFLECTION + TS_CAT_##id, "reply class of " name);
TS_CATEGORY_LIST(CAT_REPLY)

const char *ts_event_kind_name(ts_event_kind k)
{
	return (unsigned)k < TS_EVENT_KIND_COUNT ? ts_event_kind_names[k] : "?";
}

const char *ts_clarity_name(ts_clarity c)
{
	return (unsigned)c < TS_C_COUNT ? ts_clarity_names[c] : "?";
}

const char *ts_category_name(ts_category c)
{
	return (unsigned)c <= TS_CAT_NONE ? ts_category_names[c] : "?";
}

const char *ts_reply_name(ts_reply r)
{
	return (unsigned)r < TS_R_COUNT ? ts_reply_names[r] : "?";
}

const char *ts_qtype_name(ts_qtype t)
{
	return (unsigned)t < TS_Q_TYPE_COUNT ? ts_qtype_names[t] : "?";
}

ts_clarity ts_reply_clarity(ts_reply r)
{
	return ts_reply_clarity_in(r);
}

ts_category ts_reply_category(ts_reply r)
{
	return ts_reply_category_in(r);
}

ts_reply ts_category_reply(ts_category c)
{
	return (ts_reply)(TS_R_DEFLECTION + (int)c);
}

const char *ts_evasion_name(ts_evasion e)
{
	return (unsigned)e < TS_EV_COUNT ? ts_evasion_names[e] : "?";
}

ts_clarity ts_evasion_clarity(ts_evasion e)
{
	return (unsigned)e < TS_EV_COUNT ? evasion_clarity[e] : TS_C_CLEAR_NON_REPLY;
}

ts_reply ts_evasion_reply(ts_evasion e)
{
	return (unsigned)e < TS_EV_COUNT ? evasion_reply[e] : TS_R_NO_RESPONSE;
}
