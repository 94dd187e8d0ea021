#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The plain phrases of a talkstat lexicon, one a line, for `grep -F -f`:
the entries that are fixed text, those whose phrase has no gap (`…`, which
also covers the Chinese `……`) and no `{target}` (docs/lexicon.md, "File
format").  Entries of category `none` are kept: talkstat looks for them too
(overlap resolution), so grep is given the same fixed strings to find.

    plain_phrases.py LEXICON.json > PHRASES

The count and what was left out go to standard error."""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        entries = json.load(f)["entries"]
    gapped = [e for e in entries if "\u2026" in e["phrase"]]
    target = [e for e in entries if "{target}" in e["phrase"]]
    plain = []
    for e in entries:
        p = e["phrase"].strip()
        if "\u2026" not in p and "{target}" not in p and p not in plain:
            plain.append(p)
    sys.stdout.write("".join(p + "\n" for p in plain))
    print(f"{len(plain)} plain of {len(entries)} entries ({len(gapped)} gapped, "
          f"{len(target)} with {{target}})", file=sys.stderr)


main()
