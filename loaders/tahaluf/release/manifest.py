"""The manifest of a release (``manifest.json`` and ``SHA256SUMS``): writing it and checking files against it.

:func:`verify_files` is the one check of files against a manifest; the validator (every file)
and the Hugging Face loader (the files it reads) both call it. Each :class:`Fault` carries the
validator code of what is wrong, set where it is found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checksums import sha256_bytes, sha256_file
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
    lines = [f"{f['sha256']}  {f['path']}" for f in files]
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
        entry = listed.get(rel)
        path = release / rel
        if entry is None:
            faults.append(Fault("unlisted-file", rel, f"{rel} is not listed in the manifest", rel))
        elif ".." in rel.split("/") or not path.is_file():
            faults.append(Fault("missing-file", rel, f"{rel} is listed in the manifest but missing", MANIFEST, 1))
        elif path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            faults.append(Fault("checksum-mismatch", rel, f"{rel}: size or SHA-256 differs from the manifest", rel))
    return faults


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
