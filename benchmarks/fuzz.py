"""The long fuzzing run: the properties of ``tests/fuzzing.py`` for many cases per target.

    python benchmarks/fuzz.py --cases 10000 [--format table|json]

Targets: the validator (a damaged release), the scorer (a damaged prediction file), the loader
(a damaged data file). Every case must end in a clear message and the right exit status; a
traceback or an "internal error" fails the run. The test suite runs the same properties with a
short profile (60 cases each).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tqdm.auto import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import RELEASE_FILES, cases, loader_case, scorer_case, validator_case  # noqa: E402

from tahaluf.release import CONFIGS  # noqa: E402
from tahaluf.table import render  # noqa: E402

TARGETS = {
    "validator": (st.sampled_from(RELEASE_FILES), validator_case),
    "scorer": (st.sampled_from(["entities", "quotes", "dates"]), scorer_case),
    "loader": (st.sampled_from(list(CONFIGS)), loader_case),
}


def run(target: str, count: int) -> dict:
    choice, check = TARGETS[target]
    seen = {"cases": 0}
    work = Path(tempfile.mkdtemp(prefix=f"tahaluf-fuzz-{target}-"))
    bar = tqdm(total=count, desc=f"fuzzing {target}", unit="case")

    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(choice, cases)
    def prop(which, case):
        seen["cases"] += 1
        bar.update(1)
        check(work, which, case)

    start = time.perf_counter()
    failure = None
    try:
        prop()
    except Exception as err:  # a failing case: report it, do not hide it
        failure = f"{type(err).__name__}: {err}"[:2000]
    bar.close()
    return {"target": target, "cases": seen["cases"], "seconds": time.perf_counter() - start, "failure": failure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--targets", nargs="*", default=list(TARGETS), choices=list(TARGETS))
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    results = [run(t, args.cases) for t in args.targets]
    if args.format == "json":
        print(json.dumps(results, indent=2))
    else:
        print(
            render(
                ["target", "cases", "seconds", "result"],
                [[r["target"], r["cases"], f"{r['seconds']:.0f}", r["failure"] or "no traceback, every case handled"] for r in results],
                title="Tahaluf fuzzing",
            )
        )
    sys.exit(1 if any(r["failure"] for r in results) else 0)


if __name__ == "__main__":
    main()
