"""``/proctor``: the proctor console's live rows and actions."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from examsvc.api import bp
from examsvc.api.common import json_body
from examsvc.auth.access import roles_required, utcnow
from examsvc.extensions import db
from examsvc.models import Role
from examsvc.sitting import proctor
from examsvc.sitting.web import apply_action, grace, sweep_stage

STAFF = (Role.PROCTOR, Role.ADMIN)


@bp.route("/proctor/stages/<stage_code>/attempts", methods=["GET"])
@roles_required(*STAFF)
def api_proctor_console(stage_code: str) -> Any:
    """The console's rows as JSON (polled by the page every few seconds)."""
    stage = proctor.stage_by_code(db.session, stage_code)
    sweep_stage(stage)
    now = utcnow()
    rows = proctor.console(db.session, stage, now=now, grace=grace())
    return jsonify(
        {"stage": stage.code, "server_time": now.isoformat(), "rows": [r.as_dict() for r in rows]}
    )


@bp.route("/proctor/stages/<stage_code>/actions", methods=["POST"])
@roles_required(*STAFF)
def api_proctor_action(stage_code: str) -> Any:
    """``{"action": "extend|release|force_submit|reopen", "attempt_id", "room", "minutes",
    "reason"}`` → how many attempts changed."""
    stage = proctor.stage_by_code(db.session, stage_code)
    body = json_body("action", "reason")
    changed = apply_action(stage, str(body["action"]), body)
    db.session.commit()
    return jsonify({"changed": changed})
