"""Writing the small subset of TOML the contest file uses (the standard library only reads TOML).

Values: strings, booleans, integers, :class:`~decimal.Decimal` (written as given, ``0.30`` stays
``0.30``), dates, aware date-times, and flat arrays of those. Tables are written one after the
other by :class:`TomlDocument`; reading the text back with ``tomllib.loads(text,
parse_float=Decimal)`` gives the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b"}


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """One TOML value.

    :raises TypeError: for a type the contest file never holds (or a naive date-time, which
        would not read back as the same instant).
    :raises ValueError: for a non-finite Decimal.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return format(value, "f")
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise TypeError("a date-time needs a UTC offset")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


class TomlDocument:
    """A TOML text built table by table."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def _block(self, header: str, values: Mapping[str, Any]) -> None:
        if self._lines:
            self._lines.append("")
        self._lines.append(header)
        for key, value in values.items():
            if value is not None:
                self._lines.append(f"{key} = {toml_value(value)}")

    def table(self, name: str, values: Mapping[str, Any]) -> None:
        """``[name]`` with its key/value pairs (``None`` values left out)."""
        self._block(f"[{name}]", values)

    def array_tables(self, name: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """One ``[[name]]`` table per row."""
        for row in rows:
            self._block(f"[[{name}]]", row)

    def text(self) -> str:
        """The document, ending with a new line."""
        return "\n".join(self._lines) + "\n"
