"""Roster pages (administrators): import with a dry run first, the contestants of a stage,
printable admission tickets, the credentials export and ID photos."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from examsvc.auth.access import roles_required, utcnow
from examsvc.contest.services import stage_by_code
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.models import Enrolment, Role
from examsvc.roster import bp, services
from examsvc.roster.forms import PhotoForm, UploadForm
from examsvc.roster.tickets import ticket_password
from examsvc.roster.web import (
    check_upload,
    current_stages,
    download,
    flash_error,
    import_confirmed,
    secret,
)
from examsvc.web.i18n import problem_text


@bp.route("/roster/")
@roles_required(Role.ADMIN)
def stages() -> Any:
    """Every stage with how many contestants are enrolled."""
    counts = dict(
        db.session.execute(
            select(Enrolment.stage_id, func.count()).group_by(Enrolment.stage_id)
        ).all()
    )
    return render_template("roster/stages.html", stages=current_stages(), counts=counts)


@bp.route("/roster/<stage_code>/")
@roles_required(Role.ADMIN)
def contestants(stage_code: str) -> Any:
    """The contestants of a stage with their tickets, places and photos."""
    stage = stage_by_code(db.session, stage_code)
    entries = services.stage_roster(db.session, stage)
    return render_template(
        "roster/contestants.html", stage=stage, entries=entries, photo_form=PhotoForm()
    )


@bp.route("/roster/<stage_code>/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_roster(stage_code: str) -> Any:
    """Upload a roster: the dry run shows every problem or who would be enrolled."""
    stage = stage_by_code(db.session, stage_code)
    form = UploadForm()
    report, confirm = check_upload(
        form,
        lambda data, filename: services.import_roster(
            db.session,
            stage,
            data,
            filename,
            secret=secret(),
            actor_id=current_user.id,
            now=utcnow(),
            dry_run=True,
        ),
        ready=lambda r: r.ok and bool(r.enrolled),
        command="examsvc roster import",
    )
    return render_template(
        "roster/import.html",
        stage=stage,
        form=form,
        report=report,
        confirm=confirm,
        problem_text=problem_text,
    )


@bp.route("/roster/<stage_code>/import/confirm", methods=["POST"])
@roles_required(Role.ADMIN)
def confirm_import(stage_code: str) -> Any:
    """Import the checked file (checked again: everyone or nobody)."""
    stage = stage_by_code(db.session, stage_code)
    report = import_confirmed(
        lambda data, filename: services.import_roster(
            db.session,
            stage,
            data,
            filename,
            secret=secret(),
            actor_id=current_user.id,
            now=utcnow(),
        )
    )
    if report is None:
        return redirect(url_for("roster.import_roster", stage_code=stage.code))
    flash(
        _(
            "%(n)s contestants enrolled; %(skipped)s were enrolled already.",
            n=len(report.enrolled),
            skipped=len(report.skipped),
        ),
        "success",
    )
    return redirect(url_for("roster.contestants", stage_code=stage.code))


@bp.route("/roster/<stage_code>/tickets")
@roles_required(Role.ADMIN)
def admission_tickets(stage_code: str) -> Any:
    """Printable admission tickets: every contestant's, or those named by ``?ticket=``."""
    stage = stage_by_code(db.session, stage_code)
    wanted = request.args.getlist("ticket") or None
    entries = services.stage_roster(db.session, stage, wanted)
    passwords = {e.enrolment.ticket: ticket_password(secret(), e.enrolment.ticket) for e in entries}
    return render_template(
        "roster/tickets.html",
        stage=stage,
        entries=entries,
        passwords=passwords,
        mask=services.mask_id_number,
        login_url=url_for("auth.login", _external=True),
    )


@bp.route("/roster/<stage_code>/credentials.csv")
@roles_required(Role.ADMIN)
def credentials_csv(stage_code: str) -> Any:
    """``ticket,name,password`` for every contestant of the stage (organisers only)."""
    stage = stage_by_code(db.session, stage_code)
    data = services.credentials_csv(services.credentials(db.session, stage, secret=secret()))
    return download(data, "text/csv", f"credentials-{stage.code}.csv")


@bp.route("/roster/<stage_code>/photo", methods=["POST"])
@roles_required(Role.ADMIN)
def upload_photo(stage_code: str) -> Any:
    """Store one contestant's ID photo (shown on the admission ticket)."""
    stage = stage_by_code(db.session, stage_code)
    form = PhotoForm()
    if not form.validate_on_submit():
        flash(_("Choose a photo first."), "error")
    else:
        try:
            services.set_photo(
                db.session,
                stage,
                form.ticket.data,
                form.photo.data.read(),
                actor_id=current_user.id,
                now=utcnow(),
            )
            db.session.commit()
            flash(_("Photo saved."), "success")
        except ServiceError as exc:
            flash_error(exc)
    return redirect(url_for("roster.contestants", stage_code=stage.code))
