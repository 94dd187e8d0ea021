/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-deflect: each call's deflections. */
#include "cli.h"

int main(int argc, char **argv)
{
	cli c = {
		.prog = "talkstat-deflect",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print each call's deflections as JSON: phrases of the deflection lexicons\n"
		         "(referral, ignorance, deferral, noncommittal, procedural, refusal) found in\n"
		         "the respondents' turns, by category and speaker, per 1,000 units of speech,\n"
		         "with referral targets and each match's line and column; a hang-up counts\n"
		         "as one refusal.  Each turn is matched with the lexicon of its language.",
		.examples = "  talkstat-deflect fixtures/anyang-calls.txt\n"
		            "  talkstat-deflect --lexicon examples/my-phrases.json examples/whitehouse-2016-07-05-earnest.txt\n"
		            "  talkstat-deflect --lexicon-only examples/my-phrases.json --jsonl examples/*.txt\n"
		            "  talkstat-deflect --compact examples/whitehouse-2016-06-24-schultz.txt | jq '.calls[].deflections.by_category'\n",
	};
	cli_parse(&c, argc, argv);
	return cli_run_calls(&c, TS_SECTION_DEFLECTIONS);
}
