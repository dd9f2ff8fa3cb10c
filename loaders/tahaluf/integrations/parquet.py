"""The Parquet data file of each view, typed by its ``datasets`` features (written by ``tahaluf build``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..release import CONFIGS, data_file
from ..views import rows
from .features import features


def _names_for_labels(feature: Any) -> Any:
    """The feature with every ``ClassLabel`` replaced by a string value (the label's name)."""
    import dataclasses

    from datasets import ClassLabel, Value

    if isinstance(feature, ClassLabel):
        return Value("string")
    if isinstance(feature, dict):
        return type(feature)({key: _names_for_labels(value) for key, value in feature.items()})
    if isinstance(feature, list):
        return [_names_for_labels(value) for value in feature]
    if dataclasses.is_dataclass(feature) and hasattr(feature, "feature"):  # datasets' List / Sequence
        return dataclasses.replace(feature, feature=_names_for_labels(feature.feature))  # type: ignore[type-var]
    return feature


def arrow_table(config: str, records: list[dict[str, Any]], catalog: list[dict[str, Any]], label_names: bool = False) -> Any:
    """A pyarrow table of the config's rows, typed by its features, without extra metadata.

    With ``label_names`` every class label is stored as its name (a string) instead of its index.
    """
    import pyarrow as pa

    feats = features(config)
    if label_names:
        from datasets import Features

        feats = Features(_names_for_labels(dict(feats)))
    encoded = [feats.encode_example(row) for row in rows(config, records, catalog)]
    return pa.Table.from_pylist(encoded, schema=feats.arrow_schema.remove_metadata())


def write_data_files(release: Path, records: list[dict[str, Any]], catalog: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Write every config's Parquet file; a file whose content is unchanged is left as it is.

    Returns, per config, ``num_examples`` and ``num_bytes`` (the card's ``dataset_info``).
    """
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
