/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-qa: questions, their replies and how responsive each call was;
 * with --pairs, question-reply pairs given already paired. */
#include "config.h"

#include "cli.h"

enum { OPT_PAIRS = CLI_OPT_EXTRA };

static const struct option opts[] = {
	{"pairs", no_argument, NULL, OPT_PAIRS},
	{NULL, 0, NULL, 0},
};

static void on_option(cli *c, int ch, const char *arg)
{
	(void)arg;
	if (ch == OPT_PAIRS)
		*(int *)c->data = 1;
}

/* --pairs: each FILE's records classed, one output line each. */
static int pairs_body(cli *c, ts_context *ctx, char **files, int nfiles)
{
	ts_error err = {0};
	int status = 0;
	for (int i = 0; i < nfiles && !status; i++)
		if (ts_pairs_file(ctx, files[i], cli_write, c->out, &err) && err.code != TS_EIO)
			status = cli_report(c, &err);
	return status;
}

static int run_pairs(cli *c)
{
	return cli_run_inputs(c, pairs_body);
}

int main(int argc, char **argv)
{
	int pairs = 0;
	cli c = {
		.prog = "talkstat-qa",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print each call's questions as JSON: every question of the caller paired\n"
		         "with the respondent's reply, the reply's class (answer, partial, referral,\n"
		         "ignorance, deferral, noncommittal, procedural, refusal, backchannel, agree,\n"
		         "counter_question, no_response) and CLARITY class, the rule that decided\n"
		         "it, responsiveness, deflected share and re-asks.",
		.extra_help =
		    "      --pairs            the FILEs hold pairs already paired (JSON Lines with\n"
		    "                         \"question\" and \"reply\"): print one line for each,\n"
		    "                         {line, reply, clarity, evasion, confidence, why};\n"
		    "                         needs --model\n",
		.examples = "  talkstat-qa fixtures/anyang-calls.txt\n"
		            "  talkstat-qa --jsonl examples/*.txt | jq -c '.qa.pairs[] | [.turn, .reply, .why]'\n"
		            "  talkstat-qa --caller Q fixtures/en/briefing-lynch-drones.txt\n"
		            "  talkstat-qa --pairs --model default fixtures/qevasion/sample.jsonl\n",
		.extra_opts = opts,
		.on_option = on_option,
		.data = &pairs,
	};
	cli_parse(&c, argc, argv);
	if (pairs && !c.opt.model)
		cli_usage_error(&c, "--pairs needs a reply model (--model FILE, or --model default)");
	return pairs ? run_pairs(&c) : cli_run_calls(&c, TS_SECTION_QA);
}
