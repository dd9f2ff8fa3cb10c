"""Where the project's files live: the release (``dataset/``) and the schemas (``schema/``).

Two layouts are supported:

- a **checkout** of the repository (plain, or installed with ``pip install -e .``): the package is
  ``<root>/loaders/tahaluf`` and the top-level ``<root>/dataset`` and ``<root>/schema`` are used;
- an **installed wheel**: the build copies ``dataset/`` and ``schema/`` into the package as
  ``tahaluf/_data/dataset`` and ``tahaluf/_data/schema`` (see ``setup.py``).

:func:`release_dir` is the one place that decides which release is read; :func:`dataset_dir`
(public, ``tahaluf.dataset_dir()``) gives the same folder as a string, the form
``datasets.load_dataset`` accepts.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TAHALUF_DATASET"
PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_data"
"""Where a wheel carries its copies of ``dataset/`` and ``schema/``."""


class DatasetNotFoundError(Exception):
    """No release (or no schema folder) could be found; ``str()`` says what to do, in one line."""


def checkout_root() -> Path | None:
    """The repository root when this package runs from a checkout (``<root>/loaders/tahaluf``), else None."""
    root = PACKAGE_DIR.parents[1]
    if PACKAGE_DIR.parent.name == "loaders" and (root / "pyproject.toml").is_file():
        return root
    return None


def _shipped(name: str) -> Path | None:
    """The checkout's top-level folder ``name``, else the wheel's bundled copy, else None."""
    root = checkout_root()
    for candidate in ((root / name) if root else None, BUNDLED_DIR / name):
        if candidate is not None and candidate.is_dir():
            return candidate
    return None


def release_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The release folder to read.

    In order: ``path`` when given (returned as is, so that the validator can report what is
    wrong with it); else the folder named by the environment variable ``TAHALUF_DATASET``; else
    the release shipped with the package (the checkout's ``dataset/``, or the copy bundled in the
    wheel). Raises :class:`DatasetNotFoundError` with a one-line message when none exists.
    """
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        folder = Path(env).expanduser()
        if not folder.is_dir():
            raise DatasetNotFoundError(f"{ENV_VAR}={env} is not a folder: point it at a Tahaluf release folder, or unset it")
        return folder
    shipped = _shipped("dataset")
    if shipped is None:
        raise DatasetNotFoundError(
            f"no Tahaluf release found next to the package ({PACKAGE_DIR}): pass a release folder, "
            f"set {ENV_VAR}=/path/to/dataset, or reinstall the package from a wheel or a checkout"
        )
    return shipped


def dataset_dir(path: str | os.PathLike[str] | None = None) -> str:
    """The release folder as a string (see :func:`release_dir` for the order in which it is found).

    A string, because that is what ``datasets.load_dataset`` takes::

        import os
        os.environ["HF_DATASETS_OFFLINE"] = "1"
        import tahaluf
        from datasets import load_dataset
        entities = load_dataset(tahaluf.dataset_dir(), "entities", split="test")
    """
    return str(release_dir(path))


def schema_dir() -> Path:
    """The JSON Schemas: the checkout's ``schema/``, or the copy bundled in the wheel."""
    shipped = _shipped("schema")
    if shipped is None:
        raise DatasetNotFoundError(
            f"the Tahaluf JSON Schemas are missing next to the package ({PACKAGE_DIR}): reinstall the package from a wheel or a checkout"
        )
    return shipped


def __getattr__(name: str) -> Path:
    # Older names, resolved when they are imported (so that TAHALUF_DATASET is honoured):
    # RELEASE_DIR is release_dir(), SCHEMA_DIR is schema_dir(); the checkout root is checkout_root().
    if name == "RELEASE_DIR":
        return release_dir()
    if name == "SCHEMA_DIR":
        return schema_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
