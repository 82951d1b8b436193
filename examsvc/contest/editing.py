"""Editing the contest from the admin pages with the contest file's rules and the CLI's service.

* A stage edit is one ``[[stages]]`` table put into the whole contest as stored and checked by
  :func:`questionbank.contestfile.contest_from_data`: the stage order, the windows of the
  neighbouring stages and ``exclude_used_in`` are checked as for a file.
* Saving goes through :func:`examsvc.contest.services.save_stage`, a file through
  :func:`~examsvc.contest.services.load_contest`; what a file would change is previewed by
  loading it inside a savepoint that is rolled back.
* The bank's supply of a blueprint is counted over the active questions, as paper generation
  would draw from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.contest.papers import current_pool
from examsvc.contest.services import LoadReport, load_contest
from examsvc.contest.spec import contest_data, contest_spec
from examsvc.models import Attempt, Contest, Paper, Stage
from questionbank.assembly import Pool
from questionbank.blueprint import Blueprint
from questionbank.contest import ContestSpec, StageSpec
from questionbank.contestfile import contest_from_data
from questionbank.problems import Problem, ValidationError
from questionbank.supply import BlueprintSupply, blueprint_supply


@dataclass(frozen=True)
class StageCheck:
    """A stage edit checked in its contest: the new spec, or the problems (key paths of the
    whole contest, ``stages[index].…``)."""

    index: int
    spec: StageSpec | None
    problems: list[Problem]


def stage_index(contest: Contest, stage: Stage) -> int:
    """The stage's position in the contest (its ``stages[i]`` in key paths)."""
    return [s.id for s in contest.stages].index(stage.id)


def check_stage(contest: Contest, stage: Stage, data: dict[str, Any]) -> StageCheck:
    """Check one stage's new ``[[stages]]`` table within the contest as stored.

    :raises InvalidInputError: the stored contest cannot be read as a contest file (then no
        stage of it can be checked in context).
    """
    whole = contest_data(contest_spec(contest))
    index = stage_index(contest, stage)
    whole["stages"][index] = data
    try:
        spec = contest_from_data(whole)
    except ValidationError as exc:
        return StageCheck(index, None, exc.problems)
    return StageCheck(index, spec.stages[index], [])


@dataclass(frozen=True)
class PapersAtStake:
    """The papers a blueprint change touches: discarded if unstarted, kept if started."""

    unstarted: int
    started: int

    @property
    def any(self) -> bool:
        """Whether the stage has papers at all."""
        return bool(self.unstarted or self.started)


def papers_at_stake(session: Session, stage: Stage, new_blueprint: Blueprint) -> PapersAtStake:
    """What saving ``new_blueprint`` would do to the stage's papers (nothing when the blueprint
    means the same as the stored one)."""
    if new_blueprint.fingerprint() == stage.blueprint_fingerprint:
        return PapersAtStake(0, 0)
    total = session.scalar(select(func.count()).where(Paper.stage_id == stage.id)) or 0
    started = session.scalar(select(func.count()).where(Attempt.stage_id == stage.id)) or 0
    return PapersAtStake(total - started, started)


def bank_supply(session: Session, blueprint: Blueprint) -> BlueprintSupply:
    """How the bank's active questions supply ``blueprint`` (see :mod:`questionbank.supply`)."""
    return blueprint_supply(blueprint, Pool(current_pool(session)))


@dataclass(frozen=True)
class LoadPreview:
    """What loading a contest file would do: the load's report, and the contest's own
    settings (``name``, ``awards`` …) that would change."""

    report: LoadReport
    contest_changes: list[str]

    @property
    def needs_confirmation(self) -> bool:
        """Whether a blueprint changes on a stage with papers (unstarted ones are discarded)."""
        return bool(self.report.blueprints_changed)

    @property
    def changes_nothing(self) -> bool:
        """Whether loading the file would leave everything as it is."""
        report = self.report
        return not (
            report.created
            or report.stages_created
            or report.stages_updated
            or report.blueprints_changed
            or self.contest_changes
        )


_CONTEST_FIELDS = (
    "name",
    "timezone",
    "age_min",
    "age_max",
    "age_reference_date",
    "registration_opens",
    "registration_closes",
    "awards",
)


def preview_load(session: Session, spec: ContestSpec, *, now: datetime) -> LoadPreview:
    """What loading ``spec`` would do, forced, without changing anything: the load runs in a
    savepoint that is rolled back.

    :raises ConflictError: the file drops a stage that already has papers.
    """
    contest = session.scalar(select(Contest).where(Contest.code == spec.code))
    before = {k: getattr(contest, k) for k in _CONTEST_FIELDS} if contest else {}
    savepoint = session.begin_nested()
    try:
        report = load_contest(session, spec, now=now, force=True)
        changes = [k for k in before if getattr(contest, k) != before[k]]
    finally:
        savepoint.rollback()
    return LoadPreview(report, changes)


def latest_contest(session: Session) -> Contest | None:
    """The most recently created contest, or ``None``."""
    return session.scalar(select(Contest).order_by(Contest.id.desc()).limit(1))
