"""Aligned tables for a score result (the JSON output holds the same numbers)."""

from __future__ import annotations

from typing import Any

from ..table import render


def _f(x: float) -> str:
    return f"{100 * x:.2f}"


def tables(result: dict[str, Any]) -> str:
    """The result as tables: modes, per type, per document, then the signature."""
    task, res = result["task"], result["results"]
    modes = [m for m in res if m not in ("per_type", "per_document", "conll2003")]
    out = []
    if task == "entities":
        rows = [
            [
                m,
                _f(res[m]["precision"]),
                _f(res[m]["recall"]),
                _f(res[m]["f1"]),
                _f(res[m]["macro"]["f1"]),
                res[m]["correct"],
                res[m]["incorrect"],
                res[m]["partial"],
                res[m]["missed"],
                res[m]["spurious"],
            ]
            for m in modes
        ]
        out.append(render(["mode", "P", "R", "F1", "macro F1", "COR", "INC", "PAR", "MIS", "SPU"], rows, title=f"Tahaluf {task}"))
        rows = [
            [label, *(_f(v[m]["f1"]) for m in modes), v["strict"]["possible"], v["strict"]["actual"]]
            for label, v in res["per_type"].items()
        ]
        out.append(render(["type", *(f"{m} F1" for m in modes), "gold", "pred"], rows, title="Per type"))
        rows = [
            [m, _f(res["conll2003"][m]["precision"]), _f(res["conll2003"][m]["recall"]), _f(res["conll2003"][m]["f1"])]
            for m in res["conll2003"]
        ]
        out.append(render(["mode", "P", "R", "F1"], rows, title="CoNLL-2003 view (PER/ORG/LOC/MISC)"))
        rows = [
            [doc, _f(v["strict"]["f1"]), _f(v["clitic"]["f1"]), v["strict"]["possible"], v["strict"]["actual"]]
            for doc, v in res["per_document"].items()
        ]
        out.append(render(["document", "strict F1", "clitic F1", "gold", "pred"], rows, title="Per document"))
    else:
        rows = []
        for m in modes:
            extra = f"accuracy {_f(res[m]['accuracy'])}" if "accuracy" in res[m] else ""
            rows.append([m, _f(res[m]["precision"]), _f(res[m]["recall"]), _f(res[m]["f1"]), res[m]["n_gold"], res[m]["n_pred"], extra])
        out.append(render(["mode", "P", "R", "F1", "gold", "pred", "note"], rows, title=f"Tahaluf {task}"))
        label = "kind" if task == "quotes" else "type"
        rows = [[k, _f(v["precision"]), _f(v["recall"]), _f(v["f1"]), v["n_gold"], v["n_pred"]] for k, v in res["per_type"].items()]
        if rows:  # none for the te3 date profile: the toolkit scores no type separately
            out.append(render([label, "P", "R", "F1", "gold", "pred"], rows, title=f"Per {label}"))
        key = "content_overlap" if task == "quotes" else "value"
        rows = [[doc, _f(v[key]["f1"]), v[key]["n_gold"], v[key]["n_pred"]] for doc, v in res["per_document"].items()]
        out.append(render(["document", f"{key} F1", "gold", "pred"], rows, title="Per document"))
    if result["missing"]:
        out.append(f"missing documents scored as empty: {', '.join(result['missing'])}")
    out.append(f"signature: {result['signature']}")
    return "\n\n".join(out)
