/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-qa: questions, their replies and how responsive each call was. */
#include "cli.h"

int main(int argc, char **argv)
{
	cli c = {
		.prog = "talkstat-qa",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print each call's questions as JSON: every question of the caller paired\n"
		         "with the respondent's reply, the reply's class (answer, partial, referral,\n"
		         "ignorance, deferral, noncommittal, procedural, refusal, backchannel, agree,\n"
		         "counter_question, no_response) and CLARITY class, the rule that decided\n"
		         "it, responsiveness, deflected share and re-asks.",
		.examples = "  talkstat-qa fixtures/anyang-calls.txt\n"
		            "  talkstat-qa --jsonl calls/*.txt | jq -c '.qa.pairs[] | [.turn, .reply, .why]'\n"
		            "  talkstat-qa --caller Q fixtures/en/briefing-lynch-drones.txt\n",
	};
	cli_parse(&c, argc, argv);
	return cli_run_calls(&c, TS_SECTION_QA);
}
