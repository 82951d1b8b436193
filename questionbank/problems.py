"""Problems found in input, and the exception that carries them.

Every validator in :mod:`questionbank` reports what is wrong as :class:`Problem` values instead
of raising on the first one, so that an import can list every problem of a file at once. The
message is an English template marked with :func:`N_`; the service translates it for display
(the templates are extracted into the service's message catalog), which keeps this package free
of Flask while its messages still reach people in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (extracted by pybabel)."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    ``field`` is the canonical field name (``stem``, ``option_b``, ``answer``, a key path such
    as ``stages[1].exam.sections[2].count`` …). ``row`` and ``column`` locate it in a file when
    it came from one: ``row`` as the spreadsheet shows it (header = row 1) or a line number, and
    ``column`` as the file names it (``答案``). ``severity`` is ``error`` or ``warning``; warnings
    never block an import.
    """

    field: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None
    severity: str = "error"
    #: free-text location used when neither row nor column fits (e.g. "question 3 (name)")
    where: str | None = None

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        """The message with its parameters filled in, translated by ``translate`` if given."""
        template = translate(self.message) if translate else self.message
        try:
            return template % dict(self.params) if self.params else template
        except (KeyError, ValueError, TypeError):
            return template

    def located(self, translate: Callable[[str], str] | None = None) -> str:
        """``row N, column X: message`` (or the parts of it that are known)."""
        parts = []
        if self.where:
            parts.append(self.where)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        elif self.row is None and not self.where and self.field:
            parts.append(self.field)
        prefix = ", ".join(parts)
        return f"{prefix}: {self.text(translate)}" if prefix else self.text(translate)

    def at(self, **where: Any) -> Problem:
        """A copy with location fields (``row``, ``column``, ``where``, ``field``) replaced."""
        values = {
            "field": self.field,
            "message": self.message,
            "params": self.params,
            "row": self.row,
            "column": self.column,
            "severity": self.severity,
            "where": self.where,
        }
        values.update(where)
        return Problem(**values)

    def __str__(self) -> str:
        return self.located()


def error(field: str, message: str, **params: Any) -> Problem:
    """An error-severity problem."""
    return Problem(field=field, message=message, params=params)


def warning(field: str, message: str, **params: Any) -> Problem:
    """A warning-severity problem (reported, never blocking)."""
    return Problem(field=field, message=message, params=params, severity="warning")


class ValidationError(ValueError):
    """Input is invalid; ``problems`` lists every error found (never empty)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(p.located() for p in self.problems) or "invalid input")


def only_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that block (severity ``error``)."""
    return [p for p in problems if p.severity == "error"]


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise :class:`ValidationError` if any problem is an error.

    :raises ValidationError: with every error-severity problem.
    """
    errors = only_errors(problems)
    if errors:
        raise ValidationError(errors)
