#!/usr/bin/env python3
# Copyright (C) 2026 the talkstat authors.
# SPDX-License-Identifier: GPL-3.0-or-later (see LICENSE)
"""Rate intervals worked out apart from talkstat, for the checks of
aggregate (aggregate_check.py) and of the report's forest plots
(report_check.py): Wilson's interval by inverting the score test
numerically (scipy.optimize.brentq, not the closed form) and the interval
with calls as clusters (docs/aggregate.md): the ratio estimator's
residuals per call, the design effect, Korn & Graubard's effective sample
size with the t quantile (scipy.stats.t), and that Wilson inversion at it."""
from scipy import optimize, stats


def cluster_variance(pairs):
    """The ratio's between-call variance (no t correction), or None."""
    pairs = [(y, x) for y, x in pairs if x > 0]
    m, X = len(pairs), sum(x for _, x in pairs)
    if m < 2:
        return None
    r = sum(y for y, _ in pairs) / X
    return m / (m - 1) * sum((y - r * x) ** 2 for y, x in pairs) / X ** 2


def cluster_interval(pairs, level=0.95):
    """Calls as clusters: (rate, lower, upper, clusters, design effect)."""
    pairs = [(y, x) for y, x in pairs if x > 0]
    m = len(pairs)
    Y, X = sum(y for y, _ in pairs), sum(x for _, x in pairs)
    if not X:
        return None, None, None, 0, None
    r = Y / X
    if m < 2:
        return r, None, None, m, None
    v = m / (m - 1) * sum((y - r * x) ** 2 for y, x in pairs) / X ** 2
    deff = v / (r * (1 - r) / X) if 0 < r < 1 else 1.0
    neff = min(X, X / deff) if deff > 0 else X
    z = stats.norm.ppf(1 - (1 - level) / 2)
    t = stats.t.ppf(1 - (1 - level) / 2, m - 1)
    neff *= (z / t) ** 2
    lo, hi = wilson(r * neff, neff)
    return r, lo, hi, m, deff


def wilson(x, n, level=0.95):
    """Invert the score test: the p where |phat - p| / sqrt(p(1-p)/n) = z."""
    z = stats.norm.ppf(1 - (1 - level) / 2)
    phat = x / n
    f = lambda p: (phat - p) ** 2 - z * z * p * (1 - p) / n
    lo = 0.0 if x == 0 else optimize.brentq(f, 1e-15, min(phat, 1 - 1e-13), xtol=1e-14)
    hi = 1.0 if x == n else optimize.brentq(f, max(phat, 1e-13), 1 - 1e-15, xtol=1e-14)
    return lo, hi
