/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-train: a reply model from labelled question-reply pairs, with
 * its cross-validated figures. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_FOLDS = CLI_OPT_EXTRA, OPT_BITS, OPT_COST, OPT_LANGUAGE, OPT_ABOUT };

static const struct option opts[] = {
	{"folds", required_argument, NULL, OPT_FOLDS},
	{"hash-bits", required_argument, NULL, OPT_BITS},
	{"cost", required_argument, NULL, OPT_COST},
	{"language", required_argument, NULL, OPT_LANGUAGE},
	{"about", required_argument, NULL, OPT_ABOUT},
	{NULL, 0, NULL, 0},
};

static void on_option(cli *c, int ch, const char *arg)
{
	ts_train_options *t = c->data;
	char *end;
	switch (ch) {
	case OPT_FOLDS: t->folds = (size_t)cli_number(c, "--folds", arg, 0, 100); break;
	case OPT_BITS: t->bits = (int)cli_number(c, "--hash-bits", arg, 8, 22); break;
	case OPT_LANGUAGE: t->language = arg; break;
	case OPT_ABOUT: {  /* each a line */
		size_t had = t->about ? strlen(t->about) : 0;
		char *s = cli_alloc(c, realloc((char *)t->about, had + strlen(arg) + 2));
		if (had)
			s[had++] = '\n';
		strcpy(s + had, arg);
		t->about = s;
		break;
	}
	case OPT_COST:
		t->cost = strtod(arg, &end);
		if (end == arg || *end || !(t->cost > 0 && t->cost <= 1e6))
			cli_usage_error(c, "--cost wants a number above 0, at most 1e6: '%s'", arg);
		break;
	}
}

static int to_stdout(void *arg, const char *bytes, size_t len)
{
	(void)arg;
	return fwrite(bytes, 1, len, stdout) != len;
}

int main(int argc, char **argv)
{
	ts_train_options t;
	ts_train_options_init(&t);
	t.folds = 5;
	cli c = {
		.prog = "talkstat-train",
		.usage = "[OPTION]... -o MODEL FILE",
		.about = "Train a reply model from labelled question-reply pairs: cross-validate it\n"
		         "with whole groups (interviews, calls) in a fold, print per-class precision,\n"
		         "recall and F1, accuracy, macro-F1 and the confusion matrices, and write the\n"
		         "model (a versioned text file with its training data's description and its\n"
		         "cross-validated confusion matrix) for --model of talkstat-qa and\n"
		         "talkstat-summary.",
		.input_help =
		    "Input: JSON Lines, one pair a line: {\"question\": ..., \"reply\": ..., \"label\": ...,\n"
		    "\"group\": ...}, all strings (other members are ignored).  Labels are CLARITY's\n"
		    "nine evasion labels (explicit, implicit, dodging, deflection, partial,\n"
		    "general, declining, claims_ignorance, clarification; QEvasion's spellings\n"
		    "too) or its three classes (clear_reply, ambivalent, clear_non_reply).\n",
		.extra_help =
		    "      --folds=N          cross-validation folds (default 5; 0: none)\n"
		    "      --hash-bits=N      hashed n-gram features: 2^N (default 12, 8 to 22)\n"
		    "      --cost=C           liblinear's C, the inverse of regularisation\n"
		    "                         (default 0.3)\n"
		    "      --language=LANG    the pairs' language (default en)\n"
		    "      --about=TEXT       what the training data is (kept in the model file;\n"
		    "                         each a line, repeatable)\n",
		.exit_help = "Exit status: 0 ok; 1 the input is not valid (a bad pair, an unknown label);\n"
		             "2 usage or system error.\n",
		.examples = "  talkstat-train --about 'QEvasion sample' -o my.model fixtures/qevasion/sample.jsonl\n"
		            "  talkstat-train --folds 5 -o my.model fixtures/qevasion/sample.jsonl\n"
		            "  talkstat-qa --model my.model examples/whitehouse-2016-07-05-earnest.txt\n",
		.extra_opts = opts,
		.no_jsonl = 1,
		.reading_only = 1,
		.on_option = on_option,
		.data = &t,
	};
	cli_parse(&c, argc, argv);
	if (c.nfiles != 1)
		cli_usage_error(&c, "one training file expected, not %d", c.nfiles);
	if (!c.out_path)
		cli_usage_error(&c, "-o MODEL names the model file to write");
	ts_error err = {0};
	ts_context *ctx = NULL;
	ts_train *tr = NULL;
	int status = 0;
	if (ts_context_new(&ctx, &c.opt, &err) || ts_train_file(ctx, &t, c.files[0], &tr, &err))
		status = cli_report(&c, &err);
	if (!status && ts_train_report(tr, to_stdout, NULL, &err))
		status = cli_report(&c, &err);
	char *text = NULL;
	size_t len = 0;
	if (!status && ts_train_model(tr, &text, &len, &err))
		status = cli_report(&c, &err);
	if (!status && !(status = cli_out_open(&c))) {
		int failed = cli_write(c.out, text, len);
		status = cli_out_close(&c, failed);
	}
	free(text);
	free((char *)t.about);
	cli_options_free(&c);
	ts_train_free(tr);
	ts_context_free(ctx);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "talkstat-train: standard output: write error\n");
		status = status ? status : EXIT_USAGE;
	}
	return status;
}
