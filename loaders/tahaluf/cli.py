"""The ``tahaluf`` command: one subcommand per job. Heavy modules are imported lazily."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__


def _release(path: str | None) -> Path:
    from .paths import RELEASE_DIR

    return Path(path) if path else RELEASE_DIR


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import CODES, validate_release

    target = _release(args.path)
    if target.is_file() and target.name.endswith(".tar.gz"):
        from .archive import validate_archive

        report = validate_archive(target)
    else:
        report = validate_release(target)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "path": report.path,
                    "documents": report.documents,
                    "errors": len(report.errors),
                    "warnings": len(report.warnings),
                    "problems": [
                        {
                            "file": p.file,
                            "line": p.line,
                            "doc": p.doc,
                            "annotation": p.ann,
                            "level": p.level,
                            "code": p.code,
                            "severity": "error" if p.is_error else "warning",
                            "message": p.message,
                        }
                        for p in report.problems
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in report.problems:
            print(problem.format())
        if report.problems:
            counts = report.codes()
            print("\n".join(f"  {counts[c]:4d}  L{CODES[c][0]} {c}" for c in sorted(counts)))
        print(("OK: " if report.ok else "FAILED: ") + report.summary())
    return 0 if report.ok else 1


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .release import ReleaseError

    release = _release(args.path)
    try:
        counts = build(release, data_files=not args.no_data_files)
    except ReleaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{config} {n}" for config, n in counts.items())
    print(f"built {release}: {rows} rows; manifest and SHA256SUMS written")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from .archive import write_archive
    from .validate import validate_release

    release = _release(args.path)
    report = validate_release(release)
    if not report.ok:
        print(f"error: the release does not validate ({len(report.errors)} error(s)); run 'tahaluf validate'", file=sys.stderr)
        return 1
    archive = write_archive(release, Path(args.out), __version__)
    print(f"wrote {archive} and {archive.name}.sha256 (check with: tahaluf validate {archive})")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .release import ReleaseError, load_documents
    from .stats import summarize, tables

    try:
        records = load_documents(_release(args.path))
    except (ReleaseError, OSError) as err:
        print(f"error: {err} (run 'tahaluf validate' for details)", file=sys.stderr)
        return 1
    summary = summarize(records)
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.format == "json" else tables(summary))
    return 0


def _pass_path(folder: Path, choice: str) -> Path:
    """A pass given as a letter (``a`` -> ``<folder>/pass-a.jsonl``) or as a path."""
    return folder / f"pass-{choice}.jsonl" if len(choice) == 1 else Path(choice)


def cmd_agree(args: argparse.Namespace) -> int:
    from .agree import agree, table_rows
    from .release import ReleaseError
    from .table import render

    release = _release(args.path)
    layers = [args.layer] if args.layer != "all" else ["entities", "quotes", "dates"]
    results = []
    for layer in layers:
        folder = release / "passes" / layer
        a, b = (_pass_path(folder, choice) for choice in (args.a, args.b))
        for path in (a, b):
            if not path.is_file():
                print(f"error: pass file {path} is missing", file=sys.stderr)
                return 2
        try:
            results.append(agree(layer, a, b, release))
        except (ReleaseError, KeyError, TypeError) as err:
            print(f"error: {layer}: cannot read the passes: {err}", file=sys.stderr)
            return 2
    if args.format == "json":
        print(json.dumps({r.layer: r.scores for r in results}, ensure_ascii=False, indent=2))
    else:
        for result in results:
            print(
                render(
                    ["measure", "value", "detail"],
                    table_rows(result),
                    title=f"Agreement, {result.layer} (pass {args.a} vs pass {args.b})",
                )
            )
            if args.disagreements:
                print(f"\n{len(result.disagreements)} disagreement(s):")
                print("\n".join(result.disagreements))
            print()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export
    from .release import ReleaseError

    try:
        written = export(args.format, _release(args.path), Path(args.out), view=args.view, profile=args.profile)
    except (ExportError, ReleaseError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} file(s) to {args.out}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from .score import PredictionError, score
    from .score.report import tables

    try:
        result = score(
            args.task,
            args.pred,
            gold=args.gold,
            allow_missing=args.allow_missing,
            pred_format=args.pred_format,
            nested=args.nested,
            progress=args.progress,
            per_document=not args.no_per_document,
            profile=args.profile,
        )
    except PredictionError as err:
        print(f"error: the prediction file cannot be scored ({len(err.problems)} problem(s)):", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem.format()}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if result["missing"]:
        print(
            f"warning: {len(result['missing'])} document(s) missing from the predictions, scored as empty: {', '.join(result['missing'])}",
            file=sys.stderr,
        )
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json" else tables(result))
    return 0


def cmd_baseline(args: argparse.Namespace) -> int:
    from .baselines import run
    from .release import load_documents
    from .score import score
    from .score.report import tables

    release = _release(args.gold)
    out = Path(args.out or f"tahaluf-baseline-{args.task}.jsonl")
    try:
        run(args.task, load_documents(release), out)
    except ImportError as err:
        print(f"error: this baseline needs an optional package: {err} (pip install -e '.[baselines]')", file=sys.stderr)
        return 2
    result = score(args.task, out, gold=release)
    print(f"predictions written to {out}", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json" else tables(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``tahaluf`` command."""
    parser = argparse.ArgumentParser(prog="tahaluf", description="Tahaluf: Arabic news entities, quotes and dates.")
    parser.add_argument("--version", action="version", version=f"tahaluf {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="validate a release folder or archive (default: the bundled release)")
    p.add_argument("path", nargs="?", help="release folder, or a .tar.gz archive written by 'tahaluf release'")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="write documents.jsonl, the configs' Parquet files, the card metadata and the manifest")
    p.add_argument("path", nargs="?", help="release folder")
    p.add_argument("--no-data-files", action="store_true", help="skip the Parquet files and card metadata")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("release", help="write a tamper-evident release archive (.tar.gz and its .sha256)")
    p.add_argument("path", nargs="?", help="release folder")
    p.add_argument("--out", default="dist", help="output folder (default: dist)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("stats", help="print the summary tables of a release")
    p.add_argument("path", nargs="?", help="release folder")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("score", help="score predictions against the gold (entities, quotes or dates)")
    p.add_argument("--task", required=True, choices=("entities", "quotes", "dates"))
    p.add_argument("--pred", required=True, help="prediction file: JSON Lines, or CoNLL IOB2 for entities")
    p.add_argument("--gold", help="gold release folder or documents.jsonl (default: the bundled release)")
    p.add_argument("--pred-format", choices=("auto", "jsonl", "conll"), default="auto")
    p.add_argument("--allow-missing", action="store_true", help="score documents missing from the predictions as empty")
    p.add_argument("--nested", action="store_true", help="entities: also score nested gold mentions")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--no-per-document", action="store_true", help="leave out the per-document results (very large sets)")
    p.add_argument("--profile", help="convention profile of the task (default: native); see docs/scoring.md")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("baseline", help="run a task's baseline system, write its predictions and score them")
    p.add_argument("task", choices=("entities", "quotes", "dates"))
    p.add_argument("--out", help="prediction file to write (default: tahaluf-baseline-TASK.jsonl)")
    p.add_argument("--gold", help="release folder (default: the bundled release)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_baseline)

    p = sub.add_parser("export", help="export the release as CoNLL IOB2, brat standoff, TimeML or Parquet")
    p.add_argument("--format", required=True, choices=("conll", "brat", "timeml", "parquet"))
    p.add_argument("--out", required=True, help="output folder (created if needed)")
    p.add_argument("--path", help="release folder (default: the bundled release)")
    p.add_argument("--view", choices=("word", "clitic"), default="word", help="conll: token view (default: word)")
    p.add_argument("--profile", help="conll: entity convention profile for the tags (e.g. wojood)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("agree", help="agreement between the two independent annotation passes")
    p.add_argument("layer", choices=("entities", "quotes", "dates", "all"))
    p.add_argument("--path", help="release folder (default: the bundled release)")
    p.add_argument("--a", default="a", help="reference pass: a letter (pass-<letter>.jsonl in passes/<layer>/) or a path")
    p.add_argument("--b", default="b", help="compared pass: a letter or a path (default: b; c is the rules-only pass)")
    p.add_argument("--disagreements", action="store_true", help="list every disagreement (for adjudication)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_agree)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug, not bad input: say so in one line (TAHALUF_DEBUG=1 shows the traceback)
        import os

        if os.environ.get("TAHALUF_DEBUG"):
            raise
        print(f"internal error in 'tahaluf {args.command}': {type(err).__name__}: {err} (please report it)", file=sys.stderr)
        return 70
