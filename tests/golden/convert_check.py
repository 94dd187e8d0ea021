# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Round trip of talkstat-turns --to: convert_check.py BIN TMPDIR FORMAT FILE.

Summarises FILE, writes it in FORMAT, summarises what was written and
compares each call's speakers in order: the same names (through the CHAT
@ID lines, or with blanks as '_' in RTTM), turns, and for formats with
text the length, words and characters; for a timed input written as CHAT
or RTTM the seconds to 0.01 s.  Exit 1 with the differences."""
import json
import re
import subprocess
import sys

BIN, TMP, FMT, SRC = sys.argv[1:5]
EXT = {"chat": "cha", "convokit": "jsonl", "rttm": "rttm"}[FMT]


def calls(args):
    out = subprocess.run([BIN + "/talkstat-summary", "--sections", "speakers", "--compact"] + args,
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out)
    return doc["calls"] if "calls" in doc else [doc]


a = calls([SRC])
out = f"{TMP}/converted.{EXT}"
subprocess.run([BIN + "/talkstat-turns", "--to", FMT, "-o", out, SRC], check=True)
b = calls(["--from", FMT, out])
bad = []
if len(a) != len(b):
    bad.append(f"{len(a)} calls became {len(b)}")
names = None
if FMT == "chat":
    # the full names, in the order of @Participants, from @ID's tenth field
    ids = [line.rstrip("\n").split("\t", 1)[1].split("|") for line in open(out, encoding="utf-8")
           if line.startswith("@ID:")]
    names = {i[2]: i[9] for i in ids}
for ca, cb in zip(a, b):
    timed = ca.get("timed") and FMT in ("chat", "rttm")
    if len(ca["speakers"]) != len(cb["speakers"]):
        bad.append(f"call {ca['call']}: speakers {len(ca['speakers'])} -> {len(cb['speakers'])}")
        continue
    for s, t in zip(ca["speakers"], cb["speakers"]):
        name = t["speaker"]
        if FMT == "chat":
            name = names.get(name)
        want = re.sub(r"[ \t]", "_", s["speaker"]) if FMT == "rttm" else s["speaker"]
        if name != want:
            bad.append(f"speaker {s['speaker']!r} read back as {t['speaker']!r}")
        keys = ["turns"] + ([] if FMT == "rttm" else ["length", "words", "chars"])
        for k in keys:
            if s.get(k) != t.get(k):
                bad.append(f"{s['speaker']}: {k} {s.get(k)} -> {t.get(k)}")
        if timed and abs(s["seconds"] - t["seconds"]) > 0.01:
            bad.append(f"{s['speaker']}: seconds {s['seconds']} -> {t['seconds']}")
        if timed and not t.get("seconds"):
            bad.append(f"{s['speaker']}: no seconds read back")
if bad:
    print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
