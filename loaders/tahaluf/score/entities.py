"""Entity scoring: the four SemEval-2013 Task 9.1 schemas as nervaluate computes them, an Arabic
clitic-tolerant mode, and the CoNLL-2003 collapsed view.

The matching follows nervaluate 1.x exactly (tests compare the numbers): predictions are taken in
file order and each is paired greedily with a gold mention that no earlier prediction took:

- ``strict``: an exact span with the same type is correct; otherwise the first overlapping gold
  mention (gold in text order) makes it incorrect; otherwise it is spurious;
- ``exact``: the same with the type ignored;
- ``partial``: an exact span is correct, an overlap is partial (half a point);
- ``type``: the overlapping gold mention of the same type with the closest boundaries is correct,
  else the first overlapping one is incorrect;
- gold mentions left unpaired are missed. "Overlap" means at least 1% of the gold span.

Per type, each schema is computed on the mentions of that type only, as nervaluate does.
``clitic`` is strict matching where two spans that differ only by attached proclitics
(و ف ب ل ك, or the ل of لل) at the start count as the same span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SCHEMAS = ("strict", "exact", "partial", "type")
MODES = (*SCHEMAS, "clitic")
PROCLITICS = frozenset("وفبلك")


@dataclass
class Counts:
    """correct / incorrect / partial / missed / spurious, with SemEval precision and recall."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    def prf(self, half_partial: bool) -> tuple[float, float, float]:
        hits = self.correct + (0.5 * self.partial if half_partial else 0)
        precision = hits / self.actual if self.actual else 0.0
        recall = hits / self.possible if self.possible else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def as_dict(self, mode: str) -> dict[str, Any]:
        precision, recall, f1 = self.prf(mode in ("partial", "type"))
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "actual": self.actual,
            "possible": self.possible,
        }


Span = tuple[int, int, str]  # start, end (exclusive), type


class _Gold:
    """Gold spans of one document sorted by (start, end), with indexes for fast overlap search."""

    __slots__ = ("spans", "starts", "prefmax", "by_key", "by_bounds")

    def __init__(self, spans: list[Span]):
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.prefmax = []
        top = -1
        for s in spans:
            top = max(top, s[1])
            self.prefmax.append(top)
        self.by_key: dict[Span, list[int]] = {}
        self.by_bounds: dict[tuple[int, int], list[int]] = {}
        for i, s in enumerate(spans):
            self.by_key.setdefault(s, []).append(i)
            self.by_bounds.setdefault((s[0], s[1]), []).append(i)

    def overlapping(self, start: int, end: int) -> range:
        """Indexes (in order) that may overlap [start, end): a superset, checked by the caller."""
        return range(bisect_right(self.prefmax, start), bisect_left(self.starts, end))


def _enough(pred_start: int, pred_end: int, gold: Span) -> bool:
    # nervaluate: overlap of inclusive ranges, at least 1% of the gold span
    shared = min(pred_end, gold[1]) - max(pred_start, gold[0])
    return shared > 0 and shared * 100.0 >= (gold[1] - gold[0]) * 1.0


def _first_free(indexes: list[int] | None, taken: set[int]) -> int | None:
    if indexes:
        for i in indexes:
            if i not in taken:
                return i
    return None


def evaluate(gold_spans: list[Span], pred_spans: list[Span]) -> dict[str, Counts]:
    """The four schemas for one document (or one type of one document)."""
    gold = _Gold(sorted(gold_spans, key=lambda s: (s[0], s[1])))
    spans = gold.spans
    out = {name: Counts() for name in SCHEMAS}
    taken = {name: set() for name in SCHEMAS}
    for ps, pe, pt in pred_spans:
        candidates = gold.overlapping(ps, pe)
        # strict
        t = taken["strict"]
        i = _first_free(gold.by_key.get((ps, pe, pt)), t)
        if i is not None:
            out["strict"].correct += 1
            t.add(i)
        else:
            j = next((k for k in candidates if k not in t and _enough(ps, pe, spans[k])), None)
            if j is None:
                out["strict"].spurious += 1
            else:
                out["strict"].incorrect += 1
                t.add(j)
        # exact
        t = taken["exact"]
        i = _first_free(gold.by_bounds.get((ps, pe)), t)
        if i is not None:
            out["exact"].correct += 1
            t.add(i)
        else:
            j = next((k for k in candidates if k not in t and _enough(ps, pe, spans[k])), None)
            if j is None:
                out["exact"].spurious += 1
            else:
                out["exact"].incorrect += 1
                t.add(j)
        # partial
        t = taken["partial"]
        i = _first_free(gold.by_bounds.get((ps, pe)), t)
        if i is not None:
            out["partial"].correct += 1
            t.add(i)
        else:
            j = next((k for k in candidates if k not in t and _enough(ps, pe, spans[k])), None)
            if j is None:
                out["partial"].spurious += 1
            else:
                out["partial"].partial += 1
                t.add(j)
        # type
        t = taken["type"]
        best = None
        best_distance = None
        wrong = None
        for k in candidates:
            if k in t or not _enough(ps, pe, spans[k]):
                continue
            g = spans[k]
            if g[2] == pt:
                distance = abs(ps - g[0]) + abs(pe - g[1])
                if best_distance is None or distance < best_distance:
                    best, best_distance = k, distance
            elif wrong is None:
                wrong = k
        if best is not None:
            out["type"].correct += 1
            t.add(best)
        elif wrong is not None:
            out["type"].incorrect += 1
            t.add(wrong)
        else:
            out["type"].spurious += 1
    for name in SCHEMAS:
        out[name].missed = len(spans) - len(taken[name])
    return out


def clitic_equal(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Same end, and the start differs only by up to three attached proclitics (و ف ب ل ك)."""
    if a[1] != b[1]:
        return False
    lo, hi = sorted((a[0], b[0]))
    prefix = text[lo:hi]
    return len(prefix) <= 3 and all(ch in PROCLITICS for ch in prefix) and (lo == 0 or not text[lo - 1].isalpha())


def clitic(text: str, gold_spans: list[Span], pred_spans: list[Span]) -> Counts:
    """Strict matching with clitic-tolerant starts, one to one, predictions in file order."""
    counts = Counts()
    free = sorted(gold_spans, key=lambda s: (s[0], s[1]))
    by_end: dict[tuple[int, str], list[Span]] = {}
    for g in free:
        by_end.setdefault((g[1], g[2]), []).append(g)
    for ps, pe, pt in pred_spans:
        bucket = by_end.get((pe, pt), [])
        match = next((g for g in bucket if g[0] == ps), None) or next(
            (g for g in bucket if clitic_equal(text, (ps, pe), (g[0], g[1]))), None
        )
        if match is None:
            counts.spurious += 1
        else:
            counts.correct += 1
            bucket.remove(match)
    counts.missed = sum(len(v) for v in by_end.values())
    return counts


@dataclass
class EntityScores:
    """Accumulated entity counts: overall, per type and per document, for every mode."""

    overall: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MODES})
    per_type: dict[str, dict[str, Counts]] = field(default_factory=dict)
    per_document: dict[str, dict[str, Counts]] = field(default_factory=dict)

    def add_document(self, doc_id: str, text: str, gold: Iterable[dict], pred: Iterable[dict], mapping: dict | None = None):
        """Score one document; ``mapping`` collapses types first (e.g. to CoNLL-2003)."""
        g = [(m["start"], m["end"], mapping[m["type"]] if mapping else m["type"]) for m in gold]
        p = [(m["start"], m["end"], mapping[m["type"]] if mapping else m["type"]) for m in pred]
        doc = evaluate(g, p)
        doc["clitic"] = clitic(text, g, p)
        self.per_document[doc_id] = doc
        for mode in MODES:
            self.overall[mode].add(doc[mode])
        for label in {s[2] for s in g} | {s[2] for s in p}:
            gl = [s for s in g if s[2] == label]
            pl = [s for s in p if s[2] == label]
            by_type = evaluate(gl, pl)
            by_type["clitic"] = clitic(text, gl, pl)
            bucket = self.per_type.setdefault(label, {m: Counts() for m in MODES})
            for mode in MODES:
                bucket[mode].add(by_type[mode])

    def results(self) -> dict[str, Any]:
        out = {mode: self.overall[mode].as_dict(mode) for mode in MODES}
        for mode in MODES:
            per = [self.per_type[label][mode].prf(mode in ("partial", "type")) for label in sorted(self.per_type)]
            n = len(per) or 1
            out[mode]["macro"] = {
                "precision": sum(p for p, _, _ in per) / n,
                "recall": sum(r for _, r, _ in per) / n,
                "f1": sum(f for _, _, f in per) / n,
            }
        return out
