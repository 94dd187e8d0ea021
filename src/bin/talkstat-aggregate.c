/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-aggregate: statistics of per-call summaries by group. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_BY = CLI_OPT_EXTRA, OPT_CSV, OPT_PARTIAL, OPT_MERGE, OPT_SEED, OPT_BOOTSTRAP };

static const struct option opts[] = {
	{"by", required_argument, NULL, OPT_BY},
	{"csv", optional_argument, NULL, OPT_CSV},
	{"partial", no_argument, NULL, OPT_PARTIAL},
	{"merge", no_argument, NULL, OPT_MERGE},
	{"seed", required_argument, NULL, OPT_SEED},
	{"bootstrap", required_argument, NULL, OPT_BOOTSTRAP},
	{NULL, 0, NULL, 0},
};

typedef struct run {
	ts_agg_options ao;
	int csv, partial, merge;
	cli_by by;                  /* --by */
} run;

static void on_option(cli *c, int ch, const char *arg)
{
	run *r = c->data;
	switch (ch) {
	case OPT_BY: cli_parse_by(c, &r->by, &r->ao, arg); break;
	case OPT_CSV:
		if (arg && strcmp(arg, "metrics") && strcmp(arg, "rates"))
			cli_usage_error(c, "--csv: 'metrics' or 'rates', not '%s'", arg);
		r->csv = arg && !strcmp(arg, "rates") ? TS_AGG_CSV_RATES : TS_AGG_CSV;
		break;
	case OPT_PARTIAL: r->partial = 1; break;
	case OPT_MERGE: r->merge = 1; break;
	case OPT_SEED: r->ao.seed = (unsigned long)cli_number(c, "--seed", arg, 0, 4294967295UL); break;
	case OPT_BOOTSTRAP: r->ao.bootstrap = (size_t)cli_number(c, "--bootstrap", arg, 0, 1000000); break;
	}
}

int main(int argc, char **argv)
{
	run r = {0};
	ts_agg_options_init(&r.ao);
	cli c = {
		.prog = "talkstat-aggregate",
		.usage = "[OPTION]... [FILE|DIR]...",
		.about = "Aggregate per-call summaries by group: n, mean, sd, quartiles, min, max of\n"
		         "each metric with bootstrap intervals of the mean; pooled rates with\n"
		         "intervals that treat calls as clusters (and the pooled Wilson interval); a\n"
		         "chi-square test of reply classes by group; groups ranked by responsiveness.\n"
		         "With --model, responsiveness corrected for that reply model's error too.",
		.input_help =
		    "Input: talkstat-summary documents or --jsonl lines, directories (their *.json\n"
		    "and *.jsonl files, recursively), or transcripts (summarised on the fly);\n"
		    "FILE '-' or no FILE reads standard input.  With --merge: partial aggregates,\n"
		    "checked (counts, order, checksums) before they are merged.  Links to\n"
		    "directories are not followed.  A line of JSON Lines (a call's record) is at\n"
		    "most 1 GiB, and only the members aggregation reads are kept in memory.\n"
		    "An input with no call, or a --by key no call has, is an error (exit 1).\n",
		.extra_help =
		    "      --by=KEY[,KEY]     group by call metadata (Org, Region, Date, any @Key;\n"
		    "                         '@year' for a key named like a derived one), year and\n"
		    "                         month of the Date, source, speaker, role, language,\n"
		    "                         unit (calls in characters and in words are never\n"
		    "                         pooled: without language or unit the groups are\n"
		    "                         split by unit when the units differ, with a note)\n"
		    "      --csv[=TABLE]      a CSV table (RFC 4180) instead of JSON: 'metrics'\n"
		    "                         (the default: one row per group and metric) or\n"
		    "                         'rates' (one row per group and pooled rate)\n"
		    "      --partial          write sufficient statistics for --merge\n"
		    "      --merge            the inputs are --partial files: combine them (the keys\n"
		    "                         come from the files)\n"
		    "      --bootstrap=N      bootstrap replicates for intervals of means (default\n"
		    "                         1000; 0: none)\n"
		    "      --seed=N           seed of the bootstrap generator (default 20240601)\n"
		    "      --model=FILE       the calls were classed with this reply model ('default':\n"
		    "                         the built-in one): correct responsiveness with its\n"
		    "                         cross-validated confusion matrix (Rogan-Gladen)\n"
		    "  JSON Lines are read and statistics computed on --threads threads; the output\n"
		    "  is the same.\n",
		.examples = "  talkstat-aggregate --by Org examples/*.txt\n"
		            "  talkstat-aggregate --by Region,year --csv fixtures/aggregate/ > by-region.csv\n"
		            "  talkstat-aggregate --by Official,role examples/*.txt\n"
		            "  talkstat-aggregate --by language --csv=rates fixtures/aggregate/calls.jsonl\n"
		            "  ls examples/*.txt | parallel 'talkstat-aggregate --by Org --partial {} > {/.}.part'\n"
		            "  talkstat-aggregate --merge *.part -o result.json\n",
		.doc_help = "Documentation: talkstat(7), docs/aggregate.md in the source tree; JSON\n"
		            "schema: " TS_PKGDATADIR "/aggregate.schema.json\n",
		.extra_opts = opts,
		.no_jsonl = 1,
		.on_option = on_option,
		.data = &r,
	};
	cli_parse(&c, argc, argv);
	if (r.csv && r.partial)
		cli_usage_error(&c, "--csv and --partial exclude each other");
	if (r.merge && r.by.given)
		cli_usage_error(&c, "--by is taken from the partial files with --merge");

	static char *stdin_only[] = {"-"};
	char **files = c.nfiles ? c.files : stdin_only;
	int nfiles = c.nfiles ? c.nfiles : 1;
	ts_error err = {0};
	ts_context *ctx = NULL;
	ts_agg *agg = NULL;
	int status = 0;
	r.ao.threads = c.opt.threads;
	/* --merge reads no transcript, but a reply model to correct with needs the context */
	if (((!r.merge || c.opt.model) && ts_context_new(&ctx, &c.opt, &err)) ||
	    ts_agg_new(&agg, &r.ao, &err) ||
	    (c.opt.model && !r.partial && ts_agg_use_model(agg, ctx, c.opt.model, &err)))
		status = cli_report(&c, &err);
	cli_options_free(&c);
	if (ctx)
		cli_progress(&c, ctx);
	if (!status && ts_agg_add_paths(agg, ctx, (size_t)nfiles, (const char *const *)files, r.merge,
	                                &err))
		status = cli_report(&c, &err);
	if (!status && !(status = cli_out_open(&c))) {
		int format = r.partial ? TS_AGG_PARTIAL : r.csv ? r.csv : TS_AGG_JSON;
		int failed = ts_agg_write(agg, format, c.compact ? 0 : TS_JSON_PRETTY, cli_write, c.out,
		                          &err);
		if (failed && err.code != TS_EIO)
			status = cli_report(&c, &err);
		if (!status && ts_agg_note(agg))
			fprintf(stderr, "%s: note: %s\n", c.prog, ts_agg_note(agg));
		int out_rc = cli_out_close(&c, status != 0);
		status = status ? status : out_rc;
	}
	ts_agg_free(agg);
	ts_context_free(ctx);
	ts_list_free(r.by.list);
	return status;
}
