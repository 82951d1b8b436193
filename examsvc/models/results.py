"""Stage results: skill scores, arbitrators' tie orders, published rankings, registrations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from examsvc.models.base import Base


class SkillScore(Base):
    """A contestant's skills-part score in a stage (0–100), as imported from the judges."""

    __tablename__ = "skill_scores"

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[Decimal] = mapped_column(Numeric(5, 2, asdecimal=True))
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the import it came from (file name or "api")
    batch: Mapped[str] = mapped_column(String(255), default="")


class TieResolution(Base):
    """An arbitrator's order for contestants whose total and skill scores are equal."""

    __tablename__ = "tie_resolutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    #: tickets, best first
    tickets: Mapped[list[Any]]
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime]


class RankingPublication(Base):
    """A published ranking: a frozen snapshot (rules, rows, who and when). A later change of
    scores needs a new publication; old ones stay as they were."""

    __tablename__ = "ranking_publications"
    __table_args__ = (UniqueConstraint("stage_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    #: 1, 2, … per stage
    number: Mapped[int]
    snapshot: Mapped[dict[str, Any]]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")


class Registration(Base):
    """An individual's online registration (the notice's QR-code route), pending until an
    administrator approves it into the roster."""

    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    #: the form's fields as submitted (name, id_number, organisation, phone, …)
    data: Mapped[dict[str, Any]]
    #: pending | approved | rejected
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
