"""The fast entity core equals the readable strategy classes and nervaluate, overall and per type."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahaluf.score.entities import MODES, SCHEMAS, EntityScores
from tahaluf.score.entity_core import Batch, Labels, score_documents
from tahaluf.score.strategies import STRATEGIES

LABELS = ["PER", "ORG", "GPE"]
NERVAL = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")


@st.composite
def documents(draw):
    """Documents whose predictions hit every case: exact, shifted, retyped, duplicated, nested, spurious, proclitics."""
    docs = []
    for _ in range(draw(st.integers(1, 5))):
        text = "".join(draw(st.lists(st.sampled_from("وفبلكx "), min_size=80, max_size=80)))
        gold, position = [], 0
        for _ in range(draw(st.integers(0, 10))):
            position += draw(st.integers(0, 4))
            length = draw(st.integers(1, 8))
            if position + length > 80:
                break
            gold.append((position, position + length, draw(st.sampled_from(LABELS))))
            if draw(st.booleans()) and length > 2:  # a nested name inside
                gold.append((position + 1, position + length - 1, draw(st.sampled_from(LABELS))))
            if draw(st.integers(0, 9)) == 0:  # the same span twice
                gold.append(gold[-1])
            position += length
        pred = []
        for g in gold:
            choice = draw(st.integers(0, 6))
            start = g[0] + draw(st.integers(-3, 3)) if choice in (2, 6) else g[0]
            end = g[1] + draw(st.integers(-2, 2)) if choice == 3 else g[1]
            label = draw(st.sampled_from(LABELS)) if choice == 4 else g[2]
            if choice and 80 >= end > start >= 0:
                pred.append((start, end, label))
                if choice == 5:
                    pred.append((start, end, label))
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, 75))
            pred.append((start, start + draw(st.integers(1, 5)), draw(st.sampled_from(LABELS))))
        docs.append((text, gold, draw(st.permutations(pred))))
    return docs


def _as_dicts(spans):
    return [{"start": s, "end": e, "type": t} for s, e, t in spans]


def assert_core_equals_strategies(batch, docs):
    """The core's counts of a filled batch equal the strategy classes', per document and per type
    (a document given without a text counts nothing in the clitic mode); returns them per document."""
    per_doc, per_label = score_documents(batch)
    for d, (text, gold, pred) in enumerate(docs):
        for m, mode in enumerate(MODES):
            if text is None and mode == "clitic":
                assert per_doc[d, m].tolist() == [0] * 5, d
                continue
            expected = STRATEGIES[mode].evaluate(gold, pred, text)
            assert per_doc[d, m].tolist() == [getattr(expected, f) for f in FIELDS], (d, mode)
    for label, index in batch.labels.items():
        for m, mode in enumerate(MODES):
            total = [0] * 5
            for text, gold, pred in docs:
                if text is None and mode == "clitic":
                    continue
                counts = STRATEGIES[mode].evaluate_type(label, gold, pred, text)
                total = [a + getattr(counts, f) for a, f in zip(total, FIELDS)]
            assert per_label[index, m].tolist() == total, (label, mode)
    return per_doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_core_equals_the_strategy_classes(docs):
    labels = Labels()
    batch = Batch(labels)
    for text, gold, pred in docs:
        batch.add(text, _as_dicts(gold), _as_dicts(pred))
    assert_core_equals_strategies(batch, docs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_core_equals_nervaluate(docs):
    from nervaluate import Evaluator

    ours = EntityScores()
    for i, (text, gold, pred) in enumerate(docs):
        ours.add_document(str(i), text, _as_dicts(gold), _as_dicts(pred))
    as_nerval = lambda spans: [{"label": t, "start": s, "end": e - 1} for s, e, t in spans]  # noqa: E731
    gold = [as_nerval(sorted(g, key=lambda x: (x[0], x[1]))) for _, g, _ in docs]  # gold in text order, predictions in file order
    theirs = Evaluator(gold, [as_nerval(p) for _, _, p in docs], tags=LABELS, loader="dict").evaluate()
    for schema in SCHEMAS:
        for f in FIELDS:
            assert getattr(ours.overall[schema], f) == getattr(theirs["overall"][NERVAL[schema]], f), (schema, f)
        for label, modes in ours.per_type.items():
            for f in FIELDS:
                assert getattr(modes[schema], f) == getattr(theirs["entities"][label][NERVAL[schema]], f), (schema, label, f)


def test_strategies_on_a_hand_counted_document():
    # gold: A [0,5) PER, B [10,14) ORG, C [20,30) GPE; predictions in file order
    gold = [(0, 5, "PER"), (10, 14, "ORG"), (20, 30, "GPE")]
    pred = [(0, 5, "PER"), (10, 14, "GPE"), (21, 30, "GPE"), (40, 42, "PER")]
    expected = {  # correct, incorrect, partial, missed, spurious
        "strict": [1, 2, 0, 0, 1],
        "exact": [2, 1, 0, 0, 1],
        "partial": [2, 0, 1, 0, 1],
        "type": [2, 1, 0, 0, 1],
        "clitic": [1, 0, 0, 2, 3],
    }
    text = "x" * 50
    for mode, counts in expected.items():
        got = STRATEGIES[mode].evaluate(gold, pred, text)
        assert [getattr(got, f) for f in FIELDS] == counts, mode
    batch = Batch(Labels())
    batch.add(text, _as_dicts(gold), _as_dicts(pred))
    per_doc, _ = score_documents(batch)
    assert per_doc[0].tolist() == [expected[m] for m in MODES]


def test_a_document_without_text_has_no_clitic_counts():
    batch = Batch(Labels())
    batch.add(None, _as_dicts([(0, 3, "PER")]), _as_dicts([(0, 3, "PER"), (5, 7, "ORG")]))
    per_doc, per_label = score_documents(batch)
    assert per_doc[0, 4].tolist() == [0, 0, 0, 0, 0]
    assert per_doc[0, 0].tolist() == [1, 0, 0, 0, 1]
    assert per_label[:, 4].sum() == 0


def _greedy_units(docs, unit_of, labels):
    """Per-unit counts from the greedy alone (no numpy shortcut): {(unit, scope, column): count}."""
    from tahaluf.score.entity_core import greedy

    out: dict = {}
    for d, (text, gold, pred) in enumerate(docs):
        events: tuple[list, list, list] = ([], [], [])
        spans = sorted(((s, e, labels[t], unit_of(d, s)) for s, e, t in gold), key=lambda g: (g[0], g[1]))
        greedy(spans, [(s, e, labels[t], unit_of(d, s)) for s, e, t in pred], text, events)
        for row, label, col in zip(*events):
            key = (row, label, col)
            out[key] = out.get(key, 0) + 1
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.integers(5, 40))
def test_per_unit_counts_equal_the_greedy_attribution(docs, width):
    from tahaluf.score.entity_core import score_units

    units = Labels()
    batch = Batch(Labels(), units)
    for d, (text, gold, pred) in enumerate(docs):
        batch.add(text, _as_dicts(gold), _as_dicts(pred), unit_at=lambda offset, d=d: f"{d}/{offset // width}")
    [(per_unit, per_unit_label)] = score_units(batch)
    expected = _greedy_units(docs, lambda d, offset: units[f"{d}/{offset // width}"], batch.labels)
    got = {(u, -1, c): int(v) for (u, c), v in np.ndenumerate(per_unit) if v}
    got.update({(u, label, c): int(v) for (u, label, c), v in np.ndenumerate(per_unit_label) if v})
    assert got == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_collapsed_view_equals_scoring_the_mapped_types_apart(docs):
    mapping = {"PER": "PER", "ORG": "ORG", "GPE": "ORG"}
    ours = EntityScores()
    view = ours.collapsed(mapping)
    apart = EntityScores()
    for i, (text, gold, pred) in enumerate(docs):
        ours.add_document(str(i), text, _as_dicts(gold), _as_dicts(pred))
        apart.add_document(str(i), text, _as_dicts(gold), _as_dicts(pred), mapping=mapping)
    assert view.results() == apart.results()
    assert view.per_type == apart.per_type
    for mode in MODES:
        expected = [0] * 5
        for text, gold, pred in docs:
            mapped = [[(s, e, mapping[t]) for s, e, t in spans] for spans in (gold, pred)]
            counts = STRATEGIES[mode].evaluate(*mapped, text)
            expected = [a + getattr(counts, f) for a, f in zip(expected, FIELDS)]
        assert [getattr(view.overall[mode], f) for f in FIELDS] == expected, mode
