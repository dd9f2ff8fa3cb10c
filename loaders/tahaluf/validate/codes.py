"""The validator's codes: the one table of every code, its level and what it means.

``docs/validation.md`` holds this table between generated-block markers; :func:`markdown_table`
renders it and a test checks that the page matches.
"""

from __future__ import annotations

LEVELS = {1: "files", 2: "schema", 3: "integrity", 4: "consistency"}
"""The four levels, in the order they run; level 4 findings are warnings."""

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

TABLE_BLOCK = "validation-codes"
"""The name of the generated block of ``docs/validation.md`` that holds :func:`markdown_table`."""


def level(code: str) -> int:
    """The level (1-4) of a code; KeyError for an unknown code."""
    return CODES[code][0]


def markdown_table() -> str:
    """The codes as the Markdown table of ``docs/validation.md``."""
    rows = ["| code | level | meaning |", "|---|---|---|"]
    rows += [f"| `{code}` | {lvl} | {meaning} |" for code, (lvl, meaning) in CODES.items()]
    return "\n".join(rows)
