"""Admin pages for a stage's papers: status, generation, verification, a paper as the contestant
sees it, and its answer key (admins only, never a contestant)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth.access import roles_required, utcnow
from examsvc.contest import bp, inspection, papers, services
from examsvc.errors import ServiceError
from examsvc.extensions import db
from examsvc.models import Role
from examsvc.sitting.services import paper_items
from questionbank.problems import ValidationError

PER_PAGE = 100


@bp.route("/stages/<code>/papers")
@roles_required(Role.ADMIN)
def list_papers(code: str) -> Any:
    """Generation status, the generate and verify buttons, and the stage's papers."""
    stage = services.stage_by_code(db.session, code)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows, total = inspection.paper_rows(db.session, stage, page=page, per_page=PER_PAGE)
    high, mean = papers.exposure(db.session, stage)
    return render_template(
        "contest/papers.html",
        stage=stage,
        status=papers.generation_status(db.session, stage),
        exposure={"max": high, "mean": mean},
        rows=rows,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        sample_id=inspection.first_paper_id(db.session, stage),
    )


def _flash_problems(problems: list[Any]) -> None:
    for problem in problems[:50]:
        flash(problem.located(_), "error")


@bp.route("/stages/<code>/papers/generate", methods=["POST"])
@roles_required(Role.ADMIN)
def generate_papers(code: str) -> Any:
    """Build the missing papers in this request, committing each batch (as the CLI does)."""
    stage = services.stage_by_code(db.session, code)
    seed_text = (request.form.get("seed") or "").strip()
    if seed_text and not seed_text.isdigit():
        flash(_("The seed must be a whole number."), "error")
        return redirect(url_for("contest.list_papers", code=code))
    done = 0
    try:
        plan = papers.prepare(
            db.session,
            stage,
            now=utcnow(),
            seed=int(seed_text) if seed_text else None,
            actor_id=current_user.id,
        )
        db.session.commit()
        for batch in plan.batches():
            done += papers.generate_batch(db.session, plan, batch, now=utcnow())
            db.session.commit()
    except ValidationError as exc:  # infeasible (AssemblyError) or an unreadable blueprint
        db.session.rollback()
        if done:
            flash(_("%(n)s papers were built before generation stopped.", n=done), "warning")
        flash(_("No paper was built: the bank cannot satisfy the blueprint."), "error")
        _flash_problems(exc.problems)
        return redirect(url_for("contest.list_papers", code=code))
    except ServiceError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(url_for("contest.list_papers", code=code))
    high, mean = papers.exposure(db.session, stage)
    flash(
        _(
            "%(n)s papers generated (stage seed %(seed)s); each question is used at most "
            "%(max)s times, %(mean)s on average.",
            n=done,
            seed=stage.paper_seed,
            max=high,
            mean=f"{mean:.1f}",
        ),
        "success",
    )
    return redirect(url_for("contest.list_papers", code=code))


@bp.route("/stages/<code>/papers/verify")
@roles_required(Role.ADMIN)
def verify_papers(code: str) -> Any:
    """Regenerate every paper from its recorded run and seed, and compare (read-only)."""
    stage = services.stage_by_code(db.session, code)
    return render_template(
        "contest/verify.html", stage=stage, result=inspection.verify_stage(db.session, stage)
    )


@bp.route("/stages/<code>/papers/<int:paper_id>")
@roles_required(Role.ADMIN)
def show_paper(code: str, paper_id: int) -> Any:
    """A paper exactly as its contestant sees it (the exam page's items, nothing more)."""
    stage = services.stage_by_code(db.session, code)
    paper, enrolment = inspection.stage_paper(db.session, stage, paper_id)
    sections: OrderedDict[int, list[Any]] = OrderedDict()
    for item in paper_items(db.session, paper.id):
        sections.setdefault(item.section_index, []).append(item)
    return render_template(
        "contest/paper.html",
        stage=stage,
        paper=paper,
        enrolment=enrolment,
        sections=sections,
        answers={},
    )


@bp.route("/stages/<code>/papers/<int:paper_id>/key")
@roles_required(Role.ADMIN)
def show_key(code: str, paper_id: int) -> Any:
    """The answer key of a paper: original questions, option order, keys, rubric, explanation."""
    stage = services.stage_by_code(db.session, code)
    paper, enrolment = inspection.stage_paper(db.session, stage, paper_id)
    return render_template(
        "contest/key.html",
        stage=stage,
        paper=paper,
        enrolment=enrolment,
        items=inspection.answer_key(db.session, paper),
    )
