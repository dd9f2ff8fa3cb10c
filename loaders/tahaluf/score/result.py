"""One result shape for the three tasks, and the confidence intervals of every figure in it.

A **figure** is a dict with ``precision``, ``recall``, ``f1`` (all 0-1), ``correct``,
``predicted``, ``gold`` and, when intervals are computed, ``interval``: ``{"precision": [low,
high], "recall": [...], "f1": [...]}`` (plus ``accuracy`` where the figure has one). Entity
figures add ``incorrect``, ``partial``, ``missed`` and ``spurious``; ``correct`` counts what the
measure counts (mentions, quotes, dates, or tokens for ``content_overlap``).

Intervals come from the per-unit counts of the scorers (:mod:`tahaluf.score.units`): the counts of
every column are summed over each bootstrap sample of the units, and each figure is computed from
those sums (:mod:`tahaluf.resample`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..resample import Bootstrap, FloatArray, percentile_interval, prf_arrays, resampled_sums, safe_ratio
from .units import UnitTally

_RENAME = {"tp": "correct", "n_pred": "predicted", "n_gold": "gold", "actual": "predicted", "possible": "gold"}
HALF_PARTIAL = ("partial", "type")  # entity modes that count a partial match as half a hit


def shape(node: Any) -> Any:
    """The result with the shared field names (``correct``, ``predicted``, ``gold``) in every figure."""
    if isinstance(node, dict):
        return {_RENAME.get(k, k) if "f1" in node else k: shape(v) for k, v in node.items()}
    return node


class Sums:
    """Summed counts per bootstrap sample: ``get(column)`` is one value per sample."""

    def __init__(self, matrix: FloatArray, index: dict[tuple, int]):
        self.matrix, self.index = matrix, index

    def get(self, column: tuple) -> FloatArray:
        """The summed counts of one column in every sample (zeros for a column never counted)."""
        i = self.index.get(column)
        return self.matrix[:, i] if i is not None else np.zeros(self.matrix.shape[0])


Measure = Callable[[Sums], dict[str, FloatArray]]


def entity_measure(scope: str, mode: str) -> Measure:
    """SemEval P, R, F1 of an entity mode (``scope`` "" overall, or a type) from summed counts."""

    def measure(sums: Sums) -> dict[str, FloatArray]:
        cor, inc, par, mis, spu = (sums.get((scope, mode, f)) for f in ("correct", "incorrect", "partial", "missed", "spurious"))
        hits = cor + (0.5 * par if mode in HALF_PARTIAL else 0.0)
        p, r, f = prf_arrays(hits, cor + inc + par + spu, cor + inc + par + mis)
        return {"precision": p, "recall": r, "f1": f}

    return measure


def count_measure(scope: str, mode: str, accuracy: bool = False, attribute_of: str | None = None) -> Measure:
    """P, R, F1 from ``correct``/``predicted``/``gold`` columns; with ``accuracy``, correct / pairs;
    with ``attribute_of`` (TempEval-3), the attribute F1 = accuracy x F1 of that mode."""

    def measure(sums: Sums) -> dict[str, FloatArray]:
        c, p_, g = (sums.get((scope, mode, f)) for f in ("correct", "predicted", "gold"))
        p, r, f = prf_arrays(c, p_, g)
        out = {"precision": p, "recall": r, "f1": f}
        if accuracy:
            pairs = sums.get((scope, mode, "pairs"))
            out["accuracy"] = np.where(pairs == 0, np.nan, safe_ratio(c, pairs, empty=0.0))
        if attribute_of is not None:
            relaxed = prf_arrays(*(sums.get((scope, attribute_of, k)) for k in ("correct", "predicted", "gold")))[2]
            out["attribute_f1"] = out["accuracy"] * relaxed
        return out

    return measure


def macro_measure(labels: list[str], mode: str) -> Measure:
    """Macro P, R, F1 of an entity mode: the mean over ``labels`` of the per-type figures (a type
    with no gold and no predicted mention in a sample is left out of that sample's mean)."""

    def measure(sums: Sums) -> dict[str, FloatArray]:
        per = [entity_measure(label, mode)(sums) for label in labels]
        out = {}
        for key in ("precision", "recall", "f1"):
            stack = np.vstack([x[key] for x in per]) if per else np.full((1, sums.matrix.shape[0]), np.nan)
            with warnings.catch_warnings():  # a sample where every type is undefined gives nan
                warnings.simplefilter("ignore", category=RuntimeWarning)
                out[key] = np.nanmean(stack, axis=0)
        return out

    return measure


@dataclass
class Target:
    """A figure of the result (``path`` of keys), its measure, and which tally and units it uses."""

    path: tuple[str, ...]
    measure: Measure
    tally: str = "main"
    document: str | None = None


def targets(task: str, results: dict[str, Any], conll: list[str] | None) -> list[Target]:
    """Every figure of a task's result that gets an interval (``conll``: the types of the CoNLL-2003
    view when it is reported)."""
    from . import dates, entities, quotes

    out: list[Target] = []
    if task == "entities":
        labels = sorted(results.get("per_type", {}))
        for mode in entities.MODES:
            out.append(Target((mode,), entity_measure("", mode)))
            out.append(Target((mode, "macro"), macro_measure(labels, mode)))
            for label in labels:
                out.append(Target(("per_type", label, mode), entity_measure(label, mode)))
            for doc in results.get("per_document", {}):
                out.append(Target(("per_document", doc, mode), entity_measure("", mode), document=doc))
        if conll is not None:
            for mode in entities.SCHEMAS:
                out.append(Target(("conll2003", mode), entity_measure("", mode), tally="conll2003"))
                out.append(Target(("conll2003", mode, "macro"), macro_measure(conll, mode), tally="conll2003"))
        return out
    modes = quotes.MODES if task == "quotes" else dates.MODES
    kind = "kind" if task == "quotes" else "type"
    for mode in modes:
        accuracy = (task == "quotes" and mode == "speaker") or (task == "dates" and mode in ("type", "value"))
        attribute = "relaxed" if task == "dates" and mode in ("type", "value") else None
        out.append(Target((mode,), count_measure("", mode, accuracy, attribute)))
        for doc in results.get("per_document", {}):
            out.append(Target(("per_document", doc, mode), count_measure("", mode, accuracy, attribute), document=doc))
    for label in results.get("per_type", {}):
        out.append(Target(("per_type", label), count_measure(label, kind)))
    return out


def matrix(tally: UnitTally, units: list[str] | None = None) -> tuple[FloatArray, dict[tuple, int]]:
    """The units x columns matrix of a tally and the index of its columns."""
    columns = sorted({c for row in tally.rows.values() for c in row}, key=repr)
    index = {c: i for i, c in enumerate(columns)}
    chosen = tally.units if units is None else units
    m = np.zeros((len(chosen), len(columns)))
    for r, unit in enumerate(chosen):
        for c, v in tally.rows[unit].items():
            m[r, index[c]] = v
    return m, index


def add_intervals(task: str, results: dict[str, Any], tallies: dict[str, UnitTally], settings: Bootstrap) -> None:
    """Write ``interval`` into every figure of ``results`` (in place)."""
    cache: dict[tuple[str, str | None], Sums] = {}

    def sums_for(tally: str, document: str | None) -> Sums:
        key = (tally, document)
        if key not in cache:
            t = tallies[tally]
            units = None if document is None else [u for u in t.units if u == document or u.startswith(document + "/")]
            m, index = matrix(t, units)
            cache[key] = Sums(resampled_sums(m, settings), index)
        return cache[key]

    conll = None
    if "conll2003" in tallies:
        conll = sorted({c[0] for row in tallies["conll2003"].rows.values() for c in row if c[0]})
    for target in targets(task, results, conll):
        node = results
        try:
            for key in target.path:
                node = node[key]
        except KeyError:
            continue
        values = target.measure(sums_for(target.tally, target.document))
        node["interval"] = {name: _pair(percentile_interval(v, settings)) for name, v in values.items()}


def _pair(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else [round(bounds[0], 6), round(bounds[1], 6)]
