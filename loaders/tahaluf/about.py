"""What the dataset is called, who made it, how to cite it: the one copy the card, the Hugging Face
builder, Croissant and the loading script read (a test checks that ``CITATION.cff`` agrees)."""

from __future__ import annotations

from ._version import __version__

NAME = "tahaluf"
PRETTY_NAME = "Tahaluf"
TITLE = "Tahaluf: Arabic news documents with gold entities, quotes and TIMEX3 dates"
AUTHOR = "The Tahaluf team"
DATE_RELEASED = "2026-12-03"
YEAR = DATE_RELEASED[:4]
DESCRIPTION = (
    "Tahaluf: five Arabic news documents with gold named entities linked to a catalog, attributed "
    "quotations and TimeML TIMEX3 dates anchored to each section's publication date."
)
LICENSE = "CC-BY-4.0 (annotations); the texts remain the copyright of their publishers"
LICENSE_ID = "cc-by-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def bibtex(version: str = __version__) -> str:
    """The BibTeX entry of the release."""
    return f"""@misc{{tahaluf,
  title = {{{TITLE}}},
  author = {{{{{AUTHOR}}}}},
  year = {{{YEAR}}},
  note = {{Version {version}}}
}}"""


def cite_as(version: str = __version__) -> str:
    """The one-line citation (Croissant's ``citeAs``)."""
    return f"{AUTHOR}. {TITLE}. Version {version}, {YEAR}."
