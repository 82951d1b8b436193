"""Handing out short answers to mark (按题阅卷): blind, one question at a time, race-free.

Rules:

* Graders take slots 1 and 2 (the two independent marks), arbitrators slot 3 (a disagreement).
* A grader is first given back their own unexpired claim, so a reload never skips an answer.
* Otherwise the next free task of the question in ``order_key`` order (random, fixed when the
  attempt was submitted) is claimed with a conditional UPDATE (``… WHERE marked_at IS NULL AND
  (grader_id IS NULL OR claim_expires_at <= now)``); a lost race tries the next one. On
  PostgreSQL the candidate is picked ``FOR UPDATE SKIP LOCKED``, so parallel graders do not
  queue behind one row; SQLite serializes writers (``BEGIN IMMEDIATE``).
* A grader never gets a task of an answer whose other slot carries their name, and the unique
  constraint (attempt, item, grader) makes the database refuse it should two requests of the
  same grader race (caught: the next task is tried).
* A claim expires after ``claim_minutes``; an expired claim is free for anyone, and until
  someone takes it over its grader may still submit the mark. Taking a new answer releases the
  grader's other open claims of the stage (one answer at a time).
* What a marker sees (:class:`TaskView`) holds the question, reference answer, rubric and the
  answer text: never a name, ticket, organisation, seat or attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from examsvc.bank.services import rendered
from examsvc.errors import ForbiddenError
from examsvc.marking.scoring import section_settings
from examsvc.models import Answer, Attempt, MarkingTask, PaperItem, QuestionVersion, Role, Stage
from questionbank.marking import is_all_or_nothing, point_maxima
from questionbank.model import rubric_from_json
from questionbank.problems import N_
from questionbank.render import render_markdown

#: which slots each role marks
GRADER_SLOTS = (1, 2)
ARBITRATOR_SLOTS = (3,)
#: candidates tried before giving up on a request (each lost race costs one)
MAX_CLAIM_ATTEMPTS = 50


def slots_for(role: Role) -> tuple[int, ...]:
    """The slots a role marks: graders 1 and 2, arbitrators 3.

    :raises ForbiddenError: for any other role.
    """
    if role is Role.GRADER:
        return GRADER_SLOTS
    if role is Role.ARBITRATOR:
        return ARBITRATOR_SLOTS
    raise ForbiddenError(N_("only graders and arbitrators mark answers"))


def is_free(now: datetime) -> Any:
    """SQL condition: the task is unmarked and unclaimed (or its claim has expired)."""
    return and_(
        MarkingTask.marked_at.is_(None),
        or_(MarkingTask.grader_id.is_(None), MarkingTask.claim_expires_at <= now),
    )


#: another task of the same answer (made once: building an alias is not cheap)
_OTHER = aliased(MarkingTask, name="other_slot")


def holds_other_slot(grader_id: int) -> Any:
    """SQL condition: the grader's name is on another slot of the same answer."""
    return exists().where(
        _OTHER.attempt_id == MarkingTask.attempt_id,
        _OTHER.item_no == MarkingTask.item_no,
        _OTHER.grader_id == grader_id,
        _OTHER.id != MarkingTask.id,
    )


def _scope(stage_id: int, slots: tuple[int, ...], question_id: int | None) -> list[Any]:
    conditions = [MarkingTask.stage_id == stage_id, MarkingTask.slot.in_(slots)]
    if question_id is not None:
        conditions.append(MarkingTask.question_id == question_id)
    return conditions


def own_claim(
    session: Session,
    grader_id: int,
    stage_id: int,
    slots: tuple[int, ...],
    question_id: int | None,
    now: datetime,
) -> MarkingTask | None:
    """The grader's open, unexpired claim in this scope, if any (the oldest)."""
    return session.scalar(
        select(MarkingTask)
        .where(
            *_scope(stage_id, slots, question_id),
            MarkingTask.grader_id == grader_id,
            MarkingTask.marked_at.is_(None),
            MarkingTask.claim_expires_at > now,
        )
        .order_by(MarkingTask.claimed_at, MarkingTask.id)
        .limit(1)
    )


def claim_next(
    session: Session,
    grader_id: int,
    role: Role,
    stage: Stage,
    *,
    question_id: int | None = None,
    now: datetime,
    claim_minutes: float,
) -> MarkingTask | None:
    """Claim the next answer for this grader (or arbitrator) to mark; ``None`` when nothing is
    left for them. Their own unexpired claim comes back first (its expiry renewed).

    :raises ForbiddenError: the role does not mark.
    """
    slots = slots_for(role)
    expires = now + timedelta(minutes=claim_minutes)
    mine = own_claim(session, grader_id, stage.id, slots, question_id, now)
    if mine is not None:
        session.execute(
            update(MarkingTask)
            .where(MarkingTask.id == mine.id, MarkingTask.grader_id == grader_id)
            .values(claim_expires_at=expires)
            .execution_options(synchronize_session=False)
        )
        mine.claim_expires_at = expires
        return mine
    tried: list[int] = []
    for _ in range(MAX_CLAIM_ATTEMPTS):
        query = (
            select(MarkingTask.id)
            .where(
                *_scope(stage.id, slots, question_id),
                is_free(now),
                ~holds_other_slot(grader_id),
            )
            .order_by(MarkingTask.question_id, MarkingTask.order_key, MarkingTask.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=MarkingTask)
        )
        if tried:
            query = query.where(MarkingTask.id.not_in(tried))
        candidate = session.scalar(query)
        if candidate is None:
            return None
        if _try_claim(session, candidate, grader_id, now, expires):
            _release_others(session, grader_id, stage.id, candidate, now)
            task = session.get(MarkingTask, candidate, populate_existing=True)
            assert task is not None
            return task
        tried.append(candidate)
    return None


def _try_claim(
    session: Session, task_id: int, grader_id: int, now: datetime, expires: datetime
) -> bool:
    """The conditional UPDATE that makes a claim; False if someone else was quicker or the
    grader already holds the answer's other slot (the unique constraint says so)."""
    try:
        with session.begin_nested():
            result = session.execute(
                update(MarkingTask)
                .where(MarkingTask.id == task_id, is_free(now))
                .values(grader_id=grader_id, claimed_at=now, claim_expires_at=expires)
                .execution_options(synchronize_session=False)
            )
            return result.rowcount == 1
    except IntegrityError:
        return False


def _release_others(
    session: Session, grader_id: int, stage_id: int, keep: int, now: datetime
) -> None:
    """Let the grader's other open claims of the stage expire now (their name stays on them,
    so they are still never given the other slot of those answers while it does)."""
    session.execute(
        update(MarkingTask)
        .where(
            MarkingTask.stage_id == stage_id,
            MarkingTask.grader_id == grader_id,
            MarkingTask.marked_at.is_(None),
            MarkingTask.claim_expires_at > now,
            MarkingTask.id != keep,
        )
        .values(claim_expires_at=now)
        .execution_options(synchronize_session=False)
    )


def left_for(
    session: Session,
    grader_id: int,
    role: Role,
    stage_id: int,
    *,
    question_id: int | None = None,
    now: datetime,
) -> int:
    """How many answers (of the question, or of the stage) this grader could still be given,
    counting the one they hold. An answer whose two slots are both open counts once: a grader
    marks it only once."""
    slots = slots_for(role)
    available = or_(
        is_free(now),
        and_(MarkingTask.grader_id == grader_id, MarkingTask.marked_at.is_(None)),
    )
    answers = (
        select(MarkingTask.attempt_id, MarkingTask.item_no)
        .where(*_scope(stage_id, slots, question_id), available, ~holds_other_slot(grader_id))
        .distinct()
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(answers)) or 0)


def left_by_question(
    session: Session, grader_id: int, role: Role, stage_id: int, *, now: datetime
) -> dict[int, int]:
    """:func:`left_for` for every question of the stage that has marking tasks (0 included)."""
    question_ids = session.scalars(
        select(MarkingTask.question_id)
        .where(MarkingTask.stage_id == stage_id)
        .distinct()
        .order_by(MarkingTask.question_id)
    ).all()
    return {
        qid: left_for(session, grader_id, role, stage_id, question_id=qid, now=now)
        for qid in question_ids
    }


# --------------------------------------------------------------------------- what is shown


@dataclass(frozen=True)
class RubricLine:
    """A scoring point as the marking screen shows it: its text, share and most marks."""

    text: str
    share: Decimal
    max: Decimal
    all_or_nothing: bool


@dataclass(frozen=True)
class PriorMark:
    """One of the two independent marks, as an arbitrator sees it (never who gave it)."""

    score: Decimal
    point_scores: list[str]
    comment: str


@dataclass(frozen=True)
class TaskView:
    """Everything a marker needs for one answer, and nothing about whose it is."""

    task_id: int
    slot: int
    question_id: int
    points: Decimal
    stem_html: str
    reference_html: str
    explanation_html: str
    rubric: list[RubricLine]
    answer_text: str
    #: the two independent marks and the section's threshold, for an arbitrator only
    marks: list[PriorMark]
    threshold: Decimal | None
    claim_expires_at: datetime | None

    @property
    def blank(self) -> bool:
        """The contestant wrote nothing (or only white space)."""
        return not self.answer_text.strip()


def rubric_lines(rubric_json: list[Any], points: Decimal) -> list[RubricLine]:
    """The rubric of a version with each point's most marks on an item worth ``points``."""
    rubric = rubric_from_json(rubric_json)
    maxima = point_maxima([p.share for p in rubric], points)
    return [
        RubricLine(p.text, p.share, m, is_all_or_nothing(m))
        for p, m in zip(rubric, maxima, strict=True)
    ]


def task_view(session: Session, task: MarkingTask) -> TaskView:
    """The blind view of a task: the version of the question the contestant was given, its
    reference answer and rubric, the answer as plain text, and for slot 3 the two marks."""
    item, version, value = session.execute(
        select(PaperItem, QuestionVersion, Answer.value)
        .join(Attempt, Attempt.paper_id == PaperItem.paper_id)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .outerjoin(Answer, and_(Answer.attempt_id == Attempt.id, Answer.item_no == PaperItem.no))
        .where(Attempt.id == task.attempt_id, PaperItem.no == task.item_no)
    ).one()
    marks = []
    threshold = None
    if task.slot in ARBITRATOR_SLOTS:
        stage = session.get(Stage, task.stage_id)
        assert stage is not None
        threshold = section_settings(stage, item.section_index)["arbitration_threshold"]
        marks = [
            PriorMark(t.score, list(t.point_scores or []), t.comment)
            for t in session.scalars(
                select(MarkingTask)
                .where(
                    MarkingTask.attempt_id == task.attempt_id,
                    MarkingTask.item_no == task.item_no,
                    MarkingTask.slot.in_(GRADER_SLOTS),
                    MarkingTask.marked_at.is_not(None),
                )
                .order_by(MarkingTask.slot)
            )
            if t.score is not None
        ]
    return TaskView(
        task_id=task.id,
        slot=task.slot,
        question_id=task.question_id,
        points=item.points,
        stem_html=str(rendered(version).get("stem", "")),
        reference_html=render_markdown(str(version.answer or "")),
        explanation_html=render_markdown(version.explanation or ""),
        rubric=rubric_lines(version.rubric or [], item.points),
        answer_text=value if isinstance(value, str) else "",
        marks=marks,
        threshold=threshold,
        claim_expires_at=task.claim_expires_at,
    )
