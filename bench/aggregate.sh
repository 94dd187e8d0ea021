#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Aggregation benchmark: talkstat-aggregate over N per-call JSON lines
# (default 1,000,000) from bench/gen_records.py; wall time, lines per
# second and peak RSS from /usr/bin/time -v.
#   bench/aggregate.sh [N] [BUILD-DIR]
# Writes bench/work/aggregate-N.txt; the figures go to bench/RESULTS-aggregate.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000000}
build=${2:-$top/build}
work=$top/bench/work
mkdir -p "$work/bin"
records=$work/records-$n.jsonl
[ -s "$records" ] || python3 "$top/bench/gen_records.py" "$n" >"$records"
# a copy of the program, so rebuilding meanwhile does not disturb the runs
cp "$build/src/bin/.libs/talkstat-aggregate" "$work/bin/"
cp -P "$build"/src/lib/.libs/libtalkstat.so* "$work/bin/"
export LD_LIBRARY_PATH="$work/bin" TALKSTAT_DATADIR="$top/data" LC_ALL=C
agg=$work/bin/talkstat-aggregate
out=$work/aggregate-$n.txt
bytes=$(wc -c <"$records")
lines=$(wc -l <"$records")
{
	echo "records: $lines lines, $bytes bytes ($records)"
	echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
} >"$out"

measure() {
	label=$1; shift
	cat "$records" >/dev/null  # warm the page cache
	/usr/bin/time -v "$@" >"$work/last.out" 2>"$work/time.txt" </dev/null || { cat "$work/time.txt"; exit 1; }
	wall=$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time.txt")
	user=$(awk -F': ' '/User time/ { print $2 }' "$work/time.txt")
	sys=$(awk -F': ' '/System time/ { print $2 }' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$work/time.txt")
	rate=$(awk -v l="$lines" -v w="$wall" 'BEGIN { printf "%.0f", l / w }')
	printf '%-44s wall %7.2f s  user %7.2f s  sys %5.2f s  %9s lines/s  peak RSS %8d kB\n' \
		"$label" "$wall" "$user" "$sys" "$rate" "$rss" >>"$out"
}

measure "python3 json.loads per line (parse only)" python3 -c 'import json, sys
for l in open(sys.argv[1], "rb"): json.loads(l)' "$records"
measure "aggregate --by Org --bootstrap 0" "$agg" --by Org --bootstrap 0 "$records"
measure "aggregate (one group) --bootstrap 0" "$agg" --bootstrap 0 "$records"
measure "aggregate --by Org (bootstrap 1000)" "$agg" --by Org "$records"
measure "aggregate --by Org,year --csv --bootstrap 0" "$agg" --by Org,year --csv --bootstrap 0 "$records"
measure "aggregate --by speaker --bootstrap 0" "$agg" --by speaker --bootstrap 0 "$records"
measure "aggregate --by Org --partial" "$agg" --by Org --partial -o "$work/all.part" "$records"
measure "aggregate --merge (the partial above)" "$agg" --merge --bootstrap 0 "$work/all.part"
ls -l "$work/all.part" | awk '{ print "partial file: " $5 " bytes" }' >>"$out"
cat "$out"
