"""Validating a release archive (``tahaluf-VERSION.tar.gz``): its checksum, safe extraction, then the release."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..release.archive import ArchiveError, extract
from .report import Report
from .run import validate_release


def validate_archive(archive: Path) -> Report:
    """Validate a release archive; an archive that cannot be trusted or read is reported as a problem."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            release = extract(archive, Path(scratch))
        except ArchiveError as err:
            report = Report(path=str(archive))
            report.add(err.code, str(err), archive.name)
            return report
        report = validate_release(release)
        report.path = str(archive)
        return report
