#!/bin/sh
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
# Time each reader per MB beside the labelled-text reader, in one run, on
# the same conversation written in each format (text, CHAT, ConvoKit, HTML,
# WebVTT, SubRip, NIST STM, RTTM); write bench/RESULTS-readers.md.
#
#   bench/readers.sh [BUILD_DIR] [MB]       (default: build, 20)
#   COUNT=instructions bench/readers.sh [BUILD_DIR] [MB]
#
# COUNT=instructions runs each command once under callgrind instead (the
# instructions of the whole process, steady on a loaded machine) and writes
# bench/RESULTS-readers-instructions.md: instructions per MB of input.
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
[ -f "readers$mb.rttm" ] || python3 "$top/bench/gen_formats.py" --mb "$mb" --seed 1 --out "readers$mb"
cmd="$bin/talkstat-summary --threads 1 --jsonl --sections speakers,turns,events"
# libxml2's HTML parser alone over the HTML file (bench/html_floor.c): the
# least the HTML reader can cost, a row of its own
make -C "$build" bench/html_floor >/dev/null
floor="$build/bench/html_floor readers$mb.html"
# reader, file: one row each
rows="text:readers$mb.txt chat:readers$mb.cha convokit:readers$mb.jsonl html:readers$mb.html
	vtt:readers$mb.vtt srt:readers$mb.srt stm:readers$mb.stm rttm:readers$mb.rttm"

if [ "${COUNT:-time}" = instructions ]; then
	out=$top/bench/RESULTS-readers-instructions.md
	{
		echo "# Readers per MB: instructions"
		echo
		echo "\`COUNT=instructions bench/readers.sh BUILD $mb\`: each file of \`bench/gen_formats.py --mb $mb"
		echo "--seed 1\` read once under callgrind by \`talkstat-summary --threads 1 --jsonl --sections"
		echo "speakers,turns,events\` (instructions executed by the whole process, start-up included);"
		echo "build at \`$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo 'no git')\`."
		echo
		echo "| reader | file | MB | instructions | per MB | per MB, vs text |"
		echo "|---|---|---:|---:|---:|---:|"
		base=
		for row in $rows; do
			name=${row%%:*}
			f=${row#*:}
			n=$("$build/libtool" --mode=execute valgrind --tool=callgrind --callgrind-out-file=/dev/null \
				"$bin/talkstat-summary" --threads 1 --jsonl --sections speakers,turns,events "$f" \
				2>&1 >/dev/null | sed -n 's/.*Collected : //p' | tr -d ,)
			size=$(wc -c <"$f")
			per=$(echo "$n $size" | awk '{printf "%.0f", $1 / ($2 / 1e6)}')
			[ -n "$base" ] || base=$per
			echo "| $name | \`$f\` | $(echo "$size" | awk '{printf "%.1f", $1 / 1e6}') | $n | $per | $(echo "$per $base" | awk '{printf "%.2f", $1 / $2}') |"
		done
		f=readers$mb.html
		n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $floor 2>&1 >/dev/null |
			sed -n 's/.*Collected : //p' | tr -d ,)
		size=$(wc -c <"$f")
		per=$(echo "$n $size" | awk '{printf "%.0f", $1 / ($2 / 1e6)}')
		echo "| libxml2 alone (\`bench/html_floor\`) | \`$f\` | $(echo "$size" | awk '{printf "%.1f", $1 / 1e6}') | $n | $per | $(echo "$per $base" | awk '{printf "%.2f", $1 / $2}') |"
		echo
		echo "The HTML reader is libxml2's parser over the page and then the labelled-text"
		echo "reader over the lines it gives: per MB it costs the text reader's work on"
		echo "the page's words plus the parse.  The parse alone (\`bench/html_floor\`: the"
		echo "push parser with the reader's options, callbacks that only count, the whole"
		echo "process) costs more per MB than the whole text reader, so no HTML reader over"
		echo "libxml2's HTML parser can read as fast per MB as the text reader.  The RTTM"
		echo "file has no words: its rows are short, and each is a segment that turns and"
		echo "timing analyse."
	} >"$out"
	cat "$out"
	exit 0
fi

python3 "$top/bench/interleave.py" "${RUNS:-7}" times-readers.json \
	"text" "$cmd readers$mb.txt | cat >/dev/null" \
	"chat" "$cmd readers$mb.cha | cat >/dev/null" \
	"convokit" "$cmd readers$mb.jsonl | cat >/dev/null" \
	"html" "$cmd readers$mb.html | cat >/dev/null" \
	"libxml2 alone" "$floor | cat >/dev/null" \
	"vtt" "$cmd readers$mb.vtt | cat >/dev/null" \
	"srt" "$cmd readers$mb.srt | cat >/dev/null" \
	"stm" "$cmd readers$mb.stm | cat >/dev/null" \
	"rttm" "$cmd readers$mb.rttm | cat >/dev/null"

# peak RSS of each reader's command, once (libtool runs the program itself,
# not through its wrapper script)
: >rss-readers.txt
for row in $rows; do
	name=${row%%:*}
	kib=$("$build/libtool" --mode=execute /usr/bin/time -f %M $cmd "${row#*:}" 2>&1 >/dev/null | tail -1)
	echo "$name $kib" >>rss-readers.txt
done

python3 - "$mb" "${RUNS:-7}" <<'PY' >"$top/bench/RESULTS-readers.md"
import json, os, platform, subprocess, sys
mb, rounds = sys.argv[1], sys.argv[2]
res = {r["command"]: r for r in json.load(open("times-readers.json"))["results"]}
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print("# Readers per MB\n")
print(f"One generated English conversation (`bench/gen_formats.py --mb {mb} --seed 1`: "
      "two speakers, one call) written in each format; each file is read by "
      "`talkstat-summary --threads 1 --jsonl --sections speakers,turns,events`. "
      f"Machine: {cpu}, {platform.machine()}; one run of `bench/readers.sh`: the commands "
      f"take turns for {rounds} rounds after a warm-up round, and each one's median is given.\n")
rss = dict(line.split() for line in open("rss-readers.txt"))
print("| reader | file | MB | median s | MB/s | vs text | peak RSS MiB |")
print("|---|---|---:|---:|---:|---:|---:|")
ext = {"text": "txt", "chat": "cha", "convokit": "jsonl", "html": "html", "vtt": "vtt",
       "srt": "srt", "stm": "stm", "rttm": "rttm"}
base = None
for name in ext:
    f = f"readers{mb}.{ext[name]}"
    size = os.path.getsize(f) / 1e6
    s = res[name]["median"]
    rate = size / s
    base = base or rate
    print(f"| {name} | `{f}` | {size:.1f} | {s:.3f} | {rate:.1f} | {rate / base:.2f} | "
          f"{int(rss[name]) / 1024:.1f} |")
    if name == "html":
        s = res["libxml2 alone"]["median"]
        print(f"| libxml2 alone (`bench/html_floor`) | `{f}` | {size:.1f} | {s:.3f} | "
              f"{size / s:.1f} | {size / s / base:.2f} | |")
print("\nThe \"libxml2 alone\" row is libxml2's HTML parser over the HTML file and "
      "nothing else (`bench/html_floor`: the push parser with the HTML reader's options, "
      "SAX callbacks that only count): the least the HTML reader can cost, as it is that "
      "parse and then the labelled-text reader over the lines the parse gives. It is "
      "slower per MB than the whole text reader, so an HTML reader on libxml2's parser "
      "cannot be as fast per MB as the text reader.")
print("\nThe CHAT file has a media bullet on every main tier and no dependent tiers "
      "(%mor, %gra), which the reader skips: with them a file has more bytes per word "
      "and reads faster per MB than this. The ConvoKit file repeats its keys and ids "
      "on every line and the HTML file its tags on every paragraph: both have more bytes "
      "per word than the text, which reads the same words.")
# RTTM has no words: a row is a turn, shorter than a line of the text
rows = {k: sum(1 for _ in open(f"readers{mb}.{k}", "rb")) for k in ("txt", "rttm")}
per = {k: res[n]["median"] / rows[k] * 1e6 for k, n in (("txt", "text"), ("rttm", "rttm"))}
size = {k: os.path.getsize(f"readers{mb}.{k}") / rows[k] for k in rows}
print(f"\nThe RTTM file has a row for each turn, {size['rttm']:.0f} bytes a turn where the "
      f"text has a line of {size['txt']:.0f}: per turn it took {per['rttm']:.2f} µs and the "
      f"text {per['txt']:.2f}, so its MB/s compares fewer turns of the text's. On a shared "
      "host one run's ratios move by a tenth and more from run to run: 40 to 50% of each "
      "command's time is the system's, mostly page faults, as the file is one call held "
      "in memory whole.")
PY
cat "$top/bench/RESULTS-readers.md"
