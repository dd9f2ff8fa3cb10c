"""The validator's run: the four levels in order, over one release folder."""

from __future__ import annotations

import os

from ..release import CATALOG, MANIFEST, Line
from . import files, integrity, schema
from .consistency import check_consistency
from .report import Report


def validate_release(path: str | os.PathLike[str] | None = None) -> Report:
    """Validate the release folder at ``path`` (default: the bundled release, see :func:`tahaluf.dataset_dir`)."""
    from ..paths import release_dir

    release = release_dir(path)
    report = Report(path=str(release))
    if not files.check_required(release, report):
        return report
    # level 1: files
    files.check_encodings(release, report)
    doc_lines = files.read_documents(release, report)
    cat_lines = files.read_lines(release, CATALOG, report)
    manifest = files.read_manifest_value(release, report)
    report.documents = len(doc_lines or [])
    # level 2: schema
    records = schema.check_documents(doc_lines or [], report)
    catalog_lines = [line for line in cat_lines or [] if schema.check("catalog", line, report)]
    if manifest is not None and not schema.check("manifest", Line(MANIFEST, 1, manifest), report):
        manifest = None
    # level 3: integrity
    catalog = integrity.check_catalog(catalog_lines, report) if cat_lines is not None else None
    integrity.check_documents(release, records, catalog, report)
    if manifest is not None:
        integrity.check_manifest(release, manifest, len(doc_lines) if doc_lines is not None else None, report)
    if doc_lines is not None:
        integrity.check_fresh(release, doc_lines, report)
    # level 4: consistency, only on a release without errors
    if report.ok:
        check_consistency(release, records, report)
    return report
