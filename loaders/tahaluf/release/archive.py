"""Tamper-evident release archives: ``tahaluf release`` writes them, ``tahaluf validate`` checks them.

An archive ``tahaluf-<version>.tar.gz`` holds one folder ``tahaluf-<version>/`` with every data
file of the release, its ``manifest.json``, ``SHA256SUMS``, the dataset card and the Croissant
file; beside it, ``tahaluf-<version>.tar.gz.sha256`` holds the archive's own checksum in the
format ``sha256sum -c`` reads. Validating an archive checks that checksum, refuses members that
would land outside the extraction folder (absolute paths, ``..``, links, devices), then validates
the extracted release, whose manifest checks every file.
"""

from __future__ import annotations

import gzip
import tarfile
from pathlib import Path, PurePosixPath

from .checksums import sha256_file
from .files import CHECKSUMS, MANIFEST, NOT_DATA
from .manifest import data_files

ARCHIVE_SUFFIX = ".tar.gz"


class ArchiveError(Exception):
    """An archive cannot be trusted or read; ``code`` is the validator's code for the fault."""

    def __init__(self, message: str, code: str = "missing-file"):
        self.code = code
        super().__init__(message)


def write_archive(release: Path, out_dir: Path, version: str) -> Path:
    """Write the archive of ``release`` and its checksum file into ``out_dir``; return the archive."""
    out_dir.mkdir(parents=True, exist_ok=True)
    top = f"tahaluf-{version}"
    archive = out_dir / f"{top}{ARCHIVE_SUFFIX}"
    names = data_files(release) + [n for n in sorted(NOT_DATA) if (release / n).is_file()]
    # Reproducible bytes: sorted members, fixed owner, mode and times, and a gzip header without
    # the time or the file name (tarfile's "w:gz" writes the current time there).
    with open(archive, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped:
        with tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(set(names)):
                info = tar.gettarinfo(str(release / name), arcname=f"{top}/{name}")
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mtime = 0
                info.mode = 0o644
                with open(release / name, "rb") as handle:
                    tar.addfile(info, handle)
    (out_dir / f"{archive.name}.sha256").write_text(f"{sha256_file(archive)}  {archive.name}\n", encoding="utf-8")
    return archive


def check_members(tar: tarfile.TarFile) -> None:
    """Refuse any member that is not a plain file or folder inside the archive's folder."""
    for member in tar.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise ArchiveError(f"unsafe archive member {member.name!r}")


def extract(archive: Path, into: Path) -> Path:
    """Verify the archive's checksum file (when present), extract it safely, return the release folder."""
    sums = archive.with_name(archive.name + ".sha256")
    if sums.is_file():
        expected = sums.read_text(encoding="utf-8").split()[0] if sums.read_text(encoding="utf-8").split() else ""
        if expected != sha256_file(archive):
            raise ArchiveError(f"{archive.name} does not match {sums.name}: the archive was modified or corrupted", "checksum-mismatch")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            check_members(tar)
            tops = {PurePosixPath(m.name).parts[0] for m in tar.getmembers()}
            if len(tops) != 1:
                raise ArchiveError("the archive must hold exactly one top folder")
            for member in tar.getmembers():
                target = into / member.name
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                target.write_bytes(source.read() if source else b"")
    except (tarfile.TarError, EOFError, OSError) as err:
        raise ArchiveError(f"{archive.name} is not a readable .tar.gz archive: {err}") from None
    release = into / tops.pop()
    for name in (MANIFEST, CHECKSUMS):
        if not (release / name).is_file():
            raise ArchiveError(f"the archive has no {name}")
    return release
