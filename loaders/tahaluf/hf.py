"""Hugging Face ``datasets`` integration: features, rows, Parquet data files, card metadata, builder.

One implementation serves every path:

- ``tahaluf build`` writes ``dataset/data/<config>/test.parquet`` with the declared features and
  the card's YAML (``configs`` and ``dataset_info``), so that ``datasets.load_dataset("dataset",
  CONFIG, split="test")`` works without a script (datasets >= 2.14, including 4.x and 5.x);
- :class:`Tahaluf` is a ``GeneratorBasedBuilder`` yielding the same rows from the documents and
  catalog, importable on any version; the self-contained loading script ``loaders/tahaluf.py``
  for datasets 2.x/3.x is generated from these definitions (:mod:`tahaluf.hf_script`);
- :func:`load` verifies the manifest checksums, then loads a config through the card.

Every list feature is written as a Python list (``[feature]``) and every class label as
``ClassLabel``: datasets 2.x/3.x and 4.x/5.x read the same YAML (``list:``) into equal rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import datasets

from . import __version__
from .contract import content_forms, entity_types, mention_levels, quote_kinds, section_types, timex_types
from .release import RECORD_KEYS
from .tokens import iob2_labels, units

CONFIGS = ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
SPLIT = "test"
DATA_DIR = "data"
DESCRIPTION = (
    "Tahaluf: five Arabic news documents with gold named entities linked to a catalog, attributed "
    "quotations and TimeML TIMEX3 dates anchored to each section's publication date."
)
CITATION = f"""@misc{{tahaluf,
  title = {{Tahaluf: Arabic news documents with gold entities, quotes and TIMEX3 dates}},
  author = {{{{The Tahaluf team}}}},
  year = {{2026}},
  note = {{Version {__version__}}}
}}"""
LICENSE = "CC-BY-4.0 (annotations); the texts remain the copyright of their publishers"
_BUILDER_VERSION = datasets.Version(__version__.split("-")[0])


def data_file(config: str) -> str:
    """Release-relative path of a config's data file."""
    return f"{DATA_DIR}/{config}/{SPLIT}.parquet"


def features(config: str):
    """The ``datasets.Features`` of a config (class labels from the schema's label sets)."""
    from datasets import ClassLabel, Features, Value

    string, int32 = Value("string"), Value("int32")
    span = {"start": int32, "end": int32, "text": string}
    dated = {"value": string, "provenance": string, "evidence": string}
    mention = {
        "id": string,
        **span,
        "type": ClassLabel(names=list(entity_types())),
        "level": ClassLabel(names=list(mention_levels())),
        "entity_id": string,
        "parent": string,
    }
    quote = {
        "id": string,
        **span,
        "kind": ClassLabel(names=list(quote_kinds())),
        "content_form": ClassLabel(names=list(content_forms())),
        "cue": dict(span),
        "source": dict(span),
        "speaker": string,
        "parent": string,
    }
    date = {
        "id": string,
        **span,
        "type": ClassLabel(names=list(timex_types())),
        "value": string,
        "mod": string,
        "section": string,
    }
    section = {
        "id": string,
        "type": ClassLabel(names=list(section_types())),
        "start": int32,
        "end": int32,
        "anchor_date": dict(dated),
    }
    if config == "documents":
        return Features(
            {
                "id": string,
                "source_file": string,
                "text": string,
                "sha256": string,
                "outlets": [{"name_ar": string, "name_en": string, "role": string}],
                "publication_date": dict(dated),
                "sections": [section],
                "entities": [mention],
                "quotes": [quote],
                "dates": [date],
            }
        )
    if config == "entities":
        return Features({"id": string, "text": string, "entities": [mention]})
    if config == "quotes":
        return Features({"id": string, "text": string, "quotes": [quote]})
    if config == "dates":
        return Features({"id": string, "text": string, "sections": [section], "dates": [date]})
    if config == "entity_catalog":
        return Features(
            {
                "entity_id": string,
                "type": ClassLabel(names=list(entity_types())),
                "name_en": string,
                "name_ar": string,
                "aliases": [string],
            }
        )
    if config == "ner":
        return Features(
            {
                "id": string,
                "doc_id": string,
                "tokens": [string],
                "token_offsets": [[int32]],
                "ner_tags": [ClassLabel(names=iob2_labels(entity_types()))],
            }
        )
    raise ValueError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")


def rows(config: str, records: list[dict[str, Any]], catalog: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows of a config, with labels as strings (``Features.encode_example`` maps them)."""
    if config == "documents":
        for record in records:
            yield {key: record[key] for key in RECORD_KEYS}
    elif config in ("entities", "quotes"):
        for record in records:
            yield {"id": record["id"], "text": record["text"], config: record[config]}
    elif config == "dates":
        for record in records:
            yield {"id": record["id"], "text": record["text"], "sections": record["sections"], "dates": record["dates"]}
    elif config == "entity_catalog":
        yield from catalog
    elif config == "ner":
        for record in records:
            for unit in units(record):
                yield {
                    "id": unit.id,
                    "doc_id": unit.doc_id,
                    "tokens": unit.tokens,
                    "token_offsets": [list(o) for o in unit.offsets],
                    "ner_tags": unit.tags,
                }
    else:
        raise ValueError(f"unknown config {config!r}")


def _names_for_labels(feature):
    """The feature with every ``ClassLabel`` replaced by a string value (the label's name)."""
    from datasets import ClassLabel, Value

    if isinstance(feature, ClassLabel):
        return Value("string")
    if isinstance(feature, dict):
        return type(feature)({key: _names_for_labels(value) for key, value in feature.items()})
    if isinstance(feature, list):
        return [_names_for_labels(value) for value in feature]
    if dataclasses.is_dataclass(feature) and hasattr(feature, "feature"):  # datasets' List / Sequence
        return dataclasses.replace(feature, feature=_names_for_labels(feature.feature))
    return feature


def arrow_table(config: str, records: list[dict[str, Any]], catalog: list[dict[str, Any]], label_names: bool = False):
    """A pyarrow table of the config's rows, typed by its features, without extra metadata.

    With ``label_names`` every class label is stored as its name (a string) instead of its index.
    """
    import pyarrow as pa

    feats = features(config)
    if label_names:
        from datasets import Features

        feats = Features(_names_for_labels(dict(feats)))
    encoded = [feats.encode_example(row) for row in rows(config, records, catalog)]
    schema = feats.arrow_schema.remove_metadata()
    return pa.Table.from_pylist(encoded, schema=schema)


def write_data_files(release: Path, records: list[dict[str, Any]], catalog: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Write every config's Parquet file; a file whose content is unchanged is left as it is."""
    import pyarrow.parquet as pq

    counts = {}
    for config in CONFIGS:
        table = arrow_table(config, records, catalog)
        path = release / data_file(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not (path.is_file() and pq.read_table(path).equals(table)):
            pq.write_table(table, path, compression="zstd")
        counts[config] = {"num_examples": table.num_rows, "num_bytes": table.nbytes}
    return counts


def _config_entry(config: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"config_name": config, "data_files": [{"split": SPLIT, "path": data_file(config)}]}
    if config == "documents":
        entry["default"] = True
    return entry


def card_metadata(counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The YAML metadata of the dataset card (``configs`` and ``dataset_info`` per config)."""
    return {
        "language": ["ar"],
        "license": "cc-by-4.0",
        "pretty_name": "Tahaluf",
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
                **({"default": True} if c == "documents" else {}),
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


def write_card_metadata(card: Path, counts: dict[str, dict[str, int]]) -> None:
    """Replace the YAML front matter of the dataset card, keeping its body."""
    import yaml

    body = card.read_text(encoding="utf-8") if card.is_file() else "\n# Tahaluf\n"
    if body.startswith("---\n"):
        body = body[body.index("\n---\n", 4) + 5 :]
    header = yaml.safe_dump(card_metadata(counts), allow_unicode=True, sort_keys=False, width=1000)
    card.write_text(f"---\n{header}---\n{body}", encoding="utf-8")


class VerificationError(Exception):
    """A release data file does not match the manifest."""


def verify(release: Path, paths: list[str]) -> None:
    """Check the given release files against ``manifest.json``; raise naming the first bad file."""
    from .release import MANIFEST, sha256_bytes

    manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    for rel in paths:
        entry = listed.get(rel)
        path = release / rel
        if entry is None:
            raise VerificationError(f"{rel} is not listed in {release / MANIFEST}")
        if not path.is_file():
            raise VerificationError(f"{path} is missing")
        data = path.read_bytes()
        if len(data) != entry["bytes"] or sha256_bytes(data) != entry["sha256"]:
            raise VerificationError(
                f"{path} does not match the release manifest (SHA-256 differs): the file was modified or corrupted; "
                "restore it, or pass verification_mode='no_checks' to load it anyway"
            )


def load(config: str = "documents", release: str | Path | None = None, verification_mode: str = "all_checks"):
    """Load one config's ``test`` split as a ``datasets.Dataset``, offline, after checking checksums."""
    from .paths import release_dir

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

    def __init__(self, *args, **kwargs):
        # The cache key includes the release's manifest: a rebuilt release is never served stale.
        from .paths import release_dir

        manifest = release_dir(kwargs.get("data_dir") or None) / "manifest.json"
        release_hash = hashlib.sha256(manifest.read_bytes()).hexdigest()[:16] if manifest.is_file() else "nomanifest"
        kwargs["hash"] = f"{kwargs.get('hash') or 'tahaluf'}-{release_hash}"
        super().__init__(*args, **kwargs)

    BUILDER_CONFIGS = [datasets.BuilderConfig(name=c, version=_BUILDER_VERSION, description=f"Tahaluf {c}") for c in CONFIGS]
    DEFAULT_CONFIG_NAME = "documents"

    def _info(self):
        return datasets.DatasetInfo(
            description=DESCRIPTION,
            features=features(self.config.name),
            citation=CITATION,
            license=LICENSE,
        )

    def _split_generators(self, dl_manager):
        from .paths import release_dir
        from .release import CATALOG, DOCUMENTS

        release = release_dir(self.config.data_dir or None)
        verify(release, [DOCUMENTS, CATALOG])
        return [datasets.SplitGenerator(name=datasets.Split.TEST, gen_kwargs={"release": str(release)})]

    def _generate_examples(self, release: str):
        from .release import load_catalog, load_documents

        folder = Path(release)
        records, catalog = load_documents(folder), load_catalog(folder)
        yield from enumerate(rows(self.config.name, records, catalog))
