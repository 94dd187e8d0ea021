/* What the reader fuzz targets do with an input file: read every call,
 * write its summary with the turn list, and ask for every turn's end
 * position; a turn's times, when it has them, are in order. */
#ifndef TS_FUZZ_READ_H
#define TS_FUZZ_READ_H

#include <stdlib.h>

#include "talkstat.h"

static inline void fuzz_read_calls(ts_context *ctx, const char *path)
{
	ts_reader *r = NULL;
	ts_error err;
	if (ts_reader_open(&r, ctx, path, &err))
		return;
	const ts_call *call;
	while (ts_reader_next(r, &call, &err) == 1) {
		char *json = NULL;
		if (!ts_summary_call_json(ctx, call, TS_SECTION_ALL | TS_SECTION_TURN_LIST, path,
		                          TS_JSON_RECORD, 0, &json, &err))
			free(json);
		for (size_t t = 0; t < call->nturns; t++) {
			long line, col;
			ts_turn_position(&call->turns[t], call->turns[t].len, &line, &col);
			if (call->turns[t].start > call->turns[t].end)
				abort();  /* times out of order are the reader's error to report */
		}
	}
	ts_reader_close(r);
}

#endif
