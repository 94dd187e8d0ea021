#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Two builds of talkstat side by side in one run: every command of each,
# taking turns round after round (bench/interleave.py), with peak RSS;
# the ratio of the new build's median time to the old's.  For changes that
# should cost nothing (a refactoring): write bench/RESULTS-compare.md.
#
#   bench/compare.sh OLD_BUILD_DIR NEW_BUILD_DIR [MB]      (default MB: 50)
#
# COUNT=instructions runs each command once under callgrind instead and
# writes bench/RESULTS-compare-instructions.md: the instructions each
# build executes, which a noisy host does not disturb (give a small MB: 2),
# and each one's peak RSS (the median of five runs), which a noisy host
# does not disturb either.
#
# Each build reads the data files of its own source tree.  Needs python3
# and /usr/bin/time (Debian: python3 time); the corpora come from
# ../shared/scripts/gen_corpus.py into bench/work/.  Not a test.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$1" && pwd) new=$(cd "$2" && pwd)
mb=${3:-50}
shared=$top/../shared/scripts
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export LC_ALL=C.UTF-8
srcdir() { sed -n 's/^abs_top_srcdir = //p' "$1/Makefile"; }
zh=zh$mb.txt en=en$((mb / 2)).txt
[ -f "$zh" ] || python3 "$shared/gen_corpus.py" --mb "$mb" --seed 1 --out "$zh"
[ -f "$en" ] || python3 "$shared/gen_corpus.py" --mb $((mb / 2)) --seed 1 --lang en --out "$en"

# name: command, with BIN for the build's programs
set -- \
	"summary of the reference transcript" "BIN/talkstat-summary $top/fixtures/anyang-calls.txt" \
	"summary zh" "BIN/talkstat-summary --jsonl $zh" \
	"summary zh, 1 thread" "BIN/talkstat-summary --jsonl --threads 1 $zh" \
	"summary en, 1 thread" "BIN/talkstat-summary --jsonl --threads 1 $en" \
	"read+turns+share zh" "BIN/talkstat-summary --jsonl --sections speakers,turns,events $zh" \
	"deflect zh, 1 thread" "BIN/talkstat-deflect --jsonl --threads 1 $zh" \
	"aggregate transcripts" "BIN/talkstat-aggregate --by Org --bootstrap 200 $zh" \
	"aggregate jsonl" "BIN/talkstat-aggregate --by Org --bootstrap 200 calls-$mb.jsonl"
[ -f "calls-$mb.jsonl" ] || TALKSTAT_DATADIR=$(srcdir "$old")/data "$old/src/bin/talkstat-summary" \
	--jsonl "$zh" >"calls-$mb.jsonl"

commit() { git -C "$(srcdir "$1")" rev-parse --short HEAD 2>/dev/null || echo "no git"; }

if [ "${COUNT:-time}" = instructions ]; then
	out=$top/bench/RESULTS-compare-instructions.md
	{
		echo "# Two builds side by side: instructions"
		echo
		echo "\`COUNT=instructions bench/compare.sh OLD NEW $mb\`: each command once under"
		echo "callgrind (instructions executed, the whole process) and peak RSS"
		echo "(\`/usr/bin/time -f %M\`, the median of five runs, without callgrind);"
		echo "corpora as in RESULTS-compare.md at $mb MB.  Old: \`$old ($(commit "$old"))\`;"
		echo "new: \`$new ($(commit "$new"))\`."
		echo
		echo "| command | old | new | new / old | old RSS KiB | new RSS KiB | new / old |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
		while [ $# -gt 0 ]; do
			row="| $1"
			for side in old new; do
				eval "b=\$$side"
				c=$(printf '%s' "$2" | sed "s#BIN/#$b/libtool --mode=execute valgrind --tool=callgrind --callgrind-out-file=/dev/null $b/src/bin/#")
				n=$(sh -c "TALKSTAT_DATADIR=$(srcdir "$b")/data $c 2>&1 >/dev/null" |
					sed -n 's/.*Collected : //p')
				row="$row | $n"
				eval "n_$side=$n"
				c=$(printf '%s' "$2" | sed "s#BIN/#$b/libtool --mode=execute /usr/bin/time -f %M $b/src/bin/#")
				r=$(for i in 1 2 3 4 5; do
					sh -c "TALKSTAT_DATADIR=$(srcdir "$b")/data $c 2>&1 >/dev/null" | tail -n 1
				done | sort -n | sed -n 3p)
				eval "r_$side=$r"
			done
			row="$row | $(echo "$n_new $n_old" | awk '{printf "%.3f", $1 / $2}')"
			echo "$row | $r_old | $r_new | $(echo "$r_new $r_old" | awk '{printf "%.3f", $1 / $2}') |"
			shift 2
		done
	} >"$out"
	cat "$out"
	exit 0
fi

cmds=
rows=
while [ $# -gt 0 ]; do
	for side in old new; do
		eval "b=\$$side"
		d=$(srcdir "$b")/data
		c=$(printf '%s' "$2" | sed "s#BIN#$b/src/bin#g")
		cmds="$cmds \"$1 ($side)\" \"TALKSTAT_DATADIR=$d $c | cat >/dev/null\""
		# peak RSS: the median of three runs (a single one varies by 0.2 MiB)
		rss=$(for r in 1 2 3; do
			/usr/bin/time -f %M sh -c "TALKSTAT_DATADIR=$d $c >/dev/null" 2>&1 | tail -1
		done | sort -n | sed -n 2p)
		rows="$rows$1|$side|$rss
"
	done
	shift 2
done
eval "python3 '$top/bench/interleave.py' ${RUNS:-5} compare.json $cmds"
printf '%s' "$rows" >compare-rss.txt
python3 - "$mb" "$old ($(commit "$old"))" "$new ($(commit "$new"))" "${RUNS:-5}" <<'PY' >"$top/bench/RESULTS-compare.md"
import json, statistics, sys
mb, old, new, runs = sys.argv[1:]
res = json.load(open("compare.json"))["results"]
t = {r["command"]: r["median"] for r in res}
times = {r["command"]: r["times"] for r in res}
rss = {}
for line in open("compare-rss.txt"):
    name, side, kb = line.rstrip("\n").split("|")
    rss[(name, side)] = int(kb) / 1024
names = []
for k in t:
    n = k.rsplit(" (", 1)[0]
    if n not in names:
        names.append(n)
print("# Two builds side by side\n")
print(f"`bench/compare.sh OLD NEW {mb}`: corpora `gen_corpus.py --mb {mb} --seed 1` (Chinese) "
      f"and `--mb {int(mb) // 2} --lang en` (English); the commands of both builds take turns "
      f"for {runs} rounds after a warm-up (in the opposite order every other round), medians "
      "given; ratio = new / old (below 1: the new "
      "build is faster); paired = the median of each round's new / old, which a host "
      "whose speed drifts disturbs less.\n")
print(f"Old: `{old}`; new: `{new}` (build folder and the commit of its source).\n")
print("| command | old s | new s | new / old | paired | old RSS | new RSS |")
print("|---|---:|---:|---:|---:|---:|---:|")
for n in names:
    o, w = t[f"{n} (old)"], t[f"{n} (new)"]
    paired = statistics.median(b / a for a, b in zip(times[f"{n} (old)"], times[f"{n} (new)"]))
    print(f"| {n} | {o:.3f} | {w:.3f} | {w / o:.2f} | {paired:.2f} | {rss[(n, 'old')]:.1f} MiB | "
          f"{rss[(n, 'new')]:.1f} MiB |")
PY
cat "$top/bench/RESULTS-compare.md"
