"""Scoring and span primitives on small hand-made cases (inputs -> outputs), with hand-computed values.

These cases pin the behaviour that a mutation-testing run (benchmarks/mutation.sh) found untested:
each assertion fails when one operator, constant or comparison of the code under test changes.
"""

from __future__ import annotations

import pytest

from tahaluf.clitics import after_proclitics, all_occurrences, is_proclitic_run, occurrences
from tahaluf.score.dates import DateScores
from tahaluf.score.entities import EntityScores, clitic_equal, evaluate_all
from tahaluf.score.quotes import QuoteScores, citron_counts, native_counts
from tahaluf.spans import PRF, Tokens, overlap, pair_overlapping, token_sets, tokens


def counts(c) -> tuple[int, int, int, int, int]:
    return (c.correct, c.incorrect, c.partial, c.missed, c.spurious)


# ---------------------------------------------------------------- spans


def test_overlap_counts_shared_code_points_and_never_goes_negative():
    assert overlap((0, 5), (3, 9)) == 2
    assert overlap((3, 9), (0, 5)) == 2
    assert overlap((0, 5), (5, 9)) == 0
    assert overlap((0, 2), (7, 9)) == 0


def test_pair_overlapping_prefers_exact_then_largest_overlap():
    left = [(0, 10), (20, 30)]
    right = [(5, 10), (0, 10), (22, 30), (21, 30)]
    pairs = pair_overlapping(left, right, span=lambda s: s)
    # (0, 10) takes its exact twin; (20, 30) takes (21, 30) (9 shared) over (22, 30) (8 shared)
    assert pairs == [((0, 10), (0, 10)), ((20, 30), (21, 30))]


def test_pair_overlapping_is_one_to_one():
    pairs = pair_overlapping([(0, 4), (2, 6)], [(1, 5)], span=lambda s: s)
    assert pairs == [((0, 4), (1, 5))]  # both share 3; the first left item wins, the second stays unpaired


def test_tokens_of_a_span():
    text = "ab cd, ef"  # tokens: ab (0-2), cd (3-5), "," (5-6), ef (7-9)
    t = Tokens(text)
    assert t.spans == [(0, 2), (3, 5), (5, 6), (7, 9)]
    assert t.range(1, 4) == (0, 2)
    assert t.indexes(1, 4) == {0, 1}
    assert t.indexes(2, 3) == set()  # the blank between ab and cd
    assert t.indexes(5, 9) == {2, 3}
    assert t.union([(0, 1), (8, 9)]) == {0, 3}
    assert tokens(text, 1, 4) == {0, 3}
    assert tokens(text, 2, 3) == set()
    assert token_sets(text, [(0, 1), (5, 6)]) == {0, 5}


def test_prf_values_and_dict():
    assert PRF(1, 4, 2).as_dict() == {"precision": 0.25, "recall": 0.5, "f1": pytest.approx(1 / 3), "tp": 1, "n_pred": 4, "n_gold": 2}
    assert PRF(0, 2, 2).f1 == 0.0


# ---------------------------------------------------------------- clitics


def test_proclitic_runs():
    text = "وبالعراق"
    assert is_proclitic_run(text, 0, 2)  # و + ب
    assert not is_proclitic_run(text, 0, 4)  # four letters: too many
    assert not is_proclitic_run(text, 2, 1)  # negative length
    assert not is_proclitic_run("سوبالعراق", 1, 3)  # a letter before: inside a word
    assert is_proclitic_run("x وب", 2, 4)  # after a blank


def test_after_proclitics_limits():
    assert after_proclitics("وللعراق", 3)  # و ل ل: three
    assert not after_proclitics("ووللعراق", 4)  # four letters before
    assert not after_proclitics("العراق", 0)  # nothing before
    assert not after_proclitics("سالعراق", 1)  # س is not a proclitic


def test_occurrences_as_a_word():
    text = "العراق والعراق، لالعراقي العراق"
    assert list(occurrences(text, "العراق")) == [0, 8, 25]
    assert list(occurrences("ابغداد بغداد", "بغداد")) == [7]
    assert list(all_occurrences("للتحالف", "التحالف")) == [(1, "لتحالف")]
    assert list(all_occurrences("للت", "الت")) == []  # three letters: too short for the لل form


# ---------------------------------------------------------------- entities


GOLD = [(0, 5, "PER"), (10, 20, "ORG"), (30, 40, "GPE")]
PRED = [(0, 5, "PER"), (10, 18, "PER"), (50, 55, "LOC")]


def test_entity_schemas_hand_computed():
    overall, per_type = evaluate_all(GOLD, PRED)
    # (0,5) exact; (10,18) overlaps ORG (10,20) with another type; (50,55) spurious; GPE missed
    assert counts(overall["strict"]) == (1, 1, 0, 1, 1)
    assert counts(overall["exact"]) == (1, 1, 0, 1, 1)
    assert counts(overall["partial"]) == (1, 0, 1, 1, 1)
    assert counts(overall["type"]) == (1, 1, 0, 1, 1)
    assert overall["strict"].prf(False) == (pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert overall["partial"].prf(True) == (0.5, 0.5, 0.5)  # (1 + 0.5) / 3
    assert counts(per_type["PER"]["strict"]) == (1, 0, 0, 0, 1)
    assert counts(per_type["ORG"]["exact"]) == (0, 0, 0, 1, 0)
    assert counts(per_type["LOC"]["partial"]) == (0, 0, 0, 0, 1)
    assert counts(per_type["PER"]["type"]) == (1, 0, 0, 0, 1)


def test_entity_same_type_overlap():
    overall, per_type = evaluate_all([(10, 20, "ORG")], [(12, 20, "ORG")])
    assert counts(overall["strict"]) == (0, 1, 0, 0, 0)
    assert counts(overall["partial"]) == (0, 0, 1, 0, 0)
    assert counts(overall["type"]) == (1, 0, 0, 0, 0)
    assert counts(per_type["ORG"]["partial"]) == (0, 0, 1, 0, 0)
    assert counts(per_type["ORG"]["type"]) == (1, 0, 0, 0, 0)


def test_entity_type_takes_the_closest_same_type_gold():
    gold = [(0, 10, "ORG"), (2, 9, "ORG"), (3, 8, "PER")]
    overall, _ = evaluate_all(gold, [(2, 8, "ORG"), (2, 8, "ORG")])
    # first prediction: (2,9) is closer (distance 1) than (0,10) (4); second takes (0,10)
    assert counts(overall["type"]) == (2, 0, 0, 1, 0)
    # exact pairs the first free overlapping gold in text order: (0,10), then (2,9)
    assert counts(overall["exact"]) == (0, 2, 0, 1, 0)


def test_entity_overlap_needs_one_percent_of_the_gold():
    gold = [(0, 200, "ORG")]
    assert counts(evaluate_all(gold, [(0, 2, "ORG")])[0]["exact"]) == (0, 1, 0, 0, 0)  # 2 of 200: 1%
    assert counts(evaluate_all(gold, [(199, 201, "ORG")])[0]["exact"]) == (0, 0, 0, 1, 1)  # 1 of 200 is 0.5%


def test_entity_duplicates_and_wrong_types():
    gold = [(0, 5, "PER"), (0, 5, "ORG")]
    overall, per_type = evaluate_all(gold, [(0, 5, "ORG"), (0, 5, "ORG")])
    assert counts(overall["strict"]) == (1, 1, 0, 0, 0)  # second ORG overlaps the free PER
    assert counts(overall["exact"]) == (2, 0, 0, 0, 0)
    assert counts(per_type["ORG"]["strict"]) == (1, 0, 0, 0, 1)
    assert counts(per_type["PER"]["strict"]) == (0, 0, 0, 1, 0)
    assert counts(overall["type"]) == (1, 1, 0, 0, 0)


def test_clitic_mode():
    text = "وللتحالف الدولي"
    gold = [(2, 15, "ORG")]  # لتحالف الدولي
    overall, per_type = evaluate_all(gold, [(0, 15, "ORG")], text)
    assert counts(overall["clitic"]) == (1, 0, 0, 0, 0)
    assert counts(overall["strict"]) == (0, 1, 0, 0, 0)
    assert counts(per_type["ORG"]["clitic"]) == (1, 0, 0, 0, 0)
    overall, per_type = evaluate_all(gold, [(0, 15, "PER"), (3, 15, "ORG")], text)
    assert counts(overall["clitic"]) == (0, 0, 0, 1, 2)
    assert counts(per_type["ORG"]["clitic"]) == (0, 0, 0, 1, 1)
    assert clitic_equal(text, (0, 15), (2, 15)) and not clitic_equal(text, (0, 15), (2, 14))


def test_entity_scores_results_and_macro():
    scores = EntityScores()
    scores.add_document(
        "d1", "x" * 60, [{"start": s, "end": e, "type": t} for s, e, t in GOLD], [{"start": s, "end": e, "type": t} for s, e, t in PRED]
    )
    out = scores.results()
    assert out["strict"]["precision"] == pytest.approx(1 / 3)
    assert (out["strict"]["actual"], out["strict"]["possible"]) == (3, 3)
    # per type strict P/R/F1: PER (1/2, 1, 2/3), ORG (0, 0, 0), GPE (0, 0, 0), LOC (0, 0, 0): macro over 4 types
    assert out["strict"]["macro"]["precision"] == pytest.approx(0.5 / 4)
    assert out["strict"]["macro"]["recall"] == pytest.approx(1 / 4)
    assert out["strict"]["macro"]["f1"] == pytest.approx((2 / 3) / 4)
    assert list(scores.per_document["d1"]["strict"].__dict__.values()) == [1, 1, 0, 1, 1]
    mapped = EntityScores()
    mapped.add_document(
        "d", "", [{"start": 0, "end": 3, "type": "GPE"}], [{"start": 0, "end": 3, "type": "LOC"}], mapping={"GPE": "LOC", "LOC": "LOC"}
    )
    assert mapped.results()["strict"]["f1"] == 1.0


# ---------------------------------------------------------------- quotes


def quote(start, end, cue=None, source=None, speaker=None, kind="direct"):
    q = {"start": start, "end": end, "kind": kind, "speaker": speaker}
    if cue:
        q["cue"] = {"start": cue[0], "end": cue[1]}
    if source:
        q["source"] = {"start": source[0], "end": source[1]}
    return q


TEXT = "aa bb cc dd ee ff gg hh"  # tokens at 0, 3, 6, 9, 12, 15, 18, 21


def test_native_quote_counts():
    gold = [quote(9, 17, cue=(3, 5), source=(0, 2), speaker="s1"), quote(18, 23, cue=(6, 8), speaker="s2")]
    pred = [quote(12, 17, cue=(3, 5), source=(0, 2), speaker="s1"), quote(18, 23, speaker="s3")]
    doc = native_counts(Tokens(TEXT), gold, pred)
    assert (doc["content_exact"].tp, doc["content_exact"].n_pred, doc["content_exact"].n_gold) == (1, 2, 2)
    # content tokens: gold dd ee ff gg hh (5), predicted ee ff gg hh (4), shared 4
    assert (doc["content_overlap"].tp, doc["content_overlap"].n_pred, doc["content_overlap"].n_gold) == (4, 4, 5)
    assert (doc["cue"].tp, doc["cue"].n_pred, doc["cue"].n_gold) == (1, 2, 2)  # every quote counts for cue
    assert (doc["source_exact"].tp, doc["source_exact"].n_pred, doc["source_exact"].n_gold) == (1, 1, 1)
    assert (doc["speaker"].tp, doc["_pairs"].tp) == (1, 2)
    parc = native_counts(Tokens(TEXT), gold, pred, "parc")
    assert (parc["content_overlap"].tp, parc["content_overlap"].n_pred, parc["cue_overlap"].n_gold) == (2, 2, 2)
    scores = QuoteScores()
    scores.add_document("d", TEXT, gold, pred)
    out = scores.results()
    assert out["speaker"]["accuracy"] == 0.5 and out["speaker"]["matched_pairs"] == 2
    assert out["content_overlap"]["recall"] == 0.8
    assert scores.per_type["direct"] == [1, 2, 2]


def test_citron_quote_counts():
    gold = [quote(9, 17, cue=(3, 5), source=(0, 2))]
    pred = [quote(9, 17, cue=(6, 8), source=(0, 2)), quote(12, 17, cue=(3, 5))]
    c = citron_counts(Tokens(TEXT), gold, pred)
    # cue tokens: gold [1, 2), predicted [2, 3) and [1, 2): Citron's overlap test takes [2, 3) as touching [1, 2)
    assert c["cue_exact"] == (1, 1, 0)
    assert c["source_exact"] == (1, 1, 0)
    assert c["content_exact"] == (1, 1, 0)
    assert c["quote_exact"] == (0, 2, 1)
    assert c["content_overlap"] == (3 + 2, 3 + 2, 3)
    assert c["cue_overlap"] == (1, 2, 1)
    assert c["quote_overlap"] == (1 + 1 + 5, 2 + 1 + 5, 1 + 1 + 3)
    scores = QuoteScores(measures="citron")
    scores.add_document("d", TEXT, gold, pred)
    assert scores.results()["cue_exact"]["precision"] == 0.5
    empty = QuoteScores(measures="citron")
    empty.add_document("d", TEXT, [], [])
    assert empty.results()["cue_exact"]["precision"] == 0.0 and empty.results()["cue_exact"]["recall"] == 0.0


# ---------------------------------------------------------------- dates


def date(start, end, type_="DATE", value="2024"):
    return {"start": start, "end": end, "type": type_, "value": value}


def test_date_scores_hand_computed():
    scores = DateScores()
    gold = [date(0, 10), date(20, 30, "DURATION", "P1Y"), date(40, 45)]
    pred = [date(0, 10, value="2023"), date(22, 30, "DURATION", "P1Y"), date(50, 55)]
    scores.add_document("d", "", gold, pred)
    out = scores.results()
    assert (out["strict"]["tp"], out["relaxed"]["tp"]) == (1, 2)
    assert (out["type"]["tp"], out["value"]["tp"]) == (2, 1)
    assert out["value"]["accuracy"] == 0.5
    assert out["value"]["attribute_f1"] == pytest.approx(0.5 * 2 / 3)
    assert out["type"]["accuracy"] == 1.0
    assert scores.per_type == {"DATE": [0, 2, 2], "DURATION": [1, 1, 1]}
    assert scores.per_document["d"]["relaxed"].tp == 2
    empty = DateScores()
    assert empty.results()["value"]["accuracy"] == 0.0
