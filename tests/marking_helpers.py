"""Builders for marking tests: submitted attempts with short answers, logged-in markers, and
the identity strings that must never reach a marker."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from examsvc.extensions import db
from examsvc.marking.scoring import grade_submission
from examsvc.models import (
    Answer,
    Attempt,
    AttemptStatus,
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
from examsvc.sitting import services
from questionbank.model import QuestionContent, QuestionType, equal_shares
from tests.factories import make_questions, password_hash

GRACE = timedelta(seconds=3)


def submit_short_answers(world: Any, answers: list[str | None], *, now: datetime) -> list[int]:
    """Each contestant of ``world`` (tests.factories.make_world) starts, answers item 1 with
    the original key A, writes ``answers[i]`` for the short item 4 (``None``: leaves it blank)
    and submits, through the sitting services. Returns the attempt ids."""
    ids = []
    for ticket, text in zip(world.tickets, answers, strict=True):
        user = db.session.scalar(select(User).where(User.username == ticket))
        attempt = services.start_attempt(
            db.session, user.id, world.stage_code, now=now, user_session_id=None, grace=GRACE
        )
        # item 1 shows B C A D: the shown key "C" is the original "A" (the right answer)
        saves = [(1, "C")] + ([(4, text)] if text is not None else [])
        for no, value in saves:
            services.save_answer(
                db.session,
                attempt.id,
                user.id,
                no,
                value,
                1,
                now=now,
                grace=GRACE,
                ip="",
                user_session_id=None,
            )
        services.submit_attempt(db.session, attempt, now=now, grace=GRACE, by="contestant")
        ids.append(attempt.id)
    db.session.commit()
    return ids


def identity_strings(stage_id: int) -> list[str]:
    """Every name, ticket, ID number, organisation, room and seat of the stage's contestants."""
    rows = db.session.execute(
        select(Enrolment, Contestant)
        .join(Contestant, Contestant.id == Enrolment.contestant_id)
        .where(Enrolment.stage_id == stage_id)
    ).all()
    values = set()
    for enrolment, person in rows:
        values.update(
            {
                enrolment.ticket,
                enrolment.room,
                enrolment.seat,
                person.name,
                person.id_number,
                person.organisation,
            }
        )
    return sorted(v for v in values if v)


def leaks(shown: Any, identities: list[str]) -> list[str]:
    """The identity strings that occur in ``shown``: a page's text, or a JSON body (searched
    with its non-ASCII text unescaped, as a person would read it)."""
    text = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
    return [value for value in identities if value in text]


def marker(app: Any, make_user: Any, name: str, role: str = "grader") -> Any:
    """A logged-in API client for a new staff account, with ``.csrf``."""
    make_user(name, role, display_name=name)
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/login", json={"username": name, "password": "password-123"}
    )
    assert response.status_code == 200, response.get_json()
    client.csrf = response.get_json()["csrf_token"]
    return client


def next_task(client: Any, stage: str = "prelim", **params: Any) -> Any:
    """``GET /api/v1/grading/next``; the response."""
    query = {"stage": stage, **params}
    return client.get("/api/v1/grading/next", query_string=query)


def mark(client: Any, task_id: int, score: Any, comment: str = "", **extra: Any) -> Any:
    """``POST /api/v1/grading/tasks/{id}``; the response."""
    return client.post(
        f"/api/v1/grading/tasks/{task_id}",
        json={"score": score, "comment": comment, **extra},
        headers={"X-CSRFToken": client.csrf},
    )


# --------------------------------------------------------------------------- many answers


@dataclass
class Crowd:
    """A stage with many submitted attempts of two short items each, built by direct inserts."""

    stage_id: int
    stage_code: str
    attempt_ids: list[int]
    identities: list[str] = field(default_factory=list)


SHORTS = [
    QuestionContent(
        QuestionType.SHORT,
        "简述视频监控系统出现“黑屏”时值机员的处置步骤。",
        answer="检查供电、检查线路、切换备用、上报记录。",
        rubric=equal_shares(["检查供电", "检查线路", "切换备用", "上报记录"]),
    ),
    QuestionContent(
        QuestionType.SHORT,
        "简述值机交接班应交接的内容。",
        answer="设备状态、未处理警情、值班记录。",
        rubric=equal_shares(["设备状态", "未处理警情", "值班记录"]),
    ),
]


def build_crowd(
    attempts: int, *, now: datetime | None = None, double_marking: bool = True
) -> Crowd:
    """``attempts`` submitted attempts at a two-item paper of short answers (5 points each),
    every answer a distinct text, graded (marking tasks made) by the real grade_submission."""
    now = now or datetime.now(UTC)
    question_ids = make_questions(SHORTS, now=now)
    versions = {
        q.id: q.current_version_id
        for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids)))
    }
    contest = Contest(
        code="crowd",
        name="并发阅卷测试",
        age_reference_date=date(2025, 7, 25),
        created_at=now,
        updated_at=now,
    )
    db.session.add(contest)
    db.session.flush()
    section = {"type": "short", "double_marking": double_marking, "arbitration_threshold": "1.0"}
    stage = Stage(
        contest_id=contest.id,
        code="crowd",
        ordinal=0,
        name="并发",
        theory_weight=Decimal("0.3"),
        skill_weight=Decimal("0.7"),
        advance_ratio=Decimal("0.3"),
        duration_minutes=60,
        opens_at=now - timedelta(hours=2),
        closes_at=now - timedelta(minutes=30),
        blueprint={"sections": [section, dict(section)]},
        updated_at=now,
    )
    db.session.add(stage)
    db.session.flush()
    hashed = password_hash()
    users = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "username": f"T9{n:05d}",
                "display_name": f"考生{n:05d}号",
                "role": Role.CONTESTANT,
                "password_hash": hashed,
                "created_at": now,
            }
            for n in range(attempts)
        ],
    ).all()
    people = db.session.scalars(
        insert(Contestant).returning(Contestant.id, sort_by_parameter_order=True),
        [
            {
                "contest_id": contest.id,
                "id_number": f"1101051990{n:08d}",
                "name": f"姓名{n:05d}",
                "birth_date": date(1990, 1, 1),
                "organisation": f"第{n:05d}物业公司",
                "created_at": now,
            }
            for n in range(attempts)
        ],
    ).all()
    enrolments = db.session.scalars(
        insert(Enrolment).returning(Enrolment.id, sort_by_parameter_order=True),
        [
            {
                "stage_id": stage.id,
                "contestant_id": people[n],
                "ticket": f"T9{n:05d}",
                "user_id": users[n],
                "room": f"考场{n % 7:02d}",
                "seat": f"座位{n:05d}",
                "created_at": now,
            }
            for n in range(attempts)
        ],
    ).all()
    papers = db.session.scalars(
        insert(Paper).returning(Paper.id, sort_by_parameter_order=True),
        [
            {
                "enrolment_id": enrolments[n],
                "stage_id": stage.id,
                "seed": f"s{n}",
                "fingerprint": "f" * 64,
                "blueprint_fingerprint": "b" * 64,
                "total_points": Decimal(10),
                "item_count": 2,
                "created_at": now,
            }
            for n in range(attempts)
        ],
    ).all()
    db.session.execute(
        insert(PaperItem),
        [
            {
                "paper_id": papers[n],
                "no": no,
                "section_index": no - 1,
                "question_id": qid,
                "question_version_id": versions[qid],
                "points": Decimal(5),
                "option_order": "",
                "scoring": None,
            }
            for n in range(attempts)
            for no, qid in enumerate(question_ids, start=1)
        ],
    )
    attempt_ids = db.session.scalars(
        insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
        [
            {
                "enrolment_id": enrolments[n],
                "paper_id": papers[n],
                "stage_id": stage.id,
                "status": AttemptStatus.SUBMITTED,
                "started_at": now - timedelta(hours=1),
                "deadline": now - timedelta(minutes=30),
                "submitted_at": now - timedelta(minutes=31),
                "submitted_by": "contestant",
                "theory_final": False,
            }
            for n in range(attempts)
        ],
    ).all()
    db.session.execute(
        insert(Answer),
        [
            {
                "attempt_id": attempt_ids[n],
                "item_no": no,
                "value": f"答案{n:05d}-{no}：检查供电，检查线路，上报。",
                "seq": 1,
                "saved_at": now - timedelta(minutes=40),
            }
            for n in range(attempts)
            for no in (1, 2)
        ],
    )
    for attempt in db.session.scalars(select(Attempt).where(Attempt.id.in_(attempt_ids))):
        grade_submission(db.session, attempt, now=now)
    db.session.commit()
    crowd = Crowd(stage.id, stage.code, list(attempt_ids))
    crowd.identities = identity_strings(stage.id)
    return crowd
