#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# The bootstrap's cost (issue 13 item 5): talkstat-aggregate doing every
# metric with the default 1000 replicates, beside bench/aggregate_py.py
# doing one metric (numpy), over N records of bench/gen_records.py
# (default 26,331) grouped by Org (50 groups).  CPU time from perf stat
# (task-clock, all threads); with COUNT=instructions, instructions from
# callgrind instead (a loaded host does not disturb them; slow).
#   bench/aggregate_boot.sh [N] [BUILD-DIR] [OLD-BUILD-DIR]
# PYTHON3: a python3 with numpy (default python3).
set -eu
py=${PYTHON3:-python3}
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-26331}
build=$(cd "${2:-$top/build}" && pwd)
old=${3:-}
work=$top/bench/work
mkdir -p "$work"
records=$work/records-$n.jsonl
[ -s "$records" ] || python3 "$top/bench/gen_records.py" "$n" >"$records"
export LC_ALL=C TALKSTAT_DATADIR="$top/data"
measure() {
	label=$1 lib=$2; shift 2
	if [ "${COUNT:-}" = instructions ]; then
		LD_LIBRARY_PATH=$lib valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
			>/dev/null 2>"$work/boot.err" </dev/null || { cat "$work/boot.err"; exit 1; }
		v=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/boot.err")
		printf '%-52s %14s instructions\n' "$label" "$v"
	else
		LD_LIBRARY_PATH=$lib perf stat -x, -e task-clock "$@" >/dev/null 2>"$work/boot.err" </dev/null ||
			{ cat "$work/boot.err"; exit 1; }
		v=$(awk -F, '/task-clock/ { printf "%.0f", $1 }' "$work/boot.err")
		printf '%-52s %8s ms CPU\n' "$label" "$v"
	fi
}
echo "records: $n ($records), --by Org"
measure "python3 aggregate_py.py (one metric, numpy)" "" "$py" "$top/bench/aggregate_py.py" "$records" Org
new=$build/src/bin/.libs/talkstat-aggregate newlib=$build/src/lib/.libs
measure "aggregate --by Org (every metric, 1000)" "$newlib" "$new" --by Org --threads 1 "$records"
measure "aggregate --by Org --bootstrap 0" "$newlib" "$new" --by Org --bootstrap 0 "$records"
if [ -n "$old" ]; then
	old=$(cd "$old" && pwd)
	measure "old build: aggregate --by Org (1000)" "$old/src/lib/.libs" \
		"$old/src/bin/.libs/talkstat-aggregate" --by Org "$records"
fi
