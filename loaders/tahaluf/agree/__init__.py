"""Agreement study: pass vs pass and each pass vs the gold, with bootstrap intervals.

``run`` reads ``passes/<study>/<layer>/pass-1.jsonl`` and ``pass-2.jsonl`` (the history folder's
``pass-a``/``pass-b`` are read as 1 and 2), compares pass 1 with pass 2, pass 1 with the gold and
pass 2 with the gold, and returns one JSON-ready dict. Every measure is a function of counts summed
over units, the sections of the documents; its interval is the percentile interval over bootstrap
samples of the sections (:mod:`tahaluf.resample`). The tables, the dataset card's table and the docs
are rendered from that dict only (:mod:`tahaluf.agree.report`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..resample import Bootstrap
from . import dates, entities, quotes
from .passes import PassError, Side, check_catalog, gold_side, load_corpus, read_pass
from .report import disagreement_lines, markdown, tables

__all__ = ["LAYERS", "PassError", "markdown_summary", "run", "tables", "disagreement_lines", "markdown"]

LAYERS = {"entities": entities, "quotes": quotes, "dates": dates}
COMPARISONS = (("1 vs 2", "1", "2"), ("1 vs gold", "gold", "1"), ("2 vs gold", "gold", "2"))
NAMINGS = (("1", "2"), ("a", "b"))  # study passes, then the history folder's letters


def pass_files(folder: Path) -> tuple[Path, Path] | None:
    """The two passes of a layer folder, or None when they are not both there."""
    for one, two in NAMINGS:
        first, second = folder / f"pass-{one}.jsonl", folder / f"pass-{two}.jsonl"
        if first.is_file() and second.is_file():
            return first, second
    return None


def _layer(release: Path, study: str, layer: str, corpus, settings: Bootstrap, with_disagreements: bool) -> dict[str, Any]:
    folder = release / "passes" / study / layer
    rel = folder.relative_to(release).as_posix()
    files = pass_files(folder)
    if files is None:
        return {"status": "pending", "folder": rel, "reason": f"{rel}/pass-1.jsonl and pass-2.jsonl are not there yet"}
    sides: dict[str, Side] = {"gold": gold_side(layer, corpus)}
    problems: list[str] = []
    for key, path in zip(("1", "2"), files):
        label = f"{rel}/{path.name}"
        sides[key] = read_pass(path, layer, corpus, f"pass {key}", label)
        problems += sides[key].problems
        catalog = path.with_name(path.name.replace("pass-", "catalog-"))
        if layer == "entities" and catalog.is_file():
            problems += check_catalog(catalog, sides[key], f"{rel}/{catalog.name}")
    module = LAYERS[layer]
    measures: dict[str, dict[str, Any]] = {name: {"label": label} for name, label in module.MEASURES.items()}
    found: list[dict] = []
    for comparison, ref, other in COMPARISONS:
        computed, listed = module.compare(sides[ref], sides[other], corpus)
        for name, measure in computed.items():
            measures[name][comparison] = measure.evaluate(settings)
        if comparison == "1 vs 2":
            found = sorted(listed, key=lambda d: (d["doc"], d["start"], d["end"], d["field"]))
    result: dict[str, Any] = {
        "status": "measured",
        "folder": rel,
        "passes": {"1": files[0].name, "2": files[1].name},
        "problems": problems,
        "measures": measures,
        "disagreement_count": len(found),
    }
    if with_disagreements:
        result["disagreements"] = found
    return result


def run(
    release: Path,
    study: str = "study",
    layers: tuple[str, ...] = tuple(LAYERS),
    settings: Bootstrap | None = None,
    disagreements: bool = False,
) -> dict[str, Any]:
    """Measure the agreement of ``layers`` in ``passes/<study>/`` of ``release``.

    Raises :class:`PassError` (one line per problem) when a pass file cannot be used, and
    ``ValueError`` when the study folder does not exist.
    """
    settings = settings or Bootstrap()
    if not (release / "passes" / study).is_dir():
        raise ValueError(f"no study folder passes/{study} in {release}; use 'study' or 'history/v1'")
    corpus = load_corpus(release)
    return {
        "study": study,
        "comparisons": [c for c, _, _ in COMPARISONS],
        "reference": "recall = matched / items of the reference side: the gold in 'N vs gold', pass 1 in '1 vs 2'",
        "unit": settings.unit,
        "units": len(corpus.units),
        "bootstrap": {
            "samples": settings.samples,
            "seed": settings.seed,
            "confidence": settings.confidence,
            "interval": "percentile",
            "signature": settings.signature(),
        },
        "layers": {layer: _layer(release, study, layer, corpus, settings, disagreements) for layer in layers},
    }


def markdown_summary(release: Path) -> str:
    """The agreement table of the dataset card and ``docs/annotation.md``: the study, all layers."""
    return markdown(run(release, "study"))
