"""The document greedy of the entity core (what the star shortcut leaves) at its edges: the 1% rule,
gold mentions with one start or one span, and batches where only gold or only predictions are left.
Each document has a gold mention covering all the others and the same span predicted last, so that no
span is settled by the shortcut and the greedy decides all; the counts must equal the strategy classes'."""

from __future__ import annotations

from tahaluf.score.entities import MODES
from tahaluf.score.entity_core import Batch, Labels, score_documents
from tahaluf.score.strategies import STRATEGIES

FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")


def _check(docs, labels=None):
    batch = Batch(labels if labels is not None else Labels())
    for text, gold, pred in docs:
        batch.add_spans(text, gold, pred)
    per_doc, per_label = score_documents(batch)
    for d, (text, gold, pred) in enumerate(docs):
        for i, mode in enumerate(MODES):
            expected = STRATEGIES[mode].evaluate(gold, pred, text)
            assert per_doc[d, i].tolist() == [getattr(expected, f) for f in FIELDS], (d, mode)
    for label, index in batch.labels.items():
        for i, mode in enumerate(MODES):
            total = [0] * 5
            for text, gold, pred in docs:
                counts = STRATEGIES[mode].evaluate_type(label, gold, pred, text)
                total = [a + getattr(counts, f) for a, f in zip(total, FIELDS)]
            assert per_label[index, i].tolist() == total, (label, mode)
    return per_doc


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
    per_doc = _check(docs)
    # hand-counted, exact mode (correct, incorrect, partial, missed, spurious): the bridge is correct;
    # at 1% the short prediction takes its gold (incorrect), under 1% it is spurious and the gold missed
    assert per_doc[0, 1].tolist() == [1, 1, 0, 0, 0]
    assert per_doc[1, 1].tolist() == [1, 0, 0, 1, 1]
    assert per_doc[1, 1].tolist() == per_doc[2, 1].tolist() == per_doc[3, 1].tolist() == per_doc[4, 1].tolist()


def test_gold_mentions_of_one_start_are_taken_in_order_of_their_ends():
    # label ids PER 0, ORG 1: sorting by label would put (0, 10) before (0, 5)
    text = "x" * 2000
    docs = [(text, [(0, 10, "PER"), (0, 5, "ORG")], [(2, 4, "GPE"), (6, 9, "GPE")])]
    per_doc = _check(docs)
    assert per_doc[0, 1].tolist() == [0, 2, 0, 0, 0]  # exact: (2,4) takes (0,5), (6,9) takes (0,10)


def test_gold_mentions_of_one_span_are_taken_in_text_order():
    labels = Labels()
    labels["PER"], labels["ORG"] = 0, 1
    text = "x" * 20
    # ORG (id 1) before PER (id 0) on the same span: the first given is the first taken
    docs = [(text, [(0, 5, "ORG"), (0, 5, "PER")], [(0, 5, "GPE"), (0, 5, "ORG")])]
    per_doc = _check(docs, labels)
    assert per_doc[0, 0].tolist() == [0, 2, 0, 0, 0]  # strict: GPE takes ORG (incorrect), ORG then takes PER (incorrect)


def test_a_batch_left_to_the_greedy_with_only_gold_or_only_predictions():
    # a negative start sends the whole batch to the greedy
    _check([("x" * 20, [(-1, 3, "PER"), (5, 8, "ORG")], [])])
    _check([("x" * 20, [], [(-1, 3, "PER"), (5, 8, "ORG")])])
    _check([("x" * 20, [(-1, 3, "PER")], []), ("x" * 20, [], [(2, 6, "ORG")])])
