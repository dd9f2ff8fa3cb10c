"""The reproducibility signature printed with every score, in the manner of sacrebleu.

Two numbers are comparable when their signatures are equal: same dataset version and manifest
(the exact gold files), same task and modes, same options, same scorer version. Example:
``tahaluf:1.0.0|manifest:3f2a9c1e04b7|task:entities|modes:strict,exact,partial,type,clitic|format:jsonl|profile:native|nested:no|scorer:1.0.0``
"""

from __future__ import annotations

import json
from pathlib import Path

from .._version import __version__
from ..release import sha256_bytes, sha256_file


def gold_identity(gold_file: Path) -> tuple[str, str]:
    """``(dataset version, manifest hash)`` for a gold file; a file outside a release is hashed itself."""
    manifest = gold_file.parent / "manifest.json"
    if manifest.is_file():
        data = manifest.read_bytes()
        try:
            version = json.loads(data)["version"]
        except (ValueError, KeyError, TypeError):
            version = "unknown"
        return version, sha256_bytes(data)[:12]
    return "custom", sha256_file(gold_file)[:12]


def signature(task: str, modes: tuple[str, ...], version: str, manifest_hash: str, options: dict[str, str]) -> str:
    """The signature string."""
    parts = [f"tahaluf:{version}", f"manifest:{manifest_hash}", f"task:{task}", f"modes:{','.join(modes)}"]
    parts += [f"{key}:{value}" for key, value in options.items()]
    parts.append(f"scorer:{__version__}")
    return "|".join(parts)
