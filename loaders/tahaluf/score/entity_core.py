"""The entity scoring core: many documents in one numpy pass, counts identical to nervaluate's greedy.

Every entity count of the package comes from here (:class:`~tahaluf.score.entities.EntityScores`,
:func:`~tahaluf.score.entities.evaluate_all`, the per-unit counts of the intervals, the slices);
:mod:`tahaluf.score.strategies` states the same rules one readable class per schema, and tests
check that both agree with each other and with nervaluate.

The rules (nervaluate 1.x): gold mentions are taken in text order, predictions in file order, and
each prediction is paired with at most one gold mention that no earlier prediction took. A
prediction can only be paired with a gold mention it intersects, so most of the work is settled
for all documents at once with numpy (sorted span keys and ``searchsorted``):

- a prediction that intersects no gold mention is spurious in every mode, a gold mention that no
  prediction intersects is missed;
- a *star*, a gold mention whose intersecting predictions intersect no other gold mention, is
  decided by the star alone: in each pairing the first of its predictions (in file order) that the
  pairing accepts takes the mention, the others are spurious (a lone pair is the smallest star).

What is left (predictions that intersect several gold mentions and the mentions they touch) goes
through :func:`greedy`, document by document. Removing the settled spans changes no pairing of the
rest, since no remaining prediction intersects a settled mention.

Counts come back as arrays of 25 per row (``mode * 5 + field``, the modes of :data:`MODES` and the
fields of :data:`FIELDS`); a row is a document, or a resampling unit when the batch keeps units (an
outcome that pairs is counted where the gold mention starts, a spurious prediction where it
starts, a missed mention where it starts: see :mod:`tahaluf.score.units`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from operator import itemgetter
from typing import Any

import numpy as np

from ..clitics import is_proclitic_run
from .entities import clitic_equal

MODES = ("strict", "exact", "partial", "type", "clitic")
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")
Span = tuple[int, int, Any]  # start, end (exclusive), label
# offsets in a row of 25 counts: mode * 5 + field
_STRICT, _EXACT, _PARTIAL, _TYPE, _CLITIC = 0, 5, 10, 15, 20
_C, _I, _P, _M, _S = 0, 1, 2, 3, 4


class Labels(dict):
    """Label -> small integer, numbering each new label as it is first seen."""

    def __missing__(self, key: Any) -> int:
        self[key] = value = len(self)
        return value


_START, _END, _TYPE_KEY = itemgetter("start"), itemgetter("end"), itemgetter("type")
_Columns = tuple[array, array, array, list[int]]  # start, end, label id; spans per document


class Batch:
    """Documents waiting to be scored, held as flat columns (start, end, label id) of gold and predictions.

    Filled from mention dicts without building an object per mention (``map`` over ``itemgetter``).
    With ``units`` (a :class:`Labels` of unit ids), each span also gets the row of the unit it
    starts in, and counts are kept per unit instead of per document. Each of ``views`` (a mapping
    of types with its own :class:`Labels`, e.g. the CoNLL-2003 collapse) adds a column of mapped
    labels, scored in the same pass (the spans, their intersections and the stars are shared).
    """

    def __init__(self, labels: Labels, units: Labels | None = None, views: tuple[tuple[dict, Labels], ...] = ()):
        self.labels = labels
        self.units = units
        self.views = views
        self.texts: list[str | None] = []
        self.gold: _Columns = (array("q"), array("q"), array("q"), [])
        self.pred: _Columns = (array("q"), array("q"), array("q"), [])
        self.view_labels: list[tuple[array, array]] = [(array("q"), array("q")) for _ in views]  # gold, pred per view
        self.rows: tuple[array, array] = (array("q"), array("q"))  # unit row of each gold and predicted span
        self.unit_docs: list[int] = []  # the document of each unit row

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def spans(self) -> int:
        """Gold and predicted spans held."""
        return len(self.gold[0]) + len(self.pred[0])

    def add(
        self,
        text: str | None,
        gold: list[dict[str, Any]],
        pred: list[dict[str, Any]],
        mapping: dict | None = None,
        unit_at: Callable[[int], str] | None = None,
    ) -> None:
        """One document: its text (None: no clitic mode), gold and predicted mentions (``start``,
        ``end``, ``type``); ``mapping`` collapses the types first; ``unit_at`` (offset -> unit id)
        is needed when the batch keeps units."""
        for side, (column, mentions) in enumerate(((self.gold, gold), (self.pred, pred))):
            column[0].extend(map(_START, mentions))
            column[1].extend(map(_END, mentions))
            if mapping is None and not self.views:  # the common case: no list of the types
                column[2].extend(map(self.labels.__getitem__, map(_TYPE_KEY, mentions)))
            else:
                types = list(map(_TYPE_KEY, mentions))
                column[2].extend(map(self.labels.__getitem__, types if mapping is None else map(mapping.__getitem__, types)))
                for (view, labels), columns in zip(self.views, self.view_labels):
                    columns[side].extend(map(labels.__getitem__, map(view.__getitem__, types)))
            column[3].append(len(mentions))
        self._add_units(gold, pred, unit_at)
        self.texts.append(text)

    def add_spans(self, text: str | None, gold: list[Span], pred: list[Span], unit_at: Callable[[int], str] | None = None) -> None:
        """One document given as ``(start, end, label)`` tuples."""
        self.add(
            text,
            [{"start": s, "end": e, "type": t} for s, e, t, *_ in gold],
            [{"start": s, "end": e, "type": t} for s, e, t, *_ in pred],
            None,
            unit_at,
        )

    def _add_units(self, gold: list[dict[str, Any]], pred: list[dict[str, Any]], unit_at: Callable[[int], str] | None) -> None:
        if self.units is None:
            return
        if unit_at is None:
            raise ValueError("a batch that keeps units needs unit_at for every document")
        units, before = self.units, len(self.units)
        for rows, mentions in zip(self.rows, (gold, pred)):
            rows.extend(units[unit_at(m["start"])] for m in mentions)
        self.unit_docs.extend([len(self.texts)] * (len(units) - before))


def _column(values: array) -> np.ndarray:
    return np.frombuffer(values, dtype=np.int64).copy() if len(values) else np.zeros(0, dtype=np.int64)


def score_documents(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """Counts of a batch of documents, predictions in file order.

    Returns ``(per_document, per_label)``: int64 arrays of shape ``(documents, 5, 5)`` and
    ``(len(labels), 5, 5)`` (modes :data:`MODES`, fields :data:`FIELDS`). The clitic mode is
    counted for documents whose text is given. The views of the batch: :func:`score_batch`.
    """
    return score_batch(batch)[0]


def score_batch(batch: Batch) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(per_document, per_label)`` (as :func:`score_documents`) of the batch's labels, then of each of its views."""
    if batch.units is not None:
        return [by_document(batch, per_unit, per_unit_label) for per_unit, per_unit_label in score_units(batch)]
    n = len(batch)
    return [(overall.reshape(n, 5, 5), typed.reshape(-1, 5, 5)) for overall, typed in _count(batch, None)]


def score_units(batch: Batch) -> list[tuple[np.ndarray, np.ndarray]]:
    """Counts per resampling unit of a batch that keeps units, for its labels then each view:
    ``(units, 25)`` overall and ``(units, labels, 25)`` per type (rows in the order of ``batch.units``)."""
    if batch.units is None:
        raise ValueError("this batch keeps no units")
    nu = len(batch.units)
    counts = _count(batch, (_column(batch.rows[0]), _column(batch.rows[1]), nu))
    sizes = [len(batch.labels), *(len(labels) for _, labels in batch.views)]
    return [(overall, typed.reshape(nu, nl, 25)) for (overall, typed), nl in zip(counts, sizes)]


def by_document(batch: Batch, per_unit: np.ndarray, per_unit_label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The per-document and per-label counts (as :func:`score_documents`) of per-unit counts."""
    per_doc = np.zeros((len(batch), 25), dtype=np.int64)
    np.add.at(per_doc, np.array(batch.unit_docs, dtype=np.int64), per_unit)
    return per_doc.reshape(-1, 5, 5), per_unit_label.sum(axis=0).reshape(-1, 5, 5)


def _count(batch: Batch, units: tuple[np.ndarray, np.ndarray, int] | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Overall counts per row and per-type counts per label (per row and label with units), for
    the batch's labels and then each view."""
    n = len(batch)
    gs, ge = _column(batch.gold[0]), _column(batch.gold[1])
    ps, pe = _column(batch.pred[0]), _column(batch.pred[1])
    gd = np.repeat(np.arange(n, dtype=np.int64), batch.gold[3])
    pd = np.repeat(np.arange(n, dtype=np.int64), batch.pred[3])
    label_sets = [(batch.labels, _column(batch.gold[2]), _column(batch.pred[2]))]
    label_sets += [(labels, _column(g), _column(p)) for (_, labels), (g, p) in zip(batch.views, batch.view_labels)]
    g_row, p_row, nrows = units if units is not None else (gd, pd, n)
    outs = [_Out(nrows, len(labels), units is not None) for labels, _, _ in label_sets]
    gold_left = np.ones(len(gs), dtype=bool)
    pred_left = np.ones(len(ps), dtype=bool)
    bits = int(max(ge.max(initial=0), pe.max(initial=0), 1)).bit_length()
    valid = bool((ps >= 0).all() and (pe > ps).all() and (gs >= 0).all() and (ge > gs).all())
    gt = [g for _, g, _ in label_sets]
    pt = [p for _, _, p in label_sets]
    if valid and max(n, 1).bit_length() + 2 * bits <= 62:
        order = np.argsort((gd << (2 * bits)) | (gs << bits) | ge, kind="stable")
        gs, ge, gd, g_row = gs[order], ge[order], gd[order], g_row[order]
        gt = [g[order] for g in gt]
        stars = _Stars(batch.texts, (gs, ge, gd, g_row), (ps, pe, pd, p_row), bits)
        gold_left &= ~stars.g_done
        pred_left &= ~stars.p_done
        for out, g, p in zip(outs, gt, pt):
            stars.count(g, p, out)
    gold = tuple(a[gold_left] for a in (gs, ge, gd, g_row))
    pred = tuple(a[pred_left] for a in (ps, pe, pd, p_row))
    for out, g, p in zip(outs, gt, pt):
        _residual(batch.texts, gold, pred, (g[gold_left], p[pred_left]), out)
    return [(out.overall, out.typed) for out in outs]


class _Out:
    """Where counts go: ``overall[row]``, and ``typed[label]`` (``typed[row * labels + label]`` per unit)."""

    def __init__(self, nrows: int, nlabels: int, per_row: bool):
        self.overall = np.zeros((nrows, 25), dtype=np.int64)
        self.typed = np.zeros(((nrows if per_row else 1) * nlabels, 25), dtype=np.int64)
        self.per_row = nlabels if per_row else 0
        self.same_rows = not per_row  # rows are documents: a pair's gold mention is in the prediction's row

    def typed_key(self, rows: np.ndarray, labels: np.ndarray) -> np.ndarray:
        return rows * self.per_row + labels if self.per_row else labels

    def add(self, rows: np.ndarray, labels: np.ndarray, cases: np.ndarray, ncases: int, tables: tuple[np.ndarray, np.ndarray]) -> None:
        """Add ``tables[0][case]`` to each row's overall counts and ``tables[1][case]`` to its type's."""
        self.overall += _tally(rows, cases, ncases, len(self.overall), tables[0])
        self.typed += _tally(self.typed_key(rows, labels), cases, ncases, len(self.typed), tables[1])


def _tally(keys: np.ndarray, cases: np.ndarray, ncases: int, rows: int, table: np.ndarray) -> np.ndarray:
    """Sum ``table[case]`` per key: a count of each (key, case), times the table."""
    return np.bincount(keys * ncases + cases, minlength=rows * ncases).reshape(rows, ncases) @ table


def _star_tables() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """What a settled span adds, overall and to its type, by case.

    A prediction's case is ``same bounds + 2 * same type + 4 * text given + 8 * first_overlap +
    16 * first_same_type + 32 * first_clitic`` (whether it is the first prediction of its star, in
    file order, that overlaps the mention enough; that does so with the mention's type; that
    matches it in the clitic mode). Its paired outcomes (``pair``) are counted where the gold
    mention is, its spurious ones (``spurious``) where it is. A gold mention's case is ``overlapped
    + 2 * overlapped by its type + 4 * clitic match + 8 * text given`` (``missed``).
    """
    pair, spurious = (np.zeros((2, 64, 25), dtype=np.int64) for _ in range(2))
    for case in range(64):
        same_bounds, same_type, text, first, first_typed, first_clitic = (bool(case >> bit & 1) for bit in range(6))
        overall = {  # pairing of the whole document: outcome of each mode when the prediction takes the mention
            _STRICT: _C if same_bounds and same_type else _I,
            _EXACT: _C if same_bounds else _I,
            _PARTIAL: _C if same_bounds else _P,
            _TYPE: _C if same_type else _I,
        }
        for mode, field in overall.items():
            if first:
                pair[0, case, mode + field] += 1
            else:
                spurious[0, case, mode + _S] += 1
        typed = {_STRICT: _C if same_bounds else _I, _EXACT: _C if same_bounds else _I, _PARTIAL: _C if same_bounds else _P, _TYPE: _C}
        for mode, field in typed.items():  # per type, only a mention of the prediction's type can be taken
            if first_typed:
                pair[1, case, mode + field] += 1
            else:
                spurious[1, case, mode + _S] += 1
        if text:
            for side in (0, 1):
                if first_clitic:
                    pair[side, case, _CLITIC + _C] += 1
                else:
                    spurious[side, case, _CLITIC + _S] += 1
    missed = np.zeros((2, 16, 25), dtype=np.int64)
    for case in range(16):
        overlapped, overlapped_typed, clitic, text = (bool(case >> bit & 1) for bit in range(4))
        for mode in (_STRICT, _EXACT, _PARTIAL, _TYPE):
            missed[0, case, mode + _M] += not overlapped
            missed[1, case, mode + _M] += not overlapped_typed
        for side in (0, 1):
            missed[side, case, _CLITIC + _M] += text and not clitic
    return {
        "pair": (pair[0], pair[1]),
        "spurious": (spurious[0], spurious[1]),
        "both": (pair[0] + spurious[0], pair[1] + spurious[1]),
        "missed": (missed[0], missed[1]),
    }


_TABLES = _star_tables()


def _firsts(order: np.ndarray, star: np.ndarray, accepted: np.ndarray, ngold: int) -> tuple[np.ndarray, np.ndarray]:
    """For predictions in stars (``star``: the gold index, ``order``: by star, then file order):
    which is the first of its star that a pairing ``accepted``, and which gold mentions were taken."""
    pos = order[accepted[order]]
    gold = star[pos]
    head = np.ones(len(pos), dtype=bool)
    head[1:] = gold[1:] != gold[:-1]
    first = np.zeros(len(star), dtype=bool)
    first[pos[head]] = True
    taken = np.zeros(ngold, dtype=bool)
    taken[gold] = True
    return first, taken


class _Stars:
    """What needs no document-wide greedy, found from the spans alone: lone spans and stars
    (``g_done``, ``p_done``), with what each pairing needs that does not depend on the labels."""

    def __init__(self, texts, gold, pred, bits: int):
        gs, ge, gd, self.g_row = gold
        ps, pe, pd, p_row = pred
        # spans on one line (document, then offset): how many of the other side each span intersects
        g_lo, g_hi, p_lo, p_hi = (gd << bits) | gs, (gd << bits) | ge, (pd << bits) | ps, (pd << bits) | pe
        p_lo_sorted, p_hi_sorted, g_hi_sorted = (np.sort(a, kind="stable") for a in (p_lo, p_hi, g_hi))  # timsort: runs are long
        g_touched = np.searchsorted(p_lo_sorted, g_hi, "left") - np.searchsorted(p_hi_sorted, g_lo, "right")
        before_end = np.searchsorted(g_lo, p_hi, "left")  # gold mentions starting before each prediction ends
        p_touched = before_end - np.searchsorted(g_hi_sorted, p_lo, "right")
        # a prediction touching one gold mention: the one starting last before its end (else it stays for the greedy)
        self.ngold = len(gs)
        if len(gs):
            j = np.maximum(before_end - 1, 0)
            single = (p_touched == 1) & (g_hi[j] > p_lo)
            self.g_done = np.bincount(j[single], minlength=len(gs)) == g_touched  # every prediction touching it is single
            self.p_done = (p_touched == 0) | (single & self.g_done[j])
        else:
            j, single = np.zeros(len(ps), dtype=np.int64), np.zeros(len(ps), dtype=bool)
            self.g_done, self.p_done = np.zeros(0, dtype=bool), p_touched == 0
        self.texts = texts
        self.with_text = np.array([text is not None for text in texts], dtype=np.int64)
        self.idx = idx = np.flatnonzero(self.p_done)
        self.star, self.paired, self.docs = j[idx], single[idx], pd[idx]
        self.a_s, a_e = ps[idx], pe[idx]
        if len(gs):
            self.b_s, b_e = gs[self.star], ge[self.star]
        else:
            self.b_s = b_e = np.zeros(len(idx), dtype=np.int64)
        self.same_bounds = self.paired & (self.a_s == self.b_s) & (a_e == b_e)
        self.enough = self.paired & ((np.minimum(a_e, b_e) - np.maximum(self.a_s, self.b_s)) * 100 >= (b_e - self.b_s))
        self.text = self.with_text[self.docs].astype(bool)
        self.same_end = self.paired & (a_e == b_e) & self.text
        self.order = np.argsort(self.star, kind="stable")
        self.first, self.taken = _firsts(self.order, self.star, self.enough, len(gs))
        self.own = p_row[idx]
        self.gold_row = np.where(self.paired, self.g_row[self.star], self.own) if len(gs) else self.own
        self.gidx = np.flatnonzero(self.g_done)
        self.g_text = self.with_text[gd[self.gidx]]

    def count(self, gt: np.ndarray, pt: np.ndarray, out: _Out) -> None:
        """Add the counts of the settled spans with these labels (gold sorted as the stars, predictions in input order)."""
        a_t = pt[self.idx]
        b_t = gt[self.star] if self.ngold else np.zeros(len(self.idx), dtype=np.int64)
        same_type = self.paired & (a_t == b_t)
        clitic = same_type & self.same_end
        near = clitic & (self.a_s != self.b_s) & (np.abs(self.a_s - self.b_s) <= 3)
        clitic &= self.same_bounds | _proclitic_starts(self.texts, self.docs, self.a_s, self.b_s, near)
        first_typed, taken_typed = _firsts(self.order, self.star, same_type & self.enough, self.ngold)
        first_clitic, taken_clitic = _firsts(self.order, self.star, clitic, self.ngold)
        cases = self.same_bounds + 2 * same_type + 4 * self.text + 8 * self.first + 16 * first_typed + 32 * first_clitic
        if out.same_rows:
            out.add(self.own, a_t, cases, 64, _TABLES["both"])
        else:
            out.add(self.gold_row, a_t, cases, 64, _TABLES["pair"])
            out.add(self.own, a_t, cases, 64, _TABLES["spurious"])
        gidx = self.gidx
        gcases = self.taken[gidx] + 2 * taken_typed[gidx] + 4 * taken_clitic[gidx] + 8 * self.g_text
        out.add(self.g_row[gidx], gt[gidx], gcases, 16, _TABLES["missed"])


def _proclitic_starts(texts: list[str | None], docs: np.ndarray, a: np.ndarray, b: np.ndarray, where: np.ndarray) -> np.ndarray:
    """For each pair of starts (where ``where``), True when the text between them is a run of attached proclitics."""
    out = np.zeros(len(docs), dtype=bool)
    for i in np.flatnonzero(where).tolist():
        text = texts[int(docs[i])]
        lo, hi = sorted((int(a[i]), int(b[i])))
        out[i] = text is not None and is_proclitic_run(text, lo, hi)
    return out


def _residual(texts: list[str | None], gold: tuple[np.ndarray, ...], pred: tuple[np.ndarray, ...], labels, out: _Out) -> None:
    """The greedy pairing of what is left of each document (``labels``: of those gold and predicted spans), counted into ``out``."""
    gs, ge, gd, g_row = gold
    ps, pe, pd, p_row = pred
    if not len(gs) and not len(ps):
        return
    n = len(texts)
    g_bounds = np.searchsorted(gd, np.arange(n + 1)).tolist()
    p_bounds = np.searchsorted(pd, np.arange(n + 1)).tolist()
    g_spans = list(zip(gs.tolist(), ge.tolist(), labels[0].tolist(), g_row.tolist()))
    p_spans = list(zip(ps.tolist(), pe.tolist(), labels[1].tolist(), p_row.tolist()))
    events: tuple[list[int], list[int], list[int]] = ([], [], [])
    for d in np.unique(np.concatenate((gd, pd))).tolist():
        g0, g1, p0, p1 = g_bounds[d], g_bounds[d + 1], p_bounds[d], p_bounds[d + 1]
        greedy(sorted(g_spans[g0:g1], key=_bounds), p_spans[p0:p1], texts[d], events)
    rows, label_ids, cols = (np.array(e, dtype=np.int64) for e in events)
    overall = label_ids < 0
    np.add.at(out.overall, (rows[overall], cols[overall]), 1)
    np.add.at(out.typed, (out.typed_key(rows[~overall], label_ids[~overall]), cols[~overall]), 1)


def _bounds(span: tuple) -> tuple[int, int]:
    return span[0], span[1]


def _first(candidates, taken: set[int]) -> int | None:
    for k in candidates:
        if k not in taken:
            return k
    return None


# fields counted by a pairing step, by outcome (exact match, overlap, none)
_OVERALL_EXACT = ((_EXACT + _C, _PARTIAL + _C), (_EXACT + _I, _PARTIAL + _P), (_EXACT + _S, _PARTIAL + _S))
_OVERALL_STRICT = ((_STRICT + _C,), (_STRICT + _I,), (_STRICT + _S,))
_TYPE_EXACT = (
    (_STRICT + _C, _EXACT + _C, _PARTIAL + _C),
    (_STRICT + _I, _EXACT + _I, _PARTIAL + _P),
    (_STRICT + _S, _EXACT + _S, _PARTIAL + _S),
)
_Events = tuple[list[int], list[int], list[int]]  # row, label (-1: overall), field offset of each count


def _emit(events: _Events, row: int, label: int, offsets: tuple[int, ...]) -> None:
    for offset in offsets:
        events[0].append(row)
        events[1].append(label)
        events[2].append(offset)


def _step(
    spans, pred: tuple, exact: list[int], overlapping: list[int], taken: set[int], label: int, fields: tuple, events: _Events
) -> None:
    """One greedy step: the first free exact match, else the first free overlapping mention, else none."""
    k = _first(exact, taken)
    outcome = 0
    if k is None:
        k = _first(overlapping, taken)
        outcome = 1 if k is not None else 2
    if k is not None:
        taken.add(k)
    _emit(events, pred[3] if k is None else spans[k][3], label, fields[outcome])


def _type_step(spans, pred: tuple, overlapping: list[int], taken: tuple[set[int], set[int]], events: _Events) -> None:
    """``type``: the free overlapping mention of the prediction's type with the closest bounds is
    correct, else the first free overlapping one is incorrect; per type, only the first rule."""
    ps, pe, pt, row = pred
    t_type, t_ltype = taken
    best = wrong = best_free = None
    best_distance = best_free_distance = 0
    for k in overlapping:
        g = spans[k]
        if g[2] == pt:
            distance = abs(ps - g[0]) + abs(pe - g[1])
            if k not in t_type and (best is None or distance < best_distance):
                best, best_distance = k, distance
            if k not in t_ltype and (best_free is None or distance < best_free_distance):
                best_free, best_free_distance = k, distance
        elif wrong is None and k not in t_type:
            wrong = k
    chosen = best if best is not None else wrong
    _emit(events, row if chosen is None else spans[chosen][3], -1, (_TYPE + (_C if best is not None else _I if wrong is not None else _S),))
    if chosen is not None:
        t_type.add(chosen)
    _emit(events, row if best_free is None else spans[best_free][3], pt, (_TYPE + (_C if best_free is not None else _S),))
    if best_free is not None:
        t_ltype.add(best_free)


def _clitic_step(spans, pred: tuple, near: range, text: str, taken: set[int], events: _Events) -> None:
    """``clitic``: a free gold mention with the same end and type, the same start first, else one
    whose start differs by attached proclitics (every such mention intersects the prediction)."""
    ps, pe, pt, row = pred
    candidates = [k for k in near if k not in taken and spans[k][1] == pe and spans[k][2] == pt]
    k = next((k for k in candidates if spans[k][0] == ps), None)
    if k is None:
        k = next((k for k in candidates if clitic_equal(text, (ps, pe), (spans[k][0], pe))), None)
    if k is not None:
        taken.add(k)
        row = spans[k][3]
    offset = (_CLITIC + (_S if k is None else _C),)
    _emit(events, row, -1, offset)
    _emit(events, row, pt, offset)


def greedy(spans: list[tuple], preds: list[tuple], text: str | None, events: _Events) -> None:
    """nervaluate's greedy pairing of one document, for every schema and mode, as count events.

    ``spans`` (gold) are ``(start, end, label, row)`` sorted by (start, end); ``preds`` the same in
    file order. Each count is appended to ``events`` as (row, label or -1 for overall, offset of
    its mode and field); a pairing counts in the gold mention's row, a spurious prediction in its own.
    """
    starts = [g[0] for g in spans]
    prefmax = list(accumulate((g[1] for g in spans), max))
    by_bounds: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(spans):
        by_bounds.setdefault((g[0], g[1]), []).append(i)
    # gold mentions taken in each pairing: exact (and partial), strict, type, per type exact, per type type, clitic
    taken: tuple[set[int], ...] = (set(), set(), set(), set(), set(), set())
    for pred in preds:
        ps, pe, pt, _ = pred
        same = by_bounds.get((ps, pe), [])
        near = range(bisect_right(prefmax, ps), bisect_left(starts, pe))
        overlapping = []
        for k in near:
            g = spans[k]
            shared = (pe if pe < g[1] else g[1]) - (ps if ps > g[0] else g[0])
            if shared > 0 and shared * 100.0 >= g[1] - g[0]:
                overlapping.append(k)
        typed_same = [k for k in same if spans[k][2] == pt]
        _step(spans, pred, same, overlapping, taken[0], -1, _OVERALL_EXACT, events)
        _step(spans, pred, typed_same, overlapping, taken[1], -1, _OVERALL_STRICT, events)
        _step(spans, pred, typed_same, [k for k in overlapping if spans[k][2] == pt], taken[3], pt, _TYPE_EXACT, events)
        _type_step(spans, pred, overlapping, (taken[2], taken[4]), events)
        if text is not None:
            _clitic_step(spans, pred, near, text, taken[5], events)
    _missed(spans, text is not None, taken, events)


def _missed(spans: list[tuple], text: bool, taken: tuple[set[int], ...], events: _Events) -> None:
    """Gold mentions no pairing took: overall and per type, for each mode."""
    modes = 5 if text else 4
    overall = (taken[1], taken[0], taken[0], taken[2], taken[5])
    per_type = (taken[3], taken[3], taken[3], taken[4], taken[5])
    for k, (_, _, label, row) in enumerate(spans):
        for m in range(modes):
            if k not in overall[m]:
                _emit(events, row, -1, (5 * m + _M,))
            if k not in per_type[m]:
                _emit(events, row, label, (5 * m + _M,))
