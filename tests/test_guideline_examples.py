"""The guidelines come in two parts per layer.

- The rule book, ``docs/guidelines/<layer>.md``, is what a new annotator reads. Its examples are
  constructed or taken from other news: it quotes no span of the five documents, names none of
  their ids and lists no catalog entity id, so that an annotator who reads it cannot copy answers.
- The appendix, ``docs/guidelines/appendix-<layer>.md``, records the corpus decisions as example
  rows that are machine-checked against the gold.
"""

from __future__ import annotations

import re

import pytest

from tahaluf.examples import check, parse

from conftest import ROOT

GUIDELINES = ROOT / "docs" / "guidelines"
LAYERS = ("entities", "quotes", "dates")
ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3]+")
WINDOW = 3  # this many consecutive Arabic words shared with a corpus text count as a quotation of it
# Three-word phrases that a rule book may share with the corpus because they are the language's
# ordinary wording of a rule's subject (month names, cue phrases, titles, site labels), not a
# quotation of a corpus case. Each entry was reviewed; add one only with the same reason.
GENERIC = {
    "entities": {"رئيس مجلس الوزراء", "مقالات ذات صلة"},
    "quotes": {"في مقابلة مع", "في بيان مشترك", "كتب على منصة"},
    "dates": {
        "في غضون ذلك",
        "المرحلة الأولى من",
        "أواخر العام الماضي",
        "كانون الثاني يناير",
        "تشرين الأول أكتوبر",
        "تشرين الثاني نوفمبر",
        "في حزيران يونيو",
        "كل شهر منذ",
        "منتصف الشهر المقبل",
        "نهاية الأسبوع الماضي",
        "في المستقبل المنظور",
        "منذ بداية العام",
    },
}


def _words(text: str) -> list[str]:
    return ARABIC_WORD.findall(re.sub(r"[\u064B-\u0652\u0640]", "", text))


def _shared_windows(page: str, texts: list[str], n: int = WINDOW) -> list[str]:
    corpus = set()
    for text in texts:
        words = _words(text)
        corpus.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    words = _words(page)
    return sorted({" ".join(words[i : i + n]) for i in range(len(words) - n + 1)} & corpus)


@pytest.mark.parametrize("layer", LAYERS)
def test_appendix_examples_match_the_gold(layer, records):
    path = GUIDELINES / f"appendix-{layer}.md"
    assert path.is_file(), f"docs/guidelines/appendix-{layer}.md (the corpus decisions) is missing"
    examples = parse(path)
    assert len(examples) >= 10, "the appendix records the corpus decisions as checked example rows"
    by_id = {r["id"]: r for r in records}
    failures = [f"{e.where()} {e.doc} {e.span!r}: {reason}" for e in examples if (reason := check(e, by_id, layer))]
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("layer", LAYERS)
def test_rule_book_quotes_nothing_from_the_corpus(layer, records, catalog):
    path = GUIDELINES / f"{layer}.md"
    assert path.is_file(), f"docs/guidelines/{layer}.md (the rule book) is missing"
    page = path.read_text(encoding="utf-8")
    assert parse(path) == [], "the rule book carries no corpus example tables; they belong in the appendix"
    assert not re.search(r"tahaluf-\d{3}", page), "the rule book names a corpus document"
    ids = sorted(i for i in catalog if "-" in i and re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", page))
    assert ids == [], f"the rule book lists catalog entity ids: {ids}"
    shared = [w for w in _shared_windows(page, [r["text"] for r in records]) if w not in GENERIC[layer]]
    assert shared == [], f"the rule book quotes {len(shared)} {WINDOW}-word sequences of the corpus: {shared[:10]}"


def test_shared_window_detector_finds_a_quotation_and_ignores_reordering():
    text = "قال المتحدث إن القوات انسحبت من المدينة أمس"
    assert _shared_windows("كما ورد: القوات انسحبت من المدينة", [text], 4) == ["القوات انسحبت من المدينة"]
    assert _shared_windows("انسحبت القوات من المدينة", [text], 4) == []
    assert _shared_windows("القوّات انسحبت من المدينة", [text], 4) == ["القوات انسحبت من المدينة"]  # diacritics ignored
    assert _shared_windows("ثم انسحبت من المدينة", [text]) == ["انسحبت من المدينة"]


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
