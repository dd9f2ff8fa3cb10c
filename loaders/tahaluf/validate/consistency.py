"""Level 4, consistency (warnings): a name annotated at one occurrence and not at another.

Occurrences are found with the one proclitic rule (:mod:`tahaluf.clitics`); an occurrence left
unannotated on purpose is listed, with a reason, in ``annotations/consistency-exceptions.jsonl``.
"""

from __future__ import annotations

from pathlib import Path

from ..clitics import all_occurrences
from ..release import DOCUMENTS, EXCEPTIONS, Line, ReleaseError, read_jsonl
from .report import Report


def load_exceptions(release: Path) -> set[tuple[str, int, str]]:
    """``(document id, start, surface)`` of every listed exception (none when the file is absent or unreadable)."""
    path = release / EXCEPTIONS
    if not path.is_file():
        return set()
    try:
        return {(e.value["id"], e.value["start"], e.value["text"]) for e in read_jsonl(path, EXCEPTIONS)}
    except (ReleaseError, KeyError, TypeError):
        return set()


def check_consistency(release: Path, lines: list[Line], report: Report) -> None:
    """Warn for each occurrence of an annotated surface that no mention covers and no exception lists."""
    exceptions = load_exceptions(release)
    surfaces = {m["text"] for line in lines for m in line.value["entities"]}
    for line in lines:
        rec = line.value
        text = rec["text"]
        covered = [(m["start"], m["end"]) for m in rec["entities"]]
        for annotated in sorted(surfaces, key=len, reverse=True):
            for start, surface in all_occurrences(text, annotated):
                end = start + len(surface)
                if any(s <= start and end <= e for s, e in covered) or (rec["id"], start, surface) in exceptions:
                    continue
                report.add(
                    "inconsistent-entity",
                    f"{surface!r} at [{start}, {end}) is annotated elsewhere but not here "
                    f"(list it in {EXCEPTIONS} with a reason if deliberate)",
                    DOCUMENTS,
                    line.number,
                    rec["id"],
                )
                covered.append((start, end))
