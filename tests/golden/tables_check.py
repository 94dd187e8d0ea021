#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Check talkstat-table output against the summary of the same calls, read
with Python's csv module only (no reshaping), and that each column keeps
one type whatever the data.

usage: tables_check.py TALKSTAT_BIN_DIR DOCS_TABLES_MD TRANSCRIPT...
Exit 1 with the differences listed."""
import csv
import io
import json
import re
import subprocess
import sys

bindir, docs, files = sys.argv[1], sys.argv[2], sys.argv[3:]
TABLES = ["calls", "speakers", "turns", "questions", "deflections", "meta"]
errors = []


def run(*args):
    return subprocess.run([bindir + "/" + args[0], *args[1:]], check=True,
                          capture_output=True).stdout


def table(name, tsv=False):
    """The table of every file, as dicts, and its header."""
    out = run("talkstat-table", *(["--tsv"] if tsv else []), name, *files)
    text = out.decode("utf-8")
    if tsv:
        assert "\r" not in text.replace('"\r', ""), name + ": CR in TSV line ends"
    else:
        lines = text.split("\r\n")
        assert lines[-1] == "", name + ": the last line does not end in CRLF"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if tsv else ","))
    header, body = rows[0], rows[1:]
    for r in body:
        if len(r) != len(header):
            errors.append(f"{name}: a row of {len(r)} cells under {len(header)} columns")
    return header, [dict(zip(header, r)) for r in body]


def kind(v):
    if v == "":
        return None
    if v in ("true", "false"):
        return "bool"
    if re.fullmatch(r"-?[0-9]+", v):
        return "int"
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", v):
        return "real"
    return "str"


# The documented columns: docs/tables.md lists each table's columns in a
# line "`TABLE`: `a`, `b`, ..." (the speaker and call figures included).
documented = {}
for line in open(docs, encoding="utf-8"):
    m = re.match(r"^Columns of `(\w+)`: (.*)$", line.strip())
    if m:
        documented[m.group(1)] = re.findall(r"`([^`]+)`", m.group(2))

summaries = [json.loads(run("talkstat-summary", "--compact", f)) for f in files]
calls = [(f, c) for f, s in zip(files, summaries) for c in s["calls"]]

types = {}
for name in TABLES:
    header, rows = table(name)
    theader, trows = table(name, tsv=True)
    if theader != header or trows != rows:
        errors.append(f"{name}: the TSV table differs from the CSV one")
    if documented.get(name) != header:
        errors.append(f"{name}: columns {header} are not those of docs/tables.md: {documented.get(name)}")
    if header[:2] != ["source", "call"]:
        errors.append(f"{name}: the first columns are {header[:2]}")
    for col in header:
        ks = {kind(r[col]) for r in rows} - {None}
        if "str" in ks:
            ks = {"str"}
        if len(ks) > 1:
            errors.append(f"{name}.{col}: mixed types {sorted(ks)}")
        types[(name, col)] = ks
    if name == "calls":
        if len(rows) != len(calls):
            errors.append(f"calls: {len(rows)} rows for {len(calls)} calls")
        for r, (f, c) in zip(rows, calls):
            want = {"source": f, "call": str(c["call"]), "language": c["language"],
                    "unit": c["unit"], "turns_total": str(c["turns"]["total"]),
                    "deflections_total": str(c["deflections"]["total"]),
                    "questions_total": str(c["qa"]["questions"]["total"]),
                    "pairs": str(len(c["qa"]["pairs"])), "reasks": str(c["qa"]["reasks"])}
            for k, v in want.items():
                if r[k] != v:
                    errors.append(f"calls: call {c['call']} of {f}: {k} is {r[k]!r}, summary {v!r}")
    elif name == "speakers":
        want = [(f, c["call"], s) for f, c in calls for s in c["speakers"]]
        if len(rows) != len(want):
            errors.append(f"speakers: {len(rows)} rows for {len(want)} speakers")
        for r, (f, n, s) in zip(rows, want):
            for k in ("speaker", "role", "turns", "length", "backchannels", "longest_turn"):
                if r[k] != str(s[k]):
                    errors.append(f"speakers: {s['speaker']} of call {n}: {k} {r[k]!r}, summary {s[k]!r}")
            share = s["share_of_speech"]
            if (share is None) != (r["share_of_speech"] == "") or (
                    share is not None and abs(float(r["share_of_speech"]) - share) > 1e-6):
                errors.append(f"speakers: {s['speaker']}: share {r['share_of_speech']!r}, summary {share}")
    elif name == "turns":
        n = sum(c["turns"]["total"] for _, c in calls)
        if len(rows) != n:
            errors.append(f"turns: {len(rows)} rows for {n} turns")
    elif name == "questions":
        n = sum(c["qa"]["questions"]["total"] for _, c in calls)
        pairs = [p for _, c in calls for p in c["qa"]["pairs"]]
        got = [r for r in rows if r["pair"] != ""]
        if len(rows) != n or len(got) != len(pairs):
            errors.append(f"questions: {len(rows)} rows, {len(got)} pairs; summary {n}, {len(pairs)}")
        for r, p in zip(got, pairs):
            for k in ("turn", "line", "col", "text", "type", "reply", "clarity", "why"):
                if r[k] != str(p[k]):
                    errors.append(f"questions: pair {r['pair']}: {k} {r[k]!r}, summary {p[k]!r}")
    elif name == "deflections":
        ms = [m for _, c in calls for m in c["deflections"]["matches"]]
        if len(rows) != len(ms):
            errors.append(f"deflections: {len(rows)} rows for {len(ms)} matches")
        for r, m in zip(rows, ms):
            for k in ("speaker", "turn", "line", "col", "category", "entry", "text"):
                if r[k] != str(m[k]):
                    errors.append(f"deflections: {k} {r[k]!r}, summary {m[k]!r}")
            if r["target"] != (m["target"] or ""):
                errors.append(f"deflections: target {r['target']!r}, summary {m['target']!r}")
    elif name == "meta":
        want = [(f, c["call"], k, v) for f, c in calls for k, v in c["meta"].items()]
        got = [(r["source"], int(r["call"]), r["key"], r["value"]) for r in rows]
        if got != want:
            errors.append(f"meta: {got} is not {want}")

json.dump({f"{t}.{c}": sorted(k) for (t, c), k in types.items()}, sys.stdout, indent=0)
print()
for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
