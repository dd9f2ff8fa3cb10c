"""The package type-checks with mypy (configuration: ``[tool.mypy]`` in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_mypy_reports_no_error():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "loaders")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "loaders/tahaluf"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert result.stdout.startswith("Success: no issues found")
