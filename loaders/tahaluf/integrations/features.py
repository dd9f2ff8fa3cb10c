"""The ``datasets.Features`` of each config (class labels from the schema's label sets).

Every list feature is written as a Python list (``[feature]``) and every class label as
``ClassLabel``: datasets 2.x/3.x and 4.x/5.x read the same YAML (``list:``) into equal rows.
"""

from __future__ import annotations

from typing import Any

from ..contract import content_forms, entity_types, mention_levels, quote_kinds, section_types, timex_types
from ..release import CONFIGS
from ..tokens import iob2_labels


def _parts() -> dict[str, Any]:
    """The building blocks shared by several configs."""
    from datasets import ClassLabel, Value

    string, int32 = Value("string"), Value("int32")
    span = {"start": int32, "end": int32, "text": string}
    dated = {"value": string, "provenance": string, "evidence": string}
    return {
        "string": string,
        "int32": int32,
        "dated": dated,
        "mention": {
            "id": string,
            **span,
            "type": ClassLabel(names=list(entity_types())),
            "level": ClassLabel(names=list(mention_levels())),
            "entity_id": string,
            "parent": string,
        },
        "quote": {
            "id": string,
            **span,
            "kind": ClassLabel(names=list(quote_kinds())),
            "content_form": ClassLabel(names=list(content_forms())),
            "cue": dict(span),
            "source": dict(span),
            "speaker": string,
            "parent": string,
        },
        "date": {
            "id": string,
            **span,
            "type": ClassLabel(names=list(timex_types())),
            "value": string,
            "mod": string,
            "section": string,
        },
        "section": {
            "id": string,
            "type": ClassLabel(names=list(section_types())),
            "start": int32,
            "end": int32,
            "anchor_date": dict(dated),
        },
    }


def _fields(config: str) -> dict[str, Any]:
    from datasets import ClassLabel

    p = _parts()
    string = p["string"]
    layer = {"entities": p["mention"], "quotes": p["quote"], "dates": p["date"]}
    if config == "documents":
        return {
            "id": string,
            "source_file": string,
            "text": string,
            "sha256": string,
            "outlets": [{"name_ar": string, "name_en": string, "role": string}],
            "publication_date": dict(p["dated"]),
            "sections": [p["section"]],
            "entities": [p["mention"]],
            "quotes": [p["quote"]],
            "dates": [p["date"]],
        }
    if config in ("entities", "quotes"):
        return {"id": string, "text": string, config: [layer[config]]}
    if config == "dates":
        return {"id": string, "text": string, "sections": [p["section"]], "dates": [p["date"]]}
    if config == "entity_catalog":
        return {
            "entity_id": string,
            "type": ClassLabel(names=list(entity_types())),
            "name_en": string,
            "name_ar": string,
            "aliases": [string],
        }
    if config == "ner":
        return {
            "id": string,
            "doc_id": string,
            "tokens": [string],
            "token_offsets": [[p["int32"]]],
            "ner_tags": [ClassLabel(names=iob2_labels(entity_types()))],
        }
    raise ValueError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")


def features(config: str) -> Any:
    """The ``datasets.Features`` of a config."""
    from datasets import Features

    return Features(_fields(config))
