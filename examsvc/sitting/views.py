"""Contestant pages: my exams, the rules before starting, the exam, and the submitted page."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth.access import roles_required, utcnow
from examsvc.database import begin_write
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.models import AttemptStatus, Paper, Role
from examsvc.sitting import bp, services
from examsvc.sitting.web import check_venue, current_session_id, grace

TYPE_TITLES = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "truefalse": "True or false",
    "short": "Short answer",
}


@bp.route("/exam/")
@roles_required(Role.CONTESTANT)
def my_exams() -> Any:
    """The contestant's exams with their window and status."""
    now = utcnow()
    rows = [
        {
            "enrolment": enrolment,
            "stage": stage,
            "attempt": attempt,
            "status": services.exam_status(stage, attempt, now, grace()),
        }
        for enrolment, stage, attempt in services.enrolments_of(db.session, current_user.id)
    ]
    return render_template("sitting/my_exams.html", rows=rows)


@bp.route("/exam/<stage_code>/")
@roles_required(Role.CONTESTANT)
def exam_rules(stage_code: str) -> Any:
    """The rules of the exam before starting: duration, questions per type, scoring."""
    try:
        enrolment, stage = services.enrolment_for_stage(db.session, current_user.id, stage_code)
    except ServiceError:
        abort(404)
    from sqlalchemy import select

    from examsvc.models import Attempt

    attempt = db.session.scalar(select(Attempt).where(Attempt.enrolment_id == enrolment.id))
    paper = db.session.scalar(select(Paper).where(Paper.enrolment_id == enrolment.id))
    summary = services.paper_sections(db.session, paper.id) if paper else []
    status = services.exam_status(stage, attempt, utcnow(), grace())
    return render_template(
        "sitting/rules.html",
        stage=stage,
        enrolment=enrolment,
        attempt=attempt,
        paper=paper,
        summary=summary,
        status=status,
    )


@bp.route("/exam/<stage_code>/start", methods=["POST"])
@roles_required(Role.CONTESTANT)
def start_exam(stage_code: str) -> Any:
    """Start (or resume) the attempt and open the exam page."""
    check_venue()
    try:
        attempt = services.start_attempt(
            db.session,
            current_user.id,
            stage_code,
            now=utcnow(),
            user_session_id=current_session_id(),
            grace=grace(),
        )
        db.session.commit()
    except services.ExamNotOpenError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(url_for("sitting.exam_rules", stage_code=stage_code))
    return redirect(url_for("sitting.exam_page", attempt_id=attempt.id))


@bp.route("/exam/attempt/<int:attempt_id>")
@roles_required(Role.CONTESTANT)
def exam_page(attempt_id: int) -> Any:
    """The exam: every item, the countdown, autosave (static/js/exam.js)."""
    check_venue()
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    now = utcnow()
    if attempt.session_id != current_session_id() or services.is_overdue(attempt, now, grace()):
        begin_write(db.session)
        attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
        services.bind_session(db.session, attempt, current_session_id(), now=now)
        services.finalize_if_overdue(db.session, attempt, now=now, grace=grace())
        db.session.commit()
    if attempt.status is AttemptStatus.SUBMITTED:
        return redirect(url_for("sitting.exam_done", attempt_id=attempt.id))
    from examsvc.models import Stage

    stage = db.session.get(Stage, attempt.stage_id)
    items = services.paper_items(db.session, attempt.paper_id)
    answers = services.shown_answers(db.session, attempt.id, attempt.paper_id)
    sections: OrderedDict[int, list[services.ItemView]] = OrderedDict()
    for item in items:
        sections.setdefault(item.section_index, []).append(item)
    return render_template(
        "sitting/exam.html",
        attempt=attempt,
        stage=stage,
        sections=sections,
        answers=answers,
        now=now,
        client_config={
            "attemptId": attempt.id,
            "deadline": attempt.deadline.isoformat(),
            "serverTime": now.isoformat(),
            "api": url_for("api.my_exams").rsplit("/me/exams", 1)[0],
            "doneUrl": url_for("sitting.exam_done", attempt_id=attempt.id),
            "seqs": {str(no): a["seq"] for no, a in answers.items()},
            "items": [{"no": i.no, "type": i.type} for i in items],
        },
    )


@bp.route("/exam/attempt/<int:attempt_id>/submit", methods=["POST"])
@roles_required(Role.CONTESTANT)
def submit_exam(attempt_id: int) -> Any:
    """Submit from the page (the form behind the confirmation dialog)."""
    check_venue()
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    services.bind_session(db.session, attempt, current_session_id(), now=utcnow())
    services.submit_attempt(db.session, attempt, now=utcnow(), grace=grace(), by="contestant")
    db.session.commit()
    return redirect(url_for("sitting.exam_done", attempt_id=attempt.id))


@bp.route("/exam/attempt/<int:attempt_id>/done")
@roles_required(Role.CONTESTANT)
def exam_done(attempt_id: int) -> Any:
    """The submitted page: when, and no way back into the paper."""
    attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
    now = utcnow()
    if services.is_overdue(attempt, now, grace()):
        begin_write(db.session)
        attempt = services.owned_attempt(db.session, attempt_id, current_user.id)
        services.finalize_if_overdue(db.session, attempt, now=now, grace=grace())
        db.session.commit()
    if attempt.status is not AttemptStatus.SUBMITTED:
        return redirect(url_for("sitting.exam_page", attempt_id=attempt.id))
    answers = services.shown_answers(db.session, attempt.id, attempt.paper_id)
    answered = sum(1 for a in answers.values() if a["value"] not in (None, "", []))
    return render_template("sitting/done.html", attempt=attempt, answered=answered)


CHINESE_NUMERALS = "一二三四五六七八九十"


@bp.app_context_processor
def _exam_helpers() -> dict[str, Any]:
    """Section headings and the exam page's interface strings (translated)."""
    from examsvc.web.templating import points, type_title

    def section_heading(n: int, qtype: str, count: int, each: Any) -> str:
        numeral = CHINESE_NUMERALS[n - 1] if n <= len(CHINESE_NUMERALS) else str(n)
        return _(
            "%(numeral)s. %(type)s (%(count)s questions, %(points)s points each)",
            numeral=numeral,
            type=type_title(qtype),
            count=count,
            points=points(each),
        )

    def exam_strings() -> dict[str, str]:
        return {
            "saving": _("saving…"),
            "saved": _("saved ✓"),
            "failed": _("not saved — retrying"),
            "overallSaved": _("All answers saved ✓"),
            "overallSaving": _("Saving…"),
            "overallFailed": _("%(n)s answers not saved yet — retrying"),
            "minutesLeft": _("%(n)s minutes left."),
            "timeUp": _("Time is up: submitting your paper…"),
            "extended": _("Your time has been extended."),
            "locked": _("This exam is open on another computer. Ask a proctor."),
            "offline": _(
                "The network is down. Keep answering: your answers are kept and will be sent."
            ),
            "online": _("The network is back; sending your answers."),
            "summary": _(
                "Answered: %(answered)s · unanswered: %(unanswered)s · flagged: %(flagged)s"
            ),
            "submitFailed": _("The paper could not be submitted. Check the network and try again."),
        }

    return {"section_heading": section_heading, "exam_strings": exam_strings}
