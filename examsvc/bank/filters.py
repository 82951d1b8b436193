"""The bank list's filter as query parameters, shared by the pages, the export and the API.

Parameters: ``type`` and ``status`` (repeatable codes), ``tag`` (repeatable, every one must be
present), ``dmin`` / ``dmax`` (difficulty range), ``q`` (text in the stem, or a question id),
``flagged`` (``1``: only questions flagged by the results statistics), ``page``. Unknown codes
and unreadable numbers are ignored rather than refused: a filter is a view, and a stale bookmark
should still show something. No Flask here.
"""

from __future__ import annotations

from typing import Any, Protocol

from examsvc.bank.queries import BankFilter
from questionbank.model import QuestionStatus, QuestionType, normalise_tag


class MultiArgs(Protocol):
    """What the parser needs of a query string (werkzeug's MultiDict has it)."""

    def getlist(self, key: str) -> list[str]: ...

    def get(self, key: str, default: Any = None) -> Any: ...


def _codes(values: list[str], enum: Any) -> tuple[Any, ...]:
    found = []
    for value in values:
        for part in value.split(","):
            try:
                member = enum(part.strip().lower())
            except ValueError:
                continue
            if member not in found:
                found.append(member)
    return tuple(found)


def _level(raw: Any) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= 5 else None


def filter_from_args(args: MultiArgs) -> BankFilter:
    """The :class:`BankFilter` the query parameters describe."""
    tags = []
    for raw in args.getlist("tag"):
        tag = normalise_tag(raw)
        if tag and tag not in tags:
            tags.append(tag)
    return BankFilter(
        types=_codes(args.getlist("type"), QuestionType),
        statuses=_codes(args.getlist("status"), QuestionStatus),
        tags=tuple(tags),
        difficulty_min=_level(args.get("dmin")),
        difficulty_max=_level(args.get("dmax")),
        text=str(args.get("q") or "").strip()[:200],
        flagged=str(args.get("flagged") or "").strip().lower() in ("1", "true", "on", "yes"),
    )


def filter_args(flt: BankFilter) -> dict[str, Any]:
    """The query parameters of a filter (for links: pages, facets, export)."""
    args: dict[str, Any] = {}
    if flt.types:
        args["type"] = [t.value for t in flt.types]
    if flt.statuses:
        args["status"] = [s.value for s in flt.statuses]
    if flt.tags:
        args["tag"] = list(flt.tags)
    if flt.difficulty_min is not None:
        args["dmin"] = flt.difficulty_min
    if flt.difficulty_max is not None:
        args["dmax"] = flt.difficulty_max
    if flt.text:
        args["q"] = flt.text
    if flt.flagged:
        args["flagged"] = 1
    return args


def page_number(args: MultiArgs) -> int:
    """The requested page (1 when missing or unreadable)."""
    try:
        return max(1, min(int(args.get("page") or 1), 100_000))
    except (TypeError, ValueError):
        return 1
