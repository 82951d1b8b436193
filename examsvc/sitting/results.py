"""What a contestant may see after results are released: scores per item and the total, and,
when the stage allows review, their marked paper with the keys in the order they saw."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from examsvc.models import Answer, Attempt, ItemScore, Paper, PaperItem, QuestionVersion, Stage
from questionbank.answers import to_shown
from questionbank.grading import theory_score
from questionbank.model import QuestionType


def result_of(session: Session, attempt: Attempt, stage: Stage) -> dict[str, Any]:
    """The released result of an attempt (call only once results are released)."""
    paper = session.get(Paper, attempt.paper_id)
    assert paper is not None
    rows = session.execute(
        select(PaperItem, ItemScore, QuestionVersion, Answer.value)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .outerjoin(
            ItemScore,
            and_(ItemScore.attempt_id == attempt.id, ItemScore.item_no == PaperItem.no),
        )
        .outerjoin(Answer, and_(Answer.attempt_id == attempt.id, Answer.item_no == PaperItem.no))
        .where(PaperItem.paper_id == paper.id)
        .order_by(PaperItem.no)
    ).all()
    items = []
    for item, score, version, value in rows:
        entry: dict[str, Any] = {
            "no": item.no,
            "points": float(item.points),
            "score": float(score.score) if score and score.score is not None else None,
            "final": bool(score and score.final),
        }
        if stage.review_after_release:
            qtype = QuestionType(version.type)
            order = tuple(item.option_order)
            entry["your_answer"] = to_shown(qtype, value, order) if value is not None else None
            entry["key"] = to_shown(qtype, version.answer, order) if qtype.is_objective else None
            entry["explanation"] = version.explanation
        items.append(entry)
    final = attempt.theory_final and attempt.theory_raw is not None
    raw = attempt.theory_raw if final else None
    return {
        "attempt_id": attempt.id,
        "final": final,
        "total": float(raw) if raw is not None else None,
        "full_marks": float(paper.total_points),
        "theory_100": float(theory_score(raw, paper.total_points)) if raw is not None else None,
        "items": items,
    }


def full_marks(paper: Paper) -> Decimal:
    """The paper's full marks."""
    return paper.total_points
