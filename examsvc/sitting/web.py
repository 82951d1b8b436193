"""Request helpers shared by the exam pages and the contestant API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app, g
from flask_login import current_user
from sqlalchemy import select

from examsvc.auth.access import client_ip, utcnow
from examsvc.database import begin_write
from examsvc.errors import BadRequestError, ForbiddenError
from examsvc.extensions import db
from examsvc.models import Attempt, AttemptStatus, Stage
from examsvc.sitting import proctor, services
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


def sweep_stage(stage: Stage) -> None:
    """The console doubles as a sweep: overdue attempts of the stage are finalized."""
    now = utcnow()
    overdue = db.session.scalar(
        select(Attempt.id)
        .where(
            Attempt.stage_id == stage.id,
            Attempt.status == AttemptStatus.IN_PROGRESS,
            Attempt.deadline < now - grace(),
        )
        .limit(1)
    )
    if overdue is not None:
        begin_write(db.session)
        services.finalize_overdue(db.session, now=now, grace=grace(), stage_ids=[stage.id])
        db.session.commit()


def apply_action(stage: Stage, action: str, data: dict[str, Any]) -> int:
    """Run a proctor action from form or JSON data; returns how many attempts changed.

    :raises ServiceError: from the proctor services (no reason, wrong state …).
    """
    now, actor = utcnow(), current_user.id
    reason = str(data.get("reason", ""))
    try:
        minutes = int(data.get("minutes") or 0)
        attempt_id = int(data.get("attempt_id") or 0)
    except (TypeError, ValueError) as exc:
        raise BadRequestError("minutes and attempt_id are whole numbers") from exc
    if action == "extend":
        ids = (
            [attempt_id]
            if attempt_id
            else proctor.room_attempts(db.session, stage, str(data.get("room", "")))
        )
        return len(
            proctor.extend(db.session, stage, ids, minutes, reason=reason, actor_id=actor, now=now)
        )
    if action == "release":
        proctor.release(db.session, stage, attempt_id, reason=reason, actor_id=actor, now=now)
    elif action == "force_submit":
        proctor.force_submit(
            db.session, stage, attempt_id, reason=reason, actor_id=actor, now=now, grace=grace()
        )
    elif action == "reopen":
        proctor.reopen(
            db.session, stage, attempt_id, minutes, reason=reason, actor_id=actor, now=now
        )
    else:
        raise BadRequestError("unknown action")
    return 1
