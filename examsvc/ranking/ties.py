"""Arbitrators' tie orders: contestants with equal total and equal skill are ordered by the
arbitration group (仲裁组), with a reason, because the contest has no tied ranks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from examsvc.errors import ConflictError, InvalidInputError
from examsvc.models import AuditRecord, Stage, TieResolution
from examsvc.ranking.services import StageRanking, lock_stage, stage_ranking
from questionbank.problems import N_, ValidationError
from questionbank.ranking import TieOrder


def resolve_tie(
    session: Session,
    stage: Stage,
    tickets: Sequence[str],
    reason: str,
    *,
    actor_id: int | None,
    now: datetime,
) -> StageRanking:
    """Record the order of a tie group, best first, and return the ranking it gives.

    ``tickets`` must be exactly the members of one current tie group (same total, same skill);
    a group ordered before may be ordered again (the last order counts, both stay in the audit
    trail). Audited as ``ranking.tie_resolved``.

    :raises InvalidInputError: fewer than two distinct tickets, or no reason.
    :raises ConflictError: the tickets are not a tie group of the stage's current ranking.
    """
    tickets = [t.strip() for t in tickets if t and t.strip()]
    try:
        order = TieOrder(tuple(tickets), (reason or "").strip())
    except ValidationError as exc:
        raise InvalidInputError(N_("the tie order is not valid"), problems=exc.problems) from exc
    lock_stage(session, stage)
    ranked = stage_ranking(session, stage)
    if set(order.tickets) not in _groups(ranked):
        raise ConflictError(
            N_("these contestants are not tied (same total and same skill score) in this stage")
        )
    resolution = TieResolution(
        stage_id=stage.id,
        tickets=list(order.tickets),
        reason=order.reason,
        actor_id=actor_id,
        at=now,
    )
    session.add(resolution)
    session.flush()
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="ranking.tie_resolved",
            entity="stage",
            entity_id=str(stage.id),
            old=None,
            new={"tickets": list(order.tickets), "resolution_id": resolution.id},
            reason=order.reason,
        )
    )
    session.flush()
    return stage_ranking(session, stage)


def _groups(ranked: StageRanking) -> list[set[str]]:
    """Every group of contestants with equal (total, skill), resolved or not."""
    groups: dict[tuple[object, object], set[str]] = {}
    for row in ranked.ranking.rows:
        if row.rank is not None:
            groups.setdefault((row.total, row.skill or 0), set()).add(row.ticket)
    return [g for g in groups.values() if len(g) > 1]
