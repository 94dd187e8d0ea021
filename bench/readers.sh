#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Time each reader per MB beside the labelled-text reader, in one run, on
# the same conversation written in each format; write bench/RESULTS-readers.md.
#
#   bench/readers.sh [BUILD_DIR] [MB]       (default: build, 20)
#
# bench/gen_formats.py writes one generated English conversation (two
# speakers, question and answer, one call) as labelled text and as each
# other format; a reader is a row there and here.  Every command is
# talkstat-summary --threads 1 --jsonl --sections speakers,turns,events,
# so that what differs is the reader.  Not a test: speed is measured here,
# never asserted in the suite.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
mb=${2:-20}
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export TALKSTAT_DATADIR="$top/data" LC_ALL=C.UTF-8
bin=$build/src/bin
python3 "$top/bench/gen_formats.py" --mb "$mb" --seed 1 --out "readers$mb"
cmd="$bin/talkstat-summary --threads 1 --jsonl --sections speakers,turns,events"
python3 "$top/bench/interleave.py" "${RUNS:-7}" times-readers.json \
	"text" "$cmd readers$mb.txt | cat >/dev/null" \
	"chat" "$cmd readers$mb.cha | cat >/dev/null"

python3 - "$mb" <<'PY' >"$top/bench/RESULTS-readers.md"
import json, os, platform, subprocess, sys
mb = sys.argv[1]
res = {r["command"]: r for r in json.load(open("times-readers.json"))["results"]}
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print("# Readers per MB\n")
print(f"One generated English conversation (`bench/gen_formats.py --mb {mb} --seed 1`: "
      "two speakers, one call) written in each format; each file is read by "
      "`talkstat-summary --threads 1 --jsonl --sections speakers,turns,events`. "
      f"Machine: {cpu}, {platform.machine()}; one run of `bench/readers.sh`: the commands "
      "take turns for 7 rounds after a warm-up round, and each one's median is given.\n")
print("| reader | file | MB | median s | MB/s | vs text |")
print("|---|---|---:|---:|---:|---:|")
ext = {"text": "txt", "chat": "cha"}
base = None
for name in ("text", "chat"):
    f = f"readers{mb}.{ext[name]}"
    size = os.path.getsize(f) / 1e6
    s = res[name]["median"]
    rate = size / s
    base = base or rate
    print(f"| {name} | `{f}` | {size:.1f} | {s:.3f} | {rate:.1f} | {rate / base:.2f} |")
print("\nThe CHAT file has a media bullet on every main tier and no dependent tiers "
      "(%mor, %gra), which the reader skips: with them a file has more bytes per word "
      "and reads faster per MB than this.")
PY
cat "$top/bench/RESULTS-readers.md"
