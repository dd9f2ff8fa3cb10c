"""Entity scoring through :func:`tahaluf.score.score` on small hand-made documents, hand-computed.

Inputs -> outputs only, so these hold however the scorer is implemented: each case runs with the
bootstrap (per-unit counts kept) and without it (the batch scorer), which must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tahaluf.resample import Bootstrap
from tahaluf.score import score
from tahaluf.score.entities import evaluate_all

DOC = "tahaluf-901"
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
BOOTSTRAPS = [pytest.param(Bootstrap(samples=10, seed=1), id="bootstrap"), pytest.param(None, id="no-bootstrap")]


def run(tmp_path: Path, text: str, gold: list[dict], pred: list[dict], bootstrap: Bootstrap | None, nested: bool = False) -> dict[str, Any]:
    record = {"id": DOC, "text": text, "sections": [{"id": "s1", "type": "body", "start": 0, "end": len(text)}]}
    record |= {"entities": [dict(m, id=f"e{i}", level="NAM", parent=None) for i, m in enumerate(gold)], "quotes": [], "dates": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps({"id": DOC, "entities": pred}, ensure_ascii=False) + "\n", encoding="utf-8")
    return score("entities", tmp_path / "pred.jsonl", gold=tmp_path / "gold.jsonl", bootstrap=bootstrap, nested=nested)["results"]


def counts(figure: dict) -> tuple[int, ...]:
    return tuple(figure[f] for f in FIELDS)


def macro(figure: dict) -> dict:
    return {k: figure["macro"][k] for k in ("precision", "recall", "f1")}


def m(start: int, end: int, type_: str) -> dict:
    return {"start": start, "end": end, "type": type_}


# و بغداد   و بيروت   كلمة   اخرى   ثالثة
# 0 1-6     7 8-13    14-18  19-23  24-29
PROCLITIC_TEXT = "وبغداد وبيروت كلمة اخرى ثالثة"
PROCLITIC_GOLD = [m(1, 6, "GPE"), m(8, 13, "GPE"), m(24, 29, "ORG")]
PROCLITIC_PRED = [m(0, 6, "GPE"), m(7, 13, "GPE"), m(14, 18, "PER"), m(19, 23, "PER")]  # two with و attached; two spurious


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_names_after_proclitics(tmp_path, bootstrap):
    results = run(tmp_path, PROCLITIC_TEXT, PROCLITIC_GOLD, PROCLITIC_PRED, bootstrap)
    #                 correct incorrect partial missed spurious
    assert counts(results["strict"]) == (0, 2, 0, 1, 2)
    assert counts(results["exact"]) == (0, 2, 0, 1, 2)
    assert counts(results["partial"]) == (0, 0, 2, 1, 2)
    assert counts(results["type"]) == (2, 0, 0, 1, 2)
    assert counts(results["clitic"]) == (2, 0, 0, 1, 2)  # the same names but for the attached و
    # partial: (0 + 0.5 * 2) / 4 predicted, / 3 gold
    assert (results["partial"]["precision"], results["partial"]["recall"]) == pytest.approx((0.25, 1 / 3))
    per_type = results["per_type"]
    for mode, gpe in (("strict", (0, 2, 0, 0, 0)), ("partial", (0, 0, 2, 0, 0)), ("type", (2, 0, 0, 0, 0)), ("clitic", (2, 0, 0, 0, 0))):
        assert counts(per_type["GPE"][mode]) == gpe, mode
        assert counts(per_type["PER"][mode]) == (0, 0, 0, 0, 2), mode  # predicted only: nothing missed
        assert counts(per_type["ORG"][mode]) == (0, 0, 0, 1, 0), mode  # gold only: nothing found
    # macro: per type P = R = F1 = 0.5 (GPE, partial credit), 1 (GPE, type and clitic), 0 (PER, ORG)
    assert macro(results["partial"]) == pytest.approx({"precision": 0.5 / 3, "recall": 0.5 / 3, "f1": 0.5 / 3})
    assert macro(results["type"]) == pytest.approx({"precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3})
    assert macro(results["clitic"]) == pytest.approx({"precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3})
    assert macro(results["strict"]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    if bootstrap is not None:  # one unit: every resample is the document itself, so are the per-unit counts
        for mode in ("strict", "exact", "partial", "type", "clitic"):
            for name in ("precision", "recall", "f1"):
                assert results[mode]["interval"][name] == [pytest.approx(results[mode][name], abs=1e-6)] * 2, (mode, name)


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_overlap_below_one_percent_of_the_gold_is_no_overlap(tmp_path, bootstrap):
    text = " ".join(["كلمة"] * 140)  # 699 characters
    gold = [m(100, 201, "ORG"), m(300, 401, "ORG"), m(500, 601, "ORG")]  # 101 characters each: 1% is 1.01
    pred = [
        m(200, 210, "ORG"),  # shares its first character with the end of the first gold mention
        m(250, 301, "ORG"),  # starts before the second and shares one character
        m(500, 501, "ORG"),  # the first character of the third
    ]
    results = run(tmp_path, text, gold, pred, bootstrap)
    for mode in ("strict", "exact", "partial", "type", "clitic"):
        assert counts(results[mode]) == (0, 0, 0, 3, 3), mode
    pred[2] = m(500, 502, "ORG")  # two characters: 1.98% of the third
    results = run(tmp_path, text, gold, pred, bootstrap)
    assert counts(results["partial"]) == (0, 0, 1, 2, 2)


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_two_exact_names_of_one_type(tmp_path, bootstrap):
    text = "aa bb cc dd"
    results = run(tmp_path, text, [m(0, 2, "PER"), m(6, 8, "PER")], [m(0, 2, "PER"), m(6, 8, "PER"), m(9, 11, "PER")], bootstrap)
    for mode in ("strict", "exact", "partial", "type", "clitic"):
        assert counts(results[mode]) == (2, 0, 0, 0, 1), mode
        assert counts(results["per_type"]["PER"][mode]) == (2, 0, 0, 0, 1), mode


def test_evaluate_all_one_document():
    out, _ = evaluate_all([(0, 5, "PER"), (10, 15, "ORG")], [(0, 5, "PER"), (10, 14, "LOC")])
    assert {mode: counts(vars(c)) for mode, c in out.items()} == {
        "strict": (1, 1, 0, 0, 0),
        "exact": (1, 1, 0, 0, 0),
        "partial": (1, 0, 1, 0, 0),
        "type": (1, 1, 0, 0, 0),
    }


# Seven regions of one text, each scored on its own (no mention of one overlaps another region):
#   1: gold A (0,8), B (5,30); P (7,20) is closer to B (12) than to A (19); Q (0,4) overlaps only A
#   2: gold A (40,60), B (42,50); P (41,50) is closer to B (1) than to A (11); Q (52,60) overlaps only A
#   3: gold A (70,80), B (72,82); P (71,81) is as close to both (2): the first wins; Q (80,82) overlaps only B
#   4: gold ORG (90,100); PER (90,100) and PER (92,100): another type, then nothing free
#   5: gold ORG (110,120); PER (110,120)
#   6: gold (130,140); (130,140) exactly, then (132,140): nothing free
#   7: gold PER (150,155) and ORG (150,155): one span, two types; both predicted
# Every mention is PER unless named.
REGIONS_GOLD = [m(0, 8, "PER"), m(5, 30, "PER"), m(40, 60, "PER"), m(42, 50, "PER"), m(70, 80, "PER"), m(72, 82, "PER")]
REGIONS_GOLD += [m(90, 100, "ORG"), m(110, 120, "ORG"), m(130, 140, "PER"), m(150, 155, "PER"), m(150, 155, "ORG")]
REGIONS_PRED = [m(7, 20, "PER"), m(0, 4, "PER"), m(41, 50, "PER"), m(52, 60, "PER"), m(71, 81, "PER"), m(80, 82, "PER")]
REGIONS_PRED += [m(90, 100, "PER"), m(92, 100, "PER"), m(110, 120, "PER"), m(130, 140, "PER"), m(132, 140, "PER")]
REGIONS_PRED += [m(150, 155, "PER"), m(150, 155, "ORG")]


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_pairing_choices(tmp_path, bootstrap):
    results = run(tmp_path, "x" * 160, REGIONS_GOLD, REGIONS_PRED, bootstrap, nested=True)  # every gold mention, not the outermost
    # exact/strict/partial pair the first free overlapping gold in text order; type the closest free
    # one of the same type (else the first free one of another type); clitic only an equal end
    #   region:        1          2          3          4          5          6          7
    # strict    (0,1,0,1,1)(0,1,0,1,1)(0,2,0,0,0)(0,1,0,0,1)(0,1,0,0,0)(1,0,0,0,1)(2,0,0,0,0)
    # exact     (0,1,0,1,1)(0,1,0,1,1)(0,2,0,0,0)(1,0,0,0,1)(1,0,0,0,0)(1,0,0,0,1)(2,0,0,0,0)
    # type      (2,0,0,0,0)(2,0,0,0,0)(2,0,0,0,0)(0,1,0,0,1)(0,1,0,0,0)(1,0,0,0,1)(2,0,0,0,0)
    # clitic    (0,0,0,2,2)(0,0,0,2,2)(0,0,0,2,2)(0,0,0,1,2)(0,0,0,1,1)(1,0,0,0,1)(2,0,0,0,0)
    assert counts(results["strict"]) == (3, 6, 0, 2, 4)
    assert counts(results["exact"]) == (5, 4, 0, 2, 4)
    assert counts(results["partial"]) == (5, 0, 4, 2, 4)
    assert counts(results["type"]) == (9, 2, 0, 0, 2)
    assert counts(results["clitic"]) == (3, 0, 0, 8, 10)
    # per type, each type on its own: the PER predictions of regions 4 and 5 are spurious
    per = results["per_type"]
    assert counts(per["PER"]["strict"]) == counts(per["PER"]["exact"]) == (2, 4, 0, 2, 6)
    assert counts(per["PER"]["partial"]) == (2, 0, 4, 2, 6)
    assert counts(per["PER"]["type"]) == (8, 0, 0, 0, 4)
    assert counts(per["PER"]["clitic"]) == (2, 0, 0, 6, 10)
    for mode in ("strict", "exact", "partial", "type", "clitic"):
        assert counts(per["ORG"][mode]) == (1, 0, 0, 2, 0), mode


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_the_conll2003_view_collapses_types_before_pairing(tmp_path, bootstrap):
    results = run(tmp_path, "aa bb", [m(0, 2, "GPE"), m(3, 5, "LOC")], [m(0, 2, "LOC"), m(3, 5, "GPE")], bootstrap)
    assert counts(results["strict"]) == (0, 2, 0, 0, 0)
    assert counts(results["conll2003"]["strict"]) == (2, 0, 0, 0, 0)  # GPE and LOC are both LOC


@pytest.mark.parametrize("bootstrap", BOOTSTRAPS)
def test_documents_streamed_to_a_callback(tmp_path, bootstrap):
    text, gold, pred = "aa bb cc", [m(0, 2, "PER"), m(6, 8, "ORG")], [m(0, 2, "PER"), m(3, 5, "ORG")]
    record = {"id": DOC, "text": text, "sections": [{"id": "s1", "type": "body", "start": 0, "end": len(text)}]}
    record |= {"entities": [dict(x, id=f"e{i}", level="NAM", parent=None) for i, x in enumerate(gold)], "quotes": [], "dates": []}
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps({"id": DOC, "entities": pred}) + "\n", encoding="utf-8")
    seen: list = []
    out = score(
        "entities",
        tmp_path / "pred.jsonl",
        gold=tmp_path / "gold.jsonl",
        bootstrap=bootstrap,
        per_document_out=lambda doc, figures: seen.append((doc, figures)),
    )
    assert out["results"]["per_document"] == {}
    assert [doc for doc, _ in seen] == [DOC]
    assert counts(seen[0][1]["strict"]) == (1, 0, 0, 1, 1)


def test_more_documents_than_one_batch():
    from tahaluf.score.entities import BATCH, EntityScores

    scores = EntityScores()
    gold, pred = [m(0, 2, "PER")], [m(0, 2, "PER"), m(3, 5, "ORG")]
    for i in range(BATCH + 2):
        scores.add_document(f"d{i}", "aa bb", gold, pred)
    results = scores.results()
    assert counts(results["strict"]) == (BATCH + 2, 0, 0, 0, BATCH + 2)
    assert len(scores.per_document) == BATCH + 2


def test_batches_are_bounded_by_spans_and_documents():
    """A batch is scored as soon as it holds BATCH_SPANS spans (gold and predicted) or BATCH
    documents, so numpy's columns stay small; the counts are those of scoring each document alone."""
    from tahaluf.score.entities import BATCH, BATCH_SPANS, EntityScores

    def document(spans: int) -> tuple[str, list[dict], list[dict]]:
        gold = [m(3 * i, 3 * i + 2, "PER") for i in range(spans // 2)]
        pred = [m(3 * i, 3 * i + 2, "PER" if i % 3 else "ORG") for i in range(spans - spans // 2)]
        return "ab " * spans, gold, pred

    big = document(2048)
    scores = EntityScores()
    for i in range(7):
        scores.add_document(f"d{i}", *big)
    scores.add_document("d7", *document(2047))
    assert scores._batch.spans == 7 * 2048 + 2047 == BATCH_SPANS - 1  # one span short: still held
    scores.add_document("d8", *document(1))
    assert scores._batch is None  # BATCH_SPANS reached: scored
    for i in range(BATCH - 1):
        scores.add_document(f"e{i}", "", [], [])
    assert len(scores._batch) == BATCH - 1
    scores.add_document("e-last", "", [], [])
    assert scores._batch is None  # BATCH documents reached: scored
    per_document = dict(scores.document_counts())
    assert len(per_document) == 9 + BATCH
    alone = EntityScores()
    alone.add_document("d", *big)
    ((_, counts),) = alone.document_counts()
    assert all(per_document[f"d{i}"] == counts for i in range(7))
    # 1,024 gold PER spans, the same 1,024 predicted, one in three (342) as ORG: strict, then exact
    assert counts[:5] == [682, 342, 0, 0, 0] and counts[5:10] == [1024, 0, 0, 0, 0]
