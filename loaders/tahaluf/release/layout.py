"""Where a release keeps the data file of each view (config): ``data/<config>/test.parquet``."""

from __future__ import annotations

CONFIGS = ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
"""The views of a release, one Parquet data file each; ``documents`` is the default."""
DEFAULT_CONFIG = "documents"
SPLIT = "test"
DATA_DIR = "data"


def data_file(config: str) -> str:
    """Release-relative path of a config's data file."""
    if config not in CONFIGS:
        raise ValueError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")
    return f"{DATA_DIR}/{config}/{SPLIT}.parquet"
