"""The proctor console: a live table per stage, and audited actions on attempts."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from examsvc.auth.access import roles_required, utcnow
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.models import Role, Stage
from examsvc.sitting import bp, proctor
from examsvc.sitting.web import apply_action, grace, sweep_stage

STAFF = (Role.PROCTOR, Role.ADMIN)


@bp.route("/proctor/")
@roles_required(*STAFF)
def proctor_stages() -> Any:
    """The stages to watch."""
    stages = db.session.scalars(
        select(Stage).order_by(Stage.contest_id.desc(), Stage.ordinal)
    ).all()
    return render_template("sitting/proctor_stages.html", stages=stages)


@bp.route("/proctor/<stage_code>")
@roles_required(*STAFF)
def proctor_console(stage_code: str) -> Any:
    """The live table of a stage (refreshes itself; works without script too)."""
    stage = proctor.stage_by_code(db.session, stage_code)
    sweep_stage(stage)
    rows = proctor.console(db.session, stage, now=utcnow(), grace=grace())
    rooms = sorted({row.room for row in rows if row.room})
    return render_template(
        "sitting/proctor.html", stage=stage, rows=rows, rooms=rooms, now=utcnow()
    )


@bp.route("/proctor/<stage_code>/action", methods=["POST"])
@roles_required(*STAFF)
def proctor_action(stage_code: str) -> Any:
    """Extend / release / force-submit / reopen from the console's forms."""
    stage = proctor.stage_by_code(db.session, stage_code)
    form = request.form
    try:
        apply_action(stage, form.get("action", ""), form.to_dict())
        db.session.commit()
        flash(_("Done."), "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
    return redirect(url_for("sitting.proctor_console", stage_code=stage.code))


@bp.app_context_processor
def _proctor_helpers() -> dict[str, Any]:
    """Names of statuses and signals for the console (page and script)."""
    statuses = {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "submitted": _("Submitted"),
    }
    signals = {
        "focus_lost": _("left the window"),
        "hidden": _("tab hidden"),
        "paste": _("pasted"),
        "ip_change": _("address changed"),
        "second_login": _("second login"),
        "session_blocked": _("blocked device"),
        "offline": _("offline"),
        "fullscreen_exit": _("left full screen"),
        "extended": _("extended"),
        "released": _("released"),
        "force_submitted": _("force-submitted"),
        "reopened": _("reopened"),
    }

    def proctor_strings() -> dict[str, Any]:
        return {
            "status": statuses,
            "signals": signals,
            "refreshed": _("refreshed"),
            "offline": _("cannot reach the server"),
        }

    return {
        "proctor_status": lambda s: statuses.get(s, s),
        "signal_name": lambda k: signals.get(k, k),
        "proctor_strings": proctor_strings,
    }
