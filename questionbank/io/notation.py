"""How question fields are written in a spreadsheet cell, both ways.

Authors type answers the way paper exams write them, so the readers accept every common
notation and the writers emit one canonical form that the readers accept again:

* type: ``单选``/``单选题``/``单项选择``/``single`` … (written ``单选``, ``多选``, ``判断``, ``简答``);
* single answer ``B``; multiple ``ACD``, ``A,C,D``, ``A、C、D`` in any order (written ``ACD``);
  full-width letters and punctuation are folded first (``Ａ``, ``，``);
* true/false ``对/错``, ``正确/错误``, ``√/×``, ``✓/✗``, ``T/F``, ``true/false``, ``Y/N``, any
  case (written ``对``/``错``);
* rubric: one scoring point per line, ``text|share`` or ``text｜share``, the share a decimal
  (``0.4``) or a percentage (``40%``); no share on any line means equal shares (written
  ``text|0.4`` with ``|``, the share after the *last* bar, so texts may hold bars themselves);
* difficulty ``1``–``5`` or ``易/较易/中等/较难/难``, blank = 3.

Parsers return ``(value, problems)``; a problem's ``field`` is the canonical field name and it
has no location yet (the caller adds row and column).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from questionbank.model import (
    DIFFICULTY_LABELS,
    OPTION_KEYS,
    AnswerValue,
    QuestionType,
    RubricPoint,
    equal_shares,
    fold_width,
)
from questionbank.problems import N_, Problem, error

TYPE_NAMES: dict[str, QuestionType] = {
    **dict.fromkeys(("单选", "单选题", "单项选择", "单项选择题", "single"), QuestionType.SINGLE),
    **dict.fromkeys(
        ("多选", "多选题", "多项选择", "多项选择题", "multiple"), QuestionType.MULTIPLE
    ),
    **dict.fromkeys(("判断", "判断题", "truefalse", "true/false"), QuestionType.TRUEFALSE),
    **dict.fromkeys(("简答", "简答题", "short"), QuestionType.SHORT),
}
TYPE_LABELS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUEFALSE: "判断",
    QuestionType.SHORT: "简答",
}
TRUE_WORDS = frozenset({"对", "正确", "√", "✓", "✔", "t", "true", "y", "yes", "是"})
FALSE_WORDS = frozenset({"错", "错误", "×", "✗", "✘", "f", "false", "n", "no", "否"})
DIFFICULTY_NAMES = {label: level for level, label in DIFFICULTY_LABELS.items()}

_KEY_SEPARATORS = re.compile(r"[\s,;/]+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_LAST_BAR = re.compile(r"^(.*)[|｜]([^|｜]*)$", re.DOTALL)


def parse_type(text: str) -> tuple[QuestionType | None, list[Problem]]:
    """The question type a 题型 cell names."""
    key = fold_width(text).strip().casefold()
    if not key:
        return None, [error("type", N_("the question type is missing"))]
    qtype = TYPE_NAMES.get(key)
    if qtype is None:
        return None, [
            error(
                "type",
                N_("unknown question type %(value)s (单选, 多选, 判断 or 简答)"),
                value=text,
            )
        ]
    return qtype, []


def parse_answer(qtype: QuestionType, text: str) -> tuple[AnswerValue | None, list[Problem]]:
    """The answer value of an 答案 cell for ``qtype`` (not yet checked against the options).

    Multiple-choice keys come back sorted, repeats kept, so that validation can report them.
    """
    if not text.strip():
        return None, [error("answer", N_("the answer is missing"))]
    if qtype is QuestionType.SHORT:
        return text, []
    folded = fold_width(text).strip()
    if qtype is QuestionType.TRUEFALSE:
        word = folded.casefold()
        if word in TRUE_WORDS:
            return True, []
        if word in FALSE_WORDS:
            return False, []
        return None, [
            error(
                "answer",
                N_(
                    "a true/false answer must be 对 or 错 (√/×, T/F, true/false, Y/N), not %(value)s"
                ),
                value=text,
            )
        ]
    keys = _KEY_SEPARATORS.sub("", folded).upper()
    if not keys.isascii() or not keys.isalpha():
        return None, [
            error(
                "answer",
                N_("the answer must be option keys like B or ACD, not %(value)s"),
                value=text,
            )
        ]
    if qtype is QuestionType.SINGLE:
        return keys, []
    return tuple(sorted(keys)), []


def format_answer(qtype: QuestionType, answer: AnswerValue) -> str:
    """The canonical cell text of an answer (``B``, ``ACD``, ``对``/``错`` or the reference)."""
    if qtype is QuestionType.MULTIPLE:
        return "".join(answer)  # type: ignore[arg-type]
    if qtype is QuestionType.TRUEFALSE:
        return "对" if answer else "错"
    return str(answer)


def parse_share(text: str) -> Decimal | None:
    """A share written ``0.4`` or ``40%`` (full-width allowed) as a Decimal, else ``None``."""
    folded = fold_width(text).strip()
    percent = folded.endswith("%")
    number = folded[:-1].strip() if percent else folded
    try:
        share = Decimal(number)
    except InvalidOperation:
        return None
    if not share.is_finite():
        return None
    return share / 100 if percent else share


def parse_rubric(text: str) -> tuple[tuple[RubricPoint, ...], list[Problem]]:
    """The scoring points of a 评分要点 cell.

    Blank lines are skipped. Shares must be given on every line or on none (then they are
    equal, see :func:`questionbank.model.equal_shares`); whether they sum to 1 is checked by
    :func:`questionbank.model.validate_content`.
    """
    texts: list[str] = []
    shares: list[Decimal | None] = []
    problems: list[Problem] = []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for n, line in enumerate(lines, start=1):
        match = _LAST_BAR.match(line)
        share: Decimal | None = None
        if match and match.group(2).strip():
            share = parse_share(match.group(2))
            if share is None:
                problems.append(
                    error(
                        "rubric",
                        N_("scoring point %(n)s: share %(value)s is not a number like 0.4 or 40%%"),
                        n=n,
                        value=match.group(2).strip(),
                    )
                )
            line = match.group(1).strip()
        elif match:
            line = match.group(1).strip()
        texts.append(line)
        shares.append(share)
    if problems:
        return (), problems
    given = [s for s in shares if s is not None]
    if not given:
        return equal_shares(texts), []
    if len(given) != len(shares):
        return (), [error("rubric", N_("give a share on every scoring point or on none"))]
    return tuple(RubricPoint(t, s) for t, s in zip(texts, given, strict=True)), []


def format_rubric(rubric: tuple[RubricPoint, ...]) -> str:
    """The cell text of a rubric: ``text|share`` lines (a point's line breaks become spaces)."""
    return "\n".join(
        f"{_LINE_BREAKS.sub(' ', p.text.strip())}|{format(p.share.normalize(), 'f')}"
        for p in rubric
    )


def parse_difficulty(text: str) -> tuple[int | None, list[Problem]]:
    """The difficulty of a 难度 cell: 1–5 or 易…难; blank means 3.

    A whole number outside 1–5 is returned as is, for validation to report.
    """
    folded = fold_width(text).strip()
    if not folded:
        return 3, []
    if folded in DIFFICULTY_NAMES:
        return DIFFICULTY_NAMES[folded], []
    if re.fullmatch(r"-?\d{1,3}", folded):
        return int(folded), []
    return None, [
        error(
            "difficulty",
            N_("difficulty must be 1–5 or 易/较易/中等/较难/难, not %(value)s"),
            value=text,
        )
    ]


def parse_id(text: str) -> tuple[int | None, list[Problem]]:
    """The question id of an 编号 cell (blank = a new question)."""
    folded = fold_width(text).strip()
    if not folded:
        return None, []
    if re.fullmatch(r"\d{1,18}", folded) and int(folded) > 0:
        return int(folded), []
    return None, [
        error("id", N_("the id must be a positive whole number, not %(value)s"), value=text)
    ]


def option_field(index: int) -> str:
    """The canonical field name of the option at 0-based ``index`` (``option_a`` …)."""
    return f"option_{OPTION_KEYS[index].lower()}"
