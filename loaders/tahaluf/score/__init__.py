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
from dataclasses import dataclass, field
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
    from ..resample import Bootstrap

    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    if isinstance(bootstrap, _Default):
        bootstrap = Bootstrap()
    conventions = get_profile(task, profile)
    if conventions.measures == "te3":  # the toolkit's figures, exactly: no intervals or slices (its matching is token-level)
        bootstrap, slices = None, False
    source = _Source.open(task, Path(pred), gold_file(gold), pred_format, conventions)
    run = _Run(task, conventions, nested, bootstrap, slices, source)
    run.start(per_document, per_document_out)
    try:
        run.read(progress)
    finally:
        source.close()
    missing = run.refuse_faults(allow_missing)
    if tallies_out is not None:
        tallies_out.update(run.tallies)
    return run.output(missing, per_document, per_document_out)


_EMPTY: dict[str, Any] = {"id": "-", "sections": []}


@dataclass
class _Source:
    """Where the documents come from: the gold records and, alongside, the prediction file."""

    pred_path: Path
    gold_path: Path
    pred_format: str
    records: Iterable[dict[str, Any]]
    reader: Any = None  # predictions.Reader for JSON Lines
    conll: dict[str, list[dict[str, Any]]] | None = None  # CoNLL predictions, read whole
    view: str | None = None  # the CoNLL token view the predictions declare

    @classmethod
    def open(cls, task: str, pred_path: Path, gold_path: Path, pred_format: str, conventions: Any) -> _Source:
        """Check the format and the file, and start reading (JSON Lines streamed; CoNLL read whole)."""
        from ..release import iter_values
        from .predictions import Reader, conll_view, load_conll

        if pred_format == "auto":
            pred_format = "conll" if pred_path.suffix.lower() in (".conll", ".iob", ".iob2", ".bio") else "jsonl"
        if pred_format == "conll" and task != "entities":
            raise ValueError("CoNLL predictions are for the entities task only")
        if not pred_path.is_file():
            raise PredictionError([Problem(str(pred_path), None, "-", "-", "prediction file not found")])
        if pred_format != "conll":
            return cls(pred_path, gold_path, pred_format, iter_values(gold_path), reader=Reader(pred_path, task))
        records = list(iter_values(gold_path))
        conll = load_conll(pred_path, records, tuple(conventions.labels.values()))
        with open(pred_path, encoding="utf-8", errors="replace") as handle:
            view = conll_view(handle.readline())
        return cls(pred_path, gold_path, pred_format, records, conll=conll, view=view)

    def take(self, doc: str) -> tuple[int | None, list[dict[str, Any]] | None]:
        """The line (None for CoNLL) and the predicted items of ``doc``, or ``(None, None)`` when absent."""
        if self.conll is not None:
            return None, self.conll.get(doc)
        taken = self.reader.take(doc)
        return taken if taken is not None else (None, None)

    @property
    def faulty(self) -> bool:
        """Whether the prediction file has shown a fault of its own (JSON, schema, order)."""
        return self.reader is not None and bool(self.reader.problems)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()


@dataclass
class _Run:
    """One scoring run: the accumulators, the documents read so far and the faults found."""

    task: str
    conventions: Any
    nested: bool
    bootstrap: Bootstrap | None
    slices: bool
    source: _Source
    accumulator: Any = None
    conll_view: Any = None  # the CoNLL-2003 view of native entity scoring, filled in the same pass
    streamed: bool = False
    tallies: dict[str, Any] = field(default_factory=dict)
    kept: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0  # gold documents read
    missing: list[str] = field(default_factory=list)  # gold documents without a prediction line, in gold order

    def start(self, per_document: bool, per_document_out: Callable[[str, dict[str, Any]], object] | None) -> None:
        """Make the accumulator (and the CoNLL-2003 view and unit tallies it fills)."""
        from . import dates, entities, quotes
        from .units import UnitTally, unit_of

        task, conventions = self.task, self.conventions
        makers = {"entities": entities.EntityScores, "quotes": quotes.QuoteScores, "dates": lambda: dates.accumulator(conventions.measures)}
        acc = self.accumulator = makers[task]()
        if task == "quotes":
            acc.measures = conventions.measures
        self.streamed = per_document_out is not None and task == "entities"
        acc.keep_documents = (per_document or per_document_out is not None) and not self.streamed
        if self.streamed:
            acc.on_document = lambda doc, values: per_document_out(doc, entities.figures(values))
        if task == "entities" and conventions.name == "native":  # the CoNLL-2003 view, scored in the same pass
            from ..mappings import CONLL2003

            self.conll_view = acc.collapsed(CONLL2003)
        if self.bootstrap is not None:
            unit_of(_EMPTY, self.bootstrap.unit)  # an unknown unit is an error before anything is read
            self.tallies["main"] = acc.tally = UnitTally()
            if self.conll_view is not None:
                self.tallies["conll2003"] = self.conll_view.tally = UnitTally()

    def read(self, progress: bool) -> None:
        """Read every gold document with its predictions, checking each and scoring while no fault is seen."""
        records = self.source.records
        if progress:
            from tqdm.auto import tqdm

            total = len(records) if isinstance(records, list) else _count_lines(self.source.gold_path)
            records = tqdm(records, total=total, desc=f"scoring {self.task}", unit="doc")
        for record in records:
            self._document(record)
        if self.source.reader is not None:
            self.source.reader.finish()

    def _document(self, record: dict[str, Any]) -> None:
        from .predictions import check_items
        from .te3 import OverlappingDates

        task, source = self.task, self.source
        doc, text = record["id"], record["text"]
        self.documents += 1
        line, items = source.take(doc)
        if items is not None and source.conll is None and not source.faulty:
            self.problems += check_items(str(source.pred_path), line, doc, task, items, text)
        if items is None:
            items = []
            self.missing.append(doc)
        if self.problems or source.faulty:
            return  # a faulty file is refused: only its checks go on
        conventions = self.conventions
        gold_items = _gold_items(task, {**record, task: conventions.apply(text, record[task])}, self.nested)
        if source.view == "word":  # the gold as the word view can express it: whole words, as the predictions
            from ..profiles import whole_words

            gold_items = whole_words(text, [dict(m) for m in gold_items])
        items = conventions.apply(text, items)
        if self.bootstrap is not None:
            from .units import unit_ids, unit_of

            for tally in self.tallies.values():
                tally.declare(unit_ids(record, self.bootstrap.unit))
            self.accumulator.unit_at = unit_of(record, self.bootstrap.unit)
        if self.slices:
            self.kept.append((record, items))
        try:
            self.accumulator.add_document(doc, text, gold_items, items)
        except OverlappingDates as err:  # te3: TimeML cannot nest TIMEX3 elements
            self.problems.append(Problem(str(source.pred_path), line, doc, "dates", str(err)))

    def refuse_faults(self, allow_missing: bool) -> list[str]:
        """Raise :class:`PredictionError` for a faulty file or (unless allowed) missing documents; else the missing ids."""
        source = self.source
        if source.faulty:
            raise PredictionError(source.reader.problems)
        missing = self.missing
        if missing and not allow_missing:
            shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            what = f"document {missing[0]} is" if len(missing) == 1 else f"{len(missing)} documents are"
            raise PredictionError(
                [Problem(str(source.pred_path), None, "-", "id", f"{what} missing from the predictions: {shown}")],
                "give every gold document a line (an empty list when nothing is predicted), "
                "or pass --allow-missing to score the absent ones as empty",
            )
        if self.problems:
            raise PredictionError(self.problems)
        return missing

    def output(
        self, missing: list[str], per_document: bool, per_document_out: Callable[[str, dict[str, Any]], object] | None
    ) -> dict[str, Any]:
        """The result: figures (with intervals), signature, settings and, when asked, slices."""
        from . import dates, entities, quotes
        from .result import add_intervals, shape
        from .signature import gold_identity, signature

        task, acc, bootstrap = self.task, self.accumulator, self.bootstrap
        results = acc.results()
        results["per_type"] = _per_type(task, acc)
        lazy = task == "entities" and per_document and per_document_out is None  # built when read, after shape()
        results["per_document"] = _per_document(task, acc) if per_document and per_document_out is None and not lazy else {}
        if per_document_out is not None and not self.streamed:
            for doc, figures in shape(_per_document(task, acc)).items():
                per_document_out(doc, figures)
        if self.conll_view is not None:
            collapsed = self.conll_view.results()
            results["conll2003"] = {mode: collapsed[mode] for mode in entities.SCHEMAS}
        results = shape(results)
        if lazy:
            results["per_document"] = acc.document_figures(keep=bootstrap is not None)
        if bootstrap is not None:
            add_intervals(task, results, self.tallies, bootstrap)
        modes = {"entities": entities.MODES, "quotes": quotes.modes(self.conventions.measures), "dates": dates.MODES}[task]
        version, manifest_hash = gold_identity(self.source.gold_path)
        out = {
            "signature": signature(task, modes, version, manifest_hash, self._options()),
            "task": task,
            "documents": self.documents,
            "missing": missing,
            "scale": "0-1",
            "bootstrap": _settings(bootstrap, self.tallies),
            "results": results,
        }
        if self.slices:
            from .slices import score_slices

            out["slices"] = score_slices(task, self.kept, nested=self.nested, bootstrap=bootstrap)
        return out

    def _options(self) -> dict[str, str]:
        """The signature's options: format, profile, token view, nesting and bootstrap settings."""
        options = {"format": self.source.pred_format, "profile": self.conventions.name}
        if self.source.view is not None:
            options["view"] = self.source.view
        if self.task == "entities":
            options["nested"] = "yes" if self.nested else "no"
        if self.bootstrap is not None:
            options.update(dict(part.split(":", 1) for part in self.bootstrap.signature().split("|")))
        return options


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
