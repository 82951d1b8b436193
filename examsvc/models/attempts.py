"""Sittings: a contestant's attempt at their paper, their saved answers, item scores, signals."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base, JSONType, str_enum


class AttemptStatus(enum.StrEnum):
    """An attempt is open until it is submitted (by the contestant, the timer, a proctor or the
    server at the deadline); the transition happens once, as a conditional update."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Attempt(Base):
    """One attempt per contestant and stage (a unique constraint): starting twice resumes."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_stage_status", "stage_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id"), unique=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    status: Mapped[AttemptStatus] = mapped_column(
        str_enum(AttemptStatus, "attempt_status"), default=AttemptStatus.IN_PROGRESS
    )
    started_at: Mapped[datetime]
    #: min(start + duration + extension, closes_at), stored: the server's clock rules
    deadline: Mapped[datetime]
    #: extra time granted by proctors, in seconds (audited)
    extension_seconds: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    #: contestant | timer | deadline | proctor
    submitted_by: Mapped[str] = mapped_column(String(12), default="")
    #: the login session the attempt is bound to (one live exam session per contestant)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_sessions.id", ondelete="SET NULL")
    )
    #: the address of the last save, to notice an address change
    last_ip: Mapped[str] = mapped_column(String(64), default="")
    last_save_at: Mapped[datetime | None]
    #: raw points of the objective items, set when the attempt is graded at submission
    objective_score: Mapped[Decimal | None]
    #: raw points of the whole paper once every item has a final mark
    theory_raw: Mapped[Decimal | None]
    theory_final: Mapped[bool] = mapped_column(default=False)
    graded_at: Mapped[datetime | None]

    answers: Mapped[list[Answer]] = relationship(order_by="Answer.item_no")


class Answer(Base):
    """The latest saved answer to one item. Written only by a conditional upsert that keeps
    the highest ``seq``, so a late or repeated save never overwrites a newer one."""

    __tablename__ = "answers"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    item_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: in ORIGINAL option keys ("B", ["A","C"], true, "text"); null = cleared
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    #: the client's increasing counter for this item
    seq: Mapped[int] = mapped_column(BigInteger)
    saved_at: Mapped[datetime]
    client_ip: Mapped[str] = mapped_column(String(64), default="")


class ItemScore(Base):
    """The score of one item of an attempt: automatic for objective items, from marking for
    short answers. ``final`` once it can no longer change except by an audited re-mark."""

    __tablename__ = "item_scores"

    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    item_no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    score: Mapped[Decimal | None]
    #: auto | marking | arbitration | regrade
    source: Mapped[str] = mapped_column(String(12))
    final: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]


class AttemptEvent(Base):
    """Integrity signals (focus lost, tab hidden, paste, address change, second device) and
    proctor actions (extend, release, force-submit, reopen) for one attempt. Signals are shown
    to proctors; the service never penalises anyone by itself."""

    __tablename__ = "attempt_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ip: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)

    attempt: Mapped[Attempt] = relationship()
