/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-check: the linter a CI job runs on each new transcript. */
#include "config.h"

#include <string.h>

#include "cli.h"

enum { OPT_STRICT = CLI_OPT_EXTRA, OPT_OUT_FORMAT, OPT_DISABLE };

static const struct option opts[] = {
	{"strict", no_argument, NULL, OPT_STRICT},
	{"format", required_argument, NULL, OPT_OUT_FORMAT},
	{"disable", required_argument, NULL, OPT_DISABLE},
	{NULL, 0, NULL, 0},
};

typedef struct run {
	int strict, format;
	unsigned char off[64];  /* by check index: --disable */
} run;

/* --disable A,B (repeatable): every name must be a check's. */
static void parse_disable(cli *c, run *r, const char *arg)
{
	const char *p = arg;
	do {
		size_t n = strcspn(p, ",");
		char name[64];
		long i = -1;
		if (n && n < sizeof name) {
			memcpy(name, p, n);
			name[n] = '\0';
			i = ts_check_find(name);
		}
		if (i < 0 || (size_t)i >= sizeof r->off)
			cli_usage_error(c, "--disable: unknown check '%.*s'", (int)n, p);
		r->off[i] = 1;
		p += n;
	} while (*p++);
}

static void on_option(cli *c, int ch, const char *arg)
{
	run *r = c->data;
	static const char *const formats[] = {"text", "json", "sarif"};  /* TS_CHECK_* */
	switch (ch) {
	case OPT_STRICT: r->strict = 1; break;
	case OPT_DISABLE: parse_disable(c, r, arg); break;
	case OPT_OUT_FORMAT:
		for (r->format = 0; r->format < 3 && strcmp(arg, formats[r->format]); r->format++)
			;
		if (r->format == 3)
			cli_usage_error(c, "--format wants text, json or sarif: '%s'", arg);
		break;
	}
}

/* Every file checked, then the checks across them; 0 or an exit code. */
static int check_all(cli *c, ts_checker *ck)
{
	static char *stdin_only[] = {"-"};
	char **files = c->nfiles ? c->files : stdin_only;
	int nfiles = c->nfiles ? c->nfiles : 1;
	ts_error err = {0};
	for (int i = 0; i < nfiles; i++) {
		if (ts_checker_file(ck, files[i], strcmp(files[i], "-") ? files[i] : "<stdin>", &err))
			{
			cli_report(c, &err);
			return EXIT_USAGE;  /* unreadable, not a finding */
		}
	}
	return ts_checker_finish(ck, &err) ? cli_report(c, &err) : 0;
}

int main(int argc, char **argv)
{
	run r = {0};
	cli c = {
		.prog = "talkstat-check",
		.usage = "[OPTION]... [FILE]...",
		.about = "Check transcripts for what would make their figures wrong: labels seen once,\n"
		         "speakers who never speak, lines that look like labels, long unlabelled\n"
		         "text, stage directions and timecodes in speech, lone CRs, mojibake, page\n"
		         "numbers, calls with one speaker or two scripts, repeated call headers,\n"
		         "metadata keys used unevenly.  One line per finding:\n"
		         "FILE:LINE:COL: warning|error: MESSAGE [CHECK].  The checks: docs/check.md.",
		.examples = "  talkstat-check fixtures/anyang-calls.txt\n"
		            "  talkstat-check --strict --disable stage-in-speech examples/*.txt\n"
		            "  talkstat-check --format sarif -o check.sarif examples/*.txt\n"
		            "  talkstat-check --speakers 'Q,MR. EARNEST' --caller Q examples/whitehouse-2016-07-05-earnest.txt\n",
		.extra_opts = opts,
		.doc_help = "Documentation: talkstat(7), docs/check.md in the source tree\n",
		.extra_help = "      --strict           report warnings as errors\n"
		              "      --format=FORMAT    text (default), json or sarif (SARIF 2.1.0)\n"
		              "      --disable=CHECK    do not run CHECK (repeatable, or a comma list)\n",
		.no_jsonl = 1,
		.reading_only = 1,
		.exit_help = "Exit status: 0 no error (warnings allowed); 1 an error was found (with\n"
		             "--strict, any finding); 2 usage or system error (an unknown check, a\n"
		             "missing file, unwritable output).\n",
		.on_option = on_option,
		.data = &r,
	};
	cli_parse(&c, argc, argv);
	ts_error err = {0};
	ts_context *ctx = NULL;
	ts_checker *ck = NULL;
	c.opt.sections = TS_SECTION_TURNS;
	int rc = ts_context_new(&ctx, &c.opt, &err);
	cli_options_free(&c);
	if (rc || (rc = ts_checker_new(&ck, ctx, &err))) {
		ts_context_free(ctx);
		return cli_report(&c, &err);
	}
	ts_checker_strict(ck, r.strict);
	for (size_t i = 0; ts_check_name(i); i++)
		if (i < sizeof r.off && r.off[i])
			ts_checker_disable(ck, ts_check_name(i), &err);
	int status = check_all(&c, ck);
	if (!status && !(status = cli_out_open(&c))) {
		if (ts_checker_write(ck, r.format, cli_write, c.out, &err) == TS_ENOMEM)
			status = cli_report(&c, &err);
		int out_rc = cli_out_close(&c, status != 0);
		if (!status)
			status = out_rc ? out_rc : ts_checker_count(ck, TS_SEV_ERROR) ? EXIT_INPUT : 0;
	}
	ts_checker_free(ck);
	ts_context_free(ctx);
	return status;
}
