"""Import (upload → dry-run report → confirm) and export (the current filter as a file).

An upload is checked in full and nothing is written unless it is clean; a clean upload is kept
as a :class:`~examsvc.models.BankImport` under an unguessable token until its author confirms
it, which re-reads the same bytes and imports them all or nothing.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from io import BytesIO
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, update

from examsvc.auth.access import roles_required
from examsvc.bank import bp
from examsvc.bank.filters import filter_from_args
from examsvc.bank.forms import EXPORT_FORMATS, ConfirmImportForm, ImportForm
from examsvc.bank.transfer import ImportReport, export_questions, import_questions
from examsvc.bank.views import AUTHOR_ROLES, BANK_ROLES, current_actor, now
from examsvc.errors import InvalidInputError
from examsvc.extensions import db
from examsvc.models import BankImport, Role
from questionbank.io.formats import read_bank, write_bank
from questionbank.model import QuestionStatus
from questionbank.problems import Problem, ValidationError

#: export format → (file extension, MIME type)
EXPORT_FILES = {
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
    "zip": ("zip", "application/zip"),
    "gift": ("gift.txt", "text/plain; charset=utf-8"),
    "moodlexml": ("xml", "application/xml"),
}


def problem_data(problem: Problem) -> dict[str, Any]:
    """A problem as JSON-safe data, so a stored report can be shown again in any language."""
    return {
        "field": problem.field,
        "message": problem.message,
        "params": {
            k: v if isinstance(v, int | str) else str(v) for k, v in dict(problem.params).items()
        },
        "row": problem.row,
        "column": problem.column,
        "severity": problem.severity,
        "where": problem.where,
    }


def problem_from(data: dict[str, Any]) -> Problem:
    """The inverse of :func:`problem_data`."""
    return Problem(**data)


def stored_report(report: ImportReport) -> dict[str, Any]:
    """What a BankImport keeps of a report: the service's summary plus re-translatable items."""
    return {
        **report.as_dict(),
        "warning_items": [problem_data(p) for p in report.warnings],
        "unsupported_items": [problem_data(p) for p in report.unsupported],
    }


def _own_import(token: str) -> BankImport:
    """The upload with this token, if the current user made it (or is an administrator)."""
    found = db.session.scalar(select(BankImport).where(BankImport.token == token))
    if found is None or (current_user.role is not Role.ADMIN and found.actor_id != current_user.id):
        abort(404)  # someone else's upload is not even confirmed to exist
    return found


def _report_page(
    row: BankImport, *, problems: list[Problem] | None = None, status: int = 200
) -> Any:
    report = row.report or {}
    form = ConfirmImportForm(
        data={"token": row.token, "skip_unsupported": row.options.get("skip_unsupported", False)}
    )
    return (
        render_template(
            "bank/import_report.html",
            row=row,
            report=report,
            warnings=[problem_from(d) for d in report.get("warning_items", [])],
            unsupported=[problem_from(d) for d in report.get("unsupported_items", [])],
            problems=problems or [],
            form=form,
        ),
        status,
    )


@bp.route("/bank/import", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def import_bank() -> Any:
    """Upload a bank file: it is checked in full (a dry run) before anything is imported."""
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        if form.status.data == "active" and current_user.role is not Role.ADMIN:
            form.status.errors = [_("Only administrators may import questions as active.")]
            return render_template("bank/import.html", form=form), 403
        data = form.file.data.read()
        filename = (form.file.data.filename or "upload")[-255:]
        options = {"status": form.status.data, "skip_unsupported": bool(form.skip_unsupported.data)}
        result = read_bank(data, filename, form.format.data)
        try:
            report = import_questions(
                db.session,
                result,
                actor=current_actor(),
                now=now(),
                status=QuestionStatus(options["status"]),
                dry_run=True,
                skip_unsupported=options["skip_unsupported"],
            )
        except InvalidInputError as exc:
            db.session.rollback()
            return render_template(
                "bank/import_failed.html", filename=filename, problems=exc.problems, dry_run=True
            ), 422
        row = BankImport(
            token=secrets.token_urlsafe(32),
            filename=filename,
            format=result.format,
            data=data,
            state="pending",
            options=options,
            report=stored_report(report),
            actor_id=current_user.id,
            created_at=now(),
        )
        db.session.add(row)
        db.session.commit()
        return redirect(url_for("bank.import_report", token=row.token))
    if request.method == "POST":
        status = 400
    return render_template("bank/import.html", form=form), status


@bp.route("/bank/import/<token>")
@roles_required(*AUTHOR_ROLES)
def import_report(token: str) -> Any:
    """The dry-run report of an upload, with the button to import it."""
    return _report_page(_own_import(token))


@bp.route("/bank/import/<token>/confirm", methods=["POST"])
@roles_required(*AUTHOR_ROLES)
def confirm_import(token: str) -> Any:
    """Import a checked upload, all or nothing."""
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.token.data != token:
        abort(400)
    row = _own_import(token)
    # claim the upload first: of two confirmations at once only one gets past this update
    claimed = db.session.execute(
        update(BankImport)
        .where(BankImport.id == row.id, BankImport.state == "pending")
        .values(state="imported")
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        flash(_("This upload was already imported or discarded."), "error")
        return redirect(url_for("bank.import_report", token=token))
    skip = bool(form.skip_unsupported.data)
    result = read_bank(row.data or b"", row.filename, row.format)
    try:
        report = import_questions(
            db.session,
            result,
            actor=current_actor(),
            now=now(),
            status=QuestionStatus(row.options.get("status", "draft")),
            skip_unsupported=skip,
        )
    except InvalidInputError as exc:
        db.session.rollback()
        row = _own_import(token)
        return _report_page(row, problems=exc.problems, status=422)
    db.session.refresh(row)
    row.report = stored_report(report)
    row.options = {**row.options, "skip_unsupported": skip}
    row.finished_at = now()
    db.session.commit()
    flash(
        _(
            "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
        "success",
    )
    return redirect(url_for("bank.import_report", token=token))


@bp.route("/bank/import/<token>/discard", methods=["POST"])
@roles_required(*AUTHOR_ROLES)
def discard_import(token: str) -> Any:
    """Drop a checked upload that should not be imported."""
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.token.data != token:
        abort(400)
    row = _own_import(token)
    if row.state == "pending":
        row.state = "discarded"
        row.data = None
        row.finished_at = now()
        db.session.commit()
        flash(_("The upload was discarded; nothing was imported."), "success")
    return redirect(url_for("bank.import_bank"))


def export_filename(fmt: str, when: datetime) -> str:
    """The download's file name, e.g. ``question-bank-20250701-0900.xlsx``."""
    return f"question-bank-{when:%Y%m%d-%H%M}.{EXPORT_FILES[fmt][0]}"


@bp.route("/bank/export")
@roles_required(*BANK_ROLES)
def export_bank() -> Any:
    """The questions of the current filter as a file (``fmt`` = xlsx, csv, zip, gift, moodlexml)."""
    fmt = request.args.get("fmt", "xlsx")
    if fmt not in EXPORT_FORMATS:
        abort(400)
    from examsvc.analysis.web import with_flagged

    flt = with_flagged(filter_from_args(request.args))
    questions, images = export_questions(db.session, flt)
    try:
        data = write_bank(questions, fmt, images)
    except ValidationError as exc:  # (a ValueError too: caught first)
        raise InvalidInputError("the export failed", problems=exc.problems) from exc
    except ValueError as exc:  # the format's writer is not available in this build
        raise InvalidInputError(str(exc)) from exc
    return send_file(
        BytesIO(data),
        mimetype=EXPORT_FILES[fmt][1],
        as_attachment=True,
        download_name=export_filename(fmt, now()),
    )
