#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Turns and words per speaker of a ConvoKit utterances.jsonl, worked out
without talkstat, from ConvoKit's "Data Format" page, for the golden test
of the ConvoKit reader (tests/golden/convokit.test).  It shares no code
with talkstat.

The rules (docs/formats.md says the same of talkstat's reader):
- Each line is one utterance, a JSON object; "conversation_id" says its
  conversation, "speaker" who said it, "text" what was said.
- A conversation is a call, calls in the order their first utterance
  comes; a conversation's utterances are its turns in file order, and
  consecutive utterances of one speaker are one turn.
- Timestamps are not times of talk: no call is timed.
- Speakers are listed in the order they first speak.
- Words: runs of letters and digits, where ' ’ - . , between two of them
  keep one word (docs/metrics.md).

usage: convokit_ref.py FILE > expected.json
"""
import json, re, sys

WORD = re.compile(r"[^\W_]+(?:['’\-.,][^\W_]+)*")


def main(path):
    calls = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            u = json.loads(line)
            conv = calls.setdefault(u['conversation_id'], {'speakers': {}, 'last': None})
            spk = u['speaker']
            s = conv['speakers'].setdefault(spk, {'speaker': spk, 'turns': 0, 'words': 0})
            if conv['last'] != spk:
                s['turns'] += 1
                conv['last'] = spk
            s['words'] += len(WORD.findall(u['text'] or ''))
    out = {'//': 'derived by tests/tools/convokit_ref.py from %s, not by talkstat' % path.split('/')[-1],
           'calls': [{'title': cid, 'format': 'convokit', 'timed': False,
                      'speakers': list(c['speakers'].values())} for cid, c in calls.items()]}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
