"""The generated tables of the dataset card and the documentation, filled from the layers below.

- the agreement table (``tahaluf agree``) in the dataset card and in ``docs/annotation.md``;
- the baselines table (``tahaluf baseline``) in ``docs/scoring.md``;
- the validator's codes table in ``docs/validation.md``.

The release layer never writes these: ``tahaluf build`` calls :func:`write_card_blocks` on its
staging copy and, when it rebuilds a checkout's own ``dataset/``, :func:`write_docs` afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..release import CARD
from .card import replace_block

DOC_BLOCKS = {
    "agreement": "docs/annotation.md",
    "baselines": "docs/scoring.md",
    "validation-codes": "docs/validation.md",
}
"""Generated block name -> the documentation page (relative to the checkout root) that holds it."""


def agreement_table(release: Path) -> str:
    """The agreement table of the blind passes (pending until they arrive)."""
    from ..agree import markdown_summary

    return str(markdown_summary(release))


def baselines_table(release: Path) -> str | None:
    """The baselines table; None when an optional baseline dependency (dateparser) is missing."""
    from ..baselines import markdown

    try:
        return str(markdown(release))
    except ImportError:  # dateparser is an optional dependency (extra "baselines")
        return None


def validation_table() -> str:
    """The validator's codes table."""
    from ..validate.codes import markdown_table

    return markdown_table()


def write_card_blocks(release: Path, records: list[dict[str, Any]] | None = None) -> None:
    """Fill the generated blocks of the release's dataset card (a build step)."""
    replace_block(release / CARD, "agreement", agreement_table(release))


def write_docs(root: Path, release: Path) -> list[str]:
    """Fill the generated blocks of the documentation pages of a checkout; returns the pages written."""
    tables = {"agreement": agreement_table(release), "baselines": baselines_table(release), "validation-codes": validation_table()}
    written = []
    for name, page in DOC_BLOCKS.items():
        content = tables[name]
        if content is not None and replace_block(root / page, name, content):
            written.append(page)
    return written
