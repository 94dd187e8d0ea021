/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
#include "config.h"

#include "base/builtin.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const ts_builtin_file *ts_builtin_find(const char *path)
{
	size_t n = strlen(TS_BUILTIN_DIR);
	if (strncmp(path, TS_BUILTIN_DIR, n) || path[n] != '/')
		return NULL;
	for (const ts_builtin_file *f = ts_builtin_files; f->name; f++)
		if (!strcmp(f->name, path + n + 1))
			return f;
	return NULL;
}

void ts_builtin_release(const ts_builtin_file *f)
{
	/* Only whole pages of the file's own bytes (embed-data aligns each
	 * file to a page); madvise may fail harmlessly (pages kept). */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	if (!page || page & (page - 1))
		return;
	uintptr_t a = ((uintptr_t)f->bytes + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)f->bytes + f->len) & ~(page - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
}
