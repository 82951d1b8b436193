"""The public registration form, the group registration template, and the administrators'
approval queue."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth.access import public, roles_required, utcnow
from examsvc.contest.services import contest_by_code
from examsvc.errors import InvalidInputError, ServiceError
from examsvc.extensions import db
from examsvc.models import Role
from examsvc.roster import bp
from examsvc.roster import registration as reg
from examsvc.roster.forms import DecisionForm, RegistrationForm
from examsvc.roster.web import download, flash_error, secret
from examsvc.web.i18n import problem_text
from questionbank.eligibility import PersonForm
from questionbank.io.roster import roster_template

TEMPLATE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


@bp.route("/register/")
@public
def register_latest() -> Any:
    """The registration form of the current contest."""
    contest = contest_by_code(db.session)
    return redirect(url_for("roster.register", contest_code=contest.code))


@bp.route("/register/<contest_code>", methods=["GET", "POST"])
@public
def register(contest_code: str) -> Any:
    """Individual registration, open during the registration period only."""
    contest = contest_by_code(db.session, contest_code)
    window = reg.registration_window(contest, utcnow())
    form = RegistrationForm()
    status = 200
    if window is reg.Window.OPEN and form.validate_on_submit():
        person = PersonForm(
            **{name: getattr(form, name).data or "" for name in PersonForm.__dataclass_fields__}
        )
        try:
            reg.submit_registration(db.session, contest, person, now=utcnow())
            db.session.commit()
            return render_template("roster/registered.html", contest=contest, name=person.name)
        except InvalidInputError as exc:
            db.session.rollback()
            for problem in exc.problems:
                field = getattr(form, problem.field, None)
                if field is not None:
                    field.errors = [*field.errors, problem.text(_)]
                else:
                    flash(problem_text(problem), "error")
            status = 422
        except ServiceError as exc:
            db.session.rollback()
            flash(_(exc.message), "error")
            status = exc.status
    elif form.is_submitted():
        status = 422 if window is reg.Window.OPEN else 409
    return render_template(
        "roster/register.html", contest=contest, form=form, window=window.value
    ), status


@bp.route("/register/template.<fmt>")
@public
def roster_template_file(fmt: str) -> Any:
    """The group registration template (the roster format) as xlsx or csv."""
    if fmt not in TEMPLATE_TYPES:
        abort(404)
    return download(roster_template(fmt), TEMPLATE_TYPES[fmt], f"roster-template.{fmt}")


@bp.route("/roster/registrations/")
@roles_required(Role.ADMIN)
def registrations() -> Any:
    """The pending registrations of the current contest, re-checked against today's rules."""
    contest = contest_by_code(db.session)
    items = reg.pending_registrations(db.session, contest, now=utcnow())
    return render_template(
        "roster/registrations.html",
        contest=contest,
        items=items,
        form=DecisionForm(),
        problem_text=problem_text,
        window=reg.registration_window(contest, utcnow()).value,
    )


@bp.route("/roster/registrations/<int:registration_id>", methods=["POST"])
@roles_required(Role.ADMIN)
def decide_registration(registration_id: int) -> Any:
    """Approve (enrol in the first stage) or reject (with a reason) one registration."""
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if form.approve.data:
            credential = reg.approve_registration(
                db.session, registration_id, secret=secret(), actor_id=current_user.id,
                now=utcnow(),
            )  # fmt: skip
            message = _(
                "%(name)s is enrolled with admission ticket %(ticket)s.",
                name=credential.name,
                ticket=credential.ticket,
            )
        else:
            reg.reject_registration(
                db.session, registration_id, form.note.data or "", actor_id=current_user.id,
                now=utcnow(),
            )  # fmt: skip
            message = _("The registration was rejected.")
        db.session.commit()
        flash(message, "success")
    except ServiceError as exc:
        flash_error(exc)
    return redirect(url_for("roster.registrations"))
