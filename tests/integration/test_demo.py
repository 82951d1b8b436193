"""The demo builds from nothing (migrations included), rebuilds, and every staff login works."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from examsvc import create_app, demo
from examsvc.errors import ConflictError
from examsvc.extensions import db
from examsvc.models import User


@pytest.fixture
def demo_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k" * 32,
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "demo.db"),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_demo_builds_and_rebuilds(demo_app):
    with demo_app.app_context():
        logins = demo.build(echo=lambda _m: None)
        roles = {login.role for login in logins}
        assert {"admin", "author", "reviewer", "grader", "arbitrator", "proctor"} <= roles
        demo.build(echo=lambda _m: None)  # an earlier demo is replaced without --reset
        assert db.session.scalar(select(User).where(User.username == "admin")) is not None
    client = demo_app.test_client()
    for login in logins:
        r = client.post(
            "/api/v1/auth/login", json={"username": login.username, "password": login.password}
        )
        assert r.status_code == 200 and r.get_json()["role"] == login.role
        client.post("/api/v1/auth/logout", headers={"X-CSRFToken": r.get_json()["csrf_token"]})
    text = demo.describe_logins(logins, "http://127.0.0.1:5000/")
    assert "http://127.0.0.1:5000/" in text and "admin" in text


def test_demo_refuses_foreign_data_without_reset(demo_app):
    from flask_migrate import upgrade

    with demo_app.app_context():
        upgrade(directory=demo_app.extensions["migrate"].directory)
        from datetime import UTC, datetime

        from examsvc.auth.services import create_user

        create_user(db.session, "real-admin", "admin", "password-123", now=datetime.now(UTC))
        db.session.commit()
        with pytest.raises(ConflictError):
            demo.build(echo=lambda _m: None)
        assert db.session.scalar(select(User).where(User.username == "real-admin")) is not None
        demo.build(reset=True, echo=lambda _m: None)
        assert db.session.scalar(select(User).where(User.username == "real-admin")) is None
