/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Memory shared out among the threads of a run: a call that grows large
 * takes bytes of the budget as it grows and gives them back when it is
 * done, and its thread waits while what it takes would pass the limit.
 * Without it every thread could hold a call of many short turns at once
 * (40 files of 250 KB of one-character turns: 79 to 91 MiB at 16
 * threads, 13 MiB at 1): the memory of a run grew with its threads.
 *
 * No thread waits for ever.  One thread, the front, is never made to
 * wait: the one reading what is to be handed on next, or the one handing
 * on when that is read (run/pipeline.c names it as the run goes on); nor
 * is a thread when nothing but its own is held.  So the calls together
 * stay under the limit but for one, which takes what it needs, as a long
 * turn does.  Bytes added without waiting (a spare buffer for records,
 * taken under a lock) make the calls after them wait; records wait
 * within a larger limit of their own (ts_budget_take_within,
 * run/pipeline.c). */
#ifndef TS_BUDGET_H
#define TS_BUDGET_H

#include <pthread.h>
#include <stddef.h>

typedef struct ts_budget {
	pthread_mutex_t mu;
	pthread_cond_t freed;
	size_t limit, used;
	pthread_t front;     /* the thread never made to wait, if has_front */
	int has_front;
	size_t waiting;      /* threads waiting for bytes */
	size_t waits;        /* times a thread waited, in all (tests) */
} ts_budget;

/* 0, or TS_ENOMEM when the lock could not be made. */
int ts_budget_init(ts_budget *b, size_t limit);
void ts_budget_destroy(ts_budget *b);

/* n bytes more for a holder that holds *held of the budget, taken by the
 * calling thread: added to *held once the limit leaves room for them, at
 * once if the thread is the front or nothing but *held is held. */
void ts_budget_take(ts_budget *b, size_t *held, size_t n);

/* The same, within `limit`, not the budget's own. */
void ts_budget_take_within(ts_budget *b, size_t *held, size_t n, size_t limit);

/* All of *held given back (*held becomes 0). */
void ts_budget_give(ts_budget *b, size_t *held);

/* n bytes more for a holder that must not wait (records: given back only
 * when those before them are handed on), added at once. */
void ts_budget_add(ts_budget *b, size_t *held, size_t n);

/* The bytes held now. */
size_t ts_budget_used(ts_budget *b);

/* Whether a thread waits for bytes. */
int ts_budget_waiting(ts_budget *b);

/* Thread t is the front from now on (NULL: none). */
void ts_budget_front(ts_budget *b, const pthread_t *t);

#endif
