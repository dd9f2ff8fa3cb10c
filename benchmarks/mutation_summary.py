"""Per-module table of a mutmut run: killed, survived, equivalent and the kill rate.

Reads the output of ``mutmut results --all true`` (lines ``    module.x_function__mutmut_N: status``)
and a list of equivalent mutants (``benchmarks/mutation-equivalent.txt``: a mutant name, then the
reason after ``#``). The kill rate counts timeouts as killed and leaves the equivalent mutants out.

    python3 benchmarks/mutation_summary.py RESULTS [--equivalent FILE] [--format json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+?)\s*$")
DETECTED = ("killed", "timeout", "caught by type check", "segfault")


def module_of(name: str) -> str:
    """The module of a mutant: its name up to the mangled function (``.x_`` or ``.xǁ`` for a method)."""
    return re.split(r"\.x[_ǁ]", name, maxsplit=1)[0]


def read_equivalent(path: Path | None) -> dict[str, str]:
    """Mutant name -> reason, from a file of ``name  # reason`` lines (blank lines and ``#`` lines skipped)."""
    if path is None or not path.is_file():
        return {}
    out: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        if not reason.strip():
            sys.exit(f"{path}:{number}: {name.strip()}: give the reason the mutant is equivalent after '#'")
        out[name.strip()] = reason.strip()
    return out


def summarize(results: dict[str, str], equivalent: dict[str, str]) -> dict[str, dict[str, float | int]]:
    """Counts per module and in total (``ALL``)."""
    table: dict[str, Counter] = {}
    for name, status in results.items():
        for key in (module_of(name), "ALL"):
            row = table.setdefault(key, Counter())
            row["mutants"] += 1
            if status in DETECTED:
                row["killed"] += 1
            elif name in equivalent:
                row["equivalent"] += 1
            else:
                row[status.replace(" ", "_")] += 1
    out: dict[str, dict[str, float | int]] = {}
    for key in sorted(table, key=lambda k: (k == "ALL", k)):
        row = table[key]
        relevant = row["mutants"] - row["equivalent"]
        out[key] = {
            "mutants": row["mutants"],
            "killed": row["killed"],
            "survived": row["survived"],
            "no_tests": row["no_tests"],
            "other": relevant - row["killed"] - row["survived"] - row["no_tests"],
            "equivalent": row["equivalent"],
            "kill_rate": row["killed"] / relevant if relevant else 1.0,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when an equivalent-listed mutant was killed (the list is stale)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--equivalent", type=Path)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    results = {m["name"]: m["status"] for m in map(LINE.match, args.results.read_text(encoding="utf-8").splitlines()) if m}
    equivalent = read_equivalent(args.equivalent)
    stale = sorted(n for n in equivalent if results.get(n) in DETECTED or n not in results)
    table = summarize(results, equivalent)
    if args.format == "json":
        print(json.dumps(table, indent=2))
    else:
        columns = ("mutants", "killed", "survived", "no_tests", "other", "equivalent", "kill_rate")
        print(f"{'module':32} " + " ".join(f"{c:>10}" for c in columns))
        for module, row in table.items():
            cells = [f"{row[c]:>10}" if c != "kill_rate" else f"{100 * row[c]:>9.1f}%" for c in columns]
            print(f"{module:32} " + " ".join(cells))
        left = sorted(n for n, s in results.items() if s not in DETECTED and n not in equivalent)
        if left:
            print("\nnot killed, not listed as equivalent:")
            for name in left:
                print(f"  {name}: {results[name]}")
    for name in stale:
        print(f"{args.equivalent}: {name} is listed as equivalent but was {results.get(name, 'not generated')}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
