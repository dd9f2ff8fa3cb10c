"""Confidence intervals, per-unit counts, paired tests and the result schema."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from tahaluf.resample import Bootstrap, approximate_randomization, paired_bootstrap
from tahaluf.score import score
from tahaluf.score.dates import DateScores
from tahaluf.score.entities import MODES, EntityScores
from tahaluf.score.quotes import QuoteScores
from tahaluf.score.units import UnitTally, unit_of
from tahaluf.tokens import outermost

from conftest import ROOT, run_cli

TASKS = ("entities", "quotes", "dates")


def write_pred(path, records, task, keep=lambda record, item: True):
    """The gold of ``task`` as a prediction file, keeping the items ``keep`` accepts."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            items = record[task] if task != "entities" else outermost(record[task])
            items = [{k: v for k, v in a.items() if k not in ("id", "parent", "section")} for a in items if keep(record, a)]
            handle.write(json.dumps({"id": record["id"], task: items}, ensure_ascii=False) + "\n")
    return path


def figures(node, path=()):
    """Every figure (a dict with an f1) of a result, with its path; macro averages are figures
    without counts."""
    if isinstance(node, dict):
        if "f1" in node:
            yield path, node
        for key, value in node.items():
            if key != "interval":
                yield from figures(value, (*path, key))


@pytest.mark.parametrize("task", TASKS)
def test_gold_against_itself_gives_every_interval_one_one(tmp_path, records, task):
    result = score(task, write_pred(tmp_path / "p.jsonl", records, task), slices=True)
    seen = 0
    for path, figure in figures({"results": result["results"], "slices": result["slices"]}):
        if figure.get("gold") == 0 and figure.get("predicted") == 0:
            continue  # an empty slice (e.g. nested mentions when only outermost ones are scored)
        for name, bounds in figure["interval"].items():
            if name == "accuracy" and figure.get("matched_pairs") == 0:
                continue
            assert bounds == [1.0, 1.0], (path, name, bounds)
            seen += 1
    assert seen > 30


@pytest.mark.parametrize("task", TASKS)
def test_unit_counts_add_up_to_the_reported_totals(tmp_path, records, task):
    rnd = random.Random(7)
    pred = write_pred(tmp_path / "p.jsonl", records, task, keep=lambda r, a: rnd.random() < 0.6)
    tallies: dict = {}
    result = score(task, pred, tallies_out=tallies)
    tally = tallies["main"]
    assert len(tally.units) == sum(len(r["sections"]) for r in records) == 45
    if task == "entities":
        for mode in MODES:
            for field in ("correct", "incorrect", "partial", "missed", "spurious"):
                assert sum(tally.column(("", mode, field))) == result["results"][mode][field], (mode, field)
    else:
        for mode, figure in result["results"].items():
            if mode in ("per_type", "per_document"):
                continue
            for field in ("correct", "predicted", "gold"):
                assert sum(tally.column(("", mode, field))) == figure[field], (mode, field)


def test_spurious_counts_where_the_prediction_starts_and_pairs_where_the_gold_starts():
    record = {"id": "d", "text": "ابجد هوز حطي كلمن", "sections": [{"id": "s1", "start": 0, "end": 9}, {"id": "s2", "start": 9, "end": 17}]}
    scores = EntityScores()
    scores.tally, scores.unit_at = UnitTally(), unit_of(record, "section")
    gold = [{"start": 5, "end": 12, "type": "PER"}]  # starts in s1, crosses into s2
    pred = [{"start": 7, "end": 12, "type": "PER"}, {"start": 13, "end": 17, "type": "ORG"}]  # overlap from s1; spurious in s2
    scores.add_document("d", record["text"], gold, pred)
    rows = scores.tally.rows
    assert rows["d/s1"][("", "strict", "incorrect")] == 1 and rows["d/s1"][("", "partial", "partial")] == 1
    assert rows["d/s2"][("", "strict", "spurious")] == 1 and ("", "strict", "spurious") not in rows["d/s1"]
    assert rows["d/s1"][("PER", "strict", "incorrect")] == 1 and rows["d/s2"][("ORG", "strict", "spurious")] == 1


def test_quote_tokens_and_date_pairs_are_counted_per_unit():
    sections = [{"id": "a", "start": 0, "end": 13}, {"id": "b", "start": 13, "end": 22}]
    record = {"id": "d", "text": "قال إن الحرب انتهت أمس", "sections": sections}
    quotes = QuoteScores()
    quotes.tally, quotes.unit_at = UnitTally(), unit_of(record, "section")
    cue = {"start": 0, "end": 3}
    gold = [{"start": 4, "end": 18, "kind": "indirect", "cue": cue, "speaker": None}]  # إن الحرب | انتهت
    quotes.add_document("d", record["text"], gold, [{"start": 7, "end": 18, "kind": "indirect", "cue": cue, "speaker": None}])
    rows = quotes.tally.rows
    assert rows["d/a"][("", "content_overlap", "gold")] == 2 and rows["d/b"][("", "content_overlap", "gold")] == 1
    assert rows["d/a"][("", "content_overlap", "correct")] == 1 and rows["d/b"][("", "content_overlap", "correct")] == 1
    assert rows["d/a"][("", "speaker", "pairs")] == 1 and ("", "content_exact", "correct") not in rows["d/a"]
    dates = DateScores()
    dates.tally, dates.unit_at = UnitTally(), unit_of(record, "section")
    dates.add_document("d", record["text"], [{"start": 19, "end": 22, "type": "DATE", "value": "2025-01-01"}], [])
    expected = {("", m, "gold"): 1.0 for m in ("strict", "relaxed", "type", "value")} | {("DATE", "type", "gold"): 1.0}
    assert dates.tally.rows["d/b"] == expected


def test_signature_names_the_bootstrap_and_the_same_seed_gives_the_same_intervals(tmp_path, records):
    rnd = random.Random(3)
    pred = write_pred(tmp_path / "p.jsonl", records, "dates", keep=lambda r, a: rnd.random() < 0.7)
    a = score("dates", pred, bootstrap=Bootstrap(samples=500, seed=11))
    b = score("dates", pred, bootstrap=Bootstrap(samples=500, seed=11))
    c = score("dates", pred, bootstrap=Bootstrap(samples=500, seed=12))
    assert "|bs:500|seed:11|ci:0.95|unit:section|" in a["signature"]
    assert a["results"]["value"]["interval"] == b["results"]["value"]["interval"]
    assert a["results"]["value"]["interval"] != c["results"]["value"]["interval"]
    low, high = a["results"]["value"]["interval"]["f1"]
    assert low < a["results"]["value"]["f1"] < high
    plain = score("dates", pred, bootstrap=None)
    assert "interval" not in plain["results"]["value"] and "|bs:" not in plain["signature"] and plain["bootstrap"] is None


def test_document_units(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "quotes", keep=lambda r, a: a["kind"] != "mixed")
    result = score("quotes", pred, bootstrap=Bootstrap(samples=200, unit="document"))
    assert result["bootstrap"]["units"] == 5 and "|unit:document|" in result["signature"]


# -- paired tests ------------------------------------------------------------------------------


def _f1(sums):
    c, p, g = sums[:, 0], sums[:, 1], sums[:, 2]
    return np.where(p + g > 0, 2 * c / np.maximum(p + g, 1), np.nan)


def test_randomization_p_value_by_hand():
    # two units; the baseline is right on both, the system on neither. Of the four swap patterns,
    # none and both keep the difference at 1, one swap makes it 0: p is close to 1/2
    base = np.array([[1.0, 1, 1], [1, 1, 1]])
    system = np.array([[0.0, 1, 1], [0, 1, 1]])
    p = approximate_randomization(base, system, _f1, trials=4000, seed=5)
    assert 0.46 < p < 0.54


def test_identical_systems_give_p_one_and_the_smallest_p_is_one_over_n_plus_one():
    units = np.array([[c, 1.0, 1.0] for c in (1, 0, 1, 1, 0, 1)])
    settings = Bootstrap(samples=300, seed=1)
    assert paired_bootstrap(units, units, _f1, settings)[0] == 1.0
    assert approximate_randomization(units, units, _f1, trials=300) == 1.0
    perfect, wrong = np.array([[1.0, 1, 1]] * 20), np.array([[0.0, 1, 1]] * 20)
    assert approximate_randomization(perfect, wrong, _f1, trials=300) == pytest.approx(1 / 301)


@pytest.mark.parametrize("task", TASKS)
def test_compare_a_system_with_itself_and_with_a_clearly_worse_one(tmp_path, records, task):
    from tahaluf.score.compare import compare

    full = write_pred(tmp_path / "full.jsonl", records, task)
    flip: dict[str, int] = {}

    def every_other(record, item):
        flip[record["id"]] = flip.get(record["id"], 0) + 1
        return flip[record["id"]] % 2 == 0

    half = write_pred(tmp_path / "half.jsonl", records, task, keep=every_other)
    result = compare(task, [full, full, half], trials=2000)
    same, worse = result["systems"][1]["results"], result["systems"][2]["results"]
    for mode in same:
        assert same[mode]["p_bootstrap"] == 1.0 and same[mode]["p_randomization"] == 1.0, mode
        assert same[mode]["difference"] == 0.0
    headline = {"entities": "strict", "quotes": "content_exact", "dates": "value"}[task]
    assert worse[headline]["difference"] < -0.2
    assert worse[headline]["p_bootstrap"] < 0.05 and worse[headline]["p_randomization"] < 0.05


def test_compare_command_prints_an_aligned_table_and_json(tmp_path, records):
    full = write_pred(tmp_path / "full.jsonl", records, "dates")
    half = write_pred(tmp_path / "half.jsonl", records, "dates", keep=lambda r, a: a["type"] == "DATE" and a["start"] % 2 == 0)
    table = run_cli("compare", "--task", "dates", str(full), str(half), "--mode", "value", "--trials", "500")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "p (paired bs)" in lines[1] and "full.jsonl (baseline)" in lines[3] and "half.jsonl" in lines[4]
    assert lines[1].index("p (paired ar)") + len("p (paired ar)") == len(lines[1]) and len(lines[4]) == len(lines[1])
    assert "|ar:500|" in table.stdout
    data = json.loads(run_cli("compare", "--task", "dates", str(full), str(half), "--trials", "500", "--format", "json").stdout)
    assert data["systems"][0]["baseline"] and set(data["systems"][1]["results"]) == {"strict", "relaxed", "type", "value"}
    assert data["systems"][1]["results"]["value"]["p_randomization"] < 0.05


def test_bad_options_give_one_line_errors(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "dates")
    for args, message in (
        (("score", "--task", "dates", "--pred", str(pred), "--samples", "0"), "--samples"),
        (("score", "--task", "dates", "--pred", str(pred), "--confidence", "95"), "--confidence"),
        (("compare", "--task", "dates", str(pred), str(pred), "--mode", "exact"), "unknown mode"),
        (("compare", "--task", "dates", str(pred), str(tmp_path / "none.jsonl")), "prediction file not found"),
    ):
        result = run_cli(*args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_tables_print_percentages_with_intervals(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "entities", keep=lambda r, a: a["type"] != "NORP")
    out = run_cli("score", "--task", "entities", "--pred", str(pred)).stdout
    assert "scores in percent; 95% CI by bootstrap over 45 sections" in out and "F1 95% CI" in out
    data = json.loads(run_cli("score", "--task", "entities", "--pred", str(pred), "--format", "json").stdout)
    low, high = data["results"]["strict"]["interval"]["f1"]
    assert f"[{100 * low:.2f}, {100 * high:.2f}]" in out
    assert "CI" not in run_cli("score", "--task", "entities", "--pred", str(pred), "--no-confidence").stdout


# -- one JSON shape ----------------------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS)
def test_real_output_validates_against_the_result_schema(tmp_path, records, task):
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schema" / "score-result.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    rnd = random.Random(5)
    pred = write_pred(tmp_path / "p.jsonl", records, task, keep=lambda r, a: rnd.random() < 0.5)
    result = run_cli("score", "--task", task, "--pred", str(pred), "--slices", "--format", "json")
    data = json.loads(result.stdout)
    assert list(validator.iter_errors(data)) == []
    for path, figure in figures(data["results"]):
        if path[-1] == "macro":
            assert set(figure) == {"precision", "recall", "f1", "interval"}
            continue
        assert {"precision", "recall", "f1", "correct", "predicted", "gold", "interval"} <= set(figure)
        assert not {"tp", "n_pred", "n_gold", "actual", "possible"} & set(figure)
    data["results"][next(iter(data["results"]))]["f1"] = 72.5  # a percentage is not a score
    assert list(validator.iter_errors(data))


def test_entity_unit_counts_add_up_overall_and_per_type_on_generated_documents():
    rnd = random.Random(11)
    labels = ["PER", "ORG", "GPE"]
    for _ in range(200):
        gold, position = [], 0
        for _ in range(rnd.randint(0, 12)):
            position += rnd.randint(0, 5)
            length = rnd.randint(1, 8)
            gold.append({"start": position, "end": position + length, "type": rnd.choice(labels)})
            position += length
        pred = []
        for g in gold:
            choice = rnd.randint(0, 5)
            start = g["start"] + (rnd.randint(-2, 2) if choice == 2 else 0)
            end = g["end"] + (rnd.randint(-2, 2) if choice == 3 else 0)
            if choice and end > start >= 0:
                pred.append({"start": start, "end": end, "type": rnd.choice(labels) if choice == 4 else g["type"]})
        for _ in range(rnd.randint(0, 3)):
            start = rnd.randint(0, position + 5)
            pred.append({"start": start, "end": start + rnd.randint(1, 6), "type": rnd.choice(labels)})
        rnd.shuffle(pred)
        scores = EntityScores()
        scores.tally, scores.unit_at = UnitTally(), lambda offset: str(offset // 10)
        scores.add_document("d", "وx" * 100, gold, pred)
        for scope, table in [("", scores.overall), *scores.per_type.items()]:
            for mode in MODES:
                for field in ("correct", "incorrect", "partial", "missed", "spurious"):
                    assert sum(scores.tally.column((scope, mode, field))) == getattr(table[mode], field), (scope, mode, field)
