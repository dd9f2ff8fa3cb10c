"""Release validator, in levels like Universal Dependencies' validate.py, one module per level.

1. :mod:`.files`: required files present, UTF-8 without BOM, JSON syntax (with line numbers);
2. :mod:`.schema`: every record against ``schema/*.json``;
3. :mod:`.integrity`: offsets, surfaces, ids, references, section tiling, nesting, TIMEX3 syntax,
   text checksums, manifest checksums, build freshness;
4. :mod:`.consistency` (warnings): a name annotated at one occurrence and not at another.

Every check has a stable code, listed once in :data:`.codes.CODES` (the table of
``docs/validation.md`` is generated from it) and attached where the problem is found. One line per
problem: ``file:line doc-id annotation-id [level code] message``.
"""

from __future__ import annotations

from .archive import validate_archive
from .codes import CODES, LEVELS
from .report import Problem, Report
from .run import validate_release

__all__ = ["CODES", "LEVELS", "Problem", "Report", "validate_archive", "validate_release"]
