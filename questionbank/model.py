"""The question model: the four types, their content, tags, and the one place validation lives.

A question's *content* (everything a paper or grading depends on) is a frozen
:class:`QuestionContent`; saving a changed content makes a new immutable version (the service
decides that with plain equality). Tags and status belong to the question, not to a version: a
retag never changes what a contestant saw.

Answer values have the same shape everywhere (bank, API, grading):

* ``single``: one key, ``"B"``
* ``multiple``: a sorted tuple of two or more keys, ``("A", "C")``
* ``truefalse``: ``True`` / ``False``
* ``short``: the reference answer (Markdown)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from questionbank.problems import N_, Problem, error, raise_if_errors

OPTION_KEYS = "ABCDEFGH"
MIN_OPTIONS = 2
MAX_OPTIONS = len(OPTION_KEYS)
MAX_STEM_CHARS = 20_000
MAX_TEXT_CHARS = 20_000
MAX_TAG_CHARS = 100
SHARE_TOLERANCE = Decimal("0.001")


class QuestionType(StrEnum):
    """The four question types of the contest."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    SHORT = "short"

    @property
    def is_choice(self) -> bool:
        """Single and multiple choice have options."""
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE)

    @property
    def is_objective(self) -> bool:
        """Graded automatically (everything but short answers)."""
        return self is not QuestionType.SHORT


class QuestionStatus(StrEnum):
    """Lifecycle of a question: only ``active`` questions go onto new papers."""

    DRAFT = "draft"
    REVIEW = "review"
    ACTIVE = "active"
    RETIRED = "retired"


#: allowed status transitions (from → set of to)
STATUS_TRANSITIONS: dict[QuestionStatus, frozenset[QuestionStatus]] = {
    QuestionStatus.DRAFT: frozenset({QuestionStatus.REVIEW, QuestionStatus.RETIRED}),
    QuestionStatus.REVIEW: frozenset(
        {QuestionStatus.ACTIVE, QuestionStatus.DRAFT, QuestionStatus.RETIRED}
    ),
    QuestionStatus.ACTIVE: frozenset({QuestionStatus.RETIRED, QuestionStatus.DRAFT}),
    QuestionStatus.RETIRED: frozenset({QuestionStatus.DRAFT}),
}

DIFFICULTY_LABELS = {1: "易", 2: "较易", 3: "中等", 4: "较难", 5: "难"}

AnswerValue = str | tuple[str, ...] | bool


@dataclass(frozen=True)
class RubricPoint:
    """A scoring point 评分要点 of a short answer: its text and its share of the marks."""

    text: str
    share: Decimal


@dataclass(frozen=True)
class QuestionContent:
    """The versioned content of a question. Construct it, then :func:`validate_content` it."""

    type: QuestionType
    stem: str
    options: tuple[str, ...] = ()
    answer: AnswerValue = ""
    rubric: tuple[RubricPoint, ...] = ()
    explanation: str = ""
    difficulty: int = 3
    source: str = ""

    @property
    def option_keys(self) -> tuple[str, ...]:
        """The keys of the options, ``("A", "B", …)``."""
        return tuple(OPTION_KEYS[: len(self.options)])

    def key_set(self) -> frozenset[str]:
        """The right keys of a choice question as a set (empty for other types)."""
        if self.type is QuestionType.SINGLE and isinstance(self.answer, str):
            return frozenset({self.answer})
        if self.type is QuestionType.MULTIPLE and isinstance(self.answer, tuple):
            return frozenset(self.answer)
        return frozenset()


@dataclass(frozen=True)
class Question:
    """A question as a whole: content plus the question-level data (tags, status, ids).

    ``id`` is the bank's id when the question exists (or an import asks to update it);
    ``name`` and ``idnumber`` come from Moodle formats and are kept as tags on import.
    """

    content: QuestionContent
    tags: tuple[str, ...] = ()
    id: int | None = None
    status: QuestionStatus | None = None
    name: str = ""
    images: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)


# --------------------------------------------------------------------------- tags

_FACET = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_TAG_SPLIT = re.compile(r"[,，;；\n]+")
_TAG_FORBIDDEN = re.compile(r"[,，;；\r\n\t]")


def normalise_tag(raw: str) -> str:
    """Trim a tag, fold full-width characters and lower-case its facet (``Area: X`` → ``area:X``)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    facet, sep, value = text.partition(":")
    if not sep:
        return text
    return f"{facet.strip().lower()}:{value.strip()}"


def tag_problems(tag: str, field_name: str = "tags") -> list[Problem]:
    """Problems with one (normalised) tag: it must be ``facet:value``."""
    facet, sep, value = tag.partition(":")
    if not sep or not value:
        return [error(field_name, N_("tag %(tag)s must be facet:value"), tag=tag)]
    if not _FACET.match(facet):
        return [
            error(
                field_name,
                N_("tag %(tag)s: facet must be lower-case letters, digits, - or _"),
                tag=tag,
            )
        ]
    if len(tag) > MAX_TAG_CHARS:
        return [error(field_name, N_("tag %(tag)s is longer than 100 characters"), tag=tag)]
    if _TAG_FORBIDDEN.search(value):
        return [error(field_name, N_("tag %(tag)s contains a separator"), tag=tag)]
    return []


def parse_tags(text: str) -> tuple[str, ...]:
    """Split a tag cell on ``,`` ``，`` ``;`` ``；`` or new lines; normalised, sorted, unique."""
    tags = {normalise_tag(part) for part in _TAG_SPLIT.split(text or "")}
    return tuple(sorted(t for t in tags if t))


def tag_facet(tag: str) -> str:
    """The facet of a tag (``area`` of ``area:alarm-handling``)."""
    return tag.partition(":")[0]


# --------------------------------------------------------------------------- normalisation

_FULLWIDTH = str.maketrans({"，": ",", "、": ",", "；": ";", "：": ":", "　": " "})


def fold_width(text: str) -> str:
    """Fold full-width letters, digits and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text).translate(_FULLWIDTH)


def normalise_stem(text: str) -> str:
    """The form of a stem used to find duplicates.

    NFKC, lower-case, and every whitespace, punctuation and symbol character removed, so that
    ``下列哪项 属于技防？`` and ``下列哪项属于技防?`` compare equal.
    """
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZSC")


# --------------------------------------------------------------------------- validation


def validate_content(content: QuestionContent) -> list[Problem]:
    """Every problem with ``content``, as :class:`Problem` values (empty when valid).

    The rules, shared by the editor, every import and the API:

    * the stem is not empty (and not absurdly long);
    * choice types have 2–8 non-empty options, consecutive from A;
      true/false and short answer have no options;
    * single: exactly one key naming an existing option;
      multiple: two or more distinct keys naming existing options;
      true/false: a boolean; short: a non-empty reference answer;
    * a rubric only on short answers, each point with text and a positive share,
      the shares summing to 1;
    * difficulty is an integer 1–5.
    """
    problems: list[Problem] = []
    qtype = content.type
    if not isinstance(qtype, QuestionType):
        return [error("type", N_("unknown question type %(value)s"), value=str(qtype))]
    if not content.stem or not content.stem.strip():
        problems.append(error("stem", N_("the stem is empty")))
    elif len(content.stem) > MAX_STEM_CHARS:
        problems.append(error("stem", N_("the stem is longer than 20,000 characters")))

    problems += _option_problems(content)
    problems += _answer_problems(content)
    problems += _rubric_problems(content)

    if (
        not isinstance(content.difficulty, int)
        or isinstance(content.difficulty, bool)
        or not 1 <= content.difficulty <= 5
    ):
        problems.append(
            error(
                "difficulty", N_("difficulty must be 1–5, not %(value)s"), value=content.difficulty
            )
        )
    for name in ("explanation", "source"):
        if len(getattr(content, name) or "") > MAX_TEXT_CHARS:
            problems.append(error(name, N_("longer than 20,000 characters")))
    return problems


def _option_problems(content: QuestionContent) -> list[Problem]:
    options = content.options
    if not content.type.is_choice:
        if options:
            return [error("options", N_("this question type has no options"))]
        return []
    problems = []
    if len(options) < MIN_OPTIONS:
        problems.append(error("options", N_("a choice question needs at least 2 options")))
    if len(options) > MAX_OPTIONS:
        problems.append(error("options", N_("at most 8 options (A–H)")))
    for key, text in zip(OPTION_KEYS, options, strict=False):
        if not text or not text.strip():
            problems.append(
                error(
                    f"option_{key.lower()}",
                    N_("option %(key)s is empty (options must be consecutive from A)"),
                    key=key,
                )
            )
        elif len(text) > MAX_TEXT_CHARS:
            problems.append(
                error(f"option_{key.lower()}", N_("option %(key)s is too long"), key=key)
            )
    return problems


def _answer_problems(content: QuestionContent) -> list[Problem]:
    answer = content.answer
    keys = content.option_keys
    match content.type:
        case QuestionType.SINGLE:
            if not isinstance(answer, str) or len(answer) != 1:
                return [error("answer", N_("a single choice needs exactly one key, e.g. B"))]
            if answer not in keys:
                return [
                    error("answer", N_("key %(key)s names no option"), key=answer),
                ]
        case QuestionType.MULTIPLE:
            if not isinstance(answer, tuple) or len(answer) < 2:
                return [error("answer", N_("a multiple choice needs two or more keys, e.g. ACD"))]
            if len(set(answer)) != len(answer):
                return [error("answer", N_("a key is repeated"))]
            missing = [k for k in answer if k not in keys]
            if missing:
                return [
                    error("answer", N_("key %(key)s names no option"), key="".join(missing)),
                ]
            if tuple(sorted(answer)) != answer:
                return [error("answer", N_("keys must be sorted"))]
        case QuestionType.TRUEFALSE:
            if not isinstance(answer, bool):
                return [error("answer", N_("a true/false answer must be true or false"))]
        case QuestionType.SHORT:
            if not isinstance(answer, str) or not answer.strip():
                return [error("answer", N_("a short answer needs a reference answer"))]
            if len(answer) > MAX_TEXT_CHARS:
                return [error("answer", N_("longer than 20,000 characters"))]
    return []


def _rubric_problems(content: QuestionContent) -> list[Problem]:
    rubric = content.rubric
    if not rubric:
        return []
    if content.type is not QuestionType.SHORT:
        return [error("rubric", N_("only short answers have a rubric"))]
    problems = []
    for index, point in enumerate(rubric, start=1):
        if not point.text or not point.text.strip():
            problems.append(error("rubric", N_("scoring point %(n)s has no text"), n=index))
        if not isinstance(point.share, Decimal) or not point.share > 0:
            problems.append(
                error("rubric", N_("scoring point %(n)s needs a positive share"), n=index)
            )
    if not problems:
        total = sum((p.share for p in rubric), Decimal(0))
        if abs(total - 1) > SHARE_TOLERANCE:
            problems.append(
                error("rubric", N_("the shares add up to %(total)s, not 1"), total=f"{total:.3f}")
            )
    return problems


def check_content(content: QuestionContent) -> QuestionContent:
    """Return ``content`` if valid.

    :raises ValidationError: listing every problem.
    """
    raise_if_errors(validate_content(content))
    return content


def equal_shares(texts: list[str]) -> tuple[RubricPoint, ...]:
    """Rubric points with equal shares that sum to exactly 1 (the last takes the remainder)."""
    if not texts:
        return ()
    n = len(texts)
    share = (Decimal(1) / n).quantize(Decimal("0.0001"))
    shares = [share] * (n - 1) + [Decimal(1) - share * (n - 1)]
    return tuple(RubricPoint(t, s) for t, s in zip(texts, shares, strict=True))


def normalise_multiple(keys: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Keys of a multiple-choice answer as a sorted tuple of unique keys."""
    return tuple(sorted(set(keys)))


def with_answer(content: QuestionContent, answer: AnswerValue) -> QuestionContent:
    """A copy of ``content`` with another answer (used by key corrections)."""
    return replace(content, answer=answer)


# --------------------------------------------------------------------------- plain-data form


def answer_to_json(qtype: QuestionType, answer: AnswerValue) -> str | list[str] | bool:
    """An answer in its JSON form (multiple → list)."""
    if qtype is QuestionType.MULTIPLE:
        return list(answer)  # type: ignore[arg-type]
    return answer  # type: ignore[return-value]


def answer_from_json(qtype: QuestionType, value: object) -> AnswerValue:
    """The inverse of :func:`answer_to_json` (no validation: call :func:`validate_content`)."""
    if qtype is QuestionType.MULTIPLE:
        return tuple(value) if isinstance(value, list | tuple) else ()
    return value  # type: ignore[return-value]


def rubric_to_json(rubric: tuple[RubricPoint, ...]) -> list[dict[str, str]]:
    """Rubric points as ``[{"text", "share"}]`` with the share as a decimal string."""
    return [{"text": p.text, "share": str(p.share)} for p in rubric]


def rubric_from_json(value: list[dict[str, str]] | None) -> tuple[RubricPoint, ...]:
    """The inverse of :func:`rubric_to_json`."""
    return tuple(RubricPoint(p["text"], Decimal(p["share"])) for p in value or [])
