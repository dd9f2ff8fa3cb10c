"""Release validator, in levels like Universal Dependencies' validate.py.

1. files: required files present, UTF-8 without BOM, JSON syntax (with line numbers);
2. schema: every record against ``schema/*.json``;
3. integrity: offsets, surfaces, ids, references, section tiling, nesting, TIMEX3 syntax,
   text checksums, manifest checksums, build freshness;
4. consistency (warnings): a name annotated at one occurrence and not at another.

Every check has a stable code, listed in :data:`CODES` and documented in ``docs/validation.md``.
One line per problem: ``file:line doc-id annotation-id [level code] message``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .release import (
    CATALOG,
    CHECKSUMS,
    DOCUMENTS,
    EXCEPTIONS,
    MANIFEST,
    METADATA,
    REQUIRED,
    Line,
    ReleaseError,
    assemble_records,
    data_files,
    dumps_record,
    read_jsonl,
    read_text,
    sha256_bytes,
    sha256_text,
    text_path,
)
from .timex import is_calendar_date, value_matches_type

# code -> (level, one-line description). The documentation table is generated from this.
CODES: dict[str, tuple[int, str]] = {
    "missing-file": (1, "A required file (or a file the manifest lists) is absent."),
    "bom": (1, "A file starts with a UTF-8 byte order mark."),
    "invalid-utf8": (1, "A file is not valid UTF-8."),
    "invalid-json": (1, "A line is not valid JSON (or a JSON Lines file has a blank line)."),
    "empty-file": (1, "documents.jsonl holds no record."),
    "missing-field": (2, "A required field is absent."),
    "unknown-field": (2, "A field the schema does not define."),
    "wrong-type": (2, "A field has the wrong JSON type."),
    "unknown-label": (2, "A value outside the schema's label set (entity type, quote kind, TIMEX3 type, ...)."),
    "bad-format": (2, "A string does not match the pattern its field requires (ids, hashes, versions)."),
    "schema-violation": (2, "Any other violation of the JSON Schema."),
    "duplicate-id": (3, "Two documents, annotations, sections or catalog entities share an id."),
    "offset-out-of-range": (3, "A span's start or end lies outside the text."),
    "inverted-span": (3, "A span's end is not after its start."),
    "surface-mismatch": (3, "text[start:end] differs from the span's text."),
    "sha256-mismatch": (3, "The text does not hash to the record's sha256."),
    "text-crlf": (3, "The text had its line endings converted to CRLF."),
    "text-normalized": (3, "The text was Unicode-normalized (NFC/NFD/NFKC/NFKD) instead of kept as original."),
    "text-file-mismatch": (3, "The record's text differs from texts/<id>.txt."),
    "section-gap": (3, "Sections leave part of the text uncovered."),
    "section-overlap": (3, "Two sections overlap."),
    "bad-anchor": (3, "A section's anchor date is not a calendar date, or null without provenance 'unknown'."),
    "dangling-entity-id": (3, "A mention's entity_id is not in the catalog."),
    "dangling-speaker": (3, "A quote's speaker is not in the catalog."),
    "dangling-parent": (3, "A mention's parent is not a mention of the same document."),
    "bad-nesting": (
        3,
        "A nested mention is not inside its parent, nests more than one level, or overlaps another mention without nesting.",
    ),
    "dangling-section": (3, "A date's section is not a section of the document."),
    "date-outside-section": (3, "A date does not lie inside the section it names."),
    "bad-timex-value": (3, "A TIMEX3 value does not fit the syntax of its type."),
    "duplicate-quote": (3, "Two quotes share a content span."),
    "bad-quote-parent": (
        3,
        "A quote's parent is not another quote of the document, or the nested quote's cue is not inside the parent's content.",
    ),
    "version-mismatch": (3, "The manifest's version differs from the package version."),
    "checksum-mismatch": (3, "A file's size or SHA-256 differs from the manifest or SHA256SUMS."),
    "unlisted-file": (3, "A data file is not listed in the manifest."),
    "stale-build": (3, "documents.jsonl differs from what the sources (texts, annotations) build."),
    "invalid-source": (3, "A source file (annotations/*.jsonl, texts/) cannot be assembled."),
    "inconsistent-entity": (4, "A surface annotated as an entity elsewhere is not annotated here (warning)."),
}

_SCHEMA_CODES = {
    "required": "missing-field",
    "additionalProperties": "unknown-field",
    "type": "wrong-type",
    "enum": "unknown-label",
    "const": "unknown-label",
    "pattern": "bad-format",
}
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


@dataclass
class Problem:
    """One finding of the validator."""

    code: str
    message: str
    file: str = "-"
    line: int | None = None
    doc: str = "-"
    ann: str = "-"

    @property
    def level(self) -> int:
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        return self.level < 4

    def format(self) -> str:
        """``file:line doc-id annotation-id [level code] message``."""
        line = self.line if self.line is not None else "-"
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.file}:{line} {self.doc} {self.ann} [L{self.level} {self.code}] {message}"


@dataclass
class Report:
    """All problems found in one release, and what was checked."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> Counter:
        """How many problems of each code."""
        return Counter(p.code for p in self.problems)

    def summary(self) -> str:
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s); {self.documents} document(s) checked in {self.path}"


class _Checker:
    def __init__(self, release: Path):
        self.release = release
        self.report = Report(path=str(release))

    # -- helpers -------------------------------------------------------------------------
    def add(self, code: str, message: str, file: str = "-", line: int | None = None, doc: str = "-", ann: str = "-"):
        self.report.problems.append(Problem(code, message, file, line, doc, ann))

    def read_lines(self, name: str) -> list[Line] | None:
        path = self.release / name
        if not path.is_file():
            self.add("missing-file", f"required file {name} is missing", name)
            return None
        try:
            return read_jsonl(path, name)
        except ReleaseError as err:
            self.add(_read_code(err), err.message, err.file, err.line)
            return None

    def schema_check(self, schema_name: str, line: Line, doc: str = "-") -> bool:
        from .contract import validator

        errors = sorted(validator(schema_name).iter_errors(line.value), key=lambda e: list(e.absolute_path))
        for err in errors[:20]:
            where = "/".join(str(p) for p in err.absolute_path) or "(record)"
            code = _SCHEMA_CODES.get(err.validator, "schema-violation")
            if err.validator == "oneOf":
                code = _one_of_code(err)
            self.add(code, f"{where}: {_short(err.message)}", line.file, line.number, doc, _ann_id(line.value, err))
        return not errors

    # -- level 1 and 2 -------------------------------------------------------------------
    def run(self) -> Report:
        release = self.release
        if not release.is_dir():
            self.add("missing-file", f"release folder {release} does not exist")
            return self.report
        for name in REQUIRED:
            if not (release / name).is_file():
                self.add("missing-file", f"required file {name} is missing", name)
        self.check_encodings()
        doc_lines = self.read_lines(DOCUMENTS) if (release / DOCUMENTS).is_file() else None
        cat_lines = self.read_lines(CATALOG) if (release / CATALOG).is_file() else None
        manifest = self.read_manifest()
        if doc_lines is not None and not doc_lines:
            self.add("empty-file", "documents.jsonl holds no record", DOCUMENTS)
        records = []
        for line in doc_lines or []:
            doc = line.value.get("id", "-") if isinstance(line.value, dict) else "-"
            doc = doc if isinstance(doc, str) else "-"
            if self.schema_check("document", line, doc):
                records.append(line)
        self.report.documents = len(doc_lines or [])
        catalog: dict[str, Line] = {}
        for line in cat_lines or []:
            if self.schema_check("catalog", line):
                eid = line.value["entity_id"]
                if eid in catalog:
                    self.add(
                        "duplicate-id",
                        f"entity_id {eid!r} already on line {catalog[eid].number}",
                        CATALOG,
                        line.number,
                        ann=eid,
                    )
                catalog[eid] = line
        # -- level 3 ---------------------------------------------------------------------
        seen: dict[str, int] = {}
        for line in records:
            doc_id = line.value["id"]
            if doc_id in seen:
                self.add("duplicate-id", f"document id already on line {seen[doc_id]}", DOCUMENTS, line.number, doc_id)
            seen[doc_id] = line.number
            self.check_document(line, catalog if cat_lines is not None else None)
        if manifest is not None:
            self.check_manifest(manifest, len(doc_lines) if doc_lines is not None else None)
        if doc_lines is not None and (release / METADATA).is_file():
            self.check_fresh(doc_lines)
        # -- level 4 ---------------------------------------------------------------------
        if not self.report.errors:
            self.check_consistency([line for line in records])
        return self.report

    def check_encodings(self) -> None:
        for rel in data_files(self.release) + [n for n in (MANIFEST, CHECKSUMS) if (self.release / n).is_file()]:
            if rel.endswith((".jsonl", ".parquet")):
                continue  # read (and checked) with their records
            try:
                read_text(self.release / rel, rel)
            except ReleaseError as err:
                self.add(_read_code(err), err.message, err.file, err.line)

    def read_manifest(self) -> dict[str, Any] | None:
        path = self.release / MANIFEST
        if not path.is_file():
            return None
        try:
            value = json.loads(read_text(path, MANIFEST))
        except ReleaseError:
            return None  # reported by check_encodings
        except json.JSONDecodeError as err:
            self.add("invalid-json", f"invalid JSON: {err.msg} (column {err.colno})", MANIFEST, err.lineno)
            return None
        except RecursionError:
            self.add("invalid-json", "invalid JSON: nesting too deep", MANIFEST, 1)
            return None
        if not self.schema_check("manifest", Line(MANIFEST, 1, value)):
            return None
        return value

    # -- level 3: one document -----------------------------------------------------------
    def check_document(self, line: Line, catalog: dict[str, Line] | None) -> None:
        rec, doc = line.value, line.value["id"]
        text: str = rec["text"]
        where = {"file": DOCUMENTS, "line": line.number, "doc": doc}
        self.check_text(rec, where)
        ids: set[str] = set()

        def span_ok(obj: dict, ann: str, what: str = "span") -> bool:
            start, end = obj["start"], obj["end"]
            if start > len(text) or end > len(text):
                self.add(
                    "offset-out-of-range",
                    f"{what} [{start}, {end}) outside text of length {len(text)}",
                    ann=ann,
                    **where,
                )
                return False
            if end <= start:
                self.add("inverted-span", f"{what} [{start}, {end}) is empty or inverted", ann=ann, **where)
                return False
            if "text" in obj and text[start:end] != obj["text"]:
                self.add(
                    "surface-mismatch",
                    f"{what} text {obj['text']!r} but text[{start}:{end}] is {text[start:end]!r}",
                    ann=ann,
                    **where,
                )
                return False
            return True

        def unique(ann: str) -> None:
            if ann in ids:
                self.add("duplicate-id", f"annotation id {ann!r} used twice", ann=ann, **where)
            ids.add(ann)

        # sections tile the text
        sections = {}
        position = 0
        for sec in rec["sections"]:
            unique(sec["id"])
            sections[sec["id"]] = sec
            if sec["end"] > len(text) or sec["start"] > len(text):
                self.add(
                    "offset-out-of-range",
                    f"section [{sec['start']}, {sec['end']}) outside text of length {len(text)}",
                    ann=sec["id"],
                    **where,
                )
            elif sec["end"] <= sec["start"]:
                self.add(
                    "inverted-span",
                    f"section [{sec['start']}, {sec['end']}) is empty or inverted",
                    ann=sec["id"],
                    **where,
                )
            if sec["start"] > position:
                self.add("section-gap", f"text[{position}:{sec['start']}] belongs to no section", ann=sec["id"], **where)
            elif sec["start"] < position:
                self.add(
                    "section-overlap",
                    f"section starts at {sec['start']}, before the previous one ends at {position}",
                    ann=sec["id"],
                    **where,
                )
            position = max(position, sec["end"])
            anchor = sec["anchor_date"]
            if anchor["value"] is None and anchor["provenance"] != "unknown":
                self.add("bad-anchor", "anchor value is null but provenance is not 'unknown'", ann=sec["id"], **where)
            elif anchor["value"] is not None and (anchor["provenance"] == "unknown" or not is_calendar_date(anchor["value"])):
                self.add(
                    "bad-anchor",
                    f"anchor value {anchor['value']!r} must be YYYY, YYYY-MM or YYYY-MM-DD with a known provenance",
                    ann=sec["id"],
                    **where,
                )
        if position < len(text):
            self.add("section-gap", f"text[{position}:{len(text)}] belongs to no section", **where)
        pub = rec["publication_date"]
        if not is_calendar_date(pub["value"]) if pub["value"] is not None else pub["provenance"] != "unknown":
            self.add("bad-anchor", f"publication_date {pub['value']!r} must be YYYY, YYYY-MM or YYYY-MM-DD", **where)

        # entities
        mentions = {}
        for m in rec["entities"]:
            unique(m["id"])
            mentions[m["id"]] = m
            ok = span_ok(m, m["id"])
            if catalog is not None and m["entity_id"] not in catalog:
                self.add("dangling-entity-id", f"entity_id {m['entity_id']!r} is not in {CATALOG}", ann=m["id"], **where)
            m["_ok"] = ok
        self.check_nesting(mentions, where)
        for m in mentions.values():
            m.pop("_ok", None)

        # quotes
        contents: dict[tuple[int, int], str] = {}
        for q in rec["quotes"]:
            unique(q["id"])
            span_ok(q, q["id"], "content")
            span_ok(q["cue"], q["id"], "cue")
            if q["source"] is not None:
                span_ok(q["source"], q["id"], "source")
            key = (q["start"], q["end"])
            if key in contents:
                self.add("duplicate-quote", f"content span {list(key)} already used by {contents[key]}", ann=q["id"], **where)
            contents.setdefault(key, q["id"])
            if catalog is not None and q["speaker"] is not None and q["speaker"] not in catalog:
                self.add("dangling-speaker", f"speaker {q['speaker']!r} is not in {CATALOG}", ann=q["id"], **where)

        quotes = {q["id"]: q for q in rec["quotes"]}
        for q in rec["quotes"]:
            outer = quotes.get(q["parent"]) if q["parent"] is not None else None
            if q["parent"] is not None and (outer is None or outer is q):
                self.add("bad-quote-parent", f"parent {q['parent']!r} is not another quote of this document", ann=q["id"], **where)
            elif outer is not None and not (outer["start"] <= q["cue"]["start"] and q["cue"]["end"] <= outer["end"]):
                self.add("bad-quote-parent", f"cue is not inside the content of its parent {q['parent']}", ann=q["id"], **where)

        # dates
        for d in rec["dates"]:
            unique(d["id"])
            ok = span_ok(d, d["id"])
            if not value_matches_type(d["value"], d["type"]):
                self.add(
                    "bad-timex-value",
                    f"value {d['value']!r} is not valid TIMEX3 syntax for type {d['type']}",
                    ann=d["id"],
                    **where,
                )
            sec = sections.get(d["section"])
            if sec is None:
                self.add("dangling-section", f"section {d['section']!r} is not a section of {doc}", ann=d["id"], **where)
            elif ok and not (sec["start"] <= d["start"] and d["end"] <= sec["end"]):
                self.add(
                    "date-outside-section",
                    f"[{d['start']}, {d['end']}) is not inside section {sec['id']} [{sec['start']}, {sec['end']})",
                    ann=d["id"],
                    **where,
                )

    def check_text(self, rec: dict, where: dict) -> None:
        text, doc = rec["text"], rec["id"]
        if sha256_text(text) != rec["sha256"]:
            self.add(*_diagnose_text(text, rec["sha256"]), **where)
        path = text_path(self.release, doc)
        if not path.is_file():
            self.add("missing-file", f"texts/{doc}.txt is missing", **where)
            return
        try:
            original = read_text(path, f"texts/{doc}.txt")
        except ReleaseError:
            return  # reported by check_encodings
        if original != text:
            self.add("text-file-mismatch", f"record text differs from texts/{doc}.txt", **where)

    def check_nesting(self, mentions: dict[str, dict], where: dict) -> None:
        for m in mentions.values():
            parent_id = m["parent"]
            if parent_id is None:
                continue
            parent = mentions.get(parent_id)
            if parent is None or parent_id == m["id"]:
                self.add(
                    "dangling-parent",
                    f"parent {parent_id!r} is not another mention of this document",
                    ann=m["id"],
                    **where,
                )
            elif not (parent["start"] <= m["start"] and m["end"] <= parent["end"]) or (
                parent["start"],
                parent["end"],
            ) == (m["start"], m["end"]):
                self.add("bad-nesting", f"mention is not strictly inside its parent {parent_id}", ann=m["id"], **where)
            elif parent["parent"] is not None:
                self.add(
                    "bad-nesting",
                    f"parent {parent_id} is itself nested: one level of nesting only",
                    ann=m["id"],
                    **where,
                )
        spans = sorted((m for m in mentions.values() if m.get("_ok")), key=lambda m: (m["start"], -m["end"]))
        for a, b in zip(spans, spans[1:], strict=False):
            if b["start"] < a["end"] and b["parent"] != a["id"] and a["parent"] != b["id"]:
                if (a["start"], a["end"]) == (b["start"], b["end"]) or b["end"] > a["end"] or b["parent"] is None:
                    self.add("bad-nesting", f"overlaps {a['id']} without being nested in it", ann=b["id"], **where)

    # -- level 3: release files ----------------------------------------------------------
    def check_manifest(self, manifest: dict[str, Any], documents: int | None) -> None:
        if manifest["version"] != __version__:
            self.add(
                "version-mismatch",
                f"manifest version {manifest['version']} but package version {__version__}",
                MANIFEST,
                1,
            )
        if documents is not None and manifest["documents"] != documents:
            self.add(
                "checksum-mismatch",
                f"manifest counts {manifest['documents']} documents, documents.jsonl holds {documents}",
                MANIFEST,
                1,
            )
        listed = {}
        for entry in manifest["files"]:
            rel = entry["path"]
            listed[rel] = entry
            path = self.release / rel
            if ".." in rel.split("/") or not path.is_file():
                self.add("missing-file", f"{rel} is listed in the manifest but missing", MANIFEST, 1)
                continue
            data = path.read_bytes()
            if len(data) != entry["bytes"] or sha256_bytes(data) != entry["sha256"]:
                self.add("checksum-mismatch", f"{rel}: size or SHA-256 differs from the manifest", rel)
        for rel in data_files(self.release):
            if rel not in listed:
                self.add("unlisted-file", f"{rel} is not listed in the manifest", rel)
        sums_path = self.release / CHECKSUMS
        if not sums_path.is_file():
            return
        try:
            sums = read_text(sums_path, CHECKSUMS)
        except ReleaseError:
            return
        manifest_hash = sha256_bytes((self.release / MANIFEST).read_bytes())
        sum_lines = sums.split("\n")
        if sum_lines and sum_lines[-1] == "":
            sum_lines.pop()
        seen_sums: set[str] = set()
        for number, raw in enumerate(sum_lines, start=1):
            match = re.fullmatch(r"([0-9a-f]{64})  (\S.*)", raw)
            if not match:
                self.add("checksum-mismatch", "line is not '<sha256>  <path>'", CHECKSUMS, number)
                continue
            digest, rel = match.groups()
            if rel in seen_sums:
                self.add("checksum-mismatch", f"{rel!r} is listed twice in SHA256SUMS", CHECKSUMS, number)
                continue
            seen_sums.add(rel)
            expected = manifest_hash if rel == MANIFEST else listed.get(rel, {}).get("sha256")
            if expected is None:
                self.add("unlisted-file", f"{rel!r} is in SHA256SUMS but not in the manifest", CHECKSUMS, number)
            elif digest != expected:
                self.add("checksum-mismatch", f"{rel}: SHA256SUMS disagrees with the file", CHECKSUMS, number)
        for rel in sorted((set(listed) | {MANIFEST}) - seen_sums):
            self.add("checksum-mismatch", f"{rel} is missing from SHA256SUMS", CHECKSUMS)

    def check_fresh(self, doc_lines: list[Line]) -> None:
        try:
            built = assemble_records(self.release)
        except ReleaseError as err:
            self.add("invalid-source", err.message, err.file, err.line)
            return
        except (TypeError, AttributeError, KeyError, ValueError) as err:
            self.add("invalid-source", f"sources cannot be assembled: {err}", METADATA)
            return
        current = [dumps_record(line.value) for line in doc_lines]
        fresh = [dumps_record(record) for record in built]
        if current != fresh:
            changed = [r["id"] for r, c in zip(built, current, strict=False) if dumps_record(r) != c] or ["(document count)"]
            self.add(
                "stale-build",
                f"documents.jsonl is out of date for {', '.join(changed)}; run 'tahaluf build'",
                DOCUMENTS,
            )

    # -- level 4 -------------------------------------------------------------------------
    def check_consistency(self, records: list[Line]) -> None:
        exceptions = _load_exceptions(self.release)
        surfaces = {m["text"] for line in records for m in line.value["entities"]}
        for line in records:
            rec = line.value
            text = rec["text"]
            covered = [(m["start"], m["end"]) for m in rec["entities"]]
            for annotated in sorted(surfaces, key=len, reverse=True):
                for start, surface in _all_occurrences(text, annotated):
                    end = start + len(surface)
                    if any(s <= start and end <= e for s, e in covered):
                        continue
                    if (rec["id"], start, surface) in exceptions:
                        continue
                    self.add(
                        "inconsistent-entity",
                        f"{surface!r} at [{start}, {end}) is annotated elsewhere but not here "
                        f"(list it in {EXCEPTIONS} with a reason if deliberate)",
                        DOCUMENTS,
                        line.number,
                        rec["id"],
                    )
                    covered.append((start, end))


def _occurrences(text: str, surface: str) -> Iterable[int]:
    """Start offsets where ``surface`` stands as a word, possibly after attached proclitics."""
    start = text.find(surface)
    while start != -1:
        end = start + len(surface)
        prefix_ok = start == 0 or not _is_letter(text[start - 1]) or _proclitic_prefix(text, start)
        suffix_ok = end == len(text) or not _is_letter(text[end])
        if prefix_ok and suffix_ok:
            yield start
        start = text.find(surface, start + 1)


def _all_occurrences(text: str, surface: str) -> Iterable[tuple[int, str]]:
    """Occurrences of a surface, and of its لل form: a name ال... after ل is written لل..., and
    its span then starts at the second ل (``للتحالف`` -> ``لتحالف``)."""
    for start in _occurrences(text, surface):
        yield start, surface
    if surface.startswith("ال") and len(surface) > 3:
        contracted = surface[1:]
        for start in _occurrences(text, contracted):
            if start > 0 and text[start - 1] == "ل":
                yield start, contracted


def _proclitic_prefix(text: str, start: int) -> bool:
    """The letters before ``start`` are attached proclitics (و ف ب ل ك, or the ل of لل)."""
    i = start
    letters = 0
    while i > 0 and _is_letter(text[i - 1]):
        i -= 1
        letters += 1
    prefix = text[i:start]
    return 0 < letters <= 3 and all(ch in PROCLITICS for ch in prefix)


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") or unicodedata.category(ch) == "Mn"


def _load_exceptions(release: Path) -> set[tuple[str, int, str]]:
    path = release / EXCEPTIONS
    if not path.is_file():
        return set()
    try:
        return {(e.value["id"], e.value["start"], e.value["text"]) for e in read_jsonl(path, EXCEPTIONS)}
    except (ReleaseError, KeyError, TypeError):
        return set()


def _diagnose_text(text: str, expected: str) -> tuple[str, str]:
    """Tell why a text does not hash to its recorded sha256: CRLF, normalization, or other."""
    if "\r\n" in text and sha256_text(text.replace("\r\n", "\n")) == expected:
        return "text-crlf", "text has CRLF line endings; the original uses LF"
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        candidate = unicodedata.normalize(form, text)
        if candidate != text and sha256_text(candidate) == expected:
            return "text-normalized", f"text was Unicode-normalized; the original is in {form} form"
    return "sha256-mismatch", "text does not hash to the record's sha256"


def _read_code(err: ReleaseError) -> str:
    if "byte order mark" in err.message:
        return "bom"
    if "UTF-8" in err.message:
        return "invalid-utf8"
    return "invalid-json"


def _one_of_code(err) -> str:
    inner = [e.validator for e in (err.context or [])]
    for validator in ("enum", "pattern", "required", "additionalProperties", "type"):
        if validator in inner:
            return _SCHEMA_CODES[validator]
    return "schema-violation"


def _ann_id(record: Any, err) -> str:
    path = list(err.absolute_path)
    if len(path) >= 2 and isinstance(record, dict):
        try:
            item = record[path[0]][path[1]]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                return item["id"]
        except (KeyError, IndexError, TypeError):
            pass
    return "-"


def _short(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def validate_release(path: str | Path | None = None) -> Report:
    """Validate the release folder at ``path`` (default: the bundled release)."""
    from .paths import RELEASE_DIR

    release = Path(path) if path is not None else RELEASE_DIR
    return _Checker(release).run()
