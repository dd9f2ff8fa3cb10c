"""The entity accumulator's public surface, with hand-computed values: counts added together, the
figures of a row, the lazily built per-document figures, collapsed views, documents given as
iterators, batches flushed by hand, per-unit tallies, and the core on spans that the fast path
refuses (a negative start) or that end far beyond every prediction, and the core's document greedy
(what the star shortcut leaves) at its edges: the 1% rule, gold mentions of one start or one span,
batches where only gold or only predictions are left. There, each document has a gold mention
covering all the others and the same span predicted last, so that no span is settled by the
shortcut and the greedy decides all."""

from __future__ import annotations

import importlib
import json

import pytest
from test_entity_core import assert_core_equals_strategies

from tahaluf.score import entity_core
from tahaluf.score.entities import Counts, DocumentFigures, EntityScores, figures
from tahaluf.score.strategies import STRATEGIES
from tahaluf.score.units import UnitTally

FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
MODES = ("strict", "exact", "partial", "type", "clitic")


def m(start, end, kind="PER"):
    return {"start": start, "end": end, "type": kind}


def test_counts_add_every_field():
    total = Counts(1, 2, 3, 4, 5)
    total.add(Counts(10, 20, 30, 40, 50))
    assert (total.correct, total.incorrect, total.partial, total.missed, total.spurious) == (11, 22, 33, 44, 55)


def test_figures_give_half_credit_in_the_partial_mode():
    # partial mode: 1 correct, 1 partial of 2 predicted and 2 gold -> (1 + 0.5) / 2
    row = figures([0] * 10 + [1, 0, 1, 0, 0] + [0] * 10)
    assert row["partial"]["precision"] == 0.75 and row["partial"]["recall"] == 0.75
    assert row["strict"]["precision"] == 0.0


def _scores() -> EntityScores:
    acc = EntityScores()
    acc.add_document("a", "x" * 20, [m(0, 3)], [m(0, 3)])
    acc.flush()  # blocks of 1, 2 and 1 documents
    acc.add_document("b", "x" * 20, [m(0, 3)], [m(5, 7)])
    acc.add_document("c", "x" * 20, [m(0, 3), m(5, 8)], [m(0, 3), m(5, 8)])
    acc.flush()
    acc.add_document("d", "x" * 20, [], [m(1, 2)])
    return acc


def test_documents_flushed_in_several_blocks_keep_their_counts():
    per = _scores().per_document
    assert list(per) == ["a", "b", "c", "d"]
    assert [[per[d]["strict"].correct, per[d]["strict"].missed, per[d]["strict"].spurious] for d in per] == [
        [1, 0, 0],
        [0, 1, 1],
        [2, 0, 0],
        [0, 0, 1],
    ]


def test_document_figures_behave_as_a_dict_of_integer_counts():
    figs = _scores().document_figures()
    plain = figs.copy()
    assert type(plain) is dict and list(plain) == ["a", "b", "c", "d"]
    assert figs == plain and not figs != plain
    assert figs != {**plain, "c": plain["a"]} and figs != {"a": plain["a"]} and figs != [1]
    assert figs != {"a": plain["a"], "b": plain["b"], "c": plain["c"], "e": plain["d"]}
    assert repr(figs) == repr(plain)
    assert list(figs.values()) == list(plain.values())
    assert '"correct": 2, "incorrect": 0' in json.dumps(plain["c"]["strict"])
    assert EntityScores().document_figures() == {}
    assert isinstance(EntityScores().document_figures(), DocumentFigures)


def test_a_collapsed_view_keeps_no_documents_and_refuses_documents():
    acc = EntityScores()
    view = acc.collapsed({"PER": "PER", "GPE": "LOC", "LOC": "LOC"})
    acc.add_document("a", "x" * 20, [m(0, 3, "GPE")], [m(0, 3, "LOC")])
    assert view.overall["strict"].correct == 1 and acc.overall["strict"].correct == 0
    assert view.per_document == {}
    with pytest.raises(ValueError, match="^a collapsed view is filled by the accumulator it was made from"):
        view.add_document("b", "x", [], [])


def test_mentions_given_as_iterators():
    acc = EntityScores()
    acc.add_document("a", "x" * 20, iter([m(0, 3), m(5, 8)]), (p for p in [m(0, 3), m(5, 7)]))
    assert [getattr(acc.overall["strict"], f) for f in FIELDS] == [1, 1, 0, 0, 0]


def test_per_unit_tally_holds_counts_above_one():
    acc = EntityScores()
    acc.tally = UnitTally()
    acc.unit_at = lambda offset: "u0" if offset < 10 else "u1"
    acc.add_document("a", "x" * 20, [m(0, 3), m(5, 8), m(12, 14)], [m(0, 3), m(5, 8), m(12, 14)])
    tally = acc.tally
    assert tally.column(("PER", "strict", "correct"), ["u0", "u1"]) == [2.0, 1.0]
    assert tally.column(("", "strict", "correct"), ["u0", "u1"]) == [2.0, 1.0]


def test_gold_ending_far_beyond_every_prediction():
    # gold ends (1000) need more bits than the predictions' ends: the span keys must not collide
    text = "x" * 1100
    docs = [
        (text, [(0, 1000, "PER"), (2, 4, "ORG")], [(2, 4, "ORG"), (0, 3, "PER")]),
        (text, [(1, 999, "ORG"), (3, 5, "PER")], [(3, 5, "PER")]),
        (text, [(0, 2, "PER")], [(0, 2, "PER"), (1, 2, "ORG")]),
    ]
    _greedy_equals_strategies(docs)


def test_negative_starts_are_paired_as_the_rules_say():
    text = "x" * 30
    docs = [
        (text, [(0, 5, "PER"), (6, 9, "ORG")], [(-2, 3, "PER"), (6, 9, "ORG"), (0, 5, "PER")]),
        (text, [(-3, 2, "PER"), (4, 8, "ORG")], [(-3, 2, "PER"), (4, 8, "PER"), (5, 8, "ORG")]),
        (text, [(2, 4, "PER")], [(2, 4, "PER"), (-1, 3, "PER")]),
    ]
    _greedy_equals_strategies(docs)


def test_the_case_tables_made_at_import_score_as_the_rules_say():
    # the tables of the settled spans are built when the module is imported: build them again
    module = importlib.reload(entity_core)
    text = "وx" * 20
    docs = [
        (
            text,
            [(0, 4, "PER"), (10, 14, "ORG"), (20, 24, "GPE"), (30, 34, "PER")],
            [(0, 4, "PER"), (10, 14, "PER"), (21, 24, "GPE"), (30, 33, "ORG"), (36, 38, "PER")],
        ),
        (text, [(2, 6, "PER"), (12, 16, "ORG")], [(1, 6, "PER"), (12, 16, "ORG"), (12, 16, "ORG"), (13, 15, "ORG")]),
        (None, [(0, 4, "PER"), (10, 14, "ORG")], [(0, 4, "PER"), (11, 14, "GPE")]),
    ]
    batch = module.Batch(module.Labels())
    for t, gold, pred in docs:
        batch.add_spans(t, gold, pred)
    per_doc, per_label = module.score_documents(batch)
    # the same documents in a batch that keeps units (one per document) use the tables of pairs
    # and of spurious predictions apart: summed per document, they give the same counts
    by_unit = module.Batch(module.Labels(), module.Labels())
    for d, (t, gold, pred) in enumerate(docs):
        by_unit.add_spans(t, gold, pred, lambda offset, d=d: str(d))
    (per_unit, per_unit_label), *_ = module.score_units(by_unit)
    summed_doc, summed_label = module.by_document(by_unit, per_unit, per_unit_label)
    assert summed_doc.tolist() == per_doc.tolist() and summed_label.tolist() == per_label.tolist()
    for d, (t, gold, pred) in enumerate(docs):
        for i, mode in enumerate(MODES):
            expected = [0] * 5 if t is None and mode == "clitic" else [getattr(STRATEGIES[mode].evaluate(gold, pred, t), f) for f in FIELDS]
            assert per_doc[d, i].tolist() == expected, (d, mode)
    for label, index in batch.labels.items():
        for i, mode in enumerate(MODES):
            total = [0] * 5
            for t, gold, pred in docs:
                if t is None and mode == "clitic":
                    continue
                counts = STRATEGIES[mode].evaluate_type(label, gold, pred, t)
                total = [a + getattr(counts, f) for a, f in zip(total, FIELDS)]
            assert per_label[index, i].tolist() == total, (label, mode)


def test_a_batch_without_units_refuses_per_unit_counts():
    with pytest.raises(ValueError, match="^this batch keeps no units$"):
        entity_core.score_units(entity_core.Batch(entity_core.Labels()))
    with pytest.raises(ValueError, match="^a batch that keeps units needs unit_at for every document$"):
        entity_core.Batch(entity_core.Labels(), entity_core.Labels()).add(None, [], [])


def test_document_figures_are_built_afresh_unless_kept():
    acc = _scores()
    figs = acc.document_figures()
    figs["a"]["strict"]["note"] = 1
    assert "note" not in figs["a"]["strict"]  # a new figure at each read
    kept = acc.document_figures(keep=True)
    kept["a"]["strict"]["note"] = 1
    assert kept["a"]["strict"]["note"] == 1  # the figure once built is stored


# the document greedy at its edges
def _greedy_equals_strategies(docs, labels=None):
    """Per document and per type, the core's counts equal the strategy classes'."""
    batch = entity_core.Batch(labels if labels is not None else entity_core.Labels())
    for text, gold, pred in docs:
        batch.add_spans(text, gold, pred)
    return assert_core_equals_strategies(batch, docs)


BRIDGE = (0, 2000, "LOC")  # gold and predicted: intersects every span, so nothing is left to the shortcut


def test_the_one_percent_rule_at_its_edges_in_the_greedy():
    text = "x" * 2000
    docs = [
        (text, [(10, 110, "PER"), BRIDGE], [(109, 115, "PER"), BRIDGE]),  # 1 of 100: exactly 1%, overlaps
        (text, [(10, 111, "PER"), BRIDGE], [(110, 120, "PER"), BRIDGE]),  # 1 of 101: under 1%
        (text, [(10, 1010, "PER"), BRIDGE], [(10, 11, "PER"), BRIDGE]),  # ends inside the gold: 1 of 1000
        (text, [(50, 250, "ORG"), BRIDGE], [(40, 51, "ORG"), BRIDGE]),  # starts before the gold: 1 of 200
        (text, [(300, 500, "ORG"), BRIDGE], [(499, 510, "ORG"), BRIDGE]),  # starts inside, 1 of 200
    ]
    per_doc = _greedy_equals_strategies(docs)
    # hand-counted, exact mode (correct, incorrect, partial, missed, spurious): the bridge is correct;
    # at 1% the short prediction takes its gold (incorrect), under 1% it is spurious and the gold missed
    assert per_doc[0, 1].tolist() == [1, 1, 0, 0, 0]
    assert per_doc[1, 1].tolist() == [1, 0, 0, 1, 1]
    assert per_doc[1, 1].tolist() == per_doc[2, 1].tolist() == per_doc[3, 1].tolist() == per_doc[4, 1].tolist()


def test_gold_mentions_of_one_start_are_taken_in_order_of_their_ends():
    # label ids PER 0, ORG 1: sorting by label would put (0, 10) before (0, 5)
    text = "x" * 2000
    docs = [(text, [(0, 10, "PER"), (0, 5, "ORG")], [(2, 4, "GPE"), (6, 9, "GPE")])]
    per_doc = _greedy_equals_strategies(docs)
    assert per_doc[0, 1].tolist() == [0, 2, 0, 0, 0]  # exact: (2,4) takes (0,5), (6,9) takes (0,10)


def test_gold_mentions_of_one_span_are_taken_in_text_order():
    labels = entity_core.Labels()
    labels["PER"], labels["ORG"] = 0, 1
    text = "x" * 20
    # ORG (id 1) before PER (id 0) on the same span: the first given is the first taken
    docs = [(text, [(0, 5, "ORG"), (0, 5, "PER")], [(0, 5, "GPE"), (0, 5, "ORG")])]
    per_doc = _greedy_equals_strategies(docs, labels)
    assert per_doc[0, 0].tolist() == [0, 2, 0, 0, 0]  # strict: GPE takes ORG (incorrect), ORG then takes PER (incorrect)


def test_a_batch_left_to_the_greedy_with_only_gold_or_only_predictions():
    # a negative start sends the whole batch to the greedy
    _greedy_equals_strategies([("x" * 20, [(-1, 3, "PER"), (5, 8, "ORG")], [])])
    _greedy_equals_strategies([("x" * 20, [], [(-1, 3, "PER"), (5, 8, "ORG")])])
    _greedy_equals_strategies([("x" * 20, [(-1, 3, "PER")], []), ("x" * 20, [], [(2, 6, "ORG")])])


# spans at the edges of what the star shortcut takes
def _far(base: int) -> list[tuple[None, list, list]]:
    """Documents given without a text (so offsets may be far beyond any text held in memory)."""
    return [
        (
            None,
            [(base, base + 5, "PER"), (base + 10, base + 20, "ORG"), (base + 40, base + 45, "GPE")],
            [(base, base + 5, "PER"), (base + 11, base + 20, "ORG"), (base + 30, base + 32, "GPE"), (base + 44, base + 46, "GPE")],
        ),
        (
            None,
            [(3, 6, "PER"), (base - 4, base, "GPE")],
            [(3, 6, "ORG"), (base - 4, base, "GPE"), (5, 9, "PER"), (base - 3, base + 1, "GPE")],
        ),
        (None, [(base, base + 1, "PER"), (7, 9, "ORG")], [(0, 2, "PER"), (base, base + 1, "PER"), (7, 9, "GPE")]),
    ]


@pytest.mark.parametrize("base", [2**19 - 3, 2**20, 2**24 + 7, 2**27, 2**28 + 5, 2**29 + 11, 2**30 - 50, 2**30, 2**40])
def test_spans_far_into_a_long_text(base):
    # the shortcut packs document, start and end into one key of at most 62 bits: 3 documents (2 bits)
    # leave 30 bits an offset and 9 documents (4 bits) leave 29, so some of these sets take the
    # shortcut at its limit and the others go to the greedy
    _greedy_equals_strategies(_far(base))
    _greedy_equals_strategies(_far(base) * 3)


def test_many_gold_mentions_of_one_span_are_taken_in_text_order():
    # more than 16 gold mentions of one span: their order must survive the sort of the span keys
    kinds = ["PER", "ORG", "GPE"]
    gold = [(0, 5, kinds[i % 3]) for i in range(40)] + [(10, 15, "ORG")]
    pred = [(0, 5, "GPE")] * 7 + [(0, 5, "PER")] * 5 + [(1, 5, "ORG")] * 3 + [(0, 5, "ORG")] * 2 + [(10, 15, "ORG")]
    text = "وx" * 10
    per_doc = _greedy_equals_strategies([(text, gold, pred), (text, list(reversed(gold)), pred)])
    # strict: GPE x7, PER x5 and ORG x2 take free gold of their type (correct), (1, 5) x3 takes the first
    # free ones, ORG (incorrect), (10, 15) is correct; 41 - 18 gold are missed
    assert per_doc[0, 0].tolist() == [15, 3, 0, 23, 0]


def test_negative_ends_are_paired_as_the_rules_say():
    text = "x" * 20
    docs = [
        (text, [(-6, -2, "PER"), (0, 3, "ORG")], [(-6, -2, "PER"), (-5, -1, "ORG"), (0, 3, "ORG")]),
        (text, [(2, 4, "PER")], [(-4, -3, "PER"), (2, 4, "PER")]),
    ]
    _greedy_equals_strategies(docs)


def test_spans_added_to_a_batch_that_keeps_units():
    docs = [
        ("وx" * 20, [(0, 4, "PER"), (12, 16, "ORG")], [(0, 4, "PER"), (13, 16, "ORG"), (25, 27, "GPE")]),
        (None, [(5, 9, "GPE")], [(5, 9, "PER"), (30, 31, "ORG")]),
    ]
    as_spans, as_dicts = (entity_core.Batch(entity_core.Labels(), entity_core.Labels()) for _ in range(2))
    for d, (text, gold, pred) in enumerate(docs):
        unit_at = lambda offset, d=d: f"{d}/{offset // 10}"  # noqa: E731
        as_spans.add_spans(text, gold, pred, unit_at)
        as_dicts.add(text, [m(*g) for g in gold], [m(*p) for p in pred], unit_at=unit_at)
    assert list(as_spans.units) == list(as_dicts.units) == ["0/0", "0/1", "0/2", "1/0", "1/3"]
    for (overall, typed), (overall_d, typed_d) in zip(entity_core.score_units(as_spans), entity_core.score_units(as_dicts)):
        assert overall.tolist() == overall_d.tolist() and typed.tolist() == typed_d.tolist()
    (overall, _), *_ = entity_core.score_units(as_spans)
    assert overall[1, 0:5].tolist() == [0, 1, 0, 0, 0]  # strict: (13, 16) takes (12, 16), incorrect, in unit 0/1


def test_gold_mentions_of_one_span_keep_their_order_when_sorted_with_others():
    # gold given out of text order: 40 mentions of (10, 15), then 40 of (0, 5), each group led by a
    # PER; an unstable sort of the span keys would move the PER away from the head of its group
    text = "وx" * 10
    gold = [(10, 15, "PER")] + [(10, 15, "ORG")] * 39 + [(0, 5, "PER")] + [(0, 5, "ORG")] * 39
    # a short LOC takes the first free mention of its span (the PER, incorrect), so the PER
    # prediction that follows finds its PER taken and takes an ORG (incorrect)
    pred = [(0, 4, "LOC"), (0, 5, "PER"), (10, 14, "LOC"), (10, 15, "PER")]
    per_doc = _greedy_equals_strategies([(text, gold, pred)])
    assert per_doc[0, 0].tolist() == [0, 4, 0, 76, 0]  # strict
