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


def test_release_is_a_dev_version_until_adjudicated():
    # The blind agreement study is pending (dataset/passes/study): the version stays exactly 1.0.0-dev,
    # not 1.0.0 nor any other 1.0.0-something, until its passes are adjudicated.
    assert tahaluf.__version__ == "1.0.0-dev"
    assert re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-dev", tahaluf.__version__)


def test_changelog_has_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"[Unreleased] - {tahaluf.__version__}" in changelog or f"[{tahaluf.__version__}]" in changelog


def test_cli_prints_the_version():
    from conftest import run_cli

    assert run_cli("--version").stdout.strip() == f"tahaluf {tahaluf.__version__}"
