"""The demo loads its bank through the import path: 327 active questions, drafts by the demo
author, three of them waiting for the reviewer."""

from __future__ import annotations

from sqlalchemy import func, select

from examsvc import create_app, demo
from examsvc.extensions import db
from examsvc.models import Question, User


def test_demo_bank(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k" * 32,
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "demo.db"),
        }
    )
    lines: list[str] = []
    with app.app_context():
        demo.build(echo=lines.append)
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
    assert "question bank: 327 active, 3 waiting for review, 2 drafts" in lines
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/login", json={"username": "reviewer", "password": demo.STAFF_PASSWORD}
    ).get_json()["csrf_token"]
    assert token
    queue = client.get("/api/v1/questions?status=review").get_json()
    assert queue["total"] == 3
    with app.app_context():
        db.engine.dispose()
