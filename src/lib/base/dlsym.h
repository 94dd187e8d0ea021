/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Functions of shared objects loaded by name when first needed (liblinear
 * to train, run/liblinear.c; libxml2 to read HTML, read/reader_html.c):
 * linked, their C++ runtime would start in every run. */
#ifndef TS_DLSYM_H
#define TS_DLSYM_H

#include <dlfcn.h>
#include <string.h>

/* The function `name` of handle into *fn (a function pointer of size
 * bytes): 0, or -1 when there is none.  ISO C has no conversion from an
 * object pointer to a function pointer; POSIX guarantees dlsym's result
 * has the representation of one. */
static inline int ts_dlsym(void *handle, const char *name, void *fn, size_t size)
{
	void *p = dlsym(handle, name);
	if (!p)
		return -1;
	memcpy(fn, &p, size);
	return 0;
}

#endif
