"""Level 3, integrity: offsets, surfaces, ids, references, section tiling, nesting, TIMEX3 syntax,
text checksums, manifest checksums and build freshness."""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..release import (
    CATALOG,
    CHECKSUMS,
    DOCUMENTS,
    MANIFEST,
    METADATA,
    Line,
    ReleaseError,
    assemble_records,
    data_files,
    dumps_record,
    sha256_bytes,
    sha256_text,
    text_path,
    verify_files,
)
from ..release.files import BOM, decode
from ..release.manifest import verify_checksums
from ..timex import is_calendar_date, value_matches_type
from .report import Problem, Report, Where


@dataclass
class Document:
    """One schema-valid record being checked, with where its problems are reported."""

    record: dict[str, Any]
    where: Where
    report: Report
    ids: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        """The record's text."""
        return str(self.record["text"])

    def add(self, code: str, message: str, ann: str = "-") -> None:
        """Report a problem of this document."""
        self.report.at(self.where, code, message, ann)

    def unique(self, ann: str) -> None:
        """Report an annotation or section id used twice in the document."""
        if ann in self.ids:
            self.add("duplicate-id", f"annotation id {ann!r} used twice", ann)
        self.ids.add(ann)

    def span_ok(self, obj: dict[str, Any], ann: str, what: str = "span") -> bool:
        """Offsets inside the text, not inverted, and ``text[start:end]`` equal to the span's text."""
        start, end, text = obj["start"], obj["end"], self.text
        if start > len(text) or end > len(text):
            self.add("offset-out-of-range", f"{what} [{start}, {end}) outside text of length {len(text)}", ann)
            return False
        if end <= start:
            self.add("inverted-span", f"{what} [{start}, {end}) is empty or inverted", ann)
            return False
        if "text" in obj and text[start:end] != obj["text"]:
            self.add("surface-mismatch", f"{what} text {obj['text']!r} but text[{start}:{end}] is {text[start:end]!r}", ann)
            return False
        return True


def check_documents(release: Path, lines: list[Line], catalog: dict[str, Line] | None, report: Report) -> None:
    """Every check of each schema-valid document, and document ids unique across the file."""
    seen: dict[str, int] = {}
    for line in lines:
        check_document(release, line, catalog, report, seen)


def check_document(
    release: Path, line: Line, catalog: dict[str, Line] | None, report: Report, seen: dict[str, int] | None
) -> tuple[int, str, bool] | None:
    """Every check of one schema-valid document; ``seen`` (document id -> line) finds ids used twice
    (None: the caller finds them, see :class:`DocumentIds`).

    Returns what the reading of its text file found (see :func:`check_text`)."""
    doc_id = line.value["id"]
    if seen is not None:
        if doc_id in seen:
            report.add("duplicate-id", duplicate_document_message(seen[doc_id]), DOCUMENTS, line.number, doc_id)
        seen[doc_id] = line.number
    doc = Document(line.value, Where(DOCUMENTS, line.number, doc_id), report)
    read = check_text(release, doc)
    sections = check_sections(doc)
    check_entities(doc, catalog)
    check_quotes(doc, catalog)
    check_dates(doc, sections)
    return read


def duplicate_document_message(previous: int) -> str:
    """The message of a document id used again (``previous``: the line it was last used on)."""
    return f"document id already on line {previous}"


class DocumentIds:
    """The document ids of ``documents.jsonl``, kept as 8-byte hashes with their lines (memory grows
    by 16 bytes a document), to find the ids used twice once the file is read.

    :meth:`insert_duplicates` reports them as :func:`check_document` does with a ``seen`` dict:
    each use after the first, naming the line of the use before it, first among its line's problems.
    """

    def __init__(self) -> None:
        self.hashes = array("q")
        self.lines = array("q")

    def add(self, doc_id: str, line: int) -> None:
        """Take the id of the schema-valid document on ``line``."""
        self.hashes.append(hash(doc_id))
        self.lines.append(line)

    def insert_duplicates(self, documents: Iterable[Line], report: Report) -> None:
        """Insert a ``duplicate-id`` problem for each id used again into ``report`` (the problems of
        the documents, in line order); ``documents`` reads the file again, only when two hashes are equal."""
        ordered = sorted(self.hashes)
        shared = {a for a, b in zip(ordered, ordered[1:]) if a == b}
        del ordered
        if not shared:
            return
        suspects = {line for h, line in zip(self.hashes, self.lines) if h in shared}
        previous: dict[str, int] = {}
        for line in documents:
            if line.number not in suspects:
                continue
            doc_id = line.value["id"]
            if doc_id in previous:
                at = next((i for i, p in enumerate(report.problems) if p.line is not None and p.line >= line.number), len(report.problems))
                problem = Problem("duplicate-id", duplicate_document_message(previous[doc_id]), DOCUMENTS, line.number, doc_id)
                report.problems.insert(at, problem)
            previous[doc_id] = line.number


def check_catalog(lines: list[Line], report: Report) -> dict[str, Line]:
    """The catalog entries by entity id; an id used twice is ``duplicate-id``."""
    catalog: dict[str, Line] = {}
    for line in lines:
        eid = line.value["entity_id"]
        if eid in catalog:
            report.add("duplicate-id", f"entity_id {eid!r} already on line {catalog[eid].number}", CATALOG, line.number, ann=eid)
        catalog[eid] = line
    return catalog


def diagnose_text(text: str, expected: str) -> tuple[str, str]:
    """Why a text does not hash to its recorded sha256: CRLF line endings, a Unicode normalization, or neither."""
    if "\r\n" in text and sha256_text(text.replace("\r\n", "\n")) == expected:
        return "text-crlf", "text has CRLF line endings; the original uses LF"
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        candidate = unicodedata.normalize(form, text)
        if candidate != text and sha256_text(candidate) == expected:
            return "text-normalized", f"text was Unicode-normalized; the original is in {form} form"
    return "sha256-mismatch", "text does not hash to the record's sha256"


def check_text(release: Path, doc: Document) -> tuple[int, str, bool] | None:
    """The text hashes to ``sha256`` and equals ``texts/<id>.txt``; returns what the reading of that
    file found (its size, its SHA-256, whether it is UTF-8 without BOM), None when it is missing."""
    text, doc_id = doc.text, doc.record["id"]
    encoded = text.encode("utf-8")
    digest = sha256_bytes(encoded)
    if digest != doc.record["sha256"]:
        doc.add(*diagnose_text(text, doc.record["sha256"]))
    path = text_path(release, doc_id)
    try:
        data = path.read_bytes()
    except OSError:
        if path.is_file():
            raise
        doc.add("missing-file", f"texts/{doc_id}.txt is missing")
        return None
    if data == encoded:
        return len(data), digest, not data.startswith(BOM)
    try:
        original = decode(data, f"texts/{doc_id}.txt")
    except ReleaseError:
        return len(data), sha256_bytes(data), False  # reported by the files level
    if original != text:
        doc.add("text-file-mismatch", f"record text differs from texts/{doc_id}.txt")
    return len(data), sha256_bytes(data), True


def check_anchor(doc: Document, section: dict[str, Any]) -> None:
    """A section's anchor: a calendar date with a known provenance, or null with provenance ``unknown``."""
    anchor = section["anchor_date"]
    if anchor["value"] is None and anchor["provenance"] != "unknown":
        doc.add("bad-anchor", "anchor value is null but provenance is not 'unknown'", section["id"])
    elif anchor["value"] is not None and (anchor["provenance"] == "unknown" or not is_calendar_date(anchor["value"])):
        doc.add(
            "bad-anchor", f"anchor value {anchor['value']!r} must be YYYY, YYYY-MM or YYYY-MM-DD with a known provenance", section["id"]
        )


def check_sections(doc: Document) -> dict[str, dict[str, Any]]:
    """Sections tile the text in order (no gap, no overlap) and carry valid anchors; returns them by id."""
    text = doc.text
    sections: dict[str, dict[str, Any]] = {}
    position = 0
    for sec in doc.record["sections"]:
        doc.unique(sec["id"])
        sections[sec["id"]] = sec
        start, end = sec["start"], sec["end"]
        if start > len(text) or end > len(text):
            doc.add("offset-out-of-range", f"section [{start}, {end}) outside text of length {len(text)}", sec["id"])
        elif end <= start:
            doc.add("inverted-span", f"section [{start}, {end}) is empty or inverted", sec["id"])
        if start > position:
            doc.add("section-gap", f"text[{position}:{start}] belongs to no section", sec["id"])
        elif start < position:
            doc.add("section-overlap", f"section starts at {start}, before the previous one ends at {position}", sec["id"])
        position = max(position, end)
        check_anchor(doc, sec)
    if position < len(text):
        doc.add("section-gap", f"text[{position}:{len(text)}] belongs to no section")
    pub = doc.record["publication_date"]
    valid = is_calendar_date(pub["value"]) if pub["value"] is not None else pub["provenance"] == "unknown"
    if not valid:
        doc.add("bad-anchor", f"publication_date {pub['value']!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    return sections


def check_entities(doc: Document, catalog: dict[str, Line] | None) -> None:
    """Mention spans, catalog references and nesting."""
    entities = doc.record["entities"]
    if _plain_entities(doc, entities, catalog):
        if any(m["parent"] is not None for m in entities):
            check_parents(doc, {m["id"]: m for m in entities})
        check_overlaps(doc, entities)
        return
    mentions: dict[str, dict[str, Any]] = {}
    valid: set[str] = set()
    for m in entities:
        doc.unique(m["id"])
        mentions[m["id"]] = m
        if doc.span_ok(m, m["id"]):
            valid.add(m["id"])
        if catalog is not None and m["entity_id"] not in catalog:
            doc.add("dangling-entity-id", f"entity_id {m['entity_id']!r} is not in {CATALOG}", m["id"])
    check_parents(doc, mentions)
    check_overlaps(doc, [m for m in mentions.values() if m["id"] in valid])


def _plain_entities(doc: Document, entities: list[dict[str, Any]], catalog: dict[str, Line] | None) -> bool:
    """True (and the ids taken) when no mention has a problem of its own: ids new to the document,
    spans that are right, entity ids in the catalog; the loop of :func:`check_entities` then has
    nothing to report, so the mentions are only checked together (parents, overlaps)."""
    ids = {m["id"] for m in entities}
    if len(ids) != len(entities) or not doc.ids.isdisjoint(ids):
        return False
    text = doc.text
    size = len(text)
    for m in entities:
        start, end = m["start"], m["end"]
        if not start < end <= size or text[start:end] != m["text"]:
            return False
    if catalog is not None and not all(m["entity_id"] in catalog for m in entities):
        return False
    doc.ids |= ids
    return True


def check_parents(doc: Document, mentions: dict[str, dict[str, Any]]) -> None:
    """A nested mention's parent is another mention, strictly enclosing it, itself not nested."""
    for m in mentions.values():
        parent_id = m["parent"]
        if parent_id is None:
            continue
        parent = mentions.get(parent_id)
        if parent is None or parent_id == m["id"]:
            doc.add("dangling-parent", f"parent {parent_id!r} is not another mention of this document", m["id"])
        elif not (parent["start"] <= m["start"] and m["end"] <= parent["end"]) or _same_span(parent, m):
            doc.add("bad-nesting", f"mention is not strictly inside its parent {parent_id}", m["id"])
        elif parent["parent"] is not None:
            doc.add("bad-nesting", f"parent {parent_id} is itself nested: one level of nesting only", m["id"])


def _same_span(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool((a["start"], a["end"]) == (b["start"], b["end"]))


def check_overlaps(doc: Document, mentions: list[dict[str, Any]]) -> None:
    """Two overlapping mentions must be a parent and its nested mention."""
    spans = sorted([(m["start"], -m["end"], i) for i, m in enumerate(mentions)])  # by start, longer first, then in order
    for (start_a, minus_end_a, i), (start_b, minus_end_b, j) in zip(spans, spans[1:]):
        if start_b < -minus_end_a:
            a, b = mentions[i], mentions[j]
            if b["parent"] != a["id"] and a["parent"] != b["id"]:
                if (start_a, minus_end_a) == (start_b, minus_end_b) or minus_end_b < minus_end_a or b["parent"] is None:
                    doc.add("bad-nesting", f"overlaps {a['id']} without being nested in it", b["id"])


def check_quotes(doc: Document, catalog: dict[str, Line] | None) -> None:
    """Content, cue and source spans; one quote per content span; speakers in the catalog; parents."""
    contents: dict[tuple[int, int], str] = {}
    for q in doc.record["quotes"]:
        doc.unique(q["id"])
        doc.span_ok(q, q["id"], "content")
        doc.span_ok(q["cue"], q["id"], "cue")
        if q["source"] is not None:
            doc.span_ok(q["source"], q["id"], "source")
        key = (q["start"], q["end"])
        if key in contents:
            doc.add("duplicate-quote", f"content span {list(key)} already used by {contents[key]}", q["id"])
        contents.setdefault(key, q["id"])
        if catalog is not None and q["speaker"] is not None and q["speaker"] not in catalog:
            doc.add("dangling-speaker", f"speaker {q['speaker']!r} is not in {CATALOG}", q["id"])
    quotes = {q["id"]: q for q in doc.record["quotes"]}
    for q in doc.record["quotes"]:
        if q["parent"] is None:
            continue
        outer = quotes.get(q["parent"])
        if outer is None or outer is q:
            doc.add("bad-quote-parent", f"parent {q['parent']!r} is not another quote of this document", q["id"])
        elif not (outer["start"] <= q["cue"]["start"] and q["cue"]["end"] <= outer["end"]):
            doc.add("bad-quote-parent", f"cue is not inside the content of its parent {q['parent']}", q["id"])


def check_dates(doc: Document, sections: dict[str, dict[str, Any]]) -> None:
    """Date spans, TIMEX3 value syntax, and each date inside the section it names."""
    for d in doc.record["dates"]:
        doc.unique(d["id"])
        ok = doc.span_ok(d, d["id"])
        if not value_matches_type(d["value"], d["type"]):
            doc.add("bad-timex-value", f"value {d['value']!r} is not valid TIMEX3 syntax for type {d['type']}", d["id"])
        sec = sections.get(d["section"])
        if sec is None:
            doc.add("dangling-section", f"section {d['section']!r} is not a section of {doc.where.doc}", d["id"])
        elif ok and not (sec["start"] <= d["start"] and d["end"] <= sec["end"]):
            doc.add(
                "date-outside-section",
                f"[{d['start']}, {d['end']}) is not inside section {sec['id']} [{sec['start']}, {sec['end']})",
                d["id"],
            )


def digest(record: Any) -> str:
    """The SHA-256 of a record as the release writes it (what :func:`check_fresh` compares)."""
    return sha256_text(dumps_record(record))


def check_manifest(release: Path, manifest: dict[str, Any], documents: int | None, report: Report) -> None:
    """Version, document count, every listed file, unlisted data files, and ``SHA256SUMS``."""
    check_manifest_fields(manifest, documents, report)
    listed = {entry["path"] for entry in manifest["files"]}
    faults = verify_files(release, manifest) + verify_files(release, manifest, [rel for rel in data_files(release) if rel not in listed])
    if (release / CHECKSUMS).is_file():
        try:
            faults += verify_checksums(release, manifest)
        except ReleaseError:
            pass  # reported by the files level
    for fault in faults:
        report.add(fault.code, fault.message, fault.file, fault.line)


def check_manifest_fields(manifest: dict[str, Any], documents: int | None, report: Report) -> None:
    """The manifest's version and document count (``documents``: the records of ``documents.jsonl``)."""
    if manifest["version"] != __version__:
        report.add("version-mismatch", f"manifest version {manifest['version']} but package version {__version__}", MANIFEST, 1)
    if documents is not None and manifest["documents"] != documents:
        report.add(
            "checksum-mismatch", f"manifest counts {manifest['documents']} documents, documents.jsonl holds {documents}", MANIFEST, 1
        )


def check_fresh(release: Path, lines: list[Line] | list[str], report: Report) -> None:
    """``documents.jsonl`` is what ``tahaluf build`` makes from the sources (``lines``: its records,
    or each record's :func:`digest`)."""
    if not (release / METADATA).is_file():
        return
    try:
        built = assemble_records(release)
    except ReleaseError as err:
        report.add("invalid-source", err.message, err.file, err.line)
        return
    except (TypeError, AttributeError, KeyError, ValueError) as err:
        report.add("invalid-source", f"sources cannot be assembled: {err}", METADATA)
        return
    current = [line if isinstance(line, str) else digest(line.value) for line in lines]
    fresh = [digest(record) for record in built]
    if current != fresh:
        changed = [r["id"] for r, f, c in zip(built, fresh, current) if f != c] or ["(document count)"]
        report.add("stale-build", f"documents.jsonl is out of date for {', '.join(changed)}; run 'tahaluf build'", DOCUMENTS)
