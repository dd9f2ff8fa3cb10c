"""Every example quoted in the guidelines occurs in the data with the decision the guideline states."""

from __future__ import annotations

import pytest

from tahaluf.examples import check, parse

from conftest import ROOT

GUIDELINES = ROOT / "docs" / "guidelines"
LAYERS = ("entities", "quotes", "dates")


@pytest.mark.parametrize("layer", LAYERS)
def test_guideline_examples_match_the_gold(layer, records):
    path = GUIDELINES / f"{layer}.md"
    if not path.is_file():
        pytest.skip(f"docs/guidelines/{layer}.md is not written yet")
    if not any(r[layer] for r in records):
        pytest.skip(f"the {layer} layer is not annotated yet")
    examples = parse(path)
    assert len(examples) >= 10, "each rule needs real examples"
    by_id = {r["id"]: r for r in records}
    failures = [f"{e.where()} {e.doc} {e.span!r}: {reason}" for e in examples if (reason := check(e, by_id, layer))]
    assert failures == [], "\n".join(failures)


def test_example_parser_reads_rows(tmp_path):
    page = tmp_path / "g.md"
    page.write_text(
        "text\n\n| doc | context | span | decision |\n|---|---|---|---|\n| tahaluf-000 | قال المبعوث | المبعوث | none |\n\nafter\n",
        encoding="utf-8",
    )
    (example,) = parse(page)
    assert (example.doc, example.context, example.span, example.decision, example.line) == (
        "tahaluf-000",
        "قال المبعوث",
        "المبعوث",
        "none",
        5,
    )
