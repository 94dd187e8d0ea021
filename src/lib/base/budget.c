/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/budget.h"

#include "talkstat.h"

int ts_budget_init(ts_budget *b, size_t limit)
{
	*b = (ts_budget){.limit = limit};
	if (pthread_mutex_init(&b->mu, NULL))
		return TS_ENOMEM;
	if (pthread_cond_init(&b->freed, NULL)) {
		pthread_mutex_destroy(&b->mu);
		return TS_ENOMEM;
	}
	return 0;
}

void ts_budget_destroy(ts_budget *b)
{
	pthread_cond_destroy(&b->freed);
	pthread_mutex_destroy(&b->mu);
}

void ts_budget_take(ts_budget *b, size_t *held, size_t n)
{
	ts_budget_take_within(b, held, n, b->limit);
}

void ts_budget_take_within(ts_budget *b, size_t *held, size_t n, size_t limit)
{
	pthread_mutex_lock(&b->mu);
	while (b->used + n > limit && b->used != *held &&
	       !(b->has_front && pthread_equal(b->front, pthread_self()))) {
		b->waiting++;
		b->waits++;
		pthread_cond_wait(&b->freed, &b->mu);
		b->waiting--;
	}
	b->used += n;
	*held += n;
	pthread_mutex_unlock(&b->mu);
}

void ts_budget_give(ts_budget *b, size_t *held)
{
	pthread_mutex_lock(&b->mu);
	b->used -= *held;
	*held = 0;
	if (b->waiting)
		pthread_cond_broadcast(&b->freed);
	pthread_mutex_unlock(&b->mu);
}

void ts_budget_add(ts_budget *b, size_t *held, size_t n)
{
	pthread_mutex_lock(&b->mu);
	b->used += n;
	*held += n;
	pthread_mutex_unlock(&b->mu);
}

size_t ts_budget_used(ts_budget *b)
{
	pthread_mutex_lock(&b->mu);
	size_t used = b->used;
	pthread_mutex_unlock(&b->mu);
	return used;
}

int ts_budget_waiting(ts_budget *b)
{
	pthread_mutex_lock(&b->mu);
	int waiting = b->waiting != 0;
	pthread_mutex_unlock(&b->mu);
	return waiting;
}

void ts_budget_front(ts_budget *b, const pthread_t *t)
{
	pthread_mutex_lock(&b->mu);
	b->has_front = t != NULL;
	if (t)
		b->front = *t;
	if (b->waiting)
		pthread_cond_broadcast(&b->freed);
	pthread_mutex_unlock(&b->mu);
}
