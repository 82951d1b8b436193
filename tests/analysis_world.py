"""A finished stage with randomly drawn papers, for the analysis tests.

Papers are drawn here by hand (a random sample of each section's pool per contestant, options
shuffled), like the paper assembly does, from questions of the demo bank loaded through the bank
service. :func:`simulated_stage` then runs :func:`examsvc.demo.simulate.simulate_stage` on it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from examsvc.bank.services import Actor, create_question
from examsvc.extensions import db
from examsvc.models import (
    Contest,
    Contestant,
    Enrolment,
    Paper,
    PaperItem,
    Question,
    Role,
    Stage,
    User,
)
from questionbank.io.spreadsheet import read_spreadsheet
from questionbank.model import OPTION_KEYS, QuestionStatus, QuestionType
from tests.factories import password_hash

BANK = Path(__file__).resolve().parents[1] / "examsvc" / "demo" / "bank.csv"
ORGANISATIONS = [
    "北京保安服务总公司",
    "北京市某物业管理公司",
    "北京某职业技术学院",
    "某区安防监控中心",
    "北京某商业广场",
]
#: (type, items per paper, points, pool size)
SECTIONS = [
    ("single", 12, "1", 20),
    ("multiple", 4, "2", 7),
    ("truefalse", 6, "0.5", 10),
    ("short", 2, "5", 3),
]


@dataclass
class ResultsWorld:
    """A stage whose exam window has closed, with enrolled contestants and their papers."""

    stage_id: int
    stage_code: str
    tickets: list[str]
    question_ids: list[int]
    graders: list[str] = field(default_factory=list)
    password: str = "exam-pass-123"
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def demo_questions() -> dict[str, list[Any]]:
    """The demo bank's questions by type (read once per run)."""
    result = read_spreadsheet(BANK.read_bytes(), BANK.name)
    by_type: dict[str, list[Any]] = {t.value: [] for t in QuestionType}
    for imported in result.questions:
        by_type[imported.question.content.type.value].append(imported.question)
    return by_type


def make_results_world(
    *,
    now: datetime,
    contestants: int = 40,
    sections: list[tuple[str, int, str, int]] | None = None,
    seed: int = 7,
    stage_code: str = "prelim",
    graders: int = 3,
) -> ResultsWorld:
    """A contest whose ``stage_code`` stage closed an hour before ``now``, its question pool,
    ``contestants`` enrolled with random papers, ``graders`` graders and an arbitrator."""
    rng = random.Random(seed)
    sections = sections or SECTIONS
    pools: dict[int, list[int]] = {}
    versions: dict[int, int] = {}
    bank = demo_questions()
    for index, (qtype, _count, _points, pool) in enumerate(sections):
        ids = []
        for question in bank[qtype][:pool]:
            saved = create_question(
                db.session,
                question.content,
                list(question.tags),
                actor=Actor(None, Role.ADMIN),
                now=now,
                status=QuestionStatus.ACTIVE,
            )
            ids.append(saved.question.id)
        pools[index] = ids
    db.session.flush()
    for qid, vid in db.session.query(Question.id, Question.current_version_id):
        versions[qid] = vid
    contest = Contest(
        code="bspia-2025",
        name="2025年第四届安全防范设备值机员职业技能竞赛",
        timezone="Asia/Shanghai",
        age_reference_date=date(2025, 7, 25),
        created_at=now,
        updated_at=now,
    )
    db.session.add(contest)
    db.session.flush()
    opens = now - timedelta(hours=3)
    stage = Stage(
        contest_id=contest.id,
        code=stage_code,
        ordinal=0,
        name="初赛",
        theory_weight=Decimal("0.3"),
        skill_weight=Decimal("0.7"),
        advance_ratio=Decimal("0.3"),
        advance_rounding="half_up",
        duration_minutes=60,
        opens_at=opens,
        closes_at=opens + timedelta(hours=2),
        blueprint={
            "sections": [
                {
                    "type": qtype,
                    "count": count,
                    "points": points,
                    **({"multiple_scoring": "partial"} if qtype == "multiple" else {}),
                    **(
                        {"double_marking": True, "arbitration_threshold": "1.0"}
                        if qtype == "short"
                        else {}
                    ),
                }
                for qtype, count, points, _pool in sections
            ]
        },
        updated_at=now,
    )
    db.session.add(stage)
    db.session.flush()
    options = {
        qid: len(q.options)
        for qid, q in ((qid, db.session.get(Question, qid).current_version) for qid in versions)
    }
    full = sum(Decimal(points) * count for _t, count, points, _p in sections)
    tickets = []
    for n in range(contestants):
        ticket = f"2025{n + 1:06d}"
        user = User(
            username=ticket,
            role=Role.CONTESTANT,
            password_hash=password_hash(),
            display_name=f"选手{n + 1}",
            created_at=now,
        )
        person = Contestant(
            contest_id=contest.id,
            id_number=f"110105199001{n:06d}",
            name=f"选手{n + 1}",
            birth_date=date(1990, 1, 1),
            organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
            created_at=now,
        )
        db.session.add_all([user, person])
        db.session.flush()
        enrolment = Enrolment(
            stage_id=stage.id,
            contestant_id=person.id,
            ticket=ticket,
            user_id=user.id,
            created_at=now,
        )
        db.session.add(enrolment)
        db.session.flush()
        paper = Paper(
            enrolment_id=enrolment.id,
            stage_id=stage.id,
            seed=f"seed-{n}",
            fingerprint="f" * 64,
            blueprint_fingerprint="b" * 64,
            total_points=full,
            item_count=sum(count for _t, count, _p, _pool in sections),
            created_at=now,
        )
        db.session.add(paper)
        db.session.flush()
        no = 0
        for index, (qtype, count, points, _pool) in enumerate(sections):
            for qid in rng.sample(pools[index], count):
                no += 1
                order = ""
                if qtype in ("single", "multiple"):
                    keys = list(OPTION_KEYS[: options[qid]])
                    rng.shuffle(keys)
                    order = "".join(keys)
                db.session.add(
                    PaperItem(
                        paper_id=paper.id,
                        no=no,
                        section_index=index,
                        question_id=qid,
                        question_version_id=versions[qid],
                        points=Decimal(points),
                        option_order=order,
                        scoring="partial" if qtype == "multiple" else None,
                    )
                )
        tickets.append(ticket)
    names = []
    for g in range(graders):
        names.append(f"grader{g + 1}")
        db.session.add(
            User(
                username=f"grader{g + 1}",
                role=Role.GRADER,
                password_hash=password_hash(),
                display_name=f"裁判{g + 1}",
                created_at=now,
            )
        )
    db.session.add(
        User(
            username="arbiter",
            role=Role.ARBITRATOR,
            password_hash=password_hash(),
            display_name="仲裁",
            created_at=now,
        )
    )
    db.session.commit()
    return ResultsWorld(
        stage.id, stage_code, tickets, sorted(versions), names, extra={"contest_id": contest.id}
    )


def simulated_stage(*, now: datetime, seed: int = 7, **kwargs: Any) -> tuple[ResultsWorld, Any]:
    """:func:`make_results_world` and its simulated sitting, marking and skill scores."""
    from examsvc.demo.simulate import simulate_stage

    world = make_results_world(now=now, seed=seed, **kwargs)
    stage = db.session.get(Stage, world.stage_id)
    report = simulate_stage(db.session, stage, random.Random(seed), now)
    db.session.commit()
    return world, report


CONTEST_FILE = Path(__file__).resolve().parents[1] / "docs" / "contest.example.toml"


def demo_contest_prelim(
    *, now: datetime, contestants: int = 40, seed: int = 2025
) -> tuple[ResultsWorld, Any]:
    """The demo contest as ``examsvc demo`` would build it, through the real services: the demo
    bank imported as active questions, ``docs/contest.example.toml`` loaded, ``contestants``
    enrolled in its prelim (July 2025, long closed), their papers generated by the paper
    assembly, and the sitting simulated. Returns the world and the simulation report."""
    from examsvc.bank.transfer import import_questions
    from examsvc.contest import papers
    from examsvc.contest.services import load_contest
    from examsvc.demo.simulate import simulate_stage
    from questionbank.contestfile import parse_contest

    result = read_spreadsheet(BANK.read_bytes(), BANK.name)
    import_questions(
        db.session, result, actor=Actor(None, Role.ADMIN), now=now, status=QuestionStatus.ACTIVE
    )
    load_contest(db.session, parse_contest(CONTEST_FILE.read_text(encoding="utf-8")), now=now)
    stage = db.session.scalar(
        db.select(Stage).where(Stage.code == "prelim").order_by(Stage.id.desc())
    )
    tickets = []
    for n in range(contestants):
        ticket = f"2025{n + 1:06d}"
        user = User(
            username=ticket,
            role=Role.CONTESTANT,
            password_hash=password_hash(),
            display_name=f"选手{n + 1}",
            created_at=now,
        )
        person = Contestant(
            contest_id=stage.contest_id,
            id_number=f"110105199001{n:06d}",
            name=f"选手{n + 1}",
            birth_date=date(1990, 1, 1),
            organisation=ORGANISATIONS[n % len(ORGANISATIONS)],
            created_at=now,
        )
        db.session.add_all([user, person])
        db.session.flush()
        db.session.add(
            Enrolment(
                stage_id=stage.id,
                contestant_id=person.id,
                ticket=ticket,
                user_id=user.id,
                created_at=now,
            )
        )
        tickets.append(ticket)
    for g in range(3):
        db.session.add(
            User(
                username=f"grader{g + 1}",
                role=Role.GRADER,
                password_hash=password_hash(),
                display_name=f"裁判{g + 1}",
                created_at=now,
            )
        )
    db.session.add(
        User(
            username="arbiter",
            role=Role.ARBITRATOR,
            password_hash=password_hash(),
            display_name="仲裁",
            created_at=now,
        )
    )
    db.session.flush()
    plan = papers.prepare(db.session, stage, now=now, seed=seed)
    for batch in plan.batches():
        papers.generate_batch(db.session, plan, batch, now=now)
    db.session.flush()
    report = simulate_stage(db.session, stage, random.Random(seed), now)
    db.session.commit()
    question_ids = sorted(db.session.scalars(db.select(Question.id)))
    return ResultsWorld(
        stage.id, "prelim", tickets, question_ids, ["grader1", "grader2", "grader3"]
    ), report
