#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Per-speaker counts of a CHAT transcript, worked out from the CHAT manual
and CLAN's MLU/MLT rules, apart from talkstat's reader (src/lib/read/
reader_chat.c), so that the golden test of the CHAT reader compares it with
an independent reading.

    python3 tests/tools/chat_counts.py FILE.cha

prints JSON: for each speaker code, in order of first utterance,

  utterances      main tiers of the speaker
  words           words as CLAN's MLU and MLT count them: whitespace tokens
                  of the main tier, leaving out xxx/yyy/www, tokens that
                  start with & (fillers, fragments, &=events), + (terminators,
                  linkers), 0 (omitted words), # or - , pauses "(.)" "(0.8)",
                  punctuation and CA marks, bracketed annotations, material
                  retraced with [/] [//] [///] [/-] [/?] (a <group> or the
                  word before), and a word replaced with [: target] counting
                  as its target
  clan_turns      turns as MLT counts them: runs of utterances of one
                  speaker, where an utterance with no word is skipped (it
                  neither counts nor ends a turn)
  clan_utterances utterances with at least one word (MLU's and MLT's count)
  turns           talkstat's turns: runs of main tiers of one speaker,
                  whatever they hold
  bullet_seconds  the sum over the speaker's main tiers of end - start of the
                  media bullet(s) (0x15start_end0x15, milliseconds): the
                  speaker's speech time as CLAN's bullets give it
  turn_seconds    the sum over talkstat's turns of (last end - first start)
                  of the bullets in the turn, untimed turns left out
  turn_times      each talkstat turn's [start, end] in seconds, or null
"""
import json
import re
import sys

BULLET = re.compile("\x15([^\x15]*)\x15")
RETRACE = r"\[/(?:/{0,2}|-|\?)\]"
OTHER_ANNOT = r"(?:\s*\[(?![:/])[^\]]*\])*"


def tiers(path):
    """(kind, code, text, line) of each tier, continuation lines joined."""
    out = []
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                continue
            if line[0] in "\t ":
                kind, code, text, at = out[-1]
                out[-1] = (kind, code, text + " " + line.strip(), at)
            elif line[0] == "*":
                code, _, text = line[1:].partition(":")
                out.append(("main", code, text.strip(), no))
            elif line[0] == "%":
                out.append(("dep", None, "", no))
            else:
                out.append(("header", None, line, no))
    return [t for t in out if t[0] == "main"]


def times(text):
    """(start, end) in ms over the bullets of a main tier, or None."""
    spans = []
    for m in BULLET.finditer(text):
        body = m.group(1)
        body = re.sub(r'^%\w+:"[^"]*"_', "", body).rstrip("-")
        a, b = body.split("_")
        spans.append((int(a), int(b)))
    return spans


def countable(token):
    if token in ("xxx", "yyy", "www") or token[0] in "&+0#-":
        return False
    if re.fullmatch(r"\([.:0-9]+\)", token):
        return False
    token = token.split("@")[0]
    # a letter or a digit left once CHAT's marks are gone
    return any(ch.isalnum() for ch in token)


def words(text):
    t = BULLET.sub(" ", text)
    # retracing: a group, or the word before, with annotations between
    t = re.sub(r"<[^<>]*>" + OTHER_ANNOT + r"\s*" + RETRACE, " ", t)
    t = re.sub(r"\S+" + OTHER_ANNOT + r"\s*" + RETRACE, " ", t)
    # a replacement counts as its target
    t = re.sub(r"<[^<>]*>" + OTHER_ANNOT + r"\s*\[::? ([^\]]*)\]", r" \1 ", t)
    t = re.sub(r"\S+" + OTHER_ANNOT + r"\s*\[::? ([^\]]*)\]", r" \1 ", t)
    t = re.sub(r"\[[^\]]*\]", " ", t)
    t = t.replace("<", " ").replace(">", " ")
    return [w for w in t.split() if countable(w)]


def main(path):
    stats = {}
    turns = []  # talkstat turns: [code, start, end]
    last_clan = None
    for _, code, text, _ in tiers(path):
        s = stats.setdefault(code, {"utterances": 0, "words": 0, "clan_turns": 0,
                                    "clan_utterances": 0, "turns": 0,
                                    "bullet_seconds": 0.0, "turn_seconds": 0.0,
                                    "turn_times": []})
        n = len(words(text))
        s["utterances"] += 1
        s["words"] += n
        if n:
            s["clan_utterances"] += 1
            if code != last_clan:
                s["clan_turns"] += 1
                last_clan = code
        spans = times(text)
        for a, b in spans:
            s["bullet_seconds"] += (b - a) / 1000
        if not turns or turns[-1][0] != code:
            turns.append([code, None, None])
            s["turns"] += 1
        for a, b in spans:
            t = turns[-1]
            t[1] = a if t[1] is None else min(t[1], a)
            t[2] = b if t[2] is None else max(t[2], b)
    for code, a, b in turns:
        s = stats[code]
        if a is None:
            s["turn_times"].append(None)
        else:
            s["turn_times"].append([a / 1000, b / 1000])
            s["turn_seconds"] += (b - a) / 1000
    for s in stats.values():
        s["bullet_seconds"] = round(s["bullet_seconds"], 6)
        s["turn_seconds"] = round(s["turn_seconds"], 6)
    json.dump(stats, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
