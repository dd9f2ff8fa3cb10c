"""CITATION.cff is valid CFF 1.2.0 for a dataset."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT


def test_citation_validates_against_cff_1_2_0():
    from jsonschema import Draft7Validator

    schema = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    cff = yaml.safe_load(text)
    errors = [e.message for e in Draft7Validator(schema).iter_errors(cff)]
    assert errors == []
    assert cff["type"] == "dataset" and cff["cff-version"] == "1.2.0"
    # date-released is quoted so that YAML keeps it a string, as the schema requires
    assert isinstance(cff["date-released"], str)
    assert 'date-released: "' in text
