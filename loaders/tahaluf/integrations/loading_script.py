"""The self-contained loading script for datasets 2.x/3.x (``loaders/tahaluf.py``), generated.

Hugging Face loading scripts are single files that import only ``datasets``, the standard
library and pyarrow, so a user of an older ``datasets`` needs nothing else. :func:`render`
writes that file from the package's single definitions: the configs of the release layout, the
features of :mod:`.features`, the description, citation and license of :mod:`tahaluf.about` and
the label sets of the contract. ``tahaluf build``
rewrites it in a checkout; a test checks that the committed file is up to date.

The script reads each config's Parquet file (the same file the script-free path reads), checked
against the release's ``manifest.json``, so both paths give the same rows and features.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = Path("loaders") / "tahaluf.py"
"""Where the script lives, relative to the repository root."""

INDENT = "    "


def label_sets() -> dict[tuple[str, ...], str]:
    """Every class-label set of the features, by the constant name the script gives it."""
    from ..contract import content_forms, entity_types, mention_levels, quote_kinds, section_types, timex_types
    from ..tokens import iob2_labels

    return {
        tuple(entity_types()): "_ENTITY_TYPES",
        tuple(mention_levels()): "_MENTION_LEVELS",
        tuple(quote_kinds()): "_QUOTE_KINDS",
        tuple(content_forms()): "_CONTENT_FORMS",
        tuple(section_types()): "_SECTION_TYPES",
        tuple(timex_types()): "_TIMEX_TYPES",
        tuple(iob2_labels(entity_types())): "_NER_TAGS",
    }


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _exploded(open_: str, items: list[str], close: str, indent: str) -> str:
    """A bracketed literal with one item per line and a trailing comma (kept as is by ruff format)."""
    inner = indent + INDENT
    return open_ + "\n" + "".join(f"{inner}{item},\n" for item in items) + indent + close


def _dtype_code(dtype: Any, indent: str, labels: dict[tuple[str, ...], str]) -> str:
    """Python code for one feature given in the card's YAML form (``dtype``, ``list``, ``struct``)."""
    if isinstance(dtype, str):
        return f"datasets.Value({_string(dtype)})"
    if isinstance(dtype, list):  # a struct: its fields in order
        return _struct_code(dtype, indent, labels)
    if "class_label" in dtype:
        names = dtype["class_label"]["names"]
        key = tuple(names[str(i)] for i in range(len(names)))
        if key not in labels:
            raise ValueError(f"class label set {key} has no name in tahaluf.integrations.loading_script.label_sets(); add one")
        return f"datasets.ClassLabel(names={labels[key]})"
    if "list" in dtype:
        return _exploded("[", [_dtype_code(dtype["list"], indent + INDENT, labels)], "]", indent)
    if "struct" in dtype:
        return _struct_code(dtype["struct"], indent, labels)
    raise ValueError(f"unsupported feature type in the card's YAML: {dtype!r}")


def _struct_code(fields: list[dict[str, Any]], indent: str, labels: dict[tuple[str, ...], str]) -> str:
    items = []
    for field in fields:
        kind = next(k for k in ("dtype", "list", "struct") if k in field)
        dtype = field[kind] if kind == "dtype" else {kind: field[kind]}
        items.append(f"{_string(field['name'])}: {_dtype_code(dtype, indent + INDENT, labels)}")
    return _exploded("{", items, "}", indent)


def _wrapped(text: str, width: int = 100) -> str:
    """A long string as a parenthesised implicit concatenation of pieces of at most ``width`` characters."""
    pieces, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) > width and current:
            pieces.append(current + " ")
            current = word
        else:
            current = candidate
    pieces.append(current)
    return "(\n" + "".join(f"{INDENT}{_string(p)}\n" for p in pieces) + ")"


def render() -> str:
    """The text of ``loaders/tahaluf.py`` for the current contract and version."""
    from .._version import __version__
    from ..about import DESCRIPTION, LICENSE, bibtex
    from ..paths import ENV_VAR
    from ..release import CONFIGS, SPLIT, data_file
    from .features import features

    citation = bibtex()

    labels = label_sets()
    if '"""' in citation or "\\" in citation:
        raise ValueError("the citation cannot be written as a plain triple-quoted string")
    label_code = "\n".join(f"{name} = {_exploded('[', [_string(n) for n in key], ']', '')}" for key, name in labels.items())
    feature_code = _exploded(
        "{",
        [f"{_string(c)}: {_struct_code(features(c)._to_yaml_list(), INDENT, labels)}" for c in CONFIGS],
        "}",
        "",
    )
    data_files = {c: data_file(c) for c in CONFIGS}
    if any(path != f"data/{c}/{SPLIT}.parquet" for c, path in data_files.items()):
        raise ValueError("the script template assumes data/<config>/<split>.parquet data files")
    return TEMPLATE.format(
        version=__version__,
        builder_version=__version__.split("-")[0],
        description=_wrapped(DESCRIPTION),
        citation=citation,
        license=_string(LICENSE),
        configs=_exploded("(", [_string(c) for c in CONFIGS], ")", ""),
        split=_string(SPLIT),
        env_var=_string(ENV_VAR),
        env_var_plain=ENV_VAR,
        labels=label_code,
        features=feature_code,
    )


def write(root: Path) -> bool:
    """Rewrite ``root/loaders/tahaluf.py``; True when its content changed."""
    path = root / SCRIPT
    text = render()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


TEMPLATE = '''\
"""Tahaluf {version}: loading script for datasets 2.x/3.x (generated by `tahaluf build`; do not edit).

    from datasets import load_dataset
    ds = load_dataset("loaders/tahaluf.py", "entities", split="test", trust_remote_code=True)

Self-contained: it needs only ``datasets`` (with the pyarrow it brings), not the ``tahaluf``
package. It reads the config's Parquet file of a Tahaluf release, after checking it against the
release's ``manifest.json``, so it yields the same rows and features as the script-free path
``load_dataset("dataset", CONFIG, split="test")``. The release is ``data_dir=`` when given, else
the folder named by the environment variable ``{env_var_plain}``, else ``../dataset`` beside this script.
"""

import hashlib
import json
import os

import datasets
import pyarrow.parquet as pq

_DESCRIPTION = {description}

_CITATION = """\\
{citation}"""

_LICENSE = {license}

_CONFIGS = {configs}

_VERSION = datasets.Version("{builder_version}")
_SPLIT = {split}
_ENV_VAR = {env_var}

{labels}

_FEATURES = {features}


class TahalufVerificationError(Exception):
    """A release data file does not match the release manifest."""


def _release_dir(data_dir, base_path):
    """The release folder: ``data_dir``, else ``{env_var_plain}``, else ``../dataset`` beside the script."""
    if data_dir:
        return os.path.abspath(data_dir)
    if os.environ.get(_ENV_VAR):
        return os.path.abspath(os.environ[_ENV_VAR])
    return os.path.abspath(os.path.join(base_path or os.path.dirname(os.path.abspath(__file__)), "..", "dataset"))


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _verified(release, rel):
    """The path of release file ``rel`` after checking its size and SHA-256 against the manifest."""
    manifest = os.path.join(release, "manifest.json")
    if not os.path.isfile(manifest):
        raise TahalufVerificationError(f"{{manifest}} is missing: pass data_dir= a Tahaluf release folder")
    with open(manifest, encoding="utf-8") as handle:
        listed = {{entry["path"]: entry for entry in json.load(handle)["files"]}}
    path = os.path.join(release, rel)
    if rel not in listed:
        raise TahalufVerificationError(f"{{rel}} is not listed in {{manifest}}")
    if not os.path.isfile(path):
        raise TahalufVerificationError(f"{{path}} is missing")
    if os.path.getsize(path) != listed[rel]["bytes"] or _sha256(path) != listed[rel]["sha256"]:
        raise TahalufVerificationError(f"{{path}} does not match the release manifest (SHA-256 differs): restore it")
    return path


class Tahaluf(datasets.ArrowBasedBuilder):
    """Every Tahaluf config, one ``test`` split each, read from the release's Parquet files."""

    VERSION = _VERSION
    BUILDER_CONFIGS = [datasets.BuilderConfig(name=c, version=_VERSION, description=f"Tahaluf {{c}}") for c in _CONFIGS]
    DEFAULT_CONFIG_NAME = "documents"

    def __init__(self, *args, **kwargs):
        # The cache key includes the release's manifest: a rebuilt release is never served stale.
        manifest = os.path.join(_release_dir(kwargs.get("data_dir"), kwargs.get("base_path")), "manifest.json")
        digest = _sha256(manifest)[:16] if os.path.isfile(manifest) else "nomanifest"
        kwargs["hash"] = f"{{kwargs.get('hash') or 'tahaluf'}}-{{digest}}"
        super().__init__(*args, **kwargs)

    def _info(self):
        return datasets.DatasetInfo(
            description=_DESCRIPTION,
            features=datasets.Features(_FEATURES[self.config.name]),
            citation=_CITATION,
            license=_LICENSE,
        )

    def _split_generators(self, dl_manager):
        release = _release_dir(self.config.data_dir, self.base_path)
        path = _verified(release, f"data/{{self.config.name}}/{{_SPLIT}}.parquet")
        return [datasets.SplitGenerator(name=datasets.Split.TEST, gen_kwargs={{"path": path}})]

    def _generate_tables(self, path):
        from datasets.table import table_cast

        yield 0, table_cast(pq.read_table(path), self.info.features.arrow_schema)
'''
