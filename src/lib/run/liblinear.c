/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "base/dlsym.h"
#include "run/liblinear.h"

int ts_liblinear_open(ts_liblinear *l, ts_error *err)
{
	memset(l, 0, sizeof *l);
	l->handle = dlopen(TS_LIBLINEAR_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!l->handle) {
		const char *why = dlerror();
		return ts_fail(err, TS_EIO, NULL, 0, 0,
		               "training needs liblinear (%s, Debian package liblinear4): %s",
		               TS_LIBLINEAR_SONAME, why ? why : "cannot be loaded");
	}
	const char *missing = NULL;
#define TS_SYM(name)                                                   \
	if (!missing && ts_dlsym(l->handle, #name, &l->name, sizeof l->name)) \
		missing = #name;
	TS_SYM(train)
	TS_SYM(check_parameter)
	TS_SYM(set_print_string_function)
	TS_SYM(get_decfun_coef)
	TS_SYM(free_and_destroy_model)
#undef TS_SYM
	if (missing) {
		ts_liblinear_close(l);
		return ts_fail(err, TS_EIO, NULL, 0, 0, "%s has no function %s", TS_LIBLINEAR_SONAME,
		               missing);
	}
	return 0;
}

void ts_liblinear_close(ts_liblinear *l)
{
	if (l->handle)
		dlclose(l->handle);
	memset(l, 0, sizeof *l);
}
