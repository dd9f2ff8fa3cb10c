"""Bootstrap resampling: weights, intervals, reproducibility."""

from __future__ import annotations

import numpy as np

from tahaluf.resample import Bootstrap, f1_of, interval, ratio_of, resampled_sums


def test_every_sample_draws_as_many_units_as_there_are():
    weights = Bootstrap(samples=50, seed=3).weights(7)
    assert weights.shape == (50, 7)
    assert np.all(weights.sum(axis=1) == 7)
    assert weights.min() >= 0 and weights.max() <= 7


def test_same_seed_same_interval_other_seed_other_interval():
    counts = [[c, 1, 1] for c in (1, 0, 1, 1, 0, 1, 0, 1, 1, 1)]
    a = interval(counts, f1_of(0, 1, 2), Bootstrap(samples=200, seed=1))
    b = interval(counts, f1_of(0, 1, 2), Bootstrap(samples=200, seed=1))
    c = interval(counts, f1_of(0, 1, 2), Bootstrap(samples=200, seed=2))
    assert a == b and a != c
    assert 0.0 <= a[0] < 0.7 < a[1] <= 1.0


def test_perfect_agreement_gives_a_degenerate_interval():
    counts = [[3, 3, 3], [1, 1, 1], [0, 0, 0], [5, 5, 5]]
    assert interval(counts, f1_of(0, 1, 2), Bootstrap(samples=100)) == (1.0, 1.0)


def test_resampled_sums_are_weighted_sums():
    settings = Bootstrap(samples=5, seed=9)
    counts = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    assert np.allclose(resampled_sums(counts, settings), settings.weights(3) @ counts)


def test_f1_and_ratio_edge_cases():
    sums = np.array([[0.0, 0.0, 0.0], [0.0, 2.0, 0.0], [1.0, 2.0, 2.0]])
    assert f1_of(0, 1, 2)(sums).tolist() == [1.0, 0.0, 0.5]
    assert ratio_of(0, 1)(sums).tolist() == [1.0, 0.0, 0.5]
    assert ratio_of(0, 1, empty=0.0)(sums)[0] == 0.0


def test_no_units_gives_nan():
    low, high = interval(np.zeros((0, 3)), f1_of(0, 1, 2), Bootstrap(samples=10))
    assert np.isnan(low) and np.isnan(high)


def test_signature_names_the_settings():
    assert Bootstrap(samples=1000, seed=7, unit="sentence").signature() == "bs:1000|seed:7|ci:0.95|unit:sentence"
