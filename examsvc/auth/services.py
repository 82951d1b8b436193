"""Accounts, passwords, server-side sessions and login throttling (no Flask here).

Services take the SQLAlchemy session first and flush, never commit: the request or the CLI
command that called them commits once.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, literal, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from examsvc.database import begin_write, insert_for
from examsvc.errors import ConflictError, NotFoundError, ServiceError
from examsvc.models import LoginCounter, Role, SecurityEvent, User, UserSession

security_log = logging.getLogger("examsvc.security")

#: a hash to check against when the account does not exist, so timing does not reveal it
_DUMMY_HASH = generate_password_hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 8
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"


class LoginThrottledError(ServiceError):
    """Too many failed logins for this account or address; ``retry_after`` in seconds."""

    code = "too_many_attempts"
    status = 429

    def __init__(self, retry_after: int):
        super().__init__("too many failed logins; try again later")
        self.retry_after = retry_after


class LoginFailedError(ServiceError):
    """Unknown user, wrong password, or a disabled account (deliberately not told apart)."""

    code = "login_failed"
    status = 401


@dataclass(frozen=True)
class ThrottleRules:
    """Limits for failed logins (configurable; defaults in examsvc.config)."""

    per_account: int = 5
    per_address: int = 100
    window: timedelta = timedelta(minutes=5)
    lock: timedelta = timedelta(minutes=5)


def generate_password(length: int = 10) -> str:
    """A random password without look-alike characters (for printing on tickets)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def hash_password(password: str) -> str:
    """Hash a password with Werkzeug's default (scrypt)."""
    return generate_password_hash(password)


def create_user(
    session: Session,
    username: str,
    role: Role | str,
    password: str,
    *,
    now: datetime,
    display_name: str = "",
) -> User:
    """Create an account.

    :raises ConflictError: if the user name is taken.
    :raises ServiceError: if the role is unknown or the password too short.
    """
    username = username.strip()
    if not username or len(username) > 64:
        raise ServiceError("a user name needs 1–64 characters")
    try:
        role = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise ServiceError(f"unknown role {role!r}; roles: {roles}") from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"user {username} exists already")
    user = User(
        username=username,
        role=role,
        password_hash=hash_password(password),
        display_name=display_name or username,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a password and end every session of the account.

    :raises ServiceError: if the password is too short.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = hash_password(password)
    revoke_all_sessions(session, user.id, now=None)


def set_active(session: Session, username: str, active: bool, *, now: datetime) -> User:
    """Enable or disable an account; disabling ends all its sessions at once.

    :raises NotFoundError: if there is no such user.
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"no user {username}")
    user.is_active = active
    if not active:
        revoke_all_sessions(session, user.id, now=now)
    session.flush()
    return user


# --------------------------------------------------------------------------- login


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    ip: str,
    now: datetime,
    rules: ThrottleRules,
) -> User:
    """Check a user name and password, counting failures per account and per address.

    The counters live in the database and are updated with one upsert each, so all workers
    and hosts share them. Call it with a read-only write intent: the password hash is checked
    before the transaction turns into a writer, so logins do not queue behind each other. A venue behind one NAT address has a much higher per-address limit
    than the per-account one.

    :raises LoginThrottledError: while the account or the address is locked out.
    :raises LoginFailedError: for a wrong name or password or a disabled account.
    """
    username = (username or "").strip()
    keys = [f"account:{username.lower()}"[:160], f"address:{ip}"[:160]]
    wait = _locked_for(session, keys, now)
    if wait:
        begin_write(session)
        record_event(session, "login_throttled", now=now, username=username, ip=ip)
        raise LoginThrottledError(wait)
    user = session.scalar(select(User).where(User.username == username))
    # the ~100 ms hash runs before any write lock is taken (SQLite: in a read transaction)
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    begin_write(session)
    if not (user and ok and user.is_active):
        _count_failure(session, keys[0], now, rules.per_account, rules)
        _count_failure(session, keys[1], now, rules.per_address, rules)
        record_event(
            session,
            "login_failed",
            now=now,
            username=username,
            ip=ip,
            detail={"reason": "disabled" if user and ok else "bad_credentials"},
        )
        raise LoginFailedError("wrong user name or password")
    session.execute(update(LoginCounter).where(LoginCounter.key == keys[0]).values(failures=0))
    return user


def _locked_for(session: Session, keys: list[str], now: datetime) -> int:
    rows = session.scalars(
        select(LoginCounter.locked_until).where(
            LoginCounter.key.in_(keys), LoginCounter.locked_until > now
        )
    ).all()
    if not rows:
        return 0
    return max(1, int((max(rows) - now).total_seconds()))


def _count_failure(
    session: Session, key: str, now: datetime, limit: int, rules: ThrottleRules
) -> None:
    table = LoginCounter.__table__
    col = table.c
    at = lambda value: literal(value, type_=col.window_started_at.type)  # noqa: E731
    fresh_window = col.window_started_at < at(now - rules.window)
    failures = case((fresh_window, 1), else_=col.failures + 1)
    stmt = insert_for(session, table).values(
        key=key, window_started_at=now, failures=1, locked_until=None
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[col.key],
        set_={
            "failures": failures,
            "window_started_at": case((fresh_window, at(now)), else_=col.window_started_at),
            "locked_until": case((failures >= limit, at(now + rules.lock)), else_=col.locked_until),
        },
    )
    session.execute(stmt)


def open_session(session: Session, user: User, *, now: datetime, ip: str, user_agent: str) -> str:
    """Start a server-side session for ``user``; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            ip=ip[:64],
            user_agent=(user_agent or "")[:255],
        )
    )
    session.flush()
    return token


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def load_session_user(
    session: Session, user_id: str, token: str | None, *, now: datetime, idle: timedelta
) -> tuple[User, UserSession] | None:
    """The user and session for a cookie, or None if the session ended, idled out or belongs
    to someone else, or the account is disabled."""
    if not token or not user_id or not user_id.isdigit():
        return None
    row = session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_hash == token_hash(token),
            User.id == int(user_id),
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at > now - idle,
            User.is_active.is_(True),
        )
    ).first()
    return (row[0], row[1]) if row else None


def touch_session(session: Session, user_session: UserSession, *, now: datetime) -> None:
    """Record activity (a conditional update: two workers touching at once is harmless)."""
    session.execute(
        update(UserSession)
        .where(UserSession.id == user_session.id, UserSession.last_seen_at < now)
        .values(last_seen_at=now)
    )


def revoke_session(session: Session, token: str | None, *, now: datetime) -> None:
    """End one session (logout)."""
    if token:
        session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_hash(token), UserSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )


def revoke_all_sessions(session: Session, user_id: int, *, now: datetime | None) -> int:
    """End every session of an account; returns how many were live."""
    from datetime import UTC

    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now(UTC))
    )
    return result.rowcount or 0


# --------------------------------------------------------------------------- security log


def record_event(
    session: Session,
    kind: str,
    *,
    now: datetime,
    user_id: int | None = None,
    username: str = "",
    ip: str = "",
    path: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Append to the security log (database and the ``examsvc.security`` logger).

    Callers pass names, addresses and reasons only — never passwords, tokens or cookies."""
    session.add(
        SecurityEvent(
            at=now,
            kind=kind,
            user_id=user_id,
            username=username[:64],
            ip=ip[:64],
            path=path[:255],
            detail=detail or {},
        )
    )
    security_log.info(
        "%s user=%s ip=%s path=%s %s", kind, username or user_id or "-", ip, path, detail or ""
    )
