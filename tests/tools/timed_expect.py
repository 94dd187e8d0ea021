#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Expected figures of an STM or RTTM file, worked out from the formats'
specifications and docs/formats.md / docs/metrics.md, independently of
talkstat's code: python3 timed_expect.py stm|rttm FILE > EXPECTED.json

NIST STM (SCTK infmts.htm): "file channel speaker start end [<label>]
text"; ";;" lines are comments; the speakers inter_segment_gap and
ignore_time_segment_in_scoring, and segments without text, are not
speech.  In the text, an alternation "{ a / b }" counts as its first
alternative, "@" as no word.  RTTM (NIST RT-09 evaluation plan, appendix
A): "SPEAKER file chnl tbeg tdur ortho stype name conf slat"; other row
types are not speech.

Per recording (a call, in order of first appearance): segments sorted by
start (then end, then input order); consecutive segments of one speaker
are one turn; a speaker's seconds are the union of the speaker's
segments; the call's duration runs from the first start to the last end;
overlap is the time two or more speakers speak at once.  Words (docs/
metrics.md, "Units"): runs of letters and digits; an apostrophe, hyphen,
point or comma between two letters or digits stays inside the word."""
import json
import re
import sys
from decimal import Decimal

WORD = re.compile(r"[^\W_]+(?:['\-.,][^\W_]+)*")


def words(text):
    kept, state = [], "out"
    for tok in text.split():
        if tok == "{":
            state = "first"
        elif tok == "/" and state != "out":
            state = "rest"
        elif tok == "}" and state != "out":
            state = "out"
        elif state == "out" or (state == "first" and tok != "@"):
            kept.append(tok)
    return len(WORD.findall(" ".join(kept)))


def parse(fmt, path):
    segs = []  # (file, speaker, start, end, words or None, order)
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f or line.startswith(";;"):
            continue
        if fmt == "stm":
            rest = line.split(None, 5)[5] if len(f) > 5 else ""
            rest = rest.strip()
            if rest.startswith("<"):
                rest = rest[rest.index(">") + 1:].strip()
            if f[2].lower() in ("inter_segment_gap", "ignore_time_segment_in_scoring"):
                continue
            if not rest or rest.lower() == "ignore_time_segment_in_scoring":
                continue
            segs.append((f[0], f[2], Decimal(f[3]), Decimal(f[4]), words(rest), len(segs)))
        else:
            if f[0] != "SPEAKER":
                continue
            start = Decimal(f[3])
            segs.append((f[1], f[7], start, start + Decimal(f[4]), None, len(segs)))
    return segs


def union(iv):
    total, cur = Decimal(0), None
    for a, b in sorted(iv):
        if cur is None or a > cur[1]:
            if cur:
                total += cur[1] - cur[0]
            cur = [a, b]
        else:
            cur[1] = max(cur[1], b)
    return total + (cur[1] - cur[0] if cur else 0)


def overlap(segs):
    """Time at which two or more speakers speak."""
    edges = sorted([(s[2], 1, s[1]) for s in segs if s[3] > s[2]] +
                   [(s[3], 0, s[1]) for s in segs if s[3] > s[2]])
    active, total, last = {}, Decimal(0), None
    for t, kind, who in edges:
        if last is not None and sum(1 for v in active.values() if v) >= 2:
            total += t - last
        active[who] = active.get(who, 0) + (1 if kind else -1)
        last = t
    return total


def num(d):
    return round(float(d), 6)


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    segs = parse(fmt, path)
    files = []
    for s in segs:
        if s[0] not in files:
            files.append(s[0])
    calls = []
    for f in files:
        own = sorted((s for s in segs if s[0] == f), key=lambda s: (s[2], s[3], s[5]))
        turns, order = [], []
        for s in own:
            if not turns or turns[-1] != s[1]:
                turns.append(s[1])
            if s[1] not in order:
                order.append(s[1])
        speakers = []
        for who in order:
            mine = [s for s in own if s[1] == who]
            sp = {"speaker": who,
                  "turns": sum(1 for t in turns if t == who),
                  "seconds": num(union([(s[2], s[3]) for s in mine])),
                  "seconds_estimated": False}
            if fmt == "stm":
                sp["words"] = sum(s[4] for s in mine)
            else:
                sp["words"] = None
                sp["length"] = None
            speakers.append(sp)
        first = min(s[2] for s in own)
        last = max(s[3] for s in own)
        calls.append({"title": f, "timed": True, "format": fmt, "speakers": speakers,
                      "turns": {"total": len(turns),
                                "switches": sum(1 for a, b in zip(turns, turns[1:]) if a != b),
                                "duration": num(last - first),
                                "speech_seconds": num(union([(s[2], s[3]) for s in own])),
                                "overlap_seconds": num(overlap(own))}})
    doc = {"//": "tests/tools/timed_expect.py %s %s: worked out from the format's "
                 "specification, not by talkstat" % (fmt, path.split("/")[-1]),
           "calls": calls}
    json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
    print()


main()
