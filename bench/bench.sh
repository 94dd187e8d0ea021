#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Benchmark talkstat beside grep -F and the Python baseline on one
# generated corpus, in one run; write bench/RESULTS.md.
#
#   bench/bench.sh [BUILD_DIR] [MB]       (default: build, 100)
#
# Needs python3 and /usr/bin/time (Debian: python3 time).  The corpus
# (gen_corpus.py --mb MB --seed 1) and its lexicon are made in bench/work/.
# Not a test: speed is measured here, never asserted in the suite.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
mb=${2:-100}
shared=$top/../shared/scripts
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export TALKSTAT_DATADIR="$top/data" LC_ALL=C.UTF-8
bin=$build/src/bin
corpus=zh$mb.txt
[ -f "$corpus" ] || python3 "$shared/gen_corpus.py" --mb "$mb" --seed 1 --out "$corpus"
[ -f patterns.txt ] || python3 "$shared/gen_corpus.py" --lexicon patterns.txt
bytes=$(wc -c <"$corpus")

# Every command writes all its output: grep stops early when its output is
# /dev/null, so it is piped (bench_anchors.sh notes the same).  The
# commands take turns, round after round, so that a machine whose speed
# drifts (a shared host) slows them alike; each one's median is reported.
python3 "$top/bench/interleave.py" "${RUNS:-7}" times.json \
	"read+turns+share" "$bin/talkstat-summary --jsonl --sections speakers,turns,events $corpus | cat >/dev/null" \
	"talkstat-deflect" "$bin/talkstat-deflect --jsonl $corpus | cat >/dev/null" \
	"talkstat-summary (all)" "$bin/talkstat-summary --jsonl $corpus | cat >/dev/null" \
	"read+turns+share, 1 thread" "$bin/talkstat-summary --threads 1 --jsonl --sections speakers,turns,events $corpus | cat >/dev/null" \
	"talkstat-deflect, 1 thread" "$bin/talkstat-deflect --threads 1 --jsonl $corpus | cat >/dev/null" \
	"grep -c -F -f" "grep -c -F -f patterns.txt $corpus | cat >/dev/null" \
	"wc -m" "wc -m $corpus | cat >/dev/null"
python3 "$top/bench/interleave.py" 1 times-py.json \
	"baseline_py.py" "python3 $shared/baseline_py.py --lexicon patterns.txt $corpus | cat >/dev/null"

rss() { /usr/bin/time -f %M sh -c "$1 >/dev/null" 2>&1 >/dev/null | tail -1; }
rss_ts=$(rss "$bin/talkstat-summary --jsonl --sections speakers,turns,events $corpus")
rss_defl=$(rss "$bin/talkstat-deflect --jsonl $corpus")
rss_all=$(rss "$bin/talkstat-summary --jsonl $corpus")
rss_grep=$(rss "grep -c -F -f patterns.txt $corpus")
rss_py=$(rss "python3 $shared/baseline_py.py --lexicon patterns.txt $corpus")

# Memory grows with the largest call, not the file: the same corpus ten
# times over (1 GB) must not need more.
big=zh$((mb * 10)).txt
[ -f "$big" ] || for i in 1 2 3 4 5 6 7 8 9 10; do cat "$corpus"; done >"$big"
big_bytes=$(wc -c <"$big")
big_out=$(/usr/bin/time -f "%e %M" "$bin/talkstat-summary" --jsonl "$big" 2>&1 >/dev/null | tail -1)
big_rt=$(/usr/bin/time -f "%e %M" "$bin/talkstat-summary" --jsonl --sections speakers,turns,events "$big" 2>&1 >/dev/null | tail -1)
big_s=${big_out% *}
big_rss=${big_out#* }

python3 - "$bytes" "$rss_ts" "$rss_grep" "$rss_py" "$big_bytes" "$big_s" "$big_rss" "$mb" \
	"$rss_defl" "$rss_all" "${big_rt% *}" "${big_rt#* }" <<'PY' >"$top/bench/RESULTS.md"
import json, platform, subprocess, sys
(bytes_, rss_ts, rss_grep, rss_py, big_bytes, big_s, big_rss, mb, rss_defl, rss_all,
 big_rt_s, big_rt_rss) = sys.argv[1:]
bytes_ = int(bytes_); big_bytes = int(big_bytes)
res = {r["command"]: r for r in json.load(open("times.json"))["results"]}
res.update({r["command"]: r for r in json.load(open("times-py.json"))["results"]})
ts = res["read+turns+share"]["median"]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print("# Benchmarks\n")
print(f"Corpus: `gen_corpus.py --mb {mb} --seed 1` ({bytes_ / 1e6:.1f} MB, Chinese calls), "
      f"lexicon `gen_corpus.py --lexicon` (300 phrases). Machine: {cpu}, {platform.machine()}; "
      "one run of `bench/bench.sh`: the commands take turns for 7 rounds after a warm-up "
      "round, and each one's median is given (the Python baseline: one run). Times are "
      "wall-clock; every command writes its whole output.\n")
print("## Side by side\n")
threads = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
print("`read+turns+share` is `talkstat-summary --jsonl --sections speakers,turns,events` "
      "(issue 2's scope); `talkstat-deflect --jsonl` reads and finds deflections with the full "
      "built-in lexicons (issue 3); `talkstat-summary (all)` adds question-answer pairing "
      f"(issue 4).  They use one thread per processor ({threads} here); the `1 thread` rows "
      "are the same commands with `--threads 1`.  The ratio column is read+turns+share's "
      "time over each command's.\n")
print("| command | median s | MB/s | read+turns+share / it | peak RSS |")
print("|---|---:|---:|---:|---:|")
rss = {"read+turns+share": rss_ts, "talkstat-deflect": rss_defl, "talkstat-summary (all)": rss_all,
       "grep -c -F -f": rss_grep, "baseline_py.py": rss_py}
for name in ("read+turns+share", "talkstat-deflect", "talkstat-summary (all)",
             "read+turns+share, 1 thread", "talkstat-deflect, 1 thread", "grep -c -F -f",
             "wc -m", "baseline_py.py"):
    r = res[name]; t = r["median"]
    m = rss.get(name)
    print(f"| `{name}` | {t:.3f} | {bytes_ / 1e6 / t:.0f} | {ts / t:.2f} | "
          f"{int(m) / 1024:.1f} MiB |" if m else
          f"| `{name}` | {t:.3f} | {bytes_ / 1e6 / t:.0f} | {ts / t:.2f} | |")
print()
g = res["grep -c -F -f"]["median"]
d = res["talkstat-deflect"]["median"]
print(f"Goals: reading + turns + share <= 0.5x grep's time: {ts / g:.2f}x "
      f"({'met' if ts / g <= 0.5 else 'not met'}); talkstat-deflect <= 1.0x grep's: {d / g:.2f}x "
      f"({'met' if d / g <= 1.0 else 'not met'}).\n")
print("## Memory on 1 GB\n")
print(f"The corpus ten times over ({big_bytes / 1e9:.2f} GB), read+turns+share: "
      f"{float(big_rt_s):.2f} s ({big_bytes / 1e6 / float(big_rt_s):.0f} MB/s), peak RSS "
      f"{int(big_rt_rss) / 1024:.1f} MiB (goal <= 32 MiB: "
      f"{'met' if int(big_rt_rss) <= 32 * 1024 else 'not met'}); every section: "
      f"{float(big_s):.2f} s, peak RSS {int(big_rss) / 1024:.1f} MiB.\n")
print("Details: deflection matching, the automaton build for 10,000 entries and accuracy in "
      "[RESULTS-deflect.md](RESULTS-deflect.md); aggregation of 1,000,000 per-call lines in "
      "[RESULTS-aggregate.md](RESULTS-aggregate.md).\n")
PY
cat "$top/bench/RESULTS.md"
