"""From what a person typed (editor form or JSON body) to a question's content and tags.

The editor and the API send plain values; this module turns them into a
:class:`~questionbank.model.QuestionContent` the services validate. It only *parses*: what
cannot even be parsed (a difficulty that is no number, a share that is no decimal) becomes a
:class:`~questionbank.problems.Problem` on the same canonical field names the domain uses
(``stem``, ``option_b``, ``answer``, ``rubric``, ``difficulty``, ``tags`` …), so every message
lands next to its field. The rules themselves stay in :func:`questionbank.model.validate_content`.
No Flask here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from questionbank.model import (
    OPTION_KEYS,
    AnswerValue,
    QuestionContent,
    QuestionType,
    RubricPoint,
    equal_shares,
    fold_width,
    normalise_multiple,
    normalise_tag,
    parse_tags,
)
from questionbank.problems import N_, Problem, error

#: what a true/false answer may be typed as (besides JSON booleans)
TRUE_WORDS = frozenset({"true", "t", "y", "yes", "1", "对", "正确", "√"})
FALSE_WORDS = frozenset({"false", "f", "n", "no", "0", "错", "错误", "×"})


@dataclass(frozen=True)
class Draft:
    """Parsed editor input: the content (possibly invalid), the tags, and parse problems."""

    content: QuestionContent
    tags: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)


def parse_type(value: Any) -> QuestionType | None:
    """A question type from its code (``single`` …), or None if it is none of the four."""
    try:
        return QuestionType(str(value).strip().lower())
    except ValueError:
        return None


def trim_options(options: Sequence[Any]) -> tuple[str, ...]:
    """Option texts trimmed, with trailing empty ones dropped (an empty one in the middle is
    kept, so validation can say which option is empty)."""
    texts = [str(o or "").strip() for o in options][: len(OPTION_KEYS)]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def parse_answer(qtype: QuestionType, raw: Any) -> AnswerValue:
    """An answer in its domain form from typed or JSON input.

    single: ``"b"`` → ``"B"``; multiple: ``"A,C"``, ``"ac"`` or ``["A","C"]`` → ``("A", "C")``;
    true/false: JSON booleans or 对/错, true/false …; short: the text. Anything unreadable is
    returned as is (or as ``""``) and left to validation to report.
    """
    if qtype is QuestionType.TRUEFALSE:
        if isinstance(raw, bool):
            return raw
        word = fold_width(str(raw or "")).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return ""
    if qtype is QuestionType.SHORT:
        return str(raw or "").strip()
    keys = "".join(str(k) for k in raw) if isinstance(raw, list | tuple) else str(raw or "")
    keys = "".join(ch for ch in fold_width(keys).upper() if ch.isalpha())
    if qtype is QuestionType.SINGLE:
        return keys
    return normalise_multiple(keys) if len(set(keys)) == len(keys) else tuple(keys)


def parse_share(raw: Any) -> Decimal | None:
    """A rubric share: ``0.25``, ``"0.25"`` or ``"25%"``; None if it is not a number."""
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool) or raw is None:
        return None
    text = fold_width(str(raw)).strip()
    percent = text.endswith("%")
    try:
        value = Decimal(text.rstrip("%").strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return value / 100 if percent else value


def parse_rubric(rows: Sequence[tuple[Any, Any]]) -> tuple[tuple[RubricPoint, ...], list[Problem]]:
    """Rubric points from ``(text, share)`` rows; rows with neither are ignored.

    No share on any row means equal shares (as in the spreadsheet format); a share on some
    rows but not others, or one that is not a number, is a problem on ``rubric``.
    """
    filled = [
        (str(text or "").strip(), str(share if share is not None else "").strip())
        for text, share in rows
    ]
    filled = [(text, share) for text, share in filled if text or share]
    if not filled:
        return (), []
    if not any(share for _, share in filled):
        return equal_shares([text for text, _ in filled]), []
    points = []
    problems = []
    for number, (text, share) in enumerate(filled, start=1):
        value = parse_share(share) if share else None
        if value is None:
            problems.append(
                error(
                    "rubric",
                    N_("scoring point %(n)s: the share must be a number such as 0.25 or 25%%"),
                    n=number,
                )
            )
            value = Decimal(0)
        points.append(RubricPoint(text, value))
    return tuple(points), problems


def parse_difficulty(raw: Any) -> tuple[int, list[Problem]]:
    """A difficulty 1–5 from a number, a digit string or 易/较易/中等/较难/难."""
    from questionbank.model import DIFFICULTY_LABELS

    if raw is None or raw == "":
        return 3, []
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw, []
    text = fold_width(str(raw)).strip()
    by_label = {label: level for level, label in DIFFICULTY_LABELS.items()}
    if text in by_label:
        return by_label[text], []
    if text.isdigit():
        return int(text), []
    return 3, [error("difficulty", N_("difficulty must be 1–5, not %(value)s"), value=text)]


def parse_tag_input(raw: Any) -> tuple[str, ...]:
    """Tags from a text (``area:x, level:y``) or a list; normalised, sorted, unique."""
    if isinstance(raw, list | tuple):
        return tuple(sorted({normalise_tag(str(t)) for t in raw if str(t).strip()}))
    return parse_tags(str(raw or ""))


def draft_from_values(values: Mapping[str, Any]) -> Draft:
    """Parse plain editor values into a :class:`Draft`.

    Keys: ``type``, ``stem``, ``options`` (texts, A first), ``answer``, ``rubric`` (rows of
    ``(text, share)`` or ``{"text", "share"}``), ``explanation``, ``difficulty``, ``source``,
    ``tags`` (text or list). Missing keys mean empty. Never raises: an unknown type is a problem
    on ``type`` (and the content is parsed as a single choice so the rest can still be checked).
    """
    problems: list[Problem] = []
    qtype = parse_type(values.get("type"))
    if qtype is None:
        problems.append(
            error("type", N_("unknown question type %(value)s"), value=str(values.get("type")))
        )
        qtype = QuestionType.SINGLE
    options = trim_options(values.get("options") or ()) if qtype.is_choice else ()
    rubric: tuple[RubricPoint, ...] = ()
    if qtype is QuestionType.SHORT:
        rows = [
            (row.get("text"), row.get("share")) if isinstance(row, Mapping) else tuple(row)[:2]
            for row in values.get("rubric") or ()
        ]
        rubric, rubric_problems = parse_rubric(rows)  # type: ignore[arg-type]
        problems += rubric_problems
    difficulty, difficulty_problems = parse_difficulty(values.get("difficulty"))
    problems += difficulty_problems
    content = QuestionContent(
        type=qtype,
        stem=str(values.get("stem") or "").strip(),
        options=options,
        answer=parse_answer(qtype, values.get("answer")),
        rubric=rubric,
        explanation=str(values.get("explanation") or "").strip(),
        difficulty=difficulty,
        source=str(values.get("source") or "").strip(),
    )
    return Draft(content, parse_tag_input(values.get("tags")), problems)
