"""Skill scores from the judges, per stage: from a file (xlsx/csv) or the API, all-or-nothing.

Every ticket must be enrolled in the stage (an unknown ticket is an error on its row); a name
given with a score that differs from the enrolled name is a warning. Only scores that change
are written, each with an audit record (``skill.recorded``: the ticket, old and new score,
the batch as the reason), so the ranking can be replayed as it stood at any moment.
``缺考`` (absent) withdraws a score recorded before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.errors import InvalidInputError
from examsvc.models import AuditRecord, Contestant, Enrolment, SkillScore, Stage
from examsvc.ranking.services import lock_stage, score_text
from questionbank.io.skills import SkillRow, read_skills
from questionbank.problems import N_, Problem, error

#: locates a problem found here: (column name, message, row, **params) → Problem
Locate = Callable[..., Problem]


@dataclass
class SkillsReport:
    """What an import of skill scores did (or in a dry run would do)."""

    stage: str
    batch: str
    dry_run: bool
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the scores can be recorded (no error)."""
        return not self.problems


def import_skills_file(
    session: Session,
    stage: Stage,
    data: bytes,
    filename: str,
    *,
    actor_id: int | None,
    now: datetime,
    dry_run: bool = False,
) -> SkillsReport:
    """Import a skill-score file into ``stage`` (see the module docstring).

    :raises InvalidInputError: (not in a dry run) listing every problem by row and column;
        nothing is recorded. A dry run returns them in the report.
    """
    parsed = read_skills(data, filename)
    return record_skills(
        session, stage, parsed.rows, batch=filename, locate=parsed.problem, actor_id=actor_id,
        now=now, dry_run=dry_run, row_count=parsed.row_count,
        problems=[p for p in parsed.problems if p.severity == "error"],
    )  # fmt: skip


def api_locate(name: str, message: str, row: int, /, **params: object) -> Problem:
    """Locate a problem in an API body: ``scores[i].ticket`` (``row`` is 1-based)."""
    return error(f"scores[{row - 1}].{name}", message, **params)


def record_skills(
    session: Session,
    stage: Stage,
    rows: Sequence[SkillRow],
    *,
    batch: str,
    locate: Locate = api_locate,
    actor_id: int | None,
    now: datetime,
    dry_run: bool = False,
    row_count: int | None = None,
    problems: Sequence[Problem] = (),
) -> SkillsReport:
    """Record checked skill scores for ``stage``, all or nothing (see the module docstring).

    ``problems`` are errors already found in the input; ``locate`` places the ones found here.

    :raises InvalidInputError: (not in a dry run) on any error; nothing is recorded.
    """
    report = SkillsReport(
        stage.code, batch, dry_run, rows=len(rows) if row_count is None else row_count
    )
    report.problems = list(problems)
    lock_stage(session, stage)
    known = {
        ticket: (enrolment_id, name)
        for ticket, enrolment_id, name in session.execute(
            select(Enrolment.ticket, Enrolment.id, Contestant.name)
            .join(Contestant, Contestant.id == Enrolment.contestant_id)
            .where(Enrolment.stage_id == stage.id)
        )
    }
    current = {
        s.enrolment_id: s
        for s in session.scalars(
            select(SkillScore).where(SkillScore.enrolment_id.in_([e for e, _ in known.values()]))
        )
    }
    changes: list[tuple[str, int, Decimal | None]] = []
    first_row: dict[str, int] = {}
    for row in rows:
        if first_row.setdefault(row.ticket, row.row) != row.row:  # a file reader finds these too
            report.problems.append(
                locate(
                    "ticket",
                    N_("ticket %(ticket)s is also on row %(row)s"),
                    row.row,
                    ticket=row.ticket,
                    row=first_row[row.ticket],
                )
            )
            continue
        if row.ticket not in known:
            report.problems.append(
                locate(
                    "ticket",
                    N_("ticket %(ticket)s is not enrolled in this stage"),
                    row.row,
                    ticket=row.ticket,
                )
            )
            continue
        enrolment_id, name = known[row.ticket]
        if row.name and row.name != name:
            report.warnings.append(
                locate(
                    "name",
                    N_("ticket %(ticket)s is %(name)s"),
                    row.row,
                    ticket=row.ticket,
                    name=name,
                ).at(severity="warning")
            )
        old = current.get(enrolment_id)
        if (old.score if old else None) == row.skill:
            report.unchanged += 1
        else:
            changes.append((row.ticket, enrolment_id, row.skill))
    report.problems.sort(key=lambda p: (p.row or 0, p.field))
    report.changed = len(changes)
    if report.problems and not dry_run:
        raise InvalidInputError(
            N_("the skill scores have errors: nothing was recorded"), problems=report.problems
        )
    if dry_run or report.problems:
        return report
    for ticket, enrolment_id, skill in changes:
        old = current.get(enrolment_id)
        before = None if old is None else old.score
        if skill is None:
            session.delete(old)
        elif old is None:
            session.add(
                SkillScore(
                    enrolment_id=enrolment_id,
                    score=skill,
                    recorded_at=now,
                    recorded_by_id=actor_id,
                    batch=batch[:255],
                )
            )
        else:
            old.score, old.recorded_at, old.recorded_by_id, old.batch = (
                skill,
                now,
                actor_id,
                batch[:255],
            )
        session.add(
            AuditRecord(
                at=now,
                actor_id=actor_id,
                action="skill.recorded",
                entity="enrolment",
                entity_id=str(enrolment_id),
                old={"ticket": ticket, "skill": score_text(before)},
                new={"ticket": ticket, "skill": score_text(skill)},
                reason=batch,
            )
        )
    session.flush()
    return report
