"""tahaluf.spans: PRF on the empty cases and the pairing helpers, with hand-computed values."""

from __future__ import annotations

from tahaluf.spans import PRF, pair_exact


def test_prf_empty_against_empty_is_perfect():
    # nothing to find and nothing predicted: no error was made
    assert (PRF(0, 0, 0).precision, PRF(0, 0, 0).recall, PRF(0, 0, 0).f1) == (1.0, 1.0, 1.0)


def test_prf_one_side_empty_is_zero():
    assert (PRF(0, 3, 0).precision, PRF(0, 3, 0).recall, PRF(0, 3, 0).f1) == (0.0, 0.0, 0.0)
    assert (PRF(0, 0, 2).precision, PRF(0, 0, 2).recall, PRF(0, 0, 2).f1) == (0.0, 0.0, 0.0)


def test_prf_hand_computed():
    # 2 of 4 predictions correct, 2 of 5 gold found: P = 1/2, R = 2/5, F1 = 2PR/(P+R) = 0.4/0.9 = 4/9
    prf = PRF(2, 4, 5)
    assert (prf.precision, prf.recall) == (0.5, 0.4)
    assert abs(prf.f1 - 4 / 9) < 1e-12


def test_pair_exact_pairs_left_with_right_one_to_one():
    left = [(0, 3, "a"), (0, 3, "b"), (5, 7, "c")]
    right = [(0, 3, "x"), (9, 9, "y")]
    assert pair_exact(left, right, key=lambda item: item[:2]) == [((0, 3, "a"), (0, 3, "x"))]
