"""Building every contestant's paper before the exam, and proving a paper is what its seed says.

Generation, per stage:

1. The stage gets a recorded seed (given, or drawn once from the system's randomness).
2. A run snapshots the pool (every active question's current version with type, difficulty,
   tags and option count) and the blueprint, and feasibility is checked before anything is
   drawn: an infeasible blueprint writes no paper at all and says which section or quota is
   short and by how much.
3. Each enrolled contestant without a paper gets one drawn with ``Random(paper_seed(stage seed,
   ticket))``, excluding the questions they met in the stages listed in ``exclude_used_in``.
   Papers are stored in batches (the caller commits each batch); a paper already built, and
   certainly one already started, is never touched again.

Each paper depends only on its run's pool, the blueprint, its seed and its exclusions (no state
carried from paper to paper), so :func:`verify_paper` can regenerate any one of them and
compare fingerprints byte for byte.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from random import Random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from examsvc.contest.services import blueprint_of
from examsvc.errors import ConflictError, InvalidInputError
from examsvc.models import (
    Enrolment,
    Paper,
    PaperItem,
    PaperRun,
    Question,
    QuestionTag,
    QuestionVersion,
    Stage,
)
from questionbank.assembly import (
    AssemblyError,
    Pool,
    PoolQuestion,
    assemble,
    check_feasibility,
    paper_seed,
)
from questionbank.assembly import Paper as DraftPaper
from questionbank.assembly import PaperItem as DraftItem
from questionbank.blueprint import Blueprint
from questionbank.model import QuestionStatus, QuestionType
from questionbank.problems import N_

BATCH = 200


@dataclass
class Plan:
    """A generation run under way: what to draw from and for whom."""

    stage: Stage
    run: PaperRun
    blueprint: Blueprint
    pool: Pool
    pending: list[Enrolment]
    exposure: Counter[int] = field(default_factory=Counter)

    def batches(self, size: int = BATCH) -> Iterator[list[Enrolment]]:
        """The pending enrolments in batches."""
        for start in range(0, len(self.pending), size):
            yield self.pending[start : start + size]


# --------------------------------------------------------------------------- pool


def current_pool(session: Session) -> list[PoolQuestion]:
    """Every active question's current version as assembly input."""
    tags: dict[int, set[str]] = {}
    for question_id, tag in session.execute(
        select(QuestionTag.question_id, QuestionTag.tag)
        .join(Question, Question.id == QuestionTag.question_id)
        .where(Question.status == QuestionStatus.ACTIVE)
    ):
        tags.setdefault(question_id, set()).add(tag)
    rows = session.execute(
        select(
            QuestionVersion.id,
            Question.id,
            QuestionVersion.type,
            QuestionVersion.difficulty,
            QuestionVersion.options,
        )
        .join(Question, Question.current_version_id == QuestionVersion.id)
        .where(Question.status == QuestionStatus.ACTIVE)
        .order_by(Question.id)
    )
    return [
        PoolQuestion(
            version_id=vid,
            question_id=qid,
            type=QuestionType(qtype),
            difficulty=difficulty,
            tags=frozenset(tags.get(qid, ())),
            option_count=len(options or ()),
        )
        for vid, qid, qtype, difficulty, options in rows
    ]


def pool_to_data(pool: Sequence[PoolQuestion]) -> list[list[object]]:
    """A compact, JSON-able snapshot of a pool."""
    return [
        [q.version_id, q.question_id, q.type.value, q.difficulty, sorted(q.tags), q.option_count]
        for q in pool
    ]


def pool_from_data(data: list[list[object]]) -> Pool:
    """The pool a run recorded."""
    return Pool(
        PoolQuestion(
            version_id=int(v),
            question_id=int(q),
            type=QuestionType(str(t)),
            difficulty=int(d),
            tags=frozenset(tags),
            option_count=int(n),
        )
        for v, q, t, d, tags, n in data  # type: ignore[misc]
    )


def seen_questions(session: Session, enrolment: Enrolment, stage: Stage) -> frozenset[int]:
    """Question ids on the contestant's papers in the stages this stage excludes."""
    codes = list(stage.exclude_used_in or [])
    if not codes:
        return frozenset()
    earlier = select(Stage.id).where(Stage.contest_id == stage.contest_id, Stage.code.in_(codes))
    rows = session.scalars(
        select(PaperItem.question_id)
        .join(Paper, Paper.id == PaperItem.paper_id)
        .join(Enrolment, Enrolment.id == Paper.enrolment_id)
        .where(Enrolment.contestant_id == enrolment.contestant_id, Paper.stage_id.in_(earlier))
    )
    return frozenset(rows)


# --------------------------------------------------------------------------- generation


def prepare(
    session: Session,
    stage: Stage,
    *,
    now: datetime,
    seed: int | None = None,
    actor_id: int | None = None,
) -> Plan:
    """Start a generation run: record the stage seed, snapshot the pool, check feasibility.

    :raises ConflictError: a different seed than the one already recorded for the stage.
    :raises InvalidInputError: the stage has no blueprint.
    :raises AssemblyError: the bank cannot satisfy the blueprint (nothing is written).
    """
    if not stage.blueprint:
        raise InvalidInputError(N_("the stage has no exam blueprint"))
    blueprint = blueprint_of(stage.blueprint)
    if stage.paper_seed is not None and seed is not None and str(seed) != stage.paper_seed:
        raise ConflictError(
            N_("this stage's papers use another seed; a different seed would make them unfair")
        )
    questions = current_pool(session)
    pool = Pool(questions)
    problems = check_feasibility(blueprint, pool)
    if problems:
        raise AssemblyError(problems)
    if stage.paper_seed is None:
        stage.paper_seed = str(seed if seed is not None else secrets.randbits(62))
    run = PaperRun(
        stage_id=stage.id,
        stage_seed=stage.paper_seed,
        blueprint=stage.blueprint,
        blueprint_fingerprint=stage.blueprint_fingerprint,
        pool=pool_to_data(questions),
        actor_id=actor_id,
        created_at=now,
    )
    session.add(run)
    pending = list(
        session.scalars(
            select(Enrolment)
            .outerjoin(Paper, Paper.enrolment_id == Enrolment.id)
            .where(Enrolment.stage_id == stage.id, Paper.id.is_(None))
            .order_by(Enrolment.ticket)
        )
    )
    session.flush()
    return Plan(stage, run, blueprint, pool, pending)


def generate_batch(
    session: Session, plan: Plan, enrolments: list[Enrolment], *, now: datetime
) -> int:
    """Draw and store the papers of ``enrolments`` (the caller commits); returns how many.

    :raises AssemblyError: a contestant's exclusions leave too few questions (the batch writes
        nothing; the message names the ticket).
    """
    papers, items = [], []
    drafts: list[tuple[Enrolment, DraftPaper, int]] = []
    for enrolment in enrolments:
        seed = paper_seed(plan.run.stage_seed, enrolment.ticket)
        excluded = seen_questions(session, enrolment, plan.stage)
        try:
            draft = assemble(plan.blueprint, plan.pool, Random(seed), excluded)
        except AssemblyError as exc:
            raise AssemblyError(
                [p.at(where=f"ticket {enrolment.ticket}") for p in exc.problems]
            ) from exc
        drafts.append((enrolment, draft, seed))
        plan.exposure.update(draft.question_ids)
    for enrolment, draft, seed in drafts:
        papers.append(
            {
                "enrolment_id": enrolment.id,
                "stage_id": plan.stage.id,
                "run_id": plan.run.id,
                "seed": str(seed),
                "fingerprint": draft.fingerprint(),
                "blueprint_fingerprint": plan.run.blueprint_fingerprint,
                "total_points": draft.total_points,
                "item_count": len(draft.items),
                "created_at": now,
            }
        )
    if not papers:
        return 0
    ids = _insert_papers(session, papers)
    for (_enrolment, draft, _seed), paper_id in zip(drafts, ids, strict=True):
        items += [_item_row(paper_id, item) for item in draft.items]
    session.execute(insert(PaperItem), items)
    return len(papers)


def _insert_papers(session: Session, rows: list[dict[str, object]]) -> list[int]:
    table = Paper.__table__
    result = session.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
    )
    return [row[0] for row in result]


def _item_row(paper_id: int, item: DraftItem) -> dict[str, object]:
    return {
        "paper_id": paper_id,
        "no": item.no,
        "section_index": item.section_index,
        "question_id": item.question_id,
        "question_version_id": item.version_id,
        "points": item.points,
        "option_order": "".join(item.option_order),
        "scoring": item.scoring,
    }


# --------------------------------------------------------------------------- audit


#: a run's decoded (blueprint, pool), per run id — built once per verification, not per paper
RunCache = dict[int, tuple[Blueprint, Pool]]


def regenerate(session: Session, paper: Paper, runs: RunCache | None = None) -> DraftPaper:
    """Draw the paper again from its run's pool and blueprint, its seed and its exclusions.

    ``runs`` caches decoded runs across calls (pass one dict when verifying many papers).

    :raises ConflictError: the paper has no recorded run.
    """
    runs = {} if runs is None else runs
    if paper.run_id not in runs:
        run = session.get(PaperRun, paper.run_id) if paper.run_id else None
        if run is None:
            raise ConflictError(N_("this paper has no recorded generation run"))
        runs[run.id] = (blueprint_of(run.blueprint), pool_from_data(run.pool))
    blueprint, pool = runs[paper.run_id]
    enrolment = session.get(Enrolment, paper.enrolment_id)
    stage = session.get(Stage, paper.stage_id)
    assert enrolment is not None and stage is not None
    excluded = seen_questions(session, enrolment, stage)
    return assemble(blueprint, pool, Random(int(paper.seed)), excluded)


def verify_paper(session: Session, paper: Paper, runs: RunCache | None = None) -> bool:
    """Whether regenerating the paper gives exactly the stored one (fingerprint and items)."""
    draft = regenerate(session, paper, runs)
    stored = [
        (
            i.no,
            i.section_index,
            i.question_id,
            i.question_version_id,
            i.points,
            i.option_order,
            i.scoring,
        )
        for i in paper.items
    ]
    drawn = [
        (
            i.no,
            i.section_index,
            i.question_id,
            i.version_id,
            i.points,
            "".join(i.option_order),
            i.scoring,
        )
        for i in draft.items
    ]
    return draft.fingerprint() == paper.fingerprint and stored == drawn


def stage_papers(session: Session, stage: Stage) -> list[Paper]:
    """Every paper of a stage with its items."""
    return list(
        session.scalars(
            select(Paper)
            .where(Paper.stage_id == stage.id)
            .options(selectinload(Paper.items))
            .order_by(Paper.id)
        )
    )


def generation_status(session: Session, stage: Stage) -> dict[str, int]:
    """Enrolled, with paper, missing, started — for the admin page."""
    from sqlalchemy import func

    from examsvc.models import Attempt

    enrolled = session.scalar(select(func.count()).where(Enrolment.stage_id == stage.id)) or 0
    with_paper = session.scalar(select(func.count()).where(Paper.stage_id == stage.id)) or 0
    started = session.scalar(select(func.count()).where(Attempt.stage_id == stage.id)) or 0
    return {
        "enrolled": enrolled,
        "papers": with_paper,
        "missing": enrolled - with_paper,
        "started": started,
    }


def exposure(session: Session, stage: Stage) -> tuple[int, float]:
    """(max, mean) uses per question over the stage's papers."""
    from sqlalchemy import func

    counts = [
        n
        for (n,) in session.execute(
            select(func.count())
            .select_from(PaperItem)
            .join(Paper, Paper.id == PaperItem.paper_id)
            .where(Paper.stage_id == stage.id)
            .group_by(PaperItem.question_id)
        )
    ]
    if not counts:
        return 0, 0.0
    return max(counts), sum(counts) / len(counts)
