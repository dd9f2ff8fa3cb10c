"""The Parquet data file of each view, typed by its ``datasets`` features (written by ``tahaluf build``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..release import CONFIGS, data_file
from ..views import rows
from .features import features


def arrow_table(config: str, records: list[dict[str, Any]], catalog: list[dict[str, Any]]) -> Any:
    """A pyarrow table of the config's rows, typed by its features, without extra metadata."""
    import pyarrow as pa

    feats = features(config)
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
