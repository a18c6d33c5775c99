#!/usr/bin/python3
"""Golden values for Shepherd's drift statistics, computed with SciPy and NumPy.

Run with Debian's Python (python3-scipy):  /usr/bin/python3 golden.py > golden.json
Seeded: the output is the same on every run with the same SciPy and NumPy.

Definitions (the Java side implements the same):
  ks      scipy.stats.ks_2samp(ref, cur, method='auto')
  w       scipy.stats.wasserstein_distance(ref, cur); normed by max(np.std(ref), 0.001)
  bins    edges = unique(np.quantile(ref, [1/B .. (B-1)/B])), B = 10; bin = searchsorted(edges, x, 'right')
  psi     sum((c - r) * ln(c / r)) over bin (or category) shares, an empty share counted as 1e-4
  js      scipy.spatial.distance.jensenshannon(r, c, base=2)
  chi2    scipy.stats.chi2_contingency([ref_counts, cur_counts], correction=False) over the union of categories
  linf    max |r - c|
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

BINS = 10
EPS = 1e-4


def shares_psi(r, c):
    r = np.where(r == 0, EPS, r)
    c = np.where(c == 0, EPS, c)
    return float(np.sum((c - r) * np.log(c / r)))


def numeric_case(name, ref, cur):
    ref = np.round(np.asarray(ref, dtype=float), 6)
    cur = np.round(np.asarray(cur, dtype=float), 6)
    ks = stats.ks_2samp(ref, cur, method='auto')
    w = stats.wasserstein_distance(ref, cur)
    edges = np.unique(np.quantile(ref, np.arange(1, BINS) / BINS))
    rb = np.bincount(np.searchsorted(edges, ref, 'right'), minlength=len(edges) + 1) / len(ref)
    cb = np.bincount(np.searchsorted(edges, cur, 'right'), minlength=len(edges) + 1) / len(cur)
    return {
        "name": name,
        "ref": [float(x) for x in ref],
        "cur": [float(x) for x in cur],
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "wasserstein": float(w),
        "wasserstein_normed": float(w / max(np.std(ref), 0.001)),
        "edges": [float(e) for e in edges],
        "ref_bins": [float(x) for x in rb],
        "cur_bins": [float(x) for x in cb],
        "psi": shares_psi(rb, cb),
        "js": float(jensenshannon(rb, cb, base=2)),
    }


def category_case(name, ref_counts, cur_counts):
    cats = sorted(set(ref_counts) | set(cur_counts))
    r = np.array([ref_counts.get(k, 0) for k in cats], dtype=float)
    c = np.array([cur_counts.get(k, 0) for k in cats], dtype=float)
    chi2, p, dof, _ = stats.chi2_contingency(np.array([r, c]), correction=False)
    rp, cp = r / r.sum(), c / c.sum()
    return {
        "name": name,
        "ref_counts": ref_counts,
        "cur_counts": cur_counts,
        "chi2": float(chi2),
        "chi2_pvalue": float(p),
        "js": float(jensenshannon(rp, cp, base=2)),
        "psi": shares_psi(rp, cp),
        "linf": float(np.max(np.abs(rp - cp))),
    }


def counts(rng, cats, probs, n):
    drawn = rng.choice(len(cats), size=n, p=probs)
    return {cats[i]: int(k) for i, k in enumerate(np.bincount(drawn, minlength=len(cats))) if k > 0}


def main():
    rng = np.random.default_rng(20261127)
    numeric = [
        numeric_case("small_normal_shift", rng.normal(0, 1, 200), rng.normal(0.3, 1.2, 150)),
        numeric_case("small_same", rng.normal(10, 2, 300), rng.normal(10, 2, 250)),
        numeric_case("ties_integers", rng.integers(0, 10, 120), rng.integers(0, 12, 90)),
        numeric_case("constant_equal", np.full(50, 5.0), np.full(40, 5.0)),
        numeric_case("constant_vs_spread", np.full(60, 5.0), rng.uniform(5, 6, 45)),
        numeric_case("medium_lognormal", rng.lognormal(10.5, 0.6, 5000), rng.lognormal(10.6, 0.6, 8000)),
        numeric_case("large_normal_small_shift", rng.normal(0, 1, 20000), rng.normal(0.05, 1, 15000)),
        numeric_case("large_skewed_ties", np.round(rng.exponential(3, 30000), 1), np.round(rng.exponential(3.3, 12000), 1)),
    ]
    cats = ["north", "south", "east", "west", "central"]
    category = [
        category_case("small_new_category", counts(rng, cats[:3], [0.5, 0.3, 0.2], 300),
                      counts(rng, cats[:4], [0.4, 0.3, 0.2, 0.1], 250)),
        category_case("small_same", counts(rng, cats[:4], [0.25, 0.25, 0.25, 0.25], 400),
                      counts(rng, cats[:4], [0.25, 0.25, 0.25, 0.25], 380)),
        category_case("large_mix_shift", counts(rng, cats, [0.3, 0.25, 0.2, 0.15, 0.1], 50000),
                      counts(rng, cats, [0.28, 0.26, 0.2, 0.16, 0.1], 40000)),
        category_case("two_categories", {"yes": 70, "no": 30}, {"yes": 55, "no": 45}),
    ]
    json.dump({"scipy": __import__("scipy").__version__, "numpy": np.__version__,
               "numeric": numeric, "category": category}, sys.stdout)


if __name__ == "__main__":
    main()
