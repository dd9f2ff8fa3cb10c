"""Entity baseline: a leave-one-document-out lexicon.

For each document, every surface annotated (outermost mentions) in the four other documents is a
lexicon entry with its most frequent type. Entries are matched longest first, as whole words or
after attached proclitics (و ف ب ل ك), without overlaps.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..clitics import all_occurrences as _all_occurrences
from ..tokens import outermost


def predict(record: dict[str, Any], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predicted mentions of ``record`` from the lexicon of the other documents."""
    types: dict[str, Counter] = defaultdict(Counter)
    for other in records:
        if other["id"] != record["id"]:
            for m in outermost(other["entities"]):
                types[m["text"]][m["type"]] += 1
    text = record["text"]
    taken: list[tuple[int, int]] = []
    out = []
    for surface in sorted(types, key=len, reverse=True):
        label = types[surface].most_common(1)[0][0]
        for start, form in _all_occurrences(text, surface):
            end = start + len(form)
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            out.append({"start": start, "end": end, "text": form, "type": label})
    return sorted(out, key=lambda m: m["start"])
