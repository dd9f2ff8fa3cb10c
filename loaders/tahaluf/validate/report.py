"""The validator's findings: :class:`Problem` (one line each) and :class:`Report` (all of them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .codes import CODES


@dataclass
class Problem:
    """One finding of the validator; ``code`` is a key of :data:`~tahaluf.validate.codes.CODES`."""

    code: str
    message: str
    file: str = "-"
    line: int | None = None
    doc: str = "-"
    ann: str = "-"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown validator code {self.code!r}; add it to tahaluf.validate.codes.CODES")

    @property
    def level(self) -> int:
        """The level of the code: 1 files, 2 schema, 3 integrity, 4 consistency."""
        return CODES[self.code][0]

    @property
    def is_error(self) -> bool:
        """Levels 1-3 are errors; level 4 findings are warnings."""
        return self.level < 4

    def format(self) -> str:
        """``file:line doc-id annotation-id [level code] message``."""
        line = self.line if self.line is not None else "-"
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.file}:{line} {self.doc} {self.ann} [L{self.level} {self.code}] {message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as the JSON output names it."""
        return {
            "file": self.file,
            "line": self.line,
            "doc": self.doc,
            "annotation": self.ann,
            "level": self.level,
            "code": self.code,
            "severity": "error" if self.is_error else "warning",
            "message": self.message,
        }


@dataclass(frozen=True)
class Where:
    """Where a record stands (file, line, document): problems found in it are located there."""

    file: str
    line: int | None = None
    doc: str = "-"


@dataclass
class Report:
    """All problems found in one release, and what was checked."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0

    def add(self, code: str, message: str, file: str = "-", line: int | None = None, doc: str = "-", ann: str = "-") -> None:
        """Record one problem."""
        self.problems.append(Problem(code, message, file, line, doc, ann))

    def at(self, where: Where, code: str, message: str, ann: str = "-") -> None:
        """Record one problem found in the record at ``where``."""
        self.add(code, message, where.file, where.line, where.doc, ann)

    @property
    def errors(self) -> list[Problem]:
        """The problems of levels 1-3."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems of level 4."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings alone do not fail)."""
        return not self.errors

    def codes(self) -> Counter[str]:
        """How many problems of each code."""
        return Counter(p.code for p in self.problems)

    def summary(self) -> str:
        """The last line of the command's output."""
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s); {self.documents} document(s) checked in {self.path}"

    def as_dict(self) -> dict[str, object]:
        """The report as ``tahaluf validate --format json`` prints it."""
        return {
            "path": self.path,
            "documents": self.documents,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }
