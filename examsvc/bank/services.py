"""Authoring and reviewing questions: create, edit (a new immutable version), tag, review.

Services take the session first, flush and never commit. Validation is questionbank's
(:func:`questionbank.model.validate_content`), the same for the editor, imports and the API.

Rules that are this service's own:

* saving content equal to the current version makes no new version (a retag alone never does);
* editing the content of an ``active`` question sends it back to ``draft``: an unreviewed text
  must not reach a paper (papers already built keep the version they were built from);
* a reviewer cannot approve a version they wrote themselves;
* returning a question to its author needs a comment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from examsvc.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from examsvc.models import Question, QuestionEvent, QuestionTag, QuestionVersion, Role
from questionbank.model import (
    QuestionContent,
    QuestionStatus,
    QuestionType,
    answer_from_json,
    answer_to_json,
    normalise_stem,
    rubric_from_json,
    rubric_to_json,
    tag_problems,
    validate_content,
)
from questionbank.problems import N_, Problem, warning
from questionbank.render import RENDERER_VERSION, render_markdown

#: who may move a question how: action → (from statuses, to status, roles)
TRANSITIONS: dict[str, tuple[frozenset[QuestionStatus], QuestionStatus, frozenset[Role]]] = {
    "submit": (
        frozenset({QuestionStatus.DRAFT}),
        QuestionStatus.REVIEW,
        frozenset({Role.AUTHOR, Role.ADMIN}),
    ),
    "approve": (
        frozenset({QuestionStatus.REVIEW}),
        QuestionStatus.ACTIVE,
        frozenset({Role.REVIEWER, Role.ADMIN}),
    ),
    "return": (
        frozenset({QuestionStatus.REVIEW, QuestionStatus.ACTIVE}),
        QuestionStatus.DRAFT,
        frozenset({Role.REVIEWER, Role.ADMIN}),
    ),
    "retire": (
        frozenset({QuestionStatus.DRAFT, QuestionStatus.REVIEW, QuestionStatus.ACTIVE}),
        QuestionStatus.RETIRED,
        frozenset({Role.AUTHOR, Role.REVIEWER, Role.ADMIN}),
    ),
    "restore": (
        frozenset({QuestionStatus.RETIRED}),
        QuestionStatus.DRAFT,
        frozenset({Role.AUTHOR, Role.REVIEWER, Role.ADMIN}),
    ),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting (id and role), as plain values."""

    id: int | None
    role: Role


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the question, whether a new version was made, and warnings."""

    question: Question
    new_version: bool
    warnings: list[Problem]


# --------------------------------------------------------------------------- conversions


def content_of(version: QuestionVersion) -> QuestionContent:
    """The domain content of a stored version."""
    qtype = QuestionType(version.type)
    return QuestionContent(
        type=qtype,
        stem=version.stem,
        options=tuple(version.options or ()),
        answer=answer_from_json(qtype, version.answer),
        rubric=rubric_from_json(version.rubric),
        explanation=version.explanation or "",
        difficulty=version.difficulty,
        source=version.source or "",
    )


def stem_key(stem: str) -> str:
    """The duplicate-detection key of a stem (hash of its normalised form)."""
    return hashlib.sha256(normalise_stem(stem).encode()).hexdigest()


def render_content(content: QuestionContent) -> dict[str, object]:
    """Sanitized HTML of the parts a contestant sees, stored with the version."""
    return {
        "v": RENDERER_VERSION,
        "stem": render_markdown(content.stem),
        "options": [render_markdown(text) for text in content.options],
    }


def rendered(version: QuestionVersion) -> dict[str, object]:
    """The version's stored HTML, re-rendered if the renderer changed since it was stored."""
    html = version.rendered or {}
    if html.get("v") != RENDERER_VERSION:
        html = render_content(content_of(version))
    return html


def _new_version(
    question: Question,
    number: int,
    content: QuestionContent,
    actor_id: int | None,
    now: datetime,
    note: str,
) -> QuestionVersion:
    return QuestionVersion(
        question=question,
        number=number,
        type=content.type,
        stem=content.stem,
        options=list(content.options),
        answer=answer_to_json(content.type, content.answer),
        rubric=rubric_to_json(content.rubric),
        explanation=content.explanation,
        difficulty=content.difficulty,
        source=content.source,
        rendered=render_content(content),
        created_by_id=actor_id,
        created_at=now,
        note=note,
    )


# --------------------------------------------------------------------------- checks


def check_question(content: QuestionContent, tags: list[str] | tuple[str, ...]) -> list[Problem]:
    """Every problem with a question's content and tags."""
    problems = validate_content(content)
    for tag in tags:
        problems += tag_problems(tag)
    return problems


def duplicate_warnings(
    session: Session, stem: str, *, exclude_id: int | None = None
) -> list[Problem]:
    """Warnings naming the other questions whose stem normalises to the same text."""
    query = select(Question.id).where(Question.stem_key == stem_key(stem))
    if exclude_id is not None:
        query = query.where(Question.id != exclude_id)
    return [
        warning("stem", N_("the same stem as question %(id)s"), id=other)
        for other in session.scalars(query.order_by(Question.id))
    ]


def _raise_if_invalid(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidInputError("the question is not valid", problems=errors)


# --------------------------------------------------------------------------- authoring


def get_question(session: Session, question_id: int) -> Question:
    """A question with its current version and tags.

    :raises NotFoundError: if there is none.
    """
    question = session.scalar(
        select(Question)
        .where(Question.id == question_id)
        .options(selectinload(Question.tag_rows), selectinload(Question.current_version))
    )
    if question is None:
        raise NotFoundError(f"no question {question_id}")
    return question


def create_question(
    session: Session,
    content: QuestionContent,
    tags: list[str] | tuple[str, ...],
    *,
    actor: Actor,
    now: datetime,
    status: QuestionStatus = QuestionStatus.DRAFT,
    note: str = "created",
) -> SaveResult:
    """Add a question (version 1).

    :raises InvalidInputError: listing every problem with the content or tags.
    """
    _raise_if_invalid(check_question(content, tags))
    warnings = duplicate_warnings(session, content.stem)
    question = Question(
        status=status,
        type=content.type,
        stem_key=stem_key(content.stem),
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
        tag_rows=[QuestionTag(tag=t) for t in sorted(set(tags))],
    )
    session.add(question)
    version = _new_version(question, 1, content, actor.id, now, note)
    session.add(version)
    session.flush()
    question.current_version = version
    _event(
        session,
        question,
        version,
        actor,
        "created" if note == "created" else note,
        now,
        to_status=status,
    )
    session.flush()
    return SaveResult(question, True, warnings)


def update_question(
    session: Session,
    question_id: int,
    content: QuestionContent,
    tags: list[str] | tuple[str, ...],
    *,
    actor: Actor,
    now: datetime,
    base_version: int | None = None,
    note: str = "edited",
    keep_status: bool = False,
) -> SaveResult:
    """Save an edit: a new version if the content changed; tags are replaced either way.

    ``base_version`` is the version number the editor started from: if someone saved another
    version meanwhile, the save is refused instead of silently overwriting their work.

    :raises NotFoundError: no such question.
    :raises ConflictError: the question changed since ``base_version``, or it is retired.
    :raises InvalidInputError: listing every problem.
    """
    question = get_question(session, question_id)
    current = question.current_version
    assert current is not None
    if base_version is not None and current.number != base_version:
        raise ConflictError(
            f"question {question_id} was changed by someone else (now version {current.number}); "
            "reload it and apply your edit again"
        )
    if question.status is QuestionStatus.RETIRED:
        raise ConflictError(f"question {question_id} is retired; restore it before editing")
    _raise_if_invalid(check_question(content, tags))
    warnings = duplicate_warnings(session, content.stem, exclude_id=question.id)

    new_tags = sorted(set(tags))
    if question.tags != new_tags:
        question.tag_rows = [QuestionTag(tag=t) for t in new_tags]
        session.flush()
    changed = content != content_of(current)
    if changed:
        version = _new_version(question, current.number + 1, content, actor.id, now, note)
        session.add(version)
        session.flush()
        question.current_version = version
        question.type = content.type
        question.stem_key = stem_key(content.stem)
        previous = question.status
        if question.status is QuestionStatus.ACTIVE and not keep_status:
            question.status = QuestionStatus.DRAFT
        _event(
            session,
            question,
            version,
            actor,
            note,
            now,
            from_status=previous,
            to_status=question.status,
        )
    question.updated_at = now
    session.flush()
    return SaveResult(question, changed, warnings)


def change_status(
    session: Session,
    question_id: int,
    action: str,
    *,
    actor: Actor,
    now: datetime,
    comment: str = "",
) -> Question:
    """Move a question through review: submit, approve, return, retire, restore.

    The transition is a conditional update on the current status, so two reviewers acting at
    once cannot both succeed.

    :raises NotFoundError: no such question.
    :raises ForbiddenError: the actor's role may not, or a reviewer approves their own version.
    :raises ConflictError: the question is not in a status the action starts from.
    :raises InvalidInputError: returning without a comment.
    """
    if action not in TRANSITIONS:
        raise InvalidInputError(f"unknown action {action}")
    sources, target, roles = TRANSITIONS[action]
    if actor.role not in roles:
        raise ForbiddenError(f"a {actor.role.value} may not {action} questions")
    question = get_question(session, question_id)
    if question.status not in sources:
        raise ConflictError(f"question {question_id} is {question.status.value}; cannot {action}")
    version = question.current_version
    assert version is not None
    if action == "approve" and version.created_by_id == actor.id:
        raise ForbiddenError("you cannot approve a version you wrote yourself")
    if action == "return" and not comment.strip():
        raise InvalidInputError("say what the author should change")
    from sqlalchemy import update

    result = session.execute(
        update(Question)
        .where(Question.id == question.id, Question.status == question.status)
        .values(status=target, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(f"question {question_id} changed meanwhile; reload it")
    previous = question.status
    session.refresh(question)
    _event(
        session,
        question,
        version,
        actor,
        action,
        now,
        from_status=previous,
        to_status=target,
        comment=comment,
    )
    session.flush()
    return question


def _event(
    session: Session,
    question: Question,
    version: QuestionVersion | None,
    actor: Actor,
    action: str,
    now: datetime,
    *,
    from_status: QuestionStatus | None = None,
    to_status: QuestionStatus | None = None,
    comment: str = "",
) -> None:
    session.add(
        QuestionEvent(
            question_id=question.id,
            version_id=version.id if version else None,
            actor_id=actor.id,
            action=action[:20],
            from_status=from_status.value if from_status else "",
            to_status=to_status.value if to_status else "",
            comment=comment,
            at=now,
        )
    )


def history(session: Session, question_id: int) -> list[QuestionEvent]:
    """The question's events, oldest first."""
    return list(
        session.scalars(
            select(QuestionEvent)
            .where(QuestionEvent.question_id == question_id)
            .order_by(QuestionEvent.at, QuestionEvent.id)
        )
    )


def version(session: Session, question_id: int, number: int) -> QuestionVersion:
    """One version of a question.

    :raises NotFoundError: if it does not exist.
    """
    found = session.scalar(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question_id, QuestionVersion.number == number
        )
    )
    if found is None:
        raise NotFoundError(f"question {question_id} has no version {number}")
    return found
