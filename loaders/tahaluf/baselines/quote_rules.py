"""Quote baseline: rules over quotation marks and cue verbs.

- direct: text between a pair of quotation marks (" " “ ” « ») that follows a cue verb within
  the same sentence, or a colon after a cue;
- indirect: a cue verb followed by إن / أن / بأن; the content runs to the end of the sentence.
The cue is the verb as written (without و/ف); source and speaker are left empty.
"""

from __future__ import annotations

import re
from typing import Any

CUES = (
    "قال",
    "قالت",
    "قالوا",
    "أكد",
    "أكدت",
    "أضاف",
    "أضافت",
    "تابع",
    "أوضح",
    "أشار",
    "أشارت",
    "كشف",
    "حذر",
    "حذرت",
    "ذكر",
    "ذكرت",
    "أفاد",
    "أفادت",
    "شدد",
    "مشددا",
    "مشيرا",
    "مؤكدا",
    "موضحا",
    "أردف",
    "يقول",
    "تقول",
    "نقلت",
    "كتب",
)
_CUE = "|".join(sorted(CUES, key=len, reverse=True))
_PREFIX = r"(?:(?<=\s)|^)[وف]?"
INDIRECT = re.compile(rf"{_PREFIX}(?P<cue>{_CUE})\b[^.\n:«\"“]{{0,60}}?\s(?:إن|أن|بأن|ان)\s+(?P<content>[^.\n]+)")
DIRECT = re.compile(rf"{_PREFIX}(?P<cue>{_CUE})\b[^.\n«\"“”]{{0,60}}?[:،]?\s*[«\"“”](?P<content>[^«»\"“”\n]+)[»\"”“]")


def predict(record: dict[str, Any], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predicted quotes of ``record``."""
    text = record["text"]
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (("direct", DIRECT), ("indirect", INDIRECT)):
        for match in pattern.finditer(text):
            start, end = match.span("content")
            while end > start and text[end - 1] in " .،":
                end -= 1
            if end <= start or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            cue_start, cue_end = match.span("cue")
            out.append(
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "kind": kind,
                    "cue": {"start": cue_start, "end": cue_end, "text": text[cue_start:cue_end]},
                    "source": None,
                    "speaker": None,
                }
            )
    return sorted(out, key=lambda q: q["start"])
