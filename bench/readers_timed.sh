#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# The readers side by side: the same generated conversations as labelled
# text, NIST STM and RTTM (bench/gen_timed.py), each summarised by
# talkstat-summary --threads 1 (one thread: the timed readers read in one
# pass) in one run, commands taking turns (bench/interleave.py); MB/s of
# each input and calls per second.
#   bench/readers_timed.sh [BUILD_DIR] [MB] [RUNS]     (default: build, 20, 5)
# Writes bench/work/readers-timed.txt; the figures go to bench/RESULTS-readers-timed.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mb=${2:-20}
runs=${3:-5}
work=$top/bench/work/readers-$mb
mkdir -p "$work/bin"
[ -s "$work/calls.rttm" ] || python3 "$top/bench/gen_timed.py" "$mb" 1 "$work"
# a copy of the program, so rebuilding meanwhile does not disturb the runs
cp "$build/src/bin/.libs/talkstat-summary" "$work/bin/"
cp -P "$build"/src/lib/.libs/libtalkstat.so* "$work/bin/"
export LD_LIBRARY_PATH="$work/bin" TALKSTAT_DATADIR="$top/data" LC_ALL=C
s="$work/bin/talkstat-summary --jsonl"
python3 "$top/bench/interleave.py" "$runs" "$work/times.json" \
	text "$s --threads 1 $work/calls.txt >/dev/null" \
	text-threads "$s $work/calls.txt >/dev/null" \
	stm "$s --threads 1 $work/calls.stm >/dev/null" \
	rttm "$s --threads 1 $work/calls.rttm >/dev/null" \
	text-turns "$s --threads 1 --sections speakers,turns $work/calls.txt >/dev/null" \
	stm-turns "$s --threads 1 --sections speakers,turns $work/calls.stm >/dev/null" \
	rttm-turns "$s --threads 1 --sections speakers,turns $work/calls.rttm >/dev/null"
calls=$(grep -c '^Call ' "$work/calls.txt")
python3 - "$work" "$calls" "$runs" <<'PY' | tee "$work/../readers-timed.txt"
import json, os, sys
work, calls, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = {k: os.path.getsize(os.path.join(work, "calls." + k)) for k in ("txt", "stm", "rttm")}
print(f"{calls} calls; text {size['txt'] / 1e6:.1f} MB, STM {size['stm'] / 1e6:.1f} MB, "
      f"RTTM {size['rttm'] / 1e6:.1f} MB; median of {runs} interleaved runs; "
      f"{os.cpu_count()} cores")
print()
print("| reader | sections | threads | median s | MB/s | calls/s |")
print("|---|---|---|---|---|---|")
for r in json.load(open(os.path.join(work, "times.json")))["results"]:
    name = r["command"]
    fmt = name.split("-")[0]
    b = size["txt" if fmt == "text" else fmt]
    secs = "speakers,turns" if name.endswith("turns") else "all"
    threads = "all" if name.endswith("threads") else "1"
    print(f"| {fmt} | {secs} | {threads} | {r['median']:.2f} | {b / 1e6 / r['median']:.1f} | "
          f"{calls / r['median']:.0f} |")
PY
