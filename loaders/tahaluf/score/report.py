"""Aligned tables for a score result (the JSON output holds the same numbers, as 0-1 proportions;
the tables print them as percentages, with the bootstrap interval beside each figure)."""

from __future__ import annotations

from typing import Any

from ..table import render

PERCENT = "scores in percent"
COUNTS = ("correct", "incorrect", "partial", "missed", "spurious")


def _f(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"


def _ci(figure: dict[str, Any], key: str) -> str:
    bounds = (figure.get("interval") or {}).get(key)
    return "-" if not bounds else f"[{_f(bounds[0])}, {_f(bounds[1])}]"


def _with_ci(figure: dict[str, Any], keys: tuple[str, ...], intervals: bool) -> list[str]:
    out = []
    for key in keys:
        out.append(_f(figure[key]))
        if intervals:
            out.append(_ci(figure, key))
    return out


def _headers(names: tuple[str, ...], intervals: bool, level: str) -> list[str]:
    out = []
    for name in names:
        out += [name, f"{name} {level}"] if intervals else [name]
    return out


def tables(result: dict[str, Any]) -> str:
    """The result as tables: modes, per type, per document, slices, then the signature."""
    task, res = result["task"], result["results"]
    settings = result.get("bootstrap")
    ci = settings is not None
    level = f"{100 * settings['confidence']:g}% CI" if ci else ""
    prf = ("P", "R", "F1")
    keys = ("precision", "recall", "f1")
    modes = [m for m in res if m not in ("per_type", "per_document", "conll2003")]
    out = []
    title = f"Tahaluf {task} ({PERCENT}" + (f"; {level} by bootstrap over {settings['units']} {settings['unit']}s)" if ci else ")")
    if task == "entities":
        rows = [[m, *_with_ci(res[m], keys, ci), *_with_ci(res[m]["macro"], ("f1",), ci), *(res[m][k] for k in COUNTS)] for m in modes]
        headers = ["mode", *_headers(prf, ci, level), *_headers(("macro F1",), ci, level), "COR", "INC", "PAR", "MIS", "SPU"]
        out.append(render(headers, rows, title=title))
        rows = [
            [label, *(x for m in modes for x in _with_ci(v[m], ("f1",), ci)), v["strict"]["gold"], v["strict"]["predicted"]]
            for label, v in res["per_type"].items()
        ]
        out.append(render(["type", *(h for m in modes for h in _headers((f"{m} F1",), ci, level)), "gold", "pred"], rows, title="Per type"))
        rows = [[m, *_with_ci(res["conll2003"][m], keys, ci)] for m in res["conll2003"]]
        out.append(render(["mode", *_headers(prf, ci, level)], rows, title="CoNLL-2003 view (PER/ORG/LOC/MISC)"))
        rows = [
            [doc, *_with_ci(v["strict"], ("f1",), ci), *_with_ci(v["clitic"], ("f1",), ci), v["strict"]["gold"], v["strict"]["predicted"]]
            for doc, v in res["per_document"].items()
        ]
        out.append(render(["document", *_headers(("strict F1", "clitic F1"), ci, level), "gold", "pred"], rows, title="Per document"))
    else:
        rows = []
        for m in modes:
            extra = f"accuracy {_f(res[m]['accuracy'])}" + (f" {_ci(res[m], 'accuracy')}" if ci else "") if "accuracy" in res[m] else ""
            rows.append([m, *_with_ci(res[m], keys, ci), res[m]["gold"], res[m]["predicted"], extra])
        out.append(render(["mode", *_headers(prf, ci, level), "gold", "pred", "note"], rows, title=title))
        label = "kind" if task == "quotes" else "type"
        rows = [[k, *_with_ci(v, keys, ci), v["gold"], v["predicted"]] for k, v in res["per_type"].items()]
        if rows:  # none for the te3 date profile: the toolkit scores no type separately
            out.append(render([label, *_headers(prf, ci, level), "gold", "pred"], rows, title=f"Per {label}"))
        key = "content_overlap" if task == "quotes" else "value"
        rows = [[doc, *_with_ci(v[key], ("f1",), ci), v[key]["gold"], v[key]["predicted"]] for doc, v in res["per_document"].items()]
        out.append(render(["document", *_headers((f"{key} F1",), ci, level), "gold", "pred"], rows, title="Per document"))
    if result.get("slices"):
        out.append(slice_table(result))
    if result["missing"]:
        out.append(f"missing documents scored as empty: {', '.join(result['missing'])}")
    out.append(f"signature: {result['signature']}")
    return "\n\n".join(out)


HEADLINE = {"entities": "strict", "quotes": "content_overlap", "dates": "value"}


def slice_table(result: dict[str, Any]) -> str:
    """One row per slice: its sizes and the F1 of every mode (with intervals when computed)."""
    ci = result.get("bootstrap") is not None
    rows = []
    modes: list[str] = []
    for family, entry in result["slices"].items():
        for name, data in entry["slices"].items():
            modes = modes or list(data["results"])
            rows.append(
                [
                    f"{family}: {name}",
                    data["gold"],
                    data["predicted"],
                    *(x for m in modes for x in _with_ci(data["results"][m], ("f1",), ci)),
                ]
            )
    level = f"{100 * result['bootstrap']['confidence']:g}% CI" if ci else ""
    headers = ["slice", "gold", "pred", *(h for m in modes for h in _headers((f"{m} F1",), ci, level))]
    return render(headers, rows, title=f"Slices ({PERCENT}; a prediction belongs to a slice as docs/reading-scores.md says)")
