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
        flat = (draws + units * np.arange(samples)[:, None]).ravel()
        counts = np.bincount(flat, minlength=samples * units).reshape(samples, units).astype(np.float64)
    counts.flags.writeable = False
    return counts


def resampled_sums(unit_counts: Sequence[Sequence[float]] | FloatArray, settings: Bootstrap) -> FloatArray:
    """Counts summed over each bootstrap sample of the units (samples x k)."""
    matrix = np.asarray(unit_counts, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("unit_counts must be a units x k matrix")
    return settings.weights(matrix.shape[0]) @ matrix


def percentile_interval(values: FloatArray, settings: Bootstrap) -> tuple[float, float] | None:
    """Percentile interval of resampled values; resamples where the value is undefined (nan) are
    left out, and ``None`` means it is undefined in every resample."""
    values = np.asarray(values, dtype=np.float64)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return None
    alpha = (1.0 - settings.confidence) / 2.0
    low, high = np.quantile(values, [alpha, 1.0 - alpha], method="linear")
    return (float(low), float(high))


def prf_arrays(hits: FloatArray, predicted: FloatArray, gold: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised precision, recall and F1 from summed counts.

    Where there is nothing predicted and nothing in the gold the three are undefined (nan) and left
    out of intervals; otherwise an empty side gives 0 (as the point estimates do).
    """
    hits, predicted, gold = (np.asarray(x, dtype=np.float64) for x in (hits, predicted, gold))
    precision = safe_ratio(hits, predicted, empty=0.0)
    recall = safe_ratio(hits, gold, empty=0.0)
    f1 = safe_ratio(2.0 * precision * recall, precision + recall, empty=0.0)
    undefined = (predicted == 0) & (gold == 0)
    return tuple(np.where(undefined, np.nan, x) for x in (precision, recall, f1))  # type: ignore[return-value]


def _p_value(stats: FloatArray, real: float) -> float:
    """sacrebleu's p-value, (c + 1) / (n + 1), where c counts the samples whose statistic is at
    least the observed one. sacrebleu counts strictly greater ones, which gives two identical
    systems p = 1 / (n + 1); counting ties (Noreen's rule) gives them p = 1."""
    stats = stats[~np.isnan(stats)]
    if stats.size == 0 or np.isnan(real):
        return float("nan")
    count = int(np.sum(stats >= real))
    return (count + 1) / (stats.size + 1)


def paired_bootstrap(
    base: FloatArray, system: FloatArray, measure: Callable[[FloatArray], FloatArray], settings: Bootstrap
) -> tuple[float, FloatArray]:
    """Paired bootstrap resampling (sacrebleu ``--paired-bs``, after Moses' significance script).

    Both systems are resampled with the same unit weights; the statistic is the absolute
    difference of the measure in each sample, centred on its mean, compared with the observed
    absolute difference. Returns the p-value and the system's resampled values.
    """
    base, system = np.asarray(base, dtype=np.float64), np.asarray(system, dtype=np.float64)
    weights = settings.weights(base.shape[0])
    base_values, system_values = measure(weights @ base), measure(weights @ system)
    real = float(np.abs(measure(system.sum(axis=0, keepdims=True)) - measure(base.sum(axis=0, keepdims=True)))[0])
    diffs = np.abs(system_values - base_values)
    stats = diffs - np.nanmean(diffs) if np.any(~np.isnan(diffs)) else diffs
    return _p_value(stats, real), system_values


def approximate_randomization(
    base: FloatArray, system: FloatArray, measure: Callable[[FloatArray], FloatArray], trials: int = 10000, seed: int = 12345
) -> float:
    """Paired approximate randomization (sacrebleu ``--paired-ar``, after MultEval).

    In each trial every unit's counts are swapped between the two systems with probability 1/2;
    the statistic is the absolute difference of the measure between the two shuffled systems,
    compared with the observed absolute difference. Returns the p-value.
    """
    base, system = np.asarray(base, dtype=np.float64), np.asarray(system, dtype=np.float64)
    rng = np.random.default_rng(seed)
    swap = rng.integers(2, size=(trials, base.shape[0])).astype(np.float64)
    keep = 1.0 - swap
    shuffled_a = keep @ base + swap @ system
    shuffled_b = swap @ base + keep @ system
    real = float(np.abs(measure(system.sum(axis=0, keepdims=True)) - measure(base.sum(axis=0, keepdims=True)))[0])
    return _p_value(np.abs(measure(shuffled_a) - measure(shuffled_b)), real)


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
    bounds = percentile_interval(measure(resampled_sums(matrix, settings)), settings)
    return bounds if bounds is not None else (float("nan"), float("nan"))


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
