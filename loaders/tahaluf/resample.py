"""Bootstrap resampling over annotation units: the one home for confidence intervals.

Every measure in Tahaluf is a function of summed counts (true positives, predicted, gold,
matched pairs, ...). A measure's value on a resample of the units is that function applied to
the counts summed over the resampled units, so one resample is one weighted sum:

    weights (samples x units)  @  unit counts (units x k)  ->  resampled counts (samples x k)

The weights are how often each unit is drawn, from a seeded generator, so the same settings give
the same intervals on every machine. Units are chosen by the caller (sections by default: the
five documents are too few to resample, their sections are not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Bootstrap:
    """Settings of a bootstrap run; ``signature()`` is what a report prints."""

    samples: int = 1000
    seed: int = 12345
    confidence: float = 0.95
    unit: str = "section"

    def signature(self) -> str:
        """The settings in the ``key:value|...`` form used by score signatures."""
        return f"bs:{self.samples}|seed:{self.seed}|ci:{self.confidence:g}|unit:{self.unit}"

    def weights(self, units: int) -> FloatArray:
        """How often each of ``units`` units is drawn in each sample (samples x units)."""
        if units <= 0:
            return np.zeros((self.samples, 0))
        rng = np.random.default_rng(self.seed)
        draws = rng.integers(0, units, size=(self.samples, units))
        counts = np.zeros((self.samples, units))
        np.add.at(counts, (np.repeat(np.arange(self.samples), units), draws.ravel()), 1.0)
        return counts


def resampled_sums(unit_counts: Sequence[Sequence[float]] | FloatArray, settings: Bootstrap) -> FloatArray:
    """Counts summed over each bootstrap sample of the units (samples x k)."""
    matrix = np.asarray(unit_counts, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("unit_counts must be a units x k matrix")
    return settings.weights(matrix.shape[0]) @ matrix


def interval(
    unit_counts: Sequence[Sequence[float]] | FloatArray,
    measure: Callable[[FloatArray], FloatArray],
    settings: Bootstrap,
) -> tuple[float, float]:
    """Percentile interval of ``measure`` over bootstrap samples of the units.

    ``measure`` maps a (samples x k) array of summed counts to one value per sample; it must be
    vectorised (see :func:`f1_of`). An empty set of units gives the interval of no data, (nan, nan).
    """
    matrix = np.asarray(unit_counts, dtype=np.float64)
    if matrix.size == 0:
        return (float("nan"), float("nan"))
    values = measure(resampled_sums(matrix, settings))
    alpha = (1.0 - settings.confidence) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha], method="linear")
    return (float(low), float(high))


def safe_ratio(num: FloatArray, den: FloatArray, empty: float = 1.0) -> FloatArray:
    """num / den elementwise, ``empty`` where den is 0 (nothing to find and nothing found)."""
    num, den = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, empty, dtype=np.float64)
    np.divide(num, den, out=out, where=den != 0)
    return out


def f1_of(correct: int, predicted: int, gold: int) -> Callable[[FloatArray], FloatArray]:
    """A vectorised F1 over the columns ``correct``, ``predicted`` and ``gold`` of summed counts.

    Both empty gives 1.0 (perfect agreement on nothing); one empty gives 0.0.
    """

    def measure(sums: FloatArray) -> FloatArray:
        c, p, g = sums[:, correct], sums[:, predicted], sums[:, gold]
        both_empty = (p == 0) & (g == 0)
        f1 = safe_ratio(2.0 * c, p + g, empty=0.0)
        return np.where(both_empty, 1.0, f1)

    return measure


def ratio_of(num: int, den: int, empty: float = 1.0) -> Callable[[FloatArray], FloatArray]:
    """A vectorised ratio of two columns of summed counts (accuracy, precision, recall)."""

    def measure(sums: FloatArray) -> FloatArray:
        return safe_ratio(sums[:, num], sums[:, den], empty=empty)

    return measure
