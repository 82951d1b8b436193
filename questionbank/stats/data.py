"""The plain data the statistics are computed from.

The service reads final marks and answers from the database and hands them over as these
frozen dataclasses; nothing here knows about the database. Scores and points are exact
:class:`~decimal.Decimal` values; responses and keys are in the question's ORIGINAL option keys
(answers are stored that way), and ``option_order`` says how the contestant saw them, so a
figure can be told by original option (distractor analysis) or by displayed position (guessing
bias).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from questionbank.answers import JsonAnswer
from questionbank.model import QuestionType

#: the option keys of a true/false item in the distractor analysis
TRUE_KEY = "true"
FALSE_KEY = "false"


@dataclass(frozen=True)
class ItemResult:
    """One item of one contestant's paper with its final score.

    ``response`` and ``key`` use original option keys (single ``"B"``, multiple ``["A", "C"]``,
    true/false ``True``/``False``, short: the text and ``None``); ``response`` is ``None`` when
    the item was left unanswered. ``option_order`` holds the original keys in the order the
    contestant saw them (``"CADB"``; empty when not shuffled or not a choice item).
    ``section`` is the blueprint section the item was drawn for and ``position`` its 1-based
    number on the paper.
    """

    question_id: int
    version_id: int
    qtype: QuestionType
    points: Decimal
    score: Decimal
    response: JsonAnswer = None
    key: JsonAnswer = None
    option_count: int = 0
    option_order: str = ""
    section: int = 0
    position: int = 0
    scoring: str | None = None

    @property
    def fraction(self) -> float:
        """The score as a share of the points (0 for an item worth nothing)."""
        return float(self.score / self.points) if self.points else 0.0

    @property
    def is_dichotomous(self) -> bool:
        """Scored right or wrong only: single choice, true/false, strictly scored multiple."""
        if self.qtype in (QuestionType.SINGLE, QuestionType.TRUEFALSE):
            return True
        return self.qtype is QuestionType.MULTIPLE and self.scoring == "strict"


@dataclass(frozen=True)
class AttemptResult:
    """A contestant's finally marked theory paper: every item and the paper's full marks."""

    attempt_id: int
    items: tuple[ItemResult, ...]
    full_marks: Decimal

    @cached_property
    def raw(self) -> Decimal:
        """The paper's raw score: the sum of its item scores."""
        return sum((item.score for item in self.items), Decimal(0))

    @cached_property
    def fraction(self) -> float:
        """The raw score as a share of the full marks."""
        return float(self.raw / self.full_marks) if self.full_marks else 0.0


@dataclass(frozen=True)
class Sitting:
    """A contestant of a stage: their organisation, their marked paper (``None`` when absent
    from the theory exam or still waiting for final marks, see ``theory_pending``) and their
    skill score (0–100, ``None`` when absent)."""

    key: str
    organisation: str
    attempt: AttemptResult | None = None
    skill: Decimal | None = None
    #: submitted, but some item has no final mark yet: left out of every figure until it has
    theory_pending: bool = False


@dataclass(frozen=True)
class Mark:
    """One grader's mark on one short answer. ``slot`` 1 and 2 are the independent marks, 3
    the arbitrator's; ``answer`` identifies the answer (attempt and item)."""

    answer: tuple[int, int]
    question_id: int
    points: Decimal
    slot: int
    grader: str
    score: Decimal


@dataclass(frozen=True)
class StageData:
    """Everything the stage analysis needs: the contestants, the short-answer marks, and the
    stage's weights for the total (0–100 scales, as in the ranking)."""

    sittings: Sequence[Sitting]
    marks: Sequence[Mark] = field(default_factory=tuple)
    theory_weight: Decimal = Decimal("0.30")
    skill_weight: Decimal = Decimal("0.70")
