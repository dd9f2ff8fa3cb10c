"""The files of a release folder: their names, and reading them exactly (UTF-8, JSON Lines).

Every reader raises :class:`ReleaseError` with the file, the line and a ``code`` naming the fault
(``bom``, ``invalid-utf8``, ``invalid-json``), set where the fault is found; the validator reports
that code as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOCUMENTS = "documents.jsonl"
CATALOG = "entities.jsonl"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
CARD = "README.md"
CROISSANT = "croissant.json"
METADATA = "annotations/metadata.jsonl"
EXCEPTIONS = "annotations/consistency-exceptions.jsonl"
REQUIRED = (DOCUMENTS, CATALOG, MANIFEST, CHECKSUMS)
NOT_DATA = frozenset({MANIFEST, CHECKSUMS, CARD, CROISSANT})
"""Files that describe the release rather than hold its data: not listed in the manifest."""
DATA_SUFFIXES = frozenset({".txt", ".jsonl", ".json", ".parquet", ".md"})
BOM = b"\xef\xbb\xbf"


class ReleaseError(Exception):
    """A release file cannot be read; ``str()`` is ``file:line message``; ``code`` names the fault."""

    def __init__(self, file: str, line: int | None, message: str, code: str = "invalid-source"):
        self.file, self.line, self.message, self.code = file, line, message, code
        super().__init__(f"{file}:{line if line is not None else '-'} {message}")


@dataclass
class Line:
    """One parsed JSON Lines record and where it came from."""

    file: str
    number: int
    value: Any


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes exactly (no newline translation); a BOM or a bad byte raises ReleaseError."""
    if data.startswith(BOM):
        raise ReleaseError(name, 1, "file starts with a UTF-8 byte order mark", "bom")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReleaseError(name, line, f"invalid UTF-8 at byte {err.start}", "invalid-utf8") from None


def read_text(path: Path, name: str) -> str:
    """The exact text of a UTF-8 file (see :func:`decode`)."""
    return decode(path.read_bytes(), name)


def _fast_loads() -> Any:
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


_ORJSON = _fast_loads()


def loads(raw: str | bytes) -> Any:
    """Parse one JSON value with ``orjson`` when it is installed (the ``fast`` extra), else ``json``.

    Whatever ``orjson`` refuses (``NaN``, lone surrogates) is parsed by ``json``, which accepts it or
    raises its own error. A line with 500 brackets or more goes to ``json`` directly: ``json`` refuses
    a nesting deeper than the recursion limit, which ``orjson`` would read. One difference remains:
    ``orjson`` reads an integer beyond 64 bits as a float (``json`` as an int); no field of a record
    or a prediction admits such a number, and both values are refused with the same code.
    """
    if _ORJSON is not None and (raw.count("[") + raw.count("{") if isinstance(raw, str) else raw.count(b"[") + raw.count(b"{")) < 500:
        try:
            return _ORJSON(raw)
        except ValueError:
            pass
    return json.loads(raw)


def parse_json(raw: str, name: str, number: int) -> Any:
    """One JSON value; a syntax error or too deep a nesting raises ReleaseError (code ``invalid-json``)."""
    try:
        return loads(raw)
    except json.JSONDecodeError as err:
        raise ReleaseError(name, number + err.lineno - 1, f"invalid JSON: {err.msg} (column {err.colno})", "invalid-json") from None
    except RecursionError:
        raise ReleaseError(name, number, "invalid JSON: nesting too deep", "invalid-json") from None
    except ValueError as err:  # json's limit on the digits of an integer
        raise ReleaseError(name, number, f"invalid JSON: {err}", "invalid-json") from None


def iter_jsonl(path: Path, name: str | None = None, digest: Any = None) -> Iterator[Line]:
    """Yield the records of a JSON Lines file one line at a time (memory does not grow with the file).

    The one JSON Lines reader of the package: UTF-8 without BOM, ``\\n`` line ends, no blank line
    (a final newline is allowed); any fault raises :class:`ReleaseError` naming the line.
    ``digest`` (a :func:`~tahaluf.release.checksums.sha256_hasher`), when given, is fed every
    byte read, so that a file is hashed in the same reading.
    """
    name = name if name is not None else path.name
    with open(path, "rb") as handle:
        offset = 0
        for number, data in enumerate(handle, start=1):
            start, offset = offset, offset + len(data)
            if digest is not None:
                digest.update(data)
            if number == 1 and data.startswith(BOM):
                raise ReleaseError(name, 1, "file starts with a UTF-8 byte order mark", "bom")
            if _ORJSON is not None and data.count(b"[") + data.count(b"{") < 500:
                # orjson checks the UTF-8 itself: what it reads needs no decoding first; what it
                # refuses (or a blank line) takes the path below, which names the fault
                try:
                    value = _ORJSON(data)
                except ValueError:
                    pass
                else:
                    yield Line(name, number, value)
                    continue
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError as err:
                raise ReleaseError(name, number, f"invalid UTF-8 at byte {start + err.start}", "invalid-utf8") from None
            body = raw[:-1] if raw.endswith("\n") else raw
            if not body.strip():
                raise ReleaseError(name, number, "blank line in JSON Lines file", "invalid-json")
            yield Line(name, number, parse_json(body, name, number))


def read_jsonl(path: Path, name: str | None = None) -> list[Line]:
    """All records of a JSON Lines file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path, name))


def iter_values(path: Path, name: str | None = None) -> Iterator[Any]:
    """The parsed records of a JSON Lines file, streamed (see :func:`iter_jsonl`)."""
    for line in iter_jsonl(path, name):
        yield line.value


def text_name(doc_id: str) -> str:
    """The release-relative path of the original text of ``doc_id``."""
    return f"texts/{doc_id}.txt"


def text_path(release: Path, doc_id: str) -> Path:
    """Where the original text of ``doc_id`` lives in a release."""
    return release / text_name(doc_id)
