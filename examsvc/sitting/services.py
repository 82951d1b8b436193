"""The attempt lifecycle: start, read, save, submit, and finalizing overdue attempts.

Rules (shared/spec/reliability.md 1–13):

* The server owns the deadline: ``deadline = min(start + duration + extension, closes_at)``,
  stored at start and changed only by audited extensions. Nothing about an attempt lives in
  process memory: every worker and host reads the same rows.
* One attempt per contestant and stage (unique constraint); starting again returns it.
* A save is one conditional upsert that keeps the highest ``seq``: a late, repeated or
  reordered save is acknowledged and ignored, decided in the database, never read-then-write.
* Saves are accepted until ``deadline + grace`` and only while the attempt is in progress;
  on PostgreSQL a save holds a share lock on the attempt row, so a submission waits for saves in
  flight and a save after the submission sees it and changes nothing.
* Submission is a conditional transition (``… WHERE status = 'in_progress'``) in the same
  transaction as grading: exactly once, whoever submits (contestant, timer, proctor, sweep).
* An overdue attempt counts as submitted wherever it is read, and is finalized with
  ``submitted_at = deadline`` by whichever comes first: a request that touches it, the
  ``examsvc exams close-overdue`` command or a sweep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from examsvc.database import insert_for
from examsvc.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from examsvc.marking.scoring import grade_submission
from examsvc.models import (
    Answer,
    Attempt,
    AttemptEvent,
    AttemptStatus,
    Enrolment,
    Paper,
    PaperItem,
    QuestionVersion,
    Stage,
    UserSession,
)
from questionbank.answers import BadAnswerError, to_original
from questionbank.model import QuestionType
from questionbank.problems import N_


class AttemptClosedError(ConflictError):
    """The attempt no longer accepts answers (submitted, or past its deadline and grace)."""

    code = "attempt_closed"


class SessionLockedError(ConflictError):
    """The attempt is bound to another live login (one exam session per contestant)."""

    code = "session_locked"
    status = 423


class ExamNotOpenError(ConflictError):
    """The exam window has not opened yet, has closed, or there is no paper yet."""

    code = "exam_not_open"


class DeadlineExtendedError(ConflictError):
    """A timer-triggered submission arrived before the (extended) deadline."""

    code = "deadline_extended"


@dataclass(frozen=True)
class SaveAck:
    """The acknowledgement of a save: the item, the client's seq, when the stored answer was
    saved, and whether this request changed it (False for a stale or repeated save)."""

    no: int
    seq: int
    saved_at: datetime
    applied: bool


def compute_deadline(started_at: datetime, stage: Stage, extension_seconds: int) -> datetime:
    """``min(start + duration + extension, closes_at)``."""
    end = started_at + timedelta(minutes=stage.duration_minutes, seconds=extension_seconds)
    return min(end, stage.closes_at)


def is_overdue(attempt: Attempt, now: datetime, grace: timedelta) -> bool:
    """An open attempt past its deadline and the grace for requests in flight."""
    return attempt.status is AttemptStatus.IN_PROGRESS and now > attempt.deadline + grace


# --------------------------------------------------------------------------- reading


def enrolments_of(session: Session, user_id: int) -> list[tuple[Enrolment, Stage, Attempt | None]]:
    """A contestant's enrolments with their stage and attempt (if started)."""
    rows = session.execute(
        select(Enrolment, Stage, Attempt)
        .join(Stage, Stage.id == Enrolment.stage_id)
        .outerjoin(Attempt, Attempt.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user_id)
        .order_by(Stage.ordinal)
    ).all()
    return [(e, s, a) for e, s, a in rows]


def exam_status(stage: Stage, attempt: Attempt | None, now: datetime, grace: timedelta) -> str:
    """``upcoming | open | in_progress | submitted | closed`` as the contestant API names them."""
    if attempt is not None:
        if attempt.status is AttemptStatus.SUBMITTED or is_overdue(attempt, now, grace):
            return "submitted"
        return "in_progress"
    if now < stage.opens_at:
        return "upcoming"
    if now >= stage.closes_at:
        return "closed"
    return "open"


def enrolment_for_stage(session: Session, user_id: int, stage_code: str) -> tuple[Enrolment, Stage]:
    """The user's enrolment in the stage with this code.

    :raises NotFoundError: the user is not enrolled in such a stage.
    """
    row = session.execute(
        select(Enrolment, Stage)
        .join(Stage, Stage.id == Enrolment.stage_id)
        .where(Enrolment.user_id == user_id, Stage.code == stage_code)
    ).first()
    if row is None:
        raise NotFoundError(f"you are not enrolled in stage {stage_code}")
    return row[0], row[1]


def owned_attempt(session: Session, attempt_id: int, user_id: int) -> Attempt:
    """The attempt if it belongs to the user (a missing and someone else's look the same).

    :raises NotFoundError: otherwise.
    """
    attempt = session.scalar(
        select(Attempt)
        .join(Enrolment, Enrolment.id == Attempt.enrolment_id)
        .where(Attempt.id == attempt_id, Enrolment.user_id == user_id)
    )
    if attempt is None:
        raise NotFoundError("no such attempt")
    return attempt


@dataclass(frozen=True)
class ItemView:
    """One item as the contestant sees it: stem and options as sanitized HTML, options in the
    contestant's order under the keys they see. Never the key, rubric or explanation."""

    no: int
    type: str
    points: Any
    section_index: int
    stem_html: str
    options: list[dict[str, str]]


def paper_items(session: Session, paper_id: int) -> list[ItemView]:
    """The items of a paper for display (one query)."""
    from examsvc.bank.services import rendered

    rows = session.execute(
        select(PaperItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(PaperItem.paper_id == paper_id)
        .order_by(PaperItem.no)
    ).all()
    items = []
    for item, version in rows:
        html = rendered(version)
        option_html = html.get("options", [])
        options = [
            {"key": chr(ord("A") + shown), "html": option_html[ord(original) - ord("A")]}
            for shown, original in enumerate(item.option_order)
        ]
        items.append(
            ItemView(
                no=item.no,
                type=version.type.value,
                points=item.points,
                section_index=item.section_index,
                stem_html=str(html.get("stem", "")),
                options=options,
            )
        )
    return items


def paper_sections(session: Session, paper_id: int) -> list[dict[str, Any]]:
    """Per section of a paper: type, number of items, points each, total, multiple-choice rule."""
    from sqlalchemy import func

    rows = session.execute(
        select(
            PaperItem.section_index,
            QuestionVersion.type,
            func.count(),
            func.min(PaperItem.points),
            func.sum(PaperItem.points),
            func.min(PaperItem.scoring),
        )
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(PaperItem.paper_id == paper_id)
        .group_by(PaperItem.section_index, QuestionVersion.type)
        .order_by(PaperItem.section_index)
    ).all()
    return [
        {
            "index": index,
            "type": QuestionType(qtype).value,
            "count": count,
            "points": points,
            "total": total,
            "scoring": scoring,
        }
        for index, qtype, count, points, total, scoring in rows
    ]


def shown_answers(session: Session, attempt_id: int, paper_id: int) -> dict[int, dict[str, Any]]:
    """Saved answers in the keys the contestant saw: ``{no: {"value", "seq"}}``."""
    from questionbank.answers import to_shown

    rows = session.execute(
        select(Answer, PaperItem.option_order, QuestionVersion.type)
        .join(
            PaperItem,
            and_(PaperItem.paper_id == paper_id, PaperItem.no == Answer.item_no),
        )
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(Answer.attempt_id == attempt_id)
    ).all()
    out = {}
    for answer, order, qtype in rows:
        value = answer.value
        if value is not None:
            value = to_shown(QuestionType(qtype), value, tuple(order))
        out[answer.item_no] = {"value": value, "seq": answer.seq}
    return out


# --------------------------------------------------------------------------- starting


def start_attempt(
    session: Session,
    user_id: int,
    stage_code: str,
    *,
    now: datetime,
    user_session_id: int | None,
    grace: timedelta,
) -> Attempt:
    """Start the user's attempt at the stage's exam, or return the one already started.

    Idempotent under races: the insert does nothing on conflict with the unique enrolment,
    and everyone reads back the one row.

    :raises NotFoundError: not enrolled.
    :raises ExamNotOpenError: before the window, after it, or no paper yet.
    :raises SessionLockedError: the attempt is bound to another live login.
    """
    enrolment, stage = enrolment_for_stage(session, user_id, stage_code)
    existing = session.scalar(select(Attempt).where(Attempt.enrolment_id == enrolment.id))
    if existing is not None:
        bind_session(session, existing, user_session_id, now=now)
        finalize_if_overdue(session, existing, now=now, grace=grace)
        return existing
    if now < stage.opens_at:
        raise ExamNotOpenError(N_("the exam has not opened yet"))
    if now >= stage.closes_at:
        raise ExamNotOpenError(N_("the exam window has closed"))
    paper = session.scalar(select(Paper).where(Paper.enrolment_id == enrolment.id))
    if paper is None:
        raise ExamNotOpenError(N_("your paper is not ready; please tell a proctor"))
    stmt = (
        insert_for(session, Attempt.__table__)
        .values(
            enrolment_id=enrolment.id,
            paper_id=paper.id,
            stage_id=stage.id,
            status=AttemptStatus.IN_PROGRESS.value,
            started_at=now,
            deadline=compute_deadline(now, stage, 0),
            extension_seconds=0,
            submitted_by="",
            session_id=user_session_id,
            last_ip="",
            theory_final=False,
        )
        .on_conflict_do_nothing(index_elements=["enrolment_id"])
    )
    session.execute(stmt)
    attempt = session.scalar(select(Attempt).where(Attempt.enrolment_id == enrolment.id))
    assert attempt is not None
    bind_session(session, attempt, user_session_id, now=now)
    return attempt


def bind_session(
    session: Session, attempt: Attempt, user_session_id: int | None, *, now: datetime
) -> None:
    """Keep one live exam session per attempt.

    The first session to touch the attempt holds it. Another live session is refused (and the
    refusal logged for the proctors) until a proctor releases the lock; a session that has
    ended (logout, expiry) no longer holds it.

    :raises SessionLockedError: the attempt is held by another live session.
    """
    if user_session_id is None or attempt.session_id == user_session_id:
        return
    if attempt.status is not AttemptStatus.IN_PROGRESS:
        return
    holder_alive = False
    if attempt.session_id is not None:
        holder = session.get(UserSession, attempt.session_id)
        holder_alive = holder is not None and holder.revoked_at is None
    if holder_alive:
        session.add(
            AttemptEvent(
                attempt_id=attempt.id,
                kind="session_blocked",
                at=now,
                detail={"session": user_session_id},
            )
        )
        raise SessionLockedError(
            N_("this exam is open on another computer; a proctor must release it first")
        )
    session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(session_id=user_session_id)
        .execution_options(synchronize_session=False)
    )
    attempt.session_id = user_session_id


def live_attempt_elsewhere(session: Session, user_id: int) -> Attempt | None:
    """An in-progress attempt of the user held by a live login session (a second login must
    wait for a proctor to release it)."""
    return session.scalar(
        select(Attempt)
        .join(Enrolment, Enrolment.id == Attempt.enrolment_id)
        .join(UserSession, UserSession.id == Attempt.session_id)
        .where(
            Enrolment.user_id == user_id,
            Attempt.status == AttemptStatus.IN_PROGRESS,
            UserSession.revoked_at.is_(None),
        )
    )


# --------------------------------------------------------------------------- saving


def save_answer(
    session: Session,
    attempt_id: int,
    user_id: int,
    item_no: int,
    value: object,
    seq: object,
    *,
    now: datetime,
    grace: timedelta,
    ip: str,
    user_session_id: int | None,
) -> SaveAck:
    """Save one answer (in the keys the contestant saw) if its ``seq`` is newer.

    :raises NotFoundError: no such attempt of this user, or no such item.
    :raises AttemptClosedError: submitted, or past the deadline and grace (nothing changes).
    :raises SessionLockedError: another live session holds the attempt.
    :raises InvalidInputError: a malformed value or seq.
    """
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 < seq < 2**62:
        raise InvalidInputError(N_("seq must be a positive integer"))
    row = session.execute(
        select(Attempt, PaperItem.option_order, QuestionVersion.type)
        .join(Enrolment, Enrolment.id == Attempt.enrolment_id)
        .join(PaperItem, and_(PaperItem.paper_id == Attempt.paper_id, PaperItem.no == item_no))
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(Attempt.id == attempt_id, Enrolment.user_id == user_id)
        .with_for_update(read=True, of=Attempt)
    ).first()
    if row is None:
        owned_attempt(session, attempt_id, user_id)  # 404 for someone else's attempt
        raise NotFoundError(f"the paper has no item {item_no}")
    attempt, option_order, qtype = row
    if attempt.status is not AttemptStatus.IN_PROGRESS or now > attempt.deadline + grace:
        finalize_if_overdue(session, attempt, now=now, grace=grace)
        raise AttemptClosedError(N_("the exam is over: this answer was not saved"))
    bind_session(session, attempt, user_session_id, now=now)
    try:
        original = to_original(QuestionType(qtype), value, tuple(option_order))
    except BadAnswerError as exc:
        raise InvalidInputError(
            N_("not a valid answer for this item"), problems=exc.problems
        ) from exc

    table = Answer.__table__
    stmt = insert_for(session, table).values(
        attempt_id=attempt_id,
        item_no=item_no,
        value=original,
        seq=seq,
        saved_at=now,
        client_ip=ip[:64],
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.attempt_id, table.c.item_no],
        set_={
            "value": stmt.excluded.value,
            "seq": stmt.excluded.seq,
            "saved_at": stmt.excluded.saved_at,
            "client_ip": stmt.excluded.client_ip,
        },
        where=table.c.seq < stmt.excluded.seq,
    ).returning(table.c.seq)
    applied = session.execute(stmt).first() is not None
    if ip and attempt.last_ip != ip:
        _note_address(session, attempt, ip, now)
    if applied:
        return SaveAck(item_no, seq, now, True)
    stored = session.execute(
        select(Answer.saved_at).where(Answer.attempt_id == attempt_id, Answer.item_no == item_no)
    ).scalar_one()
    return SaveAck(item_no, seq, stored, False)


def _note_address(session: Session, attempt: Attempt, ip: str, now: datetime) -> None:
    if attempt.last_ip:
        session.add(
            AttemptEvent(
                attempt_id=attempt.id,
                kind="ip_change",
                at=now,
                ip=ip[:64],
                detail={"from": attempt.last_ip, "to": ip},
            )
        )
    session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(last_ip=ip[:64])
        .execution_options(synchronize_session=False)
    )
    attempt.last_ip = ip[:64]


# --------------------------------------------------------------------------- submitting


def submit_attempt(
    session: Session,
    attempt: Attempt,
    *,
    now: datetime,
    grace: timedelta,
    by: str,
) -> bool:
    """Submit and grade, exactly once. Returns True if this call submitted it.

    ``by`` is ``contestant`` (the button), ``timer`` (the page's countdown), ``proctor`` or
    ``deadline`` (the server finalizing an overdue attempt). A timer submission that arrives
    before the deadline (which a proctor may have extended meanwhile) is refused: the client's
    clock is advisory. After the deadline the attempt is recorded as submitted at the deadline.

    :raises DeadlineExtendedError: a timer submission before the deadline.
    """
    if attempt.status is AttemptStatus.SUBMITTED:
        return False
    if by == "timer" and now < attempt.deadline - timedelta(seconds=2):
        raise DeadlineExtendedError(N_("the deadline is later than your timer thought"))
    submitted_at = min(now, attempt.deadline)
    result = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.IN_PROGRESS)
        .values(status=AttemptStatus.SUBMITTED, submitted_at=submitted_at, submitted_by=by)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(attempt)
        return False
    session.refresh(attempt)
    grade_submission(session, attempt, now=now)
    return True


def finalize_if_overdue(
    session: Session, attempt: Attempt, *, now: datetime, grace: timedelta
) -> bool:
    """Finalize one attempt if it is past its deadline and grace (submitted at the deadline)."""
    if not is_overdue(attempt, now, grace):
        return False
    return submit_attempt(session, attempt, now=now, grace=grace, by="deadline")


def finalize_overdue(
    session: Session, *, now: datetime, grace: timedelta, stage_ids: Sequence[int] | None = None
) -> int:
    """Finalize every overdue attempt (optionally of some stages); returns how many this call
    finalized. Safe to run from several processes at once: each attempt is finalized once."""
    query = select(Attempt).where(
        Attempt.status == AttemptStatus.IN_PROGRESS, Attempt.deadline < now - grace
    )
    if stage_ids:
        query = query.where(Attempt.stage_id.in_(stage_ids))
    done = 0
    for attempt in session.scalars(query.order_by(Attempt.id)).all():
        if submit_attempt(session, attempt, now=now, grace=grace, by="deadline"):
            done += 1
    return done


def record_signal(
    session: Session, attempt: Attempt, kind: str, *, now: datetime, ip: str, detail: dict
) -> None:
    """Record an integrity signal from the exam page (shown to proctors, never a penalty).

    :raises InvalidInputError: an unknown kind.
    """
    if kind not in SIGNAL_KINDS:
        raise InvalidInputError(f"unknown signal {kind}")
    if attempt.status is not AttemptStatus.IN_PROGRESS:
        raise ForbiddenError(N_("the attempt is over"))
    clean = {k: str(v)[:200] for k, v in list(detail.items())[:5]}
    session.add(AttemptEvent(attempt_id=attempt.id, kind=kind, at=now, ip=ip[:64], detail=clean))


SIGNAL_KINDS = frozenset({"focus_lost", "hidden", "paste", "fullscreen_exit", "offline"})
