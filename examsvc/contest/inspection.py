"""What admins see of a stage's papers: the list, and the answer key of any one paper.

The answer key holds everything a contestant must never see (reliability 13): the original
question and version behind each item, the option order, the key both in the keys the
contestant saw and in the question's own keys, the rubric and the explanation. Only the admin
pages call this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from examsvc.bank.services import rendered
from examsvc.contest.papers import stage_papers, verify_paper
from examsvc.errors import ConflictError, NotFoundError
from examsvc.models import (
    Attempt,
    Contestant,
    Enrolment,
    Paper,
    PaperItem,
    QuestionTag,
    QuestionVersion,
    Stage,
)
from questionbank.answers import BadAnswerError, to_shown
from questionbank.model import OPTION_KEYS, QuestionType, rubric_from_json
from questionbank.problems import N_, ValidationError


@dataclass(frozen=True)
class PaperRow:
    """A paper in the stage's list."""

    paper_id: int
    ticket: str
    name: str
    fingerprint: str
    #: built from the blueprint the stage has now
    current: bool
    started: bool


def paper_rows(
    session: Session, stage: Stage, *, page: int = 1, per_page: int = 100
) -> tuple[list[PaperRow], int]:
    """One page of the stage's papers by ticket, and the number of papers in all."""
    total = session.scalar(select(func.count()).where(Paper.stage_id == stage.id)) or 0
    rows = session.execute(
        select(
            Paper.id,
            Enrolment.ticket,
            Contestant.name,
            Paper.fingerprint,
            Paper.blueprint_fingerprint,
            Attempt.id,
        )
        .join(Enrolment, Enrolment.id == Paper.enrolment_id)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .outerjoin(Attempt, Attempt.paper_id == Paper.id)
        .where(Paper.stage_id == stage.id)
        .order_by(Enrolment.ticket)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    ).all()
    return [
        PaperRow(pid, ticket, name, fp, bfp == stage.blueprint_fingerprint, attempt is not None)
        for pid, ticket, name, fp, bfp, attempt in rows
    ], total


@dataclass(frozen=True)
class Verification:
    """Every paper of a stage regenerated from its run and seed: ``(paper id, ticket)`` of
    those that differ, and of those that cannot be regenerated (no recorded run)."""

    total: int
    mismatched: list[tuple[int, str]]
    unverifiable: list[tuple[int, str]]


def verify_stage(session: Session, stage: Stage) -> Verification:
    """Regenerate and compare every paper of the stage (reads only)."""
    tickets: dict[int, str] = dict(
        session.execute(
            select(Paper.id, Enrolment.ticket)
            .join(Enrolment, Enrolment.id == Paper.enrolment_id)
            .where(Paper.stage_id == stage.id)
        ).all()
    )
    mismatched, unverifiable = [], []
    stored = stage_papers(session, stage)
    runs: dict = {}
    for paper in stored:
        try:
            same = verify_paper(session, paper, runs)
        except (ConflictError, ValidationError):
            unverifiable.append((paper.id, tickets.get(paper.id, "")))
            continue
        if not same:
            mismatched.append((paper.id, tickets.get(paper.id, "")))
    return Verification(len(stored), mismatched, unverifiable)


def stage_paper(session: Session, stage: Stage, paper_id: int) -> tuple[Paper, Enrolment]:
    """A paper of this stage with its enrolment.

    :raises NotFoundError: no such paper in the stage.
    """
    row = session.execute(
        select(Paper, Enrolment)
        .join(Enrolment, Enrolment.id == Paper.enrolment_id)
        .where(Paper.id == paper_id, Paper.stage_id == stage.id)
    ).first()
    if row is None:
        raise NotFoundError(N_("no such paper in this stage"))
    return row[0], row[1]


def first_paper_id(session: Session, stage: Stage) -> int | None:
    """The paper of the lowest ticket (the sample paper), or ``None`` without papers."""
    return session.scalar(
        select(Paper.id)
        .join(Enrolment, Enrolment.id == Paper.enrolment_id)
        .where(Paper.stage_id == stage.id)
        .order_by(Enrolment.ticket)
        .limit(1)
    )


@dataclass(frozen=True)
class KeyOption:
    """An option as shown (``shown`` key, display order) with its original key."""

    shown: str
    original: str
    html: str
    correct: bool


@dataclass(frozen=True)
class KeyItem:
    """One item of a paper with its answer key (admins only)."""

    no: int
    section_index: int
    type: str
    points: Decimal
    scoring: str | None
    question_id: int
    version_id: int
    version_number: int
    difficulty: int
    tags: list[str]
    source: str
    option_order: str
    stem_html: str
    options: list[KeyOption]
    #: the key in the keys the contestant saw ("B", ["A", "C"], True, reference text)
    key_shown: Any
    #: the key in the question's own keys
    key_original: Any
    rubric: list[dict[str, Any]]
    explanation: str


def _shown_key(qtype: QuestionType, answer: Any, order: str) -> Any:
    if not qtype.is_choice:
        return answer
    try:
        return to_shown(qtype, answer, tuple(order))
    except (BadAnswerError, ValueError):
        return None  # an order that does not fit the version: shown as unknown, never guessed


def answer_key(session: Session, paper: Paper) -> list[KeyItem]:
    """Every item of ``paper`` with its key, rubric and explanation, in display order."""
    rows = session.execute(
        select(PaperItem, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(PaperItem.paper_id == paper.id)
        .order_by(PaperItem.no)
    ).all()
    tags: dict[int, list[str]] = {}
    for question_id, tag in session.execute(
        select(QuestionTag.question_id, QuestionTag.tag)
        .where(QuestionTag.question_id.in_({item.question_id for item, _ in rows}))
        .order_by(QuestionTag.tag)
    ):
        tags.setdefault(question_id, []).append(tag)
    items = []
    for item, version in rows:
        qtype = QuestionType(version.type)
        html = rendered(version)
        option_html = list(html.get("options", []))
        original = version.answer
        correct = set(original if isinstance(original, list) else [original])
        options = [
            KeyOption(
                shown=OPTION_KEYS[shown],
                original=key,
                html=str(option_html[OPTION_KEYS.index(key)]),
                correct=key in correct,
            )
            for shown, key in enumerate(item.option_order)
            if key in OPTION_KEYS and OPTION_KEYS.index(key) < len(option_html)
        ]
        items.append(
            KeyItem(
                no=item.no,
                section_index=item.section_index,
                type=qtype.value,
                points=item.points,
                scoring=item.scoring,
                question_id=item.question_id,
                version_id=version.id,
                version_number=version.number,
                difficulty=version.difficulty,
                tags=tags.get(item.question_id, []),
                source=version.source or "",
                option_order=item.option_order,
                stem_html=str(html.get("stem", "")),
                options=options,
                key_shown=_shown_key(qtype, original, item.option_order),
                key_original=original,
                rubric=[
                    {
                        "text": point.text,
                        "share": point.share,
                        "points": (point.share * item.points).quantize(Decimal("0.01")),
                    }
                    for point in rubric_from_json(version.rubric)
                ],
                explanation=version.explanation or "",
            )
        )
    return items
