"""Reading annotation passes and the gold as comparable sides, and the resampling units.

A pass file has one JSON object per line and one line per document (see
``dataset/passes/study/README.md``). Small format slips (extra keys, missing optional keys, a
``parent`` given as an id, an anchor given as an object) are read anyway and reported, grouped;
anything that makes the annotation unusable (bad JSON, an unknown document, a missing required key,
a span whose text does not match its offsets) is an error naming file, line, document and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..release import ReleaseError, load_documents, read_jsonl

LIST_KEY = {"entities": "entities", "quotes": "quotes", "dates": "dates"}
# Keys a pass annotation must have (with their JSON types) and keys it may have.
REQUIRED = {
    "entities": {"start": int, "end": int, "text": str, "type": str},
    "quotes": {"start": int, "end": int, "text": str, "kind": str},
    "dates": {"start": int, "end": int, "text": str, "type": str, "value": (str, type(None))},
}
OPTIONAL = {
    "entities": ("level", "entity_id", "parent"),
    "quotes": ("content_form", "cue", "source", "speaker", "parent"),
    "dates": ("mod",),
}
SPAN_KEYS = {"quotes": ("cue", "source")}


class PassError(Exception):
    """A pass file cannot be used; ``problems`` holds one line per error."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} errors, first: {problems[0]}")


@dataclass
class Units:
    """The resampling units: every section of every document, in document order."""

    names: list[str]
    bounds: dict[str, list[tuple[int, int, int]]]  # doc -> [(start, end, unit index)]

    def __len__(self) -> int:
        return len(self.names)

    def of(self, doc: str, offset: int) -> int:
        """The unit (section) holding ``offset`` of ``doc``; offsets past the end go to the last."""
        sections = self.bounds[doc]
        for start, end, index in sections:
            if start <= offset < end:
                return index
        return sections[-1][2] if offset >= sections[-1][1] else sections[0][2]


@dataclass
class Corpus:
    """The texts, sections and gold of a release, loaded once for every comparison."""

    texts: dict[str, str]
    units: Units
    sections: dict[str, list[str]]  # doc -> its section ids
    records: dict[str, dict]


@dataclass
class Side:
    """One side of a comparison: a pass or the gold, as normalized annotation lists."""

    name: str
    file: str
    docs: dict[str, list[dict]] = field(default_factory=dict)
    anchors: dict[str, dict[str, str | None]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_corpus(release: Path) -> Corpus:
    """Texts, sections (the units) and gold records of the release."""
    records = {r["id"]: r for r in load_documents(release)}
    names: list[str] = []
    bounds: dict[str, list[tuple[int, int, int]]] = {}
    sections: dict[str, list[str]] = {}
    for doc, record in records.items():
        bounds[doc] = []
        sections[doc] = []
        for section in record["sections"]:
            bounds[doc].append((section["start"], section["end"], len(names)))
            sections[doc].append(section["id"])
            names.append(f"{doc}/{section['id']}")
    return Corpus({d: r["text"] for d, r in records.items()}, Units(names, bounds), sections, records)


def gold_side(layer: str, corpus: Corpus) -> Side:
    """The adjudicated gold of ``layer`` as a side (its ids are catalog ids, compared like any pass's)."""
    side = Side("gold", "documents.jsonl")
    for doc, record in corpus.records.items():
        side.docs[doc] = [dict(item) for item in record[layer]]
        side.anchors[doc] = {s["id"]: (s.get("anchor_date") or {}).get("value") for s in record["sections"]}
    return side


class _Slips:
    """Format slips grouped by message: count and first place seen."""

    def __init__(self, file: str):
        self.file = file
        self.seen: dict[str, list] = {}

    def add(self, line: int, doc: str, message: str) -> None:
        entry = self.seen.setdefault(message, [0, line, doc])
        entry[0] += 1

    def lines(self) -> list[str]:
        return [f"{self.file}:{line} {doc}: {message} ({count} time(s), first here)" for message, (count, line, doc) in self.seen.items()]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_span(span: Any, text: str, where: str, field_name: str, errors: list[str]) -> bool:
    """Offsets in range and text equal to the text at them; appends one error line otherwise."""
    if not isinstance(span, dict):
        errors.append(f"{where} {field_name}: expected an object with start, end and text; fix the annotation")
        return False
    start, end, surface = span.get("start"), span.get("end"), span.get("text")
    if not (_is_int(start) and _is_int(end) and isinstance(surface, str)):
        errors.append(f"{where} {field_name}: start and end must be integers and text a string; fix the annotation")
        return False
    if not 0 <= start < end <= len(text):
        errors.append(f"{where} {field_name}: offsets [{start}, {end}) are outside the text (length {len(text)}); fix the offsets")
        return False
    if text[start:end] != surface:
        errors.append(
            f"{where} {field_name}: text {surface!r} does not match the offsets [{start}, {end}), "
            f"which hold {text[start:end]!r}; fix the offsets or the text"
        )
        return False
    return True


def _read_item(layer: str, item: Any, text: str, where: str, slips: _Slips, line: int, doc: str, errors: list[str]) -> dict | None:
    if not isinstance(item, dict):
        errors.append(f"{where}: expected an object; fix the line")
        return None
    for key, kind in REQUIRED[layer].items():
        if key not in item:
            errors.append(f"{where}: required key {key!r} is missing; add it")
            return None
        if not isinstance(item[key], kind) or (kind is int and isinstance(item[key], bool)):
            errors.append(f"{where} {key}: {item[key]!r} has the wrong type; fix it")
            return None
    if not _check_span(item, text, where, "span", errors):
        return None
    out = {key: item[key] for key in REQUIRED[layer]}
    for key in OPTIONAL[layer]:
        if key not in item:
            slips.add(line, doc, f"{LIST_KEY[layer]} item without {key!r}, read as missing")
        out[key] = item.get(key)
    for key in sorted(set(item) - set(REQUIRED[layer]) - set(OPTIONAL[layer]) - {"id"}):
        slips.add(line, doc, f"extra key {key!r} ignored")
    for key in SPAN_KEYS.get(layer, ()):
        if out[key] is not None and not _check_span(out[key], text, where, key, errors):
            return None
        if out[key] is not None:
            out[key] = {k: out[key][k] for k in ("start", "end", "text")}
    parent = out.get("parent")
    if parent is not None and not _is_int(parent):
        slips.add(line, doc, "'parent' is not an index into the line's list (ignored)")
        out["parent"] = None
    return out


def _read_anchors(value: Any, sections: list[str], slips: _Slips, line: int, doc: str, where: str, errors: list[str]) -> dict:
    if value is None:
        slips.add(line, doc, "no 'anchors': every section read as having no anchor")
        return dict.fromkeys(sections)
    if not isinstance(value, dict):
        errors.append(f"{where} anchors: expected an object of section id -> date; fix the line")
        return {}
    anchors: dict[str, str | None] = {}
    for sec in sections:
        if sec not in value:
            slips.add(line, doc, "a section without an anchor, read as null")
        given = value.get(sec)
        if isinstance(given, dict):
            slips.add(line, doc, "anchor given as an object; its 'value' used")
            given = given.get("value")
        if given is not None and not isinstance(given, str):
            errors.append(f"{where} anchors.{sec}: {given!r} is not a date string or null; fix it")
            given = None
        anchors[sec] = given
    for sec in sorted(set(value) - set(sections)):
        slips.add(line, doc, f"anchor for unknown section {sec!r} ignored")
    return anchors


def read_pass(path: Path, layer: str, corpus: Corpus, name: str, label: str) -> Side:
    """Read and check a pass file of ``layer``; raises :class:`PassError` listing every error.

    ``label`` is how the file is named in messages (a path relative to the release).
    """
    errors: list[str] = []
    slips = _Slips(label)
    side = Side(name, label)
    try:
        lines = read_jsonl(path, label)
    except ReleaseError as err:
        raise PassError([f"{err}; fix the line"]) from None
    key = LIST_KEY[layer]
    for line in lines:
        value = line.value
        where = f"{label}:{line.number}"
        if not isinstance(value, dict) or not isinstance(value.get("id"), str):
            errors.append(f"{where}: each line needs a string 'id' (the document id); fix the line")
            continue
        doc = value["id"]
        where = f"{where} {doc}"
        if doc not in corpus.texts:
            errors.append(f"{where}: unknown document id; use one of {', '.join(sorted(corpus.texts))}")
            continue
        if doc in side.docs:
            errors.append(f"{where}: second line for this document; merge the two lines")
            continue
        items = value.get(key)
        if items is None:
            slips.add(line.number, doc, f"no {key!r} list, read as empty")
            items = []
        if not isinstance(items, list):
            errors.append(f"{where} {key}: expected a list; fix the line")
            continue
        for extra in sorted(set(value) - {"id", key, "anchors"}):
            slips.add(line.number, doc, f"extra key {extra!r} on the line ignored")
        text = corpus.texts[doc]
        read = [_read_item(layer, item, text, f"{where} {key}[{i}]", slips, line.number, doc, errors) for i, item in enumerate(items)]
        side.docs[doc] = [item for item in read if item is not None]
        if layer == "dates":
            side.anchors[doc] = _read_anchors(value.get("anchors"), corpus.sections[doc], slips, line.number, doc, where, errors)
    if errors:
        raise PassError(errors)
    for doc in corpus.texts:
        if doc not in side.docs:
            slips.add(len(lines), doc, "no line for this document, read as empty")
            side.docs[doc] = []
            if layer == "dates":
                side.anchors[doc] = dict.fromkeys(corpus.sections[doc])
    side.problems = slips.lines()
    return side


def check_catalog(path: Path, side: Side, label: str) -> list[str]:
    """Slips between an entity pass and its catalog: ids used but not listed, malformed lines."""
    try:
        lines = read_jsonl(path, label)
    except ReleaseError as err:
        return [f"{err} (catalog not checked)"]
    listed = {line.value.get("entity_id") for line in lines if isinstance(line.value, dict)}
    used = {m["entity_id"] for items in side.docs.values() for m in items if m.get("entity_id")}
    missing = sorted(used - listed)
    if missing:
        return [f"{label}: {len(missing)} entity id(s) used in {side.file} but not listed, e.g. {missing[0]!r}"]
    return []
