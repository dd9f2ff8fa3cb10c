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
from functools import lru_cache

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
        return _weights(self.samples, self.seed, units)


@lru_cache(maxsize=16)
def _weights(samples: int, seed: int, units: int) -> FloatArray:
    """The draw counts of :meth:`Bootstrap.weights`, computed once per setting (read-only)."""
    if units <= 0:
        counts = np.zeros((samples, 0))
    else:
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, units, size=(samples, units))
        counts = np.zeros((samples, units))
        np.add.at(counts, (np.repeat(np.arange(samples), units), draws.ravel()), 1.0)
    counts.flags.writeable = False
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
    return percentile_interval(measure(resampled_sums(matrix, settings)), settings)


def percentile_interval(values: FloatArray, settings: Bootstrap) -> tuple[float, float]:
    """The central ``settings.confidence`` percentile interval of per-sample values.

    Samples where the measure is undefined (nan, e.g. no pairs drawn) are left out; all undefined
    gives (nan, nan).
    """
    values = np.asarray(values, dtype=np.float64)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return (float("nan"), float("nan"))
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


def kappa_of(pairs: int, agree: int, left: Sequence[int], right: Sequence[int]) -> Callable[[FloatArray], FloatArray]:
    """A vectorised Cohen's kappa over summed counts.

    ``pairs`` is the column of labelled pairs, ``agree`` the pairs with equal labels, ``left`` and
    ``right`` the columns counting each label on either side (same label order). Chance agreement is
    the product of the two sides' label shares; kappa is 1.0 when chance agreement is 1 and the
    labels agree (one label used throughout), nan when there are no pairs.
    """
    left_cols, right_cols = list(left), list(right)

    def measure(sums: FloatArray) -> FloatArray:
        n = sums[:, pairs]
        observed = safe_ratio(sums[:, agree], n, empty=np.nan)
        expected = safe_ratio((sums[:, left_cols] * sums[:, right_cols]).sum(axis=1), n * n, empty=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            kappa = (observed - expected) / (1.0 - expected)
        return np.where(expected >= 1.0, np.where(observed >= 1.0, 1.0, 0.0), kappa)

    return measure
