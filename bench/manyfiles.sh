#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Issue 13's rows for the run machinery, each beside its baseline in the
# same run; writes bench/RESULTS-manyfiles.md:
#  - many files, 1 vs all threads: talkstat-summary --jsonl over a folder
#    of small files (20 calls each), --threads 1 and the default;
#  - peak RSS at 1, 2 and 16 threads on one large file, zh and en;
#  - one-call file start: instructions (callgrind) and wall time.
#
#   bench/manyfiles.sh [BUILD_DIR] [OLD_BUILD_DIR] [MB]   (default: build, none, 100)
#
# With OLD_BUILD_DIR (a build of main, say), every row has the old build's
# figure beside the new one's.  The programs run from .libs, the library
# from src/lib/.libs (no libtool wrapper between /usr/bin/time and them);
# each build reads the data files of its own source tree.  Needs python3
# and /usr/bin/time (Debian: python3 time), valgrind for the instructions
# (the row is left out without it).  The corpora come from
# ../shared/scripts/gen_corpus.py into bench/work/.  Not a test.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
new=$(cd "${1:-$top/build}" && pwd)
old=${2:+$(cd "$2" && pwd)}
mb=${3:-100}
shared=$top/../shared/scripts
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export LC_ALL=C.UTF-8
for lang in zh en; do
	[ -f "$lang$mb.txt" ] ||
		python3 "$shared/gen_corpus.py" --mb "$mb" --seed 1 --lang $lang --out "$lang$mb.txt"
	[ -d "$lang$mb.d" ] || python3 "$shared/gen_corpus.py" --mb "$mb" --seed 2 --lang $lang \
		--dir "$lang$mb.d" --calls-per-file 20 >/dev/null
done
printf '第1通电话\nA：你好，请问是总工会吗？\nB：是的。\nA：谢谢。\nB：不客气。\n' >one-call.txt

# prog BUILD NAME [TOOL...]: the command that runs talkstat-NAME of BUILD
# (under TOOL)
prog() {
	b=$1 name=$2
	shift 2
	src=$(sed -n 's/^abs_top_srcdir = //p' "$b/Makefile")
	echo "env TALKSTAT_DATADIR=$src/data LD_LIBRARY_PATH=$b/src/lib/.libs $* $b/src/bin/.libs/talkstat-$name"
}
builds="new"
[ -z "$old" ] || builds="new old"
dir_of() { if [ "$1" = new ]; then echo "$new"; else echo "$old"; fi; }

# many files: the commands take turns (bench/interleave.py)
set --
for b in $builds; do
	s=$(prog "$(dir_of $b)" summary)
	for lang in zh en; do
		set -- "$@" "$b $lang files, 1 thread" "$s --threads 1 --jsonl $lang$mb.d/* | cat >/dev/null" \
			"$b $lang files, all threads" "$s --jsonl $lang$mb.d/* | cat >/dev/null"
	done
done
python3 "$top/bench/interleave.py" "${RUNS:-5}" files.json "$@"

# peak RSS
: >rss.txt
for b in $builds; do
	s=$(prog "$(dir_of $b)" summary)
	for lang in zh en; do
		for t in 1 2 16; do
			kib=$(/usr/bin/time -f %M $s --threads $t --jsonl $lang$mb.txt 2>&1 >/dev/null | tail -1)
			echo "$b $lang $t $kib" >>rss.txt
		done
	done
done

# one-call file: instructions, and wall time over 50 starts taking turns
: >start.txt
set --
for b in $builds; do
	s=$(prog "$(dir_of $b)" summary)
	if command -v valgrind >/dev/null; then
		vg=$(prog "$(dir_of $b)" summary valgrind --tool=callgrind --callgrind-out-file=/dev/null)
		ir=$($vg one-call.txt 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
		echo "$b $ir" >>start.txt
	fi
	set -- "$@" "$b one-call file x50" "for i in \$(seq 50); do $s one-call.txt >/dev/null; done"
done
python3 "$top/bench/interleave.py" "${RUNS:-5}" start.json "$@"

python3 - "$mb" "$builds" <<'PY' >"$top/bench/RESULTS-manyfiles.md"
import json, os, subprocess, sys
mb, builds = sys.argv[1], sys.argv[2].split()
files = {r["command"]: r["median"] for r in json.load(open("files.json"))["results"]}
start = {r["command"]: r["median"] for r in json.load(open("start.json"))["results"]}
rss = {}
for line in open("rss.txt"):
    b, lang, t, kib = line.split()
    rss[b, lang, t] = int(kib) / 1024
ir = dict(line.split() for line in open("start.txt"))
nproc = os.cpu_count()
label = {"new": "this build", "old": "old build"}
print("# Many files, memory, start\n")
print(f"One run of `bench/manyfiles.sh` ({nproc} processors, "
      f"{os.environ.get('RUNS', '5')} rounds after a warm-up). Corpora: `gen_corpus.py --mb {mb} "
      f"--seed 1` (one file each, zh and en) and `--seed 2 --dir --calls-per-file 20` (many "
      "small files); the programs run from `.libs`. Times are medians of commands taking "
      "turns (bench/interleave.py), wall-clock, every command writing its whole output.\n")
print("## Many files, 1 vs all threads\n")
print("`talkstat-summary --jsonl DIR/*`, `--threads 1` and the default (one thread per "
      "processor). Goal: all threads at least 1.8x faster than one on 2 processors.\n")
print("| build | language | 1 thread s | all threads s | speed-up |")
print("|---|---|---:|---:|---:|")
for b in builds:
    for lang in ("zh", "en"):
        one, all_ = files[f"{b} {lang} files, 1 thread"], files[f"{b} {lang} files, all threads"]
        print(f"| {label[b]} | {lang} | {one:.2f} | {all_:.2f} | {one / all_:.2f}x |")
print("\n## Peak RSS at 1, 2 and 16 threads\n")
print(f"`/usr/bin/time -f %M talkstat-summary --threads N --jsonl` on the {mb} MB file. "
      "Goal: at most 32 MiB at any thread count (a line or turn longer than the parts "
      "takes what it needs, the only exception).\n")
print("| build | language | 1 thread | 2 threads | 16 threads |")
print("|---|---|---:|---:|---:|")
for b in builds:
    for lang in ("zh", "en"):
        cells = " | ".join(f"{rss[b, lang, t]:.1f} MiB" for t in ("1", "2", "16"))
        print(f"| {label[b]} | {lang} | {cells} |")
print("\n## One-call file start\n")
print("`talkstat-summary one-call.txt` (one call of four turns): instructions under callgrind "
      "(valgrind; the whole process, which a busy host does not disturb) and the wall time "
      "of one start, from 50 in a row. Goal: 5 ms.\n")
print("| build | instructions | wall ms per start |")
print("|---|---:|---:|")
for b in builds:
    n = f"{int(ir[b]) / 1e6:.1f} M" if b in ir else "(no valgrind)"
    print(f"| {label[b]} | {n} | {start[f'{b} one-call file x50'] / 50 * 1000:.1f} |")
PY
cat "$top/bench/RESULTS-manyfiles.md"
