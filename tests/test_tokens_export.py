"""The token view, its alignment rule, and the exports (CoNLL, brat, TimeML, Parquet)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tahaluf.export import ExportError, _doc_file, read_conll
from tahaluf.tokens import outermost, spans_from_tags, tokenize, units

from conftest import DATASET, run_cli


def test_tokenizer_keeps_diacritics_and_splits_punctuation():
    text = "قال: التحالف الدولي باقٍ «داعش»."
    tokens = [text[a:b] for a, b in tokenize(text, 0, len(text))]
    assert tokens == ["قال", ":", "التحالف", "الدولي", "باقٍ", "«", "داعش", "»", "."]


def test_proclitic_token_is_split_at_the_mention_boundary():
    record = {
        "id": "tahaluf-900",
        "text": "المبعوث للتحالف الدولي",
        "entities": [{"start": 9, "end": 22, "type": "ORG", "text": "لتحالف الدولي", "parent": None}],
    }
    (unit,) = units(record)
    assert unit.tokens == ["المبعوث", "ل", "لتحالف", "الدولي"]
    assert unit.tags == ["O", "O", "B-ORG", "I-ORG"]
    assert spans_from_tags(unit.offsets, unit.tags) == [(9, 22, "ORG")]


def test_char_spans_to_iob2_and_back_round_trip_for_every_mention(records):
    checked = 0
    for record in records:
        expected = {(m["start"], m["end"], m["type"]) for m in outermost(record["entities"])}
        found = set()
        for unit in units(record):
            assert len(unit.tokens) == len(unit.offsets) == len(unit.tags)
            assert all(record["text"][a:b] == tok for tok, (a, b) in zip(unit.tokens, unit.offsets))
            found |= set(spans_from_tags(unit.offsets, unit.tags))
        assert found == expected, record["id"]
        checked += len(expected)
    assert checked == sum(len(outermost(r["entities"])) for r in records) > 500


def test_iob2_is_well_formed_for_seqeval(records):
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2, Entities

    sequences = [unit.tags for record in records for unit in units(record)]
    for tags in sequences:
        for previous, tag in zip(["O", *tags], tags):
            if tag.startswith("I-"):
                assert previous in (f"B-{tag[2:]}", tag), tags
    entities = Entities(sequences, IOB2)
    assert sum(1 for _ in entities.entities for _ in _) == sum(len(outermost(r["entities"])) for r in records)
    assert f1_score(sequences, sequences, mode="strict", scheme=IOB2) == 1.0


def test_conll_export_is_read_back_by_seqeval(tmp_path, records):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2, Entities

    result = run_cli("export", "--format", "conll", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    read = read_conll(tmp_path / "tahaluf.conll")
    expected = [unit for record in records for unit in units(record)]
    assert [u[0] for u in read] == [u.id for u in expected]
    assert [u[1] for u in read] == [u.tokens for u in expected]
    tags = [u[2] for u in read]
    Entities(tags, IOB2)
    report = classification_report(tags, tags, mode="strict", scheme=IOB2, output_dict=True)
    assert report["micro avg"]["f1-score"] == 1.0


def test_timeml_export_parses_with_one_timex3_per_gold_date(tmp_path, records):
    assert run_cli("export", "--format", "timeml", "--out", str(tmp_path)).returncode == 0
    for record in records:
        root = ET.parse(tmp_path / f"{record['id']}.tml").getroot()
        timexes = root.find("TEXT").findall("TIMEX3")
        assert len(timexes) == len(record["dates"])
        for element, date in zip(timexes, sorted(record["dates"], key=lambda d: d["start"])):
            assert (element.get("tid"), element.get("type"), element.get("value"), element.text) == (
                date["id"],
                date["type"],
                date["value"],
                date["text"],
            )
        assert "".join(root.find("TEXT").itertext()) == record["text"]


def test_brat_export_offsets_match_the_text(tmp_path, records):
    assert run_cli("export", "--format", "brat", "--out", str(tmp_path)).returncode == 0
    for record in records:
        text = (tmp_path / f"{record['id']}.txt").read_bytes().decode("utf-8")
        assert text == record["text"]
        bound = 0
        for line in (tmp_path / f"{record['id']}.ann").read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, middle, surface = line.split("\t")
                _, start, end = middle.split(" ")
                assert text[int(start) : int(end)] == surface
                bound += 1
        quotes = sum(1 + 1 + (q["source"] is not None) for q in record["quotes"])
        assert bound == len(record["entities"]) + quotes
    assert (tmp_path / "annotation.conf").is_file()


def test_parquet_export_copies_every_config(tmp_path):
    assert run_cli("export", "--format", "parquet", "--out", str(tmp_path)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{c}.parquet" for c in ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
    )


@pytest.mark.parametrize("doc_id", ["../evil", "tahaluf-000/../../x", "/etc/passwd", "tahaluf-00000000", "tahaluf-12a"])
def test_export_never_writes_outside_the_output_folder(tmp_path, doc_id):
    with pytest.raises(ExportError):
        _doc_file(tmp_path, doc_id, ".txt")


def test_export_unknown_format_is_a_clear_error(tmp_path):
    result = run_cli("export", "--format", "xml", "--out", str(tmp_path))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_dataset_folder_has_the_exports_inputs():
    assert (DATASET / "data" / "ner" / "test.parquet").is_file()
