"""Admin pages: the contest overview, loading and downloading the contest file, the stage form."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from examsvc.auth.access import roles_required, utcnow
from examsvc.contest import bp, editing, services
from examsvc.contest.forms import (
    ROUNDING_NAMES,
    ContestFileForm,
    StageForm,
    attach_problems,
    choices,
    stage_data,
)
from examsvc.contest.forms import stage_form_data as initial_data
from examsvc.contest.papers import generation_status
from examsvc.contest.spec import award_table, contest_spec
from examsvc.errors import ConflictError, InvalidInputError
from examsvc.extensions import db
from examsvc.models import Contest, Role, Stage
from examsvc.web.templating import type_title
from questionbank.award_rules import AppliesTo, AwardRule
from questionbank.blueprint import MAX_DIFFICULTY, MIN_DIFFICULTY, Section
from questionbank.contestfile import contest_to_toml, parse_contest
from questionbank.problems import Problem, ValidationError

#: a contest file is a few kilobytes; anything much larger is not one
MAX_FILE_BYTES = 1024 * 1024


@bp.context_processor
def _contest_helpers() -> dict[str, Any]:
    """Formatting for the contest pages: times in the contest's zone, shares, rules, problems."""
    return {
        "in_zone": in_zone,
        "percent": percent,
        "rounding_name": lambda code: str(ROUNDING_NAMES.get(code, code)),
        "award_name": award_name,
        "award_who": award_who,
        "problem_text": lambda p: p.text(_),
        "problem_where": problem_where,
        "describe_section": describe_section,
    }


def describe_section(section: Section) -> str:
    """``Single choice, any of area:x, difficulty 2–4`` in the interface language."""
    parts = [type_title(section.type)]
    if section.tags_any:
        parts.append(_("any of %(tags)s", tags=" ".join(section.tags_any)))
    if section.tags_all:
        parts.append(_("all of %(tags)s", tags=" ".join(section.tags_all)))
    low, high = section.difficulty
    if (low, high) != (MIN_DIFFICULTY, MAX_DIFFICULTY):
        parts.append(_("difficulty %(low)s–%(high)s", low=low, high=high))
    return _(", ").join(parts)


def in_zone(value: datetime | None, timezone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time in the contest's time zone."""
    return value.astimezone(ZoneInfo(timezone)).strftime(fmt) if value else ""


def percent(value: Decimal) -> str:
    """``0.3000`` → ``30%``."""
    return f"{(Decimal(value) * 100).normalize():f}%"


def award_name(rule: AwardRule) -> str:
    """The award's name in the interface language."""
    return rule.name_zh if str(get_locale()).startswith("zh") or not rule.name_en else rule.name_en


def award_who(rule: AwardRule) -> str:
    """Who an award rule applies to, in words."""
    if rule.applies_to is AppliesTo.FINAL_RANK:
        if rule.rank_from == rule.rank_to:
            return _("Final rank %(rank)s", rank=rule.rank_from)
        return _("Final ranks %(low)s–%(high)s", low=rule.rank_from, high=rule.rank_to)
    if rule.applies_to is AppliesTo.FINALIST:
        return _("Every finalist")
    if rule.applies_to is AppliesTo.SEMIFINALIST:
        return _("Every semifinalist")
    return _("Organisations with at least %(n)s registered contestants", n=rule.min_registrations)


def problem_where(problem: Problem) -> str:
    """Where a problem of a contest file is: its key path, else its line."""
    if problem.field:
        return problem.field
    return _("line %(n)s", n=problem.row) if problem.row is not None else ""


@bp.route("/")
@roles_required(Role.ADMIN)
def overview() -> Any:
    """The contest, its award table and its stages with their paper status."""
    contest = editing.latest_contest(db.session)
    return render_template(
        "contest/overview.html", contest=contest, form=ContestFileForm(), **_facts(contest)
    )


def _facts(contest: Contest | None) -> dict[str, Any]:
    if contest is None:
        return {"stages": [], "awards": [], "award_problems": []}
    stages = [{"stage": s, "status": generation_status(db.session, s)} for s in contest.stages]
    try:
        return {"stages": stages, "awards": award_table(contest), "award_problems": []}
    except ValidationError as exc:
        return {"stages": stages, "awards": [], "award_problems": exc.problems}


def _uploaded_text(form: ContestFileForm) -> str:
    """The contest file's text: the upload if any, else the pasted text.

    :raises InvalidInputError: nothing given, too large, or not UTF-8.
    """
    upload = form.file.data
    raw: bytes | str = upload.read(MAX_FILE_BYTES + 1) if upload else (form.text.data or "")
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInputError(_("The contest file is larger than 1 MB."))
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(_("The contest file must be UTF-8 text.")) from exc
    if not raw.strip():
        raise InvalidInputError(_("Choose a contest file or paste its text."))
    return raw


@bp.route("/load", methods=["POST"])
@roles_required(Role.ADMIN)
def load_file() -> Any:
    """Check a contest file and show what it would change; apply it on confirmation."""
    form = ContestFileForm()
    try:
        text = _uploaded_text(form)
    except InvalidInputError as exc:
        flash(exc.message, "error")
        return redirect(url_for("contest.overview"))
    context: dict[str, Any] = {"text": text, "form": form, "problems": [], "error": None}
    try:
        spec = parse_contest(text)
    except ValidationError as exc:
        context["problems"] = exc.problems
        return render_template("contest/load.html", **context), 422
    if request.form.get("action") == "apply":
        try:
            report = services.load_contest(
                db.session,
                spec,
                now=utcnow(),
                force=bool(form.discard_unstarted.data),
                actor_id=current_user.id,
            )
            db.session.commit()
        except ConflictError as exc:
            db.session.rollback()
            context["error"] = _(exc.message)
        else:
            flash(_("The contest file was loaded."), "success")
            context.update(report=report, applied=True)
            return render_template("contest/load.html", **context)
    try:
        context["preview"] = editing.preview_load(db.session, spec, now=utcnow())
    except ConflictError as exc:
        context["error"] = _(exc.message)
        context["blocked"] = True
    return render_template("contest/load.html", **context), 200 if not context["error"] else 409


@bp.route("/config.toml")
@roles_required(Role.ADMIN)
def download_config() -> Any:
    """The contest as configured now, as a contest file."""
    contest = services.contest_by_code(db.session)
    text = contest_to_toml(contest_spec(contest))
    response = make_response(text)
    response.headers["Content-Type"] = "application/toml; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{contest.code}.toml"'
    return response


# --------------------------------------------------------------------------- the stage form


def _exclusion_choices(form: StageForm, stage: Stage) -> None:
    """The earlier stages as checkboxes (plus any other code the stage holds, so that it shows
    and the rules can name it rather than it being dropped silently)."""
    earlier = {
        s.code: f"{s.name} ({s.code})" for s in stage.contest.stages if s.ordinal < stage.ordinal
    }
    extra = {c: c for c in form.exclude_used_in.data or [] if c not in earlier}
    form.exclude_used_in.choices = choices({**earlier, **extra})


def _stored_supply(stage: Stage) -> tuple[Any, list[Any]]:
    """The supply of the stored blueprint, or the problems that keep it from being read."""
    try:
        blueprint = services.blueprint_of(stage.blueprint)
    except ValidationError as exc:
        return None, exc.problems
    return editing.bank_supply(db.session, blueprint), []


def _edit_row(form: StageForm, action: str) -> bool:
    """Add or remove a section or quota row (the buttons that work without script)."""
    kind, _sep, number = action.partition(":")
    lists = {"section": form.sections, "quota": form.quotas}
    verb, _sep2, what = kind.partition("_")
    if what not in lists or verb not in ("add", "remove"):
        return False
    rows = lists[what]
    if verb == "add":
        rows.append_entry({"type": "single", "double_marking": True} if what == "section" else {})
    elif number.isdigit() and int(number) < len(rows.entries):
        del rows.entries[int(number)]
    return True


@bp.route("/stages/<code>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_stage(code: str) -> Any:
    """A stage's settings, sections and quotas, with the bank's supply next to them."""
    stage = services.stage_by_code(db.session, code)
    contest = stage.contest
    timezone = contest.timezone
    form = StageForm(data=initial_data(stage, timezone)) if request.method == "GET" else StageForm()
    _exclusion_choices(form, stage)
    supply, stored_problems = _stored_supply(stage)
    context: dict[str, Any] = {
        "stage": stage,
        "contest": contest,
        "form": form,
        "supply": supply,
        "supply_of_form": request.method == "GET",
        "stored_problems": stored_problems,
        "status": generation_status(db.session, stage),
        "general": [],
        "row_errors": {},
        "stake": None,
        "checked": False,
    }
    action = request.form.get("action", "check") if request.method == "POST" else ""
    if not action or _edit_row(form, action):
        return render_template("contest/stage.html", **context)

    data, unreadable = stage_data(form, stage.code, timezone)
    try:
        check = editing.check_stage(contest, stage, data)
    except InvalidInputError as exc:
        context["general"] = [_(exc.message)] + [p.located(_) for p in exc.problems]
        return render_template("contest/stage.html", **context), 422
    general, rows = attach_problems(form, check.problems, check.index, unreadable)
    if check.spec is None or unreadable:
        context.update(general=general, row_errors=rows)
        return render_template("contest/stage.html", **context), 422
    blueprint = check.spec.exam.blueprint
    stake = editing.papers_at_stake(db.session, stage, blueprint)
    if action == "save" and not (stake.any and not form.discard_unstarted.data):
        report = services.save_stage(
            db.session,
            stage,
            check.spec,
            now=utcnow(),
            force=bool(form.discard_unstarted.data),
            actor_id=current_user.id,
        )
        db.session.commit()
        if not report.stages_updated:
            flash(_("Nothing changed."), "success")
        elif report.papers_discarded:
            flash(
                _(
                    "Saved. %(n)s unstarted papers were discarded; generate them again.",
                    n=report.papers_discarded,
                ),
                "warning",
            )
        else:
            flash(_("Saved."), "success")
        return redirect(url_for("contest.edit_stage", code=stage.code))
    # "check" (or a save that needs the confirmation): the form's blueprint against the bank
    context.update(
        supply=editing.bank_supply(db.session, blueprint),
        supply_of_form=True,
        checked=action != "save",
        stake=stake if action == "save" else None,
    )
    return render_template("contest/stage.html", **context), 200 if action != "save" else 409
