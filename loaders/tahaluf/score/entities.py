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

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..clitics import is_proclitic_run

SCHEMAS = ("strict", "exact", "partial", "type")
MODES = (*SCHEMAS, "clitic")


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

    __slots__ = ("spans", "starts", "prefmax", "by_key", "by_bounds", "by_end")

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
        self.by_end: dict[tuple[int, str], list[int]] = {}
        for i, s in enumerate(spans):
            self.by_key.setdefault(s, []).append(i)
            self.by_bounds.setdefault((s[0], s[1]), []).append(i)
            self.by_end.setdefault((s[1], s[2]), []).append(i)


def _first_free(indexes: list[int] | None, taken: set[int]) -> int | None:
    if indexes:
        for i in indexes:
            if i not in taken:
                return i
    return None


CORRECT, OVERLAP, SPURIOUS = 0, 1, 2


def _pair(exact: list[int] | None, overlapping: list[int], taken: set[int]) -> tuple[int, int | None]:
    """One greedy pairing step (nervaluate's order): the first free gold mention with an exact
    match, else the first free overlapping one, else none. Marks the chosen mention taken and
    returns the outcome with the index of the chosen gold mention."""
    i = _first_free(exact, taken)
    if i is not None:
        taken.add(i)
        return CORRECT, i
    j = next((k for k in overlapping if k not in taken), None)
    if j is None:
        return SPURIOUS, None
    taken.add(j)
    return OVERLAP, j


# the pairings evaluate_all makes; with ``record`` it logs (outcome, gold index, prediction index) for each
PAIRINGS = ("exact", "strict", "type", "label_exact", "label_type", "clitic")


def evaluate_all(
    gold_spans: list[Span], pred_spans: list[Span], text: str | None = None, record: dict[str, list] | None = None
) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """The four schemas for one document, overall and per type, in one pass over the predictions.

    Overall: ``exact`` and ``partial`` always pair a prediction with the same gold mention (the
    first free one with the same span, else the first free overlapping one), so they share one
    pairing. Per type (nervaluate evaluates the mentions of each type on their own): the same
    rules restricted to gold mentions of the prediction's type, where ``strict`` equals
    ``exact``. With ``text``, the ``clitic`` mode is computed in the same pass: a free gold
    mention with the same type and end, and the same start or a start that differs only by
    attached proclitics; its pairs always share the type, so per type it is the same pairing.

    With ``record`` (a dict), the outcome of every pairing step is logged under the names of
    :data:`PAIRINGS` as ``(outcome, gold index, prediction index)``, and the sorted gold spans under
    ``gold``, so that :func:`unit_counts` can count per resampling unit without pairing again.
    """
    gold = _Gold(sorted(gold_spans, key=lambda s: (s[0], s[1])))
    spans = gold.spans
    by_bounds, by_key = gold.by_bounds, gold.by_key
    strict, exact, partial, typed = Counts(), Counts(), Counts(), Counts()
    taken_strict: set[int] = set()
    taken_exact: set[int] = set()
    taken_type: set[int] = set()
    # per type: pairing of exact/partial (also strict) and of type, each with its own taken set
    label_exact: dict[str, list[int]] = {}  # label -> [correct, incorrect, spurious]
    label_type: dict[str, list[int]] = {}
    label_taken_exact: set[int] = set()
    label_taken_type: set[int] = set()
    clitic_counts = Counts()
    label_clitic: dict[str, list[int]] = {}  # label -> [correct, spurious]
    taken_clitic: set[int] = set()
    by_end = gold.by_end
    starts, prefmax = gold.starts, gold.prefmax
    log = None
    if record is not None:
        record["gold"] = spans
        log = [record.setdefault(name, []) for name in PAIRINGS[:5]] + [record.setdefault("clitic", []) if text is not None else []]
    for p_index, (ps, pe, pt) in enumerate(pred_spans):
        same_bounds = by_bounds.get((ps, pe))
        if same_bounds is not None and len(same_bounds) == 1:
            i = same_bounds[0]
            if (
                spans[i][2] == pt
                and i not in taken_exact
                and i not in taken_strict
                and i not in taken_type
                and i not in label_taken_exact
                and i not in label_taken_type
                and i not in taken_clitic
            ):
                # fast path: the only gold mention with this span, same type, free everywhere:
                # every schema, overall and per type, pairs the prediction with it as correct
                exact.correct += 1
                partial.correct += 1
                strict.correct += 1
                typed.correct += 1
                for table in (label_exact, label_type, label_clitic):
                    table.setdefault(pt, [0, 0, 0])[0] += 1
                for taken in (taken_exact, taken_strict, taken_type, label_taken_exact, label_taken_type, taken_clitic):
                    taken.add(i)
                clitic_counts.correct += 1
                if log is not None:
                    for entries in log:
                        entries.append((CORRECT, i, p_index))
                continue
        if text is not None:
            bucket = by_end.get((pe, pt), ())
            k = next((k for k in bucket if k not in taken_clitic and spans[k][0] == ps), None)
            if k is None:
                k = next((k for k in bucket if k not in taken_clitic and clitic_equal(text, (ps, pe), (spans[k][0], pe))), None)
            row = label_clitic.setdefault(pt, [0, 0, 0])
            if k is None:
                clitic_counts.spurious += 1
                row[2] += 1
            else:
                clitic_counts.correct += 1
                row[0] += 1
                taken_clitic.add(k)
            if log is not None:
                log[5].append((SPURIOUS if k is None else CORRECT, k, p_index))
        overlapping = []
        for k in range(bisect_right(prefmax, ps), bisect_left(starts, pe)):
            g = spans[k]
            shared = (pe if pe < g[1] else g[1]) - (ps if ps > g[0] else g[0])
            if shared > 0 and shared * 100.0 >= g[1] - g[0]:
                overlapping.append(k)
        # overall exact and partial (one pairing), then strict
        outcome, k = _pair(same_bounds, overlapping, taken_exact)
        if log is not None:
            log[0].append((outcome, k, p_index))
        if outcome == CORRECT:
            exact.correct += 1
            partial.correct += 1
        elif outcome == OVERLAP:
            exact.incorrect += 1
            partial.partial += 1
        else:
            exact.spurious += 1
            partial.spurious += 1
        outcome, k = _pair(by_key.get((ps, pe, pt)), overlapping, taken_strict)
        if log is not None:
            log[1].append((outcome, k, p_index))
        if outcome == CORRECT:
            strict.correct += 1
        elif outcome == OVERLAP:
            strict.incorrect += 1
        else:
            strict.spurious += 1
        # overall type, and per-type type (restricted to the prediction's type)
        best = wrong = best_free = None
        best_distance = best_free_distance = 0
        for k in overlapping:
            g = spans[k]
            if g[2] == pt:
                distance = abs(ps - g[0]) + abs(pe - g[1])
                if k not in taken_type and (best is None or distance < best_distance):
                    best, best_distance = k, distance
                if k not in label_taken_type and (best_free is None or distance < best_free_distance):
                    best_free, best_free_distance = k, distance
            elif wrong is None and k not in taken_type:
                wrong = k
        if best is not None:
            typed.correct += 1
            taken_type.add(best)
        elif wrong is not None:
            typed.incorrect += 1
            taken_type.add(wrong)
        else:
            typed.spurious += 1
        row = label_type.setdefault(pt, [0, 0, 0])
        if best_free is not None:
            row[0] += 1
            label_taken_type.add(best_free)
        else:
            row[2] += 1
        if log is not None:
            if best is not None:
                log[2].append((CORRECT, best, p_index))
            else:
                log[2].append((OVERLAP, wrong, p_index) if wrong is not None else (SPURIOUS, None, p_index))
            log[4].append((CORRECT, best_free, p_index) if best_free is not None else (SPURIOUS, None, p_index))
        # per-type exact/partial/strict
        row = label_exact.setdefault(pt, [0, 0, 0])
        same_type = [k for k in same_bounds if spans[k][2] == pt] if same_bounds else None
        outcome, k = _pair(same_type, [k for k in overlapping if spans[k][2] == pt], label_taken_exact)
        row[outcome] += 1
        if log is not None:
            log[3].append((outcome, k, p_index))
    n = len(spans)
    strict.missed, exact.missed, partial.missed, typed.missed = (
        n - len(taken_strict),
        n - len(taken_exact),
        n - len(taken_exact),
        n - len(taken_type),
    )
    overall = {"strict": strict, "exact": exact, "partial": partial, "type": typed}
    if text is not None:
        clitic_counts.missed = n - len(taken_clitic)
        overall["clitic"] = clitic_counts
    gold_per_label: dict[str, int] = {}
    for g in spans:
        gold_per_label[g[2]] = gold_per_label.get(g[2], 0) + 1
    taken_exact_per_label: dict[str, int] = {}
    for k in label_taken_exact:
        taken_exact_per_label[spans[k][2]] = taken_exact_per_label.get(spans[k][2], 0) + 1
    taken_type_per_label: dict[str, int] = {}
    for k in label_taken_type:
        taken_type_per_label[spans[k][2]] = taken_type_per_label.get(spans[k][2], 0) + 1
    taken_clitic_per_label: dict[str, int] = {}
    for k in taken_clitic:
        taken_clitic_per_label[spans[k][2]] = taken_clitic_per_label.get(spans[k][2], 0) + 1
    per_type: dict[str, dict[str, Counts]] = {}
    for label in set(gold_per_label) | set(label_exact):
        c, inc, spu = label_exact.get(label, (0, 0, 0))
        missed = gold_per_label.get(label, 0) - taken_exact_per_label.get(label, 0)
        tc, _, tspu = label_type.get(label, (0, 0, 0))
        per_type[label] = {
            "strict": Counts(c, inc, 0, missed, spu),
            "exact": Counts(c, inc, 0, missed, spu),
            "partial": Counts(c, 0, inc, missed, spu),
            "type": Counts(tc, 0, 0, gold_per_label.get(label, 0) - taken_type_per_label.get(label, 0), tspu),
        }
        if text is not None:
            cc, _, cspu = label_clitic.get(label, (0, 0, 0))
            per_type[label]["clitic"] = Counts(cc, 0, 0, gold_per_label.get(label, 0) - taken_clitic_per_label.get(label, 0), cspu)
    return overall, per_type


# pairing -> (scope is the label?, modes it decides, field of CORRECT / OVERLAP / SPURIOUS per mode)
_ROLES = {
    "exact": (False, {"exact": ("correct", "incorrect", "spurious"), "partial": ("correct", "partial", "spurious")}),
    "strict": (False, {"strict": ("correct", "incorrect", "spurious")}),
    "type": (False, {"type": ("correct", "incorrect", "spurious")}),
    "label_exact": (
        True,
        {
            "strict": ("correct", "incorrect", "spurious"),
            "exact": ("correct", "incorrect", "spurious"),
            "partial": ("correct", "partial", "spurious"),
        },
    ),
    "label_type": (True, {"type": ("correct", "incorrect", "spurious")}),
    "clitic": (None, {"clitic": ("correct", "incorrect", "spurious")}),  # None: overall and per label
}


def unit_counts(record: dict[str, list], pred_spans: list[Span], unit_at, add) -> None:
    """Count the logged outcomes of :func:`evaluate_all` per unit (see :mod:`tahaluf.score.units`).

    ``unit_at`` maps an offset to a unit id; ``add(unit, (scope, mode, field))`` counts one, where
    scope is ``""`` for the overall figures or a type for the per-type ones.
    """
    spans = record.get("gold", [])
    gold_unit = [unit_at(g[0]) for g in spans]
    for pairing, (per_label, modes) in _ROLES.items():
        log = record.get(pairing)
        if log is None:
            continue
        if per_label is None:
            scopes = lambda label: ("", label)  # noqa: E731
        else:
            scopes = (lambda label: (label,)) if per_label else (lambda label: ("",))  # noqa: E731
        taken = set()
        for outcome, g, p in log:
            label = pred_spans[p][2]
            unit = pred_unit = unit_at(pred_spans[p][0])
            if g is not None:
                taken.add(g)
                unit = gold_unit[g]
            for mode, fields in modes.items():
                for scope in scopes(label):
                    add(unit if outcome != SPURIOUS else pred_unit, (scope, mode, fields[outcome]))
        for g, span in enumerate(spans):
            if g not in taken:
                for mode in modes:
                    for scope in scopes(span[2]):
                        add(gold_unit[g], (scope, mode, "missed"))


def evaluate(gold_spans: list[Span], pred_spans: list[Span]) -> dict[str, Counts]:
    """The four schemas for one document (see :func:`evaluate_all`)."""
    return evaluate_all(gold_spans, pred_spans)[0]


def clitic_equal(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Same end, and the start differs only by up to three attached proclitics (و ف ب ل ك)."""
    if a[1] != b[1]:
        return False
    lo, hi = sorted((a[0], b[0]))
    return is_proclitic_run(text, lo, hi)


BATCH = 2048
"""Documents scored together by the fast core (memory stays bounded; numpy works on whole batches)."""


@dataclass
class EntityScores:
    """Accumulated entity counts: overall, per type and per document, for every mode.

    Documents are buffered and scored in batches by :mod:`tahaluf.score.entity_core`; reading
    ``overall``, ``per_type``, ``per_document`` or ``results()`` scores what is buffered first. With a
    ``tally`` (per-unit counts for the intervals) each document is scored at once by
    :func:`evaluate_all`, which logs every pairing.
    """

    totals: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MODES})
    types: dict[str, dict[str, Counts]] = field(default_factory=dict)
    # per document: a compact array of 5 counts per mode (memory stays small for 100k documents)
    compact: dict[str, array] = field(default_factory=dict)
    keep_documents: bool = True
    # per resampling unit: set ``tally`` (a UnitTally) and ``unit_at`` (offset -> unit id) before add_document
    tally: Any = None
    unit_at: Any = None
    # called with (document id, 25 counts: mode * 5 + field) as each document is scored (streamed output)
    on_document: Any = None
    _batch: Any = None
    _ids: list[str] = field(default_factory=list)

    @property
    def overall(self) -> dict[str, Counts]:
        """Counts over all documents, per mode."""
        self.flush()
        return self.totals

    @property
    def per_type(self) -> dict[str, dict[str, Counts]]:
        """Counts per type and mode."""
        self.flush()
        return self.types

    @property
    def per_document(self) -> dict[str, dict[str, Counts]]:
        """Counts per document and mode, expanded from the compact store."""
        self.flush()
        out = {}
        for doc, values in self.compact.items():
            out[doc] = {mode: Counts(*values[5 * i : 5 * i + 5]) for i, mode in enumerate(MODES)}
        return out

    def add_document(self, doc_id: str, text: str, gold: Iterable[dict], pred: Iterable[dict], mapping: dict | None = None):
        """Score one document; ``mapping`` collapses types first (e.g. to CoNLL-2003)."""
        if self.tally is None:
            from .entity_core import Batch, Labels

            if self._batch is None:
                self._batch = Batch(Labels())
            self._batch.add(text, list(gold), list(pred), mapping)
            self._ids.append(doc_id)
            if len(self._batch) >= BATCH:
                self.flush()
            return
        g = [(m["start"], m["end"], mapping[m["type"]] if mapping else m["type"]) for m in gold]
        p = [(m["start"], m["end"], mapping[m["type"]] if mapping else m["type"]) for m in pred]
        log: dict[str, list] = {}
        doc, per_type = evaluate_all(g, p, text, record=log)
        unit_counts(log, p, self.unit_at, self.tally.add)
        values = [getattr(doc[mode], f) for mode in MODES for f in ("correct", "incorrect", "partial", "missed", "spurious")]
        self._keep(doc_id, values)
        for mode in MODES:
            self.totals[mode].add(doc[mode])
        for label, modes in per_type.items():
            bucket = self.types.setdefault(label, {m: Counts() for m in MODES})
            for mode, counts in modes.items():
                bucket[mode].add(counts)

    def _keep(self, doc_id: str, values: list[int]) -> None:
        if self.keep_documents:
            self.compact[doc_id] = array("l", values)
        if self.on_document is not None:
            self.on_document(doc_id, values)

    def flush(self) -> None:
        """Score the buffered documents."""
        from .entity_core import Batch, score_documents

        batch = self._batch
        if batch is None or not len(batch):
            return
        per_doc, per_label = score_documents(batch)
        if self.keep_documents or self.on_document is not None:
            for doc_id, values in zip(self._ids, per_doc.reshape(len(batch), 25).tolist()):
                self._keep(doc_id, values)
        for i, mode in enumerate(MODES):
            self.totals[mode].add(Counts(*per_doc[:, i].sum(axis=0).tolist()))
        for label, index in batch.labels.items():
            bucket = self.types.setdefault(label, {m: Counts() for m in MODES})
            for i, mode in enumerate(MODES):
                bucket[mode].add(Counts(*per_label[index, i].tolist()))
        self._batch, self._ids = Batch(batch.labels), []

    def results(self) -> dict[str, Any]:
        """The figures of every mode, with the macro averages over types."""
        self.flush()
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
