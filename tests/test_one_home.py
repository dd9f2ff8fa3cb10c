"""One home per rule: a rule copied back into the package fails here.

Each rule below has exactly one module that may spell it out; the test greps every other module
of the package (the generated loading script is self-contained on purpose and is not scanned).
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

PACKAGE = ROOT / "loaders" / "tahaluf"
RULES = {
    "document id pattern": (re.compile(r"tahaluf-\[0-9\]"), {"contract.py"}),
    "entity id slug pattern": (re.compile(re.escape("[a-z0-9]+(-[a-z0-9]+)*")), {"contract.py"}),
    "proclitic letters": (re.compile(r"وفبلك|[\"']و[\"'],\s*[\"']ف[\"']|frozenset\(\"[وفبلك]{5}\"\)"), {"clitics.py"}),
    "letter test with str.isalpha": (re.compile(r"\.isalpha\(\)"), set()),
    "hashlib (SHA-256)": (
        re.compile(r"^\s*import hashlib|hashlib\.sha256", re.M),
        {"release/checksums.py", "integrations/loading_script.py"},
    ),
    "layer list literal": (re.compile(r"[\(\[]\s*\"entities\",\s*\"quotes\",\s*\"dates\"\s*[\)\],]"), set()),
    "prediction item keys": (re.compile(r"\{\"start\", \"end\", \"text\", \"type\""), set()),
    # the generated loading script is self-contained: it carries its own copy of the manifest check
    "manifest entry check": (re.compile(r"\[\"bytes\"\]"), {"release/manifest.py", "integrations/loading_script.py"}),
    "JSON Lines decoding": (re.compile(r"json\.loads\(line\)|for line in handle:"), set()),
    "validator codes chosen by message text": (re.compile(r"in err(or)?\.message|in str\(err\)"), set()),
    "citation title": (re.compile(r"Arabic news documents with gold entities"), {"about.py"}),
}


def _modules() -> dict[str, str]:
    return {path.relative_to(PACKAGE).as_posix(): path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_is_spelled_out_only_in_its_home(rule):
    pattern, homes = RULES[rule]
    copies = sorted(name for name, text in _modules().items() if name not in homes and pattern.search(text))
    assert copies == [], f"{rule} is copied in {copies}; import it from {sorted(homes) or 'its one home'}"


def test_the_grep_finds_a_copy():
    # The patterns must match the copies they guard against (otherwise the test above proves nothing).
    samples = {
        "document id pattern": 're.compile(r"^tahaluf-[0-9]{3,7}$")',
        "proclitic letters": 'PROCLITICS = frozenset("وفبلك")',
        "letter test with str.isalpha": "not text[lo - 1].isalpha()",
        "layer list literal": 'layers = ("entities", "quotes", "dates")',
        "hashlib (SHA-256)": "import hashlib",
        "validator codes chosen by message text": 'if "byte order mark" in err.message:',
    }
    for rule, sample in samples.items():
        assert RULES[rule][0].search(sample), rule


def test_the_homes_hold_their_rule():
    modules = _modules()
    for rule, (_, homes) in RULES.items():
        for home in homes:
            assert home in modules, (rule, home)
    from tahaluf.contract import document_id_pattern, entity_id_pattern

    # the schema's patterns, with JSON Schema's "$" (the end of the string) written as Python's "\\Z"
    assert document_id_pattern().pattern == r"^tahaluf-[0-9]{3,7}\Z"
    assert entity_id_pattern().pattern == r"^[a-z0-9]+(-[a-z0-9]+)*\Z"
