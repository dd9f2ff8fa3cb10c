"""The sdist and the wheel: built once, installed into a fresh venv, used from a temporary directory.

The sdist is built from the checkout, the wheel from the sdist (so the sdist is shown to hold
everything a build needs), with ``pip wheel --no-deps --no-build-isolation --no-index`` (no
network). The venv takes its dependencies from the machine: a ``.pth`` file adds the machine's
site-packages folders to its path. Unlike ``--system-site-packages``, that does not run the
machine's own ``.pth`` files, so an editable install of ``tahaluf`` there (whose import hook would
otherwise serve any module missing from the wheel, such as ``tahaluf.score``) stays out of the
venv; ``tahaluf`` and its subpackages must come from the wheel, and the checks assert it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import DATASET, ROOT

PACKAGE = ROOT / "loaders" / "tahaluf"
CONFIGS = ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
TIMINGS: dict[str, float] = {}
SKIPPED = (".git", ".venv*", "build", "dist", "site", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", "screenshots")


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


class Installed:
    """The built files, the venv and a clean environment for running from a temporary directory."""

    def __init__(self, base: Path):
        self.base = base
        self.dist, self.venv, self.work = base / "dist", base / "venv", base / "work"
        self.work.mkdir()
        self.python = str(self.venv / "bin" / "python")
        self.tahaluf = str(self.venv / "bin" / "tahaluf")
        drop = ("PYTHONPATH", "TAHALUF_DATASET", "VIRTUAL_ENV", "HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE")
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", HF_HOME=str(base / "hf-home"), PYTHONNOUSERSITE="1")

    def build(self) -> None:
        start = time.perf_counter()
        # From a copy: the build's own files (egg-info, build/) never land in, or come from, the checkout.
        source = self.base / "source"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIPPED))
        build_sdist = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
        out = _run([sys.executable, "-c", build_sdist, str(self.dist)], cwd=source)
        self.sdist = self.dist / out.stdout.strip().splitlines()[-1]
        TIMINGS["sdist build"] = time.perf_counter() - start

        start = time.perf_counter()
        pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
        _run([*pip_wheel, "-w", str(self.dist), str(self.sdist)], cwd=self.base)
        (self.wheel,) = self.dist.glob("tahaluf-*.whl")
        TIMINGS["wheel build (pip wheel from the sdist)"] = time.perf_counter() - start

        start = time.perf_counter()
        _run([sys.executable, "-m", "venv", "--without-pip", str(self.venv)], cwd=self.base)
        purelib = _run([self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=self.base).stdout.strip()
        machine = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
        (Path(purelib) / "machine-packages.pth").write_text("".join(f"{path}\n" for path in machine), encoding="utf-8")
        # The machine's pip, run by the venv's interpreter, installs into the venv.
        install = [self.python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed"]
        _run([*install, "--disable-pip-version-check", str(self.wheel)], cwd=self.base, env=self.env)
        TIMINGS["venv and install"] = time.perf_counter() - start

    def python_json(self, code: str) -> object:
        """Run ``code`` with the venv's interpreter from the work folder; its last line of output is JSON."""
        return json.loads(_run([self.python, "-c", code], cwd=self.work, env=self.env).stdout.strip().splitlines()[-1])

    def cli(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([self.tahaluf, *args], capture_output=True, text=True, cwd=self.work, env=env or self.env, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    built = Installed(tmp_path_factory.mktemp("wheel"))
    built.build()
    return built


def _timed(name: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            TIMINGS[name] = time.perf_counter() - self.start

    return Timer()


def test_wheel_lists_every_subpackage_the_schemas_and_the_release(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    modules = {f"tahaluf/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert {"tahaluf/score/__init__.py", "tahaluf/score/report.py", "tahaluf/baselines/__init__.py"} <= modules
    assert modules <= names, sorted(modules - names)
    schemas = {f"tahaluf/_data/schema/{p.name}" for p in (ROOT / "schema").glob("*.json")}
    assert "tahaluf/_data/schema/document.schema.json" in schemas and schemas <= names
    manifest = json.loads((DATASET / "manifest.json").read_text(encoding="utf-8"))
    release = {f"tahaluf/_data/dataset/{f['path']}" for f in manifest["files"]}
    release |= {f"tahaluf/_data/dataset/{n}" for n in ("manifest.json", "SHA256SUMS", "README.md", "croissant.json")}
    assert {f"tahaluf/_data/dataset/data/{c}/test.parquet" for c in CONFIGS} <= release
    assert "tahaluf/_data/dataset/texts/tahaluf-000.txt" in release and "tahaluf/_data/dataset/entities.jsonl" in release
    assert release <= names, sorted(release - names)
    assert not [n for n in names if n.endswith(".pyc") or "/tests/" in n or n.startswith("dataset/")]


def test_sdist_holds_the_top_level_sources(installed):
    with tarfile.open(installed.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("setup.py", "pyproject.toml", "MANIFEST.in", "loaders/tahaluf.py", "schema/document.schema.json"):
        assert needed in names, needed
    assert {"dataset/manifest.json", "dataset/data/ner/test.parquet", "loaders/tahaluf/score/__init__.py"} <= names


def test_package_and_release_resolve_inside_the_venv(installed):
    with _timed("import tahaluf, dataset_dir"):
        where = installed.python_json(
            "import json, tahaluf, tahaluf.score, tahaluf.baselines, datasets; print(json.dumps(["
            "tahaluf.__file__, tahaluf.score.__file__, tahaluf.baselines.__file__, tahaluf.dataset_dir(), datasets.__file__]))"
        )
    site = installed.venv / "lib"
    assert all(Path(path).is_relative_to(site) for path in where[:3]), where
    assert Path(where[3]).is_relative_to(site) and where[3].endswith("tahaluf/_data/dataset"), where
    assert not Path(where[4]).is_relative_to(installed.venv), "the dependencies come from the machine"


def test_validate_and_stats_from_a_temporary_directory(installed):
    with _timed("tahaluf validate + stats"):
        validate = installed.cli("validate")
        stats = installed.cli("stats", "--format", "json")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    last = validate.stdout.strip().splitlines()[-1]
    assert last.startswith("OK: 0 error(s)") and "5 document(s) checked" in last and str(installed.venv) in last
    assert stats.returncode == 0, stats.stderr
    assert [d["id"] for d in json.loads(stats.stdout)["documents"]] == [f"tahaluf-00{i}" for i in range(5)]


def test_score_the_gold_for_every_task(installed):
    write = """
import json, tahaluf
from pathlib import Path
from tahaluf.release import load_documents
from tahaluf.tokens import outermost
for task in ("entities", "quotes", "dates"):
    with open(f"gold-{task}.jsonl", "w", encoding="utf-8") as out:
        for record in load_documents(Path(tahaluf.dataset_dir())):
            items = outermost(record[task]) if task == "entities" else record[task]
            items = [{k: v for k, v in a.items() if k not in ("id", "parent", "section")} for a in items]
            out.write(json.dumps({"id": record["id"], task: items}, ensure_ascii=False) + "\\n")
print(json.dumps("ok"))
"""
    with _timed("tahaluf score x3 (gold as prediction)"):
        installed.python_json(write)
        results = {
            task: installed.cli("score", "--task", task, "--pred", f"gold-{task}.jsonl", "--format", "json")
            for task in ("entities", "quotes", "dates")
        }
    for task, result in results.items():
        assert result.returncode == 0, (task, result.stderr[-2000:])
        scored = json.loads(result.stdout)
        assert scored["task"] == task and f"task:{task}" in scored["signature"]
        f1 = {mode: values["f1"] for mode, values in scored["results"].items() if isinstance(values, dict) and "f1" in values}
        assert f1 and all(value == 1.0 for value in f1.values()), (task, f1)


def test_baseline_and_export(installed):
    with _timed("tahaluf baseline quotes + export conll"):
        baseline = installed.cli("baseline", "quotes", "--format", "json")
        export = installed.cli("export", "--format", "conll", "--out", "conll")
    assert baseline.returncode == 0, baseline.stderr[-2000:]
    assert json.loads(baseline.stdout)["task"] == "quotes"
    assert (installed.work / "tahaluf-baseline-quotes.jsonl").read_text(encoding="utf-8").count("\n") == 5
    assert export.returncode == 0, export.stderr[-2000:]
    written = list((installed.work / "conll").iterdir())
    assert written and written[0].read_text(encoding="utf-8").startswith("# id = tahaluf-000")


def test_a_bad_release_variable_is_one_line(installed):
    result = installed.cli("stats", env={**installed.env, "TAHALUF_DATASET": str(installed.work / "nowhere")})
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: TAHALUF_DATASET="), result.stderr


def test_load_and_load_dataset_on_the_bundled_release(installed):
    code = f"""
import json, tahaluf, datasets
rows = {{"tahaluf.load": tahaluf.load("entities").num_rows}}
for config in {CONFIGS!r}:
    rows[config] = datasets.load_dataset(tahaluf.dataset_dir(), config, split="test").num_rows
print(json.dumps(rows))
"""
    with _timed("tahaluf.load + load_dataset x6"):
        rows = installed.python_json(code)
    meta = yaml.safe_load((DATASET / "README.md").read_text(encoding="utf-8").split("---\n")[1])
    declared = {c["config_name"]: c["splits"][0]["num_examples"] for c in meta["dataset_info"]}
    assert rows.pop("tahaluf.load") == 5
    assert rows == declared and rows["documents"] == 5


def test_report_timings(installed):
    """Not a timed test: it prints how long each stage took (pytest -rP shows it)."""
    print("\n".join(f"{name}: {seconds:.2f} s" for name, seconds in TIMINGS.items()))
    assert "wheel build (pip wheel from the sdist)" in TIMINGS
