"""Who may call which route: one decorator per view, checked before every request.

Every view must declare its rule: ``@roles_required(Role.ADMIN, …)`` or ``@public``. A view
without one is refused for everybody (fail closed), and the access-matrix test walks
``app.url_map`` so that a new route without a rule fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import current_app, g, request, session
from flask_login import current_user

from examsvc.auth import services
from examsvc.extensions import db, login_manager
from examsvc.models import Role

F = TypeVar("F", bound=Callable[..., Any])

#: endpoints Flask itself provides (static files) that need no rule
BUILTIN_PUBLIC = frozenset({"static"})
SESSION_TOKEN_KEY = "sid"


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Allow the view to logged-in users holding one of ``roles``."""
    allowed = frozenset(Role(r) for r in roles)

    def decorate(view: F) -> F:
        view.access_roles = allowed  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: F) -> F:
    """Allow the view to anybody, logged in or not."""
    view.access_roles = None  # type: ignore[attr-defined]
    return view


def login_required_any(view: F) -> F:
    """Allow the view to any logged-in user."""
    view.access_roles = frozenset(Role)  # type: ignore[attr-defined]
    return view


def rule_for(endpoint: str | None) -> frozenset[Role] | bool | None:
    """The access rule of an endpoint: a set of roles, None for public, False if undeclared."""
    if endpoint is None or endpoint in BUILTIN_PUBLIC:
        return None
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None  # 404 / 405 are produced by Flask itself
    return getattr(view, "access_roles", False)


class AccessDenied(Exception):
    """Raised by the access check; ``status`` 401 (log in) or 403 (not for this role)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def check_access() -> None:
    """``before_request``: apply the endpoint's rule.

    :raises AccessDenied: 401 when a login is needed, 403 when the role may not.
    """
    rule = rule_for(request.endpoint)
    if rule is None:
        return
    if rule is False:
        current_app.logger.error("route %s has no access rule: refused", request.endpoint)
        raise AccessDenied(403)
    if not current_user.is_authenticated:
        raise AccessDenied(401)
    if current_user.role not in rule:
        raise AccessDenied(403)


def utcnow() -> datetime:
    """The current time, from the app's injectable clock (tests move it)."""
    clock = current_app.config.get("CLOCK")
    return clock() if clock else datetime.now(UTC)


@login_manager.user_loader
def _load_user(user_id: str) -> Any:
    """Resolve the cookie to a live server-side session (revoked or idle sessions fail)."""
    cfg = current_app.config
    from datetime import timedelta

    now = utcnow()
    found = services.load_session_user(
        db.session,
        user_id,
        session.get(SESSION_TOKEN_KEY),
        now=now,
        idle=timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
    )
    if found is None:
        return None
    user, user_session = found
    g.user_session = user_session
    if (now - user_session.last_seen_at).total_seconds() > cfg["SESSION_TOUCH_SECONDS"]:
        g.touch_session = True
    return user


def client_ip() -> str:
    """The client address; ``X-Forwarded-For`` is honoured only via ProxyFix for trusted proxies."""
    return request.remote_addr or ""
