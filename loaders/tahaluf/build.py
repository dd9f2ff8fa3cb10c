"""``tahaluf build``: the one code path that writes every generated file of a release.

From the sources (texts, ``annotations/``, the catalog) it writes, in order:
``documents.jsonl``, the Parquet data file of every Hugging Face config, the YAML metadata of the
dataset card, then ``manifest.json`` and ``SHA256SUMS`` over all data files.
"""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .release import load_catalog, write_documents, write_manifest


def build(release: Path, data_files: bool = True) -> dict[str, int]:
    """Rebuild the generated files of ``release``; returns the row count of each config."""
    records = write_documents(release)
    counts = {"documents": len(records)}
    if data_files:
        from .hf import write_card_metadata, write_data_files

        sizes = write_data_files(release, records, load_catalog(release))
        write_card_metadata(release / "README.md", sizes)
        counts = {config: size["num_examples"] for config, size in sizes.items()}
    write_manifest(release, __version__, len(records))
    return counts
