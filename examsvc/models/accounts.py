"""Accounts, their server-side sessions, login-throttling counters and the security log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from examsvc.models.base import Base, str_enum


class Role(enum.StrEnum):
    """What an account may do. One role per account."""

    ADMIN = "admin"
    AUTHOR = "author"
    REVIEWER = "reviewer"
    GRADER = "grader"
    ARBITRATOR = "arbitrator"
    PROCTOR = "proctor"
    CONTESTANT = "contestant"


STAFF_ROLES = tuple(r for r in Role if r is not Role.CONTESTANT)


class User(Base):
    """A login: staff by name, contestants by admission-ticket number."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: staff user name, or a contestant's admission-ticket number
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    #: preferred interface language (``zh_Hans_CN`` / ``en``); empty = browser's choice
    locale: Mapped[str] = mapped_column(String(16), default="")

    sessions: Mapped[list[UserSession]] = relationship(back_populates="user")

    # Flask-Login protocol (kept here so the model needs no Flask import)
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"


class UserSession(Base):
    """A server-side login session. The cookie carries a random token; only its hash is stored,
    so a copy of the database cannot be replayed as cookies. Logout and account disabling set
    ``revoked_at``, which ends the session everywhere at once."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 hex of the token in the session cookie
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginCounter(Base):
    """Failed-login counter for one key (``account:<name>`` or ``address:<ip>``) in a window.

    Updated with one atomic upsert per failure, so several workers count together."""

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_started_at: Mapped[datetime]
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class SecurityEvent(Base):
    """Append-only security log: logins, failures, denials, CSRF refusals, session blocks.

    Never holds a password, cookie, token or key."""

    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    path: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
