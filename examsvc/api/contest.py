"""``/stages/{code}``: a stage's configuration and paper status (admin)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import gettext

from examsvc.api import bp
from examsvc.auth.access import roles_required
from examsvc.contest import editing, papers, services
from examsvc.extensions import db
from examsvc.models import Role
from questionbank.problems import ValidationError


def _points(value: Any) -> str:
    return format(value.normalize(), "f")


@bp.route("/stages/<code>", methods=["GET"])
@roles_required(Role.ADMIN)
def api_stage(code: str) -> Any:
    """The stage's settings, exam and blueprint, its papers' status and the bank's supply."""
    stage = services.stage_by_code(db.session, code)
    body: dict[str, Any] = {
        "contest": stage.contest.code,
        "code": stage.code,
        "name": stage.name,
        "ordinal": stage.ordinal,
        "theory_weight": _points(stage.theory_weight),
        "skill_weight": _points(stage.skill_weight),
        "advance_ratio": _points(stage.advance_ratio),
        "advance_rounding": stage.advance_rounding,
        "exam": {
            "duration_minutes": stage.duration_minutes,
            "opens_at": stage.opens_at.isoformat(),
            "closes_at": stage.closes_at.isoformat(),
            "shuffle_questions": stage.shuffle_questions,
            "shuffle_options": stage.shuffle_options,
            "exclude_used_in": list(stage.exclude_used_in or []),
            "review_after_release": stage.review_after_release,
            "blueprint": stage.blueprint,
            "blueprint_fingerprint": stage.blueprint_fingerprint,
        },
        "paper_seed": stage.paper_seed,
        "papers": papers.generation_status(db.session, stage),
        "supply": None,
    }
    try:
        blueprint = services.blueprint_of(stage.blueprint)
    except ValidationError as exc:
        body["blueprint_problems"] = [
            {"field": p.field, "message": p.text(gettext)} for p in exc.problems
        ]
        return jsonify(body)
    body["exam"].update(
        total_points=_points(blueprint.total_points), item_count=blueprint.item_count
    )
    supply = editing.bank_supply(db.session, blueprint)
    body["supply"] = {
        "active_questions": supply.pool_size,
        "sections": [
            {"index": s.index, "available": s.available, "needed": s.needed}
            for s in supply.sections
        ],
        "quotas": [
            {"tag": q.quota.tag, "carrying": q.carrying, "eligible": q.eligible}
            for q in supply.quotas
        ],
        "target_difficulty": _points(supply.target_difficulty),
        "feasible": supply.feasible,
        "problems": [{"field": p.field, "message": p.text(gettext)} for p in supply.problems],
    }
    return jsonify(body)
