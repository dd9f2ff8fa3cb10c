"""MLCommons Croissant 1.0 metadata for the release (``dataset/croissant.json``).

Written by ``tahaluf build`` from the same features as the Hugging Face configs: one FileObject
per config's Parquet file (with its SHA-256) and one RecordSet per config. A list of structures
(the entities of a document) is a repeated field whose sub-fields read the list's items; a list
of strings (the tokens of a line) is a repeated text field. The ``@context`` is mlcroissant's
standard one for Croissant 1.0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from ..about import AUTHOR, DATE_RELEASED, DESCRIPTION, LICENSE_URL, NAME, cite_as
from ..release import CONFIGS, CROISSANT, data_file, sha256_file
from .features import features

CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _data_type(feature: Any) -> str:
    """The Croissant data type of a scalar feature."""
    import datasets

    if isinstance(feature, datasets.ClassLabel):
        return "sc:Integer"
    if isinstance(feature, datasets.Value) and feature.dtype.startswith("int"):
        return "sc:Integer"
    return "sc:Text"


def _leaves(feature: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Scalar leaves of a structure as (dotted path, feature)."""
    if isinstance(feature, dict):
        out: list[tuple[str, Any]] = []
        for name, sub in feature.items():
            out += _leaves(sub, f"{prefix}{name}.")
        return out
    return [(prefix.rstrip("."), feature)]


def _fields(config: str, file_id: str) -> list[dict[str, Any]]:
    """The Croissant fields of a config's record set."""
    import datasets

    fields: list[dict[str, Any]] = []
    for name, feature in features(config).items():
        field_id = f"{config}/{name}"
        source = {"fileObject": {"@id": file_id}, "extract": {"column": name}}
        description = ""
        inner = feature.feature if hasattr(feature, "feature") else (feature[0] if isinstance(feature, list) else None)
        if isinstance(feature, datasets.ClassLabel):
            description = "Class index of: " + ", ".join(feature.names)
        if inner is not None and isinstance(inner, dict):
            sub = []
            for path, leaf in _leaves(inner):
                sub.append(
                    {
                        "@type": "cr:Field",
                        "@id": f"{field_id}/{path}",
                        "name": path,
                        "dataType": _data_type(leaf),
                        "source": {**source, "transform": {"jsonPath": path}},
                    }
                )
            fields.append(
                {
                    "@type": "cr:Field",
                    "@id": field_id,
                    "name": name,
                    "repeated": True,
                    "subField": sub,
                    "description": f"List of {name} items.",
                }
            )
        elif inner is not None and not isinstance(inner, (list, dict)) and not hasattr(inner, "feature"):
            fields.append(
                {
                    "@type": "cr:Field",
                    "@id": field_id,
                    "name": name,
                    "repeated": True,
                    "dataType": _data_type(inner),
                    "source": source,
                    "description": description or f"List of {name}.",
                }
            )
        elif isinstance(feature, dict):
            for path, leaf in _leaves(feature):
                fields.append(
                    {
                        "@type": "cr:Field",
                        "@id": f"{field_id}/{path}",
                        "name": f"{name}.{path}",
                        "dataType": _data_type(leaf),
                        "source": {**source, "transform": {"jsonPath": path}},
                    }
                )
        elif inner is None:
            field = {"@type": "cr:Field", "@id": field_id, "name": name, "dataType": _data_type(feature), "source": source}
            if description:
                field["description"] = description
            fields.append(field)
        # nested lists (token_offsets) are left to the Parquet file: Croissant 1.0 has no list of lists
    return fields


def metadata(release: Path) -> dict[str, Any]:
    """The Croissant JSON-LD document of a release."""
    distribution, record_sets = [], []
    for config in CONFIGS:
        file_id = f"{config}-parquet"
        path = release / data_file(config)
        distribution.append(
            {
                "@type": "cr:FileObject",
                "@id": file_id,
                "name": file_id,
                "contentUrl": data_file(config),
                "encodingFormat": "application/x-parquet",
                "sha256": sha256_file(path),
                "description": f"The {config} config, split test.",
            }
        )
        record_sets.append(
            {
                "@type": "cr:RecordSet",
                "@id": config,
                "name": config,
                "description": f"Rows of the {config} config.",
                "field": _fields(config, file_id),
            }
        )
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": NAME,
        "description": DESCRIPTION,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": cite_as(),
        "creator": {"@type": "sc:Organization", "name": AUTHOR},
        "license": LICENSE_URL,
        "version": __version__.split("-")[0],
        "datePublished": DATE_RELEASED,
        "inLanguage": "ar",
        "keywords": ["Arabic", "named entity recognition", "quotation attribution", "TimeML", "TIMEX3", "news"],
        "rai:dataCollection": (
            "Five news web pages about the Global Coalition against ISIS, collected as plain text and "
            "released byte-identical; no normalization."
        ),
        "rai:dataCollectionType": ["Web Scraping"],
        "rai:dataAnnotationProtocol": (
            "A rule book per layer (rules with reasons, the standards' evidence and constructed "
            "examples) and an appendix of corpus decisions checked against the gold; a gold revision "
            "to PARC 3.0, Wojood/ACE/OntoNotes and TimeML conventions; a blind agreement study (two "
            "passes per layer from the rule book and the raw texts only, their own entity ids), "
            "measured with bootstrap intervals over sections, every disagreement adjudicated."
        ),
        "rai:dataAnnotationPlatform": (
            "Sessions of a large language model, not human annotators: they wrote the rule books, "
            "revised the gold and made the blind passes."
        ),
        "rai:dataAnnotationAnalysis": (
            "Two sessions of the same model agree almost perfectly with each other and with the gold "
            "(see the card's agreement table); this measures how consistently one model applies the "
            "rule books and is an upper bound on human agreement, not comparable with it."
        ),
        "rai:dataLimitations": (
            "Five documents, one topic, a few outlets; test-only; three publication dates inferred; "
            "annotated by a language model, with no human annotation yet."
        ),
        "rai:dataBiases": (
            "Concentrated on one conflict and on official speakers, mostly men; outlets from Iraq, Syria, the US and the Gulf."
        ),
        "rai:personalSensitiveInformation": (
            "Real people named in published news (officials, people killed or targeted in "
            "strikes, authors of tweets with their handles); reports of violence and deaths."
        ),
        "rai:dataUseCases": "Evaluation of Arabic NER, entity linking, quotation attribution and temporal normalization. Not training.",
        "rai:dataReleaseMaintenancePlan": "Versioned releases under a written release policy; errata in the changelog.",
        "distribution": distribution,
        "recordSet": record_sets,
    }


def write(release: Path) -> None:
    """Write ``croissant.json`` into the release folder."""
    (release / CROISSANT).write_text(json.dumps(metadata(release), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
