"""Reading a stage's results out of the database as the plain data of
:mod:`questionbank.stats.data`.

Only final marks count: an attempt enters the figures once every item of its paper has a final
score (``ItemScore.final``), otherwise it is *pending*. Answers are stored in original option
keys, so they go in as they are, with the paper item's ``option_order`` beside them. A handful of
grouped queries, each reading plain columns (no ORM objects), so 300 contestants × 100 items
load in a fraction of a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.models import (
    Answer,
    Attempt,
    Contestant,
    Enrolment,
    ItemScore,
    MarkingTask,
    Paper,
    PaperItem,
    Question,
    QuestionVersion,
    SkillScore,
    Stage,
    User,
)
from questionbank.model import QuestionType, answer_from_json
from questionbank.stats.data import AttemptResult, ItemResult, Mark, Sitting, StageData


def _key(qtype: QuestionType, value: Any) -> Any:
    if qtype is QuestionType.SHORT:
        return None
    try:
        key = answer_from_json(qtype, value)
    except (TypeError, ValueError):
        return None
    return list(key) if isinstance(key, tuple) else key


def stage_data(session: Session, stage: Stage) -> StageData:
    """The stage's results as plain data: every enrolment with its finally marked paper (or
    none / pending), its skill score, and every short-answer mark."""
    people = session.execute(
        select(Enrolment.id, Enrolment.ticket, Contestant.organisation)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .where(Enrolment.stage_id == stage.id)
        .order_by(Enrolment.ticket)
    ).all()
    attempts = {
        enrolment_id: (attempt_id, paper_id)
        for attempt_id, enrolment_id, paper_id in session.execute(
            select(Attempt.id, Attempt.enrolment_id, Attempt.paper_id).where(
                Attempt.stage_id == stage.id
            )
        )
    }
    full = dict(
        session.execute(
            select(Paper.id, Paper.total_points).where(Paper.stage_id == stage.id)
        ).all()
    )
    versions = {
        vid: (QuestionType(qtype), key, len(options or []))
        for vid, qtype, key, options in session.execute(
            select(
                QuestionVersion.id,
                QuestionVersion.type,
                QuestionVersion.answer,
                QuestionVersion.options,
            ).where(
                QuestionVersion.id.in_(
                    select(PaperItem.question_version_id)
                    .join(Paper, Paper.id == PaperItem.paper_id)
                    .where(Paper.stage_id == stage.id)
                    .distinct()
                )
            )
        )
    }
    keys = {vid: _key(qtype, key) for vid, (qtype, key, _n) in versions.items()}
    items: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    points: dict[tuple[int, int], Decimal] = {}
    # the three big reads (one row per item of every paper) go straight to the connection
    # with table columns: no ORM row processing, which is most of their cost
    conn = session.connection()
    pi, paper, score_t, answer_t, attempt_t = (
        PaperItem.__table__,
        Paper.__table__,
        ItemScore.__table__,
        Answer.__table__,
        Attempt.__table__,
    )
    for row in conn.execute(
        select(
            pi.c.paper_id,
            pi.c.no,
            pi.c.section_index,
            pi.c.question_id,
            pi.c.question_version_id,
            pi.c.points,
            pi.c.option_order,
            pi.c.scoring,
        )
        .join(paper, paper.c.id == pi.c.paper_id)
        .where(paper.c.stage_id == stage.id)
    ):
        items[row[0]].append(tuple(row))
        points[(row[0], row[1])] = row[5]
    scores = {
        (attempt_id, no): (score, final)
        for attempt_id, no, score, final in conn.execute(
            select(score_t.c.attempt_id, score_t.c.item_no, score_t.c.score, score_t.c.final)
            .join(attempt_t, attempt_t.c.id == score_t.c.attempt_id)
            .where(attempt_t.c.stage_id == stage.id)
        )
    }
    answers = {
        (attempt_id, no): value
        for attempt_id, no, value in conn.execute(
            select(answer_t.c.attempt_id, answer_t.c.item_no, answer_t.c.value)
            .join(attempt_t, attempt_t.c.id == answer_t.c.attempt_id)
            .where(attempt_t.c.stage_id == stage.id)
        )
    }
    skills = dict(
        session.execute(
            select(SkillScore.enrolment_id, SkillScore.score)
            .join(Enrolment, Enrolment.id == SkillScore.enrolment_id)
            .where(Enrolment.stage_id == stage.id)
        ).all()
    )
    sittings = []
    for enrolment_id, ticket, organisation in people:
        found = attempts.get(enrolment_id)
        attempt = None
        pending = False
        if found is not None:
            attempt = _attempt(found, items, versions, keys, scores, answers, full)
            pending = attempt is None
        sittings.append(Sitting(ticket, organisation, attempt, skills.get(enrolment_id), pending))
    paper_of = dict(attempts.values())  # attempt id → paper id
    return StageData(
        sittings=tuple(sittings),
        marks=tuple(_marks(session, stage, paper_of, points)),
        theory_weight=stage.theory_weight,
        skill_weight=stage.skill_weight,
    )


def _attempt(
    found: tuple[int, int],
    items: dict[int, list[tuple[Any, ...]]],
    versions: dict[int, tuple[QuestionType, Any, int]],
    keys: dict[int, Any],
    scores: dict[tuple[int, int], tuple[Decimal | None, bool]],
    answers: dict[tuple[int, int], Any],
    full: dict[int, Decimal],
) -> AttemptResult | None:
    """The marked paper, or ``None`` while any item lacks a final mark."""
    attempt_id, paper_id = found
    results = []
    for _paper, no, section, qid, vid, item_points, order, scoring in items.get(paper_id, []):
        score, final = scores.get((attempt_id, no), (None, False))
        if score is None or not final:
            return None
        qtype, _key_json, option_count = versions[vid]
        results.append(
            ItemResult(
                question_id=qid,
                version_id=vid,
                qtype=qtype,
                points=item_points,
                score=score,
                response=answers.get((attempt_id, no)),
                key=keys[vid],
                option_count=option_count,
                option_order=order or "",
                section=section,
                position=no,
                scoring=scoring,
            )
        )
    if not results:
        return None
    return AttemptResult(attempt_id, tuple(results), full[paper_id])


def _marks(
    session: Session,
    stage: Stage,
    paper_of: dict[int, int],
    points: dict[tuple[int, int], Decimal],
) -> list[Mark]:
    rows = session.execute(
        select(
            MarkingTask.attempt_id,
            MarkingTask.item_no,
            MarkingTask.question_id,
            MarkingTask.slot,
            MarkingTask.score,
            func.coalesce(User.display_name, ""),
            func.coalesce(User.username, ""),
        )
        .outerjoin(User, User.id == MarkingTask.grader_id)
        .where(
            MarkingTask.stage_id == stage.id,
            MarkingTask.score.is_not(None),
            MarkingTask.marked_at.is_not(None),
        )
        .order_by(MarkingTask.attempt_id, MarkingTask.item_no, MarkingTask.slot)
    ).all()
    marks = []
    for attempt_id, no, qid, slot, score, display, username in rows:
        item_points = points.get((paper_of.get(attempt_id, -1), no))
        if item_points is None:
            continue
        marks.append(
            Mark((attempt_id, no), qid, item_points, slot, display or username or "?", score)
        )
    return marks


_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|[#*_>`|~\[\]]")
_SPACE = re.compile(r"\s+")


def stem_labels(session: Session, question_ids: list[int], length: int = 40) -> dict[int, str]:
    """The start of each question's current stem as plain text (for tables and tooltips)."""
    if not question_ids:
        return {}
    rows = session.execute(
        select(Question.id, QuestionVersion.stem)
        .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
        .where(Question.id.in_(question_ids))
    ).all()
    out = {}
    for qid, stem in rows:
        text = _SPACE.sub(" ", _MARKUP.sub(" ", stem or "")).strip()
        out[qid] = text if len(text) <= length else text[: length - 1] + "…"
    return out
