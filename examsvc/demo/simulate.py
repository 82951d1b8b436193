"""Simulated results for the demo: a finished stage with plausible answers, marks and skill
scores, so the analysis page has something real to show.

:func:`simulate_stage` sits every enrolled contestant who has a paper (a few stay away), through
the real services: ``start_attempt``, ``save_answer`` with the keys the contestant saw (the
service maps them back to original keys), ``submit_attempt`` (which grades the objective items
and queues the short answers). Short answers are then marked by two graders from the pool with
their own leniency, an occasional disagreement beyond the section's threshold goes to an
arbitrator, and final marks are written with an audit record per mark (the marking services
are not part of this build, so the rows and their audit records are written here, shaped as
that service writes them). Skill scores follow ability and go through the skills service.

How contestants answer (a 2PL-like model with a few deliberately bad questions) is
:mod:`examsvc.demo.answer_model`.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from examsvc.demo.answer_model import (
    ItemModel,
    SimItem,
    answer,
    half_mark,
    item_models,
    know,
)
from examsvc.errors import ConflictError
from examsvc.marking.marks import record_mark
from examsvc.marking.scoring import section_settings
from examsvc.models import (
    Attempt,
    Contestant,
    Enrolment,
    MarkingTask,
    Paper,
    PaperItem,
    QuestionVersion,
    Role,
    SkillScore,
    Stage,
    User,
)
from examsvc.ranking.skills import record_skills
from examsvc.sitting import services as sitting
from questionbank.answers import to_shown
from questionbank.grading import combine_marks
from questionbank.io.skills import SkillRow
from questionbank.model import QuestionType
from questionbank.problems import N_

REASON = "demo simulation"


@dataclass
class SimulationReport:
    """What a simulation wrote."""

    attempts: int = 0
    absent: int = 0
    marks: int = 0
    arbitrated: int = 0
    skill_scores: int = 0
    #: kind → the question ids made deliberately bad that way
    bad_items: dict[str, list[int]] = field(default_factory=dict)


def simulate_stage(
    session: Session,
    stage: Stage,
    rng: random.Random,
    now: datetime,
    *,
    grace: timedelta = timedelta(seconds=5),
) -> SimulationReport:
    """Sit, submit and mark the stage's exam for every enrolment with a paper and no attempt
    yet, and record skill scores for those without one (module docstring). Flushes, never
    commits.

    :raises ConflictError: the stage's exam window has not closed by ``now``, or short answers
        need marking and fewer than two active graders exist.
    """
    if now < stage.closes_at:
        raise ConflictError(N_("only a stage whose exam window has closed can be simulated"))
    rows = session.execute(
        select(Enrolment, Paper.id, Contestant.organisation)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .outerjoin(Paper, Paper.enrolment_id == Enrolment.id)
        .outerjoin(Attempt, Attempt.enrolment_id == Enrolment.id)
        .where(Enrolment.stage_id == stage.id, Attempt.id.is_(None))
        .order_by(Enrolment.ticket)
    ).all()
    items_by_paper = _paper_items(session, [paper_id for _, paper_id, _ in rows if paper_id])
    all_items = [item for items in items_by_paper.values() for item in items]
    models, bad = item_models(all_items, rng)
    graders = list(
        session.scalars(
            select(User.id).where(User.role == Role.GRADER, User.is_active).order_by(User.username)
        )
    )
    arbitrator = session.scalar(
        select(User.id).where(User.role == Role.ARBITRATOR, User.is_active).order_by(User.username)
    )
    if any(i.qtype is QuestionType.SHORT for i in all_items) and len(graders) < 2:
        raise ConflictError(N_("simulated marking needs at least two active graders"))
    leniency = {g: (0.5 if n == 0 else rng.gauss(0, 0.15)) for n, g in enumerate(graders)}
    org_effect: dict[str, float] = {}
    report = SimulationReport(bad_items=bad)
    abilities: dict[int, float] = {}
    submitted: list[Attempt] = []
    for enrolment, paper_id, organisation in rows:
        if organisation not in org_effect:
            org_effect[organisation] = rng.gauss(0, 0.35)
        theta = rng.gauss(0, 1) + org_effect[organisation]
        abilities[enrolment.id] = theta
        if paper_id is None or rng.random() < 0.03:
            report.absent += 1
            continue
        attempt = _sit(
            session, stage, enrolment, items_by_paper[paper_id], models, theta, rng, grace
        )
        submitted.append(attempt)
        report.attempts += 1
    fractions = {
        (attempt.id, item.no): know(abilities[attempt.enrolment_id], models[item.question_id])
        for attempt in submitted
        for item in items_by_paper[attempt.paper_id]
        if item.qtype is QuestionType.SHORT
    }
    _mark(
        session,
        stage,
        fractions,
        items_by_paper,
        submitted,
        graders,
        leniency,
        arbitrator,
        rng,
        now,
        report,
    )
    _skills(
        session,
        stage,
        [e for e, _, _ in rows],
        abilities,
        {a.enrolment_id for a in submitted},
        rng,
        now,
        report,
    )
    session.flush()
    return report


def sit_enrolments(
    session: Session,
    stage: Stage,
    enrolments: list[Enrolment],
    rng: random.Random,
    *,
    now: datetime,
    grace: timedelta = timedelta(seconds=5),
) -> list[Attempt]:
    """Sit and submit the exam for some enrolments of a stage that is still open (their short
    answers are left for the graders). The sittings start in the first quarter hour of the
    window, so ``now`` must be well past the opening plus the duration.

    :raises ConflictError: the window opened too recently for a whole sitting to be over.
    """
    if stage.opens_at + timedelta(minutes=stage.duration_minutes + 15) > now:
        raise ConflictError(N_("the window opened too recently to simulate finished sittings"))
    paper_ids = dict(
        session.execute(
            select(Paper.enrolment_id, Paper.id).where(
                Paper.enrolment_id.in_([e.id for e in enrolments])
            )
        ).all()
    )
    items_by_paper = _paper_items(session, list(paper_ids.values()))
    models, _bad = item_models([i for items in items_by_paper.values() for i in items], rng)
    attempts = []
    for enrolment in enrolments:
        paper_id = paper_ids.get(enrolment.id)
        if paper_id is None:
            continue
        theta = rng.gauss(0.8, 0.7)  # semi-finalists are the stronger third
        attempts.append(
            _sit(session, stage, enrolment, items_by_paper[paper_id], models, theta, rng, grace)
        )
    session.flush()
    return attempts


def _paper_items(session: Session, paper_ids: list[int]) -> dict[int, list[SimItem]]:
    out: dict[int, list[SimItem]] = defaultdict(list)
    if not paper_ids:
        return out
    for item, qtype, key, options, difficulty in session.execute(
        select(
            PaperItem,
            QuestionVersion.type,
            QuestionVersion.answer,
            QuestionVersion.options,
            QuestionVersion.difficulty,
        )
        .join(QuestionVersion, QuestionVersion.id == PaperItem.question_version_id)
        .where(PaperItem.paper_id.in_(paper_ids))
        .order_by(PaperItem.paper_id, PaperItem.no)
    ):
        qtype = QuestionType(qtype)
        out[item.paper_id].append(
            SimItem(
                no=item.no,
                question_id=item.question_id,
                qtype=qtype,
                key=tuple(key) if qtype is QuestionType.MULTIPLE else key,
                options=len(options or []),
                order=item.option_order,
                points=item.points,
                section=item.section_index,
                difficulty=difficulty,
            )
        )
    return out


def _sit(
    session: Session,
    stage: Stage,
    enrolment: Enrolment,
    items: list[SimItem],
    models: dict[int, ItemModel],
    theta: float,
    rng: random.Random,
    grace: timedelta,
) -> Attempt:
    window = (stage.closes_at - stage.opens_at).total_seconds()
    started = stage.opens_at + timedelta(seconds=rng.uniform(0, min(900.0, window / 4)))
    attempt = sitting.start_attempt(
        session, enrolment.user_id, stage.code, now=started, user_session_id=None, grace=grace
    )
    span = (attempt.deadline - started).total_seconds()
    for item in items:
        value = answer(item, models[item.question_id], theta, rng)
        if value is None:
            continue
        shown = to_shown(item.qtype, value, tuple(item.order))
        at = started + timedelta(seconds=span * rng.uniform(0.05, 0.8))
        sitting.save_answer(
            session,
            attempt.id,
            enrolment.user_id,
            item.no,
            shown,
            1,
            now=at,
            grace=grace,
            ip="",
            user_session_id=None,
        )
    finished = started + timedelta(seconds=span * rng.uniform(0.85, 0.99))
    sitting.submit_attempt(session, attempt, now=finished, grace=grace, by="contestant")
    return attempt


def give_mark(
    session: Session, task_id: int, marker: int, role: Role, mark: Decimal, now: datetime
) -> None:
    """A mark through the marking service, as if ``marker`` had claimed the answer and marked
    it (the service combines the two marks, opens arbitration and writes the audit)."""
    session.execute(
        update(MarkingTask)
        .where(MarkingTask.id == task_id, MarkingTask.marked_at.is_(None))
        .values(grader_id=marker, claimed_at=now, claim_expires_at=now + timedelta(minutes=10))
        .execution_options(synchronize_session=False)
    )
    record_mark(session, task_id, marker, role, mark, REASON, now=now)


def _mark(
    session: Session,
    stage: Stage,
    fractions: dict[tuple[int, int], float],
    items_by_paper: dict[int, list[SimItem]],
    attempts: list[Attempt],
    graders: list[int],
    leniency: dict[int, float],
    arbitrator: int | None,
    rng: random.Random,
    now: datetime,
    report: SimulationReport,
) -> None:
    tasks: dict[tuple[int, int, int], MarkingTask] = {
        (t.attempt_id, t.item_no, t.slot): t
        for t in session.scalars(
            select(MarkingTask).where(
                MarkingTask.attempt_id.in_([a.id for a in attempts]), MarkingTask.slot < 3
            )
        )
    }
    for attempt in attempts:
        for item in items_by_paper[attempt.paper_id]:
            if item.qtype is not QuestionType.SHORT:
                continue
            settings = section_settings(stage, item.section)
            truth = float(item.points) * min(
                1.0, max(0.0, fractions[(attempt.id, item.no)] + rng.gauss(0, 0.1))
            )
            slots = (1, 2) if settings["double_marking"] else (1,)
            pair = rng.sample(graders, len(slots))
            marks = [half_mark(truth + leniency[g] + rng.gauss(0, 0.35), item.points) for g in pair]
            threshold = settings["arbitration_threshold"]
            if len(marks) == 2 and rng.random() < 0.06:
                jump = threshold + Decimal("0.5") + Decimal(rng.choice([0, 1])) / 2
                up = marks[0] + jump <= item.points
                marks[1] = marks[0] + jump if up else max(Decimal(0), marks[0] - jump)
            for slot, grader, mark in zip(slots, pair, marks, strict=True):
                give_mark(
                    session, tasks[(attempt.id, item.no, slot)].id, grader, Role.GRADER, mark, now
                )
                report.marks += 1
            if len(marks) == 2 and combine_marks(marks[0], marks[1], threshold) is None:
                # beyond the threshold: the service opened an arbitration task
                arbitration = session.scalar(
                    select(MarkingTask.id).where(
                        MarkingTask.attempt_id == attempt.id,
                        MarkingTask.item_no == item.no,
                        MarkingTask.slot == 3,
                    )
                )
                if arbitrator is not None and arbitration is not None:
                    give_mark(
                        session,
                        arbitration,
                        arbitrator,
                        Role.ARBITRATOR,
                        half_mark(truth, item.points),
                        now,
                    )
                    report.arbitrated += 1
        session.flush()


def _skills(
    session: Session,
    stage: Stage,
    enrolments: list[Enrolment],
    abilities: dict[int, float],
    sat: set[int],
    rng: random.Random,
    now: datetime,
    report: SimulationReport,
) -> None:
    """Skill scores following ability, through the skills service (audited like an import)."""
    have = set(
        session.scalars(
            select(SkillScore.enrolment_id).where(
                SkillScore.enrolment_id.in_([e.id for e in enrolments])
            )
        )
    )
    rows = []
    for enrolment in enrolments:
        if enrolment.id in have or rng.random() > (0.98 if enrolment.id in sat else 0.3):
            continue
        theta = abilities[enrolment.id]
        value = 72 + 12 * (0.75 * theta + 0.66 * rng.gauss(0, 1))
        score = Decimal(str(round(min(99.5, max(5.0, value)), 1))).quantize(Decimal("0.01"))
        rows.append(SkillRow(len(rows) + 2, enrolment.ticket, score))
    if rows:
        record_skills(session, stage, rows, batch=REASON, actor_id=None, now=now)
    report.skill_scores += len(rows)
