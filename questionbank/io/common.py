"""Types shared by every bank reader and writer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from questionbank.model import Question
from questionbank.problems import Problem


@dataclass(frozen=True)
class ImageBlob:
    """An image from an import: its content-hash name, MIME type and bytes."""

    digest: str
    mime: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class ImportedQuestion:
    """A question read from a file and where it came from.

    ``row`` is the spreadsheet row (header = 1) or the first line of the question in a text
    format; ``where`` a readable location for formats without rows (``question 3 (Q-name)``).
    """

    question: Question
    row: int | None = None
    where: str | None = None


@dataclass
class ImportResult:
    """What a reader found in a file.

    ``questions`` are the valid questions; ``problems`` every error and warning (with row /
    column or line); ``unsupported`` the Moodle constructs with no equivalent here, one problem
    per skipped question; ``images`` the images the questions refer to, by digest. A reader never
    raises for bad content: everything wrong ends up in ``problems``.
    """

    questions: list[ImportedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unsupported: list[Problem] = field(default_factory=list)
    images: dict[str, ImageBlob] = field(default_factory=dict)
    format: str = ""

    @property
    def errors(self) -> list[Problem]:
        """The problems that block an import."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems reported but not blocking."""
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """No errors (unsupported constructs are judged by the caller)."""
        return not self.errors

    def counts_by_type(self) -> dict[str, int]:
        """How many questions of each type were read."""
        return dict(Counter(q.question.content.type.value for q in self.questions))
