"""Advancement: the top ``advance_ratio`` of a stage's participants are enrolled into the next
stage (prelim → semi → final), each with a new admission ticket and login.

Refused while the ranking is provisional (an unresolved tie) or theory marking is unfinished.
Running it again enrols nobody twice: advancers already in the next stage are reported, not
enrolled again. Someone enrolled in the next stage by an earlier run who no longer advances
(scores changed since) is reported and left enrolled: un-enrolling a person is a decision for
the committee, not for a command. Every run is audited (``ranking.advanced``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError
from examsvc.models import AuditRecord, Contestant, Enrolment, Stage
from examsvc.ranking.publication import build_snapshot
from examsvc.ranking.services import check_can_use, lock_stage, stage_ranking
from examsvc.roster.services import Credential, Placement, enrol
from questionbank.problems import N_


@dataclass
class AdvanceReport:
    """What an advancement run did."""

    stage: str
    next_stage: str
    advance_count: int
    participants: int
    #: (ticket in this stage, the new login in the next stage)
    enrolled: list[tuple[str, Credential]] = field(default_factory=list)
    #: tickets (this stage) of advancers enrolled in the next stage already
    already: list[str] = field(default_factory=list)
    #: tickets (next stage) of people enrolled by an earlier run who no longer advance
    no_longer: list[str] = field(default_factory=list)


def next_stage_of(session: Session, stage: Stage) -> Stage:
    """The stage after ``stage`` in its contest.

    :raises ConflictError: ``stage`` is the last one.
    """
    following = session.scalar(
        select(Stage).where(
            Stage.contest_id == stage.contest_id, Stage.ordinal == stage.ordinal + 1
        )
    )
    if following is None:
        raise ConflictError(N_("this is the last stage: nobody advances from it"))
    return following


def advance(
    session: Session, stage: Stage, *, secret: str, actor_id: int | None, now: datetime
) -> AdvanceReport:
    """Enrol the stage's advancers into the next stage (see the module docstring).

    :raises ConflictError: the last stage, a provisional ranking or unfinished marking (every
        reason listed), or the next stage running out of ticket numbers.
    """
    following = next_stage_of(session, stage)
    lock_stage(session, stage)
    ranked = stage_ranking(session, stage)
    check_can_use(ranked, N_("nobody can advance yet"))
    ranking = ranked.ranking
    report = AdvanceReport(stage.code, following.code, ranking.advance_count, ranking.participants)
    in_next = {
        contestant_id: (ticket, source)
        for contestant_id, ticket, source in session.execute(
            select(Enrolment.contestant_id, Enrolment.ticket, Enrolment.source).where(
                Enrolment.stage_id == following.id
            )
        )
    }
    advancers = ranking.advancers()
    keys = {int(row.contestant_key) for row in advancers}
    people = {c.id: c for c in session.scalars(select(Contestant).where(Contestant.id.in_(keys)))}
    todo = []
    for row in advancers:
        contestant_id = int(row.contestant_key)
        if contestant_id in in_next:
            report.already.append(row.ticket)
        else:
            todo.append((row.ticket, people[contestant_id]))
    report.no_longer = sorted(
        ticket
        for cid, (ticket, source) in in_next.items()
        if source == "advance" and cid not in keys
    )
    credentials = enrol(
        session,
        following,
        [(person, Placement()) for _, person in todo],
        source="advance",
        secret=secret,
        now=now,
    )
    report.enrolled = [(ticket, cred) for (ticket, _), cred in zip(todo, credentials, strict=True)]
    snapshot = build_snapshot(ranked, number=0, names="full", now=now, actor=None)
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="ranking.advanced",
            entity="stage",
            entity_id=str(stage.id),
            new={
                "to": following.code,
                "advance_count": ranking.advance_count,
                "participants": ranking.participants,
                "advancers": [row.ticket for row in advancers],
                "enrolled": {old: cred.ticket for old, cred in report.enrolled},
                "ranking_digest": snapshot["digest"],
            },
            reason=f"top {ranking.rules.advance_ratio} of {ranking.participants} participants",
        )
    )
    session.flush()
    return report
