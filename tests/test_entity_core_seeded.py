"""The entity core against the readable strategy classes on fixed, seeded documents (fast and
deterministic, so that mutation testing can run it for every mutant of ``score/entity_core.py``).

The documents are made as in ``tests/test_entity_core.py`` (exact, shifted, retyped, duplicated,
nested and spurious predictions over a text of proclitic letters), from ``random.Random(seed)``.
Per document, per type and per resampling unit, each count of :func:`score_documents` and
:func:`score_units` equals the count the strategy classes give, with each paired outcome counted
in its gold mention's unit and each spurious prediction and missed mention in its own.
"""

from __future__ import annotations

import random

import pytest

from tahaluf.score.entities import MODES
from tahaluf.score.entity_core import Batch, Labels, score_batch, score_documents, score_units
from tahaluf.score.strategies import STRATEGIES

LABELS = ["PER", "ORG", "GPE"]
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
SEEDS = range(6)


def _document(rng: random.Random, with_text: bool = True):
    text = "".join(rng.choice("وفبلكx ") for _ in range(80))
    gold, position = [], 0
    for _ in range(rng.randint(0, 10)):
        position += rng.randint(0, 4)
        length = rng.randint(1, 8)
        if position + length > 80:
            break
        gold.append((position, position + length, rng.choice(LABELS)))
        if rng.random() < 0.5 and length > 2:  # a nested name inside
            gold.append((position + 1, position + length - 1, rng.choice(LABELS)))
        if rng.randint(0, 9) == 0:  # the same span twice
            gold.append(gold[-1])
        position += length
    pred = []
    for g in gold:
        choice = rng.randint(0, 6)
        start = g[0] + rng.randint(-3, 3) if choice in (2, 6) else g[0]
        end = g[1] + rng.randint(-2, 2) if choice == 3 else g[1]
        label = rng.choice(LABELS) if choice == 4 else g[2]
        if choice and 80 >= end > start >= 0:
            pred.append((start, end, label))
            if choice == 5:
                pred.append((start, end, label))
    for _ in range(rng.randint(0, 3)):
        start = rng.randint(0, 75)
        pred.append((start, start + rng.randint(1, 5), rng.choice(LABELS)))
    rng.shuffle(pred)
    return (text if with_text else None), gold, pred


def _documents(seed: int, n: int = 40):
    rng = random.Random(seed)
    return [_document(rng, with_text=rng.random() < 0.85) for _ in range(n)]


def _as_dicts(spans):
    return [{"start": s, "end": e, "type": t} for s, e, t in spans]


def _expected(mode: str, gold, pred, text):
    if text is None and mode == "clitic":
        return [0] * 5
    counts = STRATEGIES[mode].evaluate(gold, pred, text)
    return [getattr(counts, f) for f in FIELDS]


def _expected_type(mode: str, label: str, gold, pred, text):
    if text is None and mode == "clitic":
        return [0] * 5
    counts = STRATEGIES[mode].evaluate_type(label, gold, pred, text)
    return [getattr(counts, f) for f in FIELDS]


@pytest.mark.parametrize("seed", SEEDS)
def test_per_document_and_per_type_counts_equal_the_strategy_classes(seed):
    docs = _documents(seed)
    labels = Labels()
    batch = Batch(labels)
    for text, gold, pred in docs:
        batch.add(text, _as_dicts(gold), _as_dicts(pred))
    per_doc, per_label = score_documents(batch)
    assert per_doc.shape == (len(docs), 5, 5)
    for d, (text, gold, pred) in enumerate(docs):
        for m, mode in enumerate(MODES):
            assert per_doc[d, m].tolist() == _expected(mode, gold, pred, text), (d, mode)
    assert sorted(labels) == sorted({t for _, gold, pred in docs for *_, t in gold + pred})
    for label, index in labels.items():
        for m, mode in enumerate(MODES):
            total = [0] * 5
            for text, gold, pred in docs:
                total = [a + b for a, b in zip(total, _expected_type(mode, label, gold, pred, text))]
            assert per_label[index, m].tolist() == total, (label, mode)


def _attributed(mode: str, gold, pred, text, unit_of) -> dict:
    """{(unit, type or "", field): count}: the strategy's pairing, a paired outcome counted where its gold mention starts."""
    out: dict = {}

    def add(unit, label, f):
        for scope in ("", label):
            out[(unit, scope, f)] = out.get((unit, scope, f), 0) + 1

    if text is None and mode == "clitic":
        return out
    strategy = STRATEGIES[mode]
    for scope_label in [None, *LABELS]:
        g = sorted((x for x in gold if scope_label is None or x[2] == scope_label), key=lambda x: (x[0], x[1]))
        p = [x for x in pred if scope_label is None or x[2] == scope_label]
        taken: set[int] = set()
        for x in p:
            outcome, index = strategy.pair(x, g, [i for i in range(len(g)) if i not in taken], text)
            unit = unit_of(x[0]) if index is None else unit_of(g[index][0])
            key = (unit, "" if scope_label is None else scope_label, outcome)
            out[key] = out.get(key, 0) + 1
            if index is not None:
                taken.add(index)
        for i, x in enumerate(g):
            if i not in taken:
                key = (unit_of(x[0]), "" if scope_label is None else scope_label, "missed")
                out[key] = out.get(key, 0) + 1
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_per_unit_counts_equal_the_strategy_classes(seed):
    docs = _documents(100 + seed, n=25)
    width = 7 + 5 * seed
    units = Labels()
    batch = Batch(Labels(), units)
    for d, (text, gold, pred) in enumerate(docs):
        batch.add(text, _as_dicts(gold), _as_dicts(pred), unit_at=lambda offset, d=d: f"{d}/{offset // width}")
    [(per_unit, per_unit_label)] = score_units(batch)
    names, label_names = list(units), list(batch.labels)
    assert per_unit.shape == (len(names), 25)
    for m, mode in enumerate(MODES):
        expected: dict = {}
        for d, (text, gold, pred) in enumerate(docs):
            for key, value in _attributed(mode, gold, pred, text, lambda offset, d=d: f"{d}/{offset // width}").items():
                expected[key] = expected.get(key, 0) + value
        got: dict = {}
        for u, name in enumerate(names):
            for f, field in enumerate(FIELDS):
                if per_unit[u, 5 * m + f]:
                    got[(name, "", field)] = int(per_unit[u, 5 * m + f])
                for li, label in enumerate(label_names):
                    if per_unit_label[u, li, 5 * m + f]:
                        got[(name, label, field)] = int(per_unit_label[u, li, 5 * m + f])
        assert got == {k: v for k, v in expected.items() if v}, mode
    # the per-document view of the same counts equals scoring the documents without units
    [(per_doc, per_label)] = score_batch(batch)
    plain = Batch(Labels())
    for text, gold, pred in docs:
        plain.add(text, _as_dicts(gold), _as_dicts(pred))
    plain_doc, plain_label = score_documents(plain)
    assert per_doc.tolist() == plain_doc.tolist()
    assert per_label.tolist() == plain_label.tolist()


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_a_view_is_scored_as_the_mapped_types(seed):
    docs = _documents(200 + seed, n=30)
    mapping = {"PER": "PER", "ORG": "ORG", "GPE": "ORG"}
    view_labels = Labels()
    batch = Batch(Labels(), None, ((mapping, view_labels),))
    for text, gold, pred in docs:
        batch.add(text, _as_dicts(gold), _as_dicts(pred))
    _, (per_doc, per_label) = score_batch(batch)
    for d, (text, gold, pred) in enumerate(docs):
        mapped = [[(s, e, mapping[t]) for s, e, t in spans] for spans in (gold, pred)]
        for m, mode in enumerate(MODES):
            assert per_doc[d, m].tolist() == _expected(mode, *mapped, text), (d, mode)
    for label, index in view_labels.items():
        for m, mode in enumerate(MODES):
            total = [0] * 5
            for text, gold, pred in docs:
                mapped = [[(s, e, mapping[t]) for s, e, t in spans] for spans in (gold, pred)]
                total = [a + b for a, b in zip(total, _expected_type(mode, label, *mapped, text))]
            assert per_label[index, m].tolist() == total, (label, mode)
