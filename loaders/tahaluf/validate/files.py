"""Level 1, files: required files present, UTF-8 without BOM, JSON syntax (with line numbers).

:class:`FilesCheck` also does the level 3 checks of the files against ``manifest.json`` and
``SHA256SUMS`` (sizes, hashes, unlisted files) in the same reading, streamed, for a release whose
manifest is as the build writes it; :func:`check_encodings` and
:func:`~tahaluf.validate.integrity.check_manifest` read the files whole for any other.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ..release import (
    CATALOG,
    CHECKSUMS,
    DOCUMENTS,
    MANIFEST,
    REQUIRED,
    Line,
    ReleaseError,
    data_files,
    iter_jsonl,
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
Facts = tuple[int, str, bool]
"""What a reading of a file found: its size, its SHA-256, and whether it is UTF-8 without BOM."""


class FilesCheck:
    """Levels 1 and 3 of the files, reading ``manifest.json`` and ``SHA256SUMS`` one entry and line
    at a time and every listed file once (memory does not grow with the release).

    This is the path of a release whose manifest is as :func:`~tahaluf.release.write_manifest`
    writes it: a plain object whose schema-valid entries are sorted as :func:`data_files` sorts
    (so they list the data files in the order :func:`check_encodings` reads them), no data file
    left out, and ``SHA256SUMS`` holding exactly the line of each entry and of the manifest. For any
    other release :meth:`finish` returns None: :func:`check_encodings` and
    :func:`~tahaluf.validate.integrity.check_manifest` then read the files whole and say what is
    wrong.

    It runs beside the reading of ``documents.jsonl``: :meth:`offer` hands it a text file the
    documents' check has just read (the entries up to it are checked then, the files before it
    read here), and ``documents.jsonl`` and the catalog are checked at the end, from the size and
    SHA-256 taken as they were read.
    """

    def __init__(self, release: Path, later: frozenset[str] = frozenset({DOCUMENTS, CATALOG})):
        self.release, self.later = release, later
        self.out = FilesPass({})
        self.state = _Order()
        self.pending: list[Any] = []
        self.deferred: dict[int, Any] = {}
        self.faults: list[Fault | None] = []
        self.manifest = StreamedManifest(release)
        self.sums: SumsCheck | None = None
        self.entries: Iterator[Any] | None = None
        if (release / MANIFEST).is_file() and (release / CHECKSUMS).is_file():
            self.sums = SumsCheck(release)
            self.entries = self.manifest.entries()

    def _next(self) -> Any:
        """The next entry of the manifest (schema-valid, not yet checked), None after the last."""
        if not self.pending and self.entries is not None:
            batch = list(islice(self.entries, BATCH))
            if batch and manifest_conforms(None, batch) is not True:
                raise NotPlain
            self.pending = batch[::-1]
        return self.pending[-1] if self.pending else None

    def offer(self, rel: str, facts: Facts) -> None:
        """A file just read elsewhere (``facts``): check the entries up to it, using them for its own."""
        if self.entries is None:
            return
        key = rel.split("/")
        try:
            while (entry := self._next()) is not None:
                parts = entry["path"].split("/")
                if parts > key:
                    return
                self.pending.pop()
                self._check(entry, facts if parts == key else None)
                if parts == key:
                    return
        except (NotPlain, OSError):
            self._stop()

    def finish(self, known: dict[str, tuple[int, str]]) -> FilesPass | None:
        """Check the remaining entries (``known``: size and SHA-256 of the files of ``later``); None
        when the streamed path does not apply."""
        if self.entries is None or self.sums is None:
            return None
        try:
            while (entry := self._next()) is not None:
                self.pending.pop()
                self._check(entry, None)
            for index, entry in self.deferred.items():
                self.faults[index] = check_file(self.release, entry["path"], entry, _Read(None, False, known.get(entry["path"])))
            plain = self.sums.finish(self.manifest.sha256)
        except (NotPlain, OSError):
            return None
        finally:
            self._stop()
        if not plain or count_data_files(self.release) != self.state.data or manifest_conforms(self.manifest.fields, []) is not True:
            return None
        self.out.fields = self.manifest.fields
        self.out.faults = [fault for fault in self.faults if fault is not None]
        return self.out

    def _stop(self) -> None:
        self.entries = None
        if self.sums is not None:
            self.sums.close()

    def _check(self, entry: Any, facts: Facts | None) -> None:
        rel = entry["path"]
        parts = rel.split("/")
        if rel == MANIFEST or (self.state.last is not None and parts <= self.state.last):
            raise NotPlain
        self.state.last = parts
        assert self.sums is not None
        self.sums.expect(sums_line(entry))
        data = is_data_path(rel) and reached(self.release, rel, self.state.folders) and (self.release / rel).is_file()
        self.state.data += data
        read = _Read(facts, data and encoding_checked(rel))
        if rel in self.later and not read.checks:
            self.deferred[len(self.faults)] = entry
            self.faults.append(None)
            return
        fault = check_file(self.release, rel, entry, read)
        if fault is not None:
            self.faults.append(fault)
        if read.checks and read.decodes is not True:
            check_encoding(self.release, rel, self.out.encodings)


def stream_files(release: Path, known: dict[str, tuple[int, str]]) -> FilesPass | None:
    """:class:`FilesCheck` on its own: every listed file read here (``known``: size and SHA-256 of ``documents.jsonl``)."""
    return FilesCheck(release).finish(known)


@dataclass
class _Order:
    """The last path seen (as :func:`data_files` sorts: by parts), the data files listed, folders reached."""

    last: list[str] | None = None
    data: int = 0
    folders: dict[str, bool] = field(default_factory=dict)


class _Read:
    """Reads a file once for its size and SHA-256 and, when ``checks``, whether it is UTF-8 without BOM
    (unless ``facts`` or ``known`` give what a reading found)."""

    def __init__(self, facts: Facts | None, checks: bool, known: tuple[int, str] | None = None):
        self.facts, self.checks, self.known = facts, checks, known
        self.decodes: bool | None = None

    def __call__(self, path: Path) -> tuple[int, str]:
        if self.facts is not None:
            size, digest, self.decodes = self.facts
            return size, digest
        if self.known is not None:
            return self.known
        hasher = sha256_hasher()
        decoder = codecs.getincrementaldecoder("utf-8")()
        size, self.decodes = 0, True
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                if size == 0 and self.checks and block.startswith(BOM):
                    self.decodes = False
                size += len(block)
                hasher.update(block)
                if self.checks and self.decodes:
                    self.decodes = _decodes(decoder, block, False)
        if self.checks and self.decodes:
            self.decodes = _decodes(decoder, b"", True)
        return size, hasher.hexdigest()


def _decodes(decoder: Any, block: bytes, final: bool) -> bool:
    try:
        decoder.decode(block, final)
    except UnicodeDecodeError:
        return False
    return True


def read_lines(release: Path, name: str, report: Report, read: dict[str, tuple[int, str]] | None = None) -> list[Line] | None:
    """The records of a JSON Lines file of the release; None (and a problem) when it is missing or unreadable.

    ``read``, when given, receives the file's size and SHA-256 (taken in the same reading)."""
    path = release / name
    if not path.is_file():
        return None
    digest = sha256_hasher()
    try:
        lines = list(iter_jsonl(path, name, digest))
        if read is not None:
            read[name] = (path.stat().st_size, digest.hexdigest())
        return lines
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
