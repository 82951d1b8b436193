"""``/stages/{code}/analysis`` and the statistics of questions, as JSON."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask_babel import gettext as _

from examsvc.analysis import services
from examsvc.analysis.collect import stem_labels
from examsvc.analysis.web import STATS_ROLES, question_url, sees_people, thresholds
from examsvc.api import bp
from examsvc.auth.access import roles_required, utcnow
from examsvc.extensions import db
from questionbank.stats.report import to_data


@bp.route("/stages/<stage_code>/analysis", methods=["GET"])
@roles_required(*STATS_ROLES)
def api_stage_analysis(stage_code: str) -> Any:
    """Every figure of the stage's analysis (organisations and graders for admins and
    arbitrators only; never a contestant's own scores)."""
    stage = services.stage_by_code(db.session, stage_code)
    analysis = services.stage_analysis(db.session, stage, thresholds())
    body = to_data(analysis)
    body.pop("scores", None)
    if not sees_people():
        body.pop("organisations", None)
        body["markers"].pop("graders", None)
    labels = stem_labels(db.session, [i.question_id for i in analysis.items])
    for item, data in zip(analysis.items, body["items"], strict=True):
        data["label"] = labels.get(item.question_id, "")
        data["url"] = question_url(item.question_id)
        for flag, out in zip(item.flags, data["flags"], strict=True):
            out["text"] = flag.text(_)
    return jsonify({"stage": stage.code, "name": stage.name, **body})


@bp.route("/questions/<int:question_id>/statistics", methods=["GET"])
@roles_required(*STATS_ROLES)
def api_question_statistics(question_id: int) -> Any:
    """The question's figures and flags in every stage it appeared in."""
    rows = services.question_stats(db.session, question_id, thresholds(), now=utcnow())
    if services.cache_written(db.session):
        db.session.commit()
    return jsonify(
        {
            "question_id": question_id,
            "stages": [
                {
                    "stage": stage.code,
                    "contest_id": stage.contest_id,
                    "name": stage.name,
                    **figures.as_dict(),
                    "flag_texts": [f.text(_) for f in figures.flags],
                }
                for stage, figures in rows
            ],
        }
    )


@bp.route("/questions/flagged", methods=["GET"])
@roles_required(*STATS_ROLES)
def api_flagged_questions() -> Any:
    """Every question flagged by its statistics in any stage, with the flags' codes."""
    flagged = services.flagged_question_ids(db.session, thresholds(), now=utcnow())
    if services.cache_written(db.session):
        db.session.commit()
    return jsonify({"questions": {str(q): codes for q, codes in sorted(flagged.items())}})
