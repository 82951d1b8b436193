"""Starting and ending login sessions for a request, shared by the pages and the JSON API."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import login_user, logout_user

from examsvc.auth import services
from examsvc.auth.access import SESSION_TOKEN_KEY, client_ip, utcnow
from examsvc.database import begin_write, set_write_intent
from examsvc.extensions import db
from examsvc.models import Role, User
from examsvc.web.i18n import LANG_SESSION_KEY
from questionbank.problems import N_


def throttle_rules() -> services.ThrottleRules:
    """The login limits from the configuration."""
    cfg = current_app.config
    return services.ThrottleRules(
        per_account=cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        per_address=cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=timedelta(seconds=cfg["LOGIN_FAILURE_WINDOW_SECONDS"]),
        lock=timedelta(seconds=cfg["LOGIN_LOCK_SECONDS"]),
    )


def log_in(username: str, password: str) -> User:
    """Check the credentials and start a fresh server-side session; commits.

    :raises LoginThrottledError, LoginFailedError: from the service (failures are committed
        first, so the counters hold even though the request fails).
    """
    set_write_intent(False)
    now = utcnow()
    try:
        user = services.authenticate(
            db.session, username, password, ip=client_ip(), now=now, rules=throttle_rules()
        )
    except (services.LoginFailedError, services.LoginThrottledError):
        db.session.commit()  # keep the failure counters and the security log
        raise
    if user.role is Role.CONTESTANT:
        _refuse_second_exam_login(user, now)
    lang = session.get(LANG_SESSION_KEY)
    session.clear()  # a new session at login: no fixation
    if lang:
        session[LANG_SESSION_KEY] = lang
    token = services.open_session(
        db.session, user, now=now, ip=client_ip(), user_agent=request.user_agent.string
    )
    session[SESSION_TOKEN_KEY] = token
    session.permanent = True
    login_user(user)
    services.record_event(
        db.session, "login", now=now, user_id=user.id, username=user.username, ip=client_ip()
    )
    db.session.commit()
    return user


def _refuse_second_exam_login(user: User, now: datetime) -> None:
    """One live exam session per contestant: while an attempt is held by a live login, a new
    login is refused and logged (the proctor can release it); the first session is never
    ended silently, since its browser may hold answers not yet sent."""
    from examsvc.models import AttemptEvent
    from examsvc.sitting.services import SessionLockedError, live_attempt_elsewhere

    attempt = live_attempt_elsewhere(db.session, user.id)
    if attempt is None or attempt.deadline < now:
        return
    db.session.add(
        AttemptEvent(attempt_id=attempt.id, kind="second_login", at=now, ip=client_ip()[:64])
    )
    services.record_event(
        db.session,
        "session_blocked",
        now=now,
        user_id=user.id,
        username=user.username,
        ip=client_ip(),
    )
    db.session.commit()
    raise SessionLockedError(
        N_("this exam is already open on another computer; ask a proctor to release it")
    )


def log_out() -> None:
    """End the current session on the server and in the cookie; commits."""
    from flask_login import current_user

    begin_write(db.session)
    now = utcnow()
    if current_user.is_authenticated:
        services.record_event(
            db.session,
            "logout",
            now=now,
            user_id=current_user.id,
            username=current_user.username,
            ip=client_ip(),
        )
    services.revoke_session(db.session, session.get(SESSION_TOKEN_KEY), now=now)
    db.session.commit()
    logout_user()
    lang = session.get(LANG_SESSION_KEY)
    session.clear()
    if lang:
        session[LANG_SESSION_KEY] = lang


def touch_session_if_due() -> None:
    """Record session activity every few minutes (its own tiny transaction)."""
    user_session = g.pop("user_session", None)
    if user_session is None or not g.pop("touch_session", False):
        return
    try:
        db.session.rollback()
        begin_write(db.session)
        services.touch_session(db.session, user_session, now=utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        current_app.logger.warning("could not record session activity", exc_info=True)
