"""Agreement measures as functions of counts summed over units, with bootstrap intervals.

Every measure is built from a (units x k) matrix of per-unit counts and a vectorised statistic of
the summed counts (see :mod:`tahaluf.resample`). Ratios of sums (F1, accuracy) are the simple case;
Cohen's kappa is a function of summed label counts, B-cubed of the summed cluster contingency
table, CEAF-e of the same table through an optimal one-to-one alignment. The interval of each is
the percentile interval of the statistic over bootstrap samples of the units.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..resample import Bootstrap, FloatArray, f1_of, kappa_of, percentile_interval, ratio_of, safe_ratio


@dataclass
class Measure:
    """One measure of one comparison: per-unit counts, the statistic, and what to report."""

    counts: FloatArray
    statistic: Callable[[FloatArray], FloatArray]
    detail: dict[str, Any] = field(default_factory=dict)

    def evaluate(self, settings: Bootstrap) -> dict[str, Any]:
        """Point value on all units and its bootstrap interval, plus the detail counts."""
        total = self.statistic(self.counts.sum(axis=0, keepdims=True))[0]
        low = high = median = float("nan")
        if self.counts.shape[1] and not np.isnan(total):
            values = self.statistic(settings.weights(self.counts.shape[0]) @ self.counts)
            low, high = percentile_interval(values, settings) or (float("nan"), float("nan"))
            if not np.all(np.isnan(values)):
                median = float(np.nanmedian(values))
        out = {"value": _clean(total), "low": _clean(low), "high": _clean(high), "bootstrap_median": _clean(median)}
        # the value outside its own interval: the bootstrap distribution is shifted (see docs/annotation.md)
        out["outside_interval"] = bool(out["low"] is not None and not out["low"] - 1e-9 <= out["value"] <= out["high"] + 1e-9)
        return {**out, **self.detail}


def _clean(x: float) -> float | None:
    """JSON-friendly: nan (undefined) becomes None; values are rounded to remove float noise."""
    x = float(x)
    return None if np.isnan(x) else round(x, 12)


def unit_matrix(units: int, columns: int, entries: Iterable[tuple[int, int, float]]) -> FloatArray:
    """A units x columns matrix from (unit, column, amount) entries."""
    matrix = np.zeros((units, columns))
    for unit, column, amount in entries:
        matrix[unit, column] += amount
    return matrix


def f1_measure(units: int, tp: Iterable[int], ref: Iterable[int], other: Iterable[int]) -> Measure:
    """F1 of one-to-one matches: ``tp`` holds the unit of each match, ``ref``/``other`` the unit of each item.

    Precision is matches over the other side's items, recall matches over the reference side's.
    """
    entries = [(u, 0, 1.0) for u in tp] + [(u, 1, 1.0) for u in ref] + [(u, 2, 1.0) for u in other]
    counts = unit_matrix(units, 3, entries)
    c, r, o = counts.sum(axis=0)
    detail = {
        "matched": int(c),
        "n_ref": int(r),
        "n_other": int(o),
        "precision": _clean(safe_ratio(c, o, empty=1.0 if r == 0 else 0.0)),
        "recall": _clean(safe_ratio(c, r, empty=1.0 if o == 0 else 0.0)),
    }
    return Measure(counts, f1_of(0, 2, 1), detail)


def accuracy_measure(units: int, outcomes: Iterable[tuple[int, bool]]) -> Measure:
    """Share of pairs that agree; ``outcomes`` holds (unit, agree) per pair. No pairs is undefined."""
    counts = unit_matrix(units, 2, [e for u, same in outcomes for e in ((u, 0, float(same)), (u, 1, 1.0))])
    same, pairs = counts.sum(axis=0)
    return Measure(counts, ratio_of(0, 1, empty=float("nan")), {"agree": int(same), "pairs": int(pairs)})


def kappa_measure(units: int, pairs: Iterable[tuple[int, Hashable, Hashable]]) -> Measure:
    """Cohen's kappa over labelled pairs (unit, label of the reference side, label of the other)."""
    pairs = list(pairs)
    labels = sorted({str(x) for _, a, b in pairs for x in (a, b)})
    index = {label: i for i, label in enumerate(labels)}
    k = len(labels)
    entries = []
    for unit, a, b in pairs:
        entries += [(unit, 0, 1.0), (unit, 1, float(a == b)), (unit, 2 + index[str(a)], 1.0), (unit, 2 + k + index[str(b)], 1.0)]
    counts = unit_matrix(units, 2 + 2 * k, entries)
    total = counts.sum(axis=0)
    detail = {"agree": int(total[1]), "pairs": int(total[0]), "observed": _clean(safe_ratio(total[1], total[0], empty=np.nan))}
    return Measure(counts, kappa_of(0, 1, range(2, 2 + k), range(2 + k, 2 + 2 * k)), detail)


class _Clusters:
    """The contingency table of two clusterings of the same mentions, per unit."""

    def __init__(self, units: int, items: Iterable[tuple[int, Hashable, Hashable]]):
        items = list(items)
        self.a = {c: i for i, c in enumerate(dict.fromkeys(a for _, a, _ in items))}
        self.b = {c: i for i, c in enumerate(dict.fromkeys(b for _, _, b in items))}
        cells = {cell: i for i, cell in enumerate(dict.fromkeys((self.a[a], self.b[b]) for _, a, b in items))}
        self.cell_a = np.array([a for a, _ in cells], dtype=np.int64)
        self.cell_b = np.array([b for _, b in cells], dtype=np.int64)
        self.nc, self.na, self.nb = len(cells), len(self.a), len(self.b)
        entries = []
        for unit, a, b in items:
            ia, ib = self.a[a], self.b[b]
            entries += [(unit, cells[(ia, ib)], 1.0), (unit, self.nc + ia, 1.0), (unit, self.nc + self.na + ib, 1.0)]
        self.counts = unit_matrix(units, self.nc + self.na + self.nb, entries)
        self.mentions = len(items)

    def split(self, sums: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        return sums[:, : self.nc], sums[:, self.nc : self.nc + self.na], sums[:, self.nc + self.na :]


def bcubed_measure(units: int, items: Iterable[tuple[int, Hashable, Hashable]]) -> Measure:
    """B-cubed F1 of two clusterings of the same mentions: (unit, cluster on the reference side, cluster on the other).

    Recall averages, over mentions, the share of the mention's reference cluster that shares its
    other-side cluster; precision the converse. Each mention's share is computed once, on all the
    mentions; the bootstrap then resamples units and averages the shares of the mentions drawn.
    (Recomputing the clusters inside each sample would count a duplicated section's mentions as
    extra members of their clusters, which inflates B-cubed and can put the value outside its own
    interval.)
    """
    items = list(items)
    size_a: dict[Hashable, int] = {}
    size_b: dict[Hashable, int] = {}
    cell: dict[tuple[Hashable, Hashable], int] = {}
    for _, a, b in items:
        size_a[a] = size_a.get(a, 0) + 1
        size_b[b] = size_b.get(b, 0) + 1
        cell[(a, b)] = cell.get((a, b), 0) + 1
    entries = []
    for unit, a, b in items:
        shared = cell[(a, b)]
        entries += [(unit, 0, shared / size_a[a]), (unit, 1, shared / size_b[b]), (unit, 2, 1.0)]
    counts = unit_matrix(units, 3, entries)

    def measure(sums: FloatArray) -> FloatArray:
        n = sums[:, 2]
        recall = safe_ratio(sums[:, 0], n, empty=np.nan)
        precision = safe_ratio(sums[:, 1], n, empty=np.nan)
        return np.where(n > 0, safe_ratio(2 * precision * recall, precision + recall, empty=0.0), np.nan)

    detail = {"mentions": len(items), "clusters_ref": len(size_a), "clusters_other": len(size_b)}
    return Measure(counts, measure, detail)


def _components(cell_a: np.ndarray, cell_b: np.ndarray) -> list[np.ndarray]:
    """Cells grouped by the connected components of the bipartite cluster graph."""
    parent = list(range(len(cell_a)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_a: dict[int, int] = {}
    first_b: dict[int, int] = {}
    for i, (a, b) in enumerate(zip(cell_a.tolist(), cell_b.tolist())):
        for first, key in ((first_a, a), (first_b, b)):
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(cell_a)):
        groups.setdefault(find(i), []).append(i)
    return [np.array(g, dtype=np.int64) for g in groups.values()]


def best_alignment(weights: dict[tuple[Hashable, Hashable], float]) -> dict[Hashable, Hashable]:
    """The one-to-one alignment of left to right keys with the largest total weight (Hungarian method)."""
    from scipy.optimize import linear_sum_assignment

    left = list(dict.fromkeys(a for a, _ in weights))
    right = list(dict.fromkeys(b for _, b in weights))
    if not left:
        return {}
    matrix = np.zeros((len(left), len(right)))
    for (a, b), w in weights.items():
        matrix[left.index(a), right.index(b)] = w
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return {left[r]: right[c] for r, c in zip(rows, cols) if matrix[r, c] > 0}


def ceafe_measure(units: int, items: Iterable[tuple[int, Hashable, Hashable]]) -> Measure:
    """CEAF-e F1 (entity-based, similarity phi4 = 2|a & b| / (|a| + |b|)) of two clusterings of the same mentions.

    The clusters are aligned one to one to maximise the summed similarity, per bootstrap sample;
    only connected groups of clusters with more than one cluster on both sides need the Hungarian
    method, the rest is vectorised.
    """
    from scipy.optimize import linear_sum_assignment

    table = _Clusters(units, items)
    groups = _components(table.cell_a, table.cell_b)

    def measure(sums: FloatArray) -> FloatArray:
        cells, size_a, size_b = table.split(sums)
        phi = safe_ratio(2 * cells, size_a[:, table.cell_a] + size_b[:, table.cell_b], empty=0.0)
        total = np.zeros(sums.shape[0])
        for group in groups:
            ga, gb = np.unique(table.cell_a[group]), np.unique(table.cell_b[group])
            if len(ga) == 1 or len(gb) == 1:
                total += phi[:, group].max(axis=1)
                continue
            rows = np.searchsorted(ga, table.cell_a[group])
            cols = np.searchsorted(gb, table.cell_b[group])
            matrix = np.zeros((len(ga), len(gb)))
            for s in range(sums.shape[0]):
                matrix[:] = 0.0
                matrix[rows, cols] = phi[s, group]
                r, c = linear_sum_assignment(matrix, maximize=True)
                total[s] += matrix[r, c].sum()
        present = (size_a > 0).sum(axis=1) + (size_b > 0).sum(axis=1)
        return safe_ratio(2 * total, present, empty=np.nan)

    detail = {"mentions": table.mentions, "clusters_ref": table.na, "clusters_other": table.nb}
    return Measure(table.counts, measure, detail)
