/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat: the front door.  "talkstat summary ARGS" runs
 * talkstat-summary ARGS, found beside this program, then in the install
 * directory, then on PATH (as git does). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "talkstat.h"

static const struct {
	const char *name, *what;
} commands[] = {
	{"summary", "every section of the per-call summary (JSON)"},
	{"turns", "each call's turns as segmented; --to chat, convokit, rttm"},
	{"deflect", "deflections: lexicon phrases in the officials' turns, by category"},
	{"qa", "questions paired with replies, reply classes, responsiveness"},
	{"aggregate", "statistics of many calls by group (office, region, period, speaker)"},
	{"check", "lint transcripts: labels, speakers, encoding, layout (for CI)"},
	{"table", "tidy tables (CSV, TSV): calls, speakers, turns, questions, deflections"},
	{"report", "one HTML report with charts (and Vega-Lite specifications) of the calls"},
	{"train", "a reply model from labelled question-reply pairs, cross-validated"},
};

static int help(FILE *f)
{
	fprintf(f, "Usage: talkstat COMMAND [OPTION]... [FILE]...\n"
	           "Statistics of conversation transcripts: turns, talk share, events,\n"
	           "deflections, questions and replies.\n\n"
	           "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n'talkstat help COMMAND' (or 'talkstat COMMAND --help') describes a command;\n"
	           "talkstat(7) the formats and the metrics.\n\n"
	           "Examples:\n"
	           "  talkstat summary fixtures/anyang-calls.txt\n"
	           "  talkstat turns --jsonl fixtures/press-briefing.txt\n"
	           "  talkstat deflect --lexicon data/lexicons/en.json fixtures/press-briefing.txt\n"
	           "  talkstat table speakers fixtures/anyang-calls.txt\n"
	           "  talkstat report -o anyang.html fixtures/anyang-calls.txt\n"
	           "  talkstat aggregate --by Org examples/*.txt\n"
	           "  talkstat check --strict fixtures/en/*.txt\n");
	return fflush(f) || ferror(f) ? 2 : 0;
}

/* Try to exec dir/talkstat-cmd; returns only when that failed. */
static void try_dir(const char *dir, const char *cmd, char **argv)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/talkstat-%s", dir, cmd) >= (int)sizeof path)
		return;
	if (access(path, X_OK) == 0)
		execv(path, argv);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		help(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	/* "talkstat help summary" is "talkstat summary --help" */
	static char help_opt[] = "--help";
	char *help_args[] = {argv[0], argc > 2 ? argv[2] : NULL, help_opt, NULL};
	if (!strcmp(cmd, "help") && argc > 2) {
		argv = help_args;
		cmd = argv[1];
	} else if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		return help(stdout);
	}
	if (!strcmp(cmd, "--version")) {
		printf("talkstat %s\n"
		       "Copyright (C) 2026 the talkstat authors.\n"
		       "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
		       "This is free software: you are free to change and redistribute it.\n"
		       "There is NO WARRANTY, to the extent permitted by law.\n", ts_version());
		return fflush(stdout) || ferror(stdout) ? 2 : 0;
	}
	if (cmd[0] == '-' || strchr(cmd, '/')) {
		fprintf(stderr, "talkstat: unknown command '%s'\nTry 'talkstat --help' for more information.\n", cmd);
		return 2;
	}
	char name[256];
	snprintf(name, sizeof name, "talkstat-%s", cmd);
	argv[1] = name;
	char **args = argv + 1;

	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			try_dir(self, cmd, args);
			/* in the build tree the real binary sits in .libs/ */
			size_t len = strlen(self);
			if (len > 6 && !strcmp(self + len - 6, "/.libs")) {
				self[len - 6] = '\0';
				try_dir(self, cmd, args);
			}
		}
	}
	try_dir(TS_BINDIR, cmd, args);
	execvp(name, args);
	fprintf(stderr, "talkstat: unknown command '%s' (%s: %s)\nTry 'talkstat --help' for more information.\n",
	        cmd, name, strerror(errno));
	return 2;
}
