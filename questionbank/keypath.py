"""Reading nested TOML tables while reporting every problem by its key path.

The contest file (:mod:`questionbank.contestfile`) and the blueprint inside it
(:mod:`questionbank.blueprint`) are read with :class:`TableReader`: each accessor checks the
*type* of one key and records a :class:`Problem` whose ``field`` is the key path, e.g.
``stages[1].exam.sections[2].count``. Array indices in key paths are **0-based**, as TOML arrays
are indexed by most tools (``stages[0]`` is the first ``[[stages]]`` table). Range and
cross-field rules are checked afterwards on the built dataclasses, so that each rule lives in one
place whether a value came from a file or from code.

Unknown keys are errors, so that a typo (``shufle_options``) never passes silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from questionbank.problems import N_, Problem, error

_MISSING = object()


def join_path(path: str, key: str | int) -> str:
    """The key path of ``key`` below ``path`` (``a.b`` + ``c`` → ``a.b.c``; ``a`` + 2 → ``a[2]``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def is_number(value: object) -> bool:
    """An int or a finite Decimal (never a bool, which TOML keeps apart from integers)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, Decimal) and value.is_finite()


class TableReader:
    """One TOML table being read: typed accessors that record problems at key paths.

    Each accessor returns the value (or ``default`` when the key is absent and not required) and
    returns ``None`` after recording a problem when the value has the wrong type. Call
    :meth:`finish` once every known key was read, to report the unknown ones.
    """

    def __init__(self, data: Mapping[str, Any], path: str, problems: list[Problem]):
        self.data = data
        self.path = path
        self.problems = problems
        self._seen: set[str] = set()

    def key_path(self, key: str) -> str:
        """The key path of ``key`` in this table."""
        return join_path(self.path, key)

    def fail(self, key: str, message: str, **params: Any) -> None:
        """Record a problem at ``key``."""
        self.problems.append(error(self.key_path(key), message, **params))

    def raw(self, key: str, *, required: bool = False) -> Any:
        """The value of ``key`` as parsed, or ``_MISSING`` (recording a problem if required)."""
        self._seen.add(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING and required:
            self.fail(key, N_("is required"))
        return value

    def has(self, key: str) -> bool:
        """Whether the table holds ``key``."""
        return key in self.data

    def integer(self, key: str, *, required: bool = False, default: Any = None) -> int | None:
        """An integer value."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, N_("must be an integer"))
            return None
        return value

    def decimal(self, key: str, *, required: bool = False, default: Any = None) -> Decimal | None:
        """A number (TOML integer or float, read as :class:`Decimal`)."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return default
        if not is_number(value):
            self.fail(key, N_("must be a number"))
            return None
        return Decimal(value)

    def text(self, key: str, *, required: bool = False, default: Any = None) -> str | None:
        """A string, trimmed; an empty string counts as missing when required."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return default
        if not isinstance(value, str):
            self.fail(key, N_("must be text"))
            return None
        value = value.strip()
        if required and not value:
            self.fail(key, N_("must not be empty"))
            return None
        return value

    def boolean(self, key: str, *, required: bool = False, default: Any = None) -> bool | None:
        """``true`` or ``false``."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.fail(key, N_("must be true or false"))
            return None
        return value

    def date(self, key: str, *, required: bool = False, default: Any = None) -> date | None:
        """A TOML local date (``2025-07-25``)."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return default
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(key, N_("must be a date like 2025-07-25"))
            return None
        return value

    def aware_datetime(self, key: str, *, required: bool = False) -> datetime | None:
        """A TOML offset date-time (``2025-07-28T09:00:00+08:00``); a local one is refused."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return None
        if not isinstance(value, datetime) or value.utcoffset() is None:
            self.fail(
                key, N_("must be a date and time with a UTC offset, like 2025-07-28T09:00:00+08:00")
            )
            return None
        return value

    def text_list(self, key: str, *, default: tuple[str, ...] = ()) -> tuple[str, ...] | None:
        """An array of strings."""
        value = self.raw(key)
        if value is _MISSING:
            return default
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, N_("must be a list of text"))
            return None
        return tuple(value)

    def int_list(self, key: str, *, required: bool = False) -> tuple[int, ...] | None:
        """An array of integers."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.fail(key, N_("must be a list of integers"))
            return None
        return tuple(value)

    def table(self, key: str, *, required: bool = False) -> TableReader | None:
        """A sub-table, as its own reader."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.fail(key, N_("must be a table"))
            return None
        return TableReader(value, self.key_path(key), self.problems)

    def table_list(self, key: str, *, required: bool = False) -> list[TableReader] | None:
        """An array of tables (``[[key]]``), one reader per element; ``[]`` when absent."""
        value = self.raw(key, required=required)
        if value is _MISSING:
            return None if required else []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, N_("must be a list of tables ([[%(key)s]])"), key=key)
            return None
        base = self.key_path(key)
        return [TableReader(v, join_path(base, i), self.problems) for i, v in enumerate(value)]

    def finish(self) -> None:
        """Record an ``unknown key`` problem for every key no accessor asked for."""
        for key in self.data:
            if key in self._seen:
                continue
            close = difflib.get_close_matches(key, sorted(self._seen), n=1)
            if close:
                self.fail(
                    key, N_("unknown key (did you mean %(suggestion)s?)"), suggestion=close[0]
                )
            else:
                self.fail(key, N_("unknown key"))
