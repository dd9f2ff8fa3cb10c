"""The dataset card (``README.md`` of the release): its YAML metadata and its generated blocks.

A generated block is the text between ``<!-- generated:NAME (tahaluf build) -->`` and
``<!-- end:NAME -->``; :func:`replace_block` rewrites it and leaves the rest of the file as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..about import LICENSE_ID, PRETTY_NAME
from ..release import CARD, CONFIGS, SPLIT, data_file
from ..release.layout import DEFAULT_CONFIG
from .features import features

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


def block(path: Path, name: str) -> str | None:
    """The current content of a generated block (None when the file has no such block)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    start, end = MARK.format(name=name), END.format(name=name)
    if start not in text or end not in text:
        return None
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


def card_metadata(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The YAML metadata of the dataset card (``configs`` and ``dataset_info`` per config)."""
    return {
        "language": ["ar"],
        "license": LICENSE_ID,
        "pretty_name": PRETTY_NAME,
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition"],
        "size_categories": ["n<1K"],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "tags": ["arabic", "news", "named-entity-recognition", "quotation-attribution", "timex3", "temporal-expressions"],
        "configs": [
            {
                "config_name": c,
                "data_files": [{"split": SPLIT, "path": data_file(c)}],
                **({"default": True} if c == DEFAULT_CONFIG else {}),
            }
            for c in CONFIGS
        ],
        "dataset_info": [
            {
                "config_name": c,
                "features": features(c)._to_yaml_list(),
                "splits": [{"name": SPLIT, "num_bytes": counts[c]["num_bytes"], "num_examples": counts[c]["num_examples"]}],
            }
            for c in CONFIGS
        ],
    }


def write_card_metadata(release: Path, counts: dict[str, dict[str, int]]) -> None:
    """Replace the YAML front matter of the release's dataset card, keeping its body."""
    import yaml

    card = release / CARD
    body = card.read_text(encoding="utf-8") if card.is_file() else "\n# Tahaluf\n"
    if body.startswith("---\n"):
        body = body[body.index("\n---\n", 4) + 5 :]
    header = yaml.safe_dump(card_metadata(counts), allow_unicode=True, sort_keys=False, width=1000)
    card.write_text(f"---\n{header}---\n{body}", encoding="utf-8")
