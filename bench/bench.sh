#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Issue 13's table, re-measured in one run: every row a ratio of commands
# that took turns (bench/interleave.py, medians), with its goal and whether
# it is met; rewrites bench/RESULTS.md (written by bench/bench_report.py).
#
#   bench/bench.sh [BUILD_DIR] [MB]       (default: build, 100)
#
# Corpora: ../shared/scripts/gen_corpus.py --mb MB --seed 1 --lang zh|en,
# made once into bench/work/ (kept there for later runs); without ../shared
# a corpus already there is used, and a language without one is left out.
# grep is given the plain phrases of talkstat's own lexicon of the language
# (bench/plain_phrases.py).  The Python baseline rows need
# ../shared/scripts/baseline_py.py and are left out without it.
#
# Environment:
#   RUNS=7      rounds of the main run (after a warm-up round)
#   PY_RUNS=5   rounds of the Python baseline beside talkstat --threads 1
#               (a round of the English baseline takes minutes at 100 MB)
#   SHARED=DIR  the shared folder (default: ../shared beside the source)
#   PYTHON3=P   a python3 with numpy for bench/aggregate_py.py (default: the
#               first of python3 and /usr/bin/python3 that has it; without
#               one the aggregate rows are left out)
#   O2=0        no -O2 build (bench/work/build-O2, made with scripts/build)
#               and no -O3 row
#   NOPGO=0     no build without profile-guided optimisation
#               (bench/work/build-nopgo, scripts/build --disable-pgo) and no
#               row of what it gains; left out too when BUILD_DIR has none
# Needs python3 and /usr/bin/time (Debian: python3 time), valgrind for the
# start's instructions (left out without it).  Not a test: speed is
# measured here, never asserted in the suite.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
mb=${2:-100}
shared=${SHARED:-$top/../shared}/scripts
work=$top/bench/work
mkdir -p "$work"
cd "$work"
export LC_ALL=C.UTF-8
: >notes.txt
note() { echo "$*" >>notes.txt; }
uptime >load-start.txt

# prog BUILD NAME [TOOL...]: the command that runs talkstat-NAME of BUILD
# (under TOOL) without libtool's wrapper script between it and the timer
prog() {
	b=$1 name=$2
	shift 2
	src=$(sed -n 's/^abs_top_srcdir = //p' "$b/Makefile")
	echo "env TALKSTAT_DATADIR=$src/data LD_LIBRARY_PATH=$b/src/lib/.libs $* $b/src/bin/.libs/talkstat-$name"
}
S=$(prog "$build" summary)
D=$(prog "$build" deflect)
A=$(prog "$build" aggregate)

o2=
if [ "${O2:-1}" != 0 ]; then
	if "$top/scripts/build" "$work/build-O2" CFLAGS="-O2 -g" >build-O2.log 2>&1; then
		o2=$(prog "$work/build-O2" summary)
	else
		note "The -O2 build failed (bench/work/build-O2.log): no -O3 row."
	fi
fi

# The gain of profile-guided optimisation (configure.ac): the same build
# without it
pgo=no
! grep -q '^PGO_USE = -fprofile-use' "$build/Makefile" || pgo=yes
nopgo=
if [ "${NOPGO:-1}" != 0 ]; then
	if [ $pgo = no ]; then
		note "$build was built without profile-guided optimisation: no row of what it gains."
	elif "$top/scripts/build" "$work/build-nopgo" --disable-pgo >build-nopgo.log 2>&1; then
		nopgo=$(prog "$work/build-nopgo" summary)
	else
		note "The build without profile-guided optimisation failed (bench/work/build-nopgo.log): no row of what it gains."
	fi
fi

langs=
for lang in zh en; do
	c=$lang$mb.txt
	if [ ! -s "$c" ] && [ -f "$shared/gen_corpus.py" ]; then
		python3 "$shared/gen_corpus.py" --mb "$mb" --seed 1 --lang $lang --out "$c.tmp"
		mv "$c.tmp" "$c"
	fi
	if [ ! -s "$c" ]; then
		note "No $lang corpus ($shared/gen_corpus.py is absent and bench/work/$c was not made before): the $lang rows are left out."
		continue
	fi
	langs="$langs $lang"
	python3 "$top/bench/plain_phrases.py" "$top/data/lexicons/$lang.json" \
		>phrases-$lang.txt 2>phrases-$lang.count
	# Many files: the corpus cut into files of 20 calls at its call headers
	if [ ! -d "$lang$mb.d" ]; then
		rm -rf "$lang$mb.d.tmp" && mkdir "$lang$mb.d.tmp"
		awk -v dir="$lang$mb.d.tmp" '
			/^(第[0-9]+通电话|Call [0-9]+)/ && n++ % 20 == 0 {
				if (f != "") close(f)
				f = sprintf("%s/calls_%05d.txt", dir, n / 20)
			}
			f != "" { print > f }' "$c"
		mv "$lang$mb.d.tmp" "$lang$mb.d"
	fi
done
printf '第1通电话\nA：你好，请问是总工会吗？\nB：是的。\nA：谢谢。\nB：不客气。\n' >one-call.txt

records=records-26331.jsonl
[ -s "$records" ] || python3 "$top/bench/gen_records.py" 26331 >"$records"
py=
for p in ${PYTHON3:-python3 /usr/bin/python3}; do
	if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || note "No python3 with numpy (PYTHON3): the aggregate rows are left out."

# The main run: every command writes its whole output through a pipe (grep
# stops at its first match when its output is /dev/null).
set --
for lang in $langs; do
	c=$lang$mb.txt
	set -- "$@" \
		"$lang summary, 1 thread" "$S --threads 1 --jsonl $c | cat >/dev/null" \
		"$lang summary, all threads" "$S --jsonl $c | cat >/dev/null" \
		"$lang deflect, 1 thread" "$D --threads 1 --jsonl $c | cat >/dev/null" \
		"$lang read+turns+share, 2 threads" \
		"$S --threads 2 --jsonl --sections speakers,turns,events $c | cat >/dev/null" \
		"$lang grep" "grep -c -F -f phrases-$lang.txt $c | cat >/dev/null" \
		"$lang files, 1 thread" "$S --threads 1 --jsonl $lang$mb.d/* | cat >/dev/null" \
		"$lang files, all threads" "$S --jsonl $lang$mb.d/* | cat >/dev/null"
	[ "$lang" != en ] || set -- "$@" \
		"en summary, 1 thread, reply model" \
		"$S --threads 1 --model default --jsonl $c | cat >/dev/null"
	[ -z "$nopgo" ] || set -- "$@" \
		"$lang summary, 1 thread, without PGO" "$nopgo --threads 1 --jsonl $c | cat >/dev/null"
	[ -z "$nopgo" ] || [ "$lang" != en ] || set -- "$@" \
		"en summary, 1 thread, reply model, without PGO" \
		"$nopgo --threads 1 --model default --jsonl $c | cat >/dev/null"
	[ -z "$o2" ] || set -- "$@" \
		"$lang read+turns+share, 1 thread" \
		"$S --threads 1 --jsonl --sections speakers,turns,events $c | cat >/dev/null" \
		"$lang read+turns+share, 1 thread, -O2" \
		"$o2 --threads 1 --jsonl --sections speakers,turns,events $c | cat >/dev/null" \
		"$lang summary, 1 thread, -O2" "$o2 --threads 1 --jsonl $c | cat >/dev/null"
done
set -- "$@" "one-call file x50" "for i in \$(seq 50); do $S one-call.txt >/dev/null; done"
[ -z "$py" ] || set -- "$@" \
	"aggregate, all threads" "$A --by Org $records | cat >/dev/null" \
	"aggregate, 1 thread" "$A --by Org --threads 1 $records | cat >/dev/null" \
	"aggregate_py.py" "$py $top/bench/aggregate_py.py $records Org | cat >/dev/null"
python3 "$top/bench/interleave.py" "${RUNS:-7}" times.json "$@"

# The Python baseline beside talkstat --threads 1, in a run of their own
# for each language (fewer rounds: it is slow).  Not one run for both: a
# round of the English baseline takes minutes at 100 MB, and a host that
# drops files idle that long from its page cache (this one's DAMON reclaim
# pages out what is not touched for a minute) would have talkstat read the
# Chinese corpus from disk after it, and Python not.
rm -f times-py.json times-py-*.json
if [ -f "$shared/baseline_py.py" ]; then
	for lang in $langs; do
		c=$lang$mb.txt
		python3 "$top/bench/interleave.py" "${PY_RUNS:-5}" times-py-$lang.json \
			"$lang baseline_py.py" \
			"python3 $shared/baseline_py.py --lexicon phrases-$lang.txt $c | cat >/dev/null" \
			"$lang summary, 1 thread" "$S --threads 1 --jsonl $c | cat >/dev/null"
	done
	python3 -c 'import json, sys
print(json.dumps({"results": [r for f in sys.argv[1:]
                              for r in json.load(open(f))["results"]]}, indent=1))' \
		times-py-*.json >times-py.json
else
	note "$shared/baseline_py.py is absent: the Python baseline rows are left out."
fi

# Peak RSS, and on the zh corpus ten times over (memory must not grow
# with the input)
: >rss.txt
for lang in $langs; do
	for t in 1 2 16; do
		kib=$(/usr/bin/time -f %M $S --threads $t --jsonl $lang$mb.txt 2>&1 >/dev/null | tail -1)
		echo "$lang $t $kib" >>rss.txt
	done
done
case " $langs " in
*" zh "*)
	# Many files just too small to be read in parts at 16 threads (2 x 128
	# KiB), each thread with one at once, default (indented) output: the
	# highest of five runs, as which files are in memory together varies
	if [ ! -d "zh$mb.d250" ]; then
		rm -rf zh$mb.d250.tmp && mkdir zh$mb.d250.tmp
		LC_ALL=C awk -v dir=zh$mb.d250.tmp '
			/^第[0-9]+通电话/ && (f == "" || size >= 250000) {
				if (f != "") close(f)
				f = sprintf("%s/calls_%05d.txt", dir, ++n)
				size = 0
			}
			f != "" { print > f; size += length($0) + 1 }' "zh$mb.txt"
		mv zh$mb.d250.tmp zh$mb.d250
	fi
	kib=0
	for i in 1 2 3 4 5; do
		k=$(/usr/bin/time -f %M $S --threads 16 zh$mb.d250/* 2>&1 >/dev/null | tail -1)
		[ "$k" -le "$kib" ] || kib=$k
	done
	echo "zh-files250 16 $kib" >>rss.txt
	# Calls of one-character turns, one of about 250 KB a file, 40 files:
	# the most memory a call takes for its bytes, at 16 threads at once
	# (model/call.h, TS_CALLS_BUDGET); the highest of five runs
	if [ ! -d short1 ]; then
		rm -rf short1.tmp && mkdir short1.tmp
		LC_ALL=C awk -v dir=short1.tmp 'BEGIN {
			for (f = 1; f <= 40; f++) {
				p = sprintf("%s/call_%02d.txt", dir, f)
				print "第1通电话 总工会" >p
				for (i = 0; i < 13000; i++)
					print (i % 2 ? "总工会：好。" : "ＣＬＢ：嗯？") >p
				close(p)
			}
		}'
		mv short1.tmp short1
	fi
	kib=0
	for i in 1 2 3 4 5; do
		k=$(/usr/bin/time -f %M $S --threads 16 --jsonl short1/* 2>&1 >/dev/null | tail -1)
		[ "$k" -le "$kib" ] || kib=$k
	done
	echo "zh-short1 16 $kib" >>rss.txt
	# Calls of 500 one-character turns, every other a question, 26 a file
	# of about 250 KB, 40 files: records far larger than their text, which
	# wait for the budget past a limit of their own (run/pipeline.c,
	# RECORDS_LIMIT); with --jsonl and with the default output
	if [ ! -d short500 ]; then
		rm -rf short500.tmp && mkdir short500.tmp
		LC_ALL=C awk -v dir=short500.tmp 'BEGIN {
			for (f = 1; f <= 40; f++) {
				p = sprintf("%s/calls_%02d.txt", dir, f)
				for (c = 1; c <= 26; c++) {
					print "第" c "通电话 总工会" >p
					for (i = 0; i < 500; i++)
						print (i % 2 ? "总工会：好。" : "ＣＬＢ：嗯？") >p
				}
				close(p)
			}
		}'
		mv short500.tmp short500
	fi
	for out in jsonl default; do
		kib=0
		for i in 1 2 3 4 5; do
			if [ $out = jsonl ]; then
				k=$(/usr/bin/time -f %M $S --threads 16 --jsonl short500/* 2>&1 >/dev/null | tail -1)
			else
				k=$(/usr/bin/time -f %M $S --threads 16 short500/* 2>&1 >/dev/null | tail -1)
			fi
			[ "$k" -le "$kib" ] || kib=$k
		done
		echo "zh-short500-$out 16 $kib" >>rss.txt
	done
	big=zh$mb-x10.txt
	[ -s "$big" ] || for i in 1 2 3 4 5 6 7 8 9 10; do cat zh$mb.txt; done >"$big"
	kib=$(/usr/bin/time -f %M $S --jsonl $big 2>&1 >/dev/null | tail -1)
	echo "zh-x10 all $kib" >>rss.txt
	;;
esac

# The start's instructions (a loaded host does not change them)
rm -f start-ir.txt
if command -v valgrind >/dev/null; then
	vg=$(prog "$build" summary valgrind --tool=callgrind --callgrind-out-file=/dev/null)
	$vg one-call.txt 2>&1 >/dev/null | sed -n 's/.*Collected : //p' >start-ir.txt
else
	note "No valgrind: the start's instructions are left out."
fi

uptime >load-end.txt
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ] ||
	commit="$commit (with uncommitted changes)"
export BENCH_MB=$mb BENCH_COMMIT=$commit BENCH_RUNS=${RUNS:-7} BENCH_PY_RUNS=${PY_RUNS:-5} \
	BENCH_CFLAGS="$(sed -n 's/^CFLAGS = //p' "$build/Makefile")" \
	BENCH_PGO=$pgo
python3 "$top/bench/bench_report.py" "$work" >"$top/bench/RESULTS.md.tmp"
mv "$top/bench/RESULTS.md.tmp" "$top/bench/RESULTS.md"
cat "$top/bench/RESULTS.md"
