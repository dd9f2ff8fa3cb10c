"""The ``tahaluf`` command: one subcommand per job. Heavy modules are imported lazily."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._version import __version__
from .contract import LAYERS
from .paths import DatasetNotFoundError

RELEASE_HELP = "release folder (default: the bundled release)"


def _add_release_option(p: argparse.ArgumentParser, help: str = RELEASE_HELP) -> None:
    """The one spelling of the release folder in every command: ``--release DIR``.

    Older spellings (a positional path, ``--path``, ``--gold``) are still accepted but not shown.
    """
    p.add_argument("--release", metavar="DIR", help=help)
    p.add_argument("legacy_path", nargs="?", help=argparse.SUPPRESS)
    p.add_argument("--path", dest="legacy_option", help=argparse.SUPPRESS)
    p.add_argument("--gold", dest="legacy_option", help=argparse.SUPPRESS)


def _release(args: argparse.Namespace) -> Path:
    """The release folder: ``--release``, else ``TAHALUF_DATASET``, else the checkout's or bundled copy."""
    from .paths import release_dir

    given = getattr(args, "release", None) or getattr(args, "legacy_option", None) or getattr(args, "legacy_path", None)
    return release_dir(given or None)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import CODES, validate_archive, validate_release

    target = _release(args)
    report = validate_archive(target) if target.is_file() and target.name.endswith(".tar.gz") else validate_release(target)
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            print(problem.format())
        if report.problems:
            counts = report.codes()
            print("\n".join(f"  {counts[c]:4d}  L{CODES[c][0]} {c}" for c in sorted(counts)))
        print(("OK: " if report.ok else "FAILED: ") + report.summary())
    return 0 if report.ok else 1


def cmd_build(args: argparse.Namespace) -> int:
    from .integrations.build import build
    from .release import ReleaseError

    release = _release(args)
    try:
        counts = build(release, data_files=not args.no_data_files)
    except ReleaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{config} {n}" for config, n in counts.items())
    print(f"built {release}: {rows} rows; manifest and SHA256SUMS written")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from .release.archive import write_archive
    from .validate import validate_release

    release = _release(args)
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
        records = load_documents(_release(args))
    except (ReleaseError, OSError) as err:
        print(f"error: {err} (run 'tahaluf validate' for details)", file=sys.stderr)
        return 1
    summary = summarize(records)
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.format == "json" else tables(summary))
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    from .agree import PassError, disagreement_lines, run, tables
    from .release import ReleaseError
    from .resample import Bootstrap

    layers = LAYERS if args.layer == "all" else (args.layer,)
    settings = Bootstrap(samples=args.samples, seed=args.seed)
    try:
        result = run(_release(args), args.study, layers, settings, disagreements=args.disagreements)
    except PassError as err:
        print(f"error: {len(err.problems)} problem(s) in the pass files:", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except (ValueError, ReleaseError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(tables(result))
        if args.disagreements:
            print()
            print(disagreement_lines(result))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export
    from .release import ReleaseError
    from .score import PredictionError

    try:
        written = export(
            args.format,
            _release(args),
            Path(args.out),
            dates=Path(args.dates) if args.dates else None,
            view=args.view,
            profile=args.profile,
        )
    except (ExportError, ReleaseError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except PredictionError as err:
        print("\n".join(err.report()).replace("cannot be scored", "cannot be exported"), file=sys.stderr)
        return 2
    print(f"wrote {len(written)} file(s) to {args.out}")
    return 0


def _jsonl_writer(handle: Any) -> Callable[[str, dict[str, Any]], None]:
    """A callback that writes one ``{"id", "results"}`` JSON line per document to ``handle``."""

    def write(doc: str, figures: dict[str, Any]) -> None:
        handle.write(json.dumps({"id": doc, "results": figures}, ensure_ascii=False) + "\n")

    return write


def cmd_score(args: argparse.Namespace) -> int:
    from .score import PredictionError, score
    from .score.report import tables

    out = open(args.per_document_out, "w", encoding="utf-8") if args.per_document_out else None  # closed in the finally clause
    try:
        result = score(
            args.task,
            args.pred,
            gold=_release(args),
            allow_missing=args.allow_missing,
            pred_format=args.pred_format,
            nested=args.nested,
            progress=args.progress,
            per_document=not args.no_per_document,
            profile=args.profile,
            per_document_out=_jsonl_writer(out) if out is not None else None,
            bootstrap=_bootstrap(args),
            slices=args.slices,
        )
    except PredictionError as err:
        print("\n".join(err.report()), file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        if out is not None:
            out.close()
    if result["missing"]:
        print(
            f"warning: {len(result['missing'])} document(s) missing from the predictions, scored as empty: {', '.join(result['missing'])}",
            file=sys.stderr,
        )
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json" else tables(result))
    return 0


def _bootstrap(args: argparse.Namespace):
    """The bootstrap settings of the confidence options, or None with ``--no-confidence``."""
    from .resample import Bootstrap

    if getattr(args, "no_confidence", False):
        return None
    if args.samples < 1:
        raise ValueError(f"--samples must be a positive number of bootstrap samples, not {args.samples}")
    if not 0 < args.confidence < 1:
        raise ValueError(f"--confidence must be between 0 and 1 (e.g. 0.95), not {args.confidence}")
    return Bootstrap(samples=args.samples, seed=args.seed, confidence=args.confidence, unit=args.unit)


def cmd_compare(args: argparse.Namespace) -> int:
    from .score import PredictionError
    from .score.compare import compare, table

    if args.trials < 1:
        print(f"error: --trials must be a positive number of randomization trials, not {args.trials}", file=sys.stderr)
        return 2
    try:
        result = compare(
            args.task,
            args.systems,
            gold=_release(args),
            nested=args.nested,
            bootstrap=_bootstrap(args),
            trials=args.trials,
            modes=args.mode,
        )
    except PredictionError as err:
        print("\n".join(err.report()).replace("the prediction file", "a prediction file"), file=sys.stderr)
        return 2
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json" else table(result))
    return 0


def _confidence_options(p: argparse.ArgumentParser, switch: bool = True) -> None:
    from .score.units import UNITS

    if switch:
        p.add_argument("--no-confidence", action="store_true", help="leave out the bootstrap confidence intervals")
    p.add_argument("--samples", type=int, default=1000, help="bootstrap samples (default: 1000)")
    p.add_argument("--seed", type=int, default=12345, help="seed of the bootstrap (default: 12345)")
    p.add_argument("--confidence", type=float, default=0.95, help="confidence level of the intervals (default: 0.95)")
    p.add_argument("--unit", choices=UNITS, default="section", help="resampling unit (default: section)")


def cmd_baseline(args: argparse.Namespace) -> int:
    from .baselines import run
    from .release import load_documents
    from .score import score
    from .score.report import tables

    release = _release(args)
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
    _add_release_option(p, "release folder, or a .tar.gz archive written by 'tahaluf release' (default: the bundled release)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="write documents.jsonl, the configs' Parquet files, the card metadata and the manifest")
    _add_release_option(p)
    p.add_argument("--no-data-files", action="store_true", help="skip the Parquet files and card metadata")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("release", help="write a tamper-evident release archive (.tar.gz and its .sha256)")
    _add_release_option(p)
    p.add_argument("--out", default="dist", help="output folder (default: dist)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("stats", help="print the summary tables of a release")
    _add_release_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("score", help="score predictions against the gold (entities, quotes or dates)")
    p.add_argument("--task", required=True, choices=LAYERS)
    p.add_argument("--pred", required=True, help="prediction file: JSON Lines, or CoNLL IOB2 for entities")
    _add_release_option(p, "gold release folder or its documents.jsonl (default: the bundled release)")
    p.add_argument("--pred-format", choices=("auto", "jsonl", "conll"), default="auto")
    p.add_argument("--allow-missing", action="store_true", help="score documents missing from the predictions as empty")
    p.add_argument("--nested", action="store_true", help="entities: also score nested gold mentions")
    p.add_argument("--progress", action="store_true", help="show a progress bar")
    p.add_argument("--no-per-document", action="store_true", help="leave out the per-document results (very large sets)")
    p.add_argument(
        "--per-document-out",
        metavar="FILE",
        help="write the per-document results to FILE as JSON Lines while scoring, instead of keeping them (memory stays flat)",
    )
    p.add_argument(
        "--profile",
        default="native",
        help="convention profile (default: native): entities wojood, ontonotes, conll2003; quotes parc, citron; "
        "dates te3 (alias timeml: the TempEval-3 toolkit); see docs/scoring.md",
    )
    p.add_argument("--slices", action="store_true", help="also report every measure on diagnostic slices of the gold")
    _confidence_options(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("compare", help="paired bootstrap and approximate randomization tests of systems against the first")
    p.add_argument("--task", required=True, choices=LAYERS)
    p.add_argument("systems", nargs="+", metavar="PRED.jsonl", help="prediction files; the first is the baseline")
    p.add_argument("--release", metavar="DIR", help="gold release folder or its documents.jsonl (default: the bundled release)")
    p.add_argument("--gold", dest="legacy_option", help=argparse.SUPPRESS)
    p.add_argument("--nested", action="store_true", help="entities: also score nested gold mentions")
    p.add_argument("--mode", action="append", help="compare this mode only (repeatable; default: every mode)")
    p.add_argument("--trials", type=int, default=10000, help="approximate randomization trials (default: 10000)")
    _confidence_options(p, switch=False)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("baseline", help="run a task's baseline system, write its predictions and score them")
    p.add_argument("task", choices=LAYERS)
    p.add_argument("--out", help="prediction file to write (default: tahaluf-baseline-TASK.jsonl)")
    _add_release_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_baseline)

    p = sub.add_parser("export", help="export the release as CoNLL IOB2, brat standoff, TimeML or Parquet")
    p.add_argument("--format", required=True, choices=("conll", "brat", "timeml", "parquet"))
    p.add_argument("--out", required=True, help="output folder (created if needed)")
    _add_release_option(p)
    p.add_argument("--dates", help="timeml: a dates prediction file (JSON Lines) to write instead of the gold dates")
    p.add_argument("--view", choices=("word", "clitic"), default="word", help="conll: token view (default: word)")
    p.add_argument("--profile", help="conll: entity convention profile for the tags (e.g. wojood)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("agree", help="agreement of the blind passes: pass 1 vs 2 and each vs the gold, with bootstrap intervals")
    p.add_argument("layer", nargs="?", default="all", choices=(*LAYERS, "all"))
    p.add_argument("--study", default="study", help="folder under passes/: study (default) or history/v1")
    _add_release_option(p)
    p.add_argument("--disagreements", action="store_true", help="list every pass 1 / pass 2 disagreement (for adjudication)")
    p.add_argument("--samples", type=int, default=1000, help="bootstrap samples (default: 1000)")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default: 12345)")
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
    except DatasetNotFoundError as err:  # no release found: say what to do
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug, not bad input: say so in one line (TAHALUF_DEBUG=1 shows the traceback)
        import os

        if os.environ.get("TAHALUF_DEBUG"):
            raise
        print(f"internal error in 'tahaluf {args.command}': {type(err).__name__}: {err} (please report it)", file=sys.stderr)
        return 70
