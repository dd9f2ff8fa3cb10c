"""The manifest of a release (``manifest.json`` and ``SHA256SUMS``): writing it and checking files against it.

:func:`verify_files` is the one check of files against a manifest; the validator (every file)
and the Hugging Face loader (the files it reads) both call it. Each :class:`Fault` carries the
validator code of what is wrong, set where it is found.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checksums import sha256_bytes, sha256_file, sha256_hasher
from .files import CHECKSUMS, DATA_SUFFIXES, MANIFEST, NOT_DATA, parse_json, read_text

_SUM_LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")


@dataclass(frozen=True)
class Fault:
    """A file that does not match the manifest: ``code`` is the validator's code, ``message`` one line."""

    code: str
    path: str
    message: str
    file: str = MANIFEST
    line: int | None = None


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


def write_manifest(release: Path, version: str, documents: int) -> dict[str, Any]:
    """Write ``manifest.json`` and ``SHA256SUMS`` for the data files now in ``release``."""
    files = []
    for rel in data_files(release):
        data = (release / rel).read_bytes()
        files.append({"path": rel, "bytes": len(data), "sha256": sha256_bytes(data)})
    manifest = {"name": "tahaluf", "version": version, "documents": documents, "files": files}
    (release / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [sums_line(f) for f in files]
    lines.append(f"{sha256_bytes((release / MANIFEST).read_bytes())}  {MANIFEST}")
    (release / CHECKSUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def read_manifest(release: Path) -> Any:
    """The parsed ``manifest.json`` (not checked against its schema); ReleaseError when unreadable."""
    return parse_json(read_text(release / MANIFEST, MANIFEST), MANIFEST, 1)


def verify_files(release: Path, manifest: dict[str, Any], paths: Iterable[str] | None = None) -> list[Fault]:
    """Check files against the manifest's sizes and SHA-256: the given ``paths``, else every listed file.

    A path the manifest does not list is ``unlisted-file``; a listed file that is absent (or that
    would lie outside the release) is ``missing-file``; a size or hash that differs is
    ``checksum-mismatch``.
    """
    listed = {entry["path"]: entry for entry in manifest["files"]}
    faults = []
    for rel in listed if paths is None else paths:
        fault = check_file(release, rel, listed.get(rel))
        if fault is not None:
            faults.append(fault)
    return faults


def check_file(
    release: Path, rel: str, entry: dict[str, Any] | None, read: Callable[[Path], tuple[int, str]] | None = None
) -> Fault | None:
    """The check of :func:`verify_files` for one path and its manifest entry (None when unlisted).

    ``read(path)`` gives the file's size and SHA-256 when the caller reads it in its own way
    (e.g. once for several checks); by default the size is taken from the file system and the
    file hashed only when the size is right.
    """
    path = release / rel
    if entry is None:
        return Fault("unlisted-file", rel, f"{rel} is not listed in the manifest", rel)
    if ".." in rel.split("/") or not path.is_file():
        return Fault("missing-file", rel, f"{rel} is listed in the manifest but missing", MANIFEST, 1)
    if read is not None:
        size, digest = read(path)
        wrong = size != entry["bytes"] or digest != entry["sha256"]
    else:
        wrong = path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]
    if wrong:
        return Fault("checksum-mismatch", rel, f"{rel}: size or SHA-256 differs from the manifest", rel)
    return None


def sums_line(entry: dict[str, Any]) -> str:
    """The line of ``SHA256SUMS`` for a manifest entry (without its newline)."""
    return f"{entry['sha256']}  {entry['path']}"


def verify_checksums(release: Path, manifest: dict[str, Any]) -> list[Fault]:
    """Check ``SHA256SUMS`` against the manifest: one well-formed line per listed file and the manifest itself."""
    sums = read_text(release / CHECKSUMS, CHECKSUMS)
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    listed[MANIFEST] = sha256_file(release / MANIFEST)
    lines = sums.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    faults: list[Fault] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        match = _SUM_LINE.fullmatch(raw)
        if not match:
            faults.append(Fault("checksum-mismatch", CHECKSUMS, "line is not '<sha256>  <path>'", CHECKSUMS, number))
            continue
        digest, rel = match.groups()
        if rel in seen:
            faults.append(Fault("checksum-mismatch", rel, f"{rel!r} is listed twice in SHA256SUMS", CHECKSUMS, number))
            continue
        seen.add(rel)
        if rel not in listed:
            faults.append(Fault("unlisted-file", rel, f"{rel!r} is in SHA256SUMS but not in the manifest", CHECKSUMS, number))
        elif digest != listed[rel]:
            faults.append(Fault("checksum-mismatch", rel, f"{rel}: SHA256SUMS disagrees with the file", CHECKSUMS, number))
    for rel in sorted(set(listed) - seen):
        faults.append(Fault("checksum-mismatch", rel, f"{rel} is missing from SHA256SUMS", CHECKSUMS))
    return faults


class NotPlain(Exception):
    """A file is not in the plain form a streamed reading accepts: read it whole instead."""


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_BLOCK = 1 << 16
_LARGEST_VALUE = 1 << 20


class _JsonStream:
    """JSON text read from a binary file in blocks, one value at a time (``json``'s grammar)."""

    def __init__(self, handle: Any, digest: Any):
        self.handle, self.digest = handle, digest
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf, self.pos, self.eof = "", 0, False

    def _more(self) -> bool:
        if self.eof:
            return False
        block = self.handle.read(_BLOCK)
        self.digest.update(block)
        self.eof = not block
        try:
            text = self.decoder.decode(block, final=self.eof)
        except UnicodeDecodeError:
            raise NotPlain from None
        self.buf, self.pos = self.buf[self.pos :] + text, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def take(self, allowed: str) -> str:
        """The next character, which must be one of ``allowed``."""
        char = self.peek()
        if not char or char not in allowed:
            raise NotPlain
        self.pos += 1
        return char

    def value(self) -> Any:
        """The next JSON value."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
                if end < len(self.buf) or self.eof:  # a number may go on in the next block
                    self.pos = end
                    return value
            except (ValueError, RecursionError):  # a JSONDecodeError, or an integer too long to convert
                if self.eof or len(self.buf) - self.pos > _LARGEST_VALUE:
                    raise NotPlain from None
            self._more()


class StreamedManifest:
    """``manifest.json`` read one file entry at a time, so that memory does not grow with the release.

    :meth:`entries` yields the values of ``files`` as :func:`read_manifest` would parse them;
    afterwards :attr:`fields` holds the other keys and :attr:`sha256` the file's hash. A manifest
    that is not a plain object with one ``files`` array (duplicate keys, bad UTF-8 or JSON, a BOM)
    raises :class:`NotPlain`: read it with :func:`read_manifest` instead, which says what is wrong.
    """

    def __init__(self, release: Path):
        self.path = release / MANIFEST
        self.fields: dict[str, Any] = {}
        self.sha256 = ""

    def entries(self) -> Iterator[Any]:
        """The values of the ``files`` array, in order."""
        digest = sha256_hasher()
        with open(self.path, "rb") as handle:
            stream = _JsonStream(handle, digest)
            stream.take("{")
            has_files = False
            while True:
                if stream.peek() != '"':
                    raise NotPlain
                key = stream.value()
                if key in self.fields or (key == "files" and has_files):
                    raise NotPlain
                stream.take(":")
                if key == "files":
                    has_files = True
                    stream.take("[")
                    if stream.peek() == "]":
                        stream.take("]")
                    else:
                        while True:
                            yield stream.value()
                            if stream.take(",]") == "]":
                                break
                else:
                    self.fields[key] = stream.value()
                if stream.take(",}") == "}":
                    break
            if not has_files or stream.peek() != "":
                raise NotPlain
        self.sha256 = digest.hexdigest()


class SumsCheck:
    """``SHA256SUMS`` read line by line beside the manifest's entries: does it hold exactly the line
    :func:`write_manifest` writes for each (then :func:`verify_checksums` finds nothing to report)?"""

    def __init__(self, release: Path):
        self.handle = open(release / CHECKSUMS, "rb")  # noqa: SIM115 - closed by close()
        self.plain = True

    def expect(self, line: str, last: bool = False) -> None:
        """The next line must be ``line`` (the last may lack its newline)."""
        if not self.plain:
            return
        data = self.handle.readline()
        expected = (line + "\n").encode("utf-8")
        self.plain = data == expected or (last and data == expected[:-1])

    def finish(self, manifest_sha256: str) -> bool:
        """The last line names the manifest, and nothing follows; True when every line was as written."""
        self.expect(f"{manifest_sha256}  {MANIFEST}", last=True)
        return self.plain and self.handle.read(1) == b""

    def close(self) -> None:
        """Close the file."""
        self.handle.close()


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def is_data_path(rel: str) -> bool:
    """Whether :func:`data_files` would list ``rel`` if it were a file (and reached through folders)."""
    hidden = any(part.startswith(".") for part in rel.split("/"))
    return rel not in NOT_DATA and _suffix(rel.rsplit("/", 1)[-1]) in DATA_SUFFIXES and not hidden


def count_data_files(release: Path) -> int | None:
    """How many paths :func:`data_files` lists, counted without listing them (memory does not grow);
    None when a folder cannot be read."""
    count = 0
    folders = [(str(release), "")]
    try:
        while folders:
            folder, prefix = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):  # as Path.rglob: no symbolic link is followed
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                    elif entry.is_file() and is_data_path(prefix + entry.name):
                        count += 1
    except OSError:
        return None
    return count


def reached(release: Path, rel: str, folders: dict[str, bool]) -> bool:
    """Whether :func:`data_files` reaches ``rel`` through its folders (none is a symbolic link);
    ``folders`` caches the answer for each folder."""
    parent = rel.rpartition("/")[0]
    if not parent:
        return True
    if parent not in folders:
        path = release / parent
        folders[parent] = path.is_dir() and not path.is_symlink() and reached(release, parent, folders)
    return folders[parent]
