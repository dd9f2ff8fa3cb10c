"""The entity schemas written out one class each, as nervaluate 1.x writes them: the readable
statement of the rules that the one scoring core (:mod:`tahaluf.score.entity_core`) computes for
all schemas in one pass (tests check that both agree with each other and with nervaluate).

Spans are ``(start, end, type)`` with ``end`` exclusive. Gold mentions are taken in text order
(sorted by start, then end), predictions in file order; each prediction is paired with at most one
gold mention that no earlier prediction took. "Overlap" means at least 1% of the gold span.
"""

from __future__ import annotations

from .entities import Counts, Span, clitic_equal


def overlaps(pred: Span, gold: Span) -> bool:
    """The prediction covers at least 1% of the gold span (nervaluate's default threshold)."""
    shared = min(pred[1], gold[1]) - max(pred[0], gold[0])
    return shared > 0 and shared * 100 >= gold[1] - gold[0]


class Strategy:
    """A schema: how one prediction is paired; gold mentions no prediction took are missed."""

    name = ""

    def pair(self, pred: Span, gold: list[Span], free: list[int], text: str | None) -> tuple[str, int | None]:
        """The outcome (a :class:`Counts` field) for ``pred`` and the index of the gold mention it takes."""
        raise NotImplementedError

    def evaluate(self, gold: list[Span], pred: list[Span], text: str | None = None) -> Counts:
        """The counts of one document."""
        gold = sorted(gold, key=lambda g: (g[0], g[1]))
        taken: set[int] = set()
        counts = Counts()
        for p in pred:
            free = [i for i in range(len(gold)) if i not in taken]
            outcome, index = self.pair(p, gold, free, text)
            setattr(counts, outcome, getattr(counts, outcome) + 1)
            if index is not None:
                taken.add(index)
        counts.missed = len(gold) - len(taken)
        return counts

    def evaluate_type(self, label: str, gold: list[Span], pred: list[Span], text: str | None = None) -> Counts:
        """The counts of one type: the schema applied to the mentions of that type alone."""
        return self.evaluate([g for g in gold if g[2] == label], [p for p in pred if p[2] == label], text)


def _exact_else_overlap(pred: Span, gold: list[Span], free: list[int], same, on_overlap: str) -> tuple[str, int | None]:
    """The first free mention that ``same`` accepts is correct, else the first free overlapping one gets ``on_overlap``."""
    for i in free:
        if same(pred, gold[i]):
            return "correct", i
    for i in free:
        if overlaps(pred, gold[i]):
            return on_overlap, i
    return "spurious", None


class Strict(Strategy):
    """Same span and type: correct; else an overlapping mention makes it incorrect."""

    name = "strict"

    def pair(self, pred, gold, free, text):
        return _exact_else_overlap(pred, gold, free, lambda p, g: p == g, "incorrect")


class Exact(Strategy):
    """Same span, whatever the type: correct; else an overlapping mention makes it incorrect."""

    name = "exact"

    def pair(self, pred, gold, free, text):
        return _exact_else_overlap(pred, gold, free, lambda p, g: p[:2] == g[:2], "incorrect")


class Partial(Strategy):
    """Same span: correct; else an overlapping mention makes it partial (half a point)."""

    name = "partial"

    def pair(self, pred, gold, free, text):
        return _exact_else_overlap(pred, gold, free, lambda p, g: p[:2] == g[:2], "partial")


class EntityType(Strategy):
    """An overlapping mention of the same type with the closest bounds: correct; else the first
    overlapping mention of another type makes it incorrect."""

    name = "type"

    def pair(self, pred, gold, free, text):
        same_type = [i for i in free if overlaps(pred, gold[i]) and gold[i][2] == pred[2]]
        if same_type:
            best = min(same_type, key=lambda i: (abs(pred[0] - gold[i][0]) + abs(pred[1] - gold[i][1]), i))
            return "correct", best
        other = [i for i in free if overlaps(pred, gold[i])]
        return ("incorrect", other[0]) if other else ("spurious", None)


class Clitic(Strategy):
    """Strict, where spans that differ only by attached proclitics at the start are the same span:
    a mention with the same start comes first, then one that differs by proclitics."""

    name = "clitic"

    def pair(self, pred, gold, free, text):
        same = [i for i in free if gold[i][1:] == pred[1:]]
        for i in same:
            if gold[i][0] == pred[0]:
                return "correct", i
        for i in same:
            if text is not None and clitic_equal(text, pred[:2], gold[i][:2]):
                return "correct", i
        return "spurious", None


STRATEGIES: dict[str, Strategy] = {s.name: s for s in (Strict(), Exact(), Partial(), EntityType(), Clitic())}
"""One strategy per mode, in the order of :data:`tahaluf.score.entities.MODES`."""
