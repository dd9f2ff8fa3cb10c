"""The release layer: reading, assembling, checking and writing a release folder.

Submodules: :mod:`.files` (file names, exact UTF-8 and JSON Lines reading), :mod:`.checksums`
(SHA-256), :mod:`.records` (document records), :mod:`.manifest` (manifest and ``SHA256SUMS``),
:mod:`.layout` (the data file of each view), :mod:`.staging` and :mod:`.build` (atomic writes),
:mod:`.archive` (tamper-evident archives). The names most callers need are re-exported here.
"""

from __future__ import annotations

from .checksums import sha256_bytes, sha256_file, sha256_hasher, sha256_text
from .files import (
    CARD,
    CATALOG,
    CHECKSUMS,
    CROISSANT,
    DATA_SUFFIXES,
    DOCUMENTS,
    EXCEPTIONS,
    MANIFEST,
    METADATA,
    NOT_DATA,
    REQUIRED,
    Line,
    ReleaseError,
    iter_jsonl,
    iter_values,
    loads,
    read_jsonl,
    read_text,
    text_path,
)
from .layout import CONFIGS, SPLIT, data_file
from .manifest import data_files, read_manifest, verify_files, write_manifest
from .records import RECORD_KEYS, assemble_records, dumps_record, load_catalog, load_documents, write_documents

__all__ = [
    "CARD",
    "CATALOG",
    "CHECKSUMS",
    "CONFIGS",
    "CROISSANT",
    "DATA_SUFFIXES",
    "DOCUMENTS",
    "EXCEPTIONS",
    "MANIFEST",
    "METADATA",
    "NOT_DATA",
    "RECORD_KEYS",
    "REQUIRED",
    "SPLIT",
    "Line",
    "ReleaseError",
    "assemble_records",
    "data_file",
    "data_files",
    "dumps_record",
    "iter_jsonl",
    "iter_values",
    "load_catalog",
    "load_documents",
    "loads",
    "read_jsonl",
    "read_manifest",
    "read_text",
    "sha256_bytes",
    "sha256_file",
    "sha256_hasher",
    "sha256_text",
    "text_path",
    "verify_files",
    "write_documents",
    "write_manifest",
]
