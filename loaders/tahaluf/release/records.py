"""The document records of a release: assembled from the sources, written and read.

A release folder holds the sources that people edit, ``texts/<id>.txt`` (the original bytes),
``annotations/metadata.jsonl`` and one ``annotations/<layer>.jsonl`` per layer, plus the
catalog ``entities.jsonl``; ``tahaluf build`` assembles from them ``documents.jsonl``, one full
record per document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..contract import LAYERS
from .checksums import sha256_text
from .files import CATALOG, DOCUMENTS, METADATA, Line, ReleaseError, iter_values, read_jsonl, read_text, text_path

RECORD_KEYS = ("id", "source_file", "text", "sha256", "outlets", "publication_date", "sections", *LAYERS)


def _by_id(lines: list[Line], key: str) -> dict[str, Line]:
    """Index source lines by their string ``id``; a missing, non-list or repeated field raises ReleaseError."""
    table: dict[str, Line] = {}
    for line in lines:
        if not isinstance(line.value, dict) or not isinstance(line.value.get("id"), str):
            raise ReleaseError(line.file, line.number, "each line needs a string 'id'")
        if not isinstance(line.value.get(key, []), list):
            raise ReleaseError(line.file, line.number, f"'{key}' must be a list")
        if line.value["id"] in table:
            raise ReleaseError(line.file, line.number, f"duplicate id {line.value['id']!r}")
        table[line.value["id"]] = line
    return table


def assemble_records(release: Path) -> list[dict[str, Any]]:
    """Build the full document records from a release's sources (texts and annotations)."""
    metadata = _by_id(read_jsonl(release / METADATA, METADATA), "sections")
    layers: dict[str, dict[str, Line]] = {}
    for layer in LAYERS:
        name = f"annotations/{layer}.jsonl"
        path = release / name
        layers[layer] = _by_id(read_jsonl(path, name), layer) if path.exists() else {}
        unknown = set(layers[layer]) - set(metadata)
        if unknown:
            line = layers[layer][sorted(unknown)[0]]
            raise ReleaseError(name, line.number, f"document {line.value['id']!r} is not in {METADATA}")
    records = []
    for doc_id, line in metadata.items():
        path = text_path(release, doc_id)
        if not path.exists():
            raise ReleaseError(f"texts/{doc_id}.txt", None, "text file missing")
        text = read_text(path, f"texts/{doc_id}.txt")
        meta = line.value
        record = {
            "id": doc_id,
            "source_file": meta.get("source_file"),
            "text": text,
            "sha256": sha256_text(text),
            "outlets": meta.get("outlets"),
            "publication_date": meta.get("publication_date"),
            "sections": meta.get("sections"),
        }
        for layer in LAYERS:
            record[layer] = layers[layer][doc_id].value.get(layer, []) if doc_id in layers[layer] else []
        records.append(record)
    return records


def dumps_record(record: dict[str, Any]) -> str:
    """Serialize one JSON Lines record the way the release writes it."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_documents(release: Path) -> list[dict[str, Any]]:
    """Assemble ``documents.jsonl`` from the sources and return the records."""
    records = assemble_records(release)
    with open(release / DOCUMENTS, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(dumps_record(record) + "\n")
    return records


def load_documents(release: str | Path) -> list[dict[str, Any]]:
    """The document records of a built release (no validation; see :mod:`tahaluf.validate`)."""
    return list(iter_values(Path(release) / DOCUMENTS, DOCUMENTS))


def load_catalog(release: str | Path) -> list[dict[str, Any]]:
    """The canonical entities of a release."""
    return list(iter_values(Path(release) / CATALOG, CATALOG))
