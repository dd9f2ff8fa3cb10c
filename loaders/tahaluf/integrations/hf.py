"""Hugging Face ``datasets``: loading a config after checking checksums, and a ``GeneratorBasedBuilder``.

- ``tahaluf build`` writes ``dataset/data/<config>/test.parquet`` (:mod:`.parquet`) and the card's
  YAML (:mod:`.card`), so that ``datasets.load_dataset("dataset", CONFIG, split="test")`` works
  without a script (datasets >= 2.14, including 4.x and 5.x);
- :class:`Tahaluf` is a ``GeneratorBasedBuilder`` yielding the same rows from the documents and
  catalog (:mod:`tahaluf.views`), importable on any version; the self-contained loading script
  for datasets 2.x/3.x is generated from the same definitions (:mod:`.loading_script`);
- :func:`load` verifies the manifest checksums, then loads a config through the card.

This module imports ``datasets`` when it is imported; nothing below the integrations layer does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import datasets

from .._version import __version__
from ..about import DESCRIPTION, LICENSE, bibtex
from ..release import CATALOG, CONFIGS, DOCUMENTS, MANIFEST, SPLIT, data_file, load_catalog, load_documents, read_manifest, verify_files
from ..release.layout import DEFAULT_CONFIG
from ..views import rows
from .features import features

CITATION = bibtex()
_BUILDER_VERSION = datasets.Version(__version__.split("-")[0])
_ADVICE = {
    "unlisted-file": "it is not part of the release",
    "missing-file": "restore it",
    "checksum-mismatch": "the file was modified or corrupted; restore it, or pass verification_mode='no_checks' to load it anyway",
}


class VerificationError(Exception):
    """A release data file does not match the manifest."""


def verify(release: Path, paths: list[str]) -> None:
    """Check the given release files against ``manifest.json``; raise naming the first bad file."""
    if not (release / MANIFEST).is_file():
        raise VerificationError(f"{release / MANIFEST} is missing: pass a Tahaluf release folder")
    for fault in verify_files(release, read_manifest(release), paths):
        what = {
            "unlisted-file": f"{fault.path} is not listed in {release / MANIFEST}",
            "missing-file": f"{release / fault.path} is missing",
            "checksum-mismatch": f"{release / fault.path} does not match the release manifest (SHA-256 differs)",
        }[fault.code]
        raise VerificationError(f"{what}: {_ADVICE[fault.code]}")


def load(config: str = DEFAULT_CONFIG, release: str | os.PathLike[str] | None = None, verification_mode: str = "all_checks") -> Any:
    """Load one config's ``test`` split as a ``datasets.Dataset``, offline, after checking checksums."""
    from ..paths import release_dir

    if config not in CONFIGS:
        raise ValueError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")
    folder = release_dir(release)
    if verification_mode != "no_checks":
        verify(folder, [data_file(config)])
    return datasets.load_dataset(str(folder), config, split=SPLIT)


class Tahaluf(datasets.GeneratorBasedBuilder):
    """``GeneratorBasedBuilder`` for every config, reading the release's documents and catalog.

    ``data_dir`` selects another release folder; the default is :func:`tahaluf.dataset_dir`. The
    documents and catalog are checked against the manifest before any row is yielded.
    """

    VERSION = _BUILDER_VERSION

    def __init__(self, *args: Any, **kwargs: Any):
        # The cache key includes the release's manifest: a rebuilt release is never served stale.
        from ..paths import release_dir
        from ..release import sha256_file

        manifest = release_dir(kwargs.get("data_dir") or None) / MANIFEST
        release_hash = sha256_file(manifest)[:16] if manifest.is_file() else "nomanifest"
        kwargs["hash"] = f"{kwargs.get('hash') or 'tahaluf'}-{release_hash}"
        super().__init__(*args, **kwargs)

    BUILDER_CONFIGS = [datasets.BuilderConfig(name=c, version=_BUILDER_VERSION, description=f"Tahaluf {c}") for c in CONFIGS]
    DEFAULT_CONFIG_NAME = DEFAULT_CONFIG

    def _info(self) -> Any:
        return datasets.DatasetInfo(description=DESCRIPTION, features=features(self.config.name), citation=CITATION, license=LICENSE)

    def _split_generators(self, dl_manager: Any) -> list[Any]:
        from ..paths import release_dir

        release = release_dir(self.config.data_dir or None)
        verify(release, [DOCUMENTS, CATALOG])
        return [datasets.SplitGenerator(name=datasets.Split.TEST, gen_kwargs={"release": str(release)})]

    def _generate_examples(self, release: str) -> Iterator[tuple[int, dict[str, Any]]]:
        folder = Path(release)
        records, catalog = load_documents(folder), load_catalog(folder)
        yield from enumerate(rows(self.config.name, records, catalog))
