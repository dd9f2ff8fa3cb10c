"""Shared test helpers: repository paths and a runner for the ``tahaluf`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "dataset"
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def valid_release_with_end(tmp_path: Path, digits: str) -> Path:
    """A copy of the valid fixture release whose first ``"end"`` offset is written as ``digits``."""
    import shutil

    release = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", release)
    path = release / "documents.jsonl"
    text = path.read_text(encoding="utf-8")
    start = text.index('"end": ') + len('"end": ')
    end = start + len(text[start:]) - len(text[start:].lstrip("0123456789"))
    path.write_text(text[:start] + digits + text[end:], encoding="utf-8")
    return release


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run ``python -m tahaluf ARGS`` in a subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "tahaluf", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="session")
def records():
    from tahaluf.release import load_documents

    return load_documents(DATASET)


@pytest.fixture(scope="session")
def catalog():
    from tahaluf.release import load_catalog

    return {e["entity_id"]: e for e in load_catalog(DATASET)}
