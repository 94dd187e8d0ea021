/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* liblinear, loaded when a model is trained and only then.  liblinear is
 * C++ and brings libstdc++ with it; linked into the library it would be
 * mapped and initialised at the start of every run, which costs memory and
 * time in runs that never train (bench/RESULTS-compare-instructions.md).
 * Predicting needs none of it (analyse/rmodel.c). */
#ifndef TS_RUN_LIBLINEAR_H
#define TS_RUN_LIBLINEAR_H

#include <linear.h>

#include "base/diag.h"

typedef struct ts_liblinear {
	void *handle;
	struct model *(*train)(const struct problem *, const struct parameter *);
	const char *(*check_parameter)(const struct problem *, const struct parameter *);
	void (*set_print_string_function)(void (*)(const char *));
	double (*get_decfun_coef)(const struct model *, int, int);
	void (*free_and_destroy_model)(struct model **);
} ts_liblinear;

/* Loads liblinear's shared object (the one configure found); TS_EIO with a
 * message naming it and its Debian package when it cannot be loaded. */
int ts_liblinear_open(ts_liblinear *l, ts_error *err);
void ts_liblinear_close(ts_liblinear *l);

#endif
