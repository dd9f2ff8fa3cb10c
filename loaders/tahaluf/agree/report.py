"""Rendering an agreement result (the dict of :func:`tahaluf.agree.run`): tables, markdown, disagreements.

Everything here reads only that dict, so the printed table, the JSON, the dataset card and the
docs page cannot disagree.
"""

from __future__ import annotations

from typing import Any

from ..table import render

HEADERS = {"1 vs 2": "pass 1 vs 2", "1 vs gold": "pass 1 vs gold", "2 vs gold": "pass 2 vs gold"}


def cell(score: dict[str, Any] | None) -> str:
    """A value with its interval, ``0.912 [0.871, 0.950]``; undefined (no pairs) is ``n/a``."""
    if not score or score.get("value") is None:
        return "n/a"
    if score.get("low") is None:
        return f"{score['value']:.3f}"
    star = "*" if score.get("outside_interval") else ""
    return f"{score['value']:.3f}{star} [{score['low']:.3f}, {score['high']:.3f}]"


OUTSIDE = "* the value lies outside its interval: the bootstrap distribution of this measure is shifted (see docs/annotation.md)"


def _any_outside(result: dict[str, Any]) -> bool:
    return any(
        (m.get(c) or {}).get("outside_interval")
        for data in result["layers"].values()
        for m in data.get("measures", {}).values()
        for c in result["comparisons"]
    )


def settings_line(result: dict[str, Any]) -> str:
    """How the intervals were made: unit, sample count, seed, confidence."""
    b = result["bootstrap"]
    return (
        f"{b['confidence']:.0%} {b['interval']} bootstrap intervals over {result['unit']}s "
        f"({result['units']} units), {b['samples']:,} samples, seed {b['seed']}"
    )


def tables(result: dict[str, Any]) -> str:
    """One aligned table per layer, then the format notes of its pass files."""
    blocks = []
    for layer, data in result["layers"].items():
        if data["status"] != "measured":
            blocks.append(f"Agreement, {layer} ({result['study']}): pending, {data['reason']}")
            continue
        title = f"Agreement, {layer} ({result['study']}: pass 1 = {data['passes']['1']}, pass 2 = {data['passes']['2']})"
        rows = [[m["label"]] + [cell(m.get(c)) for c in result["comparisons"]] for m in data["measures"].values()]
        lines = [render(["measure"] + [HEADERS[c] for c in result["comparisons"]], rows, title=title)]
        lines.append(f"{data['disagreement_count']} disagreement(s) between pass 1 and pass 2 (list them with --disagreements)")
        if data["problems"]:
            lines.append("format notes:")
            lines += [f"  {p}" for p in data["problems"]]
        blocks.append("\n".join(lines))
    blocks.append(settings_line(result) + (f"\n{OUTSIDE}" if _any_outside(result) else ""))
    return "\n\n".join(blocks)


def disagreement_lines(result: dict[str, Any]) -> str:
    """Every pass 1 / pass 2 disagreement, one line each: document, offsets, surface, what each side said."""
    lines = []
    for layer, data in result["layers"].items():
        if "disagreements" not in data:
            continue
        lines.append(f"{layer}: {len(data['disagreements'])} disagreement(s) between pass 1 and pass 2")
        for d in data["disagreements"]:
            said = [("–" if x is None else x) for x in (d["ref"], d["other"])]
            lines.append(f"  {d['doc']} [{d['start']},{d['end']}) {d['text']!r} {d['field']}: 1={said[0]} | 2={said[1]}")
    return "\n".join(lines)


def markdown(result: dict[str, Any]) -> str:
    """The markdown table of the card and docs: every layer, every measure, the three comparisons."""
    comparisons = result["comparisons"]
    lines = [
        "| layer | measure | " + " | ".join(HEADERS[c] for c in comparisons) + " |",
        "|---|---|" + "---|" * len(comparisons),
    ]
    pending = []
    for layer, data in result["layers"].items():
        if data["status"] != "measured":
            pending.append(layer)
            lines.append(f"| {layer} | study pending: the blind passes have not arrived | " + " | ".join("–" for _ in comparisons) + " |")
            continue
        for m in data["measures"].values():
            lines.append(f"| {layer} | {m['label']} | " + " | ".join(cell(m.get(c)) for c in comparisons) + " |")
    lines.append("")
    if pending:
        folder = f"`passes/{result['study']}/`"
        lines.append(f"Pending ({', '.join(pending)}): no figure until both blind passes of a layer are in {folder}.")
    lines.append(f"Values with {settings_line(result)}.")
    if _any_outside(result):
        lines.append(OUTSIDE.replace("* ", "\\* ", 1) + ".")
    return "\n".join(lines)
