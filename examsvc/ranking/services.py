"""A stage's ranking from the database: theory scores from the attempts, skill scores as
imported, the rules from the stage and the arbitrators' tie orders; the ranking itself is
:func:`questionbank.ranking.rank_stage` (its rules are in that module's docstring).

Theory: an attempt's ``theory_raw`` out of its paper's ``total_points`` once ``theory_final``.
A contestant who never started (no attempt) is theory-absent. An attempt still open, or
submitted but not fully marked, is *pending*: the row is flagged ``theory_pending`` (instead
of ``theory_absent``) and the stage cannot be published or used for advancement until marking
is finished. Missing skill scores are listed as pending items too, but they do not block: a
missing part counts 0 and is flagged (competition.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError
from examsvc.models import (
    Attempt,
    AttemptStatus,
    Contestant,
    Enrolment,
    ItemScore,
    Paper,
    SkillScore,
    Stage,
    TieResolution,
)
from questionbank.problems import N_, Problem, error
from questionbank.ranking import Entry, RankedRow, Ranking, RankingRules, TieOrder, rank_stage

FLAG_THEORY_PENDING = "theory_pending"


def rules_for(stage: Stage) -> RankingRules:
    """The stage's ranking settings (weights and ratio without trailing zeros)."""
    return RankingRules(
        theory_weight=_plain(stage.theory_weight),
        skill_weight=_plain(stage.skill_weight),
        advance_ratio=_plain(stage.advance_ratio),
        advance_rounding=stage.advance_rounding,
    )


def _plain(value: Decimal) -> Decimal:
    return Decimal(value).normalize()


def rules_from_data(data: dict[str, Any]) -> RankingRules:
    """Ranking settings back from :meth:`RankingRules.to_data` (as stored in the audit log)."""
    return RankingRules(
        theory_weight=Decimal(data["theory_weight"]),
        skill_weight=Decimal(data["skill_weight"]),
        advance_ratio=Decimal(data["advance_ratio"]),
        advance_rounding=data["advance_rounding"],
    )


def lock_stage(session: Session, stage: Stage) -> None:
    """Serialise changes to one stage's results (skill imports, tie orders, publications,
    advancement) across workers: a row lock on PostgreSQL; SQLite writers queue already."""
    session.execute(select(Stage.id).where(Stage.id == stage.id).with_for_update())


def tie_orders(session: Session, stage: Stage) -> list[TieOrder]:
    """The arbitrators' tie orders of the stage, in the order they were recorded."""
    return [
        TieOrder(tuple(t.tickets), t.reason)
        for t in session.scalars(
            select(TieResolution)
            .where(TieResolution.stage_id == stage.id)
            .order_by(TieResolution.id)
        )
    ]


@dataclass(frozen=True)
class PendingTheory:
    """A contestant whose theory score is not final yet."""

    ticket: str
    name: str
    #: in_progress (the exam is still open for them) | marking (answers left to mark)
    state: str
    unmarked: int


@dataclass
class StageRanking:
    """A stage's live ranking with what is still pending."""

    stage: Stage
    ranking: Ranking
    pending: list[PendingTheory] = field(default_factory=list)
    #: enrolled tickets without a skill score
    missing_skill: list[str] = field(default_factory=list)
    enrolled: int = 0

    @property
    def pending_tickets(self) -> set[str]:
        """Tickets whose theory score is pending."""
        return {p.ticket for p in self.pending}

    @property
    def unmarked(self) -> int:
        """Short answers still to be marked, over the whole stage."""
        return sum(p.unmarked for p in self.pending)

    def blocks(self) -> list[Problem]:
        """Why the ranking may not be published or used for advancement (empty: it may)."""
        problems = []
        if self.ranking.advance_block is not None:
            problems.append(self.ranking.advance_block)
        if self.pending:
            states = Counter(p.state for p in self.pending)
            problems.append(
                error(
                    "theory",
                    N_(
                        "theory marking is not finished: %(unmarked)s answers to mark, "
                        "%(open)s exams still open"
                    ),
                    unmarked=self.unmarked,
                    open=states["in_progress"],
                )
            )
        if self.ranking.participants == 0:
            problems.append(error("ranking", N_("nobody has a result in this stage yet")))
        return problems

    def rows(self) -> list[dict[str, Any]]:
        """The rows as plain values (Decimals), in rank order, unranked last."""
        pending = self.pending_tickets
        return [row_values(row, row.ticket in pending) for row in self.ranking.rows]


def score_text(score: Decimal | None) -> str | None:
    """A score as snapshots and the audit log keep it: two decimals as text (``"85.50"``), or
    ``None`` for none."""
    return None if score is None else f"{Decimal(score):.2f}"


def row_values(row: RankedRow, theory_pending: bool = False) -> dict[str, Any]:
    """One row as the API shapes it, with Decimal scores."""
    flags = list(row.flags)
    if theory_pending:
        flags = [f for f in flags if f not in ("theory_absent", "absent")]
        flags.insert(0, FLAG_THEORY_PENDING)
        if row.skill is None and "skill_absent" not in flags:
            flags.insert(1, "skill_absent")
    return {
        "rank": row.rank,
        "ticket": row.ticket,
        "name": row.name,
        "organisation": row.organisation,
        "theory": row.theory,
        "skill": row.skill,
        "total": row.total,
        "advances": row.advances,
        "flags": flags,
    }


def stage_ranking(session: Session, stage: Stage) -> StageRanking:
    """The live ranking of ``stage`` (read-only; finalize overdue attempts first to count them)."""
    rows = session.execute(
        select(Enrolment, Contestant, Attempt, Paper.total_points, SkillScore.score)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .outerjoin(Attempt, Attempt.enrolment_id == Enrolment.id)
        .outerjoin(Paper, Paper.id == Attempt.paper_id)
        .outerjoin(SkillScore, SkillScore.enrolment_id == Enrolment.id)
        .where(Enrolment.stage_id == stage.id)
    ).all()
    unmarked = dict(
        session.execute(
            select(ItemScore.attempt_id, func.count())
            .join(Attempt, Attempt.id == ItemScore.attempt_id)
            .where(Attempt.stage_id == stage.id, ItemScore.final.is_(False))
            .group_by(ItemScore.attempt_id)
        ).all()
    )
    entries, pending, missing = [], [], []
    for enrolment, person, attempt, full, skill in rows:
        raw = None
        if attempt is not None and attempt.theory_final and attempt.theory_raw is not None:
            raw = attempt.theory_raw
        elif attempt is not None:
            state = "in_progress" if attempt.status is AttemptStatus.IN_PROGRESS else "marking"
            pending.append(
                PendingTheory(enrolment.ticket, person.name, state, unmarked.get(attempt.id, 0))
            )
        if skill is None:
            missing.append(enrolment.ticket)
        entries.append(
            Entry(
                ticket=enrolment.ticket,
                name=person.name,
                organisation=person.organisation,
                theory_raw=raw,
                theory_full=full if raw is not None else None,
                skill=skill,
                contestant_key=str(person.id),
            )
        )
    ranking = rank_stage(entries, rules_for(stage), tie_orders(session, stage))
    pending.sort(key=lambda p: p.ticket)
    return StageRanking(stage, ranking, pending, sorted(missing), enrolled=len(rows))


def check_can_use(ranked: StageRanking, message: str) -> None:
    """Refuse to publish or advance on a ranking that is not final.

    :raises ConflictError: with ``message`` and every reason (ties, marking, no results).
    """
    problems = ranked.blocks()
    if problems:
        raise ConflictError(message, problems=problems)
