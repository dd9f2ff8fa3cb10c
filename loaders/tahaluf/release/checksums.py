"""SHA-256 of bytes, texts and files: the one checksum helper of the package."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

BLOCK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8."""
    return sha256_bytes(text.encode("utf-8"))


def sha256_hasher() -> Any:
    """A SHA-256 object to feed a file's bytes as they are read (``update``, then ``hexdigest``)."""
    return hashlib.sha256()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks (memory does not grow with the file)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
