"""Key corrections and regrades (reliability.md 12, 28): a corrected key is a new active
version that no paper follows by itself; the dry run lists every score that would change; the
regrade applies the paper item's frozen points and rule, is audited, and is idempotent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from examsvc.extensions import db
from examsvc.marking import queue
from examsvc.marking.marks import record_mark
from examsvc.models import (
    Attempt,
    AuditRecord,
    ItemScore,
    PaperItem,
    Question,
    QuestionVersion,
    Role,
    Stage,
    User,
)
from examsvc.sitting import services
from tests.factories import make_world

GRACE = timedelta(seconds=3)
# shown keys (item 1 shows B C A D, item 2 shows D C B A) for original answers:
# contestant 0: item 1 A, item 2 ABD, item 3 false; 1: B, AB, true; 2: blank, AC, false
SHOWN = [
    {1: "C", 2: ["D", "C", "A"], 3: False},
    {1: "A", 2: ["D", "C"], 3: True},
    {2: ["D", "B"], 3: False},
]


@pytest.fixture
def sat(app, clock, make_user):
    """Three submitted attempts with their short answers marked (theory scores final)."""
    with app.app_context():
        world = make_world(contestants=3, now=clock.now, double_marking=False)
        grader = make_user("评卷甲", "grader")
        attempts = []
        for ticket, answers in zip(world.tickets, SHOWN, strict=True):
            user = db.session.scalar(select(User).where(User.username == ticket))
            attempt = services.start_attempt(
                db.session, user.id, "prelim", now=clock.now, user_session_id=None, grace=GRACE
            )
            for no, value in answers.items():
                services.save_answer(
                    db.session,
                    attempt.id,
                    user.id,
                    no,
                    value,
                    1,
                    now=clock.now,
                    grace=GRACE,
                    ip="",
                    user_session_id=None,
                )
            services.submit_attempt(
                db.session, attempt, now=clock.now, grace=GRACE, by="contestant"
            )
            attempts.append(attempt.id)
        stage = db.session.get(Stage, world.stage_id)
        while task := queue.claim_next(
            db.session, grader.id, Role.GRADER, stage, now=clock.now, claim_minutes=10
        ):
            record_mark(db.session, task.id, grader.id, Role.GRADER, "2", now=clock.now)
        db.session.commit()
        world.extra["attempts"] = attempts
        return world


def scores(app, no):
    with app.app_context():
        rows = db.session.scalars(
            select(ItemScore).where(ItemScore.item_no == no).order_by(ItemScore.attempt_id)
        ).all()
        return [(r.score, r.source) for r in rows]


def totals(app):
    with app.app_context():
        rows = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
        return [(a.objective_score, a.theory_raw, a.theory_final) for a in rows]


def test_before_any_correction_the_scores_are_as_graded(app, sat):
    assert [s for s, _ in scores(app, 1)] == [Decimal("1.00"), Decimal("0.00"), Decimal("0.00")]
    assert [s for s, _ in scores(app, 2)] == [Decimal("2.00"), Decimal("1.00"), Decimal("0.00")]
    assert totals(app) == [
        (Decimal("3.50"), Decimal("5.50"), True),
        (Decimal("1.00"), Decimal("3.00"), True),
        (Decimal("0.50"), Decimal("2.50"), True),
    ]


def test_correct_key_dry_run_and_apply_from_the_command_line(app, sat, runner):
    q1 = sat.question_ids[0]
    r = runner.invoke(
        args=[
            "marking",
            "correct-key",
            "--question",
            str(q1),
            "--answer",
            "Ｂ",
            "--reason",
            "答案印错",
        ]
    )
    assert r.exit_code == 0, r.output
    assert "version 2" in r.output
    with app.app_context():
        question = db.session.get(Question, q1)
        version = db.session.get(QuestionVersion, question.current_version_id)
        assert (question.status.value, version.number, version.answer, version.note) == (
            "active",
            2,
            "B",
            "key corrected",
        )
        # papers keep their version: nothing changes until the regrade
        pinned = db.session.scalars(select(PaperItem.question_version_id).where(PaperItem.no == 1))
        assert set(pinned) != {question.current_version_id}
        audit = db.session.scalar(
            select(AuditRecord).where(AuditRecord.action == "question.key_corrected")
        )
        assert (audit.old["answer"], audit.new["answer"], audit.reason) == ("A", "B", "答案印错")
    assert [s for s, _ in scores(app, 1)] == [Decimal("1.00"), Decimal("0.00"), Decimal("0.00")]

    dry = runner.invoke(args=["marking", "regrade", "--stage", "prelim"])
    assert dry.exit_code == 0, dry.output
    assert f"{sat.tickets[0]}\titem 1\tquestion {q1} v1→v2\t1.00 → 0.00" in dry.output
    assert f"{sat.tickets[1]}\titem 1\tquestion {q1} v1→v2\t0.00 → 1.00" in dry.output
    assert "2 score(s) would change" in dry.output
    assert scores(app, 1)[0] == (Decimal("1.00"), "auto")  # a dry run writes nothing

    applied = runner.invoke(
        args=["marking", "regrade", "--stage", "prelim", "--apply", "--reason", "更正第1题答案"]
    )
    assert applied.exit_code == 0 and "2 score(s) regraded" in applied.output
    assert scores(app, 1) == [
        (Decimal("0.00"), "regrade"),
        (Decimal("1.00"), "regrade"),
        (Decimal("0.00"), "auto"),
    ]
    assert totals(app) == [
        (Decimal("2.50"), Decimal("4.50"), True),
        (Decimal("2.00"), Decimal("4.00"), True),
        (Decimal("0.50"), Decimal("2.50"), True),
    ]
    with app.app_context():
        audits = db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "regrade.applied")
            .order_by(AuditRecord.id)
        ).all()
        assert [(a.old["score"], a.new["score"], a.reason) for a in audits] == [
            ("1.00", "0.00", "更正第1题答案"),
            ("0.00", "1.00", "更正第1题答案"),
        ]
    again = runner.invoke(args=["marking", "regrade", "--stage", "prelim", "--apply"])
    assert "0 score(s) regraded" in again.output


def test_a_regrade_keeps_the_papers_frozen_rule_and_points(app, sat, make_user):
    admin = app.test_client()
    make_user("主任", "admin")
    csrf = admin.post(
        "/api/v1/auth/login", json={"username": "主任", "password": "password-123"}
    ).get_json()["csrf_token"]
    headers = {"X-CSRFToken": csrf}
    q2 = sat.question_ids[1]
    with app.app_context():  # the blueprint says strict now; the papers were built with partial
        stage = db.session.get(Stage, sat.stage_id)
        stage.blueprint = {**stage.blueprint, "sections": [{}, {"multiple_scoring": "strict"}]}
        db.session.commit()
    r = admin.post(
        f"/api/v1/grading/questions/{q2}/key",
        json={"answer": "A、B、C", "reason": "D 项有争议"},
        headers=headers,
    )
    assert r.status_code == 200 and r.get_json() == {"question_id": q2, "version": 2}
    dry = admin.get(f"/api/v1/grading/stages/prelim/regrade?question={q2}").get_json()
    assert dry["dry_run"] is True
    assert [(c["ticket"], c["old"], c["new"]) for c in dry["changes"]] == [
        (sat.tickets[0], 2.0, 0.0),  # ABD has a wrong key now
        (sat.tickets[2], 0.0, 1.0),  # AC is a right subset now: half of 2 (partial, frozen)
    ]
    assert admin.get("/api/v1/grading/stages/prelim/regrade?question=x").status_code == 400
    r = admin.post(
        "/api/v1/grading/stages/prelim/regrade",
        json={"question": q2, "reason": "更正第2题"},
        headers=headers,
    )
    assert r.status_code == 200 and len(r.get_json()["changes"]) == 2
    assert [s for s, _ in scores(app, 2)] == [Decimal("0.00"), Decimal("1.00"), Decimal("1.00")]
    assert admin.get("/api/v1/grading/stages/prelim/regrade").get_json()["changes"] == []


@pytest.mark.parametrize(
    ("which", "answer", "status"),
    [
        (3, "对", 409),  # the short answer has no key
        (0, "A", 409),  # already the key
        (0, "E", 422),  # not an option
        (0, "", 422),
        (2, "也许", 422),
    ],
)
def test_bad_key_corrections_are_refused_and_change_nothing(
    app, sat, make_user, which, answer, status
):
    admin = app.test_client()
    make_user("主任", "admin")
    csrf = admin.post(
        "/api/v1/auth/login", json={"username": "主任", "password": "password-123"}
    ).get_json()["csrf_token"]
    question = sat.question_ids[which]
    r = admin.post(
        f"/api/v1/grading/questions/{question}/key",
        json={"answer": answer, "reason": "测试"},
        headers={"X-CSRFToken": csrf},
    )
    assert r.status_code == status, r.get_json()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 4
        assert (
            db.session.scalar(
                select(func.count()).where(AuditRecord.action == "question.key_corrected")
            )
            == 0
        )


def test_a_key_correction_needs_a_reason_and_an_admin(app, sat, runner, make_user):
    q1 = sat.question_ids[0]
    r = runner.invoke(
        args=["marking", "correct-key", "--question", str(q1), "--answer", "B", "--reason", " "]
    )
    assert r.exit_code == 1 and "say why" in r.output
    grader = app.test_client()
    make_user("评卷乙", "grader")
    csrf = grader.post(
        "/api/v1/auth/login", json={"username": "评卷乙", "password": "password-123"}
    ).get_json()["csrf_token"]
    r = grader.post(
        f"/api/v1/grading/questions/{q1}/key",
        json={"answer": "B", "reason": "x"},
        headers={"X-CSRFToken": csrf},
    )
    assert r.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == 4
