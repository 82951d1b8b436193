"""The contest file: one TOML text configuring the contest, its three stages and their exams.

``examsvc contest load contest.toml`` reads it with :func:`parse_contest` (standard library
``tomllib``, floats read as :class:`~decimal.Decimal`) into frozen dataclasses; the service then
creates or updates rows keyed by the contest and stage codes. :func:`contest_to_toml` writes a
spec back (the admin's "download"); parsing that text gives an equal spec.

The shape is the one in ``shared/spec/interfaces.md``, plus these optional keys:

* ``[contest]``: ``registration_opens`` / ``registration_closes`` (dates);
  ``age_reference_date`` defaults to ``registration_closes`` when absent.
* ``[[contest.awards]]``: an award table replacing
  :data:`~questionbank.awards.DEFAULT_AWARDS` (shape in :mod:`questionbank.awards`).
* ``[stages.exam]``: ``target_difficulty`` (1–5), see :mod:`questionbank.blueprint`.

Every problem is reported at once by a :class:`ValidationError`, each :class:`Problem` naming
its key path with 0-based array indices: ``stages[1].exam.sections[2].count`` is the third
section of the second stage (``semi``). Unknown keys are errors.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from questionbank.awards import AwardSpec, read_awards
from questionbank.blueprint import BLUEPRINT_KEYS, Blueprint, read_blueprint
from questionbank.keypath import TableReader, join_path
from questionbank.problems import N_, Problem, ValidationError, error, raise_if_errors
from questionbank.tomlwriter import TomlDocument

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
    :data:`~questionbank.awards.DEFAULT_AWARDS`).
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


def _exam_rules(
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
    return _exam_rules(
        path, exam.duration_minutes, exam.opens_at, exam.closes_at, exam.exclude_used_in, earlier
    )


def _stage_rules(
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
    return _stage_rules(
        path, stage.code, stage.theory_weight, stage.skill_weight, stage.advance_ratio
    )


def _stage_order_problems(stages: list[StageSpec | None], codes: list[str | None]) -> list[Problem]:
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


def _read_exam(reader: TableReader, earlier: tuple[str, ...]) -> ExamSpec | None:
    before = len(reader.problems)
    duration = reader.integer("duration_minutes", required=True)
    opens_at = reader.aware_datetime("opens_at", required=True)
    closes_at = reader.aware_datetime("closes_at", required=True)
    exclude = reader.text_list("exclude_used_in")
    review = reader.boolean("review_after_release", default=False)
    blueprint = read_blueprint(reader)
    reader.finish()
    if exclude is not None:
        exclude = tuple(e.strip() for e in exclude)
    reader.problems.extend(
        _exam_rules(reader.path, duration, opens_at, closes_at, exclude, earlier)
    )
    if len(reader.problems) > before:
        return None
    assert duration is not None and opens_at and closes_at and blueprint and exclude is not None
    return ExamSpec(
        duration_minutes=duration,
        opens_at=opens_at,
        closes_at=closes_at,
        blueprint=blueprint,
        exclude_used_in=exclude,
        review_after_release=bool(review),
    )


def _read_stage(
    reader: TableReader, earlier: tuple[str, ...]
) -> tuple[str | None, StageSpec | None]:
    before = len(reader.problems)
    code = reader.text("code", required=True)
    name = reader.text("name", required=True)
    theory = reader.decimal("theory_weight", default=Decimal("0.30"))
    skill = reader.decimal("skill_weight", default=Decimal("0.70"))
    ratio = reader.decimal("advance_ratio", default=Decimal("0.30"))
    rounding_text = reader.text("advance_rounding", default="half_up")
    rounding = None
    if rounding_text is not None:
        try:
            rounding = AdvanceRounding(rounding_text)
        except ValueError:
            reader.fail("advance_rounding", N_("must be one of half_up, floor, ceil"))
    reader.problems.extend(_stage_rules(reader.path, code, theory, skill, ratio))
    exam_reader = reader.table("exam", required=True)
    exam = _read_exam(exam_reader, earlier) if exam_reader else None
    reader.finish()
    if len(reader.problems) > before:
        return code, None
    assert code and name and theory is not None and skill is not None and ratio is not None
    assert rounding is not None and exam is not None
    return code, StageSpec(code, name, exam, theory, skill, ratio, rounding)


def _contest_problems(
    reader: TableReader,
    code: str | None,
    name: str | None,
    timezone: str | None,
    ages: tuple[int | None, int | None],
    registration: tuple[date | None, date | None],
) -> None:
    if code is not None and not _CODE.match(code):
        reader.fail("code", N_("must be lower-case letters, digits, - or _ (at most 64)"))
    if name is not None and len(name) > MAX_NAME_CHARS:
        reader.fail("name", N_("is longer than 200 characters"))
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            reader.fail("timezone", N_("unknown time zone %(value)s"), value=timezone)
    age_min, age_max = ages
    if age_min is not None and not 1 <= age_min <= 150:
        reader.fail("age_min", N_("must lie within 1–150"))
    if age_min is not None and age_max is not None and age_max < age_min:
        reader.fail("age_max", N_("must be ≥ age_min (%(min)s)"), min=age_min)
    opens, closes = registration
    if opens is not None and closes is not None and closes < opens:
        reader.fail("registration_closes", N_("must not be before registration_opens"))


def parse_contest(text: str) -> ContestSpec:
    """Parse and validate a contest file.

    :raises ValidationError: with every problem found, each at its key path (0-based indices,
        ``stages[1].exam.sections[2].count``) with a message like ``must be ≥ 1``; a TOML syntax
        error is one problem carrying the line (``row``) where ``tomllib`` stopped.
    """
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ValidationError(
            [
                Problem(
                    field="",
                    message=N_("not valid TOML: %(reason)s"),
                    params={"reason": str(exc)},
                    row=int(match.group(1)) if match else None,
                )
            ]
        ) from exc
    problems: list[Problem] = []
    root = TableReader(data, "", problems)
    contest = root.table("contest", required=True)
    stage_readers = root.table_list("stages", required=True)
    root.finish()

    spec_fields: dict[str, object] = {}
    if contest is not None:
        before = len(problems)
        code = contest.text("code", required=True)
        name = contest.text("name", required=True)
        timezone = contest.text("timezone", required=True)
        age_min = contest.integer("age_min", required=True)
        age_max = contest.integer("age_max", required=True)
        opens = contest.date("registration_opens")
        closes = contest.date("registration_closes")
        reference = contest.date("age_reference_date", default=closes)
        if reference is None and not contest.has("age_reference_date"):
            contest.fail("age_reference_date", N_("is required (or set registration_closes)"))
        awards = read_awards(contest)
        contest.finish()
        _contest_problems(contest, code, name, timezone, (age_min, age_max), (opens, closes))
        if len(problems) == before:
            spec_fields = dict(
                code=code,
                name=name,
                timezone=timezone,
                age_min=age_min,
                age_max=age_max,
                age_reference_date=reference,
                registration_opens=opens,
                registration_closes=closes,
                awards=awards,
            )

    stages: list[StageSpec | None] = []
    codes: list[str | None] = []
    for reader in stage_readers or []:
        earlier = tuple(c for c in codes if c in STAGE_CODES)
        code, stage = _read_stage(reader, earlier)
        codes.append(code)
        stages.append(stage)
    if stage_readers is not None:
        problems += _stage_order_problems(stages, codes)
    raise_if_errors(problems)
    return ContestSpec(stages=tuple(s for s in stages if s is not None), **spec_fields)  # type: ignore[arg-type]


def load_contest(path: str) -> ContestSpec:
    """Read and parse a contest file from disk (UTF-8).

    :raises ValidationError: as :func:`parse_contest`.
    :raises OSError: if the file cannot be read.
    """
    with open(path, encoding="utf-8") as handle:
        return parse_contest(handle.read())


def contest_to_toml(spec: ContestSpec) -> str:
    """The contest file text of ``spec``: every key written out, defaults included.

    ``parse_contest(contest_to_toml(spec)) == spec`` for every valid spec.

    :raises TypeError: if a date-time in ``spec`` has no UTC offset.
    """
    doc = TomlDocument()
    doc.table(
        "contest",
        {
            "code": spec.code,
            "name": spec.name,
            "timezone": spec.timezone,
            "age_min": spec.age_min,
            "age_max": spec.age_max,
            "age_reference_date": spec.age_reference_date,
            "registration_opens": spec.registration_opens,
            "registration_closes": spec.registration_closes,
        },
    )
    doc.array_tables(
        "contest.awards",
        (
            {
                "ranks": list(a.ranks),
                "prize": a.prize,
                "union_subsidy": a.union_subsidy,
                "honours": list(a.honours),
            }
            for a in spec.awards or ()
        ),
    )
    for stage in spec.stages:
        doc.array_tables(
            "stages",
            [
                {
                    "code": stage.code,
                    "name": stage.name,
                    "theory_weight": stage.theory_weight,
                    "skill_weight": stage.skill_weight,
                    "advance_ratio": stage.advance_ratio,
                    "advance_rounding": str(stage.advance_rounding),
                }
            ],
        )
        exam = stage.exam
        blueprint = exam.blueprint.to_dict()
        doc.table(
            "stages.exam",
            {
                "duration_minutes": exam.duration_minutes,
                "opens_at": exam.opens_at,
                "closes_at": exam.closes_at,
                "exclude_used_in": list(exam.exclude_used_in),
                "review_after_release": exam.review_after_release,
                **{
                    k: blueprint[k]
                    for k in BLUEPRINT_KEYS
                    if k in blueprint and k not in ("sections", "quotas")
                },
            },
        )
        doc.array_tables("stages.exam.sections", blueprint["sections"])
        doc.array_tables("stages.exam.quotas", blueprint["quotas"])
    return doc.text()
