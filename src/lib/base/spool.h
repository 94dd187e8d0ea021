/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* Copies of an input into an unlinked temporary file: what cannot be read
 * twice (standard input, a pipe) or must first become UTF-8 (another
 * encoding) is spooled so a reader can rewind it and threads can pread it.
 * The one spooler of the readers (read/input.c) and of aggregation's
 * standard input (aggregate/aggregate_input.c). */
#ifndef TS_SPOOL_H
#define TS_SPOOL_H

#include <stddef.h>

#include "talkstat.h"

/* head[0..head_len) (bytes already read from fd) and then the rest of fd,
 * converted from enc to UTF-8 when enc is not NULL, into a temporary file;
 * *out_fd is a descriptor of it at its start.  name is what errors call
 * the input; a conversion error is placed by line and column of the
 * converted text. */
int ts_spool(int fd, const char *head, size_t head_len, const char *enc, const char *name,
             int *out_fd, ts_error *err);

#endif
