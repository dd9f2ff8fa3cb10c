"""Diagnostic slices: every measure again on subsets of the gold defined by phenomena the records carry.

Each **family** is a test applied to an annotation (gold or predicted) in its document; it returns
the names of the slices the annotation falls in. A family is either a **partition** (every gold
item falls in exactly one of its slices, so their gold sizes add up to the gold total) or a set of
**subsets** (an item falls in the slice or not; sizes do not add up).

A prediction is placed with the gold items that have its exact span, else with those it overlaps
most (all of them on a tie), and belongs to their slices; a prediction that overlaps no gold item
is placed by the same test applied to itself (its own text, section and fields). A test on a field that predictions do not carry (``level``,
``parent``, ``content_form``, a section anchor) places no such prediction, so for those families the
predicted sizes need not add up. Each slice is scored like the whole set, on its gold items and its
predictions only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from ..clitics import MAX_PROCLITICS, PROCLITICS, is_letter

PARTITION, SUBSETS = "partition", "subsets"
_LATIN = re.compile(r"[A-Za-z]")
_LEVANTINE = "كانون الثاني|كانون الأول|تشرين الأول|تشرين الثاني|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|اب|أيلول|ايلول"
_GREGORIAN = "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
PAIRED_MONTHS = re.compile(rf"(?:{_LEVANTINE})\s*/\s*(?:{_GREGORIAN})")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class Context:
    """One document: its text and the section at an offset."""

    def __init__(self, record: dict[str, Any]):
        self.record, self.text = record, record["text"]
        self.sections = sorted(record.get("sections", []), key=lambda s: s["start"])
        self._starts = [s["start"] for s in self.sections]

    def section(self, offset: int) -> dict[str, Any] | None:
        """The section an offset stands in (None without sections)."""
        if not self.sections:
            return None
        return self.sections[max(0, bisect_right(self._starts, offset) - 1)]


def attached_prefix(text: str, start: int) -> str:
    """The letters between the start of the word and ``start`` (empty when the item starts a word)."""
    i = start
    while i > 0 and is_letter(text[i - 1]):
        i -= 1
    return text[i:start]


def _flag(name: str, test: Callable[[dict, Context], bool]) -> Callable[[dict, Context], list[str]]:
    def member(item: dict, ctx: Context) -> list[str]:
        return [name] if test(item, ctx) else []

    member.slice_name = name  # type: ignore[attr-defined]  # reported even when empty
    return member


def _proclitic(item: dict, ctx: Context) -> bool:
    prefix = attached_prefix(ctx.text, item["start"])
    return 0 < len(prefix) <= MAX_PROCLITICS and all(ch in PROCLITICS for ch in prefix)


def _contracted_lil(item: dict, ctx: Context) -> bool:
    # للتحالف: the mention starts at the second ل (the ل of the article after the preposition ل)
    return _proclitic(item, ctx) and attached_prefix(ctx.text, item["start"]).endswith("ل") and ctx.text[item["start"]] == "ل"


def _surface(item: dict, ctx: Context) -> str:
    return ctx.text[item["start"] : item["end"]]


def _handle(item: dict, ctx: Context) -> bool:
    before = ctx.text[item["start"] - 1] if item["start"] > 0 else ""
    return _surface(item, ctx)[:1] in ("@", "#") or before in ("@", "#")


def _section_type(item: dict, ctx: Context) -> list[str]:
    section = ctx.section(item["start"])
    return [section["type"]] if section else []


def _level(item: dict, ctx: Context) -> list[str]:
    return [item["level"]] if item.get("level") else []


def _kind(field: str) -> Callable[[dict, Context], list[str]]:
    return lambda item, ctx: [str(item[field])] if item.get(field) else []


def _is_tweet(item: dict, ctx: Context) -> bool:
    cue = item.get("cue")
    return cue is not None and ctx.text[cue["start"] : cue["end"]] == "—"


def _null_source(item: dict, ctx: Context) -> bool:
    return "source" in item and item["source"] is None


def _in_headline(item: dict, ctx: Context) -> bool:
    section = ctx.section(item["start"])
    return section is not None and section["type"] == "headline"


def date_value_class(item: dict, ctx: Context) -> list[str]:
    """``absolute`` when the expression writes the year of its value, ``anchor-relative`` when the
    value comes from the section's anchor date (no year written, or a reference such as
    PRESENT_REF), ``duration or set`` for the other TIMEX3 types."""
    if item.get("type") in ("DURATION", "SET"):
        return ["duration or set"]
    value = str(item.get("value") or "")
    year = value[:4]
    if year.isdigit() and year in _surface(item, ctx).translate(_DIGITS):
        return ["absolute"]
    return ["anchor-relative"]


def _anchor(item: dict, ctx: Context) -> list[str]:
    section = ctx.section(item["start"])
    anchor = (section or {}).get("anchor_date") or {}
    return [anchor.get("provenance") or "none"]


# family, kind (partition or subsets), test
FAMILIES: dict[str, list[tuple[str, str, Callable[[dict, Context], list[str]]]]] = {
    "entities": [
        ("proclitic", SUBSETS, _flag("attached proclitic", _proclitic)),
        ("contracted lil", SUBSETS, _flag("contracted لل", _contracted_lil)),
        ("nested", SUBSETS, _flag("nested (parent set)", lambda m, ctx: m.get("parent") is not None)),
        ("script", SUBSETS, _flag("Latin script", lambda m, ctx: bool(_LATIN.search(_surface(m, ctx))))),
        ("handle", SUBSETS, _flag("handle or hashtag", _handle)),
        ("NORP", SUBSETS, _flag("NORP", lambda m, ctx: m.get("type") == "NORP")),
        ("level", PARTITION, _level),
        ("section", PARTITION, _section_type),
        ("line break", SUBSETS, _flag("name split by a line break", lambda m, ctx: "\n" in _surface(m, ctx))),
    ],
    "quotes": [
        ("kind", PARTITION, _kind("kind")),
        ("content form", PARTITION, _kind("content_form")),
        ("null source", SUBSETS, _flag("null source", lambda q, ctx: _null_source(q, ctx))),
        (
            "continuation",
            SUBSETS,
            _flag("continuation cue (null source, speaker set)", lambda q, ctx: _null_source(q, ctx) and bool(q.get("speaker"))),
        ),
        ("nested", SUBSETS, _flag("nested (parent set)", lambda q, ctx: q.get("parent") is not None)),
        ("tweet", SUBSETS, _flag("in a tweet", _is_tweet)),
        ("headline", SUBSETS, _flag("in a headline", _in_headline)),
    ],
    "dates": [
        ("value", PARTITION, date_value_class),
        ("anchor", PARTITION, _anchor),
        ("paired months", SUBSETS, _flag("Levantine/Gregorian month pair", lambda d, ctx: bool(PAIRED_MONTHS.search(_surface(d, ctx))))),
        ("DURATION", SUBSETS, _flag("DURATION", lambda d, ctx: d.get("type") == "DURATION")),
        ("SET", SUBSETS, _flag("SET", lambda d, ctx: d.get("type") == "SET")),
        ("mod", SUBSETS, _flag("with a mod", lambda d, ctx: bool(d.get("mod")))),
    ],
}


# families whose test reads a field that predictions do not carry (or, for the anchor, a gold fact
# about the section): they place no prediction that overlaps no gold item
GOLD_ONLY = {("entities", "nested"), ("entities", "level"), ("quotes", "content form"), ("dates", "anchor")}


def _closest(gold: list[dict], pred: dict) -> list[int]:
    """The gold items a prediction is placed with: the ones with its exact span, else the ones it
    overlaps most (all of them on a tie), else none."""
    exact = [i for i, g in enumerate(gold) if g["start"] == pred["start"] and g["end"] == pred["end"]]
    if exact:
        return exact
    shared = [min(g["end"], pred["end"]) - max(g["start"], pred["start"]) for g in gold]
    best = max(shared, default=0)
    return [i for i, n in enumerate(shared) if n == best] if best > 0 else []


def assign(task: str, record: dict[str, Any], gold: list[dict], pred: list[dict]) -> dict[tuple[str, str], tuple[list[dict], list[dict]]]:
    """``(family, slice) -> (gold items, predictions)`` of one document, by the rule of the module."""
    ctx = Context(record)
    out: dict[tuple[str, str], tuple[list[dict], list[dict]]] = {}
    for family, _, test in FAMILIES[task]:
        gold_slices = [test(g, ctx) for g in gold]
        for g, names in zip(gold, gold_slices, strict=True):
            for name in names:
                out.setdefault((family, name), ([], []))[0].append(g)
        for p in pred:
            touched = _closest(gold, p)
            if touched:
                names = sorted({n for i in touched for n in gold_slices[i]})
            else:
                names = [] if (task, family) in GOLD_ONLY else test(p, ctx)
            for name in names:
                out.setdefault((family, name), ([], []))[1].append(p)
    return out


def score_slices(task: str, documents: list[tuple[dict[str, Any], list[dict]]], nested: bool = False, bootstrap=None) -> dict[str, Any]:
    """Every measure of ``task`` on every slice, with intervals when ``bootstrap`` is given.

    ``documents`` holds ``(gold record, predicted items)`` pairs. The result maps a family to its
    ``kind`` (partition or subsets) and its ``slices``, each with ``gold`` and ``predicted`` sizes
    and ``results`` in the shape of the main results (without per-type and per-document parts).
    """
    from . import _gold_items

    run = _SliceRun(task, bootstrap)
    for family, _, test in FAMILIES[task]:
        if hasattr(test, "slice_name"):
            run.start((family, test.slice_name))
    for record, items in documents:
        run.add(record, _gold_items(task, record, nested), items)
    if bootstrap is not None:
        run.declare_all(documents)
    return run.report()


class _SliceRun:
    """One accumulator (and unit tally) per slice, filled document by document."""

    def __init__(self, task: str, bootstrap: Any):
        from .dates import DateScores
        from .entities import EntityScores
        from .quotes import QuoteScores

        self.task, self.bootstrap = task, bootstrap
        self.factory = {"entities": EntityScores, "quotes": QuoteScores, "dates": DateScores}[task]
        self.accumulators: dict[tuple[str, str], Any] = {}
        self.tallies: dict[tuple[str, str], Any] = {}  # held here: reading ``acc.tally`` scores what an entity accumulator buffers
        self.sizes: dict[tuple[str, str], list[int]] = {}

    def start(self, key: tuple[str, str]) -> None:
        """A new slice ``(family, name)``."""
        from .units import UnitTally

        acc = self.accumulators[key] = self.factory()
        acc.keep_documents = False
        if self.bootstrap is not None:
            acc.tally = self.tallies[key] = UnitTally()
        self.sizes[key] = [0, 0]

    def add(self, record: dict[str, Any], gold: list[dict], items: list[dict]) -> None:
        """One document: its gold and predicted items go to the slices they belong to (every slice sees the document)."""
        from .units import unit_ids, unit_of

        members = assign(self.task, record, gold, items)
        for family, _, _ in FAMILIES[self.task]:
            for key in [k for k in members if k[0] == family]:
                if key not in self.accumulators:
                    self.start(key)
        for key, acc in self.accumulators.items():
            g, p = members.get(key, ([], []))
            if self.bootstrap is not None:
                self.tallies[key].declare(unit_ids(record, self.bootstrap.unit))
                acc.unit_at = unit_of(record, self.bootstrap.unit)
            acc.add_document(record["id"], record["text"], g, p)
            self.sizes[key][0] += len(g)
            self.sizes[key][1] += len(p)

    def declare_all(self, documents: list[tuple[dict[str, Any], list[dict]]]) -> None:
        """A slice first met in a later document still resamples every unit: declare them all."""
        from .units import unit_ids

        every = [u for record, _ in documents for u in unit_ids(record, self.bootstrap.unit)]
        for tally in self.tallies.values():  # counts still buffered in an accumulator go to these rows when scored
            for unit in every:
                tally.rows.setdefault(unit, {})
            tally.units = every

    def report(self) -> dict[str, Any]:
        """The figures of every slice, by family, with intervals when resampling."""
        from .result import add_intervals, shape

        out: dict[str, Any] = {}
        for family, kind, _ in FAMILIES[self.task]:
            entry: dict[str, Any] = {"kind": kind, "slices": {}}
            for key in sorted(k for k in self.accumulators if k[0] == family):
                acc = self.accumulators[key]
                results = shape(acc.results())
                for figure in results.values():
                    figure.pop("macro", None)
                if self.bootstrap is not None:
                    add_intervals(self.task, results, {"main": acc.tally}, self.bootstrap)
                entry["slices"][key[1]] = {"gold": self.sizes[key][0], "predicted": self.sizes[key][1], "results": results}
            out[family] = entry
        return out


def markdown_sizes(release) -> str:
    """The slices of the release with their gold sizes, one table row per slice (for the docs)."""
    from ..release import load_documents

    records = load_documents(release)
    lines = ["| task | family | kind | slice | gold items |", "|---|---|---|---|---|"]
    for task in FAMILIES:
        out = score_slices(task, [(r, []) for r in records])
        for family, entry in out.items():
            for name, data in entry["slices"].items():
                lines.append(f"| {task} | {family} | {entry['kind']} | {name} | {data['gold']} |")
    return "\n".join(lines)
