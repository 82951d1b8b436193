"""The question bank: questions, their immutable versions, tags, review history, images, imports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base, JSONType, str_enum
from questionbank.model import QuestionStatus, QuestionType


class Question(Base):
    """A question of the bank. Its content lives in versions; status and tags live here.

    Only ``active`` questions are drawn onto new papers, always at their current version.
    """

    __tablename__ = "questions"
    __table_args__ = (Index("ix_questions_status_type", "status", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[QuestionStatus] = mapped_column(
        str_enum(QuestionStatus, "question_status"), default=QuestionStatus.DRAFT
    )
    #: type of the current version (kept here to filter without joining versions)
    type: Mapped[QuestionType] = mapped_column(str_enum(QuestionType, "question_type"))
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", use_alter=True, name="fk_questions_current_version")
    )
    #: SHA-256 of the current version's normalised stem (questionbank.model.normalise_stem):
    #: equal keys are duplicates
    stem_key: Mapped[str] = mapped_column(String(64), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    current_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list[QuestionVersion]] = relationship(
        back_populates="question",
        foreign_keys="QuestionVersion.question_id",
        order_by="QuestionVersion.number",
    )
    tag_rows: Mapped[list[QuestionTag]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="QuestionTag.tag"
    )

    @property
    def tags(self) -> list[str]:
        """The question's tags, sorted."""
        return [row.tag for row in self.tag_rows]


class QuestionVersion(Base):
    """One immutable version of a question's content. Papers point at versions, so nothing a
    paper used is ever rewritten: an edit always adds a version."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    #: 1, 2, 3 … within the question
    number: Mapped[int]
    type: Mapped[QuestionType] = mapped_column(str_enum(QuestionType, "question_type"))
    stem: Mapped[str] = mapped_column(Text)
    #: option texts, index 0 = A
    options: Mapped[list[Any]] = mapped_column(default=list)
    #: answer in its JSON form ("B", ["A","C"], true, "reference answer")
    answer: Mapped[Any] = mapped_column(JSONType)
    #: [{"text", "share"}] for short answers
    rubric: Mapped[list[Any]] = mapped_column(default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[int] = mapped_column(default=3)
    source: Mapped[str] = mapped_column(String(500), default="")
    #: sanitized HTML of stem and options, rendered once (versions never change)
    rendered: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    #: why this version exists ("created", "edited", "imported", "key corrected" …)
    note: Mapped[str] = mapped_column(String(200), default="")

    question: Mapped[Question] = relationship(back_populates="versions", foreign_keys=[question_id])


class QuestionTag(Base):
    """A ``facet:value`` tag on a question."""

    __tablename__ = "question_tags"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)

    question: Mapped[Question] = relationship(back_populates="tag_rows")


class QuestionEvent(Base):
    """The history of a question: created, edited, submitted, approved, returned (with the
    reviewer's comment), retired, restored, imported. Append-only."""

    __tablename__ = "question_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("question_versions.id", ondelete="SET NULL")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(10), default="")
    to_status: Mapped[str] = mapped_column(String(10), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class Image(Base):
    """An image of the store, named by the SHA-256 of its bytes (kept in the database, so every
    worker and host serves the same images without a shared file system)."""

    __tablename__ = "images"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(20))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class BankImport(Base):
    """An uploaded bank file: kept between the dry run and the confirmation (in the database,
    so any worker can confirm it), then as the record of what was imported."""

    __tablename__ = "bank_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: unguessable handle used by the confirm form
    token: Mapped[str] = mapped_column(String(43), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: pending (dry run shown), imported, discarded
    state: Mapped[str] = mapped_column(String(10), default="pending")
    #: options chosen at upload: status for new questions, skip_unsupported
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: the report of the last dry run or of the import (counts, warnings)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
