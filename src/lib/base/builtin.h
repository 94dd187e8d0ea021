/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* The data files built into the library (generated from data/ by
 * scripts/embed-data): the programs work before `make install`, and
 * --datadir / TALKSTAT_DATADIR still name a folder of files to use
 * instead. */
#ifndef TS_BUILTIN_H
#define TS_BUILTIN_H

#include <stddef.h>

/* The data folder that stands for the built-in files: paths under it
 * ("(built-in)/lexicons/zh.json") are looked up in the table, and name the
 * file in messages. */
#define TS_BUILTIN_DIR "(built-in)"

typedef struct ts_builtin_file {
	const char *name;            /* its path under data/; NULL ends the table */
	const unsigned char *bytes;  /* its bytes, NUL after them */
	size_t len;
} ts_builtin_file;

extern const ts_builtin_file ts_builtin_files[];

/* The built-in file at path (TS_BUILTIN_DIR "/" name), or NULL when path is
 * not under TS_BUILTIN_DIR or names no built-in file. */
const ts_builtin_file *ts_builtin_find(const char *path);

/* Done with f's bytes for now (they are copied out to be parsed): their
 * pages of the library's read-only data leave the process's resident
 * memory, which would otherwise keep the whole data (200 KB) for the
 * rest of the run.  Reading them again later is still right: the pages
 * come back from the file. */
void ts_builtin_release(const ts_builtin_file *f);

#endif
