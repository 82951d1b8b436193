"""One question: as a contestant sees it plus the key, its versions, a diff between two
versions, its history, and the review actions (submit, approve, send back, retire, restore)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth.access import roles_required
from examsvc.bank import bp, labels, services
from examsvc.bank.diff import answer_text, version_diff
from examsvc.bank.forms import StatusForm
from examsvc.bank.services import TRANSITIONS, content_of, rendered
from examsvc.bank.views import (
    AUTHOR_ROLES,
    BANK_ROLES,
    current_actor,
    now,
    question_item,
    user_names,
)
from examsvc.errors import ConflictError, ForbiddenError, InvalidInputError, ServiceError
from examsvc.extensions import db
from examsvc.models import Question, QuestionVersion
from questionbank.model import QuestionStatus


def allowed_actions(question: Question) -> list[dict[str, Any]]:
    """The review actions the current user's role may take on the question now.

    Each is ``{"action", "label", "blocked"}``: ``blocked`` says why a reviewer may not
    approve (they wrote the current version); the service enforces it either way.
    """
    version = question.current_version
    actions = []
    for action, (sources, _target, roles) in TRANSITIONS.items():
        if question.status not in sources or current_user.role not in roles:
            continue
        blocked = ""
        if action == "approve" and version is not None and version.created_by_id == current_user.id:
            blocked = _("You wrote this version: another reviewer must approve it.")
        actions.append({"action": action, "label": labels.ACTION_NAMES[action], "blocked": blocked})
    return actions


def version_view(version: QuestionVersion) -> dict[str, Any]:
    """What a page shows of a version: the contestant's view, key, rubric, explanation."""
    content = content_of(version)
    return {
        "version": version,
        "content": content,
        "item": question_item(content.type, rendered(version)),
        "answer": answer_text(content),
    }


def render_question(question: Question, status: int = 200, form: StatusForm | None = None) -> Any:
    """The question page (``status`` ≠ 200 when a refused action is shown on it)."""
    events = services.history(db.session, question.id)
    versions = list(question.versions)
    names = user_names(
        [e.actor_id for e in events]
        + [v.created_by_id for v in versions]
        + [question.created_by_id]
    )
    assert question.current_version is not None
    page = render_template(
        "bank/question.html",
        question=question,
        current=version_view(question.current_version),
        versions=versions,
        events=events,
        names=names,
        actions=allowed_actions(question),
        event_names=labels.EVENT_NAMES,
        form=form or StatusForm(),
        status_refused=status != 200,
        can_edit=current_user.role in AUTHOR_ROLES
        and question.status is not QuestionStatus.RETIRED,
    )
    return page, status


@bp.route("/bank/<int:question_id>")
@roles_required(*BANK_ROLES)
def show_question(question_id: int) -> Any:
    """A question as a contestant sees it, with key, rubric, tags, versions and history."""
    return render_question(services.get_question(db.session, question_id))


@bp.route("/bank/<int:question_id>/versions/<int:number>")
@roles_required(*BANK_ROLES)
def show_version(question_id: int, number: int) -> Any:
    """One earlier (or the current) version of a question."""
    question = services.get_question(db.session, question_id)
    found = services.version(db.session, question_id, number)
    names = user_names([found.created_by_id])
    return render_template(
        "bank/version.html", question=question, shown=version_view(found), names=names
    )


def _version_arg(name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except ValueError:
        abort(400)


@bp.route("/bank/<int:question_id>/diff")
@roles_required(*BANK_ROLES)
def diff_versions(question_id: int) -> Any:
    """What changed between two versions (``?from=N&to=M``; default: previous → current)."""
    question = services.get_question(db.session, question_id)
    assert question.current_version is not None
    newest = question.current_version.number
    to_number = _version_arg("to", newest)
    from_number = _version_arg("from", max(1, to_number - 1))
    old = services.version(db.session, question_id, from_number)
    new = services.version(db.session, question_id, to_number)
    return render_template(
        "bank/diff.html",
        question=question,
        old=old,
        new=new,
        diffs=version_diff(content_of(old), content_of(new)),
        numbers=[v.number for v in question.versions],
        field_names=labels.FIELD_NAMES,
        names=user_names([old.created_by_id, new.created_by_id]),
    )


def _refusal(exc: ServiceError, action: str, question: Question) -> str:
    """What to tell a person when the service refuses an action (its messages are English)."""
    if isinstance(exc, ForbiddenError):
        if action == "approve" and current_user.role in TRANSITIONS["approve"][2]:
            return _("You cannot approve a version you wrote yourself; another reviewer must.")
        return _("Your role may not do this.")
    if isinstance(exc, ConflictError):
        return _(
            "The question is now “%(status)s”; “%(action)s” is not possible. Reload the page.",
            status=labels.status_name(question.status.value),
            action=labels.ACTION_NAMES.get(action, action),
        )
    if isinstance(exc, InvalidInputError) and action == "return":
        return _("Say what the author should change: sending back needs a comment.")
    return _(exc.message)


@bp.route("/bank/<int:question_id>/status", methods=["POST"])
@roles_required(*BANK_ROLES)
def change_status(question_id: int) -> Any:
    """Submit, approve, send back (with a comment), retire or restore a question."""
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    action = form.action.data
    try:
        services.change_status(
            db.session,
            question_id,
            action,
            actor=current_actor(),
            now=now(),
            comment=(form.comment.data or "").strip(),
        )
    except (ForbiddenError, ConflictError, InvalidInputError) as exc:
        db.session.rollback()
        question = services.get_question(db.session, question_id)
        flash(_refusal(exc, action, question), "error")
        return render_question(question, status=exc.status, form=form)
    db.session.commit()
    done = {
        "submit": _("Submitted for review."),
        "approve": _("Approved: the question can now be drawn onto papers."),
        "return": _("Sent back to the author with your comment."),
        "retire": _("Retired: the question will not be drawn onto new papers."),
        "restore": _("Restored as a draft."),
    }
    flash(done[action], "success")
    return redirect(url_for("bank.show_question", question_id=question_id))
