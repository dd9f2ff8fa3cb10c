"""The views (configs) of a release as rows: plain Python dictionaries, no ``datasets`` import.

Each config of :data:`tahaluf.release.CONFIGS` is a view of the document records and the catalog:
``documents`` (the full records), ``entities``/``quotes``/``dates`` (one layer with the text),
``entity_catalog`` (the catalog) and ``ner`` (the token view, one row per sentence-like unit with
IOB2 tags). Labels stay strings; the Hugging Face integration encodes them as class labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .contract import LAYERS
from .release import CONFIGS, RECORD_KEYS
from .tokens import units

LAYER_EXTRA_KEYS = {"dates": ("sections",)}
"""Keys a layer view carries besides ``id``, ``text`` and the layer (dates need their sections)."""


def token_rows(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The ``ner`` view: one row per unit with its tokens, their offsets and IOB2 tags."""
    for record in records:
        for unit in units(record):
            yield {
                "id": unit.id,
                "doc_id": unit.doc_id,
                "tokens": unit.tokens,
                "token_offsets": [list(o) for o in unit.offsets],
                "ner_tags": unit.tags,
            }


def layer_rows(layer: str, records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """A layer view: each document's id, text and that layer (dates: with the sections)."""
    for record in records:
        row = {"id": record["id"], "text": record["text"]}
        row.update({key: record[key] for key in LAYER_EXTRA_KEYS.get(layer, ())})
        row[layer] = record[layer]
        yield row


def rows(config: str, records: list[dict[str, Any]], catalog: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows of a config, with labels as strings."""
    if config == "documents":
        return ({key: record[key] for key in RECORD_KEYS} for record in records)
    if config in LAYERS:
        return layer_rows(config, records)
    if config == "entity_catalog":
        return iter(catalog)
    if config == "ner":
        return token_rows(records)
    raise ValueError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")
