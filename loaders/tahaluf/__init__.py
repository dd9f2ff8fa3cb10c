"""Tahaluf: an Arabic news evaluation dataset with gold entities, quotes and dates.

The one version string of the project lives in ``tahaluf/_version.py``; pyproject.toml, the
CLI, the release manifest and the tests read it from there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .paths import DatasetNotFoundError, dataset_dir

if TYPE_CHECKING:
    from .validate import Report

__all__ = ["DatasetNotFoundError", "__version__", "dataset_dir", "evaluate", "load", "validate"]


def validate(path: str | os.PathLike[str] | None = None) -> Report:
    """Validate a release folder (default: the bundled release) and return a Report."""
    from .validate import validate_release

    return validate_release(path)


def load(config: str = "documents", release: str | os.PathLike[str] | None = None, verification_mode: str = "all_checks") -> Any:
    """Load one config's ``test`` split with Hugging Face ``datasets`` (see :func:`tahaluf.integrations.hf.load`)."""
    from .integrations.hf import load as hf_load

    return hf_load(config, release=release, verification_mode=verification_mode)


def evaluate(task: str, pred: str | Path, **options: Any) -> dict[str, Any]:
    """Score a prediction file against the gold: :func:`tahaluf.score.score` (same arguments)."""
    from .score import score

    return score(task, pred, **options)
