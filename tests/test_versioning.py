"""One version string: pyproject (via the package), CITATION.cff, the dataset card and the manifest agree."""

from __future__ import annotations

import json
import re
from importlib.metadata import version as dist_version

import yaml
from packaging.version import Version

import tahaluf

from conftest import DATASET, ROOT


def test_distribution_version_is_the_package_version():
    assert Version(dist_version("tahaluf")) == Version(tahaluf.__version__)


def test_manifest_card_and_citation_repeat_the_version():
    manifest = json.loads((DATASET / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == tahaluf.__version__
    card = (DATASET / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*Version:\*\* (\S+)", card).group(1) == tahaluf.__version__
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == tahaluf.__version__


def test_release_1_0_0_follows_an_adjudicated_blind_study():
    # 1.0.0 was released once every layer's blind passes were in dataset/passes/study and adjudicated;
    # later releases keep them.
    assert Version(tahaluf.__version__) >= Version("1.0.0")
    for layer in ("entities", "quotes", "dates"):
        folder = DATASET / "passes" / "study" / layer
        for name in ("brief.md", "pass-1.jsonl", "pass-2.jsonl", "notes-1.md", "notes-2.md", "adjudication.md"):
            assert (folder / name).is_file(), f"{layer}/{name}"
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["date-released"]) == "2026-12-03"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [1.0.0] - 2026-12-03" in changelog and "[Unreleased]" not in changelog
    assert f"## [{tahaluf.__version__}] - " in changelog


def test_changelog_has_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[Unreleased] - {tahaluf.__version__}" in changelog or f"[{tahaluf.__version__}]" in changelog


def test_cli_prints_the_version():
    from conftest import run_cli

    assert run_cli("--version").stdout.strip() == f"tahaluf {tahaluf.__version__}"
