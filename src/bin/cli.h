/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* What every talkstat program shares: options, output files, messages. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "talkstat.h"

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* The end of --version (and the COPYRIGHT section of the man pages). */
#define CLI_LICENSE \
	"Copyright (C) 2026 the talkstat authors.\n" \
	"License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n" \
	"This is free software: you are free to change and redistribute it.\n" \
	"There is NO WARRANTY, to the extent permitted by law.\n"

/* Codes of program-specific long options start here. */
enum { CLI_OPT_EXTRA = 512 };

typedef struct cli {
	const char *prog;       /* "talkstat-summary" */
	const char *usage;      /* one line: "[OPTION]... [FILE]..." */
	const char *about;      /* what the program prints */
	const char *examples;   /* lines for --help */
	ts_options opt;
	const char *out_path;   /* -o FILE */
	int jsonl;
	int compact;
	const char *sections;   /* --sections LIST, replacing the program's sections */
	char **files;
	int nfiles;
	const char **lexicons;  /* --lexicon and --lexicon-only files, in order */
	char **speakers;        /* --speakers, split */
	ts_rate *rates;         /* --rate, parsed */
	char *rate_text;        /* ... whose language names point into it */
	/* a program's own options (codes from CLI_OPT_EXTRA up), NULL-terminated */
	const struct option *extra_opts;
	const char *extra_help;       /* their --help lines */
	const char *input_help;       /* replaces the paragraph on input; NULL: transcripts */
	int no_jsonl;                 /* the program has no --jsonl */
	int reading_only;             /* ... nor the options of what is computed (--rate,
	                               * --sections, --lexicon, --threads ...) */
	const char *exit_help;        /* replaces the paragraph on exit status */
	const char *doc_help;         /* replaces the last paragraph, on documentation */
	/* handles an extra option; returns 0, or calls cli_usage_error */
	void (*on_option)(struct cli *c, int ch, const char *arg);
	void *data;                   /* the program's own state */
	int progress;                 /* --progress 1, --no-progress 2, else 0 */
	const char *progress_name;    /* the input being read, for the progress line */
	const char *const *progress_srcs;  /* the names of a list of inputs (cli_file_begin) */
	int progress_width;           /* of the progress line shown, 0: none */
	double progress_last;         /* when it was shown */
	/* output */
	FILE *out;
	char *tmp_path;
	char *link_target;  /* -o names a symbolic link: the file it names */
} cli;

/* --by KEY[,KEY] of talkstat-aggregate and talkstat-report. */
typedef struct cli_by {
	int given;
	const char *text;   /* as given */
	char **list;        /* cut into keys (ts_list_free) */
} cli_by;

/* Parse --by into by and ao (a list of names, as --speakers; "" is no key:
 * one group); a usage error when given twice or a key is empty. */
void cli_parse_by(const cli *c, cli_by *by, ts_agg_options *ao, const char *arg);

/* Parse the common options; exits on --help, --version and usage errors. */
void cli_parse(cli *c, int argc, char **argv);

/* Free what parsing the options allocated (after ts_context_new, which
 * copies what it keeps). */
void cli_options_free(cli *c);

/* Print "prog: message" for err and return the exit code it maps to. */
int cli_report(const cli *c, const ts_error *err);

/* Usage error: message, the --help hint, exit 2. */
void cli_usage_error(const cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* A whole decimal number in [min, max] given to option opt, else a usage
 * error (no sign, no blanks, nothing after it). */
unsigned long long cli_number(const cli *c, const char *opt, const char *arg,
                              unsigned long long min, unsigned long long max);

/* p, or "out of memory" and exit when it is NULL. */
void *cli_alloc(const cli *c, void *p);

/* Open the output (stdout or a temporary file beside -o FILE). */
int cli_out_open(cli *c);

/* The library's write callback (ts_write_fn) to the output FILE *out: a
 * write error stops the run; cli_out_close reports it. */
int cli_write(void *out, const char *bytes, size_t len);

/* Flush and close the output; with -o, rename the temporary file into
 * place on success and remove it on failure.  Returns 0 or an exit code. */
int cli_out_close(cli *c, int failed);

/* Show a progress line on standard error while ctx reads: with
 * --progress, or on a terminal for a large input, unless --no-progress. */
void cli_progress(cli *c, ts_context *ctx);

/* The library's ts_file_fn for a list of inputs named progress_srcs: the
 * progress line names input i. */
int cli_file_begin(void *arg, size_t i);

/* Make the context, open the output, run body over the inputs (standard
 * input without FILE) and close the output: body returns 0 or an exit
 * code, having reported it.  Returns the exit code. */
int cli_run_inputs(cli *c, int (*body)(cli *c, ts_context *ctx, char **files, int nfiles));

/* Run the per-call driver: read every input, print one summary document
 * (or JSON Lines) with the given sections.  Returns the exit code. */
int cli_run_calls(cli *c, unsigned sections);

#endif
