"""Level 1, files: required files present, UTF-8 without BOM, JSON syntax (with line numbers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..release import CHECKSUMS, DOCUMENTS, MANIFEST, REQUIRED, Line, ReleaseError, data_files, read_jsonl, read_manifest, read_text
from .report import Report


def check_required(release: Path, report: Report) -> bool:
    """Report each required file that is missing; False when the release folder itself is missing."""
    if not release.is_dir():
        report.add("missing-file", f"release folder {release} does not exist")
        return False
    for name in REQUIRED:
        if not (release / name).is_file():
            report.add("missing-file", f"required file {name} is missing", name)
    return True


def check_encodings(release: Path, report: Report) -> None:
    """Every text file of the release is UTF-8 without BOM (JSON Lines files are checked as they are read)."""
    for rel in data_files(release) + [n for n in (MANIFEST, CHECKSUMS) if (release / n).is_file()]:
        if rel.endswith((".jsonl", ".parquet")):
            continue
        try:
            read_text(release / rel, rel)
        except ReleaseError as err:
            report.add(err.code, err.message, err.file, err.line)


def read_lines(release: Path, name: str, report: Report) -> list[Line] | None:
    """The records of a JSON Lines file of the release; None (and a problem) when it is missing or unreadable."""
    path = release / name
    if not path.is_file():
        return None
    try:
        return read_jsonl(path, name)
    except ReleaseError as err:
        report.add(err.code, err.message, err.file, err.line)
        return None


def read_documents(release: Path, report: Report) -> list[Line] | None:
    """The lines of ``documents.jsonl``; an empty file is ``empty-file``."""
    lines = read_lines(release, DOCUMENTS, report)
    if lines is not None and not lines:
        report.add("empty-file", "documents.jsonl holds no record", DOCUMENTS)
    return lines


def read_manifest_value(release: Path, report: Report) -> Any:
    """The parsed manifest, or None when it is missing or unreadable (an encoding fault is reported by :func:`check_encodings`)."""
    if not (release / MANIFEST).is_file():
        return None
    try:
        return read_manifest(release)
    except ReleaseError as err:
        if err.code == "invalid-json":
            report.add(err.code, err.message, err.file, err.line)
        return None
