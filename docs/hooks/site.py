"""MkDocs hooks: pages generated from the data at build time, and right-to-left Arabic.

Referenced from ``mkdocs.yml`` (``hooks:``). At build time it adds:

- ``reference/schema.md``: the schema reference, rendered from ``schema/*.json`` (no hand copy);
- ``statistics.md``: counts per layer, type and document, with SVG bar charts drawn here;
- ``documents/<id>.md``: one page per document, the text right-to-left with its entities, quotes
  and dates highlighted, a legend, per-layer toggles, hover titles, and sections with anchors;
- ``changelog.md``, ``citation.md``, ``license.md``: the repository files, included.

and, on every page, marks runs of Arabic text ``lang="ar" dir="rtl"`` inside the left-to-right
prose, so that examples read correctly.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
_AR = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
# a run of Arabic words: may hold spaces, Arabic punctuation, digits, «» and / between words, but
# not brackets or Latin punctuation, which belong to the surrounding left-to-right prose
_ARABIC_RUN = re.compile(f"[{_AR}«][{_AR}\\s«»0-9/\\-]*[{_AR}»]|[{_AR}]")
LAYER_COLORS = {"entities": "#1e88e5", "quotes": "#8e24aa", "dates": "#2e7d32"}


# -- hooks -------------------------------------------------------------------------------------


def on_files(files, config):
    """Add the generated pages to the site."""
    from mkdocs.structure.files import File

    from tahaluf.release import load_catalog, load_documents

    records = load_documents(ROOT / "dataset")
    catalog = {e["entity_id"]: e for e in load_catalog(ROOT / "dataset")}
    pages = {
        "reference/schema.md": schema_page(),
        "statistics.md": statistics_page(records),
        "changelog.md": (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").replace("docs/release-policy.md", "release-policy.md"),
        "citation.md": citation_page(),
        "license.md": "# License\n\n```text\n" + (ROOT / "LICENSE").read_text(encoding="utf-8") + "```\n",
        "documents/index.md": documents_index(records),
    }
    for record in records:
        pages[f"documents/{record['id']}.md"] = document_page(record, catalog)
    for uri, content in pages.items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    """Run the snippet of the "first score" page and put the real output of ``tahaluf score`` under it."""
    if page.file.src_uri != "first-score.md":
        return markdown
    return markdown.replace("<!-- first-score-output -->", "```text\n" + first_score_output(markdown) + "\n```")


def first_score_output(markdown: str) -> str:
    """Execute the page's Python snippet in a temporary folder, score its file, return the tables."""
    import contextlib
    import io
    import os
    import tempfile

    from tahaluf.score import score
    from tahaluf.score.report import tables

    snippet = re.search(r"```python\n(.*?)```", markdown, re.S)
    if snippet is None:
        raise ValueError("first-score.md: no python snippet")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(snippet.group(1), "first-score.md", "exec"), {})
            return tables(score("entities", Path(tmp) / "predictions.jsonl"))
        finally:
            os.chdir(cwd)


def on_page_content(content, page, config, files):
    """Mark Arabic runs in text nodes as right-to-left (the document pages mark their own)."""
    if page.file.src_uri.startswith("documents/tahaluf-"):
        return content
    content = content.replace("<td>", '<td dir="auto">')  # a cell that starts in Arabic reads right-to-left
    out = []
    for part in re.split(r"(<[^>]+>)", content):
        if part.startswith("<") or not _ARABIC_RUN.search(part):
            out.append(part)
        else:
            out.append(_ARABIC_RUN.sub(lambda m: f'<span lang="ar" dir="rtl">{m.group(0)}</span>', part))
    return "".join(out)


# -- schema reference --------------------------------------------------------------------------


def _type_of(node: dict[str, Any]) -> str:
    if "$ref" in node:
        return f"[{node['$ref'].rsplit('/', 1)[-1]}](#{node['$ref'].rsplit('/', 1)[-1]})"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" if v is not None else "null" for v in node["enum"])
    if "const" in node:
        return f"`{node['const']}`"
    if "oneOf" in node:
        return " or ".join(_type_of(n) for n in node["oneOf"])
    kind = node.get("type", "any")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array" and "items" in node:
        return f"array of {_type_of(node['items'])}"
    if "pattern" in node:
        kind += f" matching `{node['pattern']}`"
    return kind


def _properties_table(node: dict[str, Any]) -> str:
    required = set(node.get("required", []))
    rows = ["| field | type | required | description |", "|---|---|---|---|"]
    for name, sub in node.get("properties", {}).items():
        desc = sub.get("description", "").replace("|", "\\|")
        kind = _type_of(sub).replace("|", "\\|")
        rows.append(f"| `{name}` | {kind} | {'yes' if name in required else 'no'} | {desc} |")
    return "\n".join(rows)


def schema_page() -> str:
    """The schema reference, one section per schema and per shared definition."""
    from tahaluf.contract import SCHEMA_NAMES, schema

    out = [
        "# Schema reference",
        "",
        "Generated at build time from `schema/*.json` (JSON Schema draft 2020-12); the files are the contract.",
        "",
    ]
    for name in SCHEMA_NAMES:
        if name == "defs":
            continue
        doc = schema(name)
        out += [f"## {doc['title']}", "", f"`schema/{name}.schema.json`: {doc['description']}", ""]
        if doc.get("type") == "object":
            out += [_properties_table(doc), ""]
        for key, sub in doc.get("properties", {}).items():
            items = sub.get("items", {})
            if isinstance(items, dict) and "properties" in items:
                out += [f"Each item of `{key}`:", "", _properties_table(items), ""]
    out += ["## Shared definitions", "", "`schema/defs.schema.json`", ""]
    for name, sub in schema("defs")["$defs"].items():
        out += [f"### {name}", "", sub.get("description", ""), ""]
        if "properties" in sub:
            out += [_properties_table(sub), ""]
        else:
            out += [f"Type: {_type_of(sub)}", ""]
    return "\n".join(out)


# -- statistics ---------------------------------------------------------------------------------


def bar_chart(title: str, counts: dict[str, int], color: str) -> str:
    """A horizontal bar chart as inline SVG."""
    width, bar, gap, label_w = 560, 18, 6, 110
    top = max(counts.values()) if counts else 1
    height = len(counts) * (bar + gap) + 30
    parts = [
        f'<svg class="chart" role="img" aria-label="{html.escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(counts.items()):
        y = 24 + i * (bar + gap)
        w = 0 if not top else int((width - label_w - 60) * value / top)
        parts += [
            f'<text x="0" y="{y + 13}" font-size="12">{html.escape(label)}</text>',
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar}" fill="{color}"/>',
            f'<text x="{label_w + w + 6}" y="{y + 13}" font-size="12">{value}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def statistics_page(records: list[dict[str, Any]]) -> str:
    """Counts per layer, type and document, with charts."""
    from tahaluf.contract import entity_types, quote_kinds, timex_types
    from tahaluf.stats import summarize

    summary = summarize(records)
    total = summary["total"]
    out = [
        "---",
        "hide:",
        "  - toc",
        "---",
        "",
        "# Statistics",
        "",
        "Computed from the release at build time (`tahaluf stats` prints the same tables).",
        "",
        "| document | published | sections | characters | entities | quotes | dates |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in summary["documents"]:
        out.append(
            f"| [{d['id']}](documents/{d['id']}.md) | {d['publication_date']} | {d['sections']} | {d['characters']} | "
            f"{d['entities']} | {d['quotes']} | {d['dates']} |"
        )
    out.append(f"| total | | {total['sections']} | {total['characters']} | {total['entities']} | {total['quotes']} | {total['dates']} |")
    out += ["", f"{total['canonical_entities']} canonical entities are mentioned.", ""]
    for key, labels, title, layer in (
        ("entity_types", entity_types(), "Entities per type", "entities"),
        ("quote_kinds", quote_kinds(), "Quotes per kind", "quotes"),
        ("date_types", timex_types(), "Dates per TIMEX3 type", "dates"),
    ):
        out += [f"## {title}", "", "| document | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
        for d in summary["documents"]:
            out.append(f"| {d['id']} | " + " | ".join(str(d[key].get(label, 0)) for label in labels) + " |")
        out.append("| total | " + " | ".join(str(total[key].get(label, 0)) for label in labels) + " |")
        out += ["", bar_chart(title, {label: total[key].get(label, 0) for label in labels}, LAYER_COLORS[layer]), ""]
    sections = Counter(s["type"] for r in records for s in r["sections"])
    out += ["## Sections per type", "", bar_chart("Sections per type", dict(sections.most_common()), "#6d4c41"), ""]
    return "\n".join(out)


# -- documents ----------------------------------------------------------------------------------


def documents_index(records: list[dict[str, Any]]) -> str:
    out = [
        "# Annotated documents",
        "",
        "Each page shows one document right-to-left with its three layers highlighted.",
        "",
        "| document | published | outlets | entities | quotes | dates |",
        "|---|---|---|---|---|---|",
    ]
    for r in records:
        outlets = ", ".join(o["name_en"] for o in r["outlets"])
        out.append(
            f"| [{r['id']}]({r['id']}.md) | {r['publication_date']['value']} ({r['publication_date']['provenance']}) | "
            f"{outlets} | {len(r['entities'])} | {len(r['quotes'])} | {len(r['dates'])} |"
        )
    return "\n".join(out) + "\n"


def _annotations(record: dict[str, Any], catalog: dict[str, dict]) -> list[dict[str, Any]]:
    anns = []
    for m in record["entities"]:
        name = catalog.get(m["entity_id"], {}).get("name_en", m["entity_id"])
        anns.append(
            {
                "layer": "entities",
                "id": m["id"],
                "start": m["start"],
                "end": m["end"],
                "cls": f"ent ent-{m['type']}",
                "title": f"{m['type']} · {m['entity_id']} ({name})",
            }
        )
    for q in record["quotes"]:
        speaker = q["speaker"] or "anonymous / unnamed"
        if q["speaker"] in catalog:
            speaker += f" ({catalog[q['speaker']]['name_en']})"
        anns.append(
            {
                "layer": "quotes",
                "id": q["id"],
                "start": q["start"],
                "end": q["end"],
                "cls": "quote",
                "title": f"{q['kind']} quote · speaker: {speaker} · cue: {q['cue']['text']}",
            }
        )
        parts = [(q["cue"], "cue", f"cue of {q['id']}")]
        if q["source"]:
            parts.append((q["source"], "source", f"source of {q['id']} · speaker: {speaker}"))
        for span, cls, title in parts:
            anns.append({"layer": "quotes", "id": q["id"], "start": span["start"], "end": span["end"], "cls": cls, "title": title})
    for d in record["dates"]:
        mod = f" · mod {d['mod']}" if d["mod"] else ""
        anns.append(
            {
                "layer": "dates",
                "id": d["id"],
                "start": d["start"],
                "end": d["end"],
                "cls": "date",
                "title": f"{d['type']} {d['value']}{mod} · section {d['section']}",
            }
        )
    return anns


def render_text(text: str, start: int, end: int, anns: list[dict[str, Any]]) -> str:
    """HTML of ``text[start:end]`` with every annotation as nested spans (split at boundaries)."""
    inside = [a for a in anns if a["start"] < end and a["end"] > start]
    cuts = sorted({start, end} | {max(start, min(end, a[k])) for a in inside for k in ("start", "end")})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted((x for x in inside if x["start"] <= a and x["end"] >= b), key=lambda x: (x["start"], -x["end"], x["layer"]))
        piece = html.escape(text[a:b])
        for x in reversed(covering):
            piece = (
                f'<span class="ann {x["cls"]}" data-layer="{x["layer"]}" data-id="{x["layer"]}:{x["id"]}" '
                f'title="{html.escape(x["title"], quote=True)}">{piece}</span>'
            )
        out.append(piece)
    return "".join(out)


def document_page(record: dict[str, Any], catalog: dict[str, dict]) -> str:
    """One document: header, legend and toggles, then each section with its anchor and text."""
    from tahaluf.contract import entity_types

    anns = _annotations(record, catalog)
    pub = record["publication_date"]
    outlets = "; ".join(f"{o['name_en']} ({o['role']})" for o in record["outlets"])
    counts = {layer: len(record[layer]) for layer in ("entities", "quotes", "dates")}
    legend = "".join(f'<span class="ann ent ent-{t} legend-item">{t}</span>' for t in entity_types())
    shown = "entities"  # one layer at a time by default; the others are a click away
    toggles = "".join(
        f'<label><input type="checkbox" class="layer-toggle" data-layer="{layer}"{" checked" if layer == shown else ""}>'
        f" {layer} ({n})</label>"
        for layer, n in counts.items()
    )
    off = " ".join(f"layer-off-{layer}" for layer in counts if layer != shown)
    data = " ".join(f'data-{layer}="{n}"' for layer, n in counts.items())
    sections = []
    for s in record["sections"]:
        anchor = s["anchor_date"]
        label = f"{s['id']} · {s['type']} · anchor {anchor['value'] or 'unknown'} ({anchor['provenance']})"
        sections.append(
            f'<section class="doc-section" data-section="{s["id"]}" data-type="{s["type"]}">'
            f'<div class="section-label" title="{html.escape(anchor["evidence"], quote=True)}">{html.escape(label)}</div>'
            f'<div class="doc-text" dir="rtl" lang="ar">{render_text(record["text"], s["start"], s["end"], anns)}</div></section>'
        )
    return f"""# {record["id"]}

Published **{pub["value"]}** ({pub["provenance"]}) · outlets: {html.escape(outlets)} · source file `{record["source_file"]}` ·
{counts["entities"]} entities, {counts["quotes"]} quotes, {counts["dates"]} dates.
The entity layer is shown first; tick a box above the text to show quotes or dates as well (one layer at a time reads best).
Hover a highlight for its type, canonical entity, speaker or normalized value; hover a section label for the evidence of its anchor date.

<div class="tahaluf-viewer {off}" data-doc="{record["id"]}" {data}>
<div class="viewer-controls">Show: {toggles}</div>
<div class="viewer-legend">
<div class="legend-row" data-layer="entities">Entity types: {legend}</div>
<div class="legend-row" data-layer="quotes">Quotes: <span class="ann quote legend-item">content</span>
<span class="ann cue legend-item">cue</span> <span class="ann source legend-item">source</span></div>
<div class="legend-row" data-layer="dates">Dates: <span class="ann date legend-item">TIMEX3 expression</span></div>
</div>
{"".join(sections)}
</div>
"""


def citation_page() -> str:
    import yaml

    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(text)
    return (
        f"# Citation\n\nCite **{cff['title']}**, version {cff['version']} ({cff['date-released']}), "
        f"license {cff['license']}. The texts remain the copyright of their publishers (see [License](license.md)).\n\n"
        f"```yaml\n{text}```\n\nBibTeX:\n\n```bibtex\n" + _bibtex(cff) + "\n```\n"
    )


def _bibtex(cff: dict[str, Any]) -> str:
    authors = " and ".join(a.get("name") or f"{a.get('family-names')}, {a.get('given-names')}" for a in cff["authors"])
    return (
        f"@misc{{tahaluf,\n  title = {{{cff['title']}}},\n  author = {{{{{authors}}}}},\n  year = {{{cff['date-released'][:4]}}},\n"
        f"  note = {{Version {cff['version']}}}\n}}"
    )
