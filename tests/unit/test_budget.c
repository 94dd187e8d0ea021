/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* base/budget.c: bytes taken within the limit; past it by the front, or
 * by a holder when nothing else is held; the others waiting until bytes
 * are given back or they are made the front. */
#include "config.h"

#include "helpers.h"

#include <pthread.h>
#include <sched.h>

#include "base/budget.h"

/* A budget of 100 bytes for each test, destroyed after it with nothing
 * held. */
static int budget_setup(void **state)
{
	ts_budget *b = malloc(sizeof *b);
	if (!b || ts_budget_init(b, 100)) {
		free(b);
		return -1;
	}
	*state = b;
	return 0;
}

static int budget_teardown(void **state)
{
	ts_budget *b = *state;
	int rc = b->used == 0 ? 0 : -1;
	ts_budget_destroy(b);
	free(b);
	return rc;
}

static void within_the_limit(void **state)
{
	ts_budget *b = *state;
	size_t x = 0, y = 0;
	ts_budget_take(b, &x, 60);
	ts_budget_take(b, &y, 40);
	assert_int_equal(x, 60);
	assert_int_equal(y, 40);
	assert_int_equal(b->used, 100);
	ts_budget_give(b, &x);
	assert_int_equal(x, 0);
	assert_int_equal(b->used, 40);
	assert_false(ts_budget_waiting(b));
	ts_budget_give(b, &y);
	assert_int_equal(b->used, 0);
	assert_int_equal(b->waits, 0);
}

/* A holder that alone holds anything passes the limit (a call larger than
 * the budget takes what it needs: with one thread nothing else could
 * give bytes back); records added pass it too, never waiting. */
static void alone_or_added(void **state)
{
	ts_budget *b = *state;
	size_t x = 0, r = 0;
	ts_budget_take(b, &x, 150);
	ts_budget_take(b, &x, 300);
	assert_int_equal(x, 450);
	ts_budget_add(b, &r, 70);
	assert_int_equal(r, 70);
	assert_int_equal(b->used, 520);
	ts_budget_give(b, &x);
	ts_budget_give(b, &r);
	assert_int_equal(b->used, 0);
	assert_int_equal(b->waits, 0);
}

/* The front passes the limit while others hold bytes. */
static void the_front_passes(void **state)
{
	ts_budget *b = *state;
	size_t x = 0, other = 0;
	ts_budget_take(b, &other, 80);
	pthread_t me = pthread_self();
	ts_budget_front(b, &me);
	ts_budget_take(b, &x, 50);
	assert_int_equal(b->used, 130);
	ts_budget_front(b, NULL);
	ts_budget_give(b, &x);
	ts_budget_give(b, &other);
	assert_int_equal(b->waits, 0);
}

struct taker {
	ts_budget *b;
	size_t held, n;
	pthread_t tid;
	size_t limit;   /* 0: the budget's own */
};

static void *take_main(void *arg)
{
	struct taker *t = arg;
	if (t->limit)
		ts_budget_take_within(t->b, &t->held, t->n, t->limit);
	else
		ts_budget_take(t->b, &t->held, t->n);
	return NULL;
}

/* Until a thread waits for bytes (no time limit: it must). */
static void until_waiting(ts_budget *b)
{
	for (;;) {
		pthread_mutex_lock(&b->mu);
		size_t w = b->waiting;
		pthread_mutex_unlock(&b->mu);
		if (w)
			return;
		sched_yield();
	}
}

/* A thread that would pass the limit waits, holding what it held, until
 * bytes are given back and what it asked for fits. */
static void waits_for_bytes(void **state)
{
	ts_budget *b = *state;
	size_t x = 0;
	struct taker t = {b, 0, 20, 0, 0};
	ts_budget_take(b, &t.held, 10);
	ts_budget_take(b, &x, 90);
	assert_int_equal(pthread_create(&t.tid, NULL, take_main, &t), 0);
	until_waiting(b);
	assert_true(ts_budget_waiting(b));
	pthread_mutex_lock(&b->mu);
	assert_int_equal(t.held, 10);
	assert_int_equal(b->used, 100);
	pthread_mutex_unlock(&b->mu);
	ts_budget_give(b, &x);
	assert_int_equal(pthread_join(t.tid, NULL), 0);
	assert_int_equal(t.held, 30);
	assert_int_equal(b->used, 30);
	assert_int_equal(b->waits, 1);
	ts_budget_give(b, &t.held);
}

/* ... or until it is made the front, and then past the limit. */
static void waits_to_be_the_front(void **state)
{
	ts_budget *b = *state;
	size_t x = 0;
	struct taker t = {b, 0, 50, 0, 0};
	ts_budget_take(b, &t.held, 10);
	ts_budget_take(b, &x, 90);
	assert_int_equal(pthread_create(&t.tid, NULL, take_main, &t), 0);
	until_waiting(b);
	ts_budget_front(b, &t.tid);
	assert_int_equal(pthread_join(t.tid, NULL), 0);
	assert_int_equal(t.held, 60);
	assert_int_equal(b->used, 150);
	ts_budget_front(b, NULL);
	ts_budget_give(b, &t.held);
	ts_budget_give(b, &x);
	assert_int_equal(b->used, 0);
}

/* Records take within a limit of their own, larger than the calls': past
 * the budget's, within theirs, at once; past theirs, they wait as calls
 * do. */
static void within_a_limit_of_its_own(void **state)
{
	ts_budget *b = *state;
	size_t x = 0;
	struct taker t = {b, 0, 40, 0, 150};
	ts_budget_take(b, &x, 90);
	ts_budget_take_within(b, &t.held, 30, 150);
	assert_int_equal(ts_budget_used(b), 120);
	assert_int_equal(b->waits, 0);
	assert_int_equal(pthread_create(&t.tid, NULL, take_main, &t), 0);
	until_waiting(b);
	pthread_mutex_lock(&b->mu);
	assert_int_equal(t.held, 30);
	pthread_mutex_unlock(&b->mu);
	ts_budget_give(b, &x);
	assert_int_equal(pthread_join(t.tid, NULL), 0);
	assert_int_equal(t.held, 70);
	assert_int_equal(ts_budget_used(b), 70);
	assert_int_equal(b->waits, 1);
	ts_budget_give(b, &t.held);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(within_the_limit, budget_setup, budget_teardown),
		cmocka_unit_test_setup_teardown(alone_or_added, budget_setup, budget_teardown),
		cmocka_unit_test_setup_teardown(the_front_passes, budget_setup, budget_teardown),
		cmocka_unit_test_setup_teardown(waits_for_bytes, budget_setup, budget_teardown),
		cmocka_unit_test_setup_teardown(waits_to_be_the_front, budget_setup, budget_teardown),
		cmocka_unit_test_setup_teardown(within_a_limit_of_its_own, budget_setup, budget_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
