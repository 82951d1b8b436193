"""The demo contest, mid-way: the prelim is over, the semi-final is being sat right now.

* **prelim** (a month ago): 150 contestants from the demo roster sat the exam (simulated with a
  plausible ability model), their short answers were double-marked and arbitrated, skill scores
  came in, the ranking was published and the top 30% advanced.
* **semi** (open now): the advancers have papers; about half of them have already submitted
  (their short answers wait for the graders), the rest can log in and sit the exam now.
* **final** (in two weeks): configured, nobody enrolled yet.

Everything goes through the services a real contest uses (contest file, roster import, paper
assembly, sitting, ranking, publication, advancement), so every page shows real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from examsvc.contest import papers
from examsvc.contest.services import load_contest
from examsvc.demo.people import load_demo_people
from examsvc.demo.simulate import simulate_stage, sit_enrolments
from examsvc.models import Enrolment, Stage
from examsvc.ranking.advancement import advance
from examsvc.ranking.publication import publish
from examsvc.ranking.services import stage_ranking
from examsvc.ranking.ties import resolve_tie
from questionbank.contestfile import parse_contest

CONTEST_FILE = Path(__file__).with_name("contest.toml")
SEED = 2025


@dataclass
class Story:
    """What the demo built: tickets and passwords to print."""

    waiting: list[tuple[str, str, str]]  # (ticket, name, password) of semi-finalists not started
    submitted: int
    prelim_contestants: int
    advanced: int


def demo_spec(now: datetime):
    """The demo contest file with its dates moved around ``now`` (Beijing time)."""
    spec = parse_contest(CONTEST_FILE.read_text(encoding="utf-8"))
    zone = ZoneInfo(spec.timezone)
    today = now.astimezone(zone).date()

    def at(day_offset: int, hour: int) -> datetime:
        return datetime.combine(today + timedelta(days=day_offset), time(hour), zone)

    windows = {
        "prelim": (at(-30, 9), at(-30, 11)),
        # opened two hours ago: the early birds have finished, the rest can still sit it
        "semi": (now - timedelta(hours=2), now + timedelta(hours=3)),
        "final": (at(14, 9), at(14, 11)),
    }
    stages = tuple(
        replace(s, exam=replace(s.exam, opens_at=windows[s.code][0], closes_at=windows[s.code][1]))
        for s in spec.stages
    )
    return replace(
        spec,
        stages=stages,
        registration_opens=today - timedelta(days=60),
        registration_closes=today + timedelta(days=7),
        age_reference_date=spec.age_reference_date,
        name=spec.name,
    )


def _stage(session: Session, code: str) -> Stage:
    stage = session.scalar(select(Stage).where(Stage.code == code).order_by(Stage.id.desc()))
    assert stage is not None
    return stage


def _generate(session: Session, stage: Stage, now: datetime) -> None:
    plan = papers.prepare(session, stage, now=now, seed=SEED)
    for batch in plan.batches():
        papers.generate_batch(session, plan, batch, now=now)


def _settle_ties(session: Session, stage: Stage, now: datetime) -> None:
    """The arbitrator's orders for exact ties (rare): the demo records one per tie group."""
    for group in stage_ranking(session, stage).ranking.ties:
        resolve_tie(
            session,
            stage,
            sorted(group),
            "演示数据：仲裁组按现场复核结果确定先后顺序",
            actor_id=None,
            now=now,
        )


def _mark_a_few(session: Session, stage: Stage, attempts: list, *, now: datetime) -> None:
    """Graders 1 and 2 have already double-marked the short answers of a few semi-final
    attempts; on two answers they disagree beyond the threshold, so the arbitrator has work."""
    from decimal import Decimal

    from examsvc.demo.simulate import give_mark
    from examsvc.models import MarkingTask, Role, User

    graders = list(
        session.scalars(
            select(User.id).where(User.username.in_(["grader1", "grader2"])).order_by(User.username)
        )
    )
    tasks = session.scalars(
        select(MarkingTask)
        .where(MarkingTask.attempt_id.in_([a.id for a in attempts]), MarkingTask.slot < 3)
        .order_by(MarkingTask.attempt_id, MarkingTask.item_no, MarkingTask.slot)
    ).all()
    disagreements = 0
    for n, task in enumerate(tasks):
        grader = graders[task.slot - 1]
        mark = Decimal("3.5") if task.slot == 1 else Decimal("3")
        if task.slot == 2 and disagreements < 2 and n % 5 == 1:
            mark, disagreements = Decimal("1"), disagreements + 1
        give_mark(session, task.id, grader, Role.GRADER, mark, now)


def build_story(session: Session, *, now: datetime, secret: str) -> Story:
    """Build the demo contest through the real services (flushes; the caller commits)."""
    rng = random.Random(SEED)
    load_contest(session, demo_spec(now), now=now)
    prelim, semi = _stage(session, "prelim"), _stage(session, "semi")
    report = load_demo_people(session, prelim, secret=secret, now=now - timedelta(days=40))
    _generate(session, prelim, now - timedelta(days=31))
    simulate_stage(session, prelim, rng, prelim.closes_at + timedelta(days=2))
    _settle_ties(session, prelim, now - timedelta(days=25))
    publish(
        session,
        prelim,
        names="masked",
        note="初赛成绩公示",
        actor_id=None,
        now=now - timedelta(days=25),
    )
    advanced = advance(session, prelim, secret=secret, actor_id=None, now=now - timedelta(days=25))
    _generate(session, semi, now - timedelta(days=3))
    enrolled = list(
        session.scalars(
            select(Enrolment).where(Enrolment.stage_id == semi.id).order_by(Enrolment.ticket)
        )
    )
    early = enrolled[: len(enrolled) // 2]
    attempts = sit_enrolments(session, semi, early, rng, now=now)
    _mark_a_few(session, semi, attempts[:6], now=now - timedelta(minutes=10))
    passwords = {cred.ticket: cred.password for _old, cred in advanced.enrolled}
    waiting = [
        (e.ticket, e.contestant.name, passwords.get(e.ticket, ""))
        for e in enrolled[len(enrolled) // 2 :]
    ]
    return Story(waiting, len(early), len(report.enrolled), len(enrolled))
