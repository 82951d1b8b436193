"""The contest as configured: its stages, their exams, and the rules their settings obey.

:mod:`questionbank.contestfile` reads these dataclasses from the contest file; the rules live
here so that a spec built in code is checked the same way. Each rule function takes the values
that could be read (``None`` for one that could not) and a key path, so that one unreadable
value never hides a problem with another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from questionbank.blueprint import Blueprint
from questionbank.contest_awards import AwardSpec
from questionbank.keypath import join_path
from questionbank.problems import N_, Problem, error

#: the stages of the contest, in the order they are held
STAGE_CODES = ("prelim", "semi", "final")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_NAME_CHARS = 200


class AdvanceRounding(StrEnum):
    """How ``advance_ratio × participants`` becomes a number of advancers."""

    HALF_UP = "half_up"
    FLOOR = "floor"
    CEIL = "ceil"


@dataclass(frozen=True)
class ExamSpec:
    """A stage's theory exam: its window, duration, review setting and paper blueprint."""

    duration_minutes: int
    opens_at: datetime
    closes_at: datetime
    blueprint: Blueprint
    exclude_used_in: tuple[str, ...] = ()
    review_after_release: bool = False

    @property
    def shuffle_questions(self) -> bool:
        """Question order shuffled within sections (kept in the blueprint)."""
        return self.blueprint.shuffle_questions

    @property
    def shuffle_options(self) -> bool:
        """Option order shuffled per contestant (kept in the blueprint)."""
        return self.blueprint.shuffle_options


@dataclass(frozen=True)
class StageSpec:
    """One stage: weights of its two parts, its advancement rule and its exam."""

    code: str
    name: str
    exam: ExamSpec
    theory_weight: Decimal = Decimal("0.30")
    skill_weight: Decimal = Decimal("0.70")
    advance_ratio: Decimal = Decimal("0.30")
    advance_rounding: AdvanceRounding = AdvanceRounding.HALF_UP


@dataclass(frozen=True)
class ContestSpec:
    """The contest as configured by a contest file.

    ``awards`` is ``None`` when the file sets no award table (the service then uses
    :data:`~questionbank.contest_awards.DEFAULT_AWARDS`).
    """

    code: str
    name: str
    timezone: str
    age_min: int
    age_max: int
    age_reference_date: date
    stages: tuple[StageSpec, ...]
    registration_opens: date | None = None
    registration_closes: date | None = None
    awards: tuple[AwardSpec, ...] | None = None

    def stage(self, code: str) -> StageSpec:
        """The stage with this code.

        :raises KeyError: if there is none.
        """
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise KeyError(code)


# --------------------------------------------------------------------------- validation


# --------------------------------------------------------------------------- rules


def exam_rules(
    path: str,
    duration: int | None,
    opens_at: datetime | None,
    closes_at: datetime | None,
    exclude: tuple[str, ...] | None,
    earlier: tuple[str, ...],
) -> list[Problem]:
    """The exam rules over whichever values could be read (``None``: unreadable)."""
    problems: list[Problem] = []
    if duration is not None and duration < 1:
        problems.append(error(join_path(path, "duration_minutes"), N_("must be ≥ %(min)s"), min=1))
    if opens_at is not None and closes_at is not None:
        window = closes_at - opens_at
        if window <= timedelta(0):
            problems.append(error(join_path(path, "closes_at"), N_("must be after opens_at")))
        elif duration is not None and duration >= 1 and timedelta(minutes=duration) > window:
            problems.append(
                error(
                    join_path(path, "duration_minutes"),
                    N_("must fit the window from opens_at to closes_at (%(minutes)s minutes)"),
                    minutes=int(window.total_seconds() // 60),
                )
            )
    for code in exclude or ():
        if code not in earlier:
            problems.append(
                error(
                    join_path(path, "exclude_used_in"),
                    N_("%(code)s is not an earlier stage"),
                    code=code,
                )
            )
    if exclude is not None and len(set(exclude)) != len(exclude):
        problems.append(error(join_path(path, "exclude_used_in"), N_("names a stage twice")))
    return problems


def exam_problems(exam: ExamSpec, path: str, earlier: tuple[str, ...]) -> list[Problem]:
    """Every problem with an exam's own settings: duration, window, ``exclude_used_in``.

    ``earlier`` are the codes of the stages before this one, which ``exclude_used_in`` may
    name. The blueprint has its own check, :func:`~questionbank.blueprint.blueprint_problems`.
    """
    return exam_rules(
        path, exam.duration_minutes, exam.opens_at, exam.closes_at, exam.exclude_used_in, earlier
    )


def stage_rules(
    path: str,
    code: str | None,
    theory: Decimal | None,
    skill: Decimal | None,
    ratio: Decimal | None,
) -> list[Problem]:
    """The stage rules over whichever values could be read (``None``: unreadable)."""
    problems: list[Problem] = []
    if code is not None and code not in STAGE_CODES:
        problems.append(error(join_path(path, "code"), N_("must be one of prelim, semi, final")))
    weights = {"theory_weight": theory, "skill_weight": skill}
    for key, weight in weights.items():
        if weight is not None and not 0 <= weight <= 1:
            problems.append(error(join_path(path, key), N_("must lie within 0–1")))
    if theory is not None and skill is not None and theory + skill != 1:
        problems.append(
            error(
                join_path(path, "skill_weight"),
                N_("theory_weight + skill_weight must be 1, not %(total)s"),
                total=str(theory + skill),
            )
        )
    if ratio is not None and not 0 < ratio <= 1:
        problems.append(error(join_path(path, "advance_ratio"), N_("must be > 0 and ≤ 1")))
    return problems


def stage_problems(stage: StageSpec, path: str) -> list[Problem]:
    """Every problem with a stage's code, weights and advancement ratio."""
    return stage_rules(
        path, stage.code, stage.theory_weight, stage.skill_weight, stage.advance_ratio
    )


def stage_order_problems(stages: list[StageSpec | None], codes: list[str | None]) -> list[Problem]:
    problems: list[Problem] = []
    known = [c for c in codes if c in STAGE_CODES]
    if len(known) == len(codes) and tuple(known) != STAGE_CODES:
        problems.append(
            error(
                "stages",
                N_("must be prelim, semi, final, in this order (found %(found)s)"),
                found=", ".join(known) or "none",
            )
        )
    previous: StageSpec | None = None
    for i, stage in enumerate(stages):
        if (
            stage is not None
            and previous is not None
            and stage.exam.opens_at < previous.exam.closes_at
        ):
            problems.append(
                error(
                    join_path(join_path("stages", i), "exam.opens_at"),
                    N_("must not be before the previous stage's exam closes (%(closes)s)"),
                    closes=previous.exam.closes_at.isoformat(),
                )
            )
        previous = stage
    return problems


# --------------------------------------------------------------------------- reading


def contest_rules(
    path: str,
    code: str | None,
    name: str | None,
    timezone: str | None,
    ages: tuple[int | None, int | None],
    registration: tuple[date | None, date | None],
) -> list[Problem]:
    """The ``[contest]`` rules over whichever values could be read (``None``: unreadable)."""
    problems: list[Problem] = []

    def fail(key: str, message: str, **params: object) -> None:
        problems.append(error(join_path(path, key), message, **params))

    if code is not None and not _CODE.match(code):
        fail("code", N_("must be lower-case letters, digits, - or _ (at most 64)"))
    if name is not None and len(name) > MAX_NAME_CHARS:
        fail("name", N_("is longer than 200 characters"))
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            fail("timezone", N_("unknown time zone %(value)s"), value=timezone)
    age_min, age_max = ages
    if age_min is not None and not 1 <= age_min <= 150:
        fail("age_min", N_("must lie within 1–150"))
    if age_min is not None and age_max is not None and age_max < age_min:
        fail("age_max", N_("must be ≥ age_min (%(min)s)"), min=age_min)
    opens, closes = registration
    if opens is not None and closes is not None and closes < opens:
        fail("registration_closes", N_("must not be before registration_opens"))
    return problems
