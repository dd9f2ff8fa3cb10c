"""Writing a release: ``documents.jsonl`` from the sources, then ``manifest.json`` and ``SHA256SUMS``, atomically.

The release layer writes only inside the release folder. Files that other layers generate (the
Parquet views, the dataset card's metadata, Croissant) are written by the ``steps`` they pass in,
into the same staging copy, before the manifest is computed; nothing is visible until the whole
build has succeeded (see :mod:`tahaluf.release.staging`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .._version import __version__
from .manifest import write_manifest
from .records import write_documents
from .staging import staged

Step = Callable[[Path, list[dict[str, Any]]], None]
"""A build step: ``step(staging_folder, records)`` writes generated files into the staging folder."""


def build(release: Path, steps: Sequence[Step] = (), version: str = __version__) -> list[dict[str, Any]]:
    """Rebuild the generated files of ``release`` atomically; returns the document records.

    Raises :class:`~tahaluf.release.files.ReleaseError` for a source that cannot be assembled; the
    release is then left exactly as it was.
    """
    with staged(release) as stage:
        records = write_documents(stage)
        for step in steps:
            step(stage, records)
        write_manifest(stage, version, len(records))
    return records
