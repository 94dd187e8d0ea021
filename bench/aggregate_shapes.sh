#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Aggregation of call records of extreme shapes, two builds side by side:
# one call of 40,000 speakers (by call and by speaker) and one call whose
# record is a single line of about 45 MB (a long call's question-reply
# pairs).  Time and peak RSS of each command, run in turn, best of RUNS
# (default 3); writes bench/RESULTS-aggregate-shapes.md.
#
#   bench/aggregate_shapes.sh OLD_BUILD_DIR NEW_BUILD_DIR
#
# Needs python3 and /usr/bin/time (Debian: python3 time).  Not a test.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$1" && pwd) new=$(cd "$2" && pwd)
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export LC_ALL=C.UTF-8
srcdir() { sed -n 's/^abs_top_srcdir = //p' "$1/Makefile"; }
commit() { git -C "$(srcdir "$1")" rev-parse --short HEAD 2>/dev/null || echo "no git"; }
[ -f speakers40k.jsonl ] || awk 'BEGIN { n = 40000; printf "{\"call\":1,\"speakers\":["
	for (i = 0; i < n; i++) printf "%s{\"speaker\":\"S%d\",\"role\":\"%s\",\"turns\":1,\"length\":2}", i ? "," : "", i, i ? "respondent" : "caller"
	printf "],\"deflections\":{\"total\":%d,\"by_speaker\":{", n
	for (i = 0; i < n; i++) printf "%s\"S%d\":{\"total\":1}", i ? "," : "", i
	printf "}},\"qa\":{\"questions\":{\"total\":%d,\"by_speaker\":{", n
	for (i = 0; i < n; i++) printf "%s\"S%d\":1", i ? "," : "", i
	printf "}}}}\n" }' >speakers40k.jsonl
[ -f longcall.jsonl ] || python3 - <<'PY'
with open("longcall.jsonl", "w") as f:
    f.write('{"call":1,"speakers":[{"speaker":"A","role":"caller","turns":1,"length":4},'
            '{"speaker":"B","role":"respondent","turns":1,"length":6}],"qa":{"pairs":[')
    pair = ('{"question":"Q %06d: was the union at the factory consulted at all?",'
            '"class":"ignorance","clarity":"ambivalent","line":%d,"col":1}')
    f.write(",".join(pair % (i, i) for i in range(450000)))
    f.write('],"questions":{"total":2},"by_reply":{"answer":1,"ignorance":1}}}\n')
PY
set -- \
	"40,000 speakers, by call" "BIN/talkstat-aggregate --bootstrap 0 speakers40k.jsonl" \
	"40,000 speakers, by speaker" "BIN/talkstat-aggregate --bootstrap 0 --by speaker speakers40k.jsonl" \
	"one record of $(($(wc -c <longcall.jsonl) / 1000000)) MB" "BIN/talkstat-aggregate --bootstrap 0 longcall.jsonl"
out=$top/bench/RESULTS-aggregate-shapes.md
{
	echo "# Aggregating records of extreme shapes"
	echo
	echo "\`bench/aggregate_shapes.sh OLD NEW\`: best of ${RUNS:-3} runs of each command (the builds in"
	echo "turn), peak RSS by /usr/bin/time.  Old: \`$old ($(commit "$old"))\`; new: \`$new ($(commit "$new"))\`."
	echo
	echo "| input | old s | new s | new / old | old RSS | new RSS |"
	echo "|---|---:|---:|---:|---:|---:|"
	while [ $# -gt 0 ]; do
		for side in old new; do
			eval "b=\$$side"
			c=$(printf '%s' "$2" | sed "s#BIN#$b/src/bin#g")
			best=
			for r in $(seq "${RUNS:-3}"); do
				m=$(/usr/bin/time -f '%e %M' sh -c "TALKSTAT_DATADIR=$(srcdir "$b")/data $c >/dev/null" 2>&1 | tail -1)
				best=$(printf '%s\n%s\n' "$best" "$m" | awk 'NF { if (!s || $1 < s) { s = $1; k = $2 } } END { print s, k }')
			done
			eval "r_$side=\$best"
		done
		echo "$r_old $r_new" | awk -v name="$1" '{ printf "| %s | %.2f | %.2f | %.3f | %.1f MiB | %.1f MiB |\n", name, $1, $3, ($1 > 0 ? $3 / $1 : 0), $2 / 1024, $4 / 1024 }'
		shift 2
	done
} >"$out"
cat "$out"
