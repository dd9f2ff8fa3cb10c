"""``score`` reads the gold once and each prediction line once, and keeps per-document entity
figures as counts until they are read."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def test_figures_read_from_blocks_of_rows_without_copying_them():
    import numpy as np

    counts = np.arange(6 * 25, dtype=np.int32).reshape(6, 25)
    blocks = [counts[0:2], counts[2:2], counts[2:5], counts[5:6]]  # an empty block among them
    ids = [f"d{i}" for i in range(6)]
    lazy = DocumentFigures(ids, blocks)
    assert [lazy[doc]["strict"]["correct"] for doc in ids] == [25 * i for i in range(6)]
    assert lazy == DocumentFigures(ids, counts)
    blocks[0][1, 0] = 999  # the blocks are used as they are, not copied
    assert lazy["d1"]["strict"]["correct"] == 999
    assert DocumentFigures([], []) == {} == DocumentFigures([], [np.zeros((0, 25), dtype=np.int32)])


def test_figures_follow_their_documents_when_the_dict_is_changed_or_an_id_repeats():
    import numpy as np

    counts = np.arange(4 * 25, dtype=np.int32).reshape(4, 25)
    figures = DocumentFigures(["a", "b", "c", "d"], counts)
    del figures["a"]
    figures["e"] = {"note": 1}
    got = dict(figures.items())
    assert list(got) == ["b", "c", "d", "e"]
    assert [got[doc]["strict"]["correct"] for doc in "bcd"] == [25, 50, 75] and got["e"] == {"note": 1}
    repeated = DocumentFigures(["a", "b", "a"], counts[:3])  # an id given twice: its last row, as a dict keeps the last value
    assert list(repeated) == ["a", "b"]
    assert [value["strict"]["correct"] for value in repeated.values()] == [50, 25]
    assert repeated["a"]["strict"]["correct"] == 50
    many = DocumentFigures(["a"] * 30 + ["b"] * 30, np.arange(60 * 25, dtype=np.int32).reshape(60, 25))
    assert many["a"]["strict"]["correct"] == 29 * 25 and many["b"]["strict"]["correct"] == 59 * 25
    assert repr(dict.__getitem__(many, "a")) == "<figures built when read>"  # what a dict holds until a figure is read


def test_figures_of_ids_whose_hashes_meet_are_told_apart(monkeypatch):
    import numpy as np

    import tahaluf.score.entities as entities

    monkeypatch.setattr(entities, "hash", lambda doc: 7, raising=False)  # every id has the same hash
    figures = DocumentFigures(["a", "b", "c"], np.arange(3 * 25, dtype=np.int32).reshape(3, 25))
    assert [figures[doc]["strict"]["correct"] for doc in ("c", "a", "b")] == [50, 0, 25]


def test_a_serializer_reading_the_storage_refuses_rather_than_writes_a_wrong_value():
    """orjson reads a dict subclass's storage, not ``items()``: it must fail, not write row numbers."""
    import numpy as np

    orjson = pytest.importorskip("orjson")
    figures = DocumentFigures(["a"], np.zeros((1, 25), dtype=np.int32))
    with pytest.raises(TypeError):
        orjson.dumps(figures)
    assert orjson.loads(orjson.dumps(dict(figures))) == json.loads(json.dumps(figures))


def _reference(gold: list[str], lines: list[str]) -> tuple[dict, list]:
    """What the reader must give: each gold id's first line, and the faults in line order."""
    first: dict[str, int] = {}
    faults = []
    for number, doc in enumerate(lines, start=1):
        if doc in first:
            faults.append((number, doc, f"document already given on line {first[doc]}"))
        else:
            first[doc] = number
            if doc not in gold:
                faults.append((number, doc, "unknown document id (not in the gold)"))
    return {doc: first.get(doc) for doc in gold}, faults


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.lists(st.sampled_from([f"tahaluf-00{n}" for n in range(1, 5)] + ["tahaluf-901", "tahaluf-902"]), max_size=12),
    collide=st.booleans(),
)
def test_the_reader_takes_first_lines_and_names_repeated_and_unknown_ids(tmp_path, monkeypatch, order, collide):
    """Any order of lines, with ids given twice and ids not in the gold, against a plain model; with
    ``collide``, every id has the same hash, so each line is told apart by its real id."""
    from tahaluf.score import predictions

    monkeypatch.setattr(predictions, "_id_hash", (lambda doc: 7) if collide else hash)
    gold = [f"tahaluf-00{n}" for n in range(1, 5)]
    path = tmp_path / "p.jsonl"
    lines = (json.dumps({"id": doc, "entities": [{"start": n, "end": n + 1, "type": "PER"}]}) for n, doc in enumerate(order))
    path.write_text("".join(line + "\n" for line in lines))
    reader = predictions.Reader(path, "entities")
    taken = {}
    for doc in gold:
        got = reader.take(doc)
        taken[doc] = None if got is None else got[0]
        if got is not None:  # the items are those of that line
            assert got[1] == [{"start": got[0] - 1, "end": got[0], "type": "PER"}]
    reader.finish()
    expected_taken, expected_faults = _reference(gold, order)
    assert taken == expected_taken
    if order:
        assert [(p.line, p.doc, p.message) for p in reader.problems] == expected_faults
    else:
        assert [p.message for p in reader.problems] == ["the file is empty (no JSON object on any line)"]
