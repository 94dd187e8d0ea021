/* Readers of transcript formats, chosen by --format, extension or content. */
#ifndef TS_READER_H
#define TS_READER_H

#include "base/resources.h"
#include "talkstat.h"

typedef struct ts_format_reader {
	const char *name;
	int (*open)(void **state, const ts_resources *res, const ts_options *opt, const char *path,
	            ts_error *err);
	int (*next)(void *state, const ts_call **call, ts_error *err);
	void (*close)(void *state);
} ts_format_reader;

extern const ts_format_reader ts_reader_text;

/* The reader of a format name (NULL: text), or a usage error. */
int ts_format_of(const char *name, const ts_format_reader **fmt, ts_error *err);

/* The reader of a format name, or NULL. */
const ts_format_reader *ts_format_find(const char *name);

#endif
