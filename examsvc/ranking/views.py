"""Ranking pages: the ranking with its rules and pending items, skill-score imports, tie
orders (arbitrators), publication and advancement (administrators), exports and awards.

Tie orders are the arbitration group's decision (the notice's 仲裁组), so only arbitrators get
that form; administrators see the ties and wait for it (the CLI, run by the operators on the
server, can record an arbitrator's order with ``--by``).
"""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from examsvc.auth.access import roles_required, utcnow
from examsvc.contest.services import stage_by_code
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.models import Role, Stage
from examsvc.ranking import advancement, bp, exports, publication, skills, ties
from examsvc.ranking.awards import stage_awards
from examsvc.ranking.forms import AdvanceForm, PublishForm, TieForm
from examsvc.ranking.services import stage_ranking
from examsvc.roster.forms import UploadForm
from examsvc.roster.services import stage_roster
from examsvc.roster.web import (
    check_upload,
    current_stages,
    download,
    flash_error,
    import_confirmed,
    secret,
)
from examsvc.sitting.web import sweep_stage
from examsvc.web.i18n import problem_text
from examsvc.web.templating import when
from questionbank.io.skills import skills_template

VIEWERS = (Role.ADMIN, Role.ARBITRATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stage(code: str) -> Stage:
    """The stage, with overdue attempts finalized first (they count as submitted)."""
    stage = stage_by_code(db.session, code)
    sweep_stage(stage)
    return stage


@bp.route("/ranking/")
@roles_required(*VIEWERS)
def stages() -> Any:
    """The stages, each with a link to its ranking."""
    rows = current_stages()
    latest = {s.id: publication.latest_publication(db.session, s) for s in rows}
    return render_template("ranking/stages.html", stages=rows, latest=latest)


@bp.route("/ranking/<stage_code>/")
@roles_required(*VIEWERS)
def stage_ranking_page(stage_code: str) -> Any:
    """The live ranking: the rules in force, pending items, the table and the actions."""
    stage = _stage(stage_code)
    ranked = stage_ranking(db.session, stage)
    following = db.session.scalar(
        select(Stage).where(
            Stage.contest_id == stage.contest_id, Stage.ordinal == stage.ordinal + 1
        )
    )
    history = publication.publications(db.session, stage)
    live_digest = publication.build_snapshot(ranked, number=0, names="", now=utcnow(), actor=None)
    return render_template(
        "ranking/stage.html",
        stage=stage,
        ranked=ranked,
        rows=ranked.rows(),
        blocks=ranked.blocks(),
        following=following,
        history=history,
        changed=bool(history) and history[0].snapshot["digest"] != live_digest["digest"],
        publish_form=PublishForm(),
        advance_form=AdvanceForm(),
        problem_text=problem_text,
        is_last=following is None,
    )


@bp.route("/ranking/<stage_code>/skills", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_skills(stage_code: str) -> Any:
    """Upload the judges' skill scores: the dry run first, then the import."""
    stage = stage_by_code(db.session, stage_code)
    form = UploadForm()
    report, confirm = check_upload(
        form,
        lambda data, filename: skills.import_skills_file(
            db.session,
            stage,
            data,
            filename,
            actor_id=current_user.id,
            now=utcnow(),
            dry_run=True,
        ),
        ready=lambda r: r.ok,
        command="examsvc skills import",
    )
    return render_template(
        "ranking/skills.html",
        stage=stage,
        form=form,
        report=report,
        confirm=confirm,
        problem_text=problem_text,
    )


@bp.route("/ranking/<stage_code>/skills/confirm", methods=["POST"])
@roles_required(Role.ADMIN)
def confirm_skills(stage_code: str) -> Any:
    """Record the checked scores (checked again: all or nothing)."""
    stage = stage_by_code(db.session, stage_code)
    report = import_confirmed(
        lambda data, filename: skills.import_skills_file(
            db.session, stage, data, filename, actor_id=current_user.id, now=utcnow()
        )
    )
    if report is None:
        return redirect(url_for("ranking.import_skills", stage_code=stage.code))
    flash(
        _(
            "%(n)s skill scores recorded (%(same)s unchanged).",
            n=report.changed,
            same=report.unchanged,
        ),
        "success",
    )
    return redirect(url_for("ranking.stage_ranking_page", stage_code=stage.code))


@bp.route("/ranking/<stage_code>/skills-sheet.xlsx")
@roles_required(Role.ADMIN)
def skills_sheet(stage_code: str) -> Any:
    """A sheet for the judges: every ticket and name, the score to fill in."""
    stage = stage_by_code(db.session, stage_code)
    people = [(e.enrolment.ticket, e.contestant.name) for e in stage_roster(db.session, stage)]
    return download(skills_template("xlsx", people), XLSX, f"skills-{stage.code}.xlsx")


@bp.route("/ranking/<stage_code>/ties", methods=["POST"])
@roles_required(Role.ARBITRATOR)
def resolve_tie(stage_code: str) -> Any:
    """Record the arbitration group's order of a tie group, with the reason."""
    stage = stage_by_code(db.session, stage_code)
    form = TieForm()
    if not form.validate_on_submit():
        flash(_("Give the order and the reason."), "error")
    else:
        tickets = [t.strip() for t in form.order.data.replace("，", ",").split(",")]
        try:
            ties.resolve_tie(
                db.session, stage, tickets, form.reason.data, actor_id=current_user.id, now=utcnow()
            )
            db.session.commit()
            flash(_("The order is recorded."), "success")
        except ServiceError as exc:
            flash_error(exc)
    return redirect(url_for("ranking.stage_ranking_page", stage_code=stage.code))


@bp.route("/ranking/<stage_code>/publish", methods=["POST"])
@roles_required(Role.ADMIN)
def publish(stage_code: str) -> Any:
    """Publish the ranking (a frozen snapshot; the public page shows the latest)."""
    stage = _stage(stage_code)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        found = publication.publish(
            db.session,
            stage,
            names=form.names.data,
            note=form.note.data or "",
            actor_id=current_user.id,
            now=utcnow(),
        )
        db.session.commit()
        flash(_("Published as publication no. %(n)s.", n=found.number), "success")
    except ServiceError as exc:
        flash_error(exc)
    return redirect(url_for("ranking.stage_ranking_page", stage_code=stage.code))


@bp.route("/ranking/<stage_code>/advance", methods=["POST"])
@roles_required(Role.ADMIN)
def advance(stage_code: str) -> Any:
    """Enrol the advancers into the next stage."""
    stage = _stage(stage_code)
    if not AdvanceForm().validate_on_submit():
        abort(400)
    try:
        report = advancement.advance(
            db.session, stage, secret=secret(), actor_id=current_user.id, now=utcnow()
        )
        db.session.commit()
        flash(
            _(
                "%(n)s contestants enrolled in the next stage; %(already)s were enrolled already.",
                n=len(report.enrolled),
                already=len(report.already),
            ),
            "success",
        )
        if report.no_longer:
            flash(
                _(
                    "Enrolled earlier but no longer advancing: %(tickets)s",
                    tickets=", ".join(report.no_longer),
                ),
                "warning",
            )
    except ServiceError as exc:
        flash_error(exc)
    return redirect(url_for("ranking.stage_ranking_page", stage_code=stage.code))


@bp.route("/ranking/<stage_code>/export.<fmt>")
@roles_required(*VIEWERS)
def export(stage_code: str, fmt: str) -> Any:
    """The live ranking as a workbook (ranking, rules, audit trail), csv or json."""
    if fmt not in ("xlsx", "csv", "json"):
        abort(404)
    stage = _stage(stage_code)
    ranked = stage_ranking(db.session, stage)
    name = f"ranking-{stage.contest.code}-{stage.code}.{fmt}"
    if fmt == "xlsx":
        return download(exports.ranking_workbook(db.session, ranked, when), XLSX, name)
    if fmt == "csv":
        return download(exports.ranking_csv(ranked), "text/csv", name)
    body = json.dumps(exports.ranking_json(ranked), ensure_ascii=False, indent=2)
    return download(body.encode("utf-8"), "application/json", name)


@bp.route("/ranking/<stage_code>/awards")
@roles_required(Role.ADMIN)
def awards(stage_code: str) -> Any:
    """Who receives what and why, with the money per award."""
    stage = _stage(stage_code)
    try:
        report = stage_awards(db.session, stage)
    except ServiceError as exc:
        flash_error(exc)
        return redirect(url_for("ranking.stage_ranking_page", stage_code=stage.code))
    return render_template("ranking/awards.html", stage=stage, report=report, translate=_)


@bp.route("/ranking/<stage_code>/awards.xlsx")
@roles_required(Role.ADMIN)
def awards_export(stage_code: str) -> Any:
    """The awards workbook for the finance office."""
    stage = _stage(stage_code)
    report = stage_awards(db.session, stage)
    data = exports.awards_workbook(report, _)
    return download(data, XLSX, f"awards-{stage.contest.code}.xlsx")


@bp.app_context_processor
def _ranking_helpers() -> dict[str, Any]:
    """Names of the ranking flags and of enrolment sources, in the current language."""
    flags = {
        "theory_absent": _("theory absent"),
        "skill_absent": _("skills absent"),
        "absent": _("absent"),
        "theory_pending": _("theory not marked yet"),
        "tie_unresolved": _("tie: waits for the arbitrators"),
        "tie_resolved": _("tie: ordered by the arbitrators"),
    }
    sources = {
        "roster": _("roster import"),
        "registration": _("online registration"),
        "advance": _("advanced"),
    }
    return {
        "flag_name": lambda f: flags.get(f, f),
        "enrolment_source": lambda s: sources.get(s, s),
        "problem_message": lambda p: p.text(_),
    }
