"""``/stages/{code}/…``: the stage ranking, skill scores, tie orders, publication,
advancement and awards (shapes: shared/spec/interfaces.md and examsvc.ranking.exports)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import gettext
from flask_login import current_user

from examsvc.api import bp
from examsvc.api.common import BadRequestError, json_body
from examsvc.auth.access import roles_required, utcnow
from examsvc.contest.services import stage_by_code
from examsvc.extensions import db
from examsvc.models import Role, Stage
from examsvc.ranking import advancement, exports, publication, skills, ties
from examsvc.ranking.awards import stage_awards
from examsvc.ranking.services import stage_ranking
from examsvc.roster.web import secret
from examsvc.sitting.web import sweep_stage
from questionbank.io.skills import SkillRow, parse_skill
from questionbank.problems import ValidationError


def _stage(code: str) -> Stage:
    stage = stage_by_code(db.session, code)
    sweep_stage(stage)
    return stage


@bp.route("/stages/<stage_code>/ranking", methods=["GET"])
@roles_required(Role.ADMIN, Role.ARBITRATOR)
def api_stage_ranking(stage_code: str) -> Any:
    """The live ranking: ``{"rules", "provisional", "rows": [...]}`` plus the pending items."""
    return jsonify(exports.ranking_json(stage_ranking(db.session, _stage(stage_code))))


@bp.route("/stages/<stage_code>/skills", methods=["POST"])
@roles_required(Role.ADMIN)
def api_record_skills(stage_code: str) -> Any:
    """``{"scores": [{"ticket", "skill"}], "batch"}`` → what was recorded; ``skill`` a number
    or decimal string 0–100, or null / "缺考" for absent. All or nothing."""
    stage = stage_by_code(db.session, stage_code)
    body = json_body("scores")
    if not isinstance(body["scores"], list):
        raise BadRequestError("scores must be a list")
    rows, problems = [], []
    for index, item in enumerate(body["scores"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("ticket"), str):
            raise BadRequestError('each score is {"ticket": "…", "skill": …}')
        value = item.get("skill")
        if isinstance(value, bool) or not isinstance(value, int | float | str | None):
            raise BadRequestError("skill must be a number, a decimal string or null")
        try:
            skill = None if value is None else parse_skill(str(value))
        except ValidationError as exc:
            problems += [p.at(field=f"scores[{index - 1}].skill") for p in exc.problems]
            continue
        rows.append(SkillRow(index, item["ticket"].strip(), skill, str(item.get("name") or "")))
    report = skills.record_skills(
        db.session, stage, rows, batch=str(body.get("batch") or "api")[:200],
        actor_id=current_user.id, now=utcnow(), row_count=len(body["scores"]), problems=problems,
    )  # fmt: skip
    db.session.commit()
    return jsonify(
        {
            "recorded": report.changed,
            "unchanged": report.unchanged,
            "warnings": [p.text(gettext) for p in report.warnings],
        }
    )


@bp.route("/stages/<stage_code>/ranking/ties", methods=["POST"])
@roles_required(Role.ARBITRATOR)
def api_resolve_tie(stage_code: str) -> Any:
    """``{"order": [ticket, …], "reason"}`` → the ranking after the order is recorded."""
    stage = _stage(stage_code)
    body = json_body("order", "reason")
    if not isinstance(body["order"], list) or not all(isinstance(t, str) for t in body["order"]):
        raise BadRequestError("order must be a list of tickets")
    ranked = ties.resolve_tie(
        db.session,
        stage,
        body["order"],
        str(body["reason"]),
        actor_id=current_user.id,
        now=utcnow(),
    )
    db.session.commit()
    return jsonify(exports.ranking_json(ranked))


@bp.route("/stages/<stage_code>/ranking/publications", methods=["POST"])
@roles_required(Role.ADMIN)
def api_publish(stage_code: str) -> Any:
    """``{"names": "masked|full", "note"}`` → ``{"number", "published_at", "digest"}``."""
    stage = _stage(stage_code)
    body = json_body()
    found = publication.publish(
        db.session, stage, names=str(body.get("names") or "masked"), note=str(body.get("note") or ""),
        actor_id=current_user.id, now=utcnow(),
    )  # fmt: skip
    db.session.commit()
    return jsonify(
        {
            "number": found.number,
            "published_at": found.published_at.isoformat(),
            "digest": found.snapshot["digest"],
        }
    ), 201


@bp.route("/stages/<stage_code>/advance", methods=["POST"])
@roles_required(Role.ADMIN)
def api_advance(stage_code: str) -> Any:
    """Enrol the advancers into the next stage → who was enrolled (with their new logins)."""
    stage = _stage(stage_code)
    report = advancement.advance(
        db.session, stage, secret=secret(), actor_id=current_user.id, now=utcnow()
    )
    db.session.commit()
    return jsonify(
        {
            "next_stage": report.next_stage,
            "advance_count": report.advance_count,
            "enrolled": [
                {"from": old, "ticket": c.ticket, "name": c.name, "password": c.password}
                for old, c in report.enrolled
            ],
            "already": report.already,
            "no_longer": report.no_longer,
        }
    )


@bp.route("/stages/<stage_code>/awards", methods=["GET"])
@roles_required(Role.ADMIN)
def api_awards(stage_code: str) -> Any:
    """The awards of the contest whose final stage this is (money as decimal strings)."""
    report = stage_awards(db.session, _stage(stage_code))
    return jsonify(exports.awards_json(report, gettext))
