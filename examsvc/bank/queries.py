"""Finding questions: filters, pages, and coverage counts per tag facet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from examsvc.models import Question, QuestionTag, QuestionVersion
from questionbank.model import QuestionStatus, QuestionType


@dataclass(frozen=True)
class BankFilter:
    """What the bank list is narrowed to. Empty fields do not filter."""

    types: tuple[QuestionType, ...] = ()
    statuses: tuple[QuestionStatus, ...] = ()
    #: every tag listed must be present
    tags: tuple[str, ...] = ()
    difficulty_min: int | None = None
    difficulty_max: int | None = None
    #: substring of the stem (or a question id)
    text: str = ""
    ids: tuple[int, ...] = field(default=())
    #: only questions flagged by the results statistics; the caller resolves them into ``ids``
    #: (examsvc.analysis.web.with_flagged): unresolved, nothing matches
    flagged: bool = False


@dataclass(frozen=True)
class Page:
    """One page of results."""

    items: list[Question]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def filtered(flt: BankFilter) -> Select:
    """The ids of the questions matching ``flt`` (a subquery-able select)."""
    query = select(Question.id).join(
        QuestionVersion, QuestionVersion.id == Question.current_version_id
    )
    if flt.types:
        query = query.where(Question.type.in_(flt.types))
    if flt.statuses:
        query = query.where(Question.status.in_(flt.statuses))
    for tag in flt.tags:
        query = query.where(
            Question.id.in_(select(QuestionTag.question_id).where(QuestionTag.tag == tag))
        )
    if flt.difficulty_min is not None:
        query = query.where(QuestionVersion.difficulty >= flt.difficulty_min)
    if flt.difficulty_max is not None:
        query = query.where(QuestionVersion.difficulty <= flt.difficulty_max)
    if flt.ids or flt.flagged:
        query = query.where(Question.id.in_(flt.ids))
    text = flt.text.strip()
    if text:
        needle = f"%{text.lower()}%"
        clauses = [func.lower(QuestionVersion.stem).like(needle)]
        if text.isdigit():
            clauses.append(Question.id == int(text))
        query = query.where(or_(*clauses))
    return query


def search(session: Session, flt: BankFilter, *, page: int = 1, per_page: int = 50) -> Page:
    """A page of matching questions, newest first, with versions and tags loaded."""
    ids = filtered(flt).subquery()
    total = session.scalar(select(func.count()).select_from(ids)) or 0
    page = max(1, page)
    items = list(
        session.scalars(
            select(Question)
            .where(Question.id.in_(select(ids.c.id)))
            .options(selectinload(Question.current_version), selectinload(Question.tag_rows))
            .order_by(Question.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return Page(items, total, page, per_page)


def all_matching(session: Session, flt: BankFilter) -> list[Question]:
    """Every matching question (for export), oldest first."""
    ids = filtered(flt).subquery()
    return list(
        session.scalars(
            select(Question)
            .where(Question.id.in_(select(ids.c.id)))
            .options(selectinload(Question.current_version), selectinload(Question.tag_rows))
            .order_by(Question.id)
        )
    )


def facet_counts(session: Session, flt: BankFilter) -> dict[str, dict[str, int]]:
    """How many matching questions carry each tag, grouped by facet:
    ``{"area": {"alarm-handling": 38, …}, …}`` — an author's coverage at a glance."""
    ids = filtered(flt).subquery()
    rows = session.execute(
        select(QuestionTag.tag, func.count())
        .where(QuestionTag.question_id.in_(select(ids.c.id)))
        .group_by(QuestionTag.tag)
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for tag, n in rows:
        facet, _, value = tag.partition(":")
        counts[facet][value] = n
    return {facet: dict(sorted(values.items())) for facet, values in sorted(counts.items())}


def type_status_counts(session: Session, flt: BankFilter) -> dict[tuple[str, str], int]:
    """Matching questions counted by (type, status)."""
    ids = filtered(flt).subquery()
    rows = session.execute(
        select(Question.type, Question.status, func.count())
        .where(Question.id.in_(select(ids.c.id)))
        .group_by(Question.type, Question.status)
    )
    return {(t.value, s.value): n for t, s, n in rows}


def known_tags(session: Session) -> list[str]:
    """Every tag in use (for suggestions in the editor)."""
    return list(session.scalars(select(QuestionTag.tag).distinct().order_by(QuestionTag.tag)))
