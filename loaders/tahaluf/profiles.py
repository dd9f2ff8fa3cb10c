"""Convention profiles: documented transformations that put the gold and a system's predictions
under another corpus's conventions before scoring, exporting or building the token view.

A profile belongs to one task and is looked up by ``(task, name)`` in :data:`PROFILES`; every
task has ``native`` (no change). The same transformation is applied to the gold and to the
predictions, so a system that follows the target corpus's conventions is not penalised for them.
The decisions and the evidence for each are tabulated in ``docs/scoring.md`` (section "Convention
profiles").

Entities (computed from each mention's ``level`` and the text, never from lists of surfaces):

- ``native``: Tahaluf's conventions (NAM and NOM mentions, proclitics outside the span);
- ``wojood``: bare NOM mentions dropped (a NOM that holds a nested name, a state institution such
  as «القوات الأمريكية», is kept: Wojood tags those ORG), each mention extended to its whole whitespace-and-punctuation
  word(s) so attached proclitics fall inside, types mapped to Wojood's names (PER -> PERS);
- ``ontonotes``: NOM mentions dropped, spans kept (OntoNotes' Arabic tokens split the proclitics
  as ours do), types mapped to OntoNotes 5's 18 types (PER -> PERSON, WEBSITE -> ORG);
- ``conll2003``: NOM mentions dropped, whole words, types collapsed to PER / ORG / LOC / MISC.

Predictions carry Tahaluf's type names (the prediction schema's label set); a mention predicted
with ``level`` ``NOM`` is dropped as the gold's are. Quotes: ``native``, ``parc`` and ``citron``
keep every quote and differ in how the measures match and count (see
:mod:`tahaluf.score.quotes`). Dates: ``native`` and ``te3`` (alias ``timeml``), the TempEval-3
toolkit's token-level matching (:mod:`tahaluf.score.te3`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .contract import LAYERS
from .mappings import CONLL2003, ONTONOTES5, WOJOOD
from .spans import WORD_CHAR

Items = list[dict[str, Any]]


@dataclass(frozen=True)
class Profile:
    """One convention profile of one task."""

    task: str
    name: str
    summary: str
    steps: tuple[Callable[[str, Items], Items], ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    measures: str = "native"

    def apply(self, text: str, items: Items) -> Items:
        """The items (gold or predicted) of one document under this profile, as new dicts."""
        out = [dict(item) for item in items]
        for step in self.steps:
            out = step(text, out)
        if self.labels:
            for item in out:
                item["type"] = self.labels.get(item["type"], item["type"])
        return out


PROFILES: dict[str, dict[str, Profile]] = {}


def register(profile: Profile) -> Profile:
    """Add a profile to the registry (replacing one of the same task and name)."""
    PROFILES.setdefault(profile.task, {})[profile.name] = profile
    return profile


def profile_names(task: str) -> tuple[str, ...]:
    """The profile names of a task, ``native`` first."""
    return tuple(sorted(PROFILES.get(task, {}), key=lambda n: (n != "native", n)))


def get_profile(task: str, name: str | None) -> Profile:
    """The profile ``name`` of ``task`` (``None`` means ``native``); ValueError naming the choices."""
    name = ALIASES.get((task, name or "native"), name or "native")
    try:
        return PROFILES[task][name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r} for task {task}; choose one of {', '.join(profile_names(task))}") from None


def drop_nom(text: str, items: Items) -> Items:
    """Leave out common-noun mentions (``level`` NOM); mentions without a level are kept."""
    return [m for m in items if m.get("level") != "NOM"]


def drop_bare_nom(text: str, items: Items) -> Items:
    """Leave out the NOM mentions that contain no other mention: bare descriptions such as
    «التحالف» (O in Wojood's data), while a state institution written as a noun and a nationality
    word or country name («القوات الأمريكية», with the nested name inside) stays, as Wojood tags it ORG."""

    def holds_another(m: dict[str, Any]) -> bool:
        return any(
            o is not m and m["start"] <= o["start"] and o["end"] <= m["end"] and (o["start"], o["end"]) != (m["start"], m["end"])
            for o in items
        )

    return [m for m in items if m.get("level") != "NOM" or holds_another(m)]


def whole_words(text: str, items: Items) -> Items:
    """Extend each span to the whole words it touches (attached proclitics, any rest of a word)."""
    for m in items:
        start, end = m["start"], m["end"]
        while start > 0 and WORD_CHAR.match(text, start - 1) and WORD_CHAR.match(text, start):
            start -= 1
        while end < len(text) and WORD_CHAR.match(text, end) and WORD_CHAR.match(text, end - 1):
            end += 1
        if (start, end) != (m["start"], m["end"]):
            m["start"], m["end"] = start, end
            if "text" in m:
                m["text"] = text[start:end]
    return items


for _task in LAYERS:
    register(Profile(_task, "native", "Tahaluf's own conventions, no change"))
register(
    Profile(
        "entities",
        "wojood",
        "bare NOM dropped (institutions with a nested name kept), whole words (proclitics inside), Wojood type names",
        (drop_bare_nom, whole_words),
        WOJOOD,
    )
)
register(Profile("entities", "ontonotes", "NOM dropped, spans kept, OntoNotes 5 types", (drop_nom,), ONTONOTES5))
register(Profile("entities", "conll2003", "NOM dropped, whole words, PER/ORG/LOC/MISC", (drop_nom, whole_words), CONLL2003))
register(Profile("quotes", "parc", "one-to-one matching; overlaps count matched spans, as the PARC studies do", measures="parc"))
register(Profile("quotes", "citron", "bbc/citron's metrics.py definitions, on Tahaluf's tokens", measures="citron"))
register(Profile("dates", "te3", "the official TempEval-3 toolkit's token-level matching (tahaluf.score.te3)", measures="te3"))
ALIASES = {("dates", "timeml"): "te3"}
