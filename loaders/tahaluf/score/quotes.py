"""Quote scoring: content, cue and source spans, speakers; three sets of definitions (profiles).

Tokens are those of :class:`tahaluf.spans.Tokens` (one tokenizer for every token-level measure).
A span "covers" a token when they share a character.

``native`` (the default):

- ``content_exact``, ``cue``, ``source_exact``: one-to-one pairs of identical spans; P = pairs /
  predicted spans, R = pairs / gold spans (for ``cue`` every quote counts, with or without a
  predicted cue; for sources only quotes that have a source span count);
- ``content_overlap``, ``cue_overlap``, ``source_overlap``: per document, the tokens covered by
  the predicted spans against those covered by the gold spans, as sets;
  P = shared / predicted tokens, R = shared / gold tokens; a token counts once however many
  (nested) spans cover it;
- ``speaker``: on one-to-one overlapping content pairs, the share with the same speaker (null
  counts as a value), reported as ``accuracy``, and P/R over all quotes;
- ``end_to_end``: a predicted quote is right when its content is paired by overlap and the
  speakers are equal; P = right / predicted, R = right / gold.

``parc``: the exact measures and ``speaker`` as native; each overlap measure pairs the spans one to
one (identical spans first, then the largest overlap) and counts pairs: P = overlapping pairs /
predicted spans, R = overlapping pairs / gold spans (a partial match is a whole match).

``citron``: the definitions of bbc/citron's ``citron/metrics.py`` (tokens are ours):

- ``cue_exact``: a predicted quote is a true positive when its cue equals *any* gold cue
  (many-to-one), else a false positive; a gold quote whose cue no prediction equals is a false
  negative; P = TP / (TP + FP), R = TP / (TP + FN);
- ``source_exact`` / ``content_exact``: the same, where a match needs the cues to overlap in
  Citron's sense (``p.start <= g.end and p.end > g.start`` on token indexes, so a predicted cue
  that starts right after the gold cue also "overlaps") and the source (content) span lists to be
  equal (no source on both sides is equal);
- ``quote_exact``: cue, source and content all equal;
- ``cue_overlap`` / ``source_overlap`` / ``content_overlap``: the token overlaps of *every*
  predicted-gold pair are summed (a predicted span is counted once per gold span it overlaps, so
  values above 1 occur with nested contents); P = sum / predicted tokens, R = sum / gold tokens;
- ``quote_overlap``: the three pooled. Citron prints this one with precision and recall swapped
  (it passes the gold length where the predicted length belongs); we report them the right way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spans import PRF, Tokens, pair_exact, pair_overlapping

NATIVE_MODES = (
    "content_exact",
    "content_overlap",
    "cue",
    "cue_overlap",
    "source_exact",
    "source_overlap",
    "speaker",
    "end_to_end",
)
CITRON_MODES = (
    "cue_exact",
    "cue_overlap",
    "source_exact",
    "source_overlap",
    "content_exact",
    "content_overlap",
    "quote_exact",
    "quote_overlap",
)
MODES = NATIVE_MODES


def modes(measures: str = "native") -> tuple[str, ...]:
    """The modes reported by a set of definitions (``native``, ``parc`` or ``citron``)."""
    return CITRON_MODES if measures == "citron" else NATIVE_MODES


def _span(x: dict) -> tuple[int, int]:
    return (x["start"], x["end"])


def _role(items: list[dict], role: str) -> list[dict]:
    """The ``cue`` or ``source`` spans of the quotes that have one (``content``: the quotes)."""
    if role == "content":
        return list(items)
    return [q[role] for q in items if q.get(role)]


def native_counts(tokens: Tokens, gold: list[dict], pred: list[dict], pairing: str = "native") -> dict[str, PRF]:
    """The native (or ``parc``) measures of one document."""
    doc: dict[str, PRF] = {}
    for role, exact_name in (("content", "content_exact"), ("cue", "cue"), ("source", "source_exact")):
        g, p = _role(gold, role), _role(pred, role)
        matched = len(pair_exact(g, p, _span))
        if role == "cue":
            doc[exact_name] = PRF(matched, len(pred), len(gold))
        else:
            doc[exact_name] = PRF(matched, len(p), len(g))
        if pairing == "parc":
            doc[f"{role}_overlap"] = PRF(len(pair_overlapping(g, p, _span)), len(p), len(g))
        else:
            tg, tp = tokens.union(map(_span, g)), tokens.union(map(_span, p))
            doc[f"{role}_overlap"] = PRF(len(tg & tp), len(tp), len(tg))
    overlap = pair_overlapping(gold, pred, _span)
    same = sum(g.get("speaker") == p.get("speaker") for g, p in overlap)
    doc["speaker"] = PRF(same, len(pred), len(gold))
    doc["end_to_end"] = PRF(same, len(pred), len(gold))
    doc["_pairs"] = PRF(len(overlap), 0, 0)
    doc["_same"] = PRF(same, 0, 0)
    return doc


def _citron_overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # citron.utils.are_overlapping_spans(predicted, actual), on token indexes [start, end)
    return a[0] <= b[1] and a[1] > b[0]


def _citron_overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    # citron.utils.get_overlap
    return max(a[0], min(a[1], b[1])) - min(a[1], max(a[0], b[0]))


def _many_to_one(pred: list[Any], gold: list[Any], match) -> tuple[int, int, int]:
    tp = sum(1 for p in pred if any(match(p, g) for g in gold))
    fn = sum(1 for g in gold if not any(match(p, g) for p in pred))
    return tp, len(pred) - tp, fn


def citron_counts(tokens: Tokens, gold: list[dict], pred: list[dict]) -> dict[str, tuple[int, int, int]]:
    """Citron's counts for one document: ``(tp, fp, fn)`` for the exact measures and
    ``(overlap, predicted length, gold length)`` for the overlap measures, in tokens."""

    def convert(q: dict) -> dict[str, Any]:
        out: dict[str, Any] = {"content": [tokens.range(q["start"], q["end"])]}
        out["cue"] = tokens.range(q["cue"]["start"], q["cue"]["end"]) if q.get("cue") else None
        out["source"] = [tokens.range(q["source"]["start"], q["source"]["end"])] if q.get("source") else []
        return out

    g, p = [convert(q) for q in gold], [convert(q) for q in pred]

    def same_cue(a, b):
        return a["cue"] is not None and b["cue"] is not None and a["cue"] == b["cue"]

    def cue_overlap(a, b):
        return a["cue"] is not None and b["cue"] is not None and _citron_overlaps(a["cue"], b["cue"])

    out = {
        "cue_exact": _many_to_one(p, g, same_cue),
        "source_exact": _many_to_one(p, g, lambda a, b: cue_overlap(a, b) and a["source"] == b["source"]),
        "content_exact": _many_to_one(p, g, lambda a, b: cue_overlap(a, b) and a["content"] == b["content"]),
        "quote_exact": _many_to_one(p, g, lambda a, b: same_cue(a, b) and a["source"] == b["source"] and a["content"] == b["content"]),
    }

    def length(spans):
        return sum(max(0, j - i) for i, j in spans)

    for role in ("cue", "source", "content"):

        def spans(q, role=role):
            return ([q["cue"]] if q["cue"] is not None else []) if role == "cue" else q[role]

        shared = sum(_citron_overlap(a, b) for x in p for y in g for a in spans(x) for b in spans(y))
        out[f"{role}_overlap"] = (shared, sum(length(spans(x)) for x in p), sum(length(spans(y)) for y in g))
    out["quote_overlap"] = tuple(sum(out[f"{r}_overlap"][k] for r in ("cue", "source", "content")) for k in range(3))
    return out


def _citron_prf(mode: str, counts: tuple[int, int, int]) -> PRF:
    if mode.endswith("_exact"):
        tp, fp, fn = counts
        return _CitronPRF(tp, tp + fp, tp + fn)
    shared, n_pred, n_gold = counts
    return _CitronPRF(shared, n_pred, n_gold)


class _CitronPRF(PRF):
    """Citron's conventions for empty denominators: 0, not 1."""

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0


@dataclass
class QuoteScores:
    """Accumulated quote counts, overall and per document, under one set of definitions."""

    measures: str = "native"
    tp: dict[str, float] = field(default_factory=dict)
    n_pred: dict[str, int] = field(default_factory=dict)
    n_gold: dict[str, int] = field(default_factory=dict)
    pairs: int = 0
    speaker_same: int = 0
    per_document: dict[str, dict[str, PRF]] = field(default_factory=dict)
    keep_documents: bool = True
    per_type: dict[str, list[int]] = field(default_factory=dict)
    # per resampling unit: set ``tally`` (a UnitTally) and ``unit_at`` (offset -> unit id) before add_document
    tally: Any = None
    unit_at: Any = None

    def add_document(self, doc_id: str, text: str, gold: list[dict], pred: list[dict]) -> None:
        """Score one document."""
        tokens = Tokens(text)
        if self.measures == "citron":
            doc = {mode: _citron_prf(mode, counts) for mode, counts in citron_counts(tokens, gold, pred).items()}
        else:
            doc = native_counts(tokens, gold, pred, self.measures)
            self.pairs += int(doc.pop("_pairs").tp)
            self.speaker_same += int(doc.pop("_same").tp)
        for g in gold:
            self.per_type.setdefault(g["kind"], [0, 0, 0])[2] += 1
        for p in pred:
            self.per_type.setdefault(p.get("kind") or "-", [0, 0, 0])[1] += 1
        for g, p in pair_exact(gold, pred, _span):
            if g["kind"] == p.get("kind"):
                self.per_type[g["kind"]][0] += 1
        if self.tally is not None:
            self._count_units(tokens, gold, pred)
        if self.keep_documents:
            self.per_document[doc_id] = doc
        for mode, prf in doc.items():
            self.tp[mode] = self.tp.get(mode, 0) + prf.tp
            self.n_pred[mode] = self.n_pred.get(mode, 0) + prf.n_pred
            self.n_gold[mode] = self.n_gold.get(mode, 0) + prf.n_gold

    def _count_units(self, tokens: Tokens, gold: list[dict], pred: list[dict]) -> None:
        """Per-unit counts (see :mod:`tahaluf.score.units`), summing to the document's counts.

        A pair counts in the unit where its gold span starts (its prediction too, so that no unit
        holds more correct items than predicted ones and a resampled precision stays within 0 and
        1), an unpaired item where it starts, and a token of a token-overlap measure where the
        token starts. Citron's pooled counts are not
        sums over units: under ``citron`` each unit's quotes are scored on their own.
        """
        add, at = self.tally.add, self.unit_at
        if self.measures == "citron":
            self._count_units_citron(tokens, gold, pred)
        else:
            for role, exact_name in (("content", "content_exact"), ("cue", "cue"), ("source", "source_exact")):
                self._count_role_units(tokens, gold, pred, role, exact_name)
            self._count_speaker_units(gold, pred)
        for q in gold:
            add(at(q["start"]), (q["kind"], "kind", "gold"))
        for q in pred:
            add(at(q["start"]), (q.get("kind") or "-", "kind", "predicted"))
        for g_item, p_item in pair_exact(gold, pred, _span):
            if g_item["kind"] == p_item.get("kind"):
                add(at(g_item["start"]), (g_item["kind"], "kind", "correct"))

    def _count_role_units(self, tokens: Tokens, gold: list[dict], pred: list[dict], role: str, exact_name: str) -> None:
        """The exact and overlap measures of one role (content, cue or source), per unit."""
        add, at = self.tally.add, self.unit_at
        g, p = _role(gold, role), _role(pred, role)
        exact = pair_exact(g, p, _span)
        if role == "cue":  # the cue measure counts over quotes, as native_counts does: a cue goes where its quote starts
            gold_quote = {id(q["cue"]): q for q in gold if q.get("cue")}
            pred_quote = {id(q["cue"]): q for q in pred if q.get("cue")}
            home = {id(x): at(gold_quote[id(x)]["start"]) for x, _ in exact}
            moved = {id(pred_quote[id(y)]): home[id(x)] for x, y in exact}
            counted_gold, counted_pred = gold, pred
        else:
            home = {id(x): at(x["start"]) for x, _ in exact}
            moved = {id(y): home[id(x)] for x, y in exact}
            counted_gold, counted_pred = g, p
        for item in counted_gold:
            add(at(item["start"]), ("", exact_name, "gold"))
        for item in counted_pred:  # a paired prediction counts where its gold does, so no unit has more correct than predicted
            add(moved.get(id(item), at(item["start"])), ("", exact_name, "predicted"))
        for x, _ in exact:
            add(home[id(x)], ("", exact_name, "correct"))
        name = f"{role}_overlap"
        if self.measures == "parc":
            overlapping = pair_overlapping(g, p, _span)
            moved = {id(y): at(x["start"]) for x, y in overlapping}
            for item in g:
                add(at(item["start"]), ("", name, "gold"))
            for item in p:
                add(moved.get(id(item), at(item["start"])), ("", name, "predicted"))
            for x, _ in overlapping:
                add(at(x["start"]), ("", name, "correct"))
            return
        tg, tp = tokens.union(map(_span, g)), tokens.union(map(_span, p))
        for column, found in (("gold", tg), ("predicted", tp), ("correct", tg & tp)):
            for index in found:
                add(at(tokens.starts[index]), ("", name, column))

    def _count_speaker_units(self, gold: list[dict], pred: list[dict]) -> None:
        """The speaker and end-to-end measures, per unit (pairs by overlapping content; a paired
        prediction counts where its gold quote starts)."""
        add, at = self.tally.add, self.unit_at
        pairs = pair_overlapping(gold, pred, _span)
        moved = {id(p_item): at(g_item["start"]) for g_item, p_item in pairs}
        for column, items in (("gold", gold), ("predicted", pred)):
            for q in items:
                unit = moved.get(id(q), at(q["start"])) if column == "predicted" else at(q["start"])
                for mode in ("speaker", "end_to_end"):
                    add(unit, ("", mode, column))
        for g_item, p_item in pairs:
            unit = at(g_item["start"])
            add(unit, ("", "speaker", "pairs"))
            if g_item.get("speaker") == p_item.get("speaker"):
                add(unit, ("", "speaker", "correct"))
                add(unit, ("", "end_to_end", "correct"))

    def _count_units_citron(self, tokens: Tokens, gold: list[dict], pred: list[dict]) -> None:
        add, at = self.tally.add, self.unit_at
        by_unit: dict[Any, tuple[list[dict], list[dict]]] = {}
        for q in gold:
            by_unit.setdefault(at(q["start"]), ([], []))[0].append(q)
        for q in pred:
            by_unit.setdefault(at(q["start"]), ([], []))[1].append(q)
        for unit, (g_items, p_items) in by_unit.items():
            for mode, counts in citron_counts(tokens, g_items, p_items).items():
                prf = _citron_prf(mode, counts)
                add(unit, ("", mode, "correct"), prf.tp)
                add(unit, ("", mode, "predicted"), prf.n_pred)
                add(unit, ("", mode, "gold"), prf.n_gold)

    def results(self) -> dict[str, Any]:
        """Pooled P, R and F1 per mode (``speaker`` also has ``accuracy`` and ``matched_pairs``)."""
        cls = _CitronPRF if self.measures == "citron" else PRF
        out = {}
        for mode in modes(self.measures):
            out[mode] = cls(self.tp.get(mode, 0), self.n_pred.get(mode, 0), self.n_gold.get(mode, 0)).as_dict()
        if self.measures != "citron":
            out["speaker"]["accuracy"] = self.speaker_same / self.pairs if self.pairs else 0.0
            out["speaker"]["matched_pairs"] = self.pairs
        return out
