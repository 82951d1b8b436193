"""Who receives which award: the contest's award table (Contest.awards; empty = the notice's
defaults) applied by :func:`questionbank.awards.compute_awards`.

The final ranking used is the final stage's latest publication, or, before anything is
published, the live ranking (the report says which; the live one must not be provisional nor
wait for marking). Finalists are the people enrolled in the final, semi-finalists those
enrolled in the semi-final (every stage after the first counts: enrolment there means having
advanced). Registered contestants per organisation are the contest's contestants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError
from examsvc.models import Contest, Contestant, Enrolment, Stage
from examsvc.ranking.publication import latest_publication
from examsvc.ranking.services import check_can_use, rules_from_data, stage_ranking
from questionbank.awards import (
    DEFAULT_AWARDS,
    Award,
    AwardRule,
    AwardTotal,
    award_totals,
    awards_from_data,
    compute_awards,
)
from questionbank.problems import N_
from questionbank.ranking import RankedRow, Ranking


@dataclass
class AwardsReport:
    """The awards of a contest and what they rest on."""

    stage: Stage
    #: the publication number the final ranking comes from; None = the live ranking
    publication: int | None
    rules: list[AwardRule]
    awards: list[Award] = field(default_factory=list)
    totals: list[AwardTotal] = field(default_factory=list)

    @property
    def money(self) -> Decimal:
        """Every award's money in all (yuan)."""
        return sum((t.amount_yuan or Decimal(0) for t in self.totals), Decimal(0))


def award_table(contest: Contest) -> list[AwardRule]:
    """The contest's award rules (the notice's defaults when none are configured).

    :raises ValidationError: if the stored table is invalid (every problem listed).
    """
    return awards_from_data(contest.awards) if contest.awards else list(DEFAULT_AWARDS)


@dataclass(frozen=True)
class _Person:
    ticket: str
    name: str
    organisation: str


def ranking_from_snapshot(snapshot: dict[str, Any]) -> Ranking:
    """A published ranking back as a :class:`Ranking` (publications are never provisional)."""
    rows = [
        RankedRow(
            rank=row["rank"],
            ticket=row["ticket"],
            name=row["name"],
            organisation=row["organisation"],
            theory=None if row["theory"] is None else Decimal(row["theory"]),
            skill=None if row["skill"] is None else Decimal(row["skill"]),
            total=Decimal(row["total"]),
            advances=row["advances"],
            flags=tuple(row["flags"]),
        )
        for row in snapshot["rows"]
    ]
    return Ranking(
        rows=rows,
        rules=rules_from_data(snapshot["rules"]),
        provisional=False,
        ties=[],
        participants=snapshot["participants"],
        advance_count=snapshot["advance_count"],
    )


def stage_awards(session: Session, stage: Stage) -> AwardsReport:
    """Every award of the contest whose final stage is ``stage``.

    :raises ConflictError: ``stage`` is not the contest's last stage, or nothing is published
        and the live ranking is provisional or waits for marking.
    :raises ValidationError: the contest's award table is invalid.
    """
    contest = stage.contest
    stages = sorted(contest.stages, key=lambda s: s.ordinal)
    if stage.id != stages[-1].id:
        raise ConflictError(N_("awards are given on the contest's final stage"))
    publication = latest_publication(session, stage)
    if publication is not None:
        ranking = ranking_from_snapshot(publication.snapshot)
    else:
        ranked = stage_ranking(session, stage)
        check_can_use(ranked, N_("the final ranking is not settled yet"))
        ranking = ranked.ranking
    rules = award_table(contest)
    report = AwardsReport(stage, publication.number if publication else None, rules)
    finalists = _people(session, [stage])
    semifinalists = _people(session, stages[1:])
    union_card = dict(
        session.execute(
            select(Enrolment.ticket, Contestant.union_card)
            .join(Contestant, Contestant.id == Enrolment.contestant_id)
            .where(Enrolment.stage_id == stage.id)
        ).all()
    )
    per_org = dict(
        session.execute(
            select(Contestant.organisation, func.count())
            .where(Contestant.contest_id == contest.id)
            .group_by(Contestant.organisation)
        ).all()
    )
    report.awards = compute_awards(ranking, finalists, semifinalists, per_org, union_card, rules)
    report.totals = award_totals(report.awards, rules)
    return report


def _people(session: Session, stages: list[Stage]) -> list[_Person]:
    """Everyone enrolled in any of ``stages`` once (the latest stage's ticket names them)."""
    by_person: dict[int, _Person] = {}
    for stage in sorted(stages, key=lambda s: s.ordinal):
        for ticket, person in session.execute(
            select(Enrolment.ticket, Contestant)
            .join(Contestant, Contestant.id == Enrolment.contestant_id)
            .where(Enrolment.stage_id == stage.id)
        ):
            by_person[person.id] = _Person(ticket, person.name, person.organisation)
    return list(by_person.values())
