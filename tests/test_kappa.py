"""Cohen's kappa of the agreement measures on hand-computed cases."""

from __future__ import annotations

import pytest

from tahaluf.agree.measures import kappa_measure
from tahaluf.resample import Bootstrap

SMALL = Bootstrap(samples=50, seed=1)


def test_kappa_of_systematic_disagreement_is_minus_one():
    # (yes, no), (no, yes): p_o = 0, p_e = (1*1 + 1*1) / 4 = 1/2, kappa = (0 - 1/2) / (1 - 1/2) = -1
    assert kappa_measure(1, [(0, "yes", "no"), (0, "no", "yes")]).evaluate(SMALL)["value"] == pytest.approx(-1.0)


def test_kappa_at_chance_is_zero():
    # a: yes yes no no; b: yes no yes no. p_o = 1/2, p_e = (2*2 + 2*2) / 16 = 1/2, kappa = 0
    pairs = [(0, "yes", "yes"), (0, "yes", "no"), (0, "no", "yes"), (0, "no", "no")]
    assert kappa_measure(1, pairs).evaluate(SMALL)["value"] == pytest.approx(0.0)


def test_kappa_three_labels():
    # a: A A B C; b: A B B C. p_o = 3/4; p_e = (2*1 + 1*2 + 1*1) / 16 = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11
    pairs = [(0, "A", "A"), (0, "A", "B"), (0, "B", "B"), (0, "C", "C")]
    assert kappa_measure(1, pairs).evaluate(SMALL)["value"] == pytest.approx(7 / 11)
