"""``tahaluf build``: the one code path that writes every generated file of a release.

From the sources (texts, ``annotations/``, the catalog) it writes, in order:
``documents.jsonl``, the Parquet data file of every Hugging Face config, the YAML metadata of the
dataset card, then ``manifest.json`` and ``SHA256SUMS`` over all data files.
"""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .release import load_catalog, write_documents, write_manifest

MARK = "<!-- generated:{name} (tahaluf build) -->"
END = "<!-- end:{name} -->"


def replace_block(path: Path, name: str, content: str) -> bool:
    """Replace the text between a file's generated-block markers; False when it has none."""
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    start, end = MARK.format(name=name), END.format(name=name)
    if start not in text or end not in text:
        return False
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{content}\n{end}{tail}", encoding="utf-8")
    return True


def write_generated_blocks(release: Path) -> None:
    """Fill the agreement table of the dataset card and of docs/annotation.md from the passes.

    In a checkout, building its own ``dataset/`` also rewrites the documentation's generated
    blocks and the loading script ``loaders/tahaluf.py``.
    """
    from .agree import markdown_summary
    from .paths import checkout_root

    table = markdown_summary(release)
    replace_block(release / "README.md", "agreement", table)
    root = checkout_root()
    if root is not None and release.resolve() == (root / "dataset").resolve():
        from .hf_script import write as write_script

        write_script(root)
        replace_block(root / "docs" / "annotation.md", "agreement", table)
        from .baselines import markdown

        try:
            replace_block(root / "docs" / "scoring.md", "baselines", markdown(release))
            from .score.compare import markdown_example
            from .slices import markdown_sizes

            replace_block(root / "docs" / "reading-scores.md", "comparison", markdown_example(release))
            replace_block(root / "docs" / "reading-scores.md", "slices", markdown_sizes(release))
        except ImportError:  # dateparser is an optional dependency (extra "baselines")
            pass


def build(release: Path, data_files: bool = True) -> dict[str, int]:
    """Rebuild the generated files of ``release``; returns the row count of each config."""
    records = write_documents(release)
    counts = {"documents": len(records)}
    if data_files:
        from .hf import write_card_metadata, write_data_files

        sizes = write_data_files(release, records, load_catalog(release))
        write_card_metadata(release / "README.md", sizes)
        counts = {config: size["num_examples"] for config, size in sizes.items()}
        from .croissant import write as write_croissant

        write_croissant(release)
    write_manifest(release, __version__, len(records))
    if data_files:
        write_generated_blocks(release)  # after the manifest: the baselines' signatures name it
    return counts
