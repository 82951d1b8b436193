"""The contestant API: my exams, start, read, save, submit, result, signals."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_login import current_user

from examsvc.api import bp
from examsvc.api.common import BadRequestError, json_body
from examsvc.auth.access import client_ip, roles_required, utcnow
from examsvc.errors import NotFoundError
from examsvc.extensions import db
from examsvc.models import AttemptStatus, Role, Stage
from examsvc.sitting import results, services
from examsvc.sitting.web import check_venue, current_session_id, grace


def iso(value: Any) -> str | None:
    """ISO 8601 with offset (UTC)."""
    return value.isoformat() if value is not None else None


def attempt_json(attempt: Any, *, with_items: bool) -> dict[str, Any]:
    """The attempt as the contract shapes it (never a key, rubric or mapping)."""
    now = utcnow()
    overdue = services.is_overdue(attempt, now, grace())
    status = "submitted" if overdue else attempt.status.value
    body: dict[str, Any] = {
        "id": attempt.id,
        "status": status,
        "deadline": iso(attempt.deadline),
        "server_time": iso(now),
        "submitted_at": iso(attempt.deadline if overdue else attempt.submitted_at),
    }
    if with_items:
        body["items"] = [
            {
                "no": item.no,
                "type": item.type,
                "points": float(item.points),
                "stem_html": item.stem_html,
                "options": item.options,
            }
            for item in services.paper_items(db.session, attempt.paper_id)
        ]
        answers = services.shown_answers(db.session, attempt.id, attempt.paper_id)
        body["answers"] = {str(no): a["value"] for no, a in sorted(answers.items())}
        body["seqs"] = {str(no): a["seq"] for no, a in sorted(answers.items())}
    return body


@bp.route("/me/exams", methods=["GET"])
@roles_required(Role.CONTESTANT)
def my_exams() -> Any:
    """The exams the contestant is enrolled in, with their window and status."""
    now = utcnow()
    out = []
    for _enrolment, stage, attempt in services.enrolments_of(db.session, current_user.id):
        out.append(
            {
                "stage": stage.code,
                "name": stage.name,
                "opens_at": iso(stage.opens_at),
                "closes_at": iso(stage.closes_at),
                "duration_minutes": stage.duration_minutes,
                "status": services.exam_status(stage, attempt, now, grace()),
                "attempt_id": attempt.id if attempt else None,
            }
        )
    return jsonify(out)


@bp.route("/exams/<stage_code>/start", methods=["POST"])
@roles_required(Role.CONTESTANT)
def start_exam(stage_code: str) -> Any:
    """Start (or resume) the attempt; starting twice returns the same attempt."""
    check_venue()
    attempt = services.start_attempt(
        db.session,
        current_user.id,
        stage_code,
        now=utcnow(),
        user_session_id=current_session_id(),
        grace=grace(),
    )
    db.session.commit()
    return jsonify(attempt_json(attempt, with_items=True))


def _attempt(attempt_id: int) -> Any:
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    services.bind_session(db.session, attempt, current_session_id(), now=utcnow())
    return attempt


@bp.route("/attempts/<int:attempt_id>", methods=["GET"])
@roles_required(Role.CONTESTANT)
def get_attempt(attempt_id: int) -> Any:
    """The attempt with its items and saved answers (finalizing it if overdue)."""
    check_venue()
    from examsvc.database import begin_write

    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    if attempt.session_id != current_session_id() or services.is_overdue(
        attempt, utcnow(), grace()
    ):
        begin_write(db.session)
        attempt = _attempt(attempt_id)
        services.finalize_if_overdue(db.session, attempt, now=utcnow(), grace=grace())
        db.session.commit()
    return jsonify(attempt_json(attempt, with_items=True))


@bp.route("/attempts/<int:attempt_id>/clock", methods=["GET"])
@roles_required(Role.CONTESTANT)
def attempt_clock(attempt_id: int) -> Any:
    """Deadline, server time and status only: what the countdown re-syncs with."""
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    return jsonify(attempt_json(attempt, with_items=False))


@bp.route("/attempts/<int:attempt_id>/answers/<int:no>", methods=["PUT"])
@roles_required(Role.CONTESTANT)
def save_answer(attempt_id: int, no: int) -> Any:
    """Save one answer; acknowledged only after commit."""
    check_venue()
    body = json_body("value", "seq")
    ack = services.save_answer(
        db.session,
        attempt_id,
        current_user.id,
        no,
        body["value"],
        body["seq"],
        now=utcnow(),
        grace=grace(),
        ip=client_ip(),
        user_session_id=current_session_id(),
    )
    db.session.commit()
    return jsonify({"no": ack.no, "seq": ack.seq, "saved_at": iso(ack.saved_at)})


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@roles_required(Role.CONTESTANT)
def submit_attempt(attempt_id: int) -> Any:
    """Submit (repeating it is harmless). ``{"reason": "timer"}`` marks the countdown's own
    submission, which is refused with 409 ``deadline_extended`` if the deadline moved."""
    check_venue()
    from flask import request

    body = request.get_json(silent=True) or {}
    reason = body.get("reason", "contestant") if isinstance(body, dict) else "contestant"
    if reason not in ("contestant", "timer"):
        raise BadRequestError("reason is contestant or timer")
    attempt = _attempt(attempt_id)
    services.submit_attempt(db.session, attempt, now=utcnow(), grace=grace(), by=reason)
    db.session.commit()
    return jsonify({"status": "submitted", "submitted_at": iso(attempt.submitted_at)})


@bp.route("/attempts/<int:attempt_id>/signals", methods=["POST"])
@roles_required(Role.CONTESTANT)
def attempt_signal(attempt_id: int) -> Any:
    """Record an integrity signal (focus lost, tab hidden, paste …) for the proctors."""
    body = json_body("kind")
    detail = body.get("detail") or {}
    if not isinstance(detail, dict) or not isinstance(body["kind"], str):
        raise BadRequestError("kind is a string and detail an object")
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    services.record_signal(
        db.session, attempt, body["kind"], now=utcnow(), ip=client_ip(), detail=detail
    )
    db.session.commit()
    return "", 204


@bp.route("/attempts/<int:attempt_id>/result", methods=["GET"])
@roles_required(Role.CONTESTANT)
def attempt_result(attempt_id: int) -> Any:
    """Scores per item and total, once results are released (404 before, like a missing one)."""
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    stage = db.session.get(Stage, attempt.stage_id)
    now = utcnow()
    if (
        stage is None
        or stage.results_released_at is None
        or stage.results_released_at > now
        or attempt.status is not AttemptStatus.SUBMITTED
    ):
        raise NotFoundError("results are not released yet")
    return jsonify(results.result_of(db.session, attempt, stage))
