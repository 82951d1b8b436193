"""``/grading``: blind marking of short answers by graders and arbitrators; the marking
dashboard; key corrections and regrades (admin)."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request
from flask_login import current_user

from examsvc.api import bp
from examsvc.api.common import BadRequestError, json_body
from examsvc.auth.access import roles_required, utcnow
from examsvc.bank.services import Actor
from examsvc.database import begin_write, write_intent
from examsvc.extensions import db
from examsvc.marking import dashboard, marks, queue, regrade
from examsvc.models import Role
from examsvc.sitting.proctor import stage_by_code

MARKERS = (Role.GRADER, Role.ARBITRATOR)
OVERSEERS = (Role.ADMIN, Role.ARBITRATOR)


def _num(value: Any) -> float | None:
    return float(value) if value is not None else None


def task_json(view: queue.TaskView, left: int) -> dict[str, Any]:
    """A task as the contract shapes it: the item, the answer text, and for an arbitrator the
    two marks. Never anything about whose answer it is."""
    body: dict[str, Any] = {
        "task_id": view.task_id,
        "item": {
            "question_id": view.question_id,
            "stem_html": view.stem_html,
            "reference_html": view.reference_html,
            "explanation_html": view.explanation_html,
            "rubric": [
                {
                    "text": line.text,
                    "share": float(line.share),
                    "max": float(line.max),
                    "all_or_nothing": line.all_or_nothing,
                }
                for line in view.rubric
            ],
            "points": float(view.points),
        },
        "answer_text": view.answer_text,
        "blank": view.blank,
        "left": left,
        "claim_expires_at": view.claim_expires_at.isoformat() if view.claim_expires_at else None,
    }
    if view.slot in queue.ARBITRATOR_SLOTS:
        body["marks"] = [_num(m.score) for m in view.marks]
        body["comments"] = [m.comment for m in view.marks]
        body["point_scores"] = [m.point_scores for m in view.marks]
        body["threshold"] = _num(view.threshold)
    return body


def _question_arg() -> int | None:
    raw = request.args.get("question")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise BadRequestError("question is a question id") from exc


@bp.route("/grading/next", methods=["GET"])
@roles_required(*MARKERS)
def grading_next() -> Any:
    """The next answer for the caller to mark (claimed for them), or 204 when nothing is left
    for them. A reload gives the same answer back until it is marked or the claim expires."""
    code = request.args.get("stage")
    if not code:
        raise BadRequestError("stage is required")
    question_id = _question_arg()
    stage = stage_by_code(db.session, code)
    begin_write(db.session)
    now = utcnow()
    task = queue.claim_next(
        db.session,
        current_user.id,
        current_user.role,
        stage,
        question_id=question_id,
        now=now,
        claim_minutes=current_app.config["MARKING_CLAIM_MINUTES"],
    )
    db.session.commit()
    if task is None:
        return "", 204
    # what is shown is read after the claim is committed: the write lock is held briefly
    with write_intent(False):
        view = queue.task_view(db.session, task)
        left = queue.left_for(
            db.session,
            current_user.id,
            current_user.role,
            stage.id,
            question_id=task.question_id,
            now=now,
        )
        db.session.rollback()
    return jsonify(task_json(view, left))


@bp.route("/grading/tasks/<int:task_id>", methods=["POST"])
@roles_required(*MARKERS)
def grading_mark(task_id: int) -> Any:
    """``{"score", "comment", "points": [per scoring point]?}`` → 204. A grader marks the task
    they claimed; an arbitrator's mark is final."""
    body = json_body("score")
    points = body.get("points")
    if points is not None and not isinstance(points, list):
        raise BadRequestError("points is a list of marks, one per scoring point")
    marks.record_mark(
        db.session,
        task_id,
        current_user.id,
        current_user.role,
        body["score"],
        body.get("comment", ""),
        point_scores=points,
        now=utcnow(),
    )
    db.session.commit()
    return "", 204


@bp.route("/grading/tasks/<int:task_id>/remark", methods=["POST"])
@roles_required(Role.ARBITRATOR)
def grading_remark(task_id: int) -> Any:
    """``{"score", "reason"}`` → the answer's final mark changed (audited); ``{"old", "new"}``."""
    body = json_body("score", "reason")
    old, new = marks.remark(
        db.session, task_id, current_user.id, body["score"], body["reason"], now=utcnow()
    )
    db.session.commit()
    return jsonify({"old": float(old), "new": float(new)})


@bp.route("/grading/stages/<stage_code>/progress", methods=["GET"])
@roles_required(*OVERSEERS)
def grading_progress(stage_code: str) -> Any:
    """The marking dashboard as JSON: theory status, per question, per grader."""
    stage = stage_by_code(db.session, stage_code)
    question_id = _question_arg()
    return jsonify(
        {
            "stage": stage.code,
            "theory": dashboard.theory_status(db.session, stage).as_dict(),
            "questions": [q.as_dict() for q in dashboard.progress(db.session, stage)],
            "graders": [
                g.as_dict() for g in dashboard.graders(db.session, stage, question_id=question_id)
            ],
        }
    )


@bp.route("/grading/stages/<stage_code>/regrade", methods=["GET"])
@roles_required(Role.ADMIN)
def grading_regrade_preview(stage_code: str) -> Any:
    """Dry run: every score the current keys would change (``?question=ID`` to narrow)."""
    stage = stage_by_code(db.session, stage_code)
    changes = regrade.regrade_preview(db.session, stage, question_id=_question_arg())
    return jsonify({"dry_run": True, "changes": [c.as_dict() for c in changes]})


@bp.route("/grading/stages/<stage_code>/regrade", methods=["POST"])
@roles_required(Role.ADMIN)
def grading_regrade_apply(stage_code: str) -> Any:
    """``{"question": ID?, "reason"}`` → apply the regrade (audited); the changes made."""
    body = json_body()
    question = body.get("question")
    if question is not None and (not isinstance(question, int) or isinstance(question, bool)):
        raise BadRequestError("question is a question id")
    stage = stage_by_code(db.session, stage_code)
    changes = regrade.apply_regrade(
        db.session,
        stage,
        question_id=question,
        actor_id=current_user.id,
        now=utcnow(),
        reason=str(body.get("reason", "")),
    )
    db.session.commit()
    return jsonify({"dry_run": False, "changes": [c.as_dict() for c in changes]})


@bp.route("/grading/questions/<int:question_id>/key", methods=["POST"])
@roles_required(Role.ADMIN)
def grading_correct_key(question_id: int) -> Any:
    """``{"answer": "B" | "ACD" | "对", "reason"}`` → a new version with the corrected key that
    stays active; papers keep theirs until a regrade."""
    body = json_body("answer", "reason")
    version = regrade.correct_key(
        db.session,
        question_id,
        str(body["answer"]),
        actor=Actor(current_user.id, current_user.role),
        now=utcnow(),
        reason=str(body["reason"]),
    )
    db.session.commit()
    return jsonify({"question_id": question_id, "version": version.number})
