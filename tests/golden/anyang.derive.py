#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Derive the expected summary numbers of fixtures/anyang-calls.txt without talkstat.

Turn counts per speaker and speaker switches come from the gold annotation
(../shared/seed/anyang-calls.gold.json).  Lengths are counted over the turn
texts of a separate, minimal parser (the one score_seed.py uses, which knows
the two labels): letters and digits after NFKC (Unicode categories L* and N*).
Backchannel turns are the ones listed by hand below, read off the transcript:
turns made only of 嗯/对/明白/知道/当然/行/好的 tokens.

usage: anyang.derive.py TRANSCRIPT GOLD > anyang.expected.json
"""
import json, re, sys, unicodedata

LABEL = re.compile(r'^\s*([^\s：:]{1,20})[：:](.*)$')
HEADER = re.compile(r'^\s*第(.)通电话\s*(.*?)\s*$')
EVENT = re.compile(r'^\s*——(.+?)——\s*$')

# (call, turn) of backchannel turns, by reading the transcript.
BACKCHANNELS = {1: [3, 11], 2: [3, 15, 18, 21, 28, 30, 36, 43, 46, 48, 68, 97, 114, 117, 125]}
RATE = 5.18  # default chars/s for Chinese, docs/metrics.md

def parse(lines):
    calls, cur, turn = [], None, None
    for no, raw in enumerate(lines, 1):
        line = unicodedata.normalize('NFKC', raw)
        if HEADER.match(line):
            cur = {"title": raw.strip(), "line": no, "turns": [], "events": [], "narration": []}
            calls.append(cur); turn = None; continue
        e = EVENT.match(line)
        if e:
            cur["events"].append({"kind": "hangup", "line": no, "col": 1, "text": e.group(1),
                                  "after_turn": len(cur["turns"]), "turn": None})
            turn = None; continue
        m = LABEL.match(line)
        if m and m.group(1) in ("CLB", "安阳市总工会"):
            turn = {"speaker": m.group(1), "label": raw.strip().split('：')[0], "text": m.group(2).strip()}
            cur["turns"].append(turn); continue
        s = line.strip()
        if not s: continue
        if turn is not None: turn["text"] += s
        else: cur["narration"].append({"line": no, "text": raw.strip()})
    return calls

def units(s):
    return sum(1 for ch in s if unicodedata.category(ch)[0] in 'LN')

def main():
    lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
    gold = json.load(open(sys.argv[2], encoding='utf-8'))
    out = {"//": "derived by tests/golden/anyang.derive.py from the gold file and an independent parse",
           "schema_version": 1, "calls": []}
    for ci, (c, g) in enumerate(zip(parse(lines), gold["calls"])):
        assert len(c["turns"]) == len(g["turns"])
        seq = [t["speaker"] for t in g["turns"]]
        lens = [units(t["text"]) for t in c["turns"]]
        total = sum(lens)
        bc = set(BACKCHANNELS[ci + 1])
        speakers = []
        for sp in dict.fromkeys(seq):  # order of first turn
            mine = [i for i, s in enumerate(seq) if s == sp]
            length = sum(lens[i] for i in mine)
            # longest run of this speaker's turns broken only by the other side's backchannels
            best = run = 0
            for i, s in enumerate(seq):
                if s == sp: run += lens[i]
                elif (i + 1) not in bc: run = 0
                best = max(best, run)
            label = next(t["label"] for t in c["turns"] if t["speaker"] == sp)
            questions = sum(t["text"].count('?') for t in c["turns"] if t["speaker"] == sp)
            speakers.append({"speaker": sp, "label": label, "turns": len(mine), "length": length,
                             "chars": length, "share_of_speech": round(length / total, 6),
                             "seconds": round(length / RATE, 6), "seconds_estimated": True,
                             "mean_turn_length": round(length / len(mine), 6),
                             "longest_turn": max(lens[i] for i in mine),
                             "longest_monologue": best,
                             "backchannels": sum(1 for i in mine if (i + 1) in bc),
                             "//questions": questions})
        caller = max(speakers, key=lambda s: s["//questions"])["speaker"]
        for s in speakers:
            s["role"] = "caller" if s["speaker"] == caller else "respondent"
        out["calls"].append({
            "call": ci + 1, "title": c["title"], "line": c["line"], "language": "zh", "unit": "chars",
            "timed": False, "speakers": speakers,
            "turns": {"total": len(seq), "switches": sum(1 for a, b in zip(seq, seq[1:]) if a != b)},
            "events": c["events"], "narration": c["narration"]})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write('\n')

main()
