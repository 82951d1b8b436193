"""Scores from a submitted attempt: objective items graded at once, short answers queued for
marking, and the theory score once every item has a final mark."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from examsvc.models import (
    Answer,
    Attempt,
    ItemScore,
    MarkingTask,
    PaperItem,
    QuestionVersion,
    Stage,
)
from questionbank.grading import grade_item
from questionbank.model import QuestionType, answer_from_json


def new_order_key() -> int:
    """A random position in the marking queue (answers are never handed out in the order they
    were submitted)."""
    return secrets.randbelow(2**31)


def section_settings(stage: Stage, section_index: int) -> dict[str, Any]:
    """The blueprint's settings for one section (double marking and threshold for short
    answers); defaults: double marking on, threshold 1.0."""
    sections = (stage.blueprint or {}).get("sections") or []
    section = sections[section_index] if 0 <= section_index < len(sections) else {}
    return {
        "double_marking": bool(section.get("double_marking", True)),
        "arbitration_threshold": Decimal(str(section.get("arbitration_threshold", "1.0"))),
    }


def grade_submission(session: Session, attempt: Attempt, *, now: datetime) -> None:
    """Grade a just-submitted attempt in the submitting transaction.

    Objective items get their final score by the rule frozen into the paper item; each short
    answer gets one marking task per mark it needs (two with double marking), in a random
    order key so graders never see answers in submission order.
    """
    rows = session.execute(
        select(PaperItem, QuestionVersion.type, QuestionVersion.answer, Answer.value)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .outerjoin(Answer, and_(Answer.attempt_id == attempt.id, Answer.item_no == PaperItem.no))
        .where(PaperItem.paper_id == attempt.paper_id)
        .order_by(PaperItem.no)
    ).all()
    stage = session.get(Stage, attempt.stage_id)
    assert stage is not None
    scores, tasks = [], []
    objective = Decimal(0)
    has_short = False
    for item, qtype, key_json, response in rows:
        qtype = QuestionType(qtype)
        if qtype is QuestionType.SHORT:
            has_short = True
            scores.append(_score_row(attempt.id, item.no, None, "marking", False, now))
            slots = (
                (1, 2) if section_settings(stage, item.section_index)["double_marking"] else (1,)
            )
            tasks += [
                {
                    "stage_id": attempt.stage_id,
                    "attempt_id": attempt.id,
                    "item_no": item.no,
                    "question_id": item.question_id,
                    "slot": slot,
                    "order_key": new_order_key(),
                    "point_scores": [],
                    "comment": "",
                }
                for slot in slots
            ]
            continue
        key = answer_from_json(qtype, key_json)
        score = grade_item(qtype, key, response, item.points, item.scoring)
        objective += score
        scores.append(_score_row(attempt.id, item.no, score, "auto", True, now))
    if scores:
        session.execute(insert(ItemScore), scores)
    if tasks:
        session.execute(insert(MarkingTask), tasks)
    values: dict[str, Any] = {"objective_score": objective, "graded_at": now}
    if not has_short:
        values.update(theory_raw=objective, theory_final=True)
    session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for name, value in values.items():
        setattr(attempt, name, value)


def _score_row(
    attempt_id: int, no: int, score: Decimal | None, source: str, final: bool, now: datetime
) -> dict[str, Any]:
    return {
        "attempt_id": attempt_id,
        "item_no": no,
        "score": score,
        "source": source,
        "final": final,
        "updated_at": now,
    }


def refresh_theory_score(session: Session, attempt_id: int) -> bool:
    """Set the attempt's theory score if every item now has a final mark; returns whether it
    is final. Called after a mark becomes final."""
    total, missing = session.execute(
        select(
            func.coalesce(func.sum(ItemScore.score), 0),
            func.count().filter(ItemScore.final.is_(False)),
        ).where(ItemScore.attempt_id == attempt_id)
    ).one()
    final = missing == 0
    session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id)
        .values(theory_raw=Decimal(total) if final else None, theory_final=final)
        .execution_options(synchronize_session=False)
    )
    return final
