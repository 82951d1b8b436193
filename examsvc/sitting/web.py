"""Request helpers shared by the exam pages and the contestant API."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g

from examsvc.auth.access import client_ip
from examsvc.errors import ForbiddenError
from examsvc.web.proxy import in_networks, parse_networks
from questionbank.problems import N_


def grace() -> timedelta:
    """The grace for saves in flight after a deadline (capped at 5 s)."""
    return timedelta(seconds=min(5, max(0, int(current_app.config["SAVE_GRACE_SECONDS"]))))


def current_session_id() -> int | None:
    """The id of the caller's server-side login session."""
    user_session = g.get("user_session")
    return user_session.id if user_session is not None else None


def check_venue() -> None:
    """Refuse exam requests from outside the configured venue networks (when configured).

    :raises ForbiddenError: the client address is outside every configured network.
    """
    networks = current_app.config.get("EXAM_NETWORKS") or []
    if networks and not in_networks(client_ip(), parse_networks(networks)):
        raise ForbiddenError(N_("exams can be taken only from the venue's network"))
