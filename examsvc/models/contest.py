"""The contest, its three stages (each with its theory exam), contestants and their enrolments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base

Weight = Numeric(5, 4, asdecimal=True)


class Contest(Base):
    """A contest (e.g. ``bspia-2025``), keyed by its code."""

    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    age_min: Mapped[int] = mapped_column(default=18)
    age_max: Mapped[int] = mapped_column(default=55)
    #: ages are computed on this day (default: the registration close date)
    age_reference_date: Mapped[date] = mapped_column(Date)
    registration_opens: Mapped[date | None] = mapped_column(Date)
    registration_closes: Mapped[date | None] = mapped_column(Date)
    #: the award table as data (questionbank.awards.awards_to_data); empty = the notice's defaults
    awards: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    stages: Mapped[list[Stage]] = relationship(back_populates="contest", order_by="Stage.ordinal")


class Stage(Base):
    """One stage (prelim → semi → final) with its weights, advancement rule and theory exam."""

    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    #: prelim | semi | final
    code: Mapped[str] = mapped_column(String(20))
    #: 0, 1, 2 in contest order
    ordinal: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    theory_weight: Mapped[Decimal] = mapped_column(Weight)
    skill_weight: Mapped[Decimal] = mapped_column(Weight)
    advance_ratio: Mapped[Decimal] = mapped_column(Weight)
    #: half_up | floor | ceil
    advance_rounding: Mapped[str] = mapped_column(String(10), default="half_up")

    # the theory exam of the stage
    duration_minutes: Mapped[int]
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    #: stage codes whose questions a contestant must not meet again
    exclude_used_in: Mapped[list[Any]] = mapped_column(default=list)
    review_after_release: Mapped[bool] = mapped_column(default=False)
    #: sections, quotas and target difficulty (questionbank.blueprint, as data)
    blueprint: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: fingerprint of ``blueprint``: papers record the one they were built from
    blueprint_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    #: the recorded seed every paper of the stage derives its own from (set at first generation)
    paper_seed: Mapped[str | None] = mapped_column(String(64))
    #: when contestants may see their results (and, if allowed, their marked paper)
    results_released_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    contest: Mapped[Contest] = relationship(back_populates="stages")


class Contestant(Base):
    """A person. The same resident ID number is the same person across stages."""

    __tablename__ = "contestants"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    #: 18-character resident ID (GB 11643), normalised (upper-case X)
    id_number: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2), default="")
    birth_date: Mapped[date] = mapped_column(Date)
    organisation: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), default="")
    #: holds a union mutual-aid service card (工会会员互助服务卡): union subsidies depend on it
    union_card: Mapped[bool] = mapped_column(default=False)
    occupation: Mapped[str] = mapped_column(String(100), default="")
    #: an image-store digest of the ID photo, if uploaded
    photo_digest: Mapped[str | None] = mapped_column(
        ForeignKey("images.digest", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("contest_id", "id_number"),)

    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="contestant")


class Enrolment(Base):
    """A contestant in a stage: their admission ticket and their exam login."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("stage_id", "contestant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    contestant_id: Mapped[int] = mapped_column(ForeignKey("contestants.id", ondelete="CASCADE"))
    #: admission ticket number 准考证号 (also the login user name)
    ticket: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    venue: Mapped[str] = mapped_column(String(100), default="")
    room: Mapped[str] = mapped_column(String(50), default="")
    seat: Mapped[str] = mapped_column(String(20), default="")
    #: roster | advance | registration
    source: Mapped[str] = mapped_column(String(20), default="roster")
    created_at: Mapped[datetime]

    stage: Mapped[Stage] = relationship()
    contestant: Mapped[Contestant] = relationship(back_populates="enrolments")
