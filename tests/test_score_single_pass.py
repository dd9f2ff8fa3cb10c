"""``score`` reads the gold once and each prediction line once, and keeps per-document entity
figures as counts until they are read."""

from __future__ import annotations

import copy
import json
import pickle

import pytest

import tahaluf.release
from tahaluf.score import PredictionError, score
from tahaluf.score.entities import DocumentFigures
from tahaluf.tokens import outermost


def _lines(records, keep=lambda i: i % 3 != 0):
    out = []
    for record in records:
        items = [{"start": m["start"], "end": m["end"], "type": m["type"]} for i, m in enumerate(outermost(record["entities"])) if keep(i)]
        out.append(json.dumps({"id": record["id"], "entities": items}, ensure_ascii=False))
    return out


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _Counting:
    """Counts the calls of a function (to see how often files are read and lines parsed)."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def test_each_file_is_read_once_when_the_predictions_follow_the_gold(tmp_path, records, monkeypatch):
    pred = _write(tmp_path / "p.jsonl", _lines(records))
    gold_reads, parses = _Counting(tahaluf.release.iter_values), _Counting(tahaluf.release.loads)
    monkeypatch.setattr(tahaluf.release, "iter_values", gold_reads)
    monkeypatch.setattr(tahaluf.release, "loads", parses)
    score("entities", pred, bootstrap=None)
    assert gold_reads.calls == 1
    assert parses.calls == len(records)


def test_predictions_in_another_order_give_the_same_result(tmp_path, records, monkeypatch):
    lines = _lines(records)
    in_order = score("entities", _write(tmp_path / "a.jsonl", lines), bootstrap=None)
    parses = _Counting(tahaluf.release.loads)
    monkeypatch.setattr(tahaluf.release, "loads", parses)
    reversed_ = score("entities", _write(tmp_path / "b.jsonl", lines[::-1]), bootstrap=None)
    assert parses.calls > len(records)  # lines met before their turn are parsed again
    assert in_order["results"] == reversed_["results"]
    assert list(reversed_["results"]["per_document"]) == [r["id"] for r in records]  # gold order


def test_faults_found_while_reading_name_their_lines_in_order(tmp_path, records):
    lines = _lines(records)
    bad = [lines[1], '{"id": "tahaluf-999", "entities": []}', lines[0], lines[1], "{not json"]
    with pytest.raises(PredictionError) as err:
        score("entities", _write(tmp_path / "p.jsonl", bad), bootstrap=None, allow_missing=True)
    found = [(p.line, p.doc, p.message.split(" (")[0]) for p in err.value.problems]
    assert found == [
        (2, "tahaluf-999", "unknown document id"),
        (4, records[1]["id"], "document already given on line 1"),
        (5, "-", "invalid JSON: Expecting property name enclosed in double quotes at column 2"),
    ]


def test_a_missing_document_is_reported_after_the_file_is_read(tmp_path, records):
    with pytest.raises(PredictionError) as err:
        score("entities", _write(tmp_path / "p.jsonl", _lines(records)[1:]), bootstrap=None)
    assert f"document {records[0]['id']} is missing" in err.value.problems[0].message
    result = score("entities", _write(tmp_path / "p.jsonl", _lines(records)[1:]), bootstrap=None, allow_missing=True)
    assert result["missing"] == [records[0]["id"]]


def test_per_document_figures_are_a_dict_in_every_way_that_is_read(tmp_path, records):
    result = score("entities", _write(tmp_path / "p.jsonl", _lines(records)), bootstrap=None)
    figures = result["results"]["per_document"]
    assert isinstance(figures, DocumentFigures) and isinstance(figures, dict)
    plain = {doc: value for doc, value in figures.items()}
    assert list(plain) == [r["id"] for r in records]
    assert figures == plain and plain == figures and dict(figures) == plain and {**figures} == plain
    assert json.loads(json.dumps(figures)) == plain == json.loads(json.dumps(figures, indent=1))
    assert pickle.loads(pickle.dumps(figures)) == plain and copy.deepcopy(figures) == plain
    assert figures.get("nope") is None and figures.get(records[0]["id"]) == plain[records[0]["id"]]
    strict = plain[records[0]["id"]]["strict"]
    assert strict["correct"] + strict["missed"] == strict["gold"] == len(outermost(records[0]["entities"]))


def test_per_document_figures_keep_their_intervals(tmp_path, records):
    result = score("entities", _write(tmp_path / "p.jsonl", _lines(records)))
    document = result["results"]["per_document"][records[0]["id"]]
    assert set(document["strict"]["interval"]) == {"precision", "recall", "f1"}
    assert "interval" in json.loads(json.dumps(result))["results"]["per_document"][records[0]["id"]]["strict"]


def test_figures_built_when_read_are_not_stored_unless_asked():
    import numpy as np

    counts = np.arange(50, dtype=np.int32).reshape(2, 25)
    lazy, kept = DocumentFigures(["a", "b"], counts), DocumentFigures(["a", "b"], counts, keep=True)
    lazy["a"]["strict"]["note"] = 1
    kept["a"]["strict"]["note"] = 1
    assert "note" not in lazy["a"]["strict"] and kept["a"]["strict"]["note"] == 1
    assert lazy["b"]["exact"]["correct"] == 30 and lazy["b"]["clitic"]["spurious"] == 49


def test_a_serializer_reading_the_storage_refuses_rather_than_writes_a_wrong_value():
    """orjson reads a dict subclass's storage, not ``items()``: it must fail, not write row numbers."""
    import numpy as np

    orjson = pytest.importorskip("orjson")
    figures = DocumentFigures(["a"], np.zeros((1, 25), dtype=np.int32))
    with pytest.raises(TypeError):
        orjson.dumps(figures)
    assert orjson.loads(orjson.dumps(dict(figures))) == json.loads(json.dumps(figures))
