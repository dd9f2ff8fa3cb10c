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

The counting itself is done by :mod:`tahaluf.score.entity_core` (numpy, imported when scoring);
this module holds the counts, the accumulator and the figures.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, repeat
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


def evaluate_all(
    gold_spans: list[Span], pred_spans: list[Span], text: str | None = None
) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """Every mode for one document, overall and per type (``clitic`` only with ``text``).

    Spans are ``(start, end, type)``; predictions are taken in the order given. The counts come
    from the one core of :mod:`tahaluf.score.entity_core`.
    """
    from .entity_core import Batch, Labels, score_documents

    batch = Batch(Labels())
    batch.add_spans(text, gold_spans, pred_spans)
    per_doc, per_label = score_documents(batch)
    modes = MODES if text is not None else SCHEMAS
    overall = {mode: Counts(*per_doc[0, i].tolist()) for i, mode in enumerate(modes)}
    per_type = {
        label: {mode: Counts(*per_label[index, i].tolist()) for i, mode in enumerate(modes)} for label, index in batch.labels.items()
    }
    return overall, per_type


def clitic_equal(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Same end, and the start differs only by up to three attached proclitics (و ف ب ل ك)."""
    if a[1] != b[1]:
        return False
    lo, hi = sorted((a[0], b[0]))
    return is_proclitic_run(text, lo, hi)


def figures(values: list[int]) -> dict[str, Any]:
    """The figures of every mode (shared field names: ``predicted``, ``gold``) from 25 counts (mode * 5 + field)."""
    from .result import shape

    return shape({mode: Counts(*values[5 * i : 5 * i + 5]).as_dict(mode) for i, mode in enumerate(MODES)})


class _Pending:
    """The value of a document whose figures are not built yet (one shared instance). A serializer
    that reads a dict's storage directly instead of through ``items()`` (orjson) meets this object
    and refuses it ("not JSON serializable") rather than writing a wrong value; ``json`` and
    ``dict(...)`` read the figures."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<figures built when read>"


_PENDING = _Pending()


class DocumentFigures(dict):
    """``{document id: {mode: figure}}``, each document's figures built from its counts when read.

    It is a dict (iteration, ``items()``, ``dict(...)``, ``==``, copies and the ``json`` encoders
    all see the figures), but until a document is read it holds only its counts, in int32 arrays
    of 25 counts per document, and finds a document's row through a sorted array of id hashes, so
    100,000 documents cost a few megabytes. ``counts`` is one such array, or a list of them
    (blocks of consecutive rows, used as they are: no copy of all the counts is made). With
    ``keep``, a figure once built is stored (so that it can be changed in place, e.g. given an
    interval). orjson reads a dict's storage directly and refuses it: give it ``dict(figures)``.
    """

    def __init__(self, ids: list[str], counts: Any, keep: bool = False):
        import numpy as np

        super().__init__(zip(ids, repeat(_PENDING)))
        self._ids = ids[:]
        hashes = np.frombuffer(array("q", map(hash, self._ids)), dtype=np.int64)
        self._order = hashes.argsort()
        self._hashes = hashes[self._order]
        self._in_order = len(self) == len(self._ids)  # no id given twice: a document's row is its place in the dict
        self._blocks = counts if isinstance(counts, list) else [counts]
        self._starts = list(accumulate((len(block) for block in self._blocks[:-1]), initial=0))
        self._keep = keep

    def _row(self, doc: str) -> int:
        """The row of ``doc`` (of an id given twice, its last, as a dict keeps the last value)."""
        h = hash(doc)
        same_hash = self._order[self._hashes.searchsorted(h) : self._hashes.searchsorted(h, "right")]
        return max(row for row in same_hash.tolist() if self._ids[row] == doc)

    def _figures(self, doc: str, value: Any, place: int | None = None) -> dict[str, Any]:
        """The figures of ``doc`` (``value``: what the dict holds), built if pending; ``place``, its
        place in the dict, is its row when no id was given twice (and none was taken out since)."""
        if type(value) is not _Pending:
            return value
        row = place if place is not None and self._in_order and self._ids[place] == doc else self._row(doc)
        block = bisect_right(self._starts, row) - 1
        value = figures(self._blocks[block][row - self._starts[block]].tolist())
        if self._keep:
            dict.__setitem__(self, doc, value)
        return value

    def __getitem__(self, doc: str) -> dict[str, Any]:
        return self._figures(doc, dict.__getitem__(self, doc))

    def get(self, doc: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[doc] if doc in self else default

    def __iter__(self) -> Iterator[str]:  # overridden so that dict(...) and {**...} read through __getitem__
        return dict.__iter__(self)

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        return ((doc, self._figures(doc, value, place)) for place, (doc, value) in enumerate(dict.items(self)))

    def values(self) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        return (value for _, value in self.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, dict) and len(other) == len(self) and all(doc in other and other[doc] == v for doc, v in self.items())

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def copy(self) -> dict[str, dict[str, Any]]:  # type: ignore[override]
        return dict(self.items())

    def __reduce__(self) -> Any:
        return (dict, (list(self.items()),))


BATCH = 256
"""At most this many documents are scored together by the core."""
BATCH_SPANS = 16384
"""A batch is scored once it holds this many spans (gold and predicted). numpy works on whole
batches, and small ones keep each column under about 128 KiB, which the C allocator serves from
memory it keeps: larger columns are mapped afresh and page-faulted in for every batch, which
costs more than the per-batch overhead saves (the measurements: ``benchmarks/README.md``)."""


@dataclass
class EntityScores:
    """Accumulated entity counts: overall, per type and per document, for every mode.

    Documents are buffered and scored in batches by :mod:`tahaluf.score.entity_core`; reading
    ``overall``, ``per_type``, ``per_document`` or ``results()`` scores what is buffered first. With a
    ``tally`` (a :class:`~tahaluf.score.units.UnitTally`) and ``unit_at`` (offset -> unit id, set
    before each ``add_document``), the counts are also kept per resampling unit.
    """

    totals: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MODES})
    types: dict[str, dict[str, Counts]] = field(default_factory=dict)
    keep_documents: bool = True
    # per resampling unit: set ``tally`` (a UnitTally) and ``unit_at`` (offset -> unit id) before add_document
    unit_at: Any = None
    _unit_tally: Any = None
    # called with (document id, 25 counts: mode * 5 + field) as each document is scored (streamed output)
    on_document: Any = None
    _batch: Any = None
    _ids: list[str] = field(default_factory=list)
    # per document, kept compactly: the ids and an int32 array of 25 counts (mode * 5 + field) per batch
    _doc_ids: list[str] = field(default_factory=list)
    _doc_counts: list[Any] = field(default_factory=list)
    _labels: Any = None  # label -> id, kept across batches
    _views: list[tuple[dict[str, str], EntityScores]] = field(default_factory=list)  # collapsed views scored in the same pass
    _source: Any = None  # for a collapsed view: the accumulator that fills it

    @property
    def tally(self) -> Any:
        """The per-unit counts (a :class:`~tahaluf.score.units.UnitTally`, or None), with what is buffered scored first."""
        self.flush()
        return self._unit_tally

    @tally.setter
    def tally(self, value: Any) -> None:
        self.flush()
        self._unit_tally = value

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
        return {doc: {mode: Counts(*values[5 * i : 5 * i + 5]) for i, mode in enumerate(MODES)} for doc, values in self.document_counts()}

    def document_figures(self, keep: bool = False) -> DocumentFigures:
        """The figures of every kept document, built when read (see :class:`DocumentFigures`)."""
        self.flush()
        return DocumentFigures(self._doc_ids, list(self._doc_counts), keep)

    def document_counts(self) -> Iterator[tuple[str, list[int]]]:
        """``(document id, 25 counts)`` for every kept document, in the order added."""
        self.flush()
        for start, block in self._blocks():
            yield from zip(self._doc_ids[start : start + len(block)], block.tolist())

    def _blocks(self) -> Iterator[tuple[int, Any]]:
        start = 0
        for block in self._doc_counts:
            yield start, block
            start += len(block)

    def collapsed(self, mapping: dict[str, str]) -> EntityScores:
        """An accumulator of the same documents with the types mapped first (e.g. to CoNLL-2003),
        scored in the same pass as this one: documents are added to this one only."""
        self.flush()
        view = EntityScores(keep_documents=False)
        view._source = self
        self._views.append((mapping, view))
        return view

    def add_document(self, doc_id: str, text: str, gold: Iterable[dict], pred: Iterable[dict], mapping: dict | None = None) -> None:
        """Score one document; ``mapping`` collapses types first (e.g. to CoNLL-2003)."""
        from .entity_core import Batch, Labels

        if self._source is not None:
            raise ValueError("a collapsed view is filled by the accumulator it was made from: add the document there")
        if self._batch is None:
            views = tuple((view_mapping, view._own_labels()) for view_mapping, view in self._views)
            keeps_units = any(acc._unit_tally is not None for acc in (self, *(view for _, view in self._views)))
            self._batch = Batch(self._own_labels(), Labels() if keeps_units else None, views)
        gold = gold if isinstance(gold, list) else list(gold)
        pred = pred if isinstance(pred, list) else list(pred)
        self._batch.add(text, gold, pred, mapping, self.unit_at if self._batch.units is not None else None)
        self._ids.append(doc_id)
        if len(self._batch) >= BATCH or self._batch.spans >= BATCH_SPANS:
            self.flush()

    def _own_labels(self) -> Any:
        from .entity_core import Labels

        if self._labels is None:
            self._labels = Labels()
        return self._labels

    def flush(self) -> None:
        """Score the buffered documents (of this accumulator and of its collapsed views, in one pass)."""
        from .entity_core import by_document, score_batch, score_units

        if self._source is not None:
            self._source.flush()
            return
        batch, ids = self._batch, self._ids
        if batch is None or not len(batch):
            return
        self._batch, self._ids = None, []
        accumulators = [self, *(view for _, view in self._views)]
        label_sets = [batch.labels, *(labels for _, labels in batch.views)]
        if batch.units is not None:
            for acc, labels, (per_unit, per_unit_label) in zip(accumulators, label_sets, score_units(batch)):
                acc._tally(batch.units, labels, per_unit, per_unit_label)
                acc._take(ids, labels, *by_document(batch, per_unit, per_unit_label))
        else:
            for acc, labels, (per_doc, per_label) in zip(accumulators, label_sets, score_batch(batch)):
                acc._take(ids, labels, per_doc, per_label)

    def _take(self, ids: list[str], labels: dict[str, int], per_doc: Any, per_label: Any) -> None:
        """Add the counts of a scored batch: ``per_doc`` (documents, 5, 5), ``per_label`` (labels, 5, 5)."""
        import numpy as np

        per_doc = per_doc.reshape(len(ids), 25)
        if self.keep_documents:
            self._doc_ids.extend(ids)
            self._doc_counts.append(per_doc.astype(np.int32))
        if self.on_document is not None:
            for doc_id, values in zip(ids, per_doc.tolist()):
                self.on_document(doc_id, values)
        for i, mode in enumerate(MODES):
            self.totals[mode].add(Counts(*per_doc[:, 5 * i : 5 * i + 5].sum(axis=0).tolist()))
        for label, index in labels.items():
            bucket = self.types.setdefault(label, {m: Counts() for m in MODES})
            for i, mode in enumerate(MODES):
                bucket[mode].add(Counts(*per_label[index, i].tolist()))

    def _tally(self, units: dict[str, int], labels: dict[str, int], per_unit: Any, per_unit_label: Any) -> None:
        """Add a batch's per-unit counts to the tally (columns ``(scope, mode, field)``, scope "" or a type)."""
        import numpy as np

        from .entity_core import FIELDS

        if self._unit_tally is None:
            return
        columns = [(mode, f) for mode in MODES for f in FIELDS]
        unit_names, label_names = list(units), list(labels)
        for u, col in zip(*np.nonzero(per_unit)):
            self._unit_tally.add(unit_names[u], ("", *columns[col]), float(per_unit[u, col]))
        for u, label, col in zip(*np.nonzero(per_unit_label)):
            self._unit_tally.add(unit_names[u], (label_names[label], *columns[col]), float(per_unit_label[u, label, col]))

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
