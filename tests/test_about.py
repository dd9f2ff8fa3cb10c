"""tahaluf.about: the one copy of the name, title, authors and citation; CITATION.cff agrees with it."""

from __future__ import annotations

import yaml

from tahaluf import about

from conftest import ROOT


def test_citation_cff_agrees_with_about():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["title"] == about.TITLE
    assert [a["name"] for a in cff["authors"]] == [about.AUTHOR]
    assert cff["date-released"] == about.DATE_RELEASED
    assert cff["license-url"] == about.LICENSE_URL


def test_bibtex_and_cite_as():
    assert about.bibtex("9.9.9") == (
        "@misc{tahaluf,\n"
        "  title = {Tahaluf: Arabic news documents with gold entities, quotes and TIMEX3 dates},\n"
        "  author = {{The Tahaluf team}},\n"
        "  year = {2026},\n"
        "  note = {Version 9.9.9}\n"
        "}"
    )
    assert (
        about.cite_as("9.9.9")
        == "The Tahaluf team. Tahaluf: Arabic news documents with gold entities, quotes and TIMEX3 dates. Version 9.9.9, 2026."
    )
