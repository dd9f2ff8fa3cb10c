"""The generated tables of the dataset card and the documentation, filled from the layers below.

- the agreement table (``tahaluf agree``) in the dataset card and in ``docs/annotation.md``;
- the baselines table (``tahaluf baseline``) in ``docs/scoring.md``;
- the worked comparison of two baselines and the slice sizes in ``docs/reading-scores.md``;
- the validator's codes table in ``docs/validation.md``.

The release layer never writes these: ``tahaluf build`` calls :func:`write_card_blocks` on its
staging copy and, when it rebuilds a checkout's own ``dataset/``, :func:`write_docs` afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..clitics import is_letter
from ..release import CARD, iter_values
from .card import replace_block

DOC_BLOCKS = {
    "agreement": "docs/annotation.md",
    "baselines": "docs/scoring.md",
    "comparison": "docs/reading-scores.md",
    "slices": "docs/reading-scores.md",
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


def comparison_table(release: Path) -> str | None:
    """The worked comparison of two baselines with p-values; None without the baselines' dependencies."""
    try:
        return str(markdown_example(release))
    except ImportError:
        return None


def slice_sizes_table(release: Path) -> str:
    """The sizes of the diagnostic slices of the gold."""
    from ..score.slices import markdown_sizes

    return str(markdown_sizes(release))


def validation_table() -> str:
    """The validator's codes table."""
    from ..validate.codes import markdown_table

    return markdown_table()


def write_card_blocks(release: Path, records: list[dict[str, Any]] | None = None) -> None:
    """Fill the generated blocks of the release's dataset card (a build step)."""
    replace_block(release / CARD, "agreement", agreement_table(release))


def write_docs(root: Path, release: Path) -> list[str]:
    """Fill the generated blocks of the documentation pages of a checkout; returns the pages written."""
    tables = {
        "agreement": agreement_table(release),
        "baselines": baselines_table(release),
        "comparison": comparison_table(release),
        "slices": slice_sizes_table(release),
        "validation-codes": validation_table(),
    }
    written = []
    for name, page in DOC_BLOCKS.items():
        content = tables[name]
        if content is not None and replace_block(root / page, name, content):
            written.append(page)
    return written


def whole_words(record: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mentions that start a word: the lexicon baseline without its matches after attached proclitics."""
    text = record["text"]
    return [m for m in items if m["start"] == 0 or not is_letter(text[m["start"] - 1])]


def markdown_example(release: Path) -> str:
    """The worked comparison of the docs: the entity lexicon baseline against the same lexicon
    restricted to whole words, with both tests, as a Markdown table and the signature."""
    import json
    import tempfile

    from ..baselines import run
    from ..release import load_documents
    from ..score.compare import compare

    records = load_documents(release)
    with tempfile.TemporaryDirectory() as scratch:
        full = run("entities", records, Path(scratch) / "lexicon.jsonl")
        lines = list(iter_values(full))
        words = Path(scratch) / "lexicon-whole-words.jsonl"
        by_id = {r["id"]: r for r in records}
        with open(words, "w", encoding="utf-8") as handle:
            for line in lines:
                kept = whole_words(by_id[line["id"]], line["entities"])
                handle.write(json.dumps({"id": line["id"], "entities": kept}, ensure_ascii=False) + "\n")
        result = compare("entities", [full, words], gold=release, modes=["strict", "partial"])
    out = [
        "| system | mode | F1 | F1 95% CI | difference | p (paired bootstrap) | p (approximate randomization) |",
        "|---|---|---|---|---|---|---|",
    ]
    for system in result["systems"]:
        for mode, row in system["results"].items():
            low, high = row["interval"]["f1"]
            diff = "–" if system["baseline"] else f"{100 * row['difference']:+.2f}"
            p_bs = "–" if row["p_bootstrap"] is None else f"{row['p_bootstrap']:.4f}"
            p_ar = "–" if row["p_randomization"] is None else f"{row['p_randomization']:.4f}"
            scores = f"{100 * row['f1']:.2f} | [{100 * low:.2f}, {100 * high:.2f}]"
            out.append(f"| `{system['name']}` | {mode} | {scores} | {diff} | {p_bs} | {p_ar} |")
    return "\n".join(out) + f"\n\nSignature: `{result['signature']}`"
