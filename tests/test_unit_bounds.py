"""No resampling unit holds more correct items than predicted or gold ones, so a resampled
precision or recall stays within 0 and 1, whatever the sections the spans cross.

Random gold and predictions on the two-section document of ``test_unit_counts`` (hypothesis),
scored through :func:`tahaluf.score.score` with ``tallies_out``: every row of every unit is checked, and every
interval of the results lies in [0, 1].
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_unit_counts import run

WORDS = [(0, 2), (3, 5), (6, 8), (9, 11), (12, 14), (15, 17), (18, 20), (21, 23)]

spans = st.tuples(st.integers(0, 7), st.integers(0, 3)).map(lambda t: (WORDS[t[0]][0], WORDS[min(t[0] + t[1], 7)][1]))


def date(span: tuple[int, int], type_: str, value: str) -> dict[str, Any]:
    return {"start": span[0], "end": span[1], "type": type_, "value": value}


dates = st.lists(st.builds(date, spans, st.sampled_from(["DATE", "TIME"]), st.sampled_from(["2024", "2025"])), max_size=5)


def quote(span: tuple[int, int], cue: tuple[int, int], speaker: str) -> dict[str, Any]:
    return {"start": span[0], "end": span[1], "kind": "direct", "cue": {"start": cue[0], "end": cue[1]}, "speaker": speaker}


quotes = st.lists(st.builds(quote, spans, spans, st.sampled_from(["x", "y"])), max_size=4)


def rows(tmp_path: Path, task: str, gold: list[dict], pred: list[dict], profile: str) -> tuple[dict, dict]:
    """The unit rows and results of one document (the two-section document of test_unit_counts)."""
    with_ids = [dict(item, id=f"{task[0]}{i}", source=None) if task == "quotes" else dict(item, id=f"t{i}") for i, item in enumerate(gold)]
    return run(tmp_path, task, with_ids, pred, profile=profile)


def check(unit_rows: dict, results: dict, citron: bool = False) -> None:
    for unit, row in unit_rows.items():
        for (scope, mode, column), value in row.items():
            if citron and mode.endswith("_overlap"):
                continue  # Citron's overlap counts sum every predicted-gold overlap: reproduced as Citron computes them (see below)
            if column == "correct":
                for other in ("predicted", "gold"):
                    assert value <= row.get((scope, mode, other), 0), (unit, scope, mode, other, row)
    for mode, figure in results.items():
        if isinstance(figure, dict) and not (citron and mode.endswith("_overlap")):
            for name, interval in (figure.get("interval") or {}).items():
                if interval is not None:  # None: undefined on this sample (no item at all)
                    assert 0 <= interval[0] <= interval[1] <= 1, (mode, name, interval)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(gold=dates, pred=dates)
def test_date_units_never_hold_more_correct_than_predicted(tmp_path, gold, pred):
    check(*rows(tmp_path, "dates", gold, pred, "native"))


@SETTINGS
@given(gold=quotes, pred=quotes, profile=st.sampled_from(["native", "parc", "citron"]))
def test_quote_units_never_hold_more_correct_than_predicted(tmp_path, gold, pred, profile):
    check(*rows(tmp_path, "quotes", gold, pred, profile), citron=profile == "citron")


def test_citron_overlap_counts_every_pair_as_citron_does(tmp_path):
    """Under ``citron`` the overlap measures are Citron's: the tokens shared by every predicted and
    gold span, summed over all pairs, so two predictions of one gold quote make a recall of 2."""
    gold = [quote((0, 2), (3, 5), "x")]
    _, results = rows(tmp_path, "quotes", gold, gold * 2, "citron")
    assert results["content_overlap"]["recall"] == 2.0 and results["cue_exact"]["recall"] == 1.0
