#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The commands the documentation shows, run (issue 12, item 5, in part).

usage: docs_commands.py SRCDIR BINDIR WORKDIR STRICT_DOC...

Collects every command line of README.md and docs/*.md (an indented line
starting with 'talkstat') and of the Examples of each program's --help.
A command whose inputs all ship (fixtures/, data/, docs/) is run from
WORKDIR, which links those folders, and must exit 0; the others are
listed as naming files that do not ship.  In a STRICT_DOC (a file name,
or 'help:PROGRAM') every command must ship and run.  Exit 1 on a failure."""
import glob
import os
import re
import shlex
import subprocess
import sys

src, bindir, work = (os.path.abspath(a) for a in sys.argv[1:4])
strict = set(sys.argv[4:])
for d in ("fixtures", "data", "docs"):
    if not os.path.exists(os.path.join(work, d)):
        os.symlink(os.path.join(src, d), os.path.join(work, d))

commands = []  # (where, command)
for path in ["README.md"] + sorted(glob.glob(os.path.join(src, "docs", "*.md"))):
    name = os.path.relpath(os.path.join(src, path), src)
    for line in open(os.path.join(src, path), encoding="utf-8"):
        if re.match(r"^    talkstat[ -]", line):
            commands.append((name, line.strip()))
progs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(bindir, "talkstat*"))
               if os.access(p, os.X_OK) and not p.endswith((".o", ".la")))
for prog in progs:
    out = subprocess.run([os.path.join(bindir, prog), "--help"], capture_output=True,
                         text=True).stdout
    ex = out.split("Examples:\n", 1)[1] if "Examples:\n" in out else ""
    for line in ex.splitlines():
        if not line.startswith("  "):
            break
        if line.strip().startswith("talkstat"):
            commands.append(("help:" + prog, line.strip()))

env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
ran, unshipped, failures = 0, [], []
for where, cmd in commands:
    cmd = re.sub(r"\s+#.*$", "", cmd)
    try:
        words = shlex.split(cmd)
    except ValueError:
        words = cmd.split()
    inputs, skip = [], False
    for i, w in enumerate(words):
        if skip or w in (">", "|"):
            skip = w == ">"
            continue
        if w.startswith(">"):
            continue
        prev = words[i - 1] if i else ""
        if prev in ("-o", "--output"):
            continue
        if "/" in w or re.search(r"\.(txt|json|jsonl|part)$", w) or w == "-":
            if "=" in w and w.startswith("--"):
                w = w.split("=", 1)[1]
            inputs.append(w)
    missing = [w for w in inputs if w != "-" and not glob.glob(os.path.join(work, w))]
    if missing or "|" in words or "-" in inputs:
        unshipped.append((where, cmd, missing))
        if where in strict:
            failures.append(f"{where}: '{cmd}' names files that do not ship: {missing}")
        continue
    r = subprocess.run(cmd, shell=True, cwd=work, env=env, capture_output=True, text=True)
    ran += 1
    if r.returncode != 0:
        failures.append(f"{where}: '{cmd}' exited {r.returncode}: {r.stderr.strip()[:300]}")

print(f"{ran} documented commands ran; {len(unshipped)} name files that do not ship:")
for where, cmd, missing in unshipped:
    print(f"  {where}: {cmd}")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
