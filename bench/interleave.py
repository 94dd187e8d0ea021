#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Time shell commands that take turns, round after round, so that a machine
whose speed drifts (a shared host) slows them alike, in the opposite order
every other round so that none always follows the same one; write each
one's median to a JSON file shaped like hyperfine's export, with the median
CPU time (user + system of the command and all it started) beside the wall
time: a loaded host stretches the wall time more than the CPU time.

    interleave.py RUNS OUT.json NAME COMMAND [NAME COMMAND ...]

Round 0 is a warm-up (page cache) and is not counted."""
import json
import resource
import statistics
import subprocess
import sys
import time


def main():
    runs, out, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    cmds = list(zip(args[0::2], args[1::2]))
    times = {name: [] for name, _ in cmds}
    cpu = {name: [] for name, _ in cmds}
    for r in range(runs + 1):
        for name, cmd in (cmds if r % 2 == 0 else cmds[::-1]):
            u = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(["sh", "-c", cmd], check=True)
            if r:
                times[name].append(time.perf_counter() - t)
                v = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(v.ru_utime + v.ru_stime - u.ru_utime - u.ru_stime)
    results = [{"command": n, "median": statistics.median(t), "times": t,
                "cpu_median": statistics.median(cpu[n])}
               for n, t in times.items()]
    with open(out, "w") as f:
        json.dump({"results": results}, f, indent=1)


main()
