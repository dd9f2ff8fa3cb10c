"""The prediction reader's fast path is exercised and never accepts what the schema refuses.

The property test in test_score.py draws random structures, which the fast path almost never
accepts; here the lines are the gold's own items (the common case the fast path exists for), then
one field at a time is corrupted.
"""

from __future__ import annotations

import copy
import random

import pytest

from tahaluf.contract import validator
from tahaluf.score.predictions import _fast_valid

DROP = ("id", "parent", "section", "level", "content_form")


def _lines(records, task):
    return [{"id": r["id"], task: [{k: v for k, v in x.items() if k not in DROP} for x in r[task]]} for r in records]


@pytest.mark.parametrize("task", ["entities", "quotes", "dates"])
def test_gold_lines_take_the_fast_path(records, task):
    for line in _lines(records, task):
        assert _fast_valid(task, line), line["id"]
        assert list(validator(f"prediction-{task}").iter_errors(line)) == []


CORRUPTIONS = {
    "entities": [("type", "PERSON"), ("start", -1), ("end", "3"), ("entity_id", "Not A Slug"), ("extra", 1)],
    "quotes": [("kind", "reported"), ("cue", {"start": 1}), ("speaker", "Ian McCary"), ("source", {"start": 0, "end": 2, "x": 1})],
    "dates": [("mod", "SOMETIMES"), ("mod", "approx"), ("type", "date"), ("value", 2024), ("start", 1.5)],
}


@pytest.mark.parametrize("task", ["entities", "quotes", "dates"])
def test_a_corrupted_field_never_passes_the_fast_path_alone(records, task):
    rnd = random.Random(7)
    schema = validator(f"prediction-{task}")
    lines = [line for line in _lines(records, task) if line[task]]
    for key, bad in CORRUPTIONS[task]:
        line = copy.deepcopy(rnd.choice(lines))
        line[task][rnd.randrange(len(line[task]))][key] = bad
        assert list(schema.iter_errors(line)), (key, bad)  # the schema refuses it ...
        assert not _fast_valid(task, line), (key, bad)  # ... and so does the fast path


def test_every_timex_mod_the_schema_allows_passes_and_no_other():
    from tahaluf.contract import timex_mods

    base = {"id": "tahaluf-000", "dates": [{"start": 0, "end": 4, "type": "DATE", "value": "2024"}]}
    for mod in (*timex_mods(), None):
        line = copy.deepcopy(base)
        line["dates"][0]["mod"] = mod
        assert _fast_valid("dates", line), mod
    for mod in ("", "START ", "Approx", "NOW"):
        line = copy.deepcopy(base)
        line["dates"][0]["mod"] = mod
        assert not _fast_valid("dates", line), mod


def test_tempeval_attribute_f1_is_accuracy_times_relaxed_f1():
    from tahaluf.score.dates import DateScores

    text = "x" * 100
    gold = [
        {"start": 0, "end": 10, "type": "DATE", "value": "2024", "mod": None},
        {"start": 20, "end": 30, "type": "DATE", "value": "2024-05", "mod": None},
        {"start": 40, "end": 50, "type": "DURATION", "value": "P1D", "mod": None},
        {"start": 60, "end": 70, "type": "DATE", "value": "2023", "mod": None},
    ]
    pred = [
        {"start": 0, "end": 10, "type": "DATE", "value": "2024", "mod": None},  # exact, same value
        {"start": 22, "end": 30, "type": "DATE", "value": "2024-06", "mod": None},  # overlap, other value
        {"start": 40, "end": 45, "type": "DATE", "value": "P1D", "mod": None},  # overlap, same value, other type
        {"start": 80, "end": 90, "type": "DATE", "value": "2020", "mod": None},  # spurious
    ]
    scores = DateScores()
    scores.add_document("d", text, gold, pred)
    res = scores.results()
    # relaxed: 3 pairs of 4 predicted and 4 gold -> P = R = F1 = 3/4; strict: 1 pair -> 1/4
    assert res["relaxed"]["f1"] == pytest.approx(0.75) and res["strict"]["f1"] == pytest.approx(0.25)
    # value: 2 of the 3 pairs agree -> accuracy 2/3, F1 = 2/3 * 3/4 = 1/2; type: 2 of 3 -> 1/2
    assert res["value"]["accuracy"] == pytest.approx(2 / 3) and res["value"]["f1"] == pytest.approx(0.5)
    assert res["type"]["f1"] == pytest.approx(0.5)
