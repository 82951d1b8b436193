"""The contest file: one TOML text configuring the contest, its three stages and their exams.

``examsvc contest load contest.toml`` reads it with :func:`parse_contest` (standard library
``tomllib``, floats read as :class:`~decimal.Decimal`) into frozen dataclasses; the service then
creates or updates rows keyed by the contest and stage codes. :func:`contest_to_toml` writes a
spec back (the admin's "download"); parsing that text gives an equal spec.

The shape is the one in ``shared/spec/interfaces.md``, plus these optional keys:

* ``[contest]``: ``registration_opens`` / ``registration_closes`` (dates);
  ``age_reference_date`` defaults to ``registration_closes`` when absent.
* ``[[contest.awards]]``: an award table replacing
  :data:`~questionbank.contest_awards.DEFAULT_AWARDS` (shape in :mod:`questionbank.contest_awards`).
* ``[stages.exam]``: ``target_difficulty`` (1–5), see :mod:`questionbank.blueprint`.

Every problem is reported at once by a :class:`ValidationError`, each :class:`Problem` naming
its key path with 0-based array indices: ``stages[1].exam.sections[2].count`` is the third
section of the second stage (``semi``). Unknown keys are errors.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from questionbank.blueprint import BLUEPRINT_KEYS, read_blueprint
from questionbank.contest import (
    STAGE_CODES,
    AdvanceRounding,
    ContestSpec,
    ExamSpec,
    StageSpec,
    contest_rules,
    exam_rules,
    stage_order_problems,
    stage_rules,
)
from questionbank.contest_awards import read_awards
from questionbank.keypath import TableReader
from questionbank.problems import N_, Problem, ValidationError, raise_if_errors
from questionbank.tomlwriter import TomlDocument

__all__ = [
    "STAGE_CODES",
    "AdvanceRounding",
    "ContestSpec",
    "ExamSpec",
    "StageSpec",
    "contest_from_data",
    "contest_to_toml",
    "load_contest",
    "parse_contest",
]


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
    reader.problems.extend(exam_rules(reader.path, duration, opens_at, closes_at, exclude, earlier))
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
    reader.problems.extend(stage_rules(reader.path, code, theory, skill, ratio))
    exam_reader = reader.table("exam", required=True)
    exam = _read_exam(exam_reader, earlier) if exam_reader else None
    reader.finish()
    if len(reader.problems) > before:
        return code, None
    assert code and name and theory is not None and skill is not None and ratio is not None
    assert rounding is not None and exam is not None
    return code, StageSpec(code, name, exam, theory, skill, ratio, rounding)


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
    return contest_from_data(data)


def contest_from_data(data: Mapping[str, Any]) -> ContestSpec:
    """Validate contest data shaped like a parsed contest file (``tomllib`` output, numbers as
    :class:`~decimal.Decimal` or ``int``, offset date-times) and build the spec.

    The admin pages edit a stage as such data and check it here, so a form and a file obey the
    same rules and report problems at the same key paths.

    :raises ValidationError: as :func:`parse_contest` (without the TOML syntax case).
    """
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
        problems += contest_rules(
            contest.path, code, name, timezone, (age_min, age_max), (opens, closes)
        )
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
        stage_code, stage = _read_stage(reader, earlier)
        codes.append(stage_code)
        stages.append(stage)
    if stage_readers is not None:
        problems += stage_order_problems(stages, codes)
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
            # an explicitly empty award table (no awards at all) is not the same as none set
            "awards": [] if spec.awards == () else None,
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
