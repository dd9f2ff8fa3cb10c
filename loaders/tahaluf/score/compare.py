"""Paired significance tests between systems, in the manner of sacrebleu's ``--paired-bs`` and
``--paired-ar``: every system is compared with the first one (the baseline) on the F1 of each mode.

Both tests work on the per-unit counts of the scorers (sections by default), so both systems are
resampled or shuffled unit by unit on the same gold:

- paired bootstrap: the same bootstrap samples of the units for both systems; the statistic is the
  absolute F1 difference in each sample, centred on its mean over the samples;
- approximate randomization: in each trial each unit's counts are swapped between the two systems
  with probability 1/2; the statistic is the absolute F1 difference of the two shuffled systems.

The p-value is (c + 1) / (n + 1), where c counts the samples whose statistic is at least the
observed absolute difference (see :func:`tahaluf.resample.approximate_randomization`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..resample import Bootstrap, FloatArray, approximate_randomization, paired_bootstrap, percentile_interval
from ..table import render
from .result import Sums, count_measure, entity_measure
from .units import UnitTally

AR_TRIALS = 10000


def _matrices(tallies: list[UnitTally]) -> tuple[list[FloatArray], dict[tuple, int]]:
    """The units x columns matrices of several systems on one column index (same gold units)."""
    columns = sorted({c for t in tallies for row in t.rows.values() for c in row}, key=repr)
    index = {c: i for i, c in enumerate(columns)}
    out = []
    for tally in tallies:
        m = np.zeros((len(tally.units), len(columns)))
        for r, unit in enumerate(tally.units):
            for c, v in tally.rows[unit].items():
                m[r, index[c]] = v
        out.append(m)
    return out, index


def compare(
    task: str,
    preds: list[str | Path],
    gold: str | Path | None = None,
    nested: bool = False,
    bootstrap: Bootstrap | None = None,
    trials: int = AR_TRIALS,
    modes: list[str] | None = None,
) -> dict[str, Any]:
    """Score every prediction file and test each against the first; returns a JSON-ready dict."""
    from . import dates, entities, quotes, score

    settings = bootstrap or Bootstrap()
    all_modes = {"entities": entities.MODES, "quotes": quotes.MODES, "dates": dates.MODES}[task]
    chosen = list(modes or all_modes)
    for mode in chosen:
        if mode not in all_modes:
            raise ValueError(f"unknown mode {mode!r} for {task}; choose from {', '.join(all_modes)}")
    results, tallies = [], []
    for pred in preds:
        kept: dict[str, UnitTally] = {}
        results.append(score(task, pred, gold=gold, nested=nested, bootstrap=settings, per_document=False, tallies_out=kept))
        tallies.append(kept["main"])
    matrices, index = _matrices(tallies)
    systems = []
    for i, (pred, result) in enumerate(zip(preds, results, strict=True)):
        rows: dict[str, Any] = {}
        for mode in chosen:
            figure = result["results"][mode]
            measure = entity_measure("", mode) if task == "entities" else count_measure("", mode)

            def f1(sums: FloatArray, measure=measure) -> FloatArray:
                return measure(Sums(sums, index))["f1"]

            base_f1 = results[0]["results"][mode]["f1"]
            row = {"f1": figure["f1"], "interval": {"f1": figure["interval"]["f1"]}, "difference": figure["f1"] - base_f1}
            if i == 0:
                row.update(p_bootstrap=None, p_randomization=None)
            else:
                p_bs, values = paired_bootstrap(matrices[0], matrices[i], f1, settings)
                bounds = percentile_interval(values, settings)
                row["interval"] = {"f1": None if bounds is None else [round(bounds[0], 6), round(bounds[1], 6)]}
                row["p_bootstrap"] = p_bs
                row["p_randomization"] = approximate_randomization(matrices[0], matrices[i], f1, trials=trials, seed=settings.seed)
            rows[mode] = row
        systems.append({"name": Path(pred).name, "file": str(pred), "baseline": i == 0, "results": rows})
    signature = results[0]["signature"].replace("|scorer:", f"|ar:{trials}|scorer:")
    return {
        "signature": signature,
        "task": task,
        "scale": "0-1",
        "bootstrap": results[0]["bootstrap"],
        "randomization_trials": trials,
        "systems": systems,
    }


def table(result: dict[str, Any]) -> str:
    """The comparison as an aligned table (F1 in percent), then the signature."""

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.2f}"

    def p(x: float | None) -> str:
        return "-" if x is None else f"{x:.4f}"

    level = f"{100 * result['bootstrap']['confidence']:g}% CI"
    rows = []
    for system in result["systems"]:
        for mode, row in system["results"].items():
            bounds = row["interval"]["f1"]
            ci = "-" if not bounds else f"[{pct(bounds[0])}, {pct(bounds[1])}]"
            diff = "-" if system["baseline"] else f"{100 * row['difference']:+.2f}"
            name = system["name"] + (" (baseline)" if system["baseline"] else "")
            rows.append([name, mode, pct(row["f1"]), ci, diff, p(row["p_bootstrap"]), p(row["p_randomization"])])
    title = (
        f"Tahaluf {result['task']}: paired tests against the baseline (F1 in percent; paired bootstrap with "
        f"{result['bootstrap']['samples']} samples, approximate randomization with {result['randomization_trials']} trials)"
    )
    headers = ["system", "mode", "F1", f"F1 {level}", "diff", "p (paired bs)", "p (paired ar)"]
    return render(headers, rows, title=title) + f"\n\nsignature: {result['signature']}"
