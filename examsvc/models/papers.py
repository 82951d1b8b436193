"""Papers: one per contestant and stage, built before the exam from the stage's blueprint."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base


class PaperRun(Base):
    """One run of paper generation for a stage: the stage seed, the blueprint and the exact
    pool it drew from (every active question version with its type, difficulty, tags and option
    count at that moment), so any paper of the run can be regenerated for an audit even after
    the bank has changed."""

    __tablename__ = "paper_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    stage_seed: Mapped[str] = mapped_column(String(64))
    blueprint: Mapped[dict[str, Any]]
    blueprint_fingerprint: Mapped[str] = mapped_column(String(64))
    #: [[version_id, question_id, type, difficulty, [tags…], option_count], …]
    pool: Mapped[list[Any]]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class Paper(Base):
    """A contestant's paper. Frozen once built: it points at immutable question versions, and
    its seed regenerates it byte for byte (``fingerprint`` proves it)."""

    __tablename__ = "papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), unique=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    #: the generation run (pool snapshot) it was drawn in
    run_id: Mapped[int | None] = mapped_column(ForeignKey("paper_runs.id", ondelete="SET NULL"))
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
