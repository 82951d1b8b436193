"""Marking of short answers: blind, by question, double-marked, with arbitration."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from examsvc.models.base import Base


class MarkingTask(Base):
    """One mark to give on one short answer: slot 1 and 2 are the two independent marks,
    slot 3 the arbitrator's. Claimed by one grader at a time (the claim expires if abandoned);
    a grader never holds two slots of the same answer (unique constraint)."""

    __tablename__ = "marking_tasks"
    __table_args__ = (
        UniqueConstraint("attempt_id", "item_no", "slot"),
        UniqueConstraint("attempt_id", "item_no", "grader_id"),
        Index("ix_marking_tasks_queue", "stage_id", "question_id", "slot", "marked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    item_no: Mapped[int]
    #: the question (marking goes question by question, 按题阅卷)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    #: 1, 2 = independent marks; 3 = arbitration
    slot: Mapped[int]
    #: a random key fixing the order answers are handed out in (blind, not in submission order)
    order_key: Mapped[int]
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    claim_expires_at: Mapped[datetime | None]
    score: Mapped[Decimal | None]
    #: marks per rubric point, as given on the marking screen
    point_scores: Mapped[list[Any]] = mapped_column(default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    marked_at: Mapped[datetime | None]
