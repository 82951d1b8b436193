"""Papers: one per contestant and stage, built before the exam from the stage's blueprint."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base


class Paper(Base):
    """A contestant's paper. Frozen once built: it points at immutable question versions, and
    its seed regenerates it byte for byte (``fingerprint`` proves it)."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    #: the seed this paper was drawn with (derived from the stage seed and the ticket)
    seed: Mapped[str] = mapped_column(String(64))
    #: sha256 of the paper's canonical form (questionbank.assembly Paper.fingerprint)
    fingerprint: Mapped[str] = mapped_column(String(64))
    blueprint_fingerprint: Mapped[str] = mapped_column(String(64))
    total_points: Mapped[Decimal]
    item_count: Mapped[int]
    created_at: Mapped[datetime]

    items: Mapped[list[PaperItem]] = relationship(
        order_by="PaperItem.no", cascade="all, delete-orphan", passive_deletes=True
    )


class PaperItem(Base):
    """Item ``no`` of a paper: which question version, how many points, the option order the
    contestant sees, and the multiple-choice rule frozen at generation."""

    __tablename__ = "paper_items"

    paper_id: Mapped[int] = mapped_column(
        ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True
    )
    #: 1-based position on the paper
    no: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    section_index: Mapped[int]
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    points: Mapped[Decimal]
    #: original option keys in display order ("CADB"); empty for true/false and short answers
    option_order: Mapped[str] = mapped_column(String(8), default="")
    #: strict | partial | per_option for multiple choice, else null
    scoring: Mapped[str | None] = mapped_column(String(12))
