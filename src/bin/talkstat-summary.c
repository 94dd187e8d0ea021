/* Copyright (C) 2026 the talkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE) */
/* talkstat-summary: every section of the per-call summary. */
#include "cli.h"

int main(int argc, char **argv)
{
	cli c = {
		.prog = "talkstat-summary",
		.usage = "[OPTION]... [FILE]...",
		.about = "Print a JSON summary of each call in the transcripts: speakers, turns,\n"
		         "talk share, estimated talk time, events (hang-ups, stage directions).",
		.examples = "  talkstat-summary fixtures/anyang-calls.txt\n"
		            "  talkstat-summary --jsonl examples/*.txt > calls.jsonl\n"
		            "  talkstat-summary --speakers 'Q,MR. SCHULTZ' --caller Q examples/whitehouse-2016-06-24-schultz.txt\n"
		            "  talkstat-summary --encoding gb18030 -o out.json examples/gb18030/anyang-call1.txt\n",
	};
	cli_parse(&c, argc, argv);
	return cli_run_calls(&c, TS_SECTION_ALL);
}
