#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Independent check of talkstat-aggregate (tests/golden/aggregate.test).

aggregate_check.py RECORDS.jsonl OUTPUT.json KEY[,KEY] [MODEL]

Recomputes every per-call (or per-side) observation from the call records
as docs/aggregate.md defines them, then the statistics with Python's
statistics module and scipy, and compares them with talkstat's output:
mean, sd (statistics.stdev), quartiles (statistics.quantiles, method
"inclusive", which is GSL's and R's type 7), min, max; pooled rates with
a Wilson interval found by inverting the score test numerically
(scipy.optimize.brentq, not the closed form), and the headline interval
with calls as clusters: the ratio estimator's residuals per call, the
design effect, Korn & Graubard's effective sample size with the t
quantile (scipy.stats.t), and that Wilson inversion at it; chi-square tests with
scipy.stats.chi2_contingency(correction=False).  Bootstrap intervals are
random: checked only to contain the mean and lie within [min, max].
With MODEL (the reply model file given to --model), the adjusted
responsiveness too: sensitivity and specificity of "clear reply" from the
file's cv-confusion rows, the Rogan-Gladen point, and the interval by a
Monte Carlo of its own (numpy's generator, 200,000 replicates: the
observed share drawn from a normal with the between-call variance, each
gold row of the matrix from a binomial); the two percentile intervals
differ by Monte Carlo error only, so a bound must agree within four
standard errors of the two quantile estimates, each sqrt(a(1-a)/B) / f
with the density f at the quantile estimated from the replicates
(a shift of 0.01 in a, either side).
Exit 0 when everything agrees, 1 with the differences."""
import json
import math
import statistics
import sys

from scipy import stats

from rate_intervals import cluster_interval, cluster_variance, wilson

CATS = ["referral", "ignorance", "deferral", "noncommittal", "procedural", "refusal"]
REPLIES = ["answer", "partial", "referral", "ignorance", "deferral", "noncommittal",
           "procedural", "refusal", "backchannel", "agree", "counter_question", "no_response"]
CLARITY = {"answer": "clear_reply", "agree": "clear_reply", "partial": "ambivalent",
           "referral": "ambivalent", "deferral": "ambivalent", "noncommittal": "ambivalent"}
CLASSES = ["clear_reply", "ambivalent", "clear_non_reply"]

records_path, output_path, by = sys.argv[1], sys.argv[2], sys.argv[3]
model_path = sys.argv[4] if len(sys.argv) > 4 else None
keys = [k for k in by.split(",") if k]
side_mode = "role" in keys or "speaker" in keys
records = [json.loads(l) for l in open(records_path, encoding="utf-8") if l.strip()]
# Lengths and rates per 1,000 units are in characters or in words: with no
# key that tells them apart and calls in more than one unit (or some
# without one), the unit is a key of its own (docs/aggregate.md).
if not {"language", "unit"} & set(keys) and len({r.get("unit") for r in records}) > 1:
    keys.append("unit")
out = json.load(open(output_path, encoding="utf-8"))
problems = []


def side(rec, members):
    """Side metrics of the speakers in `members` (docs/aggregate.md)."""
    sp = rec.get("speakers")
    if sp is None or not members:
        return {}
    turns = sum(s["turns"] for s in members)
    m = {"turns": turns, "seconds": sum(s["seconds"] for s in members)}
    # time figures (timed calls): sums, missing when a member lacks them
    for k in ("share_of_call", "overlap_seconds", "overlaps"):
        if all(s.get(k) is not None for s in members):
            m[k] = sum(s[k] for s in members)
    if any(s["length"] is None for s in sp):
        return m  # a call without text (RTTM): its text figures are null
    total_len = sum(s["length"] for s in sp)
    length = sum(s["length"] for s in members)
    m.update({"length": length,
              "longest_turn": max(s["longest_turn"] for s in members),
              "longest_monologue": max(s["longest_monologue"] for s in members),
              "backchannels": sum(s["backchannels"] for s in members)})
    if total_len > 0:
        m["share_of_speech"] = length / total_len
    if turns > 0:
        m["mean_turn_length"] = length / turns
    d = rec.get("deflections")
    if d is not None:
        by = [d["by_speaker"].get(s["speaker"], {}) for s in members]
        tot = sum(b.get("total", 0) for b in by)
        m["deflections.total"] = tot
        if length > 0:
            m["deflections.per_1000"] = tot * 1000 / length
        for c in CATS:
            n = sum(b.get("by_category", {}).get(c, 0) for b in by)
            m["deflections." + c] = n
            if length > 0:
                m["deflections.per_1000." + c] = n * 1000 / length
    q = rec.get("qa")
    if q is not None:
        m["qa.questions"] = sum(q["questions"]["by_speaker"].get(s["speaker"], 0) for s in members)
    return m


def call_level(rec):
    m, r = {}, {}
    sp = rec.get("speakers")
    if sp is not None:
        m["speakers"] = len(sp)
        if all(s["length"] is not None for s in sp):
            m["length"] = sum(s["length"] for s in sp)
        m["seconds"] = sum(s["seconds"] for s in sp)
    if "turns" in rec:
        m["turns.total"] = rec["turns"]["total"]
        m["turns.switches"] = rec["turns"]["switches"]
    if "events" in rec:
        m["events.hangup"] = sum(1 for e in rec["events"] if e["kind"] == "hangup")
    d = rec.get("deflections")
    if d is not None:
        m["deflections.total"] = d["total"]
        for c in CATS:
            m["deflections." + c] = d["by_category"].get(c, 0)
        m["deflections.hangups"] = d["hangups"]
    q = rec.get("qa")
    if q is not None:
        reply = {k: q["by_reply"].get(k, 0) for k in REPLIES}
        pairs = sum(reply.values())
        clar = {c: sum(v for k, v in reply.items() if CLARITY.get(k, "clear_non_reply") == c)
                for c in CLASSES}
        deflected = sum(reply[k] for k in CATS)
        m["qa.questions"] = q["questions"]["total"]
        m["qa.marked"] = q["questions"]["marked"]
        m["qa.pairs"] = pairs
        if pairs:
            m["qa.responsiveness"] = clar["clear_reply"] / pairs
            m["qa.deflected_share"] = deflected / pairs
        m["qa.reasks"] = q["reasks"]
        r["qa.responsiveness"] = (clar["clear_reply"], pairs)
        r["qa.deflected_share"] = (deflected, pairs)
        for k in REPLIES:
            r["qa.reply." + k] = (reply[k], pairs)
        for c in CLASSES:
            r["qa.clarity." + c] = (clar[c], pairs)
        r["qa.reasks"] = (q["reasks"], pairs)
        r["qa.marked"] = (q["questions"]["marked"], q["questions"]["total"])
    return m, r


RESPONDENT = {"deflections.hangups", "qa.pairs", "qa.responsiveness", "qa.deflected_share"}
CALLER = {"qa.reasks"}


def key_of(rec, role=None, speaker=None):
    meta = rec.get("meta", {})
    k = []
    for name in keys:
        if name == "role":
            k.append(role)
        elif name == "speaker":
            k.append(speaker)
        elif name in ("source", "language", "unit"):
            k.append(rec.get(name))
        elif name in ("year", "month"):
            d = meta.get("Date")
            k.append(None if d is None else d[:4] if name == "year" else d[:7])
        else:
            k.append(meta.get(name.lstrip("@")))
    return tuple(k)


groups = {}


def group(k):
    return groups.setdefault(k, {"values": {}, "rates": {}})


def add(k, metrics, rates):
    g = group(k)
    for name, v in metrics.items():
        g["values"].setdefault(name, []).append(v)
    for name, (a, b) in rates.items():
        x = g["rates"].setdefault(name, [0, 0, 0])
        x[0] += a
        x[1] += b
        x[2] += 1
        g.setdefault("calls", {}).setdefault(name, []).append((a, b))


for rec in records:
    m, r = call_level(rec)
    sp = rec.get("speakers") or []
    if not side_mode:
        mm = dict(m)
        for role in ("caller", "respondent"):
            for name, v in side(rec, [s for s in sp if s["role"] == role]).items():
                mm[role + "." + name] = v
        add(key_of(rec), mm, r)
        continue
    units = []
    if "speaker" in keys:
        seen = set()
        for s in sp:
            if s["speaker"] not in seen:
                seen.add(s["speaker"])
                units.append((s["role"], s["speaker"], [s]))
    else:
        for role in ("caller", "respondent"):
            members = [s for s in sp if s["role"] == role]
            if members:
                units.append((role, None, members))
    for role, speaker, members in units:
        mm = side(rec, members)
        own = RESPONDENT if role == "respondent" else CALLER
        mm.update({k: v for k, v in m.items() if k in own})
        rr = {k: v for k, v in r.items()
              if (k == "qa.reasks") == (role == "caller") and k != "qa.marked"}
        add(key_of(rec, role, speaker), mm, rr)


def close(a, b, rel=1e-9, tol=1.5e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol + rel * abs(a)


out_groups = {tuple(g["key"].get(k.lstrip("@")) for k in keys): g for g in out["groups"]}
if set(out_groups) != set(groups):
    problems.append("groups: talkstat %s, python %s" % (sorted(map(str, out_groups)), sorted(map(str, groups))))

reported = set()
for g in groups.values():
    reported |= set(g["values"])
for k, g in groups.items():
    og = out_groups.get(k)
    if og is None:
        continue
    if set(og["metrics"]) != reported:
        problems.append("%s: metrics differ: only talkstat %s, only python %s" % (
            k, sorted(set(og["metrics"]) - reported), sorted(reported - set(og["metrics"]))))
    for name in reported:
        v = sorted(g["values"].get(name, []))
        o = og["metrics"].get(name)
        if o is None:
            continue
        n = len(v)
        want = {"n": n, "mean": statistics.mean(v) if n else None,
                "sd": statistics.stdev(v) if n > 1 else None,
                "min": v[0] if n else None, "max": v[-1] if n else None}
        if n > 1:
            want["q1"], want["median"], want["q3"] = statistics.quantiles(v, n=4, method="inclusive")
        else:
            want["q1"] = want["median"] = want["q3"] = v[0] if n else None
        for f, w in want.items():
            if not close(w, o[f]):
                problems.append("%s %s %s: talkstat %s, python %s" % (k, name, f, o[f], w))
        lo, hi = o["mean_ci"]["lower"], o["mean_ci"]["upper"]
        if n < 2:
            if lo is not None or hi is not None:
                problems.append("%s %s: an interval for n = %d" % (k, name, n))
        elif not (v[0] - 1e-6 <= lo <= o["mean"] + 1e-6 and o["mean"] - 1e-6 <= hi <= v[-1] + 1e-6):
            problems.append("%s %s: bootstrap interval [%s, %s] around %s" % (k, name, lo, hi, o["mean"]))
    for name, (x, n, c) in g["rates"].items():
        o = og["rates"].get(name)
        if o is None:
            problems.append("%s: rate %s missing" % (k, name))
            continue
        wlo, whi = wilson(x, n) if n else (None, None)
        rate, lo, hi, m, deff = cluster_interval(g["calls"][name])
        want = {"n": c, "numerator": x, "denominator": n, "rate": rate,
                "lower": lo, "upper": hi, "clusters": m, "design_effect": deff}
        for f, w in want.items():
            if not close(w, o[f], rel=1e-6):
                problems.append("%s rate %s %s: talkstat %s, python %s" % (k, name, f, o[f], w))
        for f, w in (("lower", wlo), ("upper", whi)):
            if not close(w, o["wilson"][f]):
                problems.append("%s rate %s wilson %s: talkstat %s, python %s" % (k, name, f, o["wilson"][f], w))

# chi-square tests over the groups' pooled reply counts
if any(g["rates"] for g in groups.values()):
    for test, names in (("reply_class", ["qa.reply." + r for r in REPLIES]),
                        ("clarity", ["qa.clarity." + c for c in CLASSES])):
        table = [[g["rates"].get(n, [0, 0, 0])[0] for n in names] for _, g in sorted(groups.items(), key=lambda kv: str(kv[0]))]
        table = [row for row in table if sum(row) > 0]
        cols = [j for j in range(len(names)) if any(row[j] for row in table)]
        table = [[row[j] for j in cols] for row in table]
        o = out["chi_square"][test]
        if len(table) < 2 or len(cols) < 2:
            if o["df"] != 0 or o["statistic"] is not None:
                problems.append("%s: a test without two groups and classes" % test)
            continue
        chi2, p, df, expected = stats.chi2_contingency(table, correction=False)
        low = sum(1 for row in expected for e in row if e < 5)
        for f, w in (("statistic", chi2), ("df", df), ("low_expected", low)):
            if not close(w, o[f]):
                problems.append("%s %s: talkstat %s, scipy %s" % (test, f, o[f], w))
        if not close(p, o["p_value"], rel=1e-5, tol=1e-12):
            problems.append("%s p_value: talkstat %s, scipy %s" % (test, o["p_value"], p))
        if (o["warning"] is None) != (low == 0):
            problems.append("%s warning: %s with %d low expected counts" % (test, o["warning"], low))
elif out["chi_square"] is not None:
    problems.append("chi_square without qa data")

# responsiveness corrected for the reply model's error
if model_path:
    import numpy as np
    CLEAR_LABELS = {"explicit", "clear_reply"}
    rows = [l.split()[1:] for l in open(model_path, encoding="utf-8") if l.startswith("cv-confusion ")]
    labels = [r[0] for r in rows]
    counts = np.array([[int(c) for c in r[1:]] for r in rows], dtype=float)
    clear_col = np.array([lab in CLEAR_LABELS for lab in labels])
    gold_clear = clear_col.copy()
    tot = counts.sum(axis=1)
    pos = counts[:, clear_col].sum(axis=1)
    se = pos[gold_clear].sum() / tot[gold_clear].sum()
    sp = 1 - pos[~gold_clear].sum() / tot[~gold_clear].sum()
    adj = out["settings"].get("adjustment")
    if adj is None:
        problems.append("no settings.adjustment with a model")
    else:
        for f, w in (("sensitivity", se), ("specificity", sp), ("pairs", tot.sum())):
            if not close(w, adj[f]):
                problems.append("adjustment %s: talkstat %s, python %s" % (f, adj[f], w))
    B_c = out["settings"]["bootstrap"]["replicates"]
    rng = np.random.default_rng(12345)
    B = 200000

    def rg(q, se_, sp_):
        return np.clip((q + sp_ - 1) / (se_ + sp_ - 1), 0, 1)

    def quantile_se(sorted_rep, a, b_count):
        d = 0.01
        spread = (np.quantile(sorted_rep, min(a + d, 1)) - np.quantile(sorted_rep, max(a - d, 0))) / (2 * d)
        return math.sqrt(a * (1 - a) / b_count) * spread

    for k, g in groups.items():
        og = out_groups.get(k)
        pairs = g.get("calls", {}).get("qa.responsiveness")
        if og is None or not pairs or not sum(x for _, x in pairs):
            if og is not None and "adjusted" in og:
                problems.append("%s: adjusted without pairs" % (k,))
            continue
        o = og.get("adjusted", {}).get("qa.responsiveness")
        if o is None:
            problems.append("%s: adjusted responsiveness missing" % (k,))
            continue
        q = sum(y for y, _ in pairs) / sum(x for _, x in pairs)
        if not close(float(rg(q, se, sp)), o["rate"]):
            problems.append("%s adjusted rate: talkstat %s, python %s" % (k, o["rate"], float(rg(q, se, sp))))
        v = cluster_variance(pairs)
        if v is None or not B_c:
            if o["lower"] is not None or o["upper"] is not None:
                problems.append("%s: adjusted interval without variance or replicates" % (k,))
            continue
        se_b = rng.binomial(tot.astype(np.int64)[:, None], (pos / tot)[:, None], (len(tot), B))
        tp = se_b[gold_clear].sum(axis=0) / tot[gold_clear].sum()
        fp = se_b[~gold_clear].sum(axis=0) / tot[~gold_clear].sum()
        qs = np.clip(q + math.sqrt(v) * rng.standard_normal(B), 0, 1)
        rep = np.sort(rg(qs, tp, 1 - fp))
        for f, a in (("lower", 0.025), ("upper", 0.975)):
            want = float(np.quantile(rep, a))
            tol = 4 * math.hypot(quantile_se(rep, a, B), quantile_se(rep, a, B_c)) + 2e-6
            if abs(want - o[f]) > tol:
                problems.append("%s adjusted %s: talkstat %s, python %.6f (tolerance %.6f)" % (k, f, o[f], want, tol))

# the ranking: groups with replies, by pooled responsiveness
rank = sorted(((x / n, k) for k, g in groups.items()
               for x, n, _ in [g["rates"].get("qa.responsiveness", (0, 0, 0))] if n),
              key=lambda t: -t[0])
got = [(r["responsiveness"], tuple(r["key"].get(k.lstrip("@")) for k in keys)) for r in out["ranking"]]
if len(got) != len(rank) or any(not close(a[0], b[0]) for a, b in zip(rank, got)):
    problems.append("ranking: talkstat %s, python %s" % (got, rank))

if problems:
    print("\n".join(problems[:40]))
    sys.exit(1)
print("ok: %d groups, %d metrics" % (len(groups), len(reported)))
