#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Turns, words and seconds per speaker of a WebVTT or SubRip file, worked
out without talkstat: a small reader written from the W3C WebVTT
description and the SubRip layout, for the golden tests of the cue readers
(tests/golden/cues.test).  It shares no code with talkstat.

The rules (docs/formats.md says the same of talkstat's readers):
- WebVTT: the first block is the header; blocks starting NOTE, STYLE or
  REGION are skipped; a cue is a block with a "-->" timing line (an
  identifier line may come first), its text the lines after.  SubRip: a
  number line, a timing line, the text.
- A cue's speaker: the name of a <v Name> voice tag, else of a leading
  "Name:" or "[SPEAKER_00]:" whose words start with a capital or digit,
  else the speaker of the cue before, else "unnamed".
- Tags <...> are removed, character references decoded.
- Consecutive cues of one speaker are one turn, from the earliest start to
  the latest end among them; a speaker's seconds are the sum over turns.
- Words: runs of letters and digits, where ' ’ - . , between two of them
  keep one word (docs/metrics.md).

usage: cues_ref.py FILE > expected.json
"""
import html, json, re, sys

TIME = re.compile(r'^\s*((?:\d+:)?\d{2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{2}:\d{2}[.,]\d{1,3})')
VOICE = re.compile(r'<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>')
TAG = re.compile(r'<[^>]*>')
PREFIX = re.compile(r'^\s*\[?([^\s:\[\]][^:\[\]]*?)\]?\s*:\s')
WORD = re.compile(r"[^\W_]+(?:['’\-.,][^\W_]+)*")


def seconds(stamp):
    parts = stamp.replace(',', '.').split(':')
    s = float(parts[-1])
    m = int(parts[-2])
    h = int(parts[-3]) if len(parts) == 3 else 0
    return h * 3600 + m * 60 + s


def blocks(text):
    cur = []
    for line in text.splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            yield cur
            cur = []
    if cur:
        yield cur


def cues(text, vtt):
    bs = list(blocks(text))
    if vtt:
        bs = bs[1:]  # the header
    for b in bs:
        if vtt and re.match(r'^(NOTE|STYLE|REGION)(\s|$)', b[0]):
            continue
        for i, line in enumerate(b[:2]):
            m = TIME.match(line)
            if m:
                yield seconds(m.group(1)), seconds(m.group(2)), b[i + 1:]
                break


def name_shaped(name):
    return all(w[0].isupper() or w[0].isdigit() or not w[0].islower() for w in name.split())


def main(path):
    data = open(path, 'rb').read().decode('utf-8').lstrip('\ufeff')
    vtt = data.startswith('WEBVTT')
    speaker, order, stats, turn = None, [], {}, None
    turns = []
    for start, end, lines in cues(data, vtt):
        for line in lines:
            v = VOICE.search(line)
            if v:
                speaker = v.group(1).strip()
            clean = html.unescape(TAG.sub('', line))
            p = PREFIX.match(clean) if not v else None
            if p and name_shaped(p.group(1)):
                speaker = p.group(1).strip()
                clean = clean[p.end():]
            if not clean.strip():
                continue
            if speaker is None:
                speaker = 'unnamed'
            if turn is None or turn['speaker'] != speaker:
                turn = {'speaker': speaker, 'start': start, 'end': end, 'words': 0}
                turns.append(turn)
            turn['start'] = min(turn['start'], start)
            turn['end'] = max(turn['end'], end)
            turn['words'] += len(WORD.findall(clean))
    for t in turns:
        if t['speaker'] not in stats:
            order.append(t['speaker'])
            # seconds first: the summary check drops its line (cues.test)
            stats[t['speaker']] = {'speaker': t['speaker'], 'seconds': 0.0, 'turns': 0, 'words': 0}
        s = stats[t['speaker']]
        s['turns'] += 1
        s['words'] += t['words']
        s['seconds'] += t['end'] - t['start']
    for s in stats.values():
        s['seconds'] = round(s['seconds'], 6)
    out = {'//': 'derived by tests/tools/cues_ref.py from %s, not by talkstat' % path.split('/')[-1],
           'format': 'vtt' if vtt else 'srt', 'timed': True,
           'speakers': [stats[k] for k in order]}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
