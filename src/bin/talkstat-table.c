/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-table: tidy tables (CSV or TSV) of the calls in transcripts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_TSV = CLI_OPT_EXTRA, OPT_NO_HEADER };

static const struct option opts[] = {
	{"tsv", no_argument, NULL, OPT_TSV},
	{"no-header", no_argument, NULL, OPT_NO_HEADER},
	{NULL, 0, NULL, 0},
};

typedef struct run {
	unsigned flags;
	int no_header;
} run;

static void on_option(cli *c, int ch, const char *arg)
{
	run *r = c->data;
	(void)arg;
	if (ch == OPT_TSV)
		r->flags |= TS_TABLE_TSV;
	else if (ch == OPT_NO_HEADER)
		r->no_header = 1;
}

/* The table a name names, or a usage error listing them. */
static int table_named(const cli *c, const char *name)
{
	for (size_t i = 0; ts_table_name(i); i++)
		if (!strcmp(ts_table_name(i), name))
			return (int)i;
	cli_usage_error(c, "unknown table '%s' (calls, speakers, turns, questions, deflections, meta)",
	                name);
}

int main(int argc, char **argv)
{
	run r = {0};
	cli c = {
		.prog = "talkstat-table",
		.usage = "[OPTION]... TABLE [FILE]...",
		.about = "Print a tidy table of the calls in the transcripts, one row per entity:\n"
		         "TABLE is calls, speakers, turns, questions, deflections or meta (the\n"
		         "@Key: value lines).  Every row starts with the source file and the call\n"
		         "number; the columns are fixed (docs/tables.md).  CSV (RFC 4180, CRLF) by\n"
		         "default; an empty cell is a value that is undefined or does not apply.",
		.extra_help = "      --tsv              tab-separated values, LF line ends\n"
		              "      --no-header        no header line (to append to a table)\n",
		.examples = "  talkstat-table speakers fixtures/anyang-calls.txt\n"
		            "  talkstat-table --tsv questions fixtures/qa-pairs.txt\n"
		            "  talkstat-table calls fixtures/anyang-calls.txt fixtures/press-briefing.txt\n"
		            "  talkstat-table meta -o meta.csv fixtures/press-briefing.txt\n",
		.doc_help = "Documentation: talkstat(7), docs/tables.md in the source tree (the\n"
		            "columns, with pandas and R)\n",
		.extra_opts = opts,
		.no_jsonl = 1,
		.on_option = on_option,
		.data = &r,
	};
	cli_parse(&c, argc, argv);
	if (c.sections)
		cli_usage_error(&c, "--sections does not apply: a table needs the sections it needs");
	if (c.nfiles < 1)
		cli_usage_error(&c, "which table? (calls, speakers, turns, questions, deflections, meta)");
	int table = table_named(&c, c.files[0]);
	static char *stdin_only[] = {"-"};
	char **files = c.nfiles > 1 ? c.files + 1 : stdin_only;
	int nfiles = c.nfiles > 1 ? c.nfiles - 1 : 1;
	ts_error err = {0};
	ts_context *ctx = NULL;
	int status = 0;
	if (ts_context_new(&ctx, &c.opt, &err))
		status = cli_report(&c, &err);
	cli_options_free(&c);
	if (!status)
		cli_progress(&c, ctx);
	if (!status && !(status = cli_out_open(&c))) {
		int rc = r.no_header ? 0 : ts_table_header(table, r.flags, cli_write, c.out);
		const char **srcs = cli_alloc(&c, calloc((size_t)nfiles, sizeof *srcs));
		for (int i = 0; i < nfiles; i++)
			srcs[i] = strcmp(files[i], "-") ? files[i] : "<stdin>";
		c.progress_srcs = srcs;
		if (!rc)
			rc = ts_table_files(ctx, table, (size_t)nfiles, (const char *const *)files, srcs,
			                    r.flags, cli_write, c.out, cli_file_begin, &c, &err);
		if (rc < 0 && rc != TS_ENOMEM)
			status = cli_report(&c, &err);
		c.progress_srcs = NULL;
		free(srcs);
		if (rc == TS_ENOMEM)
			status = cli_report(&c, &(ts_error){.code = TS_ENOMEM, .msg = "out of memory"});
		/* rc > 0: a write error, reported when the output is closed */
		int out_rc = cli_out_close(&c, status != 0);
		status = status ? status : out_rc;
	}
	ts_context_free(ctx);
	return status;
}
