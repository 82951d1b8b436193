"""``/questions``, ``/images``: the question bank through the JSON API.

Same rules as the pages: authors, reviewers and administrators read; authors and
administrators write; review actions are checked by the service per role. Answers have the
shape of the attempt API (``"B"``, ``["A","C"]``, ``true``, text); rubric shares are decimal
strings (numbers are accepted). Invalid content answers 422 with ``problems`` (field +
message) in the error body; a stale ``base_version`` answers 409.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from examsvc.analysis.web import with_flagged
from examsvc.api import bp
from examsvc.api.common import BadRequestError, json_body
from examsvc.auth.access import roles_required, utcnow
from examsvc.bank import queries, services
from examsvc.bank.editing import draft_from_values
from examsvc.bank.filters import filter_from_args, page_number
from examsvc.bank.services import Actor, check_question, content_of, rendered
from examsvc.bank.transfer import store_image
from examsvc.errors import InvalidInputError
from examsvc.extensions import db
from examsvc.models import Question, QuestionVersion, Role
from questionbank.images import MAX_IMAGE_BYTES
from questionbank.model import answer_to_json, rubric_to_json
from questionbank.render import IMAGE_SCHEME, plain_text

READERS = (Role.AUTHOR, Role.REVIEWER, Role.ADMIN)
WRITERS = (Role.AUTHOR, Role.ADMIN)
CONTENT_KEYS = (
    "type",
    "stem",
    "options",
    "answer",
    "rubric",
    "explanation",
    "difficulty",
    "source",
    "tags",
)


def _actor() -> Actor:
    from flask_login import current_user

    return Actor(current_user.id, current_user.role)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def version_json(version: QuestionVersion) -> dict[str, Any]:
    """A version's full content, as stored and as a contestant sees it (``html``)."""
    content = content_of(version)
    html = rendered(version)
    return {
        "number": version.number,
        "type": content.type.value,
        "stem": content.stem,
        "options": list(content.options),
        "answer": answer_to_json(content.type, content.answer),
        "rubric": rubric_to_json(content.rubric),
        "explanation": content.explanation,
        "difficulty": content.difficulty,
        "source": content.source,
        "html": {"stem": html.get("stem", ""), "options": list(html.get("options") or [])},
        "created_at": _iso(version.created_at),
        "created_by": version.created_by_id,
        "note": version.note,
    }


def summary_json(question: Question) -> dict[str, Any]:
    """A question in a list: ids, type, status, tags, plain stem text and version."""
    version = question.current_version
    return {
        "id": question.id,
        "type": question.type.value,
        "status": question.status.value,
        "tags": question.tags,
        "stem_text": plain_text(version.stem if version else "", 200),
        "version": version.number if version else None,
        "difficulty": version.difficulty if version else None,
        "updated_at": _iso(question.updated_at),
    }


def question_json(question: Question) -> dict[str, Any]:
    """A question in full (staff only): summary plus the current version's content."""
    assert question.current_version is not None
    return {**summary_json(question), "current": version_json(question.current_version)}


def _draft(body: dict[str, Any]) -> Any:
    """The draft of a body, refused with every problem if it cannot be a valid question."""
    draft = draft_from_values(body)
    problems = draft.problems + check_question(draft.content, draft.tags)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInputError("the question is not valid", problems=errors)
    return draft


def _warnings(problems: list[Any]) -> list[dict[str, Any]]:
    from flask_babel import gettext

    return [{"field": p.field, "message": p.text(gettext)} for p in problems]


@bp.route("/questions", methods=["GET"])
@roles_required(*READERS)
def api_list_questions() -> Any:
    """Questions matching ``type``, ``status``, ``tag`` (repeatable), ``dmin``, ``dmax``, ``q``,
    ``flagged`` (``1``: flagged by the results statistics); ``page`` and ``per_page`` (≤ 200)."""
    try:
        per_page = max(1, min(int(request.args.get("per_page", 50)), 200))
    except ValueError as exc:
        raise BadRequestError("per_page must be a number") from exc
    page = queries.search(
        db.session,
        with_flagged(filter_from_args(request.args)),
        page=page_number(request.args),
        per_page=per_page,
    )
    return jsonify(
        {
            "items": [summary_json(q) for q in page.items],
            "total": page.total,
            "page": page.page,
            "pages": page.pages,
            "per_page": page.per_page,
        }
    )


@bp.route("/questions/facets", methods=["GET"])
@roles_required(*READERS)
def api_question_facets() -> Any:
    """Counts for the filter: per tag value grouped by facet, and per type and status."""
    flt = with_flagged(filter_from_args(request.args))
    counts = queries.type_status_counts(db.session, flt)
    return jsonify(
        {
            "tags": queries.facet_counts(db.session, flt),
            "types": [{"type": t, "status": s, "count": n} for (t, s), n in sorted(counts.items())],
        }
    )


@bp.route("/questions", methods=["POST"])
@roles_required(*WRITERS)
def api_create_question() -> Any:
    """Create a draft question; answers 201 with it and any duplicate-stem warnings."""
    body = json_body("type", "stem")
    draft = _draft(body)
    result = services.create_question(
        db.session, draft.content, draft.tags, actor=_actor(), now=utcnow()
    )
    db.session.commit()
    return jsonify({**question_json(result.question), "warnings": _warnings(result.warnings)}), 201


@bp.route("/questions/<int:question_id>", methods=["GET"])
@roles_required(*READERS)
def api_get_question(question_id: int) -> Any:
    """A question in full: content, key, rubric, explanation, rendered HTML."""
    return jsonify(question_json(services.get_question(db.session, question_id)))


@bp.route("/questions/<int:question_id>", methods=["PUT"])
@roles_required(*WRITERS)
def api_update_question(question_id: int) -> Any:
    """Save an edit made from ``base_version``; content keys left out keep their current
    value (so ``{"base_version": 3, "tags": [...]}`` only retags)."""
    body = json_body("base_version")
    base = body["base_version"]
    if not isinstance(base, int) or isinstance(base, bool):
        raise BadRequestError("base_version must be an integer")
    question = services.get_question(db.session, question_id)
    assert question.current_version is not None
    current = version_json(question.current_version)
    merged = {key: body.get(key, current.get(key)) for key in CONTENT_KEYS if key != "tags"}
    merged["tags"] = body.get("tags", question.tags)
    draft = _draft(merged)
    result = services.update_question(
        db.session,
        question_id,
        draft.content,
        draft.tags,
        actor=_actor(),
        now=utcnow(),
        base_version=base,
    )
    db.session.commit()
    return jsonify(
        {
            **question_json(result.question),
            "new_version": result.new_version,
            "warnings": _warnings(result.warnings),
        }
    )


@bp.route("/questions/<int:question_id>/status", methods=["POST"])
@roles_required(*READERS)
def api_change_status(question_id: int) -> Any:
    """``{"action": submit|approve|return|retire|restore, "comment"}`` → the question."""
    body = json_body("action")
    action, comment = body["action"], body.get("comment", "")
    if not isinstance(action, str) or not isinstance(comment, str):
        raise BadRequestError("action and comment must be strings")
    question = services.change_status(
        db.session, question_id, action, actor=_actor(), now=utcnow(), comment=comment.strip()
    )
    db.session.commit()
    return jsonify(summary_json(services.get_question(db.session, question.id)))


@bp.route("/questions/<int:question_id>/versions", methods=["GET"])
@roles_required(*READERS)
def api_question_versions(question_id: int) -> Any:
    """Every version of a question, oldest first, and the review history."""
    question = services.get_question(db.session, question_id)
    events = services.history(db.session, question_id)
    return jsonify(
        {
            "items": [version_json(v) for v in question.versions],
            "history": [
                {
                    "at": _iso(e.at),
                    "actor": e.actor_id,
                    "action": e.action,
                    "from_status": e.from_status or None,
                    "to_status": e.to_status or None,
                    "comment": e.comment,
                }
                for e in events
            ],
        }
    )


@bp.route("/questions/<int:question_id>/versions/<int:number>", methods=["GET"])
@roles_required(*READERS)
def api_question_version(question_id: int, number: int) -> Any:
    """One version of a question."""
    return jsonify(version_json(services.version(db.session, question_id, number)))


@bp.route("/images", methods=["POST"])
@roles_required(*WRITERS)
def api_upload_image() -> Any:
    """Store an image (multipart field ``image``, or the raw body with an image type);
    answers its digest and the Markdown that shows it."""
    upload = request.files.get("image")
    data = upload.read(MAX_IMAGE_BYTES + 1) if upload else request.get_data(cache=False)
    if not data:
        raise BadRequestError("send the image as multipart field 'image' or as the body")
    image = store_image(db.session, data, actor_id=_actor().id, now=utcnow())
    db.session.commit()
    return jsonify(
        {
            "digest": image.digest,
            "mime": image.mime,
            "size": image.size,
            "markdown": f"![]({IMAGE_SCHEME}{image.digest})",
        }
    ), 201
