#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Speed of the reply model (docs/qa.md, "The reply model") beside the rules:
# talkstat-qa --threads 1 with and without --model default over two corpora,
# pairs per second of CPU time (user + system: the host is shared, and its
# wall clock drifts), the median of ROUNDS rounds that take turns; writes
# bench/RESULTS-model.md.
#   bench/model.sh [BUILD_DIR] [ROUNDS]
# Corpora: the vendored QEvasion sample (fixtures/qevasion: 129 pairs of
# long answers, 1,580 characters on average) as calls of one question and
# its answer, 20 times over; the three English briefings of fixtures/en, 20
# times over.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
qa=$build/src/bin/talkstat-qa
python3 - "$top/fixtures/qevasion/sample.jsonl" >"$work/qevasion.txt" <<'PY'
import json, sys
pairs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
for k in range(20):
    for i, r in enumerate(pairs):
        q, a = (" ".join(r[x].split()) for x in ("question", "reply"))
        print(f"@Call: pair {k}.{i + 1}\nQ: {q}\nA: {a}\n")
PY
for k in $(seq 20); do cat "$top"/fixtures/en/briefing-*.txt; echo; done >"$work/briefings.txt"
cpu() {  # cpu SECONDS-FILE COMMAND...: user + system seconds of the command
	out=$1; shift
	/usr/bin/time -f '%U %S' -o "$out.t" "$@" >/dev/null
	awk '{print $1 + $2}' "$out.t" >>"$out"
}
for corpus in qevasion briefings; do
	case $corpus in
	qevasion) args="--speakers Q,A --caller Q" ;;
	briefings) args="--caller Q" ;;
	esac
	# shellcheck disable=SC2086
	"$qa" --threads 1 --jsonl $args "$work/$corpus.txt" >"$work/$corpus.jsonl"
	pairs=$(python3 -c 'import json, sys; print(sum(len(json.loads(l)["qa"]["pairs"]) for l in open(sys.argv[1])))' "$work/$corpus.jsonl")
	echo "$pairs" >"$work/$corpus.pairs"
	for r in $(seq "$rounds"); do
		# shellcheck disable=SC2086
		cpu "$work/$corpus.rules" "$qa" --threads 1 --jsonl $args "$work/$corpus.txt"
		# shellcheck disable=SC2086
		cpu "$work/$corpus.model" "$qa" --threads 1 --jsonl --model default $args "$work/$corpus.txt"
	done
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
{
	echo "# The reply model beside the rules"
	echo
	echo "\`bench/model.sh\` on $(date -u +%Y-%m-%d), $(uname -m), $(nproc) processors (shared);"
	echo "talkstat-qa --threads 1, CPU seconds (user + system), median of $rounds rounds."
	echo
	echo "| corpus | pairs | rules s | rules pairs/s | model s | model pairs/s |"
	echo "|---|---:|---:|---:|---:|---:|"
	for corpus in qevasion briefings; do
		p=$(cat "$work/$corpus.pairs")
		a=$(median "$work/$corpus.rules")
		b=$(median "$work/$corpus.model")
		echo "| $corpus | $p | $a | $(awk -v p="$p" -v s="$a" 'BEGIN {printf "%.0f", p / s}') | $b | $(awk -v p="$p" -v s="$b" 'BEGIN {printf "%.0f", p / s}') |"
	done
	echo
	echo "The whole run (reading, questions, deflections, rules, JSON) counts in both"
	echo "columns; the model's own cost is the difference."
} >"$top/bench/RESULTS-model.md"
cat "$top/bench/RESULTS-model.md"
