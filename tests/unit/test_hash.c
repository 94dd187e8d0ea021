/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The open-addressing index (base/hash.h): items found by hash and
 * comparison after growth, forgotten by a clear, kept apart on
 * collisions. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/hash.h"

static char names[1000][16];

static uint64_t name_hash(const void *arg, size_t i)
{
	(void)arg;
	return ts_fnv1a(TS_FNV_INIT, names[i], strlen(names[i]));
}

/* A hash that puts everything in one probe chain. */
static uint64_t same_hash(const void *arg, size_t i)
{
	(void)arg;
	(void)i;
	return 7;
}

static long find(const ts_hindex *x, uint64_t (*hash)(const void *, size_t), const char *s)
{
	size_t i;
	strcpy(names[999], s);
	uint64_t h = hash(NULL, 999);
	for (size_t at = ts_hindex_start(x, h); ts_hindex_taken(x, at, &i); at = ts_hindex_next(x, at))
		if (!strcmp(names[i], s))
			return (long)i;
	return -1;
}

static void grows_and_finds(void **state)
{
	(void)state;
	ts_hindex x = {0};
	assert_int_equal(find(&x, name_hash, "a"), -1);  /* empty, no table yet */
	for (size_t i = 0; i < 500; i++) {
		snprintf(names[i], sizeof names[i], "k%zu", i);
		assert_int_equal(ts_hindex_reserve(&x, i + 1, name_hash, NULL), 0);
		ts_hindex_put(&x, name_hash(NULL, i), i);
	}
	assert_true(x.cap >= 1000);
	for (size_t i = 0; i < 500; i++)
		assert_int_equal(find(&x, name_hash, names[i]), (long)i);
	assert_int_equal(find(&x, name_hash, "k500"), -1);
	ts_hindex_clear(&x);
	assert_int_equal(x.n, 0);
	assert_int_equal(find(&x, name_hash, "k3"), -1);
	ts_hindex_put(&x, name_hash(NULL, 3), 3);
	assert_int_equal(find(&x, name_hash, "k3"), 3);
	ts_hindex_free(&x);
}

static void collisions_and_wrapped_stamps(void **state)
{
	(void)state;
	ts_hindex x = {0};
	for (size_t i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "c%zu", i);
		assert_int_equal(ts_hindex_reserve(&x, i + 1, same_hash, NULL), 0);
		ts_hindex_put(&x, 7, i);
	}
	for (size_t i = 0; i < 20; i++)
		assert_int_equal(find(&x, same_hash, names[i]), (long)i);
	/* the generation wraps: the slots are cleared for real */
	x.gen = UINT32_MAX;
	for (size_t at = 0; at < x.cap; at++)
		if (x.slot[at].gen)
			x.slot[at].gen = UINT32_MAX;
	assert_int_equal(find(&x, same_hash, "c5"), 5);
	ts_hindex_clear(&x);
	assert_int_equal(x.gen, 1);
	assert_int_equal(find(&x, same_hash, "c5"), -1);
	ts_hindex_free(&x);
}

static void fnv1a_step(void **state)
{
	(void)state;
	/* FNV-1a's step: xor the byte, multiply by the 64-bit FNV prime
	 * 2^40 + 2^8 + 0xb3 (the start is the project's, see base/hash.h) */
	const uint64_t prime = (1ULL << 40) + (1ULL << 8) + 0xb3;
	assert_true(ts_fnv1a(TS_FNV_INIT, "", 0) == TS_FNV_INIT);
	assert_true(ts_fnv1a(TS_FNV_INIT, "a", 1) == (TS_FNV_INIT ^ 'a') * prime);
	assert_true(ts_fnv1a(12345, "ab", 2) == (((12345 ^ 'a') * prime) ^ 'b') * prime);
	assert_true(ts_fnv1a(ts_fnv1a(TS_FNV_INIT, "fo", 2), "o", 1) ==
	            ts_fnv1a(TS_FNV_INIT, "foo", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_and_finds),
		cmocka_unit_test(collisions_and_wrapped_stamps),
		cmocka_unit_test(fnv1a_step),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
