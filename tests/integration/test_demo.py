"""The demo builds from nothing (migrations included), rebuilds, and every role finds real work.

The demo always runs on SQLite (it is the first-run experience), so these tests run in the
SQLite pass only.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from examsvc import create_app, demo
from examsvc.errors import ConflictError
from examsvc.extensions import db
from examsvc.models import Attempt, MarkingTask, Question, RankingPublication, User

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("EXAMSVC_TEST_DATABASE_URL")), reason="the demo is SQLite's"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 32, "DATABASE_URL": f"sqlite:///{path}"})
    with app.app_context():
        logins = demo.build(echo=lambda _m: None)
    yield app, logins
    with app.app_context():
        db.engine.dispose()


def login(app, login_):
    client = app.test_client()
    r = client.post(
        "/api/v1/auth/login", json={"username": login_.username, "password": login_.password}
    )
    assert r.status_code == 200 and r.get_json()["role"] == login_.role, (login_, r.get_json())
    client.csrf = r.get_json()["csrf_token"]
    return client


def by_role(logins, role):
    return next(item for item in logins if item.role == role)


def test_every_role_can_log_in_and_finds_its_work(built):
    app, logins = built
    assert {x.role for x in logins} == {
        "admin",
        "author",
        "reviewer",
        "grader",
        "arbitrator",
        "proctor",
        "contestant",
    }
    pages = {
        "admin": ["/contest/", "/ranking/prelim/", "/analysis/prelim", "/proctor/semi"],
        "author": ["/bank/"],
        "reviewer": ["/bank/review"],
        "proctor": ["/proctor/semi"],
        "arbitrator": ["/ranking/prelim/"],
    }
    for role, urls in pages.items():
        client = login(app, by_role(logins, role))
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, (role, url, r.status_code)
            assert '<html lang="zh-CN">' in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) >= 327
        assert db.session.scalar(select(func.count()).select_from(RankingPublication)) == 1
        waiting = db.session.scalar(select(func.count()).where(MarkingTask.marked_at.is_(None)))
        assert waiting > 0  # the graders have semi-final answers to mark
        assert db.session.scalar(select(func.count()).select_from(Attempt)) > 100
    # a semi-finalist can start the exam that is open now
    contestant = login(app, by_role(logins, "contestant"))
    r = contestant.post("/api/v1/exams/semi/start", headers={"X-CSRFToken": contestant.csrf})
    assert r.status_code == 200 and len(r.get_json()["items"]) == 79
    # the published prelim results are public
    public = app.test_client().get("/results/bspia-2025/prelim")
    assert public.status_code == 200 and "初赛" in public.get_data(as_text=True)
    text = demo.describe_logins(logins, "http://127.0.0.1:5000/")
    assert "http://127.0.0.1:5000/" in text and "contestant" in text


def test_demo_bank_through_the_import_path(built):
    app, _logins = built
    with app.app_context():
        by_status = dict(
            db.session.execute(
                select(Question.status, func.count()).group_by(Question.status)
            ).all()
        )
        assert {s.value: n for s, n in by_status.items()} == {
            "active": 327,
            "draft": 2,
            "review": 3,
        }
        author = db.session.scalar(select(User.id).where(User.username == "author"))
        waiting = db.session.scalars(select(Question).where(Question.status == "review")).all()
        assert {q.created_by_id for q in waiting} == {author}
        db.session.rollback()
    client = app.test_client()
    client.post(
        "/api/v1/auth/login", json={"username": "reviewer", "password": demo.STAFF_PASSWORD}
    )
    assert client.get("/api/v1/questions?status=review").get_json()["total"] == 3


def test_rebuild_replaces_an_earlier_demo_and_refuses_other_data(built):
    app, _logins = built
    with app.app_context():
        demo.build(echo=lambda _m: None)  # an earlier demo is replaced without --reset
        from examsvc.auth.services import create_user

        db.session.query(demo.SiteSetting).delete()
        create_user(db.session, "real-admin", "admin", "password-123", now=datetime.now(UTC))
        db.session.commit()
        with pytest.raises(ConflictError):
            demo.build(echo=lambda _m: None)
        assert db.session.scalar(select(User).where(User.username == "real-admin")) is not None
