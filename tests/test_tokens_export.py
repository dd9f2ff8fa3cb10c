"""The token view, its alignment rule, and the exports (CoNLL, brat, TimeML, Parquet)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tahaluf.export import ExportError, _doc_file, read_conll
from tahaluf.score import score
from tahaluf.tokens import outermost, spans_from_tags, tokenize, units

from conftest import DATASET, run_cli


def test_tokenizer_keeps_diacritics_and_splits_punctuation():
    text = "قال: التحالف الدولي باقٍ «داعش»."
    tokens = [text[a:b] for a, b in tokenize(text, 0, len(text))]
    assert tokens == ["قال", ":", "التحالف", "الدولي", "باقٍ", "«", "داعش", "»", "."]


RECORD = {
    "id": "tahaluf-900",
    "text": "المبعوث للتحالف الدولي",
    "entities": [{"start": 9, "end": 22, "type": "ORG", "text": "لتحالف الدولي", "level": "NAM", "parent": None}],
}


def test_word_view_tags_the_whole_word_after_a_proclitic():
    (unit,) = units(RECORD)
    assert unit.tokens == ["المبعوث", "للتحالف", "الدولي"]
    assert unit.offsets == [(0, 7), (8, 15), (16, 22)]
    assert unit.tags == ["O", "B-ORG", "I-ORG"]
    # lossy exactly there: the span read back starts at the word, one proclitic (ل) before the gold start
    assert spans_from_tags(unit.offsets, unit.tags) == [(8, 22, "ORG")]


def test_clitic_view_is_split_at_the_mention_boundary_when_asked_for():
    (unit,) = units(RECORD, view="clitic")
    assert unit.tokens == ["المبعوث", "ل", "لتحالف", "الدولي"]
    assert unit.tags == ["O", "O", "B-ORG", "I-ORG"]
    assert spans_from_tags(unit.offsets, unit.tags) == [(9, 22, "ORG")]
    with pytest.raises(ValueError, match="unknown token view"):
        units(RECORD, view="bpe")


def test_tokenizer_keeps_the_shadda_and_splits_hashtags():
    text = "الأميركيّة #بغداد_اين"
    assert [text[a:b] for a, b in tokenize(text, 0, len(text))] == ["الأميركيّة", "#", "بغداد", "_", "اين"]


def test_clitic_view_round_trip_is_exact_for_every_mention(records):
    checked = 0
    for record in records:
        expected = {(m["start"], m["end"], m["type"]) for m in outermost(record["entities"])}
        found = set()
        for unit in units(record, view="clitic"):
            assert len(unit.tokens) == len(unit.offsets) == len(unit.tags)
            assert all(record["text"][a:b] == tok for tok, (a, b) in zip(unit.tokens, unit.offsets))
            found |= set(spans_from_tags(unit.offsets, unit.tags))
        assert found == expected, record["id"]
        checked += len(expected)
    assert checked == sum(len(outermost(r["entities"])) for r in records) > 500


def test_word_view_round_trip_loses_exactly_the_attached_proclitics(records):
    """Read back from the word view, a mention comes back unchanged unless it starts inside a word;
    then it comes back from the start of that word, and the extra characters are proclitics."""
    from tahaluf.clitics import PROCLITICS

    unchanged = changed = 0
    for record in records:
        text = record["text"]
        found = {}
        for unit in units(record):
            assert all(text[a:b] == tok for tok, (a, b) in zip(unit.tokens, unit.offsets))
            found.update({(e, t): s for s, e, t in spans_from_tags(unit.offsets, unit.tags)})
        for m in outermost(record["entities"]):
            start = found.pop((m["end"], m["type"]))
            if start == m["start"]:
                assert m["start"] == 0 or not text[m["start"] - 1].isalpha()
                unchanged += 1
            else:
                assert start < m["start"] and set(text[start : m["start"]]) <= PROCLITICS, m
                changed += 1
        assert not found
    assert changed == sum(1 for r in records for m in outermost(r["entities"]) if m["start"] > 0 and r["text"][m["start"] - 1].isalpha())
    assert unchanged > 500 and changed > 0


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
        spans = []
        for line in (tmp_path / f"{record['id']}.ann").read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, middle, surface = line.split("\t")
                _, start, end = middle.split(" ")
                assert text[int(start) : int(end)] == surface
                spans.append((int(start), int(end)))
        assert len(spans) == len(set(spans))  # no two text-bound annotations share a span
        roles = {(q[r]["start"], q[r]["end"]) for q in record["quotes"] for r in ("cue", "source") if q[r]}
        expected = {(a["start"], a["end"]) for layer in ("entities", "quotes", "dates") for a in record[layer]} | roles
        assert set(spans) == expected
    assert (tmp_path / "annotation.conf").is_file()


def test_brat_export_is_accepted_by_pybrat_strict_and_bratly(tmp_path, records):
    from bratly.io import read_document_collection_from_folder
    from pybrat.parser import BratParser

    assert run_cli("export", "--format", "brat", "--out", str(tmp_path)).returncode == 0
    examples = {e.id: e for e in BratParser(error="raise").parse(tmp_path)}
    for record in records:
        example = examples[record["id"]]
        by_id = {e.id: e for e in example.entities}
        timex = [e for e in example.entities if e.type == "TIMEX3"]
        assert sorted((e.start, e.end) for e in timex) == sorted((d["start"], d["end"]) for d in record["dates"])
        relations = {(r.type, (r.arg1.start, r.arg1.end), (r.arg2.start, r.arg2.end)) for r in example.relations}
        for q in record["quotes"]:
            assert ("Cue_of", (q["cue"]["start"], q["cue"]["end"]), (q["start"], q["end"])) in relations
            if q["source"]:
                assert ("Source_of", (q["source"]["start"], q["source"]["end"]), (q["start"], q["end"])) in relations
        assert sum(r.type == "Nested_in" for r in example.relations) == sum(q["parent"] is not None for q in record["quotes"])
        assert len(by_id) == len(example.entities)
    collection = read_document_collection_from_folder(str(tmp_path), no_duplicates_ann=False, renumerotize_ann=False)
    assert collection is not None and len(collection.documents) == len(records)
    for document in collection.documents:
        record = next(r for r in records if document.fullpath.endswith(r["id"] + ".txt"))
        (annotations,) = document.annotation_collections
        attributes = [a for a in annotations.annotations if type(a).__name__ == "AttributeAnnotation" and a.label == "value"]
        expected = sorted((d["start"], d["value"]) for d in record["dates"])
        assert sorted((a.component.get_start(), a.values[0]) for a in attributes) == expected
        written = (tmp_path / f"{record['id']}.ann").read_text(encoding="utf-8").splitlines()
        assert len(annotations.annotations) == len(written)


def test_parquet_export_writes_label_names(tmp_path, records):
    import pyarrow.parquet as pq

    assert run_cli("export", "--format", "parquet", "--out", str(tmp_path)).returncode == 0
    ner = pq.read_table(tmp_path / "ner.parquet").to_pylist()
    assert ner[0]["tokens"][:3] == units(records[0])[0].tokens[:3]
    assert ner[0]["ner_tags"] == units(records[0])[0].tags
    entities = pq.read_table(tmp_path / "entities.parquet").to_pylist()
    assert [m["type"] for m in entities[0]["entities"]] == [m["type"] for m in records[0]["entities"]]
    assert [m["level"] for m in entities[0]["entities"]][:3] == [m["level"] for m in records[0]["entities"]][:3]
    quotes = pq.read_table(tmp_path / "quotes.parquet").to_pylist()
    assert {q["kind"] for r in quotes for q in r["quotes"]} <= {"direct", "indirect", "mixed"}


def test_conll_hash_token_survives_a_comment_skipping_reader(tmp_path, records):
    assert run_cli("export", "--format", "conll", "--out", str(tmp_path)).returncode == 0
    lines = (tmp_path / "tahaluf.conll").read_text(encoding="utf-8").split("\n")
    assert "\\#\tO" in lines
    kept = [line for line in lines if line and not line.startswith("#")]  # what a comment-skipping reader keeps
    expected = [t for record in records for unit in units(record) for t in unit.tokens]
    assert len(kept) == len(expected) and "#" in expected
    assert [u for _, tokens, _ in read_conll(tmp_path / "tahaluf.conll") for u in tokens] == expected


def test_conll_export_in_the_clitic_view_with_the_wojood_profile(tmp_path, records):
    assert run_cli("export", "--format", "conll", "--view", "clitic", "--out", str(tmp_path)).returncode == 0
    text = (tmp_path / "tahaluf.conll").read_text(encoding="utf-8")
    assert text.startswith("# view = clitic\n") and "\nل\tO\nلتحالف\tB-ORG\n" in text
    assert score("entities", tmp_path / "tahaluf.conll")["results"]["strict"]["f1"] == 1.0
    out = tmp_path / "w"
    assert run_cli("export", "--format", "conll", "--profile", "wojood", "--out", str(out)).returncode == 0
    text = (out / "tahaluf.conll").read_text(encoding="utf-8")
    assert "\tB-PERS\n" in text and "\tB-PER\n" not in text and "\nللتحالف\tB-ORG\n" in text
    result = run_cli("export", "--format", "brat", "--profile", "wojood", "--out", str(out))
    assert result.returncode == 1 and "CoNLL export only" in result.stderr


def test_parquet_export_writes_every_config(tmp_path):
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
