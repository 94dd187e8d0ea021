/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What is decided about a call once it is read, whatever its format: which
 * turns are backchannels, the call's language and length unit, and which
 * speaker is the caller.  Readers only say what the input says. */
#ifndef TS_ANNOTATE_H
#define TS_ANNOTATE_H

#include "base/resources.h"
#include "model/call.h"

/* Annotate a finished call (ts_callbuf_finish).  caller: the caller's id
 * (NFKC) as the run declares it, or NULL for the call's @Caller, else the
 * speaker who asks the most questions.  0, TS_ENOMEM, or 1 when a
 * declared caller is none of the call's speakers (every figure that
 * needs the caller would be empty). */
int ts_annotate(ts_callbuf *cb, const ts_resources *res, const char *caller);

#endif
