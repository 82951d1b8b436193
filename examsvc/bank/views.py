"""Bank pages: the list with facets and coverage, and the image store.

The question page, versions and review actions are in ``views_question``; the editor in
``views_edit``; import and export in ``views_transfer``. Helpers every bank page shares are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import abort, make_response, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from examsvc.auth.access import login_required_any, roles_required, utcnow
from examsvc.bank import bp, labels, queries
from examsvc.bank.filters import filter_args, filter_from_args, page_number
from examsvc.bank.services import Actor
from examsvc.extensions import db
from examsvc.models import Image, Role, User
from questionbank.model import OPTION_KEYS, QuestionStatus, QuestionType
from questionbank.render import plain_text

#: who may see the bank at all
BANK_ROLES = (Role.AUTHOR, Role.REVIEWER, Role.ADMIN)
#: who may write questions and import
AUTHOR_ROLES = (Role.AUTHOR, Role.ADMIN)
PER_PAGE = 30


# --------------------------------------------------------------------------- shared helpers


def current_actor() -> Actor:
    """The logged-in user as the services' actor."""
    return Actor(current_user.id, current_user.role)


def now() -> Any:
    """The request's clock (injectable in tests)."""
    return utcnow()


def question_item(qtype: QuestionType | str, html: dict[str, Any]) -> dict[str, Any]:
    """What ``_question.html`` renders: the type and the sanitized HTML of stem and options."""
    options = list(html.get("options") or [])
    return {
        "type": str(qtype),
        "stem_html": html.get("stem", ""),
        "options": [
            {"key": key, "html": text} for key, text in zip(OPTION_KEYS, options, strict=False)
        ],
    }


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of the given users (for histories and version lists)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return dict(rows.all())


def _status_badge(code: object) -> str:
    return labels.STATUS_BADGES.get(str(code), "")


def _difficulty_name(level: object) -> object:
    return labels.DIFFICULTY_NAMES.get(level, level)  # type: ignore[call-overload]


# names of types, statuses and difficulties for every template (imported macros included:
# the exam page renders _question.html too)
bp.add_app_template_global(labels.type_name, "type_name")
bp.add_app_template_global(labels.status_name, "status_name")
bp.add_app_template_global(_status_badge, "status_badge")
bp.add_app_template_global(_difficulty_name, "difficulty_name")
bp.add_app_template_global(lambda problem: problem.text(gettext), "problem_message")


# --------------------------------------------------------------------------- list


def _toggle(args: dict[str, Any], name: str, value: str) -> dict[str, Any]:
    """``args`` with ``value`` added to or removed from the list parameter ``name``."""
    values = list(args.get(name, []))
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    changed = {k: v for k, v in args.items() if k != name}
    if values:
        changed[name] = values
    return changed


def coverage(flt: queries.BankFilter) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Active questions per knowledge area (rows) and type (columns) within the filter's
    tags, difficulty and text: ``(areas, {area: {type: count}})``."""
    table: dict[str, dict[str, int]] = {}
    for qtype in QuestionType:
        scoped = queries.BankFilter(
            types=(qtype,),
            statuses=(QuestionStatus.ACTIVE,),
            tags=flt.tags,
            difficulty_min=flt.difficulty_min,
            difficulty_max=flt.difficulty_max,
            text=flt.text,
        )
        for area, n in queries.facet_counts(db.session, scoped).get("area", {}).items():
            table.setdefault(area, {})[qtype.value] = n
    return sorted(table), table


def render_list(title: str, flt: queries.BankFilter) -> Any:
    """The bank list page for a filter."""
    from examsvc.analysis.web import statistics_flags, with_flagged

    flagged = statistics_flags()
    flt = with_flagged(flt, flagged)
    page = queries.search(db.session, flt, page=page_number(request.args), per_page=PER_PAGE)
    args = filter_args(flt)
    areas, cover = coverage(flt)
    rows = [
        {
            "question": q,
            "stem": plain_text(q.current_version.stem if q.current_version else "", 90),
            "version": q.current_version.number if q.current_version else 0,
            "difficulty": q.current_version.difficulty if q.current_version else 3,
        }
        for q in page.items
    ]

    def toggle_url(name: str, value: str) -> str:
        return url_for("bank.list_questions", **_toggle(args, name, value))

    return render_template(
        "bank/list.html",
        title=title,
        flt=flt,
        args=args,
        page=page,
        rows=rows,
        facets=queries.facet_counts(db.session, flt),
        type_status=queries.type_status_counts(db.session, flt),
        areas=areas,
        cover=cover,
        toggle_url=toggle_url,
        page_url=lambda n: url_for("bank.list_questions", **args, page=n),
        export_url=lambda fmt: url_for("bank.export_bank", **args, fmt=fmt),
        known_tags=queries.known_tags(db.session),
        types=[t.value for t in QuestionType],
        statuses=[s.value for s in QuestionStatus],
        facet_names=labels.FACET_NAMES,
        can_author=current_user.role in AUTHOR_ROLES,
        flagged=flagged,
    )


@bp.route("/bank/")
@roles_required(*BANK_ROLES)
def list_questions() -> Any:
    """The bank: filters, facet counts, coverage, pages of questions."""
    from flask_babel import gettext as _

    return render_list(_("Question bank"), filter_from_args(request.args))


@bp.route("/bank/review")
@roles_required(*BANK_ROLES)
def review_queue() -> Any:
    """Questions waiting for review (the reviewer's work list)."""
    from flask_babel import gettext as _

    flt = filter_from_args(request.args)
    flt = queries.BankFilter(
        types=flt.types,
        statuses=(QuestionStatus.REVIEW,),
        tags=flt.tags,
        difficulty_min=flt.difficulty_min,
        difficulty_max=flt.difficulty_max,
        text=flt.text,
    )
    return render_list(_("Waiting for review"), flt)


# --------------------------------------------------------------------------- images


@bp.route("/images/<digest>")
@login_required_any
def image(digest: str) -> Any:
    """An image of the store, with its stored type and nosniff (never sniffed as HTML/SVG)."""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        abort(404)
    found = db.session.get(Image, digest)
    if found is None:
        abort(404)
    response = make_response(found.data)
    response.headers["Content-Type"] = found.mime
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    return response
