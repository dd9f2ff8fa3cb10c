"""The loading script for datasets 2.x/3.x: generated from the package, up to date, self-contained."""

from __future__ import annotations

import ast
import importlib.util
import sys

import pytest

from tahaluf.integrations import hf
from tahaluf.integrations.loading_script import SCRIPT, render

from conftest import ROOT

SCRIPT_PATH = ROOT / SCRIPT


@pytest.fixture(scope="module")
def script_module():
    spec = importlib.util.spec_from_file_location("tahaluf_loading_script", SCRIPT_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_script_is_what_build_generates():
    assert SCRIPT_PATH.read_text(encoding="utf-8") == render(), "loaders/tahaluf.py is stale: run 'python3 -m tahaluf build'"


def test_script_imports_only_datasets_pyarrow_and_the_standard_library():
    tree = ast.parse(SCRIPT_PATH.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            roots.add(node.module.split(".")[0])
    assert roots - set(sys.stdlib_module_names) == {"datasets", "pyarrow"}


def test_script_declares_the_package_definitions(script_module):
    assert script_module._CONFIGS == hf.CONFIGS
    assert script_module._DESCRIPTION == hf.DESCRIPTION
    assert script_module._CITATION == hf.CITATION
    assert script_module._LICENSE == hf.LICENSE
    for config in hf.CONFIGS:
        assert script_module.datasets.Features(script_module._FEATURES[config]) == hf.features(config), config
    assert [c.name for c in script_module.Tahaluf.BUILDER_CONFIGS] == list(hf.CONFIGS)


def test_script_label_sets_by_hand(script_module):
    assert script_module._QUOTE_KINDS == ["direct", "indirect", "mixed"]
    assert script_module._TIMEX_TYPES == ["DATE", "TIME", "DURATION", "SET"]
    assert script_module._NER_TAGS[:3] == ["O", "B-PER", "I-PER"] and len(script_module._NER_TAGS) == 19


def test_script_refuses_a_modified_data_file(script_module, tmp_path):
    import shutil

    release = tmp_path / "release"
    shutil.copytree(ROOT / "dataset", release)
    assert script_module._verified(str(release), "data/ner/test.parquet") == str(release / "data/ner/test.parquet")
    target = release / "data" / "ner" / "test.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(script_module.TahalufVerificationError, match="data/ner/test.parquet does not match"):
        script_module._verified(str(release), "data/ner/test.parquet")


def test_script_finds_the_release_beside_itself_or_in_the_environment(script_module, monkeypatch, tmp_path):
    monkeypatch.delenv("TAHALUF_DATASET", raising=False)
    assert script_module._release_dir(None, str(ROOT / "loaders")) == str(ROOT / "dataset")
    monkeypatch.setenv("TAHALUF_DATASET", str(tmp_path))
    assert script_module._release_dir(None, str(ROOT / "loaders")) == str(tmp_path)
    assert script_module._release_dir(str(ROOT / "dataset"), None) == str(ROOT / "dataset")
