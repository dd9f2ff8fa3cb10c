#!/usr/bin/env bash
# Mutation testing of the span, TIMEX3, token, contract, clitic and scoring modules with mutmut 3.
#
#   python3 -m pip install "mutmut==3.8.1"
#   bash benchmarks/mutation.sh [--max-children N] [STAGE]
#
# mutmut names a module by its path below the project folder (stripping only "src/"), so the run
# happens in a staging folder (STAGE, default build/mutation) where the package is src/tahaluf,
# with the release and the schemas bundled in it as a wheel bundles them (tahaluf/_data/), next to
# copies of tests/, dataset/, schema/ and docs/. Configuration: benchmarks/mutation.toml.
# Prints the per-module table (benchmarks/mutation_summary.py); results stay in STAGE/mutants/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ARGS=()
STAGE="$ROOT/build/mutation"
while [ $# -gt 0 ]; do
  case "$1" in
    --max-children) ARGS+=("$1" "$2"); shift 2 ;;
    *) STAGE="$(realpath -m "$1")"; shift ;;
  esac
done
rm -rf "$STAGE"
mkdir -p "$STAGE/src" "$STAGE/mutants/src"
cp -r "$ROOT/loaders/tahaluf" "$STAGE/src/tahaluf"
find "$STAGE/src" -name __pycache__ -prune -exec rm -rf {} +
mkdir -p "$STAGE/src/tahaluf/_data"
for d in dataset schema docs tests; do cp -r "$ROOT/$d" "$STAGE/$d"; done
cp -r "$ROOT/dataset" "$ROOT/schema" "$STAGE/src/tahaluf/_data/"
cp "$ROOT/mkdocs.yml" "$ROOT/README.md" "$ROOT/CHANGELOG.md" "$STAGE/"
cat "$ROOT/pyproject.toml" "$ROOT/benchmarks/mutation.toml" > "$STAGE/pyproject.toml"
cd "$STAGE"
# Subprocesses (tests that run `python -m tahaluf`) import the mutated copy too, never an installed
# tahaluf. The folder exists before Python starts, or the import system would remember it as missing.
export PYTHONPATH="$STAGE/mutants/src"
# the checkout's release, the one tests/conftest.py reads, rather than the bundled copy
export TAHALUF_DATASET="$STAGE/mutants/dataset"
python3 -m mutmut run "${ARGS[@]}"
python3 -m mutmut results --all true > "$STAGE/results.txt"
python3 "$ROOT/benchmarks/mutation_summary.py" "$STAGE/results.txt" --equivalent "$ROOT/benchmarks/mutation-equivalent.txt"
