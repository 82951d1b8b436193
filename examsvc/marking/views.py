"""Marking pages: the marker's home, the marking screen per question, the arbitrator's review
of final marks, the dashboard, and the admin's key corrections and regrade."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from examsvc.auth.access import roles_required, utcnow
from examsvc.bank.services import Actor
from examsvc.database import begin_write, write_intent
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.marking import bp, dashboard, marks, queue, regrade
from examsvc.models import Role, Stage

MARKERS = (Role.GRADER, Role.ARBITRATOR)
OVERSEERS = (Role.ADMIN, Role.ARBITRATOR)


def _stage(code: str) -> Stage:
    # imported here: the sitting package imports marking (grading at submission) at load time
    from examsvc.sitting.proctor import stage_by_code

    return stage_by_code(db.session, code)


def _question_arg(source: Any) -> int | None:
    raw = source.get("question", "")
    return int(raw) if str(raw).isdigit() else None


def _flash_problem(exc: ServiceError) -> None:
    details = "; ".join(p.text(_) for p in exc.problems)
    flash(_(exc.message) + (f" ({details})" if details else ""), "error")


@bp.route("/")
@roles_required(Role.GRADER, Role.ARBITRATOR, Role.ADMIN)
def marking_home() -> Any:
    """The stages with their theory-score status and, for a marker, the answers left for them
    per question."""
    stages = db.session.scalars(
        select(Stage).order_by(Stage.contest_id.desc(), Stage.ordinal)
    ).all()
    now = utcnow()
    rows = []
    for stage in stages:
        left: dict[int, int] = {}
        if current_user.role in MARKERS:
            left = queue.left_by_question(
                db.session, current_user.id, current_user.role, stage.id, now=now
            )
        rows.append(
            {
                "stage": stage,
                "theory": dashboard.theory_status(db.session, stage),
                "left": left,
                "labels": dashboard.question_labels(db.session, list(left)),
            }
        )
    # the stages with answers left for this marker first, then the latest stage first
    rows.sort(key=lambda r: (-sum(r["left"].values()), -r["stage"].ordinal))
    return render_template("marking/home.html", rows=rows)


@bp.route("/<stage_code>/mark")
@roles_required(*MARKERS)
def mark_next(stage_code: str) -> Any:
    """The marking screen: the next answer of the question (``?question=ID``) for the caller,
    claimed for them; a reload shows the same answer until it is marked."""
    stage = _stage(stage_code)
    question_id = _question_arg(request.args)
    begin_write(db.session)
    now = utcnow()
    task = queue.claim_next(
        db.session,
        current_user.id,
        current_user.role,
        stage,
        question_id=question_id,
        now=now,
        claim_minutes=current_app.config["MARKING_CLAIM_MINUTES"],
    )
    db.session.commit()
    view, left = None, 0
    # what is shown is read after the claim is committed: the write lock is held briefly
    with write_intent(False):
        shown_question = task.question_id if task else question_id
        if task is not None:
            view = queue.task_view(db.session, task)
            left = queue.left_for(
                db.session,
                current_user.id,
                current_user.role,
                stage.id,
                question_id=task.question_id,
                now=now,
            )
        labels = dashboard.question_labels(db.session, [shown_question] if shown_question else [])
        db.session.rollback()
    return render_template(
        "marking/mark.html",
        stage=stage,
        task=view,
        left=left,
        question_id=shown_question,
        label=labels.get(shown_question or 0, ""),
    )


@bp.route("/<stage_code>/tasks/<int:task_id>", methods=["POST"])
@roles_required(*MARKERS)
def submit_mark(stage_code: str, task_id: int) -> Any:
    """Record the mark from the marking screen's form, then show the next answer."""
    form = request.form
    question_id = _question_arg(form)
    try:
        if form.get("blank"):
            score, points, comment = "0", None, form.get("comment") or "blank"
        else:
            count = int(form.get("point_count") or 0)
            points = [form.get(f"p{i}") or "0" for i in range(count)] if count else None
            score, comment = (form.get("score") or None), form.get("comment", "")
        marks.record_mark(
            db.session,
            task_id,
            current_user.id,
            current_user.role,
            score,
            comment,
            point_scores=points,
            now=utcnow(),
        )
        db.session.commit()
        flash(_("Mark saved."), "success")
    except ServiceError as exc:
        db.session.rollback()
        _flash_problem(exc)
    except ValueError:
        db.session.rollback()
        flash(_("The form was not complete; please mark again."), "error")
    return redirect(url_for("marking.mark_next", stage_code=stage_code, question=question_id))


@bp.route("/<stage_code>/final")
@roles_required(Role.ARBITRATOR)
def final_marks(stage_code: str) -> Any:
    """The final marks of one question (``?question=ID``), blind, each with a re-mark form."""
    stage = _stage(stage_code)
    question_id = _question_arg(request.args)
    progress = dashboard.progress(db.session, stage)
    if question_id is None and progress:
        question_id = progress[0].question_id
    answers = dashboard.final_answers(db.session, stage, question_id) if question_id else []
    return render_template(
        "marking/final.html",
        stage=stage,
        questions=progress,
        question_id=question_id,
        answers=answers,
    )


@bp.route("/<stage_code>/remark/<int:task_id>", methods=["POST"])
@roles_required(Role.ARBITRATOR)
def remark(stage_code: str, task_id: int) -> Any:
    """Change a final mark, with a reason (audited)."""
    form = request.form
    try:
        old, new = marks.remark(
            db.session,
            task_id,
            current_user.id,
            form.get("score", ""),
            form.get("reason", ""),
            now=utcnow(),
        )
        db.session.commit()
        flash(_("Final mark changed from %(old)s to %(new)s.", old=old, new=new), "success")
    except ServiceError as exc:
        db.session.rollback()
        _flash_problem(exc)
    return redirect(
        url_for("marking.final_marks", stage_code=stage_code, question=_question_arg(form))
    )


@bp.route("/<stage_code>/dashboard")
@roles_required(*OVERSEERS)
def marking_dashboard(stage_code: str) -> Any:
    """Progress per question, graders against their co-markers, theory-score status."""
    stage = _stage(stage_code)
    question_id = _question_arg(request.args)
    return render_template(
        "marking/dashboard.html",
        stage=stage,
        theory=dashboard.theory_status(db.session, stage),
        questions=dashboard.progress(db.session, stage),
        graders=dashboard.graders(db.session, stage, question_id=question_id),
        question_id=question_id,
    )


@bp.route("/<stage_code>/regrade")
@roles_required(Role.ADMIN)
def regrade_page(stage_code: str) -> Any:
    """Key correction and the regrade dry run (``?question=ID`` to narrow)."""
    stage = _stage(stage_code)
    question_id = _question_arg(request.args)
    changes = regrade.regrade_preview(db.session, stage, question_id=question_id)
    return render_template(
        "marking/regrade.html",
        stage=stage,
        changes=changes,
        question_id=question_id,
        theory=dashboard.theory_status(db.session, stage),
    )


@bp.route("/<stage_code>/regrade", methods=["POST"])
@roles_required(Role.ADMIN)
def apply_regrade(stage_code: str) -> Any:
    """Apply the regrade the dry run showed (audited)."""
    stage = _stage(stage_code)
    question_id = _question_arg(request.form)
    changes = regrade.apply_regrade(
        db.session,
        stage,
        question_id=question_id,
        actor_id=current_user.id,
        now=utcnow(),
        reason=request.form.get("reason", ""),
    )
    db.session.commit()
    flash(_("%(n)s score(s) regraded.", n=len(changes)), "success")
    return redirect(url_for("marking.regrade_page", stage_code=stage.code, question=question_id))


@bp.route("/<stage_code>/key", methods=["POST"])
@roles_required(Role.ADMIN)
def correct_key(stage_code: str) -> Any:
    """Correct a question's key (a new active version); the regrade page then lists what a
    regrade would change."""
    form = request.form
    question_id = _question_arg(form)
    try:
        if question_id is None:
            raise ValueError
        version = regrade.correct_key(
            db.session,
            question_id,
            form.get("answer", ""),
            actor=Actor(current_user.id, current_user.role),
            now=utcnow(),
            reason=form.get("reason", ""),
        )
        db.session.commit()
        flash(
            _(
                "Question %(id)s: version %(n)s has the corrected key. Check the changes below, "
                "then apply the regrade.",
                id=question_id,
                n=version.number,
            ),
            "success",
        )
    except ServiceError as exc:
        db.session.rollback()
        _flash_problem(exc)
    except ValueError:
        flash(_("Give the question's id."), "error")
    return redirect(url_for("marking.regrade_page", stage_code=stage_code, question=question_id))


@bp.app_context_processor
def _marking_helpers() -> dict[str, Any]:
    """Names of where a final mark came from."""
    sources = {
        "marking": _("graders' mark"),
        "arbitration": _("arbitrator's mark"),
        "regrade": _("regraded"),
        "auto": _("graded automatically"),
    }
    return {"mark_source": lambda source: sources.get(source, source)}
