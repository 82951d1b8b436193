"""The question editor: new and edit, with server-side validation next to each field, a
preview exactly as a contestant will see the question, image upload and optimistic locking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from examsvc.auth.access import roles_required
from examsvc.bank import bp, queries, services
from examsvc.bank.editing import Draft, draft_from_values, parse_type
from examsvc.bank.forms import DEFAULT_OPTIONS, MAX_RUBRIC_ROWS, QuestionForm, option_field
from examsvc.bank.services import check_question, content_of, render_content
from examsvc.bank.transfer import store_image
from examsvc.bank.views import AUTHOR_ROLES, current_actor, now, question_item
from examsvc.errors import ConflictError, InvalidInputError
from examsvc.extensions import db
from examsvc.models import Question
from questionbank.images import MAX_IMAGE_BYTES
from questionbank.model import OPTION_KEYS, QuestionStatus, QuestionType
from questionbank.problems import Problem
from questionbank.render import IMAGE_SCHEME

#: the fields a problem can be shown next to (anything else goes above the form)
FORM_KEYS = frozenset(
    {"type", "stem", "options", "answer", "rubric", "explanation", "difficulty", "source", "tags"}
    | {option_field(k) for k in OPTION_KEYS}
    | {"image"}
)
#: WTForms field names that stand for a canonical field
WTFORMS_KEYS = {
    "answer_single": "answer",
    "answer_multiple": "answer",
    "answer_truefalse": "answer",
    "answer_short": "answer",
}


def form_data(question: Question) -> dict[str, Any]:
    """The editor's initial data for a question's current version."""
    version = question.current_version
    assert version is not None
    content = content_of(version)
    answer = content.answer
    data: dict[str, Any] = {
        "type": content.type.value,
        "base_version": str(version.number),
        "option_count": str(len(content.options) or DEFAULT_OPTIONS),
        "stem": content.stem,
        "answer_single": answer if content.type is QuestionType.SINGLE else None,
        "answer_multiple": list(answer) if content.type is QuestionType.MULTIPLE else [],
        "answer_truefalse": (
            ("true" if answer else "false") if content.type is QuestionType.TRUEFALSE else None
        ),
        "answer_short": answer if content.type is QuestionType.SHORT else "",
        "rubric": [{"text": p.text, "share": _share_text(p.share)} for p in content.rubric],
        "explanation": content.explanation,
        "difficulty": str(content.difficulty),
        "source": content.source,
        "tags": ", ".join(question.tags),
    }
    for key, text in zip(OPTION_KEYS, content.options, strict=False):
        data[option_field(key)] = text
    return data


def _share_text(share: Decimal) -> str:
    return f"{share.normalize():f}"


def place_problems(errors: dict[str, list[str]], problems: list[Problem]) -> None:
    """File each problem's translated message under the field it belongs next to."""
    for problem in problems:
        key = problem.field if problem.field in FORM_KEYS else "_form"
        errors.setdefault(key, []).append(problem.text(_))


def form_errors(form: QuestionForm) -> dict[str, list[str]]:
    """WTForms' own errors (lengths, CSRF) filed like the domain's problems."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        if name == "csrf_token":
            errors.setdefault("_form", []).append(
                _("The form expired or was not sent by this site; reload the page and try again.")
            )
            continue
        key = WTFORMS_KEYS.get(name, name)
        flat = messages if isinstance(messages, list) else [str(messages)]
        errors.setdefault(key if key in FORM_KEYS else "_form", []).extend(
            m if isinstance(m, str) else str(m) for m in flat
        )
    return errors


def upload(form: QuestionForm, errors: dict[str, list[str]]) -> str | None:
    """Store the uploaded image; its Markdown reference, or None (with the reason in errors)."""
    file = form.image.data
    if file is None or not getattr(file, "filename", ""):
        errors.setdefault("image", []).append(_("Choose an image file first."))
        return None
    data = file.read(MAX_IMAGE_BYTES + 1)
    try:
        stored = store_image(db.session, data, actor_id=current_actor().id, now=now())
    except InvalidInputError as exc:
        db.session.rollback()
        place_problems(errors, [p.at(field="image") for p in exc.problems])
        return None
    db.session.commit()  # the image is kept even if the question is never saved
    return f"![]({IMAGE_SCHEME}{stored.digest})"


def render_editor(
    form: QuestionForm,
    question: Question | None,
    *,
    errors: dict[str, list[str]] | None = None,
    preview: dict[str, Any] | None = None,
    image_markdown: str | None = None,
    conflict: dict[str, Any] | None = None,
    rubric_rows: int | None = None,
    status: int = 200,
) -> Any:
    """The editor page."""
    rows = rubric_rows or form.visible_rubric_rows()
    form.prepare_rows(rows)
    form.option_count.data = str(form.visible_options())
    page = render_template(
        "bank/edit.html",
        form=form,
        question=question,
        qtype=form.qtype.value,
        errors=errors or {},
        preview=preview,
        image_markdown=image_markdown,
        conflict=conflict,
        visible_options=form.visible_options(),
        rubric_rows=rows,
        option_keys=OPTION_KEYS,
        known_tags=queries.known_tags(db.session),
    )
    return page, status


def _check(draft: Draft) -> list[Problem]:
    return draft.problems + check_question(draft.content, draft.tags)


def run_editor(form: QuestionForm, question: Question | None) -> Any:
    """Handle a POST of the editor: a button that re-renders, a preview, or a save."""
    errors = form_errors(form) if not form.validate() else {}
    pressed = form.pressed()
    draft = draft_from_values(form.values())
    if "_form" in errors and pressed != "save":
        return render_editor(form, question, errors=errors, status=400)
    if pressed == "add_option":
        form.option_count.data = str(min(len(OPTION_KEYS), form.visible_options() + 1))
        return render_editor(form, question, errors=errors)
    if pressed == "add_rubric_row":
        return render_editor(form, question, errors=errors, rubric_rows=_rows_plus_one(form))
    if pressed == "apply_type":
        return render_editor(form, question, errors=errors)
    if pressed == "upload_image":
        markdown = upload(form, errors)
        return render_editor(form, question, errors=errors, image_markdown=markdown)
    if pressed == "preview":
        place_problems(errors, _check(draft))
        item = question_item(draft.content.type, render_content(draft.content))
        return render_editor(form, question, errors=errors, preview=item)
    if not errors and draft.problems:
        place_problems(errors, _check(draft))
    if errors:
        return render_editor(form, question, errors=errors, status=422)
    return save(form, question, draft)


def _rows_plus_one(form: QuestionForm) -> int:
    return min(form.visible_rubric_rows() + 1, MAX_RUBRIC_ROWS)


def save(form: QuestionForm, question: Question | None, draft: Draft) -> Any:
    """Create or update the question; re-render with the problems or the conflict."""
    errors: dict[str, list[str]] = {}
    was_active = question is not None and question.status is QuestionStatus.ACTIVE
    try:
        if question is None:
            result = services.create_question(
                db.session, draft.content, draft.tags, actor=current_actor(), now=now()
            )
        else:
            base = form.base_version.data
            if not (base or "").isdigit():
                abort(400)
            result = services.update_question(
                db.session,
                question.id,
                draft.content,
                draft.tags,
                actor=current_actor(),
                now=now(),
                base_version=int(base),
            )
    except InvalidInputError as exc:
        db.session.rollback()
        place_problems(errors, exc.problems)
        return render_editor(form, question, errors=errors, status=422)
    except ConflictError:
        db.session.rollback()
        assert question is not None
        return _conflict(form, question)
    saved = result.question
    version = saved.current_version
    assert version is not None
    db.session.commit()
    if question is None:
        flash(_("Question %(id)s saved as a draft.", id=saved.id), "success")
    elif result.new_version:
        flash(_("Saved as version %(n)s.", n=version.number), "success")
        if was_active and saved.status is QuestionStatus.DRAFT:
            flash(_("The text changed, so the question is a draft again: submit it for review."))
    else:
        flash(_("The content is unchanged; the tags were saved."), "success")
    for problem in result.warnings:
        flash(problem.text(_), "warning")
    return redirect(url_for("bank.show_question", question_id=saved.id))


def _conflict(form: QuestionForm, question: Question) -> Any:
    """Someone else saved meanwhile (or the question was retired): keep the text, explain."""
    fresh = services.get_question(db.session, question.id)
    if fresh.status is QuestionStatus.RETIRED:
        flash(_("This question was retired meanwhile; restore it before editing."), "error")
        return redirect(url_for("bank.show_question", question_id=question.id))
    assert fresh.current_version is not None
    started = form.base_version.data
    current = fresh.current_version.number
    # the next save is a deliberate overwrite, after the person has seen what changed
    form.base_version.data = str(current)
    conflict = {"started": started, "current": current}
    return render_editor(form, fresh, conflict=conflict, status=409)


@bp.route("/bank/new", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def new_question() -> Any:
    """Write a new question (``?type=single|multiple|truefalse|short``)."""
    if request.method == "GET":
        qtype = parse_type(request.args.get("type")) or QuestionType.SINGLE
        form = QuestionForm(data={"type": qtype.value, "option_count": str(DEFAULT_OPTIONS)})
        return render_editor(form, None)
    return run_editor(QuestionForm(), None)


@bp.route("/bank/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*AUTHOR_ROLES)
def edit_question(question_id: int) -> Any:
    """Edit a question: saving changed content makes a new version."""
    question = services.get_question(db.session, question_id)
    if question.status is QuestionStatus.RETIRED:
        flash(_("This question is retired; restore it before editing."), "error")
        return redirect(url_for("bank.show_question", question_id=question_id))
    if request.method == "GET":
        return render_editor(QuestionForm(data=form_data(question)), question)
    return run_editor(QuestionForm(), question)
