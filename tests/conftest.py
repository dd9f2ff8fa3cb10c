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
