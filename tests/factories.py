"""Builders for test data through the real services where they exist (bank), and the models
directly where a test needs a precise state (a stage with hand-made papers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from werkzeug.security import generate_password_hash

from examsvc.bank.services import Actor, create_question
from examsvc.extensions import db
from examsvc.models import (
    Contest,
    Contestant,
    Enrolment,
    Paper,
    PaperItem,
    Role,
    Stage,
    User,
)
from questionbank.model import QuestionContent, QuestionStatus, QuestionType, equal_shares

PASSWORD = "exam-pass-123"
_HASH: dict[str, str] = {}


def password_hash(password: str = PASSWORD) -> str:
    if password not in _HASH:
        _HASH[password] = generate_password_hash(password)
    return _HASH[password]


SAMPLE = [
    QuestionContent(
        QuestionType.SINGLE,
        "值班员发现报警信息时，首先应当（　）。",
        ("立即核实报警信息", "关闭报警主机", "离开岗位查看", "忽略并继续值守"),
        "A",
        explanation="接警后首先核实。",
    ),
    QuestionContent(
        QuestionType.MULTIPLE,
        "下列属于技防措施的有（　）。",
        ("视频监控", "入侵报警", "围墙", "出入口控制"),
        ("A", "B", "D"),
        explanation="围墙属于物防。",
    ),
    QuestionContent(QuestionType.TRUEFALSE, "紧急报警装置可以被撤防。", answer=False),
    QuestionContent(
        QuestionType.SHORT,
        "简述报警处置的基本流程。",
        answer="接警、核实、处置、上报、记录。",
        rubric=equal_shares(["接警", "核实", "处置与上报", "记录"]),
    ),
]


def make_questions(
    contents: list[QuestionContent] | None = None, now: datetime | None = None
) -> list[int]:
    """Active questions (through the bank service); returns their ids."""
    now = now or datetime.now(UTC)
    ids = []
    for content in contents or SAMPLE:
        result = create_question(
            db.session,
            content,
            ["area:alarm-handling"],
            actor=Actor(None, Role.ADMIN),
            now=now,
            status=QuestionStatus.ACTIVE,
        )
        ids.append(result.question.id)
    db.session.flush()
    return ids


@dataclass
class World:
    """A contest with one open stage, contestants with papers, and their logins."""

    contest_id: int
    stage_id: int
    stage_code: str
    tickets: list[str]
    question_ids: list[int]
    password: str = PASSWORD
    extra: dict[str, Any] = field(default_factory=dict)


def make_world(
    *,
    contestants: int = 2,
    now: datetime | None = None,
    duration_minutes: int = 60,
    opens_in: timedelta = timedelta(minutes=-10),
    window: timedelta = timedelta(hours=2),
    option_orders: list[str] | None = None,
    points: list[str] | None = None,
    scoring: str = "partial",
    double_marking: bool = True,
    stage_code: str = "prelim",
) -> World:
    """A stage open now (by default) with ``contestants`` enrolled, each with a paper of the
    four SAMPLE questions in this order: single, multiple, truefalse, short."""
    now = now or datetime.now(UTC)
    question_ids = make_questions(now=now)
    contest = Contest(
        code="bspia-test",
        name="测试竞赛",
        timezone="Asia/Shanghai",
        age_reference_date=date(2025, 7, 25),
        created_at=now,
        updated_at=now,
    )
    db.session.add(contest)
    db.session.flush()
    opens = now + opens_in
    stage = Stage(
        contest_id=contest.id,
        code=stage_code,
        ordinal=0,
        name="初赛",
        theory_weight=Decimal("0.3"),
        skill_weight=Decimal("0.7"),
        advance_ratio=Decimal("0.3"),
        advance_rounding="half_up",
        duration_minutes=duration_minutes,
        opens_at=opens,
        closes_at=opens + window,
        blueprint={
            "sections": [
                {"type": "single"},
                {"type": "multiple", "multiple_scoring": scoring},
                {"type": "truefalse"},
                {"type": "short", "double_marking": double_marking, "arbitration_threshold": "1.0"},
            ]
        },
        updated_at=now,
    )
    db.session.add(stage)
    db.session.flush()
    orders = option_orders or ["BCAD", "DCBA", "", ""]
    pts = [Decimal(p) for p in (points or ["1", "2", "0.5", "5"])]
    versions = {}
    from examsvc.models import Question

    for qid in question_ids:
        versions[qid] = db.session.get(Question, qid).current_version_id
    tickets = []
    for n in range(contestants):
        ticket = f"2025010{n:04d}"
        user = User(
            username=ticket,
            role=Role.CONTESTANT,
            password_hash=password_hash(),
            display_name=f"选手{n}",
            created_at=now,
        )
        person = Contestant(
            contest_id=contest.id,
            id_number=f"11010519900101{n:04d}"[:18],
            name=f"选手{n}",
            birth_date=date(1990, 1, 1),
            organisation="北京某物业公司",
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
            total_points=sum(pts),
            item_count=4,
            created_at=now,
        )
        db.session.add(paper)
        db.session.flush()
        for no, (qid, order, p) in enumerate(zip(question_ids, orders, pts, strict=True), start=1):
            db.session.add(
                PaperItem(
                    paper_id=paper.id,
                    no=no,
                    section_index=no - 1,
                    question_id=qid,
                    question_version_id=versions[qid],
                    points=p,
                    option_order=order,
                    scoring=scoring if no == 2 else None,
                )
            )
        tickets.append(ticket)
    db.session.commit()
    return World(contest.id, stage.id, stage_code, tickets, question_ids)


def import_demo_bank(status: QuestionStatus = QuestionStatus.ACTIVE) -> int:
    """Import examsvc/demo/bank.csv through the normal import path; returns the count."""
    from pathlib import Path

    from examsvc.bank.transfer import import_questions
    from questionbank.io.formats import read_bank

    path = Path(__file__).resolve().parents[1] / "examsvc" / "demo" / "bank.csv"
    result = read_bank(path.read_bytes(), path.name)
    report = import_questions(
        db.session, result, actor=Actor(None, Role.ADMIN), now=datetime.now(UTC), status=status
    )
    db.session.flush()
    return report.created


def enrol(
    stage: Stage, count: int, *, start: int = 0, now: datetime | None = None
) -> list[Enrolment]:
    """Enrol ``count`` synthetic contestants (with logins) into ``stage``."""
    now = now or datetime.now(UTC)
    out = []
    for n in range(start, start + count):
        person = (
            db.session.query(Contestant)
            .filter_by(contest_id=stage.contest_id, id_number=f"ID{n:016d}")
            .one_or_none()
        )
        if person is None:
            person = Contestant(
                contest_id=stage.contest_id,
                id_number=f"ID{n:016d}",
                name=f"选手{n}",
                birth_date=date(1990, 1, 1),
                organisation="北京某物业公司",
                created_at=now,
            )
            db.session.add(person)
            db.session.flush()
        ticket = f"{stage.code[0].upper()}{n:05d}"
        user = User(
            username=ticket,
            role=Role.CONTESTANT,
            password_hash=password_hash(),
            display_name=person.name,
            created_at=now,
        )
        db.session.add(user)
        db.session.flush()
        enrolment = Enrolment(
            stage_id=stage.id,
            contestant_id=person.id,
            ticket=ticket,
            user_id=user.id,
            created_at=now,
        )
        db.session.add(enrolment)
        out.append(enrolment)
    db.session.flush()
    return out
