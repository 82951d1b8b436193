"""Grading rules: what an answer to an objective item scores, and how marks are combined.

Every score is a :class:`~decimal.Decimal` with two decimals, rounded half-up
(``ROUND_HALF_UP``) exactly once, at the end of its computation: a half mark of 1.25 points is
0.63, a third of 2 points is 0.67. Floats never appear.

Keys and responses are in the ORIGINAL option keys of the question; :mod:`questionbank.answers`
maps the keys a contestant saw back to them first (its :func:`to_original`, :func:`to_shown`,
:func:`validate_response` and :class:`BadAnswerError` are importable from here too). The
shapes (as in :mod:`questionbank.model`):

* ``single``: one key, ``"B"``;
* ``multiple``: a tuple or list of keys, ``("A", "C")``;
* ``truefalse``: ``True`` / ``False``;
* ``short``: text, never graded here (a grader marks it, see :func:`combine_marks`).

A response of ``None`` is unanswered and scores 0. A malformed response (wrong type, a key that
is not an option, the same key twice) also scores 0 and never raises: the API validates what it
stores, and grading must not fail on old or odd data.

The rules live in a registry keyed by question type (:data:`GRADING_RULES`), filled with the
:func:`grading_rule` decorator, so a new type adds a function and touches nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

# the answer-value helpers belong with grading in the brief's API; their home is answers.py
from questionbank.answers import BadAnswerError as BadAnswerError
from questionbank.answers import to_original as to_original
from questionbank.answers import to_shown as to_shown
from questionbank.answers import validate_response as validate_response
from questionbank.model import AnswerValue, QuestionType
from questionbank.problems import N_, ValidationError, error

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

#: ``(key, response, points, scoring) -> score``; ``points`` is already checked.
GradingRule = Callable[[AnswerValue, object, Decimal, "MultipleScoring"], Decimal]

#: The grading rule of each question type.
GRADING_RULES: dict[QuestionType, GradingRule] = {}


class MultipleScoring(StrEnum):
    """How a multiple-choice item is scored (the section setting ``multiple_scoring``)."""

    #: full marks only for exactly the right set, else 0
    STRICT = "strict"
    #: exactly right: full; a non-empty subset of the right keys: half; any wrong key: 0
    PARTIAL = "partial"
    #: each right key chosen earns points / len(right keys); any wrong key: 0
    PER_OPTION = "per_option"


DEFAULT_MULTIPLE_SCORING = MultipleScoring.PARTIAL


class NotAutoGradableError(ValueError):
    """The item (a short answer) is marked by people, not graded automatically."""


#: The name the brief uses for :class:`NotAutoGradableError`.
NotAutoGradable = NotAutoGradableError


class BadMarkError(ValidationError):
    """A grader's or arbitrator's mark is not a valid score for the item (API: 422)."""


# --------------------------------------------------------------------------- rounding


def quantize_score(value: Decimal) -> Decimal:
    """``value`` rounded half-up to two decimals (the one rounding rule for every score)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` rounded half-up to two decimals, exactly.

    The quotient is computed as a fraction, so no intermediate rounding (at the decimal
    context's 28 digits) can push a value across a half-cent boundary.

    :raises ZeroDivisionError: if ``denominator`` is 0.
    """
    ratio = Fraction(numerator) / Fraction(denominator)
    sign = -1 if ratio < 0 else 1
    ratio = abs(ratio)
    # half-up on the magnitude: floor(x * 100 + 1/2), then put the sign back
    cents = (ratio.numerator * 200 + ratio.denominator) // (2 * ratio.denominator)
    return (Decimal(sign * cents) * CENT).quantize(CENT)


def has_cents_only(value: Decimal) -> bool:
    """Whether finite ``value`` has at most two decimals (``2.50`` yes, ``2.505`` no)."""
    return (Fraction(value) * 100).denominator == 1


def _check_points(points: Decimal) -> Decimal:
    if isinstance(points, bool) or not isinstance(points, Decimal | int):
        raise TypeError(f"points must be a Decimal, not {type(points).__name__}")
    points = Decimal(points)
    if not points.is_finite() or points < 0 or not has_cents_only(points):
        # more than two decimals would make "full marks" differ from the points after rounding
        raise ValueError(f"points must be a non-negative amount with two decimals, not {points}")
    return points


# --------------------------------------------------------------------------- the registry


def grading_rule(qtype: QuestionType) -> Callable[[GradingRule], GradingRule]:
    """Register the decorated function as the grading rule of ``qtype``.

    :raises ValueError: if ``qtype`` already has a rule (two rules for one type is a bug).
    """

    def register(rule: GradingRule) -> GradingRule:
        if qtype in GRADING_RULES:
            raise ValueError(f"{qtype} already has a grading rule")
        GRADING_RULES[qtype] = rule
        return rule

    return register


def grade_item(
    qtype: QuestionType,
    key: AnswerValue,
    response: AnswerValue | None,
    points: Decimal,
    scoring: str | None = None,
) -> Decimal:
    """The score of ``response`` to an item worth ``points`` whose right answer is ``key``.

    ``scoring`` applies to multiple choice only (``strict`` / ``partial`` / ``per_option``,
    default ``partial``). The score is between 0 and ``points``, two decimals, half-up.

    :raises NotAutoGradableError: for a short answer.
    :raises ValueError: if ``key`` is not a valid key for the type, ``points`` is negative or
        has more than two decimals, or ``scoring`` is unknown.
    :raises TypeError: if ``points`` is not a Decimal (or int).
    """
    qtype = QuestionType(qtype)
    checked = _check_points(points)
    mode = MultipleScoring(scoring) if scoring else DEFAULT_MULTIPLE_SCORING
    rule = GRADING_RULES.get(qtype)
    if rule is None:
        raise NotAutoGradableError(f"{qtype} items are marked by graders, not graded automatically")
    if response is None:
        _check_key(qtype, key)
        return Decimal("0.00")
    return quantize_score(rule(key, response, checked, mode))


def _check_key(qtype: QuestionType, key: AnswerValue) -> None:
    ok = {
        QuestionType.SINGLE: lambda: isinstance(key, str) and len(key) == 1,
        QuestionType.MULTIPLE: lambda: (
            isinstance(key, tuple | list)
            and len(key) >= 1
            and all(isinstance(k, str) and len(k) == 1 for k in key)
            and len(set(key)) == len(key)
        ),
        QuestionType.TRUEFALSE: lambda: isinstance(key, bool),
    }[qtype]()
    if not ok:
        raise ValueError(f"{key!r} is not a valid {qtype} answer key")


@grading_rule(QuestionType.SINGLE)
def grade_single(
    key: AnswerValue, response: object, points: Decimal, _: MultipleScoring
) -> Decimal:
    """Single choice: the right key earns ``points``, anything else 0.

    :raises ValueError: if ``key`` is not one option key.
    """
    _check_key(QuestionType.SINGLE, key)
    return points if isinstance(response, str) and response == key else Decimal(0)


@grading_rule(QuestionType.TRUEFALSE)
def grade_truefalse(
    key: AnswerValue, response: object, points: Decimal, _: MultipleScoring
) -> Decimal:
    """True/false: the right boolean earns ``points``, anything else (even ``1``) 0.

    :raises ValueError: if ``key`` is not a boolean.
    """
    _check_key(QuestionType.TRUEFALSE, key)
    return points if isinstance(response, bool) and response is key else Decimal(0)


@grading_rule(QuestionType.MULTIPLE)
def grade_multiple(
    key: AnswerValue, response: object, points: Decimal, scoring: MultipleScoring
) -> Decimal:
    """Multiple choice under ``scoring`` (see :class:`MultipleScoring`); unrounded.

    An empty selection is unanswered (0); duplicates, non-string keys or a non-sequence are
    malformed (0).

    :raises ValueError: if ``key`` is not a non-empty sequence of distinct keys.
    """
    _check_key(QuestionType.MULTIPLE, key)
    right = frozenset(key)  # type: ignore[arg-type]
    if not isinstance(response, tuple | list) or not response:
        return Decimal(0)
    if not all(isinstance(k, str) for k in response) or len(set(response)) != len(response):
        return Decimal(0)
    chosen = frozenset(response)
    if not chosen <= right:
        return Decimal(0)  # a wrong key (or a key that is no option at all) scores nothing
    if chosen == right:
        return points
    match scoring:
        case MultipleScoring.STRICT:
            return Decimal(0)
        case MultipleScoring.PARTIAL:
            return points / 2
        case MultipleScoring.PER_OPTION:
            # one rounding at the end: choosing every right key gives exactly ``points``
            return round_ratio(points * len(chosen), Decimal(len(right)))
    raise ValueError(f"unknown multiple-choice scoring {scoring!r}")  # pragma: no cover


# --------------------------------------------------------------------------- marks


def check_mark(score: Decimal, points: Decimal) -> Decimal:
    """Return ``score`` if it is a valid mark for an item worth ``points``.

    A valid mark is a Decimal (or int) between 0 and ``points`` inclusive with at most two
    decimals (``2.5`` and ``2.50`` are fine, ``2.505`` is not).

    :raises BadMarkError: otherwise (wrong type, not finite, negative, above the points, or
        with more than two decimals).
    """
    if isinstance(score, bool) or not isinstance(score, Decimal | int):
        raise BadMarkError([error("score", N_("a mark must be a number with at most 2 decimals"))])
    value = Decimal(score)
    if not value.is_finite():
        raise BadMarkError([error("score", N_("a mark must be a number with at most 2 decimals"))])
    if not 0 <= value <= points:
        raise BadMarkError(
            [
                error(
                    "score",
                    N_("a mark must be between 0 and %(points)s, not %(score)s"),
                    points=str(points),
                    score=str(value),
                )
            ]
        )
    if not has_cents_only(value):
        raise BadMarkError(
            [error("score", N_("%(score)s has more than 2 decimals"), score=str(value))]
        )
    return value


def combine_marks(m1: Decimal, m2: Decimal, threshold: Decimal) -> Decimal | None:
    """The final mark of a doubly marked answer, or ``None`` when an arbitrator must decide.

    The two marks agree when they differ by at most ``threshold`` (inclusive); the final mark
    is then their mean, rounded half-up to two decimals (2.5 and 2.75 → 2.63).

    :raises ValueError: if ``threshold`` is negative.
    """
    if threshold < 0:
        raise ValueError(f"the arbitration threshold must not be negative, not {threshold}")
    if abs(m1 - m2) > threshold:
        return None
    return round_ratio(m1 + m2, Decimal(2))


def theory_score(raw: Decimal, full: Decimal) -> Decimal:
    """A theory paper's raw score on the 0–100 scale: ``raw / full × 100``, 2 decimals half-up.

    :raises ValueError: if ``full`` is not positive or ``raw`` is outside ``[0, full]``.
    """
    if not full > 0:
        raise ValueError(f"the full marks of a paper must be positive, not {full}")
    if not 0 <= raw <= full:
        raise ValueError(f"a raw score must be between 0 and {full}, not {raw}")
    return round_ratio(raw * HUNDRED, full)
