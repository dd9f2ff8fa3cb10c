"""The fast entity scoring core: many documents in one numpy pass, counts identical to the greedy.

Most predictions are *trivial*: their span and type equal those of exactly one gold mention, and
no other prediction of the document touches that mention. Such a prediction is correct in every
schema, overall and per type, and in the clitic mode, whatever the order of the predictions: no
other prediction can take its gold mention (none overlaps it), and it takes no other one (its exact
match comes first in every pairing, and is the only mention at distance 0 in ``type``). numpy finds
them for all documents at once (sorted span keys, ``searchsorted`` for exact matches and for the
number of predictions that intersect each gold mention); only the rest of each document, the
*residual* predictions and gold mentions, goes through the greedy pairing of
:func:`tahaluf.score.entities.evaluate_all`. Removing the trivial pairs changes no residual
pairing, since no residual prediction intersects a trivially paired gold mention.

Counts come back as arrays: ``[document, mode, field]`` and ``[label, mode, field]``, with the modes
of :data:`MODES` and the fields of :data:`FIELDS`, so no per-document object is built.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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


class Batch:
    """Documents waiting to be scored, held as flat columns (start, end, label id) of gold and predictions.

    Filled from mention dicts without building an object per mention (``map`` over ``itemgetter``).
    """

    def __init__(self, labels: Labels):
        self.labels = labels
        self.texts: list[str | None] = []
        self.gold: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        self.pred: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])

    def __len__(self) -> int:
        return len(self.texts)

    def add(self, text: str | None, gold: list[dict[str, Any]], pred: list[dict[str, Any]], mapping: dict | None = None) -> None:
        """One document: its text (None: no clitic mode), gold and predicted mentions (``start``, ``end``, ``type``)."""
        self.texts.append(text)
        for column, mentions in ((self.gold, gold), (self.pred, pred)):
            column[0].extend(map(_START, mentions))
            column[1].extend(map(_END, mentions))
            types = map(_TYPE_KEY, mentions) if mapping is None else (mapping[t] for t in map(_TYPE_KEY, mentions))
            column[2].extend(map(self.labels.__getitem__, types))
            column[3].append(len(mentions))

    def add_spans(self, text: str | None, gold: list[Span], pred: list[Span]) -> None:
        """One document given as ``(start, end, label)`` tuples."""
        self.texts.append(text)
        for column, spans in ((self.gold, gold), (self.pred, pred)):
            column[0].extend(s[0] for s in spans)
            column[1].extend(s[1] for s in spans)
            column[2].extend(self.labels[s[2]] for s in spans)
            column[3].append(len(spans))


def _arrays(batch: Batch, which: int) -> tuple[np.ndarray, ...]:
    """Start, end, label id and document index of every gold (``which`` 0) or predicted (1) span, in input order."""
    column = (batch.gold, batch.pred)[which]
    return (
        np.array(column[0], dtype=np.int64),
        np.array(column[1], dtype=np.int64),
        np.array(column[2], dtype=np.int64),
        np.repeat(np.arange(len(batch), dtype=np.int64), column[3]),
    )


def score_documents(batch: Batch) -> tuple[np.ndarray, np.ndarray]:
    """Counts of a batch of documents, predictions in file order.

    Returns ``(per_document, per_label)``: int64 arrays of shape ``(documents, 5, 5)`` and
    ``(len(labels), 5, 5)`` (modes :data:`MODES`, fields :data:`FIELDS`). The clitic mode is
    counted for documents whose text is given, as :func:`~tahaluf.score.entities.evaluate_all` does.
    """
    n, labels = len(batch), batch.labels
    gs, ge, gt, gd = _arrays(batch, 0)
    ps, pe, pt, pd = _arrays(batch, 1)
    pred_left = np.ones(len(ps), dtype=bool)
    gold_left = np.ones(len(gs), dtype=bool)
    per_doc = np.zeros((n, 25), dtype=np.int64)
    per_label = np.zeros((len(labels), 25), dtype=np.int64)
    bits = int(max(ge.max(initial=0), pe.max(initial=0), 1)).bit_length()
    valid = bool((ps >= 0).all() and (pe > ps).all() and (gs >= 0).all() and (ge > gs).all())
    if len(gs) and len(ps) and valid and max(n, 1).bit_length() + 2 * bits <= 62:
        order = np.argsort((gd << (2 * bits)) | (gs << bits) | ge, kind="stable")
        gs, ge, gt, gd = gs[order], ge[order], gt[order], gd[order]
        _isolated(batch.texts, (gs, ge, gt, gd), (ps, pe, pt, pd), bits, (gold_left, pred_left), (per_doc, per_label))
    per_doc, per_label = per_doc.reshape(n, 5, 5), per_label.reshape(len(labels), 5, 5)
    _residual(batch.texts, tuple(a[gold_left] for a in (gs, ge, gt, gd)), tuple(a[pred_left] for a in (ps, pe, pt, pd)), per_doc, per_label)
    return per_doc, per_label


def _pair_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The counts one isolated pair adds, by case: overall, to the prediction's type, to the gold's type.

    A case is ``same bounds + 2 * same type + 4 * enough overlap + 8 * clitic match + 16 * text given``.
    """
    overall, pred_row, gold_row = (np.zeros((32, 25), dtype=np.int64) for _ in range(3))
    for case in range(32):
        same_bounds, same_type, enough, clitic, text = (bool(case >> bit & 1) for bit in range(5))
        fields = [
            _C if same_bounds and same_type else _I if enough else _S,  # strict
            _C if same_bounds else _I if enough else _S,  # exact
            _C if same_bounds else _P if enough else _S,  # partial
            _C if enough and same_type else _I if enough else _S,  # type
            _C if clitic else _S,  # clitic
        ]
        # per type, each side is scored within its own type: another type leaves both unpaired
        per_type = [f if same_type else _S for f in fields[:3]] + [_C if enough and same_type else _S, fields[4]]
        for mode in range(5 if text else 4):
            overall[case, 5 * mode + fields[mode]] += 1
            overall[case, 5 * mode + _M] += fields[mode] == _S
            pred_row[case, 5 * mode + per_type[mode]] += 1
            gold_row[case, 5 * mode + _M] += per_type[mode] == _S
    return overall, pred_row, gold_row


_PAIRS = _pair_tables()
# one span alone, by whether the text is given: a prediction is spurious, a gold mention missed, in every mode
_ALONE = {
    field: np.array([[int(i % 5 == field and i < 20) for i in range(25)], [int(i % 5 == field) for i in range(25)]]) for field in (_S, _M)
}


def _tally(keys: np.ndarray, cases: np.ndarray, ncases: int, rows: int, table: np.ndarray) -> np.ndarray:
    """Sum ``table[case]`` per key: a count of each (key, case), times the table."""
    return np.bincount(keys * ncases + cases, minlength=rows * ncases).reshape(rows, ncases) @ table


def _isolated(texts, gold, pred, bits: int, left: tuple[np.ndarray, np.ndarray], out: tuple[np.ndarray, np.ndarray]) -> None:
    """Count what needs no greedy choice, and mark it done in ``left``: a prediction that intersects
    no gold mention (spurious in every mode), a gold mention no prediction intersects (missed), and
    a prediction and a gold mention that intersect only each other (an outcome of the two alone)."""
    gs, ge, gt, gd = gold
    ps, pe, pt, pd = pred
    gold_left, pred_left = left
    per_doc, per_label = out
    n, nl = len(per_doc), len(per_label)
    # spans on one line (document, then offset): how many of the other side each span intersects
    g_lo, g_hi, p_lo, p_hi = (gd << bits) | gs, (gd << bits) | ge, (pd << bits) | ps, (pd << bits) | pe
    p_lo_sorted, p_hi_sorted, g_hi_sorted = (np.sort(a, kind="stable") for a in (p_lo, p_hi, g_hi))  # timsort: runs are long
    g_touched = np.searchsorted(p_lo_sorted, g_hi, "left") - np.searchsorted(p_hi_sorted, g_lo, "right")
    p_touched = np.searchsorted(g_lo, p_hi, "left") - np.searchsorted(g_hi_sorted, p_lo, "right")
    with_text = np.array([text is not None for text in texts], dtype=np.int64)
    for field, docs, kinds, done, left_mask in ((_S, pd, pt, p_touched == 0, pred_left), (_M, gd, gt, g_touched == 0, gold_left)):
        left_mask &= ~done
        cases = with_text[docs[done]]
        per_doc += _tally(docs[done], cases, 2, n, _ALONE[field])
        per_label += _tally(kinds[done], cases, 2, nl, _ALONE[field])
    # a pair: the prediction intersects one gold mention, the one starting last before its end, and no other prediction does
    j = np.maximum(np.searchsorted(g_lo, p_hi, "left") - 1, 0)
    pair = (p_touched == 1) & (g_hi[j] > p_lo) & (g_touched[j] == 1)
    j, d = j[pair], pd[pair]
    a_s, a_e, a_t, b_s, b_e, b_t = ps[pair], pe[pair], pt[pair], gs[j], ge[j], gt[j]
    pred_left[pair] = False
    gold_left[j] = False
    same_bounds, same_type = (a_s == b_s) & (a_e == b_e), a_t == b_t
    enough = (np.minimum(a_e, b_e) - np.maximum(a_s, b_s)) * 100 >= (b_e - b_s)
    clitic = same_type & (a_e == b_e)
    clitic &= same_bounds | _proclitic_starts(texts, d, a_s, b_s, clitic & (a_s != b_s) & (np.abs(a_s - b_s) <= 3))
    cases = same_bounds + 2 * same_type + 4 * enough + 8 * clitic + 16 * with_text[d]
    overall, pred_row, gold_row = _PAIRS
    per_doc += _tally(d, cases, 32, n, overall)
    per_label += _tally(a_t, cases, 32, nl, pred_row) + _tally(b_t, cases, 32, nl, gold_row)


def _proclitic_starts(texts: list[str | None], docs: np.ndarray, a: np.ndarray, b: np.ndarray, where: np.ndarray) -> np.ndarray:
    """For each pair of starts (where ``where``), True when the text between them is a run of attached proclitics."""
    out = np.zeros(len(docs), dtype=bool)
    for i in np.flatnonzero(where).tolist():
        text = texts[int(docs[i])]
        lo, hi = sorted((int(a[i]), int(b[i])))
        out[i] = text is not None and is_proclitic_run(text, lo, hi)
    return out


def _residual(texts: list[str | None], gold: tuple[np.ndarray, ...], pred: tuple[np.ndarray, ...], per_doc, per_label) -> None:
    """The greedy pairing of what is left of each document, added into the count arrays."""
    n = len(texts)
    gs, ge, gt, gd = gold
    ps, pe, pt, pd = pred
    g_bounds = np.searchsorted(gd, np.arange(n + 1)).tolist()
    p_bounds = np.searchsorted(pd, np.arange(n + 1)).tolist()
    g_spans = list(zip(gs.tolist(), ge.tolist(), gt.tolist()))
    p_spans = list(zip(ps.tolist(), pe.tolist(), pt.tolist()))
    rows: dict[int, list[int]] = {}
    doc_rows: list[tuple[int, list[int]]] = []
    for d in np.unique(np.concatenate((gd, pd))).tolist():
        g0, g1, p0, p1 = g_bounds[d], g_bounds[d + 1], p_bounds[d], p_bounds[d + 1]
        row = [0] * 25
        greedy(sorted(g_spans[g0:g1], key=_bounds), p_spans[p0:p1], texts[d], row, rows)
        doc_rows.append((d, row))
    if doc_rows:
        index = [d for d, _ in doc_rows]
        per_doc[index] += np.array([row for _, row in doc_rows], dtype=np.int64).reshape(len(index), 5, 5)
    for label, row in rows.items():
        per_label[label] += np.array(row, dtype=np.int64).reshape(5, 5)


def _bounds(span: Span) -> tuple[int, int]:
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


def _step(exact: list[int], overlapping: list[int], taken: set[int], row: list[int], fields: tuple) -> None:
    """One greedy step: the first free exact match, else the first free overlapping mention, else none."""
    k = _first(exact, taken)
    outcome = 0
    if k is None:
        k = _first(overlapping, taken)
        outcome = 1 if k is not None else 2
    if k is not None:
        taken.add(k)
    for offset in fields[outcome]:
        row[offset] += 1


def _type_step(spans, pred: Span, overlapping: list[int], taken: tuple[set[int], set[int]], rows: tuple[list[int], list[int]]) -> None:
    """``type``: the free overlapping mention of the prediction's type with the closest bounds is
    correct, else the first free overlapping one is incorrect; per type, only the first rule."""
    ps, pe, pt = pred
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
    rows[0][_TYPE + (_C if best is not None else _I if wrong is not None else _S)] += 1
    if chosen is not None:
        t_type.add(chosen)
    rows[1][_TYPE + (_C if best_free is not None else _S)] += 1
    if best_free is not None:
        t_ltype.add(best_free)


def _clitic_step(spans, pred: Span, near: range, text: str, taken: set[int], rows: tuple[list[int], list[int]]) -> None:
    """``clitic``: a free gold mention with the same end and type, the same start first, else one
    whose start differs by attached proclitics (every such mention intersects the prediction)."""
    ps, pe, pt = pred
    candidates = [k for k in near if k not in taken and spans[k][1] == pe and spans[k][2] == pt]
    k = next((k for k in candidates if spans[k][0] == ps), None)
    if k is None:
        k = next((k for k in candidates if clitic_equal(text, (ps, pe), (spans[k][0], pe))), None)
    field = _S if k is None else _C
    rows[0][_CLITIC + field] += 1
    rows[1][_CLITIC + field] += 1
    if k is not None:
        taken.add(k)


def greedy(spans: list[Span], preds: list[Span], text: str | None, row: list[int], labels: dict[Any, list[int]]) -> None:
    """nervaluate's greedy pairing of one document, for every schema and mode, counted into flat rows.

    ``spans`` (gold) are sorted by (start, end); ``preds`` are in file order. ``row`` (25 counts:
    mode * 5 + field) receives the document's overall counts, ``labels[label]`` its per-type counts.
    The same rules as :func:`tahaluf.score.entities.evaluate_all`, without building objects.
    """
    starts = [g[0] for g in spans]
    prefmax = list(accumulate((g[1] for g in spans), max))
    by_bounds: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(spans):
        by_bounds.setdefault((g[0], g[1]), []).append(i)
    # gold mentions taken in each pairing: exact (and partial), strict, type, per type exact, per type type, clitic
    taken: tuple[set[int], ...] = (set(), set(), set(), set(), set(), set())
    for pred in preds:
        ps, pe, pt = pred
        lrow = labels.get(pt)
        if lrow is None:
            lrow = labels[pt] = [0] * 25
        same = by_bounds.get((ps, pe), [])
        near = range(bisect_right(prefmax, ps), bisect_left(starts, pe))
        overlapping = []
        for k in near:
            g = spans[k]
            shared = (pe if pe < g[1] else g[1]) - (ps if ps > g[0] else g[0])
            if shared > 0 and shared * 100.0 >= g[1] - g[0]:
                overlapping.append(k)
        typed_same = [k for k in same if spans[k][2] == pt]
        _step(same, overlapping, taken[0], row, _OVERALL_EXACT)
        _step(typed_same, overlapping, taken[1], row, _OVERALL_STRICT)
        _step(typed_same, [k for k in overlapping if spans[k][2] == pt], taken[3], lrow, _TYPE_EXACT)
        _type_step(spans, pred, overlapping, (taken[2], taken[4]), (row, lrow))
        if text is not None:
            _clitic_step(spans, pred, near, text, taken[5], (row, lrow))
    _missed(
        spans, text, row, labels, (taken[1], taken[0], taken[0], taken[2], taken[5]), (taken[3], taken[3], taken[3], taken[4], taken[5])
    )


def _missed(spans: list[Span], text: str | None, row: list[int], labels: dict[Any, list[int]], overall, per_label) -> None:
    """Gold mentions no pairing took: overall and per type, for each mode."""
    n = len(spans)
    modes = 5 if text is not None else 4
    for m in range(modes):
        row[5 * m + _M] += n - len(overall[m])
    gold_per_label: dict[Any, int] = {}
    for g in spans:
        gold_per_label[g[2]] = gold_per_label.get(g[2], 0) + 1
    for label, count in gold_per_label.items():
        lrow = labels.get(label)
        if lrow is None:
            lrow = labels[label] = [0] * 25
        for m in range(modes):
            lrow[5 * m + _M] += count
    for m in range(modes):
        for k in per_label[m]:
            labels[spans[k][2]][5 * m + _M] -= 1
