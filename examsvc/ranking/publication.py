"""Publishing a stage ranking, and proving a publication from raw data and the audit log.

A publication is a numbered, frozen snapshot (rules, rows, tie orders, who and when, and
whether the public page shows full or masked names). It is never updated: a later change of
scores shows on the live ranking and needs a new publication (number + 1, audited) to reach the
public page, which always shows the latest one.

:func:`replay` recomputes a publication from the raw data and the audit trail alone: the skill
scores as the ``skill.recorded`` records had set them at the moment of publication, the tie
orders recorded before it, the rules recorded with it, and the attempts' final theory scores
(which change only through audited re-marking). A publication whose replay differs is reported
as such by ``examsvc ranking verify``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.errors import InvalidInputError, NotFoundError
from examsvc.models import (
    Attempt,
    AuditRecord,
    Contestant,
    Enrolment,
    Paper,
    RankingPublication,
    Stage,
    User,
)
from examsvc.ranking.services import (
    StageRanking,
    check_can_use,
    lock_stage,
    row_values,
    rules_from_data,
    score_text,
    stage_ranking,
)
from questionbank.problems import N_
from questionbank.ranking import Entry, TieOrder, rank_stage

NAME_MODES = ("masked", "full")


def snapshot_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their scores as two-decimal strings (exact, as a snapshot keeps them)."""
    out = []
    for row in rows:
        item = dict(row)
        for key in ("theory", "skill", "total"):
            item[key] = score_text(row[key])
        out.append(item)
    return out


def digest(snapshot: dict[str, Any]) -> str:
    """SHA-256 of what a publication says: its rules, rows and tie orders (canonical JSON)."""
    body = {k: snapshot[k] for k in ("rules", "rows", "tie_orders")}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest_publication(session: Session, stage: Stage) -> RankingPublication | None:
    """The stage's most recent publication, if any."""
    return session.scalar(
        select(RankingPublication)
        .where(RankingPublication.stage_id == stage.id)
        .order_by(RankingPublication.number.desc())
        .limit(1)
    )


def publications(session: Session, stage: Stage) -> list[RankingPublication]:
    """All publications of the stage, newest first."""
    return list(
        session.scalars(
            select(RankingPublication)
            .where(RankingPublication.stage_id == stage.id)
            .order_by(RankingPublication.number.desc())
        )
    )


def publish(
    session: Session,
    stage: Stage,
    *,
    names: str = "masked",
    note: str = "",
    actor_id: int | None,
    now: datetime,
) -> RankingPublication:
    """Freeze the live ranking as the stage's next publication (audited ``ranking.published``).

    ``names``: whether the public page shows full names or masked ones (张*).

    :raises InvalidInputError: ``names`` is neither ``masked`` nor ``full``.
    :raises ConflictError: the ranking is provisional (an unresolved tie), theory marking is not
        finished, or nobody has a result; every reason is listed.
    """
    if names not in NAME_MODES:
        raise InvalidInputError(N_("names on the public page are masked or full"))
    lock_stage(session, stage)
    ranked = stage_ranking(session, stage)
    check_can_use(ranked, N_("the ranking cannot be published yet"))
    number = (
        session.scalar(
            select(func.max(RankingPublication.number)).where(
                RankingPublication.stage_id == stage.id
            )
        )
        or 0
    ) + 1
    actor = session.get(User, actor_id) if actor_id else None
    snapshot = build_snapshot(ranked, number=number, names=names, now=now, actor=actor)
    publication = RankingPublication(
        stage_id=stage.id,
        number=number,
        snapshot=snapshot,
        published_by_id=actor_id,
        published_at=now,
        note=note.strip(),
    )
    session.add(publication)
    session.flush()
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action="ranking.published",
            entity="stage",
            entity_id=str(stage.id),
            new={
                "number": number,
                "publication_id": publication.id,
                "digest": snapshot["digest"],
                "rules": snapshot["rules"],
                "names": names,
            },
            reason=note.strip(),
        )
    )
    session.flush()
    return publication


def build_snapshot(
    ranked: StageRanking, *, number: int, names: str, now: datetime, actor: User | None
) -> dict[str, Any]:
    """The frozen content of a publication."""
    stage, ranking = ranked.stage, ranked.ranking
    snapshot: dict[str, Any] = {
        "number": number,
        "contest": stage.contest.code,
        "contest_name": stage.contest.name,
        "stage": stage.code,
        "stage_name": stage.name,
        "published_at": now.isoformat(),
        "published_by": actor.display_name if actor else "",
        "names": names,
        "rules": ranking.rules.to_data(),
        "rules_text": {"zh": ranking.rules_text("zh"), "en": ranking.rules_text("en")},
        "participants": ranking.participants,
        "advance_count": ranking.advance_count,
        "tie_orders": [
            {"tickets": list(o.tickets), "reason": o.reason} for o in ranking.applied_tie_orders
        ],
        "rows": snapshot_rows(ranked.rows()),
    }
    snapshot["digest"] = digest(snapshot)
    return snapshot


# --------------------------------------------------------------------------- replay


@dataclass
class Replay:
    """A publication recomputed from raw data and the audit log."""

    publication: RankingPublication
    rows: list[dict[str, Any]]
    differences: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        """Whether the recomputed ranking equals the published one, row for row."""
        return not self.differences


def replay(session: Session, stage: Stage, publication: RankingPublication) -> Replay:
    """Recompute ``publication`` from raw data and the audit log (see the module docstring).

    :raises NotFoundError: the publication's audit record is missing (the log was tampered
        with).
    """
    record = next(
        (
            r
            for r in _stage_audit(session, stage, "ranking.published")
            if (r.new or {}).get("publication_id") == publication.id
        ),
        None,
    )
    if record is None:
        raise NotFoundError(N_("the audit trail has no record of this publication"))
    skills: dict[int, Decimal | None] = {}
    for audit in session.scalars(
        select(AuditRecord)
        .where(
            AuditRecord.action == "skill.recorded",
            AuditRecord.entity == "enrolment",
            AuditRecord.id < record.id,
        )
        .order_by(AuditRecord.id)
    ):
        value = (audit.new or {}).get("skill")
        skills[int(audit.entity_id)] = None if value is None else Decimal(value)
    orders = [
        TieOrder(tuple(r.new["tickets"]), r.reason)
        for r in _stage_audit(session, stage, "ranking.tie_resolved")
        if r.id < record.id
    ]
    entries = [
        Entry(
            ticket=enrolment.ticket,
            name=person.name,
            organisation=person.organisation,
            theory_raw=raw if final else None,
            theory_full=full if final else None,
            skill=skills.get(enrolment.id),
            contestant_key=str(person.id),
        )
        for enrolment, person, raw, final, full in session.execute(
            select(
                Enrolment, Contestant, Attempt.theory_raw, Attempt.theory_final, Paper.total_points
            )
            .join(Contestant, Contestant.id == Enrolment.contestant_id)
            .outerjoin(Attempt, Attempt.enrolment_id == Enrolment.id)
            .outerjoin(Paper, Paper.id == Attempt.paper_id)
            .where(Enrolment.stage_id == stage.id, Enrolment.created_at <= record.at)
        )
    ]
    ranking = rank_stage(entries, rules_from_data(record.new["rules"]), orders)
    rows = snapshot_rows([row_values(row) for row in ranking.rows])
    result = Replay(publication, rows)
    published = publication.snapshot.get("rows", [])
    if len(published) != len(rows):
        result.differences.append(f"{len(published)} rows published, {len(rows)} recomputed")
    for old, new in zip(published, rows, strict=False):
        if old != new:
            result.differences.append(f"published {old} ≠ recomputed {new}")
    if digest(publication.snapshot) != record.new.get("digest"):
        result.differences.append("the snapshot differs from what the audit record certifies")
    return result


def _stage_audit(session: Session, stage: Stage, action: str) -> list[AuditRecord]:
    return list(
        session.scalars(
            select(AuditRecord)
            .where(
                AuditRecord.action == action,
                AuditRecord.entity == "stage",
                AuditRecord.entity_id == str(stage.id),
            )
            .order_by(AuditRecord.id)
        )
    )
