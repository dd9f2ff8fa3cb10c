"""Level 1, files: required files present, UTF-8 without BOM, JSON syntax (with line numbers)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..release import (
    CHECKSUMS,
    DOCUMENTS,
    MANIFEST,
    REQUIRED,
    Line,
    ReleaseError,
    data_files,
    read_jsonl,
    read_manifest,
    read_text,
    sha256_hasher,
)
from ..release.files import BOM
from ..release.manifest import (
    Fault,
    NotPlain,
    StreamedManifest,
    SumsCheck,
    check_file,
    count_data_files,
    is_data_path,
    reached,
    sums_line,
)
from .report import Report
from .schema import manifest_conforms


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
        if encoding_checked(rel):
            check_encoding(release, rel, report)


def encoding_checked(rel: str) -> bool:
    """Whether :func:`check_encodings` reads the data file ``rel`` (JSON Lines files are checked as they are read)."""
    return not rel.endswith((".jsonl", ".parquet"))


def check_encoding(release: Path, rel: str, report: Report) -> None:
    """Report a file of the release that is not UTF-8 without BOM."""
    try:
        read_text(release / rel, rel)
    except ReleaseError as err:
        report.add(err.code, err.message, err.file, err.line)


@dataclass
class FilesPass:
    """What the streamed check of the files against the manifest found, per level."""

    fields: dict[str, Any]
    encodings: Report = field(default_factory=lambda: Report(""))
    faults: list[Fault] = field(default_factory=list)


BATCH = 512


def stream_files(release: Path, known: dict[str, tuple[int, str]]) -> FilesPass | None:
    """Levels 1 and 3 of the files, reading ``manifest.json`` and ``SHA256SUMS`` one line or entry
    at a time and every listed file once (memory does not grow with the release).

    This is the path of a release whose manifest is as :func:`~tahaluf.release.write_manifest`
    writes it: a plain object whose schema-valid entries are sorted as :func:`data_files` sorts
    (so they list the data files in the order :func:`check_encodings` reads them), no data file
    left out, and ``SHA256SUMS`` holding exactly the line of each entry and of the manifest. For any
    other release it returns None: :func:`check_encodings` and
    :func:`~tahaluf.validate.integrity.check_manifest` then read the files whole and say what is
    wrong. ``known`` gives the size and SHA-256 of files already read (``documents.jsonl``).
    """
    if not (release / MANIFEST).is_file() or not (release / CHECKSUMS).is_file():
        return None
    manifest = StreamedManifest(release)
    sums = SumsCheck(release)
    try:
        out = _stream_entries(release, manifest, sums, known)
        plain = out is not None and sums.finish(manifest.sha256)
    except (NotPlain, OSError):
        return None
    finally:
        sums.close()
    if not plain or out is None or manifest_conforms(manifest.fields, []) is not True:
        return None
    out.fields = manifest.fields
    return out


def _stream_entries(release: Path, manifest: StreamedManifest, sums: SumsCheck, known: dict[str, tuple[int, str]]) -> FilesPass | None:
    out = FilesPass({})
    batch: list[Any] = []
    state = _Order()
    for entry in manifest.entries():
        batch.append(entry)
        if len(batch) == BATCH and not _check_batch(release, batch, sums, known, out, state):
            return None
    if not _check_batch(release, batch, sums, known, out, state):
        return None
    return out if count_data_files(release) == state.data else None


@dataclass
class _Order:
    """The last path seen (as :func:`data_files` sorts: by parts), the data files listed, folders reached."""

    last: list[str] | None = None
    data: int = 0
    folders: dict[str, bool] = field(default_factory=dict)


def _check_batch(
    release: Path, batch: list[Any], sums: SumsCheck, known: dict[str, tuple[int, str]], out: FilesPass, state: _Order
) -> bool:
    """Check a batch of entries; False when the streamed path does not apply (see :func:`stream_files`)."""
    if manifest_conforms(None, batch) is not True:
        return False
    for entry in batch:
        rel = entry["path"]
        parts = rel.split("/")
        if rel == MANIFEST or (state.last is not None and parts <= state.last):
            return False
        state.last = parts
        sums.expect(sums_line(entry))
        data = is_data_path(rel) and reached(release, rel, state.folders) and (release / rel).is_file()
        state.data += data
        read = _Read(known.get(rel), data and encoding_checked(rel))
        fault = check_file(release, rel, entry, read)
        if read.checks and read.decodes is not True:
            check_encoding(release, rel, out.encodings)
        if fault is not None:
            out.faults.append(fault)
    batch.clear()
    return True


class _Read:
    """Reads a file once for its size and SHA-256 and, when ``checks``, whether it is UTF-8 without BOM."""

    def __init__(self, known: tuple[int, str] | None, checks: bool):
        self.known, self.checks = known, checks
        self.decodes: bool | None = None

    def __call__(self, path: Path) -> tuple[int, str]:
        if self.known is not None and not self.checks:
            return self.known
        digest = sha256_hasher()
        decoder = codecs.getincrementaldecoder("utf-8")()
        size, self.decodes = 0, True
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                if size == 0 and self.checks and block.startswith(BOM):
                    self.decodes = False
                size += len(block)
                digest.update(block)
                if self.checks and self.decodes:
                    self.decodes = _decodes(decoder, block, False)
        if self.checks and self.decodes:
            self.decodes = _decodes(decoder, b"", True)
        return size, digest.hexdigest()


def _decodes(decoder: Any, block: bytes, final: bool) -> bool:
    try:
        decoder.decode(block, final)
    except UnicodeDecodeError:
        return False
    return True


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
