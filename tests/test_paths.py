"""Finding the release and the schemas: argument, TAHALUF_DATASET, checkout or bundled copy, else one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import tahaluf
from tahaluf import paths

from conftest import DATASET, ROOT


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(paths.ENV_VAR, raising=False)


def test_checkout_uses_the_top_level_folders(no_env):
    assert paths.checkout_root() == ROOT
    assert tahaluf.dataset_dir() == str(DATASET)
    assert paths.release_dir() == DATASET
    assert paths.schema_dir() == ROOT / "schema"


def test_an_explicit_path_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    assert paths.release_dir("elsewhere") == paths.Path("elsewhere")
    assert tahaluf.dataset_dir() == str(tmp_path)


def test_environment_variable_naming_no_folder_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(paths.DatasetNotFoundError, match=r"^TAHALUF_DATASET=.*missing is not a folder") as err:
        tahaluf.dataset_dir()
    assert "\n" not in str(err.value)


def test_bundled_copy_when_not_in_a_checkout(monkeypatch, tmp_path, no_env):
    bundled = tmp_path / "_data"
    (bundled / "dataset").mkdir(parents=True)
    (bundled / "schema").mkdir()
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    monkeypatch.setattr(paths, "BUNDLED_DIR", bundled)
    assert tahaluf.dataset_dir() == str(bundled / "dataset")
    assert paths.schema_dir() == bundled / "schema"


def test_nothing_found_says_what_to_do(monkeypatch, tmp_path, no_env):
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    monkeypatch.setattr(paths, "BUNDLED_DIR", tmp_path / "absent")
    with pytest.raises(paths.DatasetNotFoundError, match="set TAHALUF_DATASET=/path/to/dataset") as err:
        tahaluf.dataset_dir()
    assert "\n" not in str(err.value)
    with pytest.raises(paths.DatasetNotFoundError, match="JSON Schemas are missing"):
        paths.schema_dir()


def test_older_names_resolve_when_imported(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    from tahaluf.paths import RELEASE_DIR, SCHEMA_DIR

    assert RELEASE_DIR == tmp_path and SCHEMA_DIR == ROOT / "schema"
    with pytest.raises(AttributeError):
        paths.ROOT  # noqa: B018  (removed: paths.checkout_root() gives the checkout root)


def test_cli_reads_the_environment_variable_and_reports_a_bad_one_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != paths.ENV_VAR}
    env["PYTHONPATH"] = str(ROOT / "loaders")
    run = [sys.executable, "-m", "tahaluf", "stats", "--format", "json"]
    bad = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, env={**env, paths.ENV_VAR: str(tmp_path / "nope")})
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.startswith("error: TAHALUF_DATASET=") and bad.stderr.count("\n") == 1, bad.stderr
    good = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, env={**env, paths.ENV_VAR: str(DATASET)})
    assert good.returncode == 0, good.stderr
    assert '"id": "tahaluf-004"' in good.stdout
