#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Write bench/RESULTS.md from what bench/bench.sh measured in WORKDIR:
issue 13's table as rows, each a ratio of medians of one run with its goal
and whether it is met, then every command's medians.

    bench_report.py WORKDIR > RESULTS.md

bench.sh passes the header's facts in BENCH_* variables."""
import datetime
import json
import os
import platform
import sys


def load(path):
    if not os.path.exists(path):
        return {}
    return {r["command"]: r for r in json.load(open(path))["results"]}


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "? GiB"


def verdict(value, goal, must=None, at_most=True):
    """'met' or 'not met' against the goal; with a must-show bound as well,
    says which of the two is met."""
    ok = (lambda g: value <= g) if at_most else (lambda g: value >= g)
    if ok(goal):
        return "met"
    if must is not None and ok(must):
        return "must-show met, goal not"
    return "not met"


class Table:
    def __init__(self):
        self.rows = []

    def ratio(self, what, lang, num, den, goal_text="", check=None, fmt="{:.2f}×"):
        """A row whose figure is num's median over den's, wall and CPU;
        check(wall ratio) gives the verdict."""
        if num is None or den is None:
            return
        wall = num["median"] / den["median"]
        cpu = num["cpu_median"] / den["cpu_median"] if den["cpu_median"] else float("nan")
        self.rows.append((what, lang, fmt.format(wall), fmt.format(cpu), goal_text,
                          check(wall) if check else ""))

    def value(self, what, lang, text, goal_text="", verdict_text=""):
        self.rows.append((what, lang, text, "", goal_text, verdict_text))

    def print(self):
        print("| what | lang | measured (wall) | CPU | goal | |")
        print("|---|---|---:|---:|---|---|")
        for r in self.rows:
            print("| " + " | ".join(r) + " |")


def main():
    work = sys.argv[1]
    times = load(os.path.join(work, "times.json"))
    py = load(os.path.join(work, "times-py.json"))
    mb = os.environ.get("BENCH_MB", "?")
    nproc = os.cpu_count() or 1
    langs = [lang for lang in ("zh", "en") if f"{lang} grep" in times]
    counts = {}
    for lang in langs:
        with open(os.path.join(work, f"phrases-{lang}.count")) as f:
            counts[lang] = f.read().strip()
    nphr = {lang: counts[lang].split()[0] for lang in langs}
    sizes = {lang: os.path.getsize(os.path.join(work, f"{lang}{mb}.txt")) for lang in langs}
    t = times.get

    print("# Benchmarks: issue 13's table\n")
    print(f"Made by `bench/bench.sh BUILD {mb}` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC "
          f"at commit {os.environ.get('BENCH_COMMIT', '?')} (CFLAGS `{os.environ.get('BENCH_CFLAGS', '?')}`, profile-guided: {os.environ.get('BENCH_PGO', '?')}). "
          f"Machine: {cpu_model()}, {nproc} processors, {mem_gib()}, {platform.system()} "
          f"{platform.machine()}.\n")
    loads = []
    for when in ("start", "end"):
        p = os.path.join(work, f"load-{when}.txt")
        if os.path.exists(p):
            avg = open(p).read().strip().split("load average:")[-1].strip()
            loads.append(float(avg.split(",")[0]))
            print(f"Load average at the {when}: {avg}. ", end="")
    # Other work on the host stretches the wall times unevenly: say so
    # where a reader of the figures will see it.  Only the load at the start
    # tells of other work: at the end it counts the benchmark's own threads
    # (every row at all threads keeps each processor busy).
    if loads and loads[0] >= nproc / 2:
        print("**The host was busy with other work when this run started (a one-minute "
              f"load average of {loads[0]:.1f} on {nproc} processors): the wall-clock "
              "figures are not results; run it again on a quiet host.**", end="")
    elif len(loads) > 1:
        print("(The load at the end is the benchmark's own: its threaded rows keep "
              "every processor busy.)", end="")
    print("\n")
    if mb != "100":
        print(f"**A {mb} MB corpus, not the issue's 100 MB**: each process's start weighs "
              "more in every ratio.\n")
    corp = ", ".join(f"{lang}: `gen_corpus.py --mb {mb} --seed 1 --lang {lang}`, "
                     f"{sizes[lang] / 1e6:.1f} MB" for lang in langs)
    print(f"Corpora: {corp or 'none'}. grep is `grep -c -F -f` with the plain phrases of talkstat's "
          "own built-in lexicon of the language (`bench/plain_phrases.py data/lexicons/LANG.json`: "
          "the entries without a gap `…` or a `{target}`, category `none` included, as talkstat "
          "looks for those too): " +
          "; ".join(f"{lang}: {counts[lang]}" for lang in langs) + ".\n")
    print(f"Every ratio is of medians from one run in which the commands took turns "
          f"(`bench/interleave.py`, a warm-up round then rounds: {os.environ.get('BENCH_RUNS', '?')}). "
          + (f"The Python baseline and `talkstat-summary --threads 1` took turns in a run of their own "
             f"for each language (rounds: {os.environ.get('BENCH_PY_RUNS', '?')}). " if py else "") +
          "Each command writes its whole output "
          "through a pipe. The verdict is on the wall-clock ratio, as in the issue; the CPU column is the same "
          "ratio of user + system time of all threads (on threaded rows it says what the threads "
          "cost, not how fast the run was). The programs run from `.libs`, without libtool's "
          "wrapper.\n")

    tab = Table()
    for lang in langs:
        g = t(f"{lang} grep")
        grep = f"`grep -c -F -f` ({nphr[lang]} phrases)"
        tab.ratio(f"`talkstat-summary --jsonl --threads 1` (every section) ÷ {grep}", lang,
                  t(f"{lang} summary, 1 thread"), g, "≤ 1.0× (must show: ≤ 2.0×)",
                  lambda v: verdict(v, 1.0, 2.0))
        if lang == "en":
            tab.ratio(f"the same with the reply model (`--model default`) ÷ {grep}", lang,
                      t("en summary, 1 thread, reply model"), g, "≤ 1.0× (must show: ≤ 2.0×)",
                      lambda v: verdict(v, 1.0, 2.0))
        tab.ratio(f"`talkstat-summary --jsonl` (every section, {nproc} threads) ÷ {grep}", lang,
                  t(f"{lang} summary, all threads"), g, "none set")
        base = py.get(f"{lang} baseline_py.py")
        goal = 20 if lang == "zh" else 40
        tab.ratio("speed-up: `baseline_py.py --lexicon PHRASES` ÷ `talkstat-summary --jsonl "
                  "--threads 1`", lang, base, py.get(f"{lang} summary, 1 thread"),
                  f"≥ {goal}× (must show: ≥ 10×)",
                  lambda v, goal=goal: verdict(v, goal, 10, at_most=False), fmt="{:.1f}×")
        tab.ratio(f"`talkstat-deflect --jsonl --threads 1` ÷ {grep}", lang,
                  t(f"{lang} deflect, 1 thread"), g, "≤ 0.7×", lambda v: verdict(v, 0.7))
        tab.ratio(f"reading + turns + share (`--sections speakers,turns,events`), 2 threads "
                  f"÷ {grep}", lang, t(f"{lang} read+turns+share, 2 threads"), g, "≤ 0.5×",
                  lambda v: verdict(v, 0.5))
        goal_files = 0.9 * nproc
        tab.ratio(f"many files (`--jsonl DIR/*`, 20 calls each): `--threads 1` ÷ {nproc} threads",
                  lang, t(f"{lang} files, 1 thread"), t(f"{lang} files, all threads"),
                  f"≥ {goal_files:.1f}× (every core: 1.8× on 2)",
                  lambda v: verdict(v, goal_files, at_most=False))
        tab.ratio("`-O3` (configure.ac's default) ÷ `-O2`: reading + turns + share, 1 thread", lang,
                  t(f"{lang} read+turns+share, 1 thread"),
                  t(f"{lang} read+turns+share, 1 thread, -O2"), "< 1.0×",
                  lambda v: "met" if v < 1.0 else "not met")
        tab.ratio("`-O3` ÷ `-O2`: `talkstat-summary --jsonl --threads 1` (every section)", lang,
                  t(f"{lang} summary, 1 thread"), t(f"{lang} summary, 1 thread, -O2"), "< 1.0×",
                  lambda v: "met" if v < 1.0 else "not met")
        tab.ratio("profile-guided (configure.ac's default) ÷ `--disable-pgo`: `talkstat-summary "
                  "--jsonl --threads 1` (every section)", lang, t(f"{lang} summary, 1 thread"),
                  t(f"{lang} summary, 1 thread, without PGO"), "< 1.0×",
                  lambda v: "met" if v < 1.0 else "not met")
        if lang == "en":
            tab.ratio("profile-guided ÷ `--disable-pgo`: the same with the reply model", lang,
                      t("en summary, 1 thread, reply model"),
                      t("en summary, 1 thread, reply model, without PGO"), "< 1.0×",
                      lambda v: "met" if v < 1.0 else "not met")

    rss = {}
    p = os.path.join(work, "rss.txt")
    if os.path.exists(p):
        for line in open(p):
            lang, threads, kib = line.split()
            rss[lang, threads] = int(kib) / 1024
    for (lang, threads), mib in rss.items():
        what = {
            "zh-x10": "peak RSS, `talkstat-summary --jsonl` (every section, all threads) on the zh "
                      "corpus ten times over",
            "zh-files250": "peak RSS, `talkstat-summary --threads 16` (default output) over the zh "
                           "corpus cut into files of about 250 KB (too small to be read in parts), "
                           "highest of 5 runs",
            "zh-short1": "peak RSS, `talkstat-summary --jsonl --threads 16` over 40 files of one "
                         "call of 13,000 one-character turns (about 250 KB), highest of 5 runs",
            "zh-short500-jsonl": "peak RSS, `talkstat-summary --jsonl --threads 16` over 40 files "
                                 "of 26 calls of 500 one-character turns, every other a question "
                                 "(about 250 KB; records far larger than their text), highest of "
                                 "5 runs",
            "zh-short500-default": "peak RSS, the same with the default output, highest of 5 runs",
        }.get(lang, f"peak RSS, `talkstat-summary --jsonl --threads {threads}`")
        tab.value(what, lang.split("-")[0], f"{mib:.1f} MiB", "≤ 32 MiB",
                  verdict(mib, 32))

    one = t("one-call file x50")
    if one:
        ms = one["median"] / 50 * 1000
        tab.value("start: `talkstat-summary one-call.txt` (one call of four turns), wall per "
                  "start, from 50 in a row", "zh", f"{ms:.1f} ms", "≤ 5 ms", verdict(ms, 5))
    p = os.path.join(work, "start-ir.txt")
    if os.path.exists(p) and open(p).read().strip():
        ir = int(open(p).read().split()[0].replace(",", ""))
        tab.value("start: the same, instructions (callgrind, whole process)", "zh",
                  f"{ir / 1e6:.1f} M", "none set (a loaded host does not change it)")
    n_rec = "26,331 records of `bench/gen_records.py`, `--by Org`"
    tab.ratio(f"`talkstat-aggregate` (every metric, 1,000 replicates, {nproc} threads) ÷ "
              f"`bench/aggregate_py.py` (one metric, numpy); {n_rec}", "",
              t("aggregate, all threads"), t("aggregate_py.py"), "≤ 1.0×",
              lambda v: verdict(v, 1.0))
    tab.ratio("the same, `talkstat-aggregate --threads 1`", "", t("aggregate, 1 thread"),
              t("aggregate_py.py"), "none set")

    print("## Issue 13's rows\n")
    tab.print()
    print()
    notes = open(os.path.join(work, "notes.txt")).read().strip()
    if notes:
        print("Left out: " + " ".join(notes.splitlines()) + "\n")

    print("## The commands\n")
    print("Medians of each run; MB/s of the corpus for the commands that read one whole.\n")
    print("| run | command | wall s | CPU s | MB/s |")
    print("|---|---|---:|---:|---:|")
    for run, res in (("main", times), ("baseline", py)):
        for name, r in res.items():
            lang = name.split()[0]
            whole = lang in sizes and "files" not in name
            rate = f"{sizes[lang] / 1e6 / r['median']:.1f}" if whole else ""
            print(f"| {run} | {name} | {r['median']:.3f} | {r['cpu_median']:.3f} | {rate} |")
    print()
    print("Other figures: deflection matching and the automaton's build in "
          "[RESULTS-deflect.md](RESULTS-deflect.md); aggregation at 1,000,000 records, its "
          "memory and the bootstrap's instructions in [RESULTS-aggregate.md](RESULTS-aggregate.md); "
          "many files, memory and the start against an older build in "
          "[RESULTS-manyfiles.md](RESULTS-manyfiles.md).")


main()
