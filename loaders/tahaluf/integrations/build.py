"""``tahaluf build``: the release layer's atomic build, with the generated files of the layers above.

Into the staging copy of the release (see :mod:`tahaluf.release.build`): ``documents.jsonl``,
then the Parquet file of every view, the dataset card's metadata and generated blocks, and
``croissant.json``, then ``manifest.json`` and ``SHA256SUMS``. After the new release is in place,
in a checkout rebuilding its own ``dataset/``: the documentation's generated tables (the baseline
signatures name the new manifest) and the loading script ``loaders/tahaluf.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..release import load_catalog
from ..release.build import Step
from ..release.build import build as build_release


def release_steps(counts: dict[str, int]) -> list[Step]:
    """The build steps of the integrations; ``counts`` receives the row count of each view."""

    def views(stage: Path, records: list[dict[str, Any]]) -> None:
        from .card import write_card_metadata
        from .parquet import write_data_files

        sizes = write_data_files(stage, records, load_catalog(stage))
        write_card_metadata(stage, sizes)
        counts.update({config: size["num_examples"] for config, size in sizes.items()})

    def croissant(stage: Path, records: list[dict[str, Any]]) -> None:
        from .croissant import write

        write(stage)

    def card_blocks(stage: Path, records: list[dict[str, Any]]) -> None:
        from .docs import write_card_blocks

        write_card_blocks(stage)

    return [views, croissant, card_blocks]


def is_checkout_dataset(release: Path) -> Path | None:
    """The checkout root when ``release`` is the checkout's own ``dataset/``, else None."""
    from ..paths import checkout_root

    root = checkout_root()
    if root is not None and release.resolve() == (root / "dataset").resolve():
        return root
    return None


def build(release: Path, data_files: bool = True) -> dict[str, int]:
    """Rebuild ``release`` (atomically) and, for a checkout's own release, its generated docs; returns the row counts."""
    counts: dict[str, int] = {}
    records = build_release(release, release_steps(counts) if data_files else ())
    if not data_files:
        return {"documents": len(records)}
    root = is_checkout_dataset(release)
    if root is not None:
        from .docs import write_docs
        from .loading_script import write as write_script

        write_script(root)
        write_docs(root, release)
    return counts
