"""The layering contract (import-linter, configured in pyproject.toml) and where ``datasets`` is imported."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import DATASET, ROOT


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TAHALUF_DATASET"}
    env["PYTHONPATH"] = str(ROOT / "loaders")
    env.update(extra)
    return env


def test_lint_imports_keeps_every_contract():
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_lint_imports_fails_on_a_violation(tmp_path):
    # A copy of the package with one import against the flow (release -> validate) must break the contract.
    import shutil

    shutil.copytree(ROOT / "loaders" / "tahaluf", tmp_path / "tahaluf", ignore=shutil.ignore_patterns("__pycache__"))
    bad = tmp_path / "tahaluf" / "release" / "layout.py"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nfrom ..validate import codes  # noqa: E402,F401\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=_env(PYTHONPATH=str(tmp_path)), capture_output=True, text=True, timeout=300
    )
    assert result.returncode != 0
    assert "tahaluf.release.layout -> tahaluf.validate.codes" in result.stdout


_NO_DATASETS = (
    "import sys; sys.modules['datasets'] = None\n"  # any import of datasets now raises ImportError
    "from tahaluf.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_export_parquet_and_stats_run_without_datasets(tmp_path):
    out = tmp_path / "parquet"
    export = subprocess.run(
        [sys.executable, "-c", _NO_DATASETS, "export", "--format", "parquet", "--out", str(out), "--release", str(DATASET)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert export.returncode == 0, export.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "dates.parquet",
        "documents.parquet",
        "entities.parquet",
        "entity_catalog.parquet",
        "ner.parquet",
        "quotes.parquet",
    ]
    stats = subprocess.run(
        [sys.executable, "-c", _NO_DATASETS, "stats", "--release", str(DATASET)], env=_env(), capture_output=True, text=True, timeout=300
    )
    assert stats.returncode == 0, stats.stderr
    assert "Tahaluf: 5 documents, 139 canonical entities" in stats.stdout


def test_the_tools_do_not_load_datasets_or_pyarrow():
    code = (
        "import sys\n"
        "import tahaluf.cli, tahaluf.views, tahaluf.export, tahaluf.stats, tahaluf.validate, tahaluf.release\n"
        "from tahaluf.views import rows\n"
        "from tahaluf.release import load_catalog, load_documents\n"
        f"records = load_documents({str(DATASET)!r})\n"
        f"n = sum(1 for _ in rows('ner', records, load_catalog({str(DATASET)!r})))\n"
        "print(n, 'datasets' in sys.modules, 'pyarrow' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["184", "False", "False"]


def test_importtime_of_the_cli_lists_no_datasets():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tahaluf.cli, tahaluf.validate, tahaluf.export, tahaluf.stats"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "tahaluf.validate.integrity" in imported  # the list is real
    assert "datasets" not in imported and "pyarrow" not in imported
