/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-report: one self-contained HTML report of the calls, and its
 * charts as Vega-Lite specifications. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { OPT_BY = CLI_OPT_EXTRA, OPT_TITLE, OPT_VEGA };

static const struct option opts[] = {
	{"by", required_argument, NULL, OPT_BY},
	{"title", required_argument, NULL, OPT_TITLE},
	{"vega-lite", required_argument, NULL, OPT_VEGA},
	{NULL, 0, NULL, 0},
};

typedef struct run {
	ts_agg_options ao;
	cli_by by;
	const char *title;
	const char *vega_dir;
} run;

static void on_option(cli *c, int ch, const char *arg)
{
	run *r = c->data;
	if (ch == OPT_BY)
		cli_parse_by(c, &r->by, &r->ao, arg);
	else if (ch == OPT_TITLE)
		r->title = arg;
	else if (ch == OPT_VEGA && !*arg)
		cli_usage_error(c, "--vega-lite: a directory name, not ''");
	else if (ch == OPT_VEGA)
		r->vega_dir = arg;
}

/* Each chart as DIR/NAME.vl.json; DIR is made when it does not exist. */
static int write_charts(const cli *c, const ts_report *rep, const char *dir)
{
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: %s: cannot make the directory: %s\n", c->prog, dir, strerror(errno));
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < ts_report_charts(rep); i++) {
		const char *text;
		size_t len;
		const char *name = ts_report_chart(rep, i, &text, &len);
		char path[4096];
		if (snprintf(path, sizeof path, "%s/%s.vl.json", dir, name) >= (int)sizeof path) {
			fprintf(stderr, "%s: %s: file name too long\n", c->prog, dir);
			return EXIT_USAGE;
		}
		FILE *f = fopen(path, "w");
		int bad = !f || fwrite(text, 1, len, f) != len || fputc('\n', f) == EOF;
		if (f && fclose(f))
			bad = 1;
		if (bad) {
			fprintf(stderr, "%s: %s: cannot write: %s\n", c->prog, path, strerror(errno));
			return EXIT_USAGE;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	run r = {0};
	ts_agg_options_init(&r.ao);
	r.ao.bootstrap = 0;  /* the report shows the pooled rates, not the means' intervals */
	cli c = {
		.prog = "talkstat-report",
		.usage = "[OPTION]... [FILE]...",
		.about = "Write one self-contained HTML report of the calls (inline SVG and CSS, no\n"
		         "script, nothing fetched): for each call a timeline of who holds the floor,\n"
		         "talk share, deflections by category and the questions with their reply\n"
		         "class, CLARITY class and the deflecting phrases marked, linked to their\n"
		         "lines; across calls, responsiveness and deflection rates by group with\n"
		         "their Wilson intervals (a forest plot, as talkstat-aggregate computes\n"
		         "them) and a table of the calls.",
		.input_help =
		    "Input: transcripts (any format talkstat reads), talkstat-summary documents or\n"
		    "--jsonl lines (a summary has no turn texts: give --sections with utterances\n"
		    "for the timeline and the replies in context); FILE '-' or no FILE reads\n"
		    "standard input.  An input with no call is an error (exit 1).\n",
		.extra_help =
		    "      --by=KEY[,KEY]     the groups of the forest plots, as talkstat-aggregate\n"
		    "                         --by (Org, Region, any @Key, year, month, source,\n"
		    "                         speaker, role, language, unit); default: one group\n"
		    "      --title=TEXT       the report's title (default 'talkstat report')\n"
		    "      --vega-lite=DIR    also write each chart as a Vega-Lite v5 specification\n"
		    "                         with its data inline: DIR/NAME.vl.json\n",
		.examples = "  talkstat-report -o anyang.html fixtures/anyang-calls.txt\n"
		            "  talkstat-report --by source -o calls.html fixtures/anyang-calls.txt fixtures/press-briefing.txt\n"
		            "  talkstat-report --vega-lite charts -o report.html fixtures/press-briefing.txt\n",
		.doc_help = "Documentation: talkstat(7), docs/report.md in the source tree (what each\n"
		            "chart shows, how to read the intervals)\n",
		.extra_opts = opts,
		.no_jsonl = 1,
		.on_option = on_option,
		.data = &r,
	};
	cli_parse(&c, argc, argv);
	if (c.sections)
		cli_usage_error(&c, "--sections does not apply: the report needs every section");
	static char *stdin_only[] = {"-"};
	char **files = c.nfiles ? c.files : stdin_only;
	int nfiles = c.nfiles ? c.nfiles : 1;
	ts_error err = {0};
	ts_context *ctx = NULL;
	ts_report *rep = NULL;
	int status = 0;
	if (ts_context_new(&ctx, &c.opt, &err) || ts_report_new(&rep, &r.ao, &err))
		status = cli_report(&c, &err);
	cli_options_free(&c);
	if (!status)
		cli_progress(&c, ctx);
	for (int i = 0; i < nfiles && !status; i++) {
		c.progress_name = strcmp(files[i], "-") ? files[i] : "<stdin>";
		if (ts_report_add_path(rep, ctx, files[i], &err))
			status = cli_report(&c, &err);
	}
	if (!status && !(status = cli_out_open(&c))) {
		int rc = ts_report_write(rep, r.title ? r.title : "talkstat report", cli_write, c.out,
		                         &err);
		if (rc < 0)
			status = cli_report(&c, &err);
		/* rc > 0: a write error, reported when the output is closed */
		int out_rc = cli_out_close(&c, status != 0);
		status = status ? status : out_rc;
	}
	if (!status && r.vega_dir)
		status = write_charts(&c, rep, r.vega_dir);
	ts_report_free(rep);
	ts_context_free(ctx);
	ts_list_free(r.by.list);
	return status;
}
