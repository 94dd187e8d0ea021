/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-turns: every turn of every call, as the reader segmented it,
 * as JSON or (--to) in another transcript format. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_TO = CLI_OPT_EXTRA };

static const struct option opts[] = {
	{"to", required_argument, NULL, OPT_TO},
	{NULL, 0, NULL, 0},
};

static void on_option(cli *c, int ch, const char *arg)
{
	int *to = c->data;
	if (ch != OPT_TO)
		return;
	for (size_t i = 0; ts_out_format_name(i); i++)
		if (!strcmp(ts_out_format_name(i), arg)) {
			*to = (int)i;
			return;
		}
	if (!strcmp(arg, "json")) {
		*to = -1;
		return;
	}
	cli_usage_error(c, "--to: unknown format '%s' (json, chat, convokit, rttm)", arg);
}

/* The calls written in another format: no analysis, no sections. */
static int convert_body(cli *c, ts_context *ctx, char **files, int nfiles)
{
	ts_error err = {0};
	int status = 0;
	const char **srcs = cli_alloc(c, calloc((size_t)nfiles, sizeof *srcs));
	for (int i = 0; i < nfiles; i++)
		srcs[i] = strcmp(files[i], "-") ? files[i] : "<stdin>";
	/* > 0: a write error, reported when the output is closed */
	if (ts_convert_files(ctx, *(int *)c->data, (size_t)nfiles, (const char *const *)files, srcs,
	                     cli_write, c->out, &err) < 0)
		status = cli_report(c, &err);
	free(srcs);
	return status;
}

static int convert(cli *c, int to)
{
	if (c->sections || c->jsonl || c->compact)
		cli_usage_error(c, "--to %s takes no --sections, --jsonl or --compact",
		                ts_out_format_name((size_t)to));
	return cli_run_inputs(c, convert_body);
}

int main(int argc, char **argv)
{
	int to = -1;
	cli c = {
		.prog = "talkstat-turns",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print each call's turns as JSON: speaker, role, source line and column,\n"
		         "length, backchannel flag and the joined text; and the turn totals.\n"
		         "Use it to check how a transcript was segmented.  With --to, write the\n"
		         "calls in another transcript format instead (docs/formats.md, \"Writing\n"
		         "other formats\"): CLAN can then count talkstat's segmentation.",
		.extra_help = "      --to=FORMAT        json (default); chat: a TalkBank CHAT file (one\n"
		              "                         call; speaker codes, the full names in @ID);\n"
		              "                         convokit: utterances.jsonl, a conversation per\n"
		              "                         call; rttm: SPEAKER rows (timed inputs only)\n",
		.examples = "  talkstat-turns fixtures/anyang-calls.txt\n"
		            "  talkstat-turns --jsonl examples/state-2023-05-25-miller.txt | jq -c '.utterances[] | [.turn, .speaker]'\n"
		            "  talkstat-turns --to chat -o earnest.cha examples/whitehouse-2016-07-05-earnest.txt\n"
		            "  talkstat-turns --to convokit fixtures/anyang-calls.txt\n"
		            "  talkstat-turns --to rttm fixtures/vtt/example1.vtt\n",
		.extra_opts = opts,
		.on_option = on_option,
		.data = &to,
	};
	cli_parse(&c, argc, argv);
	if (to >= 0)
		return convert(&c, to);
	return cli_run_calls(&c, TS_SECTION_TURNS | TS_SECTION_EVENTS | TS_SECTION_TURN_LIST);
}
