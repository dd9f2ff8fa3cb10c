"""Mappings from Tahaluf's entity types to other label sets (docs/guidelines/entities.md §10).

A test checks that these tables equal the ones printed in the guideline.
"""

from __future__ import annotations

CONLL2003 = {
    "PER": "PER",
    "NORP": "MISC",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WEBSITE": "ORG",
}
ONTONOTES5 = {
    "PER": "PERSON",
    "NORP": "NORP",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
    "WEBSITE": "ORG",
}
WOJOOD = {
    "PER": "PERS",
    "NORP": "NORP",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
    "PRODUCT": "PRODUCT",
    "WEBSITE": "WEBSITE",
}
TABLES = {"10.1": CONLL2003, "10.2": ONTONOTES5, "10.3": WOJOOD}
