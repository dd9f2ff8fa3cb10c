"""The code is ruff clean."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT


def test_ruff_check_passes():
    command = [shutil.which("ruff")] if shutil.which("ruff") else [sys.executable, "-m", "ruff"]
    targets = [name for name in ("loaders", "tests", "benchmarks", "docs") if (ROOT / name).is_dir()]
    result = subprocess.run([*command, "check", *targets], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
