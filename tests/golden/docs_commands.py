#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The commands the documentation shows, run as written (issue 12, item 5).

usage: docs_commands.py SRCDIR BINDIR WORKDIR

Collects the commands of README.md and docs/*.md and the Examples of each
program's --help, and runs them in the order written, each document (and
each program's help) in a folder of its own that links the folders that
ship (examples/, fixtures/, data/, docs/), so a command may use a file an
earlier command of the same document wrote (`> calls.jsonl`, then
`talkstat aggregate calls.jsonl`).

What counts as a command:
- an indented line (four blanks) of a Markdown file that starts with
  `talkstat` or with one of SHELL_WORDS (`split`, `ls`, `parallel` ...);
- in a ```console fence, a line `$ COMMAND`; the lines after it, up to the
  next `$ ` line or the fence's end, are its output, compared exactly;
- a line of a program's --help Examples.
A comment `# exit N` (or `# exits N`) after a command gives the exit status
it must have; otherwise 0.  A command that names a file that neither ships
nor was written before it fails, naming the file.  The only commands not run
are those of EXCLUDED (they need other machines or a network), each with why;
a command that needs a program the machine lacks (jq, GNU parallel: both in
scripts/deps) is listed as not run, and fails the test when
TS_DOCS_REQUIRE_TOOLS=1.  Exit 1 on a failure."""
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

SHELL_WORDS = ("split", "ls", "parallel", "jq", "cat", "cmp", "sort", "head", "mkdir")
# Commands shown but not run, and why.  Only a need for other machines or a
# network is a reason.
EXCLUDED = {
    "--sshloginfile nodes": "runs jobs on the machines listed in 'nodes', over ssh",
}
TOOLS = ("jq", "parallel")

src, bindir, work = (os.path.abspath(a) for a in sys.argv[1:4])
SHIPPED = ("examples", "fixtures", "data", "docs")


def markdown_commands(path):
    """(command, expected output or None) in the order written."""
    out, fence, indent, cmd, shown = [], None, 0, None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.lstrip().startswith("```"):
            if fence is None:
                fence, indent = line.strip()[3:], len(line) - len(line.lstrip())
                continue
            if cmd is not None:
                out.append((cmd, "".join(shown)))
            fence, cmd, shown = None, None, None
            continue
        if fence == "console":
            # A fence inside a list item is indented: so are its lines.
            line = line[indent:] if line[:indent].isspace() else line
            if line.startswith("$ "):
                if cmd is not None:
                    out.append((cmd, "".join(shown)))
                cmd, shown = line[2:].strip(), []
            elif cmd is not None:
                shown.append(line + "\n")
            continue
        if fence is None and re.match(r"^    (talkstat[ -]|(%s) )" % "|".join(SHELL_WORDS), line):
            out.append((line.strip(), None))
    return out


def help_commands(prog):
    text = subprocess.run([os.path.join(bindir, prog), "--help"], capture_output=True,
                          text=True).stdout
    ex = text.split("Examples:\n", 1)[1] if "Examples:\n" in text else ""
    cmds = []
    for line in ex.splitlines():
        if not line.startswith("  "):
            break
        cmds.append((line.strip(), None))
    return cmds


docs = [("README.md", markdown_commands(os.path.join(src, "README.md")))]
for path in sorted(glob.glob(os.path.join(src, "docs", "*.md"))):
    docs.append(("docs/" + os.path.basename(path), markdown_commands(path)))
progs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(bindir, "talkstat*"))
               if os.access(p, os.X_OK) and not p.endswith((".o", ".la")))
for prog in progs:
    docs.append(("help:" + prog, help_commands(prog)))


def inputs_of(words):
    """The words that name files the command reads (not those it writes)."""
    names, skip = [], False
    for i, w in enumerate(words):
        if skip:
            skip = False
            continue
        # What follows these is written, or is not a file: GNU parallel's
        # logins (3/:) and returned files.
        if w in (">", "-o", "--output", "--sshlogin", "-S", "--trc", "--return"):
            skip = True
            continue
        if w.startswith(">") or w in ("|", "-"):
            continue
        if w.startswith("--") and "=" in w:
            w = w.split("=", 1)[1]
        if "/" in w or re.search(r"\.(txt|json|jsonl|part|model|csv)$", w):
            if not re.search(r"[{}|'\"]", w) and not re.match(r"^[lr]/\d+$", w):
                names.append(w)
    return names


env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], LC_ALL="C.UTF-8")
# As a user runs them after the README's set-up: make check sets
# TALKSTAT_DATADIR, a user does not (the data are built into the library).
env.pop("TALKSTAT_DATADIR", None)
require_tools = os.environ.get("TS_DOCS_REQUIRE_TOOLS") == "1"
ran, not_run, excluded, failures = 0, [], [], []
for where, commands in docs:
    wd = os.path.join(work, re.sub(r"[^A-Za-z0-9.-]", "_", where))
    os.makedirs(wd, exist_ok=True)
    for d in SHIPPED:
        if not os.path.exists(os.path.join(wd, d)):
            os.symlink(os.path.join(src, d), os.path.join(wd, d))
    for cmd, shown in commands:
        m = re.search(r"\s#\s*(.*)$", cmd)
        comment = m.group(1) if m else ""
        line = cmd[:m.start()].rstrip() if m else cmd
        why = next((w for k, w in EXCLUDED.items() if k in line), None)
        if why:
            excluded.append((where, line, why))
            continue
        st = re.search(r"\bexits? (\d+)\b", comment)
        want = int(st.group(1)) if st else 0
        try:
            words = shlex.split(line)
        except ValueError as e:
            failures.append(f"{where}: '{line}' is not a shell command: {e}")
            continue
        lacking = [t for t in TOOLS if t in words and shutil.which(t) is None]
        if lacking:
            not_run.append((where, line, lacking))
            if require_tools:
                failures.append(f"{where}: '{line}' needs {lacking}, not installed")
            continue
        missing = [w for w in inputs_of(words) if not glob.glob(os.path.join(wd, w))]
        if missing:
            failures.append(f"{where}: '{line}' names files that do not ship: {missing}")
            continue
        r = subprocess.run(line, shell=True, cwd=wd, env=env, capture_output=True, text=True)
        ran += 1
        if r.returncode != want:
            failures.append(f"{where}: '{line}' exited {r.returncode}, the doc says {want}: "
                            f"{r.stderr.strip()[:300]}")
        elif shown is not None and r.stdout != shown:
            failures.append(f"{where}: '{line}' printed\n{r.stdout}the doc shows\n{shown}")

print(f"{ran} documented commands ran; {len(excluded)} not run, with why:")
for where, cmd, why in excluded:
    print(f"  {where}: {cmd}  ({why})")
if not_run:
    print(f"{len(not_run)} not run for want of a program (scripts/deps installs it):")
    for where, cmd, lacking in not_run:
        print(f"  {where}: {cmd}  (needs {', '.join(lacking)})")
for f in failures:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
