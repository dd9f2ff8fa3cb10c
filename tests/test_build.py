"""`tahaluf build` is the one code path that writes the built files, and it is reproducible."""

from __future__ import annotations

import shutil
import subprocess

from conftest import DATASET, run_cli


def test_build_reproduces_the_committed_release(tmp_path):
    copy = tmp_path / "dataset"
    shutil.copytree(DATASET, copy)
    result = run_cli("build", str(copy))
    assert result.returncode == 0, result.stderr
    for name in ("documents.jsonl", "manifest.json", "SHA256SUMS", "croissant.json", "README.md"):
        assert (copy / name).read_bytes() == (DATASET / name).read_bytes(), name


def test_sha256sum_accepts_the_checksums():
    if shutil.which("sha256sum") is None:
        import pytest

        pytest.skip("sha256sum is not installed")
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=DATASET, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stats_tables_and_json(records):
    import json

    table = run_cli("stats")
    assert table.returncode == 0
    assert "Entities per type" in table.stdout and "tahaluf-004" in table.stdout
    data = json.loads(run_cli("stats", "--format", "json").stdout)
    assert data["total"]["documents"] == 5
    assert data["total"]["characters"] == sum(len(r["text"]) for r in records)
    assert data["total"]["entities"] == sum(len(r["entities"]) for r in records)


def test_build_reports_a_broken_source_without_traceback(tmp_path):
    copy = tmp_path / "dataset"
    shutil.copytree(DATASET, copy)
    (copy / "annotations" / "quotes.jsonl").write_text('{"id": "tahaluf-000", "quotes": [\n', encoding="utf-8")
    result = run_cli("build", str(copy))
    assert result.returncode == 1
    assert "annotations/quotes.jsonl:1" in result.stderr and "Traceback" not in result.stderr
