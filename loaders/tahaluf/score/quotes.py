"""Quote scoring in the manner of PARC 3.0 evaluations.

- ``content_exact``: one-to-one pairs of identical content spans; P = pairs / predicted,
  R = pairs / gold.
- ``content_overlap``: token-level: the word tokens (``\\w+`` runs) covered by predicted contents
  against those covered by gold contents, per document; P = shared / predicted tokens,
  R = shared / gold tokens.
- ``cue``: one-to-one pairs of identical cue spans.
- ``speaker``: on one-to-one overlapping content pairs, the share with the same speaker (null
  counts as a value); reported as accuracy, and as P/R/F1 over all quotes.
- ``end_to_end``: a predicted quote is right when its content overlaps an unpaired gold content
  and the speakers are equal; P = right / predicted, R = right / gold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spans import PRF, pair_exact, pair_overlapping, token_sets

MODES = ("content_exact", "content_overlap", "cue", "speaker", "end_to_end")


def _span(x: dict) -> tuple[int, int]:
    return (x["start"], x["end"])


@dataclass
class QuoteScores:
    """Accumulated quote counts, overall and per document."""

    tp: dict[str, float] = field(default_factory=lambda: {m: 0 for m in MODES})
    n_pred: dict[str, int] = field(default_factory=lambda: {m: 0 for m in MODES})
    n_gold: dict[str, int] = field(default_factory=lambda: {m: 0 for m in MODES})
    pairs: int = 0
    speaker_same: int = 0
    per_document: dict[str, dict[str, PRF]] = field(default_factory=dict)
    keep_documents: bool = True
    per_type: dict[str, list[int]] = field(default_factory=dict)
    # per resampling unit: set ``tally`` (a UnitTally) and ``unit_at`` (offset -> unit id) before add_document
    tally: Any = None
    unit_at: Any = None

    def add_document(self, doc_id: str, text: str, gold: list[dict], pred: list[dict]) -> None:
        doc: dict[str, PRF] = {}
        exact_pairs = pair_exact(gold, pred, _span)
        exact = len(exact_pairs)
        doc["content_exact"] = PRF(exact, len(pred), len(gold))
        tg, tp = token_sets(text, map(_span, gold)), token_sets(text, map(_span, pred))
        doc["content_overlap"] = PRF(len(tg & tp), len(tp), len(tg))
        with_cue = [p for p in pred if p.get("cue")]
        cue_pairs = pair_exact(gold, with_cue, lambda q: _span(q["cue"]))
        cue = len(cue_pairs)
        doc["cue"] = PRF(cue, len(pred), len(gold))
        overlap = pair_overlapping(gold, pred, _span)
        same = sum(g.get("speaker") == p.get("speaker") for g, p in overlap)
        self.pairs += len(overlap)
        doc["speaker"] = PRF(same, len(pred), len(gold))
        doc["end_to_end"] = PRF(same, len(pred), len(gold))
        for g in gold:
            self.per_type.setdefault(g["kind"], [0, 0, 0])[2] += 1
        for p in pred:
            self.per_type.setdefault(p.get("kind") or "-", [0, 0, 0])[1] += 1
        for g, p in exact_pairs:
            if g["kind"] == p.get("kind"):
                self.per_type[g["kind"]][0] += 1
        if self.tally is not None:
            self._count_units(gold, pred, exact_pairs, tg, tp, cue_pairs, overlap)
        if self.keep_documents:
            self.per_document[doc_id] = doc
        for mode, prf in doc.items():
            self.tp[mode] += prf.tp
            self.n_pred[mode] += prf.n_pred
            self.n_gold[mode] += prf.n_gold
        self.speaker_same += same

    def _count_units(self, gold, pred, exact_pairs, tg, tp, cue_pairs, overlap) -> None:
        """Per-unit counts (see :mod:`tahaluf.score.units`): pairs and gold in the gold's unit."""
        add, at = self.tally.add, self.unit_at
        per_quote = [m for m in MODES if m != "content_overlap"]  # content_overlap counts tokens
        for q in gold:
            unit = at(q["start"])
            for mode in per_quote:
                add(unit, ("", mode, "gold"))
            add(unit, (q["kind"], "kind", "gold"))
        for q in pred:
            unit = at(q["start"])
            for mode in per_quote:
                add(unit, ("", mode, "predicted"))
            add(unit, (q.get("kind") or "-", "kind", "predicted"))
        for g, p in exact_pairs:
            add(at(g["start"]), ("", "content_exact", "correct"))
            if g["kind"] == p.get("kind"):
                add(at(g["start"]), (g["kind"], "kind", "correct"))
        # content_overlap counts tokens: each in the unit where it starts
        for token in tp:
            add(at(token), ("", "content_overlap", "predicted"), 1.0)
        for token in tg:
            add(at(token), ("", "content_overlap", "gold"), 1.0)
        for token in tg & tp:
            add(at(token), ("", "content_overlap", "correct"))
        for g, _ in cue_pairs:
            add(at(g["start"]), ("", "cue", "correct"))
        for g, p in overlap:
            unit = at(g["start"])
            add(unit, ("", "speaker", "pairs"))
            if g.get("speaker") == p.get("speaker"):
                add(unit, ("", "speaker", "correct"))
                add(unit, ("", "end_to_end", "correct"))

    def results(self) -> dict[str, Any]:
        out = {mode: PRF(self.tp[mode], self.n_pred[mode], self.n_gold[mode]).as_dict() for mode in MODES}
        out["speaker"]["accuracy"] = self.speaker_same / self.pairs if self.pairs else 0.0
        out["speaker"]["matched_pairs"] = self.pairs
        return out
