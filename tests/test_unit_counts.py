"""Per-unit counts (what the bootstrap intervals and paired tests resample) on one tiny hand-made
document, through the public :func:`tahaluf.score.score` (``tallies_out``), with hand-computed rows.

The document is ``aa bb cc dd ee ff gg hh`` in two sections, ``s1`` = [0, 12) and ``s2`` = [12, 23);
its tokens, with the section each starts in:

    token  0 aa [0, 2)   1 bb [3, 5)   2 cc [6, 8)   3 dd [9, 11)     (s1)
           4 ee [12, 14) 5 ff [15, 17) 6 gg [18, 20) 7 hh [21, 23)    (s2)

Rules (:mod:`tahaluf.score.units`): an outcome that pairs a prediction with a gold item counts in
the unit where the gold item starts, and so does that prediction (no unit may hold more correct
items than predicted ones, or a resampled precision could exceed 1), a spurious prediction where it starts, a missed gold item
where it starts, a token of a token-overlap measure where the token starts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tahaluf.resample import Bootstrap
from tahaluf.score import score

TEXT = "aa bb cc dd ee ff gg hh"
SECTIONS = [{"id": "s1", "type": "body", "start": 0, "end": 12}, {"id": "s2", "type": "body", "start": 12, "end": 23}]
DOC = "tahaluf-900"
S1, S2 = f"{DOC}/s1", f"{DOC}/s2"


def run(tmp_path: Path, task: str, gold: list[dict], pred: list[dict], profile: str | None = None) -> tuple[dict, dict]:
    """Score one document; the rows of the main tally (unit -> column -> count) and the results."""
    record: dict[str, Any] = {"id": DOC, "text": TEXT, "sections": SECTIONS, "entities": [], "quotes": [], "dates": []}
    record[task] = gold
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps({"id": DOC, task: pred}) + "\n", encoding="utf-8")
    tallies: dict = {}
    result = score(
        task,
        tmp_path / "pred.jsonl",
        gold=tmp_path / "gold.jsonl",
        profile=profile,
        bootstrap=Bootstrap(samples=20, seed=1),
        tallies_out=tallies,
    )
    tally = tallies["main"]
    assert tally.units == [S1, S2]
    return tally.rows, result["results"]


def nonzero(row: dict) -> dict:
    return {column: value for column, value in row.items() if value}


def overall(row: dict, mode: str) -> dict:
    """The overall (unscoped) columns of one mode in a row: field -> count."""
    return {column[2]: value for column, value in row.items() if column[0] == "" and column[1] == mode}


# ---------------------------------------------------------------- dates


def date(start: int, end: int, type_: str, value: str) -> dict:
    return {"start": start, "end": end, "type": type_, "value": value}


DATE_GOLD = [date(0, 5, "DATE", "2024"), date(9, 14, "DATE", "2024"), date(18, 20, "TIME", "T10"), date(21, 23, "TIME", "T1")]
DATE_PRED = [
    date(0, 5, "DATE", "2024"),  # exact twin of the first gold date (s1)
    date(12, 14, "TIME", "2025"),  # starts in s2, overlaps the second gold date (s1): other type and value
    date(15, 17, "SET", "P1W"),  # spurious, s2
    date(21, 23, "DURATION", "T1"),  # exact twin of the last gold date (s2): other type, same value
]  # the third gold date (s2) is missed


def test_date_counts_per_section(tmp_path):
    rows, results = run(tmp_path, "dates", [dict(d, id=f"t{i}") for i, d in enumerate(DATE_GOLD)], DATE_PRED)
    modes = ("strict", "relaxed", "type", "value")
    # the prediction starting in s2 is paired with the gold date of s1: it counts in s1
    s1 = {("", m, "gold"): 2 for m in modes} | {("", m, "predicted"): 2 for m in modes}
    s1 |= {("", "strict", "correct"): 1, ("", "relaxed", "correct"): 2, ("", "type", "pairs"): 2, ("", "value", "pairs"): 2}
    s1 |= {("", "type", "correct"): 1, ("", "value", "correct"): 1}
    s1 |= {("DATE", "type", "gold"): 2, ("DATE", "type", "predicted"): 1, ("DATE", "type", "correct"): 1, ("TIME", "type", "predicted"): 1}
    s2 = {("", m, "gold"): 2 for m in modes} | {("", m, "predicted"): 2 for m in modes}
    s2 |= {("", "strict", "correct"): 1, ("", "relaxed", "correct"): 1, ("", "type", "pairs"): 1, ("", "value", "pairs"): 1}
    s2 |= {("", "value", "correct"): 1}
    s2 |= {
        ("TIME", "type", "gold"): 2,
        ("SET", "type", "predicted"): 1,
        ("DURATION", "type", "predicted"): 1,
    }
    assert rows == {S1: s1, S2: s2}
    assert (results["strict"]["correct"], results["relaxed"]["correct"]) == (2, 3)
    assert (results["type"]["correct"], results["value"]["correct"]) == (1, 2)
    figures = results["per_document"][DOC]
    assert {mode: (f["correct"], f["predicted"], f["gold"]) for mode, f in figures.items()} == {
        "strict": (2, 4, 4),
        "relaxed": (3, 4, 4),
        "type": (1, 4, 4),
        "value": (2, 4, 4),
    }
    # per type: correct = relaxed pairs with the same type and value
    per_type = {label: (f["correct"], f["predicted"], f["gold"]) for label, f in results["per_type"].items()}
    assert per_type == {"DATE": (1, 1, 2), "TIME": (0, 1, 2), "SET": (0, 1, 0), "DURATION": (0, 1, 0)}


# ---------------------------------------------------------------- quotes


def span(start: int, end: int) -> dict:
    return {"start": start, "end": end}


QUOTE_GOLD = [
    # content bb cc dd ee (tokens 1-4, starts in s1), cue aa, no source
    {"id": "q1", "start": 3, "end": 14, "kind": "direct", "cue": span(0, 2), "source": None, "speaker": "x"},
    # content gg hh (tokens 6-7, s2), cue ff, source ee
    {"id": "q2", "start": 18, "end": 23, "kind": "indirect", "cue": span(15, 17), "source": span(12, 14), "speaker": "y"},
]
QUOTE_PRED = [
    # content ee ff (tokens 4-5): starts in s2, overlaps q1's content; cue aa (in s1) equals q1's; same speaker
    {"start": 12, "end": 17, "kind": "direct", "cue": span(0, 2), "speaker": "x"},
    # q2's content, cue, source and kind; another speaker
    {"start": 18, "end": 23, "kind": "indirect", "cue": span(15, 17), "source": span(12, 14), "speaker": "z"},
    # content aa (token 0, s1): no cue, no kind, overlaps no gold content
    {"start": 0, "end": 2},
]

QUOTE_SHARED = {  # the cue, source, speaker and kind columns: native and parc alike
    S1: {
        ("", "cue", "gold"): 1,  # the cue measure counts quotes, where the quote starts
        ("", "cue", "predicted"): 2,  # the third prediction (no cue); the first, whose cue is paired with q1's
        ("", "cue", "correct"): 1,  # where the gold cue starts: q1's cue
        ("", "source_exact", "gold"): 0,
        ("", "speaker", "gold"): 1,
        ("", "speaker", "predicted"): 2,  # the third prediction; the first, paired with q1, where q1 starts
        ("", "end_to_end", "gold"): 1,
        ("", "end_to_end", "predicted"): 2,
        ("", "speaker", "pairs"): 1,  # q1 with the first prediction, in q1's unit
        ("", "speaker", "correct"): 1,
        ("", "end_to_end", "correct"): 1,
        ("direct", "kind", "gold"): 1,
        ("-", "kind", "predicted"): 1,
    },
    S2: {
        ("", "cue", "gold"): 1,
        ("", "cue", "predicted"): 1,
        ("", "cue", "correct"): 1,
        ("", "source_exact", "gold"): 1,
        ("", "source_exact", "predicted"): 1,
        ("", "source_exact", "correct"): 1,
        ("", "speaker", "gold"): 1,
        ("", "speaker", "predicted"): 1,
        ("", "end_to_end", "gold"): 1,
        ("", "end_to_end", "predicted"): 1,
        ("", "speaker", "pairs"): 1,  # q2 with the second prediction: other speakers
        ("indirect", "kind", "gold"): 1,
        ("direct", "kind", "predicted"): 1,
        ("indirect", "kind", "predicted"): 1,
        ("indirect", "kind", "correct"): 1,  # the exact content pair has the same kind
    },
}


def test_native_quote_counts_per_section(tmp_path):
    rows, results = run(tmp_path, "quotes", QUOTE_GOLD, QUOTE_PRED)
    content = {
        # content_exact: quotes where they start; the pair (q2) where q2 starts
        S1: {("", "content_exact", "gold"): 1, ("", "content_exact", "predicted"): 1},
        S2: {("", "content_exact", "gold"): 1, ("", "content_exact", "predicted"): 2, ("", "content_exact", "correct"): 1},
    }
    tokens = {
        # gold content tokens {1, 2, 3, 4, 6, 7}, predicted {0, 4, 5, 6, 7}, shared {4, 6, 7}; cues {0, 5} both; sources {4} both
        S1: {("", "content_overlap", "gold"): 3, ("", "content_overlap", "predicted"): 1}
        | {("", "cue_overlap", f): 1 for f in ("gold", "predicted", "correct")},
        S2: {("", "content_overlap", "gold"): 3, ("", "content_overlap", "predicted"): 4, ("", "content_overlap", "correct"): 3}
        | {("", "cue_overlap", f): 1 for f in ("gold", "predicted", "correct")}
        | {("", "source_overlap", f): 1 for f in ("gold", "predicted", "correct")},
    }
    for unit in (S1, S2):
        assert nonzero(rows[unit]) == nonzero(QUOTE_SHARED[unit] | content[unit] | tokens[unit]), unit
    assert results["content_overlap"]["correct"] == 3 and results["speaker"]["matched_pairs"] == 2
    assert results["speaker"]["accuracy"] == 0.5
    # per kind: exact content pairs with the same kind; a prediction without a kind counts under "-"
    per_kind = {label: (f["correct"], f["predicted"], f["gold"]) for label, f in results["per_type"].items()}
    assert per_kind == {"-": (0, 1, 0), "direct": (0, 1, 1), "indirect": (1, 1, 1)}


@pytest.mark.parametrize("profile", ["native", "citron"])
def test_a_cue_counts_where_its_quote_starts_and_a_lone_prediction_in_its_own_unit(tmp_path, profile):
    gold = [
        {"id": "q1", "start": 12, "end": 17, "kind": "direct", "cue": span(0, 2), "source": None, "speaker": None}
    ]  # ee ff (s2), cue aa (s1)
    pred = [{"start": 3, "end": 5}]  # bb (s1), no cue
    rows, _ = run(tmp_path, "quotes", gold, pred, profile=profile)
    mode = "cue" if profile == "native" else "cue_exact"
    assert (overall(rows[S1], mode).get("gold", 0), overall(rows[S2], mode).get("gold", 0)) == (0, 1)
    assert (overall(rows[S1], mode).get("predicted", 0), overall(rows[S2], mode).get("predicted", 0)) == (1, 0)


def test_parc_quote_counts_per_section(tmp_path):
    rows, results = run(tmp_path, "quotes", QUOTE_GOLD, QUOTE_PRED, profile="parc")
    content = {
        S1: {("", "content_exact", "gold"): 1, ("", "content_exact", "predicted"): 1},
        S2: {("", "content_exact", "gold"): 1, ("", "content_exact", "predicted"): 2, ("", "content_exact", "correct"): 1},
    }
    spans_ = {
        # overlap measures count spans: quotes (and cues, sources) where they start, overlapping pairs (both sides) where the gold starts
        S1: {("", "content_overlap", "gold"): 1, ("", "content_overlap", "predicted"): 2, ("", "content_overlap", "correct"): 1}
        | {("", "cue_overlap", f): 1 for f in ("gold", "predicted", "correct")},
        S2: {("", "content_overlap", "gold"): 1, ("", "content_overlap", "predicted"): 1, ("", "content_overlap", "correct"): 1}
        | {("", "cue_overlap", f): 1 for f in ("gold", "predicted", "correct")}
        | {("", "source_overlap", f): 1 for f in ("gold", "predicted", "correct")},
    }
    for unit in (S1, S2):
        assert nonzero(rows[unit]) == nonzero(QUOTE_SHARED[unit] | content[unit] | spans_[unit]), unit
    assert results["content_overlap"]["correct"] == 2


def test_citron_quote_counts_score_each_section_on_its_own(tmp_path):
    rows, results = run(tmp_path, "quotes", QUOTE_GOLD, QUOTE_PRED, profile="citron")
    # s1: q1 against the third prediction (no cue, content aa against bb..ee: no shared token)
    s1 = {
        "cue_exact": (0, 1, 1),
        "source_exact": (0, 1, 1),
        "content_exact": (0, 1, 1),
        "quote_exact": (0, 1, 1),
        "cue_overlap": (0, 0, 1),
        "source_overlap": (0, 0, 0),
        "content_overlap": (0, 1, 4),
        "quote_overlap": (0, 1, 5),
    }
    # s2: q2 against the first two predictions; the first's cue (token 0) does not overlap q2's (token 5),
    # its content (tokens 4-5) does not overlap q2's (6-7); the second equals q2 except for the speaker
    s2 = {
        "cue_exact": (1, 2, 1),
        "source_exact": (1, 2, 1),
        "content_exact": (1, 2, 1),
        "quote_exact": (1, 2, 1),
        "cue_overlap": (1, 2, 1),
        "source_overlap": (1, 1, 1),
        "content_overlap": (2, 4, 2),
        "quote_overlap": (4, 7, 4),
    }
    for unit, expected in ((S1, s1), (S2, s2)):
        for mode, (correct, predicted, gold) in expected.items():
            assert overall(rows[unit], mode) == {"correct": correct, "predicted": predicted, "gold": gold}, (unit, mode)
    kinds = {(c[0], c[2]): v for c, v in rows[S2].items() if c[1] == "kind"}
    assert kinds == {("indirect", "gold"): 1, ("direct", "predicted"): 1, ("indirect", "predicted"): 1, ("indirect", "correct"): 1}
    # the pooled figures score the whole document at once: the first prediction's cue equals q1's
    assert (results["cue_exact"]["correct"], results["cue_exact"]["predicted"], results["cue_exact"]["gold"]) == (2, 3, 2)


# ---------------------------------------------------------------- entities


ENTITY_GOLD = [
    {"id": "e1", "start": 0, "end": 5, "type": "PER", "level": "NAM", "parent": None},  # aa bb (s1)
    {"id": "e2", "start": 9, "end": 14, "type": "ORG", "level": "NAM", "parent": None},  # dd ee (s1)
    {"id": "e3", "start": 18, "end": 20, "type": "LOC", "level": "NAM", "parent": None},  # gg (s2): missed
]
ENTITY_PRED = [
    {"start": 0, "end": 5, "type": "PER"},  # e1 exactly
    {"start": 12, "end": 14, "type": "ORG"},  # ee: starts in s2, overlaps e2 with its type
    {"start": 21, "end": 23, "type": "PER"},  # hh: spurious (s2)
]


@pytest.mark.parametrize(
    ("mode", "s1", "s2"),
    [
        ("strict", {"correct": 1, "incorrect": 1}, {"spurious": 1, "missed": 1}),
        ("exact", {"correct": 1, "incorrect": 1}, {"spurious": 1, "missed": 1}),
        ("partial", {"correct": 1, "partial": 1}, {"spurious": 1, "missed": 1}),
        ("type", {"correct": 2}, {"spurious": 1, "missed": 1}),
    ],
)
def test_entity_counts_per_section(tmp_path, mode, s1, s2):
    rows, results = run(tmp_path, "entities", ENTITY_GOLD, ENTITY_PRED)
    assert nonzero(overall(rows[S1], mode)) == s1
    assert nonzero(overall(rows[S2], mode)) == s2
    for field in ("correct", "incorrect", "partial", "missed", "spurious"):
        assert results[mode][field] == s1.get(field, 0) + s2.get(field, 0), field


def test_entity_counts_per_type_and_section(tmp_path):
    rows, _ = run(tmp_path, "entities", ENTITY_GOLD, ENTITY_PRED)

    def typed(unit: str, label: str) -> dict:
        return {(c[1], c[2]): v for c, v in rows[unit].items() if c[0] == label and v and c[1] != "clitic"}

    # per type, each type on its own: PER has e1 (exact) and the spurious hh; ORG has e2 and the overlap
    assert typed(S1, "PER") == {("strict", "correct"): 1, ("exact", "correct"): 1, ("partial", "correct"): 1, ("type", "correct"): 1}
    assert typed(S2, "PER") == {("strict", "spurious"): 1, ("exact", "spurious"): 1, ("partial", "spurious"): 1, ("type", "spurious"): 1}
    assert typed(S1, "ORG") == {("strict", "incorrect"): 1, ("exact", "incorrect"): 1, ("partial", "partial"): 1, ("type", "correct"): 1}
    assert typed(S2, "ORG") == {}
    assert typed(S2, "LOC") == {("strict", "missed"): 1, ("exact", "missed"): 1, ("partial", "missed"): 1, ("type", "missed"): 1}
    assert typed(S1, "LOC") == {}


def test_entity_clitic_counts_per_section(tmp_path):
    rows, results = run(tmp_path, "entities", ENTITY_GOLD, ENTITY_PRED)
    # clitic mode pairs only a gold mention of the same type and end whose start is the same or
    # differs by proclitics: e1 exactly (s1); ee is spurious where it starts (s2), e2 missed (s1)
    assert nonzero(overall(rows[S1], "clitic")) == {"correct": 1, "missed": 1}
    assert nonzero(overall(rows[S2], "clitic")) == {"spurious": 2, "missed": 1}
    for field in ("correct", "incorrect", "partial", "missed", "spurious"):
        assert results["clitic"][field] == {"correct": 1, "missed": 2, "spurious": 2}.get(field, 0), field

    def typed(unit: str, label: str) -> dict:
        return {c[2]: v for c, v in rows[unit].items() if c[0] == label and c[1] == "clitic" and v}

    assert (typed(S1, "PER"), typed(S2, "PER")) == ({"correct": 1}, {"spurious": 1})
    assert (typed(S1, "ORG"), typed(S2, "ORG")) == ({"missed": 1}, {"spurious": 1})
    assert (typed(S1, "LOC"), typed(S2, "LOC")) == ({}, {"missed": 1})


def test_a_spurious_entity_counts_where_it_starts(tmp_path):
    rows, _ = run(tmp_path, "entities", [], [{"start": 9, "end": 14, "type": "PER"}])  # dd ee: from s1 into s2
    assert nonzero(overall(rows[S1], "strict")) == {"spurious": 1} and nonzero(overall(rows[S2], "strict")) == {}


def test_an_entity_of_another_type_counts_as_incorrect_where_the_gold_starts(tmp_path):
    gold = [{"id": "e1", "start": 9, "end": 14, "type": "PER", "level": "NAM", "parent": None}]  # dd ee (s1)
    rows, _ = run(tmp_path, "entities", gold, [{"start": 12, "end": 14, "type": "ORG"}])  # ee (s2), another type
    assert nonzero(overall(rows[S1], "type")) == {"incorrect": 1} and nonzero(overall(rows[S2], "type")) == {}
    assert {c[0]: v for c, v in rows[S1].items() if c[1] == "type" and c[0] and v} == {"PER": 1}  # per type: the gold missed
    assert {c[0]: v for c, v in rows[S2].items() if c[1] == "type" and c[0] and v} == {"ORG": 1}  # and the prediction spurious
