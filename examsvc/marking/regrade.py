"""Key corrections and the regrade they call for (reliability.md 12 and 28).

A paper keeps the question version it was built from, so correcting a key never changes a
score by itself. The correction is a new version of the question (note ``key corrected``)
that stays active; a regrade then recomputes, for every submitted attempt of a stage whose
paper item uses an older version with a different key, the item's score under the current key,
with the paper item's frozen points and multiple-choice rule. The dry run lists each change
(ticket, item, old → new); applying it writes the item scores (source ``regrade``), the
attempts' objective and theory scores, and one audit record per changed score.

Attempts still in progress are left out: they are graded at submission with their paper's
version, so a regrade is run (again) once the exam has closed; running it twice is harmless.

Only objective items are regraded (a short answer's reference answer guides people; it is not
a key). An item whose question changed type is skipped; one whose stem or options changed as
well is listed with ``content_changed`` so the admin can look before applying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session, aliased

from examsvc.bank.services import Actor, content_of, get_question, update_question
from examsvc.errors import ConflictError, InvalidInputError
from examsvc.marking.scoring import refresh_theory_score
from examsvc.models import (
    Answer,
    Attempt,
    AttemptStatus,
    AuditRecord,
    Enrolment,
    ItemScore,
    PaperItem,
    Question,
    QuestionVersion,
    Role,
    Stage,
)
from questionbank.grading import grade_item
from questionbank.io.notation import parse_answer
from questionbank.model import QuestionType, answer_from_json, answer_to_json, with_answer
from questionbank.problems import N_, error

KEY_CORRECTED = "key corrected"


@dataclass(frozen=True)
class RegradeChange:
    """One item score a regrade changes."""

    attempt_id: int
    ticket: str
    item_no: int
    question_id: int
    #: the version number on the paper, and the current one whose key is applied
    from_version: int
    to_version: int
    old: Decimal
    new: Decimal
    #: the stem or options changed too, not only the key: look before applying
    content_changed: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API and the CLI."""
        return {
            "ticket": self.ticket,
            "item_no": self.item_no,
            "question_id": self.question_id,
            "from_version": self.from_version,
            "to_version": self.to_version,
            "old": float(self.old),
            "new": float(self.new),
            "content_changed": self.content_changed,
        }


def _same_key(qtype: QuestionType, first: object, second: object) -> bool:
    a, b = answer_from_json(qtype, first), answer_from_json(qtype, second)
    if qtype is QuestionType.MULTIPLE:
        return frozenset(a) == frozenset(b)  # type: ignore[arg-type]
    return a == b


def regrade_preview(
    session: Session, stage: Stage, *, question_id: int | None = None
) -> list[RegradeChange]:
    """Every item score of the stage's submitted attempts that the current keys would change
    (a dry run: nothing is written), by ticket and item."""
    old_version = aliased(QuestionVersion)
    current = aliased(QuestionVersion)
    query = (
        select(
            Attempt.id, Enrolment.ticket, PaperItem, old_version, current, Answer.value, ItemScore
        )
        .join(Enrolment, Enrolment.id == Attempt.enrolment_id)
        .join(PaperItem, PaperItem.paper_id == Attempt.paper_id)
        .join(Question, Question.id == PaperItem.question_id)
        .join(old_version, old_version.id == PaperItem.question_version_id)
        .join(current, current.id == Question.current_version_id)
        .join(
            ItemScore,
            and_(ItemScore.attempt_id == Attempt.id, ItemScore.item_no == PaperItem.no),
        )
        .outerjoin(Answer, and_(Answer.attempt_id == Attempt.id, Answer.item_no == PaperItem.no))
        .where(
            Attempt.stage_id == stage.id,
            Attempt.status == AttemptStatus.SUBMITTED,
            PaperItem.question_version_id != Question.current_version_id,
            old_version.type != QuestionType.SHORT,
        )
        .order_by(Enrolment.ticket, PaperItem.no)
    )
    if question_id is not None:
        query = query.where(PaperItem.question_id == question_id)
    changes = []
    for attempt_id, ticket, item, was, now_is, value, score in session.execute(query):
        qtype = QuestionType(was.type)
        if QuestionType(now_is.type) is not qtype or _same_key(qtype, was.answer, now_is.answer):
            continue
        new = grade_item(
            qtype, answer_from_json(qtype, now_is.answer), value, item.points, item.scoring
        )
        old = score.score if score.score is not None else Decimal("0.00")
        if new == old:
            continue
        changes.append(
            RegradeChange(
                attempt_id=attempt_id,
                ticket=ticket,
                item_no=item.no,
                question_id=item.question_id,
                from_version=was.number,
                to_version=now_is.number,
                old=old,
                new=new,
                content_changed=(was.stem, was.options) != (now_is.stem, now_is.options),
            )
        )
    return changes


def apply_regrade(
    session: Session,
    stage: Stage,
    *,
    question_id: int | None = None,
    actor_id: int | None,
    now: datetime,
    reason: str = "",
) -> list[RegradeChange]:
    """Apply the regrade the dry run shows and return the changes made.

    Each changed item score gets the new score (source ``regrade``); its attempt's objective
    score moves by the difference and its theory score is refreshed; each change is audited
    (``regrade.applied``). Attempts are locked while they change. Running it again changes
    nothing (the scores already follow the current keys).
    """
    why = reason.strip() or KEY_CORRECTED
    changes = []
    for change in regrade_preview(session, stage, question_id=question_id):
        attempt = session.scalar(
            select(Attempt)
            .where(Attempt.id == change.attempt_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert attempt is not None
        session.execute(
            update(ItemScore)
            .where(ItemScore.attempt_id == attempt.id, ItemScore.item_no == change.item_no)
            .values(score=change.new, source="regrade", final=True, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        objective = (attempt.objective_score or Decimal(0)) + change.new - change.old
        session.execute(
            update(Attempt)
            .where(Attempt.id == attempt.id)
            .values(objective_score=objective)
            .execution_options(synchronize_session=False)
        )
        refresh_theory_score(session, attempt.id)
        session.add(
            AuditRecord(
                at=now,
                actor_id=actor_id,
                action="regrade.applied",
                entity="item_score",
                entity_id=f"{attempt.id}:{change.item_no}",
                old={"score": str(change.old), "version": change.from_version},
                new={
                    "score": str(change.new),
                    "version": change.to_version,
                    "question_id": change.question_id,
                    "ticket": change.ticket,
                },
                reason=why,
            )
        )
        changes.append(change)
    session.flush()
    return changes


def correct_key(
    session: Session,
    question_id: int,
    answer_text: str,
    *,
    actor: Actor,
    now: datetime,
    reason: str,
) -> QuestionVersion:
    """Correct the key of an objective question: a new version with the new answer (note
    ``key corrected``) that keeps the question's status, audited with the old and new key.

    Papers keep their version: scores change only through :func:`apply_regrade`.

    :raises NotFoundError: no such question.
    :raises ConflictError: a short answer (it has no key), a retired question, or the same key.
    :raises InvalidInputError: no reason, or the answer is not valid for the question.
    """
    if actor.role is not Role.ADMIN:  # pragma: no cover - the routes allow admins only
        raise ConflictError(N_("only an administrator corrects keys"))
    why = reason.strip()
    if not why:
        raise InvalidInputError(
            N_("say why (it goes into the audit trail)"),
            problems=[error("reason", N_("say why (it goes into the audit trail)"))],
        )
    question = get_question(session, question_id)
    version = question.current_version
    assert version is not None
    content = content_of(version)
    if content.type is QuestionType.SHORT:
        raise ConflictError(N_("a short answer has no key to correct; edit its reference answer"))
    answer, problems = parse_answer(content.type, answer_text)
    if problems:
        raise InvalidInputError(N_("the answer is not valid"), problems=problems)
    if _same_key(content.type, answer_to_json(content.type, answer), version.answer):
        raise ConflictError(N_("that is already the key"))
    old_key = version.answer
    result = update_question(
        session,
        question_id,
        with_answer(content, answer),
        question.tags,
        actor=actor,
        now=now,
        note=KEY_CORRECTED,
        keep_status=True,
    )
    new_version = result.question.current_version
    assert new_version is not None
    session.add(
        AuditRecord(
            at=now,
            actor_id=actor.id,
            action="question.key_corrected",
            entity="question",
            entity_id=str(question_id),
            old={"answer": old_key, "version": version.number},
            new={"answer": new_version.answer, "version": new_version.number},
            reason=why,
        )
    )
    session.flush()
    return new_version
