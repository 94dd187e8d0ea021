/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-turns: every turn of every call, as the reader segmented it. */
#include "cli.h"

int main(int argc, char **argv)
{
	cli c = {
		.prog = "talkstat-turns",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print each call's turns as JSON: speaker, role, source line and column,\n"
		         "length, backchannel flag and the joined text; and the turn totals.\n"
		         "Use it to check how a transcript was segmented.",
		.examples = "  talkstat-turns fixtures/anyang-calls.txt\n"
		            "  talkstat-turns --jsonl examples/state-2023-05-25-miller.txt | jq -c '.utterances[] | [.turn, .speaker]'\n",
	};
	cli_parse(&c, argc, argv);
	return cli_run_calls(&c, TS_SECTION_TURNS | TS_SECTION_EVENTS | TS_SECTION_TURN_LIST);
}
