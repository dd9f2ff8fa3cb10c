"""Diagnostic slices: each family's test on a hand-built case, the placement of predictions, sizes."""

from __future__ import annotations

import json

import pytest

from tahaluf.score.slices import FAMILIES, PARTITION, Context, assign, score_slices
from tahaluf.tokens import outermost

TEXT = (
    "قال الرئيس للتحالف إن بالعراق قوات NATO و@CENTCOM #وسم والأميركيين عبر الحدود\nالسورية منذ كانون الثاني/ يناير وعام ٢٠١٤ وأمس — حساب"
)
SECTIONS = [
    {"id": "s1", "type": "headline", "start": 0, "end": 19, "anchor_date": {"value": "2025-02-18", "provenance": "stated"}},
    {"id": "s2", "type": "body", "start": 19, "end": len(TEXT), "anchor_date": {"value": "2025-02-18", "provenance": "inferred"}},
]
RECORD = {"id": "tahaluf-900", "text": TEXT, "sections": SECTIONS}


def span(surface: str, **fields) -> dict:
    start = TEXT.index(surface)
    return {"start": start, "end": start + len(surface), **fields}


def slices_of(task: str, family: str, item: dict) -> list[str]:
    test = next(t for name, _, t in FAMILIES[task] if name == family)
    return test(item, Context(RECORD))


CASES = [
    ("entities", "proclitic", span("العراق", type="GPE"), ["attached proclitic"]),
    ("entities", "proclitic", span("الرئيس", type="PER"), []),
    ("entities", "proclitic", span("الأميركيين", type="NORP"), ["attached proclitic"]),
    ("entities", "contracted lil", span("لتحالف", type="ORG"), ["contracted لل"]),
    ("entities", "contracted lil", span("العراق", type="GPE"), []),
    ("entities", "nested", span("NATO", type="ORG", parent="e1"), ["nested (parent set)"]),
    ("entities", "nested", span("NATO", type="ORG", parent=None), []),
    ("entities", "script", span("NATO", type="ORG"), ["Latin script"]),
    ("entities", "script", span("العراق", type="GPE"), []),
    ("entities", "handle", span("CENTCOM", type="ORG"), ["handle or hashtag"]),
    ("entities", "handle", span("#وسم", type="WEBSITE"), ["handle or hashtag"]),
    ("entities", "handle", span("NATO", type="ORG"), []),
    ("entities", "NORP", span("الأميركيين", type="NORP"), ["NORP"]),
    ("entities", "NORP", span("NATO", type="ORG"), []),
    ("entities", "level", span("الرئيس", type="PER", level="NOM"), ["NOM"]),
    ("entities", "level", span("NATO", type="ORG"), []),
    ("entities", "section", span("الرئيس", type="PER"), ["headline"]),
    ("entities", "section", span("NATO", type="ORG"), ["body"]),
    ("entities", "line break", span("الحدود\nالسورية", type="LOC"), ["name split by a line break"]),
    ("entities", "line break", span("العراق", type="GPE"), []),
    ("quotes", "kind", span("بالعراق قوات", kind="mixed"), ["mixed"]),
    ("quotes", "content form", span("بالعراق قوات", content_form="noun_phrase"), ["noun_phrase"]),
    ("quotes", "null source", span("بالعراق قوات", source=None, speaker=None), ["null source"]),
    ("quotes", "null source", span("بالعراق قوات", source={"start": 0, "end": 3}, speaker="x"), []),
    ("quotes", "continuation", span("بالعراق قوات", source=None, speaker="trump"), ["continuation cue (null source, speaker set)"]),
    ("quotes", "continuation", span("بالعراق قوات", source=None, speaker=None), []),
    ("quotes", "nested", span("قوات", parent="q1"), ["nested (parent set)"]),
    ("quotes", "tweet", span("وأمس", cue=span("—")), ["in a tweet"]),
    ("quotes", "tweet", span("بالعراق قوات", cue=span("قال")), []),
    ("quotes", "headline", span("الرئيس"), ["in a headline"]),
    ("quotes", "headline", span("قوات"), []),
    ("dates", "value", span("عام ٢٠١٤", type="DATE", value="2014"), ["absolute"]),
    ("dates", "value", span("أمس", type="DATE", value="2025-02-17"), ["anchor-relative"]),
    ("dates", "value", span("كانون الثاني/ يناير", type="DATE", value="2025-01"), ["anchor-relative"]),
    ("dates", "value", span("منذ", type="DURATION", value="P1Y"), ["duration or set"]),
    ("dates", "anchor", span("أمس", type="DATE", value="2025-02-17"), ["inferred"]),
    ("dates", "anchor", span("الرئيس", type="DATE", value="PRESENT_REF"), ["stated"]),
    ("dates", "paired months", span("كانون الثاني/ يناير", type="DATE", value="2025-01"), ["Levantine/Gregorian month pair"]),
    ("dates", "paired months", span("أمس", type="DATE", value="2025-02-17"), []),
    ("dates", "DURATION", span("منذ", type="DURATION", value="P1Y"), ["DURATION"]),
    ("dates", "SET", span("منذ", type="SET", value="P1W"), ["SET"]),
    ("dates", "SET", span("منذ", type="DURATION", value="P1W"), []),
    ("dates", "mod", span("منذ", type="DURATION", value="P1Y", mod="MORE_THAN"), ["with a mod"]),
    ("dates", "mod", span("منذ", type="DURATION", value="P1Y", mod=None), []),
]


@pytest.mark.parametrize("task,family,item,expected", CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_each_family_on_a_hand_built_case(task, family, item, expected):
    assert slices_of(task, family, item) == expected


def test_every_family_has_a_case():
    families = {(task, name) for task, entries in FAMILIES.items() for name, _, _ in entries}
    assert families == {(task, family) for task, family, _, _ in CASES}


def test_a_prediction_is_placed_by_exact_span_then_largest_overlap_then_its_own_text():
    latin = span("NATO", type="ORG")
    arabic = span("العراق", type="GPE")
    outer = span("بالعراق قوات NATO", type="ORG")
    gold = [arabic, latin]
    preds = [
        span("قوات NATO", type="ORG"),  # overlaps NATO only: Latin slice, though its own text is mixed
        span("NATO و@CENTCOM", type="ORG"),  # overlaps NATO (4) and nothing else: Latin
        outer,  # overlaps العراق (6) more than NATO (4): not Latin
        span("CENTCOM", type="ORG"),  # overlaps no gold item: placed by its own text (Latin)
        span("الرئيس", type="PER"),  # overlaps nothing, not Latin
    ]
    members = assign("entities", RECORD, gold, preds)
    gold_in, preds_in = members[("script", "Latin script")]
    assert gold_in == [latin]
    assert [TEXT[p["start"] : p["end"]] for p in preds_in] == ["قوات NATO", "NATO و@CENTCOM", "CENTCOM"]
    # a test on a field predictions do not carry places no unmatched prediction
    members = assign("entities", RECORD, [span("الرئيس", type="PER", level="NOM")], [span("NATO", type="ORG", level="NAM")])
    assert members[("level", "NOM")] == ([span("الرئيس", type="PER", level="NOM")], [])
    assert ("level", "NAM") not in members


def test_a_slice_is_scored_on_its_members_only():
    gold = [span("العراق", type="GPE", parent=None), span("NATO", type="ORG", parent=None)]
    preds = [span("العراق", type="GPE"), span("الأميركيين", type="NORP"), span("NATO", type="GPE")]
    out = score_slices("entities", [({**RECORD, "entities": gold}, preds)], bootstrap=None)
    proclitic = out["proclitic"]["slices"]["attached proclitic"]
    # gold: العراق; predictions: العراق (exact) and الأميركيين (unmatched, attached و): P = 1/2, R = 1
    assert (proclitic["gold"], proclitic["predicted"]) == (1, 2)
    assert proclitic["results"]["strict"]["precision"] == 0.5 and proclitic["results"]["strict"]["recall"] == 1.0
    latin = out["script"]["slices"]["Latin script"]
    assert (latin["gold"], latin["predicted"], latin["results"]["strict"]["f1"], latin["results"]["exact"]["f1"]) == (1, 1, 0.0, 1.0)
    assert out["line break"]["slices"]["name split by a line break"]["gold"] == 0  # empty slices are reported
    assert out["level"]["kind"] == PARTITION and out["proclitic"]["kind"] == "subsets"


@pytest.mark.parametrize("task", ["entities", "quotes", "dates"])
def test_partition_sizes_add_up_on_the_release(records, task):
    documents = []
    for record in records:
        items = record[task] if task != "entities" else outermost(record[task])
        documents.append((record, [{k: v for k, v in a.items() if k not in ("id", "section")} for a in items]))
    out = score_slices(task, documents)
    total = sum(len(items) for _, items in documents)
    partitions = [family for family, entry in out.items() if entry["kind"] == PARTITION]
    assert len(partitions) >= 2
    for family in partitions:
        sizes = out[family]["slices"].values()
        assert sum(s["gold"] for s in sizes) == total, family
        assert sum(s["predicted"] for s in sizes) == total, family  # gold as predictions: each placed by its exact span


def test_release_slices_have_their_expected_sizes(records):
    """Sizes counted by other means: the slices are computed from the records, not from lists."""
    mentions = [(r, m) for r in records for m in outermost(r["entities"])]
    out = score_slices("entities", [(r, []) for r in records])
    assert out["level"]["slices"]["NOM"]["gold"] == sum(m["level"] == "NOM" for _, m in mentions)
    assert out["NORP"]["slices"]["NORP"]["gold"] == sum(m["type"] == "NORP" for _, m in mentions)
    latin = sum(any("a" <= c.lower() <= "z" for c in m["text"]) for _, m in mentions)
    assert out["script"]["slices"]["Latin script"]["gold"] == latin > 0
    dates = score_slices("dates", [(r, []) for r in records])
    assert dates["mod"]["slices"]["with a mod"]["gold"] == sum(bool(d["mod"]) for r in records for d in r["dates"]) == 6
    assert dates["paired months"]["slices"]["Levantine/Gregorian month pair"]["gold"] > 0


def test_slices_on_the_command_line(tmp_path, records):
    from conftest import run_cli

    pred = tmp_path / "p.jsonl"
    with open(pred, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({"id": record["id"], "dates": []}) + "\n")
    result = run_cli("score", "--task", "dates", "--pred", str(pred), "--slices")
    assert result.returncode == 0, result.stderr
    assert "Slices (scores in percent" in result.stdout and "value: absolute" in result.stdout


def test_generated_blocks_of_the_reading_scores_page_are_fresh():
    from tahaluf.integrations.docs import markdown_example
    from tahaluf.score.slices import markdown_sizes

    from conftest import DATASET, ROOT

    doc = (ROOT / "docs" / "reading-scores.md").read_text(encoding="utf-8")
    for name, build in (("comparison", markdown_example), ("slices", markdown_sizes)):
        block = doc.split(f"<!-- generated:{name} (tahaluf build) -->\n", 1)[1].split(f"\n<!-- end:{name} -->", 1)[0]
        assert block == build(DATASET), name
