"""Benchmark scoring of entity, quote and date predictions against the Tahaluf gold.

``score(task, pred)`` validates the prediction file first (every fault named by file, line,
document and field), then streams the gold documents one at a time, so memory does not grow with
the number of documents, and returns ``{"signature", "task", "results", ...}``.
"""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path
from typing import Any

from ..contract import LAYERS
from ..release import iter_values as _gold_records
from .predictions import PredictionError, Problem

TASKS = LAYERS
__all__ = ["TASKS", "PredictionError", "score"]
_ID = re.compile(r'^\{"id": "([^"\\]+)"')


def gold_file(gold: str | Path | None) -> Path:
    """The gold ``documents.jsonl`` of a release folder, a file, or the bundled release."""
    from ..paths import RELEASE_DIR

    path = Path(gold) if gold is not None else RELEASE_DIR
    return path / "documents.jsonl" if path.is_dir() else path


def _gold_ids(path: Path) -> list[str]:
    ids = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = _ID.match(line)
            # interned: the prediction index reuses the same string objects (memory at 100k documents)
            ids.append(sys.intern(match.group(1) if match else json.loads(line)["id"]))
    return ids


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
) -> dict[str, Any]:
    """Score a prediction file for ``task`` (entities, quotes or dates) against the gold.

    ``pred_format`` is ``jsonl``, ``conll`` (entities only, aligned to the ``ner`` view) or
    ``auto`` (by file suffix). A document missing from the predictions is an error unless
    ``allow_missing``, in which case it is scored as empty and listed under ``missing``.
    Entities are scored against the outermost gold mentions unless ``nested``. Without
    ``per_document`` the per-document results are not kept (for very large prediction sets).
    Raises :class:`PredictionError` for any malformed, misaligned or incomplete prediction file.
    """
    from . import dates, entities, quotes
    from .predictions import check_items, index_jsonl, load_conll, read_items
    from .signature import gold_identity, signature

    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    pred_path, gold_path = Path(pred), gold_file(gold)
    if pred_format == "auto":
        pred_format = "conll" if pred_path.suffix.lower() in (".conll", ".iob", ".iob2", ".bio") else "jsonl"
    if pred_format == "conll" and task != "entities":
        raise ValueError("CoNLL predictions are for the entities task only")
    if not pred_path.is_file():
        raise PredictionError([Problem(str(pred_path), None, "-", "-", "prediction file not found")])
    ids = _gold_ids(gold_path)
    conll = None
    index = None
    if pred_format == "conll":
        conll = load_conll(pred_path, list(_gold_records(gold_path)))
        given = set(conll)
    else:
        index = index_jsonl(pred_path, task, set(ids))
        given = set(index.lines)
    missing = [doc for doc in ids if doc not in given]
    if missing and not allow_missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        what = f"document {missing[0]} is" if len(missing) == 1 else f"{len(missing)} documents are"
        raise PredictionError(
            [Problem(str(pred_path), None, "-", "id", f"{what} missing from the predictions: {shown}")],
            "give every gold document a line (an empty list when nothing is predicted), "
            "or pass --allow-missing to score the absent ones as empty",
        )
    accumulator = {"entities": entities.EntityScores, "quotes": quotes.QuoteScores, "dates": dates.DateScores}[task]()
    accumulator.keep_documents = per_document
    conll_view = entities.EntityScores() if task == "entities" else None
    if conll_view is not None:
        conll_view.keep_documents = False
    problems: list[Problem] = []
    records = _gold_records(gold_path)
    if progress:
        from tqdm.auto import tqdm

        records = tqdm(records, total=len(ids), desc=f"scoring {task}", unit="doc")
    handle = open(pred_path, "rb") if index is not None else None
    try:
        for record in records:
            doc, text = record["id"], record["text"]
            if conll is not None:
                items = conll.get(doc, [])
            elif doc in index.lines:
                line, items = read_items(index, handle, doc, task)
                problems += check_items(str(pred_path), line, doc, task, items, text)
                if problems:
                    continue
            else:
                items = []
            gold_items = _gold_items(task, record, nested)
            accumulator.add_document(doc, text, gold_items, items)
            if conll_view is not None:
                from ..mappings import CONLL2003

                conll_view.add_document(doc, text, gold_items, items, mapping=CONLL2003)
    finally:
        if handle is not None:
            handle.close()
    if problems:
        raise PredictionError(problems)
    results = accumulator.results()
    results["per_type"] = _per_type(task, accumulator)
    results["per_document"] = _per_document(task, accumulator) if per_document else {}
    if conll_view is not None:
        collapsed = conll_view.results()
        results["conll2003"] = {mode: collapsed[mode] for mode in entities.SCHEMAS}
    modes = {"entities": entities.MODES, "quotes": quotes.MODES, "dates": dates.MODES}[task]
    version, manifest_hash = gold_identity(gold_path)
    options = {"format": pred_format}
    if task == "entities":
        options["nested"] = "yes" if nested else "no"
    return {
        "signature": signature(task, modes, version, manifest_hash, options),
        "task": task,
        "documents": len(ids),
        "missing": missing,
        "results": results,
    }


def _per_type(task: str, acc) -> dict[str, Any]:
    from ..spans import PRF

    if task == "entities":
        return {label: {mode: counts.as_dict(mode) for mode, counts in modes.items()} for label, modes in sorted(acc.per_type.items())}
    # quotes: per kind (exact content and kind); dates: per TIMEX3 type (relaxed, same type and value)
    return {label: PRF(v[0], v[1], v[2]).as_dict() for label, v in sorted(acc.per_type.items())}


def _per_document(task: str, acc) -> dict[str, Any]:
    if task == "entities":
        return {doc: {mode: counts.as_dict(mode) for mode, counts in modes.items()} for doc, modes in acc.per_document.items()}
    return {doc: {mode: prf.as_dict() for mode, prf in modes.items()} for doc, modes in acc.per_document.items()}


class _CallableModule(types.ModuleType):
    """Lets ``tahaluf.score(task, pred, ...)`` call :func:`score` while ``tahaluf.score`` stays a package."""

    def __call__(self, *args, **kwargs):
        return score(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
