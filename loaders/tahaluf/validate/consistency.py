"""Level 4, consistency (warnings): a name annotated at one occurrence and not at another.

Occurrences are found with the one proclitic rule (:mod:`tahaluf.clitics`); an occurrence left
unannotated on purpose is listed, with a reason, in ``annotations/consistency-exceptions.jsonl``.

Every annotated surface is searched in every text: with ``pyahocorasick`` (the ``fast`` extra) in
one multi-pattern pass per text, otherwise one surface at a time; both give the same warnings in
the same order (longer surfaces first, then by surface, then by offset).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..clitics import PROCLITICS, after_proclitics, all_occurrences, is_letter
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


def _order(annotated: str) -> tuple[int, str]:
    return -len(annotated), annotated


class Surfaces:
    """The annotated surfaces of a release, searched in a text (see :meth:`occurrences`)."""

    def __init__(self, surfaces: Iterable[str]):
        self.surfaces = sorted({s for s in surfaces if s}, key=_order)
        self.automaton = _automaton(self.surfaces)

    def occurrences(self, text: str, skip: Container[tuple[int, int]] = ()) -> list[tuple[str, int, str]]:
        """``(annotated surface, start, surface found)`` of every occurrence in ``text`` (as
        :func:`tahaluf.clitics.all_occurrences` finds them), longer surfaces first, then by surface,
        the plain form before the لل form, then by offset; occurrences whose span ``(start, end)`` is
        in ``skip`` are left out."""
        if self.automaton is None:
            return [
                (annotated, start, found)
                for annotated in self.surfaces
                for start, found in all_occurrences(text, annotated)
                if (start, start + len(found)) not in skip
            ]
        hits = []
        size = len(text)
        letter = _LETTER
        for last, (key, length, entries) in self.automaton.iter(text):
            end = last + 1
            if end < size:  # the rule of clitics.occurrences: the word ends here ...
                ch = text[end]
                is_ch = letter.get(ch)
                if is_ch is None:
                    is_ch = letter[ch] = is_letter(ch)
                if is_ch:
                    continue
            start = end - length
            if (start, end) in skip:
                continue
            if start > 0:  # ... and starts here, possibly after attached proclitics
                ch = text[start - 1]
                is_ch = letter.get(ch)
                if is_ch is None:
                    is_ch = letter[ch] = is_letter(ch)
                if is_ch and (ch not in PROCLITICS or not after_proclitics(text, start)):
                    continue
            for annotated, contracted in entries:
                if not contracted or (start > 0 and text[start - 1] == "ل"):
                    hits.append((-len(annotated), annotated, contracted, start, key))
        hits.sort()
        return [(annotated, start, key) for _, annotated, _, start, key in hits]


_LETTER: dict[str, bool] = {}
""":func:`tahaluf.clitics.is_letter` of each character met so far."""


def _automaton(surfaces: list[str]) -> Any:
    """An Aho-Corasick automaton of the surfaces and their لل forms, or None without ``pyahocorasick``."""
    try:
        import ahocorasick
    except ImportError:
        return None
    keys: dict[str, list[tuple[str, bool]]] = {}
    for surface in surfaces:
        keys.setdefault(surface, []).append((surface, False))
        if surface.startswith("ال") and len(surface) > 3:
            keys.setdefault(surface[1:], []).append((surface, True))
    automaton = ahocorasick.Automaton()
    for key, entries in keys.items():
        automaton.add_word(key, (key, len(key), entries))
    if not keys:
        return None
    automaton.make_automaton()
    return automaton


class _Covered:
    """Spans already accounted for (the mentions, then each warned occurrence): is ``[start, end)`` inside one?"""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))  # the furthest end among spans so far
        self.extra: list[tuple[int, int]] = []

    def __contains__(self, span: tuple[int, int]) -> bool:
        start, end = span
        i = bisect_right(self.starts, start)
        return (i > 0 and self.reach[i - 1] >= end) or any(s <= start and end <= e for s, e in self.extra)

    def add(self, span: tuple[int, int]) -> None:
        self.extra.append(span)


def check_consistency(release: Path, lines: Iterable[Line], report: Report, surfaces: Iterable[str] | None = None) -> None:
    """Warn for each occurrence of an annotated surface that no mention covers and no exception lists.

    ``surfaces`` (every annotated surface of the release) lets ``lines`` be a stream read once;
    without it they are collected from ``lines`` first.
    """
    exceptions = load_exceptions(release)
    if surfaces is None:
        lines = list(lines)
        surfaces = (m["text"] for line in lines for m in line.value["entities"])
    search = Surfaces(surfaces)
    for line in lines:
        for problem in _document_warnings(line, search, exceptions):
            report.add(*problem)


QUIET = 100
"""Documents without a new surface after which the first pass starts searching (see :class:`ConsistencyPass`)."""


class ConsistencyPass:
    """Level 4 as the documents are read, so that a second reading is needed only for the beginning of the file.

    Every surface must be searched in every text, and the surfaces are known only once all
    documents are read. :meth:`add` gathers them and, once no document has brought a new surface
    for as many documents as were read before the last one that did (and at least :data:`QUIET`),
    searches each document it is given with the surfaces known so far. A new surface makes that
    search void (the surfaces it left out might occur in the documents searched). :meth:`finish`
    then searches, in a second reading, only the documents before the last search began: for a
    release whose names recur (as the synthetic ones of ``benchmarks/``) a small part of the file;
    for one whose names keep growing until the end, all of it. The warnings are the same, in the
    same order, as :func:`check_consistency` gives.
    """

    def __init__(self, release: Path):
        self.exceptions = load_exceptions(release)
        self.surfaces: set[str] = set()
        self.search: Surfaces | None = None
        self.last_new = 0
        self.since: int | None = None
        self.found: list[tuple[Any, ...]] = []

    def add(self, line: Line) -> None:
        """Take the surfaces of one schema-valid document and, when the surfaces are settled, search it."""
        surfaces = {m["text"] for m in line.value["entities"]}
        if not surfaces <= self.surfaces:
            self.surfaces |= surfaces
            self.last_new, self.search, self.since, self.found = line.number, None, None, []
            return
        if self.search is None:
            if line.number - self.last_new < max(self.last_new, QUIET):
                return
            self.search, self.since = Surfaces(self.surfaces), line.number
        self.found.extend(_document_warnings(line, self.search, self.exceptions))

    def finish(self, lines: Iterable[Line], report: Report) -> None:
        """Report every warning: those of the documents before the last search began, read again from
        ``lines`` (every document, in order), then those found by :meth:`add`."""
        search = self.search if self.search is not None else Surfaces(self.surfaces)
        for line in lines:
            if self.since is not None and line.number >= self.since:
                break
            for problem in _document_warnings(line, search, self.exceptions):
                report.add(*problem)
        for problem in self.found:
            report.add(*problem)


def _document_warnings(line: Line, search: Surfaces, exceptions: set[tuple[str, int, str]]) -> Iterator[tuple[Any, ...]]:
    rec = line.value
    text = rec["text"]
    spans = [(m["start"], m["end"]) for m in rec["entities"]]
    covered: _Covered | None = None
    # an occurrence that is exactly a mention is covered: left out of the search at once
    for _, start, surface in search.occurrences(text, set(spans)):
        end = start + len(surface)
        if covered is None:
            covered = _Covered(spans)
        if (start, end) in covered or (rec["id"], start, surface) in exceptions:
            continue
        yield (
            "inconsistent-entity",
            f"{surface!r} at [{start}, {end}) is annotated elsewhere but not here (list it in {EXCEPTIONS} with a reason if deliberate)",
            DOCUMENTS,
            line.number,
            rec["id"],
        )
        covered.add((start, end))
