"""Load every Tahaluf config and print rows and features as JSON (run in any datasets version).

    python hf_dump.py RELEASE_DIR SCRIPT_PATH [--script] [--without-tahaluf]

Used by the tests to compare datasets 5.x with a datasets<4 environment. ``--without-tahaluf``
makes ``import tahaluf`` fail, to show that the loading script needs nothing but ``datasets``.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import datasets  # noqa: E402

CONFIGS = ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")


def dump(path: str, script: bool) -> dict:
    out = {}
    for config in CONFIGS:
        kwargs = {"trust_remote_code": True} if script else {}
        ds = datasets.load_dataset(path, config, split="test", **kwargs)
        out[config] = {"features": ds.features._to_yaml_list(), "rows": ds.to_list()}
    return out


if __name__ == "__main__":
    if "--without-tahaluf" in sys.argv:
        sys.modules["tahaluf"] = None  # any import of the package now raises ImportError
    release, script_path = sys.argv[1], sys.argv[2]
    result = {"version": datasets.__version__, "card": dump(release, False)}
    if "--script" in sys.argv:
        result["script"] = dump(script_path, True)
    print(json.dumps(result, ensure_ascii=False, default=str))
