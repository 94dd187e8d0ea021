#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Time the WebVTT and SubRip readers per MB beside the labelled-text reader,
# in one run, on one conversation written three ways (bench/gen_cues.py);
# write bench/RESULTS-cues.md.
#
#   bench/cues.sh [BUILD_DIR] [MB]       (default: build, 20)
#
# Each file is one call (a cue file is), read by talkstat-summary with the
# sections of reading (speakers, turns, events), --threads 1: the cue
# readers read with one thread, and so does the text reader here.  The
# commands take turns (bench/interleave.py).  Needs python3.  Not a test.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
mb=${2:-20}
work=$top/bench/work/cues$mb
mkdir -p "$work"
cd "$work"
export TALKSTAT_DATADIR="$top/data" LC_ALL=C.UTF-8
[ -f calls.srt ] || python3 "$top/bench/gen_cues.py" "$mb" .
sum="$build/src/bin/talkstat-summary --threads 1 --jsonl --sections speakers,turns,events"
python3 "$top/bench/interleave.py" "${RUNS:-7}" times.json \
	"text" "$sum calls.txt | cat >/dev/null" \
	"vtt" "$sum calls.vtt | cat >/dev/null" \
	"srt" "$sum calls.srt | cat >/dev/null" \
	"text, threads" "$build/src/bin/talkstat-summary --jsonl --sections speakers,turns,events calls.txt | cat >/dev/null"
python3 - "$mb" <<'PY' >"$top/bench/RESULTS-cues.md"
import json, os, platform, subprocess, sys
res = {r["command"]: r["median"] for r in json.load(open("times.json"))["results"]}
size = {"text": os.path.getsize("calls.txt"), "vtt": os.path.getsize("calls.vtt"),
        "srt": os.path.getsize("calls.srt")}
size["text, threads"] = size["text"]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print("# Cue readers beside the labelled-text reader\n")
print(f"One generated conversation (`bench/gen_cues.py {sys.argv[1]}`: two speakers, turns of "
      "one to three cues) written as labelled text, WebVTT with `<v>` voices and SubRip with "
      "`[SPEAKER_nn]:` prefixes: the same turns and words, so the cue files are larger by their "
      "timing lines. Each is one call, read by `talkstat-summary --threads 1 --jsonl --sections "
      f"speakers,turns,events` (the text reader with its threads too, last row). Machine: {cpu}, "
      f"{platform.machine()}; one run of `bench/cues.sh`, the commands taking turns, medians of "
      "7 rounds after a warm-up.\n")
print("| input | MB | median s | MB/s | per MB, vs text |")
print("|---|---:|---:|---:|---:|")
base = res["text"] / size["text"]
for name in ("text", "vtt", "srt", "text, threads"):
    t = res[name]
    print(f"| {name} | {size[name] / 1e6:.1f} | {t:.3f} | {size[name] / 1e6 / t:.1f} | "
          f"{(t / size[name]) / base:.2f} |")
print("\n\"per MB, vs text\" is the seconds per MB over the text reader's (one thread): "
      "below 1 is faster per MB.\n")
PY
cat "$top/bench/RESULTS-cues.md"
