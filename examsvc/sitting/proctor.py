"""The proctor's view of a live stage and their actions, each audited (who, when, why).

Actions: extend one contestant's time or a whole room's, release a session lock (the first
computer died), force-submit, and reopen an attempt closed by a technical fault with a new
deadline. Signals (focus lost, hidden tab, paste, address change, second login) are shown,
never acted on automatically.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError, InvalidInputError, NotFoundError
from examsvc.models import (
    Answer,
    Attempt,
    AttemptEvent,
    AttemptStatus,
    AuditRecord,
    Contestant,
    Enrolment,
    ItemScore,
    MarkingTask,
    Paper,
    Stage,
    UserSession,
)
from examsvc.sitting.services import compute_deadline, is_overdue, submit_attempt
from questionbank.problems import N_

MAX_EXTENSION_MINUTES = 240


@dataclass
class ConsoleRow:
    """One contestant of the stage as the proctor sees them."""

    enrolment_id: int
    ticket: str
    name: str
    organisation: str
    room: str
    seat: str
    attempt_id: int | None = None
    status: str = "not_started"
    ip: str = ""
    answered: int = 0
    items: int = 0
    last_save: datetime | None = None
    deadline: datetime | None = None
    seconds_left: int | None = None
    extension_minutes: int = 0
    locked: bool = False
    signals: dict[str, int] = field(default_factory=dict)
    has_paper: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON for the live table."""
        out = dict(self.__dict__)
        for key in ("last_save", "deadline"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def stage_by_code(session: Session, code: str) -> Stage:
    """A stage by code (the latest contest's, should several contests share codes).

    :raises NotFoundError: no such stage.
    """
    stage = session.scalar(select(Stage).where(Stage.code == code).order_by(Stage.id.desc()))
    if stage is None:
        raise NotFoundError(f"no stage {code}")
    return stage


def console(session: Session, stage: Stage, *, now: datetime, grace: timedelta) -> list[ConsoleRow]:
    """Every enrolled contestant with their sitting's live state (a few grouped queries)."""
    rows: dict[int, ConsoleRow] = {}
    for enrolment, person, has_paper in session.execute(
        select(Enrolment, Contestant, Paper.id.is_not(None))
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .outerjoin(Paper, Paper.enrolment_id == Enrolment.id)
        .where(Enrolment.stage_id == stage.id)
        .order_by(Enrolment.room, Enrolment.seat, Enrolment.ticket)
    ):
        rows[enrolment.id] = ConsoleRow(
            enrolment.id,
            enrolment.ticket,
            person.name,
            person.organisation,
            enrolment.room,
            enrolment.seat,
            has_paper=bool(has_paper),
        )
    attempts = {
        a.id: a for a in session.scalars(select(Attempt).where(Attempt.stage_id == stage.id))
    }
    answered = dict(
        session.execute(
            select(Answer.attempt_id, func.count())
            .where(Answer.attempt_id.in_(attempts), Answer.value.is_not(None))
            .group_by(Answer.attempt_id)
        ).all()
    )
    last_saves = dict(
        session.execute(
            select(Answer.attempt_id, func.max(Answer.saved_at))
            .where(Answer.attempt_id.in_(attempts))
            .group_by(Answer.attempt_id)
        ).all()
    )
    signals: dict[int, Counter[str]] = defaultdict(Counter)
    for attempt_id, kind, n in session.execute(
        select(AttemptEvent.attempt_id, AttemptEvent.kind, func.count())
        .where(AttemptEvent.attempt_id.in_(attempts))
        .group_by(AttemptEvent.attempt_id, AttemptEvent.kind)
    ):
        signals[attempt_id][kind] = n
    live = set(
        session.scalars(
            select(UserSession.id).where(
                UserSession.id.in_([a.session_id for a in attempts.values() if a.session_id]),
                UserSession.revoked_at.is_(None),
            )
        )
    )
    item_counts = dict(
        session.execute(
            select(Paper.id, Paper.item_count).where(
                Paper.id.in_([a.paper_id for a in attempts.values()])
            )
        ).all()
    )
    for attempt in attempts.values():
        row = rows.get(attempt.enrolment_id)
        if row is None:
            continue
        overdue = is_overdue(attempt, now, grace)
        row.attempt_id = attempt.id
        row.status = "submitted" if overdue else attempt.status.value
        row.ip = attempt.last_ip
        row.answered = answered.get(attempt.id, 0)
        row.items = item_counts.get(attempt.paper_id, 0)
        row.last_save = last_saves.get(attempt.id)
        row.deadline = attempt.deadline
        row.extension_minutes = attempt.extension_seconds // 60
        if row.status == "in_progress":
            row.seconds_left = max(0, int((attempt.deadline - now).total_seconds()))
        row.signals = dict(signals.get(attempt.id, {}))
        row.locked = bool(
            attempt.session_id in live
            and row.signals.get("second_login")
            and row.status == "in_progress"
        )
    return list(rows.values())


def _audit(
    session: Session,
    attempt: Attempt,
    action: str,
    actor_id: int | None,
    now: datetime,
    reason: str,
    old: dict[str, Any],
    new: dict[str, Any],
) -> None:
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor_id,
            action=f"attempt.{action}",
            entity="attempt",
            entity_id=str(attempt.id),
            old=old,
            new=new,
            reason=reason,
        )
    )
    session.add(
        AttemptEvent(
            attempt_id=attempt.id,
            kind=action,
            at=now,
            actor_id=actor_id,
            detail={"reason": reason[:200], **{k: str(v) for k, v in new.items()}},
        )
    )


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInputError(N_("say why (it goes into the audit trail)"))
    return reason


def _locked_attempt(session: Session, stage: Stage, attempt_id: int) -> Attempt:
    attempt = session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.stage_id == stage.id)
        .with_for_update()
    )
    if attempt is None:
        raise NotFoundError("no such attempt in this stage")
    return attempt


def extend(
    session: Session,
    stage: Stage,
    attempt_ids: list[int],
    minutes: int,
    *,
    reason: str,
    actor_id: int | None,
    now: datetime,
) -> list[Attempt]:
    """Give attempts extra minutes: ``deadline = min(start + duration + extension, closes_at)``.

    Attempts already submitted are left alone (reopen them instead). The new deadline is capped
    by the stage's window; extending beyond it needs the window changed first.

    :raises InvalidInputError: no reason, or minutes outside 1–240.
    """
    reason = _need_reason(reason)
    if not 1 <= minutes <= MAX_EXTENSION_MINUTES:
        raise InvalidInputError(N_("extend by 1 to 240 minutes"))
    changed = []
    for attempt_id in attempt_ids:
        attempt = _locked_attempt(session, stage, attempt_id)
        if attempt.status is not AttemptStatus.IN_PROGRESS:
            continue
        old = {
            "deadline": attempt.deadline.isoformat(),
            "extension_seconds": attempt.extension_seconds,
        }
        attempt.extension_seconds += minutes * 60
        attempt.deadline = compute_deadline(attempt.started_at, stage, attempt.extension_seconds)
        new = {
            "deadline": attempt.deadline.isoformat(),
            "extension_seconds": attempt.extension_seconds,
        }
        _audit(session, attempt, "extended", actor_id, now, reason, old, new)
        changed.append(attempt)
    session.flush()
    return changed


def room_attempts(session: Session, stage: Stage, room: str) -> list[int]:
    """The in-progress attempts of one room."""
    return list(
        session.scalars(
            select(Attempt.id)
            .join(Enrolment, Enrolment.id == Attempt.enrolment_id)
            .where(
                Attempt.stage_id == stage.id,
                Enrolment.room == room,
                Attempt.status == AttemptStatus.IN_PROGRESS,
            )
        )
    )


def release(
    session: Session,
    stage: Stage,
    attempt_id: int,
    *,
    reason: str,
    actor_id: int | None,
    now: datetime,
) -> Attempt:
    """Release the attempt from the login that holds it (that login is ended), so the
    contestant can continue on another computer with every saved answer."""
    reason = _need_reason(reason)
    attempt = _locked_attempt(session, stage, attempt_id)
    old = {"session_id": attempt.session_id}
    if attempt.session_id is not None:
        session.execute(
            update(UserSession)
            .where(UserSession.id == attempt.session_id, UserSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    attempt.session_id = None
    _audit(session, attempt, "released", actor_id, now, reason, old, {"session_id": None})
    session.flush()
    return attempt


def force_submit(
    session: Session,
    stage: Stage,
    attempt_id: int,
    *,
    reason: str,
    actor_id: int | None,
    now: datetime,
    grace: timedelta,
) -> Attempt:
    """Submit an attempt now (once; a submitted one is left as it is).

    :raises ConflictError: the attempt is already submitted.
    """
    reason = _need_reason(reason)
    attempt = _locked_attempt(session, stage, attempt_id)
    if not submit_attempt(session, attempt, now=now, grace=grace, by="proctor"):
        raise ConflictError(N_("the attempt was already submitted"))
    _audit(
        session,
        attempt,
        "force_submitted",
        actor_id,
        now,
        reason,
        {"status": "in_progress"},
        {"status": "submitted"},
    )
    session.flush()
    return attempt


def reopen(
    session: Session,
    stage: Stage,
    attempt_id: int,
    minutes: int,
    *,
    reason: str,
    actor_id: int | None,
    now: datetime,
) -> Attempt:
    """Reopen an attempt closed by a technical fault, with ``minutes`` from now.

    Its automatic scores and unmarked marking tasks are discarded (it is graded again when it
    is submitted again); an attempt whose answers someone has already marked cannot be reopened.

    :raises ConflictError: not submitted, or marking has begun.
    :raises InvalidInputError: no reason or minutes outside 1–240.
    """
    reason = _need_reason(reason)
    if not 1 <= minutes <= MAX_EXTENSION_MINUTES:
        raise InvalidInputError(N_("give 1 to 240 minutes"))
    attempt = _locked_attempt(session, stage, attempt_id)
    if attempt.status is not AttemptStatus.SUBMITTED:
        raise ConflictError(N_("only a submitted attempt can be reopened"))
    marked = session.scalar(
        select(func.count()).where(
            MarkingTask.attempt_id == attempt.id, MarkingTask.marked_at.is_not(None)
        )
    )
    if marked:
        raise ConflictError(N_("marking of this attempt has begun: it cannot be reopened"))
    old = {
        "status": "submitted",
        "submitted_at": str(attempt.submitted_at),
        "deadline": attempt.deadline.isoformat(),
    }
    session.execute(delete(ItemScore).where(ItemScore.attempt_id == attempt.id))
    session.execute(delete(MarkingTask).where(MarkingTask.attempt_id == attempt.id))
    attempt.status = AttemptStatus.IN_PROGRESS
    attempt.submitted_at = None
    attempt.submitted_by = ""
    attempt.objective_score = None
    attempt.theory_raw = None
    attempt.theory_final = False
    attempt.graded_at = None
    attempt.deadline = now + timedelta(minutes=minutes)
    _audit(
        session,
        attempt,
        "reopened",
        actor_id,
        now,
        reason,
        old,
        {"status": "in_progress", "deadline": attempt.deadline.isoformat()},
    )
    session.flush()
    return attempt
