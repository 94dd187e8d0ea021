/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* turntimes FILE: per speaker of the first call of FILE (any format
 * talkstat reads), the turns, words and seconds of talk from the turns'
 * own start and end times (summed over the turns), as JSON; the golden
 * tests of the timed formats compare it with figures worked out without
 * talkstat.  The summary's seconds are estimated from lengths until the
 * summary uses real times; this shows what a reader gives.
 * Exit 0, 1 when the file cannot be read, 2 on usage errors. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "talkstat.h"

/* A JSON string of s (names are text the reader validated). */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: turntimes FILE\n");
		return 2;
	}
	ts_options o;
	ts_options_init(&o);
	ts_context *ctx = NULL;
	ts_reader *r = NULL;
	const ts_call *c = NULL;
	ts_error err;
	char msg[512];
	if (ts_context_new(&ctx, &o, &err) || ts_reader_open(&r, ctx, argv[1], &err) ||
	    ts_reader_next(r, &c, &err) != 1) {
		ts_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "turntimes: %s\n", c || !r ? msg : "no call");
		return 1;
	}
	printf("{\"format\": \"%s\", \"timed\": %s, \"speakers\": [", c->format,
	       c->timed ? "true" : "false");
	for (size_t s = 0; s < c->nspeakers; s++) {
		size_t turns = 0, words = 0;
		double seconds = 0;
		for (size_t t = 0; t < c->nturns; t++)
			if (c->turns[t].speaker == s) {
				turns++;
				words += c->turns[t].words;
				seconds += c->turns[t].end - c->turns[t].start;  /* NaN when untimed */
			}
		printf("%s\n  {\"speaker\": ", s ? "," : "");
		json_str(c->speakers[s].id);
		printf(", \"turns\": %zu, \"words\": %zu, \"seconds\": ", turns, words);
		if (isnan(seconds))
			printf("null}");
		else
			printf("%.6f}", seconds);
	}
	printf("]}\n");
	ts_reader_close(r);
	ts_context_free(ctx);
	return ferror(stdout) || fclose(stdout) ? 2 : 0;
}
