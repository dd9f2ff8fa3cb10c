"""Build hook: the wheel carries copies of the top-level ``dataset/`` and ``schema/``.

The top-level folders stay the only sources of truth. When a wheel is built (from a checkout or
from the sdist, which holds both folders), ``build_py`` copies them into the package as
``tahaluf/_data/dataset`` and ``tahaluf/_data/schema``, where :func:`tahaluf.dataset_dir` finds
them. An editable install copies nothing: it reads the checkout's folders directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("dataset", "schema")
"""Top-level folders copied into ``tahaluf/_data/`` (must match ``tahaluf.paths.BUNDLED_DIR``)."""


class BuildPyWithData(build_py):
    """``build_py`` that also copies the release and the schemas into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "tahaluf" / "_data"
        for name in BUNDLED:
            source = HERE / name
            if not (source / "README.md").is_file() and not any(source.glob("*.json")):
                raise SystemExit(f"error: {source} is missing or empty: build from a checkout of the repository or from its sdist")
            destination = target / name
            shutil.rmtree(destination, ignore_errors=True)  # no stale file from an earlier build
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildPyWithData})
