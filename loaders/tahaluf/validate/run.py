"""The validator's run: the four levels in order, over one release folder.

``documents.jsonl`` is streamed: one pass checks each record as it is read (files, schema,
integrity, and consistency once the annotated surfaces are settled, see
:class:`~tahaluf.validate.consistency.ConsistencyPass`) and keeps only its id, line number and
annotated surfaces; the consistency level reads again the documents read before its search
began. ``manifest.json`` and ``SHA256SUMS`` are streamed beside it (see
:class:`~tahaluf.validate.files.FilesCheck`), and each file of the release is read once. Memory
therefore grows only by a few bytes a document (:class:`~tahaluf.validate.integrity.DocumentIds`).
Problems are reported in the order of the levels, as if each level had run over the whole
release in turn.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..release import CATALOG, DOCUMENTS, MANIFEST, METADATA, Line, ReleaseError, iter_jsonl, sha256_hasher
from ..release.files import text_name
from . import files, integrity, schema
from .consistency import ConsistencyPass
from .report import Report


@dataclass
class _DocumentsPass:
    """What one pass over ``documents.jsonl`` keeps, and the problems it found, per level."""

    count: int | None = 0
    consistency: ConsistencyPass | None = None
    digests: list[str] = field(default_factory=list)
    read: dict[str, tuple[int, str]] = field(default_factory=dict)
    files: Report = field(default_factory=lambda: Report(""))
    schema: Report = field(default_factory=lambda: Report(""))
    integrity: Report = field(default_factory=lambda: Report(""))


def _read_documents(release: Path, catalog: dict[str, Line] | None, fresh: bool, texts: files.FilesCheck) -> _DocumentsPass:
    """Read ``documents.jsonl`` once: each record's schema and integrity checks, as it is read.

    A file that cannot be read (BOM, bad UTF-8 or JSON on any line) reports only that, as a
    release whose documents cannot be loaded: no record of it is checked (``count`` is None).
    The file is hashed in the same reading (``read``: its size and SHA-256, for the manifest), and
    each text file read is handed to ``texts`` (which checks it against the manifest).
    """
    consistency = ConsistencyPass(release)
    out = _DocumentsPass(consistency=consistency)
    path = release / DOCUMENTS
    if not path.is_file():
        out.count = None
        return out
    ids = integrity.DocumentIds()
    digest = sha256_hasher()
    try:
        for line in iter_jsonl(path, DOCUMENTS, digest):
            out.count = (out.count or 0) + 1
            if fresh:
                out.digests.append(integrity.digest(line.value))
            if not schema.check("document", line, out.schema, schema.record_id(line)):
                continue
            ids.add(line.value["id"], line.number)
            read = integrity.check_document(release, line, catalog, out.integrity, None)
            if read is not None:
                texts.offer(text_name(line.value["id"]), read)
            consistency.add(line)
    except ReleaseError as err:
        failed = _DocumentsPass(count=None)
        failed.files.add(err.code, err.message, err.file, err.line)
        return failed
    out.read[DOCUMENTS] = (path.stat().st_size, digest.hexdigest())
    ids.insert_duplicates(iter_jsonl(path, DOCUMENTS), out.integrity)
    if out.count == 0:
        out.files.add("empty-file", "documents.jsonl holds no record", DOCUMENTS)
    return out


def _valid_documents(release: Path) -> Iterator[Line]:
    """The records of ``documents.jsonl`` again, for the consistency level (all are schema-valid by then)."""
    yield from iter_jsonl(release / DOCUMENTS, DOCUMENTS)


def validate_release(path: str | os.PathLike[str] | None = None) -> Report:
    """Validate the release folder at ``path`` (default: the bundled release, see :func:`tahaluf.dataset_dir`)."""
    from ..paths import release_dir

    release = release_dir(path)
    report = Report(path=str(release))
    if not files.check_required(release, report):
        return report
    catalog_files = Report("")
    read: dict[str, tuple[int, str]] = {}
    cat_lines = files.read_lines(release, CATALOG, catalog_files, read)
    # level 2: schema of the catalog; level 3: the catalog
    catalog_schema = Report("")
    catalog_lines = [line for line in cat_lines or [] if schema.check("catalog", line, catalog_schema)]
    catalog_integrity = Report("")
    catalog = integrity.check_catalog(catalog_lines, catalog_integrity) if cat_lines is not None else None
    # levels 1-3 of the documents, in one streamed pass, and of the files beside it when the
    # manifest is as the build writes it (else read whole below)
    texts = files.FilesCheck(release)
    docs = _read_documents(release, catalog, (release / METADATA).is_file(), texts)
    report.documents = docs.count or 0
    streamed = texts.finish({**read, **docs.read})
    manifest_files, manifest_schema, manifest_integrity = Report(""), Report(""), Report("")
    if streamed is not None:
        encodings = streamed.encodings
        integrity.check_manifest_fields(streamed.fields, docs.count, manifest_integrity)
        for fault in streamed.faults:
            manifest_integrity.add(fault.code, fault.message, fault.file, fault.line)
    else:
        encodings = Report("")
        files.check_encodings(release, encodings)
        manifest = files.read_manifest_value(release, manifest_files)
        if manifest is not None and not schema.check("manifest", Line(MANIFEST, 1, manifest), manifest_schema):
            manifest = None
        if manifest is not None:
            integrity.check_manifest(release, manifest, docs.count, manifest_integrity)
        del manifest
    levels = (
        encodings,
        docs.files,
        catalog_files,
        manifest_files,
        docs.schema,
        catalog_schema,
        manifest_schema,
        catalog_integrity,
        docs.integrity,
        manifest_integrity,
    )
    for part in levels:
        report.problems += part.problems
    if docs.count is not None:
        integrity.check_fresh(release, docs.digests, report)
    # level 4: consistency, only on a release without errors
    if report.ok and docs.consistency is not None:
        docs.consistency.finish(_valid_documents(release), report)
    return report
