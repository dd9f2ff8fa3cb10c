"""Date scoring: TempEval-3-style measures at the character level (the default, ``native`` profile).

- ``strict``: one-to-one pairs of identical spans; P, R, F1.
- ``relaxed``: one-to-one pairs of spans sharing at least one character (exact pairs first, then
  the largest overlap).
- ``type`` and ``value``: on the relaxed pairs, the share with the same TIMEX3 type (value);
  TempEval-3's attribute F1 is that accuracy times the relaxed F1, and its precision and recall
  are attribute matches over predicted and over gold expressions. Value F1 is the headline figure.

These follow TempEval-3's definitions but not its toolkit's matching, which pairs TIMEX3s at the
token level in text order; ``--profile te3`` (:mod:`tahaluf.score.te3`) reproduces the toolkit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spans import PRF, pair_exact, pair_overlapping

MODES = ("strict", "relaxed", "type", "value")
# profile name -> canonical name; ``native`` is the default
PROFILES = {"native": "native", "te3": "te3", "timeml": "te3"}


def profile_name(profile: str) -> str:
    """The canonical date profile for ``profile`` (``timeml`` is an alias of ``te3``); ValueError if unknown."""
    if profile not in PROFILES:
        raise ValueError(f"unknown date scoring profile {profile!r}; choose one of {', '.join(PROFILES)}")
    return PROFILES[profile]


def accumulator(profile: str = "native"):
    """A fresh accumulator of date scores for ``profile``."""
    if profile_name(profile) == "te3":
        from .te3 import Te3DateScores

        return Te3DateScores()
    return DateScores()


def _span(x: dict) -> tuple[int, int]:
    return (x["start"], x["end"])


@dataclass
class DateScores:
    """Accumulated character-level counts, overall, per type and per document."""

    strict: int = 0
    relaxed: int = 0
    same: dict[str, int] = field(default_factory=lambda: {"type": 0, "value": 0})
    n_pred: int = 0
    n_gold: int = 0
    per_document: dict[str, dict[str, PRF]] = field(default_factory=dict)
    keep_documents: bool = True
    per_type: dict[str, list[int]] = field(default_factory=dict)
    # per resampling unit: set ``tally`` (a UnitTally) and ``unit_at`` (offset -> unit id) before add_document
    tally: Any = None
    unit_at: Any = None

    def add_document(self, doc_id: str, text: str, gold: list[dict], pred: list[dict]) -> None:
        strict_pairs = pair_exact(gold, pred, _span)
        strict = len(strict_pairs)
        pairs = pair_overlapping(gold, pred, _span)
        same_type = sum(g["type"] == p["type"] for g, p in pairs)
        same_value = sum(g["value"] == p["value"] for g, p in pairs)
        self.strict += strict
        self.relaxed += len(pairs)
        self.same["type"] += same_type
        self.same["value"] += same_value
        self.n_pred += len(pred)
        self.n_gold += len(gold)
        for g in gold:
            self.per_type.setdefault(g["type"], [0, 0, 0])[2] += 1
        for p in pred:
            self.per_type.setdefault(p["type"], [0, 0, 0])[1] += 1
        for g, p in pairs:
            if g["type"] == p["type"] and g["value"] == p["value"]:
                self.per_type[g["type"]][0] += 1
        if self.tally is not None:
            self._count_units(gold, pred, strict_pairs, pairs)
        if self.keep_documents:
            self.per_document[doc_id] = {
                "strict": PRF(strict, len(pred), len(gold)),
                "relaxed": PRF(len(pairs), len(pred), len(gold)),
                "type": PRF(same_type, len(pred), len(gold)),
                "value": PRF(same_value, len(pred), len(gold)),
            }

    def _count_units(self, gold, pred, strict_pairs, pairs) -> None:
        """Per-unit counts (see :mod:`tahaluf.score.units`): gold, pairs and paired predictions in the gold's unit,
        unpaired predictions in their own (so no unit holds more correct than predicted items)."""
        add, at = self.tally.add, self.unit_at
        for d in gold:
            for mode in MODES:
                add(at(d["start"]), ("", mode, "gold"))
            add(at(d["start"]), (d["type"], "type", "gold"))
        moved = {id(p): at(g["start"]) for g, p in pairs}  # a paired prediction counts where its gold starts
        for d in pred:
            unit = moved.get(id(d), at(d["start"]))
            for mode in MODES:
                add(unit, ("", mode, "predicted"))
            add(unit, (d["type"], "type", "predicted"))
        for g, _ in strict_pairs:
            add(at(g["start"]), ("", "strict", "correct"))
        for g, p in pairs:
            unit = at(g["start"])
            add(unit, ("", "relaxed", "correct"))
            add(unit, ("", "type", "pairs"))
            add(unit, ("", "value", "pairs"))
            for attr in ("type", "value"):
                if g[attr] == p[attr]:
                    add(unit, ("", attr, "correct"))
            if g["type"] == p["type"] and g["value"] == p["value"]:
                add(unit, (g["type"], "type", "correct"))

    def results(self) -> dict[str, Any]:
        out = {
            "strict": PRF(self.strict, self.n_pred, self.n_gold).as_dict(),
            "relaxed": PRF(self.relaxed, self.n_pred, self.n_gold).as_dict(),
        }
        relaxed_f1 = out["relaxed"]["f1"]
        for attr in ("type", "value"):
            accuracy = self.same[attr] / self.relaxed if self.relaxed else 0.0
            prf = PRF(self.same[attr], self.n_pred, self.n_gold).as_dict()
            prf["accuracy"] = accuracy
            # TempEval-3: attribute F1 = accuracy on relaxed matches x relaxed F1 (equal to prf["f1"])
            prf["attribute_f1"] = accuracy * relaxed_f1
            out[attr] = prf
        return out
