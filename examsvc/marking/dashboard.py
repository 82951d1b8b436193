"""The marking dashboard: progress per question, graders compared with their co-markers, and
the stage's theory-score status (final, or pending with the count still unmarked).

Read-only: a few grouped queries, then the pure rules of :mod:`questionbank.marking`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from examsvc.marking.scoring import section_settings
from examsvc.models import (
    Answer,
    Attempt,
    AttemptStatus,
    ItemScore,
    MarkingTask,
    PaperItem,
    Question,
    QuestionVersion,
    Stage,
    User,
)
from questionbank.marking import Agreement, GraderStats, Mark, agreement, grader_stats

LABEL_LENGTH = 40


@dataclass
class QuestionProgress:
    """One question of the stage: its answers by how far their marking has come.

    ``once`` and ``twice`` count answers with one or two independent marks (an answer marked
    twice is also final or awaiting arbitration); ``final`` counts answers whose mark is final.
    """

    question_id: int
    label: str
    answers: int = 0
    unmarked: int = 0
    once: int = 0
    twice: int = 0
    awaiting_arbitration: int = 0
    final: int = 0
    agreement: Agreement = field(default_factory=lambda: Agreement(0, 0))

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API."""
        rate = self.agreement.rate
        return {
            "question_id": self.question_id,
            "label": self.label,
            "answers": self.answers,
            "unmarked": self.unmarked,
            "once": self.once,
            "twice": self.twice,
            "awaiting_arbitration": self.awaiting_arbitration,
            "final": self.final,
            "agreement_pairs": self.agreement.pairs,
            "agreement_rate": float(rate) if rate is not None else None,
        }


@dataclass(frozen=True)
class GraderRow:
    """A grader's figures (:class:`questionbank.marking.GraderStats`) with their name, and how
    many of the answers they marked went to arbitration."""

    name: str
    stats: GraderStats
    arbitrated: int

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API."""
        s = self.stats

        def num(value: Decimal | None) -> float | None:
            return float(value) if value is not None else None

        return {
            "grader": self.name,
            "marks": s.marks,
            "mean": num(s.mean),
            "mean_percent": num(s.mean_percent),
            "paired": s.paired,
            "bias": num(s.bias),
            "spread": num(s.spread),
            "arbitrated": self.arbitrated,
        }


@dataclass(frozen=True)
class TheoryStatus:
    """The stage's theory scores: final for ``final`` submitted attempts, pending for the
    others, with ``unmarked_items`` answers still without a final mark."""

    submitted: int
    final: int
    unmarked_items: int
    in_progress: int

    @property
    def pending(self) -> int:
        """Submitted attempts whose theory score is not final yet."""
        return self.submitted - self.final

    def as_dict(self) -> dict[str, Any]:
        """JSON for the API."""
        return {
            "submitted": self.submitted,
            "final": self.final,
            "pending": self.pending,
            "unmarked_items": self.unmarked_items,
            "in_progress": self.in_progress,
        }


def question_labels(session: Session, question_ids: list[int]) -> dict[int, str]:
    """A short plain label per question: its id and the start of its current stem."""
    rows = session.execute(
        select(Question.id, QuestionVersion.stem)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.id.in_(question_ids))
    ).all()
    labels = {}
    for qid, stem in rows:
        first = " ".join(str(stem).split())
        if len(first) > LABEL_LENGTH:
            first = first[: LABEL_LENGTH - 1] + "…"
        labels[qid] = first
    return labels


def _task_rows(session: Session, stage: Stage, question_id: int | None) -> list[Any]:
    query = (
        select(
            MarkingTask.question_id,
            MarkingTask.attempt_id,
            MarkingTask.item_no,
            MarkingTask.slot,
            MarkingTask.grader_id,
            MarkingTask.score,
            MarkingTask.marked_at,
            PaperItem.section_index,
            PaperItem.points,
            ItemScore.final,
        )
        .join(Attempt, Attempt.id == MarkingTask.attempt_id)
        .join(
            PaperItem,
            and_(PaperItem.paper_id == Attempt.paper_id, PaperItem.no == MarkingTask.item_no),
        )
        .outerjoin(
            ItemScore,
            and_(
                ItemScore.attempt_id == MarkingTask.attempt_id,
                ItemScore.item_no == MarkingTask.item_no,
            ),
        )
        .where(MarkingTask.stage_id == stage.id)
        .order_by(MarkingTask.question_id, MarkingTask.attempt_id, MarkingTask.item_no)
    )
    if question_id is not None:
        query = query.where(MarkingTask.question_id == question_id)
    return list(session.execute(query).all())


def _answers(rows: list[Any]) -> dict[tuple[int, int], dict[str, Any]]:
    """Task rows grouped per answer: question, points, section, final flag, slots."""
    answers: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        answer = answers.setdefault(
            (row.attempt_id, row.item_no),
            {
                "question_id": row.question_id,
                "points": row.points,
                "section": row.section_index,
                "final": bool(row.final),
                "slots": {},
            },
        )
        answer["slots"][row.slot] = row
    return answers


def progress(session: Session, stage: Stage) -> list[QuestionProgress]:
    """Per question of the stage (by id): answers unmarked, marked once, twice, awaiting
    arbitration, final, and the agreement rate of the doubly marked ones."""
    answers = _answers(_task_rows(session, stage, None))
    question_ids = sorted({a["question_id"] for a in answers.values()})
    labels = question_labels(session, question_ids)
    out = {qid: QuestionProgress(qid, labels.get(qid, "")) for qid in question_ids}
    pairs: dict[tuple[int, Decimal], list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for answer in answers.values():
        row = out[answer["question_id"]]
        slots = answer["slots"]
        marked = [slots[s] for s in (1, 2) if s in slots and slots[s].marked_at is not None]
        row.answers += 1
        row.unmarked += not marked
        row.once += len(marked) == 1
        row.twice += len(marked) == 2
        row.awaiting_arbitration += 3 in slots and slots[3].marked_at is None
        row.final += answer["final"]
        if len(marked) == 2:
            threshold = section_settings(stage, answer["section"])["arbitration_threshold"]
            pairs[(answer["question_id"], threshold)].append((marked[0].score, marked[1].score))
    for (qid, threshold), marks in pairs.items():
        counted = agreement(marks, threshold)
        before = out[qid].agreement
        out[qid].agreement = Agreement(before.pairs + counted.pairs, before.agreed + counted.agreed)
    return [out[qid] for qid in question_ids]


def graders(session: Session, stage: Stage, question_id: int | None = None) -> list[GraderRow]:
    """Per grader (of the stage, or of one question): marks given, mean, bias and spread
    against the co-marker, and how many of their answers went to arbitration; by name."""
    answers = _answers(_task_rows(session, stage, question_id))
    marks = []
    arbitrated: dict[int, int] = defaultdict(int)
    for key, answer in answers.items():
        for slot in (1, 2):
            row = answer["slots"].get(slot)
            if row is None or row.marked_at is None or row.grader_id is None:
                continue
            marks.append(Mark(key, row.grader_id, row.score, answer["points"]))
            arbitrated[row.grader_id] += 3 in answer["slots"]
    stats = grader_stats(marks)
    names = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_([s.grader for s in stats]))
        ).all()
    )
    rows = [GraderRow(names.get(s.grader) or "?", s, arbitrated[s.grader]) for s in stats]
    return sorted(rows, key=lambda r: r.name)


def theory_status(session: Session, stage: Stage) -> TheoryStatus:
    """How many submitted attempts of the stage have a final theory score, and how many
    answers still wait for a final mark."""
    submitted, final = session.execute(
        select(func.count(), func.count().filter(Attempt.theory_final.is_(True))).where(
            Attempt.stage_id == stage.id, Attempt.status == AttemptStatus.SUBMITTED
        )
    ).one()
    in_progress = session.scalar(
        select(func.count()).where(
            Attempt.stage_id == stage.id, Attempt.status == AttemptStatus.IN_PROGRESS
        )
    )
    unmarked = session.scalar(
        select(func.count())
        .select_from(ItemScore)
        .join(Attempt, Attempt.id == ItemScore.attempt_id)
        .where(
            Attempt.stage_id == stage.id,
            Attempt.status == AttemptStatus.SUBMITTED,
            ItemScore.final.is_(False),
        )
    )
    return TheoryStatus(int(submitted), int(final), int(unmarked or 0), int(in_progress or 0))


@dataclass(frozen=True)
class FinalAnswer:
    """An answer with a final mark, as an arbitrator reviews it (blind): the handle to re-mark
    it (its slot-1 task), the answer text, every mark given with its comment, the final mark."""

    task_id: int
    answer_text: str
    points: Decimal
    #: (slot, score, comment) in slot order
    marks: list[tuple[int, Decimal | None, str]]
    final: Decimal
    source: str


def final_answers(session: Session, stage: Stage, question_id: int) -> list[FinalAnswer]:
    """The answers to one question of the stage whose mark is final, in the queue's (random)
    order; never whose they are."""
    rows = session.execute(
        select(MarkingTask, ItemScore.score, ItemScore.source, PaperItem.points, Answer.value)
        .join(Attempt, Attempt.id == MarkingTask.attempt_id)
        .join(
            PaperItem,
            and_(PaperItem.paper_id == Attempt.paper_id, PaperItem.no == MarkingTask.item_no),
        )
        .join(
            ItemScore,
            and_(
                ItemScore.attempt_id == MarkingTask.attempt_id,
                ItemScore.item_no == MarkingTask.item_no,
            ),
        )
        .outerjoin(
            Answer,
            and_(
                Answer.attempt_id == MarkingTask.attempt_id, Answer.item_no == MarkingTask.item_no
            ),
        )
        .where(
            MarkingTask.stage_id == stage.id,
            MarkingTask.question_id == question_id,
            ItemScore.final.is_(True),
        )
        .order_by(MarkingTask.attempt_id, MarkingTask.item_no, MarkingTask.slot)
    ).all()
    grouped: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for row in rows:
        grouped[(row[0].attempt_id, row[0].item_no)].append(row)
    out = []
    for answer_rows in grouped.values():
        first = answer_rows[0]
        task, score, source, points, value = first
        out.append(
            (
                task.order_key,
                FinalAnswer(
                    task_id=task.id,
                    answer_text=value if isinstance(value, str) else "",
                    points=points,
                    marks=[(r[0].slot, r[0].score, r[0].comment) for r in answer_rows],
                    final=score,
                    source=source,
                ),
            )
        )
    return [answer for _key, answer in sorted(out, key=lambda pair: pair[0])]
