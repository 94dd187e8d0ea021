#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""The script a user would write instead of talkstat-aggregate, for one
metric: per call responsiveness (clear replies / pairs), by a metadata
key, with the mean and a percentile bootstrap interval of the mean
(numpy, 1000 replicates).  bench/aggregate_boot.sh times it beside
talkstat-aggregate doing every metric.

aggregate_py.py RECORDS.jsonl KEY [REPLICATES]"""
import json
import sys

import numpy as np

CLEAR = ("answer", "agree")


def main():
    path, key = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    groups = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            by = (rec.get("qa") or {}).get("by_reply") or {}
            pairs = sum(by.values())
            if not pairs:
                continue
            v = sum(by.get(c, 0) for c in CLEAR) / pairs
            groups.setdefault((rec.get("meta") or {}).get(key), []).append(v)
    rng = np.random.default_rng(20240601)
    out = {}
    for k in sorted(groups, key=str):
        x = np.array(groups[k])
        means = x[rng.integers(0, len(x), (reps, len(x)))].mean(axis=1)
        lo, hi = np.quantile(means, [0.025, 0.975])
        out[str(k)] = {"n": len(x), "mean": x.mean(), "lower": lo, "upper": hi}
    json.dump(out, sys.stdout, indent=1)


main()
