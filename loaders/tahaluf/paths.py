"""Where the project's files live: the repository root, the schemas and the bundled release."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
RELEASE_DIR = ROOT / "dataset"
