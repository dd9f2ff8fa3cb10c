"""Benchmark scoring of entity, quote and date predictions against the Tahaluf gold.

``score(task, pred)`` streams the gold documents one at a time and reads the prediction file
alongside (each gold line and, when the predictions follow the gold's order, each prediction line
read and parsed once), checking every line as it goes; a file with any fault is refused as a whole
(every fault named by file, line, document and field). Memory does not grow with the number of
documents (entity figures per document are kept as counts until read). Returns ``{"signature",
"task", "results", ...}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..contract import LAYERS
from .predictions import PredictionError, Problem

if TYPE_CHECKING:
    from ..resample import Bootstrap

TASKS = LAYERS
__all__ = ["TASKS", "PredictionError", "score"]


class _Default:
    """The default bootstrap settings, resolved when scoring (numpy is imported only then)."""

    def __repr__(self) -> str:
        return "DEFAULT_BOOTSTRAP"


_DEFAULT = _Default()


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_BOOTSTRAP":  # 1,000 samples of the sections, seed 12345, 95% percentile interval
        from ..resample import Bootstrap

        return Bootstrap()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def gold_file(gold: str | Path | None) -> Path:
    """The gold ``documents.jsonl`` of a release folder, a file, or the bundled release."""
    from ..paths import RELEASE_DIR

    path = Path(gold) if gold is not None else RELEASE_DIR
    return path / "documents.jsonl" if path.is_dir() else path


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _gold_items(task: str, record: dict[str, Any], nested: bool) -> list[dict[str, Any]]:
    items = record[task]
    if task == "entities" and not nested:
        from ..tokens import outermost

        items = outermost(items)
    return items


def score(
    task: str,
    pred: str | Path,
    gold: str | Path | None = None,
    allow_missing: bool = False,
    pred_format: str = "auto",
    nested: bool = False,
    progress: bool = False,
    per_document: bool = True,
    profile: str | None = None,
    bootstrap: Bootstrap | None | _Default = _DEFAULT,
    slices: bool = False,
    tallies_out: dict | None = None,
    per_document_out: Callable[[str, dict[str, Any]], object] | None = None,
) -> dict[str, Any]:
    """Score a prediction file for ``task`` (entities, quotes or dates) against the gold.

    ``pred_format`` is ``jsonl``, ``conll`` (entities only, aligned to the ``ner`` view) or
    ``auto`` (by file suffix). A document missing from the predictions is an error unless
    ``allow_missing``, in which case it is scored as empty and listed under ``missing``.
    Entities are scored against the outermost gold mentions unless ``nested``. Without
    ``per_document`` the per-document results are not kept (for very large prediction sets).
    ``profile`` names a convention profile of the task (:mod:`tahaluf.profiles`, default
    ``native``), applied to the gold and to the predictions before matching; the signature names it.
    For dates, ``te3`` (alias ``timeml``) is the official TempEval-3 toolkit's token-level scoring
    (see :mod:`tahaluf.score.te3`), reported without intervals or slices.
    With ``bootstrap`` (the default settings unless None), every figure gets a percentile
    ``interval`` from resampling units (sections by default; see :mod:`tahaluf.score.units`), and
    the settings enter the signature. With ``slices``, the measures are also reported on subsets of
    the gold (see :mod:`tahaluf.score.slices`) under ``slices``. ``tallies_out`` (a dict) receives the
    per-unit counts (what :mod:`tahaluf.score.compare` resamples). With ``per_document_out``, each
    document's figures (no intervals) are passed to it, ``(id, {mode: figure})``, instead of being kept
    under ``per_document``: entity documents as they are scored, so memory does not grow with them.
    Raises :class:`PredictionError` for any malformed, misaligned or incomplete prediction file.
    """
    from ..profiles import get_profile
    from ..release import iter_values as _gold_records
    from ..resample import Bootstrap
    from . import dates, entities, quotes
    from .predictions import Reader, check_items, load_conll
    from .result import add_intervals, shape
    from .signature import gold_identity, signature
    from .te3 import OverlappingDates
    from .units import UnitTally, unit_ids, unit_of

    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    if isinstance(bootstrap, _Default):
        bootstrap = Bootstrap()
    conventions = get_profile(task, profile)
    if conventions.measures == "te3":  # the toolkit's figures, exactly: no intervals or slices (its matching is token-level)
        bootstrap, slices = None, False
    pred_path, gold_path = Path(pred), gold_file(gold)
    if pred_format == "auto":
        pred_format = "conll" if pred_path.suffix.lower() in (".conll", ".iob", ".iob2", ".bio") else "jsonl"
    if pred_format == "conll" and task != "entities":
        raise ValueError("CoNLL predictions are for the entities task only")
    if not pred_path.is_file():
        raise PredictionError([Problem(str(pred_path), None, "-", "-", "prediction file not found")])
    conll = None
    reader = None
    view = None
    if pred_format == "conll":
        from .predictions import conll_view

        records: Iterable[dict[str, Any]] = list(_gold_records(gold_path))
        conll = load_conll(pred_path, records, tuple(conventions.labels.values()))
        with open(pred_path, encoding="utf-8", errors="replace") as handle:
            view = conll_view(handle.readline())
    else:
        reader = Reader(pred_path, task)
        records = _gold_records(gold_path)
    accumulator = {
        "entities": entities.EntityScores,
        "quotes": quotes.QuoteScores,
        "dates": lambda: dates.accumulator(conventions.measures),
    }[task]()
    if task == "quotes":
        accumulator.measures = conventions.measures
    streamed = per_document_out is not None and task == "entities"
    accumulator.keep_documents = (per_document or per_document_out is not None) and not streamed
    if streamed:
        accumulator.on_document = lambda doc, values: per_document_out(doc, entities.figures(values))
    conll_view = None
    if task == "entities" and conventions.name == "native":  # the CoNLL-2003 view, scored in the same pass
        from ..mappings import CONLL2003

        conll_view = accumulator.collapsed(CONLL2003)
    tallies: dict[str, UnitTally] = {}
    if bootstrap is not None:
        unit_of(_EMPTY, bootstrap.unit)  # an unknown unit is an error before anything is read
        tallies["main"] = accumulator.tally = UnitTally()
        if conll_view is not None:
            tallies["conll2003"] = conll_view.tally = UnitTally()
    kept: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    problems: list[Problem] = []
    ids: list[str] = []
    given: set[str] = set()
    if progress:
        from tqdm.auto import tqdm

        total = len(records) if isinstance(records, list) else _count_lines(gold_path)
        records = tqdm(records, total=total, desc=f"scoring {task}", unit="doc")
    try:
        for record in records:
            doc, text = record["id"], record["text"]
            ids.append(doc)
            line = None
            if conll is not None:
                items = conll.get(doc)
            else:
                taken = reader.take(doc)
                line, items = taken if taken is not None else (None, None)
                if items is not None and not reader.problems:
                    problems += check_items(str(pred_path), line, doc, task, items, text)
            if items is None:
                items = []
            else:
                given.add(doc)
            if problems or (reader is not None and reader.problems):
                continue  # a faulty file is refused: only its checks go on
            gold_items = _gold_items(task, {**record, task: conventions.apply(text, record[task])}, nested)
            if view == "word":  # the gold as the word view can express it: whole words, as the predictions
                from ..profiles import whole_words

                gold_items = whole_words(text, [dict(m) for m in gold_items])
            items = conventions.apply(text, items)
            if bootstrap is not None:
                at = unit_of(record, bootstrap.unit)
                for tally in tallies.values():
                    tally.declare(unit_ids(record, bootstrap.unit))
                accumulator.unit_at = at
            if slices:
                kept.append((record, items))
            try:
                accumulator.add_document(doc, text, gold_items, items)
            except OverlappingDates as err:  # te3: TimeML cannot nest TIMEX3 elements
                problems.append(Problem(str(pred_path), line, doc, "dates", str(err)))
        if reader is not None:
            reader.finish(set(ids))
    finally:
        if reader is not None:
            reader.close()
    if reader is not None and reader.problems:
        raise PredictionError(reader.problems)
    missing = [doc for doc in ids if doc not in given]
    if missing and not allow_missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        what = f"document {missing[0]} is" if len(missing) == 1 else f"{len(missing)} documents are"
        raise PredictionError(
            [Problem(str(pred_path), None, "-", "id", f"{what} missing from the predictions: {shown}")],
            "give every gold document a line (an empty list when nothing is predicted), "
            "or pass --allow-missing to score the absent ones as empty",
        )
    if problems:
        raise PredictionError(problems)
    results = accumulator.results()
    results["per_type"] = _per_type(task, accumulator)
    lazy = task == "entities" and per_document and per_document_out is None  # built when read, after shape()
    results["per_document"] = _per_document(task, accumulator) if per_document and per_document_out is None and not lazy else {}
    if per_document_out is not None and not streamed:
        for doc, figures in shape(_per_document(task, accumulator)).items():
            per_document_out(doc, figures)
    if conll_view is not None:
        collapsed = conll_view.results()
        results["conll2003"] = {mode: collapsed[mode] for mode in entities.SCHEMAS}
    results = shape(results)
    if lazy:
        results["per_document"] = accumulator.document_figures(keep=bootstrap is not None)
    if tallies_out is not None:
        tallies_out.update(tallies)
    if bootstrap is not None:
        add_intervals(task, results, tallies, bootstrap)
    modes = {"entities": entities.MODES, "quotes": quotes.modes(conventions.measures), "dates": dates.MODES}[task]
    version, manifest_hash = gold_identity(gold_path)
    options = {"format": pred_format, "profile": conventions.name}
    if view is not None:
        options["view"] = view
    if task == "entities":
        options["nested"] = "yes" if nested else "no"
    if bootstrap is not None:
        options.update(dict(part.split(":", 1) for part in bootstrap.signature().split("|")))
    out = {
        "signature": signature(task, modes, version, manifest_hash, options),
        "task": task,
        "documents": len(ids),
        "missing": missing,
        "scale": "0-1",
        "bootstrap": _settings(bootstrap, tallies),
        "results": results,
    }
    if slices:
        from .slices import score_slices

        out["slices"] = score_slices(task, kept, nested=nested, bootstrap=bootstrap)
    return out


_EMPTY: dict[str, Any] = {"id": "-", "sections": []}


def _settings(bootstrap: Bootstrap | None, tallies: dict) -> dict[str, Any] | None:
    if bootstrap is None:
        return None
    return {
        "samples": bootstrap.samples,
        "seed": bootstrap.seed,
        "confidence": bootstrap.confidence,
        "unit": bootstrap.unit,
        "units": len(tallies["main"].units) if "main" in tallies else 0,
    }


def _per_type(task: str, acc) -> dict[str, Any]:
    from ..spans import PRF

    if task == "entities":
        return {label: {mode: counts.as_dict(mode) for mode, counts in modes.items()} for label, modes in sorted(acc.per_type.items())}
    # quotes: per kind (exact content and kind); dates: per TIMEX3 type (relaxed, same type and value)
    return {label: PRF(v[0], v[1], v[2]).as_dict() for label, v in sorted(acc.per_type.items())}


def _per_document(task: str, acc) -> dict[str, Any]:
    """Quotes and dates: the figures of every document (entities build theirs when read: ``document_figures``)."""
    return {doc: {mode: prf.as_dict() for mode, prf in modes.items()} for doc, modes in acc.per_document.items()}
