"""Loading the contest file: the contest, its three stages and each stage's exam blueprint.

Idempotent and keyed by codes: loading the same file twice changes nothing; a changed file
updates in place. A stage whose blueprint changes after papers exist is refused unless forced,
and forcing discards only the papers nobody has started (started papers keep the blueprint
they were built from).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError, InvalidInputError, NotFoundError
from examsvc.models import Attempt, AuditRecord, Contest, Paper, Stage
from questionbank.awards import awards_to_data
from questionbank.blueprint import Blueprint, blueprint_from_dict
from questionbank.contest_awards import to_award_rules
from questionbank.contestfile import ContestSpec, StageSpec
from questionbank.problems import N_


@dataclass
class LoadReport:
    """What loading a contest file did."""

    contest: str
    created: bool
    stages_created: list[str] = field(default_factory=list)
    stages_updated: list[str] = field(default_factory=list)
    blueprints_changed: list[str] = field(default_factory=list)
    papers_discarded: int = 0

    def summary(self) -> str:
        """One line for the CLI."""
        verb = "created" if self.created else "updated"
        parts = [f"contest {self.contest} {verb}"]
        if self.stages_created:
            parts.append("stages created: " + ", ".join(self.stages_created))
        if self.stages_updated:
            parts.append("stages updated: " + ", ".join(self.stages_updated))
        if self.blueprints_changed:
            parts.append("blueprints changed: " + ", ".join(self.blueprints_changed))
        if self.papers_discarded:
            parts.append(f"{self.papers_discarded} unstarted paper(s) discarded")
        return "; ".join(parts)


DECIMAL_KEYS = frozenset({"points", "arbitration_threshold", "target_difficulty"})


def blueprint_to_data(blueprint: Blueprint) -> dict[str, Any]:
    """A blueprint as JSON-able data (decimals as strings), the form stored on a stage."""
    return json.loads(blueprint.canonical_json())


def blueprint_of(data: dict[str, Any]) -> Blueprint:
    """The blueprint stored on a stage or a run.

    :raises ValidationError: if the stored data is not a valid blueprint.
    """

    def numbers(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: Decimal(v) if k in DECIMAL_KEYS and isinstance(v, str) else numbers(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [numbers(v) for v in value]
        return value

    return blueprint_from_dict(numbers(data))


def _stage_values(spec: StageSpec, ordinal: int) -> dict[str, Any]:
    exam = spec.exam
    blueprint = exam.blueprint
    return {
        "code": spec.code,
        "ordinal": ordinal,
        "name": spec.name,
        "theory_weight": spec.theory_weight,
        "skill_weight": spec.skill_weight,
        "advance_ratio": spec.advance_ratio,
        "advance_rounding": str(spec.advance_rounding),
        "duration_minutes": exam.duration_minutes,
        "opens_at": exam.opens_at,
        "closes_at": exam.closes_at,
        "shuffle_questions": blueprint.shuffle_questions,
        "shuffle_options": blueprint.shuffle_options,
        "exclude_used_in": list(exam.exclude_used_in),
        "review_after_release": exam.review_after_release,
        "blueprint": blueprint_to_data(blueprint),
        "blueprint_fingerprint": blueprint.fingerprint(),
    }


def load_contest(
    session: Session,
    spec: ContestSpec,
    *,
    now: datetime,
    force: bool = False,
    actor_id: int | None = None,
) -> LoadReport:
    """Create or update the contest and its stages from a parsed contest file.

    :raises ConflictError: a blueprint changes for a stage that has papers, without ``force``;
        or the file drops a stage that has enrolments.
    """
    contest = session.scalar(select(Contest).where(Contest.code == spec.code))
    report = LoadReport(contest=spec.code, created=contest is None)
    values = {
        "name": spec.name,
        "timezone": spec.timezone,
        "age_min": spec.age_min,
        "age_max": spec.age_max,
        "age_reference_date": spec.age_reference_date,
        "registration_opens": spec.registration_opens,
        "registration_closes": spec.registration_closes,
        "awards": awards_to_data(to_award_rules(spec.awards)) if spec.awards is not None else [],
    }
    if contest is None:
        contest = Contest(code=spec.code, created_at=now, updated_at=now, **values)
        session.add(contest)
        session.flush()
    else:
        _assign(contest, values, now)

    existing = {
        s.code: s for s in session.scalars(select(Stage).where(Stage.contest_id == contest.id))
    }
    wanted = {s.code for s in spec.stages}
    for code, stage in existing.items():
        if code not in wanted and _has_papers(session, stage.id):
            raise ConflictError(N_("the file drops a stage that already has papers"))
    for ordinal, stage_spec in enumerate(spec.stages):
        values = _stage_values(stage_spec, ordinal)
        stage = existing.get(stage_spec.code)
        if stage is None:
            stage = Stage(contest_id=contest.id, updated_at=now, **values)
            session.add(stage)
            report.stages_created.append(stage_spec.code)
            continue
        _apply_stage(session, stage, values, now=now, force=force, report=report)
    for code, stage in existing.items():
        if code not in wanted:
            session.delete(stage)
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="contest.loaded",
            entity="contest",
            entity_id=spec.code,
            new={"summary": report.summary()},
            reason="contest file",
        )
    )
    session.flush()
    return report


#: why a blueprint change is refused (the CLI's wording; the admin pages have their own)
REFUSAL_CLI = N_(
    "the blueprint of a stage with papers changed: run again with --force "
    "to discard the papers nobody has started"
)
REFUSAL_FORM = N_(
    "the blueprint of a stage with papers changed: confirm that the papers nobody has started "
    "are discarded"
)


def _apply_stage(
    session: Session,
    stage: Stage,
    values: dict[str, Any],
    *,
    now: datetime,
    force: bool,
    report: LoadReport,
    refusal: str = REFUSAL_CLI,
) -> None:
    """Update one existing stage: the one rule for a contest file and the stage form alike.

    :raises ConflictError: the blueprint changes while the stage has papers, without ``force``.
    """
    if stage.blueprint_fingerprint != values["blueprint_fingerprint"] and _has_papers(
        session, stage.id
    ):
        if not force:
            raise ConflictError(refusal)
        report.papers_discarded += discard_unstarted_papers(session, stage)
        report.blueprints_changed.append(stage.code)
    if _assign(stage, values, now):
        report.stages_updated.append(stage.code)


def save_stage(
    session: Session,
    stage: Stage,
    spec: StageSpec,
    *,
    now: datetime,
    force: bool = False,
    actor_id: int | None = None,
) -> LoadReport:
    """Update one stage from a spec (the admin's stage form), by the rule of
    :func:`load_contest`: a changed blueprint on a stage with papers is refused unless forced,
    and forcing discards only the papers nobody has started. The change is audited, with the
    number of papers discarded.

    ``spec`` must already be valid in the context of the whole contest
    (:func:`questionbank.contestfile.contest_from_data` checks the stage order, the windows and
    ``exclude_used_in``).

    :raises ConflictError: a blueprint change with papers present, without ``force``.
    :raises InvalidInputError: ``spec`` is for another stage.
    """
    if spec.code != stage.code:
        raise InvalidInputError(N_("the stage code cannot change"))
    contest = session.get(Contest, stage.contest_id)
    assert contest is not None
    report = LoadReport(contest=contest.code, created=False)
    old = {
        "blueprint_fingerprint": stage.blueprint_fingerprint,
        "opens_at": stage.opens_at.isoformat(),
        "closes_at": stage.closes_at.isoformat(),
        "duration_minutes": stage.duration_minutes,
    }
    values = _stage_values(spec, stage.ordinal)
    _apply_stage(session, stage, values, now=now, force=force, report=report, refusal=REFUSAL_FORM)
    if report.stages_updated:
        session.add(
            AuditRecord(
                at=now,
                actor_id=actor_id,
                action="stage.saved",
                entity="stage",
                entity_id=f"{contest.code}/{stage.code}",
                old=old,
                new={
                    "blueprint_fingerprint": stage.blueprint_fingerprint,
                    "opens_at": stage.opens_at.isoformat(),
                    "closes_at": stage.closes_at.isoformat(),
                    "duration_minutes": stage.duration_minutes,
                    "papers_discarded": report.papers_discarded,
                    "forced": force,
                },
                reason="stage form",
            )
        )
    session.flush()
    return report


def _assign(obj: Any, values: dict[str, Any], now: datetime) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.updated_at = now
    return changed


def _has_papers(session: Session, stage_id: int) -> bool:
    return session.scalar(select(Paper.id).where(Paper.stage_id == stage_id).limit(1)) is not None


def discard_unstarted_papers(session: Session, stage: Stage) -> int:
    """Delete the stage's papers that no attempt uses; returns how many."""
    started = select(Attempt.paper_id).where(Attempt.stage_id == stage.id)
    result = session.execute(
        delete(Paper)
        .where(Paper.stage_id == stage.id, Paper.id.not_in(started))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def contest_by_code(session: Session, code: str | None = None) -> Contest:
    """A contest by code, or the most recent one.

    :raises NotFoundError: none.
    """
    query = select(Contest)
    query = query.where(Contest.code == code) if code else query.order_by(Contest.id.desc())
    contest = session.scalar(query.limit(1))
    if contest is None:
        raise NotFoundError(N_("no contest is loaded yet: run examsvc contest load FILE.toml"))
    return contest


def stage_by_code(session: Session, code: str, contest_code: str | None = None) -> Stage:
    """A stage of a contest (the most recent contest by default).

    :raises NotFoundError: no such stage.
    """
    contest = contest_by_code(session, contest_code)
    stage = session.scalar(select(Stage).where(Stage.contest_id == contest.id, Stage.code == code))
    if stage is None:
        raise NotFoundError(N_("no such stage"))
    return stage
