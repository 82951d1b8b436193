"""Recording marks: a grader's independent mark, an arbitrator's decision, and the re-mark of
a final mark. Every one is an append-only audit record (who, when, old, new, why).

How an answer's final mark comes about (shared/spec/interfaces.md, double marking):

* single marking: slot 1's mark is final;
* double marking: when slots 1 and 2 are both marked, marks within the section's threshold
  (inclusive) give their mean (:func:`questionbank.grading.combine_marks`); beyond it a slot-3
  task goes to the arbitrators, and the arbitrator's mark is final;
* a final mark changes only by an arbitrator's re-mark, with a reason.

When a mark becomes final the item's score is written (source ``marking`` or ``arbitration``)
and the attempt's theory score refreshed, in the same transaction as the mark. Marking an
attempt's answers is serialized on the attempt row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite serializes writers), so two graders finishing the two slots at the same moment cannot
both miss that the answer is complete.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from examsvc.errors import ConflictError, InvalidInputError, NotFoundError
from examsvc.marking.queue import ARBITRATOR_SLOTS, rubric_lines, slots_for
from examsvc.marking.scoring import new_order_key, refresh_theory_score, section_settings
from examsvc.models import (
    Attempt,
    AuditRecord,
    ItemScore,
    MarkingTask,
    PaperItem,
    QuestionVersion,
    Role,
    Stage,
)
from questionbank.grading import BadMarkError, check_mark, combine_marks
from questionbank.marking import sum_point_marks
from questionbank.problems import N_, error

MAX_COMMENT = 2000


class TaskNotYoursError(ConflictError):
    """The task is not (or no longer) claimed by the caller."""

    code = "task_not_claimed"


class AlreadyMarkedError(ConflictError):
    """The task already has its mark (a mark is given once; a final mark is re-marked)."""

    code = "already_marked"


def parse_score(value: object, field: str = "score") -> Decimal:
    """A mark from JSON or a form: a number or a numeric string, as a Decimal.

    :raises InvalidInputError: for anything else (booleans, empty text, words, NaN).
    """
    score = Decimal("NaN")
    if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
        # str() of a float is its shortest repr: 2.5 → "2.5", never 2.4999…
        with suppress(InvalidOperation):
            score = Decimal(str(value).strip())
    if not score.is_finite():
        message = N_("a mark must be a number with at most 2 decimals")
        raise InvalidInputError(message, problems=[error(field, message)])
    return score


def _check(score: Decimal, points: Decimal) -> Decimal:
    try:
        return check_mark(score, points)
    except BadMarkError as exc:
        raise InvalidInputError(N_("the mark is not valid"), problems=exc.problems) from exc


def _clean_comment(comment: object) -> str:
    text = str(comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInputError(
            N_("the comment is too long"),
            problems=[error("comment", N_("at most %(n)s characters, please"), n=MAX_COMMENT)],
        )
    return text


def _lock_attempt(session: Session, attempt_id: int) -> Attempt:
    attempt = session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if attempt is None:
        raise NotFoundError("no such task")
    return attempt


def _item(session: Session, attempt: Attempt, item_no: int) -> PaperItem:
    item = session.get(PaperItem, (attempt.paper_id, item_no))
    assert item is not None
    return item


def record_mark(
    session: Session,
    task_id: int,
    user_id: int,
    role: Role,
    score: object | None,
    comment: object = "",
    *,
    point_scores: list[object] | None = None,
    now: datetime,
) -> Decimal | None:
    """Record the caller's mark on the task they claimed; returns the answer's final mark if it
    has one now (never shown to a grader: it would tell them their co-marker's mark).

    A grader marks slot 1 or 2, an arbitrator slot 3 (their mark is final). ``point_scores``,
    when given, are the marks of the rubric's scoring points: they must add up to ``score``,
    or make the mark when ``score`` is ``None``.

    :raises NotFoundError: no such task for this role (a grader never sees slot-3 tasks).
    :raises TaskNotYoursError: the task is not claimed by the caller (their claim expired and
        someone else took the answer).
    :raises AlreadyMarkedError: the task already has its mark.
    :raises InvalidInputError: the mark or a point mark is not valid, or the comment too long.
    """
    slots = slots_for(role)
    task = session.get(MarkingTask, task_id)
    if task is None or task.slot not in slots:
        raise NotFoundError("no such task")
    attempt = _lock_attempt(session, task.attempt_id)
    session.refresh(task)
    if task.marked_at is not None:
        raise AlreadyMarkedError(N_("this answer has already been marked"))
    if task.grader_id != user_id:
        raise TaskNotYoursError(
            N_("this answer is not (or no longer) assigned to you; take the next one")
        )
    item = _item(session, attempt, task.item_no)
    value, points_given = _mark_of(session, item, score, point_scores)
    text = _clean_comment(comment)
    result = session.execute(
        update(MarkingTask)
        .where(
            MarkingTask.id == task.id,
            MarkingTask.grader_id == user_id,
            MarkingTask.marked_at.is_(None),
        )
        .values(score=value, point_scores=points_given, comment=text, marked_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # pragma: no cover - the attempt lock makes this unreachable
        raise AlreadyMarkedError(N_("this answer has already been marked"))
    session.refresh(task)
    arbitrating = task.slot in ARBITRATOR_SLOTS
    session.add(
        AuditRecord(
            at=now,
            actor_id=user_id,
            action="mark.arbitrated" if arbitrating else "mark.recorded",
            entity="marking_task",
            entity_id=str(task.id),
            new={
                "attempt_id": task.attempt_id,
                "item_no": task.item_no,
                "slot": task.slot,
                "score": str(value),
                "point_scores": points_given,
            },
            reason=text,
        )
    )
    return _settle(session, attempt, item, now=now)


def _mark_of(
    session: Session, item: PaperItem, score: object | None, point_scores: list[object] | None
) -> tuple[Decimal, list[str]]:
    """The mark (checked against the item's points) and the scoring points' marks as text.

    Without ``score`` the mark is the sum of ``point_scores``; with both they must agree.
    """
    if point_scores is None:
        if score is None:
            raise InvalidInputError(N_("give a mark"), problems=[error("score", N_("give a mark"))])
        return _check(parse_score(score), item.points), []
    version = session.get(QuestionVersion, item.question_version_id)
    assert version is not None
    maxima = [line.max for line in rubric_lines(version.rubric or [], item.points)]
    marks = [parse_score(v, f"points[{i}]") for i, v in enumerate(point_scores)]
    try:
        total = sum_point_marks(marks, maxima)
    except BadMarkError as exc:
        raise InvalidInputError(N_("the mark is not valid"), problems=exc.problems) from exc
    value = total if score is None else _check(parse_score(score), item.points)
    if total != value:
        raise InvalidInputError(
            N_("the marks of the scoring points do not add up to the mark"),
            problems=[
                error(
                    "score",
                    N_("the scoring points add up to %(sum)s, not %(score)s"),
                    sum=str(total),
                    score=str(value),
                )
            ],
        )
    return _check(total, item.points), [str(m) for m in marks]


def _settle(
    session: Session, attempt: Attempt, item: PaperItem, *, now: datetime
) -> Decimal | None:
    """After a mark: make the answer's mark final (returned), or send it to arbitration."""
    tasks = {
        t.slot: t
        for t in session.scalars(
            select(MarkingTask)
            .where(MarkingTask.attempt_id == attempt.id, MarkingTask.item_no == item.no)
            .execution_options(populate_existing=True)
        )
    }
    final: Decimal | None = None
    source = "marking"
    if 3 in tasks:
        if tasks[3].marked_at is None:
            return None
        final, source = tasks[3].score, "arbitration"
    elif 2 in tasks:
        first, second = tasks[1], tasks[2]
        if first.marked_at is None or second.marked_at is None:
            return None
        stage = session.get(Stage, attempt.stage_id)
        assert stage is not None
        threshold = section_settings(stage, item.section_index)["arbitration_threshold"]
        assert first.score is not None and second.score is not None
        final = combine_marks(first.score, second.score, threshold)
        if final is None:
            session.add(
                MarkingTask(
                    stage_id=attempt.stage_id,
                    attempt_id=attempt.id,
                    item_no=item.no,
                    question_id=first.question_id,
                    slot=3,
                    order_key=new_order_key(),
                    point_scores=[],
                    comment="",
                )
            )
            session.flush()
            return None
    else:
        if tasks[1].marked_at is None:  # pragma: no cover - only called after a mark
            return None
        final = tasks[1].score
    assert final is not None
    _set_item_score(session, attempt.id, item.no, final, source, now)
    return final


def _set_item_score(
    session: Session, attempt_id: int, item_no: int, score: Decimal, source: str, now: datetime
) -> None:
    session.execute(
        update(ItemScore)
        .where(ItemScore.attempt_id == attempt_id, ItemScore.item_no == item_no)
        .values(score=score, source=source, final=True, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    refresh_theory_score(session, attempt_id)


def remark(
    session: Session,
    task_id: int,
    arbitrator_id: int,
    score: object,
    reason: object,
    *,
    now: datetime,
) -> tuple[Decimal, Decimal]:
    """An arbitrator changes the final mark of an answer (any of its tasks names it), with a
    reason; returns (old, new). The item score keeps ``final``; its source becomes
    ``arbitration``; the attempt's theory score is refreshed.

    :raises NotFoundError: no such task.
    :raises ConflictError: the answer has no final mark yet (it is marked through the queue).
    :raises InvalidInputError: no reason, or the mark is not valid.
    """
    task = session.get(MarkingTask, task_id)
    if task is None:
        raise NotFoundError("no such task")
    why = str(reason or "").strip()
    if not why:
        raise InvalidInputError(
            N_("say why (it goes into the audit trail)"),
            problems=[error("reason", N_("say why (it goes into the audit trail)"))],
        )
    attempt = _lock_attempt(session, task.attempt_id)
    item = _item(session, attempt, task.item_no)
    value = _check(parse_score(score), item.points)
    current = session.get(ItemScore, (attempt.id, item.no), populate_existing=True)
    if current is None or not current.final or current.score is None:
        raise ConflictError(N_("this answer has no final mark yet; it is marked in the queue"))
    old = current.score
    _set_item_score(session, attempt.id, item.no, value, "arbitration", now)
    session.add(
        AuditRecord(
            at=now,
            actor_id=arbitrator_id,
            action="mark.changed",
            entity="item_score",
            entity_id=f"{attempt.id}:{item.no}",
            old={"score": str(old), "source": current.source},
            new={"score": str(value), "source": "arbitration"},
            reason=why,
        )
    )
    session.flush()
    return old, value
