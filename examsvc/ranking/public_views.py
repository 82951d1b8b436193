"""The public results page: the latest publication of a stage ranking, print-friendly, for
anyone. Nothing is shown before the first publication; later score changes reach this page
only through a new publication."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from sqlalchemy import select

from examsvc.auth.access import public
from examsvc.extensions import db
from examsvc.models import Contest, RankingPublication, Stage
from examsvc.ranking import bp
from examsvc.ranking.publication import latest_publication


def mask_name(name: str) -> str:
    """A name with all but its first character hidden: 张伟 → 张*, 欧阳娜娜 → 欧***."""
    return name[:1] + "*" * (len(name) - 1) if name else name


@bp.route("/results/")
@public
def results_index() -> Any:
    """Every stage with a published ranking."""
    published = db.session.execute(
        select(Stage, Contest)
        .join(Contest, Contest.id == Stage.contest_id)
        .where(
            select(RankingPublication.id).where(RankingPublication.stage_id == Stage.id).exists()
        )
        .order_by(Contest.id.desc(), Stage.ordinal)
    ).all()
    return render_template("ranking/results_index.html", published=published)


@bp.route("/results/<contest_code>/<stage_code>")
@public
def public_results(contest_code: str, stage_code: str) -> Any:
    """The latest published ranking of a stage (404 before the first publication)."""
    stage = db.session.scalar(
        select(Stage)
        .join(Contest, Contest.id == Stage.contest_id)
        .where(Contest.code == contest_code, Stage.code == stage_code)
    )
    found = latest_publication(db.session, stage) if stage is not None else None
    if found is None:
        abort(404)
    snapshot = found.snapshot
    rows = snapshot["rows"]
    if snapshot.get("names") != "full":
        rows = [{**row, "name": mask_name(row["name"])} for row in rows]
    return render_template(
        "ranking/results.html", stage=stage, publication=found, snapshot=snapshot, rows=rows
    )
