"""Reading and assembling a release folder.

A release folder holds the sources that people edit, ``texts/<id>.txt`` (the original bytes),
``annotations/metadata.jsonl`` and one ``annotations/<layer>.jsonl`` per layer, plus the
catalog ``entities.jsonl``; ``tahaluf build`` assembles from them ``documents.jsonl`` (one full
record per document), ``manifest.json`` and ``SHA256SUMS``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contract import LAYERS

DOCUMENTS = "documents.jsonl"
CATALOG = "entities.jsonl"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
METADATA = "annotations/metadata.jsonl"
EXCEPTIONS = "annotations/consistency-exceptions.jsonl"
REQUIRED = (DOCUMENTS, CATALOG, MANIFEST, CHECKSUMS)
# Files that describe the release rather than hold its data: not listed in the manifest.
NOT_DATA = {MANIFEST, CHECKSUMS, "README.md", "croissant.json"}
DATA_SUFFIXES = {".txt", ".jsonl", ".json", ".parquet", ".md"}
RECORD_KEYS = ("id", "source_file", "text", "sha256", "outlets", "publication_date", "sections") + LAYERS


class ReleaseError(Exception):
    """A release file cannot be read; ``str()`` is ``file:line message``."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line if line is not None else '-'} {message}")


@dataclass
class Line:
    """One parsed JSON Lines record and where it came from."""

    file: str
    number: int
    value: Any


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return sha256_bytes(text.encode("utf-8"))


def read_text(path: Path, name: str) -> str:
    """Decode a UTF-8 file exactly (no newline translation); BOM and bad bytes are errors."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise ReleaseError(name, 1, "file starts with a UTF-8 byte order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReleaseError(name, line, f"invalid UTF-8 at byte {err.start}") from None


def iter_jsonl(path: Path, name: str) -> Iterator[Line]:
    """Yield the records of a JSON Lines file; a blank or malformed line raises ReleaseError."""
    text = read_text(path, name)
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw == "" and number == text.count("\n") + 1:
            break  # the final newline
        if not raw.strip():
            raise ReleaseError(name, number, "blank line in JSON Lines file")
        try:
            yield Line(name, number, json.loads(raw))
        except json.JSONDecodeError as err:
            raise ReleaseError(name, number, f"invalid JSON: {err.msg} (column {err.colno})") from None
        except RecursionError:
            raise ReleaseError(name, number, "invalid JSON: nesting too deep") from None


def read_jsonl(path: Path, name: str) -> list[Line]:
    """All records of a JSON Lines file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path, name))


def text_path(release: Path, doc_id: str) -> Path:
    """Where the original text of ``doc_id`` lives in a release."""
    return release / "texts" / f"{doc_id}.txt"


def _by_id(lines: list[Line], key: str) -> dict[str, Line]:
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
    layers = {}
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


def data_files(release: Path) -> list[str]:
    """Release-relative paths of every data file, sorted (what the manifest must list)."""
    files = []
    for path in sorted(release.rglob("*")):
        rel = path.relative_to(release).as_posix()
        if (
            path.is_file()
            and rel not in NOT_DATA
            and path.suffix in DATA_SUFFIXES
            and not any(part.startswith(".") for part in rel.split("/"))
        ):
            files.append(rel)
    return files


def dumps_record(record: dict[str, Any]) -> str:
    """Serialize one JSON Lines record the way the release writes it."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


def write_manifest(release: Path, version: str, documents: int) -> dict[str, Any]:
    """Write ``manifest.json`` and ``SHA256SUMS`` for the data files now in ``release``."""
    files = []
    for rel in data_files(release):
        data = (release / rel).read_bytes()
        files.append({"path": rel, "bytes": len(data), "sha256": sha256_bytes(data)})
    manifest = {"name": "tahaluf", "version": version, "documents": documents, "files": files}
    (release / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [f"{f['sha256']}  {f['path']}" for f in files]
    lines.append(f"{sha256_bytes((release / MANIFEST).read_bytes())}  {MANIFEST}")
    (release / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def write_documents(release: Path) -> list[dict[str, Any]]:
    """Assemble ``documents.jsonl`` from the sources and return the records."""
    records = assemble_records(release)
    with open(release / DOCUMENTS, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(dumps_record(record) + "\n")
    return records


def load_documents(release: str | Path) -> list[dict[str, Any]]:
    """The document records of a built release (no validation; see :mod:`tahaluf.validate`)."""
    return [line.value for line in read_jsonl(Path(release) / DOCUMENTS, DOCUMENTS)]


def load_catalog(release: str | Path) -> list[dict[str, Any]]:
    """The canonical entities of a release."""
    return [line.value for line in read_jsonl(Path(release) / CATALOG, CATALOG)]
