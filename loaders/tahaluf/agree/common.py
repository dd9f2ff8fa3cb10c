"""Helpers shared by the layer comparisons: spans, disagreement records, unpaired items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any


def span(x: dict) -> tuple[int, int]:
    """The ``(start, end)`` of an annotation or of a cue/source span."""
    return (x["start"], x["end"])


def disagreement(doc: str, item: dict, field: str, ref: Any, other: Any) -> dict[str, Any]:
    """One disagreement: where (document, offsets, surface), on what, and what each side said."""
    return {"doc": doc, "start": item["start"], "end": item["end"], "text": item["text"], "field": field, "ref": ref, "other": other}


def unpaired(doc: str, ref: Sequence[dict], other: Sequence[dict], pairs: Sequence[tuple], describe: Callable[[dict], str]) -> list[dict]:
    """Disagreement records for the items of either side that have no counterpart in ``pairs``."""
    paired_ref = {id(x) for x, _ in pairs}
    paired_other = {id(y) for _, y in pairs}
    out = [disagreement(doc, x, "only one side", describe(x), None) for x in ref if id(x) not in paired_ref]
    out += [disagreement(doc, y, "only one side", None, describe(y)) for y in other if id(y) not in paired_other]
    return out


def span_text(x: dict | None) -> str | None:
    """A cue or source shown as ``'text' [start,end)``, or None."""
    return None if x is None else f"{x['text']!r} [{x['start']},{x['end']})"
