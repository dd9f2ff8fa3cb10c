"""Every documented ``load_dataset`` snippet works offline from any directory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import DATASET, ROOT

DOCUMENTS = ("README.md", "dataset/README.md", "docs/index.md", "docs/loading.md")
CONFIGS = ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def python_blocks(name: str) -> list[str]:
    return BLOCK.findall((ROOT / name).read_text(encoding="utf-8"))


def card_counts() -> dict[str, int]:
    meta = yaml.safe_load((DATASET / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    return {c["config_name"]: c["splits"][0]["num_examples"] for c in meta["dataset_info"]}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_load_dataset_call_names_dataset_dir_or_the_script(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    calls = re.findall(r"load_dataset\(\s*([^,]*?)\s*,", text)
    assert calls, name
    for first in calls:
        assert first in ("tahaluf.dataset_dir()", '"loaders/tahaluf.py"'), (name, first)


@pytest.mark.parametrize("name", ["dataset/README.md", "docs/index.md", "docs/loading.md"])
def test_snippets_go_offline_before_importing_datasets(name):
    blocks = [b for b in python_blocks(name) if "load_dataset(" in b]
    assert blocks, name
    for block in blocks:
        offline = block.find('os.environ["HF_DATASETS_OFFLINE"] = "1"')
        assert 0 <= offline < block.index("from datasets import"), (name, block)
        if "tahaluf.dataset_dir()" in block:
            assert 0 <= block.find('os.environ["HF_HUB_OFFLINE"] = "1"') < block.index("from datasets import"), (name, block)


def run_snippet(code: str, cwd) -> subprocess.CompletedProcess:
    """Run ``code`` from ``cwd`` with this checkout's package and no offline setting inherited."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE", "TAHALUF_DATASET")}
    env.update(PYTHONPATH=str(ROOT / "loaders"), HF_HOME=str(cwd / "hf-home"))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_loading_page_snippet_loads_every_config_from_another_directory(tmp_path):
    (block,) = [b for b in python_blocks("docs/loading.md") if "tahaluf.dataset_dir()" in b]
    check = f"\nimport json\nprint(json.dumps({{c: load_dataset(tahaluf.dataset_dir(), c, split='test').num_rows for c in {CONFIGS!r}}}))\n"
    result = run_snippet(block + check, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("['O', 'B-PER', 'I-PER'")
    counts = json.loads(lines[-1])
    assert counts == card_counts()
    assert counts["documents"] == counts["entities"] == counts["quotes"] == counts["dates"] == 5


@pytest.mark.parametrize("name", ["dataset/README.md", "docs/index.md"])
def test_card_and_home_page_snippets_run_from_another_directory(name, tmp_path):
    (block,) = [b for b in python_blocks(name) if "tahaluf.dataset_dir()" in b]
    result = run_snippet(block + "\nprint(entities.num_rows, entities.features['entities'].feature['type'].names[0])\n", tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "5 PER"
